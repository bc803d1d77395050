/** Client JSON values to stored values, with Salesforce's per-field validation errors. */
import type { Catalog, FieldDef, SObjectDef } from '../catalog/index.ts';
import { parseDate, parseDateTime } from '../dates.ts';
import { RecordFailure } from '../errors.ts';
import { normalizeId } from '../ids.ts';
import type { Row } from '../store/store.ts';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function notOfType(field: FieldDef, value: unknown): RecordFailure {
  return new RecordFailure(
    'INVALID_TYPE_ON_FIELD_IN_RECORD',
    `${field.label}: value not of required type: ${String(value)}`,
    [field.name],
  );
}

/** One value in its stored form (booleans 0/1, dates in Salesforce format, Ids 18 characters). */
export function toStored(
  catalog: Catalog,
  field: FieldDef,
  value: unknown,
): string | number | null {
  if (value === null || value === undefined) return field.type === 'boolean' ? 0 : null;
  switch (field.type) {
    case 'boolean':
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (value === 'true' || value === 'false') return value === 'true' ? 1 : 0;
      throw notOfType(field, value);
    case 'int': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n)) throw notOfType(field, value);
      return n;
    }
    case 'double':
    case 'currency': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw notOfType(field, value);
      return n;
    }
    case 'date': {
      const d = typeof value === 'string' ? parseDate(value) : null;
      if (!d) throw notOfType(field, value);
      return d;
    }
    case 'datetime': {
      const d = typeof value === 'string' ? parseDateTime(value) : null;
      if (!d) throw notOfType(field, value);
      return d;
    }
    case 'id':
    case 'reference': {
      if (value === '') return null;
      const id = typeof value === 'string' ? normalizeId(value) : null;
      if (!id) {
        throw new RecordFailure(
          'MALFORMED_ID',
          `${field.label}: id value of incorrect type: ${String(value)}`,
          [field.name],
        );
      }
      const target = catalog.objectForId(id);
      if (!target || !field.referenceTo.includes(target.name)) {
        throw new RecordFailure(
          'FIELD_INTEGRITY_EXCEPTION',
          `${field.label}: id value of incorrect type: ${id}`,
          [field.name],
        );
      }
      return id;
    }
    default: {
      if (typeof value === 'object') throw notOfType(field, value);
      const text = String(value);
      if (text === '') return null;
      if (field.length && text.length > field.length) {
        throw new RecordFailure(
          'STRING_TOO_LONG',
          `${field.label}: data value too large: ${text.slice(0, 40)} (max length=${field.length})`,
          [field.name],
        );
      }
      if (field.type === 'email' && !EMAIL.test(text)) {
        throw new RecordFailure(
          'INVALID_EMAIL_ADDRESS',
          `${field.label}: invalid email address: ${text}`,
          [field.name],
        );
      }
      return text;
    }
  }
}

/**
 * The stored form of a client's field map for insert or update. Unknown fields, relationship
 * objects and fields the operation may not write are refused the way Salesforce refuses them.
 */
export function storedValues(
  catalog: Catalog,
  object: SObjectDef,
  input: Record<string, unknown>,
  mode: 'insert' | 'update',
): Row {
  const out: Row = {};
  const notWritable: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (key === 'attributes') continue;
    if (key.toLowerCase() === 'id') {
      if (mode === 'insert' && value !== null && value !== undefined) {
        throw new RecordFailure(
          'INVALID_FIELD_FOR_INSERT_UPDATE',
          'cannot specify Id in an insert call',
          ['Id'],
        );
      }
      continue;
    }
    const field = catalog.field(object, key);
    if (!field) {
      throw new RecordFailure(
        'INVALID_FIELD',
        `No such column '${key}' on sobject of type ${object.name}`,
        [key],
      );
    }
    if (mode === 'insert' ? !field.createable : !field.updateable) {
      notWritable.push(field.name);
      continue;
    }
    out[field.name] = toStored(catalog, field, value);
  }
  if (notWritable.length) {
    throw new RecordFailure(
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      `Unable to create/update fields: ${notWritable.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
      notWritable,
    );
  }
  return out;
}
