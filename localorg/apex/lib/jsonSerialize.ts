/**
 * JSON.serialize: Apex values as JSON (Apex Reference Guide, "JSON Class" and Apex Developer
 * Guide, "JSON Support", "Roundtrip Serialization and Deserialization").
 *
 * - Integer and Long as their digits; Decimal with its scale, as BigDecimal.toString writes it
 *   (1.50 stays 1.50); Double as Java's Double.toString (1.0, 1.0E10), NaN and the infinities
 *   as strings (Jackson's default for non-numeric numbers).
 * - Date "yyyy-MM-dd"; Datetime "yyyy-MM-ddTHH:mm:ss.SSSZ" in GMT; Time "HH:mm:ss.SSSZ";
 *   Blob as base64; an Id as its 18 characters; an enum constant by name.
 * - Lists and Sets as arrays; Maps as objects, keys as String.valueOf writes them, in insertion
 *   order.
 * - Objects of the package's classes: their instance fields and properties in declaration order
 *   (superclass first), static and transient ones left out, properties read through their
 *   getters; null values included unless suppressApexObjectNulls. That flag only affects such
 *   objects: nulls in Maps and Lists and null fields of sObjects stay (salesforce.stackexchange.com
 *   q/265649, q/257158).
 * - sObjects: "attributes" {type, url} (url only when the record has an Id) and then the fields
 *   that are set, in the order they were set, null ones included; a parent as a nested record; a
 *   child relationship as {totalSize, done, records} (q/357738, q/265649). Datetime fields are
 *   written as the REST API writes them, "2022-01-02T15:41:15.000+0000".
 */
import type { Session } from '../../auth/session.ts';
import { ExecContext, Frame } from '../runtime/context.ts';
import { callMethod, readField } from '../runtime/invoke.ts';
import {
  ApexBlob,
  ApexList,
  ApexMap,
  ApexObject,
  ApexSet,
  EnumValue,
  NativeObject,
  SObjectValue,
  TypeValue,
  toApexString,
} from '../runtime/values.ts';
import { ApexDecimal } from '../values/decimal.ts';
import { ApexDouble, javaDoubleToString } from '../values/numbers.ts';
import { ApexDate, ApexDatetime, ApexTime } from '../values/temporal.ts';
import { JsonError } from './jsonParse.ts';
import { findField, memberName, recordUrl } from './jsonSObjects.ts';
import { JsonNumber, JsonObject } from './jsonWrite.ts';
import type { JsonOut } from './jsonWrite.ts';

const GMT = { timeZone: 'GMT', locale: 'en_US' };

/** Who runs property getters when a caller outside Apex code serializes without a frame. */
const DETACHED_SESSION: Session = {
  userId: '005000000000000AAA',
  orgId: '00D000000000000AAA',
  username: 'system',
  profileId: '',
  userType: 'Standard',
  accountId: null,
  isAdmin: true,
  isExternal: false,
};

/** A frame of its own, for getters run by callers that have none. */
export function detachedFrame(): Frame {
  return new Frame(new ExecContext(DETACHED_SESSION), null, null, null, 0, '');
}

/** A Datetime as the REST API and sObject serialization write it. */
export function sobjectDatetime(value: ApexDatetime): string {
  return value.formatGmt("yyyy-MM-dd'T'HH:mm:ss.SSS'+0000'", GMT);
}

export function base64(blob: ApexBlob): string {
  return Buffer.from(blob.bytes).toString('base64');
}

/** The JSON text of a Double: Java's Double.toString; NaN and infinities as strings. */
function doubleOut(d: number): JsonOut {
  return Number.isFinite(d) ? new JsonNumber(javaDoubleToString(d)) : javaDoubleToString(d);
}

/** Scalars shared by JSON.serialize and Lightning's transport; undefined for other values. */
export function scalarOut(value: unknown): JsonOut | undefined {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return value;
    case 'number':
    case 'bigint':
      return new JsonNumber(value.toString());
  }
  if (value instanceof ApexDecimal) return new JsonNumber(value.toString());
  if (value instanceof ApexDouble) return doubleOut(value.value);
  if (value instanceof ApexDate || value instanceof ApexDatetime || value instanceof ApexTime) {
    return value.toJSON();
  }
  if (value instanceof ApexBlob) return base64(value);
  if (value instanceof EnumValue) return value.name;
  return undefined;
}

export class Serializer {
  private frameOrNull: Frame | null;
  private readonly suppressNulls: boolean;
  /** Objects and collections on the current path, to refuse cycles. */
  private readonly path = new Set<object>();

  /** Getters run on `frame`; without one, on a frame of their own made when first needed. */
  constructor(frame: Frame | null, suppressNulls: boolean) {
    this.frameOrNull = frame;
    this.suppressNulls = suppressNulls;
  }

  private get frame(): Frame {
    this.frameOrNull ??= detachedFrame();
    return this.frameOrNull;
  }

  value(value: unknown): JsonOut {
    const scalar = scalarOut(value);
    if (scalar !== undefined) return scalar;
    const object = value as object;
    if (this.path.has(object)) {
      throw new JsonError(`Cannot serialize a value that contains itself: ${typeNameOf(value)}`);
    }
    this.path.add(object);
    try {
      return this.composite(value);
    } finally {
      this.path.delete(object);
    }
  }

  private composite(value: unknown): JsonOut {
    if (value instanceof ApexList) return value.items.map((v) => this.value(v));
    if (value instanceof ApexSet) return value.values().map((v) => this.value(v));
    if (value instanceof ApexMap) {
      const out = new JsonObject();
      for (const [k, v] of value.map.values()) out.add(toApexString(k), this.value(v));
      return out;
    }
    if (value instanceof SObjectValue) return this.record(value);
    if (value instanceof ApexObject) return this.object(value);
    if (value instanceof NativeObject) return this.native(value);
    throw new JsonError(`Apex Type unsupported in JSON: ${typeNameOf(value)}`);
  }

  private object(value: ApexObject): JsonOut {
    const out = new JsonObject();
    for (const field of value.cls.allInstanceFields) {
      if (field.isTransient) continue;
      const v = readField(this.frame, value, field);
      if (v === null && this.suppressNulls) continue;
      out.add(field.name, this.value(v));
    }
    return out;
  }

  /** System classes (Database.SaveResult, ...) by their properties; others are unsupported. */
  private native(value: NativeObject): JsonOut {
    const props = value.cls.allInstanceFields.filter((f) => f.getter);
    if (!props.length) throw new JsonError(`Apex Type unsupported in JSON: ${value.cls.typeName}`);
    const out = new JsonObject();
    for (const p of props)
      out.add(p.name, this.value(callMethod(this.frame, p.getter!, value, [])));
    return out;
  }

  record(record: SObjectValue): JsonOut {
    const def = record.def;
    const attributes = new JsonObject().add('type', def.name);
    const id = record.values.get('id');
    if (typeof id === 'string') attributes.add('url', recordUrl(def, id));
    const out = new JsonObject().add('attributes', attributes);
    for (const [key, v] of record.values) {
      const name = memberName(def, key);
      if (v instanceof ApexList) {
        out.add(
          name,
          new JsonObject()
            .add('totalSize', new JsonNumber(String(v.items.length)))
            .add('done', true)
            .add(
              'records',
              v.items.map((r) => this.value(r)),
            ),
        );
      } else if (v instanceof ApexDatetime && findField(def, key)) {
        out.add(name, sobjectDatetime(v));
      } else {
        out.add(name, this.value(v));
      }
    }
    return out;
  }
}

function typeNameOf(value: unknown): string {
  if (value instanceof TypeValue) return 'System.Type';
  if (value instanceof ApexObject || value instanceof NativeObject) return value.cls.typeName;
  if (value instanceof SObjectValue) return value.def.name;
  if (value instanceof ApexList) return 'List';
  if (value instanceof ApexSet) return 'Set';
  if (value instanceof ApexMap) return 'Map';
  return typeof value;
}
