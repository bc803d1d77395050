/**
 * sObject Collections writes: at most 200 records per call, allOrNone false, one result per record
 * (Id, or the platform's error codes and messages). A call that fails as a whole fails each of its
 * records with that error, and the other calls still run.
 */
import type { Connection } from '@salesforce/core';
import { z } from 'zod';
import { redact } from '../cli/errors.ts';

export const COLLECTION_LIMIT = 200;

export interface WriteResult {
  id: string | null;
  success: boolean;
  /** "STATUS_CODE: message" for each error; empty on success. */
  errors: string[];
}

const resultSchema = z.array(
  z.object({
    id: z.string().nullish(),
    success: z.boolean(),
    errors: z.array(z.object({ statusCode: z.string(), message: z.string() })).default([]),
  }),
);

function callFailed(error: unknown): string {
  const e = error as { errorCode?: string; name?: string; message?: string };
  return redact(`${e.errorCode ?? e.name ?? 'ERROR'}: ${e.message ?? String(error)}`);
}

async function write(
  conn: Connection,
  method: 'POST' | 'PATCH',
  type: string,
  records: Record<string, unknown>[],
): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  for (let start = 0; start < records.length; start += COLLECTION_LIMIT) {
    const chunk = records.slice(start, start + COLLECTION_LIMIT);
    try {
      const body = await conn.request({
        method,
        url: '/composite/sobjects',
        body: JSON.stringify({
          allOrNone: false,
          records: chunk.map((r) => ({ attributes: { type }, ...r })),
        }),
        headers: { 'content-type': 'application/json' },
      });
      const parsed = resultSchema.parse(body);
      if (parsed.length !== chunk.length) {
        throw new Error(`expected ${chunk.length} results, got ${parsed.length}`);
      }
      results.push(
        ...parsed.map((r) => ({
          id: r.id ?? null,
          success: r.success,
          errors: r.errors.map((e) => `${e.statusCode}: ${e.message}`),
        })),
      );
    } catch (error) {
      const message = callFailed(error);
      results.push(...chunk.map(() => ({ id: null, success: false, errors: [message] })));
    }
  }
  return results;
}

export function insertRecords(
  conn: Connection,
  type: string,
  records: Record<string, unknown>[],
): Promise<WriteResult[]> {
  return write(conn, 'POST', type, records);
}

/** Each record carries its `Id`. */
export function updateRecords(
  conn: Connection,
  type: string,
  records: ({ Id: string } & Record<string, unknown>)[],
): Promise<WriteResult[]> {
  return write(conn, 'PATCH', type, records);
}
