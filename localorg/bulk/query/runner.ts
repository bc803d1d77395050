/**
 * Runs a query job: streams its rows from the store batch by batch into a CSV file (every value
 * quoted, nulls empty, relationship columns such as `Owner.Name`), with a side index of each row's
 * byte offset (8 bytes a row) so any page can be served with two reads and a ranged file stream.
 */
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { setImmediate as nextTick } from 'node:timers/promises';
import type { OutputColumn, RelationNode } from '../../soql/compile.ts';
import { apiValue } from '../../records.ts';
import type { Row } from '../../store/store.ts';
import { quoted } from '../ingest/results.ts';
import { delimiterOf, newlineOf, touch } from '../jobs.ts';
import { pace, unitSize } from '../pace.ts';
import type { QueryJob } from '../jobs.ts';
import type { BulkService } from '../service.ts';

/** Rows read from the store per batch, unthrottled (then the event loop gets a turn). */
const ROWS_PER_BATCH = 5000;

export const resultsFile = (job: QueryJob): string => join(job.dir, 'results.csv');
export const offsetsFile = (job: QueryJob): string => join(job.dir, 'results.idx');

/** `Owner.Name` for a column of a related record, `Name` for the queried object's own. */
export function columnPath(column: OutputColumn): string {
  const names: string[] = [column.name];
  for (let r: RelationNode | null = column.relation; r; r = r.parent) names.unshift(r.name);
  return names.join('.');
}

/** A stored value as Bulk query CSV writes it (booleans true/false, date-times in UTC with Z). */
export function csvValue(column: OutputColumn, value: unknown): string {
  if (value === null || value === undefined) {
    return column.field?.type === 'boolean' ? quoted('false') : '';
  }
  const api = column.field ? apiValue(column.field, value) : value;
  const text = String(api);
  return quoted(column.field?.type === 'datetime' ? text.replace(/\+0000$/, 'Z') : text);
}

async function write(stream: WriteStream, data: string | Buffer): Promise<void> {
  if (!stream.write(data)) await once(stream, 'drain');
}

/** Whether the job should stop (aborted by its owner, or the org is closing). */
function stopping(service: BulkService, job: QueryJob): boolean {
  return job.state === 'Aborted' || service.closing;
}

async function finish(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

export async function runQueryJob(service: BulkService, job: QueryJob): Promise<void> {
  await nextTick();
  if (stopping(service, job)) return;
  const started = Date.now();
  const { compiled } = job;
  const d = delimiterOf(job);
  const newline = newlineOf(job);
  job.header = compiled.columns.map((c) => quoted(columnPath(c))).join(d);
  if (service.faults?.bulkJobFailure('query')) {
    job.state = 'Failed';
    job.errorMessage =
      'InternalServerError : Failed to run the query (injected fault fail-bulk-job)';
    job.totalProcessingTime = Date.now() - started;
    touch(job, service.org.now());
    return;
  }
  job.state = 'InProgress';
  touch(job, service.org.now());
  const rows = createWriteStream(resultsFile(job));
  const offsets = createWriteStream(offsetsFile(job));
  let bytes = 0;
  try {
    const rate = service.settings.recordsPerSecond;
    const batches = service.org.queries.recordBatches(compiled, unitSize(rate, ROWS_PER_BATCH));
    for (const batch of batches) {
      const index = Buffer.alloc(batch.length * 8);
      const lines: string[] = [];
      batch.forEach((row: Row, i) => {
        index.writeDoubleLE(bytes, i * 8);
        const line = compiled.columns.map((c) => csvValue(c, row[c.column])).join(d) + newline;
        bytes += Buffer.byteLength(line);
        lines.push(line);
      });
      await write(rows, lines.join(''));
      await write(offsets, index);
      job.rowCount += batch.length;
      job.numberRecordsProcessed = job.rowCount;
      touch(job, service.org.now());
      await pace(started, job.rowCount, rate);
      await service.unitGate?.();
      if (stopping(service, job)) break;
    }
  } finally {
    await Promise.all([finish(rows), finish(offsets)]);
    job.resultBytes = bytes;
    job.totalProcessingTime = Date.now() - started;
  }
  if (job.state === 'InProgress' && !service.closing) job.state = 'JobComplete';
  touch(job, service.org.now());
}
