/**
 * Batch Apex (Apex Developer Guide, "Using Batch Apex"): Database.executeBatch records an
 * AsyncApexJob (Queued) in the calling transaction; after it commits, the job runs in the
 * server's background: start() once, execute() per chunk of the scope size, finish() once, each
 * in its own transaction with the asynchronous limits, as the user who queued it. A chunk that
 * throws rolls back alone and counts as an error. Without Database.Stateful each transaction gets
 * a fresh copy of the job object as it was queued. In a test, queued jobs run at Test.stopTest.
 */
import type { Session } from '../../auth/session.ts';
import { formatDateTime } from '../../dates.ts';
import { KEY_PREFIX } from '../../ids.ts';
import { ASYNC_LIMITS, ApexThrow, ExecContext, Frame } from '../runtime/context.ts';
import type { Limits } from '../runtime/context.ts';
import { invokeOn, raise, services } from '../runtime/invoke.ts';
import { T } from '../runtime/types.ts';
import type { ApexType } from '../runtime/types.ts';
import {
  ApexList,
  ApexMap,
  ApexObject,
  ApexSet,
  NativeObject,
  SObjectValue,
} from '../runtime/values.ts';
import type { ApexService } from './service.ts';

interface QueuedJob {
  jobId: string;
  job: ApexObject;
  snapshot: ApexObject | null;
  scope: number;
  session: Session;
}

const MAX_CONCURRENT = 5;

export class BatchRunner {
  private readonly service: ApexService;
  /** Jobs running in the background, for tests that wait for them. */
  readonly running = new Map<string, Promise<void>>();

  constructor(service: ApexService) {
    this.service = service;
  }

  executeBatch(frame: Frame, job: ApexObject, scope: number): string {
    const store = this.service.org.store;
    const active = store.get(
      `SELECT COUNT(*) AS n FROM "AsyncApexJob" WHERE "JobType" = 'BatchApex' AND "Status" IN ('Queued', 'Preparing', 'Processing')`,
    );
    if (Number(active?.n ?? 0) >= MAX_CONCURRENT && !frame.ctx.isTest) {
      raise(
        frame,
        'AsyncException',
        `You have exceeded the limit of ${MAX_CONCURRENT} Apex jobs queued or active at the same time`,
      );
    }
    const def = this.service.org.catalog.object('AsyncApexJob')!;
    const jobId = store.nextId(KEY_PREFIX.AsyncApexJob);
    const at = formatDateTime(this.service.org.now());
    store.insertRow(def, {
      Id: jobId,
      JobType: 'BatchApex',
      ApexClassName: job.cls.fullName,
      Status: 'Queued',
      JobItemsProcessed: 0,
      TotalJobItems: 0,
      NumberOfErrors: 0,
      CreatedDate: at,
      CreatedById: frame.ctx.session.userId,
      LastModifiedDate: at,
      LastModifiedById: frame.ctx.session.userId,
      SystemModstamp: at,
    });
    const stateful = job.cls.isSubclassOf(services.current!.systemClass('Database.Stateful'));
    const queued: QueuedJob = {
      jobId,
      job,
      snapshot: stateful ? null : cloneObject(job),
      scope,
      session: frame.ctx.session,
    };
    if (frame.ctx.isTest) {
      const list = (frame.ctx.cache.get('test.batches') as QueuedJob[] | undefined) ?? [];
      list.push(queued);
      frame.ctx.cache.set('test.batches', list);
    } else {
      frame.ctx.afterCommit.push(() => {
        this.running.set(jobId, this.runInBackground(queued));
      });
    }
    return jobId;
  }

  startTest(frame: Frame): void {
    const ctx = frame.ctx;
    if (ctx.cache.has('test.limits')) raise(frame, 'FinalException', 'Testing already started');
    ctx.cache.set('test.limits', { ...ctx.limits });
    resetLimits(ctx.limits);
  }

  /** Runs what the test queued, then gives the test its own limits back. */
  stopTest(frame: Frame): void {
    const ctx = frame.ctx;
    const saved = ctx.cache.get('test.limits') as Limits | undefined;
    if (!saved) raise(frame, 'FinalException', 'Testing has not started');
    try {
      const queued = (ctx.cache.get('test.batches') as QueuedJob[] | undefined) ?? [];
      for (const job of queued.splice(0)) this.runNow(job, ctx, frame);
    } finally {
      ctx.cache.delete('test.limits');
      Object.assign(ctx.limits, saved);
    }
  }

  /**
   * A test's job: each phase in a savepoint of the test's own transaction. A test may run one
   * chunk only: more fails the test at stopTest, as on the platform.
   */
  private runNow(queued: QueuedJob, parent: ExecContext, stopTest: Frame): void {
    const phase = (fn: (frame: Frame) => void): string | null => {
      const ctx = this.context(queued, parent);
      try {
        this.service.org.store.transaction(() => fn(new Frame(ctx, null, null, null, 0, '')));
        return null;
      } catch (error) {
        return failureText(error);
      }
    };
    const oneChunkOnly = () =>
      raise(
        stopTest,
        'UnexpectedException',
        'No more than one executeBatch can be called from within a test method. Please make sure ' +
          'the iterable returned from your start method matches the batch size, resulting in one ' +
          'executeBatch invocation.',
      );
    for (const step of this.phases(queued, phase, oneChunkOnly)) void step;
  }

  /**
   * A job after its transaction committed: one phase per turn of the event loop, or per
   * OrgConfig.batchPhaseMs when the org paces its jobs as a real one does.
   */
  private runInBackground(queued: QueuedJob): Promise<void> {
    const phase = (fn: (frame: Frame) => void): string | null => {
      try {
        this.service.transaction(this.context(queued, null), fn);
        return null;
      } catch (error) {
        return failureText(error);
      }
    };
    const steps = this.phases(queued, phase);
    const pause = this.service.org.config.batchPhaseMs ?? 0;
    const later = (fn: () => void) => (pause > 0 ? setTimeout(fn, pause) : setImmediate(fn));
    return new Promise((resolve) => {
      const next = () => {
        try {
          if (this.service.org.store.db.isOpen && !steps.next().done) {
            later(next);
            return;
          }
        } catch (error) {
          this.service.org.config.log(`batch ${queued.jobId}: ${failureText(error)}`);
        }
        this.running.delete(queued.jobId);
        resolve();
      };
      setImmediate(next);
    });
  }

  /**
   * start, each chunk and finish, each through `phase` (one transaction; returns an error text
   * or null), yielding after each.
   */
  private *phases(
    queued: QueuedJob,
    phase: (fn: (frame: Frame) => void) => string | null,
    oneChunkOnly?: () => never,
  ): Generator<void> {
    const instance = () => (queued.snapshot ? cloneObject(queued.snapshot) : queued.job);
    let items: unknown[] = [];
    let errors = 0;
    let lastError: string | null = null;
    const failed = (error: string | null) => {
      if (error === null) return;
      errors++;
      lastError ??= error;
    };
    this.update(queued.jobId, { Status: 'Processing' });
    failed(
      phase((frame) => {
        items = iterableItems(
          frame,
          invokeOn(frame, instance(), 'start', [this.batchContext(queued.jobId)]),
        );
      }),
    );
    const chunks = Math.ceil(items.length / queued.scope);
    if (oneChunkOnly && chunks > 1) oneChunkOnly();
    this.update(queued.jobId, { TotalJobItems: chunks });
    yield;
    for (let i = 0; i < chunks; i++) {
      const chunk = items.slice(i * queued.scope, (i + 1) * queued.scope);
      failed(
        phase((frame) => {
          invokeOn(frame, instance(), 'execute', [
            this.batchContext(queued.jobId),
            new ApexList(scopeElementType(queued.job), chunk),
          ]);
        }),
      );
      this.update(queued.jobId, {
        JobItemsProcessed: i + 1,
        NumberOfErrors: errors,
        ExtendedStatus: lastError ? `First error: ${lastError}` : null,
      });
      yield;
    }
    failed(
      phase((frame) => {
        invokeOn(frame, instance(), 'finish', [this.batchContext(queued.jobId)]);
      }),
    );
    this.update(queued.jobId, {
      Status: chunks === 0 && errors > 0 ? 'Failed' : 'Completed',
      NumberOfErrors: errors,
      ExtendedStatus: lastError ? `First error: ${lastError}` : null,
      CompletedDate: formatDateTime(this.service.org.now()),
    });
  }

  private context(queued: QueuedJob, parent: ExecContext | null): ExecContext {
    const ctx = new ExecContext(queued.session, ASYNC_LIMITS);
    ctx.inBatch = true;
    if (parent) {
      ctx.isTest = parent.isTest;
      ctx.hiddenUpTo = parent.hiddenUpTo;
    }
    return ctx;
  }

  private batchContext(jobId: string): NativeObject {
    return new NativeObject(services.current!.systemClass('Database.BatchableContext'), { jobId });
  }

  private update(jobId: string, changes: Record<string, string | number | null>): void {
    const store = this.service.org.store;
    if (!store.db.isOpen) return;
    store.updateRow(this.service.org.catalog.object('AsyncApexJob')!, jobId, changes);
  }

  /** Waits for every background job (tests). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()]);
  }
}

function resetLimits(limits: Limits): void {
  limits.soqlQueries = 0;
  limits.queryRows = 0;
  limits.dmlStatements = 0;
  limits.dmlRows = 0;
}

function failureText(error: unknown): string {
  if (error instanceof ApexThrow) {
    const e = error.exception;
    return `${e.cls.typeName}: ${e.native?.message ?? ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** What start() returned: an Iterable (List) or a Database.QueryLocator. */
function iterableItems(frame: Frame, result: unknown): unknown[] {
  if (result instanceof ApexList) return [...result.items];
  if (result instanceof NativeObject && result.cls.name === 'QueryLocator')
    return [...(result.data.records as ApexList).items];
  if (result instanceof ApexObject) {
    const iterator = invokeOn(frame, result, 'iterator', []);
    const items: unknown[] = [];
    while (invokeOn(frame, iterator, 'hasnext', []) === true)
      items.push(invokeOn(frame, iterator, 'next', []));
    return items;
  }
  return raise(
    frame,
    'TypeException',
    'start() must return an Iterable or a Database.QueryLocator',
  );
}

/** A deep copy of an object's state, as serializing a batch job between transactions gives. */
function cloneObject(object: ApexObject): ApexObject {
  const seen = new Map<unknown, unknown>();
  return cloneValue(object, seen) as ApexObject;
}

function cloneValue(value: unknown, seen: Map<unknown, unknown>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return seen.get(value);
  if (value instanceof ApexObject) {
    const copy = new ApexObject(value.cls);
    seen.set(value, copy);
    value.fields.forEach((v, i) => {
      copy.fields[i] = cloneValue(v, seen);
    });
    copy.native = value.native;
    return copy;
  }
  if (value instanceof ApexList) {
    const copy = new ApexList(value.elem, []);
    seen.set(value, copy);
    copy.items = value.items.map((v) => cloneValue(v, seen));
    return copy;
  }
  if (value instanceof ApexSet) {
    const copy = new ApexSet(value.elem);
    seen.set(value, copy);
    for (const v of value.values()) copy.add(cloneValue(v, seen));
    return copy;
  }
  if (value instanceof ApexMap) {
    const copy = new ApexMap(value.key, value.value);
    seen.set(value, copy);
    for (const [k, v] of value.map.values()) copy.put(k, cloneValue(v, seen));
    return copy;
  }
  if (value instanceof SObjectValue) {
    const copy = new SObjectValue(value.def);
    seen.set(value, copy);
    copy.fromQuery = value.fromQuery;
    for (const [k, v] of value.values) copy.values.set(k, cloneValue(v, seen));
    return copy;
  }
  return value;
}

/**
 * The element type of the job's `execute(Database.BatchableContext, List<T> scope)`: the chunk is
 * handed over as that list, so a `Batchable<Integer>` gets a List<Integer> as on the platform.
 */
function scopeElementType(job: ApexObject): ApexType {
  const execute = job.cls
    .findMethods('execute')
    .find((m) => !m.isStatic && m.params.length === 2 && m.params[1].type?.kind === 'list');
  const scope = execute?.params[1].type;
  return scope?.kind === 'list' ? scope.elem : T.Object;
}
