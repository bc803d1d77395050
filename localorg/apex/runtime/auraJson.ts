/**
 * Lightning's transport for @AuraEnabled methods: what a Lightning web component receives from a
 * method's return value, and how a request's parameters become the method's arguments.
 *
 * Results (Aura guide, "Returning Data from an Apex Server-Side Controller" and "Custom Apex
 * Class Types": "Only the values of public instance properties and methods annotated with
 * @AuraEnabled are serialized and returned"):
 * - objects of the package's classes: their @AuraEnabled fields and properties, read through
 *   getters; null values are left out (the component sees undefined);
 * - sObjects: the fields and relationships that are set, without "attributes", null fields left
 *   out; a parent as a nested object, a child relationship as a plain array of records (not
 *   {totalSize, done, records} as JSON.serialize writes it: salesforce.stackexchange.com
 *   q/357738, where the org's output is shown side by side);
 * - numbers as JSON numbers, Date as "yyyy-MM-dd", Datetime as "yyyy-MM-ddTHH:mm:ss.SSSZ" (the
 *   LWC guide's "Supported Data Types in Flows" gives DateTime as "YYYY-MM-DDThh:mm:ssZ"), Time
 *   as "HH:mm:ss.SSSZ", Blob as base64 (Blob is not a supported type: "Primitive types except
 *   for BLOB"), enums by name, Lists and Sets as arrays, Maps as objects (null values kept).
 *
 * Parameters (LWC guide, "Call Apex Methods", "Expose Apex Methods to Lightning Web
 * Components"; lwc-recipes' apexImperativeMethodWithComplexParams, which sends a number typed
 * into an input, a string, to an Integer property): a class's @AuraEnabled properties that have
 * a non-private `set` are written, other keys are ignored, and no constructor runs; numbers and
 * numeric strings go into Integer, Long, Decimal and Double; ISO strings into Date, Datetime and
 * Time; sObjects take their fields ("sobjectType" and "attributes" are skipped). A value that
 * does not fit fails with the message orgs give, "Value provided is invalid for action parameter
 * 'configId' of type 'Id'" (as compared against by public components, e.g. on GitHub), raised
 * here as a TypeException.
 */
import { Deserializer } from '../lib/jsonDeserialize.ts';
import { nodeOfPlain } from '../lib/jsonParse.ts';
import { memberName } from '../lib/jsonSObjects.ts';
import { base64, detachedFrame } from '../lib/jsonSerialize.ts';
import { ApexDecimal } from '../values/decimal.ts';
import { ApexSystemError } from '../values/errors.ts';
import { ApexDouble } from '../values/numbers.ts';
import { ApexDate, ApexDatetime, ApexTime } from '../values/temporal.ts';
import type { Frame } from './context.ts';
import { callMethod, raise, readField } from './invoke.ts';
import { typeName } from './types.ts';
import type { ApexType } from './types.ts';
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
} from './values.ts';

type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

/** Sets a key on a plain object without the `__proto__` setter getting in the way. */
function put(target: { [key: string]: Plain }, key: string, value: Plain): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

class AuraWriter {
  private frameOrNull: Frame | null;
  private readonly path = new Set<object>();

  constructor(frame: Frame | null) {
    this.frameOrNull = frame;
  }

  /** Getters run on the caller's frame, or on a frame of their own. */
  private get frame(): Frame {
    this.frameOrNull ??= detachedFrame();
    return this.frameOrNull;
  }

  value(value: unknown): Plain {
    if (value === null || value === undefined) return null;
    switch (typeof value) {
      case 'boolean':
      case 'string':
      case 'number':
        return value;
      case 'bigint':
        return Number(value);
    }
    if (value instanceof ApexDecimal) return Number(value.toString());
    if (value instanceof ApexDouble) return Number.isFinite(value.value) ? value.value : null;
    if (value instanceof ApexDate) return value.toString();
    if (value instanceof ApexDatetime || value instanceof ApexTime) return value.toJSON();
    if (value instanceof ApexBlob) return base64(value);
    if (value instanceof EnumValue) return value.name;
    if (value instanceof TypeValue) return typeName(value.type);
    const object = value as object;
    if (this.path.has(object)) throw new Error('auraResult: the value contains itself');
    this.path.add(object);
    try {
      return this.composite(value);
    } finally {
      this.path.delete(object);
    }
  }

  private composite(value: unknown): Plain {
    if (value instanceof ApexList) return value.items.map((v) => this.value(v));
    if (value instanceof ApexSet) return value.values().map((v) => this.value(v));
    if (value instanceof ApexMap) {
      const out: { [key: string]: Plain } = {};
      for (const [k, v] of value.map.values()) put(out, toApexString(k), this.value(v));
      return out;
    }
    if (value instanceof SObjectValue) return this.record(value);
    if (value instanceof ApexObject) {
      const out: { [key: string]: Plain } = {};
      for (const field of value.cls.allInstanceFields) {
        if (!field.annotations.some((a) => a.name === 'auraenabled')) continue;
        const v = readField(this.frame, value, field);
        if (v !== null && v !== undefined) put(out, field.name, this.value(v));
      }
      return out;
    }
    if (value instanceof NativeObject) {
      const out: { [key: string]: Plain } = {};
      for (const p of value.cls.allInstanceFields) {
        if (!p.getter) continue;
        const v = callMethod(this.frame, p.getter, value, []);
        if (v !== null && v !== undefined) put(out, p.name, this.value(v));
      }
      return out;
    }
    return String(value);
  }

  private record(record: SObjectValue): Plain {
    const out: { [key: string]: Plain } = {};
    for (const [key, v] of record.values) {
      if (v === null || v === undefined) continue;
      put(out, memberName(record.def, key), this.value(v));
    }
    return out;
  }
}

/**
 * The return value of an @AuraEnabled method as the JSON value the component receives. Property
 * getters run on `frame` (the method's transaction) when given.
 */
export function auraResult(value: unknown, frame?: Frame): unknown {
  return new AuraWriter(frame ?? null).value(value);
}

/** How the message names a parameter's type: `Id`, `LeadAssignmentTypes.AssignmentRequest`, `List`. */
function parameterTypeName(type: ApexType): string {
  switch (type.kind) {
    case 'list':
      return 'List';
    case 'set':
      return 'Set';
    case 'map':
      return 'Map';
    default:
      return typeName(type);
  }
}

export function invalidParameterMessage(name: string, type: ApexType): string {
  return `Value provided is invalid for action parameter '${name}' of type '${parameterTypeName(type)}'`;
}

/**
 * One request parameter (already JSON-parsed) as the method's parameter type. `name` is the
 * parameter's name, for the error message. Exceptions thrown by the class's own setters pass
 * through unchanged.
 */
export function auraParameter(
  frame: Frame,
  json: unknown,
  type: ApexType,
  name = 'value',
): unknown {
  try {
    return new Deserializer(frame, { strict: false, aura: true }).typed(
      nodeOfPlain(json),
      type,
      false,
    );
  } catch (error) {
    if (error instanceof ApexSystemError)
      raise(frame, 'TypeException', invalidParameterMessage(name, type));
    throw error;
  }
}
