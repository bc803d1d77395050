/**
 * The DML engine: insert, update and delete with Salesforce's checks (field access, required
 * fields, references, sharing, per-object platform rules), per-record savepoints, allOrNone, and
 * MIXED_DML_OPERATION for setup and non-setup objects in one transaction.
 */
import type { Session } from '../auth/session.ts';
import type { SObjectDef } from '../catalog/index.ts';
import { formatDateTime } from '../dates.ts';
import { RecordFailure } from '../errors.ts';
import type { RecordError } from '../errors.ts';
import { normalizeId } from '../ids.ts';
import { canWrite, visibilityFilter } from '../sharing.ts';
import { ident } from '../store/schema.ts';
import type { Row, Store } from '../store/store.ts';
import { accountRules } from './accountRules.ts';
import type { DmlOptions, ObjectRules, RuleContext } from './context.ts';
import { leadRules } from './leadRules.ts';
import {
  groupMemberRules,
  groupRules,
  networkMemberGroupRules,
  permissionSetAssignmentRules,
  queueSobjectRules,
  userRoleRules,
} from './setupRules.ts';
import { userRules } from './userRules.ts';
import { storedValues } from './values.ts';

export type DmlOperation =
  | { kind: 'insert'; type: string; values: Record<string, unknown> }
  | { kind: 'update'; type: string | null; id: string; values: Record<string, unknown> }
  | { kind: 'delete'; type: string | null; id: string };

export interface DmlResult {
  id?: string;
  success: boolean;
  errors: RecordError[];
}

const RULES: Record<string, ObjectRules> = {
  Account: accountRules,
  Lead: leadRules,
  User: userRules,
  Group: groupRules,
  UserRole: userRoleRules,
  GroupMember: groupMemberRules,
  QueueSobject: queueSobjectRules,
  PermissionSetAssignment: permissionSetAssignmentRules,
  NetworkMemberGroup: networkMemberGroupRules,
};

const ROLLED_BACK: RecordError = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message:
    'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

class RollBack extends Error {
  readonly results: DmlResult[];
  constructor(results: DmlResult[]) {
    super('rolled back');
    this.results = results;
  }
}

/** Compound names the platform keeps (FirstName + LastName). */
function computeName(object: SObjectDef, row: Row): void {
  if (!object.fields.some((f) => f.name === 'FirstName')) return;
  row.Name =
    [row.FirstName, row.LastName]
      .filter((v) => v !== null && v !== undefined && v !== '')
      .join(' ') || null;
}

export class DmlEngine {
  private readonly store: Store;
  private readonly now: () => Date;
  /**
   * Fault injection: asked for each existing record a contention-prone call writes; true fails
   * the record with UNABLE_TO_LOCK_ROW.
   */
  lockContention: ((id: string) => boolean) | null = null;

  constructor(store: Store, now: () => Date) {
    this.store = store;
    this.now = now;
  }

  /** Runs operations in one transaction; with allOrNone any failure rolls back every record. */
  execute(
    session: Session,
    operations: DmlOperation[],
    allOrNone: boolean,
    options: DmlOptions,
  ): DmlResult[] {
    const ctx: RuleContext = { store: this.store, session, now: this.now(), options };
    try {
      return this.store.transaction(() => {
        const results: DmlResult[] = [];
        let first: SObjectDef | null = null;
        for (const op of operations) {
          const claimedId = op.kind === 'insert' ? undefined : (normalizeId(op.id) ?? undefined);
          try {
            const object = this.objectOf(op);
            if (first && first.setup !== object.setup) {
              throw new RecordFailure(
                'MIXED_DML_OPERATION',
                `DML operation on setup object is not permitted after you have updated a non-setup object (or vice versa): ${object.name}, original object: ${first.name}`,
              );
            }
            first ??= object;
            if (options.contention && claimedId && this.lockContention?.(claimedId)) {
              throw new RecordFailure(
                'UNABLE_TO_LOCK_ROW',
                'unable to obtain exclusive access to this record',
              );
            }
            const id = this.store.transaction(() => this.apply(ctx, object, op));
            results.push({ id, success: true, errors: [] });
          } catch (error) {
            if (!(error instanceof RecordFailure)) throw error;
            const result: DmlResult = { success: false, errors: [error.error] };
            if (claimedId) result.id = claimedId;
            results.push(result);
          }
        }
        if (allOrNone && results.some((r) => !r.success)) throw new RollBack(results);
        return results;
      });
    } catch (error) {
      if (!(error instanceof RollBack)) throw error;
      return error.results.map((r, i) => {
        if (!r.success) return r;
        const out: DmlResult = { success: false, errors: [ROLLED_BACK] };
        if (r.id && operations[i].kind !== 'insert') out.id = r.id;
        return out;
      });
    }
  }

  private objectOf(op: DmlOperation): SObjectDef {
    const catalog = this.store.catalog;
    if (op.kind === 'insert') {
      const object = catalog.object(op.type);
      if (!object)
        throw new RecordFailure('INVALID_TYPE', `sObject type '${op.type}' is not supported.`);
      return object;
    }
    const id = normalizeId(op.id);
    const byId = id ? catalog.objectForId(id) : undefined;
    const object = op.type ? catalog.object(op.type) : byId;
    if (op.type && !object)
      throw new RecordFailure('INVALID_TYPE', `sObject type '${op.type}' is not supported.`);
    if (!id || !object || byId !== object) {
      const label = object ? object.label : 'Record';
      throw new RecordFailure('MALFORMED_ID', `${label} ID: id value of incorrect type: ${op.id}`, [
        'Id',
      ]);
    }
    return object;
  }

  private apply(ctx: RuleContext, object: SObjectDef, op: DmlOperation): string {
    switch (op.kind) {
      case 'insert':
        return this.insert(ctx, object, op.values);
      case 'update':
        return this.update(ctx, object, normalizeId(op.id)!, op.values);
      case 'delete':
        return this.remove(ctx, object, normalizeId(op.id)!);
    }
  }

  private insert(ctx: RuleContext, object: SObjectDef, input: Record<string, unknown>): string {
    if (!object.createable || !object.keyPrefix) {
      throw new RecordFailure(
        'INVALID_TYPE_FOR_OPERATION',
        `entity type cannot be inserted: ${object.name}`,
      );
    }
    if (!canWrite(ctx.session, object)) {
      throw new RecordFailure(
        'INSUFFICIENT_ACCESS_OR_READONLY',
        'insufficient access rights on object id',
      );
    }
    const values = storedValues(this.store.catalog, object, input, 'insert');
    const row: Row = {};
    for (const field of object.fields) {
      if (field.defaultValue !== null)
        row[field.name] =
          typeof field.defaultValue === 'boolean' ? Number(field.defaultValue) : field.defaultValue;
    }
    if (object.fields.some((f) => f.name === 'OwnerId')) row.OwnerId = ctx.session.userId;
    Object.assign(row, values);
    this.checkRequired(object, row);
    this.checkReferences(object, values);
    computeName(object, row);
    RULES[object.name]?.beforeInsert?.(ctx, row);
    const at = formatDateTime(ctx.now);
    row.Id = this.store.nextId(object.keyPrefix);
    Object.assign(row, {
      CreatedDate: at,
      CreatedById: ctx.session.userId,
      LastModifiedDate: at,
      LastModifiedById: ctx.session.userId,
      SystemModstamp: at,
    });
    this.store.insertRow(object, row);
    RULES[object.name]?.afterWrite?.(ctx, row, undefined);
    return String(row.Id);
  }

  private existing(ctx: RuleContext, object: SObjectDef, id: string): Row {
    const old = this.store.getRow(object, id);
    if (!old) throw new RecordFailure('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
    if (old.IsDeleted === 1) throw new RecordFailure('ENTITY_IS_DELETED', 'entity is deleted');
    const visible = ctx.options.bypassSharing
      ? null
      : visibilityFilter(ctx.session, object, 't0', this.store.catalog);
    if (visible) {
      const seen = this.store.get(
        `SELECT 1 AS ok FROM ${ident(object.name)} t0 WHERE t0."Id" = ? AND (${visible.sql})`,
        id,
        ...visible.params,
      );
      if (!seen)
        throw new RecordFailure(
          'INSUFFICIENT_ACCESS_OR_READONLY',
          'insufficient access rights on object id',
        );
    }
    if (!canWrite(ctx.session, object)) {
      throw new RecordFailure(
        'INSUFFICIENT_ACCESS_OR_READONLY',
        'insufficient access rights on object id',
      );
    }
    return old;
  }

  private update(
    ctx: RuleContext,
    object: SObjectDef,
    id: string,
    input: Record<string, unknown>,
  ): string {
    if (!object.updateable) {
      throw new RecordFailure(
        'INVALID_TYPE_FOR_OPERATION',
        `entity type cannot be updated: ${object.name}`,
      );
    }
    const old = this.existing(ctx, object, id);
    const values = storedValues(this.store.catalog, object, input, 'update');
    const row: Row = { ...old, ...values };
    this.checkRequired(object, row);
    this.checkReferences(object, values);
    computeName(object, row);
    RULES[object.name]?.beforeUpdate?.(ctx, row, old);
    const changes: Row = {};
    for (const field of object.fields)
      if (row[field.name] !== old[field.name]) changes[field.name] = row[field.name];
    const at = formatDateTime(ctx.now);
    Object.assign(changes, {
      LastModifiedDate: at,
      LastModifiedById: ctx.session.userId,
      SystemModstamp: at,
    });
    Object.assign(row, changes);
    this.store.updateRow(object, id, changes);
    RULES[object.name]?.afterWrite?.(ctx, row, old);
    return id;
  }

  private remove(ctx: RuleContext, object: SObjectDef, id: string): string {
    if (!object.deletable) {
      throw new RecordFailure(
        'INVALID_TYPE_FOR_OPERATION',
        `entity type cannot be deleted: ${object.name}`,
      );
    }
    const old = this.existing(ctx, object, id);
    if (object.softDelete) {
      const at = formatDateTime(ctx.now);
      this.store.updateRow(object, id, {
        IsDeleted: 1,
        LastModifiedDate: at,
        LastModifiedById: ctx.session.userId,
        SystemModstamp: at,
      });
    } else {
      this.store.deleteRow(object, id);
    }
    RULES[object.name]?.afterDelete?.(ctx, old);
    return id;
  }

  private checkRequired(object: SObjectDef, row: Row): void {
    const missing = object.fields
      .filter(
        (f) =>
          !f.nillable &&
          f.createable &&
          f.type !== 'boolean' &&
          (row[f.name] === null || row[f.name] === undefined),
      )
      .map((f) => f.name);
    if (missing.length) {
      throw new RecordFailure(
        'REQUIRED_FIELD_MISSING',
        `Required fields are missing: [${missing.join(', ')}]`,
        missing,
      );
    }
  }

  /** Every reference being written must point at an existing, undeleted record. */
  private checkReferences(object: SObjectDef, values: Row): void {
    for (const [name, value] of Object.entries(values)) {
      if (typeof value !== 'string') continue;
      const field = this.store.catalog.field(object, name);
      if (field?.type !== 'reference') continue;
      const target = this.store.catalog.objectForId(value)!;
      const row = this.store.get(
        `SELECT ${target.softDelete ? '"IsDeleted"' : '0'} AS deleted FROM ${ident(target.name)} WHERE "Id" = ?`,
        value,
      );
      if (!row || row.deleted === 1) {
        throw new RecordFailure('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [
          field.name,
        ]);
      }
    }
  }
}

export type { DmlOptions } from './context.ts';
export type { Session };
