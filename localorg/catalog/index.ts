/** The catalogue: objects by name (case-insensitive), fields, relationships and child relationships. */
import { platformObjects } from './platform.ts';
import { salesObjects } from './sales.ts';
import { setupObjects } from './setup.ts';
import { toolingObjects } from './tooling.ts';
import type { ChildRelationship, FieldDef, SObjectDef } from './types.ts';

export type { ChildRelationship, FieldDef, FieldType, SObjectDef } from './types.ts';

/** Relationship names describe reports for the children of each object. */
const CHILD_RELATIONSHIP_NAMES: Record<string, string> = {
  'Contact.AccountId': 'Contacts',
  'User.AccountId': 'Users',
  'Lead.PartnerAccountId': 'PartnerLeads',
  'Account.ParentId': 'ChildAccounts',
  'GroupMember.GroupId': 'GroupMembers',
  'QueueSobject.QueueId': 'QueueSobjects',
  'PermissionSetAssignment.AssigneeId': 'PermissionSetAssignments',
  'PermissionSetAssignment.PermissionSetId': 'Assignments',
  'NetworkMemberGroup.NetworkId': 'NetworkMemberGroups',
  'NetworkMember.NetworkId': 'NetworkMembers',
  'User.ContactId': 'Users',
};

export class Catalog {
  readonly objects: SObjectDef[];
  private readonly byName = new Map<string, SObjectDef>();
  private readonly byPrefix = new Map<string, SObjectDef>();
  private readonly fieldIndex = new Map<SObjectDef, Map<string, FieldDef>>();
  private readonly relationshipIndex = new Map<SObjectDef, Map<string, FieldDef>>();

  constructor(objects: SObjectDef[]) {
    this.objects = objects;
    for (const object of objects) this.add(object);
  }

  /** Adds (or replaces) an object, e.g. a custom object from a metadata deploy. */
  add(object: SObjectDef): void {
    this.byName.set(object.name.toLowerCase(), object);
    if (object.keyPrefix) this.byPrefix.set(object.keyPrefix, object);
    const fields = new Map<string, FieldDef>();
    const relationships = new Map<string, FieldDef>();
    for (const field of object.fields) {
      fields.set(field.name.toLowerCase(), field);
      if (field.relationshipName) relationships.set(field.relationshipName.toLowerCase(), field);
    }
    this.fieldIndex.set(object, fields);
    this.relationshipIndex.set(object, relationships);
    if (!this.objects.includes(object)) this.objects.push(object);
  }

  /** The objects as they are now, for restore() (a deploy rehearsed and rolled back). */
  snapshot(): SObjectDef[] {
    return [...this.objects];
  }

  /** Puts back the objects of a snapshot, dropping any added since. */
  restore(objects: SObjectDef[]): void {
    this.objects.length = 0;
    this.byName.clear();
    this.byPrefix.clear();
    this.fieldIndex.clear();
    this.relationshipIndex.clear();
    for (const object of objects) this.add(object);
  }

  object(name: string): SObjectDef | undefined {
    return this.byName.get(name.toLowerCase());
  }

  objectForId(id: string): SObjectDef | undefined {
    return this.byPrefix.get(id.slice(0, 3));
  }

  field(object: SObjectDef, name: string): FieldDef | undefined {
    const lower = name.toLowerCase();
    const index = this.fieldIndex.get(object);
    // Objects outside the catalogue (Apex's polymorphic Name, AggregateResult) are searched.
    return index ? index.get(lower) : object.fields.find((f) => f.name.toLowerCase() === lower);
  }

  /** The reference field behind a relationship name (Owner -> OwnerId). */
  relationship(object: SObjectDef, name: string): FieldDef | undefined {
    const lower = name.toLowerCase();
    const index = this.relationshipIndex.get(object);
    return index
      ? index.get(lower)
      : object.fields.find((f) => f.relationshipName?.toLowerCase() === lower);
  }

  childRelationships(object: SObjectDef): ChildRelationship[] {
    const out: ChildRelationship[] = [];
    for (const child of this.objects) {
      for (const field of child.fields) {
        if (field.type !== 'reference' || !field.referenceTo.includes(object.name)) continue;
        if (['CreatedById', 'LastModifiedById'].includes(field.name)) continue;
        out.push({
          childSObject: child.name,
          field: field.name,
          relationshipName:
            field.childRelationshipName ??
            CHILD_RELATIONSHIP_NAMES[`${child.name}.${field.name}`] ??
            null,
          cascadeDelete: false,
        });
      }
    }
    return out;
  }
}

export function standardCatalog(): Catalog {
  return new Catalog([...setupObjects, ...salesObjects, ...platformObjects, ...toolingObjects]);
}
