/**
 * What a deploy checks of Apex against the org as the deploy would leave it (called inside the
 * deployer's rehearsals, whose writes are always rolled back): the org's classes compile, and the
 * tests its test level asks for pass (Metadata API Developer Guide, "Running Tests in a
 * Deployment"). Coverage below 75% is only a warning: the local org is not production.
 */
import type { Session } from '../../auth/session.ts';
import { apexService } from '../../apex/org/service.ts';
import { runTests, selectTestClasses, testMethodsOf } from '../../apex/org/testRunner.ts';
import type { TestRunResult } from '../../apex/org/testRunner.ts';
import type { LocalOrg } from '../../org.ts';
import type { CompileProblem } from '../../apex/runtime/runtime.ts';
import { apexClassIds } from '../../tooling/apexClasses.ts';
import { runTestsResult } from '../../tooling/runTestsResult.ts';
import type { RunTestsResult } from '../../tooling/runTestsResult.ts';
import { mergeCoverage } from '../../tooling/testUnits.ts';
import type { DeployOptions } from './types.ts';

export interface DeployTestPlan {
  /** Test classes to run, with only these methods where a `Class.method` was named. */
  classes: string[];
  methods: Map<string, string[]>;
  /** Test methods that will run (@TestSetup methods not counted). */
  methodCount: number;
  /** Names in runTests that are not test classes of the org. */
  unknown: string[];
}

export interface ApexInspection {
  problems: CompileProblem[];
  plan: DeployTestPlan | null;
}

export interface DeployTestRun {
  result: RunTestsResult;
  passed: number;
  failed: number;
}

/** Which tests the options ask for: none, the named classes, or every test class of the org. */
export function testSelection(options: DeployOptions): 'none' | 'specified' | 'all' {
  if (options.runAllTests) return 'all';
  switch (options.testLevel) {
    case 'RunSpecifiedTests':
      return 'specified';
    case 'RunLocalTests':
    case 'RunAllTestsInOrg':
    case 'RunRelevantTests':
      return 'all';
    case null:
      return options.runTests.length > 0 ? 'specified' : 'none';
    default:
      return 'none';
  }
}

/** The compile problems of the org's classes now (those a deploy is not blamed for). */
export function currentProblems(org: LocalOrg): CompileProblem[] {
  const service = apexService(org);
  service.ensureLoaded();
  return service.problems;
}

function planTests(org: LocalOrg, options: DeployOptions): DeployTestPlan | null {
  const selection = testSelection(options);
  if (selection === 'none') return null;
  const service = apexService(org);
  const methods = new Map<string, string[]>();
  let names: string[] | undefined;
  if (selection === 'specified') {
    names = [];
    for (const entry of options.runTests) {
      const [className, method] = entry.split('.');
      if (!names.some((n) => n.toLowerCase() === className.toLowerCase())) names.push(className);
      if (method) {
        const key = className.toLowerCase();
        methods.set(key, [...(methods.get(key) ?? []), method]);
      }
    }
  }
  const { classes, unknown } = selectTestClasses(service, names);
  const methodCount = classes.reduce((n, cls) => {
    const only = methods.get(cls.name.toLowerCase());
    const all = testMethodsOf(cls);
    return (
      n +
      (only
        ? all.filter((m) => only.some((o) => o.toLowerCase() === m.name.toLowerCase())).length
        : all.length)
    );
  }, 0);
  return { classes: classes.map((c) => c.name), methods, methodCount, unknown };
}

/**
 * Compiles the org's classes as the deploy leaves them and plans its tests. Problems are kept
 * for the deploy's own classes (`deployed`, lower case) and for classes that compiled before.
 */
export function inspectApex(
  org: LocalOrg,
  options: DeployOptions,
  deployed: Set<string>,
  before: CompileProblem[],
): ApexInspection {
  const service = apexService(org);
  const brokenBefore = new Set(before.map((p) => p.file.toLowerCase()));
  const problems = service
    .checkCompile(service.deployedSources())
    .filter((p) => deployed.has(p.file.toLowerCase()) || !brokenBefore.has(p.file.toLowerCase()));
  return { problems, plan: problems.length ? null : planTests(org, options) };
}

/** One test class of the plan, run as `session`; its class Ids as the rehearsed org has them. */
export function runDeployTestClass(
  org: LocalOrg,
  session: Session,
  plan: DeployTestPlan,
  className: string,
): { run: TestRunResult; classIds: Map<string, string> } {
  const only = plan.methods.get(className.toLowerCase());
  const run = runTests(apexService(org), session, {
    classes: [className],
    methods: only ? new Map([[className.toLowerCase(), only]]) : undefined,
  });
  return { run, classIds: apexClassIds(org.store) };
}

/** The deploy's RunTestsResult from its class runs; coverage warnings name its own classes. */
export function deployTestRun(
  runs: TestRunResult[],
  classIds: Map<string, string>,
  deployed: Set<string>,
): DeployTestRun {
  const methods = runs.flatMap((r) => r.methods);
  const coverage = mergeCoverage(runs.map((r) => r.coverage));
  const result = runTestsResult(methods, coverage, classIds, deployed);
  return { result, passed: result.successes.length, failed: result.failures.length };
}
