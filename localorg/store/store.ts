/** The local org's store: one SQLite database (a file, or in memory) holding every record. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { SQLInputValue, StatementSync } from 'node:sqlite';
import type { Catalog, SObjectDef } from '../catalog/index.ts';
import { makeId } from '../ids.ts';
import { INTERNAL_TABLES, createIndexSql, createTableSql, ident } from './schema.ts';

export type SqlValue = SQLInputValue;
/** A stored row: column name to SQLite value (booleans are 0/1). */
export type Row = Record<string, string | number | null>;

export class Store {
  readonly db: DatabaseSync;
  readonly catalog: Catalog;
  private readonly statements = new Map<string, StatementSync>();
  private readonly counters = new Map<string, number>();
  private depth = 0;

  /** `path` is a database file or `:memory:`. */
  readonly path: string;

  constructor(path: string, catalog: Catalog) {
    this.path = path;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    this.catalog = catalog;
    if (path !== ':memory:') {
      this.db.exec('PRAGMA journal_mode = WAL');
      this.db.exec('PRAGMA synchronous = NORMAL');
    }
    for (const sql of INTERNAL_TABLES) this.db.exec(sql);
    for (const object of catalog.objects) this.db.exec(createTableSql(object));
    for (const row of this.all('SELECT prefix, n FROM _lo_counter')) {
      this.counters.set(String(row.prefix), Number(row.n));
    }
  }

  /**
   * Runs a bulk load (seeding a new file) without the write-ahead log or fsyncs, which halves the
   * disk traffic; the database is switched back to WAL afterwards.
   */
  bulkLoad(fn: () => void): void {
    const file = this.path !== ':memory:';
    if (file) this.db.exec('PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF');
    try {
      fn();
    } finally {
      if (file) this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL');
    }
  }

  /** Secondary indexes; created after a bulk seed, which is faster than maintaining them. */
  createIndexes(): void {
    for (const object of this.catalog.objects)
      for (const sql of createIndexSql(object)) this.db.exec(sql);
  }

  /** Adds the table of a newly catalogued object. */
  addTable(object: SObjectDef): void {
    this.db.exec(createTableSql(object));
    for (const sql of createIndexSql(object)) this.db.exec(sql);
  }

  prepare(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  all(sql: string, ...params: SqlValue[]): Row[] {
    return this.prepare(sql).all(...params) as Row[];
  }

  get(sql: string, ...params: SqlValue[]): Row | undefined {
    return this.prepare(sql).get(...params) as Row | undefined;
  }

  run(sql: string, ...params: SqlValue[]): void {
    this.prepare(sql).run(...params);
  }

  /** Runs `fn` in a transaction (a savepoint when nested); any throw rolls it back. */
  transaction<T>(fn: () => T): T {
    const name = `sp${this.depth}`;
    this.db.exec(this.depth === 0 ? 'BEGIN' : `SAVEPOINT ${name}`);
    this.depth++;
    try {
      const result = fn();
      this.depth--;
      this.db.exec(this.depth === 0 ? 'COMMIT' : `RELEASE ${name}`);
      return result;
    } catch (error) {
      this.depth--;
      this.db.exec(this.depth === 0 ? 'ROLLBACK' : `ROLLBACK TO ${name}; RELEASE ${name}`);
      throw error;
    }
  }

  /**
   * Opens a transaction (a savepoint when nested) that the caller ends with `commit()` or
   * `rollback()`, for work that awaits in between (a composite request running its subrequests'
   * handlers). SQLite has one connection here, so the caller must not give the event loop to
   * other requests while it is open: await only promises that are already settled.
   */
  openTransaction(): { commit(): void; rollback(): void } {
    const name = `sp${this.depth}`;
    this.db.exec(this.depth === 0 ? 'BEGIN' : `SAVEPOINT ${name}`);
    this.depth++;
    const depth = this.depth;
    let open = true;
    const close = (sql: (outer: boolean) => string) => {
      if (!open) throw new Error('transaction already ended');
      if (this.depth !== depth) throw new Error('a nested transaction is still open');
      open = false;
      this.depth--;
      this.db.exec(sql(this.depth === 0));
    };
    return {
      commit: () => close((outer) => (outer ? 'COMMIT' : `RELEASE ${name}`)),
      rollback: () =>
        close((outer) => (outer ? 'ROLLBACK' : `ROLLBACK TO ${name}; RELEASE ${name}`)),
    };
  }

  /** Reserves `count` consecutive Id numbers for a key prefix and returns the first. */
  reserveIds(prefix: string, count: number): number {
    const first = (this.counters.get(prefix) ?? 0) + 1;
    const last = first + count - 1;
    this.counters.set(prefix, last);
    this.run(
      'INSERT INTO _lo_counter (prefix, n) VALUES (?, ?) ON CONFLICT(prefix) DO UPDATE SET n = excluded.n',
      prefix,
      last,
    );
    return first;
  }

  nextId(prefix: string): string {
    return makeId(prefix, this.reserveIds(prefix, 1));
  }

  setting(key: string): string | undefined {
    const row = this.get('SELECT value FROM _lo_setting WHERE key = ?', key);
    return row?.value === null || row === undefined ? undefined : String(row.value);
  }

  setSetting(key: string, value: string): void {
    this.run(
      'INSERT INTO _lo_setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      key,
      value,
    );
  }

  /** Inserts a stored row (column names must be catalogue fields). */
  insertRow(object: SObjectDef, row: Row): void {
    const names = Object.keys(row);
    const sql = `INSERT INTO ${ident(object.name)} (${names.map(ident).join(', ')}) VALUES (${names
      .map(() => '?')
      .join(', ')})`;
    this.run(sql, ...names.map((n) => row[n]));
  }

  updateRow(object: SObjectDef, id: string, changes: Row): void {
    const names = Object.keys(changes);
    if (names.length === 0) return;
    const sql = `UPDATE ${ident(object.name)} SET ${names.map((n) => `${ident(n)} = ?`).join(', ')} WHERE "Id" = ?`;
    this.run(sql, ...names.map((n) => changes[n]), id);
  }

  getRow(object: SObjectDef, id: string): Row | undefined {
    return this.get(`SELECT * FROM ${ident(object.name)} WHERE "Id" = ?`, id);
  }

  deleteRow(object: SObjectDef, id: string): void {
    this.run(`DELETE FROM ${ident(object.name)} WHERE "Id" = ?`, id);
  }

  close(): void {
    this.statements.clear();
    if (this.db.isOpen) this.db.close();
  }
}
