/**
 * The console's custom objects (Lead_Assignment_Batch__c, Lead_Assignment_Log__c) made real in a
 * demo org at start: their source-format files in force-app are merged into the metadata-format
 * `.object` file a deploy carries and go through the Metadata API's own validator and schema
 * writer, so the tables, describe and SOQL match what `channelkit deploy` would create.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_API_VERSION } from '../../http/server.ts';
import type { LocalOrg } from '../../org.ts';
import type { PackageComponent } from '../../metadata/package/components.ts';
import { childTypesOf, metadataType } from '../../metadata/package/registry.ts';
import { metadataService } from '../../metadata/service.ts';
import { DeployContext } from '../../metadata/validate/context.ts';
import { preregisterObject, validateCustomObject } from '../../metadata/validate/customObject.ts';

export const BATCH_OBJECT = 'Lead_Assignment_Batch__c';
export const LOG_OBJECT = 'Lead_Assignment_Log__c';

export const OBJECTS_DIR = fileURLToPath(
  new URL('../../../force-app/main/default/objects/', import.meta.url),
);

/** The body of a metadata file without its root element (`<CustomField ...>...</CustomField>`). */
function innerXml(source: string, root: string): string {
  const m = new RegExp(`<${root}\\b[^>]*>([\\s\\S]*)</${root}>\\s*$`).exec(source);
  if (!m) throw new Error(`not a ${root} file`);
  return m[1];
}

/**
 * One object's decomposed source (`X__c/X__c.object-meta.xml` plus `X__c/fields/*.field-meta.xml`
 * and the other child folders) as the single `.object` file of the metadata format.
 */
export function mergeObjectSource(dir: string, name: string): string {
  const object = readFileSync(join(dir, name, `${name}.object-meta.xml`), 'utf8');
  const children: string[] = [];
  for (const child of childTypesOf('CustomObject')) {
    const folder = join(dir, name, child.element);
    if (!existsSync(folder)) continue;
    for (const file of readdirSync(folder).sort()) {
      if (!file.endsWith('-meta.xml')) continue;
      const body = innerXml(readFileSync(join(folder, file), 'utf8'), child.name);
      children.push(`<${child.element}>${body}</${child.element}>`);
    }
  }
  const at = object.lastIndexOf('</CustomObject>');
  if (at < 0) throw new Error(`${name}.object-meta.xml is not a CustomObject file`);
  return object.slice(0, at) + children.join('\n') + object.slice(at);
}

function component(name: string, source: string): PackageComponent {
  const path = `objects/${name}.object`;
  return {
    type: metadataType('CustomObject')!,
    fullName: name,
    path,
    fileName: path,
    files: new Map([[path, Buffer.from(source, 'utf8')]]),
    reported: true,
    childMembers: new Set(),
  };
}

/**
 * Creates (or brings up to date) the objects' tables and catalogue entries. Throws, naming the
 * file and problem, when the object files are missing or would not deploy.
 */
export function ensureLeadAssignmentObjects(org: LocalOrg, dir = OBJECTS_DIR): void {
  metadataService(org);
  const components = [BATCH_OBJECT, LOG_OBJECT].map((name) =>
    component(name, mergeObjectSource(dir, name)),
  );
  const ctx = new DeployContext(org, MAX_API_VERSION);
  for (const c of components) preregisterObject(c, ctx);
  const validations = components.map((c) => validateCustomObject(c, ctx, org));
  const problems = validations.flatMap((v) =>
    v.parts.flatMap((p) => p.problems.map((problem) => `${p.fullName}: ${problem.problem}`)),
  );
  if (problems.length) {
    throw new Error(`the lead-assignment objects in ${dir} do not deploy: ${problems.join('; ')}`);
  }
  org.store.transaction(() => {
    for (const v of validations) v.save?.(v.parts);
  });
  for (const v of validations) v.afterCommit?.(v.parts);
}
