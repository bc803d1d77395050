/**
 * List, Set and Map (Apex Reference Guide, "List Class", "Set Class", "Map Class"). Elements
 * added are converted to the collection's element type (an Integer added to a List<Decimal>
 * becomes a Decimal); Map and Set keys compare as keyOf defines (Strings case-sensitively).
 */
import type { Frame } from '../runtime/context.ts';
import { coerce, invokeOn, nullPointer, raise } from '../runtime/invoke.ts';
import type { NativeClassSpec } from '../runtime/native.ts';
import { arity } from '../runtime/native.ts';
import { T } from '../runtime/types.ts';
import type { ApexType } from '../runtime/types.ts';
import {
  ApexList,
  ApexMap,
  ApexObject,
  ApexSet,
  EnumValue,
  NativeObject,
  SObjectValue,
  apexEquals,
  keyOf,
  relationalCompare,
  toApexString,
} from '../runtime/values.ts';
import { services } from '../runtime/invoke.ts';

function itemsOf(frame: Frame, value: unknown): unknown[] {
  if (value instanceof ApexList) return value.items;
  if (value instanceof ApexSet) return value.values();
  if (value === null || value === undefined) return nullPointer(frame);
  return raise(frame, 'TypeException', 'Expected a List or a Set');
}

function index(frame: Frame, list: ApexList, i: unknown, forInsert = false): number {
  if (typeof i !== 'number') return nullPointer(frame);
  const max = forInsert ? list.items.length : list.items.length - 1;
  if (i < 0 || i > max) raise(frame, 'ListException', `List index out of bounds: ${i}`);
  return i;
}

function iterator(items: unknown[]): NativeObject {
  return new NativeObject(services.current!.systemClass('ListIterator'), { items, at: 0 });
}

/**
 * The default order of List.sort (Apex Reference Guide, "List Class", sort): numbers by value,
 * Strings by their UTF-16 code units (case-sensitive), dates in time, enums by ordinal, Booleans
 * false first, sObjects by Name then Id, objects through compareTo (Comparable); nulls first.
 */
function sortCompare(frame: Frame, a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof EnumValue && b instanceof EnumValue) return a.ordinal - b.ordinal;
  if (a instanceof ApexObject) return Number(invokeOn(frame, a, 'compareto', [b]));
  if (a instanceof SObjectValue && b instanceof SObjectValue) {
    const byName = sortCompare(frame, a.values.get('name') ?? null, b.values.get('name') ?? null);
    return byName !== 0
      ? byName
      : sortCompare(frame, a.values.get('id') ?? null, b.values.get('id') ?? null);
  }
  const c = relationalCompare(a, b);
  if (c === null)
    raise(frame, 'ListException', 'One or more of the items in this list is not Comparable');
  return c;
}

function deepClone(value: unknown): unknown {
  if (value instanceof SObjectValue) {
    const copy = new SObjectValue(value.def);
    copy.fromQuery = value.fromQuery;
    for (const [k, v] of value.values)
      copy.values.set(k, v instanceof SObjectValue ? deepClone(v) : v);
    return copy;
  }
  return value;
}

function addAll(frame: Frame, target: ApexList | ApexSet, source: unknown): boolean {
  const items = itemsOf(frame, source);
  let changed = false;
  for (const item of [...items]) {
    const v = coerce(frame, item, target.elem);
    if (target instanceof ApexList) {
      target.items.push(v);
      changed = true;
    } else if (target.add(v)) {
      changed = true;
    }
  }
  return changed;
}

function listHash(items: unknown[]): number {
  let h = 1;
  for (const item of items) h = (Math.imul(31, h) + toApexString(item).length) | 0;
  return h;
}

export const collectionClasses: NativeClassSpec[] = [
  {
    name: 'List',
    methods: {
      add(frame, self: ApexList, args) {
        arity(args, 1, 2);
        if (args.length === 1) {
          self.items.push(coerce(frame, args[0], self.elem));
          return null;
        }
        self.items.splice(index(frame, self, args[0], true), 0, coerce(frame, args[1], self.elem));
        return null;
      },
      addAll: (frame, self: ApexList, args) => {
        addAll(frame, self, args[0]);
        return null;
      },
      clear: (_f, self: ApexList) => {
        self.items.length = 0;
      },
      clone: (_f, self: ApexList) => new ApexList(self.elem, [...self.items]),
      deepClone: (_f, self: ApexList) => new ApexList(self.elem, self.items.map(deepClone)),
      contains: (_f, self: ApexList, args) => self.items.some((v) => apexEquals(v, args[0], false)),
      equals: (_f, self: ApexList, args) => apexEquals(self, args[0], false),
      get: (frame, self: ApexList, args) => self.items[index(frame, self, args[0])],
      hashCode: (_f, self: ApexList) => listHash(self.items),
      indexOf: (_f, self: ApexList, args) =>
        self.items.findIndex((v) => apexEquals(v, args[0], false)),
      isEmpty: (_f, self: ApexList) => self.items.length === 0,
      iterator: (_f, self: ApexList) => iterator(self.items),
      remove: (frame, self: ApexList, args) => self.items.splice(index(frame, self, args[0]), 1)[0],
      set: (frame, self: ApexList, args) => {
        self.items[index(frame, self, args[0])] = coerce(frame, args[1], self.elem);
      },
      size: (_f, self: ApexList) => self.items.length,
      sort: (frame, self: ApexList, args) => {
        const comparator = args[0];
        if (comparator !== undefined) {
          self.items.sort((a, b) => Number(invokeOn(frame, comparator, 'compare', [a, b])));
        } else {
          self.items.sort((a, b) => sortCompare(frame, a, b));
        }
      },
      toString: (_f: Frame, self: ApexList) => toApexString(self),
      getSObjectType: (frame, self: ApexList) =>
        self.elem.kind === 'sobject' && self.elem.def
          ? invokeOn(frame, new SObjectValue(self.elem.def), 'getsobjecttype', [])
          : null,
    },
  },
  {
    name: 'Set',
    methods: {
      add: (frame, self: ApexSet, args) => self.add(coerce(frame, args[0], self.elem)),
      addAll: (frame, self: ApexSet, args) => addAll(frame, self, args[0]),
      clear: (_f, self: ApexSet) => {
        self.map.clear();
      },
      clone: (_f, self: ApexSet) => {
        const copy = new ApexSet(self.elem);
        for (const v of self.values()) copy.add(v);
        return copy;
      },
      contains: (frame, self: ApexSet, args) => self.has(coerce(frame, args[0], self.elem)),
      containsAll: (frame, self: ApexSet, args) =>
        itemsOf(frame, args[0]).every((v) => self.has(coerce(frame, v, self.elem))),
      equals: (_f, self: ApexSet, args) => apexEquals(self, args[0], false),
      hashCode: (_f, self: ApexSet) => self.map.size,
      isEmpty: (_f, self: ApexSet) => self.map.size === 0,
      iterator: (_f, self: ApexSet) => iterator(self.values()),
      remove: (frame, self: ApexSet, args) =>
        self.map.delete(keyOf(coerce(frame, args[0], self.elem))),
      removeAll: (frame, self: ApexSet, args) => {
        let changed = false;
        for (const v of itemsOf(frame, args[0]))
          if (self.map.delete(keyOf(coerce(frame, v, self.elem)))) changed = true;
        return changed;
      },
      retainAll: (frame, self: ApexSet, args) => {
        const keep = new Set(
          itemsOf(frame, args[0]).map((v) => keyOf(coerce(frame, v, self.elem))),
        );
        let changed = false;
        for (const key of [...self.map.keys()]) {
          if (!keep.has(key)) {
            self.map.delete(key);
            changed = true;
          }
        }
        return changed;
      },
      size: (_f, self: ApexSet) => self.map.size,
      toString: (_f: Frame, self: ApexSet) => toApexString(self),
    },
  },
  {
    name: 'Map',
    methods: {
      clear: (_f, self: ApexMap) => {
        self.map.clear();
      },
      clone: (_f, self: ApexMap) => {
        const copy = new ApexMap(self.key, self.value);
        for (const [k, v] of self.map.values()) copy.put(k, v);
        return copy;
      },
      deepClone: (_f, self: ApexMap) => {
        const copy = new ApexMap(self.key, self.value);
        for (const [k, v] of self.map.values()) copy.put(k, deepClone(v));
        return copy;
      },
      containsKey: (frame, self: ApexMap, args) =>
        self.map.has(keyOf(coerce(frame, args[0], self.key))),
      equals: (_f, self: ApexMap, args) => apexEquals(self, args[0], false),
      get: (frame, self: ApexMap, args) => self.get(coerce(frame, args[0], self.key)),
      hashCode: (_f, self: ApexMap) => self.map.size,
      isEmpty: (_f, self: ApexMap) => self.map.size === 0,
      keySet: (_f, self: ApexMap) => {
        const set = new ApexSet(self.key);
        for (const [k] of self.map.values()) set.add(k);
        return set;
      },
      put: (frame, self: ApexMap, args) =>
        self.put(coerce(frame, args[0], self.key), coerce(frame, args[1], self.value)),
      putAll: (frame, self: ApexMap, args) => {
        const source = args[0];
        if (source instanceof ApexMap) {
          for (const [k, v] of source.map.values())
            self.put(coerce(frame, k, self.key), coerce(frame, v, self.value));
        } else {
          for (const record of itemsOf(frame, source)) {
            if (record instanceof SObjectValue) self.put(record.values.get('id') ?? null, record);
          }
        }
      },
      remove: (frame, self: ApexMap, args) => {
        const key = keyOf(coerce(frame, args[0], self.key));
        const found = self.map.get(key);
        self.map.delete(key);
        return found ? found[1] : null;
      },
      size: (_f, self: ApexMap) => self.map.size,
      values: (_f, self: ApexMap) =>
        new ApexList(
          self.value,
          [...self.map.values()].map(([, v]) => v),
        ),
      toString: (_f: Frame, self: ApexMap) => toApexString(self),
    },
  },
  {
    name: 'ListIterator',
    methods: {
      hasNext: (_f, self: NativeObject) =>
        (self.data.at as number) < (self.data.items as unknown[]).length,
      next: (frame, self: NativeObject) => {
        const items = self.data.items as unknown[];
        const at = self.data.at as number;
        if (at >= items.length)
          raise(frame, 'NoSuchElementException', 'Iterator has no more elements.');
        self.data.at = at + 1;
        return items[at];
      },
    },
  },
];

export function newList(elem: ApexType = T.Object, items: unknown[] = []): ApexList {
  return new ApexList(elem, items);
}
