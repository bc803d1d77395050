/**
 * sObject REST: describeGlobal, basic info, describe, create / read / update / delete by Id, and
 * the User password resource. Describe Global and sObject Describe honour `If-Modified-Since`
 * (describeChanges.ts); `POST .../sobjects/{type}/{id}?_HttpMethod=PATCH` reaches the PATCH
 * route through the server's method override (http/server.ts).
 */
import { setPassword } from '../auth/passwords.ts';
import { describeGlobal, describeSObject, objectSummary } from '../catalog/describe.ts';
import type { FieldDef } from '../catalog/index.ts';
import { ApiError, notFound } from '../errors.ts';
import { normalizeId } from '../ids.ts';
import type { Router } from '../http/router.ts';
import { sessionOf, versionOf } from '../http/types.ts';
import type { RequestContext } from '../http/types.ts';
import type { LocalOrg } from '../org.ts';
import { apiRecord } from '../records.ts';
import { visibilityFilter } from '../sharing.ts';
import { resetPassword } from '../userEmails.ts';
import { ident } from '../store/schema.ts';
import type { Row } from '../store/store.ts';
import { dmlOptions, objectFromPath, throwIfFailed } from './common.ts';
import { catalogChangedAt, conditionalDescribe, objectChangedAt } from './describeChanges.ts';

function asObject(value: unknown): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** A visible, undeleted record by Id (15 or 18 characters), else 404. */
export function visibleRow(
  org: LocalOrg,
  ctx: RequestContext,
  objectName: string,
  rawId: string,
): Row {
  const object = objectFromPath(org, objectName);
  const id = normalizeId(rawId);
  if (!id || org.catalog.objectForId(id) !== object) throw notFound();
  const filter = visibilityFilter(sessionOf(ctx), object, 't0', org.catalog);
  const row = org.store.get(
    `SELECT t0.* FROM ${ident(object.name)} t0 WHERE t0."Id" = ?${object.softDelete ? ' AND t0."IsDeleted" = 0' : ''}${
      filter ? ` AND (${filter.sql})` : ''
    }`,
    id,
    ...(filter?.params ?? []),
  );
  if (!row) throw notFound();
  return row;
}

export function registerSObjectRoutes(router: Router, org: LocalOrg): void {
  router.get('/services/data/:version/sobjects', (ctx) =>
    conditionalDescribe(org, ctx, catalogChangedAt(org), () =>
      describeGlobal(org.catalog, versionOf(ctx)),
    ),
  );

  router.get('/services/data/:version/sobjects/:type', (ctx) => {
    const object = objectFromPath(org, ctx.params.type);
    return {
      status: 200,
      body: { objectDescribe: objectSummary(object, versionOf(ctx)), recentItems: [] },
    };
  });

  router.get('/services/data/:version/sobjects/:type/describe', (ctx) => {
    const object = objectFromPath(org, ctx.params.type);
    return conditionalDescribe(org, ctx, objectChangedAt(org, object), () =>
      describeSObject(org.catalog, object, versionOf(ctx)),
    );
  });

  router.post('/services/data/:version/sobjects/:type', async (ctx) => {
    const object = objectFromPath(org, ctx.params.type);
    const values = asObject(await ctx.json());
    const [result] = org.dml.execute(
      sessionOf(ctx),
      [{ kind: 'insert', type: object.name, values }],
      true,
      dmlOptions(ctx),
    );
    throwIfFailed(result);
    return { status: 201, body: { id: result.id, success: true, errors: [] } };
  });

  router.get('/services/data/:version/sobjects/:type/:id', (ctx) => {
    const object = objectFromPath(org, ctx.params.type);
    const row = visibleRow(org, ctx, object.name, ctx.params.id);
    let fields: FieldDef[] | undefined;
    const list = ctx.query.get('fields');
    if (list) {
      fields = list
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean)
        .map((name) => {
          const field = org.catalog.field(object, name);
          if (!field) {
            throw new ApiError(
              400,
              'INVALID_FIELD',
              `No such column '${name}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
            );
          }
          return field;
        });
    }
    return { status: 200, body: apiRecord(object, row, versionOf(ctx), fields) };
  });

  router.patch('/services/data/:version/sobjects/:type/:id', async (ctx) => {
    const object = objectFromPath(org, ctx.params.type);
    const row = visibleRow(org, ctx, object.name, ctx.params.id);
    const values = asObject(await ctx.json());
    const [result] = org.dml.execute(
      sessionOf(ctx),
      [{ kind: 'update', type: object.name, id: String(row.Id), values }],
      true,
      dmlOptions(ctx),
    );
    throwIfFailed(result);
    return { status: 204 };
  });

  router.delete('/services/data/:version/sobjects/:type/:id', (ctx) => {
    const object = objectFromPath(org, ctx.params.type);
    const row = visibleRow(org, ctx, object.name, ctx.params.id);
    const [result] = org.dml.execute(
      sessionOf(ctx),
      [{ kind: 'delete', type: object.name, id: String(row.Id) }],
      true,
      dmlOptions(ctx),
    );
    throwIfFailed(result);
    return { status: 204 };
  });

  const passwordUser = (ctx: RequestContext): Row => {
    const session = sessionOf(ctx);
    const user = visibleRow(org, ctx, 'User', ctx.params.id);
    if (!session.isAdmin && user.Id !== session.userId) {
      throw new ApiError(403, 'INSUFFICIENT_ACCESS', 'insufficient access rights on object id');
    }
    return user;
  };

  router.get('/services/data/:version/sobjects/User/:id/password', (ctx) => {
    passwordUser(ctx);
    return { status: 200, body: { isExpired: false } };
  });

  router.post('/services/data/:version/sobjects/User/:id/password', async (ctx) => {
    const user = passwordUser(ctx);
    const body = asObject(await ctx.json());
    const password = body.NewPassword;
    if (typeof password !== 'string' || password.length < 8) {
      throw new ApiError(
        400,
        'INVALID_NEW_PASSWORD',
        'Your password must be at least 8 characters long.',
      );
    }
    setPassword(org.store, String(user.Id), password);
    return { status: 204 };
  });

  router.delete('/services/data/:version/sobjects/User/:id/password', (ctx) => {
    const user = passwordUser(ctx);
    const password = resetPassword(org, String(user.Id), true);
    return { status: 200, body: { NewPassword: password } };
  });
}
