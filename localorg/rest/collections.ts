/**
 * sObject Collections (`/composite/sobjects`): create, update and delete up to 200 records in one
 * transaction with per-record `statusCode` errors and allOrNone; retrieve by Ids.
 */
import { z } from 'zod';
import type { DmlOperation } from '../dml/engine.ts';
import { ApiError } from '../errors.ts';
import { normalizeId } from '../ids.ts';
import type { Router } from '../http/router.ts';
import { sessionOf, versionOf } from '../http/types.ts';
import type { RequestContext } from '../http/types.ts';
import type { LocalOrg } from '../org.ts';
import { apiRecord } from '../records.ts';
import { visibilityFilter } from '../sharing.ts';
import { ident } from '../store/schema.ts';
import { dmlOptions, objectFromPath } from './common.ts';

export const MAX_COLLECTION_RECORDS = 200;
export const MAX_RETRIEVE_IDS = 2000;
const MAX_TYPE_CHUNKS = 10;

const tooMany = (): ApiError =>
  new ApiError(
    400,
    'EXCEEDED_ID_LIMIT',
    'record limit reached. cannot submit more than 200 records into this call',
  );

const writeBody = z.object({
  allOrNone: z.boolean().optional(),
  records: z.array(z.record(z.string(), z.unknown())),
});

const retrieveBody = z.object({ ids: z.array(z.string()), fields: z.array(z.string()) });

async function parse<T>(ctx: RequestContext, schema: z.ZodType<T>): Promise<T> {
  const result = schema.safeParse(await ctx.json());
  if (!result.success) {
    throw new ApiError(
      400,
      'JSON_PARSER_ERROR',
      `Malformed request: ${result.error.issues[0]?.message ?? 'invalid body'}`,
    );
  }
  return result.data;
}

function typeOf(record: Record<string, unknown>): string | null {
  const attributes = record.attributes as { type?: unknown } | undefined;
  return typeof attributes?.type === 'string' ? attributes.type : null;
}

function checkChunks(types: (string | null)[]): void {
  let chunks = 0;
  let last: string | null | undefined;
  for (const type of types) {
    if (type !== last) chunks++;
    last = type;
  }
  if (chunks > MAX_TYPE_CHUNKS) {
    throw new ApiError(
      400,
      'EXCEEDED_MAX_TYPES_LIMIT',
      'Cannot have more than 10 chunks in a single operation. Please rearrange the data to reduce chunking.',
    );
  }
}

export function registerCollectionRoutes(router: Router, org: LocalOrg): void {
  const write = async (ctx: RequestContext, kind: 'insert' | 'update') => {
    const body = await parse(ctx, writeBody);
    if (body.records.length > MAX_COLLECTION_RECORDS) throw tooMany();
    checkChunks(body.records.map(typeOf));
    const operations: DmlOperation[] = body.records.map((record) => {
      const type = typeOf(record);
      if (kind === 'insert') {
        if (!type) throw new ApiError(400, 'INVALID_TYPE', 'Must send a concrete entity type.');
        return { kind, type, values: record };
      }
      const rawId = record.id ?? record.Id;
      return { kind, type, id: typeof rawId === 'string' ? rawId : '', values: record };
    });
    const results = org.dml.execute(sessionOf(ctx), operations, body.allOrNone ?? false, {
      ...dmlOptions(ctx),
      contention: true,
    });
    return { status: 200, body: results };
  };

  router.post('/services/data/:version/composite/sobjects', (ctx) => write(ctx, 'insert'));
  router.patch('/services/data/:version/composite/sobjects', (ctx) => write(ctx, 'update'));

  router.delete('/services/data/:version/composite/sobjects', (ctx) => {
    const ids = (ctx.query.get('ids') ?? '').split(',').filter(Boolean);
    if (ids.length > MAX_COLLECTION_RECORDS) throw tooMany();
    const allOrNone = ctx.query.get('allOrNone') === 'true';
    const operations: DmlOperation[] = ids.map((id) => ({ kind: 'delete', type: null, id }));
    return {
      status: 200,
      body: org.dml.execute(sessionOf(ctx), operations, allOrNone, {
        ...dmlOptions(ctx),
        contention: true,
      }),
    };
  });

  const retrieve = (
    ctx: RequestContext,
    typeName: string,
    rawIds: string[],
    fieldNames: string[],
  ) => {
    const object = objectFromPath(org, typeName);
    if (rawIds.length > MAX_RETRIEVE_IDS) {
      throw new ApiError(
        400,
        'EXCEEDED_ID_LIMIT',
        `record limit reached. cannot submit more than ${MAX_RETRIEVE_IDS} records into this call`,
      );
    }
    const fields = fieldNames.map((name) => {
      const field = org.catalog.field(object, name);
      if (!field)
        throw new ApiError(
          400,
          'INVALID_FIELD',
          `No such column '${name}' on entity '${object.name}'`,
        );
      return field;
    });
    if (fields.length === 0) throw new ApiError(400, 'MALFORMED_QUERY', 'fields is required');
    const filter = visibilityFilter(sessionOf(ctx), object, 't0', org.catalog);
    const records = rawIds.map((raw) => {
      const id = normalizeId(raw);
      if (!id) return null;
      const row = org.store.get(
        `SELECT t0.* FROM ${ident(object.name)} t0 WHERE t0."Id" = ?${object.softDelete ? ' AND t0."IsDeleted" = 0' : ''}${
          filter ? ` AND (${filter.sql})` : ''
        }`,
        id,
        ...(filter?.params ?? []),
      );
      return row ? apiRecord(object, row, versionOf(ctx), fields) : null;
    });
    return { status: 200, body: records };
  };

  router.get('/services/data/:version/composite/sobjects/:type', (ctx) =>
    retrieve(
      ctx,
      ctx.params.type,
      (ctx.query.get('ids') ?? '').split(',').filter(Boolean),
      (ctx.query.get('fields') ?? '').split(',').filter(Boolean),
    ),
  );
  router.post('/services/data/:version/composite/sobjects/:type', async (ctx) => {
    const body = await parse(ctx, retrieveBody);
    return retrieve(ctx, ctx.params.type, body.ids, body.fields);
  });
}
