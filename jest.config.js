import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

/**
 * Unit tests: sfdx-lwc-jest runs each __tests__/*.test.ts against its .ts source, for the
 * components (force-app) and the routing core (lib/routing, with its shared vectors).
 */
export default {
  ...jestConfig,
  roots: ['<rootDir>/force-app', '<rootDir>/lib/routing'],
  setupFilesAfterEnv: [...(jestConfig.setupFilesAfterEnv ?? []), '<rootDir>/jest.setup.js'],
  // Coverage is measured on the TypeScript sources; the compiled .js beside them is build output.
  collectCoverageFrom: [
    'force-app/**/lwc/**/*.ts',
    '!force-app/**/lwc/**/__tests__/**',
    '!force-app/**/*.d.ts',
    'lib/routing/**/*.ts',
    '!lib/routing/**/__tests__/**',
  ],
  coverageReporters: ['text-summary', 'lcov'],
  coverageThreshold: {
    global: { statements: 90, branches: 85, functions: 90, lines: 90 },
  },
  testTimeout: 30000,
};
