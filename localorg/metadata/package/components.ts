/**
 * Which components a package deploys: `package.xml` members matched against the files present
 * (with the `*` wildcard), and a failure for every member named but not found.
 */
import type { Manifest } from './manifest.ts';
import { childType, metadataType } from './registry.ts';
import type { MetadataType } from './registry.ts';
import type { PackageRoot, ZipFiles } from './zip.ts';

/** A component to validate and deploy. */
export interface PackageComponent {
  type: MetadataType;
  fullName: string;
  /** Path within the package of the main file (`classes/A.cls`, `lwc/x`, `objects/X__c.object`). */
  path: string;
  /** `fileName` as the Metadata API reports it: the zip path, package folder included. */
  fileName: string;
  /** The component's files, by path within the package. */
  files: ZipFiles;
  /** False for a parent file deployed only for the children `package.xml` names. */
  reported: boolean;
  /** Child members `package.xml` names explicitly (`X__c.F__c`); empty means all children. */
  childMembers: Set<string>;
}

export interface ManifestProblem {
  componentType: string;
  fullName: string;
  fileName: string;
  problem: string;
}

export interface ResolvedPackage {
  components: PackageComponent[];
  problems: ManifestProblem[];
}

function filesOf(type: MetadataType, member: string, files: ZipFiles): ZipFiles {
  const out: ZipFiles = new Map();
  const base = `${type.directory}/${member}`;
  for (const [path, content] of files) {
    const inFolderMeta = type.inFolder && !member.includes('/') && path === `${base}-meta.xml`;
    const own =
      type.suffix === null && !type.inFolder
        ? path.startsWith(`${base}/`) || path.startsWith(`${base}.`)
        : path.startsWith(`${base}.`);
    if (inFolderMeta || (own && (!type.inFolder || member.includes('/')))) out.set(path, content);
  }
  return out;
}

function mainPath(type: MetadataType, member: string, files: ZipFiles): string {
  const base = `${type.directory}/${member}`;
  if (type.suffix === null && !type.inFolder) return base;
  if (type.suffix && files.has(`${base}.${type.suffix}`)) return `${base}.${type.suffix}`;
  const content = [...files.keys()].find((p) => !p.endsWith('-meta.xml'));
  return content ?? [...files.keys()][0] ?? base;
}

/** Every member name the `*` wildcard stands for in this package. */
function wildcardMembers(type: MetadataType, files: ZipFiles): string[] {
  const names = new Set<string>();
  const prefix = `${type.directory}/`;
  for (const path of files.keys()) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    if (type.suffix === null && !type.inFolder) {
      names.add(rest.split('/')[0].replace(/\.[^.]*$/, ''));
    } else if (!type.inFolder && !rest.includes('/') && rest.endsWith(`.${type.suffix}`)) {
      names.add(rest.slice(0, -(type.suffix!.length + 1)));
    }
  }
  return [...names].sort();
}

export function notFoundProblem(typeName: string, member: string): string {
  return `An object '${member}' of type ${typeName} was named in package.xml, but was not found in zipped directory`;
}

export function resolveComponents(
  root: PackageRoot,
  manifest: Manifest,
  allowMissingFiles: boolean,
): ResolvedPackage {
  const problems: ManifestProblem[] = [];
  const components = new Map<string, PackageComponent>();
  const manifestFile = `${root.prefix}package.xml`;
  const add = (type: MetadataType, member: string, reported: boolean): boolean => {
    const files = filesOf(type, member, root.files);
    if (files.size === 0) return false;
    const key = `${type.name}#${member}`;
    const existing = components.get(key);
    if (existing) {
      existing.reported ||= reported;
      return true;
    }
    const path = mainPath(type, member, files);
    components.set(key, {
      type,
      fullName: member,
      path,
      fileName: `${root.prefix}${path}`,
      files,
      reported,
      childMembers: new Set(),
    });
    return true;
  };

  const childRequests: { typeName: string; member: string; parent: MetadataType }[] = [];
  for (const entry of manifest.types) {
    const type = metadataType(entry.name);
    const child = type ? undefined : childType(entry.name);
    if (!type && !child) {
      problems.push({
        componentType: entry.name,
        fullName: entry.name,
        fileName: manifestFile,
        problem: `Unknown type name '${entry.name}' specified in package.xml`,
      });
      continue;
    }
    if (child) {
      const parent = metadataType(child.parent)!;
      for (const member of entry.members) {
        childRequests.push({ typeName: child.name, member, parent });
      }
      continue;
    }
    const members = entry.members.flatMap((m) =>
      m === '*' ? wildcardMembers(type!, root.files) : [m],
    );
    for (const member of members) {
      if (!add(type!, member, true) && !allowMissingFiles) {
        problems.push({
          componentType: type!.name,
          fullName: member,
          fileName: manifestFile,
          problem: notFoundProblem(type!.name, member),
        });
      }
    }
  }

  // Children (CustomField `X__c.F__c`) come with their parent's file.
  for (const request of childRequests) {
    const members =
      request.member === '*'
        ? wildcardMembers(request.parent, root.files).map((p) => `${p}.*`)
        : [request.member];
    for (const member of members) {
      const dot = member.indexOf('.');
      const parentName = dot < 0 ? member : member.slice(0, dot);
      if (!add(request.parent, parentName, false)) {
        if (!allowMissingFiles) {
          problems.push({
            componentType: request.typeName,
            fullName: member,
            fileName: manifestFile,
            problem: notFoundProblem(request.typeName, member),
          });
        }
        continue;
      }
      const component = components.get(`${request.parent.name}#${parentName}`)!;
      if (!member.endsWith('.*')) component.childMembers.add(`${request.typeName}#${member}`);
      else component.childMembers.add(`${request.typeName}#*`);
    }
  }
  return { components: [...components.values()], problems };
}
