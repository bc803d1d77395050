/**
 * How the runtime's system classes are declared: plain objects of TypeScript functions, turned
 * into ClassInfo by the registry. Native methods take their arguments as given (overloads are
 * told apart by the function itself) and never get a frame of their own: Apex stack traces show
 * only the package's classes.
 */
import type { Frame } from './context.ts';
import type { ApexType } from './types.ts';
import type { NativeObject } from './values.ts';

export type NativeStatic = (frame: Frame, args: unknown[]) => unknown;
export type NativeMethod<S = never> = (frame: Frame, self: S, args: unknown[]) => unknown;

export interface NativeProperty {
  get: (frame: Frame, self: unknown) => unknown;
  set?: (frame: Frame, self: unknown, value: unknown) => void;
  type?: ApexType;
}

export interface NativeStaticProperty {
  get: (frame: Frame) => unknown;
  set?: (frame: Frame, value: unknown) => void;
}

export interface NativeClassSpec {
  name: string;
  /** 'System' (default), or '' for the namespace classes Database, Schema and System. */
  namespace?: string;
  /** The class this one is nested in: `Database` for `Database.SaveResult`. */
  outer?: string;
  kind?: 'class' | 'interface' | 'enum';
  superclass?: string;
  statics?: Record<string, NativeStatic>;
  /** Instance methods: `self` is the receiver (a string for String, an ApexList for List, ...). */
  methods?: Record<string, NativeMethod<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Instance properties (NativeObject state, or computed). */
  properties?: Record<string, NativeProperty>;
  staticProperties?: Record<string, NativeStaticProperty>;
  /**
   * Members the org names (`fields.Status`): the value, or undefined when there is none, for
   * names that are not properties.
   */
  member?: (frame: Frame, self: NativeObject, lower: string) => unknown;
  /** Constructors (`new Database.DMLOptions()`): fill `self`'s state. */
  construct?: (frame: Frame, self: unknown, args: unknown[]) => void;
  enumValues?: string[];
}

/** Argument count check for native methods: TypeException like a wrong signature. */
export function arity(args: unknown[], ...allowed: number[]): number {
  if (!allowed.includes(args.length)) {
    throw new NativeSignatureError(
      `expects ${allowed.join(' or ')} argument(s), got ${args.length}`,
    );
  }
  return args.length;
}

export class NativeSignatureError extends Error {}
