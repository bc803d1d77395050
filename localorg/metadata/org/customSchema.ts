/**
 * Custom objects and fields made real: deployed definitions become SQLite tables and columns and
 * catalogue entries (so describe, SOQL and DML see them), and are restored when the org restarts.
 */
import { sobject } from '../../catalog/fields.ts';
import type { FieldDef, SObjectDef } from '../../catalog/index.ts';
import { base62 } from '../../ids.ts';
import type { LocalOrg } from '../../org.ts';
import { ident, sqlType } from '../../store/schema.ts';
import type { Store } from '../../store/store.ts';

export const SCHEMA_TABLE_SQL = `CREATE TABLE IF NOT EXISTS _lo_custom_schema (
  objectName TEXT NOT NULL, fieldName TEXT NOT NULL, definition TEXT NOT NULL,
  PRIMARY KEY (objectName, fieldName))`;

/** A custom object's own definition (its fields are stored one row each). */
export interface CustomObjectDefinition {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  nameField: FieldDef;
  /** Master-detail children have no owner. */
  owned: boolean;
  /** `ReadWrite`, `Read`, `Private`, `ControlledByParent` (the object's sharingModel). */
  sharingModel?: string;
}

export function ensureSchemaTable(store: Store): void {
  store.db.exec(SCHEMA_TABLE_SQL);
}

function storedObject(store: Store, name: string): CustomObjectDefinition | undefined {
  const row = store.get(
    "SELECT definition FROM _lo_custom_schema WHERE objectName = ? AND fieldName = ''",
    name,
  );
  return row ? (JSON.parse(String(row.definition)) as CustomObjectDefinition) : undefined;
}

function storedFields(store: Store, objectName: string): FieldDef[] {
  return store
    .all(
      "SELECT definition FROM _lo_custom_schema WHERE objectName = ? AND fieldName != '' ORDER BY rowid",
      objectName,
    )
    .map((row) => JSON.parse(String(row.definition)) as FieldDef);
}

/** The next unused custom object key prefix: a00, a01, ... a0z, a10, ... */
export function nextKeyPrefix(org: LocalOrg): string {
  const used = new Set(org.catalog.objects.map((o) => o.keyPrefix));
  for (const row of org.store.all(
    'SELECT definition FROM _lo_custom_schema WHERE fieldName = ?',
    '',
  )) {
    used.add((JSON.parse(String(row.definition)) as CustomObjectDefinition).keyPrefix);
  }
  for (let n = 0; n < 62 * 62; n++) {
    const prefix = `a${base62(n, 2)}`;
    if (!used.has(prefix)) return prefix;
  }
  throw new Error('no custom object key prefix left');
}

/** The catalogue definition of a custom object with its fields. */
export function customObjectDef(
  definition: CustomObjectDefinition,
  fields: FieldDef[],
): SObjectDef {
  const object = sobject(
    definition.name,
    {
      label: definition.label,
      labelPlural: definition.labelPlural,
      keyPrefix: definition.keyPrefix,
      softDelete: true,
      ownerTo: definition.owned ? ['Group', 'User'] : undefined,
    },
    [definition.nameField, ...fields],
  );
  return definition.sharingModel ? { ...object, sharingModel: definition.sharingModel } : object;
}

function tableColumns(store: Store, table: string): Set<string> {
  return new Set(
    store.all(`PRAGMA table_info(${ident(table)})`).map((row) => String(row.name).toLowerCase()),
  );
}

/** Creates the table, or adds the columns it lacks (a redeploy can add fields). */
function ensureTable(store: Store, object: SObjectDef): void {
  const columns = tableColumns(store, object.name);
  if (columns.size === 0) {
    store.addTable(object);
    return;
  }
  for (const field of object.fields) {
    if (columns.has(field.name.toLowerCase())) continue;
    const notNull = field.type === 'boolean' ? ' NOT NULL DEFAULT 0' : '';
    store.db.exec(
      `ALTER TABLE ${ident(object.name)} ADD COLUMN ${ident(field.name)} ${sqlType(field)}${notNull}`,
    );
  }
}

/** Replaces (or adds) an object in the catalogue without leaving the old definition listed. */
function putInCatalog(org: LocalOrg, object: SObjectDef): void {
  const objects = org.catalog.objects;
  const index = objects.findIndex((o) => o.name.toLowerCase() === object.name.toLowerCase());
  if (index >= 0) objects[index] = object;
  org.catalog.add(object);
}

function mergeFields(existing: FieldDef[], added: FieldDef[]): FieldDef[] {
  const out = [...existing];
  for (const field of added) {
    const at = out.findIndex((f) => f.name.toLowerCase() === field.name.toLowerCase());
    if (at >= 0) out[at] = field;
    else out.push(field);
  }
  return out;
}

export interface SchemaChange {
  /** Set for a custom object (new or redeployed); absent when only fields are added. */
  object?: CustomObjectDefinition;
  objectName: string;
  fields: FieldDef[];
}

/**
 * Writes a schema change to the store (definitions, table, columns); call inside the deploy's
 * transaction. Returns the catalogue update to run once the transaction has committed.
 */
export function applySchemaChange(org: LocalOrg, change: SchemaChange): () => void {
  const store = org.store;
  const current = org.catalog.object(change.objectName);
  const definition = change.object ?? storedObject(store, change.objectName);
  if (change.object) {
    store.run(
      `INSERT INTO _lo_custom_schema (objectName, fieldName, definition) VALUES (?, '', ?)
       ON CONFLICT(objectName, fieldName) DO UPDATE SET definition = excluded.definition`,
      change.objectName,
      JSON.stringify(change.object),
    );
  }
  for (const field of change.fields) {
    store.run(
      `INSERT INTO _lo_custom_schema (objectName, fieldName, definition) VALUES (?, ?, ?)
       ON CONFLICT(objectName, fieldName) DO UPDATE SET definition = excluded.definition`,
      change.objectName,
      field.name,
      JSON.stringify(field),
    );
  }
  if (change.object) recordEntityDefinition(org, change.object);
  let next: SObjectDef;
  if (definition) {
    next = customObjectDef(definition, storedFields(store, change.objectName));
  } else {
    if (!current) throw new Error(`no object ${change.objectName}`);
    next = {
      ...current,
      fields: mergeFields(current.fields, storedFields(store, change.objectName)),
    };
  }
  ensureTable(store, next);
  return () => putInCatalog(org, next);
}

/** The object's EntityDefinition row, as the seed writes one for each standard object. */
function recordEntityDefinition(org: LocalOrg, object: CustomObjectDefinition): void {
  const entity = org.catalog.object('EntityDefinition');
  if (!entity) return;
  org.store.run('DELETE FROM "EntityDefinition" WHERE "QualifiedApiName" = ?', object.name);
  org.store.insertRow(entity, {
    Id: '000000000000000AAA',
    QualifiedApiName: object.name,
    DeveloperName: object.name.replace(/__c$/, ''),
    DurableId: object.name,
    Label: object.label,
    PluralLabel: object.labelPlural,
    KeyPrefix: object.keyPrefix,
    InternalSharingModel: object.sharingModel ?? 'ReadWrite',
    ExternalSharingModel:
      object.sharingModel === 'ControlledByParent' ? 'ControlledByParent' : 'Private',
    IsCustomizable: 1,
    CreatedDate: null,
    SystemModstamp: null,
  });
}

/** Puts every deployed object and field back into the catalogue (at startup). */
export function restoreCustomSchema(org: LocalOrg): void {
  const rows = org.store.all(
    'SELECT objectName, fieldName, definition FROM _lo_custom_schema ORDER BY rowid',
  );
  const objects = new Map<string, { definition?: CustomObjectDefinition; fields: FieldDef[] }>();
  for (const row of rows) {
    const name = String(row.objectName);
    const entry = objects.get(name) ?? { fields: [] };
    const parsed = JSON.parse(String(row.definition)) as unknown;
    if (row.fieldName === '') entry.definition = parsed as CustomObjectDefinition;
    else entry.fields.push(parsed as FieldDef);
    objects.set(name, entry);
  }
  for (const [name, entry] of objects) {
    const current = org.catalog.object(name);
    if (entry.definition) {
      const object = customObjectDef(entry.definition, entry.fields);
      ensureTable(org.store, object);
      putInCatalog(org, object);
    } else if (current) {
      const object = { ...current, fields: mergeFields(current.fields, entry.fields) };
      ensureTable(org.store, object);
      putInCatalog(org, object);
    }
  }
}

/**
 * Drops a custom field (its column, index and definition); call inside the deploy's transaction.
 * Returns the catalogue update to run once the transaction has committed.
 */
export function dropCustomField(org: LocalOrg, objectName: string, fieldName: string): () => void {
  const store = org.store;
  const current = org.catalog.object(objectName);
  store.run(
    'DELETE FROM _lo_custom_schema WHERE objectName = ? AND lower(fieldName) = lower(?)',
    objectName,
    fieldName,
  );
  if (!current) return () => undefined;
  const field = org.catalog.field(current, fieldName);
  if (field && tableColumns(store, current.name).has(field.name.toLowerCase())) {
    store.db.exec(`DROP INDEX IF EXISTS ${ident(`${current.name}_${field.name}`)}`);
    store.db.exec(`ALTER TABLE ${ident(current.name)} DROP COLUMN ${ident(field.name)}`);
  }
  const next = { ...current, fields: current.fields.filter((f) => f !== field) };
  return () => putInCatalog(org, next);
}
