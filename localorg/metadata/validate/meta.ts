/** Checks every metadata XML file shares: well-formed, the right root element, the metadata namespace, a valid apiVersion. */
import { METADATA_NS, parseXml, textOf } from '../xml/parse.ts';
import type { XmlNode } from '../xml/parse.ts';
import type { PartProblem } from './types.ts';

export type MetaCheck = { ok: true; value: XmlNode } | { ok: false; problem: PartProblem };

/** Parses a metadata file whose root must be `<root xmlns="http://soap.sforce.com/2006/04/metadata">`. */
export function checkMetadataXml(source: string, root: string, fileName: string): MetaCheck {
  const doc = parseXml(source);
  if (!doc.ok) {
    return {
      ok: false,
      problem: {
        fileName,
        line: doc.line,
        column: doc.column,
        problem: `Error parsing file: ${doc.message}`,
      },
    };
  }
  if (doc.root !== root || doc.namespace !== METADATA_NS) {
    return {
      ok: false,
      problem: {
        fileName,
        line: 1,
        column: 1,
        problem: `Error parsing file: Element {${doc.namespace ?? ''}}${doc.root} invalid at this location`,
      },
    };
  }
  return { ok: true, value: doc.value };
}

/** An `<apiVersion>` that is required and at most the org's latest version. */
export function checkApiVersion(
  value: XmlNode,
  maxApiVersion: number,
  fileName: string,
  required = true,
): PartProblem | null {
  const version = textOf(value.apiVersion)?.trim();
  if (version === undefined || version === '') {
    return required ? { fileName, problem: 'The apiVersion field is required' } : null;
  }
  if (!/^\d+\.0$/.test(version) || Number(version) < 1) {
    return { fileName, problem: `Invalid apiVersion: ${version}` };
  }
  if (Number(version) > maxApiVersion) {
    return {
      fileName,
      problem: `apiVersion ${version} is not supported: the latest version this org supports is ${maxApiVersion.toFixed(1)}`,
    };
  }
  return null;
}
