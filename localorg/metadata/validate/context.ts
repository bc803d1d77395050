/**
 * What a deploy's validators can see: the org (catalogue and deployed components) plus the
 * components of this deploy that have passed validation so far, so references between components
 * resolve against either.
 */
import type { LocalOrg } from '../../org.ts';
import { apexClassSource, componentExists } from '../org/deployedComponents.ts';

export class DeployContext {
  readonly org: LocalOrg;
  /** Latest API version the server supports, e.g. `65.0`. */
  readonly maxApiVersion: number;
  /** Objects this deploy defines (lower-case name to field names, lower-case). */
  private readonly objects = new Map<string, Set<string>>();
  private readonly apexClasses = new Map<string, string>();
  private readonly components = new Set<string>();

  constructor(org: LocalOrg, maxApiVersion: number) {
    this.org = org;
    this.maxApiVersion = maxApiVersion;
  }

  /** Records an object (or fields added to one) that this deploy defines. */
  defineObject(name: string, fields: string[]): void {
    const key = name.toLowerCase();
    const own = this.objects.get(key) ?? new Set<string>();
    for (const field of fields) own.add(field.toLowerCase());
    this.objects.set(key, own);
  }

  forgetObject(name: string): void {
    this.objects.delete(name.toLowerCase());
  }

  hasObject(name: string): boolean {
    return this.objects.has(name.toLowerCase()) || this.org.catalog.object(name) !== undefined;
  }

  hasField(objectName: string, field: string): boolean {
    if (this.objects.get(objectName.toLowerCase())?.has(field.toLowerCase())) return true;
    const object = this.org.catalog.object(objectName);
    return object !== undefined && this.org.catalog.field(object, field) !== undefined;
  }

  defineApexClass(name: string, source: string): void {
    this.apexClasses.set(name.toLowerCase(), source);
  }

  /** The source of an Apex class in this deploy or in the org. */
  apexClass(name: string): string | undefined {
    return this.apexClasses.get(name.toLowerCase()) ?? apexClassSource(this.org.store, name);
  }

  /** Records a component of another type (LWC bundle, static resource) that passed validation. */
  defineComponent(type: string, fullName: string): void {
    this.components.add(`${type}#${fullName.toLowerCase()}`);
  }

  hasComponent(type: string, fullName: string): boolean {
    return (
      this.components.has(`${type}#${fullName.toLowerCase()}`) ||
      componentExists(this.org.store, type, fullName)
    );
  }
}
