/**
 * String.format(stringToFormat, formattingArguments): "Treat the current string as a pattern that
 * should be used for substitution in the same manner as apex:outputText" (Apex Reference Guide,
 * String Class), i.e. java.text.MessageFormat: {n} placeholders, '' for a quote, text between
 * single quotes is literal (so "it's {0}" prints "its {0}"), a placeholder without an argument is
 * left as "{n}", null prints "null", numbers are formatted as NumberFormat.getInstance(en_US) does
 * ("#,##0.###", half-even). Subformats: number (integer, percent, currency or a DecimalFormat
 * pattern such as "#,##0.00"); date, time and choice are not implemented and print the argument
 * as text.
 */
import { ApexSystemError } from '../values/errors.ts';

/** Converts an argument the formatter does not know (Decimal, Date...) to text; undefined = default. */
export type ArgumentText = (value: unknown) => string | undefined;

const illegal = (message: string): ApexSystemError =>
  new ApexSystemError('StringException', message);

interface Placeholder {
  readonly index: number;
  readonly type: string;
  readonly style: string;
}

/** MessageFormat.applyPattern: literal text and placeholders. */
function parse(pattern: string): (string | Placeholder)[] {
  const parts: (string | Placeholder)[] = [];
  let text = '';
  let segments: string[] = [];
  let part = 0;
  let inQuote = false;
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (part === 0) {
      if (ch === "'") {
        if (pattern[i + 1] === "'") {
          text += "'";
          i++;
        } else {
          inQuote = !inQuote;
        }
      } else if (ch === '{' && !inQuote) {
        part = 1;
        segments = ['', '', '', ''];
      } else {
        text += ch;
      }
    } else if (inQuote) {
      segments[part] += ch;
      if (ch === "'") inQuote = false;
    } else if (ch === ',') {
      if (part < 3) part++;
      else segments[part] += ch;
    } else if (ch === '{') {
      braces++;
      segments[part] += ch;
    } else if (ch === '}') {
      if (braces === 0) {
        parts.push(text);
        text = '';
        parts.push(placeholder(segments));
        part = 0;
      } else {
        braces--;
        segments[part] += ch;
      }
    } else if (ch === ' ') {
      if (part !== 2 || segments[2].length > 0) segments[part] += ch;
    } else {
      if (ch === "'") inQuote = true;
      segments[part] += ch;
    }
  }
  if (braces === 0 && part !== 0) throw illegal('Unmatched braces in the pattern.');
  parts.push(text);
  return parts;
}

function placeholder(segments: string[]): Placeholder {
  const raw = segments[1];
  if (!/^\s*-?\d+\s*$/.test(raw)) throw illegal(`can't parse argument number: ${raw}`);
  const index = Number(raw.trim());
  if (index < 0) throw illegal(`negative argument number: ${index}`);
  const type = segments[2].trim().toLowerCase();
  if (!['', 'number', 'date', 'time', 'choice'].includes(type)) {
    throw illegal(`unknown format type: ${segments[2]}`);
  }
  return { index, type, style: segments[3].trim() };
}

interface NumberPattern {
  readonly minInt: number;
  readonly minFraction: number;
  readonly maxFraction: number;
  readonly grouping: boolean;
  readonly prefix: string;
  readonly suffix: string;
  readonly multiplier: number;
}

const DEFAULT_NUMBER: NumberPattern = {
  minInt: 1,
  minFraction: 0,
  maxFraction: 3,
  grouping: true,
  prefix: '',
  suffix: '',
  multiplier: 1,
};

/** A DecimalFormat pattern subset: prefix, #,##0.00#, suffix (a % suffix multiplies by 100). */
function decimalPattern(style: string): NumberPattern {
  const m = /^([^#0,.]*)([#0,]*)(?:\.([0#]*))?(.*)$/.exec(style);
  if (!m) throw illegal(`Malformed pattern "${style}"`);
  const [, prefix, integer, fraction = '', suffix] = m;
  return {
    minInt: (integer.match(/0/g) ?? []).length,
    minFraction: (fraction.match(/0/g) ?? []).length,
    maxFraction: fraction.length,
    grouping: integer.includes(','),
    prefix: prefix.replaceAll("'", ''),
    suffix: suffix.replaceAll("'", ''),
    multiplier: suffix.includes('%') ? 100 : 1,
  };
}

function numberPattern(style: string): NumberPattern {
  switch (style.toLowerCase()) {
    case '':
      return DEFAULT_NUMBER;
    case 'integer':
      return { ...DEFAULT_NUMBER, maxFraction: 0 };
    case 'percent':
      return { ...DEFAULT_NUMBER, maxFraction: 0, suffix: '%', multiplier: 100 };
    case 'currency':
      return { ...DEFAULT_NUMBER, minFraction: 2, maxFraction: 2, prefix: '$' };
    default:
      return decimalPattern(style);
  }
}

export function formatJavaNumber(value: number | bigint, pattern = DEFAULT_NUMBER): string {
  const scaled =
    typeof value === 'bigint' ? value * BigInt(pattern.multiplier) : value * pattern.multiplier;
  const negative = scaled < 0;
  const formatted = new Intl.NumberFormat('en-US', {
    minimumIntegerDigits: Math.max(1, pattern.minInt),
    minimumFractionDigits: pattern.minFraction,
    maximumFractionDigits: pattern.maxFraction,
    useGrouping: pattern.grouping,
    roundingMode: 'halfEven',
    signDisplay: 'never',
  }).format(scaled);
  // DecimalFormat prints no leading zero for a pattern like "#.##" (0.5 gives ".5").
  const body = pattern.minInt === 0 && formatted.startsWith('0') ? formatted.slice(1) : formatted;
  return (negative ? '-' : '') + pattern.prefix + body + pattern.suffix;
}

function argumentText(value: unknown, ph: Placeholder, convert?: ArgumentText): string {
  if (value === null || value === undefined) return 'null';
  const custom = convert?.(value);
  if (custom !== undefined) return custom;
  if (typeof value === 'number' || typeof value === 'bigint') {
    return formatJavaNumber(value, ph.type === 'number' ? numberPattern(ph.style) : DEFAULT_NUMBER);
  }
  return String(value);
}

/** String.format(pattern, args); convert turns interpreter values (Decimal, Date...) into text. */
export function formatMessage(
  pattern: string,
  args: readonly unknown[],
  convert?: ArgumentText,
): string {
  let out = '';
  for (const part of parse(pattern)) {
    if (typeof part === 'string') out += part;
    else if (part.index >= args.length) out += `{${part.index}}`;
    else out += argumentText(args[part.index], part, convert);
  }
  return out;
}
