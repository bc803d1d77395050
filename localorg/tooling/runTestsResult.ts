/**
 * RunTestsResult (SOAP API / Metadata API "RunTestsResult"): what `runTestsSynchronous` answers and
 * a deploy's `details.runTestResult` holds. Fields are kept in the WSDL's order; @TestSetup methods
 * are not listed (a failing setup fails every method of its class instead).
 */
import type { ClassCoverage, TestMethodResult } from '../apex/org/testRunner.ts';

export const COVERAGE_REQUIRED_PERCENT = 75;

export interface RunTestSuccess {
  id: string;
  methodName: string;
  name: string;
  namespace: null;
  seeAllData: boolean;
  time: number;
}

export interface RunTestFailure {
  id: string;
  message: string;
  methodName: string;
  name: string;
  namespace: null;
  packageName: string;
  seeAllData: boolean;
  stackTrace: string;
  time: number;
  type: 'Class';
}

export interface CodeLocation {
  column: number;
  line: number;
  numExecutions: number;
  time: number;
}

export interface CodeCoverageResult {
  id: string;
  locationsNotCovered: CodeLocation[];
  name: string;
  namespace: null;
  numLocations: number;
  numLocationsNotCovered: number;
  type: 'Class';
}

export interface CodeCoverageWarning {
  id: string;
  message: string;
  name: string;
  namespace: null;
}

export interface RunTestsResult {
  apexLogId: null;
  codeCoverage: CodeCoverageResult[];
  codeCoverageWarnings: CodeCoverageWarning[];
  failures: RunTestFailure[];
  flowCoverage: never[];
  flowCoverageWarnings: never[];
  numFailures: number;
  numTestsRun: number;
  successes: RunTestSuccess[];
  totalTime: number;
}

export function emptyRunTestsResult(): RunTestsResult {
  return runTestsResult([], [], new Map());
}

export function percentOf(coverage: ClassCoverage): number {
  const total = coverage.covered.length + coverage.uncovered.length;
  return total === 0 ? 100 : Math.round((coverage.covered.length / total) * 100);
}

export function codeCoverageResult(coverage: ClassCoverage, id: string): CodeCoverageResult {
  return {
    id,
    locationsNotCovered: coverage.uncovered.map((line) => ({
      column: 0,
      line,
      numExecutions: 0,
      time: -1,
    })),
    name: coverage.name,
    namespace: null,
    numLocations: coverage.covered.length + coverage.uncovered.length,
    numLocationsNotCovered: coverage.uncovered.length,
    type: 'Class',
  };
}

/**
 * The result of a run. `classIds` maps lower-case class names to ApexClass Ids; `warnFor` names
 * (lower case) the classes whose coverage below 75% earns a warning (a deploy's own classes).
 */
export function runTestsResult(
  methods: TestMethodResult[],
  coverage: ClassCoverage[],
  classIds: Map<string, string>,
  warnFor: Set<string> = new Set(),
): RunTestsResult {
  const idOf = (name: string) => classIds.get(name.toLowerCase()) ?? '';
  const tests = methods.filter((m) => !m.isTestSetup);
  const successes: RunTestSuccess[] = [];
  const failures: RunTestFailure[] = [];
  for (const m of tests) {
    if (m.outcome === 'Pass') {
      successes.push({
        id: idOf(m.className),
        methodName: m.methodName,
        name: m.className,
        namespace: null,
        seeAllData: false,
        time: m.timeMs,
      });
    } else {
      failures.push({
        id: idOf(m.className),
        message: m.message ?? '',
        methodName: m.methodName,
        name: m.className,
        namespace: null,
        packageName: m.className,
        seeAllData: false,
        stackTrace: m.stackTrace ?? '',
        time: m.timeMs,
        type: 'Class',
      });
    }
  }
  const warnings: CodeCoverageWarning[] = [];
  for (const c of coverage) {
    if (!warnFor.has(c.name.toLowerCase())) continue;
    const percent = percentOf(c);
    if (percent >= COVERAGE_REQUIRED_PERCENT) continue;
    warnings.push({
      id: idOf(c.name),
      message: `Test coverage of selected Apex Class is ${percent}%, at least ${COVERAGE_REQUIRED_PERCENT}% test coverage is required`,
      name: c.name,
      namespace: null,
    });
  }
  return {
    apexLogId: null,
    codeCoverage: coverage.map((c) => codeCoverageResult(c, idOf(c.name))),
    codeCoverageWarnings: warnings,
    failures,
    flowCoverage: [],
    flowCoverageWarnings: [],
    numFailures: failures.length,
    numTestsRun: tests.length,
    successes,
    totalTime: methods.reduce((sum, m) => sum + m.timeMs, 0),
  };
}
