/**
 * Translates java.util.regex syntax (what Apex's Pattern, String.split and String.replaceAll take;
 * Apex Developer Guide, "Using Patterns and Matchers": "Regular expressions in Apex follow the
 * standard syntax for regular expressions used in Java") into a JavaScript RegExp source for the
 * `v` flag. Every construct is emitted explicitly, so no JS flag but `v` (plus `d`, `g`, `y` for
 * the matcher) is ever needed, and Java's inline flags (?idmsuxU) work per group:
 *
 * - `.`, `^`, `$`, `\Z`, `\z`, `\A` follow Java's line terminators (\n \r\n \r \u0085 \u2028
 *   \u2029), including `$` matching before a final terminator and multiline `^` never matching at
 *   the end of input (java.util.regex.Pattern, "Line terminators").
 * - (?i) alone is ASCII-only case folding, as in Java; (?iu) or (?U) fold all of Unicode.
 * - \s \d \w are ASCII as in Java; (?U) switches them and the POSIX classes to Unicode.
 * - Atomic groups and possessive quantifiers become `(?=(X))\N` (a lookahead is atomic in JS), so
 *   Java group numbers are mapped to JS group numbers.
 * - Class union `[a[b]]` and intersection `[a-z&&[^aeiou]]` map to `v`-mode class set operations.
 *
 * Refused with a StringException (no JS equivalent): \G, \X, \N{name}, \b{g}, Unicode blocks
 * (\p{InGreek}). Known differences: a back reference to a group that did not take part matches the
 * empty string in JS but fails in Java; \b counts letters and digits of all of Unicode as word
 * characters (Java 17; Java 19 made it ASCII).
 */
import { ApexSystemError } from '../values/errors.ts';
import {
  ASCII_SPACE,
  ASCII_WORD,
  BOUNDARY_WORD,
  classChar,
  escapeChar,
  foldAscii,
  hasCase,
  isAsciiLetter,
  LINE_TERMINATORS,
  propertyClass,
  rangesText,
  UNICODE_WORD,
} from './regexClasses.ts';
import { collectJsGroups, emit, numberGroups, type GroupKind, type Node } from './regexNodes.ts';

export interface JavaRegex {
  readonly pattern: string;
  /** Source for `new RegExp(source, 'v' + ...)`. */
  readonly source: string;
  readonly groupCount: number;
  /** JS group number of each Java group (index 0 is the whole match). */
  readonly jsGroup: readonly number[];
  readonly namedGroups: ReadonlyMap<string, number>;
}

interface Flags {
  readonly i: boolean; // CASE_INSENSITIVE
  readonly d: boolean; // UNIX_LINES
  readonly m: boolean; // MULTILINE
  readonly s: boolean; // DOTALL
  readonly u: boolean; // UNICODE_CASE
  readonly x: boolean; // COMMENTS
  readonly U: boolean; // UNICODE_CHARACTER_CLASS
}

/** A class operand: a code point range, or ready `v`-mode class text (`[0-9]`, `\p{L}`). */
type ClassItem = { readonly lo: number; readonly hi: number } | { readonly js: string };

/**
 * Java's PatternSyntaxException message (Java 17 getMessage: description, " near index N", the
 * pattern, a caret line). Apex raises it as System.StringException prefixed "Invalid regex: "
 * (unconfirmed: no doc states the prefix; it is what orgs print).
 */
export function regexSyntaxError(desc: string, pattern: string, index: number): ApexSystemError {
  let text = desc + (index >= 0 ? ` near index ${index}` : '') + '\n' + pattern;
  if (index >= 0 && index < pattern.length) text += '\n' + ' '.repeat(index) + '^';
  return new ApexSystemError('StringException', 'Invalid regex: ' + text);
}

function unsupported(what: string, pattern: string, index: number): ApexSystemError {
  return new ApexSystemError(
    'StringException',
    `Invalid regex: ${what} is not supported by this runtime near index ${index}\n${pattern}`,
  );
}

const HEX_DIGIT = /^[0-9a-fA-F]$/;

class Parser {
  private pos = 0;
  private flags: Flags = { i: false, d: false, m: false, s: false, u: false, x: false, U: false };
  groupCount = 0;
  readonly names = new Map<string, number>();
  private readonly p: string;

  constructor(pattern: string) {
    this.p = pattern;
  }

  parse(): Node {
    const root = this.alternation();
    if (this.pos < this.p.length) {
      // Only a ')' stops the top-level alternation early.
      throw this.error("Unmatched closing ')'", this.pos - 1);
    }
    return root;
  }

  private error(desc: string, index = this.pos): ApexSystemError {
    return regexSyntaxError(desc, this.p, index);
  }

  private peek(offset = 0): string {
    return this.p.charAt(this.pos + offset);
  }

  private atEnd(): boolean {
    return this.pos >= this.p.length;
  }

  private codePoint(): number {
    const cp = this.p.codePointAt(this.pos) ?? 0;
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  /** COMMENTS mode: whitespace and #-comments are not part of the pattern (also inside classes). */
  private skipIgnorable(): void {
    if (!this.flags.x) return;
    for (;;) {
      const c = this.peek();
      if (c === ' ' || (c >= '\t' && c <= '\r')) this.pos++;
      else if (c === '#') {
        while (!this.atEnd() && !/[\n\r\u0085\u2028\u2029]/.test(this.peek())) this.pos++;
      } else return;
    }
  }

  private alternation(): Node {
    const alts = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      alts.push(this.sequence());
    }
    return alts.length === 1 ? alts[0] : { kind: 'alt', alts };
  }

  private sequence(): Node {
    const items: Node[] = [];
    for (;;) {
      this.skipIgnorable();
      const c = this.peek();
      if (this.atEnd() || c === '|' || c === ')') break;
      const atom = this.atom();
      if (atom === null) continue;
      const atoms = Array.isArray(atom) ? atom : [atom];
      if (atoms.length === 0) continue;
      items.push(...atoms.slice(0, -1), this.quantifier(atoms[atoms.length - 1]));
    }
    return items.length === 1 ? items[0] : { kind: 'seq', items };
  }

  private atom(): Node | Node[] | null {
    const c = this.peek();
    switch (c) {
      case '(':
        return this.group();
      case '[':
        return this.raw(this.classText(this.charClass(), true));
      case '.':
        this.pos++;
        return this.raw(
          this.flags.s ? '[\\s\\S]' : this.flags.d ? '[^\\n]' : `[^${LINE_TERMINATORS.slice(1)}`,
        );
      case '^':
        this.pos++;
        return this.raw(this.caret());
      case '$':
        this.pos++;
        return this.raw(this.dollar(this.flags.m));
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
        throw this.error(`Dangling meta character '${c}'`);
      case '{':
        throw this.error('Illegal repetition');
      default:
        return this.raw(this.literal(this.codePoint()));
    }
  }

  private raw(js: string): Node {
    return { kind: 'raw', js };
  }

  private literal(cp: number): string {
    if (this.flags.i && (this.flags.u || this.flags.U)) {
      return hasCase(cp) ? `(?i:${escapeChar(cp)})` : escapeChar(cp);
    }
    if (this.flags.i && isAsciiLetter(cp)) return rangesText(foldAscii(cp, cp));
    return escapeChar(cp);
  }

  private caret(): string {
    if (!this.flags.m) return '^';
    if (this.flags.d) return '(?=[\\s\\S])(?:^|(?<=\\n))';
    return '(?=[\\s\\S])(?:^|(?<=[\\n\\u{85}\\u{2028}\\u{2029}])|(?<=\\r)(?!\\n))';
  }

  /** Pattern.Dollar: multiline or not; never between \r and \n. */
  private dollar(multiline: boolean): string {
    if (this.flags.d) return multiline ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))';
    if (multiline) return '(?:(?![\\s\\S])|(?<!\\r)(?=\\n)|(?=[\\r\\u{85}\\u{2028}\\u{2029}]))';
    return (
      '(?:(?![\\s\\S])|(?=\\r\\n(?![\\s\\S]))|(?<!\\r)(?=\\n(?![\\s\\S]))' +
      '|(?=[\\r\\u{85}\\u{2028}\\u{2029}](?![\\s\\S])))'
    );
  }

  private quantifier(atom: Node): Node {
    this.skipIgnorable();
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === '*' || c === '+' || c === '?') {
      this.pos++;
      [min, max] = c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
    } else if (c === '{') {
      const open = this.pos;
      this.pos++;
      const low = /^\d+/.exec(this.p.slice(this.pos));
      if (!low) throw this.error('Illegal repetition', open);
      this.pos += low[0].length;
      min = Number(low[0]);
      max = min;
      if (this.peek() === ',') {
        this.pos++;
        const high = /^\d+/.exec(this.p.slice(this.pos));
        max = high ? Number(high[0]) : Infinity;
        if (high) this.pos += high[0].length;
      }
      if (this.peek() !== '}') throw this.error('Unclosed counted closure');
      this.pos++;
      if (max < min) throw this.error('Illegal repetition range', open);
    } else {
      return atom;
    }
    this.skipIgnorable();
    let mode: 'greedy' | 'lazy' | 'possessive' = 'greedy';
    if (this.peek() === '?') mode = 'lazy';
    else if (this.peek() === '+') mode = 'possessive';
    if (mode !== 'greedy') this.pos++;
    return { kind: 'quant', body: atom, min, max, mode, jsIndex: 0 };
  }

  private group(): Node | null {
    const saved = this.flags;
    this.pos++;
    let kind: GroupKind = 'capture';
    let name: string | null = null;
    if (this.peek() === '?') {
      this.pos++;
      const c = this.peek();
      const two = this.p.slice(this.pos, this.pos + 2);
      if (c === ':' || c === '=' || c === '!' || c === '>') {
        this.pos++;
        kind = c === ':' ? 'plain' : c === '=' ? 'ahead' : c === '!' ? 'notAhead' : 'atomic';
      } else if (two === '<=' || two === '<!') {
        this.pos += 2;
        kind = two === '<=' ? 'behind' : 'notBehind';
      } else if (c === '<') {
        this.pos++;
        name = this.groupName();
      } else {
        this.flags = this.inlineFlags(this.flags);
        const end = this.peek();
        this.pos++;
        if (end === ')') return null; // (?i): applies to the rest of the enclosing group
        if (end !== ':') throw this.error('Unknown inline modifier', this.pos - 1);
        kind = 'plain';
      }
    }
    const javaIndex = kind === 'capture' ? ++this.groupCount : 0;
    if (name !== null) this.names.set(name, javaIndex);
    const body = this.alternation();
    if (this.peek() !== ')') throw this.error('Unclosed group', this.p.length);
    this.pos++;
    this.flags = saved; // Pattern.group0 restores the flags at the group's end
    return { kind: 'group', group: kind, name, javaIndex, body, jsIndex: 0 };
  }

  private groupName(): string {
    const m = /^[a-zA-Z0-9]*/.exec(this.p.slice(this.pos));
    const name = m ? m[0] : '';
    if (!/^[a-zA-Z]/.test(name)) {
      throw this.error('capturing group name does not start with a Latin letter');
    }
    this.pos += name.length;
    if (this.peek() !== '>') throw this.error("named capturing group is missing trailing '>'");
    this.pos++;
    if (this.names.has(name)) {
      throw this.error(`Named capturing group <${name}> is already defined`, this.pos - 1);
    }
    return name;
  }

  private inlineFlags(start: Flags): Flags {
    const flags: { -readonly [K in keyof Flags]: Flags[K] } = { ...start };
    let on = true;
    for (;;) {
      const c = this.peek();
      if (c === '-' && on) on = false;
      else if (c === 'U') {
        flags.U = on;
        flags.u = on;
      } else if (c === 'i' || c === 'd' || c === 'm' || c === 's' || c === 'u' || c === 'x') {
        flags[c] = on;
      } else if (c !== 'c') {
        return flags; // CANON_EQ (c) is accepted and ignored
      }
      this.pos++;
    }
  }

  private escape(): Node | Node[] {
    const start = this.pos;
    this.pos++;
    if (this.atEnd()) throw this.error('Unexpected internal error', this.pos);
    const c = this.peek();
    if (c >= '1' && c <= '9') return this.backReference();
    switch (c) {
      case 'b':
        if (this.peek(1) === '{') throw unsupported('\\b{g}', this.p, start);
        this.pos++;
        return this.raw(this.boundary(false));
      case 'B':
        this.pos++;
        return this.raw(this.boundary(true));
      case 'A':
        this.pos++;
        return this.raw('^');
      case 'z':
        this.pos++;
        return this.raw('(?![\\s\\S])');
      case 'Z':
        this.pos++;
        return this.raw(this.dollar(false));
      case 'R':
        this.pos++;
        return this.raw('(?:\\r\\n|[\\n\\u{b}\\f\\r\\u{85}\\u{2028}\\u{2029}])');
      case 'G':
      case 'X':
      case 'N':
        throw unsupported('\\' + c, this.p, start);
      case 'k':
        return this.namedReference();
      case 'Q':
        this.pos++;
        return this.quoted().map((cp) => this.raw(this.literal(cp)));
      case 'E':
        this.pos++;
        return [];
      default: {
        const item = this.classEscape();
        return this.raw('js' in item ? item.js : this.literal(item.lo));
      }
    }
  }

  private boundary(negated: boolean): string {
    const w = this.flags.U ? UNICODE_WORD : BOUNDARY_WORD;
    return negated
      ? `(?:(?<=${w})(?=${w})|(?<!${w})(?!${w}))`
      : `(?:(?<=${w})(?!${w})|(?<!${w})(?=${w}))`;
  }

  /** Pattern.ref: more digits are taken while they name a group defined so far. */
  private backReference(): Node {
    let ref = Number(this.peek());
    this.pos++;
    while (/[0-9]/.test(this.peek())) {
      const next = ref * 10 + Number(this.peek());
      if (next > this.groupCount) break;
      ref = next;
      this.pos++;
    }
    return { kind: 'backref', javaIndex: ref, ci: this.flags.i };
  }

  private namedReference(): Node {
    this.pos++;
    if (this.peek() !== '<') {
      throw this.error("\\k is not followed by '<' for named capturing group");
    }
    this.pos++;
    const m = /^[a-zA-Z][a-zA-Z0-9]*/.exec(this.p.slice(this.pos));
    if (!m) throw this.error('capturing group name does not start with a Latin letter');
    this.pos += m[0].length;
    if (this.peek() !== '>') throw this.error("named capturing group is missing trailing '>'");
    this.pos++;
    const index = this.names.get(m[0]);
    if (index === undefined) {
      throw this.error(`named capturing group <${m[0]}> does not exist`, this.pos - 1);
    }
    return { kind: 'backref', javaIndex: index, ci: this.flags.i };
  }

  /** \Q...\E: everything up to \E (or the end) is literal. */
  private quoted(): number[] {
    const end = this.p.indexOf('\\E', this.pos);
    const text = this.p.slice(this.pos, end < 0 ? this.p.length : end);
    this.pos = end < 0 ? this.p.length : end + 2;
    return Array.from(text, (ch) => ch.codePointAt(0) ?? 0);
  }

  /** An escape valid both in and out of a class: one code point or a predefined class. */
  private classEscape(): ClassItem {
    const at = this.pos;
    const c = this.peek();
    this.pos++;
    const U = this.flags.U;
    const single = (cp: number): ClassItem => ({ lo: cp, hi: cp });
    switch (c) {
      case 'd':
      case 'D':
        return { js: U ? `\\${c === 'd' ? 'p' : 'P'}{Nd}` : rangesText([[0x30, 0x39]], c === 'D') };
      case 's':
      case 'S':
        return {
          js: U ? `\\${c === 's' ? 'p' : 'P'}{White_Space}` : rangesText(ASCII_SPACE, c === 'S'),
        };
      case 'w':
      case 'W':
        return {
          js: U
            ? c === 'w'
              ? UNICODE_WORD
              : `[^${UNICODE_WORD.slice(1)}`
            : rangesText(ASCII_WORD, c === 'W'),
        };
      case 'h':
      case 'H':
        return {
          js:
            (c === 'H' ? '[^' : '[') +
            '\\t\\u{20}\\u{a0}\\u{1680}\\u{180e}\\u{2000}-\\u{200a}\\u{202f}\\u{205f}\\u{3000}]',
        };
      case 'v':
      case 'V':
        return { js: (c === 'V' ? '[^' : '[') + '\\n\\u{b}\\f\\r\\u{85}\\u{2028}\\u{2029}]' };
      case 'p':
      case 'P':
        return { js: this.property(c === 'P', at) };
      case 't':
        return single(9);
      case 'n':
        return single(10);
      case 'r':
        return single(13);
      case 'f':
        return single(12);
      case 'a':
        return single(7);
      case 'e':
        return single(0x1b);
      case 'c':
        if (this.atEnd()) throw this.error('Illegal control escape sequence');
        return single((this.codePoint() ^ 64) & 0xffff);
      case '0':
        return single(this.octal());
      case 'x':
        return single(this.hexEscape());
      case 'u':
        return single(this.unicodeEscape());
      default:
        if (/[a-zA-Z0-9]/.test(c)) throw this.error('Illegal/unsupported escape sequence', at);
        this.pos--;
        return single(this.codePoint());
    }
  }

  private octal(): number {
    const digits = /^[0-7]{1,3}/.exec(this.p.slice(this.pos));
    if (!digits) throw this.error('Illegal octal escape sequence', this.pos - 1);
    const text = digits[0].length === 3 && digits[0] > '377' ? digits[0].slice(0, 2) : digits[0];
    this.pos += text.length;
    return parseInt(text, 8);
  }

  private hexEscape(): number {
    if (this.peek() === '{') {
      const close = this.p.indexOf('}', this.pos);
      const digits = close < 0 ? '' : this.p.slice(this.pos + 1, close);
      if (close < 0 || !/^[0-9a-fA-F]+$/.test(digits)) {
        throw this.error('Unclosed hexadecimal escape sequence');
      }
      const cp = parseInt(digits, 16);
      if (cp > 0x10ffff) throw this.error('Hexadecimal codepoint is too big');
      this.pos = close + 1;
      return cp;
    }
    const digits = this.p.slice(this.pos, this.pos + 2);
    if (!/^[0-9a-fA-F]{2}$/.test(digits)) throw this.error('Illegal hexadecimal escape sequence');
    this.pos += 2;
    return parseInt(digits, 16);
  }

  private unicodeEscape(): number {
    const digits = this.p.slice(this.pos, this.pos + 4);
    if (digits.length < 4 || ![...digits].every((d) => HEX_DIGIT.test(d))) {
      throw this.error('Illegal Unicode escape sequence');
    }
    this.pos += 4;
    const unit = parseInt(digits, 16);
    // A \u high surrogate followed by a \u low surrogate is one code point (Pattern.uxxxx).
    const low = /^\\u([dD][c-fC-F][0-9a-fA-F]{2})/.exec(this.p.slice(this.pos));
    if (unit >= 0xd800 && unit <= 0xdbff && low) {
      this.pos += 6;
      return (unit - 0xd800) * 0x400 + (parseInt(low[1], 16) - 0xdc00) + 0x10000;
    }
    return unit;
  }

  private property(negated: boolean, at: number): string {
    let name: string;
    if (this.peek() === '{') {
      const close = this.p.indexOf('}', this.pos);
      if (close < 0) throw this.error('Unclosed character family');
      name = this.p.slice(this.pos + 1, close);
      this.pos = close + 1;
    } else {
      name = this.peek();
      this.pos++;
    }
    const body = this.propertyBody(name, at);
    if (body.startsWith('\\p')) return negated ? '\\P' + body.slice(2) : body;
    if (body.startsWith('\\P')) return negated ? '\\p' + body.slice(2) : body;
    return negated ? `[^${body}]` : body;
  }

  private propertyBody(name: string, at: number): string {
    const result = propertyClass(name, this.flags.U);
    if (typeof result === 'string') return result;
    if (result.block) throw unsupported(`Unicode block \\p{${name}}`, this.p, at);
    if (result.script !== undefined) {
      throw this.error(`Unknown character script name {${result.script}}`);
    }
    throw this.error(`Unknown character property name {${name}}`, this.pos - 1);
  }

  /** Parses `[...]` (cursor on '['): a union of items, intersected with each `&&` operand. */
  private charClass(): { negated: boolean; operands: ClassItem[][] } {
    this.pos++;
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    const operands: ClassItem[][] = [];
    let current: ClassItem[] = [];
    for (;;) {
      this.skipIgnorable();
      if (this.atEnd()) throw this.error('Unclosed character class', this.p.length - 1);
      const c = this.peek();
      if (c === ']' && (current.length > 0 || operands.length > 0)) {
        this.pos++;
        break;
      }
      if (c === '[') {
        current.push({ js: this.classText(this.charClass(), false) });
      } else if (c === '&' && this.peek(1) === '&') {
        this.pos += 2;
        operands.push(current);
        current = [];
      } else if (c === '\\' && this.peek(1) === 'Q') {
        this.pos += 2;
        for (const cp of this.quoted()) current.push(...this.foldItem(cp, cp));
      } else {
        current.push(...this.classRange());
      }
    }
    if (current.length > 0 || operands.length === 0) operands.push(current);
    return { negated, operands };
  }

  private classAtom(): ClassItem {
    if (this.peek() === '\\') {
      this.pos++;
      if (this.atEnd()) throw this.error('Unexpected internal error', this.pos);
      return this.classEscape();
    }
    const cp = this.codePoint();
    return { lo: cp, hi: cp };
  }

  /** Pattern.range: `a-z`, where a '-' before ']' or '[' is a literal. */
  private classRange(): ClassItem[] {
    const first = this.classAtom();
    if ('js' in first) return [first];
    if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '[' && this.peek(1)) {
      this.pos++;
      const last = this.classAtom();
      if ('js' in last || last.lo < first.lo)
        throw this.error('Illegal character range', this.pos - 1);
      return this.foldItem(first.lo, last.lo);
    }
    return this.foldItem(first.lo, first.lo);
  }

  private foldItem(lo: number, hi: number): ClassItem[] {
    if (this.flags.i && !this.flags.u && !this.flags.U) {
      return foldAscii(lo, hi).map(([a, b]) => ({ lo: a, hi: b }));
    }
    return [{ lo, hi }];
  }

  /** Class text; at the top level (not nested) Unicode case folding wraps it in (?i:...). */
  private classText(cls: { negated: boolean; operands: ClassItem[][] }, top: boolean): string {
    const item = (it: ClassItem): string =>
      'js' in it
        ? it.js
        : it.lo === it.hi
          ? classChar(it.lo)
          : `${classChar(it.lo)}-${classChar(it.hi)}`;
    const union = (items: ClassItem[]): string => items.map(item).join('');
    const neg = cls.negated ? '^' : '';
    const text =
      cls.operands.length === 1
        ? `[${neg}${union(cls.operands[0])}]`
        : `[${neg}${cls.operands.map((u) => `[${union(u)}]`).join('&&')}]`;
    return top && this.flags.i && (this.flags.u || this.flags.U) ? `(?i:${text})` : text;
  }
}

/** Translates a Java regular expression; throws StringException 'Invalid regex: ...' on errors. */
export function translateJavaRegex(pattern: string): JavaRegex {
  const parser = new Parser(pattern);
  const root = parser.parse();
  numberGroups(root, { n: 0 });
  const jsGroup: number[] = [0];
  collectJsGroups(root, jsGroup);
  const source = emit(root, jsGroup);
  try {
    new RegExp(source, 'v');
  } catch (e) {
    throw unsupported(`this pattern (${(e as Error).message})`, pattern, -1);
  }
  return {
    pattern,
    source,
    groupCount: parser.groupCount,
    jsGroup,
    namedGroups: parser.names,
  };
}
