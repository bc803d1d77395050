/**
 * Java regular expressions for Apex (Pattern, Matcher, String.split / replaceAll): the Apex
 * Developer Guide ("Using Patterns and Matchers": Apex regexes "follow the standard syntax for
 * regular expressions used in Java"), the Apex Reference Guide's Pattern and Matcher classes, and
 * java.util.regex.Pattern / Matcher (Java 17) where the Apex docs defer to Java.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Matcher, Pattern } from '../../../localorg/apex/lib/regex.ts';
import { ApexSystemError } from '../../../localorg/apex/values/errors.ts';

/** Asserts that fn throws an ApexSystemError of the type with exactly the message. */
function throwsApex(fn: () => unknown, typeName: string, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ApexSystemError, `expected ApexSystemError, got ${String(e)}`);
    assert.equal(e.typeName, typeName);
    assert.equal(e.message, message);
    return true;
  });
}

const split = (s: string, regex: string, limit?: number): string[] =>
  Pattern.compile(regex).split(s, limit);

describe('Pattern and Matcher: the Apex Developer Guide example', () => {
  // Apex Developer Guide, "Pattern and Matcher Example": '(a(b)?)+' against 'aba'.
  it("matches '(a(b)?)+' on 'aba' with groups 'aba' and 'a', end 3, hitEnd", () => {
    const m = Pattern.compile('(a(b)?)+').matcher('aba');
    assert.equal(m.matches(), true);
    assert.equal(m.hitEnd(), true);
    assert.equal(m.groupCount(), 2);
    assert.equal(m.group(0), 'aba');
    assert.equal(m.group(1), 'a');
    assert.equal(m.end(), 3);
    assert.equal(m.end(0), 3);
    assert.equal(m.end(1), 3);
  });

  // Apex Developer Guide, "Using Patterns and Matchers": Pattern.matches('a*b', 'aaaaab').
  it('Pattern.matches needs the whole input to match', () => {
    assert.equal(Pattern.matches('a*b', 'aaaaab'), true);
    assert.equal(Pattern.matches('a*b', 'aaaaabc'), false);
    assert.equal(Pattern.compile('a*b').matcher('xaab').find(), true);
  });
});

describe('Matcher state and exceptions (java.util.regex.Matcher)', () => {
  it('find() walks successive matches; start/end/group describe the current one', () => {
    const m = Pattern.compile('\\d+').matcher('a12b345c6');
    const found: [string | null, number, number][] = [];
    while (m.find()) found.push([m.group(), m.start(), m.end()]);
    assert.deepEqual(found, [
      ['12', 1, 3],
      ['345', 4, 7],
      ['6', 8, 9],
    ]);
  });

  it('find(start) resets and searches from start; lookingAt anchors at the region start', () => {
    const m = Pattern.compile('b+').matcher('abbcbb');
    assert.equal(m.find(4), true);
    assert.equal(m.start(), 4);
    assert.equal(m.lookingAt(), false);
    assert.equal(Pattern.compile('ab').matcher('abc').lookingAt(), true);
    throwsApex(() => m.find(7), 'StringException', 'Illegal start index');
  });

  it('an empty match advances find() by one character', () => {
    const m = Pattern.compile('x*').matcher('ab');
    const starts: number[] = [];
    while (m.find()) starts.push(m.start());
    assert.deepEqual(starts, [0, 1, 2]);
  });

  // Apex surfaces Matcher's IllegalStateException as System.StringException 'No match found'.
  it("group() without a match is StringException 'No match found'", () => {
    const m = Pattern.compile('a').matcher('b');
    throwsApex(() => m.group(), 'StringException', 'No match found');
    assert.equal(m.find(), false);
    throwsApex(() => m.start(), 'StringException', 'No match available');
  });

  it("group(n) past groupCount is 'No group n'; an unmatched group is null", () => {
    const m = Pattern.compile('(a)|(b)').matcher('b');
    assert.equal(m.find(), true);
    assert.equal(m.group(1), null);
    assert.equal(m.start(1), -1);
    assert.equal(m.group(2), 'b');
    throwsApex(() => m.group(3), 'StringException', 'No group 3');
  });

  it('named groups: group(name), start(name) and \\k<name>', () => {
    const m = Pattern.compile('(?<year>\\d{4})-(?<month>\\d{2})').matcher('on 2026-01 ok');
    assert.equal(m.find(), true);
    assert.equal(m.group('year'), '2026');
    assert.equal(m.start('month'), 8);
    throwsApex(() => m.group('day'), 'StringException', 'No group with name <day>');
    assert.equal(Pattern.matches('(?<w>ab)\\k<w>', 'abab'), true);
    assert.equal(Pattern.matches('(?<w>ab)\\k<w>', 'abba'), false);
  });

  it('region() limits matching to the region, with ^ and $ at its bounds (anchoring bounds)', () => {
    const m = Pattern.compile('^\\d+$').matcher('ab123cd');
    m.region(2, 5);
    assert.equal(m.matches(), true);
    assert.equal(m.group(), '123');
    assert.equal(m.regionStart(), 2);
    assert.equal(m.regionEnd(), 5);
    throwsApex(() => m.region(4, 2), 'StringException', 'start > end');
  });

  it('reset(input) and usePattern', () => {
    const m = Pattern.compile('a').matcher('xa');
    assert.equal(m.find(), true);
    m.reset('aa');
    assert.equal(m.find(), true);
    assert.equal(m.start(), 0);
    m.usePattern(Pattern.compile('a+'));
    assert.equal(m.find(), true);
    assert.equal(m.group(), 'a');
  });
});

describe('replaceAll / replaceFirst replacement syntax (Matcher.replaceAll)', () => {
  it('$n refers to groups, the longest valid group number wins, \\$ is a dollar', () => {
    const p = Pattern.compile('(\\w+)@(\\w+)');
    assert.equal(p.matcher('john@acme mary@corp').replaceAll('$2:$1'), 'acme:john corp:mary');
    assert.equal(Pattern.compile('(a)').matcher('a').replaceAll('$10'), 'a0');
    assert.equal(Pattern.compile('a').matcher('xax').replaceAll('\\$'), 'x$x');
    assert.equal(Pattern.compile('a').matcher('aa').replaceFirst('b'), 'ba');
  });

  it('${name} refers to a named group', () => {
    const m = Pattern.compile('(?<first>\\w+) (?<last>\\w+)').matcher('Ada Lovelace');
    assert.equal(m.replaceAll('${last}, ${first}'), 'Lovelace, Ada');
  });

  it('bad references throw with Java messages', () => {
    const m = (r: string) => () => Pattern.compile('(a)').matcher('a').replaceAll(r);
    throwsApex(m('$'), 'StringException', 'Illegal group reference: group index is missing');
    throwsApex(m('$x'), 'StringException', 'Illegal group reference');
    throwsApex(m('$2'), 'StringException', 'No group 2');
    throwsApex(m('\\'), 'StringException', 'character to be escaped is missing');
    throwsApex(m('${nope}'), 'StringException', 'No group with name {nope}');
  });

  it('Matcher.quoteReplacement escapes \\ and $', () => {
    assert.equal(Matcher.quoteReplacement('$1 \\'), '\\$1 \\\\');
    assert.equal(
      Pattern.compile('a').matcher('a').replaceAll(Matcher.quoteReplacement('$1')),
      '$1',
    );
  });
});

describe('split (Pattern.split, String.split)', () => {
  it('limit 0 drops trailing empty strings; a negative limit keeps them', () => {
    assert.deepEqual(split('a,b,,c,,', ','), ['a', 'b', '', 'c']);
    assert.deepEqual(split('a,b,,c,,', ',', -1), ['a', 'b', '', 'c', '', '']);
  });

  // java.lang.String.split javadoc: "boo:and:foo" with "o" and limits 2, 0.
  it('a positive limit caps the number of parts (Java example boo:and:foo)', () => {
    assert.deepEqual(split('boo:and:foo', 'o', 2), ['b', 'o:and:foo']);
    assert.deepEqual(split('boo:and:foo', 'o', 0), ['b', '', ':and:f']);
    assert.deepEqual(split('boo:and:foo', ':', 5), ['boo', 'and', 'foo']);
  });

  it('no match gives the whole input; a zero-width match at the start gives no leading empty', () => {
    assert.deepEqual(split('abc', ','), ['abc']);
    assert.deepEqual(split('', ','), ['']);
    assert.deepEqual(split('abc', ''), ['a', 'b', 'c']);
    assert.deepEqual(split(',a', ','), ['', 'a']);
  });

  it('Pattern.quote makes regex characters literal', () => {
    assert.deepEqual(split('a.b|c', Pattern.quote('.')), ['a', 'b|c']);
    assert.equal(Pattern.quote('a\\Eb'), '\\Qa\\E\\\\E\\Qb\\E');
    assert.equal(Pattern.matches(Pattern.quote('a\\Eb'), 'a\\Eb'), true);
  });
});

describe('Java syntax translated to JS', () => {
  it('(?i) alone folds ASCII only, as Java; (?iu) folds Unicode', () => {
    assert.equal(Pattern.matches('(?i)hello', 'HeLLo'), true);
    assert.equal(Pattern.matches('(?i)ä', 'Ä'), false);
    assert.equal(Pattern.matches('(?iu)ä', 'Ä'), true);
    assert.equal(Pattern.matches('(?i)[a-c]+', 'AbC'), true);
  });

  it('inline flags end with their group; (?i:...) scopes them', () => {
    assert.equal(Pattern.matches('(a(?i)b)c', 'aBc'), true);
    assert.equal(Pattern.matches('(a(?i)b)c', 'aBC'), false);
    assert.equal(Pattern.matches('(?i:ab)c', 'ABc'), true);
    assert.equal(Pattern.matches('(?i)a(?-i)b', 'Ab'), true);
    assert.equal(Pattern.matches('(?i)a(?-i)b', 'AB'), false);
  });

  it('$ matches before a final line terminator; \\z only at the very end', () => {
    assert.equal(Pattern.compile('a$').matcher('a\n').find(), true);
    assert.equal(Pattern.compile('a\\z').matcher('a\n').find(), false);
    assert.equal(Pattern.compile('a\\Z').matcher('a\r\n').find(), true);
    assert.equal(Pattern.compile('a$').matcher('a\nb').find(), false);
  });

  it('(?m) ^ and $ work per line; (?s) lets . match line terminators', () => {
    const m = Pattern.compile('(?m)^\\w+$').matcher('one\ntwo\r\nthree');
    const lines: (string | null)[] = [];
    while (m.find()) lines.push(m.group());
    assert.deepEqual(lines, ['one', 'two', 'three']);
    assert.equal(Pattern.matches('a.b', 'a\nb'), false);
    assert.equal(Pattern.matches('a.b', 'a\u0085b'), false);
    assert.equal(Pattern.matches('(?s)a.b', 'a\nb'), true);
  });

  it('\\s, \\d, \\w are ASCII; POSIX and Unicode property classes', () => {
    assert.equal(Pattern.matches('\\s', '\u00a0'), false);
    assert.equal(Pattern.matches('\\s', '\u000b'), true);
    assert.equal(Pattern.matches('\\w+', 'straße'), false);
    assert.equal(Pattern.matches('\\p{Alpha}+', 'abcXYZ'), true);
    assert.equal(Pattern.matches('\\p{Alpha}', 'é'), false);
    assert.equal(Pattern.matches('\\p{Punct}+', '!?.,;'), true);
    assert.equal(Pattern.matches('\\p{L}+', 'straße'), true);
    assert.equal(Pattern.matches('\\p{IsLatin}+', 'Ölçü'), true);
    assert.equal(Pattern.matches('\\p{javaLowerCase}', 'é'), true);
    assert.equal(Pattern.matches('(?U)\\w+', 'straße'), true);
  });

  it('class union and intersection', () => {
    assert.equal(Pattern.matches('[a-z&&[^aeiou]]+', 'bcd'), true);
    assert.equal(Pattern.matches('[a-z&&[^aeiou]]+', 'bad'), false);
    assert.equal(Pattern.matches('[a-c[x-z]]+', 'axcz'), true);
    assert.equal(Pattern.matches('[]a]+', ']a'), true);
  });

  it('atomic groups and possessive quantifiers do not give back', () => {
    assert.equal(Pattern.matches('a+a', 'aaa'), true);
    assert.equal(Pattern.matches('a++a', 'aaa'), false);
    assert.equal(Pattern.matches('(?>a+)a', 'aaa'), false);
    const m = Pattern.compile('(?>(x+))(y)').matcher('xxy');
    assert.equal(m.matches(), true);
    assert.equal(m.groupCount(), 2);
    assert.equal(m.group(1), 'xx');
    assert.equal(m.group(2), 'y');
  });

  it('\\Q...\\E quotes, octal/hex/unicode escapes, COMMENTS mode', () => {
    assert.equal(Pattern.matches('\\Qa.b*\\E', 'a.b*'), true);
    assert.equal(Pattern.matches('\\x41\\u0042\\0103\\x{44}', 'ABCD'), true);
    assert.equal(Pattern.matches('(?x) a b # comment\n c', 'abc'), true);
  });

  it('lookbehind and word boundaries', () => {
    assert.equal(Pattern.compile('(?<=@)\\w+').matcher('me@host').find(), true);
    const m = Pattern.compile('\\bcat\\b').matcher('concat cat');
    assert.equal(m.find(), true);
    assert.equal(m.start(), 7);
  });
});

describe('syntax errors: PatternSyntaxException text as StringException', () => {
  it('reports the description, index, pattern and caret', () => {
    throwsApex(
      () => Pattern.compile('*a'),
      'StringException',
      "Invalid regex: Dangling meta character '*' near index 0\n*a\n^",
    );
    throwsApex(
      () => Pattern.compile('(a'),
      'StringException',
      'Invalid regex: Unclosed group near index 2\n(a',
    );
    throwsApex(
      () => Pattern.compile('[a'),
      'StringException',
      'Invalid regex: Unclosed character class near index 1\n[a\n ^',
    );
    throwsApex(
      () => Pattern.compile('{user}'),
      'StringException',
      'Invalid regex: Illegal repetition near index 0\n{user}\n^',
    );
    throwsApex(
      () => Pattern.compile('a)'),
      'StringException',
      "Invalid regex: Unmatched closing ')' near index 0\na)\n^",
    );
    throwsApex(
      () => Pattern.compile('[z-a]'),
      'StringException',
      'Invalid regex: Illegal character range near index 3\n[z-a]\n   ^',
    );
    throwsApex(
      () => Pattern.compile('\\y'),
      'StringException',
      'Invalid regex: Illegal/unsupported escape sequence near index 1\n\\y\n ^',
    );
  });

  it('refuses constructs JS cannot express, with a clear message', () => {
    assert.throws(() => Pattern.compile('\\Ga'), /\\G is not supported/);
    assert.throws(() => Pattern.compile('\\p{InGreek}'), /Unicode block/);
  });
});
