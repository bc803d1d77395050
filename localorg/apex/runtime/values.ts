/**
 * Run-time values of the Apex runtime. Representation (every value tells its own type, except
 * that an Id is a JS string like a String, normalized to 18 characters):
 *   null; Boolean = boolean; Integer = number (32-bit); Long = bigint; Double = ApexDouble;
 *   Decimal = ApexDecimal; String and Id = string; Date, Datetime, Time = ApexDate,
 *   ApexDatetime, ApexTime; Blob = ApexBlob; List, Set, Map = ApexList, ApexSet, ApexMap (they
 *   carry their element types, as Apex's collections do); sObjects = SObjectValue; instances
 *   of Apex classes (exceptions included) = ApexObject; enum constants = EnumValue;
 *   System.Type = TypeValue; instances of system classes (SaveResult, DMLOptions, ...) =
 *   NativeObject.
 */
import type { SObjectDef } from '../../catalog/index.ts';
import { ApexDecimal } from '../values/decimal.ts';
import { ApexDouble, compareNumbers, numberToString } from '../values/numbers.ts';
import { ApexDate, ApexDatetime, ApexTime } from '../values/temporal.ts';
import type { ClassInfo } from './classes.ts';
import type { ApexType } from './types.ts';
import { T, typeName } from './types.ts';

export class ApexBlob {
  readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  toText(): string {
    return new TextDecoder().decode(this.bytes);
  }
}

export class ApexList {
  readonly elem: ApexType;
  items: unknown[];
  /** A query's result: assigning it to a single sObject takes its one row. */
  fromQuery = false;

  constructor(elem: ApexType, items: unknown[] = []) {
    this.elem = elem;
    this.items = items;
  }
}

/** Map and Set keys: primitives by value (String case-sensitive), the rest by content. */
export type Key = unknown;

export class ApexSet {
  readonly elem: ApexType;
  readonly map = new Map<Key, unknown>();

  constructor(elem: ApexType) {
    this.elem = elem;
  }

  add(value: unknown): boolean {
    const key = keyOf(value);
    if (this.map.has(key)) return false;
    this.map.set(key, value);
    return true;
  }

  has(value: unknown): boolean {
    return this.map.has(keyOf(value));
  }

  values(): unknown[] {
    return [...this.map.values()];
  }
}

export class ApexMap {
  readonly key: ApexType;
  readonly value: ApexType;
  readonly map = new Map<Key, [unknown, unknown]>();

  constructor(key: ApexType, value: ApexType) {
    this.key = key;
    this.value = value;
  }

  get(key: unknown): unknown {
    return this.map.get(keyOf(key))?.[1] ?? null;
  }

  put(key: unknown, value: unknown): unknown {
    const k = keyOf(key);
    const previous = this.map.get(k);
    this.map.set(k, [previous ? previous[0] : key, value]);
    return previous ? previous[1] : null;
  }
}

/**
 * An sObject: field and relationship values by lower-case name. A record from a query throws
 * when a field it was not queried with is read; a record made with `new` reads such fields as
 * null.
 */
export class SObjectValue {
  readonly def: SObjectDef;
  readonly values = new Map<string, unknown>();
  fromQuery = false;

  constructor(def: SObjectDef) {
    this.def = def;
  }
}

export class ApexObject {
  readonly cls: ClassInfo;
  readonly fields: unknown[];
  /** State of system superclasses: the message and cause of an exception. */
  native: ExceptionState | null = null;

  constructor(cls: ClassInfo) {
    this.cls = cls;
    this.fields = new Array<unknown>(cls.slotCount).fill(null);
  }
}

/** What every exception carries besides its own fields. */
export interface ExceptionState {
  message: string | null;
  cause: ApexObject | null;
  /** `Class.X.y: line N, column M` lines, innermost first. */
  stackTrace: string[];
  lineNumber: number;
  /** DmlException: one entry per failed row. */
  dml?: {
    index: number;
    id: string | null;
    statusCode: string;
    message: string;
    fields: string[];
    type: string;
  }[];
  /** QueryException in user mode: the fields the user cannot read, by object. */
  inaccessibleFields?: Map<string, Set<string>>;
  /** AuraHandledException before setMessage: getMessage() says 'Script-thrown exception'. */
  hidden?: boolean;
}

export class EnumValue {
  readonly cls: ClassInfo;
  readonly name: string;
  readonly ordinal: number;

  constructor(cls: ClassInfo, name: string, ordinal: number) {
    this.cls = cls;
    this.name = name;
    this.ordinal = ordinal;
  }
}

/** A System.Type value (`Lead.class`, `Type.forName(...)`). */
export class TypeValue {
  readonly type: ApexType;

  constructor(type: ApexType) {
    this.type = type;
  }
}

/** An instance of a system class; `data` holds its state as the class defines it. */
export class NativeObject {
  readonly cls: ClassInfo;
  readonly data: Record<string, unknown>;

  constructor(cls: ClassInfo, data: Record<string, unknown> = {}) {
    this.cls = cls;
    this.data = data;
  }
}

/** Calls into the interpreter, set by it: user-defined equals, hashCode and toString. */
export const hooks: {
  invoke: (
    target: ApexObject,
    method: string,
    args: unknown[],
  ) => { found: boolean; value: unknown };
} = {
  invoke: () => ({ found: false, value: null }),
};

// ---------------------------------------------------------------------------------------------
// Keys, equality and ordering
// ---------------------------------------------------------------------------------------------

/** The JS Map key of a value, consistent with Apex's equality of Set elements and Map keys. */
export function keyOf(value: unknown): Key {
  if (value === null || typeof value !== 'object') return value ?? null;
  if (value instanceof ApexDecimal) return `D:${value.hashKey()}`;
  if (value instanceof ApexDouble) return `F:${value.value}`;
  if (value instanceof ApexDate) return `d:${value.epochDay}`;
  if (value instanceof ApexDatetime) return `t:${value.epochMs}`;
  if (value instanceof ApexTime) return `h:${value.msOfDay}`;
  if (value instanceof EnumValue) return value;
  if (value instanceof ApexObject) {
    const hash = hooks.invoke(value, 'hashcode', []);
    return hash.found ? `H:${value.cls.fullName}:${String(hash.value)}` : value;
  }
  if (value instanceof TypeValue) return `T:${typeName(value.type)}`;
  if (value instanceof NativeObject) return nativeKey(value) ?? value;
  return `C:${contentKey(value)}`;
}

/** SObjectType and SObjectField tokens are equal by what they name. */
function nativeKey(value: NativeObject): string | null {
  const token = value.data.token;
  return typeof token === 'string' ? `N:${token}` : null;
}

function contentKey(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object') return `${typeof value}:${String(value)}`;
  if (value instanceof ApexList) return `[${value.items.map(contentKey).join(',')}]`;
  if (value instanceof ApexSet) return `{${value.values().map(contentKey).join(',')}}`;
  if (value instanceof ApexMap) {
    return `{${[...value.map.values()].map(([k, v]) => `${contentKey(k)}=${contentKey(v)}`).join(',')}}`;
  }
  if (value instanceof SObjectValue) {
    const fields = [...value.values.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    return `${value.def.name}(${fields.map(([k, v]) => `${k}=${contentKey(v)}`).join(',')})`;
  }
  return String(keyOf(value));
}

/**
 * Apex's `==` (Apex Developer Guide, "Expression Operators"): Strings compare ignoring case,
 * numbers by value across types, collections and sObjects by content, objects with an equals
 * method through it, other objects by reference. `strings` off compares Strings exactly, as
 * `equals` and Set membership do.
 */
export function apexEquals(a: unknown, b: unknown, ignoreCase = true): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a === 'string' && typeof b === 'string') {
    return ignoreCase && a.length === b.length && a.toLowerCase() === b.toLowerCase();
  }
  if (isNumber(a) && isNumber(b)) return compareNumbers(a, b) === 0;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof ApexDate || a instanceof ApexDatetime || a instanceof ApexTime)
    return a.equals(b);
  if (a instanceof ApexBlob && b instanceof ApexBlob) {
    return Buffer.from(a.bytes).equals(Buffer.from(b.bytes));
  }
  if (a instanceof ApexList && b instanceof ApexList) {
    return (
      a.items.length === b.items.length && a.items.every((x, i) => apexEquals(x, b.items[i], false))
    );
  }
  if (a instanceof ApexSet && b instanceof ApexSet) {
    return a.map.size === b.map.size && [...a.map.keys()].every((k) => b.map.has(k));
  }
  if (a instanceof ApexMap && b instanceof ApexMap) {
    if (a.map.size !== b.map.size) return false;
    for (const [k, [, v]] of a.map) {
      const other = b.map.get(k);
      if (!other || !apexEquals(v, other[1], false)) return false;
    }
    return true;
  }
  if (a instanceof SObjectValue && b instanceof SObjectValue) {
    return a.def === b.def && contentKey(a) === contentKey(b);
  }
  if (a instanceof ApexObject) {
    const result = hooks.invoke(a, 'equals', [b]);
    return result.found ? result.value === true : false;
  }
  if (a instanceof TypeValue && b instanceof TypeValue)
    return typeName(a.type) === typeName(b.type);
  if (a instanceof NativeObject && b instanceof NativeObject) {
    const key = nativeKey(a);
    return key !== null && key === nativeKey(b);
  }
  return false;
}

export function isNumber(value: unknown): value is number | bigint | ApexDecimal | ApexDouble {
  return (
    typeof value === 'number' ||
    typeof value === 'bigint' ||
    value instanceof ApexDecimal ||
    value instanceof ApexDouble
  );
}

/**
 * The order of `<` and `>` (Apex Developer Guide, "Expression Operators"): numbers by value,
 * Strings ignoring case, dates and times chronologically. Returns null when the comparison is
 * false whatever the operator: a null Integer, Double, Date or Datetime operand. A non-null
 * String is greater than null.
 */
export function relationalCompare(a: unknown, b: unknown): number | null {
  if (a === null || b === null) {
    if (typeof a === 'string') return 1;
    if (typeof b === 'string') return -1;
    return null;
  }
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (isNumber(a) && isNumber(b)) return compareNumbers(a, b);
  if (
    (a instanceof ApexDate && b instanceof ApexDate) ||
    (a instanceof ApexDatetime && b instanceof ApexDatetime) ||
    (a instanceof ApexTime && b instanceof ApexTime)
  ) {
    return a.compareTo(b as never);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Types of values
// ---------------------------------------------------------------------------------------------

/** The Apex type of a run-time value (an Id is reported as String: see the header). */
export function typeOfValue(value: unknown): ApexType | null {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'boolean':
      return T.Boolean;
    case 'number':
      return T.Integer;
    case 'bigint':
      return T.Long;
    case 'string':
      return T.String;
  }
  if (value instanceof ApexDecimal) return T.Decimal;
  if (value instanceof ApexDouble) return T.Double;
  if (value instanceof ApexDate) return T.Date;
  if (value instanceof ApexDatetime) return T.Datetime;
  if (value instanceof ApexTime) return T.Time;
  if (value instanceof ApexBlob) return T.Blob;
  if (value instanceof ApexList) return { kind: 'list', elem: value.elem };
  if (value instanceof ApexSet) return { kind: 'set', elem: value.elem };
  if (value instanceof ApexMap) return { kind: 'map', key: value.key, value: value.value };
  if (value instanceof SObjectValue) return { kind: 'sobject', def: value.def };
  if (value instanceof ApexObject || value instanceof EnumValue || value instanceof NativeObject) {
    return { kind: 'class', cls: value.cls };
  }
  if (value instanceof TypeValue) return { kind: 'class', cls: typeClass.cls! };
  return null;
}

/** System.Type's ClassInfo, set when the system classes are registered. */
export const typeClass: { cls: ClassInfo | null } = { cls: null };

// ---------------------------------------------------------------------------------------------
// String.valueOf
// ---------------------------------------------------------------------------------------------

/** What String.valueOf and string concatenation make of a value. */
export function toApexString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
    case 'bigint':
      return numberToString(value);
  }
  if (value instanceof ApexDecimal || value instanceof ApexDouble) return numberToString(value);
  if (value instanceof ApexDate || value instanceof ApexDatetime || value instanceof ApexTime) {
    return value.toString();
  }
  if (value instanceof ApexBlob) return `Blob[${value.bytes.length}]`;
  if (value instanceof ApexList) return `(${value.items.map(toApexString).join(', ')})`;
  if (value instanceof ApexSet) return `{${value.values().map(toApexString).join(', ')}}`;
  if (value instanceof ApexMap) {
    return `{${[...value.map.values()].map(([k, v]) => `${toApexString(k)}=${toApexString(v)}`).join(', ')}}`;
  }
  if (value instanceof SObjectValue) {
    const fields = [...value.values.entries()]
      .filter(([, v]) => !(v instanceof ApexList) && !(v instanceof SObjectValue))
      .map(([k, v]) => `${fieldName(value.def, k)}=${toApexString(v)}`);
    return `${value.def.name}:{${fields.join(', ')}}`;
  }
  if (value instanceof EnumValue) return value.name;
  if (value instanceof TypeValue) return typeName(value.type);
  if (value instanceof ApexObject) {
    const custom = hooks.invoke(value, 'tostring', []);
    if (custom.found) return toApexString(custom.value);
    if (value.native) {
      return value.native.message === null
        ? value.cls.typeName
        : `${value.cls.typeName}: ${value.native.message}`;
    }
    const fields = value.cls.allInstanceFields.map(
      (f) => `${f.name}=${toApexString(value.fields[f.slot])}`,
    );
    return `${value.cls.displayName}:[${fields.join(', ')}]`;
  }
  if (value instanceof NativeObject) {
    const text = value.data.text;
    return typeof text === 'string' ? text : value.cls.displayName;
  }
  return String(value);
}

/** A field's name as the catalogue writes it, from its lower-case key. */
export function fieldName(def: SObjectDef, key: string): string {
  return def.fields.find((f) => f.name.toLowerCase() === key)?.name ?? key;
}
