/**
 * SOQL from Apex (inline, Database.query and friends) through the local org's SOQL engine: bind
 * variables, user mode (object and field access, checked on every field the query reads),
 * sharing by the class keywords in system mode, test isolation, and the limits (100 queries,
 * 50,000 rows per transaction; Apex Developer Guide, "Execution Governors and Limits").
 */
import { ApiError } from '../../errors.ts';
import type { LocalOrg } from '../../org.ts';
import { compileSoql } from '../../soql/compile.ts';
import type { CompiledQuery } from '../../soql/compile.ts';
import type { BindLookup } from '../../soql/binds.ts';
import { ApexDecimal } from '../values/decimal.ts';
import type { Frame } from '../runtime/context.ts';
import { checkHeap } from '../runtime/heap.ts';
import { newException, raise, raiseUncatchable, services } from '../runtime/invoke.ts';
import { ApexThrow } from '../runtime/context.ts';
import { ApexList, SObjectValue } from '../runtime/values.ts';
import { AGGREGATE_RESULT, apexFieldValue, toBindValue, toSObject } from './records.ts';
import { sharingApplies, userAccess } from './access.ts';

export type AccessMode = 'user' | 'system' | null;

/** The messages the platform gives for queries user mode refuses (unconfirmed wording). */
const INACCESSIBLE_FIELD = 'Insufficient permissions: secure query included inaccessible field';

export function runQuery(
  org: LocalOrg,
  frame: Frame,
  soql: string,
  binds: (name: string) => { found: boolean; value: unknown },
  accessLevel: AccessMode,
): unknown {
  const ctx = frame.ctx;
  if (++ctx.limits.soqlQueries > ctx.maximums.soqlQueries) {
    raiseUncatchable(frame, 'LimitException', `Too many SOQL queries: ${ctx.limits.soqlQueries}`);
  }
  const lookup: BindLookup = (name) => {
    const found = binds(name);
    return { found: found.found, value: found.found ? toBindValue(found.value) : null };
  };
  let compiled: CompiledQuery;
  try {
    compiled = compileSoql(
      {
        catalog: org.catalog,
        session: ctx.session,
        now: org.now(),
        includeDeleted: false,
        binds: lookup,
        enforceSharing: true,
        hiddenUpTo: ctx.hiddenUpTo ?? undefined,
      },
      soql,
    );
  } catch (error) {
    if (error instanceof ApiError) raise(frame, 'QueryException', queryMessage(error));
    throw error;
  }
  const userMode =
    accessLevel === 'user' ||
    compiled.accessLevel === 'USER_MODE' ||
    compiled.accessLevel === 'SECURITY_ENFORCED';
  if (accessLevel === 'user' && compiled.accessLevel === 'SYSTEM_MODE') {
    raise(
      frame,
      'QueryException',
      'The query has conflicting access levels: SYSTEM_MODE and USER_MODE',
    );
  }
  if (userMode) checkReadAccess(org, frame, compiled);
  if (!userMode && !sharingApplies(ctx)) {
    compiled = compileSoql(
      {
        catalog: org.catalog,
        session: ctx.session,
        now: org.now(),
        includeDeleted: false,
        binds: lookup,
        enforceSharing: false,
        hiddenUpTo: ctx.hiddenUpTo ?? undefined,
      },
      soql,
    );
  }
  const result = execute(org, frame, compiled);
  checkHeap(frame);
  return result;
}

function queryMessage(error: ApiError): string {
  // The REST message carries the `ERROR at Row` pointer; Apex's QueryException keeps only the detail.
  const lines = error.message.split('\n').filter((l) => l.trim() !== '');
  return lines[lines.length - 1] ?? error.message;
}

/** User mode: every object and field the query reads must be readable by the running user. */
function checkReadAccess(org: LocalOrg, frame: Frame, compiled: CompiledQuery): void {
  const access = userAccess(org.store, frame.ctx);
  if (!access.object(compiled.object).read) {
    raise(frame, 'QueryException', `sObject type '${compiled.object.name}' is not supported.`);
  }
  const missing = new Map<string, Set<string>>();
  const uses = [...compiled.fieldsUsed, ...compiled.children.flatMap((c) => c.compiled.fieldsUsed)];
  for (const { object, field } of uses) {
    if (access.canReadField(object, field)) continue;
    const set = missing.get(object.name) ?? new Set<string>();
    set.add(field.name);
    missing.set(object.name, set);
  }
  if (missing.size === 0) return;
  const exception = newException(
    frame.ctx,
    services.current!.systemClass('QueryException'),
    INACCESSIBLE_FIELD,
  );
  exception.native!.inaccessibleFields = missing;
  throw new ApexThrow(exception);
}

function countRows(frame: Frame, rows: number): void {
  const limits = frame.ctx.limits;
  limits.queryRows += rows;
  if (limits.queryRows > frame.ctx.maximums.queryRows) {
    raiseUncatchable(frame, 'LimitException', `Too many query rows: ${limits.queryRows}`);
  }
}

function execute(org: LocalOrg, frame: Frame, compiled: CompiledQuery): unknown {
  if (compiled.mode === 'count') {
    // COUNT() uses one query row toward the limit however many it counts.
    const n = org.queries.countOf(compiled);
    countRows(frame, 1);
    return n;
  }
  if (compiled.mode === 'aggregate') {
    const rows = org.queries.aggregateRows(compiled);
    countRows(frame, compiled.countsOnly ? rows.length : org.queries.aggregatedRowCount(compiled));
    const items = rows.map((row) => {
      const record = new SObjectValue(AGGREGATE_RESULT);
      record.fromQuery = true;
      for (const column of compiled.columns) {
        const raw = row[column.column];
        const value =
          raw === null || raw === undefined
            ? null
            : column.kind === 'integer'
              ? Number(raw) | 0
              : column.kind === 'number'
                ? ApexDecimal.fromString(String(Number(raw)))
                : column.field
                  ? apexFieldValue(column.field, raw)
                  : raw;
        record.values.set(column.name.toLowerCase(), value);
      }
      return record;
    });
    const list = new ApexList({ kind: 'sobject', def: AGGREGATE_RESULT }, items);
    list.fromQuery = true;
    return list;
  }
  const records = org.queries.allRecords(compiled);
  let rows = records.length;
  for (const record of records) {
    for (const child of compiled.children) {
      const nested = record[child.name] as { records: unknown[] } | null;
      if (nested) rows += nested.records.length;
    }
  }
  countRows(frame, rows);
  const items = records.map((r) => toSObject(org.catalog, org.store, r, compiled.object));
  const list = new ApexList({ kind: 'sobject', def: compiled.object }, items);
  list.fromQuery = true;
  return list;
}
