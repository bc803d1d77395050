/**
 * Apply: sends the owner changes of a plan, under the journal. Up to BULK_THRESHOLD changes go
 * through sObject Collections (200 a call), more through Bulk API 2.0 jobs (`--api` chooses);
 * with --notify, through the Channel Kit Apex endpoint that sends the owner-change e-mail; with
 * an assignment rule, the rule picks the owners. The same stage applies a reassign run and its
 * undo.
 */
import { rm } from 'node:fs/promises';
import { progressBar } from '../../cli/progress.ts';
import type { ProgressBar } from '../../cli/progress.ts';
import {
  applyByBulk,
  BulkJobs,
  ChunkWriter,
  FIRST_JOB_ROWS,
  JOB_GROWTH,
  PARALLEL_JOBS,
  ROWS_PER_JOB,
} from '../apply-bulk.ts';
import type { Chunk } from '../apply-bulk.ts';
import { applyByCollections, collectionsSender } from '../apply-collections.ts';
import type { OwnerChange } from '../apply-collections.ts';
import type { ApplyApi } from '../flags.ts';
import type { Journal } from '../journal.ts';
import { notifySender } from '../notify-endpoint.ts';
import type { PlanSummary, PlanWriter } from '../plan.ts';
import type { AssignmentRuleFacts } from '../assignment-rule.ts';
import { readFailures } from '../verify.ts';
import { baseOf } from './context.ts';
import type { Phase, RunContext } from './context.ts';
import { recordPlanned } from './journal.ts';

/** Above this many changes the Bulk API is cheaper in API calls than sObject Collections. */
export const BULK_THRESHOLD = 2000;

/** Whether changes go through Bulk API 2.0 (never with --notify, which has its endpoint). */
export function usesBulk(api: ApplyApi, notify: boolean, toChange: number): boolean {
  return !notify && (api === 'bulk' || (api === 'auto' && toChange > BULK_THRESHOLD));
}

export interface ApplyOptions {
  phase: Phase;
  bulk: boolean;
  notify: boolean;
  /** --assignment-rule: the rule picks each owner. */
  ruleId?: string;
  /** How many changes there are, for the progress bar. */
  total: number;
  /** The progress bar's label, and the plain line printed instead of it. */
  label: string;
  line: (done: number, failed: number) => string;
  /** Shows the failures so far beside the bar (Bulk API runs). */
  showFailed?: boolean;
  /** Bulk API runs: the success file, written as each job ends. */
  successFile?: string;
}

export interface Applied {
  succeeded: number;
  failed: { id: string; ownerId: string; error: string }[];
}

/** Sends the changes, with a progress bar at a terminal; the journal makes it resumable. */
export async function applyChanges(
  ctx: RunContext,
  journal: Journal,
  changes: AsyncIterable<OwnerChange>,
  options: ApplyOptions,
): Promise<Applied> {
  const { conn, output, countCall } = ctx;
  const bar = progressBar(output, options.label, options.total);
  const report = (done: number, failed: number) =>
    bar.active
      ? bar.update(done, options.showFailed ? { status: `${failed} failed` } : undefined)
      : output.info(options.line(done, failed));
  try {
    if (options.bulk) {
      const applied = await applyByBulk(conn, changes, journal, options.phase, {
        countCall,
        base: `${baseOf(journal.path)}${options.phase === 'undo' ? '.undo' : ''}`,
        ...(options.ruleId ? { assignmentRuleId: options.ruleId } : {}),
        ...(options.successFile ? { successFile: options.successFile } : {}),
        onProgress: report,
      });
      return { succeeded: applied.succeeded, failed: await readFailures(applied.failedFile) };
    }
    const ruleId = options.ruleId;
    return await applyByCollections(conn, changes, journal, options.phase, {
      countCall,
      onProgress: (done) => report(done, 0),
      ...(options.notify
        ? { send: notifySender(conn, { notify: true, targetOrg: ctx.targetOrg, countCall }) }
        : {}),
      ...(ruleId
        ? {
            send: collectionsSender(conn, countCall, ruleId),
            // After a crash a lead the rule moved has landed; one it left alone is sent again,
            // which runs the rule once more and changes nothing.
            landed: (change, ownerNow) =>
              ownerNow !== undefined && ownerNow !== change.ownerId.substring(0, 15),
          }
        : {}),
    });
  } finally {
    bar.stop();
  }
}

/** Chunk files of a finished Bulk run: the plan and the result files hold the same facts. */
export async function removeChunks(journal: Journal, phase: Phase = 'reassign'): Promise<void> {
  const chunks = journal.find('chunks', phase)?.chunks ?? [];
  const rests = journal.all('job', phase).flatMap((j) => (j.unprocessed ? [j.unprocessed] : []));
  const base = baseOf(journal.path) + (phase === 'undo' ? '.undo' : '');
  await Promise.all(
    [
      ...[...chunks, ...rests].map((c) => c.file),
      `${base}.chunk-retry.csv`,
      `${base}.failed.csv`,
    ].map((f) => rm(f, { force: true })),
  );
}

/** Whether a run can apply while it plans: Bulk API jobs, nobody to ask, no --notify. */
export function canStream(api: ApplyApi, notify: boolean): boolean {
  return !notify && api !== 'collections';
}

/** A count from the environment (for tests and experiments), else the default. */
function tuning(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/**
 * Apply while planning: a run nobody is asked about, with more than BULK_THRESHOLD changes (or
 * --api bulk), sends its changes through Bulk API jobs while the selection is still streaming in.
 * The changes go into chunk files as they are planned; a chunk goes to the org when it is full,
 * or early when the org is ready for it and it is large enough (the first small, each later one
 * JOB_GROWTH times larger), so the org works while the client reads and plans, in few jobs. The journal starts before the first job, and each chunk is journaled with how much
 * of the plan it and the chunks before it cover; the plan is recorded when the selection ends.
 * Until there are more than BULK_THRESHOLD changes (with --api auto) nothing is sent or
 * journaled, and a smaller run goes on as before: plan, journal, sObject Collections.
 */
export class StreamedApply {
  private readonly ctx: RunContext;
  private readonly options: {
    api: ApplyApi;
    ruleId?: string;
    start: () => Journal;
  };
  private readonly rowsPerJob = tuning('CHANNELKIT_ROWS_PER_JOB', ROWS_PER_JOB);
  private readonly firstJobRows = tuning('CHANNELKIT_FIRST_JOB_ROWS', FIRST_JOB_ROWS);
  private readonly chunks: Chunk[] = [];
  private early: OwnerChange[] = [];
  private journal: Journal | null = null;
  private writer: ChunkWriter | null = null;
  private jobs: BulkJobs | null = null;
  private bar: ProgressBar | null = null;
  private latest: [number, number] = [0, 0];

  constructor(
    ctx: RunContext,
    options: { api: ApplyApi; ruleId?: string; start: () => Journal },
    resumed?: Journal,
  ) {
    this.ctx = ctx;
    this.options = options;
    if (resumed) {
      // A run that stopped while planning: its journaled chunks go (or are picked up) first.
      this.begin(resumed);
      for (const { file, rows } of resumed.all('chunk', 'reassign')) {
        this.chunks.push({ file, rows });
        this.jobs!.add({ file, rows });
      }
      this.writer = new ChunkWriter(this.base, this.chunks.length);
    }
  }

  /** The journal, once the run has started sending. */
  get started(): Journal | null {
    return this.journal;
  }

  private get base(): string {
    return baseOf(this.journal!.path);
  }

  private begin(journal: Journal): void {
    this.journal = journal;
    this.writer = new ChunkWriter(this.base);
    this.jobs = new BulkJobs(this.ctx.conn, journal, 'reassign', {
      countCall: this.ctx.countCall,
      base: this.base,
      parallelJobs: tuning('CHANNELKIT_PARALLEL_JOBS', PARALLEL_JOBS),
      // A rule run's success file holds the owners read back afterwards (recordRuleOwners).
      ...(this.options.ruleId
        ? { assignmentRuleId: this.options.ruleId }
        : { successFile: `${this.base}.success.csv` }),
      onProgress: (processed, failed) => this.progress(processed, failed),
    });
  }

  private progress(processed: number, failed: number): void {
    this.latest = [processed, failed];
    if (!this.bar) return;
    if (this.bar.active) this.bar.update(processed, { status: `${failed} failed` });
    else this.ctx.output.info(`  Bulk API: ${processed} processed, ${failed} failed`);
  }

  /** Takes a planned change; true when something must happen before the next (await act()). */
  offer(change: OwnerChange): boolean {
    if (!this.writer) {
      this.early.push(change);
      return this.options.api === 'bulk' || this.early.length > BULK_THRESHOLD;
    }
    this.writer.write(change);
    return this.writer.rows >= this.rowsPerJob;
  }

  /** Starts sending once the run is known to go through Bulk API; cuts a full chunk. */
  async act(plan: PlanWriter): Promise<void> {
    if (!this.writer) {
      this.begin(this.options.start());
      for (const change of this.early) this.writer!.write(change);
      this.early = [];
    }
    await this.writer!.settle();
    if (this.writer!.rows >= this.rowsPerJob) await this.cut(plan);
  }

  /**
   * After each batch of leads: keeps the org busy, handing over a chunk when it would go to the
   * org at once (nothing processing, or nothing uploaded ahead of the job that is) and is large
   * enough (cutAt).
   */
  async afterBatch(plan: PlanWriter): Promise<void> {
    if (!this.writer || !this.jobs) return;
    await this.writer.settle();
    this.jobs.check();
    if (this.writer.rows >= this.cutAt() && this.jobs.ready) await this.cut(plan);
  }

  /**
   * The rows a chunk needs before it goes early: FIRST_JOB_ROWS while the org has none of the
   * run's jobs; JOB_GROWTH times the largest chunk so far while it has one, so the run sends a
   * few jobs that grow rather than one each time the org is ready.
   */
  private cutAt(): number {
    if (this.jobs!.idle) return this.firstJobRows;
    const largest = this.chunks.reduce((most, chunk) => Math.max(most, chunk.rows), 0);
    return Math.min(this.rowsPerJob, Math.max(this.firstJobRows, JOB_GROWTH * largest));
  }

  /** Journals the chunk being written with the part of the plan it closes, and sends it. */
  private async cut(plan: PlanWriter): Promise<void> {
    await plan.flush(true);
    const chunk = await this.writer!.cut();
    if (!chunk) return;
    this.journal!.append({
      type: 'chunk',
      phase: 'reassign',
      file: chunk.file,
      rows: chunk.rows,
      plan: plan.mark(),
    });
    this.chunks.push(chunk);
    this.jobs!.add(chunk);
  }

  /** The selection has ended: sends the last chunk and records the plan (when sending). */
  async endPlanning(
    plan: PlanWriter,
    summary: PlanSummary,
    rule: AssignmentRuleFacts | null,
  ): Promise<void> {
    if (!this.journal) return;
    await this.cut(plan);
    this.journal.append({ type: 'chunks', phase: 'reassign', chunks: this.chunks });
    recordPlanned(this.journal, summary, rule);
  }

  /** Waits for the jobs (with a progress bar from here on) and reads their failures. */
  async finish(total: number): Promise<Applied> {
    this.bar = progressBar(this.ctx.output, 'Bulk API', total);
    this.progress(...this.latest);
    try {
      const applied = await this.jobs!.finish();
      return { succeeded: applied.succeeded, failed: await readFailures(applied.failedFile) };
    } finally {
      this.bar.stop();
    }
  }

  /** Planning failed: no new job starts; those already sent finish (they are journaled). */
  async abandon(): Promise<void> {
    await this.jobs?.abandon();
  }
}
