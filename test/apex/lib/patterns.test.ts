/**
 * Pattern and Matcher as Apex objects (lib/patterns.ts over lib/regex.ts), run as anonymous Apex
 * on the harness's local org. Each case cites the Apex Reference Guide's "Pattern Class" and
 * "Matcher Class", or the Apex Developer Guide's "Using Patterns and Matchers"; Apex regexes are
 * java.util.regex. Snippets are String.raw so that Apex sees '\\d' as written.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newHarness, runAnonymous } from '../harness.ts';

const harness = newHarness();

function debug(source: string): string[] {
  const outcome = runAnonymous(source, harness.runtime);
  assert.equal(outcome.error, null, `unexpected ${outcome.error}`);
  return outcome.debug;
}

function error(source: string): string | null {
  return runAnonymous(source, harness.runtime).error;
}

describe('Pattern', () => {
  // Apex Developer Guide, "Pattern and Matcher Example": '(a(b)?)+' against 'aba' matches, hits
  // the end, has two groups, group(1) is 'a' and end() is 3 for the match and group 1.
  it('the guide example', () => {
    assert.deepEqual(
      debug(String.raw`
        Pattern myPattern = Pattern.compile('(a(b)?)+');
        Matcher myMatcher = myPattern.matcher('aba');
        System.debug(myMatcher.matches() && myMatcher.hitEnd());
        System.debug(myMatcher.groupCount() + ' ' + myMatcher.group(0) + ' ' + myMatcher.group(1));
        System.debug(myMatcher.end() + ' ' + myMatcher.end(0) + ' ' + myMatcher.end(1));`),
      ['true', '2 aba a', '3 3 3'],
    );
  });

  // Pattern Class: matches(regExp, stringtoMatch) needs the whole string to match; pattern()
  // returns the expression; quote(yourString) makes metacharacters literal.
  it('matches, pattern and quote', () => {
    assert.deepEqual(
      debug(String.raw`
        System.debug(Pattern.matches('a*b', 'aaaaab') + ' ' + Pattern.matches('a*b', 'aaaaabc'));
        System.debug(Pattern.compile('\\d+').pattern());
        String q = Pattern.quote('1+1=2?');
        System.debug(q + ' ' + Pattern.matches(q, '1+1=2?') + ' ' + Pattern.matches('1+1=2?', '1+1=2?'));`),
      ['true false', String.raw`\d+`, String.raw`\Q1+1=2?\E true false`],
    );
  });

  // Pattern Class, split(regExp) and split(regExp, limit) (the argument is the input): like
  // String.split, trailing empty strings go unless the limit is negative; a List<String>.
  it('split', () => {
    assert.deepEqual(
      debug(String.raw`
        Pattern comma = Pattern.compile('\\s*,\\s*');
        List<String> parts = comma.split('a , b,c,,');
        System.debug(parts.size() + ' ' + parts);
        System.debug(comma.split('a,b,,', -1).size() + ' ' + comma.split('a,b,c', 2));
        System.debug(comma.split('abc'));`),
      ['3 (a, b, c)', '4 (a, b,c)', '(abc)'],
    );
  });

  // Pattern Class, compile: an invalid expression is StringException 'Invalid regex: ...'.
  it('a bad expression raises StringException', () => {
    const thrown = error(`Pattern.compile('(a');`);
    assert.ok(thrown?.startsWith('System.StringException: Invalid regex: '), String(thrown));
  });
});

describe('Matcher', () => {
  // Matcher Class: find() walks the matches; start(), end() and group(groupIndex) describe the
  // current one; reset() starts over; replaceAll / replaceFirst take $n group references.
  it('find, start, end, group, reset and replace', () => {
    assert.deepEqual(
      debug(String.raw`
        Matcher m = Pattern.compile('([a-z])(\\d)').matcher('a1 b2 c3');
        List<String> found = new List<String>();
        while (m.find()) found.add(m.group(1) + m.group(2) + '@' + m.start() + '-' + m.end());
        System.debug(found);
        System.debug(m.reset().replaceAll('$2$1'));
        System.debug(m.replaceFirst('[$0]'));
        System.debug(m.find(3) + ' ' + m.group() + ' ' + m.start(1));`),
      ['(a1@0-2, b2@3-5, c3@6-8)', '1a 2b 3c', '[a1] b2 c3', 'true b2 3'],
    );
  });

  // Matcher Class, lookingAt() anchors at the region start; region(start, end), regionStart(),
  // regionEnd(); the bounds flags default to anchoring and opaque bounds.
  it('lookingAt and regions', () => {
    assert.deepEqual(
      debug(String.raw`
        Matcher m = Pattern.compile('\\d+').matcher('ab123cd');
        System.debug(m.lookingAt() + ' ' + m.matches());
        m.region(2, 5);
        System.debug(m.regionStart() + ' ' + m.regionEnd() + ' ' + m.matches() + ' ' + m.group());
        System.debug(m.hasAnchoringBounds() + ' ' + m.hasTransparentBounds());
        System.debug(m.useTransparentBounds(true).hasTransparentBounds());`),
      ['false false', '2 5 true 123', 'true false', 'true'],
    );
  });

  // Matcher Class: pattern() returns the Pattern; usePattern(pattern) switches it;
  // quoteReplacement(yourString) escapes '\' and '$'.
  it('pattern, usePattern and quoteReplacement', () => {
    assert.deepEqual(
      debug(String.raw`
        Pattern digits = Pattern.compile('\\d');
        Matcher m = digits.matcher('a1b');
        System.debug(m.pattern() === digits);
        m.usePattern(Pattern.compile('[a-z]'));
        System.debug(m.pattern().pattern() + ' ' + m.find() + ' ' + m.group());
        System.debug(Matcher.quoteReplacement('$1 \\ x'));
        System.debug('cost'.replaceAll('cost', Matcher.quoteReplacement('$5')));`),
      ['true', '[a-z] true a', String.raw`\$1 \\ x`, '$5'],
    );
  });

  // Matcher Class, group(): without a successful match java.util.regex's IllegalStateException,
  // which Apex raises as StringException 'No match found'.
  it('group without a match raises StringException', () => {
    assert.equal(
      error(`Matcher m = Pattern.compile('x').matcher('abc'); m.find(); m.group();`),
      'System.StringException: No match found',
    );
  });
});
