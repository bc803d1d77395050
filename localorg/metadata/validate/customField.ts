/** A `<fields>` element of an object file read into a catalogue field, or the problems that stop it. */
import {
  bool,
  currency,
  date,
  dateTime,
  email,
  longText,
  phone,
  picklist,
  ref,
  text,
  url,
} from '../../catalog/fields.ts';
import type { FieldOptions } from '../../catalog/fields.ts';
import type { FieldDef } from '../../catalog/index.ts';
import { booleanOf, nodes, textOf } from '../xml/parse.ts';
import type { XmlNode } from '../xml/parse.ts';
import type { DeployContext } from './context.ts';

export const CUSTOM_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*__c$/;

/** Field types of the Metadata API (FieldType enumeration). */
const FIELD_TYPES = new Set([
  'AutoNumber',
  'Lookup',
  'MasterDetail',
  'MetadataRelationship',
  'Checkbox',
  'Currency',
  'Date',
  'DateTime',
  'Email',
  'EncryptedText',
  'ExternalLookup',
  'IndirectLookup',
  'Number',
  'Percent',
  'Phone',
  'Picklist',
  'MultiselectPicklist',
  'Summary',
  'Text',
  'TextArea',
  'LongTextArea',
  'Url',
  'Hierarchy',
  'File',
  'Html',
  'Geolocation',
  'Location',
  'Time',
]);

export type FieldResult = { ok: true; field: FieldDef } | { ok: false; problem: string };

function intOf(node: XmlNode, name: string): number | undefined {
  const value = textOf(node[name])?.trim();
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) ? n : Number.NaN;
}

function picklistValues(node: XmlNode): {
  values: string[];
  labels: Record<string, string>;
  defaultValue?: string;
} {
  const values: string[] = [];
  const labels: Record<string, string> = {};
  let defaultValue: string | undefined;
  const add = (value: XmlNode): void => {
    const name = textOf(value.fullName)?.trim();
    if (!name) return;
    values.push(name);
    // A value's <label> is what users see (describe, getLabel()); without one, its name.
    const label = textOf(value.label)?.trim();
    if (label && label !== name) labels[name] = label;
    if (booleanOf(value.default, false)) defaultValue = name;
  };
  for (const valueSet of nodes(node.valueSet)) {
    for (const definition of nodes(valueSet.valueSetDefinition)) {
      for (const value of nodes(definition.value)) add(value);
    }
  }
  // Picklists before API 38 list <picklist><picklistValues>.
  for (const legacy of nodes(node.picklist)) {
    for (const value of nodes(legacy.picklistValues)) add(value);
  }
  return { values, labels, defaultValue };
}

/** Reads one custom field; `label` and `type` are required as the platform requires them. */
export function readCustomField(node: XmlNode, ctx: DeployContext): FieldResult {
  const name = textOf(node.fullName)?.trim() ?? '';
  const fail = (problem: string): FieldResult => ({ ok: false, problem });
  if (!CUSTOM_NAME.test(name) || name.length > 43) {
    return fail(
      `Invalid field name ${name}: custom field names start with a letter, end in __c and have at most 40 characters before it`,
    );
  }
  const label = textOf(node.label)?.trim();
  if (!label) return fail('Must specify a non-empty label for the CustomField');
  const type = textOf(node.type)?.trim() ?? '';
  if (!FIELD_TYPES.has(type)) return fail(`Invalid field type: ${type || '(none)'}`);
  const formula = textOf(node.formula)?.trim();
  const readonly = Boolean(formula) || ['AutoNumber', 'Summary'].includes(type);
  const options: FieldOptions = {
    label,
    required: booleanOf(node.required, false) || type === 'MasterDetail',
    readonly,
    unique: booleanOf(node.unique, false),
    externalId: booleanOf(node.externalId, false),
  };
  const length = intOf(node, 'length');
  if (Number.isNaN(length)) return fail('length must be a whole number');

  switch (type) {
    case 'Text':
    case 'EncryptedText': {
      if (!formula && (length === undefined || length < 1 || length > 255)) {
        return fail('Length must be between 1 and 255 for a Text field');
      }
      return { ok: true, field: text(name, { ...options, length: length ?? 255 }) };
    }
    case 'AutoNumber':
    case 'Time':
      return { ok: true, field: text(name, { ...options, length: 30 }) };
    case 'TextArea':
      return { ok: true, field: longText(name, { ...options, length: 255 }) };
    case 'LongTextArea':
    case 'Html': {
      if (length === undefined || length < 256 || length > 131072) {
        return fail(`Length must be between 256 and 131,072 for a ${type} field`);
      }
      const visibleLines = intOf(node, 'visibleLines');
      if (visibleLines === undefined) return fail(`A ${type} field requires visibleLines`);
      return { ok: true, field: longText(name, { ...options, length }) };
    }
    case 'Email':
      return { ok: true, field: email(name, options) };
    case 'Phone':
      return { ok: true, field: phone(name, options) };
    case 'Url':
      return { ok: true, field: url(name, options) };
    case 'Checkbox': {
      const value = textOf(node.defaultValue)?.trim().toLowerCase();
      if (!formula && value !== 'true' && value !== 'false') {
        return fail('A Checkbox field requires a defaultValue of true or false');
      }
      return { ok: true, field: bool(name, { ...options, default: value === 'true' }) };
    }
    case 'Number':
    case 'Percent':
    case 'Currency':
    case 'Summary': {
      const precision = intOf(node, 'precision');
      const scale = intOf(node, 'scale');
      if (type !== 'Summary' && !formula) {
        if (precision === undefined || Number.isNaN(precision) || precision < 1 || precision > 18) {
          return fail('Precision must be between 1 and 18');
        }
        if (scale === undefined || Number.isNaN(scale) || scale < 0 || scale > precision) {
          return fail('Scale must be between 0 and the precision');
        }
      }
      const field = currency(name, options);
      return { ok: true, field: type === 'Currency' ? field : { ...field, type: 'double' } };
    }
    case 'Date':
      return { ok: true, field: date(name, options) };
    case 'DateTime':
      return { ok: true, field: dateTime(name, options) };
    case 'Picklist':
    case 'MultiselectPicklist': {
      const { values, labels, defaultValue } = picklistValues(node);
      const globalSet = nodes(node.valueSet).some((v) => textOf(v.valueSetName));
      if (values.length === 0 && !globalSet) return fail('A picklist field requires values');
      const field = picklist(name, values, {
        ...options,
        ...(defaultValue === undefined ? {} : { default: defaultValue }),
      });
      const labelled = Object.keys(labels).length > 0;
      return { ok: true, field: labelled ? { ...field, picklistLabels: labels } : field };
    }
    case 'Lookup':
    case 'MasterDetail':
    case 'Hierarchy': {
      const target = type === 'Hierarchy' ? 'User' : textOf(node.referenceTo)?.trim();
      if (!target) return fail(`A ${type} field requires referenceTo`);
      if (!ctx.hasObject(target))
        return fail(`referenceTo value of '${target}' does not resolve to a valid sObject type`);
      if (type !== 'Hierarchy' && !textOf(node.relationshipName)?.trim()) {
        return fail(`A ${type} field requires relationshipName`);
      }
      const relationship = `${name.slice(0, -3)}__r`;
      const children = textOf(node.relationshipName)?.trim();
      return {
        ok: true,
        field: {
          ...ref(name, [target], relationship, options),
          childRelationshipName: children ? `${children}__r` : null,
        },
      };
    }
    default:
      // Compound and external types the local org stores as text.
      return { ok: true, field: text(name, { ...options, length: 255 }) };
  }
}
