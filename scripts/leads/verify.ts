/**
 * After applying: which leads did not keep the owner we set (an assignment rule, a trigger or a
 * flow overrode it), and the failures a Bulk job left in its result file.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { Connection } from '@salesforce/core';
import { soqlList } from '../cli/soql.ts';
import { bulkQuery } from './bulk-query.ts';
import { changesOf } from './plan.ts';

export type Override = { id: string; planned: string; actual: string };

/**
 * Small runs: read every changed lead back, 200 at a time. `failed` (15-character Ids) are rows
 * the update refused: they kept their old owner and are reported as failures, not overrides.
 */
export async function verifyOwners(
  conn: Connection,
  planPath: string,
  countCall: () => void,
  failed: Set<string> = new Set(),
): Promise<Override[]> {
  const overridden: Override[] = [];
  let batch: { id: string; ownerId: string }[] = [];
  const check = async () => {
    if (batch.length === 0) return;
    countCall();
    const rows = await conn.query<{ Id: string; OwnerId: string }>(
      `SELECT Id, OwnerId FROM Lead WHERE Id IN (${soqlList(batch.map((b) => b.id))})`,
    );
    const owners = new Map(rows.records.map((r) => [r.Id.substring(0, 15), r.OwnerId]));
    for (const b of batch) {
      const actual = owners.get(b.id.substring(0, 15));
      if (actual && actual.substring(0, 15) !== b.ownerId.substring(0, 15))
        overridden.push({ id: b.id, planned: b.ownerId, actual });
    }
    batch = [];
  };
  for await (const change of changesOf(planPath)) {
    if (failed.has(change.id.substring(0, 15))) continue;
    batch.push(change);
    if (batch.length === 200) await check();
  }
  await check();
  return overridden;
}

/** Leads a call when reading owners back: the sObject Collections retrieve limit. */
export const READ_BACK_SIZE = 2000;

/**
 * The owner each lead has now, next to the owner it had (`ownerId`), read 2,000 leads a call
 * (POST /composite/sobjects/Lead). `now` is null for a lead that is gone or out of sight.
 */
export async function* ownersNow(
  conn: Connection,
  leads: AsyncIterable<{ id: string; ownerId: string }>,
  countCall: () => void,
): AsyncGenerator<{ id: string; before: string; now: string | null }> {
  let batch: { id: string; ownerId: string }[] = [];
  const read = async () => {
    countCall();
    const rows = await conn.request<({ Id: string; OwnerId: string } | null)[]>({
      method: 'POST',
      url: `/services/data/v${conn.getApiVersion()}/composite/sobjects/Lead`,
      body: JSON.stringify({ ids: batch.map((b) => b.id), fields: ['Id', 'OwnerId'] }),
      headers: { 'Content-Type': 'application/json' },
    });
    const out = batch.map((b, i) => ({
      id: b.id,
      before: b.ownerId,
      now: rows[i]?.OwnerId ?? null,
    }));
    batch = [];
    return out;
  };
  for await (const lead of leads) {
    batch.push(lead);
    if (batch.length === READ_BACK_SIZE) yield* await read();
  }
  if (batch.length > 0) yield* await read();
}

/** The distinct owners a plan gives leads to. */
export async function plannedOwners(planPath: string): Promise<string[]> {
  const owners = new Set<string>();
  for await (const change of changesOf(planPath)) owners.add(change.ownerId);
  return [...owners];
}

/** Above this many characters the candidates' query goes by Bulk API (no URL to outgrow). */
const REST_SOQL_MAX = 8000;

/**
 * Large runs: one query for leads touched since the run began whose owner is none of the
 * planned owners, then one pass over the plan to keep those the run changed. Memory holds only
 * those candidates, never the whole run. The query is one REST call, as there are usually none;
 * only when there are more than one page of them (or the owner list is very long) are they read
 * with a Bulk query. (An override to another of the planned owners is not seen this way; the
 * small-run check reads every lead and sees it.)
 */
export async function findOverrides(
  conn: Connection,
  planPath: string,
  since: string,
  owners: string[],
  countCall: () => void,
  failed: Set<string> = new Set(),
): Promise<Override[]> {
  if (owners.length === 0) return [];
  const start = new Date(new Date(since).getTime() - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const candidates = new Map<string, string>();
  const soql = `SELECT Id, OwnerId FROM Lead WHERE SystemModstamp >= ${start} AND OwnerId NOT IN (${soqlList(owners)})`;
  let page: { done: boolean; records: { Id: string; OwnerId: string }[] } | null = null;
  if (soql.length <= REST_SOQL_MAX) {
    countCall();
    page = await conn.query<{ Id: string; OwnerId: string }>(soql, { autoFetch: false });
  }
  if (page?.done) {
    for (const row of page.records) candidates.set(row.Id.substring(0, 15), row.OwnerId);
  } else {
    for await (const row of bulkQuery(conn, soql, { countCall }))
      candidates.set(row.Id.substring(0, 15), row.OwnerId);
  }
  const overridden: Override[] = [];
  if (candidates.size === 0) return overridden;
  for await (const change of changesOf(planPath)) {
    const actual = candidates.get(change.id.substring(0, 15));
    if (actual && !failed.has(change.id.substring(0, 15)))
      overridden.push({ id: change.id, planned: change.ownerId, actual });
  }
  return overridden;
}

/** Rows of a failures CSV (Id, OwnerId, Error). */
export async function readFailures(
  path: string,
): Promise<{ id: string; ownerId: string; error: string }[]> {
  const out: { id: string; ownerId: string; error: string }[] = [];
  const rows = createReadStream(path).pipe(parse({ columns: true }));
  for await (const row of rows as AsyncIterable<{ Id: string; OwnerId: string; Error: string }>) {
    out.push({ id: row.Id, ownerId: row.OwnerId, error: row.Error });
  }
  return out;
}
