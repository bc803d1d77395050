/**
 * Security.stripInaccessible (Apex Reference Guide, "Security Class", "SObjectAccessDecision
 * Class"): copies of the records without the fields the running user cannot read (READABLE) or
 * write (CREATABLE, UPDATABLE, UPSERTABLE), with what was removed.
 */
import type { Frame } from '../runtime/context.ts';
import { nullPointer, raise, services } from '../runtime/invoke.ts';
import type { NativeClassSpec } from '../runtime/native.ts';
import { platform } from '../runtime/platform.ts';
import { T } from '../runtime/types.ts';
import {
  ApexList,
  ApexMap,
  ApexSet,
  EnumValue,
  NativeObject,
  SObjectValue,
} from '../runtime/values.ts';

function strip(
  frame: Frame,
  accessType: unknown,
  source: unknown,
  enforceRoot: unknown,
): NativeObject {
  if (!(accessType instanceof EnumValue) || !(source instanceof ApexList))
    return nullPointer(frame);
  const access = platform.current!.access(frame);
  const removed = new Map<string, Set<string>>();
  const modified = new ApexSet(T.Integer);
  const records = source.items.map((item, index) => {
    if (!(item instanceof SObjectValue)) return item;
    const def = item.def;
    const objectAccess = access.object(def);
    const allowed =
      accessType.name === 'READABLE'
        ? objectAccess.read
        : accessType.name === 'CREATABLE'
          ? objectAccess.create
          : objectAccess.edit;
    if (!allowed && enforceRoot !== false) {
      raise(frame, 'NoAccessException', `No access to entity ${def.name}`);
    }
    const copy = new SObjectValue(def);
    copy.fromQuery = item.fromQuery;
    for (const [key, value] of item.values) {
      const field = platform.current!.catalog.field(def, key);
      const keep =
        !field ||
        field.name === 'Id' ||
        (accessType.name === 'READABLE'
          ? access.canReadField(def, field)
          : access.canEditField(def, field, accessType.name === 'CREATABLE'));
      if (keep) {
        copy.values.set(key, value);
      } else {
        const set = removed.get(def.name) ?? new Set<string>();
        set.add(field.name);
        removed.set(def.name, set);
        modified.add(index);
      }
    }
    return copy;
  });
  return new NativeObject(services.current!.systemClass('SObjectAccessDecision'), {
    records: new ApexList(source.elem, records),
    removed,
    modified,
  });
}

export const securityClasses: NativeClassSpec[] = [
  {
    name: 'Security',
    statics: { stripInaccessible: (frame, args) => strip(frame, args[0], args[1], args[2]) },
  },
  {
    name: 'SObjectAccessDecision',
    methods: {
      getRecords: (_f, self: NativeObject) => self.data.records,
      getModifiedIndexes: (_f, self: NativeObject) => self.data.modified,
      getRemovedFields: (_f, self: NativeObject) => {
        const map = new ApexMap(T.String, { kind: 'set', elem: T.String });
        for (const [object, fields] of self.data.removed as Map<string, Set<string>>) {
          const set = new ApexSet(T.String);
          for (const f of fields) set.add(f);
          map.put(object, set);
        }
        return map;
      },
    },
  },
];
