/** Small builders for catalogue fields, so object definitions read like Salesforce's reference. */
import type { FieldDef, FieldType, SObjectDef } from './types.ts';

export interface FieldOptions {
  label?: string;
  /** Must be given on create (not nillable, no default). */
  required?: boolean;
  /** Not writable by clients (system or formula-like fields). */
  readonly?: boolean;
  /** Writable on create only. */
  createOnly?: boolean;
  length?: number;
  default?: string | number | boolean;
  values?: string[];
  unique?: boolean;
  nameField?: boolean;
  externalId?: boolean;
}

/** "PartnerAccountId" -> "Partner Account ID". */
export function labelOf(name: string): string {
  return name
    .replace(/Id$/, 'ID')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
}

function make(
  name: string,
  type: FieldType,
  options: FieldOptions,
  extra: Partial<FieldDef> = {},
): FieldDef {
  const readonly = options.readonly ?? false;
  const hasDefault = options.default !== undefined;
  return {
    name,
    label: options.label ?? labelOf(name),
    type,
    length: options.length ?? 0,
    nillable: !(options.required ?? false) && type !== 'boolean',
    createable: !readonly,
    updateable: !readonly && !(options.createOnly ?? false),
    defaultedOnCreate: hasDefault || type === 'boolean',
    referenceTo: [],
    relationshipName: null,
    picklistValues: options.values ?? [],
    defaultValue: options.default ?? (type === 'boolean' ? false : null),
    unique: options.unique ?? false,
    nameField: options.nameField ?? false,
    externalId: options.externalId ?? false,
    ...extra,
  };
}

export const text = (name: string, options: FieldOptions = {}): FieldDef =>
  make(name, 'string', { length: 255, ...options });
export const longText = (name: string, options: FieldOptions = {}): FieldDef =>
  make(name, 'textarea', { length: 32000, ...options });
export const email = (name: string, options: FieldOptions = {}): FieldDef =>
  make(name, 'email', { length: 80, ...options });
export const phone = (name: string, options: FieldOptions = {}): FieldDef =>
  make(name, 'phone', { length: 40, ...options });
export const url = (name: string, options: FieldOptions = {}): FieldDef =>
  make(name, 'url', { length: 255, ...options });
export const picklist = (name: string, values: string[], options: FieldOptions = {}): FieldDef =>
  make(name, 'picklist', { length: 255, values, ...options });
export const bool = (name: string, options: FieldOptions = {}): FieldDef =>
  make(name, 'boolean', options);
export const int = (name: string, options: FieldOptions = {}): FieldDef =>
  make(name, 'int', options);
export const currency = (name: string, options: FieldOptions = {}): FieldDef =>
  make(name, 'currency', options);
export const double = (name: string, options: FieldOptions = {}): FieldDef =>
  make(name, 'double', options);
export const date = (name: string, options: FieldOptions = {}): FieldDef =>
  make(name, 'date', options);
export const dateTime = (name: string, options: FieldOptions = {}): FieldDef =>
  make(name, 'datetime', options);

/** Binary content (a static resource's Body): a Blob in Apex, a URL in REST. */
export const base64 = (name: string, options: FieldOptions = {}): FieldDef =>
  make(name, 'base64', options);

/** A lookup; `relationship` is the name used in SOQL paths (Owner.Name). */
export const ref = (
  name: string,
  referenceTo: string[],
  relationship: string | null,
  options: FieldOptions = {},
): FieldDef =>
  make(
    name,
    'reference',
    { length: 18, ...options },
    { referenceTo, relationshipName: relationship },
  );

/** Name compounds (FirstName + LastName) and other values the platform computes. */
export const computedName = (label = 'Full Name'): FieldDef =>
  make('Name', 'string', { label, length: 121, readonly: true, nameField: true });

const idField = (): FieldDef =>
  make('Id', 'id', { label: 'Record ID', readonly: true, length: 18 }, { defaultedOnCreate: true });

const auditFields = (): FieldDef[] =>
  [
    dateTime('CreatedDate', { readonly: true, label: 'Created Date' }),
    ref('CreatedById', ['User'], 'CreatedBy', { readonly: true }),
    dateTime('LastModifiedDate', { readonly: true, label: 'Last Modified Date' }),
    ref('LastModifiedById', ['User'], 'LastModifiedBy', { readonly: true }),
    dateTime('SystemModstamp', { readonly: true, label: 'System Modstamp' }),
  ].map((f) => ({ ...f, nillable: false, defaultedOnCreate: true }));

export interface ObjectOptions {
  label?: string;
  labelPlural?: string;
  keyPrefix: string | null;
  setup?: boolean;
  createable?: boolean;
  updateable?: boolean;
  deletable?: boolean;
  softDelete?: boolean;
  /** Records have an owner (OwnerId), defaulted to the running user. */
  ownerTo?: string[];
}

/** An object with its Id, owner, IsDeleted and audit fields added. */
export function sobject(name: string, options: ObjectOptions, fields: FieldDef[]): SObjectDef {
  const all: FieldDef[] = [idField()];
  if (options.softDelete) all.push(bool('IsDeleted', { readonly: true, label: 'Deleted' }));
  all.push(...fields);
  if (options.ownerTo) {
    const owner = ref('OwnerId', options.ownerTo, 'Owner', { label: 'Owner ID' });
    all.push({ ...owner, nillable: false, defaultedOnCreate: true });
  }
  all.push(...auditFields());
  const label = options.label ?? labelOf(name);
  return {
    name,
    label,
    labelPlural: options.labelPlural ?? `${label}s`,
    keyPrefix: options.keyPrefix,
    createable: options.createable ?? true,
    updateable: options.updateable ?? true,
    deletable: options.deletable ?? true,
    queryable: true,
    setup: options.setup ?? false,
    softDelete: options.softDelete ?? false,
    fields: all,
  };
}

/** A long text area (a textarea over 255 characters): it can be selected, nothing more. */
export const isLongText = (field: FieldDef): boolean =>
  field.type === 'textarea' && field.length > 255;

/** A picklist value's label: the deployed `<label>`, else the value itself. */
export const picklistLabel = (field: FieldDef, value: string): string =>
  field.picklistLabels?.[value] ?? value;

/** Describe's `filterable` and `sortable`: what a WHERE clause or ORDER BY may name. */
export const isFilterable = (field: FieldDef): boolean =>
  !isLongText(field) && field.type !== 'base64' && !field.json;

/** Describe's `groupable`: what GROUP BY may name (no text areas, no double or currency). */
export const isGroupable = (field: FieldDef): boolean =>
  isFilterable(field) &&
  field.type !== 'textarea' &&
  field.type !== 'double' &&
  field.type !== 'currency';
