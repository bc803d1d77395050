/**
 * Query result pages: `?locator=` (base64 of the first row's number, e.g. `MjAwMA` for row 2,000)
 * and `?maxRecords=`; `Sforce-NumberOfRecords` and `Sforce-Locator` (the literal `null` on the last
 * page) on every page; the header on the first page, and on later pages too when `repeatHeader`.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { bulkError } from '../http.ts';
import { newlineOf } from '../jobs.ts';
import type { QueryJob } from '../jobs.ts';
import { offsetsFile, resultsFile } from './runner.ts';

export interface PageRequest {
  locator: string | null;
  maxRecords: string | null;
}

export interface Page {
  first: number;
  count: number;
  /** The locator of the next page, or 'null'. */
  next: string;
  body: Readable;
}

export function encodeLocator(row: number): string {
  return Buffer.from(String(row)).toString('base64').replace(/=+$/, '');
}

function decodeLocator(job: QueryJob, locator: string): number {
  const text = Buffer.from(locator, 'base64').toString('utf8');
  const row = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(row) || row <= 0 || row >= job.rowCount) {
    throw bulkError(400, 'INVALID_QUERY_LOCATOR', `Invalid locator: ${locator}`);
  }
  return row;
}

function pageSize(value: string | null, fallback: number): number {
  if (value === null || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw bulkError(
      400,
      'INVALID_FIELD',
      `maxRecords must be a positive whole number, got ${value}`,
    );
  }
  return Number(value);
}

/** The byte offset where row `row` starts in the results file. */
async function rowOffset(job: QueryJob, row: number): Promise<number> {
  if (row >= job.rowCount) return job.resultBytes;
  const handle = await open(offsetsFile(job), 'r');
  try {
    const buffer = Buffer.alloc(8);
    await handle.read(buffer, 0, 8, row * 8);
    return buffer.readDoubleLE(0);
  } finally {
    await handle.close();
  }
}

export async function resultPage(
  job: QueryJob,
  request: PageRequest,
  defaultPageSize: number,
  repeatHeader: boolean,
): Promise<Page> {
  const first = request.locator ? decodeLocator(job, request.locator) : 0;
  const size = pageSize(request.maxRecords, defaultPageSize);
  const end = Math.min(job.rowCount, first + size);
  const [from, to] = await Promise.all([rowOffset(job, first), rowOffset(job, end)]);
  const header = first === 0 || repeatHeader ? `${job.header}${newlineOf(job)}` : '';
  const file = resultsFile(job);
  async function* chunks(): AsyncGenerator<Buffer> {
    if (header) yield Buffer.from(header);
    if (to > from) yield* createReadStream(file, { start: from, end: to - 1 });
  }
  return {
    first,
    count: end - first,
    next: end < job.rowCount ? encodeLocator(end) : 'null',
    body: Readable.from(chunks(), { objectMode: false }),
  };
}
