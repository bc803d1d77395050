/**
 * Pattern and Matcher (Apex Reference Guide, "Pattern Class" and "Matcher Class") as system
 * objects over lib/regex.ts, which follows java.util.regex. A Pattern object holds the compiled
 * pattern; a Matcher object its lib/regex Matcher and the Pattern object it uses (pattern()
 * returns that same object). Errors are lib/regex's: StringException 'Invalid regex: ...' for a
 * bad expression, 'No match found' / 'No match available' for group, start and end without a
 * match.
 */
import type { Frame } from '../runtime/context.ts';
import { services } from '../runtime/invoke.ts';
import type { NativeClassSpec } from '../runtime/native.ts';
import { arity } from '../runtime/native.ts';
import { T } from '../runtime/types.ts';
import { ApexList, NativeObject } from '../runtime/values.ts';
import { Matcher, Pattern } from './regex.ts';
import { booleanArg, integerArg, noSuchSignature, stringArg } from './primitives.ts';

function newObject(className: string, data: Record<string, unknown>): NativeObject {
  return new NativeObject(services.current!.systemClass(className), data);
}

function patternObject(pattern: Pattern): NativeObject {
  return newObject('Pattern', { pattern });
}

function patternOf(self: NativeObject): Pattern {
  return self.data.pattern as Pattern;
}

function matcherOf(self: NativeObject): Matcher {
  return self.data.matcher as Matcher;
}

/** A group argument: an index, or (as java.util.regex allows) a group name. */
function groupArg(frame: Frame, value: unknown, method: string): number | string {
  if (typeof value === 'string') return value;
  return integerArg(frame, value, 'Matcher', method);
}

const patternClass: NativeClassSpec = {
  name: 'Pattern',
  statics: {
    /** compile(regExp): Java syntax; a bad expression raises StringException 'Invalid regex: ...'. */
    compile: (frame, args) => {
      arity(args, 1);
      return patternObject(Pattern.compile(stringArg(frame, args[0], 'Pattern', 'compile')));
    },
    /** matches(regExp, stringtoMatch): whether the whole string matches. */
    matches: (frame, args) => {
      arity(args, 2);
      const regex = stringArg(frame, args[0], 'Pattern', 'matches');
      return Pattern.matches(regex, stringArg(frame, args[1], 'Pattern', 'matches'));
    },
    /** quote(yourString): \Q...\E, so that the string matches literally. */
    quote: (frame, args) => {
      arity(args, 1);
      return Pattern.quote(stringArg(frame, args[0], 'Pattern', 'quote'));
    },
  },
  methods: {
    matcher: (frame, self: NativeObject, args) => {
      arity(args, 1);
      const input = stringArg(frame, args[0], 'Pattern', 'matcher');
      return newObject('Matcher', { matcher: patternOf(self).matcher(input), pattern: self });
    },
    pattern: (_frame, self: NativeObject, args) => {
      arity(args, 0);
      return patternOf(self).pattern();
    },
    /**
     * split(regExp) and split(regExp, limit): the argument is the String to split (the guide
     * names it regExp); limit 0 drops trailing empty strings, a negative limit keeps them.
     */
    split: (frame, self: NativeObject, args) => {
      arity(args, 1, 2);
      const input = stringArg(frame, args[0], 'Pattern', 'split');
      const limit = args.length === 2 ? integerArg(frame, args[1], 'Pattern', 'split') : 0;
      return new ApexList(T.String, patternOf(self).split(input, limit));
    },
  },
};

/** Matcher methods that return the Matcher itself (for chaining). */
function chained(
  run: (frame: Frame, matcher: Matcher, args: unknown[]) => void,
  ...counts: number[]
): (frame: Frame, self: NativeObject, args: unknown[]) => NativeObject {
  return (frame, self, args) => {
    arity(args, ...counts);
    run(frame, matcherOf(self), args);
    return self;
  };
}

const matcherClass: NativeClassSpec = {
  name: 'Matcher',
  statics: {
    /** quoteReplacement(yourString): escapes '\' and '$' for replaceAll / replaceFirst. */
    quoteReplacement: (frame, args) => {
      arity(args, 1);
      return Matcher.quoteReplacement(stringArg(frame, args[0], 'Matcher', 'quoteReplacement'));
    },
  },
  methods: {
    /** end() and end(groupIndex): the position after the match (group); -1 for a group that took no part. */
    end: (frame, self: NativeObject, args) => {
      arity(args, 0, 1);
      const m = matcherOf(self);
      return args.length === 0 ? m.end() : m.end(groupArg(frame, args[0], 'end'));
    },
    /** find() continues after the last match; find(group) resets and searches from that index. */
    find: (frame, self: NativeObject, args) => {
      arity(args, 0, 1);
      const m = matcherOf(self);
      return args.length === 0 ? m.find() : m.find(integerArg(frame, args[0], 'Matcher', 'find'));
    },
    /** group() and group(groupIndex): null for a group that took no part in the match. */
    group: (frame, self: NativeObject, args) => {
      arity(args, 0, 1);
      const m = matcherOf(self);
      return args.length === 0 ? m.group() : m.group(groupArg(frame, args[0], 'group'));
    },
    groupCount: (_frame, self: NativeObject) => matcherOf(self).groupCount(),
    hasAnchoringBounds: (_frame, self: NativeObject) => matcherOf(self).hasAnchoringBounds(),
    hasTransparentBounds: (_frame, self: NativeObject) => matcherOf(self).hasTransparentBounds(),
    hitEnd: (_frame, self: NativeObject) => matcherOf(self).hitEnd(),
    lookingAt: (_frame, self: NativeObject) => matcherOf(self).lookingAt(),
    matches: (_frame, self: NativeObject) => matcherOf(self).matches(),
    pattern: (_frame, self: NativeObject) => self.data.pattern,
    region: chained(
      (frame, m, args) =>
        m.region(
          integerArg(frame, args[0], 'Matcher', 'region'),
          integerArg(frame, args[1], 'Matcher', 'region'),
        ),
      2,
    ),
    regionEnd: (_frame, self: NativeObject) => matcherOf(self).regionEnd(),
    regionStart: (_frame, self: NativeObject) => matcherOf(self).regionStart(),
    /** replaceAll / replaceFirst(replacement): $n and ${name} refer to groups, \ escapes. */
    replaceAll: (frame, self: NativeObject, args) => {
      arity(args, 1);
      return matcherOf(self).replaceAll(stringArg(frame, args[0], 'Matcher', 'replaceAll'));
    },
    replaceFirst: (frame, self: NativeObject, args) => {
      arity(args, 1);
      return matcherOf(self).replaceFirst(stringArg(frame, args[0], 'Matcher', 'replaceFirst'));
    },
    requireEnd: (_frame, self: NativeObject) => matcherOf(self).requireEnd(),
    /** reset() and reset(inputSequence): forget the match and the region (and take new input). */
    reset: chained(
      (frame, m, args) =>
        args.length === 0 ? m.reset() : m.reset(stringArg(frame, args[0], 'Matcher', 'reset')),
      0,
      1,
    ),
    start: (frame, self: NativeObject, args) => {
      arity(args, 0, 1);
      const m = matcherOf(self);
      return args.length === 0 ? m.start() : m.start(groupArg(frame, args[0], 'start'));
    },
    useAnchoringBounds: chained(
      (frame, m, args) =>
        m.useAnchoringBounds(booleanArg(frame, args[0], 'Matcher', 'useAnchoringBounds')),
      1,
    ),
    /** usePattern(pattern): keeps the position, loses the groups. */
    usePattern: (frame, self: NativeObject, args) => {
      arity(args, 1);
      const next = args[0];
      // null: Java's IllegalArgumentException 'Pattern cannot be null', as lib/regex raises it.
      if (next === null || next === undefined) return matcherOf(self).usePattern(null);
      if (!(next instanceof NativeObject) || !(next.data.pattern instanceof Pattern)) {
        return noSuchSignature(frame, 'Matcher', 'usePattern', args);
      }
      matcherOf(self).usePattern(next.data.pattern);
      self.data.pattern = next;
      return self;
    },
    useTransparentBounds: chained(
      (frame, m, args) =>
        m.useTransparentBounds(booleanArg(frame, args[0], 'Matcher', 'useTransparentBounds')),
      1,
    ),
  },
};

export const patternsClasses: NativeClassSpec[] = [patternClass, matcherClass];
