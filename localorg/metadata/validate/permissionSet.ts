/**
 * Permission sets and profiles: every object, field and Apex class they grant access to must exist
 * in the org or in the same deploy. A deployed permission set becomes a PermissionSet record.
 */
import { formatDateTime } from '../../dates.ts';
import type { LocalOrg } from '../../org.ts';
import type { Session } from '../../auth/session.ts';
import type { PackageComponent } from '../package/components.ts';
import { decodeText } from '../package/zip.ts';
import { lineOf, nodes, textOf } from '../xml/parse.ts';
import type { XmlNode } from '../xml/parse.ts';
import type { DeployContext } from './context.ts';
import { checkMetadataXml } from './meta.ts';
import { savePermissionContent } from '../../permissions.ts';
import type { PermissionSetContent } from '../../permissions.ts';
import type { Catalog } from '../../catalog/index.ts';
import { part } from './types.ts';
import type { ComponentValidation, PartProblem } from './types.ts';

function referenceProblems(source: string, value: XmlNode, ctx: DeployContext): PartProblem[] {
  const problems: PartProblem[] = [];
  const missing = (element: string, type: string, name: string) =>
    problems.push({
      line: lineOf(source, `<${element}>${name}</${element}>`),
      column: 1,
      problem: `In field: ${element} - no ${type} named ${name} found`,
    });
  for (const node of nodes(value.objectPermissions)) {
    const object = textOf(node.object)?.trim();
    if (object && !ctx.hasObject(object)) missing('object', 'CustomObject', object);
  }
  for (const node of nodes(value.fieldPermissions)) {
    const field = textOf(node.field)?.trim();
    if (!field) continue;
    const dot = field.indexOf('.');
    if (dot < 0 || !ctx.hasField(field.slice(0, dot), field.slice(dot + 1))) {
      missing('field', 'CustomField', field);
    }
  }
  for (const node of nodes(value.classAccesses)) {
    const apexClass = textOf(node.apexClass)?.trim();
    if (apexClass && ctx.apexClass(apexClass) === undefined) {
      missing('apexClass', 'ApexClass', apexClass);
    }
  }
  for (const node of nodes(value.pageAccesses)) {
    const page = textOf(node.apexPage)?.trim();
    if (page && !ctx.hasComponent('ApexPage', page)) missing('apexPage', 'ApexPage', page);
  }
  for (const node of nodes(value.customPermissions)) {
    const name = textOf(node.name)?.trim();
    if (name && !ctx.hasComponent('CustomPermission', name)) {
      missing('name', 'CustomPermission', name);
    }
  }
  return problems;
}

/** What a permission set's objectPermissions, fieldPermissions, classAccesses and userPermissions grant. */
function permissionContentOf(catalog: Catalog, value: XmlNode): PermissionSetContent {
  const flag = (v: XmlNode[string]) => textOf(v)?.trim() === 'true';
  const content: PermissionSetContent = { objects: [], fields: [], classes: [], permissions: [] };
  for (const node of nodes(value.objectPermissions)) {
    const object = textOf(node.object)?.trim();
    if (!object) continue;
    content.objects.push({
      object: catalog.object(object)?.name ?? object,
      access: {
        read: flag(node.allowRead),
        create: flag(node.allowCreate),
        edit: flag(node.allowEdit),
        delete: flag(node.allowDelete),
        viewAll: flag(node.viewAllRecords),
        modifyAll: flag(node.modifyAllRecords),
      },
    });
  }
  for (const node of nodes(value.fieldPermissions)) {
    const path = textOf(node.field)?.trim() ?? '';
    const dot = path.indexOf('.');
    if (dot < 0) continue;
    content.fields.push({
      object: path.slice(0, dot),
      field: path.slice(dot + 1),
      read: flag(node.readable),
      edit: flag(node.editable),
    });
  }
  for (const node of nodes(value.classAccesses)) {
    const name = textOf(node.apexClass)?.trim();
    if (name && flag(node.enabled)) content.classes.push(name);
  }
  for (const node of nodes(value.userPermissions)) {
    const name = textOf(node.name)?.trim();
    if (name && flag(node.enabled)) content.permissions!.push(name);
  }
  return content;
}

/** Inserts or updates the PermissionSet record named after the component. */
function savePermissionSet(
  org: LocalOrg,
  session: Session,
  id: string | undefined,
  name: string,
  value: XmlNode,
): string | null {
  const object = org.catalog.object('PermissionSet');
  if (!object?.keyPrefix) return null;
  const at = formatDateTime(org.now());
  const label = textOf(value.label)?.trim() ?? name;
  const description = textOf(value.description)?.trim() ?? null;
  const existing = org.store.get('SELECT "Id" FROM "PermissionSet" WHERE "Name" = ?', name);
  const changes = {
    Label: label,
    Description: description,
    LastModifiedDate: at,
    LastModifiedById: session.userId,
    SystemModstamp: at,
  };
  if (existing) {
    org.store.updateRow(object, String(existing.Id), changes);
    return String(existing.Id);
  }
  const newId = id || org.store.nextId(object.keyPrefix);
  org.store.insertRow(object, {
    Id: newId,
    Name: name,
    ...changes,
    CreatedDate: at,
    CreatedById: session.userId,
  });
  return newId;
}

export function validatePermissions(
  component: PackageComponent,
  ctx: DeployContext,
  session: Session,
): ComponentValidation {
  const type = component.type.name;
  const source = decodeText(component.files.get(component.path) ?? new Uint8Array());
  const problems: PartProblem[] = [];
  const parsed = checkMetadataXml(source, type, component.fileName);
  let value: XmlNode | null = null;
  if (!parsed.ok) {
    problems.push(parsed.problem);
  } else {
    value = parsed.value;
    if (type === 'PermissionSet' && !textOf(value.label)?.trim()) {
      problems.push({
        line: 1,
        column: 1,
        problem: 'Must specify a non-empty label for the PermissionSet',
      });
    }
    problems.push(...referenceProblems(source, value, ctx));
  }
  const permissionPart = part(
    type,
    component.fullName,
    component.fileName,
    { body: source },
    problems,
  );
  if (type === 'PermissionSet') {
    const record = ctx.org.store.get(
      'SELECT "Id" FROM "PermissionSet" WHERE "Name" = ?',
      component.fullName,
    );
    if (record) permissionPart.id = String(record.Id);
  }
  return {
    parts: [permissionPart],
    save: (good) => {
      if (type === 'PermissionSet' && value && good.includes(permissionPart)) {
        const id = savePermissionSet(
          ctx.org,
          session,
          permissionPart.id,
          component.fullName,
          value,
        );
        if (id)
          savePermissionContent(ctx.org.store, id, permissionContentOf(ctx.org.catalog, value));
      }
    },
  };
}
