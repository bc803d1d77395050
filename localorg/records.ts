/** Stored rows to the JSON records REST returns (attributes first, Salesforce value types). */
import type { FieldDef, SObjectDef } from './catalog/index.ts';
import type { Row } from './store/store.ts';

export type ApiRecord = Record<string, unknown>;

export interface RecordAttributes {
  type: string;
  url?: string;
}

export function recordUrl(apiVersion: string, type: string, id: string): string {
  return `/services/data/v${apiVersion}/sobjects/${type}/${id}`;
}

/** A stored value as JSON: booleans and numbers typed, everything else a string or null. */
export function apiValue(field: FieldDef, value: unknown): unknown {
  if (value === null || value === undefined) return field.type === 'boolean' ? false : null;
  if (field.json) return JSON.parse(String(value)) as unknown;
  switch (field.type) {
    case 'boolean':
      return value === 1 || value === true || value === '1';
    case 'int':
    case 'double':
    case 'currency':
      return Number(value);
    default:
      return String(value);
  }
}

/** A full record (or only `fields`) in describe order, as `GET /sobjects/Type/Id` returns it. */
export function apiRecord(
  object: SObjectDef,
  row: Row,
  apiVersion: string,
  fields?: FieldDef[],
): ApiRecord {
  const id = String(row.Id);
  const out: ApiRecord = {
    attributes: { type: object.name, url: recordUrl(apiVersion, object.name, id) },
  };
  for (const field of fields ?? object.fields) out[field.name] = apiValue(field, row[field.name]);
  return out;
}
