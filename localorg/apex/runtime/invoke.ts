/**
 * What compiled code calls at run time: method calls and dispatch, object creation with
 * constructor chaining, static initialisation, conversions and casts, member access on any
 * value, and raising exceptions with their stack traces.
 */
import { ApexDecimal } from '../values/decimal.ts';
import { ApexSystemError } from '../values/errors.ts';
import { ApexDouble, toDecimal, toDouble, toLong } from '../values/numbers.ts';
import { normalizeId } from '../../ids.ts';
import type { ClassInfo, FieldInfo, MethodInfo } from './classes.ts';
import { ApexThrow, Frame, MAX_STACK_DEPTH, heapCheck } from './context.ts';
import type { ExecContext } from './context.ts';
import type { ApexType } from './types.ts';
import { isAssignable, typeName } from './types.ts';
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
  typeOfValue,
} from './values.ts';
import { ApexDate, ApexDatetime, ApexTime } from '../values/temporal.ts';
import { defaultObjectMethod } from '../lib/objectMethods.ts';

/** The services the runtime's registry gives compiled code (set once it is built). */
export interface RuntimeServices {
  /** A system class by name: `NullPointerException`, `String`, `List`. */
  systemClass(name: string): ClassInfo;
  /** The class whose methods a built-in value answers (String for a string, List for a list). */
  valueClass(value: unknown): ClassInfo | null;
  /** sObject field read/write with the platform's checks. */
  getField(frame: Frame, record: SObjectValue, lowerName: string, given?: string): unknown;
  setField(
    frame: Frame,
    record: SObjectValue,
    lowerName: string,
    value: unknown,
    given?: string,
  ): void;
}

export const services: { current: RuntimeServices | null } = { current: null };

function rt(): RuntimeServices {
  return services.current!;
}

// ---------------------------------------------------------------------------------------------
// Exceptions
// ---------------------------------------------------------------------------------------------

/** A new exception object of a class, with its message and the current stack. */
export function newException(
  ctx: ExecContext,
  cls: ClassInfo,
  message: string | null,
  cause: ApexObject | null = null,
): ApexObject {
  const exception = new ApexObject(cls);
  const trace = ctx.stackTrace();
  exception.native = {
    message,
    cause,
    stackTrace: trace,
    lineNumber: ctx.top?.line ?? 0,
  };
  return exception;
}

/** Throws a System exception (`NullPointerException`, `ListException`, ...) from running code. */
export function raise(frame: Frame, type: string, message: string): never {
  throw new ApexThrow(newException(frame.ctx, rt().systemClass(type), message));
}

/** LimitException and AssertException: logged, never caught. */
export function raiseUncatchable(frame: Frame, type: string, message: string): never {
  throw new ApexThrow(newException(frame.ctx, rt().systemClass(type), message), true);
}

export function nullPointer(frame: Frame): never {
  return raise(frame, 'NullPointerException', 'Attempt to de-reference a null object');
}

/** An error raised by system code becomes an Apex exception at the current stack. */
export function toApexThrow(ctx: ExecContext, error: unknown): ApexThrow | null {
  if (error instanceof ApexThrow) return error;
  if (error instanceof ApexSystemError) {
    const thrown = new ApexThrow(
      newException(ctx, rt().systemClass(error.typeName), error.message),
    );
    return thrown;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Calls
// ---------------------------------------------------------------------------------------------

export function frameLabel(method: MethodInfo): string {
  const name = method.name === '<init>' ? method.owner.name : method.name;
  return method.owner.isSystem ? '' : `Class.${method.owner.fullName}.${name}`;
}

/** Runs a method with converted arguments on its own frame. */
export function callMethod(
  caller: Frame,
  method: MethodInfo,
  self: unknown,
  args: unknown[],
): unknown {
  const ctx = caller.ctx;
  if (ctx.frames.length >= MAX_STACK_DEPTH) {
    raiseUncatchable(
      caller,
      'LimitException',
      `Maximum stack depth reached: ${MAX_STACK_DEPTH + 1}`,
    );
  }
  const params = method.params;
  for (let i = 0; i < params.length && i < args.length; i++)
    args[i] = coerce(caller, args[i], params[i].type);
  if (method.owner.isSystem) {
    try {
      return method.invoke(caller, self, args);
    } catch (error) {
      throw toApexThrow(ctx, error) ?? error;
    }
  }
  return method.invoke(caller, self, args);
}

/** Runs compiled code on a new frame pushed on the context's stack. */
export function onFrame<R>(frame: Frame, run: (frame: Frame) => R): R {
  const frames = frame.ctx.frames;
  frames.push(frame);
  try {
    const result = run(frame);
    if (frames.length === 1) heapCheck.run?.(frame);
    return result;
  } catch (error) {
    throw toApexThrow(frame.ctx, error) ?? error;
  } finally {
    frames.pop();
  }
}

/**
 * The overload the arguments fit, nearest class first: Apex resolves overloads at compile
 * time from static types; the runtime uses the arguments' run-time types, which picks the same
 * method for the package's code (overloads differ in arity or in unrelated parameter types).
 */
export function pickMethod(candidates: MethodInfo[], args: unknown[]): MethodInfo | null {
  let best: MethodInfo | null = null;
  let bestScore = -1;
  for (const method of candidates) {
    if (method.variadic) {
      if (!best) best = method;
      continue;
    }
    if (method.params.length !== args.length) continue;
    let score = 0;
    for (let i = 0; i < args.length; i++) {
      const fit = fitness(args[i], method.params[i].type);
      if (fit < 0) {
        score = -1;
        break;
      }
      score += fit;
    }
    if (score > bestScore) {
      best = method;
      bestScore = score;
    }
  }
  return best;
}

/** 3 exact type, 2 assignable, 1 null or convertible, -1 no fit. */
function fitness(value: unknown, type: ApexType): number {
  if (value === null || value === undefined) return 1;
  const actual = typeOfValue(value);
  if (!actual) return 1;
  if (typeName(actual) === typeName(type)) return 3;
  if (type.kind === 'primitive' && type.name === 'Id' && typeof value === 'string') return 2;
  if (isAssignable(actual, type)) return 2;
  return -1;
}

/** An instance method by virtual dispatch on the receiver's class. */
export function invokeVirtual(
  frame: Frame,
  self: unknown,
  cls: ClassInfo,
  lowerName: string,
  args: unknown[],
): unknown {
  const method = pickMethod(cls.findMethods(lowerName), args);
  if ((!method || method.isStatic) && self instanceof ApexObject) {
    const fallback = defaultObjectMethod(frame, self, lowerName, args);
    if (fallback.found) return fallback.value;
  }
  if (!method || method.isStatic) {
    raise(
      frame,
      'TypeException',
      `Method does not exist or incorrect signature: ${cls.displayName}.${lowerName}`,
    );
  }
  return callMethod(frame, method, self, args);
}

/** `value.name(args)` for any value: user classes, sObjects and every built-in type. */
export function invokeOn(
  frame: Frame,
  value: unknown,
  lowerName: string,
  args: unknown[],
): unknown {
  if (value === null || value === undefined) nullPointer(frame);
  if (value instanceof ApexObject) return invokeVirtual(frame, value, value.cls, lowerName, args);
  const cls = rt().valueClass(value);
  if (!cls) raise(frame, 'TypeException', `Method ${lowerName} does not exist on this value`);
  let method = pickMethod(cls.findMethods(lowerName), args);
  // An Id is a string: String's methods first, then Id's own.
  if (!method && typeof value === 'string')
    method = pickMethod(rt().systemClass('Id').findMethods(lowerName), args);
  if (!method) {
    raise(
      frame,
      'TypeException',
      `Method does not exist or incorrect signature: ${cls.displayName}.${lowerName}` +
        (cls.isSystem
          ? "; if the platform has this method, it is not supported by the local org's Apex runtime"
          : ''),
    );
  }
  return callMethod(frame, method, value, args);
}

// ---------------------------------------------------------------------------------------------
// Statics and instances
// ---------------------------------------------------------------------------------------------

/** The class's static slots in this transaction, initialised on first use (superclass first). */
export function staticsOf(frame: Frame, cls: ClassInfo): unknown[] {
  const ctx = frame.ctx;
  let slots = ctx.statics.get(cls);
  if (slots) return slots;
  if (cls.superclass && !cls.superclass.isSystem) staticsOf(frame, cls.superclass);
  slots = new Array<unknown>(cls.staticSlotCount).fill(null);
  ctx.statics.set(cls, slots);
  if (cls.staticInit) {
    const init = new Frame(ctx, null, cls, null, 0, `Class.${cls.fullName}.<clinit>`);
    onFrame(init, cls.staticInit);
  }
  return slots;
}

/** `new C(args)`: allocates, then runs the constructor chain. */
export function instantiate(frame: Frame, cls: ClassInfo, args: unknown[]): ApexObject {
  if (cls.isAbstract || cls.kind !== 'class') {
    raise(frame, 'TypeException', `Abstract classes cannot be instantiated: ${cls.displayName}`);
  }
  if (!cls.isSystem) staticsOf(frame, cls);
  const object = new ApexObject(cls);
  construct(frame, cls, object, args);
  return object;
}

/**
 * Runs the constructor of `cls` that fits the arguments on `object`. A class without
 * constructors has the default one, which runs the superclass's no-argument constructor and
 * the class's initialisers. Exceptions take (), (message), (cause) and (message, cause).
 */
export function construct(frame: Frame, cls: ClassInfo, object: ApexObject, args: unknown[]): void {
  if (cls.isSystem) {
    let owner: ClassInfo | null = cls;
    while (owner && owner.constructors.length === 0) owner = owner.superclass;
    const ctor = owner ? pickMethod(owner.constructors, args) : null;
    if (!ctor)
      raise(
        frame,
        'TypeException',
        `Constructor not defined: [${cls.displayName}].<Constructor>(${args.length} arguments)`,
      );
    callMethod(frame, ctor, object, args);
    return;
  }
  const ctor = cls.constructors.length ? pickMethod(cls.constructors, args) : null;
  if (ctor) {
    callMethod(frame, ctor, object, args);
    return;
  }
  const inheritsArgs = cls.constructors.length === 0 && cls.superclass?.isException;
  if (args.length > 0 && !inheritsArgs) {
    raise(
      frame,
      'TypeException',
      `Constructor not defined: [${cls.displayName}].<Constructor>(${args.length} arguments)`,
    );
  }
  if (cls.superclass) construct(frame, cls.superclass, object, inheritsArgs ? args : []);
  runInstanceInit(frame, cls, object);
}

export function runInstanceInit(frame: Frame, cls: ClassInfo, object: ApexObject): void {
  if (!cls.instanceInit) return;
  const init = new Frame(frame.ctx, null, cls, object, 0, `Class.${cls.fullName}.<init>`);
  onFrame(init, cls.instanceInit);
}

// ---------------------------------------------------------------------------------------------
// Members
// ---------------------------------------------------------------------------------------------

export function readField(frame: Frame, object: ApexObject, field: FieldInfo): unknown {
  if (field.getter) return callMethod(frame, field.getter, object, []);
  return object.fields[field.slot];
}

export function writeField(
  frame: Frame,
  object: ApexObject,
  field: FieldInfo,
  value: unknown,
): void {
  const converted = coerce(frame, value, field.type);
  if (field.setter) callMethod(frame, field.setter, object, [converted]);
  else object.fields[field.slot] = converted;
}

/** `value.name` on a value whose class is only known at run time. */
export function getMember(frame: Frame, value: unknown, lowerName: string): unknown {
  if (value === null || value === undefined) nullPointer(frame);
  if (value instanceof SObjectValue) return rt().getField(frame, value, lowerName);
  if (value instanceof ApexObject || value instanceof NativeObject) {
    const field = value.cls.findField(lowerName);
    if (field) {
      if (value instanceof ApexObject) return readField(frame, value, field);
      return field.getter
        ? callMethod(frame, field.getter, value, [])
        : (value.data[lowerName] ?? null);
    }
    const member = value.cls.dynamicMember?.(frame, value, lowerName);
    if (member !== undefined) return member;
  }
  const cls =
    value instanceof ApexObject || value instanceof NativeObject
      ? value.cls
      : rt().valueClass(value);
  raise(
    frame,
    'SObjectException',
    `Variable does not exist: ${lowerName} on ${cls?.displayName ?? 'value'}`,
  );
}

export function setMember(
  frame: Frame,
  value: unknown,
  lowerName: string,
  newValue: unknown,
): void {
  if (value === null || value === undefined) nullPointer(frame);
  if (value instanceof SObjectValue) {
    rt().setField(frame, value, lowerName, newValue);
    return;
  }
  if (value instanceof ApexObject || value instanceof NativeObject) {
    const field = value.cls.findField(lowerName);
    if (field) {
      if (value instanceof ApexObject) writeField(frame, value, field, newValue);
      else if (field.setter)
        callMethod(frame, field.setter, value, [coerce(frame, newValue, field.type)]);
      else value.data[lowerName] = coerce(frame, newValue, field.type);
      return;
    }
  }
  raise(frame, 'SObjectException', `Variable does not exist: ${lowerName}`);
}

// ---------------------------------------------------------------------------------------------
// Conversions
// ---------------------------------------------------------------------------------------------

/** Whether assigning to this type may change the value (numeric widening, Id normalisation). */
export function converts(type: ApexType): boolean {
  if (type.kind === 'sobject') return true;
  return type.kind === 'primitive' && ['Long', 'Double', 'Decimal', 'Id'].includes(type.name);
}

/**
 * The implicit conversions of assignment (Apex Developer Guide, "Understanding Rules of
 * Conversion"): Integer to Long, Decimal or Double; Long to Decimal or Double; Decimal to Double;
 * a String assigned to an Id is checked and becomes the 18-character Id; a query's list assigned
 * to a single sObject gives its one row.
 */
export function coerce(frame: Frame, value: unknown, type: ApexType): unknown {
  if (value === null || value === undefined) return null;
  if (type.kind === 'sobject') {
    if (value instanceof ApexList && value.fromQuery) return singleRow(frame, value);
    return value;
  }
  if (type.kind !== 'primitive') return value;
  switch (type.name) {
    case 'Long':
      return typeof value === 'number' ? toLong(value) : value;
    case 'Decimal':
      return typeof value === 'number' || typeof value === 'bigint' || value instanceof ApexDouble
        ? toDecimal(value)
        : value;
    case 'Double':
      return typeof value === 'number' || typeof value === 'bigint' || value instanceof ApexDecimal
        ? toDouble(value)
        : value;
    case 'Id':
      return typeof value === 'string' ? toId(frame, value) : value;
    default:
      return value;
  }
}

/**
 * A String assigned to an Id: 15 characters become the 18-character Id; an 18-character value
 * must carry its own checksum (its suffix encodes the case of the first 15 characters).
 */
export function toId(frame: Frame, value: string): string {
  const id = /^[0-9A-Za-z]{15}(?:[0-9A-Za-z]{3})?$/.test(value) ? normalizeId(value) : null;
  if (id === null || (value.length === 18 && id.toLowerCase() !== value.toLowerCase())) {
    raise(frame, 'StringException', `Invalid id: ${value}`);
  }
  return id;
}

export function singleRow(frame: Frame, list: ApexList): unknown {
  if (list.items.length === 0)
    raise(frame, 'QueryException', 'List has no rows for assignment to SObject');
  if (list.items.length > 1)
    raise(frame, 'QueryException', 'List has more than 1 row for assignment to SObject');
  return list.items[0];
}

/** `x instanceof T` at run time (false for null). */
export function instanceOf(value: unknown, type: ApexType): boolean {
  if (value === null || value === undefined) return false;
  if (type.kind === 'primitive') {
    switch (type.name) {
      case 'Object':
        return true;
      case 'Id':
        return typeof value === 'string' && value.length === 18 && normalizeId(value) === value;
      case 'String':
        return typeof value === 'string';
      case 'Integer':
        return typeof value === 'number';
      case 'Long':
        return typeof value === 'bigint';
      case 'Decimal':
        return value instanceof ApexDecimal;
      case 'Double':
        return value instanceof ApexDouble;
      case 'Boolean':
        return typeof value === 'boolean';
      case 'Date':
        return value instanceof ApexDate;
      case 'Datetime':
        return value instanceof ApexDatetime;
      case 'Time':
        return value instanceof ApexTime;
      case 'Blob':
        return value instanceof ApexBlob;
    }
  }
  if (type.kind === 'sobject')
    return value instanceof SObjectValue && (type.def === null || value.def === type.def);
  if (type.kind === 'class') {
    if (value instanceof TypeValue) return type.cls.name === 'Type';
    if (
      value instanceof ApexObject ||
      value instanceof EnumValue ||
      value instanceof NativeObject
    ) {
      return value.cls.isSubclassOf(type.cls);
    }
    return false;
  }
  const actual = typeOfValue(value);
  if (!actual) return false;
  if (type.kind === 'list' && value instanceof ApexList) return isAssignable(actual, type);
  if (type.kind === 'set' && value instanceof ApexSet) return isAssignable(actual, type);
  if (type.kind === 'map' && value instanceof ApexMap) return isAssignable(actual, type);
  return false;
}

/** `(T) value`: a checked cast, with numeric widening; TypeException otherwise. */
export function castValue(frame: Frame, value: unknown, type: ApexType): unknown {
  if (value === null || value === undefined) return null;
  if (instanceOf(value, type)) return coerce(frame, value, type);
  if (type.kind === 'primitive') {
    if (type.name === 'Id' && typeof value === 'string') return toId(frame, value);
    const numericTarget = ['Long', 'Decimal', 'Double'].includes(type.name);
    const widening =
      (typeof value === 'number' && numericTarget) ||
      (typeof value === 'bigint' && (type.name === 'Decimal' || type.name === 'Double')) ||
      (value instanceof ApexDecimal && type.name === 'Double');
    if (widening) return coerce(frame, value, type);
  }
  if (
    type.kind === 'list' &&
    value instanceof ApexList &&
    value.elem.kind === 'sobject' &&
    type.elem.kind === 'sobject'
  ) {
    // A List<SObject> holding rows of one object casts to that object's list.
    if (
      type.elem.def === null ||
      value.items.every(
        (r) => r instanceof SObjectValue && r.def === (type.elem as { def: unknown }).def,
      )
    ) {
      const cast = new ApexList(type.elem, value.items);
      cast.fromQuery = value.fromQuery;
      return cast;
    }
  }
  const actual = typeOfValue(value);
  raise(
    frame,
    'TypeException',
    `Invalid conversion from runtime type ${actual ? typeName(actual) : 'Object'} to ${typeName(type)}`,
  );
}
