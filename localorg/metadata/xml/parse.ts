/** Reading metadata XML: well-formedness with line and column, then a plain object tree. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** The Metadata API namespace every metadata file's root element carries. */
export const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
});

export type XmlValue = string | XmlNode | XmlValue[];
export interface XmlNode {
  [name: string]: XmlValue;
}

export type XmlDocument =
  | { ok: true; root: string; namespace: string | null; value: XmlNode }
  | { ok: false; line: number; column: number; message: string };

/** Parses a document and returns its single root element, or where it is malformed. */
export function parseXml(source: string): XmlDocument {
  const valid = XMLValidator.validate(source);
  if (valid !== true) {
    return { ok: false, line: valid.err.line, column: valid.err.col, message: valid.err.msg };
  }
  const parsed = parser.parse(source) as XmlNode;
  const roots = Object.keys(parsed).filter((k) => !k.startsWith('?') && !k.startsWith('#'));
  if (roots.length !== 1) {
    return { ok: false, line: 1, column: 1, message: 'A document must have one root element' };
  }
  const root = roots[0];
  const raw = parsed[root];
  const value: XmlNode = typeof raw === 'object' && !Array.isArray(raw) ? raw : {};
  return { ok: true, root, namespace: rootNamespace(source), value };
}

/** The default namespace declared on the root element (the parser drops `xmlns` attributes). */
function rootNamespace(source: string): string | null {
  const withoutProlog = source.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g, '');
  const tag = /<[A-Za-z_][\w:.-]*((?:\s+[^>]*?)?)\/?>/.exec(withoutProlog);
  const xmlns = tag ? /\sxmlns\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(tag[1]) : null;
  return xmlns ? (xmlns[1] ?? xmlns[2]) : null;
}

/** Every occurrence of a repeatable element, as a list. */
export function list(value: XmlValue | undefined): XmlValue[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The nodes of a repeatable element (text-only occurrences dropped). */
export function nodes(value: XmlValue | undefined): XmlNode[] {
  return list(value).filter((v): v is XmlNode => typeof v === 'object' && !Array.isArray(v));
}

/** The text of a simple element, or undefined when absent or not text. */
export function textOf(value: XmlValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const inner = value['#text'];
    if (typeof inner === 'string') return inner;
    // An element with only attributes (or nothing) reads as empty text.
    if (Object.keys(value).every((k) => k.startsWith('@'))) return '';
  }
  return undefined;
}

/** The texts of a repeatable simple element. */
export function texts(value: XmlValue | undefined): string[] {
  return list(value)
    .map((v) => textOf(v))
    .filter((v): v is string => v !== undefined);
}

/** `true`/`false` text as a boolean; `fallback` when absent. */
export function booleanOf(value: XmlValue | undefined, fallback: boolean): boolean {
  const text = textOf(value)?.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  return fallback;
}

/** The 1-based line of the first line containing `needle`, for problems inside XML files. */
export function lineOf(source: string, needle: string): number {
  const index = source.indexOf(needle);
  return index < 0 ? 1 : source.slice(0, index).split('\n').length;
}
