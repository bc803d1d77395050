/**
 * Applies owner changes through Bulk API 2.0 ingest jobs. The changes are split into chunk files
 * kept well under the 150 MB upload cap, each uploaded as a stream, so the client's memory does not
 * grow with the number of leads. A bounded number of jobs run at once; polls back off. Every job is
 * journaled as soon as it exists, so a rerun after a crash or kill -9 checks each job's state
 * instead of sending its rows again. Rows that failed with UNABLE_TO_LOCK_ROW go once more, in a
 * final job. Optionally an assignment rule picks the owners (assignmentRuleId): the rows then
 * carry each lead's current owner, because a Bulk update needs a field to write besides Id.
 */
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { parse } from 'csv-parse';
import type { Connection } from '@salesforce/core';
import { CliError } from '../cli/errors.ts';
import type { OwnerChange } from './apply-collections.ts';
import type { Journal } from './journal.ts';
import { CsvFileWriter } from './plan.ts';
import { pollUntil } from './poll.ts';

/** Rows per job: about 38 bytes a row keeps a job near 40 MB, far under the 150 MB cap. */
export const ROWS_PER_JOB = 1_000_000;
export const PARALLEL_JOBS = 2;
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
};

function jobsPath(conn: Connection, suffix = ''): string {
  return `/services/data/v${conn.getApiVersion()}/jobs/ingest${suffix}`;
}

/** Writes the changes into chunk files; returns each file and its row count. */
async function writeChunks(changes: AsyncIterable<OwnerChange>, base: string, rowsPerJob: number) {
  const chunks: { file: string; rows: number }[] = [];
  let writer: CsvFileWriter | null = null;
  for await (const change of changes) {
    if (!writer || chunks[chunks.length - 1].rows === rowsPerJob) {
      await writer?.close();
      const file = `${base}.chunk-${chunks.length + 1}.csv`;
      writer = new CsvFileWriter(file, ['Id', 'OwnerId']);
      chunks.push({ file, rows: 0 });
    }
    await writer.write([change.id, change.ownerId]);
    chunks[chunks.length - 1].rows += 1;
  }
  await writer?.close();
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
  const body = Readable.toWeb(createReadStream(file)) as unknown as ReadableStream<Uint8Array>;
  const response = await fetch(
    `${conn.instanceUrl.replace(/\/$/, '')}${jobsPath(conn, `/${jobId}/batches`)}`,
    {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${conn.accessToken}`,
        'Content-Type': 'text/csv',
        'Content-Length': String(statSync(file).size),
      },
      body,
      duplex: 'half',
    } as RequestInit,
  );
  if (response.status !== 201) {
    throw new CliError(
      'BulkUploadFailed',
      `Uploading to job ${jobId} failed with HTTP ${response.status}: ${await response.text()}`,
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
async function* failedRows(
  conn: Connection,
  jobId: string,
  countCall: () => void,
): AsyncGenerator<[string, string, string]> {
  countCall();
  const response = await fetch(
    `${conn.instanceUrl.replace(/\/$/, '')}${jobsPath(conn, `/${jobId}/failedResults`)}`,
    {
      headers: {
        Authorization: `Bearer ${conn.accessToken}`,
        Accept: 'text/csv',
        'Accept-Encoding': 'gzip',
      },
    },
  );
  if (!response.ok || !response.body)
    throw new CliError(
      'BulkResultsFailed',
      `Reading failures of job ${jobId} failed with HTTP ${response.status}.`,
    );
  const rows = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>).pipe(
    parse({ columns: true, bom: true }),
  );
  for await (const row of rows as AsyncIterable<Record<string, string>>)
    yield [row.Id, row.OwnerId ?? '', row.sf__Error];
}

/** Runs one chunk's job to the end, resuming from whatever the journal knows of it. */
async function runChunk(
  conn: Connection,
  journal: Journal,
  phase: 'reassign' | 'undo',
  chunk: { file: string; rows: number },
  known: JobEntry | undefined,
  options: BulkApplyOptions,
  report: (processed: number, failed: number) => void,
): Promise<JobInfo> {
  let jobId = known?.jobId;
  let state = known?.state;
  if (jobId && state === 'created') {
    // Created but maybe half uploaded: nothing was applied yet, so abort it and start clean.
    const current = await info(conn, jobId, options.countCall);
    if (current.state === 'Open') {
      await setState(conn, jobId, 'Aborted', options.countCall);
      jobId = undefined;
    } else {
      state = 'closed';
    }
  }
  if (!jobId) {
    const job = await createJob(conn, options);
    jobId = job.id;
    journal.append({
      type: 'job',
      phase,
      chunk: chunk.file,
      jobId,
      state: 'created',
      rows: chunk.rows,
    });
    await upload(conn, jobId, chunk.file, options.countCall);
    await setState(conn, jobId, 'UploadComplete', options.countCall);
    journal.append({
      type: 'job',
      phase,
      chunk: chunk.file,
      jobId,
      state: 'closed',
      rows: chunk.rows,
    });
  }
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
  if (done.state !== 'JobComplete') {
    throw new CliError(
      'BulkJobFailed',
      `Bulk job ${id} ended ${done.state}: ${done.errorMessage ?? 'no reason given'}.`,
      {
        hint: 'Run the same command again with the same --journal: rows the job did not process are sent again, the others are not.',
      },
    );
  }
  return done;
}

export async function applyByBulk(
  conn: Connection,
  changes: AsyncIterable<OwnerChange>,
  journal: Journal,
  phase: 'reassign' | 'undo',
  options: BulkApplyOptions,
): Promise<BulkApplyResult> {
  const rowsPerJob = options.rowsPerJob ?? ROWS_PER_JOB;
  let chunks = journal.find('chunks', phase)?.chunks;
  if (!chunks) {
    chunks = await writeChunks(changes, options.base, rowsPerJob);
    journal.append({ type: 'chunks', phase, chunks });
  }
  const known = new Map<string, JobEntry>();
  for (const e of journal.entries) if (e.type === 'job' && e.phase === phase) known.set(e.chunk, e);

  const failedFile = `${options.base}.failed.csv`;
  const failures = new CsvFileWriter(failedFile, ['Id', 'OwnerId', 'Error']);
  const locked = `${options.base}.chunk-retry.csv`;
  const retry = new CsvFileWriter(locked, ['Id', 'OwnerId']);
  let retryRows = 0;
  let succeeded = 0;
  let failed = 0;
  const progress = new Map<string, [number, number]>();
  const reportOf = (file: string) => (processed: number, failedRows: number) => {
    progress.set(file, [processed, failedRows]);
    let sum = 0;
    let sumFailed = 0;
    for (const [p, f] of progress.values()) {
      sum += p;
      sumFailed += f;
    }
    options.onProgress?.(sum, sumFailed);
  };

  const settle = async (chunk: { file: string; rows: number }, final: boolean) => {
    const entry = known.get(chunk.file);
    const report = reportOf(chunk.file);
    if (entry?.state === 'done') report(chunk.rows, entry.failed ?? 0);
    const done =
      entry?.state === 'done'
        ? null
        : await runChunk(conn, journal, phase, chunk, entry, options, report);
    const jobId = done?.id ?? entry!.jobId;
    let chunkFailed = 0;
    for await (const [id, ownerId, error] of failedRows(conn, jobId, options.countCall)) {
      chunkFailed += 1;
      if (!final && error.startsWith(LOCK_ERROR)) {
        retryRows += 1;
        await retry.write([id, ownerId]);
      } else {
        failed += 1;
        await failures.write([id, ownerId, error]);
      }
    }
    succeeded += chunk.rows - chunkFailed;
    if (entry?.state !== 'done')
      journal.append({
        type: 'job',
        phase,
        chunk: chunk.file,
        jobId,
        state: 'done',
        rows: chunk.rows,
        failed: chunkFailed,
      });
  };

  const queue = [...chunks];
  const workers = Array.from(
    { length: Math.min(options.parallelJobs ?? PARALLEL_JOBS, queue.length) },
    async () => {
      for (let chunk = queue.shift(); chunk; chunk = queue.shift()) await settle(chunk, false);
    },
  );
  await Promise.all(workers);
  await retry.close();
  if (retryRows > 0) await settle({ file: locked, rows: retryRows }, true);
  await failures.close();
  return { succeeded, failed, failedFile };
}
