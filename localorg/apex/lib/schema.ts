/**
 * Schema describes and sObject methods (Apex Reference Guide, "Schema Class", "SObjectType Class",
 * "DescribeSObjectResult Class", "DescribeFieldResult Class", "PicklistEntry Class", "SObject
 * Class"). Describes come from the local org's catalogue; isAccessible, isCreateable and
 * isUpdateable answer for the running user (object permissions and field-level security).
 */
import { picklistLabel } from '../../catalog/fields.ts';
import type { FieldDef, SObjectDef } from '../../catalog/index.ts';
import type { Frame } from '../runtime/context.ts';
import { nullPointer, raise, services } from '../runtime/invoke.ts';
import type { NativeClassSpec } from '../runtime/native.ts';
import { platform } from '../runtime/platform.ts';
import { T } from '../runtime/types.ts';
import { ApexList, ApexMap, EnumValue, NativeObject, SObjectValue } from '../runtime/values.ts';

export const DISPLAY_TYPES = [
  'ADDRESS',
  'ANYTYPE',
  'BASE64',
  'BOOLEAN',
  'COMBOBOX',
  'CURRENCY',
  'DATACATEGORYGROUPREFERENCE',
  'DATE',
  'DATETIME',
  'DOUBLE',
  'EMAIL',
  'ENCRYPTEDSTRING',
  'ID',
  'INTEGER',
  'LONG',
  'MULTIPICKLIST',
  'PERCENT',
  'PHONE',
  'PICKLIST',
  'REFERENCE',
  'STRING',
  'TEXTAREA',
  'TIME',
  'URL',
];

const DISPLAY_TYPE_OF: Record<string, string> = {
  id: 'ID',
  reference: 'REFERENCE',
  string: 'STRING',
  textarea: 'TEXTAREA',
  email: 'EMAIL',
  phone: 'PHONE',
  url: 'URL',
  picklist: 'PICKLIST',
  boolean: 'BOOLEAN',
  int: 'INTEGER',
  double: 'DOUBLE',
  currency: 'CURRENCY',
  date: 'DATE',
  datetime: 'DATETIME',
  base64: 'BASE64',
};

function object(name: string, data: Record<string, unknown>): NativeObject {
  return new NativeObject(services.current!.systemClass(name), data);
}

function enumValue(className: string, name: string): EnumValue | null {
  const cls = services.current!.systemClass(className);
  return (cls.enumValues as EnumValue[]).find((v) => v.name === name) ?? null;
}

function defOf(self: NativeObject): SObjectDef {
  return self.data.def as SObjectDef;
}

function fieldOf(frame: Frame, self: NativeObject): FieldDef {
  const def = defOf(self);
  const field = platform.current!.catalog.field(def, String(self.data.field));
  if (!field)
    raise(frame, 'SObjectException', `Invalid field ${String(self.data.field)} for ${def.name}`);
  return field;
}

export function describeObject(def: SObjectDef): NativeObject {
  return object('Schema.DescribeSObjectResult', { def, text: def.name });
}

function describeField(def: SObjectDef, field: FieldDef): NativeObject {
  return object('Schema.DescribeFieldResult', { def, field, text: field.name });
}

function fieldMap(frame: Frame, def: SObjectDef): ApexMap {
  const map = new ApexMap(T.String, {
    kind: 'class',
    cls: services.current!.systemClass('Schema.SObjectField'),
  });
  for (const field of def.fields)
    map.put(
      field.name.toLowerCase(),
      platform.current!.fieldToken(frame, def, field.name.toLowerCase()),
    );
  return map;
}

function sobjectField(frame: Frame, name: unknown): string {
  if (name instanceof NativeObject && name.cls.name === 'SObjectField')
    return String(name.data.field);
  if (typeof name !== 'string') return nullPointer(frame);
  return name.toLowerCase();
}

/** The field name as the code gave it (a String or a field token), for messages. */
function givenField(name: unknown): string {
  return typeof name === 'string' ? name : String((name as NativeObject).data.field);
}

/** sObject.get(field): a field, an AggregateResult alias, or a relationship. */
function getValue(frame: Frame, record: SObjectValue, name: unknown): unknown {
  const lower = sobjectField(frame, name);
  if (record.values.has(lower)) return record.values.get(lower);
  if (record.def.name === 'AggregateResult') {
    raise(frame, 'SObjectException', `Invalid field ${givenField(name)} for AggregateResult`);
  }
  return services.current!.getField(frame, record, lower, givenField(name));
}

export const schemaClasses: NativeClassSpec[] = [
  {
    name: 'Schema',
    namespace: '',
    statics: {
      getGlobalDescribe: (frame) => {
        const map = new ApexMap(T.String, {
          kind: 'class',
          cls: services.current!.systemClass('Schema.SObjectType'),
        });
        for (const def of platform.current!.catalog.objects) {
          if (def.keyPrefix !== null || def.name === 'EntityDefinition')
            map.put(def.name.toLowerCase(), platform.current!.sobjectTypeToken(def));
        }
        void frame;
        return map;
      },
      describeSObjects: (frame, args) => {
        const names = args[0];
        if (!(names instanceof ApexList)) return nullPointer(frame);
        return new ApexList(
          { kind: 'class', cls: services.current!.systemClass('Schema.DescribeSObjectResult') },
          names.items.map((n) => {
            const def = platform.current!.catalog.object(String(n));
            if (!def)
              raise(
                frame,
                'InvalidParameterValueException',
                `In describeSObjects(), the SObject type ${String(n)} is not supported.`,
              );
            return describeObject(def);
          }),
        );
      },
    },
  },
  {
    name: 'SObjectType',
    outer: 'Schema',
    methods: {
      getDescribe: (_f, self: NativeObject) => describeObject(defOf(self)),
      newSObject: (frame, self: NativeObject, args) => {
        const record = platform.current!.newSObject(defOf(self));
        if (typeof args[0] === 'string') services.current!.setField(frame, record, 'id', args[0]);
        return record;
      },
      toString: (_f: Frame, self: NativeObject) => defOf(self).name,
      equals: (_f, self: NativeObject, args) =>
        args[0] instanceof NativeObject && args[0].data.token === self.data.token,
      hashCode: (_f, self: NativeObject) => defOf(self).name.length,
    },
  },
  {
    name: 'SObjectField',
    outer: 'Schema',
    methods: {
      getDescribe: (frame, self: NativeObject) => describeField(defOf(self), fieldOf(frame, self)),
      toString: (frame: Frame, self: NativeObject) => fieldOf(frame, self).name,
      equals: (_f, self: NativeObject, args) =>
        args[0] instanceof NativeObject && args[0].data.token === self.data.token,
      hashCode: (_f, self: NativeObject) => String(self.data.token).length,
    },
  },
  {
    name: 'DescribeSObjectResult',
    outer: 'Schema',
    properties: {
      fields: {
        get: (_f, self) => object('Schema.SObjectTypeFields', { def: defOf(self as NativeObject) }),
      },
    },
    methods: {
      getName: (_f, self: NativeObject) => defOf(self).name,
      getLocalName: (_f, self: NativeObject) => defOf(self).name,
      getLabel: (_f, self: NativeObject) => defOf(self).label,
      getLabelPlural: (_f, self: NativeObject) => defOf(self).labelPlural,
      getKeyPrefix: (_f, self: NativeObject) => defOf(self).keyPrefix,
      isCustom: (_f, self: NativeObject) => defOf(self).name.endsWith('__c'),
      isAccessible: (frame, self: NativeObject) =>
        platform.current!.access(frame).object(defOf(self)).read,
      isCreateable: (frame, self: NativeObject) =>
        platform.current!.access(frame).object(defOf(self)).create,
      isUpdateable: (frame, self: NativeObject) =>
        platform.current!.access(frame).object(defOf(self)).edit,
      isDeletable: (frame, self: NativeObject) =>
        platform.current!.access(frame).object(defOf(self)).delete,
      isQueryable: (frame, self: NativeObject) =>
        defOf(self).queryable && platform.current!.access(frame).object(defOf(self)).read,
      getSObjectType: (_f, self: NativeObject) => platform.current!.sobjectTypeToken(defOf(self)),
      getRecordTypeInfos: () => new ApexList(T.Object, []),
      getChildRelationships: (_f, self: NativeObject) =>
        new ApexList(
          { kind: 'class', cls: services.current!.systemClass('Schema.ChildRelationship') },
          platform
            .current!.catalog.childRelationships(defOf(self))
            .map((r) => object('Schema.ChildRelationship', { ...r })),
        ),
    },
  },
  {
    name: 'SObjectTypeFields',
    outer: 'Schema',
    methods: { getMap: (frame, self: NativeObject) => fieldMap(frame, defOf(self)) },
    // `Schema.SObjectType.Lead.fields.Status`: that field's describe.
    member: (_frame, self, lower) => {
      const def = defOf(self);
      const field = platform.current!.catalog.field(def, lower);
      return field ? describeField(def, field) : undefined;
    },
  },
  {
    name: 'ChildRelationship',
    outer: 'Schema',
    methods: {
      getRelationshipName: (_f, self: NativeObject) => self.data.relationshipName,
      getChildSObject: (_f, self: NativeObject) => {
        const def = platform.current!.catalog.object(String(self.data.childSObject));
        return def ? platform.current!.sobjectTypeToken(def) : null;
      },
      getField: (frame, self: NativeObject) => {
        const def = platform.current!.catalog.object(String(self.data.childSObject))!;
        return platform.current!.fieldToken(frame, def, String(self.data.field).toLowerCase());
      },
      isCascadeDelete: (_f, self: NativeObject) => self.data.cascadeDelete === true,
    },
  },
  {
    name: 'DescribeFieldResult',
    outer: 'Schema',
    methods: {
      getName: (_f, self: NativeObject) => (self.data.field as FieldDef).name,
      getLocalName: (_f, self: NativeObject) => (self.data.field as FieldDef).name,
      getLabel: (_f, self: NativeObject) => (self.data.field as FieldDef).label,
      getType: (_f, self: NativeObject) =>
        enumValue(
          'Schema.DisplayType',
          DISPLAY_TYPE_OF[(self.data.field as FieldDef).type] ?? 'STRING',
        ),
      getLength: (_f, self: NativeObject) => (self.data.field as FieldDef).length,
      isAccessible: (frame, self: NativeObject) =>
        platform.current!.access(frame).canReadField(defOf(self), self.data.field as FieldDef),
      isCreateable: (frame, self: NativeObject) =>
        platform
          .current!.access(frame)
          .canEditField(defOf(self), self.data.field as FieldDef, true),
      isUpdateable: (frame, self: NativeObject) =>
        platform
          .current!.access(frame)
          .canEditField(defOf(self), self.data.field as FieldDef, false),
      isNillable: (_f, self: NativeObject) => (self.data.field as FieldDef).nillable,
      isCustom: (_f, self: NativeObject) => (self.data.field as FieldDef).name.endsWith('__c'),
      isDefaultedOnCreate: (_f, self: NativeObject) =>
        (self.data.field as FieldDef).defaultedOnCreate,
      isUnique: (_f, self: NativeObject) => (self.data.field as FieldDef).unique,
      isExternalId: (_f, self: NativeObject) => (self.data.field as FieldDef).externalId,
      isNameField: (_f, self: NativeObject) => (self.data.field as FieldDef).nameField,
      isFilterable: (_f, self: NativeObject) => (self.data.field as FieldDef).type !== 'textarea',
      isSortable: (_f, self: NativeObject) => (self.data.field as FieldDef).type !== 'textarea',
      getDefaultValue: (_f, self: NativeObject) => (self.data.field as FieldDef).defaultValue,
      getRelationshipName: (_f, self: NativeObject) =>
        (self.data.field as FieldDef).relationshipName,
      getReferenceTo: (_f, self: NativeObject) =>
        new ApexList(
          { kind: 'class', cls: services.current!.systemClass('Schema.SObjectType') },
          (self.data.field as FieldDef).referenceTo
            .map((n) => platform.current!.catalog.object(n))
            .filter((d): d is SObjectDef => d !== undefined)
            .map((d) => platform.current!.sobjectTypeToken(d)),
        ),
      getSObjectField: (frame, self: NativeObject) =>
        platform.current!.fieldToken(
          frame,
          defOf(self),
          (self.data.field as FieldDef).name.toLowerCase(),
        ),
      getPicklistValues: (_f, self: NativeObject) => {
        const field = self.data.field as FieldDef;
        return new ApexList(
          { kind: 'class', cls: services.current!.systemClass('Schema.PicklistEntry') },
          field.picklistValues.map((value) =>
            object('Schema.PicklistEntry', {
              value,
              label: picklistLabel(field, value),
              active: true,
              isDefault: field.defaultValue === value,
            }),
          ),
        );
      },
    },
  },
  {
    name: 'PicklistEntry',
    outer: 'Schema',
    methods: {
      getValue: (_f, self: NativeObject) => self.data.value,
      getLabel: (_f, self: NativeObject) => self.data.label,
      isActive: (_f, self: NativeObject) => self.data.active,
      isDefaultValue: (_f, self: NativeObject) => self.data.isDefault,
    },
  },
  { name: 'DisplayType', outer: 'Schema', kind: 'enum', enumValues: DISPLAY_TYPES },
  {
    name: 'SObject',
    methods: {
      get: (frame, self: SObjectValue, args) => getValue(frame, self, args[0]),
      put: (frame, self: SObjectValue, args) => {
        const lower = sobjectField(frame, args[0]);
        const previous = self.values.get(lower) ?? null;
        services.current!.setField(frame, self, lower, args[1], givenField(args[0]));
        return previous;
      },
      getSObjectType: (_f, self: SObjectValue) => platform.current!.sobjectTypeToken(self.def),
      getSObject: (frame, self: SObjectValue, args) => getValue(frame, self, args[0]),
      getSObjects: (frame, self: SObjectValue, args) => getValue(frame, self, args[0]),
      putSObject: (_frame, self: SObjectValue, args) => {
        const lower = String(args[0]).toLowerCase();
        const previous = self.values.get(lower) ?? null;
        self.values.set(lower, args[1]);
        return previous;
      },
      isSet: (frame, self: SObjectValue, args) => self.values.has(sobjectField(frame, args[0])),
      getPopulatedFieldsAsMap: (_f, self: SObjectValue) => {
        const map = new ApexMap(T.String, T.Object);
        for (const [key, value] of self.values) {
          const field = platform.current!.catalog.field(self.def, key);
          map.put(field?.name ?? key, value);
        }
        return map;
      },
      clone: (_f, self: SObjectValue, args) => {
        const preserveId = args[0] === true;
        const copy = new SObjectValue(self.def);
        for (const [key, value] of self.values)
          if (key !== 'id' || preserveId) copy.values.set(key, value);
        return copy;
      },
      addError: () => null,
      hasErrors: () => false,
      getErrors: () => new ApexList(T.Object, []),
    },
  },
];
