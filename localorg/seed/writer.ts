/** Writes seed rows straight into the store with Ids, defaults, names and audit fields filled in. */
import { formatDateTime } from '../dates.ts';
import type { Row, Store } from '../store/store.ts';

export class SeedWriter {
  readonly store: Store;
  readonly now: Date;
  /** The user recorded as creator (the admin once it exists). */
  createdById = '';

  constructor(store: Store, now: Date) {
    this.store = store;
    this.now = now;
  }

  insert(type: string, values: Row, createdAt: Date = this.now): string {
    const object = this.store.catalog.object(type);
    if (!object?.keyPrefix) throw new Error(`cannot seed ${type}`);
    const row: Row = {};
    for (const field of object.fields) {
      if (field.defaultValue !== null) {
        row[field.name] =
          typeof field.defaultValue === 'boolean' ? Number(field.defaultValue) : field.defaultValue;
      }
    }
    Object.assign(row, values);
    if (object.fields.some((f) => f.name === 'FirstName')) {
      row.Name = [row.FirstName, row.LastName].filter(Boolean).join(' ');
    }
    row.Id ??= this.store.nextId(object.keyPrefix);
    const at = formatDateTime(createdAt);
    row.CreatedDate ??= at;
    row.LastModifiedDate ??= at;
    row.SystemModstamp ??= at;
    row.CreatedById ??= this.createdById || row.Id;
    row.LastModifiedById ??= this.createdById || row.Id;
    if (object.fields.some((f) => f.name === 'OwnerId')) row.OwnerId ??= this.createdById;
    this.store.insertRow(object, row);
    return String(row.Id);
  }
}
