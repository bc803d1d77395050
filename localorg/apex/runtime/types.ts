/**
 * Apex types as the runtime resolves them. Primitive and collection types are plain objects;
 * classes (the package's, and the system classes the runtime implements) are ClassInfo, and
 * sObject types refer to the local org's catalogue. Apex names are case-insensitive: every
 * lookup goes through lower case.
 */
import type { SObjectDef } from '../../catalog/index.ts';
import type { ClassInfo } from './classes.ts';

export type PrimitiveName =
  | 'Integer'
  | 'Long'
  | 'Double'
  | 'Decimal'
  | 'String'
  | 'Id'
  | 'Boolean'
  | 'Date'
  | 'Datetime'
  | 'Time'
  | 'Blob'
  | 'Object';

export type ApexType =
  | { kind: 'primitive'; name: PrimitiveName }
  | { kind: 'list'; elem: ApexType }
  | { kind: 'set'; elem: ApexType }
  | { kind: 'map'; key: ApexType; value: ApexType }
  /** def null: the generic SObject type. */
  | { kind: 'sobject'; def: SObjectDef | null }
  | { kind: 'class'; cls: ClassInfo }
  | { kind: 'void' };

const primitives = new Map<string, ApexType>();
for (const name of [
  'Integer',
  'Long',
  'Double',
  'Decimal',
  'String',
  'Id',
  'Boolean',
  'Date',
  'Datetime',
  'Time',
  'Blob',
  'Object',
] as PrimitiveName[]) {
  primitives.set(name.toLowerCase(), { kind: 'primitive', name });
}

export function primitive(name: PrimitiveName): ApexType {
  return primitives.get(name.toLowerCase())!;
}

/** A primitive by its name in any case (`string`, `ID`), or undefined. */
export function primitiveNamed(name: string): ApexType | undefined {
  return primitives.get(name.toLowerCase());
}

export const T = {
  Integer: primitive('Integer'),
  Long: primitive('Long'),
  Double: primitive('Double'),
  Decimal: primitive('Decimal'),
  String: primitive('String'),
  Id: primitive('Id'),
  Boolean: primitive('Boolean'),
  Date: primitive('Date'),
  Datetime: primitive('Datetime'),
  Time: primitive('Time'),
  Blob: primitive('Blob'),
  Object: primitive('Object'),
  SObject: { kind: 'sobject', def: null } as ApexType,
  Void: { kind: 'void' } as ApexType,
};

export function listOf(elem: ApexType): ApexType {
  return { kind: 'list', elem };
}

export function setOf(elem: ApexType): ApexType {
  return { kind: 'set', elem };
}

export function mapOf(key: ApexType, value: ApexType): ApexType {
  return { kind: 'map', key, value };
}

/** The name Apex prints for a type: `List<String>`, `Map<Id,Lead>`, `LeadRouter.Plan`. */
export function typeName(type: ApexType): string {
  switch (type.kind) {
    case 'primitive':
      return type.name;
    case 'list':
      return `List<${typeName(type.elem)}>`;
    case 'set':
      return `Set<${typeName(type.elem)}>`;
    case 'map':
      return `Map<${typeName(type.key)},${typeName(type.value)}>`;
    case 'sobject':
      return type.def ? type.def.name : 'SObject';
    case 'class':
      return type.cls.displayName;
    case 'void':
      return 'void';
  }
}

export function sameType(a: ApexType, b: ApexType): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'primitive':
      return a.name === (b as typeof a).name;
    case 'list':
    case 'set':
      return sameType(a.elem, (b as typeof a).elem);
    case 'map':
      return sameType(a.key, (b as typeof a).key) && sameType(a.value, (b as typeof a).value);
    case 'sobject':
      return a.def === (b as typeof a).def;
    case 'class':
      return a.cls === (b as typeof a).cls;
    case 'void':
      return true;
  }
}

const NUMERIC_RANK: Partial<Record<PrimitiveName, number>> = {
  Integer: 1,
  Long: 2,
  Decimal: 3,
  Double: 4,
};

export function isNumeric(type: ApexType): boolean {
  return type.kind === 'primitive' && NUMERIC_RANK[type.name] !== undefined;
}

/**
 * Whether a value of type `from` may be assigned to `to` without a cast (Apex Developer Guide,
 * "Understanding Rules of Conversion"): numeric widening (Integer to Long, Decimal, Double),
 * Id to String and String to Id, anything to Object, a subclass to its superclass or interface,
 * a specific sObject to SObject, and collections whose element types are assignable (Apex's
 * collections are covariant: a List<Lead> is a List<SObject>).
 */
export function isAssignable(from: ApexType, to: ApexType): boolean {
  if (to.kind === 'primitive' && to.name === 'Object') return true;
  if (sameType(from, to)) return true;
  switch (to.kind) {
    case 'primitive': {
      if (from.kind !== 'primitive') return false;
      const fromRank = NUMERIC_RANK[from.name];
      const toRank = NUMERIC_RANK[to.name];
      if (fromRank !== undefined && toRank !== undefined) return fromRank <= toRank;
      return (
        (from.name === 'Id' && to.name === 'String') || (from.name === 'String' && to.name === 'Id')
      );
    }
    case 'list':
    case 'set':
      return from.kind === to.kind && isAssignable(from.elem, to.elem);
    case 'map':
      return from.kind === 'map' && sameKey(from.key, to.key) && isAssignable(from.value, to.value);
    case 'sobject':
      return from.kind === 'sobject' && (to.def === null || from.def === to.def);
    case 'class':
      return from.kind === 'class' && from.cls.isSubclassOf(to.cls);
    case 'void':
      return false;
  }
}

/**
 * Whether the compiler must refuse assigning a value of primitive type `from` to a variable of
 * primitive type `to` (Apex Developer Guide, "Rules of Conversion"): numbers widen (Integer, Long,
 * Double, Decimal; Decimal and Double convert both ways, as `Double d = 1.5;` shows), Id and
 * String convert both ways, a Date converts to a Datetime; any other pair of different
 * primitives is an illegal assignment. Only primitives are judged here.
 */
export function isIllegalPrimitiveAssignment(from: ApexType, to: ApexType): boolean {
  if (from.kind !== 'primitive' || to.kind !== 'primitive') return false;
  if (from.name === to.name || to.name === 'Object' || from.name === 'Object') return false;
  const fromRank = NUMERIC_RANK[from.name];
  const toRank = NUMERIC_RANK[to.name];
  if (fromRank !== undefined && toRank !== undefined) return fromRank > toRank && toRank < 3;
  if ((from.name === 'Id' && to.name === 'String') || (from.name === 'String' && to.name === 'Id'))
    return false;
  return !(from.name === 'Date' && to.name === 'Datetime');
}

/** Map key types must match (Id and String keys are interchangeable, as Apex allows). */
function sameKey(a: ApexType, b: ApexType): boolean {
  if (sameType(a, b)) return true;
  if (b.kind === 'primitive' && b.name === 'Object') return true;
  return (
    a.kind === 'primitive' &&
    b.kind === 'primitive' &&
    ((a.name === 'Id' && b.name === 'String') || (a.name === 'String' && b.name === 'Id'))
  );
}
