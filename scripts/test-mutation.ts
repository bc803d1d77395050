/**
 * `npm run test:mutation [module...] [--concurrency=N]`: mutation testing with StrykerJS, one Stryker run per module
 * of scripts/mutation/modules.ts (all of them, or those named), then one score line per module read
 * from the JSON reports. A benchmark-like script, not part of `npm test`: it takes minutes per module.
 *
 * Stryker's tap runner spawns `node` for each test file; the pinned Node (this process's) goes first
 * on PATH so the mutants run where the tests do, with TypeScript stripped natively (no checker, no
 * build). Incremental: a rerun only tests mutants whose code or tests changed since the last report.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Stryker } from '@stryker-mutator/core';
import type { PartialStrykerOptions } from '@stryker-mutator/api/core';
import { mutationModules, type MutationModule } from './mutation/modules.ts';
import { printMutationSummary, reportDir } from './mutation/summary.ts';

process.env.PATH = `${dirname(process.execPath)}:${process.env.PATH ?? ''}`;
// Stryker's coverage hook, loaded by ./mutation/main-thread-hook.cjs in the main thread only.
process.env.STRYKER_TAP_HOOK = join(
  dirname(fileURLToPath(import.meta.resolve('@stryker-mutator/tap-runner'))),
  'setup',
  'hook.cjs',
);
const mainThreadHook = join(import.meta.dirname, 'mutation', 'main-thread-hook.cjs');

function strykerOptions(module: MutationModule): PartialStrykerOptions {
  return {
    mutate: module.mutate,
    ...(module.runner === 'tap'
      ? {
          testRunner: 'tap',
          plugins: ['@stryker-mutator/tap-runner'],
          // Node 23+ prints spec by default even into a pipe; Stryker reads TAP.
          tap: {
            testFiles: module.testFiles,
            // The runner prepends `-r {{hookFile}}` unless an argument names it: here the
            // process title does, and the hook itself comes in through main-thread-hook.cjs.
            nodeArgs: [
              '--title=stryker {{hookFile}}',
              '-r',
              mainThreadHook,
              '--test-reporter=tap',
              '--test-timeout=120000',
            ],
            forceBail: true,
          },
        }
      : {
          testRunner: 'jest',
          plugins: ['@stryker-mutator/jest-runner'],
          // jest.config.js with only the routing core's root (not the components').
          jest: {
            projectType: 'custom',
            configFile: 'jest.config.js',
            config: { roots: ['<rootDir>/lib/routing'], collectCoverage: false },
            enableFindRelatedTests: false,
          },
        }),
    checkers: [],
    disableTypeChecks: true,
    coverageAnalysis: module.coverageAnalysis,
    concurrency,
    timeoutMS: 30_000,
    timeoutFactor: 2,
    incremental: true,
    incrementalFile: join(reportDir, `${module.name}.incremental.json`),
    reporters: ['clear-text', 'json', 'progress'],
    jsonReporter: { fileName: join(reportDir, `${module.name}.json`) },
    clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
    tempDirName: '.stryker-tmp',
    // The sandbox is a copy of the project: leave out build output and run artifacts.
    ignorePatterns: [
      'dist',
      'coverage',
      'test-artifacts',
      'preview/dist',
      'channelkit-runs',
      '.localorg',
      '.sfdx',
      '.sf',
      'reports',
      'force-app/**/lwc/**/*.js',
      '!force-app/**/lwc/**/__tests__/**/*.js',
    ],
  };
}

// `--concurrency=N` (default 2): fewer test processes on a machine other work shares.
const concurrencyFlag = process.argv.find((a) => a.startsWith('--concurrency='));
const concurrency = concurrencyFlag ? Number(concurrencyFlag.split('=')[1]) : 2;
if (!Number.isInteger(concurrency) || concurrency < 1) {
  console.error(`--concurrency must be a whole number of at least 1: ${concurrencyFlag}`);
  process.exit(2);
}
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--concurrency='));
const unknown = wanted.filter((name) => !mutationModules.some((m) => m.name === name));
if (unknown.length > 0) {
  const known = mutationModules.map((m) => m.name).join(', ');
  console.error(`Unknown module(s): ${unknown.join(', ')}. Modules: ${known}`);
  process.exit(2);
}
const modules =
  wanted.length > 0 ? mutationModules.filter((m) => wanted.includes(m.name)) : mutationModules;

for (const module of modules) {
  console.log(`\n=== mutation testing: ${module.name} (${module.mutate.join(', ')}) ===`);
  await new Stryker(strykerOptions(module)).runMutationTest();
}
const belowTarget = printMutationSummary(modules.map((m) => m.name));
process.exitCode = belowTarget > 0 ? 1 : 0;
