/**
 * What JSON and Lightning's transport need to know about sObjects: the catalogue (the org's,
 * through the platform hooks), the names of a record's fields and relationships as the
 * catalogue writes them, and the REST path that JSON.serialize puts in "attributes".
 */
import { standardCatalog } from '../../catalog/index.ts';
import type { Catalog, FieldDef, SObjectDef } from '../../catalog/index.ts';
import { platform } from '../runtime/platform.ts';

/**
 * The API version in "attributes".url. The platform writes the version of the serializing
 * class (`/services/data/v52.0/sobjects/Shift__c/a1g...`, salesforce.stackexchange.com
 * q/357738); the runtime does not know a class's version, so it writes the newest version the
 * local org serves.
 */
export const JSON_API_VERSION = '65.0';

let fallbackCatalog: Catalog | null = null;

/**
 * The org's catalogue (custom objects included). Runtimes whose platform hooks carry no
 * catalogue (an older test harness) get the standard objects.
 */
export function catalog(): Catalog {
  const hooks = platform.current as { catalog?: Catalog } | null;
  if (hooks?.catalog) return hooks.catalog;
  fallbackCatalog ??= standardCatalog();
  return fallbackCatalog;
}

export function findField(def: SObjectDef, lowerName: string): FieldDef | undefined {
  return def.fields.find((f) => f.name.toLowerCase() === lowerName);
}

/** The reference field behind a parent relationship name (Owner: OwnerId). */
export function findRelationship(def: SObjectDef, lowerName: string): FieldDef | undefined {
  return def.fields.find((f) => f.relationshipName?.toLowerCase() === lowerName);
}

/** A child relationship by name (Contacts on Account): its name as described and the child object. */
export function findChildRelationship(
  def: SObjectDef,
  lowerName: string,
): { name: string; child: SObjectDef } | undefined {
  const cat = catalog();
  for (const rel of cat.childRelationships(def)) {
    const name = rel.relationshipName;
    if (!name || name.toLowerCase() !== lowerName) continue;
    const child = cat.object(rel.childSObject);
    if (child) return { name, child };
  }
  return undefined;
}

/** The object a parent relationship points at: the "attributes" type when given, else the first target. */
export function parentObject(field: FieldDef, typeName: string | null): SObjectDef | undefined {
  const cat = catalog();
  if (typeName) return cat.object(typeName);
  return field.referenceTo.length ? cat.object(field.referenceTo[0]) : undefined;
}

/** The name a record's value is written under: the field's, the relationship's, or the key. */
export function memberName(def: SObjectDef, lowerKey: string): string {
  return (
    findField(def, lowerKey)?.name ??
    findRelationship(def, lowerKey)?.relationshipName ??
    findChildRelationship(def, lowerKey)?.name ??
    lowerKey
  );
}

export function recordUrl(def: SObjectDef, id: string): string {
  return `/services/data/v${JSON_API_VERSION}/sobjects/${def.name}/${id}`;
}
