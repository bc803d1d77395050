/**
 * Every other known type: its XML files must be well-formed, and its metadata file must have the
 * type's root element in the metadata namespace. The component is recorded as deployed.
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
  for (const [path, content] of component.files) {
    if (!isXmlFile(component, path)) continue;
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
