/**
 * One Apex transaction: who runs it, its governor limits, its static variables, its call stack and
 * debug log. Frames are the activations of methods; statements record their line in the frame,
 * which gives stack traces (`Class.X.y: line N, column M`) and line coverage.
 */
import type { Session } from '../../auth/session.ts';
import type { ClassInfo, MethodInfo } from './classes.ts';
import type { ApexObject } from './values.ts';

/** An Apex exception in flight: a thrown JS value that is deliberately not an Error (cheap). */
export class ApexThrow {
  readonly exception: ApexObject;
  /** LimitException and assertion failures: `catch` blocks never see them. */
  readonly uncatchable: boolean;

  constructor(exception: ApexObject, uncatchable = false) {
    this.exception = exception;
    this.uncatchable = uncatchable;
  }
}

/** A construct or system method the runtime does not implement: never a silent wrong answer. */
export class UnsupportedError extends Error {}

export const NORMAL = 0;
export const BREAK = 1;
export const CONTINUE = 2;
export const RETURN = 3;
export type Completion = 0 | 1 | 2 | 3;

export interface Limits {
  soqlQueries: number;
  queryRows: number;
  dmlStatements: number;
  dmlRows: number;
  /** Executed statements: the runtime's stand-in for CPU time, reported, never enforced. */
  statements: number;
  /** The largest heap size seen at a check, in bytes (an approximation: see heap.ts). */
  heapPeak: number;
}

export interface LimitMaximums {
  soqlQueries: number;
  queryRows: number;
  dmlStatements: number;
  dmlRows: number;
  heap: number;
}

/** Apex Developer Guide, "Execution Governors and Limits" (per transaction). */
export const SYNC_LIMITS: LimitMaximums = {
  soqlQueries: 100,
  queryRows: 50000,
  dmlStatements: 150,
  dmlRows: 10000,
  // Limits.getLimitHeapSize() answers 6,000,000: the platform's MB are decimal.
  heap: 6_000_000,
};

export const ASYNC_LIMITS: LimitMaximums = {
  ...SYNC_LIMITS,
  soqlQueries: 200,
  heap: 12_000_000,
};

export const MAX_STACK_DEPTH = 1000;

/**
 * The heap check (heap.ts, installed by the org's Apex service): run every so many statements
 * and when the entry point's frame finishes, while its locals are still live.
 */
export const heapCheck: { run: ((f: Frame) => void) | null } = { run: null };

export class Frame {
  readonly ctx: ExecContext;
  readonly method: MethodInfo | null;
  /** The class whose code runs (for sharing, name lookups in stack traces). */
  readonly cls: ClassInfo | null;
  readonly self: unknown;
  readonly locals: unknown[];
  /** What this frame's stack line names: `Class.X.y`, `AnonymousBlock`. */
  readonly label: string;
  line = 0;
  column = 0;
  ret: unknown = null;

  constructor(
    ctx: ExecContext,
    method: MethodInfo | null,
    cls: ClassInfo | null,
    self: unknown,
    localCount: number,
    label: string,
  ) {
    this.ctx = ctx;
    this.method = method;
    this.cls = cls;
    this.self = self;
    this.locals = new Array<unknown>(localCount).fill(null);
    this.label = label;
  }
}

export interface DebugLine {
  level: string;
  line: number;
  message: string;
}

export class ExecContext {
  /** The running user; System.runAs changes it in tests. */
  session: Session;
  readonly limits: Limits = {
    soqlQueries: 0,
    queryRows: 0,
    dmlStatements: 0,
    dmlRows: 0,
    statements: 0,
    heapPeak: 0,
  };
  maximums: LimitMaximums;
  readonly statics = new Map<ClassInfo, unknown[]>();
  readonly frames: Frame[] = [];
  readonly debug: DebugLine[] = [];
  /** Set for a test method's transaction. */
  isTest = false;
  /** Running a Batch Apex job (System.isBatch()). */
  inBatch = false;
  /**
   * A test without SeeAllData: per table, the largest rowid of the org's own records, which the
   * test's queries do not see.
   */
  hiddenUpTo: Map<string, number> | null = null;
  /** Per-transaction caches of the platform (users' access, ...). */
  readonly cache = new Map<string, unknown>();
  /** DML so far touched setup objects / other objects (mixed DML). */
  touchedSetup = false;
  touchedData = false;
  /** Anything the transaction leaves to run after it commits (Batch Apex). */
  readonly afterCommit: (() => void)[] = [];
  readonly startedAt = Date.now();

  constructor(session: Session, maximums: LimitMaximums = SYNC_LIMITS) {
    this.session = session;
    this.maximums = maximums;
  }

  get top(): Frame | undefined {
    return this.frames[this.frames.length - 1];
  }

  /** `Class.X.y: line N, column M` for each frame, innermost first. */
  stackTrace(): string[] {
    const lines: string[] = [];
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i];
      if (!f.label) continue;
      lines.push(`${f.label}: line ${f.line}, column ${f.column}`);
    }
    return lines;
  }
}
