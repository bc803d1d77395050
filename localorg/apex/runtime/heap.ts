/**
 * The heap limit, approximated: the platform counts the memory a transaction holds; the runtime
 * counts what is reachable from static variables and live frames, with these sizes (documented in
 * the README): Boolean 1 byte, Integer 4, Long, Double, Date, Datetime and Time 8, Decimal 8 plus
 * 1 per digit, String 1 per UTF-16 code unit (the platform counts a character below U+10000 as
 * one byte and one above as two, and counts a String once per reference), Blob its bytes, a list,
 * set or map 8 per entry plus its contents, an sObject 16 plus its field values, an object 8 plus
 * its fields. Other objects count once however often they are referenced. The walk runs every
 * 65,536 statements, after each query and at the end of a transaction; Limits.getHeapSize() runs
 * it on demand.
 */
import { ApexDecimal } from '../values/decimal.ts';
import type { ExecContext, Frame } from './context.ts';
import { raiseUncatchable } from './invoke.ts';
import {
  ApexBlob,
  ApexList,
  ApexMap,
  ApexObject,
  ApexSet,
  NativeObject,
  SObjectValue,
} from './values.ts';

function sizeOf(value: unknown, seen: Set<object>, budget: number): number {
  if (value === null || value === undefined) return 0;
  switch (typeof value) {
    case 'boolean':
      return 1;
    case 'number':
      return 4;
    case 'bigint':
      return 8;
    case 'string':
      return value.length;
    case 'object':
      break;
    default:
      return 0;
  }
  const object = value as object;
  if (seen.has(object)) return 0;
  seen.add(object);
  if (object instanceof ApexDecimal) return 8 + object.precision();
  if (object instanceof ApexBlob) return object.bytes.length;
  let total = 0;
  const add = (v: unknown) => {
    if (total <= budget) total += sizeOf(v, seen, budget - total);
  };
  if (object instanceof ApexList) {
    total += 8 * object.items.length;
    for (const item of object.items) add(item);
  } else if (object instanceof ApexSet) {
    total += 8 * object.map.size;
    for (const item of object.map.values()) add(item);
  } else if (object instanceof ApexMap) {
    total += 8 * object.map.size;
    for (const [k, v] of object.map.values()) {
      add(k);
      add(v);
    }
  } else if (object instanceof SObjectValue) {
    total += 16;
    for (const v of object.values.values()) add(v);
  } else if (object instanceof ApexObject) {
    total += 8;
    for (const v of object.fields) add(v);
  } else if (object instanceof NativeObject) {
    total += 16;
    for (const v of Object.values(object.data)) add(v);
  } else {
    total += 8;
  }
  return total;
}

/** Bytes reachable from the transaction's statics and live frames. */
export function heapSize(ctx: ExecContext): number {
  const seen = new Set<object>();
  const budget = ctx.maximums.heap * 2;
  let total = 0;
  for (const slots of ctx.statics.values()) for (const v of slots) total += sizeOf(v, seen, budget);
  for (const frame of ctx.frames) {
    total += sizeOf(frame.self, seen, budget);
    for (const v of frame.locals) total += sizeOf(v, seen, budget);
  }
  if (total > ctx.limits.heapPeak) ctx.limits.heapPeak = total;
  return total;
}

/** Raises the uncatchable LimitException when the heap is over the transaction's limit. */
export function checkHeap(frame: Frame): void {
  const size = heapSize(frame.ctx);
  if (size > frame.ctx.maximums.heap)
    raiseUncatchable(frame, 'LimitException', `Apex heap size too large: ${size}`);
}
