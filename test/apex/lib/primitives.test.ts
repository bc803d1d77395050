/**
 * The classes of Apex's primitive types (lib/primitives.ts), run as anonymous Apex on the
 * harness's local org: String, Id, Integer, Long, Double, Decimal, Boolean and Blob. Each case
 * cites the Apex Reference Guide section it follows ("String Class", "Decimal Class", ...);
 * behaviour the guide leaves open is marked as this runtime's choice.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newHarness, runAnonymous } from '../harness.ts';

const harness = newHarness();

/** Runs the snippet and returns what System.debug printed; fails on an uncaught exception. */
function debug(source: string): string[] {
  const outcome = runAnonymous(source, harness.runtime);
  assert.equal(outcome.error, null, `unexpected ${outcome.error}`);
  return outcome.debug;
}

/** Runs the snippet and returns its uncaught exception ('System.XException: message'). */
function error(source: string): string | null {
  return runAnonymous(source, harness.runtime).error;
}

/** Runs the snippet as a user with this time zone and locale. */
function debugAs(timeZone: string, locale: string, source: string): string[] {
  const store = harness.org.store;
  const id = harness.admin.userId;
  const before = store.get(
    `SELECT "TimeZoneSidKey", "LocaleSidKey" FROM "User" WHERE "Id" = ?`,
    id,
  );
  const set = (tz: unknown, loc: unknown) =>
    store.run(
      `UPDATE "User" SET "TimeZoneSidKey" = ?, "LocaleSidKey" = ? WHERE "Id" = ?`,
      String(tz),
      String(loc),
      id,
    );
  set(timeZone, locale);
  try {
    return debug(source);
  } finally {
    set(before?.TimeZoneSidKey ?? 'GMT', before?.LocaleSidKey ?? 'en_US');
  }
}

describe('String.valueOf and the other String statics', () => {
  // String Class, valueOf(decimalToConvert): the Decimal's String form, which keeps its scale.
  it('valueOf(Decimal) keeps the scale', () => {
    assert.deepEqual(
      debug(`
        Decimal d = 1.50;
        System.debug(String.valueOf(d));
        System.debug(String.valueOf(Decimal.valueOf('100.000')));
        System.debug(String.valueOf(d.setScale(3)));
        System.debug(String.valueOf(d.stripTrailingZeros()));`),
      ['1.50', '100.000', '1.500', '1.5'],
    );
  });

  // String Class, valueOf(integerToConvert), valueOf(dateToConvert) ('yyyy-MM-dd'),
  // valueOf(doubleToConvert), valueOf(toConvert) for Object; String.valueOf(null) is 'null'.
  it('valueOf of Integer, Long, Double, Date, Boolean, a List and null', () => {
    assert.deepEqual(
      debug(`
        System.debug(String.valueOf(42));
        System.debug(String.valueOf(3000000000L));
        Double d = 1.0;
        System.debug(String.valueOf(d));
        System.debug(String.valueOf(Date.newInstance(2026, 2, 3)));
        System.debug(String.valueOf(true));
        System.debug(String.valueOf(new List<Integer>{1, 2}));
        Object nothing = null;
        System.debug(String.valueOf(nothing));`),
      ['42', '3000000000', '1.0', '2026-02-03', 'true', '(1, 2)', 'null'],
    );
  });

  // String Class, valueOf(datetimeToConvert): "in the local time zone" as 'yyyy-MM-dd HH:mm:ss';
  // valueOfGmt(datetimeToConvert) in GMT; concatenation prints GMT.
  it('valueOf(Datetime) is local time, valueOfGmt and concatenation are GMT', () => {
    assert.deepEqual(
      debugAs(
        'America/Los_Angeles',
        'en_US',
        `
        Datetime dt = Datetime.newInstanceGmt(2026, 1, 10, 19, 31, 8);
        System.debug(String.valueOf(dt));
        System.debug(String.valueOfGmt(dt));
        System.debug('' + dt);`,
      ),
      ['2026-01-10 11:31:08', '2026-01-10 19:31:08', '2026-01-10 19:31:08'],
    );
  });

  // String Class, join(iterableObj, separator): a List or a Set, each element as String.valueOf
  // prints it (a null element joins as '': this runtime's choice, as StringUtils.join does).
  it('join takes Lists and Sets of any element type', () => {
    assert.deepEqual(
      debug(`
        System.debug(String.join(new List<Integer>{1, 2, 3}, '-'));
        System.debug(String.join(new Set<String>{'a', 'b'}, ', '));
        System.debug(String.join(new List<Object>{1.50, 'x', null, true}, '|'));
        System.debug(String.join(new List<String>(), ','));`),
      ['1-2-3', 'a, b', '1.50|x||true', ''],
    );
  });

  // String Class, format(stringToFormat, formattingArguments): java.text.MessageFormat, which
  // formats numbers with grouping and at most three fraction digits.
  it('format substitutes {n} like MessageFormat', () => {
    assert.deepEqual(
      debug(`
        System.debug(String.format('{0} has {1} leads', new List<Object>{'Acme', 1234}));
        System.debug(String.format('{0}', new List<Object>{12345.6789}));
        System.debug(String.format('it\\'\\'s {0} {2}', new List<Object>{'x'}));`),
      ['Acme has 1,234 leads', '12,345.679', "it's x {2}"],
    );
  });

  // String Class: isBlank, isEmpty, isNotBlank, isNotEmpty (null is blank and empty),
  // escapeSingleQuotes, fromCharArray(List<Integer>), getCommonPrefix(List<String>).
  it('isBlank/isEmpty, escapeSingleQuotes, fromCharArray, getCommonPrefix', () => {
    assert.deepEqual(
      debug(`
        String none = null;
        System.debug(String.isBlank(none) + ' ' + String.isBlank(' \\t') + ' ' + String.isEmpty(' '));
        System.debug(String.isNotBlank('x') + ' ' + String.isNotEmpty(none));
        System.debug(String.escapeSingleQuotes('O\\'Brien'));
        System.debug(String.fromCharArray(new List<Integer>{72, 105}));
        System.debug(String.getCommonPrefix(new List<String>{'lead-1', 'lead-2'}));`),
      ['true true false', 'true false', "O\\'Brien", 'Hi', 'lead-'],
    );
  });
});

describe('String instance methods', () => {
  // String Class, split(regExp): java.lang.String.split, so trailing empty strings are dropped;
  // split(regExp, limit) with a negative limit keeps them. The result is a List<String>.
  it('split drops trailing empty strings unless the limit is negative', () => {
    assert.deepEqual(
      debug(`
        List<String> parts = 'a,b,,c,,'.split(',');
        System.debug(parts.size() + ' ' + parts);
        System.debug('a,b,,'.split(',', -1).size());
        System.debug('a,b,c'.split(',', 2));
        System.debug(''.split(',').size());
        parts.add('d');
        System.debug(parts.size());`),
      ['4 (a, b, , c)', '4', '(a, b,c)', '1', '5'],
    );
  });

  // String Class, getChars(): the characters as a List<Integer> of their UTF-16 values.
  it('getChars returns a List<Integer>', () => {
    assert.deepEqual(
      debug(`
        List<Integer> chars = 'ab'.getChars();
        System.debug(chars);
        System.debug(chars[0] + 1);`),
      ['(97, 98)', '98'],
    );
  });

  // String Class, equals(stringOrId) is case-sensitive while == ignores case; compareTo is
  // java.lang.String.compareTo; hashCode is Java's s[0]*31^(n-1) + ... .
  it('equals, ==, compareTo and hashCode', () => {
    assert.deepEqual(
      debug(`
        System.debug('abc'.equals('ABC') + ' ' + ('abc' == 'ABC') + ' ' + 'abc'.equals('abc'));
        System.debug('apple'.compareTo('banana') + ' ' + 'b'.compareTo('a') + ' ' + 'ab'.compareTo('abc'));
        System.debug('abc'.hashCode());`),
      ['false true true', '-1 1 -1', '96354'],
    );
  });

  // String Class: the StringUtils methods (abbreviate, leftPad, substringBetween...) and the
  // java.lang.String ones (substring, indexOf, replaceAll) on a value.
  it('other instance methods reach lib/strings.ts', () => {
    assert.deepEqual(
      debug(`
        String s = 'Hello World';
        System.debug(s.substring(6) + '|' + s.toUpperCase() + '|' + s.indexOf('o') + '|' + s.length());
        System.debug('abcdefg'.abbreviate(6) + '|' + '7'.leftPad(3, '0') + '|' + 'a[x]b'.substringBetween('[', ']'));
        System.debug('a1b22'.replaceAll('[0-9]+', '#') + '|' + '  x  '.trim() + '|' + 'x'.repeat(3));`),
      ['World|HELLO WORLD|4|11', 'abc...|007|x', 'a#b#|x|xxx'],
    );
  });

  // A null receiver: "Attempt to de-reference a null object".
  it('a method on a null String raises NullPointerException', () => {
    assert.equal(
      error(`String s = null; s.length();`),
      'System.NullPointerException: Attempt to de-reference a null object',
    );
  });
});

describe('Id', () => {
  // Id Class, valueOf(toId) and the Id data type: a 15-character Id becomes the 18-character
  // case-safe Id.
  it('a 15-character Id becomes 18 characters', () => {
    assert.deepEqual(
      debug(`
        Id a = '0D5B000001DVM9t';
        System.debug(a);
        System.debug(Id.valueOf('001000000000001'));
        System.debug(Id.valueOf('0D5B000001DVM9t') == Id.valueOf('0D5B000001DVM9tKAH'));`),
      ['0D5B000001DVM9tKAH', '001000000000001AAA', 'true'],
    );
  });

  // Id Class, to15(): the guide's example '0D5B000001DVM9tkAh'.to15() is '0D5B000001DVM9t'. The
  // runtime reads 18-character Ids case-insensitively, the suffix restoring the case (this
  // runtime's choice: it keeps every Id in canonical form; the platform keeps lost case as given).
  it('to15 and case restoration from the checksum', () => {
    assert.deepEqual(
      debug(`
        Id testId = '0D5B000001DVM9tkAh';
        System.debug(testId.to15());
        System.debug(Id.valueOf('0d5b000001dvm9tkah'));
        System.debug(Id.valueOf('0d5b000001dvm9tkah', true));`),
      ['0D5B000001DVM9t', '0D5B000001DVM9tKAH', '0D5B000001DVM9tKAH'],
    );
  });

  // Id Class, valueOf: an invalid Id is StringException 'Invalid id: <value>'. A suffix no
  // casing of the first 15 characters yields is a bad checksum ('B' marks the 11th character,
  // a digit, as upper case): invalid too.
  it('malformed Ids and bad checksums raise StringException', () => {
    assert.equal(error(`Id.valueOf('abc');`), 'System.StringException: Invalid id: abc');
    assert.equal(
      error(`Id.valueOf('001000000000001AAB');`),
      'System.StringException: Invalid id: 001000000000001AAB',
    );
    assert.equal(
      error(`Id.valueOf('001000000000001AA9');`),
      'System.StringException: Invalid id: 001000000000001AA9',
    );
    assert.equal(
      error(`Id.valueOf('00100000000000-');`),
      'System.StringException: Invalid id: 00100000000000-',
    );
  });

  // Id Class, getSObjectType(): the token of the object whose key prefix the Id has.
  it('getSObjectType reads the key prefix', () => {
    assert.deepEqual(
      debug(`
        Id leadId = '00Q000000000001';
        System.debug(leadId.getSObjectType());
        System.debug(leadId.getSObjectType() == Lead.SObjectType);
        System.debug(Id.valueOf('001000000000001').getSObjectType() == Account.SObjectType);
        System.debug(Id.valueOf('zzz000000000001').getSObjectType());`),
      ['Lead', 'true', 'true', 'null'],
    );
  });
});

describe('Integer, Long and Double', () => {
  // Integer Class, valueOf(stringToInteger): "A TypeException is returned if you attempt to
  // convert a string to an invalid integer"; the platform's message is 'Invalid integer: <s>'.
  it("Integer.valueOf('abc') is TypeException 'Invalid integer: abc'", () => {
    assert.equal(error(`Integer.valueOf('abc');`), 'System.TypeException: Invalid integer: abc');
    assert.equal(error(`Integer.valueOf(' 1');`), 'System.TypeException: Invalid integer:  1');
    assert.equal(
      error(`Integer.valueOf('2147483648');`),
      'System.TypeException: Invalid integer: 2147483648',
    );
  });

  // Integer Class, valueOf(stringToInteger) "as in Java" and valueOf(fieldValue) for Objects
  // (a number converts as its intValue(): the runtime's reading of "converts the object").
  it('Integer.valueOf of Strings and Objects; format()', () => {
    assert.deepEqual(
      debug(`
        System.debug(Integer.valueOf('-123') + 1);
        Object o = 12.7;
        System.debug(Integer.valueOf(o));
        Integer myInt = 22;
        System.debug(myInt.format());
        System.debug((1234567).format());`),
      ['-122', '12', '22', '1,234,567'],
    );
  });

  // Long Class: valueOf(stringToLong), format(), intValue() (the low 32 bits).
  it('Long.valueOf, format and intValue', () => {
    assert.deepEqual(
      debug(`
        Long big = Long.valueOf('123456789012');
        System.debug(big + 1);
        System.debug(big.format());
        System.debug(Long.valueOf('4294967297').intValue());`),
      ['123456789013', '123,456,789,012', '1'],
    );
    assert.equal(error(`Long.valueOf('1L');`), 'System.TypeException: Invalid long: 1L');
  });

  // Double Class: the guide's examples for format() ('1,261,992'), intValue() (3 for
  // '3.14159'), longValue() and round() (4.5 gives 5, 4.2 gives 4, -4.7 gives -5).
  it('Double methods follow the guide examples', () => {
    assert.deepEqual(
      debug(`
        Double myDouble = 1261992;
        System.debug(myDouble.format());
        System.debug(Double.valueOf('3.14159').intValue());
        Double d2 = 421994;
        System.debug(d2.longValue());
        Double a = 4.5;
        Double b = 4.2;
        Double c = 0 - 4.7; // (a negative Decimal literal trips the compiler: see the report)
        System.debug(a.round() + ' ' + b.round() + ' ' + c.round());
        System.debug(Double.valueOf('1e3'));`),
      ['1,261,992', '3', '421994', '5 4 -5', '1000.0'],
    );
    assert.equal(error(`Double.valueOf('abc');`), 'System.TypeException: Invalid double: abc');
  });
});

describe('Decimal', () => {
  // Decimal Class, round(): "rounds ... using half-even rounding mode": 2.5 gives 2, 3.5 gives 4,
  // -2.5 gives -2; round(roundingMode) with System.RoundingMode. The result is a Long.
  it('round() is HALF_EVEN and returns a Long', () => {
    assert.deepEqual(
      debug(`
        System.debug((2.5).round() + ' ' + (3.5).round() + ' ' + Decimal.valueOf('-2.5').round());
        System.debug((2.5).round(System.RoundingMode.HALF_UP) + ' ' + (2.1).round(RoundingMode.CEILING));
        Object r = (7.5).round();
        System.debug(r instanceof Long);`),
      ['2 4 -2', '3 3', 'true'],
    );
  });

  // Decimal Class: divide(divisor, scale) (the guide: 19 divided by 100 at scale 3 is 0.190),
  // setScale (HALF_EVEN without a mode), precision (123.45 has 5), scale, format (12345.6789
  // gives '12,345.679'), stripTrailingZeros, toPlainString, pow, abs, intValue, longValue.
  it('divide, setScale, precision, format and friends', () => {
    assert.deepEqual(
      debug(`
        Decimal myDecimal = 19;
        System.debug(myDecimal.divide(100, 3));
        Decimal one = 1;
        System.debug(one.divide(3, 4, System.RoundingMode.UP));
        System.debug((2.345).setScale(2) + ' ' + (2.355).setScale(2) + ' ' + (2.345).setScale(2, RoundingMode.HALF_UP));
        System.debug((123.45).precision() + ' ' + (123.45).scale());
        System.debug((12345.6789).format());
        System.debug((1.2300).stripTrailingZeros() + ' ' + Decimal.valueOf('1E+3').toPlainString());
        System.debug((1.5).pow(2) + ' ' + Decimal.valueOf('-1.5').abs());
        System.debug((1.602176565).intValue() + ' ' + (9999999999.9).longValue());
        System.debug((0.1).doubleValue());`),
      [
        '0.190',
        '0.3334',
        '2.34 2.36 2.35',
        '5 2',
        '12,345.679',
        '1.23 1000',
        '2.25 1.5',
        '1 9999999999',
        '0.1',
      ],
    );
  });

  // Decimal Class, valueOf(stringToDecimal) keeps the written scale; valueOf(doubleToDecimal)
  // goes through the Double's String form; a bad String is TypeException 'Invalid decimal: <s>'.
  it('valueOf of String, Double and Long', () => {
    assert.deepEqual(
      debug(`
        System.debug(Decimal.valueOf('1.50'));
        Double d = 0.1;
        System.debug(Decimal.valueOf(d));
        System.debug(Decimal.valueOf(5L));`),
      ['1.50', '0.1', '5'],
    );
    assert.equal(error(`Decimal.valueOf('abc');`), 'System.TypeException: Invalid decimal: abc');
  });

  // Decimal Class, divide: by zero is a MathException.
  it('divide by zero raises MathException', () => {
    assert.equal(error(`(1.0).divide(0, 2);`), 'System.MathException: Divide by 0');
  });
});

describe('Boolean and Blob', () => {
  // Boolean Class, valueOf(stringToBoolean): "returns true if the specified string value is
  // true. Otherwise, returns false" (ignoring case, as Java's Boolean.valueOf).
  it('Boolean.valueOf', () => {
    assert.deepEqual(
      debug(`
        System.debug(Boolean.valueOf('TRUE') + ' ' + Boolean.valueOf('yes') + ' ' + Boolean.valueOf('false'));
        Object o = true;
        System.debug(Boolean.valueOf(o));`),
      ['true false false', 'true'],
    );
  });

  // Blob Class: valueOf(stringToBlob) (UTF-8), size() in bytes, toString() back to the String.
  it('Blob.valueOf, size and toString', () => {
    assert.deepEqual(
      debug(`
        Blob b = Blob.valueOf('héllo');
        System.debug(b.size());
        System.debug(b.toString());
        System.debug(b == Blob.valueOf('héllo'));`),
      ['6', 'héllo', 'true'],
    );
  });

  // Blob Class, toString(): bytes that are not UTF-8 raise StringException 'BLOB is not a valid
  // UTF-8 string' (the message orgs print).
  it('toString of bytes that are not UTF-8 raises StringException', () => {
    assert.equal(
      error(`EncodingUtil.base64Decode('/w==').toString();`),
      'System.StringException: BLOB is not a valid UTF-8 string',
    );
  });
});
