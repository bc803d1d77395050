/**
 * The Apex String methods that are Commons Lang 3 StringUtils methods (the Apex Reference Guide's
 * String Class describes abbreviate, center, leftPad, mid, difference, splitByCharacterType... with
 * StringUtils' exact examples and edge cases), on non-null receivers. A null String argument
 * behaves as StringUtils treats null.
 */
import { ApexSystemError } from '../values/errors.ts';
import {
  charsEqualIgnoreCase,
  isJavaDigit,
  isJavaLetter,
  isJavaLowerCase,
  isJavaTitleCase,
  isJavaUpperCase,
  isJavaWhitespace,
  javaCharType,
  toLowerChar,
  toTitleChar,
  toUpperChar,
} from './javaChars.ts';

const isEmpty = (s: string | null): s is '' | null => s === null || s.length === 0;

const every = (s: string, test: (ch: string) => boolean): boolean => {
  for (let i = 0; i < s.length; i++) if (!test(s[i])) return false;
  return true;
};

/** StringUtils.isAlpha etc.: false for the empty string (Lang 3). */
const allOf = (s: string, test: (ch: string) => boolean): boolean => s.length > 0 && every(s, test);

export const isAlpha = (s: string): boolean => allOf(s, isJavaLetter);
export const isAlphaSpace = (s: string): boolean => allOf(s, (c) => c === ' ' || isJavaLetter(c));
export const isAlphanumeric = (s: string): boolean =>
  allOf(s, (c) => isJavaLetter(c) || isJavaDigit(c));
export const isAlphanumericSpace = (s: string): boolean =>
  allOf(s, (c) => c === ' ' || isJavaLetter(c) || isJavaDigit(c));
export const isNumeric = (s: string): boolean => allOf(s, isJavaDigit);
export const isNumericSpace = (s: string): boolean => allOf(s, (c) => c === ' ' || isJavaDigit(c));
export const isAllLowerCase = (s: string): boolean => allOf(s, isJavaLowerCase);
export const isAllUpperCase = (s: string): boolean => allOf(s, isJavaUpperCase);
/** isWhitespace and isAsciiPrintable are true for the empty string. */
export const isWhitespace = (s: string): boolean => every(s, isJavaWhitespace);
export const isAsciiPrintable = (s: string): boolean =>
  every(s, (c) => c.charCodeAt(0) >= 32 && c.charCodeAt(0) < 127);
export const isBlank = (s: string | null): boolean => s === null || every(s, isJavaWhitespace);
export const containsWhitespace = (s: string): boolean => [...s].some(isJavaWhitespace);
export const deleteWhitespace = (s: string): string =>
  Array.from(s.split(''), (c) => (isJavaWhitespace(c) ? '' : c)).join('');

/** StringUtils.abbreviate(str, "...", offset, maxWidth). */
export function abbreviate(s: string, maxWidth: number, offset = 0): string {
  if (s.length === 0) return s;
  if (maxWidth < 4) throw new ApexSystemError('StringException', 'Minimum abbreviation width is 4');
  if (s.length <= maxWidth) return s;
  let off = Math.min(offset, s.length);
  if (s.length - off < maxWidth - 3) off = s.length - (maxWidth - 3);
  if (off <= 4) return s.slice(0, maxWidth - 3) + '...';
  if (maxWidth < 7) {
    throw new ApexSystemError('StringException', 'Minimum abbreviation width with offset is 7');
  }
  if (off + maxWidth - 3 < s.length) return '...' + abbreviate(s.slice(off), maxWidth - 3);
  return '...' + s.slice(s.length - (maxWidth - 3));
}

/** StringUtils.capitalize: the first code point in title case. */
export function capitalize(s: string): string {
  if (s.length === 0) return s;
  const first = String.fromCodePoint(s.codePointAt(0) ?? 0);
  return toTitleChar(first) + s.slice(first.length);
}

export function uncapitalize(s: string): string {
  if (s.length === 0) return s;
  const first = String.fromCodePoint(s.codePointAt(0) ?? 0);
  return toLowerChar(first) + s.slice(first.length);
}

/** StringUtils.swapCase (Lang 3): upper and title case to lower, lower to upper. */
export function swapCase(s: string): string {
  let out = '';
  for (const ch of s) {
    if (isJavaUpperCase(ch) || isJavaTitleCase(ch)) out += toLowerChar(ch);
    else if (isJavaLowerCase(ch)) out += toUpperChar(ch);
    else out += ch;
  }
  return out;
}

function padding(length: number, pad: string): string {
  return pad.repeat(Math.ceil(length / pad.length)).slice(0, length);
}

/** StringUtils.leftPad(str, size, padStr): a null or empty padStr pads with spaces. */
export function leftPad(s: string, size: number, pad: string | null = ' '): string {
  const p = isEmpty(pad) ? ' ' : pad;
  return size - s.length <= 0 ? s : padding(size - s.length, p) + s;
}

export function rightPad(s: string, size: number, pad: string | null = ' '): string {
  const p = isEmpty(pad) ? ' ' : pad;
  return size - s.length <= 0 ? s : s + padding(size - s.length, p);
}

export function center(s: string, size: number, pad: string | null = ' '): string {
  if (size <= 0) return s;
  const pads = size - s.length;
  if (pads <= 0) return s;
  return rightPad(leftPad(s, s.length + Math.floor(pads / 2), pad), size, pad);
}

export const left = (s: string, len: number): string => (len < 0 ? '' : s.slice(0, len));
export const right = (s: string, len: number): string =>
  len < 0 ? '' : len >= s.length ? s : s.slice(s.length - len);

export function mid(s: string, pos: number, len: number): string {
  if (len < 0 || pos > s.length) return '';
  const start = Math.max(pos, 0);
  return s.slice(start, start + len);
}

export function repeat(s: string, times: number, separator: string | null = null): string {
  if (times <= 0) return '';
  if (separator === null) return s.repeat(times);
  return Array<string>(times).fill(s).join(separator);
}

/** Code points of chars, as StringUtils' CharSequence-of-search-chars methods compare them. */
const codePoints = (s: string): Set<string> => new Set(Array.from(s));

export function containsAny(s: string, chars: string | null): boolean {
  if (isEmpty(chars)) return false;
  const set = codePoints(chars);
  return Array.from(s).some((c) => set.has(c));
}

export function containsNone(s: string, chars: string | null): boolean {
  if (isEmpty(chars)) return true;
  return !containsAny(s, chars);
}

export function containsOnly(s: string, chars: string | null): boolean {
  if (chars === null) return false;
  if (s.length === 0) return true;
  const set = codePoints(chars);
  return Array.from(s).every((c) => set.has(c));
}

export function indexOfAny(s: string, chars: string | null): number {
  if (s.length === 0 || isEmpty(chars)) return -1;
  const set = codePoints(chars);
  for (let i = 0; i < s.length;) {
    const ch = String.fromCodePoint(s.codePointAt(i) ?? 0);
    if (set.has(ch)) return i;
    i += ch.length;
  }
  return -1;
}

export function indexOfAnyBut(s: string, chars: string | null): number {
  if (s.length === 0 || isEmpty(chars)) return -1;
  const set = codePoints(chars);
  for (let i = 0; i < s.length;) {
    const ch = String.fromCodePoint(s.codePointAt(i) ?? 0);
    if (!set.has(ch)) return i;
    i += ch.length;
  }
  return -1;
}

export function countMatches(s: string, sub: string | null): number {
  if (s.length === 0 || isEmpty(sub)) return 0;
  return s.split(sub).length - 1;
}

/** String.regionMatches(true, ...) char by char. */
export function regionMatchesIgnoreCase(s: string, at: number, other: string): boolean {
  if (at < 0 || at + other.length > s.length) return false;
  for (let i = 0; i < other.length; i++) {
    if (!charsEqualIgnoreCase(s[at + i], other[i])) return false;
  }
  return true;
}

export function equalsIgnoreCase(s: string, other: string | null): boolean {
  return other !== null && s.length === other.length && regionMatchesIgnoreCase(s, 0, other);
}

export function indexOfIgnoreCase(s: string, sub: string | null, start = 0): number {
  if (sub === null) return -1;
  const from = Math.max(start, 0);
  const endLimit = s.length - sub.length + 1;
  if (from > endLimit) return -1;
  if (sub.length === 0) return from;
  for (let i = from; i < endLimit; i++) if (regionMatchesIgnoreCase(s, i, sub)) return i;
  return -1;
}

export function lastIndexOfIgnoreCase(s: string, sub: string | null, start = s.length): number {
  if (sub === null) return -1;
  const from = Math.min(start, s.length - sub.length);
  if (from < 0) return -1;
  if (sub.length === 0) return from;
  for (let i = from; i >= 0; i--) if (regionMatchesIgnoreCase(s, i, sub)) return i;
  return -1;
}

export const containsIgnoreCase = (s: string, sub: string | null): boolean =>
  sub !== null && indexOfIgnoreCase(s, sub) >= 0;
export const startsWithIgnoreCase = (s: string, prefix: string | null): boolean =>
  prefix !== null && regionMatchesIgnoreCase(s, 0, prefix);
export const endsWithIgnoreCase = (s: string, suffix: string | null): boolean =>
  suffix !== null && regionMatchesIgnoreCase(s, s.length - suffix.length, suffix);

export function remove(s: string, sub: string | null): string {
  return s.length === 0 || isEmpty(sub) ? s : s.split(sub).join('');
}

export function removeStart(s: string, prefix: string | null): string {
  return !isEmpty(prefix) && s.startsWith(prefix) ? s.slice(prefix.length) : s;
}

export function removeEnd(s: string, suffix: string | null): string {
  return !isEmpty(suffix) && s.endsWith(suffix) ? s.slice(0, s.length - suffix.length) : s;
}

export function removeStartIgnoreCase(s: string, prefix: string | null): string {
  return !isEmpty(prefix) && startsWithIgnoreCase(s, prefix) ? s.slice(prefix.length) : s;
}

export function removeEndIgnoreCase(s: string, suffix: string | null): string {
  return !isEmpty(suffix) && endsWithIgnoreCase(s, suffix)
    ? s.slice(0, s.length - suffix.length)
    : s;
}

export function substringAfter(s: string, sep: string | null): string {
  if (s.length === 0) return s;
  if (sep === null) return '';
  const pos = s.indexOf(sep);
  return pos < 0 ? '' : s.slice(pos + sep.length);
}

export function substringAfterLast(s: string, sep: string | null): string {
  if (s.length === 0) return s;
  if (isEmpty(sep)) return '';
  const pos = s.lastIndexOf(sep);
  return pos < 0 || pos === s.length - sep.length ? '' : s.slice(pos + sep.length);
}

export function substringBefore(s: string, sep: string | null): string {
  if (s.length === 0 || sep === null) return s;
  if (sep.length === 0) return '';
  const pos = s.indexOf(sep);
  return pos < 0 ? s : s.slice(0, pos);
}

export function substringBeforeLast(s: string, sep: string | null): string {
  if (s.length === 0 || isEmpty(sep)) return s;
  const pos = s.lastIndexOf(sep);
  return pos < 0 ? s : s.slice(0, pos);
}

/** StringUtils.substringBetween: null when open or close is missing. */
export function substringBetween(
  s: string,
  open: string | null,
  close: string | null,
): string | null {
  if (open === null || close === null) return null;
  const start = s.indexOf(open);
  if (start < 0) return null;
  const end = s.indexOf(close, start + open.length);
  return end < 0 ? null : s.slice(start + open.length, end);
}

export function indexOfDifference(s: string, other: string | null): number {
  if (other === null) return 0;
  if (s === other) return -1;
  let i = 0;
  while (i < s.length && i < other.length && s[i] === other[i]) i++;
  return i < s.length || i < other.length ? i : -1;
}

export function difference(s: string, other: string | null): string | null {
  if (other === null) return s;
  const at = indexOfDifference(s, other);
  return at < 0 ? '' : other.slice(at);
}

/** StringUtils.getLevenshteinDistance, with a threshold: -1 when the distance exceeds it. */
export function levenshtein(s: string, t: string | null, threshold?: number): number {
  if (t === null) throw new ApexSystemError('NullPointerException', 'Strings must not be null');
  if (threshold !== undefined && threshold < 0) {
    throw new ApexSystemError('StringException', 'Threshold must not be negative');
  }
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur[j] = Math.min(cur[j - 1] + 1, prev[j] + 1, prev[j - 1] + cost);
    }
    prev = cur;
  }
  const distance = prev[t.length];
  return threshold !== undefined && distance > threshold ? -1 : distance;
}

/** StringUtils.normalizeSpace (Lang 3.2+): trim, collapse whitespace runs, NBSP becomes a space. */
export function normalizeSpace(s: string): string {
  let out = '';
  let pendingSpace = false;
  for (const ch of s) {
    if (isJavaWhitespace(ch)) {
      pendingSpace = out.length > 0;
    } else {
      if (pendingSpace) out += ' ';
      pendingSpace = false;
      out += ch === '\u00a0' ? ' ' : ch;
    }
  }
  return javaTrim(out);
}

/** String.trim: strips chars up to U+0020 from both ends. */
export function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 32) start++;
  while (end > start && s.charCodeAt(end - 1) <= 32) end--;
  return s.slice(start, end);
}

/** StringUtils.splitByCharacterType(Camel Case): runs of one Character.getType. */
export function splitByCharacterType(s: string, camelCase: boolean): string[] {
  if (s.length === 0) return [];
  const out: string[] = [];
  let tokenStart = 0;
  let currentType = javaCharType(s[0]);
  for (let pos = 1; pos < s.length; pos++) {
    const type = javaCharType(s[pos]);
    if (type === currentType) continue;
    if (camelCase && type === 'Ll' && currentType === 'Lu') {
      const newStart = pos - 1;
      if (newStart !== tokenStart) {
        out.push(s.slice(tokenStart, newStart));
        tokenStart = newStart;
      }
    } else {
      out.push(s.slice(tokenStart, pos));
      tokenStart = pos;
    }
    currentType = type;
  }
  out.push(s.slice(tokenStart));
  return out;
}

export function getCommonPrefix(strings: readonly (string | null)[]): string {
  if (strings.length === 0) return '';
  if (strings.some((s) => s === null)) return '';
  const values = strings as readonly string[];
  const at = values.reduce((n, s) => {
    let i = 0;
    while (i < n && i < s.length && s[i] === values[0][i]) i++;
    return i;
  }, values[0].length);
  return values[0].slice(0, at);
}
