/**
 * Character-class building blocks for the Java-to-JS regex translation (regexSyntax.ts): escaping
 * for the JS `v` flag, Java's predefined classes, POSIX classes, java.lang.Character classes and
 * Unicode properties (java.util.regex.Pattern, "Character classes").
 */
const SYNTAX_CHARS = new Set('^$\\.*+?()[]{}|/');
const hex = (cp: number): string => `\\u{${cp.toString(16)}}`;

/** A code point outside a class, escaped where JS `v` syntax needs it. */
export function escapeChar(cp: number): string {
  const ch = String.fromCodePoint(cp);
  if (SYNTAX_CHARS.has(ch)) return '\\' + ch;
  if (cp < 0x20 || cp === 0x7f || cp === 0x85 || cp === 0x2028 || cp === 0x2029) return hex(cp);
  return ch;
}

/** A code point inside a `v` class: letters and digits as they are, anything else as \u{..}. */
export function classChar(cp: number): string {
  return /^[A-Za-z0-9]$/.test(String.fromCodePoint(cp)) ? String.fromCodePoint(cp) : hex(cp);
}

export function rangesText(
  ranges: readonly (readonly [number, number])[],
  negated = false,
): string {
  const body = ranges
    .map(([lo, hi]) => (lo === hi ? classChar(lo) : `${classChar(lo)}-${classChar(hi)}`))
    .join('');
  return `[${negated ? '^' : ''}${body}]`;
}

export const ASCII_SPACE: readonly [number, number][] = [
  [0x09, 0x0d],
  [0x20, 0x20],
];
export const ASCII_WORD: readonly [number, number][] = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
export const LINE_TERMINATORS = '[\\n\\r\\u{85}\\u{2028}\\u{2029}]';
export const UNICODE_WORD = '[\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}]';
/** Java 17's \b: Character.isLetterOrDigit or '_' (Pattern.Bound.isWord). */
export const BOUNDARY_WORD = '[\\p{L}\\p{Nd}_]';

/** POSIX classes (java.util.regex.Pattern, "POSIX character classes (US-ASCII only)"). */
const POSIX: Record<string, { ascii: string; unicode: string }> = {
  lower: { ascii: '[a-z]', unicode: '\\p{Lowercase}' },
  upper: { ascii: '[A-Z]', unicode: '\\p{Uppercase}' },
  ascii: { ascii: '[\\u{0}-\\u{7f}]', unicode: '[\\u{0}-\\u{7f}]' },
  alpha: { ascii: '[a-zA-Z]', unicode: '\\p{Alphabetic}' },
  digit: { ascii: '[0-9]', unicode: '\\p{Nd}' },
  alnum: { ascii: '[a-zA-Z0-9]', unicode: '[\\p{Alphabetic}\\p{Nd}]' },
  punct: {
    ascii: '[\\u{21}-\\u{2f}\\u{3a}-\\u{40}\\u{5b}-\\u{60}\\u{7b}-\\u{7e}]',
    unicode: '\\p{P}',
  },
  graph: {
    ascii: '[\\u{21}-\\u{7e}]',
    unicode: '[^\\p{White_Space}\\p{Cc}\\p{Cs}\\p{Cn}]',
  },
  print: {
    ascii: '[\\u{20}-\\u{7e}]',
    unicode: '[[^\\p{White_Space}\\p{Cc}\\p{Cs}\\p{Cn}]\\p{Zs}]',
  },
  blank: { ascii: '[\\u{20}\\t]', unicode: '[\\p{Zs}\\t]' },
  cntrl: { ascii: '[\\u{0}-\\u{1f}\\u{7f}]', unicode: '\\p{Cc}' },
  xdigit: { ascii: '[0-9a-fA-F]', unicode: '[\\p{Nd}\\p{Hex_Digit}]' },
  space: { ascii: '[\\t-\\r\\u{20}]', unicode: '\\p{White_Space}' },
};

/** java.lang.Character predicates (\p{javaLowerCase} and friends). */
const JAVA_CHARACTER: Record<string, string> = {
  javalowercase: '\\p{Lowercase}',
  javauppercase: '\\p{Uppercase}',
  javatitlecase: '\\p{Lt}',
  javadigit: '\\p{Nd}',
  javaletter: '\\p{L}',
  javaletterordigit: '[\\p{L}\\p{Nd}]',
  javaalphabetic: '\\p{Alphabetic}',
  javaideographic: '\\p{Ideographic}',
  javaspacechar: '\\p{Z}',
  javawhitespace:
    '[[\\t-\\r\\u{1c}-\\u{1f}\\p{Z}]--[\\u{a0}\\u{2007}\\u{202f}]]' /* Character.isWhitespace */,
  javaisocontrol: '[\\u{0}-\\u{1f}\\u{7f}-\\u{9f}]',
  javamirrored: '\\p{Bidi_Mirrored}',
  javadefined: '\\P{Cn}',
};

const GENERAL_CATEGORIES = new Set(
  'L Lu Ll Lt Lm Lo LC M Mn Mc Me N Nd Nl No Z Zs Zl Zp C Cc Cf Co Cs Cn P Pd Ps Pe Pc Po Pi Pf S Sm Sc Sk So'.split(
    ' ',
  ),
);

/** Binary properties Java accepts after "Is" (CharPredicates.forUnicodeProperty). */
const BINARY_PROPERTIES: Record<string, string> = {
  alphabetic: 'Alphabetic',
  ideographic: 'Ideographic',
  letter: 'L',
  lowercase: 'Lowercase',
  uppercase: 'Uppercase',
  titlecase: 'Lt',
  punctuation: 'P',
  control: 'Cc',
  white_space: 'White_Space',
  whitespace: 'White_Space',
  digit: 'Nd',
  hex_digit: 'Hex_Digit',
  hexdigit: 'Hex_Digit',
  join_control: 'Join_Control',
  joincontrol: 'Join_Control',
  noncharacter_code_point: 'Noncharacter_Code_Point',
  noncharactercodepoint: 'Noncharacter_Code_Point',
  assigned: 'Assigned',
  emoji: 'Emoji',
  emoji_presentation: 'Emoji_Presentation',
  emoji_modifier: 'Emoji_Modifier',
  emoji_modifier_base: 'Emoji_Modifier_Base',
  emoji_component: 'Emoji_Component',
  extended_pictographic: 'Extended_Pictographic',
};

function scriptExists(name: string): boolean {
  try {
    new RegExp(`\\p{Script=${name}}`, 'v');
    return true;
  } catch {
    return false;
  }
}

/** Java accepts script names in any case (Character.UnicodeScript.forName). */
export function scriptName(name: string): string | null {
  const words = name.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase());
  for (const candidate of [name, words.join('_')]) if (scriptExists(candidate)) return candidate;
  return null;
}

export function isAsciiLetter(cp: number): boolean {
  return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
}

export function hasCase(cp: number): boolean {
  const ch = String.fromCodePoint(cp);
  return ch.toUpperCase() !== ch || ch.toLowerCase() !== ch;
}

/** Java's ASCII-only case folding of a range: adds the other case of any ASCII letters in it. */
export function foldAscii(lo: number, hi: number): [number, number][] {
  const out: [number, number][] = [[lo, hi]];
  const add = (from: number, to: number, shift: number): void => {
    const a = Math.max(lo, from);
    const b = Math.min(hi, to);
    if (a <= b) out.push([a + shift, b + shift]);
  };
  add(0x61, 0x7a, -32);
  add(0x41, 0x5a, 32);
  return out;
}

/**
 * The JS `v` class text of \p{name}, or why there is none: a Unicode block (JS has no blocks), an
 * unknown script (script=X), or an unknown name. `unicode` is UNICODE_CHARACTER_CLASS (?U).
 */
export function propertyClass(
  name: string,
  unicode: boolean,
): string | { block?: true; script?: string; unknown?: true } {
  const eq = name.indexOf('=');
  if (eq >= 0) {
    const key = name.slice(0, eq).toLowerCase();
    const value = name.slice(eq + 1);
    if (key === 'script' || key === 'sc') {
      const script = scriptName(value);
      return script === null ? { script: value } : `\\p{Script=${script}}`;
    }
    if (key === 'general_category' || key === 'gc') {
      return GENERAL_CATEGORIES.has(value) ? `\\p{${value}}` : { unknown: true };
    }
    return key === 'block' || key === 'blk' ? { block: true } : { unknown: true };
  }
  if (name.startsWith('In')) return { block: true };
  if (name.startsWith('Is')) {
    const rest = name.slice(2);
    const binary = BINARY_PROPERTIES[rest.toLowerCase()];
    if (binary) return `\\p{${binary}}`;
    if (GENERAL_CATEGORIES.has(rest)) return `\\p{${rest}}`;
    const script = scriptName(rest);
    return script !== null ? `\\p{Script=${script}}` : { unknown: true };
  }
  if (GENERAL_CATEGORIES.has(name)) return `\\p{${name}}`;
  const posix = POSIX[name.toLowerCase()];
  // POSIX names are case-sensitive: Lower, Upper, ASCII, Alpha, ..., XDigit, Space.
  if (posix && /^[A-Z][a-z]+$|^ASCII$|^XDigit$/.test(name))
    return unicode ? posix.unicode : posix.ascii;
  const java = JAVA_CHARACTER[name.toLowerCase()];
  return java && name.startsWith('java') ? java : { unknown: true };
}
