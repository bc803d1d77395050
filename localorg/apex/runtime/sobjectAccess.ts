/**
 * Reading and writing fields of sObjects in memory: field names checked against the catalogue,
 * values converted to the field's Apex type, the platform's errors for a field a query did not
 * select, and read-only fields.
 */
import type { Catalog, FieldDef } from '../../catalog/index.ts';
import { ApexDecimal } from '../values/decimal.ts';
import { ApexDouble, toDecimal, toInteger } from '../values/numbers.ts';
import { ApexDate, ApexDatetime } from '../values/temporal.ts';
import type { Frame } from './context.ts';
import { raise, toId } from './invoke.ts';
import { ApexBlob, ApexList, SObjectValue, typeOfValue } from './values.ts';
import { typeName } from './types.ts';

export interface SObjectFieldAccess {
  /** `given`: the name as the code wrote it, for messages. */
  get(frame: Frame, record: SObjectValue, lowerName: string, given?: string): unknown;
  set(frame: Frame, record: SObjectValue, lowerName: string, value: unknown, given?: string): void;
}

export class CatalogFieldAccess implements SObjectFieldAccess {
  private readonly catalog: Catalog;

  constructor(catalog: Catalog) {
    this.catalog = catalog;
  }

  get(frame: Frame, record: SObjectValue, lowerName: string, given = lowerName): unknown {
    const values = record.values;
    const value = values.get(lowerName);
    if (value !== undefined) return value;
    const def = record.def;
    const field = this.catalog.field(def, lowerName);
    const relationship = field ? undefined : this.catalog.relationship(def, lowerName);
    const child = field || relationship ? undefined : this.childRelationship(record, lowerName);
    if (!field && !relationship && !child)
      raise(frame, 'SObjectException', `Invalid field ${given} for ${def.name}`);
    if (record.fromQuery) {
      const name = field?.name ?? relationship?.relationshipName ?? child ?? lowerName;
      raise(
        frame,
        'SObjectException',
        `SObject row was retrieved via SOQL without querying the requested field: ${def.name}.${name}`,
      );
    }
    return null;
  }

  private childRelationship(record: SObjectValue, lowerName: string): string | undefined {
    return (
      this.catalog
        .childRelationships(record.def)
        .find((r) => r.relationshipName?.toLowerCase() === lowerName)?.relationshipName ?? undefined
    );
  }

  set(
    frame: Frame,
    record: SObjectValue,
    lowerName: string,
    value: unknown,
    given = lowerName,
  ): void {
    const def = record.def;
    const field = this.catalog.field(def, lowerName);
    if (!field) {
      const relationship = this.catalog.relationship(def, lowerName);
      if (relationship && (value === null || value instanceof SObjectValue)) {
        record.values.set(lowerName, value);
        return;
      }
      raise(frame, 'SObjectException', `Invalid field ${given} for ${def.name}`);
    }
    if (!field.createable && !field.updateable && field.type !== 'id') {
      raise(frame, 'SObjectException', `Field ${field.name} is not editable`);
    }
    record.values.set(lowerName, convertFieldValue(frame, def.name, field, value));
  }
}

/** A value as the field's Apex type (Id for references, Decimal for numbers, ...). */
export function convertFieldValue(
  frame: Frame,
  objectName: string,
  field: FieldDef,
  value: unknown,
): unknown {
  if (value === null || value === undefined) return null;
  const wrong = (): never => {
    const actual = typeOfValue(value);
    return raise(
      frame,
      'TypeException',
      `Illegal assignment from ${actual ? typeName(actual) : 'Object'} to ${objectName}.${field.name}`,
    );
  };
  switch (field.type) {
    case 'id':
    case 'reference':
      return typeof value === 'string' ? toId(frame, value) : wrong();
    case 'boolean':
      return typeof value === 'boolean' ? value : wrong();
    case 'int':
      if (typeof value === 'number') return value;
      return value instanceof ApexDecimal || typeof value === 'bigint' ? toInteger(value) : wrong();
    case 'double':
    case 'currency':
      if (value instanceof ApexDecimal) return value;
      return typeof value === 'number' || typeof value === 'bigint' || value instanceof ApexDouble
        ? toDecimal(value)
        : wrong();
    case 'date':
      return value instanceof ApexDate ? value : wrong();
    case 'datetime':
      return value instanceof ApexDatetime ? value : wrong();
    default:
      if ((field.type as string) === 'base64') return value instanceof ApexBlob ? value : wrong();
      if (typeof value === 'string') return value;
      return value instanceof ApexList ? wrong() : wrong();
  }
}
