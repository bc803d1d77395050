/**
 * Faults on demand: latency, 5xx answers, dropped connections, expired sessions, row-lock
 * contention and failing Bulk jobs, each drawn from its own seeded generator so a run repeats.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { IncomingMessage } from 'node:http';
import type { HttpResponse } from '../http/types.ts';
import type { ServerHooks } from '../http/server.ts';
import { Random } from '../seed/random.ts';
import type { Store } from '../store/store.ts';
import { DEFAULT_FAULT_SEED, parseFaultSpecs } from './spec.ts';
import type { FaultSpec, RequestTarget } from './spec.ts';

export type FaultKind = FaultSpec['kind'];

/** How a Bulk job should fail, if it should. */
export interface BulkJobFailure {
  /** Ingest jobs: batches of 10,000 that succeed before the failure. */
  afterBatches: number;
}

/** What the Bulk service asks the injector. */
export interface BulkFaults {
  bulkJobFailure(kind: 'ingest' | 'query'): BulkJobFailure | null;
}

interface Armed {
  spec: FaultSpec;
  random: Random;
}

const SERVER_ERROR_BODIES: Record<number, { errorCode: string; message: string }> = {
  500: {
    errorCode: 'UNKNOWN_EXCEPTION',
    message: 'An unexpected error occurred. Please include this ErrorId if you contact support.',
  },
  502: { errorCode: 'SERVER_UNAVAILABLE', message: 'Bad gateway' },
  503: { errorCode: 'SERVER_UNAVAILABLE', message: 'Server temporarily unavailable' },
  504: { errorCode: 'SERVER_UNAVAILABLE', message: 'Gateway timeout' },
};

function matches(target: RequestTarget, method: string, path: string): boolean {
  return (target.method === null || target.method === method) && target.pattern.test(path);
}

export class FaultInjector implements BulkFaults {
  readonly specs: FaultSpec[];
  private readonly armed: Armed[];
  private readonly store: Store;
  private readonly log: (line: string) => void;
  private readonly counts = new Map<FaultKind, number>();
  private timers: NodeJS.Timeout[] = [];

  constructor(
    specs: readonly (FaultSpec | string)[],
    options: { store: Store; seed?: number; log?: (line: string) => void },
  ) {
    this.specs = parseFaultSpecs(specs);
    const seed = options.seed ?? DEFAULT_FAULT_SEED;
    // One generator per fault, so adding a fault does not change another's draws.
    this.armed = this.specs.map((spec, i) => ({
      spec,
      random: new Random((seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0),
    }));
    this.store = options.store;
    this.log = options.log ?? (() => undefined);
  }

  get active(): boolean {
    return this.specs.length > 0;
  }

  /** Starts the timers of time-based faults (session expiry). */
  start(): void {
    for (const { spec } of this.armed) {
      if (spec.kind !== 'expire-sessions') continue;
      const timer = setInterval(() => this.expireSessions(), spec.everyMs);
      timer.unref();
      this.timers.push(timer);
    }
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  /** Disarms every fault from now on (the org heals): a test's rerun then meets none. */
  clear(): void {
    this.stop();
    this.armed.splice(0);
    this.specs.splice(0);
  }

  /** How many times each fault fired. */
  stats(): Partial<Record<FaultKind, number>> {
    return Object.fromEntries(this.counts);
  }

  /** Counts a fault; logs it unless it fires per record (lock-rows would flood the log). */
  private fired(kind: FaultKind, detail: string): void {
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    if (kind !== 'lock-rows' || n === 1) this.log(`fault ${kind}: ${detail}`);
  }

  /** Ends every access session now (refresh tokens stay valid, so clients can refresh). */
  expireSessions(): number {
    const row = this.store.get(`SELECT COUNT(*) AS n FROM _lo_token WHERE kind = 'access'`);
    this.store.run(`DELETE FROM _lo_token WHERE kind = 'access'`);
    const n = Number(row?.n ?? 0);
    this.fired('expire-sessions', `${n} access tokens ended`);
    return n;
  }

  /** The HTTP hooks: latency first, then a dropped connection or a 5xx answer. */
  serverHooks(): ServerHooks {
    return {
      beforeRequest: (req, method, path) => this.beforeRequest(req, method, path),
    };
  }

  private async beforeRequest(
    _req: IncomingMessage,
    method: string,
    path: string,
  ): Promise<HttpResponse | 'reset' | undefined> {
    for (const { spec, random } of this.armed) {
      if (spec.kind !== 'latency') continue;
      const ms = spec.minMs + Math.round(random.next() * (spec.maxMs - spec.minMs));
      if (ms > 0) await sleep(ms);
    }
    for (const { spec, random } of this.armed) {
      if (spec.kind === 'reset' && matches(spec.target, method, path) && random.chance(spec.rate)) {
        this.fired('reset', `${method} ${path}`);
        return 'reset';
      }
      if (spec.kind === '5xx' && matches(spec.target, method, path) && random.chance(spec.rate)) {
        this.fired('5xx', `${spec.status} for ${method} ${path}`);
        return { status: spec.status, body: [SERVER_ERROR_BODIES[spec.status]] };
      }
    }
    return undefined;
  }

  /** For DmlEngine.lockContention: true fails the record with UNABLE_TO_LOCK_ROW. */
  lockContention(id: string): boolean {
    for (const { spec, random } of this.armed) {
      if (spec.kind === 'lock-rows' && random.chance(spec.rate)) {
        this.fired('lock-rows', id);
        return true;
      }
    }
    return false;
  }

  bulkJobFailure(kind: 'ingest' | 'query'): BulkJobFailure | null {
    for (const { spec } of this.armed) {
      if (spec.kind === 'fail-bulk-job' && (spec.jobs === 'all' || spec.jobs === kind)) {
        this.fired('fail-bulk-job', `${kind} job after ${spec.afterBatches} batches`);
        return { afterBatches: kind === 'ingest' ? spec.afterBatches : 0 };
      }
    }
    return null;
  }
}
