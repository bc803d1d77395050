/**
 * Bulk API 2.0 query, streamed: creates the job, polls with backoff, then reads the result pages
 * one at a time with our own locator loop, parsing each page on its own. (jsforce pipes every page
 * into one CSV parser, so a page that repeats the header would turn it into a data row.) Memory
 * stays at one page whatever the number of rows.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { parse } from 'csv-parse';
import type { Connection } from '@salesforce/core';
import { CliError } from '../cli/errors.ts';
import { pollUntil } from './poll.ts';

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

interface QueryJobInfo {
  id: string;
  state: string;
  numberRecordsProcessed?: number;
  errorMessage?: string;
}

function apiPath(conn: Connection, path: string): string {
  return `/services/data/v${conn.getApiVersion()}${path}`;
}

export async function* bulkQuery(
  conn: Connection,
  soql: string,
  options: BulkQueryOptions = {},
): AsyncGenerator<Record<string, string>> {
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
    const header: { columns: string[] | null } = { columns: null };
    const pageSize = options.pageSize ?? 100_000;
    do {
      const params = new URLSearchParams({ maxRecords: String(pageSize) });
      if (locator) params.set('locator', locator);
      count();
      const response = await fetch(
        `${conn.instanceUrl.replace(/\/$/, '')}${apiPath(conn, `/jobs/query/${job.id}/results`)}?${params}`,
        {
          headers: {
            Authorization: `Bearer ${conn.accessToken}`,
            Accept: 'text/csv',
            'Accept-Encoding': 'gzip',
          },
        },
      );
      if (!response.ok || !response.body) {
        throw new CliError(
          'BulkQueryFailed',
          `Reading the results of job ${job.id} failed with HTTP ${response.status}: ${await response.text()}`,
        );
      }
      locator = response.headers.get('sforce-locator');
      // Whether later pages repeat the header is not pinned down (wire.md 5.1): take the columns
      // from the first page and drop a later page's first line when it is that header again.
      const known = header.columns;
      const parser = parse({
        bom: true,
        columns: known ?? ((names: string[]) => (header.columns = names)),
        on_record: (record: Record<string, string>, { lines }: { lines: number }) =>
          known && lines === 1 && known.every((name) => record[name] === name) ? null : record,
      });
      const rows = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>).pipe(parser);
      for await (const row of rows as AsyncIterable<Record<string, string>>) yield row;
    } while (locator && locator !== 'null');
  } finally {
    count();
    await conn
      .request({ method: 'DELETE', url: apiPath(conn, `/jobs/query/${job.id}`) })
      .catch(() => undefined);
  }
}
