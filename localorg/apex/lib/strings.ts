/**
 * Apex's String class (Apex Reference Guide, "String Class") over JS strings, which are UTF-16
 * like Java's, so lengths and indexes agree. `stringMethods` holds the instance methods by
 * lower-case name (the receiver is never null: the interpreter throws the NullPointerException);
 * `staticStringMethods` the static ones except valueOf, which the interpreter does itself.
 * Overloads are told apart by argument count. Arguments arrive as Apex values: Integer = number,
 * String = string, null = null.
 *
 * Methods that are java.lang.String methods (charAt, compareTo, contains, indexOf, replace,
 * split, substring, trim...) follow Java; the rest are Commons Lang 3 StringUtils (stringUtils.ts)
 * and StringEscapeUtils (stringEscapes.ts). A null argument where Java would throw raises
 * NullPointerException (message unconfirmed); StringUtils methods treat null as StringUtils does.
 */
import { ApexSystemError, raise } from '../values/errors.ts';
import { formatMessage, type ArgumentText } from './messageFormat.ts';
import { replaceAllRegex, replaceFirstRegex, splitRegex } from './regex.ts';
import * as esc from './stringEscapes.ts';
import * as su from './stringUtils.ts';

const stringError = (message: string): ApexSystemError =>
  new ApexSystemError('StringException', message);

function int(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(BigInt.asIntN(32, value));
  if (value === null || value === undefined) throw raise.nullPointer();
  throw raise.type(`Expected an Integer, got ${typeof value}`);
}

/** A String argument that may be null. */
function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  throw raise.type(`Expected a String, got ${typeof value}`);
}

/** A String argument where java.lang.String would throw NullPointerException for null. */
function required(value: unknown): string {
  const s = text(value);
  if (s === null) throw raise.nullPointer();
  return s;
}

/**
 * substring(start[, end]). The messages are the ones Apex prints ("Starting position out of
 * bounds: 5", "Ending position out of bounds: 5"); a start after the end reports the start
 * (unconfirmed).
 */
export function substring(s: string, start: number, end = s.length): string {
  if (start < 0 || start > s.length) throw stringError(`Starting position out of bounds: ${start}`);
  if (end < 0 || end > s.length) throw stringError(`Ending position out of bounds: ${end}`);
  if (start > end) throw stringError(`Starting position out of bounds: ${start}`);
  return s.slice(start, end);
}

/** Java's StringIndexOutOfBoundsException message; Apex's wording is unconfirmed. */
const outOfRange = (index: number): ApexSystemError =>
  stringError(`String index out of range: ${index}`);

export function charAt(s: string, index: number): number {
  if (index < 0 || index >= s.length) throw outOfRange(index);
  return s.charCodeAt(index);
}

export function codePointAt(s: string, index: number): number {
  if (index < 0 || index >= s.length) throw outOfRange(index);
  return s.codePointAt(index) ?? 0;
}

export function codePointBefore(s: string, index: number): number {
  if (index < 1 || index > s.length) throw outOfRange(index);
  const low = s.charCodeAt(index - 1);
  const high = index >= 2 ? s.charCodeAt(index - 2) : 0;
  if (low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff) {
    return s.codePointAt(index - 2) ?? low;
  }
  return low;
}

export function codePointCount(s: string, begin: number, end: number): number {
  if (begin < 0 || end > s.length || begin > end) throw outOfRange(begin < 0 ? begin : end);
  return Array.from(s.slice(begin, end)).length;
}

/** String.offsetByCodePoints: the index offset code points away from index. */
export function offsetByCodePoints(s: string, index: number, offset: number): number {
  if (index < 0 || index > s.length) throw outOfRange(index);
  let i = index;
  const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
  const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;
  for (let n = 0; n < offset; n++) {
    if (i >= s.length) throw outOfRange(i);
    i += isHigh(s.charCodeAt(i)) && isLow(s.charCodeAt(i + 1)) ? 2 : 1;
  }
  for (let n = 0; n > offset; n--) {
    if (i <= 0) throw outOfRange(i);
    i -= isLow(s.charCodeAt(i - 1)) && i >= 2 && isHigh(s.charCodeAt(i - 2)) ? 2 : 1;
  }
  return i;
}

/** String.compareTo: the first differing UTF-16 unit's difference, else the length difference. */
export function compareTo(s: string, other: string): number {
  const n = Math.min(s.length, other.length);
  for (let i = 0; i < n; i++) {
    const d = s.charCodeAt(i) - other.charCodeAt(i);
    if (d !== 0) return d;
  }
  return s.length - other.length;
}

/** String.hashCode: s[0]*31^(n-1) + ... as a 32-bit int. */
export function hashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** String.lastIndexOf(str, fromIndex): a negative fromIndex finds nothing (JS would clamp to 0). */
export function lastIndexOf(s: string, sub: string, from = s.length): number {
  return from < 0 ? -1 : s.lastIndexOf(sub, from);
}

export function indexOfChar(s: string, codePoint: number, from = 0): number {
  if (codePoint < 0 || codePoint > 0x10ffff) return -1;
  return s.indexOf(String.fromCodePoint(codePoint), Math.max(from, 0));
}

export function lastIndexOfChar(s: string, codePoint: number, from = s.length - 1): number {
  if (codePoint < 0 || codePoint > 0x10ffff || from < 0) return -1;
  return s.lastIndexOf(String.fromCodePoint(codePoint), from);
}

/** String.replace(CharSequence, CharSequence): literal; an empty target inserts between chars. */
export function replaceLiteral(s: string, target: string, replacement: string): string {
  return s.replaceAll(target, () => replacement);
}

/** toUpperCase(locale) / toLowerCase(locale): 'tr', 'en_US'...; an unknown locale uses root rules. */
function localeTag(locale: string): string | undefined {
  const tag = locale.replaceAll('_', '-');
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

export const toUpperCase = (s: string, locale?: string | null): string =>
  locale ? s.toLocaleUpperCase(localeTag(locale)) : s.toUpperCase();
export const toLowerCase = (s: string, locale?: string | null): string =>
  locale ? s.toLocaleLowerCase(localeTag(locale)) : s.toLowerCase();

/** getChars(): the UTF-16 units as Integers. */
export const getChars = (s: string): number[] =>
  Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));

/** String.fromCharArray(List<Integer>): each Integer is a code point. */
export function fromCharArray(chars: readonly unknown[]): string {
  return chars
    .map((c) => {
      const cp = int(c);
      if (cp < 0 || cp > 0x10ffff) throw stringError(`Invalid code point: ${cp}`);
      return String.fromCodePoint(cp);
    })
    .join('');
}

export type StringMethod = (s: string, ...args: unknown[]) => unknown;

const arity =
  (...variants: ((s: string, ...args: unknown[]) => unknown)[]): StringMethod =>
  (s, ...args) => {
    const variant = variants.find((v) => v.length === args.length + 1);
    if (!variant) throw raise.type(`No String method overload takes ${args.length} arguments`);
    return variant(s, ...args);
  };

/** Instance methods of Apex's String class by lower-case name. */
export const stringMethods: Readonly<Record<string, StringMethod>> = {
  abbreviate: arity(
    (s, w) => su.abbreviate(s, int(w)),
    (s, w, o) => su.abbreviate(s, int(w), int(o)),
  ),
  capitalize: (s) => su.capitalize(s),
  center: arity(
    (s, n) => su.center(s, int(n)),
    (s, n, p) => su.center(s, int(n), text(p)),
  ),
  charat: (s, i) => charAt(s, int(i)),
  codepointat: (s, i) => codePointAt(s, int(i)),
  codepointbefore: (s, i) => codePointBefore(s, int(i)),
  codepointcount: (s, b, e) => codePointCount(s, int(b), int(e)),
  compareto: (s, o) => compareTo(s, required(o)),
  contains: (s, sub) => s.includes(required(sub)),
  containsany: (s, c) => su.containsAny(s, text(c)),
  containsignorecase: (s, sub) => su.containsIgnoreCase(s, text(sub)),
  containsnone: (s, c) => su.containsNone(s, text(c)),
  containsonly: (s, c) => su.containsOnly(s, text(c)),
  containswhitespace: (s) => su.containsWhitespace(s),
  countmatches: (s, sub) => su.countMatches(s, text(sub)),
  deletewhitespace: (s) => su.deleteWhitespace(s),
  difference: (s, o) => su.difference(s, text(o)),
  endswith: (s, x) => s.endsWith(required(x)),
  endswithignorecase: (s, x) => su.endsWithIgnoreCase(s, text(x)),
  // equals(Object): case-sensitive, false for null (unlike the case-insensitive == operator).
  equals: (s, o) => typeof o === 'string' && s === o,
  equalsignorecase: (s, o) => su.equalsIgnoreCase(s, text(o)),
  escapecsv: (s) => esc.escapeCsv(s),
  escapeecmascript: (s) => esc.escapeEcmaScript(s),
  escapehtml3: (s) => esc.escapeHtml3(s),
  escapehtml4: (s) => esc.escapeHtml4(s),
  escapejava: (s) => esc.escapeJava(s),
  escapeunicode: (s) => esc.escapeUnicode(s),
  escapexml: (s) => esc.escapeXml(s),
  getchars: (s) => getChars(s),
  getlevenshteindistance: arity(
    (s, t) => su.levenshtein(s, text(t)),
    (s, t, n) => su.levenshtein(s, text(t), int(n)),
  ),
  hashcode: (s) => hashCode(s),
  indexof: arity(
    (s, sub) => s.indexOf(required(sub)),
    (s, sub, from) => s.indexOf(required(sub), Math.max(int(from), 0)),
  ),
  indexofany: (s, c) => su.indexOfAny(s, text(c)),
  indexofanybut: (s, c) => su.indexOfAnyBut(s, text(c)),
  indexofchar: arity(
    (s, c) => indexOfChar(s, int(c)),
    (s, c, from) => indexOfChar(s, int(c), int(from)),
  ),
  indexofdifference: (s, o) => su.indexOfDifference(s, text(o)),
  indexofignorecase: arity(
    (s, sub) => su.indexOfIgnoreCase(s, text(sub)),
    (s, sub, from) => su.indexOfIgnoreCase(s, text(sub), int(from)),
  ),
  isalllowercase: (s) => su.isAllLowerCase(s),
  isalluppercase: (s) => su.isAllUpperCase(s),
  isalpha: (s) => su.isAlpha(s),
  isalphaspace: (s) => su.isAlphaSpace(s),
  isalphanumeric: (s) => su.isAlphanumeric(s),
  isalphanumericspace: (s) => su.isAlphanumericSpace(s),
  isasciiprintable: (s) => su.isAsciiPrintable(s),
  isnumeric: (s) => su.isNumeric(s),
  isnumericspace: (s) => su.isNumericSpace(s),
  iswhitespace: (s) => su.isWhitespace(s),
  lastindexof: arity(
    (s, sub) => lastIndexOf(s, required(sub)),
    (s, sub, from) => lastIndexOf(s, required(sub), int(from)),
  ),
  lastindexofchar: arity(
    (s, c) => lastIndexOfChar(s, int(c)),
    (s, c, from) => lastIndexOfChar(s, int(c), int(from)),
  ),
  lastindexofignorecase: arity(
    (s, sub) => su.lastIndexOfIgnoreCase(s, text(sub)),
    (s, sub, from) => su.lastIndexOfIgnoreCase(s, text(sub), int(from)),
  ),
  left: (s, n) => su.left(s, int(n)),
  leftpad: arity(
    (s, n) => su.leftPad(s, int(n)),
    (s, n, p) => su.leftPad(s, int(n), text(p)),
  ),
  length: (s) => s.length,
  mid: (s, pos, n) => su.mid(s, int(pos), int(n)),
  normalizespace: (s) => su.normalizeSpace(s),
  offsetbycodepoints: (s, i, n) => offsetByCodePoints(s, int(i), int(n)),
  remove: (s, sub) => su.remove(s, text(sub)),
  removeend: (s, x) => su.removeEnd(s, text(x)),
  removeendignorecase: (s, x) => su.removeEndIgnoreCase(s, text(x)),
  removestart: (s, x) => su.removeStart(s, text(x)),
  removestartignorecase: (s, x) => su.removeStartIgnoreCase(s, text(x)),
  repeat: arity(
    (s, n) => su.repeat(s, int(n)),
    (s, sep, n) => su.repeat(s, int(n), text(sep)),
  ),
  replace: (s, target, replacement) => replaceLiteral(s, required(target), required(replacement)),
  replaceall: (s, regex, replacement) => replaceAllRegex(s, required(regex), required(replacement)),
  replacefirst: (s, regex, replacement) =>
    replaceFirstRegex(s, required(regex), required(replacement)),
  reverse: (s) => Array.from(s).reverse().join(''),
  right: (s, n) => su.right(s, int(n)),
  rightpad: arity(
    (s, n) => su.rightPad(s, int(n)),
    (s, n, p) => su.rightPad(s, int(n), text(p)),
  ),
  split: arity(
    (s, regex) => splitRegex(s, required(regex)),
    (s, regex, limit) => splitRegex(s, required(regex), int(limit)),
  ),
  splitbycharactertype: (s) => su.splitByCharacterType(s, false),
  splitbycharactertypecamelcase: (s) => su.splitByCharacterType(s, true),
  startswith: (s, x) => s.startsWith(required(x)),
  startswithignorecase: (s, x) => su.startsWithIgnoreCase(s, text(x)),
  striphtmltags: (s) => esc.stripHtmlTags(s),
  substring: arity(
    (s, start) => substring(s, int(start)),
    (s, start, end) => substring(s, int(start), int(end)),
  ),
  substringafter: (s, sep) => su.substringAfter(s, text(sep)),
  substringafterlast: (s, sep) => su.substringAfterLast(s, text(sep)),
  substringbefore: (s, sep) => su.substringBefore(s, text(sep)),
  substringbeforelast: (s, sep) => su.substringBeforeLast(s, text(sep)),
  substringbetween: arity(
    (s, tag) => su.substringBetween(s, text(tag), text(tag)),
    (s, open, close) => su.substringBetween(s, text(open), text(close)),
  ),
  swapcase: (s) => su.swapCase(s),
  tolowercase: arity(
    (s) => toLowerCase(s),
    (s, locale) => toLowerCase(s, text(locale)),
  ),
  touppercase: arity(
    (s) => toUpperCase(s),
    (s, locale) => toUpperCase(s, text(locale)),
  ),
  tostring: (s) => s,
  trim: (s) => su.javaTrim(s),
  uncapitalize: (s) => su.uncapitalize(s),
  unescapecsv: (s) => esc.unescapeCsv(s),
  unescapeecmascript: (s) => esc.unescapeJava(s),
  unescapehtml3: (s) => esc.unescapeHtml3(s),
  unescapehtml4: (s) => esc.unescapeHtml4(s),
  unescapejava: (s) => esc.unescapeJava(s),
  unescapeunicode: (s) => esc.unescapeUnicode(s),
  unescapexml: (s) => esc.unescapeXml(s),
};

export type StaticStringMethod = (...args: unknown[]) => unknown;

function list(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  if (value === null || value === undefined) throw raise.nullPointer();
  throw raise.type('Expected a List');
}

/**
 * Static methods of Apex's String class by lower-case name (valueOf and valueOfGmt are the
 * interpreter's). join takes the already-converted element strings; a null element joins as ''
 * (StringUtils.join; unconfirmed for Apex). format's third argument is the interpreter's
 * converter for Decimal, Date and other non-primitive arguments.
 */
export const staticStringMethods: Readonly<Record<string, StaticStringMethod>> = {
  escapesinglequotes: (s) => esc.escapeSingleQuotes(required(s)),
  format: (pattern, args, convert) =>
    formatMessage(required(pattern), list(args), convert as ArgumentText | undefined),
  fromchararray: (chars) => fromCharArray(list(chars)),
  getcommonprefix: (strings) => su.getCommonPrefix(list(strings).map(text)),
  isblank: (s) => su.isBlank(text(s)),
  isempty: (s) => {
    const v = text(s);
    return v === null || v.length === 0;
  },
  isnotblank: (s) => !su.isBlank(text(s)),
  isnotempty: (s) => {
    const v = text(s);
    return v !== null && v.length > 0;
  },
  join: (items, separator) =>
    list(items)
      .map((x) => text(x) ?? '')
      .join(text(separator) ?? ''),
};
