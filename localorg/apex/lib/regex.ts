/**
 * Apex's Pattern and Matcher classes (Apex Reference Guide, "Pattern Class" and "Matcher Class")
 * over JS RegExps translated from Java syntax by regexSyntax.ts. State and exceptions follow
 * java.util.regex.Matcher (Java 17), which Apex wraps: the Java exceptions surface as
 * System.StringException with Java's message ('No match found' from group() without a match is
 * the one commonly seen; the others are unconfirmed but follow the same wrapping).
 *
 * Regions are emulated by matching against the region's text only, which is exactly Java's default
 * of opaque, anchoring bounds. useTransparentBounds / useAnchoringBounds are recorded but not
 * emulated. hitEnd() is approximate: true when the last search failed or its match ended at the
 * region end.
 */
import { ApexSystemError } from '../values/errors.ts';
import { translateJavaRegex, type JavaRegex } from './regexSyntax.ts';

const stringError = (message: string): ApexSystemError =>
  new ApexSystemError('StringException', message);

const CACHE_LIMIT = 500;
const cache = new Map<string, Pattern>();

export class Pattern {
  readonly regex: JavaRegex;
  /** Unanchored search (lastIndex drives the start). */
  readonly search: RegExp;
  /** Anchored at lastIndex (lookingAt). */
  readonly sticky: RegExp;
  /** Anchored at lastIndex and at the end of the text (matches). */
  readonly whole: RegExp;

  private constructor(regex: JavaRegex) {
    this.regex = regex;
    this.search = new RegExp(regex.source, 'dgv');
    this.sticky = new RegExp(regex.source, 'dyv');
    this.whole = new RegExp(`(?:${regex.source})(?![\\s\\S])`, 'dyv');
  }

  /** Pattern.compile(regExp); compiled patterns are cached by source. */
  static compile(regex: string): Pattern {
    let pattern = cache.get(regex);
    if (!pattern) {
      pattern = new Pattern(translateJavaRegex(regex));
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(regex, pattern);
    }
    return pattern;
  }

  /** Pattern.matches(regExp, s): the whole input must match. */
  static matches(regex: string, input: string): boolean {
    return Pattern.compile(regex).matcher(input).matches();
  }

  /** Pattern.quote(s) as java.util.regex.Pattern.quote: \Q...\E, with any \E inside split out. */
  static quote(s: string): string {
    if (!s.includes('\\E')) return `\\Q${s}\\E`;
    return `\\Q${s.split('\\E').join('\\E\\\\E\\Q')}\\E`;
  }

  pattern(): string {
    return this.regex.pattern;
  }

  matcher(input: string): Matcher {
    return new Matcher(this, input);
  }

  /**
   * Pattern.split (and so String.split): a zero-width match at the start yields no leading empty
   * string (Java 8+); limit 0 drops trailing empty strings; limit > 0 caps the list; no match at
   * all gives [input].
   */
  split(input: string, limit = 0): string[] {
    const m = this.matcher(input);
    const list: string[] = [];
    let index = 0;
    let matched = false;
    while (m.find()) {
      matched = true;
      if (limit <= 0 || list.length < limit - 1) {
        if (index === 0 && m.start() === 0 && m.end() === 0) continue;
        list.push(input.slice(index, m.start()));
        index = m.end();
      } else if (list.length === limit - 1) {
        list.push(input.slice(index));
        index = m.end();
        break;
      }
    }
    if (!matched || index === 0) return [input];
    if (limit <= 0 || list.length < limit) list.push(input.slice(index));
    if (limit === 0) while (list.length > 0 && list[list.length - 1] === '') list.pop();
    return list;
  }

  toString(): string {
    return this.regex.pattern;
  }
}

export class Matcher {
  private parent: Pattern;
  private text: string;
  private from = 0;
  private to: number;
  /** Start and end of the last match; first is -1 when there is none. */
  private first = -1;
  private last = 0;
  private groups: number[] = [];
  private appendPos = 0;
  private lastHitEnd = false;
  private transparent = false;
  private anchoring = true;

  constructor(pattern: Pattern, input: string) {
    this.parent = pattern;
    this.text = input;
    this.to = input.length;
  }

  pattern(): Pattern {
    return this.parent;
  }

  /** Matcher.matches(): the entire region must match. */
  matches(): boolean {
    return this.run(this.parent.whole, this.from, true);
  }

  /** Matcher.lookingAt(): a match must start at the region start. */
  lookingAt(): boolean {
    return this.run(this.parent.sticky, this.from, false);
  }

  /** find() continues after the last match (one char further after an empty one); find(start) resets first. */
  find(start?: number): boolean {
    if (start !== undefined) {
      if (start < 0 || start > this.text.length) throw stringError('Illegal start index');
      this.reset();
      return this.run(this.parent.search, start, false);
    }
    let next = this.last;
    if (next === this.first) next++;
    if (next < this.from) next = this.from;
    if (next > this.to) {
      this.groups = [];
      this.first = -1;
      return false;
    }
    return this.run(this.parent.search, next, false);
  }

  private run(re: RegExp, from: number, whole: boolean): boolean {
    const region = this.text.slice(this.from, this.to);
    re.lastIndex = from - this.from;
    const m = re.exec(region);
    this.groups = [];
    if (!m || !m.indices) {
      this.first = -1;
      this.lastHitEnd = true;
      return false;
    }
    const { regex } = this.parent;
    for (let g = 0; g <= regex.groupCount; g++) {
      const span = m.indices[regex.jsGroup[g]];
      this.groups.push(span ? span[0] + this.from : -1, span ? span[1] + this.from : -1);
    }
    this.first = this.groups[0];
    this.last = this.groups[1];
    this.lastHitEnd = whole || this.last === this.to;
    return true;
  }

  private checkMatch(message: string): void {
    if (this.first < 0) throw stringError(message);
  }

  private groupIndex(group: number | string): number {
    if (typeof group === 'string') {
      this.checkMatch('No match found');
      const index = this.parent.regex.namedGroups.get(group);
      if (index === undefined) throw stringError(`No group with name <${group}>`);
      return index;
    }
    if (group < 0 || group > this.groupCount()) throw stringError(`No group ${group}`);
    return group;
  }

  /** group(), group(n), group(name): null when the group took no part in the match. */
  group(group: number | string = 0): string | null {
    this.checkMatch('No match found');
    const g = this.groupIndex(group);
    const start = this.groups[g * 2] ?? -1;
    const end = this.groups[g * 2 + 1] ?? -1;
    return start < 0 || end < 0 ? null : this.text.slice(start, end);
  }

  groupCount(): number {
    return this.parent.regex.groupCount;
  }

  start(group: number | string = 0): number {
    this.checkMatch('No match available');
    return this.groups[this.groupIndex(group) * 2] ?? -1;
  }

  end(group: number | string = 0): number {
    this.checkMatch('No match available');
    return this.groups[this.groupIndex(group) * 2 + 1] ?? -1;
  }

  hitEnd(): boolean {
    return this.lastHitEnd;
  }

  /** requireEnd(): whether more input could turn a match into a non-match; approximated as false. */
  requireEnd(): boolean {
    return false;
  }

  region(start: number, end: number): this {
    if (start < 0 || start > this.text.length) throw stringError('start');
    if (end < 0 || end > this.text.length) throw stringError('end');
    if (start > end) throw stringError('start > end');
    this.reset();
    this.from = start;
    this.to = end;
    return this;
  }

  regionStart(): number {
    return this.from;
  }

  regionEnd(): number {
    return this.to;
  }

  hasTransparentBounds(): boolean {
    return this.transparent;
  }

  hasAnchoringBounds(): boolean {
    return this.anchoring;
  }

  useTransparentBounds(value: boolean): this {
    this.transparent = value;
    return this;
  }

  useAnchoringBounds(value: boolean): this {
    this.anchoring = value;
    return this;
  }

  /** reset() and reset(input): forget the match and the region. */
  reset(input?: string): this {
    if (input !== undefined) this.text = input;
    this.first = -1;
    this.last = 0;
    this.groups = [];
    this.appendPos = 0;
    this.from = 0;
    this.to = this.text.length;
    return this;
  }

  /** usePattern keeps the position but loses the groups (Matcher.usePattern). */
  usePattern(pattern: Pattern | null): this {
    if (pattern === null) throw stringError('Pattern cannot be null');
    this.parent = pattern;
    this.groups = [];
    return this;
  }

  replaceAll(replacement: string): string {
    this.reset();
    const out: string[] = [];
    while (this.find()) this.appendReplacement(out, replacement);
    return this.appendTail(out).join('');
  }

  replaceFirst(replacement: string): string {
    this.reset();
    const out: string[] = [];
    if (this.find()) this.appendReplacement(out, replacement);
    return this.appendTail(out).join('');
  }

  /** Appends the text before the match and the expanded replacement to out. */
  appendReplacement(out: string[], replacement: string): this {
    this.checkMatch('No match available');
    const expanded = this.expand(replacement);
    out.push(this.text.slice(this.appendPos, this.first), expanded);
    this.appendPos = this.last;
    return this;
  }

  appendTail(out: string[]): string[] {
    out.push(this.text.slice(this.appendPos));
    return out;
  }

  /** Matcher.appendExpandedReplacement: $n (longest valid group number), ${name}, \x. */
  private expand(replacement: string): string {
    let result = '';
    let i = 0;
    while (i < replacement.length) {
      const c = replacement[i];
      if (c === '\\') {
        i++;
        if (i === replacement.length) throw stringError('character to be escaped is missing');
        result += replacement[i++];
      } else if (c === '$') {
        i++;
        if (i === replacement.length) {
          throw stringError('Illegal group reference: group index is missing');
        }
        let ref: number;
        if (replacement[i] === '{') {
          i++;
          const name = /^[a-zA-Z0-9]*/.exec(replacement.slice(i))?.[0] ?? '';
          i += name.length;
          if (name.length === 0) throw stringError('named capturing group has 0 length name');
          if (replacement[i] !== '}') {
            throw stringError("named capturing group is missing trailing '}'");
          }
          i++;
          if (/^[0-9]/.test(name)) {
            throw stringError(`capturing group name {${name}} starts with digit character`);
          }
          const named = this.parent.regex.namedGroups.get(name);
          if (named === undefined) throw stringError(`No group with name {${name}}`);
          ref = named;
        } else {
          if (!/[0-9]/.test(replacement[i])) throw stringError('Illegal group reference');
          ref = Number(replacement[i++]);
          while (i < replacement.length && /[0-9]/.test(replacement[i])) {
            const next = ref * 10 + Number(replacement[i]);
            if (next > this.groupCount()) break;
            ref = next;
            i++;
          }
        }
        result += this.group(ref) ?? '';
      } else {
        result += c;
        i++;
      }
    }
    return result;
  }

  /** Matcher.quoteReplacement: escapes \ and $. */
  static quoteReplacement(s: string): string {
    return s.replace(/[\\$]/g, (c) => '\\' + c);
  }
}

/** String.replaceAll(regExp, replacement) = Pattern.compile(regExp).matcher(s).replaceAll(...). */
export function replaceAllRegex(s: string, regex: string, replacement: string): string {
  return Pattern.compile(regex).matcher(s).replaceAll(replacement);
}

export function replaceFirstRegex(s: string, regex: string, replacement: string): string {
  return Pattern.compile(regex).matcher(s).replaceFirst(replacement);
}

export function splitRegex(s: string, regex: string, limit = 0): string[] {
  return Pattern.compile(regex).split(s, limit);
}
