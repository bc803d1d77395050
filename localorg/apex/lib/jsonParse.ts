/**
 * JSON text to a tree that keeps what Apex needs and JSON.parse loses: the exact text of every
 * number (1 and 1.0 differ, and digits beyond a double's precision survive), the order of object
 * keys, and each value's position for error messages. The platform parses with Jackson, so the
 * syntax rules and the error wording follow Jackson's parser (ReaderBasedParser, 1.x/2.x before
 * 2.9: "was expecting comma to separate OBJECT entries"), with the position as Apex appends it:
 * " at [line:1, column:108]" (messages from orgs quoted in public code and on
 * salesforce.stackexchange.com: "Unexpected character ('N' (code 78)): was expecting comma to
 * separate OBJECT entries at [line:1, column:108]"). The column is where Jackson's reader stands
 * after the offending character; the exact columns are unconfirmed against an org. A repeated
 * key keeps its first position and its last value, as Jackson's tree (LinkedHashMap) does. Text
 * after the first value is ignored, as Jackson's ObjectMapper ignores trailing tokens by default.
 */
import { ApexSystemError } from '../values/errors.ts';

export interface JsonPos {
  /** 1-based line and column of the value's first character. */
  line: number;
  column: number;
}

export type JsonNode =
  | (JsonPos & { kind: 'null' })
  | (JsonPos & { kind: 'boolean'; value: boolean })
  | (JsonPos & { kind: 'number'; text: string })
  | (JsonPos & { kind: 'string'; value: string })
  | (JsonPos & { kind: 'array'; items: JsonNode[] })
  | (JsonPos & { kind: 'object'; entries: Map<string, JsonNode> });

/** A JSONException raised while reading or converting JSON. */
export class JsonError extends ApexSystemError {
  constructor(message: string) {
    super('JSONException', message);
  }
}

/** Apex's suffix for a position: " at [line:1, column:12]". */
export function at(pos: JsonPos): string {
  return ` at [line:${pos.line}, column:${pos.column}]`;
}

/** Jackson's description of a character in an error: "'x' (code 120)", "(CTRL-CHAR, code 10)". */
function charDesc(code: number): string {
  if (code < 32) return `(CTRL-CHAR, code ${code})`;
  const ch = String.fromCodePoint(code);
  if (code > 255) return `'${ch}' (code ${code} / 0x${code.toString(16)})`;
  return `'${ch}' (code ${code})`;
}

class Parser {
  private readonly text: string;
  private i = 0;
  private line = 1;
  private lineStart = 0;

  constructor(text: string) {
    this.text = text;
  }

  /** Where the reader is (1-based column of the next character), as Jackson reports errors. */
  private here(): JsonPos {
    return { line: this.line, column: this.i - this.lineStart + 1 };
  }

  private fail(message: string): never {
    throw new JsonError(message + at(this.here()));
  }

  /** "Unexpected character (...): comment", after reading the character (Jackson's location). */
  private unexpected(comment: string): never {
    const code = this.text.codePointAt(this.i) ?? 0;
    this.i += code > 0xffff ? 2 : 1;
    this.fail(`Unexpected character (${charDesc(code)}): ${comment}`);
  }

  private eof(what: string): never {
    this.i = this.text.length;
    this.fail(`Unexpected end-of-input: ${what}`);
  }

  /** Skips white space; returns the next character code or -1 at the end. */
  private skip(): number {
    const text = this.text;
    while (this.i < text.length) {
      const c = text.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09 || c === 0x0d) {
        this.i++;
      } else if (c === 0x0a) {
        this.i++;
        this.line++;
        this.lineStart = this.i;
      } else if (c < 0x20) {
        this.i++;
        this.fail(
          `Illegal character (${charDesc(c)}): only regular white space (\\r, \\n, \\t) is allowed between tokens`,
        );
      } else {
        return c;
      }
    }
    return -1;
  }

  parseRoot(): JsonNode {
    if (this.skip() < 0) throw new JsonError('No content to map to Object due to end of input');
    return this.value();
  }

  private value(): JsonNode {
    const c = this.skip();
    const pos = this.here();
    switch (c) {
      case -1:
        return this.eof('expected a value');
      case 0x22:
        return { ...pos, kind: 'string', value: this.string() };
      case 0x7b:
        return this.object(pos);
      case 0x5b:
        return this.array(pos);
      case 0x74:
        this.literal('true');
        return { ...pos, kind: 'boolean', value: true };
      case 0x66:
        this.literal('false');
        return { ...pos, kind: 'boolean', value: false };
      case 0x6e:
        this.literal('null');
        return { ...pos, kind: 'null' };
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39))
      return { ...pos, kind: 'number', text: this.number() };
    return this.unexpected(
      "expected a valid value (number, String, array, object, 'true', 'false' or 'null')",
    );
  }

  private object(pos: JsonPos): JsonNode {
    this.i++;
    const entries = new Map<string, JsonNode>();
    let c = this.skip();
    if (c === 0x7d) {
      this.i++;
      return { ...pos, kind: 'object', entries };
    }
    for (;;) {
      if (c < 0)
        this.eof(
          `expected close marker for OBJECT (from [line:${pos.line}, column:${pos.column}])`,
        );
      if (c !== 0x22) this.unexpected('was expecting double-quote to start field name');
      const key = this.string();
      c = this.skip();
      if (c < 0)
        this.eof(
          `expected close marker for OBJECT (from [line:${pos.line}, column:${pos.column}])`,
        );
      if (c !== 0x3a) this.unexpected('was expecting a colon to separate field name and value');
      this.i++;
      entries.set(key, this.value());
      c = this.skip();
      if (c === 0x7d) {
        this.i++;
        return { ...pos, kind: 'object', entries };
      }
      if (c < 0)
        this.eof(
          `expected close marker for OBJECT (from [line:${pos.line}, column:${pos.column}])`,
        );
      if (c !== 0x2c) this.unexpected('was expecting comma to separate OBJECT entries');
      this.i++;
      c = this.skip();
    }
  }

  private array(pos: JsonPos): JsonNode {
    this.i++;
    const items: JsonNode[] = [];
    let c = this.skip();
    if (c === 0x5d) {
      this.i++;
      return { ...pos, kind: 'array', items };
    }
    for (;;) {
      if (c < 0)
        this.eof(`expected close marker for ARRAY (from [line:${pos.line}, column:${pos.column}])`);
      items.push(this.value());
      c = this.skip();
      if (c === 0x5d) {
        this.i++;
        return { ...pos, kind: 'array', items };
      }
      if (c < 0)
        this.eof(`expected close marker for ARRAY (from [line:${pos.line}, column:${pos.column}])`);
      if (c !== 0x2c) this.unexpected('was expecting comma to separate ARRAY entries');
      this.i++;
      c = this.skip();
    }
  }

  /** true, false or null; otherwise Jackson's "Unrecognized token 'tru': ..." with the whole word. */
  private literal(word: string): void {
    const text = this.text;
    let end = this.i;
    while (end < text.length && /[\p{L}\p{N}_$]/u.test(text[end])) end++;
    const token = text.slice(this.i, end);
    if (token === word) {
      this.i = end;
      return;
    }
    this.i = Math.max(end, this.i + 1);
    this.fail(
      `Unrecognized token '${token || text[this.i - 1]}': was expecting ('true', 'false' or 'null')`,
    );
  }

  /** A string starting at the opening quote; returns its value. */
  private string(): string {
    const text = this.text;
    this.i++;
    let out = '';
    let start = this.i;
    for (;;) {
      if (this.i >= text.length) this.eof('was expecting closing quote for a string value');
      const c = text.charCodeAt(this.i);
      if (c === 0x22) {
        out += text.slice(start, this.i);
        this.i++;
        return out;
      }
      if (c < 0x20) {
        this.i++;
        this.fail(
          `Illegal unquoted character (${charDesc(c)}): has to be escaped using backslash to be included in string value`,
        );
      }
      if (c !== 0x5c) {
        this.i++;
        continue;
      }
      out += text.slice(start, this.i);
      this.i++;
      if (this.i >= text.length) this.eof('was expecting closing quote for a string value');
      const e = text[this.i];
      this.i++;
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          let code = 0;
          for (let k = 0; k < 4; k++) {
            if (this.i >= text.length) this.eof('was expecting closing quote for a string value');
            const h = text[this.i];
            if (!/[0-9a-fA-F]/.test(h))
              this.unexpected('expected a hex-digit for character escape sequence');
            code = code * 16 + parseInt(h, 16);
            this.i++;
          }
          out += String.fromCharCode(code);
          break;
        }
        default:
          this.fail(`Unrecognized character escape ${charDesc(e.charCodeAt(0))}`);
      }
      start = this.i;
    }
  }

  /** A number's text, checked against JSON's grammar with Jackson's messages. */
  private number(): string {
    const text = this.text;
    const start = this.i;
    const digit = (k: number) =>
      k < text.length && text.charCodeAt(k) >= 0x30 && text.charCodeAt(k) <= 0x39;
    if (text[this.i] === '-') {
      this.i++;
      if (this.i >= text.length) this.eof('in numeric value');
      if (!digit(this.i))
        this.numberChar('expected digit (0-9) to follow minus sign, for valid numeric value');
    }
    if (text[this.i] === '0' && digit(this.i + 1)) {
      this.i++;
      this.fail('Invalid numeric value: Leading zeroes not allowed');
    }
    while (digit(this.i)) this.i++;
    if (text[this.i] === '.') {
      this.i++;
      if (!digit(this.i)) {
        if (this.i >= text.length) this.eof('in numeric value');
        this.numberChar('Decimal point not followed by a digit');
      }
      while (digit(this.i)) this.i++;
    }
    if (text[this.i] === 'e' || text[this.i] === 'E') {
      this.i++;
      if (text[this.i] === '+' || text[this.i] === '-') this.i++;
      if (!digit(this.i)) {
        if (this.i >= text.length) this.eof('in numeric value');
        this.numberChar('Exponent indicator not followed by a digit');
      }
      while (digit(this.i)) this.i++;
    }
    return text.slice(start, this.i);
  }

  private numberChar(comment: string): never {
    const code = this.text.codePointAt(this.i) ?? 0;
    this.i++;
    return this.fail(`Unexpected character (${charDesc(code)}) in numeric value: ${comment}`);
  }
}

/** Parses JSON text; JsonError (a JSONException) when it is not JSON. */
export function parseJson(text: string): JsonNode {
  return new Parser(text).parseRoot();
}

/** A JS value (already parsed, as Lightning hands over a request's parameters) as a tree. */
export function nodeOfPlain(value: unknown): JsonNode {
  const pos = { line: 1, column: 1 };
  if (value === null || value === undefined) return { ...pos, kind: 'null' };
  if (typeof value === 'boolean') return { ...pos, kind: 'boolean', value };
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? { ...pos, kind: 'number', text: JSON.stringify(value) }
      : { ...pos, kind: 'null' };
  }
  if (typeof value === 'bigint') return { ...pos, kind: 'number', text: value.toString() };
  if (typeof value === 'string') return { ...pos, kind: 'string', value };
  if (Array.isArray(value)) return { ...pos, kind: 'array', items: value.map(nodeOfPlain) };
  if (typeof value === 'object') {
    const entries = new Map<string, JsonNode>();
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined) entries.set(k, nodeOfPlain(v));
    }
    return { ...pos, kind: 'object', entries };
  }
  return { ...pos, kind: 'string', value: String(value) };
}

/** What Jackson names a token in "Expected X but found Y": the text that starts the value. */
export function tokenText(node: JsonNode): string {
  switch (node.kind) {
    case 'object':
      return '{';
    case 'array':
      return '[';
    case 'string':
      return node.value;
    case 'number':
      return node.text;
    case 'boolean':
      return String(node.value);
    case 'null':
      return 'null';
  }
}
