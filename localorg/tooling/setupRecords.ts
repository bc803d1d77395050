/**
 * The Tooling API's records of the deployed schema and triggers, mirrored from the Metadata API's
 * components (as ApexClass is, in platformData.ts): a CustomObject per custom object, a
 * CustomField per custom field (on standard and custom objects), an ApexTrigger per trigger.
 * Ids are the components' own (01I, 00N, 01q), so a record keeps its Id across redeploys; a
 * component deleted by a destructive deploy loses its record. Run when the org starts and after
 * every deploy.
 *
 * Shapes (Tooling API Developer Guide, "CustomObject", "CustomField", "ApexTrigger"):
 * - DeveloperName is the API name without the `__c` suffix; NamespacePrefix is null and
 *   ManageableState `unmanaged` (nothing here comes from a package).
 * - CustomField.TableEnumOrId (and EntityDefinitionId) is the object's name for a standard
 *   object (`Account`) and the CustomObject's Id for a custom one.
 * - FullName is `Object__c` / `Object.Field__c`. Metadata is the deployed definition as JSON:
 *   docs list its properties but not how values missing from the file read; the local org
 *   answers the properties the file gives (numbers and booleans typed), plus `fullName: null`
 *   as the guide's examples show, and nothing for the rest.
 * - ApexTrigger: Name, TableEnumOrId (the object in `trigger X on Account (...)`), Body, Status
 *   and ApiVersion from the `-meta.xml`, and a Usage flag per event the trigger names.
 */
import { formatDateTime } from '../dates.ts';
import { ensureComponentTable, listComponents } from '../metadata/org/deployedComponents.ts';
import type { DeployedComponent } from '../metadata/org/deployedComponents.ts';
import { parseXml } from '../metadata/xml/parse.ts';
import type { XmlNode, XmlValue } from '../metadata/xml/parse.ts';
import type { SObjectDef } from '../catalog/index.ts';
import type { Row, Store } from '../store/store.ts';

/** Elements of an object file that are components of their own, not the object's Metadata. */
const CHILD_ELEMENTS = new Set([
  'fields',
  'listViews',
  'validationRules',
  'webLinks',
  'recordTypes',
  'compactLayouts',
  'fieldSets',
  'businessProcesses',
  'sharingReasons',
  'indexes',
]);

const bodyText = (component: DeployedComponent): string =>
  component.body ? Buffer.from(component.body).toString('utf8') : '';

/** XML text values as the Tooling API's JSON types them: numbers, booleans, strings, lists. */
function typed(value: XmlValue): unknown {
  if (Array.isArray(value)) return value.map(typed);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (!key.startsWith('@') && key !== '#text') out[key] = typed(inner);
    }
    return out;
  }
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(value) && !/^0\d/.test(value)) return Number(value);
  return value;
}

function metadataOf(node: XmlNode, skip: Set<string> = new Set()): string {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'fullName' || key.startsWith('@') || skip.has(key)) continue;
    out[key] = typed(value);
  }
  return JSON.stringify({ ...out, fullName: null });
}

const text = (node: XmlNode, key: string): string | null => {
  const value = node[key];
  return typeof value === 'string' ? value : null;
};

/** Inserts, updates or deletes the rows of one object so they match `wanted` (by Id). */
function mirror(store: Store, object: SObjectDef | undefined, wanted: Map<string, Row>): void {
  if (!object) return;
  const existing = new Map(
    store
      .all(`SELECT "Id", "SystemModstamp" FROM "${object.name}"`)
      .map((r) => [String(r.Id), String(r.SystemModstamp)]),
  );
  for (const id of existing.keys()) if (!wanted.has(id)) store.deleteRow(object, id);
  for (const [id, row] of wanted) {
    const stamp = existing.get(id);
    if (stamp === undefined) store.insertRow(object, { Id: id, ...row });
    else if (stamp !== row.SystemModstamp) store.updateRow(object, id, row);
  }
}

/** The component's dates (ISO strings) in the store's date-time form. */
const stamp = (iso: string): string => formatDateTime(new Date(iso));

function audit(component: DeployedComponent): Row {
  return {
    CreatedDate: stamp(component.createdDate),
    CreatedById: component.createdById,
    LastModifiedDate: stamp(component.lastModifiedDate),
    LastModifiedById: component.lastModifiedById,
    SystemModstamp: stamp(component.lastModifiedDate),
  };
}

function customObjects(store: Store): Map<string, Row> {
  const rows = new Map<string, Row>();
  for (const component of listComponents(store, 'CustomObject')) {
    if (!component.fullName.endsWith('__c')) continue;
    const parsed = parseXml(bodyText(component));
    const node: XmlNode = parsed.ok ? parsed.value : {};
    rows.set(component.id, {
      DeveloperName: component.fullName.replace(/__c$/, ''),
      NamespacePrefix: null,
      ManageableState: 'unmanaged',
      ExternalName: null,
      SharingModel: text(node, 'sharingModel') ?? 'ReadWrite',
      ExternalSharingModel: text(node, 'externalSharingModel') ?? text(node, 'sharingModel'),
      Description: text(node, 'description'),
      FullName: component.fullName,
      Metadata: metadataOf(node, CHILD_ELEMENTS),
      ...audit(component),
    });
  }
  return rows;
}

function customFields(store: Store, objectIds: Map<string, string>): Map<string, Row> {
  const rows = new Map<string, Row>();
  for (const component of listComponents(store, 'CustomField')) {
    const dot = component.fullName.indexOf('.');
    const objectName = component.fullName.slice(0, dot);
    const fieldName = component.fullName.slice(dot + 1);
    if (!fieldName.endsWith('__c')) continue;
    let node: XmlNode = {};
    try {
      node = JSON.parse(bodyText(component)) as XmlNode;
    } catch {
      // A field deployed from its own file keeps XML; read it below.
      const parsed = parseXml(bodyText(component));
      if (parsed.ok) node = parsed.value;
    }
    const table = objectName.endsWith('__c')
      ? (objectIds.get(objectName.toLowerCase()) ?? objectName)
      : objectName;
    const length = Number(text(node, 'length'));
    rows.set(component.id, {
      DeveloperName: fieldName.replace(/__c$/, ''),
      NamespacePrefix: null,
      TableEnumOrId: table,
      EntityDefinitionId: table,
      ManageableState: 'unmanaged',
      Description: text(node, 'description'),
      InlineHelpText: text(node, 'inlineHelpText'),
      Length: Number.isFinite(length) && text(node, 'length') !== null ? length : null,
      RelationshipLabel: text(node, 'relationshipLabel'),
      FullName: component.fullName,
      Metadata: metadataOf(node),
      ...audit(component),
    });
  }
  return rows;
}

/** Apex source without its comments (string literals kept), for LengthWithoutComments. */
function withoutComments(source: string): string {
  return source.replace(/'(?:\\.|[^'\\\n])*'|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (m) =>
    m.startsWith("'") ? m : '',
  );
}

function apexTriggers(store: Store): Map<string, Row> {
  const rows = new Map<string, Row>();
  for (const component of listComponents(store, 'ApexTrigger')) {
    const body = bodyText(component);
    const code = withoutComments(body);
    const head = /\btrigger\s+\w+\s+on\s+(\w+)\s*\(([^)]*)\)/i.exec(code);
    const events = new Set(
      (head?.[2] ?? '')
        .split(',')
        .map((e) => e.trim().toLowerCase().replace(/\s+/g, ' '))
        .filter(Boolean),
    );
    const apiVersion = Number(/<apiVersion>([^<]*)<\/apiVersion>/.exec(component.meta ?? '')?.[1]);
    const object = head?.[1] ?? null;
    rows.set(component.id, {
      Name: component.fullName,
      NamespacePrefix: null,
      TableEnumOrId: object,
      EntityDefinitionId: object,
      ApiVersion: Number.isFinite(apiVersion) ? apiVersion : null,
      Status: /<status>([^<]*)<\/status>/.exec(component.meta ?? '')?.[1]?.trim() ?? 'Active',
      IsValid: 1,
      Body: body,
      LengthWithoutComments: code.length,
      UsageBeforeInsert: events.has('before insert') ? 1 : 0,
      UsageAfterInsert: events.has('after insert') ? 1 : 0,
      UsageBeforeUpdate: events.has('before update') ? 1 : 0,
      UsageAfterUpdate: events.has('after update') ? 1 : 0,
      UsageBeforeDelete: events.has('before delete') ? 1 : 0,
      UsageAfterDelete: events.has('after delete') ? 1 : 0,
      UsageAfterUndelete: events.has('after undelete') ? 1 : 0,
      UsageIsBulk: 1,
      ...audit(component),
    });
  }
  return rows;
}

/** Brings the CustomObject, CustomField and ApexTrigger records in line with what is deployed. */
export function syncSetupRecords(store: Store): void {
  ensureComponentTable(store);
  const objects = customObjects(store);
  const objectIds = new Map<string, string>();
  for (const [id, row] of objects)
    objectIds.set(`${String(row.DeveloperName)}__c`.toLowerCase(), id);
  mirror(store, store.catalog.object('CustomObject'), objects);
  mirror(store, store.catalog.object('CustomField'), customFields(store, objectIds));
  mirror(store, store.catalog.object('ApexTrigger'), apexTriggers(store));
}
