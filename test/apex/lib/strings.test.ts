/**
 * Apex String methods (Apex Reference Guide, "String Class"). Where the guide's description or
 * example is Commons Lang 3 StringUtils / StringEscapeUtils or java.lang.String, the cases follow
 * those libraries' documented examples.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { staticStringMethods, stringMethods } from '../../../localorg/apex/lib/strings.ts';
import { ApexSystemError } from '../../../localorg/apex/values/errors.ts';

const call = (name: string, s: string, ...args: unknown[]): unknown => {
  const method = stringMethods[name];
  assert.ok(method, `no String method ${name}`);
  return method(s, ...args);
};
const callStatic = (name: string, ...args: unknown[]): unknown =>
  staticStringMethods[name](...args);

function throwsApex(fn: () => unknown, typeName: string, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ApexSystemError, `expected ApexSystemError, got ${String(e)}`);
    assert.equal(e.typeName, typeName);
    assert.equal(e.message, message);
    return true;
  });
}

describe('substring, charAt and index methods (java.lang.String)', () => {
  it('substring(start) and substring(start, end)', () => {
    assert.equal(call('substring', 'hamburger', 4, 8), 'urge');
    assert.equal(call('substring', 'hello', 5), '');
    assert.equal(call('substring', 'hello', 2), 'llo');
  });

  it('bad indexes raise StringException with the position', () => {
    throwsApex(
      () => call('substring', 'hello', 6),
      'StringException',
      'Starting position out of bounds: 6',
    );
    throwsApex(
      () => call('substring', 'hello', -1),
      'StringException',
      'Starting position out of bounds: -1',
    );
    throwsApex(
      () => call('substring', 'hello', 0, 9),
      'StringException',
      'Ending position out of bounds: 9',
    );
    throwsApex(
      () => call('substring', 'hello', 3, 2),
      'StringException',
      'Starting position out of bounds: 3',
    );
  });

  it('charAt returns the UTF-16 unit as an Integer; codePointAt the code point', () => {
    assert.equal(call('charat', 'Ω', 0), 937);
    assert.equal(call('codepointat', '😀', 0), 0x1f600);
    assert.equal(call('codepointbefore', 'a😀', 3), 0x1f600);
    assert.equal(call('codepointcount', 'a😀b', 0, 4), 3);
    assert.equal(call('length', 'a😀'), 3);
    throwsApex(() => call('charat', 'abc', 3), 'StringException', 'String index out of range: 3');
  });

  it('indexOf / lastIndexOf follow Java (negative fromIndex)', () => {
    assert.equal(call('indexof', 'abcabc', 'c'), 2);
    assert.equal(call('indexof', 'abcabc', 'c', 3), 5);
    assert.equal(call('indexof', 'abc', '', 10), 3);
    assert.equal(call('lastindexof', 'abcabc', 'a'), 3);
    assert.equal(call('lastindexof', 'abcabc', 'a', -1), -1);
    assert.equal(call('indexofchar', 'a😀b', 0x1f600), 1);
    assert.equal(call('lastindexofchar', 'abca', 97, 2), 0);
  });

  it('compareTo gives Java int results; equals is case-sensitive; hashCode is Java', () => {
    assert.equal(call('compareto', 'apple', 'banana'), -1);
    assert.equal(call('compareto', 'abc', 'ab'), 1);
    assert.equal(call('compareto', 'a', 'a'), 0);
    assert.equal(call('equals', 'Abc', 'abc'), false);
    assert.equal(call('equals', 'abc', null), false);
    assert.equal(call('equalsignorecase', 'Abc', 'aBC'), true);
    assert.equal(call('hashcode', 'hello'), 99162322);
    assert.equal(call('hashcode', 'The quick brown fox jumps over the lazy dog'), -609428141);
  });

  it('trim strips chars up to U+0020 only', () => {
    assert.equal(call('trim', '\u0001 x \u0000'), 'x');
    assert.equal(call('trim', '\u00a0x\u00a0'), '\u00a0x\u00a0');
  });

  it('contains / startsWith with a null argument throw NullPointerException', () => {
    throwsApex(
      () => call('contains', 'abc', null),
      'NullPointerException',
      'Attempt to de-reference a null object',
    );
    assert.equal(call('contains', 'abc', 'bc'), true);
    assert.equal(call('startswith', 'abc', 'ab'), true);
    assert.equal(call('endswith', 'abc', 'bc'), true);
  });
});

describe('replace, replaceAll, split', () => {
  it('replace is literal, $ and \\ included', () => {
    assert.equal(call('replace', 'a.b.c', '.', '$1'), 'a$1b$1c');
    assert.equal(call('replace', 'abc', '', '-'), '-a-b-c-');
  });

  it('replaceAll takes a Java regex and $n groups', () => {
    assert.equal(call('replaceall', 'John Smith', '(\\w+) (\\w+)', '$2, $1'), 'Smith, John');
    assert.equal(call('replaceall', 'a1b22', '\\d+', '#'), 'a#b#');
    assert.equal(call('replaceall', 'Hello', '(?i)h', 'J'), 'Jello');
    assert.equal(call('replacefirst', 'aaa', 'a', 'b'), 'baa');
    throwsApex(
      () => call('replaceall', 'abc', 'b', '$'),
      'StringException',
      'Illegal group reference: group index is missing',
    );
  });

  it('split drops trailing empty strings, keeps them with a negative limit', () => {
    assert.deepEqual(call('split', 'a,b,,c,,', ','), ['a', 'b', '', 'c']);
    assert.deepEqual(call('split', 'a,b,,c,,', ',', -1), ['a', 'b', '', 'c', '', '']);
    assert.deepEqual(call('split', 'a,b,c', ',', 2), ['a', 'b,c']);
    assert.deepEqual(call('split', 'a.b', '.'), []);
    assert.deepEqual(call('split', 'a.b', '\\.'), ['a', 'b']);
  });
});

describe('StringUtils methods', () => {
  // Apex Reference Guide examples and StringUtils.abbreviate's javadoc.
  it('abbreviate(maxWidth[, offset])', () => {
    assert.equal(call('abbreviate', 'Hello World', 8), 'Hello...');
    assert.equal(call('abbreviate', 'Hello Maximillian', 8, 1), 'Hello...');
    assert.equal(call('abbreviate', 'abcdefghijklmno', 10, 5), '...fghi...');
    assert.equal(call('abbreviate', 'abc', 10), 'abc');
    throwsApex(
      () => call('abbreviate', 'abcdef', 3),
      'StringException',
      'Minimum abbreviation width is 4',
    );
  });

  it('center, leftPad, rightPad with pad strings', () => {
    assert.equal(call('center', 'abc', 7), '  abc  ');
    assert.equal(call('center', 'ab', 6, 'xy'), 'xyabxy');
    assert.equal(call('leftpad', '5', 3, '0'), '005');
    assert.equal(call('leftpad', 'bat', 8, 'yz'), 'yzyzybat');
    assert.equal(call('rightpad', 'bat', 5), 'bat  ');
    assert.equal(call('leftpad', 'bat', 1), 'bat');
  });

  it('left, right and mid with negative lengths and positions', () => {
    assert.equal(call('left', 'abc', -1), '');
    assert.equal(call('left', 'abc', 2), 'ab');
    assert.equal(call('right', 'abc', -1), '');
    assert.equal(call('right', 'abc', 5), 'abc');
    assert.equal(call('mid', 'abc', -2, 2), 'ab');
    assert.equal(call('mid', 'abc', 4, 2), '');
  });

  it('capitalize, uncapitalize, swapCase', () => {
    assert.equal(call('capitalize', 'hello'), 'Hello');
    assert.equal(call('capitalize', 'ǆemal'), 'ǅemal');
    assert.equal(call('uncapitalize', 'Hello'), 'hello');
    assert.equal(call('swapcase', 'The dog has a BONE'), 'tHE DOG HAS A bone');
  });

  it('contains*, countMatches, difference, indexOfDifference, indexOfAny(But)', () => {
    assert.equal(call('containsany', 'hello', 'xyo'), true);
    assert.equal(call('containsnone', 'hello', 'xyz'), true);
    assert.equal(call('containsonly', 'abab', 'ab'), true);
    assert.equal(call('containsonly', 'abc', 'ab'), false);
    assert.equal(call('containsignorecase', 'Hello', 'LL'), true);
    assert.equal(call('containswhitespace', 'a\tb'), true);
    assert.equal(call('countmatches', 'aaaa', 'aa'), 2);
    assert.equal(call('difference', 'abcde', 'abxyz'), 'xyz');
    assert.equal(call('indexofdifference', 'abcde', 'abxyz'), 2);
    assert.equal(call('indexofdifference', 'abc', 'abc'), -1);
    assert.equal(call('indexofany', 'zzabyycdxx', 'by'), 3);
    assert.equal(call('indexofanybut', 'zzabyycdxx', 'za'), 3);
    assert.equal(call('indexofignorecase', 'aBcAbC', 'abc', 1), 3);
    assert.equal(call('lastindexofignorecase', 'aBcAbC', 'ABC'), 3);
  });

  it('is* predicates: Unicode letters and digits; empty strings', () => {
    assert.equal(call('isalpha', 'abcé'), true);
    assert.equal(call('isalpha', ''), false);
    assert.equal(call('isalpha', 'ab1'), false);
    assert.equal(call('isalphaspace', 'ab c'), true);
    assert.equal(call('isalphanumeric', 'abc1é'), true);
    assert.equal(call('isalphanumericspace', 'ab 1'), true);
    assert.equal(call('isnumeric', '123'), true);
    assert.equal(call('isnumeric', '1.5'), false);
    assert.equal(call('isnumeric', '١٢٣'), true);
    assert.equal(call('isnumericspace', '1 2'), true);
    assert.equal(call('iswhitespace', ''), true);
    assert.equal(call('iswhitespace', ' \t\n'), true);
    assert.equal(call('isasciiprintable', 'a~ '), true);
    assert.equal(call('isasciiprintable', 'é'), false);
    assert.equal(call('isalllowercase', 'abc'), true);
    assert.equal(call('isalllowercase', 'aBc'), false);
    assert.equal(call('isalluppercase', 'ABC'), true);
  });

  it('remove*, repeat, reverse, deleteWhitespace, normalizeSpace', () => {
    assert.equal(call('remove', 'queued', 'ue'), 'qd');
    assert.equal(call('removestart', 'www.domain.com', 'www.'), 'domain.com');
    assert.equal(call('removeend', 'www.domain.com', '.com'), 'www.domain');
    assert.equal(call('removestartignorecase', 'WWW.x', 'www.'), 'x');
    assert.equal(call('removeendignorecase', 'x.COM', '.com'), 'x');
    assert.equal(call('repeat', 'abc', '-', 2), 'abc-abc');
    assert.equal(call('repeat', 'ab', 3), 'ababab');
    assert.equal(call('repeat', 'ab', -1), '');
    assert.equal(call('reverse', 'a😀b'), 'b😀a');
    assert.equal(call('deletewhitespace', ' a b\tc '), 'abc');
    assert.equal(call('normalizespace', '  a \t\n b  '), 'a b');
  });

  it('substringAfter/Before(Last) and substringBetween', () => {
    assert.equal(call('substringafter', 'abcba', 'b'), 'cba');
    assert.equal(call('substringafter', 'abc', 'x'), '');
    assert.equal(call('substringafterlast', 'abcba', 'b'), 'a');
    assert.equal(call('substringbefore', 'abcba', 'b'), 'a');
    assert.equal(call('substringbefore', 'abc', 'x'), 'abc');
    assert.equal(call('substringbeforelast', 'abcba', 'b'), 'abc');
    assert.equal(call('substringbetween', 'tagYtag', 'tag'), 'Y');
    assert.equal(call('substringbetween', 'yabczyabcz', 'y', 'z'), 'abc');
    assert.equal(call('substringbetween', 'abc', 'x', 'y'), null);
  });

  it('splitByCharacterType(CamelCase)', () => {
    assert.deepEqual(call('splitbycharactertype', 'ab de fg'), ['ab', ' ', 'de', ' ', 'fg']);
    assert.deepEqual(call('splitbycharactertype', 'foo200Bar'), ['foo', '200', 'B', 'ar']);
    assert.deepEqual(call('splitbycharactertypecamelcase', 'foo200Bar'), ['foo', '200', 'Bar']);
    assert.deepEqual(call('splitbycharactertypecamelcase', 'ASFRules'), ['ASF', 'Rules']);
  });

  it('getLevenshteinDistance with and without a threshold', () => {
    assert.equal(call('getlevenshteindistance', 'kitten', 'sitting'), 3);
    assert.equal(call('getlevenshteindistance', 'kitten', 'sitting', 2), -1);
    assert.equal(call('getlevenshteindistance', 'kitten', 'sitting', 3), 3);
  });

  it('toUpperCase / toLowerCase with a locale', () => {
    assert.equal(call('touppercase', 'title', 'tr'), 'TİTLE');
    assert.equal(call('tolowercase', 'TITLE', 'tr_TR'), 'tıtle');
    assert.equal(call('touppercase', 'straße'), 'STRASSE');
  });

  it('getChars and String.fromCharArray', () => {
    assert.deepEqual(call('getchars', 'a😀'), [97, 0xd83d, 0xde00]);
    assert.equal(callStatic('fromchararray', [97, 98]), 'ab');
  });
});

describe('escape and unescape methods (StringEscapeUtils)', () => {
  it('escapeHtml4 / unescapeHtml4 use the HTML 4.0 entities', () => {
    assert.equal(call('escapehtml4', '<é & "x">'), '&lt;&eacute; &amp; &quot;x&quot;&gt;');
    assert.equal(call('escapehtml4', '€ — α'), '&euro; &mdash; &alpha;');
    assert.equal(call('escapehtml3', '€'), '€');
    assert.equal(call('unescapehtml4', '&lt;&eacute;&amp;&#65;&#x42;&bogus;'), '<é&AB&bogus;');
  });

  // Apex Reference Guide, escapeXml: "Supports only the five basic XML entities".
  it('escapeXml handles the five XML entities and leaves é alone', () => {
    assert.equal(call('escapexml', `<'é">&`), '&lt;&apos;é&quot;&gt;&amp;');
    assert.equal(call('unescapexml', '&lt;&apos;&#233;'), "<'é");
  });

  it('escapeJava / escapeEcmaScript / escapeUnicode use upper-case \\u escapes', () => {
    assert.equal(call('escapejava', 'a"\\\n\u00e9'), 'a\\"\\\\\\n\\u00E9');
    // Apex Reference Guide, escapeEcmaScript example.
    assert.equal(call('escapeecmascript', '"grade": 3.9/4.0'), '\\"grade\\": 3.9\\/4.0');
    // Apex Reference Guide, escapeUnicode example.
    assert.equal(call('escapeunicode', 'De onde você é?'), 'De onde voc\\u00EA \\u00E9?');
    assert.equal(call('unescapejava', 'a\\"\\n\\u00e9\\101\\q'), 'a"\n\u00e9Aq');
    assert.equal(call('unescapeunicode', 'voc\\u00EA'), 'você');
  });

  it('escapeCsv quotes only when needed; unescapeCsv reverses it', () => {
    assert.equal(call('escapecsv', 'plain'), 'plain');
    assert.equal(call('escapecsv', 'a,"b"'), '"a,""b"""');
    assert.equal(call('unescapecsv', '"a,""b"""'), 'a,"b"');
    assert.equal(call('unescapecsv', '"plain"'), '"plain"');
  });

  it('escapeSingleQuotes and stripHtmlTags', () => {
    assert.equal(callStatic('escapesinglequotes', "it's"), "it\\'s");
    // Apex Reference Guide, stripHtmlTags example.
    assert.equal(call('striphtmltags', '<b>hello world</b>'), 'hello world');
  });
});

describe('static methods', () => {
  it('isBlank, isEmpty, isNotBlank, isNotEmpty with null', () => {
    assert.equal(callStatic('isblank', null), true);
    assert.equal(callStatic('isblank', ' \t'), true);
    assert.equal(callStatic('isempty', ' '), false);
    assert.equal(callStatic('isnotblank', 'a'), true);
    assert.equal(callStatic('isnotempty', ''), false);
  });

  it('join and getCommonPrefix', () => {
    assert.equal(callStatic('join', ['a', 'b', 'c'], ', '), 'a, b, c');
    assert.equal(callStatic('getcommonprefix', ['abcde', 'abxyz']), 'ab');
  });

  // String.format is MessageFormat: quotes, missing arguments, number formatting.
  it('format follows MessageFormat', () => {
    assert.equal(
      callStatic('format', 'Hello {0}, you are {1}', ['Ada', 'late']),
      'Hello Ada, you are late',
    );
    assert.equal(callStatic('format', "it's {0}", ['x']), 'its {0}');
    assert.equal(callStatic('format', "it''s {0}", ['x']), "it's x");
    assert.equal(callStatic('format', "'{0}' {0}", ['x']), '{0} x');
    assert.equal(callStatic('format', '{0} {1}', ['x']), 'x {1}');
    assert.equal(callStatic('format', '{0}', [null]), 'null');
    assert.equal(callStatic('format', '{0}', [1234567]), '1,234,567');
    assert.equal(callStatic('format', '{0}', [1.23456]), '1.235');
    assert.equal(callStatic('format', '{0,number,#.##}', [3.14159]), '3.14');
    assert.equal(callStatic('format', '{0,number,integer}', [2.5]), '2');
    assert.equal(callStatic('format', '{0,number,percent}', [0.25]), '25%');
    throwsApex(
      () => callStatic('format', 'a {0', ['x']),
      'StringException',
      'Unmatched braces in the pattern.',
    );
    throwsApex(
      () => callStatic('format', 'a {x}', ['x']),
      'StringException',
      "can't parse argument number: x",
    );
  });
});
