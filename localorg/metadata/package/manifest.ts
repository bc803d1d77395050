/** `package.xml`: the types and members a package says it contains, and its API version. */
import { nodes, parseXml, textOf, texts } from '../xml/parse.ts';

export interface ManifestType {
  name: string;
  members: string[];
}

export interface Manifest {
  types: ManifestType[];
  /** `65.0`, or null when the manifest names none. */
  version: string | null;
}

export type ManifestResult =
  { ok: true; manifest: Manifest } | { ok: false; line: number; column: number; problem: string };

export function parseManifest(source: string): ManifestResult {
  const doc = parseXml(source);
  if (!doc.ok) {
    return {
      ok: false,
      line: doc.line,
      column: doc.column,
      problem: `Error parsing file: ${doc.message}`,
    };
  }
  if (doc.root !== 'Package') {
    return {
      ok: false,
      line: 1,
      column: 1,
      problem: `Error parsing file: Element {${doc.namespace ?? ''}}${doc.root} invalid at this location`,
    };
  }
  const types: ManifestType[] = [];
  for (const node of nodes(doc.value.types)) {
    const name = textOf(node.name)?.trim();
    if (!name) {
      return { ok: false, line: 1, column: 1, problem: 'A <types> element has no <name>' };
    }
    types.push({ name, members: texts(node.members).map((m) => m.trim()) });
  }
  const version = textOf(doc.value.version)?.trim() || null;
  return { ok: true, manifest: { types, version } };
}
