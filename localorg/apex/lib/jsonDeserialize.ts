/**
 * JSON to Apex values: JSON.deserializeUntyped, JSON.deserialize and JSON.deserializeStrict
 * (Apex Reference Guide, "JSON Class"; Apex Developer Guide, "JSON Support"), and, with the
 * `aura` mode, the parameters of @AuraEnabled methods (runtime/auraJson.ts).
 *
 * Untyped: objects become Map<String, Object> in the text's key order, arrays List<Object>,
 * numbers Integer when they are whole and fit 32 bits, Long when they fit 64 bits, Decimal when
 * they have a fraction or an exponent (with the scale as written); a whole number beyond 64 bits
 * fails as the platform's Long parsing does: 'For input string: "9223372036854775808" at
 * [line:1, column:12]' (an "oracle row" of the glade-sh/glade project, a third party that
 * records org output; unconfirmed by Salesforce's documentation).
 *
 * Typed: fields and properties are matched ignoring case (Apex names are case-insensitive) and
 * written through their setters; no constructor runs ("Constructors are not called when you use
 * JSON.deserialize", salesforce.stackexchange.com q/337877; the guide's round-trip example
 * deserializes a class that has only a constructor with arguments), field initialisers do (as
 * orgs do in tests, q/56653). Unknown keys are ignored, or refused by deserializeStrict with
 * "Unknown field: Demo.first" for a class and "No such column 'first' on sobject of type
 * Account" for an sObject (a salesforce.stackexchange.com thread quoted on life-improver.com,
 * "deserializeStrict method: bug"). Numbers go into Integer, Long, Decimal and Double fields
 * (Decimal keeps the written scale), strings into Id, Date, Datetime, Time and Blob (base64)
 * fields; a JSON object or array where a primitive is expected is "Illegal value for
 * primitive"; an object where a List is expected is "Expected List<X> but found {" (q/230373;
 * the position after it is assumed). Object-typed fields inside a typed target are refused with
 * "Apex Type unsupported in JSON: Object" (q/363786); Object as the whole target is untyped.
 */
import type { SObjectDef } from '../../catalog/index.ts';
import type { FieldDef } from '../../catalog/index.ts';
import { normalizeId } from '../../ids.ts';
import type { PropertyDecl } from '../parse/ast.ts';
import type { ClassInfo, FieldInfo } from '../runtime/classes.ts';
import type { Frame } from '../runtime/context.ts';
import { runInstanceInit, staticsOf, writeField } from '../runtime/invoke.ts';
import { platform } from '../runtime/platform.ts';
import { T, typeName } from '../runtime/types.ts';
import type { ApexType, PrimitiveName } from '../runtime/types.ts';
import {
  ApexBlob,
  ApexList,
  ApexMap,
  ApexObject,
  ApexSet,
  EnumValue,
  SObjectValue,
} from '../runtime/values.ts';
import { ApexDecimal } from '../values/decimal.ts';
import { ApexSystemError } from '../values/errors.ts';
import { ApexDouble, parseDouble } from '../values/numbers.ts';
import { ApexDate, ApexDatetime, ApexTime } from '../values/temporal.ts';
import { JsonError, at, tokenText } from './jsonParse.ts';
import type { JsonNode } from './jsonParse.ts';
import {
  catalog,
  findChildRelationship,
  findField,
  findRelationship,
  parentObject,
} from './jsonSObjects.ts';

const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const WHOLE = /^-?\d+$/;

export interface DeserializeMode {
  /** deserializeStrict: unknown keys fail. */
  strict: boolean;
  /**
   * Lightning's parameters: only @AuraEnabled properties with a setter are written, other keys
   * are ignored, Object-typed members take untyped values, unknown sObject fields fail.
   */
  aura: boolean;
}

/** Jackson's token names, for "Cannot deserialize instance of ... from VALUE_STRING value ...". */
function tokenName(node: JsonNode): string {
  switch (node.kind) {
    case 'string':
      return 'VALUE_STRING';
    case 'number':
      return WHOLE.test(node.text) ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT';
    case 'boolean':
      return node.value ? 'VALUE_TRUE' : 'VALUE_FALSE';
    case 'null':
      return 'VALUE_NULL';
    case 'array':
      return 'START_ARRAY';
    case 'object':
      return 'START_OBJECT';
  }
}

/**
 * The wording orgs print when a value does not fit (salesforce.stackexchange.com q/220809, for
 * Time; the same one values/time.ts uses for Date, Datetime and Time).
 */
function cannotDeserialize(what: string, node: JsonNode): JsonError {
  return new JsonError(
    `Cannot deserialize instance of ${what} from ${tokenName(node)} value ${tokenText(node)} or request may be missing a required field`,
  );
}

/** A whole number's value, or null when the text has a fraction or an exponent. */
function wholeValue(text: string): bigint | null {
  return WHOLE.test(text) ? BigInt(text) : null;
}

/** Untyped numbers: Integer, Long or Decimal by the text. */
export function untypedNumber(node: JsonNode & { kind: 'number' }): unknown {
  const whole = wholeValue(node.text);
  if (whole === null) return ApexDecimal.fromString(node.text);
  if (whole >= INT_MIN && whole <= INT_MAX) return Number(whole);
  if (whole >= LONG_MIN && whole <= LONG_MAX) return whole;
  throw new JsonError(`For input string: "${node.text}"${at(node)}`);
}

/** JSON.deserializeUntyped's value of a tree. */
export function untyped(node: JsonNode): unknown {
  switch (node.kind) {
    case 'null':
      return null;
    case 'boolean':
    case 'string':
      return node.value;
    case 'number':
      return untypedNumber(node);
    case 'array':
      return new ApexList(
        T.Object,
        node.items.map((n) => untyped(n)),
      );
    case 'object': {
      const map = new ApexMap(T.String, T.Object);
      for (const [k, v] of node.entries) map.put(k, untyped(v));
      return map;
    }
  }
}

/** The primitive type of an sObject field's values. */
function fieldPrimitive(field: FieldDef): PrimitiveName {
  switch (field.type) {
    case 'id':
    case 'reference':
      return 'Id';
    case 'boolean':
      return 'Boolean';
    case 'int':
      return 'Integer';
    case 'double':
    case 'currency':
      return 'Decimal';
    case 'date':
      return 'Date';
    case 'datetime':
      return 'Datetime';
    case 'base64':
      return 'Blob';
    default:
      return 'String';
  }
}

/**
 * Whether Lightning sets a property from a request: @AuraEnabled, with a `set` accessor that is
 * not private (Aura guide, "Custom Apex Class Types": `@AuraEnabled public String accountName
 * {get;set;}`). Plain fields are not set.
 */
export function auraSettable(field: FieldInfo): boolean {
  if (!field.isProperty || field.isStatic) return false;
  if (!field.annotations.some((a) => a.name === 'auraenabled')) return false;
  const decl = field.owner.decl;
  if (!decl || decl.kind !== 'class') return field.setter !== null;
  const member = decl.members.find(
    (m): m is PropertyDecl =>
      m.kind === 'property' && m.name.toLowerCase() === field.name.toLowerCase(),
  );
  if (!member) return false;
  return member.setter !== null && member.setter.modifiers.access !== 'private';
}

export class Deserializer {
  private readonly frame: Frame;
  private readonly mode: DeserializeMode;

  constructor(frame: Frame, mode: DeserializeMode) {
    this.frame = frame;
    this.mode = mode;
  }

  /** The value of `node` as `type`; `nested` is false for the whole target. */
  typed(node: JsonNode, type: ApexType, nested: boolean): unknown {
    if (node.kind === 'null') return null;
    switch (type.kind) {
      case 'primitive':
        return this.primitive(node, type.name, nested);
      case 'list':
        if (node.kind !== 'array') throw this.expected(type, node);
        return new ApexList(
          type.elem,
          node.items.map((n) => this.typed(n, type.elem, true)),
        );
      case 'set': {
        if (node.kind !== 'array') throw this.expected(type, node);
        const set = new ApexSet(type.elem);
        for (const n of node.items) set.add(this.typed(n, type.elem, true));
        return set;
      }
      case 'map': {
        if (node.kind !== 'object') throw this.expected(type, node);
        const map = new ApexMap(type.key, type.value);
        for (const [k, v] of node.entries)
          map.put(this.mapKey(k, type.key), this.typed(v, type.value, true));
        return map;
      }
      case 'sobject':
        return this.record(node, type.def);
      case 'class':
        return this.object(node, type.cls);
      case 'void':
        throw this.expected(type, node);
    }
  }

  private expected(type: ApexType, node: JsonNode): JsonError {
    return new JsonError(`Expected ${typeName(type)} but found ${tokenText(node)}${at(node)}`);
  }

  primitive(node: JsonNode, name: PrimitiveName, nested: boolean): unknown {
    if (name === 'Object') {
      if (nested && !this.mode.aura) throw new JsonError('Apex Type unsupported in JSON: Object');
      return untyped(node);
    }
    if (node.kind === 'object' || node.kind === 'array')
      throw new JsonError('Illegal value for primitive');
    if (node.kind === 'null') return null;
    switch (name) {
      case 'String':
        return node.kind === 'string' ? node.value : tokenText(node);
      case 'Id':
        if (node.kind !== 'string') throw cannotDeserialize('id', node);
        return checkedId(node.value);
      case 'Boolean':
        if (node.kind === 'boolean') return node.value;
        if (node.kind === 'string' && /^(true|false)$/i.test(node.value))
          return node.value.toLowerCase() === 'true';
        throw cannotDeserialize('boolean', node);
      case 'Integer':
      case 'Long':
        return this.whole(node, name);
      case 'Decimal': {
        const text =
          node.kind === 'number' ? node.text : node.kind === 'string' ? node.value.trim() : '';
        try {
          return ApexDecimal.fromString(text);
        } catch {
          throw cannotDeserialize('decimal', node);
        }
      }
      case 'Double': {
        if (node.kind === 'number') return new ApexDouble(Number(node.text));
        if (node.kind !== 'string') throw cannotDeserialize('double', node);
        try {
          return parseDouble(node.value);
        } catch {
          throw cannotDeserialize('double', node);
        }
      }
      case 'Date':
        if (node.kind !== 'string') throw cannotDeserialize('date', node);
        return ApexDate.fromJson(node.value);
      case 'Datetime':
        if (node.kind === 'number' && WHOLE.test(node.text))
          return new ApexDatetime(Number(node.text));
        if (node.kind !== 'string') throw cannotDeserialize('datetime', node);
        return ApexDatetime.fromJson(node.value);
      case 'Time':
        if (node.kind !== 'string') throw cannotDeserialize('time', node);
        return ApexTime.fromJson(node.value);
      case 'Blob':
        if (node.kind !== 'string') throw cannotDeserialize('blob', node);
        return new ApexBlob(new Uint8Array(Buffer.from(node.value, 'base64')));
    }
  }

  /**
   * Integer and Long: whole numbers in range; a fraction is cut off as Jackson's int and long
   * readers do; whole-number strings are read too.
   */
  private whole(node: JsonNode, name: 'Integer' | 'Long'): unknown {
    const label = name === 'Integer' ? 'int' : 'long';
    let value: bigint;
    if (node.kind === 'number') {
      const exact = wholeValue(node.text);
      if (exact === null && this.mode.aura)
        throw cannotDeserialize(label === 'int' ? 'integer' : 'long', node);
      value = exact ?? BigInt(Math.trunc(Number(node.text)));
    } else if (node.kind === 'string' && /^[+-]?\d+$/.test(node.value.trim())) {
      value = BigInt(node.value.trim());
    } else {
      throw cannotDeserialize(label === 'int' ? 'integer' : 'long', node);
    }
    const [min, max] = name === 'Integer' ? [INT_MIN, INT_MAX] : [LONG_MIN, LONG_MAX];
    if (value < min || value > max) {
      throw new JsonError(`Numeric value (${tokenText(node)}) out of range of ${label}${at(node)}`);
    }
    return name === 'Integer' ? Number(value) : value;
  }

  /** A map key from its JSON text, for the key types JSON supports ("JSON Support"). */
  private mapKey(text: string, type: ApexType): unknown {
    const node: JsonNode = { kind: 'string', value: text, line: 1, column: 1 };
    if (type.kind === 'class' && type.cls.kind === 'enum') return this.object(node, type.cls);
    if (type.kind !== 'primitive')
      throw new JsonError(`Apex Type unsupported in JSON: ${typeName(type)}`);
    if (type.name === 'Object' || type.name === 'String') return text;
    return this.primitive(node, type.name, true);
  }

  /** An sObject from a JSON object; its type from the target or from "attributes". */
  record(node: JsonNode, def: SObjectDef | null): SObjectValue {
    if (node.kind !== 'object') throw this.expected({ kind: 'sobject', def }, node);
    const attributes = node.entries.get('attributes');
    const declared =
      attributes?.kind === 'object' && attributes.entries.get('type')?.kind === 'string'
        ? (attributes.entries.get('type') as { value: string }).value
        : null;
    const target = def ?? (declared ? catalog().object(declared) : undefined);
    if (!target) {
      throw new JsonError(
        declared
          ? `Invalid SObject type: ${declared}`
          : 'Cannot deserialize an SObject without "attributes" giving its type',
      );
    }
    const record = platform.current
      ? platform.current.newSObject(target)
      : new SObjectValue(target);
    for (const [key, value] of node.entries) {
      const lower = key.toLowerCase();
      if (lower === 'attributes' || (this.mode.aura && lower === 'sobjecttype')) continue;
      const field = findField(target, lower);
      if (field) {
        record.values.set(
          lower,
          value.kind === 'null' ? null : this.primitive(value, fieldPrimitive(field), true),
        );
        continue;
      }
      const relationship = findRelationship(target, lower);
      if (relationship) {
        record.values.set(lower, value.kind === 'null' ? null : this.parent(value, relationship));
        continue;
      }
      const child = findChildRelationship(target, lower);
      if (child) {
        record.values.set(lower, value.kind === 'null' ? null : this.children(value, child.child));
        continue;
      }
      if (this.mode.strict || this.mode.aura) {
        throw new JsonError(`No such column '${key}' on sobject of type ${target.name}`);
      }
    }
    return record;
  }

  private parent(node: JsonNode, field: FieldDef): SObjectValue {
    const attributes = node.kind === 'object' ? node.entries.get('attributes') : undefined;
    const type = attributes?.kind === 'object' ? attributes.entries.get('type') : undefined;
    const def = parentObject(field, type?.kind === 'string' ? type.value : null);
    if (!def)
      throw new JsonError(`Invalid SObject type for ${field.relationshipName ?? field.name}`);
    return this.record(node, def);
  }

  /** A child relationship as JSON.serialize writes it: {totalSize, done, records: [...]}. */
  private children(node: JsonNode, child: SObjectDef): ApexList {
    const type: ApexType = { kind: 'list', elem: { kind: 'sobject', def: child } };
    if (node.kind !== 'object') throw this.expected(type, node);
    const records = node.entries.get('records');
    if (records && records.kind !== 'array' && records.kind !== 'null')
      throw this.expected(type, records);
    const items = records?.kind === 'array' ? records.items.map((r) => this.record(r, child)) : [];
    return new ApexList({ kind: 'sobject', def: child }, items);
  }

  /** An object of the package's classes, or an enum constant by name. */
  object(node: JsonNode, cls: ClassInfo): unknown {
    if (cls.kind === 'enum') {
      const found =
        node.kind === 'string'
          ? cls.enumValues.find((v) => v instanceof EnumValue && v.name === node.value)
          : undefined;
      if (!found) throw cannotDeserialize(cls.displayName, node);
      return found;
    }
    if (cls.kind !== 'class' || cls.isAbstract || cls.isSystem) {
      throw new JsonError(`Apex Type unsupported in JSON: ${cls.displayName}`);
    }
    if (node.kind !== 'object') throw this.expected({ kind: 'class', cls }, node);
    const object = this.allocate(cls);
    for (const [key, value] of node.entries) {
      const field = instanceField(cls, key.toLowerCase());
      if (this.mode.aura) {
        if (field && auraSettable(field))
          writeField(this.frame, object, field, this.typed(value, field.type, true));
        continue;
      }
      if (!field) {
        if (this.mode.strict) throw new JsonError(`Unknown field: ${cls.displayName}.${key}`);
        continue;
      }
      writeField(this.frame, object, field, this.typed(value, field.type, true));
    }
    return object;
  }

  /** A new object with its field initialisers run and no constructor. */
  private allocate(cls: ClassInfo): ApexObject {
    staticsOf(this.frame, cls);
    const object = new ApexObject(cls);
    const chain: ClassInfo[] = [];
    for (let c: ClassInfo | null = cls; c && !c.isSystem; c = c.superclass) chain.unshift(c);
    for (const c of chain) runInstanceInit(this.frame, c, object);
    return object;
  }
}

function instanceField(cls: ClassInfo, lowerName: string): FieldInfo | undefined {
  const field = cls.findField(lowerName);
  return field && !field.isStatic ? field : undefined;
}

/** An Id from JSON: 15 or 18 characters, normalised; anything else is the assignment's error. */
function checkedId(value: string): string {
  const id = normalizeId(value);
  if (!id) throw new ApexSystemError('StringException', `Invalid id: ${value}`);
  return id;
}
