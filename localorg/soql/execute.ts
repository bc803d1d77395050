/** Runs compiled SOQL: totals, pages of records, query locators for queryMore. */
import { randomBytes } from 'node:crypto';
import type { Session } from '../auth/session.ts';
import type { Catalog } from '../catalog/index.ts';
import { CHOICES } from '../choices.ts';
import type { ChoiceValue } from '../choices.ts';
import { ApiError } from '../errors.ts';
import { KEY_PREFIX, makeId } from '../ids.ts';
import { apiValue, recordUrl } from '../records.ts';
import type { ApiRecord } from '../records.ts';
import { ident } from '../store/schema.ts';
import type { Row, SqlValue, Store } from '../store/store.ts';
import { compileSoql } from './compile.ts';
import type { CompiledQuery, OutputColumn, RelationNode } from './compile.ts';

export const DEFAULT_BATCH_SIZE = 2000;
export const MIN_BATCH_SIZE = 200;
const MAX_CURSORS = 500;
const CURSOR_TTL_MS = 2 * 24 * 3600 * 1000;

export interface QueryResult {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: ApiRecord[];
}

export interface QueryOptions {
  apiVersion: string;
  includeDeleted?: boolean;
  batchSize?: number;
  /** The Tooling API's query: its own objects can be queried too. */
  tooling?: boolean;
}

interface Cursor {
  locator: string;
  userId: string;
  compiled: CompiledQuery;
  rowids: number[];
  createdAt: number;
}

/** Clamps a requested batch size to Salesforce's 200..2000. */
export function clampBatchSize(size: number | undefined): number {
  if (size === undefined || !Number.isFinite(size)) return DEFAULT_BATCH_SIZE;
  return Math.min(DEFAULT_BATCH_SIZE, Math.max(MIN_BATCH_SIZE, Math.floor(size)));
}

function limitSql(compiled: CompiledQuery): string {
  if (compiled.limit === null && compiled.offset === null) return '';
  return ` LIMIT ${compiled.limit ?? -1} OFFSET ${compiled.offset ?? 0}`;
}

function tail(compiled: CompiledQuery, withOrder: boolean): string {
  let sql = compiled.where ? ` WHERE ${compiled.where}` : '';
  if (compiled.groupBy) sql += ` GROUP BY ${compiled.groupBy}`;
  if (compiled.having) sql += ` HAVING ${compiled.having}`;
  if (withOrder && compiled.orderBy) sql += ` ORDER BY ${compiled.orderBy}`;
  return sql + limitSql(compiled);
}

export class QueryService {
  private readonly store: Store;
  private readonly now: () => Date;
  private readonly cursors = new Map<string, Cursor>();
  private readonly locatorBase = randomBytes(2).readUInt16BE(0) * 1_000_000;
  private locatorCount = 0;

  /** The choice `typeof-unmatched` (choices.ts): a TYPEOF relationship no branch covers. */
  private readonly typeofUnmatched: ChoiceValue<'typeof-unmatched'>;

  constructor(
    store: Store,
    now: () => Date,
    typeofUnmatched: ChoiceValue<'typeof-unmatched'> = CHOICES['typeof-unmatched'].default,
  ) {
    this.store = store;
    this.now = now;
    this.typeofUnmatched = typeofUnmatched;
  }

  compile(
    session: Session,
    soql: string,
    includeDeleted = false,
    apiVersion?: string,
    tooling = false,
  ): CompiledQuery {
    return compileSoql(
      {
        catalog: this.store.catalog,
        session,
        now: this.now(),
        includeDeleted,
        apiVersion,
        tooling,
      },
      soql,
    );
  }

  /** REST query / queryAll: the first page, with a locator when more remain. */
  query(session: Session, soql: string, options: QueryOptions): QueryResult {
    const compiled = this.compile(
      session,
      soql,
      options.includeDeleted ?? false,
      options.apiVersion,
      options.tooling ?? false,
    );
    const params = [...compiled.whereParams, ...compiled.havingParams];
    if (compiled.mode === 'count') {
      const row = this.store.get(
        `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${compiled.from}${tail(compiled, false)})`,
        ...params,
      );
      return { totalSize: Number(row?.n ?? 0), done: true, records: [] };
    }
    if (compiled.mode === 'aggregate') {
      const rows = this.store.all(
        `SELECT ${compiled.select} FROM ${compiled.from}${tail(compiled, true)}`,
        ...params,
      );
      if (rows.length > DEFAULT_BATCH_SIZE) {
        throw new ApiError(
          400,
          'MALFORMED_QUERY',
          'Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch',
        );
      }
      const records = rows.map((row) =>
        shape(compiled, row, options.apiVersion, true, this.store.catalog, this.typeofUnmatched),
      );
      return { totalSize: records.length, done: true, records };
    }
    const cursor: Cursor = {
      locator: '',
      userId: session.userId,
      compiled,
      rowids: this.rowids(compiled),
      createdAt: Date.now(),
    };
    return this.page(cursor, 0, clampBatchSize(options.batchSize), options.apiVersion);
  }

  private rowids(compiled: CompiledQuery): number[] {
    const statement = this.store.db.prepare(
      `SELECT t0.rowid FROM ${compiled.from}${tail(compiled, true)}`,
    );
    statement.setReturnArrays(true);
    const rowids: number[] = [];
    const params = [...compiled.whereParams, ...compiled.havingParams];
    for (const row of statement.iterate(...params) as Iterable<unknown[]>)
      rowids.push(Number(row[0]));
    return rowids;
  }

  /** Every record of a compiled records query, unpaged (the Apex runtime's queries). */
  allRecords(compiled: CompiledQuery, apiVersion = '65.0'): ApiRecord[] {
    const rowids = this.rowids(compiled);
    if (rowids.length === 0) return [];
    const cursor: Cursor = { locator: '', userId: '', compiled, rowids, createdAt: Date.now() };
    return this.page(cursor, 0, rowids.length, apiVersion).records;
  }

  /** The number a COUNT() query answers. */
  countOf(compiled: CompiledQuery): number {
    const row = this.store.get(
      `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${compiled.from}${tail(compiled, false)})`,
      ...compiled.whereParams,
      ...compiled.havingParams,
    );
    return Number(row?.n ?? 0);
  }

  /** How many rows an aggregate query's WHERE clause matches (the rows it aggregates). */
  aggregatedRowCount(compiled: CompiledQuery): number {
    const where = compiled.where ? ` WHERE ${compiled.where}` : '';
    const row = this.store.get(
      `SELECT COUNT(*) AS n FROM ${compiled.from}${where}`,
      ...compiled.whereParams,
    );
    return Number(row?.n ?? 0);
  }

  /** The result rows of an aggregate query, by column (see compiled.columns). */
  aggregateRows(compiled: CompiledQuery): Row[] {
    return this.store.all(
      `SELECT ${compiled.select} FROM ${compiled.from}${tail(compiled, true)}`,
      ...compiled.whereParams,
      ...compiled.havingParams,
    );
  }

  /** queryMore: the page of a locator starting at `offset`. */
  queryMore(session: Session, locator: string, offset: number, options: QueryOptions): QueryResult {
    const cursor = this.cursors.get(locator);
    if (
      !cursor ||
      cursor.userId !== session.userId ||
      !Number.isInteger(offset) ||
      offset < 0 ||
      offset >= cursor.rowids.length ||
      Date.now() - cursor.createdAt > CURSOR_TTL_MS
    ) {
      throw new ApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    return this.page(cursor, offset, clampBatchSize(options.batchSize), options.apiVersion);
  }

  /** Every record of a query, unpaged (for in-process callers such as Apex twins and tests). */
  records(session: Session, soql: string, apiVersion = '65.0'): ApiRecord[] {
    const out: ApiRecord[] = [];
    let page = this.query(session, soql, { apiVersion });
    out.push(...page.records);
    while (!page.done && page.nextRecordsUrl) {
      const [locator, offset] = page.nextRecordsUrl.split('/').pop()!.split('-');
      page = this.queryMore(session, locator, Number(offset), { apiVersion });
      out.push(...page.records);
    }
    return out;
  }

  /**
   * The stored rows of a records query, batch by batch, for exports (Bulk API query jobs). Each
   * batch runs a statement of its own, so nothing stays open while the caller yields between
   * batches. Without ORDER BY the table is walked by rowid (every row at most once); with it the
   * sorted rowids are kept in a Float64Array (8 bytes a row, no per-row objects).
   */
  *recordBatches(compiled: CompiledQuery, batchSize: number): Generator<Row[]> {
    if (compiled.mode !== 'records') throw new Error('recordBatches needs a records query');
    const params = [...compiled.whereParams];
    if (!compiled.orderBy) {
      const sql = rowidBatchSql(compiled);
      let remaining = compiled.limit ?? Number.POSITIVE_INFINITY;
      let after = -1;
      while (remaining > 0) {
        const rows = this.store.all(sql, ...params, after, Math.min(batchSize, remaining));
        if (rows.length === 0) return;
        remaining -= rows.length;
        after = Number(rows[rows.length - 1]._rowid);
        yield rows;
      }
      return;
    }
    const statement = this.store.db.prepare(
      `SELECT t0.rowid FROM ${compiled.from}${tail(compiled, true)}`,
    );
    statement.setReturnArrays(true);
    let rowids = new Float64Array(1024);
    let count = 0;
    for (const row of statement.iterate(...params) as Iterable<unknown[]>) {
      if (count === rowids.length) {
        const grown = new Float64Array(rowids.length * 2);
        grown.set(rowids);
        rowids = grown;
      }
      rowids[count++] = Number(row[0]);
    }
    const sql = `SELECT t0.rowid AS _rowid, t0."Id" AS _id, ${compiled.select} FROM ${compiled.from} WHERE t0.rowid IN (SELECT value FROM json_each(?))`;
    for (let offset = 0; offset < count; offset += batchSize) {
      const slice = Array.from(rowids.subarray(offset, Math.min(count, offset + batchSize)));
      const byRowid = new Map<number, Row>(
        this.store.all(sql, JSON.stringify(slice)).map((r) => [Number(r._rowid), r]),
      );
      const rows: Row[] = [];
      for (const rowid of slice) {
        const row = byRowid.get(rowid);
        if (row) rows.push(row);
      }
      yield rows;
    }
  }

  private page(cursor: Cursor, offset: number, batchSize: number, apiVersion: string): QueryResult {
    const slice = cursor.rowids.slice(offset, offset + batchSize);
    const { compiled } = cursor;
    const rows = slice.length
      ? this.store.all(
          `SELECT t0.rowid AS _rowid, t0."Id" AS _id, ${compiled.select} FROM ${compiled.from} WHERE t0.rowid IN (SELECT value FROM json_each(?))`,
          JSON.stringify(slice) as SqlValue,
        )
      : [];
    const byRowid = new Map<number, Row>(rows.map((r) => [Number(r._rowid), r]));
    const records: ApiRecord[] = [];
    const ordered: Row[] = [];
    for (const rowid of slice) {
      const row = byRowid.get(rowid);
      if (row) {
        ordered.push(row);
        records.push(
          shape(compiled, row, apiVersion, false, this.store.catalog, this.typeofUnmatched),
        );
      }
    }
    if (compiled.children.length) this.attachChildren(compiled, ordered, records, apiVersion);
    const next = offset + slice.length;
    const result: QueryResult = {
      totalSize: cursor.rowids.length,
      done: next >= cursor.rowids.length,
      records,
    };
    if (!result.done) {
      if (!cursor.locator) this.remember(cursor);
      result.nextRecordsUrl = `/services/data/v${apiVersion}/query/${cursor.locator}-${next}`;
    }
    return result;
  }

  /**
   * Child-relationship subqueries: one query per subquery for the whole page of parents, the
   * rows grouped by parent and cut to the subquery's OFFSET and LIMIT, each parent's children
   * as a query result of their own, `{ totalSize, done: true, records }` under the
   * relationship name as written (SOQL and SOSL Reference, "Understanding Query Results"). A
   * parent without children gets null, as Salesforce returns it. Nested subqueries (API 58.0
   * and later) are attached level by level the same way.
   *
   * Docs silent: the reference says a subquery's result may need queryMore when a parent has
   * many children, without saying when; the local org always answers every child of a parent
   * in one result (`done: true`), so a client that follows a nested `nextRecordsUrl` never
   * has to here.
   */
  private attachChildren(
    compiled: CompiledQuery,
    parents: Row[],
    records: ApiRecord[],
    apiVersion: string,
  ): void {
    const ids = parents.map((p) => String(p._id));
    for (const child of compiled.children) {
      const sub = child.compiled;
      const t = sub.alias;
      const parentColumn = `${t}.${ident(child.parentField.name)}`;
      const order = sub.orderBy ? `${sub.orderBy}, ` : '';
      const sql = `SELECT ${t}.rowid AS _rowid, ${t}."Id" AS _id, ${parentColumn} AS _parent, ${sub.select} FROM ${sub.from} WHERE ${
        sub.where ? `(${sub.where}) AND ` : ''
      }${parentColumn} IN (SELECT value FROM json_each(?)) ORDER BY ${order}${t}.rowid`;
      const byParent = new Map<string, Row[]>();
      for (const row of this.store.all(sql, ...sub.whereParams, JSON.stringify(ids))) {
        const list = byParent.get(String(row._parent)) ?? [];
        list.push(row);
        byParent.set(String(row._parent), list);
      }
      const childRows: Row[] = [];
      const childRecords: ApiRecord[] = [];
      parents.forEach((parent, i) => {
        let rows = byParent.get(String(parent._id)) ?? [];
        rows = rows.slice(
          sub.offset ?? 0,
          sub.limit === null ? undefined : (sub.offset ?? 0) + sub.limit,
        );
        const shaped = rows.map((r) =>
          shape(sub, r, apiVersion, false, this.store.catalog, this.typeofUnmatched),
        );
        childRows.push(...rows);
        childRecords.push(...shaped);
        records[i][child.name] = rows.length
          ? { totalSize: rows.length, done: true, records: shaped }
          : null;
      });
      if (sub.children.length && childRows.length) {
        this.attachChildren(sub, childRows, childRecords, apiVersion);
      }
    }
  }

  private remember(cursor: Cursor): void {
    cursor.locator = makeId(KEY_PREFIX.QueryLocator, this.locatorBase + ++this.locatorCount);
    this.cursors.set(cursor.locator, cursor);
    while (this.cursors.size > MAX_CURSORS) {
      const oldest = this.cursors.keys().next().value as string;
      this.cursors.delete(oldest);
    }
  }
}

function outputValue(column: OutputColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (column.kind === 'integer' || column.kind === 'number') return Number(value);
  return column.field ? apiValue(column.field, value) : value;
}

/** The lower-case object type of a shaped related record (from its attributes). */
function typeOf(record: ApiRecord): string {
  return String((record.attributes as { type?: string } | undefined)?.type ?? '').toLowerCase();
}

/** A result row as the nested JSON record REST returns. */
function shape(
  compiled: CompiledQuery,
  row: Row,
  apiVersion: string,
  aggregate: boolean,
  catalog: Catalog,
  typeofUnmatched: ChoiceValue<'typeof-unmatched'>,
): ApiRecord {
  if (aggregate) {
    const out: ApiRecord = { attributes: { type: 'AggregateResult' } };
    for (const column of compiled.columns)
      out[column.name] = outputValue(column, row[column.column]);
    return out;
  }
  const type = compiled.object.name;
  const out: ApiRecord = {
    attributes: { type, url: recordUrl(apiVersion, type, String(row._id)) },
  };
  const containers = new Map<RelationNode, ApiRecord | null>();
  const containerOf = (relation: RelationNode | null): ApiRecord | null => {
    if (!relation) return out;
    if (containers.has(relation)) return containers.get(relation)!;
    const parent = containerOf(relation.parent);
    let node: ApiRecord | null = null;
    if (parent) {
      const id = row[relation.idColumn];
      if (id !== null && id !== undefined) {
        const actual = relation.polymorphic
          ? (catalog.objectForId(String(id))?.name ?? relation.typeName)
          : relation.typeName;
        const uncovered =
          relation.typeOfCovers !== undefined &&
          !relation.typeOfCovers.includes(actual.toLowerCase());
        node =
          uncovered && typeofUnmatched === 'null'
            ? null
            : {
                attributes: {
                  type: relation.typeOf ? actual : relation.typeName,
                  url: recordUrl(apiVersion, actual, String(id)),
                },
              };
      }
      parent[relation.name] = node;
    }
    containers.set(relation, node);
    return node;
  };
  for (const column of compiled.columns) {
    const container = containerOf(column.relation);
    if (!container) continue;
    if (column.when && !column.when.includes(typeOf(container))) continue;
    container[column.name] = outputValue(column, row[column.column]);
  }
  return out;
}

/**
 * One batch of an unordered export: the rows after a rowid, in rowid order. Parameters: the
 * query's own, then the last rowid of the previous batch (-1 first) and the batch size.
 */
export function rowidBatchSql(compiled: CompiledQuery): string {
  return `SELECT t0.rowid AS _rowid, t0."Id" AS _id, ${compiled.select} FROM ${compiled.rowidScanFrom} WHERE ${
    compiled.where ? `(${compiled.where}) AND ` : ''
  }t0.rowid > ? ORDER BY t0.rowid LIMIT ?`;
}
