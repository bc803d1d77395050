/**
 * What a retrieve returns: the package's members resolved against what the org holds (the
 * components deploys left, and the standard objects of the catalogue), as zip entries, one
 * FileProperties per component and per `package.xml`, and a message per member the org lacks.
 * See retriever.ts for the documentation each shape follows.
 */
import { createRequire } from 'node:module';
import type { LocalOrg } from '../../org.ts';
import { findComponent, listComponents } from '../org/deployedComponents.ts';
import type { DeployedComponent } from '../org/deployedComponents.ts';
import type { Manifest } from '../package/manifest.ts';
import { childType, metadataType, typeForDirectory } from '../package/registry.ts';
import type { ChildType, MetadataType } from '../package/registry.ts';
import {
  isCustomObjectName,
  metadataXml,
  objectChildren,
  objectExists,
  objectFile,
  objectName,
  partialFile,
  readMetadataXml,
} from './objects.ts';
import type { RetrieveRequest } from './request.ts';
import { nodes, textOf } from '../xml/parse.ts';

export interface FileProperties {
  createdById: string;
  createdByName: string;
  createdDate: string;
  fileName: string;
  fullName: string;
  id: string;
  lastModifiedById: string;
  lastModifiedByName: string;
  lastModifiedDate: string;
  manageableState: string;
  type: string;
}

export interface RetrieveMessage {
  fileName: string;
  problem: string;
}

export interface RetrievedPackage {
  /** Zip path to content, package folder included. */
  files: Map<string, Uint8Array>;
  fileProperties: FileProperties[];
  messages: RetrieveMessage[];
}

/** Who and when, for FileProperties. */
export interface Stamp {
  id: string;
  createdById: string;
  createdDate: string;
  lastModifiedById: string;
  lastModifiedDate: string;
}

/** Standard objects and fields were made by no one the org knows (the docs give no values). */
export const STANDARD_STAMP: Stamp = {
  id: '',
  createdById: '',
  createdDate: '1970-01-01T00:00:00.000Z',
  lastModifiedById: '',
  lastModifiedDate: '1970-01-01T00:00:00.000Z',
};

const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');

export const notFound = (type: string, member: string): string =>
  `Entity of type '${type}' named '${member}' cannot be found`;
export const unknownType = (type: string): string => `Entity type: '${type}' is unknown`;

interface SdrRegistry {
  types: Record<string, { name: string; children?: { types: Record<string, { name: string }> } }>;
}

let salesforceTypes: Set<string> | undefined;

/**
 * Whether Salesforce has a metadata type of this name, though the local org does not model it:
 * source-deploy-retrieve's registry lists the platform's types (and their child types).
 */
export function isSalesforceType(name: string): boolean {
  if (!salesforceTypes) {
    const registry = createRequire(import.meta.url)(
      '@salesforce/source-deploy-retrieve/lib/src/registry/metadataRegistry.json',
    ) as SdrRegistry;
    salesforceTypes = new Set();
    for (const type of Object.values(registry.types)) {
      salesforceTypes.add(type.name.toLowerCase());
      for (const child of Object.values(type.children?.types ?? {})) {
        salesforceTypes.add(child.name.toLowerCase());
      }
    }
  }
  return salesforceTypes.has(name.toLowerCase());
}

/** A component's main file within the package (`classes/A.cls`, `lwc/a`, `reports/F-meta.xml`). */
export function mainPath(type: MetadataType, fullName: string): string {
  if (type.inFolder && !fullName.includes('/')) return `${type.directory}/${fullName}-meta.xml`;
  if (type.suffix === null) return `${type.directory}/${fullName}`;
  return `${type.directory}/${fullName}.${type.suffix}`;
}

/** The files of a deployed component, by path within the package. */
function componentFiles(type: MetadataType, component: DeployedComponent): [string, Uint8Array][] {
  const main = mainPath(type, component.fullName);
  const out: [string, Uint8Array][] = [];
  if (type.name === 'LightningComponentBundle') {
    for (const [path, text] of Object.entries(component.bundle ?? {})) {
      out.push([`${main}/${path}`, utf8(text)]);
    }
    if (component.meta !== null) {
      out.push([`${main}/${component.fullName}.js-meta.xml`, utf8(component.meta)]);
    }
    return out;
  }
  if (type.suffix === null && !type.inFolder) {
    // Other bundles (Aura) keep their text files by path within the package (generic.ts).
    for (const [path, text] of Object.entries(component.bundle ?? {})) out.push([path, utf8(text)]);
    return out;
  }
  if (component.body) out.push([main, component.body]);
  // A folder's file is its -meta.xml already.
  const folder = type.inFolder && !component.fullName.includes('/');
  if (type.metaFile && !folder && component.meta !== null) {
    out.push([`${main}-meta.xml`, utf8(component.meta)]);
  }
  return out;
}

/** The members `*` stands for: every component of the type (custom objects only, as documented). */
function wildcard(org: LocalOrg, type: MetadataType): string[] {
  return listComponents(org.store, type.name)
    .map((c) => c.fullName)
    .filter((name) => type.name !== 'CustomObject' || isCustomObjectName(name));
}

/** The package's members as the request names them, or the components its specificFiles name. */
function manifestOf(request: RetrieveRequest): Manifest {
  if (request.unpackaged) return request.unpackaged;
  const byType = new Map<string, Set<string>>();
  for (const file of request.specificFiles) {
    const [directory, ...rest] = file.split('/');
    const type = typeForDirectory(directory);
    if (!type || rest.length === 0) continue;
    let member = rest.join('/').replace(/-meta\.xml$/, '');
    if (type.suffix === null && !type.inFolder) member = rest[0];
    else if (type.suffix && member.endsWith(`.${type.suffix}`)) {
      member = member.slice(0, -(type.suffix.length + 1));
    }
    byType.set(type.name, (byType.get(type.name) ?? new Set()).add(member));
  }
  return {
    types: [...byType].map(([name, members]) => ({ name, members: [...members] })),
    version: null,
  };
}

/** Who retrieves, when, and the Name of a user Id. */
export interface RetrieveContext {
  userId: string;
  at: string;
  userName: (id: string) => string;
}

/** A FileProperties; `userName` gives the Name of a user Id. */
export function fileProperties(
  type: string,
  fullName: string,
  fileName: string,
  stamp: Stamp,
  userName: (id: string) => string,
): FileProperties {
  return {
    createdById: stamp.createdById,
    createdByName: stamp.createdById ? userName(stamp.createdById) : '',
    createdDate: stamp.createdDate,
    fileName,
    fullName,
    id: stamp.id,
    lastModifiedById: stamp.lastModifiedById,
    lastModifiedByName: stamp.lastModifiedById ? userName(stamp.lastModifiedById) : '',
    lastModifiedDate: stamp.lastModifiedDate,
    manageableState: 'unmanaged',
    type,
  };
}

/** `package.xml` as the request gave it (members and wildcards as named). */
function packageXml(manifest: Manifest, version: string): string {
  return metadataXml('Package', {
    types: manifest.types.map((t) => ({ members: t.members, name: t.name })),
    version,
  });
}

/** Collects a retrieve's contents. */
export function collectRetrieve(
  org: LocalOrg,
  request: RetrieveRequest,
  context: RetrieveContext,
): RetrievedPackage {
  const prefix = request.singlePackage ? '' : 'unpackaged/';
  const manifestFile = `${prefix}package.xml`;
  const manifest = manifestOf(request);
  const messages: RetrieveMessage[] = [];
  const properties: FileProperties[] = [];
  const files = new Map<string, Uint8Array>();
  const missing = (type: string, member: string) =>
    messages.push({ fileName: manifestFile, problem: notFound(type, member) });
  const property = (type: string, fullName: string, path: string, stamp: Stamp) =>
    properties.push(fileProperties(type, fullName, `${prefix}${path}`, stamp, context.userName));

  const components = new Map<string, { type: MetadataType; component: DeployedComponent }>();
  /** Objects to write: whole, or only some children (`Type#Object.Name` keys). */
  const objects = new Map<string, { name: string; only: Set<string> | null }>();
  /** Other parents of requested children (CustomLabels, AssignmentRules). */
  const parents = new Map<
    string,
    { child: ChildType; component: DeployedComponent; names: Set<string> | '*' }
  >();
  const seen = new Set<string>();
  const once = (key: string): boolean => {
    if (seen.has(key.toLowerCase())) return false;
    seen.add(key.toLowerCase());
    return true;
  };

  const addObject = (name: string) => {
    const spelled = objectName(org, name);
    objects.set(spelled.toLowerCase(), { name: spelled, only: null });
    if (!once(`CustomObject#${spelled}`)) return;
    const stored = findComponent(org.store, 'CustomObject', spelled);
    property('CustomObject', spelled, `objects/${spelled}.object`, stored ?? STANDARD_STAMP);
  };

  const addObjectChild = (child: ChildType, member: string) => {
    const dot = member.indexOf('.');
    const parent = dot > 0 ? member.slice(0, dot) : '';
    if (!parent || !objectExists(org, parent)) return missing(child.name, member);
    const spelled = objectName(org, parent);
    const found = objectChildren(org, spelled).find(
      (c) => c.type === child.name && c.fullName.toLowerCase() === member.toLowerCase(),
    );
    if (!found) return missing(child.name, member);
    const entry = objects.get(spelled.toLowerCase()) ?? { name: spelled, only: new Set() };
    entry.only?.add(`${found.type}#${found.fullName}`);
    objects.set(spelled.toLowerCase(), entry);
    if (once(`${found.type}#${found.fullName}`)) {
      property(
        found.type,
        found.fullName,
        `objects/${spelled}.object`,
        found.component ?? STANDARD_STAMP,
      );
    }
  };

  /** A child of CustomLabels or AssignmentRules: `*` or one name, within one parent. */
  const addOtherChild = (
    child: ChildType,
    component: DeployedComponent | undefined,
    childName: string,
    member: string,
  ) => {
    const parentType = metadataType(child.parent)!;
    const source = component?.body ? Buffer.from(component.body).toString('utf8') : '';
    const names = nodes(readMetadataXml(source)?.[child.element]).map(
      (n) => textOf(n.fullName)?.trim() ?? '',
    );
    const known =
      childName === '*' ? names : names.filter((n) => n.toLowerCase() === childName.toLowerCase());
    if (!component || known.length === 0) {
      if (childName !== '*') missing(child.name, member);
      return;
    }
    const key = `${parentType.name}#${component.fullName}`.toLowerCase();
    const entry = parents.get(key) ?? { child, component, names: new Set<string>() };
    if (childName === '*') entry.names = '*';
    else if (entry.names !== '*') entry.names.add(childName.toLowerCase());
    parents.set(key, entry);
    const path = mainPath(parentType, component.fullName);
    for (const name of known) {
      const fullName = child.parent === 'CustomLabels' ? name : `${component.fullName}.${name}`;
      if (once(`${child.name}#${fullName}`)) {
        property(child.name, fullName, path, { ...component, id: '' });
      }
    }
  };

  /** `CustomLabel: Name` (in the one CustomLabels file) or `AssignmentRule: Lead.Name`. */
  const addOtherChildren = (child: ChildType, member: string) => {
    const parentType = metadataType(child.parent)!;
    if (child.parent === 'CustomLabels') {
      return addOtherChild(
        child,
        findComponent(org.store, parentType.name, 'CustomLabels'),
        member,
        member,
      );
    }
    if (member === '*') {
      for (const component of listComponents(org.store, parentType.name)) {
        addOtherChild(child, component, '*', member);
      }
      return;
    }
    const dot = member.indexOf('.');
    if (dot <= 0) return missing(child.name, member);
    const component = findComponent(org.store, parentType.name, member.slice(0, dot));
    addOtherChild(child, component, member.slice(dot + 1), member);
  };

  for (const entry of manifest.types) {
    const type = metadataType(entry.name);
    const child = type ? undefined : childType(entry.name);
    if (!type && !child) {
      // A type the platform has but the local org does not model: it holds none of it.
      if (isSalesforceType(entry.name)) {
        for (const member of entry.members.filter((m) => m !== '*')) missing(entry.name, member);
      } else {
        messages.push({ fileName: manifestFile, problem: unknownType(entry.name) });
      }
      continue;
    }
    if (child) {
      for (const member of entry.members) {
        if (child.parent !== 'CustomObject') {
          addOtherChildren(child, member);
          continue;
        }
        if (member !== '*') {
          addObjectChild(child, member);
          continue;
        }
        // `*` covers the children of custom objects; a standard object's must be named (docs).
        for (const name of wildcard(org, metadataType('CustomObject')!)) {
          for (const c of objectChildren(org, name)) {
            if (c.type === child.name) addObjectChild(child, c.fullName);
          }
        }
      }
      continue;
    }
    const members = entry.members.flatMap((m) => (m === '*' ? wildcard(org, type!) : [m]));
    for (const member of members) {
      if (type!.name === 'CustomObject') {
        if (objectExists(org, member)) addObject(member);
        else missing(type!.name, member);
        continue;
      }
      const component = findComponent(org.store, type!.name, member);
      if (!component) {
        missing(type!.name, member);
        continue;
      }
      const key = `${type!.name}#${component.fullName}`;
      if (!once(key)) continue;
      components.set(key.toLowerCase(), { type: type!, component });
      property(type!.name, component.fullName, mainPath(type!, component.fullName), component);
    }
  }

  for (const { type, component } of components.values()) {
    for (const [path, content] of componentFiles(type, component))
      files.set(`${prefix}${path}`, content);
  }
  for (const { name, only } of objects.values()) {
    const xml = objectFile(org, name, only);
    if (xml !== null) files.set(`${prefix}objects/${name}.object`, utf8(xml));
  }
  for (const { child, component, names } of parents.values()) {
    const parentType = metadataType(child.parent)!;
    const source = component.body ? Buffer.from(component.body).toString('utf8') : '';
    const xml = partialFile(child.parent, source, child.element, names);
    if (xml !== null) files.set(`${prefix}${mainPath(parentType, component.fullName)}`, utf8(xml));
  }

  if (request.specificFiles.length) {
    const wanted = new Set(request.specificFiles.map((f) => `${prefix}${f}`));
    for (const path of [...files.keys()]) {
      if (!wanted.has(path)) files.delete(path);
    }
    const kept = properties.filter(
      (p) => files.has(p.fileName) || [...files.keys()].some((f) => f.startsWith(`${p.fileName}/`)),
    );
    properties.splice(0, properties.length, ...kept);
  }
  properties.sort((a, b) =>
    a.type === b.type ? (a.fullName < b.fullName ? -1 : 1) : a.type < b.type ? -1 : 1,
  );
  // The manifest comes last, stamped with the retrieve (as real orgs' results show it).
  files.set(manifestFile, utf8(packageXml(manifest, manifest.version ?? request.apiVersion)));
  const stamp = {
    id: '',
    createdById: context.userId,
    createdDate: context.at,
    lastModifiedById: context.userId,
    lastModifiedDate: context.at,
  };
  property('Package', manifestFile, 'package.xml', stamp);
  return { files, fileProperties: properties, messages };
}
