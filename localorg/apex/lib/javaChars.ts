/**
 * java.lang.Character predicates and case mappings for single UTF-16 units, as Commons Lang's
 * StringUtils applies them char by char (a lone surrogate is no letter, digit or space). Apex's
 * String methods isAlpha, isNumeric, deleteWhitespace, swapCase... are these StringUtils methods.
 */

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;
const LOWER = /^\p{Lowercase}$/u;
const UPPER = /^\p{Uppercase}$/u;
const TITLE = /^\p{Lt}$/u;
const SPACE_SEPARATOR = /^[\p{Zs}\p{Zl}\p{Zp}]$/u;

/** Character.isWhitespace: space separators except no-break spaces, and \t-\r, \u001C-\u001F. */
export function isJavaWhitespace(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if ((c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f)) return true;
  if (c === 0xa0 || c === 0x2007 || c === 0x202f) return false;
  return SPACE_SEPARATOR.test(ch);
}

export const isJavaLetter = (ch: string): boolean => LETTER.test(ch);
export const isJavaDigit = (ch: string): boolean => DIGIT.test(ch);
export const isJavaLowerCase = (ch: string): boolean => LOWER.test(ch);
export const isJavaUpperCase = (ch: string): boolean => UPPER.test(ch);
export const isJavaTitleCase = (ch: string): boolean => TITLE.test(ch);

/** Character.toUpperCase(char): the simple (one-to-one) mapping; 'ß' stays 'ß'. */
export function toUpperChar(ch: string): string {
  const up = ch.toUpperCase();
  return up.length === ch.length && up !== ch ? up : ch;
}

export function toLowerChar(ch: string): string {
  // U+0130 (İ) lower-cases to "i̇" (two units) in the full mapping; Java's char mapping gives 'i'.
  if (ch === '\u0130') return 'i';
  const low = ch.toLowerCase();
  return low.length === ch.length && low !== ch ? low : ch;
}

const TITLE_CASE: Record<string, string> = {
  '\u01c4': '\u01c5',
  '\u01c5': '\u01c5',
  '\u01c6': '\u01c5',
  '\u01c7': '\u01c8',
  '\u01c8': '\u01c8',
  '\u01c9': '\u01c8',
  '\u01ca': '\u01cb',
  '\u01cb': '\u01cb',
  '\u01cc': '\u01cb',
  '\u01f1': '\u01f2',
  '\u01f2': '\u01f2',
  '\u01f3': '\u01f2',
};

/** Character.toTitleCase(codePoint), which StringUtils.capitalize uses. */
export function toTitleChar(ch: string): string {
  return TITLE_CASE[ch] ?? toUpperChar(ch);
}

/** Chars equal ignoring case as String.regionMatches(true, ...) compares them. */
export function charsEqualIgnoreCase(a: string, b: string): boolean {
  if (a === b) return true;
  const ua = toUpperChar(a);
  const ub = toUpperChar(b);
  return ua === ub || toLowerChar(ua) === toLowerChar(ub);
}

/** Unicode general categories in java.lang.Character.getType order of use. */
const CATEGORIES = [
  'Lu',
  'Ll',
  'Lt',
  'Lm',
  'Lo',
  'Mn',
  'Me',
  'Mc',
  'Nd',
  'Nl',
  'No',
  'Zs',
  'Zl',
  'Zp',
  'Cc',
  'Cf',
  'Co',
  'Cs',
  'Pd',
  'Ps',
  'Pe',
  'Pc',
  'Po',
  'Sm',
  'Sc',
  'Sk',
  'So',
  'Pi',
  'Pf',
] as const;
const CATEGORY_TESTS = CATEGORIES.map((c) => [c, new RegExp(`^\\p{${c}}$`, 'v')] as const);

/** Character.getType(char) as a category name ('Cn' when unassigned). */
export function javaCharType(ch: string): string {
  for (const [name, re] of CATEGORY_TESTS) if (re.test(ch)) return name;
  return 'Cn';
}
