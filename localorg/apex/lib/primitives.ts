/**
 * The classes of Apex's primitive types (Apex Reference Guide: "String Class", "Id Class",
 * "Integer Class", "Long Class", "Double Class", "Decimal Class", "Boolean Class", "Blob Class").
 * A call on a value (`s.trim()`, `d.setScale(2)`) reaches the class of its type; a static call
 * (`String.isBlank(s)`, `Integer.valueOf('1')`) the class's statics. Native methods get their
 * arguments unconverted (an Integer where a Decimal is expected), so every method checks and
 * converts them here. Also exports the argument helpers the other primitive-type modules use.
 */
import { standardCatalog } from '../../catalog/index.ts';
import type { Catalog, SObjectDef } from '../../catalog/index.ts';
import type { Frame } from '../runtime/context.ts';
import { nullPointer, raise, toId } from '../runtime/invoke.ts';
import type { NativeClassSpec, NativeMethod } from '../runtime/native.ts';
import { arity } from '../runtime/native.ts';
import { platform } from '../runtime/platform.ts';
import { T, typeName } from '../runtime/types.ts';
import type { ApexType } from '../runtime/types.ts';
import {
  ApexBlob,
  ApexList,
  ApexSet,
  EnumValue,
  toApexString,
  typeOfValue,
} from '../runtime/values.ts';
import { ApexDecimal } from '../values/decimal.ts';
import type { RoundingMode } from '../values/decimal.ts';
import {
  ApexDouble,
  doubleToInteger,
  doubleToLong,
  formatDouble,
  formatInteger,
  formatLong,
  longToInteger,
  parseDouble,
  parseInteger,
  parseLong,
  toDecimal,
  toDouble,
  toInteger,
  toLong,
} from '../values/numbers.ts';
import type { ApexNumber } from '../values/numbers.ts';
import { ApexDatetime } from '../values/temporal.ts';
import type { UserContext } from '../values/temporal.ts';
import { staticStringMethods, stringMethods } from './strings.ts';

// ---------------------------------------------------------------------------------------------
// Argument helpers (shared with temporalClasses.ts, math.ts and patterns.ts)
// ---------------------------------------------------------------------------------------------

/** The running user's time zone and locale, as the temporal values want them. */
export function userContext(frame: Frame): UserContext {
  const user = platform.current!.user(frame);
  return { timeZone: user.timeZone, locale: user.locale };
}

/** The Apex type name of a run-time value, for messages ('Integer', 'List<String>'). */
export function valueTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  const type = typeOfValue(value);
  return type ? typeName(type) : 'Object';
}

/**
 * Arguments no overload takes: Apex rejects such a call at compile time ("Method does not exist or
 * incorrect signature: void abs(Date) from the type Math"); the runtime raises that text as a
 * TypeException, as the registry does for a wrong argument count.
 */
export function noSuchSignature(
  frame: Frame,
  owner: string,
  method: string,
  args: unknown[],
): never {
  const types = args.map(valueTypeName).join(', ');
  return raise(
    frame,
    'TypeException',
    `Method does not exist or incorrect signature: void ${method}(${types}) from the type ${owner}`,
  );
}

/** A non-null argument; null raises NullPointerException as dereferencing it would. */
export function present<V>(frame: Frame, value: V | null | undefined): V {
  if (value === null || value === undefined) return nullPointer(frame);
  return value;
}

export function isApexNumber(value: unknown): value is ApexNumber {
  return (
    typeof value === 'number' ||
    typeof value === 'bigint' ||
    value instanceof ApexDouble ||
    value instanceof ApexDecimal
  );
}

/** An Integer argument (a JS number); null is a NullPointerException. */
export function integerArg(frame: Frame, value: unknown, owner: string, method: string): number {
  if (typeof value === 'number') return value;
  if (value === null || value === undefined) return nullPointer(frame);
  return noSuchSignature(frame, owner, method, [value]);
}

export function stringArg(frame: Frame, value: unknown, owner: string, method: string): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return nullPointer(frame);
  return noSuchSignature(frame, owner, method, [value]);
}

export function booleanArg(frame: Frame, value: unknown, owner: string, method: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === null || value === undefined) return nullPointer(frame);
  return noSuchSignature(frame, owner, method, [value]);
}

/** Any number as a Decimal (Integer, Long and Double widen to Decimal). */
export function decimalArg(
  frame: Frame,
  value: unknown,
  owner: string,
  method: string,
): ApexDecimal {
  if (isApexNumber(value)) return toDecimal(value);
  if (value === null || value === undefined) return nullPointer(frame);
  return noSuchSignature(frame, owner, method, [value]);
}

/** A System.RoundingMode constant (Apex Reference Guide, "Decimal Class" > Rounding Mode). */
export function roundingModeArg(
  frame: Frame,
  value: unknown,
  owner: string,
  method: string,
): RoundingMode {
  if (value instanceof EnumValue && value.cls.name === 'RoundingMode')
    return value.name as RoundingMode;
  if (value === null || value === undefined) return nullPointer(frame);
  return noSuchSignature(frame, owner, method, [value]);
}

/** The elements of a List or Set argument. */
export function itemsArg(frame: Frame, value: unknown, owner: string, method: string): unknown[] {
  if (value instanceof ApexList) return value.items;
  if (value instanceof ApexSet) return value.values();
  if (value === null || value === undefined) return nullPointer(frame);
  return noSuchSignature(frame, owner, method, [value]);
}

/** `(T) value` failing: the platform's TypeException text for a conversion it cannot make. */
function invalidConversion(frame: Frame, value: unknown, target: string): never {
  return raise(
    frame,
    'TypeException',
    `Invalid conversion from runtime type ${valueTypeName(value)} to ${target}`,
  );
}

// ---------------------------------------------------------------------------------------------
// String
// ---------------------------------------------------------------------------------------------

/** Element types of the lists String methods return. */
const LIST_RESULT: Record<string, ApexType> = { getchars: T.Integer };

/** Every instance method of lib/strings.ts; arrays (split, getChars...) become Apex Lists. */
function stringInstanceMethods(): Record<string, NativeMethod<string>> {
  const out: Record<string, NativeMethod<string>> = {};
  for (const [name, fn] of Object.entries(stringMethods)) {
    out[name] = (_frame, self: string, args) => {
      const result = fn(self, ...args);
      return Array.isArray(result) ? new ApexList(LIST_RESULT[name] ?? T.String, result) : result;
    };
  }
  return out;
}

/**
 * String.valueOf(x) (Apex Reference Guide, String Class, valueOf overloads): what concatenation
 * prints, except a Datetime, which prints in the user's time zone ('yyyy-MM-dd HH:mm:ss' local,
 * "valueOf(datetimeToConvert)": "in the local time zone") while concatenation prints GMT. A
 * Decimal keeps its scale ('1.50'); a Double is Java's Double.toString; a Date 'yyyy-MM-dd';
 * null 'null'.
 */
function stringValueOf(frame: Frame, value: unknown): string {
  if (value instanceof ApexDatetime) return value.toLocalString(userContext(frame));
  return toApexString(value);
}

/**
 * The arguments String.format hands to java.text.MessageFormat: numbers stay numbers, so that
 * they are formatted as NumberFormat does (String.format('{0}', new List<Object>{1234}) is
 * '1,234'); a Decimal or Double goes in as its value (integral Decimals exactly as a Long). Other
 * values print as String.valueOf does (unconfirmed for Date and Datetime, which MessageFormat
 * would format with a DateFormat).
 */
function formatArgument(value: unknown): unknown {
  if (value instanceof ApexDouble) return value.value;
  if (value instanceof ApexDecimal) {
    return value.scale() <= 0 ? value.longValue() : value.doubleValue();
  }
  return value;
}

function stringFormat(frame: Frame, args: unknown[]): string {
  arity(args, 2);
  const pattern = stringArg(frame, args[0], 'String', 'format');
  const items = itemsArg(frame, args[1], 'String', 'format').map(formatArgument);
  return staticStringMethods.format(pattern, items, (value: unknown) =>
    typeof value === 'number' || typeof value === 'bigint'
      ? undefined
      : stringValueOf(frame, value),
  ) as string;
}

/**
 * String.join(iterableObj, separator): each element as String.valueOf prints it; a null element
 * joins as '' (StringUtils.join, as lib/strings.ts does; unconfirmed for Apex).
 */
function stringJoin(frame: Frame, args: unknown[]): string {
  arity(args, 2);
  const items = itemsArg(frame, args[0], 'String', 'join');
  const texts = items.map((x) => (x === null || x === undefined ? null : stringValueOf(frame, x)));
  const separator = args[1] === null ? null : stringArg(frame, args[1], 'String', 'join');
  return staticStringMethods.join(texts, separator) as string;
}

/** The static String methods that take Apex Lists: the library takes JS arrays. */
function listStatic(name: string): (frame: Frame, args: unknown[]) => unknown {
  return (frame, args) => {
    arity(args, 1);
    return staticStringMethods[name.toLowerCase()](itemsArg(frame, args[0], 'String', name));
  };
}

function stringStatic(name: string, count: number): (frame: Frame, args: unknown[]) => unknown {
  return (_frame, args) => {
    arity(args, count);
    return staticStringMethods[name.toLowerCase()](...args);
  };
}

const stringClass: NativeClassSpec = {
  name: 'String',
  statics: {
    escapeSingleQuotes: stringStatic('escapeSingleQuotes', 1),
    format: stringFormat,
    fromCharArray: listStatic('fromCharArray'),
    getCommonPrefix: listStatic('getCommonPrefix'),
    isBlank: stringStatic('isBlank', 1),
    isEmpty: stringStatic('isEmpty', 1),
    isNotBlank: stringStatic('isNotBlank', 1),
    isNotEmpty: stringStatic('isNotEmpty', 1),
    join: stringJoin,
    valueOf: (frame: Frame, args: unknown[]) => {
      arity(args, 1);
      return stringValueOf(frame, args[0]);
    },
    /** valueOfGmt(datetimeToConvert): 'yyyy-MM-dd HH:mm:ss' in GMT. */
    valueOfGmt: (frame, args) => {
      arity(args, 1);
      const dt = present(frame, args[0]);
      if (!(dt instanceof ApexDatetime))
        return noSuchSignature(frame, 'String', 'valueOfGmt', args);
      return dt.toString();
    },
  },
  methods: stringInstanceMethods(),
};

// ---------------------------------------------------------------------------------------------
// Id
// ---------------------------------------------------------------------------------------------

/**
 * Id.valueOf(toId): the 18-character Id. A 15-character Id gets its case-safe suffix; an
 * 18-character Id is read case-insensitively, its suffix restoring the case of the first 15
 * characters, because the runtime keeps every Id in that canonical form (as invoke.ts's toId
 * does). The platform does not restore lost case this way (salesforce.stackexchange.com q/249063,
 * and a 2015 gist by capeterson shows Id.valueOf keeping a lower-cased Id as given); the
 * two-argument valueOf(str, restoreCasing) is accepted too (that overload is unconfirmed). A
 * suffix no casing of the first 15 characters produces (a character outside A-Z and 0-5, or a bit
 * set for a digit) is a bad checksum: like any other malformed Id it raises StringException
 * 'Invalid id: <value>' (the message orgs print for an invalid String assigned to an Id; that the
 * platform checks the checksum is unconfirmed).
 */
export const idValueOf = toId;

let fallbackCatalog: Catalog | null = null;

/**
 * The object whose key prefix the Id has, from the platform's catalogue (which has the org's
 * custom objects); a platform without one (an older test harness) gets the standard catalogue.
 */
function objectForId(id: string): SObjectDef | undefined {
  const catalog: Catalog | undefined = platform.current?.catalog;
  if (catalog) return catalog.objectForId(id);
  fallbackCatalog ??= standardCatalog();
  return fallbackCatalog.objectForId(id);
}

const idClass: NativeClassSpec = {
  name: 'Id',
  statics: {
    /**
     * valueOf(toId) and valueOf(str, restoreCasing): see idValueOf (both restore the casing
     * here). Id.valueOf(null) returns null (unconfirmed).
     */
    valueOf: (frame: Frame, args: unknown[]) => {
      arity(args, 1, 2);
      if (args.length === 2) booleanArg(frame, args[1], 'Id', 'valueOf');
      if (args[0] === null) return null;
      return idValueOf(frame, stringArg(frame, args[0], 'Id', 'valueOf'));
    },
  },
  methods: {
    /** getSObjectType(): the token of the object the key prefix names; null for an unknown prefix. */
    getSObjectType: (_frame, self: string, args) => {
      arity(args, 0);
      const def = objectForId(self);
      return def ? platform.current!.sobjectTypeToken(def) : null;
    },
    /** to15(): the case-sensitive 15-character form. */
    to15: (_frame, self: string, args) => {
      arity(args, 0);
      return self.slice(0, 15);
    },
  },
};

// ---------------------------------------------------------------------------------------------
// Integer, Long, Double
// ---------------------------------------------------------------------------------------------

/** Integer.valueOf(Object) and friends: a String is parsed, a number converted as its intValue(). */
function numberValueOf<R>(
  frame: Frame,
  value: unknown,
  target: string,
  parse: (text: string) => R,
  convert: (n: ApexNumber) => R,
): R | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return parse(value);
  if (isApexNumber(value)) return convert(value);
  return invalidConversion(frame, value, target);
}

const integerClass: NativeClassSpec = {
  name: 'Integer',
  statics: {
    /**
     * valueOf(stringToInteger): Java's Integer.parseInt; 'abc' is TypeException 'Invalid integer:
     * abc'. valueOf(fieldValue): an Integer as is, another number as its intValue() (12.7 gives
     * 12), null gives null (unconfirmed).
     */
    valueOf: (frame: Frame, args: unknown[]) => {
      arity(args, 1);
      return numberValueOf(frame, args[0], 'Integer', parseInteger, toInteger);
    },
  },
  methods: {
    /** format(): grouped for the user's locale ('1,234' in en_US). */
    format: (frame, self: number) => formatInteger(self, userContext(frame).locale),
  },
};

const longClass: NativeClassSpec = {
  name: 'Long',
  statics: {
    /** valueOf(stringToLong): Java's Long.parseLong; 'Invalid long: <s>' otherwise. */
    valueOf: (frame: Frame, args: unknown[]) => {
      arity(args, 1);
      return numberValueOf(frame, args[0], 'Long', parseLong, toLong);
    },
  },
  methods: {
    format: (frame, self: bigint) => formatLong(self, userContext(frame).locale),
    /** intValue(): the low 32 bits, like Java's (int) cast. */
    intValue: (_frame, self: bigint) => longToInteger(self),
  },
};

/**
 * Double.round(): "the closest Long", i.e. Java's Math.round (floor(x + 0.5), so 4.5 gives 5 and
 * -4.5 gives -4; NaN gives 0; saturating at the Long range).
 */
export function javaRound(d: number): number {
  if (Number.isNaN(d)) return 0;
  const floor = Math.floor(d);
  return d - floor >= 0.5 ? floor + 1 : floor;
}

const doubleClass: NativeClassSpec = {
  name: 'Double',
  statics: {
    /** valueOf(stringToDouble): Java's Double.valueOf; valueOf(fieldValue): a number widened. */
    valueOf: (frame: Frame, args: unknown[]) => {
      arity(args, 1);
      return numberValueOf(frame, args[0], 'Double', parseDouble, toDouble);
    },
  },
  methods: {
    format: (frame, self: ApexDouble) => formatDouble(self.value, userContext(frame).locale),
    intValue: (_frame, self: ApexDouble) => doubleToInteger(self.value),
    longValue: (_frame, self: ApexDouble) => doubleToLong(self.value),
    round: (_frame, self: ApexDouble) => doubleToLong(javaRound(self.value)),
  },
};

// ---------------------------------------------------------------------------------------------
// Decimal
// ---------------------------------------------------------------------------------------------

function decimalValueOf(frame: Frame, value: unknown): ApexDecimal | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return ApexDecimal.fromString(value);
  if (isApexNumber(value)) return toDecimal(value);
  return invalidConversion(frame, value, 'Decimal');
}

const decimalClass: NativeClassSpec = {
  name: 'Decimal',
  statics: {
    /**
     * valueOf(stringToDecimal): new BigDecimal(String), keeping the written scale ('1.50');
     * valueOf(doubleToDecimal): through Double.toString (0.1d gives 0.1); valueOf(longToDecimal)
     * (and an Integer): scale 0.
     */
    valueOf: (frame: Frame, args: unknown[]) => {
      arity(args, 1);
      return decimalValueOf(frame, args[0]);
    },
  },
  methods: {
    abs: (_frame, self: ApexDecimal) => self.abs(),
    /**
     * divide(divisor, scale[, roundingMode]): the quotient at exactly `scale` places; without a
     * mode HALF_EVEN (see ApexDecimal.divide). The divisor may be any number.
     */
    divide: (frame, self: ApexDecimal, args) => {
      arity(args, 2, 3);
      const divisor = decimalArg(frame, args[0], 'Decimal', 'divide');
      const scale = integerArg(frame, args[1], 'Decimal', 'divide');
      return args.length === 3
        ? self.divide(divisor, scale, roundingModeArg(frame, args[2], 'Decimal', 'divide'))
        : self.divide(divisor, scale);
    },
    doubleValue: (_frame, self: ApexDecimal) => new ApexDouble(self.doubleValue()),
    /** format(): the user's locale, at most 3 fraction digits (Apex Reference Guide example). */
    format: (frame, self: ApexDecimal) => self.format(userContext(frame).locale),
    intValue: (_frame, self: ApexDecimal) => self.intValue(),
    longValue: (_frame, self: ApexDecimal) => self.longValue(),
    pow: (frame, self: ApexDecimal, args) => {
      arity(args, 1);
      return self.pow(integerArg(frame, args[0], 'Decimal', 'pow'));
    },
    precision: (_frame, self: ApexDecimal) => self.precision(),
    /** round() and round(roundingMode): a Long; the default mode is HALF_EVEN (2.5 gives 2). */
    round: (frame, self: ApexDecimal, args) => {
      arity(args, 0, 1);
      return args.length === 1
        ? self.round(roundingModeArg(frame, args[0], 'Decimal', 'round'))
        : self.round();
    },
    scale: (_frame, self: ApexDecimal) => self.scale(),
    /** setScale(scale[, roundingMode]): HALF_EVEN when no mode is given. */
    setScale: (frame, self: ApexDecimal, args) => {
      arity(args, 1, 2);
      const scale = integerArg(frame, args[0], 'Decimal', 'setScale');
      return args.length === 2
        ? self.setScale(scale, roundingModeArg(frame, args[1], 'Decimal', 'setScale'))
        : self.setScale(scale);
    },
    stripTrailingZeros: (_frame, self: ApexDecimal) => self.stripTrailingZeros(),
    toPlainString: (_frame, self: ApexDecimal) => self.toPlainString(),
  },
};

// ---------------------------------------------------------------------------------------------
// Boolean, Blob
// ---------------------------------------------------------------------------------------------

const booleanClass: NativeClassSpec = {
  name: 'Boolean',
  statics: {
    /**
     * valueOf(stringToBoolean): true only for 'true' in any case (Java's Boolean.valueOf), so null
     * and 'yes' give false. valueOf(fieldValue): a Boolean as is; another type is a
     * TypeException 'Invalid conversion from runtime type X to Boolean'.
     */
    valueOf: (frame: Frame, args: unknown[]) => {
      arity(args, 1);
      const value = args[0];
      if (value === null || value === undefined) return false;
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string') return value.toLowerCase() === 'true';
      return invalidConversion(frame, value, 'Boolean');
    },
  },
};

const blobClass: NativeClassSpec = {
  name: 'Blob',
  statics: {
    /** valueOf(stringToBlob): the string's UTF-8 bytes. */
    valueOf: (frame: Frame, args: unknown[]) => {
      arity(args, 1);
      const text = stringArg(frame, args[0], 'Blob', 'valueOf');
      return new ApexBlob(new TextEncoder().encode(text));
    },
  },
  methods: {
    size: (_frame, self: ApexBlob) => self.bytes.length,
    /**
     * toString(): the bytes read as UTF-8; bytes that are not UTF-8 raise StringException 'BLOB is
     * not a valid UTF-8 string' (the message orgs print).
     */
    toString: (frame: Frame, self: ApexBlob) => {
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(self.bytes);
      } catch {
        return raise(frame, 'StringException', 'BLOB is not a valid UTF-8 string');
      }
    },
  },
};

export const primitivesClasses: NativeClassSpec[] = [
  stringClass,
  idClass,
  integerClass,
  longClass,
  doubleClass,
  decimalClass,
  booleanClass,
  blobClass,
];
