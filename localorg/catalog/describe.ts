/** Describe responses (describeGlobal, sObject basic info, sObject describe) from the catalogue. */
import { isFilterable, isGroupable, picklistLabel } from './fields.ts';
import type { Catalog, FieldDef, SObjectDef } from './index.ts';

const SOAP_TYPES: Record<string, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  boolean: 'xsd:boolean',
  int: 'xsd:int',
  double: 'xsd:double',
  currency: 'xsd:double',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
  base64: 'xsd:base64Binary',
};

function objectUrls(object: SObjectDef, version: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${object.name}`;
  return {
    compactLayouts: `${base}/describe/compactLayouts`,
    rowTemplate: `${base}/{ID}`,
    approvalLayouts: `${base}/describe/approvalLayouts`,
    defaultValues: `${base}/defaultValues?recordTypeId&fields`,
    listviews: `${base}/listviews`,
    describe: `${base}/describe`,
    quickActions: `${base}/quickActions`,
    layouts: `${base}/describe/layouts`,
    sobject: base,
  };
}

/** The properties describeGlobal and basic info share. */
export function objectSummary(object: SObjectDef, version: string): Record<string, unknown> {
  return {
    activateable: false,
    associateEntityType: null,
    associateParentEntity: null,
    createable: object.createable,
    custom: object.name.endsWith('__c'),
    customSetting: false,
    deepCloneable: false,
    deletable: object.deletable,
    deprecatedAndHidden: false,
    feedEnabled: false,
    hasSubtypes: false,
    isInterface: false,
    isSubtype: false,
    keyPrefix: object.keyPrefix,
    label: object.label,
    labelPlural: object.labelPlural,
    layoutable: !object.setup,
    mergeable: ['Account', 'Contact', 'Lead'].includes(object.name),
    mruEnabled: !object.setup,
    name: object.name,
    queryable: object.queryable,
    replicateable: object.keyPrefix !== null,
    retrieveable: object.keyPrefix !== null,
    searchable: !object.setup,
    triggerable: !object.setup || object.name === 'User',
    undeletable: object.softDelete,
    updateable: object.updateable,
    urls: objectUrls(object, version),
  };
}

export function describeGlobal(catalog: Catalog, version: string): Record<string, unknown> {
  return {
    encoding: 'UTF-8',
    maxBatchSize: 200,
    sobjects: catalog.objects
      .filter((object) => !object.toolingOnly)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((object) => objectSummary(object, version)),
  };
}

function byteLength(field: FieldDef): number {
  return field.length * 3;
}

export function describeField(field: FieldDef): Record<string, unknown> {
  const text = ['string', 'textarea', 'email', 'phone', 'url', 'picklist'].includes(field.type);
  const numeric = field.type === 'double' || field.type === 'currency';
  return {
    aggregatable: field.type !== 'textarea' && field.type !== 'boolean',
    aiPredictionField: false,
    autoNumber: false,
    byteLength: text || field.type === 'id' || field.type === 'reference' ? byteLength(field) : 0,
    calculated: false,
    calculatedFormula: null,
    cascadeDelete: false,
    caseSensitive: false,
    compoundFieldName: null,
    controllerName: null,
    createable: field.createable,
    custom: field.name.endsWith('__c'),
    defaultValue: field.type === 'boolean' ? field.defaultValue : null,
    defaultValueFormula: null,
    defaultedOnCreate: field.defaultedOnCreate,
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: field.type === 'int' ? 9 : 0,
    displayLocationInDecimal: false,
    encrypted: false,
    externalId: field.externalId,
    extraTypeInfo: null,
    filterable: isFilterable(field),
    filteredLookupInfo: null,
    formulaTreatNullNumberAsZero: false,
    groupable: isGroupable(field),
    highScaleNumber: false,
    htmlFormatted: false,
    idLookup: field.type === 'id' || field.unique,
    inlineHelpText: null,
    label: field.label,
    length: text ? field.length : field.type === 'id' || field.type === 'reference' ? 18 : 0,
    mask: null,
    maskType: null,
    name: field.name,
    nameField: field.nameField,
    namePointing: field.referenceTo.length > 1,
    nillable: field.nillable,
    permissionable: field.nillable && field.updateable,
    picklistValues: field.picklistValues.map((value) => ({
      active: true,
      defaultValue: value === field.defaultValue,
      label: picklistLabel(field, value),
      validFor: null,
      value,
    })),
    polymorphicForeignKey: field.referenceTo.length > 1,
    precision: numeric ? 18 : 0,
    queryByDistance: false,
    referenceTargetField: null,
    referenceTo: field.referenceTo,
    relationshipName: field.relationshipName,
    relationshipOrder: null,
    restrictedDelete: false,
    restrictedPicklist: false,
    scale: numeric ? 2 : 0,
    searchPrefilterable: false,
    soapType: SOAP_TYPES[field.type] ?? 'xsd:string',
    sortable: isFilterable(field),
    type: field.type,
    unique: field.unique,
    updateable: field.updateable,
    writeRequiresMasterRead: false,
  };
}

export function describeSObject(
  catalog: Catalog,
  object: SObjectDef,
  version: string,
): Record<string, unknown> {
  return {
    ...objectSummary(object, version),
    actionOverrides: [],
    childRelationships: catalog.childRelationships(object).map((r) => ({
      cascadeDelete: r.cascadeDelete,
      childSObject: r.childSObject,
      deprecatedAndHidden: false,
      field: r.field,
      junctionIdListNames: [],
      junctionReferenceTo: [],
      relationshipName: r.relationshipName,
      restrictedDelete: false,
    })),
    compactLayoutable: !object.setup,
    defaultImplementation: null,
    extendedBy: null,
    extendsInterfaces: null,
    fields: object.fields.map(describeField),
    implementedBy: null,
    implementsInterfaces: null,
    listviewable: null,
    lookupLayoutable: null,
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    recordTypeInfos: [],
    searchLayoutable: !object.setup,
    sobjectDescribeOption: 'FULL',
    supportedScopes: [{ label: `All ${object.labelPlural.toLowerCase()}`, name: 'everything' }],
  };
}
