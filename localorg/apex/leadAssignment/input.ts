/**
 * Reading a JSON `request` the way Apex deserialises it into typed inner classes: every value is
 * checked for its type, and a wrong one is refused with the field's name and what it must be.
 */
import { fail } from './errors.ts';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringAt(parent: JsonObject, key: string, label: string): string | null {
  const value = parent[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') fail(`${label} must be text.`);
  return value;
}

export function booleanAt(parent: JsonObject, key: string, label: string): boolean | null {
  const value = parent[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'boolean') fail(`${label} must be true or false.`);
  return value;
}

/** A list of text values; empty lists read as null (no filter). */
export function stringListAt(parent: JsonObject, key: string, label: string): string[] | null {
  const value = parent[key];
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    fail(`${label} must be a list of text values.`);
  }
  return value.length === 0 ? null : (value as string[]);
}

export function listAt(parent: JsonObject, key: string, label: string): unknown[] | null {
  const value = parent[key];
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) fail(`${label} must be a list.`);
  return value;
}

/** A whole number within [min, max], else `message`; null when absent. */
export function boundedInt(
  parent: JsonObject,
  key: string,
  min: number,
  max: number,
  message: string,
): number | null {
  const value = parent[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(message);
  }
  return value;
}
