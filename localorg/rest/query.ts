/** `query`, `queryAll` and queryMore (`/query/<locator>-<offset>`). */
import { ApiError } from '../errors.ts';
import type { Router } from '../http/router.ts';
import { sessionOf, versionOf } from '../http/types.ts';
import type { RequestContext } from '../http/types.ts';
import type { LocalOrg } from '../org.ts';
import { queryColumns } from '../soql/columns.ts';
import { batchSizeOf } from './common.ts';

export function registerQueryRoutes(router: Router, org: LocalOrg): void {
  const run = (ctx: RequestContext, includeDeleted: boolean) => {
    const soql = ctx.query.get('q');
    if (!soql || !soql.trim()) {
      throw new ApiError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
    }
    if (ctx.query.get('columns') === 'true') {
      const compiled = org.queries.compile(sessionOf(ctx), soql, includeDeleted, versionOf(ctx));
      return { status: 200, body: queryColumns(compiled) };
    }
    const body = org.queries.query(sessionOf(ctx), soql, {
      apiVersion: versionOf(ctx),
      includeDeleted,
      batchSize: batchSizeOf(ctx),
    });
    return { status: 200, body };
  };
  const more = (ctx: RequestContext) => {
    const m = /^(.+)-(\d+)$/.exec(ctx.params.locator);
    if (!m) throw new ApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    const body = org.queries.queryMore(sessionOf(ctx), m[1], Number(m[2]), {
      apiVersion: versionOf(ctx),
      batchSize: batchSizeOf(ctx),
    });
    return { status: 200, body };
  };
  router.get('/services/data/:version/query', (ctx) => run(ctx, false));
  router.get('/services/data/:version/queryAll', (ctx) => run(ctx, true));
  router.get('/services/data/:version/query/:locator', more);
  router.get('/services/data/:version/queryAll/:locator', more);
}
