/**
 * Object files (`objects/X__c.object`, metadata format): the object and each of its fields are
 * reported as their own components; good ones become tables, columns and catalogue entries.
 */
import type { FieldDef } from '../../catalog/index.ts';
import type { LocalOrg } from '../../org.ts';
import { applySchemaChange, nextKeyPrefix } from '../org/customSchema.ts';
import type { CustomObjectDefinition } from '../org/customSchema.ts';
import { notFoundProblem } from '../package/components.ts';
import type { PackageComponent } from '../package/components.ts';
import { childTypesOf } from '../package/registry.ts';
import { decodeText } from '../package/zip.ts';
import { lineOf, nodes, textOf } from '../xml/parse.ts';
import type { XmlNode } from '../xml/parse.ts';
import { text as textField } from '../../catalog/fields.ts';
import type { DeployContext } from './context.ts';
import { CUSTOM_NAME, readCustomField } from './customField.ts';
import { checkMetadataXml } from './meta.ts';
import { part } from './types.ts';
import type { ComponentValidation, DeployPart, PartProblem } from './types.ts';

/** Custom objects get tables; platform events, custom metadata and the like are only recorded. */
const OTHER_CUSTOM_SUFFIX = /__(mdt|e|b|x|kav|share|Share|history|History|feed|Feed)$/;

function wants(component: PackageComponent, type: string, fullName: string): boolean {
  return (
    component.reported ||
    component.childMembers.has(`${type}#*`) ||
    component.childMembers.has(`${type}#${fullName}`)
  );
}

/** Makes the objects of a deploy known before any is validated, so lookups between them resolve. */
export function preregisterObject(component: PackageComponent, ctx: DeployContext): void {
  if (component.reported && CUSTOM_NAME.test(component.fullName)) {
    ctx.defineObject(component.fullName, []);
  }
}

interface ObjectHeader {
  label: string;
  labelPlural: string;
  nameField: FieldDef;
  sharingModel: string | undefined;
}

function readHeader(value: XmlNode): ObjectHeader | PartProblem {
  const label = textOf(value.label)?.trim();
  if (!label) return { problem: 'Must specify a non-empty label for the CustomObject' };
  const labelPlural = textOf(value.pluralLabel)?.trim();
  if (!labelPlural)
    return { problem: 'Must specify a non-empty plural label for the CustomObject' };
  const [nameNode] = nodes(value.nameField);
  if (!nameNode) return { problem: 'Must specify a nameField for the CustomObject' };
  const nameLabel = textOf(nameNode.label)?.trim();
  const nameType = textOf(nameNode.type)?.trim();
  if (!nameLabel) return { problem: 'Must specify a non-empty label for the nameField' };
  if (nameType !== 'Text' && nameType !== 'AutoNumber') {
    return {
      problem: `The nameField type must be Text or AutoNumber, not ${nameType ?? '(none)'}`,
    };
  }
  const nameField = textField('Name', {
    label: nameLabel,
    length: 80,
    nameField: true,
    required: nameType === 'Text',
    readonly: nameType === 'AutoNumber',
  });
  return { label, labelPlural, nameField, sharingModel: textOf(value.sharingModel)?.trim() };
}

export function validateCustomObject(
  component: PackageComponent,
  ctx: DeployContext,
  org: LocalOrg,
): ComponentValidation {
  const name = component.fullName;
  const content = component.files.get(component.path);
  const source = content ? decodeText(content) : '';
  const objectPart = part('CustomObject', name, component.fileName, { body: source });
  const parsed = checkMetadataXml(source, 'CustomObject', component.fileName);
  if (!parsed.ok) {
    objectPart.problems.push(parsed.problem);
    ctx.forgetObject(name);
    return { parts: [objectPart] };
  }
  const value = parsed.value;
  const isCustom = CUSTOM_NAME.test(name);
  const isOtherCustom = OTHER_CUSTOM_SUFFIX.test(name);
  let header: ObjectHeader | null = null;
  if (isCustom && component.reported) {
    const read = readHeader(value);
    if ('problem' in read) objectPart.problems.push({ ...read, line: 1, column: 1 });
    else header = read;
  } else if (!isCustom && !isOtherCustom && !org.catalog.object(name)) {
    objectPart.problems.push({
      problem: `Cannot find a standard object named ${name}: custom object names end in __c`,
    });
  } else if (isCustom && !ctx.hasObject(name)) {
    objectPart.problems.push({ problem: `No CustomObject named ${name} found` });
  }
  if (objectPart.problems.length) {
    ctx.forgetObject(name);
    return { parts: [objectPart] };
  }

  const parts: DeployPart[] = component.reported ? [objectPart] : [];
  const fields = new Map<DeployPart, FieldDef | null>();
  const seen = new Set<string>();
  const standard = isCustom || isOtherCustom ? undefined : org.catalog.object(name);
  for (const node of nodes(value.fields)) {
    const fieldName = textOf(node.fullName)?.trim() ?? '';
    const fullName = `${name}.${fieldName}`;
    if (!wants(component, 'CustomField', fullName)) continue;
    const fieldPart = part('CustomField', fullName, component.fileName, {
      body: JSON.stringify(node),
    });
    const line = lineOf(source, `<fullName>${fieldName}</fullName>`);
    parts.push(fieldPart);
    if (seen.has(fieldName.toLowerCase())) {
      fieldPart.problems.push({ line, column: 1, problem: `Duplicate field ${fieldName}` });
      continue;
    }
    seen.add(fieldName.toLowerCase());
    // Standard fields can appear in a standard object's file (picklist values, help text).
    if (standard && !fieldName.endsWith('__c') && org.catalog.field(standard, fieldName)) {
      fields.set(fieldPart, null);
      continue;
    }
    if (isOtherCustom) {
      fields.set(fieldPart, null);
      continue;
    }
    const read = readCustomField(node, ctx);
    if (read.ok) fields.set(fieldPart, read.field);
    else fieldPart.problems.push({ line, column: 1, problem: read.problem });
  }
  for (const child of childTypesOf('CustomObject')) {
    if (child.name === 'CustomField') continue;
    for (const node of nodes(value[child.element])) {
      const childName = textOf(node.fullName)?.trim();
      if (!childName) continue;
      const fullName = `${name}.${childName}`;
      if (!wants(component, child.name, fullName)) continue;
      parts.push(part(child.name, fullName, component.fileName, { body: JSON.stringify(node) }));
    }
  }
  for (const requested of component.childMembers) {
    const [type, fullName] = requested.split('#');
    if (fullName.endsWith('.*') || fullName === '*') continue;
    if (!parts.some((p) => p.componentType === type && p.fullName === fullName)) {
      parts.push(
        part(type, fullName, component.fileName, { body: null }, [
          { problem: notFoundProblem(type, fullName) },
        ]),
      );
    }
  }
  const goodFields = [...fields].filter(([p]) => p.problems.length === 0);
  ctx.defineObject(
    name,
    goodFields.map(([p]) => p.fullName.slice(name.length + 1)),
  );

  const commits: (() => void)[] = [];
  return {
    parts,
    save: (good) => {
      if (isOtherCustom) return;
      const added = goodFields.filter(([p]) => good.includes(p)).map(([, f]) => f);
      const schemaFields = added.filter((f): f is FieldDef => f !== null);
      let object: CustomObjectDefinition | undefined;
      if (header && good.includes(objectPart)) {
        const existing = org.catalog.object(name);
        object = {
          name,
          label: header.label,
          labelPlural: header.labelPlural,
          keyPrefix: existing?.keyPrefix ?? nextKeyPrefix(org),
          nameField: header.nameField,
          owned: !schemaFields.some((f) => f.nillable === false && f.type === 'reference'),
          sharingModel: header.sharingModel,
        };
      }
      if (!object && schemaFields.length === 0) return;
      commits.push(applySchemaChange(org, { object, objectName: name, fields: schemaFields }));
    },
    afterCommit: () => {
      for (const commit of commits) commit();
    },
  };
}
