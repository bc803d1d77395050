/**
 * Values crossing between the Apex runtime and the local org: query records (REST's JSON shape)
 * to sObjects with Apex types, Apex values to SOQL bind values, and sObject fields to the values
 * the DML engine takes.
 */
import type { Catalog, FieldDef, SObjectDef } from '../../catalog/index.ts';
import { sobject } from '../../catalog/fields.ts';
import type { ApiRecord } from '../../records.ts';
import type { Row, Store } from '../../store/store.ts';
import type { BindValue } from '../../soql/binds.ts';
import { ApexDecimal } from '../values/decimal.ts';
import { ApexDouble } from '../values/numbers.ts';
import { ApexDate, ApexDatetime } from '../values/temporal.ts';
import { T } from '../runtime/types.ts';
import { ApexBlob, ApexList, ApexSet, EnumValue, SObjectValue } from '../runtime/values.ts';

/**
 * The `Name` object of polymorphic lookups (Owner, CreatedBy on some objects): every field of
 * the objects it can point at, so `lead.Owner.ProfileId` reads null for a queue.
 */
const nameObjects = new WeakMap<Catalog, SObjectDef>();

export function nameObject(catalog: Catalog): SObjectDef {
  let def = nameObjects.get(catalog);
  if (!def) {
    const fields = new Map<string, FieldDef>();
    for (const objectName of ['User', 'Group']) {
      const object = catalog.object(objectName);
      for (const field of object?.fields ?? [])
        if (!fields.has(field.name)) fields.set(field.name, field);
    }
    const base = sobject(
      'Name',
      { keyPrefix: null, createable: false, updateable: false, deletable: false },
      [],
    );
    def = { ...base, fields: [...fields.values()] };
    nameObjects.set(catalog, def);
  }
  return def;
}

/** A stored or REST value of a field as its Apex value. */
export function apexFieldValue(field: FieldDef, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (field.type) {
    case 'boolean':
      return value === true || value === 1 || value === '1' || value === 'true';
    case 'int':
      return Number(value) | 0;
    case 'double':
    case 'currency':
      return ApexDecimal.fromString(numberText(Number(value)));
    case 'date':
      return ApexDate.fromJson(String(value).slice(0, 10));
    case 'datetime':
      return new ApexDatetime(Date.parse(String(value).replace(/([+-]\d\d)(\d\d)$/, '$1:$2')));
    default:
      return String(value);
  }
}

/** A JS number's digits without exponent (Decimal.valueOf of the stored REAL). */
function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  const text = String(n);
  if (!/e/i.test(text)) return text;
  return n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

/**
 * A query record as an sObject that remembers it came from a query. Apex always has the Id, even
 * when the query did not select it; parent records are sObjects, child subqueries lists (empty
 * when there are none).
 */
export function toSObject(
  catalog: Catalog,
  store: Store,
  record: ApiRecord,
  def: SObjectDef,
): SObjectValue {
  const out = new SObjectValue(def);
  out.fromQuery = true;
  const attributes = record.attributes as { type: string; url?: string } | undefined;
  const id = attributes?.url?.split('/').pop() ?? null;
  if (id && def.keyPrefix !== null) out.values.set('id', id);
  for (const [name, value] of Object.entries(record)) {
    if (name === 'attributes') continue;
    const lower = name.toLowerCase();
    const field = catalog.field(def, name);
    if (field) {
      if (field.type === 'base64') out.values.set(lower, id ? blobOf(store, def, field, id) : null);
      else out.values.set(lower, apexFieldValue(field, value));
      continue;
    }
    if (value !== null && typeof value === 'object' && 'records' in value) {
      const children = (value as { records: ApiRecord[] }).records;
      out.values.set(lower, childList(catalog, store, children));
      continue;
    }
    if (value !== null && typeof value === 'object') {
      const nested = value as ApiRecord;
      const type = (nested.attributes as { type: string }).type;
      const nestedDef =
        type === 'Name' ? nameObject(catalog) : (catalog.object(type) ?? nameObject(catalog));
      out.values.set(lower, toSObject(catalog, store, nested, nestedDef));
      continue;
    }
    // A parent relationship that is null, or a child relationship with no rows.
    const relationship = catalog.relationship(def, name);
    out.values.set(lower, relationship ? null : new ApexList({ kind: 'sobject', def: null }, []));
  }
  return out;
}

function childList(catalog: Catalog, store: Store, records: ApiRecord[]): ApexList {
  const type = (records[0]?.attributes as { type: string } | undefined)?.type;
  const def = type ? catalog.object(type) : undefined;
  return new ApexList(
    { kind: 'sobject', def: def ?? null },
    records.map((r) =>
      toSObject(catalog, store, r, catalog.object((r.attributes as { type: string }).type)!),
    ),
  );
}

function blobOf(store: Store, def: SObjectDef, field: FieldDef, id: string): ApexBlob | null {
  const row: Row | undefined = store.get(
    `SELECT "${field.name}" AS v FROM "${def.name}" WHERE "Id" = ?`,
    id,
  );
  const value = row?.v;
  if (value === null || value === undefined) return null;
  return new ApexBlob(Buffer.from(String(value), 'base64'));
}

/** An Apex value as a SOQL bind value; sObjects bind their Id, collections their elements. */
export function toBindValue(value: unknown): BindValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'number':
      return value;
    case 'bigint':
      return Number(value);
  }
  if (value instanceof ApexDecimal) return value.doubleValue();
  if (value instanceof ApexDouble) return value.value;
  if (value instanceof ApexDate) return { date: value.toString() };
  if (value instanceof ApexDatetime) return { datetime: value.epochMs };
  if (value instanceof ApexList) return value.items.map(toBindValue);
  if (value instanceof ApexSet) return value.values().map(toBindValue);
  if (value instanceof SObjectValue) return (value.values.get('id') as string | undefined) ?? null;
  if (value instanceof EnumValue) return value.name;
  return String(value);
}

/** An Apex field value as the DML engine's input (JSON-like: numbers, strings, booleans). */
export function toDmlValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof ApexDecimal) return value.doubleValue();
  if (value instanceof ApexDouble) return value.value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof ApexDate) return value.toString();
  if (value instanceof ApexDatetime) return new Date(value.epochMs).toISOString();
  if (value instanceof ApexBlob) return Buffer.from(value.bytes).toString('base64');
  return value;
}

export { AGGREGATE_RESULT } from '../runtime/aggregateResult.ts';

export { T };
