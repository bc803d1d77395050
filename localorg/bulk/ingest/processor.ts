/**
 * Processes an ingest job after UploadComplete: streams the uploaded CSV, runs it through the
 * DmlEngine (every platform rule applies) in units of at most 2,000 rows, updates the live counts,
 * writes the result files, and yields to the event loop between units so status polls are
 * answered. Honours the processing-rate setting, aborts, the lock-row and failing-job faults.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { setImmediate as nextTick } from 'node:timers/promises';
import { parse } from 'csv-parse';
import type { Session } from '../../auth/session.ts';
import type { SObjectDef } from '../../catalog/index.ts';
import type { DmlResult } from '../../dml/engine.ts';
import type { BulkJobFailure } from '../../faults/injector.ts';
import { delimiterOf, touch } from '../jobs.ts';
import { pace, unitSize } from '../pace.ts';
import type { IngestJob } from '../jobs.ts';
import type { BulkService } from '../service.ts';
import { JobFailure, planColumns } from './columns.ts';
import type { ColumnPlan } from './columns.ts';
import { planRows } from './operations.ts';
import type { ParsedRow, RowPlan } from './operations.ts';
import { ResultWriter } from './results.ts';
import { uploadFile } from './upload.ts';

/** Rows per DML call; counts move at least this often. */
const MAX_UNIT = 2000;
/** Rows drained to unprocessedrecords between flushes. */
const DRAIN_FLUSH = 5000;
/** Salesforce retries a failing batch 10 times before failing the job. */
const BATCH_RETRIES = 10;

/** Row errors that mean the Id itself was no good (so sf__Id stays empty). */
const UNUSABLE_ID_CODES = new Set([
  'MALFORMED_ID',
  'INVALID_CROSS_REFERENCE_KEY',
  'INVALID_ID_FIELD',
]);

interface RawRecord {
  record: string[];
  raw: string;
}

/** csv-parse's raw text, without skipped blank lines before it or its line ending. */
function cleanRaw(raw: string): string {
  return raw.replace(/^[\r\n]+/, '').replace(/[\r\n]+$/, '');
}

/** The line ending the data actually uses (from its first line), or null for a single line. */
async function detectNewline(path: string): Promise<'\n' | '\r\n' | null> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const at = buffer.subarray(0, bytesRead).indexOf(10);
    if (at < 0) return null;
    return at > 0 && buffer[at - 1] === 13 ? '\r\n' : '\n';
  } finally {
    await handle.close();
  }
}

/** The id a failed row reports: empty when the row's Id was unusable (and before API 53). */
function failedRowId(job: IngestJob, plan: RowPlan, result: DmlResult): string {
  if (Number(job.apiVersion) < 53 || plan.kind !== 'dml' || plan.created || !result.id) return '';
  const [error] = result.errors;
  const aboutId = error && (error.fields.length === 0 || error.fields.includes('Id'));
  const idUnusable = aboutId && UNUSABLE_ID_CODES.has(error.statusCode);
  return idUnusable ? '' : result.id;
}

class IngestRun {
  private readonly service: BulkService;
  private readonly job: IngestJob;
  private readonly writer: ResultWriter;
  private readonly started = Date.now();
  private readonly unitSize: number;
  private readonly fault: BulkJobFailure | null;
  private object!: SObjectDef;
  private session!: Session;
  private columns: ColumnPlan | null = null;
  private failure: string | null = null;
  private drained = 0;
  private processed = 0;

  constructor(service: BulkService, job: IngestJob) {
    this.service = service;
    this.job = job;
    this.writer = new ResultWriter(job);
    const { recordsPerSecond, batchSize } = service.settings;
    this.unitSize = unitSize(recordsPerSecond, Math.min(MAX_UNIT, batchSize));
    this.fault = service.faults?.bulkJobFailure('ingest') ?? null;
  }

  private get org() {
    return this.service.org;
  }

  private get aborted(): boolean {
    return this.job.state === 'Aborted';
  }

  async run(): Promise<void> {
    const { job } = this;
    // The close request is answered (UploadComplete) before processing starts.
    await nextTick();
    if (!this.aborted) {
      job.state = 'InProgress';
      touch(job, this.org.now());
    }
    try {
      await this.processFile();
    } catch (error) {
      if (!(error instanceof JobFailure)) throw error;
      this.failure ??= error.message;
    } finally {
      await this.writer.close();
      job.totalProcessingTime = Date.now() - this.started;
      if (!this.aborted && !this.service.closing) {
        if (this.failure !== null) {
          job.state = 'Failed';
          job.errorMessage = this.failure;
        } else {
          job.state = 'JobComplete';
        }
      }
      touch(job, this.org.now());
    }
  }

  private async processFile(): Promise<void> {
    const path = uploadFile(this.job, 0);
    if (!(await stat(path).catch(() => null))) return;
    const object = this.org.catalog.object(this.job.object);
    const session = this.org.sessionForUser(this.job.createdById);
    if (!object) throw new JobFailure(`InvalidJob : Unable to find object: ${this.job.object}`);
    if (!session) {
      throw new JobFailure('InvalidUser : the user who created the job is not active');
    }
    this.object = object;
    this.session = session;
    const actual = (await detectNewline(path)) ?? (this.job.lineEnding === 'CRLF' ? '\r\n' : '\n');
    if (actual !== (this.job.lineEnding === 'CRLF' ? '\r\n' : '\n')) {
      this.failure = `ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is ${this.job.lineEnding}`;
    }
    const parser = createReadStream(path).pipe(
      parse({
        delimiter: delimiterOf(this.job),
        record_delimiter: actual,
        raw: true,
        bom: true,
        skip_empty_lines: true,
      }),
    );
    let header = false;
    let unit: ParsedRow[] = [];
    try {
      for await (const item of parser as AsyncIterable<RawRecord>) {
        const row: ParsedRow = { record: item.record, raw: cleanRaw(item.raw) };
        if (!header) {
          header = true;
          this.writer.header(row.raw);
          if (this.failure === null) this.planHeader(row.record);
          continue;
        }
        if (this.service.closing) return;
        if (this.failure !== null || this.aborted) {
          await this.drain(row);
          continue;
        }
        unit.push(row);
        if (unit.length >= this.unitSize) {
          await this.processUnit(unit);
          unit = [];
        }
      }
    } catch (error) {
      if (error instanceof JobFailure) throw error;
      this.failure ??= `InvalidBatch : Failed to parse CSV: ${error instanceof Error ? error.message : String(error)}`;
      for (const row of unit) this.writer.notProcessed(row.raw);
      return;
    } finally {
      parser.destroy();
    }
    if (unit.length) await this.processUnit(unit);
  }

  private planHeader(names: string[]): void {
    try {
      this.columns = planColumns(this.org.catalog, this.object, this.job, names);
    } catch (error) {
      if (!(error instanceof JobFailure)) throw error;
      this.failure = error.message;
    }
  }

  private async drain(row: ParsedRow): Promise<void> {
    this.writer.notProcessed(row.raw);
    if (++this.drained % DRAIN_FLUSH === 0) await this.writer.flush();
  }

  private async processUnit(unit: ParsedRow[]): Promise<void> {
    if (this.aborted) {
      for (const row of unit) await this.drain(row);
      return;
    }
    let rows = unit;
    if (this.fault) {
      const allowed = this.fault.afterBatches * this.service.settings.batchSize - this.processed;
      if (allowed < rows.length) {
        const failedBatch = Math.floor(this.processed / this.service.settings.batchSize) + 1;
        rows = unit.slice(0, Math.max(0, allowed));
        for (const row of unit.slice(rows.length)) this.writer.notProcessed(row.raw);
        this.job.retries = BATCH_RETRIES;
        this.failure = `InternalServerError : Failed to process batch ${failedBatch} after ${BATCH_RETRIES} retries (injected fault fail-bulk-job)`;
      }
    }
    if (rows.length) this.applyRows(rows);
    await this.writer.flush();
    await pace(this.started, this.processed, this.service.settings.recordsPerSecond);
    await this.service.unitGate?.();
  }

  private applyRows(rows: ParsedRow[]): void {
    const { job, org } = this;
    const begun = performance.now();
    const plans = planRows(org.store, this.object, job, this.columns!, rows);
    const operations = plans.flatMap((p) => (p.kind === 'dml' ? [p.operation] : []));
    const results = operations.length
      ? org.dml.execute(this.session, operations, false, {
          assignmentRule: job.assignmentRuleId ?? false,
          contention: true,
        })
      : [];
    if (job.operation === 'hardDelete') {
      org.store.transaction(() => {
        for (const result of results) {
          if (result.success && result.id) org.store.deleteRow(this.object, result.id);
        }
      });
    }
    let next = 0;
    let failures = 0;
    plans.forEach((plan, i) => {
      const { raw } = rows[i];
      if (plan.kind === 'failed') {
        failures++;
        this.writer.failed(plan.id, plan.error, raw);
        return;
      }
      const result = results[next++];
      if (result.success) {
        this.writer.succeeded(result.id ?? '', plan.created, raw);
      } else {
        failures++;
        this.writer.failed(failedRowId(job, plan, result), result.errors[0], raw);
      }
    });
    this.processed += rows.length;
    job.numberRecordsProcessed += rows.length;
    job.numberRecordsFailed += failures;
    job.apiActiveProcessingTime += Math.round(performance.now() - begun);
    touch(job, org.now());
  }
}

/** Runs an ingest job to its end state (JobComplete, Failed, or stays Aborted). */
export function processIngestJob(service: BulkService, job: IngestJob): Promise<void> {
  return new IngestRun(service, job).run();
}
