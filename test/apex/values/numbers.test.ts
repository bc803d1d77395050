/**
 * Apex Integer, Long and Double (localorg/apex/values/numbers.ts): wrapping arithmetic, division
 * and Math.mod, shifts, conversions, parsing, string forms, format(), and the mixed-type operators.
 * Each test names the documentation (or Java rule) it follows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApexDecimal } from '../../../localorg/apex/values/decimal.ts';
import { ApexSystemError } from '../../../localorg/apex/values/errors.ts';
import {
  ApexDouble,
  arith,
  compare,
  doubleToInteger,
  doubleToLong,
  formatDouble,
  formatInteger,
  formatLong,
  intAdd,
  intDiv,
  intMod,
  intMul,
  intNegate,
  intShl,
  intShr,
  intSub,
  intUshr,
  longAdd,
  longDiv,
  longMod,
  longMul,
  longShl,
  longShr,
  longToInteger,
  longUshr,
  numericEquals,
  numericType,
  parseDouble,
  parseInteger,
  parseLong,
  promote,
  stringValueOf,
  toDecimal,
  toInteger,
  toLong,
  type ApexNumber,
} from '../../../localorg/apex/values/numbers.ts';

const dec = (text: string): ApexDecimal => ApexDecimal.fromString(text);
const dbl = (value: number): ApexDouble => new ApexDouble(value);
const MIN = -2147483648;
const MAX = 2147483647;
const LMIN = -9223372036854775808n;
const LMAX = 9223372036854775807n;

function assertApexError(run: () => unknown, typeName: string, message: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ApexSystemError, `expected ApexSystemError, got ${String(error)}`);
    assert.equal(error.typeName, typeName);
    assert.equal(error.message, message);
    return true;
  });
}

/** The Apex type and printed form of a result. */
const shown = (value: ApexNumber): string => `${numericType(value)} ${stringValueOf(value)}`;

describe('Integer', () => {
  // Apex Developer Guide, Rules of Conversion > Overflow: "Integer i = 2147483647 + 1" is
  // -2147483648; the other operators wrap like Java int.
  it('arithmetic wraps at 32 bits', () => {
    assert.equal(intAdd(MAX, 1), MIN);
    assert.equal(intSub(MIN, 1), MAX);
    assert.equal(intMul(65536, 65536), 0);
    assert.equal(intMul(MAX, 2), -2);
    assert.equal(intNegate(MIN), MIN);
    // "Long MillsPerYear = 365 * 24 * 60 * 60 * 1000" overflows in Integer arithmetic.
    assert.equal(intMul(intMul(intMul(intMul(365, 24), 60), 60), 1000), 1471228928);
  });

  // Integer division truncates toward zero (5 / 2 is 2); by zero "System.MathException: Divide
  // by 0"; MIN_VALUE / -1 wraps as in Java.
  it('division truncates toward zero and refuses zero', () => {
    assert.equal(intDiv(5, 2), 2);
    assert.equal(intDiv(-7, 2), -3);
    assert.equal(intDiv(7, -2), -3);
    assert.ok(Object.is(intDiv(-1, 5), 0), 'no negative zero');
    assert.equal(intDiv(MIN, -1), MIN);
    assertApexError(() => intDiv(1, 0), 'MathException', 'Divide by 0');
  });

  // Math.mod: "Returns the remainder of integerValue1 divided by integerValue2" (Math.mod(8, 3)
  // is 2); the sign follows the dividend, as Java's %.
  it('Math.mod takes the sign of the dividend', () => {
    assert.equal(intMod(8, 3), 2);
    assert.equal(intMod(-7, 3), -1);
    assert.equal(intMod(7, -3), 1);
    assert.ok(Object.is(intMod(-6, 3), 0), 'no negative zero');
    assert.equal(intMod(MIN, -1), 0);
    assertApexError(() => intMod(5, 0), 'MathException', 'Divide by 0');
  });

  // Apex Developer Guide, Expression Operators: << >> >>> shift by y bits; the distance is taken
  // modulo 32 as in Java.
  it('shifts follow Java', () => {
    assert.equal(intShl(1, 31), MIN);
    assert.equal(intShl(1, 32), 1);
    assert.equal(intShl(1, 33n), 2);
    assert.equal(intShr(-16, 2), -4);
    assert.equal(intUshr(-16, 28), 15);
    assert.equal(intUshr(-1, 0), -1);
    assert.equal(intUshr(MIN, 31), 1);
  });

  // Integer.valueOf(String) as Java's Integer.parseInt; TypeException 'Invalid integer: <text>'.
  it('valueOf(String) accepts a sign and digits only, within range', () => {
    assert.equal(parseInteger('42'), 42);
    assert.equal(parseInteger('+5'), 5);
    assert.equal(parseInteger('-2147483648'), MIN);
    assert.ok(Object.is(parseInteger('-0'), 0));
    for (const text of ['abc', '', ' 5', '5 ', '2147483648', '1.0', '1e3', '0x1F', '5L']) {
      assertApexError(() => parseInteger(text), 'TypeException', `Invalid integer: ${text}`);
    }
  });

  // Integer.format(): the user's locale's grouping.
  it('format() groups digits for the locale', () => {
    assert.equal(formatInteger(22), '22');
    assert.equal(formatInteger(1234567), '1,234,567');
    assert.equal(formatInteger(-1234567, 'de_DE'), '-1.234.567');
    assert.equal(formatInteger(MIN), '-2,147,483,648');
  });
});

describe('Long', () => {
  it('arithmetic wraps at 64 bits', () => {
    assert.equal(longAdd(LMAX, 1n), LMIN);
    assert.equal(longMul(LMAX, 2n), -2n);
    assert.equal(longDiv(LMIN, -1n), LMIN);
    assert.equal(longDiv(-7n, 2n), -3n);
    assertApexError(() => longDiv(1n, 0n), 'MathException', 'Divide by 0');
  });

  it('Math.mod(Long, Long) takes the sign of the dividend', () => {
    assert.equal(longMod(-7n, 3n), -1n);
    assert.equal(longMod(LMIN, -1n), 0n);
    assertApexError(() => longMod(1n, 0n), 'MathException', 'Divide by 0');
  });

  it('shifts follow Java (distance modulo 64)', () => {
    assert.equal(longShl(1n, 63), LMIN);
    assert.equal(longShl(1n, 64), 1n);
    assert.equal(longShr(-16n, 2), -4n);
    assert.equal(longUshr(-1n, 60), 15n);
    assert.equal(longUshr(-1n, 0), -1n);
  });

  // Long.valueOf(String) as Java's Long.parseLong; TypeException 'Invalid long: <text>'.
  it('valueOf(String)', () => {
    assert.equal(parseLong('-9223372036854775808'), LMIN);
    assert.equal(parseLong('+12'), 12n);
    for (const text of ['9223372036854775808', '12L', '1.5', ' 1', 'x']) {
      assertApexError(() => parseLong(text), 'TypeException', `Invalid long: ${text}`);
    }
  });

  it('format() groups digits for the locale', () => {
    assert.equal(formatLong(LMAX), '9,223,372,036,854,775,807');
    assert.equal(formatLong(-1234n, 'de_DE'), '-1.234');
  });
});

describe('conversions', () => {
  // Long.intValue(): the low 32 bits, like Java's (int) cast.
  it('Long to Integer wraps', () => {
    assert.equal(longToInteger(2147483648n), MIN);
    assert.equal(longToInteger(4294967297n), 1);
    assert.equal(longToInteger(-1n), -1);
  });

  // Double.intValue() / longValue(): Java's (int) and (long): truncate, saturate, NaN is 0.
  it('Double to Integer and Long truncates and saturates', () => {
    assert.equal(doubleToInteger(2.9), 2);
    assert.equal(doubleToInteger(-2.9), -2);
    assert.equal(doubleToInteger(1e10), MAX);
    assert.equal(doubleToInteger(-1e10), MIN);
    assert.equal(doubleToInteger(NaN), 0);
    assert.ok(Object.is(doubleToInteger(-0.5), 0));
    assert.equal(doubleToLong(1e19), LMAX);
    assert.equal(doubleToLong(-Infinity), LMIN);
    assert.equal(doubleToLong(-123.9), -123n);
  });

  it("toInteger and toLong use each type's intValue()/longValue()", () => {
    assert.equal(toInteger(dec('-3.99')), -3);
    assert.equal(toInteger(dbl(7.5)), 7);
    assert.equal(toInteger(5000000000n), 705032704);
    assert.equal(toLong(dec('12345678901.9')), 12345678901n);
    assert.equal(toLong(-5), -5n);
  });

  it('toDecimal: Integer and Long at scale 0, Double through its string form', () => {
    assert.equal(toDecimal(5).toString(), '5');
    assert.equal(toDecimal(dbl(0.1)).toString(), '0.1');
    assert.equal(toDecimal(dbl(2)).toString(), '2.0');
  });
});

describe('Double', () => {
  // Double.valueOf(String): "As in Java, the String is interpreted as representing a signed
  // decimal" (Java's Double.valueOf trims whitespace); TypeException 'Invalid double: <text>'.
  it('valueOf(String)', () => {
    assert.equal(parseDouble('1.5').value, 1.5);
    assert.equal(parseDouble(' 1e3 ').value, 1000);
    assert.equal(parseDouble('-.5').value, -0.5);
    assert.equal(parseDouble('5.').value, 5);
    assert.equal(parseDouble('2.5d').value, 2.5);
    assert.equal(parseDouble('-2.347774E-10').value, -2.347774e-10);
    assert.ok(Number.isNaN(parseDouble('NaN').value));
    assert.equal(parseDouble('-Infinity').value, -Infinity);
    for (const text of ['abc', '', '1,5', '1e', 'infinity', '1.2.3', '0x1p3']) {
      assertApexError(() => parseDouble(text), 'TypeException', `Invalid double: ${text}`);
    }
  });

  // String.valueOf(Double) is Java's Double.toString.
  it('prints like Java', () => {
    assert.equal(stringValueOf(dbl(1)), '1.0');
    assert.equal(stringValueOf(dbl(1e10)), '1.0E10');
    assert.equal(stringValueOf(dbl(0.001)), '0.001');
    assert.equal(stringValueOf(dbl(1e-4)), '1.0E-4');
    assert.equal(String(dbl(5 / 3)), '1.6666666666666667');
    assert.equal(`${dbl(-0.5)}`, '-0.5');
  });

  // Double.format(): Java's NumberFormat (example in the guide: 1261992 gives '1,261,992');
  // HALF_EVEN on the exact binary value (0.0005 is slightly above a half-thousandth).
  it('format() follows the locale', () => {
    assert.equal(formatDouble(1261992), '1,261,992');
    assert.equal(formatDouble(1234.5678), '1,234.568');
    assert.equal(formatDouble(1234.5678, 'de_DE'), '1.234,568');
    assert.equal(formatDouble(0.0005), '0.001');
    assert.equal(formatDouble(0.125), '0.125');
    assert.equal(formatDouble(0.0625), '0.062');
    assert.equal(formatDouble(-2), '-2');
    assert.equal(formatDouble(NaN), 'NaN');
    assert.equal(formatDouble(-Infinity), '-∞');
  });
});

describe('String.valueOf', () => {
  it('prints each number type', () => {
    assert.equal(stringValueOf(5), '5');
    assert.equal(stringValueOf(-5n), '-5');
    assert.equal(stringValueOf(dbl(2)), '2.0');
    assert.equal(stringValueOf(dec('1.50')), '1.50');
    assert.equal(stringValueOf(dec('0.0000001')), '1E-7');
  });
});

describe('mixed arithmetic', () => {
  // Rules of Conversion: Integer < Long < Double < Decimal; Decimal op Double is Decimal
  // (apex-ls Operations.scala, the compiler's table).
  it('promote widens to the higher type', () => {
    const cases: [ApexNumber, ApexNumber, string][] = [
      [1, 2, 'Integer'],
      [1, 2n, 'Long'],
      [2n, 1, 'Long'],
      [1, dbl(2), 'Double'],
      [1n, dbl(2), 'Double'],
      [1, dec('2'), 'Decimal'],
      [1n, dec('2'), 'Decimal'],
      [dbl(0.1), dec('2'), 'Decimal'],
      [dec('2'), dbl(0.1), 'Decimal'],
    ];
    for (const [a, b, type] of cases) {
      const p = promote(a, b);
      assert.equal(p.type, type);
      assert.equal(numericType(p.a), type);
      assert.equal(numericType(p.b), type);
    }
    const p = promote(dbl(0.1), dec('2.00'));
    assert.equal(p.type === 'Decimal' && p.a.toString(), '0.1');
  });

  // Apex Developer Guide, Expression Operators; Integer division truncates before any widening.
  it('arith returns the Apex type and value', () => {
    assert.equal(shown(arith('/', 5, 2)), 'Integer 2');
    assert.equal(shown(arith('+', MAX, 1)), 'Integer -2147483648');
    assert.equal(shown(arith('+', MAX, 1n)), 'Long 2147483648');
    assert.equal(shown(arith('*', 3, dbl(0.5))), 'Double 1.5');
    assert.equal(shown(arith('/', 5, dec('2.0'))), 'Decimal 2.5');
    assert.equal(shown(arith('/', 1, dec('3'))), 'Decimal 0.' + '3'.repeat(33));
    assert.equal(shown(arith('-', dec('1.10'), dec('2.205'))), 'Decimal -1.105');
    assert.equal(shown(arith('+', dec('1.10'), dbl(0.1))), 'Decimal 1.20');
    assert.equal(shown(arith('-', dbl(0.3), dbl(0.1))), 'Double 0.19999999999999998');
    assert.equal(shown(arith('/', dbl(1), 0)), 'Double Infinity');
    assertApexError(() => arith('/', 1n, 0), 'MathException', 'Divide by 0');
    assertApexError(() => arith('/', dec('1'), 0), 'MathException', 'Divide by 0');
  });

  // SFSE 358005: this expression prints -26.200000 on the platform.
  it('reproduces a platform result of mixed Decimal arithmetic', () => {
    const part = arith('/', arith('*', dec('10.0000'), arith('-', 100, dec('10.00'))), 100);
    const share = arith('*', arith('/', dec('20.00'), 100), dec('116.00'));
    let total: ApexNumber = arith('-', dec('116.00'), dec('80.00'));
    for (const term of [part, dec('10.00'), dec('20.0000'), share]) total = arith('-', total, term);
    assert.equal(shown(total), 'Decimal -26.200000');
  });

  it('compare orders across types by value; NaN is unordered', () => {
    assert.equal(compare(1, 1n), 0);
    assert.equal(compare(1, dec('1.00')), 0);
    assert.equal(compare(dec('1.0'), dec('1.00')), 0);
    assert.ok(compare(2, dbl(2.5)) < 0);
    assert.ok(compare(LMAX, MAX) > 0);
    assert.ok(compare(dec('0.1'), dbl(0.1)) === 0); // 0.1d enters as Decimal 0.1
    assert.ok(compare(dec('1E+400'), dbl(Infinity)) === 0);
    assert.ok(compare(dec('5'), dbl(-Infinity)) > 0);
    const nan = compare(dbl(NaN), 1);
    assert.ok(!(nan < 0) && !(nan > 0) && nan !== 0);
    assert.equal(numericEquals(dbl(NaN), dbl(NaN)), false);
    assert.equal(numericEquals(1, dbl(1)), true);
  });
});
