/**
 * DML from Apex: statements (`insert x;`, all or none, DmlException on the first failure) and the
 * Database methods (per-row results, allOrNone and DMLOptions), through the local org's DML engine
 * and its platform rules. On top of the engine: the limits (150 statements, 10,000 rows), mixed
 * DML across the transaction, user mode (object and field access, record sharing), sharing by
 * the class keywords in system mode, the owner-change e-mail, and Ids written back on insert.
 */
import { sendNewUserEmail } from '../../userEmails.ts';
import type { SObjectDef } from '../../catalog/index.ts';
import type { DmlOperation, DmlResult } from '../../dml/engine.ts';
import type { RecordError } from '../../errors.ts';
import { sendLeadAssignmentEmail } from '../../leadAssignmentEmail.ts';
import { normalizeId } from '../../ids.ts';
import type { LocalOrg } from '../../org.ts';
import type { Frame } from '../runtime/context.ts';
import { ApexThrow } from '../runtime/context.ts';
import { newException, nullPointer, raise, raiseUncatchable, services } from '../runtime/invoke.ts';
import { ApexList, SObjectValue } from '../runtime/values.ts';
import { sharingApplies, userAccess } from './access.ts';
import { toDmlValue } from './records.ts';

export type DmlVerb = 'insert' | 'update' | 'delete' | 'upsert' | 'undelete';

export interface DmlRequest {
  verb: DmlVerb;
  allOrNone: boolean;
  userMode: boolean;
  /** Assignment rules: true = the active rule, an Id = that rule; none when absent. */
  assignmentRule?: boolean | string;
  triggerUserEmail?: boolean;
  /** upsert: the external Id field (Id when absent). */
  externalIdField?: string | null;
}

/** One row's outcome, as SaveResult/DeleteResult/UpsertResult report it. */
export interface RowOutcome {
  id: string | null;
  success: boolean;
  created: boolean;
  errors: RecordError[];
}

const VERB_LABEL: Record<DmlVerb, string> = {
  insert: 'Insert',
  update: 'Update',
  delete: 'Delete',
  upsert: 'Upsert',
  undelete: 'Undelete',
};

/** The records (or Ids, for delete) a DML call was given, as a list. */
export function dmlTargets(frame: Frame, target: unknown): unknown[] {
  if (target === null || target === undefined) nullPointer(frame);
  if (target instanceof ApexList) return target.items;
  return [target];
}

function countDml(frame: Frame, rows: number): void {
  const limits = frame.ctx.limits;
  if (++limits.dmlStatements > frame.ctx.maximums.dmlStatements) {
    raiseUncatchable(frame, 'LimitException', `Too many DML statements: ${limits.dmlStatements}`);
  }
  limits.dmlRows += rows;
  if (limits.dmlRows > frame.ctx.maximums.dmlRows) {
    raiseUncatchable(frame, 'LimitException', `Too many DML rows: ${limits.dmlRows}`);
  }
}

const ROLLED_BACK: RecordError = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message:
    'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

const failure = (statusCode: string, message: string, fields: string[] = []): RecordError => ({
  statusCode,
  message,
  fields,
});

/** Runs a DML call and returns one outcome per row, in order. */
export function performDml(
  org: LocalOrg,
  frame: Frame,
  items: unknown[],
  request: DmlRequest,
): RowOutcome[] {
  countDml(frame, items.length);
  if (items.length === 0) return [];
  const ctx = frame.ctx;
  const access = request.userMode ? userAccess(org.store, ctx) : null;
  const plans: {
    record: SObjectValue | null;
    op: DmlOperation | null;
    error: RecordError | null;
    created: boolean;
  }[] = [];
  let touchesSetup = false;
  let touchesData = false;
  for (const item of items) {
    const planned = planRow(org, frame, item, request, access);
    if (planned.def) {
      if (planned.def.setup) touchesSetup = true;
      else touchesData = true;
    }
    plans.push(planned);
  }
  const mixed =
    (touchesSetup && (touchesData || ctx.touchedData)) || (touchesData && ctx.touchedSetup);
  if (mixed && touchesSetup !== touchesData) {
    const first = plans.find((p) => p.op)?.record?.def.name ?? 'record';
    const message = `DML operation on setup object is not permitted after you have updated a non-setup object (or vice versa): ${first}, original object: ${ctx.touchedSetup ? 'setup object' : 'non-setup object'}`;
    for (const p of plans) if (!p.error) p.error = failure('MIXED_DML_OPERATION', message);
  }
  const operations = plans.filter((p) => p.op && !p.error);
  // All or none: a row refused before the engine means no row is written.
  const blocked = request.allOrNone && plans.some((p) => p.error);
  const ownersBefore = request.triggerUserEmail ? currentOwners(org, operations) : null;
  const results: DmlResult[] =
    operations.length && !blocked
      ? org.dml.execute(
          ctx.session,
          operations.map((p) => p.op!),
          request.allOrNone,
          {
            assignmentRule: request.assignmentRule ?? false,
            bypassSharing: !request.userMode && !sharingApplies(ctx),
            // The lock-rows fault hits partial-success calls, whose rows fail on their own.
            contention: !request.allOrNone,
          },
        )
      : [];
  let at = 0;
  const outcomes: RowOutcome[] = plans.map((p) => {
    if (p.error || !p.op) {
      return {
        id: idOf(p.record),
        success: false,
        created: false,
        errors: [p.error ?? failure('UNKNOWN_EXCEPTION', 'Unknown error')],
      };
    }
    if (blocked)
      return { id: idOf(p.record), success: false, created: false, errors: [ROLLED_BACK] };
    const result = results[at++];
    return {
      id: result.id ?? idOf(p.record),
      success: result.success,
      created: p.created,
      errors: result.errors,
    };
  });
  if (request.allOrNone && outcomes.some((o) => !o.success)) {
    for (const o of outcomes) if (o.success) o.success = false;
  } else {
    plans.forEach((p, i) => {
      const outcome = outcomes[i];
      if (
        outcome.success &&
        p.record &&
        (request.verb === 'insert' || (request.verb === 'upsert' && p.created))
      ) {
        p.record.values.set('id', outcome.id);
      }
    });
    if (outcomes.some((o) => o.success)) {
      if (touchesSetup) ctx.touchedSetup = true;
      if (touchesData) ctx.touchedData = true;
      // Users, profiles and permission set assignments changed: access is read again.
      if (touchesSetup)
        for (const key of [...ctx.cache.keys()])
          if (/^(access|user):/.test(key)) ctx.cache.delete(key);
    }
    if (ownersBefore) sendOwnerEmails(org, plans, outcomes, ownersBefore);
    if (request.triggerUserEmail) sendNewUserEmails(org, plans, outcomes);
  }
  return outcomes;
}

function idOf(record: SObjectValue | null): string | null {
  return (record?.values.get('id') as string | undefined) ?? null;
}

/** What the engine is asked to do for one row, or why the row fails before it. */
function planRow(
  org: LocalOrg,
  frame: Frame,
  item: unknown,
  request: DmlRequest,
  access: ReturnType<typeof userAccess> | null,
): {
  record: SObjectValue | null;
  op: DmlOperation | null;
  error: RecordError | null;
  created: boolean;
  def: SObjectDef | null;
} {
  if (request.verb === 'delete' && typeof item === 'string') {
    const def = org.catalog.objectForId(item) ?? null;
    if (access && def && !access.object(def).delete) {
      return {
        record: null,
        op: null,
        error: failure(
          'INSUFFICIENT_ACCESS_OR_READONLY',
          'insufficient access rights on object id',
        ),
        created: false,
        def,
      };
    }
    return {
      record: null,
      op: { kind: 'delete', type: null, id: item },
      error: null,
      created: false,
      def,
    };
  }
  if (!(item instanceof SObjectValue)) {
    if (item === null || item === undefined) nullPointer(frame);
    raise(frame, 'TypeException', 'DML requires SObject or SObject list type');
  }
  const record = item;
  const def = record.def;
  const id = idOf(record);
  if (request.verb === 'delete') {
    if (!id)
      return {
        record,
        op: null,
        error: failure('MISSING_ARGUMENT', 'Id not specified in a delete call', []),
        created: false,
        def,
      };
    if (access && !access.object(def).delete) {
      return {
        record,
        op: null,
        error: failure(
          'INSUFFICIENT_ACCESS_OR_READONLY',
          'insufficient access rights on object id',
        ),
        created: false,
        def,
      };
    }
    return { record, op: { kind: 'delete', type: def.name, id }, error: null, created: false, def };
  }
  if (request.verb === 'undelete') {
    raise(
      frame,
      'UnexpectedException',
      "undelete is not supported by the local org's Apex runtime",
    );
  }
  let creating = request.verb === 'insert';
  let existingId = id;
  if (request.verb === 'upsert') {
    const key = request.externalIdField ?? null;
    if (key && key.toLowerCase() !== 'id') {
      const value = record.values.get(key.toLowerCase());
      const found =
        value === null || value === undefined
          ? undefined
          : org.store.get(
              `SELECT "Id" FROM "${def.name}" WHERE "${org.catalog.field(def, key)?.name ?? key}" = ?`,
              String(value),
            );
      existingId = found ? String(found.Id) : null;
    }
    creating = !existingId;
  }
  if (creating && request.verb === 'insert' && id) {
    return {
      record,
      op: null,
      error: failure('INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', [
        'Id',
      ]),
      created: false,
      def,
    };
  }
  if (!creating && !existingId) {
    return {
      record,
      op: null,
      error: failure('MISSING_ARGUMENT', 'Id not specified in an update call', []),
      created: false,
      def,
    };
  }
  const values: Record<string, unknown> = {};
  const denied: string[] = [];
  for (const [key, value] of record.values) {
    const field = org.catalog.field(def, key);
    if (!field || field.name === 'Id') continue;
    if (!(creating ? field.createable : field.updateable)) continue;
    if (access && !access.canEditField(def, field, creating)) denied.push(field.name);
    values[field.name] = toDmlValue(value);
  }
  if (access) {
    const objectAccess = access.object(def);
    // Manage External Users reaches partner and customer users only (those with a contact).
    const internalUser =
      def.name === 'User' &&
      !access.modifyAllData &&
      !(creating ? values.ContactId : userHasContact(org, existingId));
    if (!(creating ? objectAccess.create : objectAccess.edit) || internalUser) {
      return {
        record,
        op: null,
        error: failure(
          'INSUFFICIENT_ACCESS_OR_READONLY',
          'insufficient access rights on object id',
        ),
        created: false,
        def,
      };
    }
    if (denied.length) {
      return {
        record,
        op: null,
        error: failure(
          'INVALID_FIELD_FOR_INSERT_UPDATE',
          `Unable to create/update fields: ${denied.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
          denied,
        ),
        created: false,
        def,
      };
    }
  }
  const op: DmlOperation = creating
    ? { kind: 'insert', type: def.name, values }
    : { kind: 'update', type: def.name, id: existingId!, values };
  return { record, op, error: null, created: creating, def };
}

function userHasContact(org: LocalOrg, id: string | null | undefined): boolean {
  const row = id ? org.store.get('SELECT "ContactId" FROM "User" WHERE "Id" = ?', id) : undefined;
  return Boolean(row?.ContactId);
}

function currentOwners(
  org: LocalOrg,
  operations: { op: DmlOperation | null }[],
): Map<string, string> {
  const owners = new Map<string, string>();
  for (const { op } of operations) {
    if (op?.kind !== 'update' || op.type !== 'Lead') continue;
    const id = normalizeId(op.id);
    const row = id ? org.store.get('SELECT "OwnerId" FROM "Lead" WHERE "Id" = ?', id) : undefined;
    if (id && row) owners.set(id, String(row.OwnerId));
  }
  return owners;
}

/** EmailHeader.triggerUserEmail: each new user gets its welcome e-mail (userEmails.ts). */
function sendNewUserEmails(
  org: LocalOrg,
  plans: { op: DmlOperation | null }[],
  outcomes: RowOutcome[],
): void {
  plans.forEach(({ op }, i) => {
    const id = outcomes[i].id;
    if (outcomes[i].success && outcomes[i].created && op?.type === 'User' && id) {
      sendNewUserEmail(org, id);
    }
  });
}

/** EmailHeader.triggerUserEmail: the new owner of each lead whose owner changed is told. */
function sendOwnerEmails(
  org: LocalOrg,
  plans: { op: DmlOperation | null }[],
  outcomes: RowOutcome[],
  before: Map<string, string>,
): void {
  plans.forEach(({ op }, i) => {
    if (!outcomes[i].success || op?.kind !== 'update' || op.type !== 'Lead') return;
    const id = normalizeId(op.id)!;
    const row = org.store.get('SELECT "OwnerId" FROM "Lead" WHERE "Id" = ?', id);
    const owner = row ? String(row.OwnerId) : null;
    if (owner && owner !== before.get(id)) sendLeadAssignmentEmail(org, id, owner);
  });
}

/**
 * A DML statement's failure: DmlException "Insert failed. First exception on row 0; first
 * error: REQUIRED_FIELD_MISSING, Required fields are missing: [LastName]: [LastName]", with
 * every failed row for getDml* (Apex Reference Guide, "DmlException Methods").
 */
export function throwDmlException(frame: Frame, verb: DmlVerb, outcomes: RowOutcome[]): never {
  const failed = outcomes.map((o, index) => ({ o, index })).filter(({ o }) => !o.success);
  const first =
    failed.find(({ o }) => o.errors[0]?.statusCode !== 'ALL_OR_NONE_OPERATION_ROLLED_BACK') ??
    failed[0];
  const error = first.o.errors[0];
  const fields = error.fields.length ? `: [${error.fields.join(', ')}]` : ': []';
  const id = first.o.id && verb !== 'insert' ? ` with id ${first.o.id}` : '';
  const message = `${VERB_LABEL[verb]} failed. First exception on row ${first.index}${id}; first error: ${error.statusCode}, ${error.message}${fields}`;
  const exception = newException(frame.ctx, services.current!.systemClass('DmlException'), message);
  exception.native!.dml = failed
    .filter(
      ({ o }) =>
        o.errors[0]?.statusCode !== 'ALL_OR_NONE_OPERATION_ROLLED_BACK' || failed.length === 1,
    )
    .map(({ o, index }) => ({
      index,
      id: o.id,
      statusCode: o.errors[0].statusCode,
      message: o.errors[0].message,
      fields: o.errors[0].fields,
      type: o.errors[0].statusCode,
    }));
  throw new ApexThrow(exception);
}
