/**
 * Object files (`objects/X.object`) as a retrieve returns them, composed from what the org holds:
 *
 * - a custom object: its deployed file, with every child (field, list view, validation rule, …)
 *   as it was last deployed, since a deploy that leaves a field out of the file does not delete it;
 * - a standard object the catalogue knows: its sharing models (EntityDefinition) and its
 *   customizable standard fields (`fullName`, and `type` for picklists and lookups), plus what was
 *   deployed to it (custom fields, or elements of a deployed `Account.object`);
 * - only some children (package.xml names `CustomField: Account.Tier__c` but not the object):
 *   a file holding just those.
 *
 * When a custom object is retrieved whole and nothing was deployed to it since its file, the file
 * comes back byte for byte as deployed. Otherwise the XML is rebuilt: elements in alphabetical
 * order (the order of the Metadata WSDL), children sorted by fullName, four-space indents.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { FieldDef, SObjectDef } from '../../catalog/index.ts';
import { salesObjects } from '../../catalog/sales.ts';
import type { LocalOrg } from '../../org.ts';
import { findComponent, listComponents } from '../org/deployedComponents.ts';
import type { DeployedComponent } from '../org/deployedComponents.ts';
import { childTypesOf } from '../package/registry.ts';
import { METADATA_NS, nodes, parseXml, textOf } from '../xml/parse.ts';
import type { XmlNode, XmlValue } from '../xml/parse.ts';

/** Custom objects, custom metadata types, platform events, big objects, …: `__` and a suffix. */
export const CUSTOM_OBJECT_NAME = /^[A-Za-z]\w*__[A-Za-z]+$/;

/** Standard objects a retrieve serves: the customizable ones of the catalogue. */
const STANDARD_OBJECTS = new Set([...salesObjects.map((o) => o.name), 'User']);

/** Standard fields no object file lists (docs: system fields are not customizable). */
const SYSTEM_FIELDS = new Set([
  'Id',
  'IsDeleted',
  'CreatedDate',
  'CreatedById',
  'LastModifiedDate',
  'LastModifiedById',
  'SystemModstamp',
]);

const CHILDREN = childTypesOf('CustomObject');
const elementOfType = new Map(CHILDREN.map((c) => [c.name, c.element]));
const typeOfElement = new Map(CHILDREN.map((c) => [c.element, c.name]));

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  format: true,
  indentBy: '    ',
  suppressEmptyNode: false,
});

/** A metadata file: the declaration, then `<root xmlns="…">` holding `node`. */
export function metadataXml(root: string, node: XmlNode): string {
  const body = builder.build({ [root]: { '@xmlns': METADATA_NS, ...node } }) as string;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
}

/** The root element's content of a metadata file, attributes dropped; null when unreadable. */
export function readMetadataXml(source: string): XmlNode | null {
  const doc = parseXml(source);
  if (!doc.ok) return null;
  const out: XmlNode = {};
  for (const [key, value] of Object.entries(doc.value)) {
    if (!key.startsWith('@')) out[key] = value;
  }
  return out;
}

const byFullName = (a: XmlNode, b: XmlNode): number => {
  const x = textOf(a.fullName) ?? '';
  const y = textOf(b.fullName) ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Elements sorted by name; repeated children sorted by fullName. */
function sorted(node: XmlNode): XmlNode {
  const out: XmlNode = {};
  for (const key of Object.keys(node).sort()) {
    const value = node[key];
    out[key] = Array.isArray(value) ? [...nodes(value)].sort(byFullName) : value;
  }
  return out;
}

/** The standard objects a retrieve serves that this org's catalogue has. */
export function standardObjectNames(org: LocalOrg): string[] {
  return [...STANDARD_OBJECTS].filter((name) => org.catalog.object(name) !== undefined);
}

export function isCustomObjectName(name: string): boolean {
  return CUSTOM_OBJECT_NAME.test(name);
}

/** The catalogue's definition of a standard object a retrieve may name. */
export function standardObject(org: LocalOrg, name: string): SObjectDef | undefined {
  const object = org.catalog.object(name);
  return object && STANDARD_OBJECTS.has(object.name) ? object : undefined;
}

function standardFields(object: SObjectDef): FieldDef[] {
  return object.fields.filter(
    (f) =>
      !SYSTEM_FIELDS.has(f.name) &&
      !f.name.endsWith('__c') &&
      (f.createable || f.updateable || f.name === 'OwnerId'),
  );
}

function standardFieldNode(field: FieldDef): XmlNode {
  const node: XmlNode = { fullName: field.name };
  if (field.type === 'picklist') node.type = 'Picklist';
  if (field.type === 'reference') node.type = 'Lookup';
  return node;
}

/** A child of an object: its type, `Object.Name`, its XML node and the deployed record if any. */
export interface ObjectChild {
  type: string;
  fullName: string;
  node: XmlNode;
  component: DeployedComponent | null;
}

/** Deployed children of an object (the deploy keeps each as a component with its XML node). */
function deployedChildren(org: LocalOrg, objectName: string): ObjectChild[] {
  const prefix = `${objectName.toLowerCase()}.`;
  const out: ObjectChild[] = [];
  for (const child of CHILDREN) {
    for (const component of listComponents(org.store, child.name)) {
      if (!component.fullName.toLowerCase().startsWith(prefix) || !component.body) continue;
      let node: XmlNode;
      try {
        node = JSON.parse(Buffer.from(component.body).toString('utf8')) as XmlNode;
      } catch {
        continue;
      }
      out.push({ type: child.name, fullName: component.fullName, node, component });
    }
  }
  return out;
}

/** Every child the org holds for an object: standard fields first, deployed ones replace them. */
export function objectChildren(org: LocalOrg, objectName: string): ObjectChild[] {
  const children = new Map<string, ObjectChild>();
  const object = standardObject(org, objectName);
  if (object) {
    for (const field of standardFields(object)) {
      const fullName = `${object.name}.${field.name}`;
      children.set(`CustomField#${fullName.toLowerCase()}`, {
        type: 'CustomField',
        fullName,
        node: standardFieldNode(field),
        component: null,
      });
    }
  }
  for (const child of deployedChildren(org, objectName)) {
    children.set(`${child.type}#${child.fullName.toLowerCase()}`, child);
  }
  return [...children.values()];
}

/** The object-level elements of a standard object: its sharing models. */
function standardElements(org: LocalOrg, object: SObjectDef): XmlNode {
  const row = org.store.get(
    'SELECT "InternalSharingModel", "ExternalSharingModel" FROM "EntityDefinition" WHERE "QualifiedApiName" = ?',
    object.name,
  );
  const out: XmlNode = {};
  if (typeof row?.ExternalSharingModel === 'string')
    out.externalSharingModel = row.ExternalSharingModel;
  if (typeof row?.InternalSharingModel === 'string') out.sharingModel = row.InternalSharingModel;
  return out;
}

/** The children named in a deployed object file, as `Type#fullname` keys (lower case). */
function childKeysOf(objectName: string, node: XmlNode): Set<string> {
  const keys = new Set<string>();
  for (const [element, type] of typeOfElement) {
    for (const child of nodes(node[element])) {
      const name = textOf(child.fullName)?.trim();
      if (name) keys.add(`${type}#${objectName}.${name}`.toLowerCase());
    }
  }
  return keys;
}

/** Whether the stored file of a custom object is still exactly what the org holds. */
function storedFileIsCurrent(
  stored: DeployedComponent,
  storedNode: XmlNode,
  children: ObjectChild[],
): boolean {
  const inFile = childKeysOf(stored.fullName, storedNode);
  if (inFile.size !== children.length) return false;
  return children.every(
    (c) =>
      c.component?.deployId === stored.deployId &&
      inFile.has(`${c.type}#${c.fullName}`.toLowerCase()),
  );
}

/** Whether the org holds an object a retrieve can return (deployed, or a standard object). */
export function objectExists(org: LocalOrg, name: string): boolean {
  return (
    findComponent(org.store, 'CustomObject', name) !== undefined ||
    standardObject(org, name) !== undefined
  );
}

/** The name the org spells an object with (`account` → `Account`). */
export function objectName(org: LocalOrg, name: string): string {
  return (
    findComponent(org.store, 'CustomObject', name)?.fullName ??
    standardObject(org, name)?.name ??
    name
  );
}

/**
 * The object file: the whole object, or (`only`) just the named children (`Type#Object.Name`
 * keys, any case). Returns null when the org holds no such object.
 */
export function objectFile(
  org: LocalOrg,
  name: string,
  only: Set<string> | null = null,
): string | null {
  const stored = findComponent(org.store, 'CustomObject', name) ?? null;
  const standard = standardObject(org, name);
  const children = objectChildren(org, name);
  if (!stored && !standard && children.length === 0) return null;
  const storedSource = stored?.body ? Buffer.from(stored.body).toString('utf8') : null;
  const storedNode = storedSource ? readMetadataXml(storedSource) : null;

  if (!only && stored && storedSource && storedNode && !standard) {
    if (storedFileIsCurrent(stored, storedNode, children)) return storedSource;
  }
  const node: XmlNode = {};
  if (!only) {
    if (standard) Object.assign(node, standardElements(org, standard));
    for (const [key, value] of Object.entries(storedNode ?? {})) {
      if (!typeOfElement.has(key)) node[key] = value;
    }
  }
  const wanted = only ? new Set([...only].map((k) => k.toLowerCase())) : null;
  const grouped = new Map<string, XmlNode[]>();
  for (const child of children) {
    if (wanted && !wanted.has(`${child.type}#${child.fullName}`.toLowerCase())) continue;
    const element = elementOfType.get(child.type)!;
    grouped.set(element, [...(grouped.get(element) ?? []), child.node]);
  }
  for (const [element, list] of grouped) node[element] = list as XmlValue[];
  return metadataXml('CustomObject', sorted(node));
}

/** The children of a parent file (CustomLabels, AssignmentRules) kept by name; null if unreadable. */
export function partialFile(
  root: string,
  source: string,
  element: string,
  names: Set<string> | '*',
): string | null {
  const node = readMetadataXml(source);
  if (!node) return null;
  const kept = nodes(node[element]).filter(
    (child) => names === '*' || names.has((textOf(child.fullName) ?? '').trim().toLowerCase()),
  );
  return metadataXml(root, kept.length ? { [element]: kept } : {});
}
