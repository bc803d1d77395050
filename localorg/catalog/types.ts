/** The describe-style catalogue: what objects and fields exist and how they behave. */

export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'url'
  | 'picklist'
  | 'boolean'
  | 'int'
  | 'double'
  | 'currency'
  | 'date'
  | 'datetime'
  | 'reference'
  | 'base64';

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  /** Maximum characters for text types; 0 otherwise. */
  length: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  defaultedOnCreate: boolean;
  /** Target objects of a reference (more than one for a polymorphic lookup). */
  referenceTo: string[];
  relationshipName: string | null;
  /** A custom lookup's child relationship name (`Undos__r`), when its definition gives one. */
  childRelationshipName?: string | null;
  picklistValues: string[];
  /** A deployed picklist's labels by value, where a label differs from its value. */
  picklistLabels?: Record<string, string>;
  defaultValue: string | number | boolean | null;
  unique: boolean;
  nameField: boolean;
  externalId: boolean;
  /** Stored as JSON text and answered as its value (the Tooling API's complex values). */
  json?: boolean;
}

export interface SObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  /** Null for objects whose records have no key prefix (EntityDefinition). */
  keyPrefix: string | null;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  queryable: boolean;
  /** Setup objects cannot share a transaction with non-setup DML (MIXED_DML_OPERATION). */
  setup: boolean;
  /** Deleted records go to the recycle bin (IsDeleted = true) and stay visible to queryAll. */
  softDelete: boolean;
  /**
   * A custom object's internal sharing model (`Private`, `Read`, `ReadWrite`,
   * `ControlledByParent`); absent for standard objects, whose sharing sharing.ts knows.
   */
  sharingModel?: string;
  /**
   * Served by the Tooling API only (CustomObject, CustomField): the REST API's sObject resources
   * and queries, Bulk and Apex do not know it, as on the platform.
   */
  toolingOnly?: boolean;
  fields: FieldDef[];
}

/** A child relationship as describe lists it. */
export interface ChildRelationship {
  childSObject: string;
  field: string;
  relationshipName: string | null;
  cascadeDelete: boolean;
}
