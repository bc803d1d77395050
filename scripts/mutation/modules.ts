/**
 * The modules mutation testing covers: those where a wrong answer costs data. Each is mutated
 * against only the few test files that exercise it, so a run stays affordable: Stryker's tap runner
 * starts one Node process per test file per mutant.
 */
export interface MutationModule {
  /** A short name: the report files are reports/mutation/<name>.json. */
  name: string;
  /** Stryker `mutate` patterns (globs, or `file:startLine-endLine` to cut a large file). */
  mutate: string[];
  /**
   * `tap`: node test files (`node --test` files run one by one). `jest`: the routing core's Jest
   * tests (lib/routing/__tests__), run in-process by Stryker's jest runner.
   */
  runner: 'tap' | 'jest';
  /** The node test files run against each mutant (tap only). */
  testFiles: string[];
  /**
   * `perTest`: run only the test files that reach a mutant. `off`: run them all for each mutant,
   * for code the tests run in a child process (the channelkit CLI), where Stryker's coverage hook
   * is not loaded and every mutant would wrongly count as not covered.
   */
  coverageAnalysis: 'perTest' | 'off';
}

export const mutationModules: MutationModule[] = [
  {
    name: 'sharing',
    mutate: ['localorg/sharing.ts'],
    runner: 'tap',
    testFiles: [
      'test/localorg/platform.test.ts',
      'test/localorg/bulk-sharing-upsert.test.ts',
      'test/localorg/rest.test.ts',
      'test/localorg/sharing.test.ts',
    ],
    coverageAnalysis: 'perTest',
  },
  {
    name: 'dml-rules',
    mutate: ['localorg/dml/*Rules.ts'],
    runner: 'tap',
    testFiles: ['test/localorg/dml-rules.test.ts'],
    coverageAnalysis: 'perTest',
  },
  {
    name: 'bulk-ingest',
    mutate: ['localorg/bulk/ingest/*.ts'],
    runner: 'tap',
    // In process, no socket: the HTTP files start a local org per mutant (hours for a run).
    testFiles: ['test/localorg/bulk-ingest-unit.test.ts'],
    coverageAnalysis: 'perTest',
  },
  {
    name: 'routing',
    mutate: ['lib/routing/*.ts'],
    runner: 'jest',
    testFiles: [],
    coverageAnalysis: 'perTest',
  },
  {
    name: 'soql-compile',
    mutate: ['localorg/soql/compile.ts'],
    runner: 'tap',
    testFiles: ['test/localorg/soql-compile.test.ts', 'test/localorg/soql-compile-edges.test.ts'],
    coverageAnalysis: 'perTest',
  },
  {
    name: 'journal-undo',
    mutate: [
      'scripts/leads/journal.ts',
      'scripts/leads/stages/journal.ts',
      'scripts/leads/undo.ts',
    ],
    runner: 'tap',
    testFiles: [
      'test/cli/leads-journal-file.test.ts',
      'test/cli/leads-run-inprocess.test.ts',
      'test/cli/leads-undo-notify-inprocess.test.ts',
    ],
    coverageAnalysis: 'perTest',
  },
  {
    name: 'reassign-run',
    mutate: ['scripts/leads/stages/*.ts', '!scripts/leads/stages/journal.ts'],
    runner: 'tap',
    testFiles: [
      'test/cli/leads-confirm-plan.test.ts',
      'test/cli/leads-stages.test.ts',
      'test/cli/leads-undo-plan-large.test.ts',
      'test/cli/leads-streamed-apply.test.ts',
      'test/cli/leads-run-inprocess.test.ts',
    ],
    coverageAnalysis: 'perTest',
  },
];
