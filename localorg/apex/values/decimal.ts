/**
 * Apex Decimal: java.math.BigDecimal underneath (an unscaled integer and a scale, value =
 * unscaled × 10^-scale). Semantics follow the Apex Reference Guide, "Decimal Class", and where it
 * is silent, java.math.BigDecimal (Apex runs on the JVM; Salesforce's Rich Unger confirmed that
 * Decimal is BigDecimal: salesforce.stackexchange.com/questions/4125).
 */
import { ApexSystemError } from './errors.ts';

/** System.RoundingMode (Apex Reference Guide, "Decimal Class" > "Rounding Mode"). */
export type RoundingMode =
  'CEILING' | 'DOWN' | 'FLOOR' | 'HALF_DOWN' | 'HALF_EVEN' | 'HALF_UP' | 'UP' | 'UNNECESSARY';

export const ROUNDING_MODES: readonly RoundingMode[] = [
  'CEILING',
  'DOWN',
  'FLOOR',
  'HALF_DOWN',
  'HALF_EVEN',
  'HALF_UP',
  'UP',
  'UNNECESSARY',
];

/**
 * Significant digits of a `/` quotient that does not terminate. Apex documents no rule; a 2010
 * Apex test (force201.wordpress.com/2010/03/12/decimal-scale) asserts that 1.0 / 3.0, 1 / 3.0 and
 * Decimal.valueOf('1.0000') / Decimal.valueOf('3.00') all equal 0.333…3 with 33 threes, whatever
 * the operand scales: a precision, not a scale.
 */
export const DIVISION_PRECISION = 33;

/**
 * Rounding of that last digit. Unconfirmed: no public output tells HALF_UP from HALF_EVEN here;
 * HALF_EVEN is what the documented defaults (round(), setScale(scale)) use.
 */
export const DIVISION_ROUNDING: RoundingMode = 'HALF_EVEN';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

const divideByZero = (): ApexSystemError => new ApexSystemError('MathException', 'Divide by 0');

const pow10Cache: bigint[] = [];
function pow10(n: number): bigint {
  if (n < 64) return (pow10Cache[n] ??= 10n ** BigInt(n));
  return 10n ** BigInt(n);
}

const abs = (n: bigint): bigint => (n < 0n ? -n : n);

function digitCount(n: bigint): number {
  return n === 0n ? 1 : abs(n).toString().length;
}

/** n / d rounded to an integer by `mode` (d ≠ 0). */
function roundedQuotient(n: bigint, d: bigint, mode: RoundingMode): bigint {
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  const sign = n < 0n !== d < 0n ? -1n : 1n;
  const half = abs(2n * r) - abs(d); // < 0: below half, 0: exactly half, > 0: above half
  switch (mode) {
    case 'UP':
      return q + sign;
    case 'DOWN':
      return q;
    case 'CEILING':
      return sign > 0n ? q + 1n : q;
    case 'FLOOR':
      return sign < 0n ? q - 1n : q;
    case 'HALF_UP':
      return half >= 0n ? q + sign : q;
    case 'HALF_DOWN':
      return half > 0n ? q + sign : q;
    case 'HALF_EVEN':
      return half > 0n || (half === 0n && q % 2n !== 0n) ? q + sign : q;
    case 'UNNECESSARY':
      // java.math.BigDecimal's message.
      throw new ApexSystemError('MathException', 'Rounding necessary');
  }
}

function checkedScale(scale: number): number {
  // BigDecimal's scale is a Java int; it fails with "Underflow"/"Overflow" beyond it.
  if (scale > INT32_MAX) throw new ApexSystemError('MathException', 'Underflow');
  if (scale < INT32_MIN) throw new ApexSystemError('MathException', 'Overflow');
  return scale;
}

// new BigDecimal(String): optional sign, digits with an optional point, optional exponent.
const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** One set of separators for format(); see formatDigits. */
type NumberSymbols = { group: string; decimal: string };
const SYMBOLS: Record<string, NumberSymbols> = {
  en_US: { group: ',', decimal: '.' },
  de_DE: { group: '.', decimal: ',' },
};

/**
 * Locale separators for format(). Only en_US and de_DE are known here; every other locale falls
 * back to en_US.
 */
function symbolsFor(locale: string): NumberSymbols {
  return SYMBOLS[locale] ?? SYMBOLS.en_US;
}

/** Groups an integer digit string by thousands and joins the fraction (Java DecimalFormat). */
export function formatDigits(
  negative: boolean,
  integerDigits: string,
  fractionDigits: string,
  locale: string,
): string {
  const { group, decimal } = symbolsFor(locale);
  const grouped = integerDigits.replace(/\B(?=(\d{3})+$)/g, group);
  return (negative ? '-' : '') + grouped + (fractionDigits ? decimal + fractionDigits : '');
}

/**
 * Java's Double.toString (String.valueOf(Double) in Apex): the shortest decimal that reads back as
 * the same double, plain between 10^-3 and 10^7, else computerized scientific notation ("1.0E10",
 * "1.0E-4"), always with a digit after the point. The digit choice is JDK 19+'s (JDK-4511638);
 * older JDKs occasionally printed one digit more. Defined here because Decimal.valueOf(Double)
 * is defined through it; numbers.ts re-exports it.
 */
export function javaDoubleToString(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return 'Infinity';
  if (d === -Infinity) return '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const { digits, exponent } = shortestDigits(Math.abs(d));
  const sign = d < 0 ? '-' : '';
  const magnitude = Math.abs(d);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
    const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    return `${sign}${whole}.${digits.slice(exponent + 1) || '0'}`;
  }
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}E${exponent}`;
}

/** Shortest round-tripping significand digits (no trailing zeros) and decimal exponent of x > 0. */
function shortestDigits(x: number): { digits: string; exponent: number } {
  const parse = (text: string) => {
    const [mantissa, exp] = text.split('e');
    return { digits: mantissa.replace('.', '').replace(/0+$/, '') || '0', exponent: Number(exp) };
  };
  const shortest = parse(x.toExponential());
  // Java picks among decimals of length 1 or 2 the one closest to x when one digit suffices
  // (Double.toString(Double.MIN_VALUE) is "4.9E-324", not "5.0E-324").
  if (shortest.digits.length === 1) {
    const two = x.toExponential(1);
    if (Number(two) === x) return parse(two);
  }
  return shortest;
}

/** Immutable Apex Decimal (java.math.BigDecimal semantics). */
export class ApexDecimal {
  readonly unscaled: bigint;
  readonly #scale: number;

  constructor(unscaled: bigint, scale: number) {
    if (!Number.isInteger(scale)) throw new RangeError(`scale must be an integer: ${scale}`);
    this.unscaled = unscaled;
    this.#scale = checkedScale(scale);
  }

  static readonly ZERO = new ApexDecimal(0n, 0);
  static readonly ONE = new ApexDecimal(1n, 0);

  /**
   * Decimal.valueOf(String): "As in Java, the string is interpreted as representing a signed
   * Decimal" (Apex Reference Guide, Decimal.valueOf(stringToDecimal)), i.e. new BigDecimal(String):
   * '1', '-1.50', '+.5', '5.', '1e3' and '1.5E-2' parse, the scale is kept as written ('1.50' has
   * scale 2, '1e3' has scale -3); whitespace, '' and '.' do not. The message is unconfirmed
   * against the platform.
   */
  static fromString(text: string): ApexDecimal {
    const match = DECIMAL_TEXT.exec(text);
    const invalid = () => new ApexSystemError('TypeException', `Invalid decimal: ${text}`);
    if (!match) throw invalid();
    const [, sign, whole, fraction = '', exponent] = match;
    if (whole === '' && fraction === '') throw invalid();
    const scale = fraction.length - (exponent === undefined ? 0 : Number(exponent));
    if (!Number.isSafeInteger(scale) || scale > INT32_MAX || scale < INT32_MIN) throw invalid();
    const unscaled = BigInt(whole + fraction);
    return new ApexDecimal(sign === '-' ? -unscaled : unscaled, scale);
  }

  /**
   * A decimal literal as the Apex lexer hands it over ('1.10', '0.5', '3.'): the scale is the
   * number of digits after the point (Apex Developer Guide, "Primitive Data Types" > Decimal).
   */
  static fromLiteral(text: string): ApexDecimal {
    if (!/^(\d+\.\d*|\.\d+|\d+)$/.test(text)) throw new Error(`not a decimal literal: ${text}`);
    return ApexDecimal.fromString(text);
  }

  static fromInteger(n: number): ApexDecimal {
    return new ApexDecimal(BigInt(n), 0);
  }

  /** Decimal.valueOf(Long). */
  static fromLong(n: bigint): ApexDecimal {
    return new ApexDecimal(n, 0);
  }

  /**
   * Decimal.valueOf(Double): "If the Decimal is created from a non-decimal number, the number is
   * first converted to a String. Scale is then set using the number of characters after the
   * decimal point" (Apex Developer Guide, "Primitive Data Types" > Decimal), i.e. Java's
   * BigDecimal.valueOf(double): 0.1d gives 0.1, 1.0d gives 1.0 (scale 1), 1e10d gives 1.0E+10.
   * NaN and the infinities have no Decimal; the platform's message for them is unconfirmed.
   */
  static fromDouble(d: number): ApexDecimal {
    if (!Number.isFinite(d)) {
      throw new ApexSystemError('TypeException', `Invalid decimal: ${javaDoubleToString(d)}`);
    }
    return ApexDecimal.fromString(javaDoubleToString(d));
  }

  /** The exact binary value of a finite double, like Java's new BigDecimal(double). */
  static fromDoubleExact(d: number): ApexDecimal {
    if (!Number.isFinite(d)) throw new RangeError(`not a finite double: ${d}`);
    if (d === 0) return ApexDecimal.ZERO;
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, d);
    const bits = view.getBigUint64(0);
    const biased = Number((bits >> 52n) & 0x7ffn);
    let mantissa = bits & 0xfffffffffffffn;
    if (biased !== 0) mantissa |= 1n << 52n;
    let exponent = (biased === 0 ? 1 : biased) - 1075; // d = mantissa × 2^exponent
    while (exponent < 0 && (mantissa & 1n) === 0n) {
      mantissa >>= 1n; // as Java does, so that 0.1 has no trailing zero
      exponent++;
    }
    const signed = d < 0 ? -mantissa : mantissa;
    if (exponent >= 0) return new ApexDecimal(signed << BigInt(exponent), 0);
    // m × 2^-k = m × 5^k × 10^-k
    return new ApexDecimal(signed * 5n ** BigInt(-exponent), -exponent);
  }

  scale(): number {
    return this.#scale;
  }

  /** Number of digits of the unscaled value; 1 for zero (Decimal.precision(): 123.45 gives 5). */
  precision(): number {
    return digitCount(this.unscaled);
  }

  signum(): -1 | 0 | 1 {
    return this.unscaled === 0n ? 0 : this.unscaled < 0n ? -1 : 1;
  }

  /** This value with its unscaled integer rewritten at a larger scale (no rounding). */
  #unscaledAt(scale: number): bigint {
    return this.unscaled * pow10(scale - this.#scale);
  }

  /** Sum; the scale is the larger of the two, so 1.10 + 2.205 is 3.305 (BigDecimal.add). */
  add(other: ApexDecimal): ApexDecimal {
    const scale = Math.max(this.#scale, other.#scale);
    return new ApexDecimal(this.#unscaledAt(scale) + other.#unscaledAt(scale), scale);
  }

  subtract(other: ApexDecimal): ApexDecimal {
    const scale = Math.max(this.#scale, other.#scale);
    return new ApexDecimal(this.#unscaledAt(scale) - other.#unscaledAt(scale), scale);
  }

  /** Product; the scales add up: 1.10 * 2.5 is 2.750 (BigDecimal.multiply). */
  multiply(other: ApexDecimal): ApexDecimal {
    return new ApexDecimal(this.unscaled * other.unscaled, this.#scale + other.#scale);
  }

  /**
   * The `/` operator, as BigDecimal.divide(divisor, new MathContext(33, HALF_EVEN)) (see
   * DIVISION_PRECISION): a quotient that terminates within 33 digits is exact, at the scale
   * nearest to this.scale() - divisor.scale(), so 1.0 / 4.0 is 0.25 and 900.000000 / 100 is
   * 9.000000 (an SFSE example, questions/358005, prints -26.200000 only under this rule);
   * otherwise it has 33 significant digits: 1 / 3 is 0.333333333333333333333333333333333.
   * Division by zero: MathException 'Divide by 0'.
   */
  divideOperator(divisor: ApexDecimal): ApexDecimal {
    if (divisor.unscaled === 0n) throw divideByZero();
    const preferred = this.#scale - divisor.#scale;
    if (this.unscaled === 0n) {
      return new ApexDecimal(0n, Math.min(Math.max(preferred, INT32_MIN), INT32_MAX));
    }
    // The quotient has m or m + 1 digits before the point, m computed from the operands' lengths;
    // try the scale that gives DIVISION_PRECISION digits for m + 1, then one more for m.
    const m =
      digitCount(this.unscaled) - this.#scale - (digitCount(divisor.unscaled) - divisor.#scale);
    let scale = DIVISION_PRECISION - m - 1;
    const quotientAt = (s: number) => {
      const shift = s - preferred;
      const n = shift >= 0 ? this.unscaled * pow10(shift) : this.unscaled;
      const d = shift >= 0 ? divisor.unscaled : divisor.unscaled * pow10(-shift);
      return { n, d };
    };
    let { n, d } = quotientAt(scale);
    if (digitCount(n / d) < DIVISION_PRECISION) ({ n, d } = quotientAt(++scale));
    let q: bigint;
    if (n % d === 0n) {
      q = n / d;
      while (scale > preferred && q % 10n === 0n) {
        q /= 10n;
        scale--;
      }
    } else {
      q = roundedQuotient(n, d, DIVISION_ROUNDING);
      if (digitCount(q) > DIVISION_PRECISION) {
        q /= 10n; // rounded up to 10^precision: drop the trailing zero
        scale--;
      }
    }
    return new ApexDecimal(q, scale);
  }

  /**
   * Decimal.divide(divisor, scale[, roundingMode]): the quotient at exactly `scale` decimal places
   * (19.divide(100, 3) is 0.190). Without a mode it rounds HALF_EVEN, like the documented default
   * of setScale(scale) and round() (the Apex Reference Guide names no mode here: unconfirmed).
   * Division by zero: MathException 'Divide by 0' (message assumed the same as for `/`).
   */
  divide(
    divisor: ApexDecimal,
    scale: number,
    roundingMode: RoundingMode = 'HALF_EVEN',
  ): ApexDecimal {
    if (divisor.unscaled === 0n) throw divideByZero();
    // this / divisor × 10^scale = this.unscaled × 10^(scale - this.scale + divisor.scale) / divisor.unscaled
    const shift = scale - this.#scale + divisor.#scale;
    const n = shift >= 0 ? this.unscaled * pow10(shift) : this.unscaled;
    const d = shift >= 0 ? divisor.unscaled : divisor.unscaled * pow10(-shift);
    return new ApexDecimal(roundedQuotient(n, d, roundingMode), scale);
  }

  negate(): ApexDecimal {
    return new ApexDecimal(-this.unscaled, this.#scale);
  }

  abs(): ApexDecimal {
    return this.unscaled < 0n ? this.negate() : this;
  }

  /**
   * Decimal.pow(exponent): "The value of exponent must be between 0 and 32,767"; pow(0) is 1. The
   * result scale is scale × exponent (BigDecimal.pow). The error outside that range is
   * unconfirmed; this raises BigDecimal's ArithmeticException message as a MathException.
   */
  pow(exponent: number): ApexDecimal {
    if (!Number.isInteger(exponent) || exponent < 0 || exponent > 32767) {
      throw new ApexSystemError('MathException', 'Invalid operation');
    }
    return new ApexDecimal(this.unscaled ** BigInt(exponent), this.#scale * exponent);
  }

  /** -1, 0 or 1 by value, ignoring scale (BigDecimal.compareTo). */
  compareTo(other: ApexDecimal): -1 | 0 | 1 {
    const scale = Math.max(this.#scale, other.#scale);
    const a = this.#unscaledAt(scale);
    const b = other.#unscaledAt(scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /**
   * Apex `==` on numbers compares values (Apex Developer Guide, "Expression Operators": == is
   * value equality for primitives), so 1.0 == 1.00 is true. Unlike BigDecimal.equals.
   */
  equals(other: ApexDecimal): boolean {
    return this.compareTo(other) === 0;
  }

  /**
   * Key for Set<Decimal> and Map<Decimal, …>: the unscaled value and the scale, so 1.0 and 1.00 are
   * two keys. The Apex Reference Guide ("Decimal Class" > Usage) warns that "two Decimal objects
   * that are numerically equivalent but differ in scale (such as 1.1 and 1.10) generally do not
   * have the same hashcode", i.e. BigDecimal.hashCode: Set<Decimal>{1.0, 1.00} has two elements.
   */
  hashKey(): string {
    return `${this.unscaled}e${-this.#scale}`;
  }

  /**
   * Decimal.setScale(scale[, roundingMode]). Without a mode it rounds "using half-even rounding,
   * if necessary" (Apex Reference Guide, setScale(scale)); it never throws for lost digits.
   */
  setScale(newScale: number, roundingMode: RoundingMode = 'HALF_EVEN'): ApexDecimal {
    if (!Number.isInteger(newScale)) throw new RangeError(`scale must be an integer: ${newScale}`);
    if (newScale >= this.#scale) return new ApexDecimal(this.#unscaledAt(newScale), newScale);
    const divisor = pow10(this.#scale - newScale);
    return new ApexDecimal(roundedQuotient(this.unscaled, divisor, roundingMode), newScale);
  }

  /**
   * Decimal.round([roundingMode]) returns a Long: rounded to zero decimal places, by default
   * "using half-even rounding mode" (Apex Reference Guide, round()). A value beyond 64 bits keeps
   * its low 64 bits (BigDecimal.longValue).
   */
  round(roundingMode: RoundingMode = 'HALF_EVEN'): bigint {
    return BigInt.asIntN(64, this.setScale(0, roundingMode).unscaled);
  }

  #truncated(): bigint {
    return this.#scale <= 0 ? this.#unscaledAt(0) : this.unscaled / pow10(this.#scale);
  }

  /** Decimal.intValue(): drops the fraction (1.602176565 gives 1), then keeps the low 32 bits like BigDecimal.intValue. */
  intValue(): number {
    return Number(BigInt.asIntN(32, this.#truncated()));
  }

  /** Decimal.longValue(): drops the fraction, then keeps the low 64 bits (BigDecimal.longValue). */
  longValue(): bigint {
    return BigInt.asIntN(64, this.#truncated());
  }

  /** Decimal.doubleValue(): the nearest double (Infinity beyond Double's range, as in Java). */
  doubleValue(): number {
    return Number(this.toString());
  }

  /** Numerically equal, trailing zeros removed; zero becomes 0 (BigDecimal, Java 8 and later). */
  stripTrailingZeros(): ApexDecimal {
    if (this.unscaled === 0n) return ApexDecimal.ZERO;
    let unscaled = this.unscaled;
    let scale = this.#scale;
    while (unscaled % 10n === 0n) {
      unscaled /= 10n;
      scale--;
    }
    return new ApexDecimal(unscaled, scale);
  }

  /**
   * String.valueOf(Decimal) and string concatenation: BigDecimal.toString, which switches to
   * scientific notation when the scale is negative or the exponent is below -6. The platform
   * prints 0E-32 for a zero of scale 32 (xgeek.net, "A bug caused by Decimal without SetScale").
   */
  toString(): string {
    const sign = this.unscaled < 0n ? '-' : '';
    const coefficient = abs(this.unscaled).toString();
    const scale = this.#scale;
    if (scale === 0) return sign + coefficient;
    const adjusted = coefficient.length - 1 - scale;
    if (scale > 0 && adjusted >= -6) return sign + withPoint(coefficient, scale);
    const mantissa =
      coefficient.length > 1 ? `${coefficient[0]}.${coefficient.slice(1)}` : coefficient;
    return `${sign}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
  }

  /** Decimal.toPlainString(): no exponent (BigDecimal.toPlainString; a zero of negative scale is "0"). */
  toPlainString(): string {
    const sign = this.unscaled < 0n ? '-' : '';
    const coefficient = abs(this.unscaled).toString();
    const scale = this.#scale;
    if (scale === 0) return sign + coefficient;
    if (scale < 0) return this.unscaled === 0n ? '0' : sign + coefficient + '0'.repeat(-scale);
    return sign + withPoint(coefficient, scale);
  }

  /**
   * Decimal.format(): the user's locale's number format, which is Java's NumberFormat default:
   * grouping, at most 3 fraction digits rounded HALF_EVEN, no trailing zeros ('12,345.679' for
   * 12345.6789 in en_US: Apex Reference Guide, format()). The locale is passed in; en_US and
   * de_DE are known, others use en_US. A negative value that rounds to zero keeps its sign, as
   * Java's DecimalFormat prints "-0".
   */
  format(locale = 'en_US'): string {
    const rounded = this.#scale > 3 ? this.setScale(3, 'HALF_EVEN') : this;
    const [integerDigits, fraction = ''] = rounded.abs().toPlainString().split('.');
    return formatDigits(this.unscaled < 0n, integerDigits, fraction.replace(/0+$/, ''), locale);
  }
}

/** Digits of a non-negative coefficient with a point `scale` (> 0) places from the right. */
function withPoint(coefficient: string, scale: number): string {
  if (coefficient.length > scale) {
    const point = coefficient.length - scale;
    return `${coefficient.slice(0, point)}.${coefficient.slice(point)}`;
  }
  return `0.${'0'.repeat(scale - coefficient.length)}${coefficient}`;
}
