/**
 * SOQL helpers for lists of values from a file: IN lists and LIKE prefixes split into queries short
 * enough for a GET URL, and every page of a result read.
 */
import type { Connection } from '@salesforce/core';
import { soqlString } from '../cli/soql.ts';

/** Literal characters per query: well under the 16 KB a URL may have once encoded. */
const MAX_LIST_CHARS = 3000;

export async function queryAll<T>(conn: Connection, soql: string): Promise<T[]> {
  let page = await conn.query<T & Record<string, unknown>>(soql);
  const records: T[] = [...page.records];
  while (!page.done && page.nextRecordsUrl) {
    page = await conn.queryMore<T & Record<string, unknown>>(page.nextRecordsUrl);
    records.push(...page.records);
  }
  return records;
}

function chunks(literals: string[]): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const literal of literals) {
    if (current.length > 0 && length + literal.length > MAX_LIST_CHARS) {
      out.push(current);
      current = [];
      length = 0;
    }
    current.push(literal);
    length += literal.length + 2;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Runs `soql(list)` once per chunk of the distinct values, `list` being `'a', 'b', ...`. */
export async function queryIn<T>(
  conn: Connection,
  values: Iterable<string>,
  soql: (list: string) => string,
): Promise<T[]> {
  const literals = [...new Set(values)].map(soqlString);
  const results: T[] = [];
  for (const chunk of chunks(literals))
    results.push(...(await queryAll<T>(conn, soql(chunk.join(', ')))));
  return results;
}

/** A LIKE pattern matching values that start with `prefix` (wildcards in it taken literally). */
export function soqlLikePrefix(prefix: string): string {
  const escaped = prefix
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/_/g, '\\_')
    .replace(/%/g, '\\%');
  return `'${escaped}%'`;
}

/** Runs `soql(condition)` per chunk, `condition` being `field LIKE 'a%' OR field LIKE 'b%' ...`. */
export async function queryPrefixes<T>(
  conn: Connection,
  field: string,
  prefixes: Iterable<string>,
  soql: (condition: string) => string,
): Promise<T[]> {
  const patterns = [...new Set(prefixes)].map((p) => `${field} LIKE ${soqlLikePrefix(p)}`);
  const results: T[] = [];
  for (const chunk of chunks(patterns))
    results.push(...(await queryAll<T>(conn, soql(chunk.join(' OR ')))));
  return results;
}
