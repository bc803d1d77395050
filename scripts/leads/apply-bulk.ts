/**
 * Applies owner changes through Bulk API 2.0 ingest jobs. The changes are split into chunk files
 * kept well under the 150 MB upload cap, each uploaded as a stream, so the client's memory does not
 * grow with the number of leads. Chunks can be handed over while they are still being planned
 * (BulkJobs.add): a job starts as soon as its chunk is complete, while the next fills up. A
 * bounded number of jobs run at once; polls follow the job's rate. Every job is journaled as soon
 * as it exists, so a rerun after a crash or kill -9 checks each job's state instead of sending its
 * rows again. Rows that failed with UNABLE_TO_LOCK_ROW go once more, in a final job. Optionally an
 * assignment rule picks the owners (assignmentRuleId): the rows then carry each lead's current
 * owner, because a Bulk update needs a field to write besides Id.
 */
import { createReadStream, statSync } from 'node:fs';
import type { Connection } from '@salesforce/core';
import { CliError } from '../cli/errors.ts';
import { CsvFileWriter, csvBatches, csvFileBatches, READ_PIECE } from './csv.ts';
import type { Journal } from './journal.ts';
import type { OwnerChange } from './plan.ts';
import { acceptEncoding } from './bulk-query.ts';
import { orgRequest } from './org-http.ts';
import { pollUntil } from './poll.ts';
import { timing } from './timing.ts';

/**
 * Rows per job: at about 38 bytes a row, 2M rows are 76 MB of CSV, about 101 MB once the org
 * base64-encodes it, under the 150 MB cap on a job's upload. Every job costs three calls
 * (create, upload, close) plus its polls, so jobs are as large as the cap allows.
 */
export const ROWS_PER_JOB = 2_000_000;
/**
 * While none of the run's jobs is with the org, a chunk being planned goes as soon as it holds
 * this many rows rather than waiting to fill: the org starts work early, and the rest of the
 * selection fills the next chunk meanwhile.
 */
export const FIRST_JOB_ROWS = 50_000;
/**
 * A chunk handed over while a job is with the org holds at least this many times the rows of the
 * largest chunk before it (up to ROWS_PER_JOB): each job gives the org work for as long as the
 * client takes to plan and upload a chunk this much larger, so jobs grow geometrically and a
 * run of N rows needs about log4(N / FIRST_JOB_ROWS) jobs instead of one every time the org is
 * ready for more.
 */
export const JOB_GROWTH = 4;
/**
 * Jobs the org processes at once. One: a local org processes on one thread, where two jobs
 * interleave and go slower than one (the benchmark measured 10.7k rows/s for two against 15.5k
 * for one), and a real org splits each job into batches it processes in parallel anyway.
 */
export const PARALLEL_JOBS = 1;
/**
 * Jobs created and uploaded ahead of those processing: each is closed (UploadComplete) the moment
 * a job ends, so the org goes straight on to it instead of waiting for its upload.
 */
export const JOBS_AHEAD = 1;
const LOCK_ERROR = 'UNABLE_TO_LOCK_ROW';

export interface BulkApplyOptions {
  countCall: () => void;
  /** Rows processed and failed so far, over all jobs of the run. */
  onProgress?: (processed: number, failed: number) => void;
  rowsPerJob?: number;
  parallelJobs?: number;
  pollMs?: { first: number; max: number };
  assignmentRuleId?: string;
  /** Where chunk files and result files go: `<base>.chunk-N.csv`, `<base>.job-N.failed.csv`. */
  base: string;
  /**
   * Data Loader's success file (Id, OwnerId, Status), written chunk by chunk as each job ends,
   * while the org works on the next: every row of the chunk but those the job failed.
   */
  successFile?: string;
}

export interface BulkApplyResult {
  succeeded: number;
  failed: number;
  /** CSV (Id, OwnerId, Error) of rows that failed for good. */
  failedFile: string;
}

interface JobInfo {
  id: string;
  state: string;
  numberRecordsProcessed: number;
  numberRecordsFailed: number;
  errorMessage?: string;
}

type JobEntry = {
  chunk: string;
  jobId: string;
  state: 'created' | 'closed' | 'done';
  rows: number;
  failed?: number;
  unprocessed?: Chunk;
};

function jobsPath(conn: Connection, suffix = ''): string {
  return `/services/data/v${conn.getApiVersion()}/jobs/ingest${suffix}`;
}

export interface Chunk {
  file: string;
  rows: number;
}

/** Writes changes into chunk files, `<base>.chunk-N.csv`, one after the other. */
export class ChunkWriter {
  private readonly base: string;
  private index: number;
  private writer: CsvFileWriter | null = null;
  private current: Chunk | null = null;
  private pending: Promise<void> | undefined;

  /** `after`: how many chunks there are already (a resumed run continues their numbering). */
  constructor(base: string, after = 0) {
    this.base = base;
    this.index = after;
  }

  /** Rows in the chunk being written. */
  get rows(): number {
    return this.current?.rows ?? 0;
  }

  /** Queues a change; settle() honours the file's back-pressure. */
  write(change: OwnerChange): void {
    if (!this.writer) {
      this.index += 1;
      this.current = { file: `${this.base}.chunk-${this.index}.csv`, rows: 0 };
      this.writer = new CsvFileWriter(this.current.file, ['Id', 'OwnerId']);
    }
    this.current!.rows += 1;
    this.pending = this.writer.write([change.id, change.ownerId]) ?? this.pending;
  }

  async settle(): Promise<void> {
    const pending = this.pending;
    this.pending = undefined;
    await pending;
  }

  /** Ends the chunk being written (on disk, synced) and returns it; null when there is none. */
  async cut(): Promise<Chunk | null> {
    if (!this.writer || !this.current) return null;
    await this.writer.flush(true);
    await this.writer.close();
    const chunk = this.current;
    this.writer = null;
    this.current = null;
    return chunk;
  }
}

/** Writes the changes into chunk files; returns each file and its row count. */
async function writeChunks(
  changes: AsyncIterable<OwnerChange>,
  base: string,
  rowsPerJob: number,
): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  const writer = new ChunkWriter(base);
  for await (const change of changes) {
    writer.write(change);
    await writer.settle();
    if (writer.rows === rowsPerJob) chunks.push((await writer.cut())!);
  }
  const last = await writer.cut();
  if (last) chunks.push(last);
  return chunks;
}

async function createJob(conn: Connection, options: BulkApplyOptions): Promise<JobInfo> {
  options.countCall();
  return conn.request<JobInfo>({
    method: 'POST',
    url: jobsPath(conn),
    body: JSON.stringify({
      object: 'Lead',
      operation: 'update',
      lineEnding: 'LF',
      columnDelimiter: 'COMMA',
      ...(options.assignmentRuleId ? { assignmentRuleId: options.assignmentRuleId } : {}),
    }),
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
}

async function upload(
  conn: Connection,
  jobId: string,
  file: string,
  countCall: () => void,
): Promise<void> {
  countCall();
  const response = await orgRequest(conn, jobsPath(conn, `/${jobId}/batches`), {
    method: 'PUT',
    headers: { 'Content-Type': 'text/csv' },
    body: { stream: createReadStream(file), length: statSync(file).size },
  });
  // Read to the end either way: an unread answer holds its socket, and the process, open.
  const answer = await response.text();
  if (response.status !== 201) {
    throw new CliError(
      'BulkUploadFailed',
      `Uploading to job ${jobId} failed with HTTP ${response.status}: ${answer}`,
      {
        hint: 'Run the same command again with the same --journal to retry.',
      },
    );
  }
}

async function setState(
  conn: Connection,
  jobId: string,
  state: 'UploadComplete' | 'Aborted',
  countCall: () => void,
): Promise<JobInfo> {
  countCall();
  return conn.request<JobInfo>({
    method: 'PATCH',
    url: jobsPath(conn, `/${jobId}`),
    body: JSON.stringify({ state }),
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
}

/** When a job should finish, from how fast its processed count has been rising. */
export class RateEstimate {
  private readonly total: number;
  private first: { at: number; processed: number } | null = null;
  private last: { at: number; processed: number } | null = null;

  constructor(total: number) {
    this.total = total;
  }

  observe(processed: number, at = Date.now()): void {
    if (processed <= 0) return;
    this.first ??= { at, processed };
    this.last = { at, processed };
  }

  /** Milliseconds left at the rate seen so far (plus a tenth of a second), or null before any. */
  msLeft(): number | null {
    if (!this.first || !this.last || this.last.processed <= this.first.processed) return null;
    const perMs = (this.last.processed - this.first.processed) / (this.last.at - this.first.at);
    return Math.round(Math.max(0, this.total - this.last.processed) / perMs) + 100;
  }
}

async function info(conn: Connection, jobId: string, countCall: () => void): Promise<JobInfo> {
  countCall();
  return conn.request<JobInfo>(jobsPath(conn, `/${jobId}`));
}

/** Streams a job's failed rows: [Id, OwnerId, sf__Error]. */
function failedRows(
  conn: Connection,
  jobId: string,
  countCall: () => void,
): AsyncGenerator<[string, string, string]> {
  return resultRows(conn, jobId, 'failedResults', countCall);
}

/** Streams a job's result rows (failedResults or unprocessedrecords): [Id, OwnerId, sf__Error]. */
async function* resultRows(
  conn: Connection,
  jobId: string,
  result: 'failedResults' | 'unprocessedrecords',
  countCall: () => void,
): AsyncGenerator<[string, string, string]> {
  countCall();
  const response = await orgRequest(conn, jobsPath(conn, `/${jobId}/${result}`), {
    headers: { Accept: 'text/csv', 'Accept-Encoding': acceptEncoding(conn) },
  });
  if (response.status !== 200) {
    response.body.resume();
    throw new CliError(
      'BulkResultsFailed',
      `Reading ${result} of job ${jobId} failed with HTTP ${response.status}.`,
    );
  }
  let columns: string[] | null = null;
  for await (const rows of csvBatches(response.body)) {
    for (const row of rows) {
      if (!columns) {
        columns = row;
        continue;
      }
      const at = (name: string) => {
        const index = columns!.indexOf(name);
        return index === -1 ? '' : (row[index] ?? '');
      };
      yield [at('Id'), at('OwnerId'), at('sf__Error')];
    }
  }
}

/** Processing slots, taken in the order asked for; take() resolves to the slot's release. */
export class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(count: number) {
    this.free = count;
  }

  async take(): Promise<() => void> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    };
  }
}

/**
 * Runs one chunk's job to the end, resuming from whatever the journal knows of it. A new job is
 * created and its chunk uploaded first; it is closed (and so processed) once `slot` gives it a
 * processing slot, which it holds until the job ends.
 */
async function runChunk(
  conn: Connection,
  journal: Journal,
  phase: 'reassign' | 'undo',
  chunk: Chunk,
  known: JobEntry | undefined,
  options: BulkApplyOptions,
  report: (processed: number, failed: number) => void,
  slot: () => Promise<(() => void) | undefined>,
): Promise<JobInfo | undefined> {
  let jobId = known?.jobId;
  let state = known?.state;
  // A job from before this run (journaled) that ended Failed or Aborted is handed back, so its
  // unprocessed rows go again; one this run started stops the run with the reason.
  let fromJournal = jobId !== undefined;
  if (jobId && state === 'created') {
    // Created but maybe half uploaded: nothing was applied yet, so abort it and start clean.
    const current = await info(conn, jobId, options.countCall);
    if (current.state === 'Open') {
      await setState(conn, jobId, 'Aborted', options.countCall);
      jobId = undefined;
      fromJournal = false;
    } else {
      state = 'closed';
    }
  }
  let release: (() => void) | undefined;
  try {
    if (!jobId) {
      const job = await createJob(conn, options);
      jobId = job.id;
      timing(`job ${jobId} created (${chunk.rows} rows)`);
      journal.append({
        type: 'job',
        phase,
        chunk: chunk.file,
        jobId,
        state: 'created',
        rows: chunk.rows,
      });
      await upload(conn, jobId, chunk.file, options.countCall);
      timing(`job ${jobId} uploaded`);
      release = await slot();
      if (!release) return undefined;
      await setState(conn, jobId, 'UploadComplete', options.countCall);
      timing(`job ${jobId} closed`);
      journal.append({
        type: 'job',
        phase,
        chunk: chunk.file,
        jobId,
        state: 'closed',
        rows: chunk.rows,
      });
    } else {
      // Closed before a crash: the org has it (processing, or done).
      release = await slot();
      if (!release) return undefined;
    }
    const done = await waitForJob(conn, jobId, chunk, options, report);
    if (done.state !== 'JobComplete' && !fromJournal) throw jobFailed(done);
    return done;
  } finally {
    release?.();
  }
}

function jobFailed(job: JobInfo): CliError {
  return new CliError(
    'BulkJobFailed',
    `Bulk job ${job.id} ended ${job.state}: ${job.errorMessage ?? 'no reason given'}.`,
    {
      hint: 'Run the same command again with the same --journal: rows the job did not process are sent again, the others are not.',
    },
  );
}

/** Polls a closed job until it ends (completed, failed or aborted). */
async function waitForJob(
  conn: Connection,
  jobId: string,
  chunk: Chunk,
  options: BulkApplyOptions,
  report: (processed: number, failed: number) => void,
): Promise<JobInfo> {
  const id = jobId;
  const rate = new RateEstimate(chunk.rows);
  const done = await pollUntil(
    async () => {
      const current = await info(conn, id, options.countCall);
      report(current.numberRecordsProcessed, current.numberRecordsFailed);
      rate.observe(current.numberRecordsProcessed);
      return ['JobComplete', 'Failed', 'Aborted'].includes(current.state) ? current : null;
    },
    {
      ...(options.pollMs ?? { first: 1000, max: 5000 }),
      timeoutMs: 6 * 60 * 60_000,
      eta: () => rate.msLeft(),
    },
  );
  timing(
    `job ${id} ${done.state}, org processing ${(done as { totalProcessingTime?: number }).totalProcessingTime ?? '?'} ms`,
  );
  return done;
}

/**
 * The jobs of one phase of a run. Chunks are added as they are complete (all at once, or while
 * the plan is still being written); each runs as a job of its own, a few at a time, resuming from
 * whatever the journal knows of it. finish() waits for them all, sends the rows that met a lock
 * once more, and returns the outcome.
 */
export class BulkJobs {
  private readonly conn: Connection;
  private readonly journal: Journal;
  private readonly phase: 'reassign' | 'undo';
  private readonly options: BulkApplyOptions;
  private readonly known = new Map<string, JobEntry>();
  private readonly queue: Chunk[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly progress = new Map<string, [number, number]>();
  private readonly failures: CsvFileWriter;
  private readonly retry: CsvFileWriter;
  private readonly successes: CsvFileWriter | null;
  private readonly failedFile: string;
  private readonly retryFile: string;
  private failure: { error: unknown } | null = null;
  private slots: Slots | null = null;
  private retryRows = 0;
  private succeeded = 0;
  private failed = 0;

  constructor(
    conn: Connection,
    journal: Journal,
    phase: 'reassign' | 'undo',
    options: BulkApplyOptions,
  ) {
    this.conn = conn;
    this.journal = journal;
    this.phase = phase;
    this.options = options;
    for (const e of journal.entries)
      if (e.type === 'job' && e.phase === phase) this.known.set(e.chunk, e);
    this.failedFile = `${options.base}.failed.csv`;
    this.failures = new CsvFileWriter(this.failedFile, ['Id', 'OwnerId', 'Error']);
    this.retryFile = `${options.base}.chunk-retry.csv`;
    this.retry = new CsvFileWriter(this.retryFile, ['Id', 'OwnerId']);
    this.successes = options.successFile
      ? new CsvFileWriter(options.successFile, ['Id', 'OwnerId', 'Status'])
      : null;
  }

  /** True when none of the run's chunks waits for a job or is being processed. */
  get idle(): boolean {
    return this.queue.length === 0 && this.running.size === 0;
  }

  /**
   * True when a chunk handed over now would go to the org at once: processed, or uploaded ahead
   * to be processed the moment the running job ends.
   */
  get ready(): boolean {
    return this.queue.length === 0 && this.running.size < this.parallel + JOBS_AHEAD;
  }

  private get parallel(): number {
    return this.options.parallelJobs ?? PARALLEL_JOBS;
  }

  /** Throws what stopped a job, if one has. */
  check(): void {
    if (this.failure) throw this.failure.error;
  }

  /** Starts the chunk's job as soon as fewer than the allowed number are running. */
  add(chunk: Chunk): void {
    this.queue.push(chunk);
    this.pump();
  }

  private pump(): void {
    // Up to JOBS_AHEAD more than may process are created and uploaded; slots gate the close.
    while (
      !this.failure &&
      this.running.size < this.parallel + JOBS_AHEAD &&
      this.queue.length > 0
    ) {
      const chunk = this.queue.shift()!;
      const job: Promise<void> = this.settle(chunk, false)
        .catch((error: unknown) => {
          this.failure ??= { error };
        })
        .finally(() => {
          this.running.delete(job);
          this.pump();
        });
      this.running.add(job);
    }
  }

  /**
   * A processing slot for a job that is uploaded; undefined when the run has stopped meanwhile
   * (the job stays open and journaled as created: a rerun aborts it and sends its rows again).
   */
  private async slot(): Promise<(() => void) | undefined> {
    this.slots ??= new Slots(this.parallel);
    const release = await this.slots.take();
    if (!this.failure) return release;
    release();
    return undefined;
  }

  private report(file: string, processed: number, failedRows: number): void {
    this.progress.set(file, [processed, failedRows]);
    let sum = 0;
    let sumFailed = 0;
    for (const [p, f] of this.progress.values()) {
      sum += p;
      sumFailed += f;
    }
    this.options.onProgress?.(sum, sumFailed);
  }

  private async settle(chunk: Chunk, final: boolean): Promise<void> {
    const { conn, journal, phase, options } = this;
    const entry = this.known.get(chunk.file);
    const report = (processed: number, failedRows: number) =>
      this.report(chunk.file, processed, failedRows);
    if (entry?.state === 'done') report(chunk.rows, entry.failed ?? 0);
    const done =
      entry?.state === 'done'
        ? null
        : await runChunk(conn, journal, phase, chunk, entry, options, report, () => this.slot());
    if (done === undefined) return;
    const jobId = done?.id ?? entry!.jobId;
    // A journaled job that ended Failed or Aborted: the rows it did not process go in a job of
    // their own (its rest), saved and journaled with this job, so a crash from here resumes it.
    const unprocessed =
      done && done.state !== 'JobComplete'
        ? await this.saveUnprocessed(jobId)
        : (entry?.unprocessed ?? null);
    // A job that failed no row has no failed results to read: that saves a call per job.
    const failedInJob = done ? done.numberRecordsFailed : (entry!.failed ?? 1);
    let chunkFailed = 0;
    const failedIds = new Set<string>();
    if (failedInJob > 0) {
      for await (const [id, ownerId, error] of failedRows(conn, jobId, options.countCall)) {
        chunkFailed += 1;
        failedIds.add(id.substring(0, 15));
        if (!final && error.startsWith(LOCK_ERROR)) {
          this.retryRows += 1;
          await this.retry.write([id, ownerId]);
        } else {
          this.failed += 1;
          await this.failures.write([id, ownerId, error]);
        }
      }
    }
    this.succeeded += chunk.rows - (unprocessed?.rows ?? 0) - chunkFailed;
    if (this.successes) {
      const notSaved = unprocessed ? await idsOf(unprocessed.file, failedIds) : failedIds;
      await this.writeSuccesses(chunk, notSaved);
    }
    if (entry?.state !== 'done')
      journal.append({
        type: 'job',
        phase,
        chunk: chunk.file,
        jobId,
        state: 'done',
        rows: chunk.rows,
        failed: chunkFailed,
        ...(unprocessed ? { unprocessed } : {}),
      });
    if (unprocessed) await this.settle(unprocessed, final);
  }

  /** Writes a job's unprocessed rows to `<base>.rest-<jobId>.csv` (synced); null if none. */
  private async saveUnprocessed(jobId: string): Promise<Chunk | null> {
    const file = `${this.options.base}.rest-${jobId}.csv`;
    const writer = new CsvFileWriter(file, ['Id', 'OwnerId']);
    let rows = 0;
    try {
      for await (const [id, ownerId] of resultRows(
        this.conn,
        jobId,
        'unprocessedrecords',
        this.options.countCall,
      )) {
        rows += 1;
        await writer.write([id, ownerId]);
      }
      await writer.flush(true);
    } finally {
      await writer.close();
    }
    return rows > 0 ? { file, rows } : null;
  }

  private async writeSuccesses(chunk: Chunk, failedIds: Set<string>): Promise<void> {
    if (failedIds.size === 0) return this.writeAllSucceeded(chunk.file);
    let header = true;
    for await (const rows of csvFileBatches(chunk.file)) {
      for (const [id, ownerId] of rows) {
        if (header) {
          header = false;
          continue;
        }
        if (!failedIds.has(id.substring(0, 15)))
          await this.successes!.write([id, ownerId, 'Item Updated']);
      }
    }
  }

  /**
   * Every row of the chunk succeeded (the usual case, and the last job's is on the run's critical
   * path): its lines, which our ChunkWriter wrote as plain `Id,OwnerId` (Ids need no quotes), go
   * to the success file text for text with the status added, without parsing a row.
   */
  private async writeAllSucceeded(file: string): Promise<void> {
    let header = true;
    for await (const piece of createReadStream(file, {
      encoding: 'utf8',
      highWaterMark: READ_PIECE,
    })) {
      let text = piece as string;
      if (header) {
        header = false;
        text = text.slice(text.indexOf('\n') + 1);
      }
      await this.successes!.writeText(text.replaceAll('\n', ',Item Updated\n'));
    }
  }

  /** Waits for every job, sends locked rows once more, and closes the result files. */
  async finish(): Promise<BulkApplyResult> {
    while (this.running.size > 0) await Promise.all(this.running);
    if (this.failure) {
      await this.closeFiles();
      throw this.failure.error;
    }
    await this.retry.close();
    try {
      if (this.retryRows > 0)
        await this.settle({ file: this.retryFile, rows: this.retryRows }, true);
    } finally {
      await Promise.all([this.failures.close(), this.successes?.close()]);
    }
    return { succeeded: this.succeeded, failed: this.failed, failedFile: this.failedFile };
  }

  /** After a failure elsewhere: no new job starts; waits for those in flight (all journaled). */
  async abandon(): Promise<void> {
    this.queue.length = 0;
    while (this.running.size > 0) await Promise.all(this.running);
    await this.closeFiles();
  }

  private async closeFiles(): Promise<void> {
    await Promise.all([this.retry.close(), this.failures.close(), this.successes?.close()]).catch(
      () => undefined,
    );
  }
}

/** The 15-character Ids of a chunk file's rows, added to `to`. */
async function idsOf(file: string, to: Set<string>): Promise<Set<string>> {
  const ids = new Set(to);
  let header = true;
  for await (const rows of csvFileBatches(file)) {
    for (const [id] of rows) {
      if (header) header = false;
      else ids.add(id.substring(0, 15));
    }
  }
  return ids;
}

/** Applies changes whose chunks are written first (or were, before a crash) and journaled. */
export async function applyByBulk(
  conn: Connection,
  changes: AsyncIterable<OwnerChange>,
  journal: Journal,
  phase: 'reassign' | 'undo',
  options: BulkApplyOptions,
): Promise<BulkApplyResult> {
  let chunks = journal.find('chunks', phase)?.chunks;
  if (!chunks) {
    chunks = await writeChunks(changes, options.base, options.rowsPerJob ?? ROWS_PER_JOB);
    journal.append({ type: 'chunks', phase, chunks });
  }
  const jobs = new BulkJobs(conn, journal, phase, options);
  for (const chunk of chunks) jobs.add(chunk);
  return jobs.finish();
}
