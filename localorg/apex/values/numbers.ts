/**
 * Apex Integer, Long and Double, and the numeric operators across all four number types.
 *
 * Representation: Integer is a JS number holding a 32-bit signed integer, Long a bigint within 64
 * bits, Double an ApexDouble, Decimal an ApexDecimal. Integer and Long arithmetic wraps like Java
 * int and long: "Integer i = 2147483647 + 1" yields -2147483648 (Apex Developer Guide, "Rules of
 * Conversion" > "Overflow of Data Type Values"). Where the guides are silent this follows Java.
 */
import { ApexDecimal, formatDigits, javaDoubleToString } from './decimal.ts';
import { ApexSystemError } from './errors.ts';

export { javaDoubleToString };

/** An Apex Double, boxed so that a Double held in an Object can be told from an Integer. */
export class ApexDouble {
  readonly value: number;

  constructor(value: number) {
    this.value = value;
  }

  /** String.valueOf(Double): Java's Double.toString ('1.0', '1.0E10', '1.0E-4'). */
  toString(): string {
    return javaDoubleToString(this.value);
  }
}

export type ApexNumber = number | bigint | ApexDouble | ApexDecimal;
export type NumericType = 'Integer' | 'Long' | 'Double' | 'Decimal';

export const INTEGER_MIN_VALUE = -2147483648;
export const INTEGER_MAX_VALUE = 2147483647;
export const LONG_MIN_VALUE = -(2n ** 63n);
export const LONG_MAX_VALUE = 2n ** 63n - 1n;

/** Integer and Long division and Math.mod by zero: "System.MathException: Divide by 0". */
const divideByZero = (): ApexSystemError => new ApexSystemError('MathException', 'Divide by 0');

/** A shift distance reduced like Java's: the low 5 bits for int, the low 6 for long. */
function shiftDistance(n: number | bigint, mask: 31 | 63): number {
  return typeof n === 'bigint' ? Number(n & BigInt(mask)) : n & mask;
}

// ---- Integer (Java int) ----

export const intAdd = (a: number, b: number): number => (a + b) | 0;
export const intSub = (a: number, b: number): number => (a - b) | 0;
export const intMul = (a: number, b: number): number => Math.imul(a, b);
export const intNegate = (a: number): number => -a | 0;

/** Truncates toward zero; Integer.MIN_VALUE / -1 wraps to MIN_VALUE as in Java. */
export function intDiv(a: number, b: number): number {
  if (b === 0) throw divideByZero();
  return (a / b) | 0;
}

/**
 * Math.mod(Integer, Integer): the remainder of a / b, with the dividend's sign like Java's %
 * (Math.mod(-7, 3) is -1). The Apex Reference Guide gives no negative example; by zero it raises
 * the same MathException as `/`.
 */
export function intMod(a: number, b: number): number {
  if (b === 0) throw divideByZero();
  return (a % b) | 0; // | 0 turns JS's -0 into 0
}

export const intAnd = (a: number, b: number): number => a & b;
export const intOr = (a: number, b: number): number => a | b;
export const intXor = (a: number, b: number): number => a ^ b;
export const intNot = (a: number): number => ~a;
/** `<<`: the distance is taken modulo 32, as in Java. */
export const intShl = (a: number, n: number | bigint): number => a << shiftDistance(n, 31);
/** `>>`: arithmetic (sign-filling) shift. */
export const intShr = (a: number, n: number | bigint): number => a >> shiftDistance(n, 31);
/** `>>>`: zero-filling shift; the result is again a signed 32-bit Integer. */
export const intUshr = (a: number, n: number | bigint): number => (a >>> shiftDistance(n, 31)) | 0;

// ---- Long (Java long) ----

const wrap64 = (n: bigint): bigint => BigInt.asIntN(64, n);

export const longAdd = (a: bigint, b: bigint): bigint => wrap64(a + b);
export const longSub = (a: bigint, b: bigint): bigint => wrap64(a - b);
export const longMul = (a: bigint, b: bigint): bigint => wrap64(a * b);
export const longNegate = (a: bigint): bigint => wrap64(-a);

/** Truncates toward zero; Long.MIN_VALUE / -1 wraps to MIN_VALUE as in Java. */
export function longDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw divideByZero();
  return wrap64(a / b);
}

/** Math.mod(Long, Long): the dividend's sign, like Java's %. */
export function longMod(a: bigint, b: bigint): bigint {
  if (b === 0n) throw divideByZero();
  return a % b;
}

export const longAnd = (a: bigint, b: bigint): bigint => a & b;
export const longOr = (a: bigint, b: bigint): bigint => a | b;
export const longXor = (a: bigint, b: bigint): bigint => a ^ b;
export const longNot = (a: bigint): bigint => ~a;
/** `<<`: the distance is taken modulo 64, as in Java. */
export const longShl = (a: bigint, n: number | bigint): bigint =>
  wrap64(a << BigInt(shiftDistance(n, 63)));
export const longShr = (a: bigint, n: number | bigint): bigint => a >> BigInt(shiftDistance(n, 63));
export const longUshr = (a: bigint, n: number | bigint): bigint =>
  wrap64(BigInt.asUintN(64, a) >> BigInt(shiftDistance(n, 63)));

// ---- Conversions (Long.intValue(), Double.intValue(), …: Java's narrowing casts) ----

/** Long.intValue(): the low 32 bits, like Java's (int) cast. */
export const longToInteger = (n: bigint): number => Number(BigInt.asIntN(32, n));

/** Double.intValue(): truncates toward zero, saturates at the Integer range, NaN gives 0 (Java's (int)). */
export function doubleToInteger(d: number): number {
  if (Number.isNaN(d)) return 0;
  if (d >= INTEGER_MAX_VALUE) return INTEGER_MAX_VALUE;
  if (d <= INTEGER_MIN_VALUE) return INTEGER_MIN_VALUE;
  return Math.trunc(d) | 0;
}

/** Double.longValue(): truncates toward zero, saturates at the Long range, NaN gives 0 (Java's (long)). */
export function doubleToLong(d: number): bigint {
  if (Number.isNaN(d)) return 0n;
  if (d >= 2 ** 63) return LONG_MAX_VALUE;
  if (d <= -(2 ** 63)) return LONG_MIN_VALUE;
  return BigInt(Math.trunc(d));
}

/** Decimal.intValue(). */
export const decimalToInteger = (d: ApexDecimal): number => d.intValue();
/** Decimal.longValue(). */
export const decimalToLong = (d: ApexDecimal): bigint => d.longValue();

/** Any number as an Integer, the way its intValue() method converts it. */
export function toInteger(value: ApexNumber): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return longToInteger(value);
  if (value instanceof ApexDouble) return doubleToInteger(value.value);
  return value.intValue();
}

/** Any number as a Long, the way its longValue() method converts it. */
export function toLong(value: ApexNumber): bigint {
  if (typeof value === 'number') return BigInt(value);
  if (typeof value === 'bigint') return value;
  if (value instanceof ApexDouble) return doubleToLong(value.value);
  return value.longValue();
}

/** Any number as a Double (a Long rounds to the nearest double, as Java's widening does). */
export function toDouble(value: ApexNumber): ApexDouble {
  if (value instanceof ApexDouble) return value;
  if (value instanceof ApexDecimal) return new ApexDouble(value.doubleValue());
  return new ApexDouble(Number(value));
}

/**
 * Any number as a Decimal: Integer and Long at scale 0, a Double through its string form
 * (Decimal.valueOf(Double), see ApexDecimal.fromDouble).
 */
export function toDecimal(value: ApexNumber): ApexDecimal {
  if (value instanceof ApexDecimal) return value;
  if (value instanceof ApexDouble) return ApexDecimal.fromDouble(value.value);
  if (typeof value === 'bigint') return ApexDecimal.fromLong(value);
  return ApexDecimal.fromInteger(value);
}

// ---- Parsing (Integer.valueOf(String), Long.valueOf(String), Double.valueOf(String)) ----

/**
 * Integer.valueOf(String), as Java's Integer.parseInt: an optional '+' or '-' and ASCII digits, no
 * whitespace, within the Integer range; anything else is TypeException 'Invalid integer: <text>'.
 */
export function parseInteger(text: string): number {
  if (/^[+-]?\d+$/.test(text)) {
    const n = Number(text);
    if (n >= INTEGER_MIN_VALUE && n <= INTEGER_MAX_VALUE) return n | 0;
  }
  throw new ApexSystemError('TypeException', `Invalid integer: ${text}`);
}

/** Long.valueOf(String), as Java's Long.parseLong (no 'L' suffix); else 'Invalid long: <text>'. */
export function parseLong(text: string): bigint {
  if (/^[+-]?\d+$/.test(text)) {
    const n = BigInt(text);
    if (n >= LONG_MIN_VALUE && n <= LONG_MAX_VALUE) return n;
  }
  throw new ApexSystemError('TypeException', `Invalid long: ${text}`);
}

// Java's Double.valueOf grammar without hexadecimal floats: sign, NaN, Infinity, or digits with
// an optional point and exponent and an optional f/F/d/D suffix.
const DOUBLE_TEXT = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/;

/**
 * Double.valueOf(String): "As in Java, the String is interpreted as representing a signed
 * decimal" (Apex Reference Guide, Double.valueOf(stringToDouble)), i.e. Java's Double.valueOf:
 * surrounding whitespace (characters up to U+0020) is ignored, '1e3', '.5', '5.' and '2.5d' parse,
 * as do 'NaN' and '-Infinity'. Hexadecimal floating-point strings are not supported here.
 * Otherwise TypeException 'Invalid double: <text>'.
 */
export function parseDouble(text: string): ApexDouble {
  const trimmed = text.replace(/^[\0- ]+|[\0- ]+$/g, '');
  if (!DOUBLE_TEXT.test(trimmed)) {
    throw new ApexSystemError('TypeException', `Invalid double: ${text}`);
  }
  return new ApexDouble(Number(trimmed.replace(/[fFdD]$/, '')));
}

// ---- format() and String.valueOf ----

/**
 * Integer.format() / Long.format(): the digits grouped for the user's locale ('1,234,567' in
 * en_US, '1.234.567' in de_DE; other locales use en_US).
 */
export const formatInteger = (n: number, locale = 'en_US'): string =>
  ApexDecimal.fromInteger(n).format(locale);
export const formatLong = (n: bigint, locale = 'en_US'): string =>
  ApexDecimal.fromLong(n).format(locale);

/**
 * Double.format(): Java's NumberFormat for the locale, like Decimal.format() (at most 3 fraction
 * digits, HALF_EVEN on the double's exact binary value, as Java 8 and later round). NaN and the
 * infinities print as Java's DecimalFormatSymbols do ('NaN', '∞').
 */
export function formatDouble(d: number, locale = 'en_US'): string {
  if (Number.isNaN(d)) return 'NaN';
  if (!Number.isFinite(d)) return d > 0 ? '∞' : '-∞';
  if (Object.is(d, -0)) return formatDigits(true, '0', '', locale);
  return ApexDecimal.fromDoubleExact(d).format(locale);
}

/** String.valueOf(Integer | Long | Double | Decimal), also what string concatenation prints. */
export function stringValueOf(value: ApexNumber): string {
  return String(value);
}

// ---- Mixed arithmetic ----

export function numericType(value: ApexNumber): NumericType {
  if (typeof value === 'number') return 'Integer';
  if (typeof value === 'bigint') return 'Long';
  return value instanceof ApexDouble ? 'Double' : 'Decimal';
}

const RANK: Record<NumericType, number> = { Integer: 0, Long: 1, Double: 2, Decimal: 3 };

/** Both operands of a binary numeric operator, converted to the wider of their two types. */
export type Promoted =
  | { type: 'Integer'; a: number; b: number }
  | { type: 'Long'; a: bigint; b: bigint }
  | { type: 'Double'; a: ApexDouble; b: ApexDouble }
  | { type: 'Decimal'; a: ApexDecimal; b: ApexDecimal };

/**
 * Binary numeric promotion. Apex ranks Integer < Long < Double < Decimal (Apex Developer Guide,
 * "Rules of Conversion"), and a mixed operator yields the higher type: Integer op Long is Long,
 * Integer or Long op Decimal is Decimal, Integer or Long op Double is Double, and Decimal op
 * Double is Decimal, the Double entering through Decimal.valueOf(Double). The guides say no more
 * than "if a Double is used, the result is a Double" ("Expression Operators"); the Decimal op
 * Double case follows the compiler's own table as apex-ls reproduces it
 * (apex-dev-tools/apex-ls, jvm/src/main/scala/com/nawforce/apexlink/cst/Operations.scala).
 */
export function promote(a: ApexNumber, b: ApexNumber): Promoted {
  const ta = numericType(a);
  const tb = numericType(b);
  const type = RANK[ta] >= RANK[tb] ? ta : tb;
  switch (type) {
    case 'Integer':
      return { type, a: a as number, b: b as number };
    case 'Long':
      return { type, a: toLong(a), b: toLong(b) };
    case 'Double':
      return { type, a: toDouble(a), b: toDouble(b) };
    case 'Decimal':
      return { type, a: toDecimal(a), b: toDecimal(b) };
  }
}

export type ArithmeticOperator = '+' | '-' | '*' | '/';

/**
 * `a op b` for any two numbers: promoted first, then Integer and Long wrap and divide truncating
 * (5 / 2 is 2; by zero MathException 'Divide by 0'), Doubles follow IEEE 754 as Java does (1.0d /
 * 0 is Infinity: unconfirmed on the platform), and Decimals keep their scales (5 / 2.0 is 2.5; see
 * ApexDecimal.divideOperator for `/`).
 */
export function arith(op: ArithmeticOperator, a: ApexNumber, b: ApexNumber): ApexNumber {
  const p = promote(a, b);
  switch (p.type) {
    case 'Integer':
      return op === '+'
        ? intAdd(p.a, p.b)
        : op === '-'
          ? intSub(p.a, p.b)
          : op === '*'
            ? intMul(p.a, p.b)
            : intDiv(p.a, p.b);
    case 'Long':
      return op === '+'
        ? longAdd(p.a, p.b)
        : op === '-'
          ? longSub(p.a, p.b)
          : op === '*'
            ? longMul(p.a, p.b)
            : longDiv(p.a, p.b);
    case 'Double': {
      const [x, y] = [p.a.value, p.b.value];
      return new ApexDouble(op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : x / y);
    }
    case 'Decimal':
      return op === '+'
        ? p.a.add(p.b)
        : op === '-'
          ? p.a.subtract(p.b)
          : op === '*'
            ? p.a.multiply(p.b)
            : p.a.divideOperator(p.b);
  }
}

/**
 * Numeric comparison for < <= > >= == != across types: negative, zero or positive, by value after
 * promotion (1 == 1L, 1 == 1.0 and 1.0 == 1.00 are true). NaN when a Double NaN is involved, so
 * that every comparison with it is false, as in Java. A Double NaN or infinity against a Decimal
 * compares as doubles, since it has no Decimal form.
 */
export function compare(a: ApexNumber, b: ApexNumber): number {
  if (a instanceof ApexDouble && b instanceof ApexDecimal && !Number.isFinite(a.value)) {
    return compareDoubles(a.value, b.doubleValue());
  }
  if (b instanceof ApexDouble && a instanceof ApexDecimal && !Number.isFinite(b.value)) {
    return compareDoubles(a.doubleValue(), b.value);
  }
  const p = promote(a, b);
  switch (p.type) {
    case 'Integer':
      return compareDoubles(p.a, p.b);
    case 'Long':
      return p.a < p.b ? -1 : p.a > p.b ? 1 : 0;
    case 'Double':
      return compareDoubles(p.a.value, p.b.value);
    case 'Decimal':
      return p.a.compareTo(p.b);
  }
}

function compareDoubles(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The runtime's names for compare and stringValueOf. */
export const compareNumbers = compare;
export const numberToString = stringValueOf;

/** `a == b` for two numbers (false when either is NaN). */
export const numericEquals = (a: ApexNumber, b: ApexNumber): boolean => compare(a, b) === 0;
