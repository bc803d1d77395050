/**
 * The leads a reassignment works on, with their current owners: from a parsed --where condition
 * (one streamed Bulk API 2.0 query; closed leads left out unless --include-closed) or from a
 * validated --ids file (looked up 200 at a time, taken as listed). Converted leads cannot be
 * updated, so they are never selected; an --ids file that names one is bad input.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Connection } from '@salesforce/core';
import { LeadIdSet } from '../../lib/routing/leadRouting.ts';
import { normalizeId } from '../../lib/salesforce-id.ts';
import { badInput } from '../cli/errors.ts';
import { soqlList } from '../cli/soql.ts';
import { bulkQueryBatches } from './bulk-query.ts';
import { CsvFileWriter, csvFileBatches } from './csv.ts';
import type { BulkQueryOptions } from './bulk-query.ts';
import { readIdsFile } from './ids-file.ts';
import type { FileProblem } from './ids-file.ts';
import type { SelectedLead } from './plan.ts';
import { orgRefusedWhere, selectionQuery } from './where.ts';
import type { LeadCondition } from './where.ts';

/** An Id as the org answers it: 18 characters are taken as they come; else normalized. */
function canonicalId(value: string): string {
  return value.length === 18 ? value : (normalizeId(value) ?? value);
}

/**
 * The leads matching a parsed --where, without closed ones unless `closedStatuses` is null. An
 * org that refuses the condition (an unknown field, a value of the wrong type) is bad input.
 */
export async function* selectByWhere(
  conn: Connection,
  condition: LeadCondition,
  closedStatuses: readonly string[] | null,
  options: BulkQueryOptions,
): AsyncGenerator<SelectedLead[]> {
  const soql = selectionQuery(condition, closedStatuses);
  try {
    for await (const { columns, rows } of bulkQueryBatches(conn, soql, options)) {
      const id = columns.indexOf('Id');
      const owner = columns.indexOf('OwnerId');
      yield rows.map((row) => ({ id: canonicalId(row[id])!, ownerId: canonicalId(row[owner]) }));
    }
  } catch (error) {
    throw orgRefusedWhere(error, condition, soql) ?? error;
  }
}

/** Problems as one bad-input error listing each row. */
export function fileProblems(file: string, problems: FileProblem[]): Error {
  const lines = problems.map((p) =>
    p.row === null
      ? `  ${p.message}`
      : `  row ${p.row}${p.column ? `, column ${p.column}` : ''}: ${p.message}`,
  );
  return badInput(
    'BadIdsFile',
    `${file} has ${problems.length === 1 ? 'a problem' : 'problems'}; nothing was changed:\n${lines.join('\n')}`,
    'Fix the rows above and run the command again.',
  );
}

/**
 * Above this many Ids one Bulk query of every lead beats looking them up 200 a call (the query
 * costs a few calls whatever the number of Ids; its time grows with the org's leads instead).
 */
export const BULK_LOOKUP_THRESHOLD = 10_000;

/**
 * Checks the file, then looks every lead up. Returns the path of a spool file of `Id,OwnerId`
 * lines (the caller streams it) once everything is known to be good: in file order when looked up
 * 200 at a time, in the org's order when read with one Bulk query.
 */
export async function selectByIdsFile(
  conn: Connection,
  file: string,
  spoolPath: string,
  countCall: () => void,
): Promise<{ count: number; spool: string }> {
  const ids = createWriteStream(`${spoolPath}.ids`);
  const validated = await readIdsFile(file, (id, row) => ids.write(`${id},${row}\n`));
  ids.end();
  await once(ids, 'finish');
  if (validated.problems.length > 0) throw fileProblems(file, validated.problems);
  if (validated.count > BULK_LOOKUP_THRESHOLD) {
    await lookUpByBulk(conn, file, spoolPath, countCall);
    return { count: validated.count, spool: spoolPath };
  }

  const out = createWriteStream(spoolPath);
  const problems: FileProblem[] = [];
  let batch: { id: string; row: number }[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    countCall();
    const found = await conn.query<{ Id: string; OwnerId: string; IsConverted: boolean }>(
      `SELECT Id, OwnerId, IsConverted FROM Lead WHERE Id IN (${soqlList(batch.map((b) => b.id))})`,
    );
    const byId = new Map(found.records.map((r) => [normalizeId(r.Id)!, r]));
    for (const { id, row } of batch) {
      const lead = byId.get(id);
      if (!lead) {
        problems.push({
          row,
          column: 'Id',
          message: `no lead ${id} in this org, or you cannot see it; remove the row`,
        });
      } else if (lead.IsConverted) {
        problems.push({
          row,
          column: 'Id',
          message: `lead ${id} is converted, and converted leads cannot be reassigned; remove the row`,
        });
      } else {
        out.write(`${id},${normalizeId(lead.OwnerId) ?? lead.OwnerId}\n`);
      }
    }
    batch = [];
  };
  for await (const line of createInterface({ input: createReadStream(`${spoolPath}.ids`) })) {
    const [id, row] = line.split(',');
    batch.push({ id, row: Number(row) });
    if (batch.length === 200) await flush();
  }
  await flush();
  out.end();
  await once(out, 'finish');
  if (problems.length > 0) throw fileProblems(file, problems.slice(0, 50));
  return { count: validated.count, spool: spoolPath };
}

/** The Bulk lookup: typed-array sets of Ids only, so memory does not hold a string per lead. */
async function lookUpByBulk(
  conn: Connection,
  file: string,
  spoolPath: string,
  countCall: () => void,
): Promise<void> {
  const idRows = () => createInterface({ input: createReadStream(`${spoolPath}.ids`) });
  const wanted = new LeadIdSet();
  for await (const line of idRows()) wanted.add(line.substring(0, line.indexOf(',')));
  const found = new LeadIdSet();
  const converted = new LeadIdSet();
  const out = new CsvFileWriter(spoolPath, null);
  const soql = 'SELECT Id, OwnerId, IsConverted FROM Lead';
  for await (const { columns, rows } of bulkQueryBatches(conn, soql, { countCall })) {
    const [id, owner, isConverted] = ['Id', 'OwnerId', 'IsConverted'].map((c) =>
      columns.indexOf(c),
    );
    for (const lead of rows) {
      if (!wanted.has(lead[id])) continue;
      found.add(lead[id]);
      if (lead[isConverted] === 'true') converted.add(lead[id]);
      else await out.write([normalizeId(lead[id])!, normalizeId(lead[owner]) ?? lead[owner]]);
    }
  }
  await out.close();
  const problems: FileProblem[] = [];
  for await (const line of idRows()) {
    const [id, row] = line.split(',');
    if (!found.has(id)) {
      problems.push({
        row: Number(row),
        column: 'Id',
        message: `no lead ${id} in this org, or you cannot see it; remove the row`,
      });
    } else if (converted.has(id)) {
      problems.push({
        row: Number(row),
        column: 'Id',
        message: `lead ${id} is converted, and converted leads cannot be reassigned; remove the row`,
      });
    }
  }
  if (problems.length > 0) throw fileProblems(file, problems.slice(0, 50));
}

export async function* readSpool(path: string): AsyncGenerator<SelectedLead[]> {
  for await (const rows of csvFileBatches(path))
    yield rows.map(([id, ownerId]) => ({ id, ownerId }));
}
