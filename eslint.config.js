import { createRequire } from 'node:module';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const require = createRequire(import.meta.url);
const lwcConfig = require('@salesforce/eslint-config-lwc');

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'coverage/',
      'artifacts/',
      '.sfdx/',
      '.sf/',
      '.localorg/',
      'preview/dist/',
      'test-artifacts/',
      // Build output of the component TypeScript.
      'force-app/**/lwc/**/*.js',
      // Build output of the packaged CLI (npm run build:cli).
      'dist/',
      '.dist-*/',
      // StrykerJS's sandboxes (copies of the project) and reports (npm run test:mutation).
      '.stryker-tmp/',
      'reports/',
    ],
  },
  {
    files: ['force-app/**/lwc/**/*.ts'],
    extends: [...lwcConfig.configs.recommendedTs, ...tseslint.configs.recommended],
    languageOptions: { parser: tseslint.parser },
    // TypeScript checks names; ESLint's no-undef misfires on interfaces and types.
    rules: { 'no-undef': 'off' },
  },
  {
    // The browser preview's shell and stubs are Lightning web components and browser modules.
    files: ['preview/src/**/*.ts'],
    extends: [...lwcConfig.configs.recommendedTs, ...tseslint.configs.recommended],
    languageOptions: { parser: tseslint.parser, globals: globals.browser },
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['force-app/**/__tests__/**/*.ts'],
    languageOptions: { globals: { ...globals.jest, ...globals.node } },
  },
  {
    files: [
      'lib/**/*.ts',
      'scripts/**/*.ts',
      'test/**/*.ts',
      'bench/**/*.ts',
      'localorg/**/*.ts',
      'preview/*.ts',
    ],
    extends: [...tseslint.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  {
    // The routing core's Jest tests (sfdx-lwc-jest runs them with the components' tests).
    files: ['lib/**/__tests__/**/*.ts'],
    languageOptions: { globals: { ...globals.jest, ...globals.node } },
  },
  {
    files: ['types/**/*.d.ts'],
    extends: [...tseslint.configs.recommended],
    // Mixins and wire adapters are declared as the platform types them, with any.
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
  {
    // The channelkit command's entry point: plain JavaScript that any Node can start.
    files: ['bin/*.js'],
    languageOptions: { globals: globals.node },
  },
);
