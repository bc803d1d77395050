/**
 * `runTestsSynchronous`: runs the planned tests now and answers the RunTestsResult. Unless
 * coverage is skipped, the methods run one by one and coverage is recorded as for an
 * asynchronous run, so `sf apex run test --synchronous -c` finds it with its Tooling queries.
 */
import type { Session } from '../auth/session.ts';
import type { ApexService } from '../apex/org/service.ts';
import { apexClassIds } from './apexClasses.ts';
import { recordAggregateCoverage, recordMethodCoverage } from './coverageRecords.ts';
import type { TestRunPlan } from './runRequest.ts';
import { runTestsResult } from './runTestsResult.ts';
import type { RunTestsResult } from './runTestsResult.ts';
import { classMethods, mergeCoverage, runUnit, unitsOf } from './testUnits.ts';
import type { UnitResult } from './testUnits.ts';

export function runTestsNow(
  service: ApexService,
  session: Session,
  plan: TestRunPlan,
): RunTestsResult {
  const org = service.org;
  const perMethod = !plan.skipCoverage;
  const methods = [];
  const runs: UnitResult[] = [];
  for (const planned of plan.classes) {
    const results = unitsOf(service, planned, perMethod).map((unit) =>
      runUnit(service, session, unit),
    );
    methods.push(...classMethods(results));
    runs.push(...results);
  }
  const classIds = apexClassIds(org.store);
  if (plan.skipCoverage) return runTestsResult(methods, [], classIds);
  const coverage = mergeCoverage(runs.map((r) => r.coverage));
  org.store.transaction(() => {
    for (const run of runs) {
      const methodName = run.unit.methods?.[0];
      if (methodName) {
        recordMethodCoverage(
          org,
          session.userId,
          classIds,
          run.unit.className,
          methodName,
          run.coverage,
        );
      }
    }
    recordAggregateCoverage(org, session.userId, classIds, coverage);
  });
  return runTestsResult(methods, coverage, classIds);
}
