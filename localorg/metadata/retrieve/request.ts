/**
 * The RetrieveRequest of a SOAP `retrieve` call, read from the parsed envelope (see retriever.ts
 * for the documentation it follows). jsforce serialises `unpackaged` as SDR's
 * `ComponentSet.getObject()` builds it: `<types><members>…</members><name>…</name></types>`
 * repeated, then `<version>`; a single `<types>` or `<members>` parses as one value, not a list.
 */
import type { Manifest, ManifestType } from '../package/manifest.ts';

export interface RetrieveRequest {
  /** `65.0`: the version of the package when `unpackaged` names none. */
  apiVersion: string;
  packageNames: string[];
  singlePackage: boolean;
  /** Package-relative paths (`classes/A.cls`); empty when not given. */
  specificFiles: string[];
  unpackaged: Manifest | null;
}

/** A request the call cannot take; answered as a SOAP client fault. */
export class RetrieveRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetrieveRequestError';
  }
}

const list = (value: unknown): unknown[] =>
  value === undefined || value === null || value === ''
    ? []
    : Array.isArray(value)
      ? value
      : [value];

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

function apiVersionOf(value: unknown): string | null {
  const raw = text(value);
  if (!raw) return null;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new RetrieveRequestError(`Invalid apiVersion: ${raw}`);
  return n.toFixed(1);
}

function manifestOf(value: unknown): Manifest | null {
  if (!value || typeof value !== 'object') return null;
  const node = value as Record<string, unknown>;
  const types: ManifestType[] = [];
  for (const entry of list(node.types)) {
    if (!entry || typeof entry !== 'object') continue;
    const type = entry as Record<string, unknown>;
    const name = text(type.name);
    if (!name) throw new RetrieveRequestError('A <types> element of unpackaged has no <name>');
    types.push({ name, members: list(type.members).map(text).filter(Boolean) });
  }
  return { types, version: apiVersionOf(node.version) };
}

export function parseRetrieveRequest(args: Record<string, unknown>): RetrieveRequest {
  const request = args.request ?? args.retrieveRequest;
  if (!request || typeof request !== 'object') {
    throw new RetrieveRequestError('The retrieve call needs a request (RetrieveRequest)');
  }
  const node = request as Record<string, unknown>;
  const unpackaged = manifestOf(node.unpackaged);
  const apiVersion = apiVersionOf(node.apiVersion) ?? unpackaged?.version ?? null;
  if (!apiVersion)
    throw new RetrieveRequestError('The RetrieveRequest field apiVersion is required');
  const packageNames = list(node.packageNames).map(text).filter(Boolean);
  const specificFiles = list(node.specificFiles)
    .map(text)
    .filter(Boolean)
    .map((path) => path.replace(/\\/g, '/').replace(/^\.\//, ''));
  const singlePackage = text(node.singlePackage).toLowerCase() === 'true';
  if (specificFiles.length && (packageNames.length || !singlePackage)) {
    throw new RetrieveRequestError(
      'specificFiles requires packageNames to be null and singlePackage to be true',
    );
  }
  return { apiVersion, packageNames, singlePackage, specificFiles, unpackaged };
}
