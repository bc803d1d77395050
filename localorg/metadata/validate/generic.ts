/**
 * Every other known type: its XML files must be well-formed, and its metadata file must have the
 * type's root element in the metadata namespace. The component is recorded as deployed, with the
 * text files of a bundle (Aura) so that a retrieve gives them back.
 */
import type { PackageComponent } from '../package/components.ts';
import { decodeText } from '../package/zip.ts';
import { parseXml } from '../xml/parse.ts';
import type { DeployContext } from './context.ts';
import { checkMetadataXml } from './meta.ts';
import { part } from './types.ts';
import type { ComponentValidation, PartProblem } from './types.ts';

/** The root element of a type's metadata file where it is not the type's name. */
function rootElement(component: PackageComponent): string | null {
  const type = component.type;
  if (type.inFolder) return null;
  if (type.name === 'Settings') return `${component.fullName}Settings`;
  return type.name;
}

function isXmlFile(component: PackageComponent, path: string): boolean {
  const type = component.type;
  if (path.endsWith('.xml')) return true;
  // Content files (`.page`, `.asset`) of types with a separate -meta.xml are not metadata XML.
  return !type.metaFile && type.suffix !== null && path.endsWith(`.${type.suffix}`);
}

/** A file's content as UTF-8 text, byte for byte (a byte-order mark kept); null when binary. */
function exactText(content: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(content);
  } catch {
    return null;
  }
}

export function validateGeneric(
  component: PackageComponent,
  ctx: DeployContext,
): ComponentValidation {
  const problems: PartProblem[] = [];
  const root = rootElement(component);
  const mainMeta = component.type.metaFile ? `${component.path}-meta.xml` : component.path;
  if (component.type.metaFile && !component.type.inFolder && !component.files.has(mainMeta)) {
    problems.push({
      fileName: `${component.fileName}-meta.xml`,
      problem: `Missing file ${mainMeta}`,
    });
  }
  const prefix = component.fileName.slice(0, component.fileName.length - component.path.length);
  const bundle: Record<string, string> = {};
  const isBundle = component.type.suffix === null && !component.type.inFolder;
  for (const [path, content] of component.files) {
    if (!isXmlFile(component, path)) {
      // A bundle's other files (Aura markup, JavaScript, CSS) are kept, so a retrieve returns them.
      const text = isBundle ? exactText(content) : null;
      if (text !== null) bundle[path] = text;
      continue;
    }
    const source = decodeText(content);
    bundle[path] = source;
    const fileName = `${prefix}${path}`;
    if (path === mainMeta && root) {
      const checked = checkMetadataXml(source, root, fileName);
      if (!checked.ok) problems.push(checked.problem);
      continue;
    }
    const doc = parseXml(source);
    if (!doc.ok) {
      problems.push({
        fileName,
        line: doc.line,
        column: doc.column,
        problem: `Error parsing file: ${doc.message}`,
      });
    }
  }
  if (problems.length === 0) ctx.defineComponent(component.type.name, component.fullName);
  const main = component.files.get(component.path) ?? null;
  return {
    parts: [
      part(
        component.type.name,
        component.fullName,
        component.fileName,
        {
          body: main,
          meta: bundle[mainMeta] ?? null,
          bundle: component.type.suffix ? null : bundle,
        },
        problems,
      ),
    ],
  };
}
