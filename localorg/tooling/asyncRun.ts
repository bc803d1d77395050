/**
 * `runTestsAsynchronous`: an AsyncApexJob (TestRequest) with its ApexTestRunResult and one
 * ApexTestQueueItem per class, all Queued before the call answers with the job's Id. The classes
 * then run in the server's background, one unit (a class, or a method when coverage is kept) per
 * turn of the event loop so that the client's polls are served in between. Each class's
 * ApexTestResult rows, the coverage and the counts are written as it finishes; a queue item set
 * to Aborted is skipped. The run ends Completed (Aborted when any item was aborted).
 */
import { setImmediate as yieldToIo, setTimeout as sleep } from 'node:timers/promises';
import type { Session } from '../auth/session.ts';
import type { ApexService } from '../apex/org/service.ts';
import type { TestMethodResult } from '../apex/org/testRunner.ts';
import { formatDateTime } from '../dates.ts';
import { KEY_PREFIX } from '../ids.ts';
import type { LocalOrg } from '../org.ts';
import type { Row } from '../store/store.ts';
import { apexClassIds } from './apexClasses.ts';
import { recordAggregateCoverage, recordMethodCoverage } from './coverageRecords.ts';
import type { PlannedClass, TestRunPlan } from './runRequest.ts';
import { classMethods, mergeCoverage, runUnit, unitsOf } from './testUnits.ts';
import type { UnitResult } from './testUnits.ts';

const running = new WeakMap<LocalOrg, Set<Promise<void>>>();
const pauses = new WeakMap<LocalOrg, number>();

/** A pause before each unit of the org's runs, so tests can watch a run and abort it. */
export function setTestRunPause(org: LocalOrg, ms: number): void {
  pauses.set(org, ms);
}

async function nextTurn(org: LocalOrg): Promise<void> {
  const pause = pauses.get(org) ?? 0;
  if (pause > 0) await sleep(pause);
  else await yieldToIo();
}

/** Resolves when the org's background test runs have finished (tests, shutdown). */
export async function testRunsIdle(org: LocalOrg): Promise<void> {
  const runs = running.get(org);
  while (runs?.size) await Promise.all([...runs]);
}

interface QueuedRun {
  jobId: string;
  runId: string;
  items: { id: string; planned: PlannedClass }[];
}

function stamp(org: LocalOrg, userId: string, created: boolean): Row {
  const at = formatDateTime(org.now());
  const row: Row = { LastModifiedDate: at, LastModifiedById: userId, SystemModstamp: at };
  return created ? { CreatedDate: at, CreatedById: userId, ...row } : row;
}

function queue(org: LocalOrg, session: Session, plan: TestRunPlan): QueuedRun {
  const store = org.store;
  const catalog = org.catalog;
  const classIds = apexClassIds(store);
  const jobId = store.nextId(KEY_PREFIX.AsyncApexJob);
  const runId = store.nextId(KEY_PREFIX.ApexTestRunResult);
  const created = stamp(org, session.userId, true);
  store.insertRow(catalog.object('AsyncApexJob')!, {
    Id: jobId,
    JobType: 'TestRequest',
    Status: 'Queued',
    JobItemsProcessed: 0,
    TotalJobItems: plan.classes.length,
    NumberOfErrors: 0,
    ...created,
  });
  store.insertRow(catalog.object('ApexTestRunResult')!, {
    Id: runId,
    AsyncApexJobId: jobId,
    Status: 'Queued',
    ClassesEnqueued: plan.classes.length,
    ClassesCompleted: 0,
    MethodsEnqueued: plan.methodCount,
    MethodsCompleted: 0,
    MethodsFailed: 0,
    StartTime: formatDateTime(org.now()),
    TestTime: 0,
    TestSetupTime: 0,
    UserId: session.userId,
    IsAllTests: plan.level === 'RunAllTestsInOrg' ? 1 : 0,
    Source: 'REST',
    ...created,
  });
  const items = plan.classes.map((planned) => {
    const id = store.nextId(KEY_PREFIX.ApexTestQueueItem);
    store.insertRow(catalog.object('ApexTestQueueItem')!, {
      Id: id,
      ApexClassId: classIds.get(planned.name.toLowerCase()) ?? null,
      Status: 'Queued',
      ParentJobId: jobId,
      TestRunResultId: runId,
      ShouldSkipCodeCoverage: plan.skipCoverage ? 1 : 0,
      ...created,
    });
    return { id, planned };
  });
  return { jobId, runId, items };
}

/** Queues the run and starts it in the background; returns the AsyncApexJob Id. */
export function startTestRun(service: ApexService, session: Session, plan: TestRunPlan): string {
  const org = service.org;
  const queued = org.store.transaction(() => queue(org, session, plan));
  const runs = running.get(org) ?? new Set<Promise<void>>();
  running.set(org, runs);
  const run = execute(service, session, plan, queued)
    .catch((error: unknown) => {
      if (!org.store.db.isOpen) return;
      org.config.log(
        `test run ${queued.jobId} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      finishRun(org, session, queued, 'Failed');
    })
    .finally(() => runs.delete(run));
  runs.add(run);
  return queued.jobId;
}

function itemStatus(org: LocalOrg, itemId: string): string {
  const row = org.store.get('SELECT "Status" FROM "ApexTestQueueItem" WHERE "Id" = ?', itemId);
  return String(row?.Status ?? 'Aborted');
}

async function execute(
  service: ApexService,
  session: Session,
  plan: TestRunPlan,
  queued: QueuedRun,
): Promise<void> {
  const org = service.org;
  const store = org.store;
  await nextTurn(org);
  if (!store.db.isOpen) return;
  const processing = { Status: 'Processing', ...stamp(org, session.userId, false) };
  store.transaction(() => {
    store.updateRow(org.catalog.object('AsyncApexJob')!, queued.jobId, processing);
    store.updateRow(org.catalog.object('ApexTestRunResult')!, queued.runId, processing);
  });
  const coverageRuns: UnitResult[][] = [];
  let aborted = false;
  for (const item of queued.items) {
    await nextTurn(org);
    if (!store.db.isOpen) return;
    if (itemStatus(org, item.id) === 'Aborted') {
      aborted = true;
      continue;
    }
    store.updateRow(org.catalog.object('ApexTestQueueItem')!, item.id, {
      Status: 'Processing',
      ...stamp(org, session.userId, false),
    });
    const results: UnitResult[] = [];
    for (const unit of unitsOf(service, item.planned, !plan.skipCoverage)) {
      await nextTurn(org);
      if (!store.db.isOpen) return;
      if (itemStatus(org, item.id) === 'Aborted') break;
      results.push(runUnit(service, session, unit));
    }
    if (itemStatus(org, item.id) === 'Aborted') aborted = true;
    store.transaction(() => finishClass(org, session, plan, queued, item, results));
    coverageRuns.push(results);
  }
  if (!plan.skipCoverage && coverageRuns.length) {
    const coverage = mergeCoverage(coverageRuns.flat().map((r) => r.coverage));
    store.transaction(() =>
      recordAggregateCoverage(org, session.userId, apexClassIds(store), coverage),
    );
  }
  finishRun(org, session, queued, aborted ? 'Aborted' : 'Completed');
}

function finishClass(
  org: LocalOrg,
  session: Session,
  plan: TestRunPlan,
  queued: QueuedRun,
  item: QueuedRun['items'][number],
  results: UnitResult[],
): void {
  const store = org.store;
  const classIds = apexClassIds(store);
  const classId = classIds.get(item.planned.name.toLowerCase()) ?? null;
  const methods = classMethods(results);
  const object = org.catalog.object('ApexTestResult')!;
  const created = stamp(org, session.userId, true);
  for (const m of methods) {
    store.insertRow(object, {
      Id: store.nextId(KEY_PREFIX.ApexTestResult),
      ApexClassId: classId,
      AsyncApexJobId: queued.jobId,
      QueueItemId: item.id,
      ApexTestRunResultId: queued.runId,
      MethodName: m.methodName,
      Outcome: m.outcome,
      Message: m.message,
      StackTrace: m.stackTrace,
      RunTime: m.timeMs,
      TestTimestamp: formatDateTime(org.now()),
      ApexLogId: null,
      IsTestSetup: m.isTestSetup ? 1 : 0,
      ...created,
    });
  }
  if (!plan.skipCoverage) {
    for (const run of results) {
      const methodName = run.unit.methods?.[0];
      if (methodName)
        recordMethodCoverage(
          org,
          session.userId,
          classIds,
          item.planned.name,
          methodName,
          run.coverage,
        );
    }
  }
  const tests = methods.filter((m) => !m.isTestSetup);
  const failed = tests.filter((m) => m.outcome === 'Fail').length;
  const aborted = itemStatus(org, item.id) === 'Aborted';
  store.updateRow(org.catalog.object('ApexTestQueueItem')!, item.id, {
    Status: aborted ? 'Aborted' : 'Completed',
    ExtendedStatus: `(${tests.length - failed}/${tests.length})`,
    ...stamp(org, session.userId, false),
  });
  addCounts(org, queued, methods, failed);
}

function addCounts(
  org: LocalOrg,
  queued: QueuedRun,
  methods: TestMethodResult[],
  failed: number,
): void {
  const time = (list: TestMethodResult[]) => list.reduce((n, m) => n + m.timeMs, 0);
  const tests = methods.filter((m) => !m.isTestSetup);
  org.store.run(
    `UPDATE "ApexTestRunResult" SET "ClassesCompleted" = "ClassesCompleted" + 1,
       "MethodsCompleted" = "MethodsCompleted" + ?, "MethodsFailed" = "MethodsFailed" + ?,
       "TestTime" = "TestTime" + ?, "TestSetupTime" = "TestSetupTime" + ? WHERE "Id" = ?`,
    tests.length,
    failed,
    time(tests),
    time(methods.filter((m) => m.isTestSetup)),
    queued.runId,
  );
  org.store.run(
    `UPDATE "AsyncApexJob" SET "JobItemsProcessed" = "JobItemsProcessed" + 1,
       "NumberOfErrors" = "NumberOfErrors" + ? WHERE "Id" = ?`,
    failed,
    queued.jobId,
  );
}

function finishRun(
  org: LocalOrg,
  session: Session,
  queued: QueuedRun,
  status: 'Completed' | 'Aborted' | 'Failed',
): void {
  const at = formatDateTime(org.now());
  const changes = { Status: status, ...stamp(org, session.userId, false) };
  org.store.transaction(() => {
    org.store.updateRow(org.catalog.object('ApexTestRunResult')!, queued.runId, {
      ...changes,
      EndTime: at,
    });
    org.store.updateRow(org.catalog.object('AsyncApexJob')!, queued.jobId, {
      ...changes,
      CompletedDate: at,
    });
    if (status !== 'Completed') {
      org.store.run(
        `UPDATE "ApexTestQueueItem" SET "Status" = ? WHERE "ParentJobId" = ? AND "Status" IN ('Queued', 'Processing')`,
        status,
        queued.jobId,
      );
    }
  });
}

/** Runs a previous start of the org left unfinished are aborted: their sessions are gone. */
export function abortInterruptedTestRuns(org: LocalOrg): void {
  const store = org.store;
  const at = formatDateTime(org.now());
  store.transaction(() => {
    for (const row of store.all(
      `SELECT "Id", "AsyncApexJobId" FROM "ApexTestRunResult" WHERE "Status" IN ('Queued', 'Processing')`,
    )) {
      store.updateRow(org.catalog.object('ApexTestRunResult')!, String(row.Id), {
        Status: 'Aborted',
        EndTime: at,
      });
      store.run(
        `UPDATE "AsyncApexJob" SET "Status" = 'Aborted', "CompletedDate" = ? WHERE "Id" = ?`,
        at,
        String(row.AsyncApexJobId),
      );
      store.run(
        `UPDATE "ApexTestQueueItem" SET "Status" = 'Aborted' WHERE "TestRunResultId" = ? AND "Status" IN ('Queued', 'Processing')`,
        String(row.Id),
      );
    }
  });
}
