/**
 * Bind variables (`:name`) of Apex SOQL: values arrive from the Apex runtime already as plain
 * values (the runtime converts its own types), are checked against the field they are compared
 * with and become SQL parameters; a collection bound to IN expands to its elements. LIMIT and
 * OFFSET take an Integer bind, which is checked and written into the query text as a number
 * before parsing (the parser accepts binds in conditions only).
 */
import { formatDateTime } from '../dates.ts';
import { normalizeId } from '../ids.ts';
import type { FieldDef } from '../catalog/index.ts';
import type { SqlValue } from '../store/store.ts';
import { ApiError } from '../errors.ts';

/** A bound value: plain JS values, dates and date-times tagged, collections as arrays. */
export type BindValue =
  string | number | boolean | null | { date: string } | { datetime: number } | BindValue[];

/** Looks a bind name up; `found` false when nothing by that name is in scope. */
export type BindLookup = (name: string) => { found: boolean; value: BindValue };

export function bindError(message: string): ApiError {
  return new ApiError(400, 'INVALID_BIND', message);
}

/** Replaces `LIMIT :x` and `OFFSET :x` with the bound Integer. */
export function inlineLimitBinds(soql: string, lookup: BindLookup): string {
  return soql.replace(
    /\b(LIMIT|OFFSET)(\s+):\s*([A-Za-z_][A-Za-z0-9_]*)/gi,
    (_all, keyword: string, space: string, name: string) => {
      const bound = lookup(name);
      if (!bound.found) throw bindError(`Variable does not exist: ${name}`);
      const value = bound.value;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
        throw bindError(
          `${keyword.toUpperCase()} must be a non-negative Integer; :${name} is ${JSON.stringify(value)}`,
        );
      }
      return `${keyword}${space}${value}`;
    },
  );
}

/** One bound value as the stored form of the field it is compared with. */
export function storedBind(field: FieldDef, value: BindValue, name: string): SqlValue {
  if (value === null) return null;
  if (Array.isArray(value))
    throw bindError(
      `Invalid bind expression type of List for column of type ${field.type}: :${name}`,
    );
  const wrong = (): never => {
    throw bindError(
      `Invalid bind expression type of ${describe(value)} for column of type ${field.type}: :${name}`,
    );
  };
  switch (field.type) {
    case 'id':
    case 'reference': {
      if (typeof value !== 'string') return wrong();
      const id = normalizeId(value);
      if (!id)
        throw new ApiError(400, 'INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${value}`);
      return id;
    }
    case 'boolean':
      return typeof value === 'boolean' ? (value ? 1 : 0) : wrong();
    case 'int':
    case 'double':
    case 'currency':
      return typeof value === 'number' ? value : wrong();
    case 'date':
      if (typeof value === 'object' && 'date' in value) return value.date;
      if (typeof value === 'object' && 'datetime' in value)
        return formatDateTime(new Date(value.datetime)).slice(0, 10);
      return wrong();
    case 'datetime':
      if (typeof value === 'object' && 'datetime' in value)
        return formatDateTime(new Date(value.datetime));
      if (typeof value === 'object' && 'date' in value)
        return formatDateTime(new Date(`${value.date}T00:00:00.000Z`));
      return wrong();
    default:
      if (typeof value === 'string') return value;
      return wrong();
  }
}

function describe(value: BindValue): string {
  if (typeof value === 'object' && value !== null)
    return 'date' in (value as object) ? 'Date' : 'Datetime';
  return typeof value === 'number' ? 'Decimal' : typeof value === 'boolean' ? 'Boolean' : 'String';
}
