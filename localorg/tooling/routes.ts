/**
 * The Tooling API routes the sf CLI's Apex test commands and `sf data query --use-tooling-api`
 * use (`/services/data/vX/tooling/...`): query (and its `columns=true`) and queryMore,
 * runTestsSynchronous, runTestsAsynchronous, describes and record reads of
 * the tooling objects, and the update that aborts a run (queue items set to Aborted, one by one
 * or through sObject Collections).
 */
import { apexService } from '../apex/org/service.ts';
import { describeSObject, objectSummary } from '../catalog/describe.ts';
import type { SObjectDef } from '../catalog/index.ts';
import { ApiError, notFound } from '../errors.ts';
import type { RecordError } from '../errors.ts';
import type { Router } from '../http/router.ts';
import { sessionOf, versionOf } from '../http/types.ts';
import type { RequestContext } from '../http/types.ts';
import { formatDateTime } from '../dates.ts';
import { normalizeId } from '../ids.ts';
import type { LocalOrg } from '../org.ts';
import { apiRecord } from '../records.ts';
import { batchSizeOf } from '../rest/common.ts';
import { abortInterruptedTestRuns, startTestRun } from './asyncRun.ts';
import {
  isToolingObject,
  toolingColumns,
  toolingQuery,
  toolingQueryMore,
  toolingUrl,
} from './query.ts';
import { planTestRun } from './runRequest.ts';
import { runTestsNow } from './syncRun.ts';

const TERMINAL_ITEM_STATUSES = ['Aborted', 'Completed', 'Failed'];

function toolingObject(org: LocalOrg, name: string): SObjectDef {
  const object = org.catalog.object(name);
  if (!object || !isToolingObject(object.name)) throw notFound();
  return object;
}

function withToolingUrls<T extends Record<string, unknown>>(value: T): T {
  const urls = value.urls as Record<string, string> | undefined;
  if (urls) for (const key of Object.keys(urls)) urls[key] = toolingUrl(urls[key]);
  return value;
}

/** Sets a queue item to Aborted (the only change a client may make to a tooling record). */
function abortQueueItem(
  org: LocalOrg,
  type: string,
  rawId: string,
  values: Record<string, unknown>,
): RecordError | null {
  const object = org.catalog.object(type);
  if (!object || object.name !== 'ApexTestQueueItem') {
    return {
      statusCode: 'CANNOT_UPDATE',
      message: `entity type cannot be updated: ${type}`,
      fields: [],
    };
  }
  const id = normalizeId(rawId);
  const row = id
    ? org.store.get('SELECT "Status" FROM "ApexTestQueueItem" WHERE "Id" = ?', id)
    : undefined;
  if (!id || !row) {
    return { statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] };
  }
  const fields = Object.keys(values).filter(
    (k) => !['id', 'attributes', 'type'].includes(k.toLowerCase()),
  );
  const other = fields.filter((k) => k.toLowerCase() !== 'status');
  if (other.length || (fields.length && values[fields[0]] !== 'Aborted')) {
    const named = other.length ? other : ['Status'];
    return {
      statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
      message: `Unable to create/update fields: ${named.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
      fields: named,
    };
  }
  if (fields.length && !TERMINAL_ITEM_STATUSES.includes(String(row.Status))) {
    org.store.updateRow(object, id, {
      Status: 'Aborted',
      SystemModstamp: formatDateTime(org.now()),
    });
  }
  return null;
}

export function registerToolingRoutes(router: Router, org: LocalOrg): void {
  abortInterruptedTestRuns(org);
  const base = '/services/data/:version/tooling';

  const query = (ctx: RequestContext) => {
    const soql = ctx.query.get('q');
    if (!soql || !soql.trim()) {
      throw new ApiError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
    }
    if (ctx.query.get('columns') === 'true') {
      // The sf CLI's `data query --use-tooling-api` reads the columns before printing.
      return { status: 200, body: toolingColumns(org, sessionOf(ctx), soql, versionOf(ctx)) };
    }
    return {
      status: 200,
      body: toolingQuery(org, sessionOf(ctx), soql, {
        apiVersion: versionOf(ctx),
        batchSize: batchSizeOf(ctx),
      }),
    };
  };
  router.get(`${base}/query`, query);
  router.get(`${base}/query/:locator`, (ctx) => {
    const m = /^(.+)-(\d+)$/.exec(ctx.params.locator);
    if (!m) throw new ApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    return {
      status: 200,
      body: toolingQueryMore(org, sessionOf(ctx), m[1], Number(m[2]), {
        apiVersion: versionOf(ctx),
        batchSize: batchSizeOf(ctx),
      }),
    };
  });

  router.post(`${base}/runTestsSynchronous`, async (ctx) => {
    const service = apexService(org);
    const plan = planTestRun(service, await ctx.json());
    return { status: 200, body: runTestsNow(service, sessionOf(ctx), plan) };
  });
  router.post(`${base}/runTestsAsynchronous`, async (ctx) => {
    const service = apexService(org);
    const plan = planTestRun(service, await ctx.json());
    return { status: 200, body: startTestRun(service, sessionOf(ctx), plan) };
  });

  router.get(`${base}/sobjects`, (ctx) => ({
    status: 200,
    body: {
      encoding: 'UTF-8',
      maxBatchSize: 200,
      sobjects: org.catalog.objects
        .filter((o) => isToolingObject(o.name))
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((o) => withToolingUrls(objectSummary(o, versionOf(ctx)))),
    },
  }));
  router.get(`${base}/sobjects/:type/describe`, (ctx) => ({
    status: 200,
    body: withToolingUrls(
      describeSObject(org.catalog, toolingObject(org, ctx.params.type), versionOf(ctx)),
    ),
  }));
  router.get(`${base}/sobjects/:type/:id`, (ctx) => {
    const object = toolingObject(org, ctx.params.type);
    const id = normalizeId(ctx.params.id);
    const row = id ? org.store.getRow(object, id) : undefined;
    if (!row) throw notFound();
    const record = apiRecord(object, row, versionOf(ctx));
    const attributes = record.attributes as { url: string };
    attributes.url = toolingUrl(attributes.url);
    return { status: 200, body: record };
  });
  router.patch(`${base}/sobjects/:type/:id`, async (ctx) => {
    toolingObject(org, ctx.params.type);
    const error = abortQueueItem(
      org,
      ctx.params.type,
      ctx.params.id,
      (await ctx.json()) as Record<string, unknown>,
    );
    if (error) throw new ApiError(400, error.statusCode, error.message, error.fields);
    return { status: 204 };
  });
  router.patch(`${base}/composite/sobjects`, async (ctx) => {
    const body = (await ctx.json()) as { records?: Record<string, unknown>[] } | null;
    const records = Array.isArray(body?.records) ? body.records : [];
    const results = records.map((record) => {
      const rawId = String(record.id ?? record.Id ?? '');
      const type = String((record.attributes as { type?: string } | undefined)?.type ?? '');
      const error = abortQueueItem(org, type, rawId, record);
      return error
        ? { id: rawId, success: false, errors: [error] }
        : { id: normalizeId(rawId), success: true, errors: [] };
    });
    return { status: 200, body: results };
  });
}
