/**
 * Keyset paging cursors: base64url of JSON `{v, id}`, the last row's sort value and Id. Opaque to
 * callers; anything that does not decode to that shape means the list the caller paged is gone.
 */
import { normalizeId } from '../../ids.ts';
import { LIST_CHANGED_MESSAGE, fail } from './errors.ts';

export interface PageCursor {
  /** The sort value of the last row (null when it had none). */
  v: string | null;
  /** The last row's Id, 18 characters. */
  id: string;
}

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify({ v: cursor.v, id: cursor.id }), 'utf8').toString('base64url');
}

/** Decodes a cursor whose Id has `keyPrefix`; refuses anything else with the list-changed error. */
export function decodeCursor(value: string, keyPrefix: string): PageCursor {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(value)) throw new Error('not base64url');
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    fail(LIST_CHANGED_MESSAGE);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    fail(LIST_CHANGED_MESSAGE);
  }
  const { v, id } = parsed as Record<string, unknown>;
  const normalized = typeof id === 'string' ? normalizeId(id) : null;
  if (!normalized?.startsWith(keyPrefix) || (v !== null && typeof v !== 'string')) {
    fail(LIST_CHANGED_MESSAGE);
  }
  return { v, id: normalized };
}
