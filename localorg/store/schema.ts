/** SQL tables for the catalogue's objects, plus the local org's own bookkeeping tables. */
import type { FieldDef, SObjectDef } from '../catalog/index.ts';

/** Quotes an SQL identifier ("Group" is a reserved word). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function sqlType(field: FieldDef): string {
  switch (field.type) {
    case 'boolean':
    case 'int':
      return 'INTEGER';
    case 'double':
    case 'currency':
      return 'REAL';
    default:
      return 'TEXT';
  }
}

export function createTableSql(object: SObjectDef): string {
  const columns = object.fields.map((field) => {
    const notNull = field.type === 'boolean' || field.name === 'Id' ? ' NOT NULL' : '';
    const dflt = field.type === 'boolean' ? ' DEFAULT 0' : '';
    return `${ident(field.name)} ${sqlType(field)}${notNull}${dflt}`;
  });
  return `CREATE TABLE IF NOT EXISTS ${ident(object.name)} (${columns.join(', ')})`;
}

/** Lookups rarely filtered on; indexing them would only slow down bulk writes. */
const UNINDEXED = new Set([
  'CreatedById',
  'LastModifiedById',
  'ConvertedAccountId',
  'ConvertedContactId',
]);

/** Reference fields worth an index (owners, parents). */
export function indexedFields(object: SObjectDef): FieldDef[] {
  return object.fields.filter((f) => f.type === 'reference' && !UNINDEXED.has(f.name));
}

export function createIndexSql(object: SObjectDef): string[] {
  const table = object.name;
  const out = [
    object.keyPrefix
      ? `CREATE UNIQUE INDEX IF NOT EXISTS ${ident(`${table}_Id`)} ON ${ident(table)} ("Id")`
      : `CREATE INDEX IF NOT EXISTS ${ident(`${table}_Id`)} ON ${ident(table)} ("Id")`,
  ];
  // Salesforce indexes CreatedDate on every object; lists sorted newest first walk it.
  if (object.fields.some((f) => f.name === 'CreatedDate')) {
    out.push(
      `CREATE INDEX IF NOT EXISTS ${ident(`${table}_CreatedDate`)} ON ${ident(table)} ("CreatedDate", "Id")`,
    );
  }
  for (const field of indexedFields(object)) {
    out.push(
      `CREATE INDEX IF NOT EXISTS ${ident(`${table}_${field.name}`)} ON ${ident(table)} (${ident(field.name)})`,
    );
  }
  return out;
}

/** Bookkeeping: Id counters, settings, sessions, passwords, OAuth clients, outbox, rules, API usage. */
export const INTERNAL_TABLES = [
  'CREATE TABLE IF NOT EXISTS _lo_counter (prefix TEXT PRIMARY KEY, n INTEGER NOT NULL)',
  'CREATE TABLE IF NOT EXISTS _lo_setting (key TEXT PRIMARY KEY, value TEXT)',
  `CREATE TABLE IF NOT EXISTS _lo_token (hash TEXT PRIMARY KEY, kind TEXT NOT NULL, userId TEXT NOT NULL,
     clientId TEXT, issuedAt INTEGER NOT NULL)`,
  'CREATE TABLE IF NOT EXISTS _lo_password (userId TEXT PRIMARY KEY, salt TEXT NOT NULL, hash TEXT NOT NULL)',
  `CREATE TABLE IF NOT EXISTS _lo_client (clientId TEXT PRIMARY KEY, clientSecret TEXT, runAsUserId TEXT,
     name TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS _lo_outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL,
     sentAt TEXT NOT NULL, kind TEXT NOT NULL, toUserId TEXT, toAddress TEXT NOT NULL, subject TEXT NOT NULL,
     body TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS _lo_rule_entry (ruleId TEXT NOT NULL, sortOrder INTEGER NOT NULL,
     criteria TEXT NOT NULL, assignedToId TEXT NOT NULL, PRIMARY KEY (ruleId, sortOrder))`,
  'CREATE TABLE IF NOT EXISTS _lo_api_usage (day TEXT PRIMARY KEY, count INTEGER NOT NULL)',
];
