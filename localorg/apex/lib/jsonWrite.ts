/**
 * JSON text as Apex writes it. JSON.serialize is Jackson's generator: compact output, strings
 * escaped with Jackson's table (\" \\ \b \t \n \f \r, other control characters as \u00XX with
 * upper-case hex, nothing else escaped), numbers written with the exact text the caller gives.
 * JSON.serializePretty is Jackson's DefaultPrettyPrinter: object entries on their own lines
 * indented by two spaces per level, `"key" : value`, arrays on one line as `[ a, b ]`, empty
 * containers as `{ }` and `[ ]` (Apex Reference Guide, "JSON Class", serializePretty; the layout
 * as printed by orgs: salesforce.stackexchange.com q/40646).
 */

/** A number with its exact JSON text (`1.50`, `9223372036854775807`, `1.0E10`). */
export class JsonNumber {
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }
}

/** An object with its keys in order. */
export class JsonObject {
  readonly entries: [string, JsonOut][] = [];

  add(key: string, value: JsonOut): this {
    this.entries.push([key, value]);
    return this;
  }
}

export type JsonOut = null | boolean | string | JsonNumber | JsonOut[] | JsonObject;

const HEX = '0123456789ABCDEF';
const SHORT: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };

export function quote(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c) continue;
    out += s.slice(start, i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else out += SHORT[c] ?? `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
    start = i + 1;
  }
  return out + s.slice(start) + '"';
}

export function writeJson(value: JsonOut, pretty: boolean): string {
  return pretty ? writePretty(value, 0) : writeCompact(value);
}

function writeCompact(value: JsonOut): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return quote(value);
  if (value instanceof JsonNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(writeCompact).join(',')}]`;
  return `{${value.entries.map(([k, v]) => `${quote(k)}:${writeCompact(v)}`).join(',')}}`;
}

function writePretty(value: JsonOut, level: number): string {
  if (Array.isArray(value)) {
    return value.length === 0 ? '[ ]' : `[ ${value.map((v) => writePretty(v, level)).join(', ')} ]`;
  }
  if (value instanceof JsonObject) {
    if (value.entries.length === 0) return '{ }';
    const indent = '  '.repeat(level + 1);
    const body = value.entries.map(
      ([k, v]) => `\n${indent}${quote(k)} : ${writePretty(v, level + 1)}`,
    );
    return `{${body.join(',')}\n${'  '.repeat(level)}}`;
  }
  return writeCompact(value);
}
