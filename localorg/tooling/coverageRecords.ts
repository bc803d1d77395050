/**
 * Code coverage as the Tooling API keeps it after a test run that did not skip it:
 * ApexCodeCoverage per test method and class it covered (replacing that method's earlier rows),
 * ApexCodeCoverageAggregate per class (lines covered by any run since the class last changed),
 * and the one ApexOrgWideCoverage row (covered lines over all lines of the non-test classes).
 */
import type { ClassCoverage } from '../apex/org/testRunner.ts';
import { formatDateTime } from '../dates.ts';
import { KEY_PREFIX } from '../ids.ts';
import type { LocalOrg } from '../org.ts';
import type { Row } from '../store/store.ts';

interface CoverageJson {
  coveredLines: number[];
  uncoveredLines: number[];
}

function modified(org: LocalOrg, userId: string): Row {
  const at = formatDateTime(org.now());
  return { LastModifiedDate: at, LastModifiedById: userId, SystemModstamp: at };
}

function audit(org: LocalOrg, userId: string): Row {
  return { CreatedDate: formatDateTime(org.now()), CreatedById: userId, ...modified(org, userId) };
}

function coverageJson(c: ClassCoverage): string {
  const value: CoverageJson = { coveredLines: c.covered, uncoveredLines: c.uncovered };
  return JSON.stringify(value);
}

/** ApexCodeCoverage rows of one test method (`coverage` as that method alone produced it). */
export function recordMethodCoverage(
  org: LocalOrg,
  userId: string,
  classIds: Map<string, string>,
  testClass: string,
  methodName: string,
  coverage: ClassCoverage[],
): void {
  const store = org.store;
  const object = org.catalog.object('ApexCodeCoverage')!;
  const testClassId = classIds.get(testClass.toLowerCase());
  if (!testClassId) return;
  store.run(
    'DELETE FROM "ApexCodeCoverage" WHERE "ApexTestClassId" = ? AND lower("TestMethodName") = lower(?)',
    testClassId,
    methodName,
  );
  for (const c of coverage) {
    const classId = classIds.get(c.name.toLowerCase());
    if (!classId || c.covered.length === 0) continue;
    store.insertRow(object, {
      Id: store.nextId(KEY_PREFIX.ApexCodeCoverage),
      ApexTestClassId: testClassId,
      TestMethodName: methodName,
      ApexClassOrTriggerId: classId,
      NumLinesCovered: c.covered.length,
      NumLinesUncovered: c.uncovered.length,
      Coverage: coverageJson(c),
      ...audit(org, userId),
    });
  }
}

/**
 * Adds a run's coverage to the aggregates and recomputes the org-wide figure. `coverage` lists
 * every non-test class of the org (covered or not), as the runtime reports it.
 */
export function recordAggregateCoverage(
  org: LocalOrg,
  userId: string,
  classIds: Map<string, string>,
  coverage: ClassCoverage[],
): void {
  const store = org.store;
  const aggregate = org.catalog.object('ApexCodeCoverageAggregate')!;
  let covered = 0;
  let total = 0;
  for (const c of coverage) {
    const classId = classIds.get(c.name.toLowerCase());
    const lines = [...c.covered, ...c.uncovered].sort((a, b) => a - b);
    total += lines.length;
    if (!classId) continue;
    const existing = store.get(
      'SELECT "Id", "Coverage" FROM "ApexCodeCoverageAggregate" WHERE "ApexClassOrTriggerId" = ?',
      classId,
    );
    const before = new Set(
      existing ? (JSON.parse(String(existing.Coverage)) as CoverageJson).coveredLines : [],
    );
    const now = new Set(c.covered);
    const merged: ClassCoverage = {
      name: c.name,
      covered: lines.filter((l) => now.has(l) || before.has(l)),
      uncovered: lines.filter((l) => !now.has(l) && !before.has(l)),
    };
    covered += merged.covered.length;
    if (!existing && merged.covered.length === 0) continue;
    const values = {
      NumLinesCovered: merged.covered.length,
      NumLinesUncovered: merged.uncovered.length,
      Coverage: coverageJson(merged),
    };
    if (existing) {
      store.updateRow(aggregate, String(existing.Id), { ...values, ...modified(org, userId) });
    } else {
      store.insertRow(aggregate, {
        Id: store.nextId(KEY_PREFIX.ApexCodeCoverageAggregate),
        ApexClassOrTriggerId: classId,
        ...values,
        ...audit(org, userId),
      });
    }
  }
  recordOrgWideCoverage(org, userId, total === 0 ? 0 : Math.round((covered / total) * 100));
}

function recordOrgWideCoverage(org: LocalOrg, userId: string, percent: number): void {
  const store = org.store;
  const object = org.catalog.object('ApexOrgWideCoverage')!;
  const existing = store.get('SELECT "Id" FROM "ApexOrgWideCoverage" LIMIT 1');
  if (existing) {
    store.updateRow(object, String(existing.Id), {
      PercentCovered: percent,
      ...modified(org, userId),
    });
  } else {
    store.insertRow(object, {
      Id: store.nextId(KEY_PREFIX.ApexOrgWideCoverage),
      PercentCovered: percent,
      ...audit(org, userId),
    });
  }
}
