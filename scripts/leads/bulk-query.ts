/**
 * Bulk API 2.0 query, streamed: creates the job, polls with backoff, then reads the result pages
 * one at a time with our own locator loop, parsing each page on its own. (jsforce pipes every page
 * into one CSV parser, so a page that repeats the header would turn it into a data row.) Memory
 * stays at one read buffer whatever the number of rows.
 */
import type { Connection } from '@salesforce/core';
import { CliError } from '../cli/errors.ts';
import { csvBatches } from './csv.ts';
import { orgRequest } from './org-http.ts';
import { pollUntil } from './poll.ts';
import { timing } from './timing.ts';

export interface BulkQueryOptions {
  /** Rows per result page. */
  pageSize?: number;
  /** First and longest wait between status polls, in ms. */
  pollMs?: { first: number; max: number };
  timeoutMs?: number;
  onProgress?: (state: string, rows: number) => void;
  /** Counts every HTTP request made, for the API-call budget. */
  countCall?: () => void;
}

/**
 * Rows per result page. Large pages cost fewer calls, and memory stays at one read buffer
 * whatever their size, since each page is parsed as it streams in.
 */
export const PAGE_SIZE = 1_000_000;

interface QueryJobInfo {
  id: string;
  state: string;
  numberRecordsProcessed?: number;
  errorMessage?: string;
}

/**
 * CSV results come gzipped from a remote org: about a tenth of the bytes over the network. From a
 * local org on this machine there is no network to save, and compressing and inflating tens of
 * megabytes only takes CPU from both sides, so they come as they are.
 */
export function acceptEncoding(conn: Connection): string {
  const host = new URL(conn.instanceUrl).hostname;
  return ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host) ? 'identity' : 'gzip';
}

function apiPath(conn: Connection, path: string): string {
  return `/services/data/v${conn.getApiVersion()}${path}`;
}

/** One batch of result rows and the columns they hold, in the query's order. */
export interface QueryBatch {
  columns: string[];
  rows: string[][];
}

/** The results in batches of rows (arrays in the header's column order). */
export async function* bulkQueryBatches(
  conn: Connection,
  soql: string,
  options: BulkQueryOptions = {},
): AsyncGenerator<QueryBatch> {
  const count = options.countCall ?? (() => undefined);
  count();
  const job = await conn.request<QueryJobInfo>({
    method: 'POST',
    url: apiPath(conn, '/jobs/query'),
    body: JSON.stringify({ operation: 'query', query: soql }),
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
  try {
    const done = await pollUntil(
      async () => {
        count();
        const info = await conn.request<QueryJobInfo>(apiPath(conn, `/jobs/query/${job.id}`));
        options.onProgress?.(info.state, info.numberRecordsProcessed ?? 0);
        return ['JobComplete', 'Failed', 'Aborted'].includes(info.state) ? info : null;
      },
      {
        ...(options.pollMs ?? { first: 250, max: 5000 }),
        timeoutMs: options.timeoutMs ?? 30 * 60_000,
      },
    );
    timing(`query job ${job.id} ${done.state}`);
    if (done.state !== 'JobComplete') {
      throw new CliError(
        'BulkQueryFailed',
        `The Bulk API query job ${job.id} ended ${done.state}: ${done.errorMessage ?? 'no reason given'}.`,
        {
          hint: 'Check the --where condition, then run the command again.',
        },
      );
    }
    let locator: string | null = null;
    let columns: string[] | null = null;
    const pageSize = options.pageSize ?? PAGE_SIZE;
    do {
      const params = new URLSearchParams({ maxRecords: String(pageSize) });
      if (locator) params.set('locator', locator);
      count();
      const response = await orgRequest(
        conn,
        `${apiPath(conn, `/jobs/query/${job.id}/results`)}?${params}`,
        { headers: { Accept: 'text/csv', 'Accept-Encoding': acceptEncoding(conn) } },
      );
      if (response.status !== 200) {
        throw new CliError(
          'BulkQueryFailed',
          `Reading the results of job ${job.id} failed with HTTP ${response.status}: ${await response.text()}`,
        );
      }
      locator = response.header('sforce-locator');
      // Whether later pages repeat the header is not pinned down (wire.md 5.1): take the columns
      // from the first page and drop a later page's first line when it is that header again.
      let firstOfPage = true;
      for await (const rows of csvBatches(response.body)) {
        if (firstOfPage) {
          firstOfPage = false;
          const first = rows[0];
          if (!columns) {
            columns = first;
            rows.shift();
          } else if (first.length === columns.length && first.every((v, i) => v === columns![i]))
            rows.shift();
        }
        if (rows.length) yield { columns: columns!, rows };
      }
    } while (locator && locator !== 'null');
    timing(`query job ${job.id} results read`);
  } finally {
    count();
    await conn
      .request({ method: 'DELETE', url: apiPath(conn, `/jobs/query/${job.id}`) })
      .catch(() => undefined);
  }
}

/** The results row by row, as objects keyed by column. */
export async function* bulkQuery(
  conn: Connection,
  soql: string,
  options: BulkQueryOptions = {},
): AsyncGenerator<Record<string, string>> {
  for await (const { columns, rows } of bulkQueryBatches(conn, soql, options)) {
    for (const values of rows) {
      const row: Record<string, string> = {};
      for (let i = 0; i < columns.length; i += 1) row[columns[i]] = values[i] ?? '';
      yield row;
    }
  }
}
