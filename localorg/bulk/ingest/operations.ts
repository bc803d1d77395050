/**
 * Rows of an ingest job as DmlEngine operations: insert, update, delete and upsert (matched on Id
 * or on the job's external Id field), or a failure decided before any DML runs.
 */
import type { SObjectDef } from '../../catalog/index.ts';
import type { DmlOperation } from '../../dml/engine.ts';
import type { RecordError } from '../../errors.ts';
import { ident } from '../../store/schema.ts';
import type { Store } from '../../store/store.ts';
import type { IngestJob } from '../jobs.ts';
import { rowValues } from './columns.ts';
import type { ColumnPlan } from './columns.ts';

export interface ParsedRow {
  record: string[];
  /** The row as uploaded, without its line ending. */
  raw: string;
}

export type RowPlan =
  | { kind: 'dml'; operation: DmlOperation; created: boolean }
  | { kind: 'failed'; id: string; error: RecordError };

const failed = (statusCode: string, message: string, fields: string[] = []): RowPlan => ({
  kind: 'failed',
  id: '',
  error: { statusCode, message, fields },
});

function insert(object: SObjectDef, values: Record<string, unknown>): RowPlan {
  return { kind: 'dml', operation: { kind: 'insert', type: object.name, values }, created: true };
}

function update(object: SObjectDef, id: string, values: Record<string, unknown>): RowPlan {
  return {
    kind: 'dml',
    operation: { kind: 'update', type: object.name, id, values },
    created: false,
  };
}

/** Matches upsert rows on the external Id field: none inserts, one updates, more fail. */
class UpsertMatcher {
  private readonly store: Store;
  private readonly object: SObjectDef;
  private readonly field: string;
  private readonly seen = new Set<string>();

  constructor(store: Store, object: SObjectDef, field: string) {
    this.store = store;
    this.object = object;
    this.field = field;
  }

  plan(key: string, values: Record<string, unknown>): RowPlan {
    if (this.seen.has(key)) {
      return failed('DUPLICATE_EXTERNAL_ID', `Duplicate external id specified: ${key}`, [
        this.field,
      ]);
    }
    this.seen.add(key);
    const live = this.object.softDelete ? ' AND "IsDeleted" = 0' : '';
    const ids = this.store
      .all(
        `SELECT "Id" FROM ${ident(this.object.name)} WHERE ${ident(this.field)} = ?${live} LIMIT 2`,
        key,
      )
      .map((row) => String(row.Id));
    if (ids.length > 1) {
      return failed(
        'DUPLICATE_EXTERNAL_ID',
        `${this.field}: more than 1 record found for external id field: [${ids.join(', ')}]`,
        [this.field],
      );
    }
    return ids.length === 1
      ? update(this.object, ids[0], values)
      : insert(this.object, { ...values, [this.field]: key });
  }
}

/** What to do with each row of one unit of work, in row order. */
export function planRows(
  store: Store,
  object: SObjectDef,
  job: IngestJob,
  columns: ColumnPlan,
  rows: ParsedRow[],
): RowPlan[] {
  const matcher =
    job.operation === 'upsert' && job.externalIdFieldName !== 'Id'
      ? new UpsertMatcher(store, object, job.externalIdFieldName!)
      : null;
  return rows.map(({ record }) => {
    const id = columns.idIndex >= 0 ? (record[columns.idIndex] ?? '').trim() : '';
    switch (job.operation) {
      case 'insert': {
        const values = rowValues(columns, record);
        return insert(object, id ? { ...values, Id: id } : values);
      }
      case 'update':
        return id
          ? update(object, id, rowValues(columns, record))
          : failed('MISSING_ARGUMENT', 'Id not specified in an update call');
      case 'delete':
      case 'hardDelete':
        return id
          ? {
              kind: 'dml',
              operation: { kind: 'delete', type: object.name, id },
              created: false,
            }
          : failed('MISSING_ARGUMENT', 'Id not specified in a delete call');
      case 'upsert': {
        const values = rowValues(columns, record);
        if (!matcher) return id ? update(object, id, values) : insert(object, values);
        const key = (record[columns.externalIdIndex] ?? '').trim();
        if (!key) {
          return failed('MISSING_ARGUMENT', `${job.externalIdFieldName} not specified`, [
            job.externalIdFieldName!,
          ]);
        }
        delete values[job.externalIdFieldName!];
        return matcher.plan(key, values);
      }
    }
  });
}
