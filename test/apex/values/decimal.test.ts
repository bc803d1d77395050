/**
 * Apex Decimal (localorg/apex/values/decimal.ts): construction and scale, arithmetic, the `/`
 * operator's precision, rounding modes, equality and keys, conversions, string forms and format().
 * Each test names the documentation (or Java rule) it follows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ApexDecimal,
  javaDoubleToString,
  type RoundingMode,
} from '../../../localorg/apex/values/decimal.ts';
import { ApexSystemError } from '../../../localorg/apex/values/errors.ts';

const dec = (text: string): ApexDecimal => ApexDecimal.fromString(text);

/** Asserts that `run` throws the Apex exception `typeName` with exactly `message`. */
function assertApexError(run: () => unknown, typeName: string, message: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ApexSystemError, `expected ApexSystemError, got ${String(error)}`);
    assert.equal(error.typeName, typeName);
    assert.equal(error.message, message);
    return true;
  });
}

describe('Decimal construction', () => {
  // Apex Reference Guide, Decimal.valueOf(String): "As in Java, the string is interpreted as
  // representing a signed Decimal" (new BigDecimal(String)); Apex Developer Guide, Primitive Data
  // Types > Decimal: "the scale is the number of characters after the decimal point".
  it('valueOf(String) keeps the scale as written', () => {
    const cases: [string, string, number][] = [
      ['1', '1', 0],
      ['-1.50', '-1.50', 2],
      ['+.5', '0.5', 1],
      ['5.', '5', 0],
      ['1.10', '1.10', 2],
      ['1e3', '1E+3', -3],
      ['1.5E-2', '0.015', 3],
      ['0.000', '0.000', 3],
    ];
    for (const [text, printed, scale] of cases) {
      const value = dec(text);
      assert.equal(value.toString(), printed, text);
      assert.equal(value.scale(), scale, text);
    }
  });

  // Java's BigDecimal(String) rejects whitespace, an empty significand and other text; Apex
  // raises TypeException 'Invalid decimal: <text>'.
  it('valueOf(String) refuses what BigDecimal refuses, with the exact message', () => {
    for (const text of ['abc', '', '.', ' 1', '1 ', '1,5', '1e', '--1', '0x10', '1.2.3']) {
      assertApexError(() => dec(text), 'TypeException', `Invalid decimal: ${text}`);
    }
  });

  // A literal such as 1.10 keeps its two decimal places (Primitive Data Types > Decimal).
  it('a decimal literal from the lexer has the scale of its digits after the point', () => {
    assert.equal(ApexDecimal.fromLiteral('1.10').scale(), 2);
    assert.equal(ApexDecimal.fromLiteral('1.10').toString(), '1.10');
    assert.throws(() => ApexDecimal.fromLiteral('1e3'));
  });

  // Primitive Data Types > Decimal: "If the Decimal is created from a non-decimal number, the
  // number is first converted to a String" (Java's BigDecimal.valueOf(double)).
  it("valueOf(Double) goes through the double's string form", () => {
    assert.equal(ApexDecimal.fromDouble(0.1).toString(), '0.1');
    assert.equal(ApexDecimal.fromDouble(1).toString(), '1.0');
    assert.equal(ApexDecimal.fromDouble(1).scale(), 1);
    assert.equal(ApexDecimal.fromDouble(1e10).toString(), '1.0E+10');
    assert.equal(ApexDecimal.fromDouble(-2.5).toString(), '-2.5');
    assertApexError(() => ApexDecimal.fromDouble(NaN), 'TypeException', 'Invalid decimal: NaN');
  });

  it('valueOf(Integer) and valueOf(Long) have scale 0', () => {
    assert.equal(ApexDecimal.fromInteger(-42).toString(), '-42');
    assert.equal(ApexDecimal.fromInteger(-42).scale(), 0);
    assert.equal(ApexDecimal.fromLong(9223372036854775807n).toString(), '9223372036854775807');
  });

  // Java's new BigDecimal(double): the exact binary value, used for Double.format().
  it('the exact binary value of a double', () => {
    assert.equal(
      ApexDecimal.fromDoubleExact(0.1).toPlainString(),
      '0.1000000000000000055511151231257827021181583404541015625',
    );
    assert.equal(ApexDecimal.fromDoubleExact(1024).toString(), '1024');
  });
});

describe('Decimal arithmetic', () => {
  // BigDecimal.add/subtract: the larger scale; multiply: the sum of the scales.
  it('add, subtract and multiply keep the scales', () => {
    assert.equal(dec('1.10').add(dec('2.205')).toString(), '3.305');
    assert.equal(dec('1.10').add(dec('2.90')).toString(), '4.00');
    assert.equal(dec('1.10').subtract(dec('2.205')).toString(), '-1.105');
    assert.equal(dec('1.10').multiply(dec('2.5')).toString(), '2.750');
    assert.equal(dec('-0.5').multiply(dec('0.5')).toString(), '-0.25');
  });

  // The `/` operator: a terminating quotient is exact at the scale nearest this.scale() -
  // divisor.scale() (force201.wordpress.com/2010/03/12/decimal-scale: 1.0 / 4.0 == 0.25;
  // SFSE 358005 prints -26.200000, which needs 900.000000 / 100 == 9.000000).
  it('/ is exact when the quotient terminates, at the preferred scale', () => {
    assert.equal(dec('1.0').divideOperator(dec('4.0')).toString(), '0.25');
    assert.equal(dec('900.000000').divideOperator(dec('100')).toString(), '9.000000');
    assert.equal(dec('20.00').divideOperator(dec('100')).toString(), '0.20');
    assert.equal(dec('5').divideOperator(dec('2.0')).toString(), '2.5');
    assert.equal(dec('0.00').divideOperator(dec('3')).toString(), '0.00');
    assert.equal(dec('2.10').divideOperator(dec('2.0')).toString(), '1.05');
  });

  // force201 (above): 1.0 / 3.0, 1 / 3.0 and '1.0000' / '3.00' all equal 0.333… with 33 threes,
  // whatever the operand scales: 33 significant digits.
  it('/ rounds a non-terminating quotient to 33 significant digits', () => {
    const third = '0.' + '3'.repeat(33);
    assert.equal(dec('1').divideOperator(dec('3')).toString(), third);
    assert.equal(dec('1.0000').divideOperator(dec('3.00')).toString(), third);
    assert.equal(dec('1.00').divideOperator(dec('3.0000')).toString(), third);
    assert.equal(dec('2').divideOperator(dec('3')).toString(), '0.' + '6'.repeat(32) + '7');
    assert.equal(dec('10').divideOperator(dec('3')).toString(), '3.' + '3'.repeat(32));
    assert.equal(dec('-1').divideOperator(dec('30')).toString(), '-0.0' + '3'.repeat(33));
    assert.equal(dec('1').divideOperator(dec('3')).precision(), 33);
  });

  // "System.MathException: Divide by 0".
  it('division by zero is MathException Divide by 0', () => {
    assertApexError(() => dec('1').divideOperator(dec('0.00')), 'MathException', 'Divide by 0');
    assertApexError(() => dec('0').divideOperator(dec('0')), 'MathException', 'Divide by 0');
    assertApexError(() => dec('1').divide(dec('0'), 2), 'MathException', 'Divide by 0');
  });

  // Apex Reference Guide, divide(divisor, scale): 19.divide(100, 3) == 0.190;
  // divide(divisor, scale, roundingMode): 12.4567.divide(7, 2, UP) == 1.78.
  it('divide(divisor, scale[, roundingMode]) sets the scale of the quotient', () => {
    const result = ApexDecimal.fromInteger(19).divide(ApexDecimal.fromInteger(100), 3);
    assert.equal(result.toString(), '0.190');
    assert.equal(result.scale(), 3);
    assert.equal(dec('12.4567').divide(ApexDecimal.fromInteger(7), 2, 'UP').toString(), '1.78');
    assert.equal(dec('12.4567').divide(ApexDecimal.fromInteger(7), 2).toString(), '1.78');
    assert.equal(dec('5').divide(dec('3'), 30).toString(), '1.' + '6'.repeat(29) + '7');
    assert.equal(dec('1').divide(dec('8'), 2).toString(), '0.12'); // 0.125, HALF_EVEN
    assert.equal(dec('1').divide(dec('8'), 2, 'HALF_UP').toString(), '0.13');
    assertApexError(
      () => dec('1').divide(dec('3'), 2, 'UNNECESSARY'),
      'MathException',
      'Rounding necessary',
    );
  });

  it('negate and abs keep the scale', () => {
    assert.equal(dec('1.50').negate().toString(), '-1.50');
    assert.equal(dec('-6.02214129').abs().toString(), '6.02214129');
  });

  // Apex Reference Guide, pow(exponent): 4.12.pow(2) == 16.9744; pow(0) is 1; the exponent must
  // be between 0 and 32,767.
  it('pow multiplies the scale and checks the exponent range', () => {
    assert.equal(dec('4.12').pow(2).toString(), '16.9744');
    assert.equal(dec('4.12').pow(0).toString(), '1');
    assert.equal(dec('-1.5').pow(3).toString(), '-3.375');
    assert.throws(() => dec('2').pow(-1), ApexSystemError);
    assert.throws(() => dec('2').pow(32768), ApexSystemError);
  });
});

describe('Decimal rounding', () => {
  // Apex Reference Guide, Decimal Class > Rounding Mode: the documented inputs 5.5, 1.1, -1.1,
  // -2.7 and their results, plus .5 cases on both sides of zero.
  const table: Record<Exclude<RoundingMode, 'UNNECESSARY'>, [string, number][]> = {
    CEILING: [
      ['5.5', 6],
      ['1.1', 2],
      ['-1.1', -1],
      ['-2.7', -2],
      ['-2.5', -2],
    ],
    DOWN: [
      ['5.5', 5],
      ['1.1', 1],
      ['-1.1', -1],
      ['-2.7', -2],
      ['-2.5', -2],
    ],
    FLOOR: [
      ['5.5', 5],
      ['1.1', 1],
      ['-1.1', -2],
      ['-2.7', -3],
      ['-2.5', -3],
    ],
    HALF_DOWN: [
      ['5.5', 5],
      ['1.1', 1],
      ['-1.1', -1],
      ['-2.7', -3],
      ['-2.5', -2],
      ['-5.5', -5],
    ],
    HALF_EVEN: [
      ['5.5', 6],
      ['2.5', 2],
      ['1.1', 1],
      ['-1.1', -1],
      ['-2.7', -3],
      ['-2.5', -2],
      ['-5.5', -6],
    ],
    HALF_UP: [
      ['5.5', 6],
      ['2.5', 3],
      ['1.1', 1],
      ['-1.1', -1],
      ['-2.7', -3],
      ['-2.5', -3],
    ],
    UP: [
      ['5.5', 6],
      ['1.1', 2],
      ['-1.1', -2],
      ['-2.7', -3],
      ['-2.5', -3],
    ],
  };
  for (const [mode, cases] of Object.entries(table)) {
    it(`round(${mode}) on positive, negative and .5 values`, () => {
      for (const [input, expected] of cases) {
        assert.equal(dec(input).round(mode as RoundingMode), BigInt(expected), `${input} ${mode}`);
      }
    });
  }

  // UNNECESSARY: "asserts that the requested operation has an exact result"; java.math's message.
  it('UNNECESSARY throws only when rounding is needed', () => {
    assert.equal(dec('5.0').round('UNNECESSARY'), 5n);
    assertApexError(() => dec('5.5').round('UNNECESSARY'), 'MathException', 'Rounding necessary');
    assertApexError(
      () => dec('1.25').setScale(1, 'UNNECESSARY'),
      'MathException',
      'Rounding necessary',
    );
  });

  // Apex Reference Guide, round(): "rounded to zero decimal places using half-even rounding mode".
  it('round() without a mode is HALF_EVEN and returns a Long', () => {
    assert.equal(dec('2.5').round(), 2n);
    assert.equal(dec('3.5').round(), 4n);
    assert.equal(dec('-2.5').round(), -2n);
    assert.equal(dec('-2.51').round(), -3n);
  });

  // Apex Reference Guide, setScale(scale): "using half-even rounding, if necessary"; it does not
  // throw when digits are lost. setScale(scale, roundingMode) uses the given mode.
  it('setScale rounds HALF_EVEN by default and pads with zeros', () => {
    assert.equal(dec('1.125').setScale(2).toString(), '1.12');
    assert.equal(dec('1.135').setScale(2).toString(), '1.14');
    assert.equal(dec('-1.125').setScale(2).toString(), '-1.12');
    assert.equal(dec('1.125').setScale(2, 'HALF_UP').toString(), '1.13');
    assert.equal(dec('1.5').setScale(3).toString(), '1.500');
    assert.equal(dec('1234.5').setScale(-2).toString(), '1.2E+3');
    assert.equal(dec('0.4579060401674421859641886792928').setScale(2, 'DOWN').toString(), '0.45');
  });
});

describe('Decimal comparison, equality and keys', () => {
  // == on numbers is value equality (Apex Developer Guide, Expression Operators).
  it('compareTo and equals compare values, not scales', () => {
    assert.equal(dec('1.0').compareTo(dec('1.00')), 0);
    assert.equal(dec('1.0').equals(dec('1.00')), true);
    assert.equal(dec('1.01').equals(dec('1.1')), false);
    assert.equal(dec('-1.5').compareTo(dec('1')), -1);
    assert.equal(dec('2').compareTo(dec('1.999')), 1);
    assert.equal(dec('1E+3').compareTo(dec('1000.0')), 0);
  });

  // Apex Reference Guide, Decimal Class > Usage: 1.1 and 1.10 "generally do not have the same
  // hashcode. Use caution when such Decimal objects are used in Sets or as Map keys."
  it('hashKey tells 1.0 from 1.00 and matches equal representations', () => {
    assert.notEqual(dec('1.0').hashKey(), dec('1.00').hashKey());
    assert.equal(dec('1.50').hashKey(), dec('1.50').hashKey());
    assert.equal(dec('1.50').hashKey(), dec('1.5').setScale(2).hashKey());
    assert.notEqual(dec('150').hashKey(), dec('1.50').hashKey());
    assert.equal(new Set([dec('1.0'), dec('1.00'), dec('1.0')].map((d) => d.hashKey())).size, 2);
  });
});

describe('Decimal conversions and properties', () => {
  // Apex Reference Guide, scale() and precision(): 123.45 has precision 5, 123.123 has 6.
  it('scale and precision', () => {
    assert.equal(dec('123.45').precision(), 5);
    assert.equal(dec('123.123').precision(), 6);
    assert.equal(dec('0.00').precision(), 1);
    assert.equal(dec('-0.0012').precision(), 2);
    assert.equal(dec('0.0012').scale(), 4);
  });

  // Apex Reference Guide: intValue() of 1.602176565 is 1, longValue() of 376.730313461 is 376;
  // beyond the range the low bits remain (BigDecimal.intValue / longValue).
  it('intValue and longValue truncate toward zero and wrap', () => {
    assert.equal(dec('1.602176565').intValue(), 1);
    assert.equal(dec('-1.9').intValue(), -1);
    assert.equal(dec('376.730313461').longValue(), 376n);
    assert.equal(dec('2147483648').intValue(), -2147483648);
    assert.equal(dec('4294967297.5').intValue(), 1);
    assert.equal(dec('9223372036854775808').longValue(), -9223372036854775808n);
    assert.equal(dec('1E+3').intValue(), 1000);
  });

  // Apex Reference Guide, doubleValue(): 6.62606957 gives the Double 6.62606957.
  it('doubleValue is the nearest double', () => {
    assert.equal(dec('6.62606957').doubleValue(), 6.62606957);
    assert.equal(dec('0.1').doubleValue(), 0.1);
    assert.equal(dec('1E+400').doubleValue(), Infinity);
  });

  // BigDecimal.stripTrailingZeros (Java 8+: zero becomes 0).
  it('stripTrailingZeros', () => {
    assert.equal(dec('1.500').stripTrailingZeros().toString(), '1.5');
    assert.equal(dec('100').stripTrailingZeros().toString(), '1E+2');
    assert.equal(dec('0.000').stripTrailingZeros().toString(), '0');
  });
});

describe('Decimal strings', () => {
  // String.valueOf(Decimal) is BigDecimal.toString: scientific notation for negative scales and
  // exponents below -6 (the platform prints 0E-32, xgeek.net); toPlainString() never does.
  it('toString uses scientific notation where BigDecimal does; toPlainString never', () => {
    const cases: [string, string, string][] = [
      ['123.45', '123.45', '123.45'],
      ['0.000001', '0.000001', '0.000001'],
      ['0.0000001', '1E-7', '0.0000001'],
      ['-0.00000012', '-1.2E-7', '-0.00000012'],
      ['1E+3', '1E+3', '1000'],
      ['1.23E+5', '1.23E+5', '123000'],
      ['0E-32', '0E-32', '0.' + '0'.repeat(32)],
      ['0E+2', '0E+2', '0'],
    ];
    for (const [text, string, plain] of cases) {
      assert.equal(dec(text).toString(), string, text);
      assert.equal(dec(text).toPlainString(), plain, text);
    }
  });

  // Apex Reference Guide, format(): 12345.6789 formats as '12,345.679' in the U.S. locale
  // (Java's NumberFormat: grouping, at most 3 fraction digits HALF_EVEN, no trailing zeros).
  it('format() follows the locale', () => {
    assert.equal(dec('12345.6789').format('en_US'), '12,345.679');
    assert.equal(dec('12345.6789').format('de_DE'), '12.345,679');
    assert.equal(dec('12345.6789').format(), '12,345.679');
    assert.equal(dec('12345.6789').format('fr_FR'), '12,345.679'); // unknown locale: en_US
    assert.equal(dec('-1234567.50').format(), '-1,234,567.5');
    assert.equal(dec('100.00').format(), '100');
    assert.equal(dec('0.0005').format(), '0'); // HALF_EVEN to 3 places
    assert.equal(dec('0.0015').format(), '0.002');
    assert.equal(dec('1E+6').format('de_DE'), '1.000.000');
  });
});

describe("Java's Double.toString (javaDoubleToString)", () => {
  // Java's Double.toString, which Apex prints for a Double.
  it('plain between 10^-3 and 10^7, scientific otherwise', () => {
    const cases: [number, string][] = [
      [1, '1.0'],
      [0.1, '0.1'],
      [100, '100.0'],
      [0.001, '0.001'],
      [1e-4, '1.0E-4'],
      [1234567, '1234567.0'],
      [1e7, '1.0E7'],
      [1.2345678e7, '1.2345678E7'],
      [1e10, '1.0E10'],
      [-1.5e-10, '-1.5E-10'],
      [0.1 + 0.2, '0.30000000000000004'],
      [5e-324, '4.9E-324'],
      [1.7976931348623157e308, '1.7976931348623157E308'],
      [0, '0.0'],
      [-0, '-0.0'],
      [NaN, 'NaN'],
      [Infinity, 'Infinity'],
      [-Infinity, '-Infinity'],
    ];
    for (const [value, expected] of cases) assert.equal(javaDoubleToString(value), expected);
  });
});
