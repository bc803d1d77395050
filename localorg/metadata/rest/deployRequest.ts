/**
 * The REST deploy (`sf project deploy start` with org-metadata-rest-deploy, SDR `rest: true`):
 * `POST .../metadata/deployRequest` (multipart: `file` zip and `entity_content` JSON),
 * `GET .../deployRequest/{id}[?includeDetails=true]`, and `PATCH` with status Canceling.
 */
import type { Session } from '../../auth/session.ts';
import { ApiError, notFound } from '../../errors.ts';
import type { Router } from '../../http/router.ts';
import { sessionOf, versionOf } from '../../http/types.ts';
import type { RequestContext } from '../../http/types.ts';
import { normalizeId } from '../../ids.ts';
import { DeployOptionsError, parseDeployOptions } from '../deploy/options.ts';
import { restDeployRequest } from '../deploy/view.ts';
import type { MetadataService } from '../service.ts';
import { boundaryOf, parseMultipart } from './multipart.ts';

function adminSession(ctx: RequestContext): Session {
  const session = sessionOf(ctx);
  if (!session.isAdmin) {
    throw new ApiError(
      403,
      'INSUFFICIENT_ACCESS',
      'use of the Metadata API requires a user with the ModifyAllData or ModifyMetadata permissions',
    );
  }
  return session;
}

function deployOptionsOf(content: Buffer | undefined): Record<string, unknown> {
  if (!content || content.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(content.toString('utf8'));
  } catch {
    throw new ApiError(400, 'JSON_PARSER_ERROR', 'The entity_content part is not valid JSON');
  }
  const options = (parsed as { deployOptions?: unknown } | null)?.deployOptions;
  return options && typeof options === 'object' ? (options as Record<string, unknown>) : {};
}

function recordId(service: MetadataService, raw: string): string {
  const id = normalizeId(raw);
  if (!id || !service.deployer.status(id)) throw notFound();
  return id;
}

export function registerDeployRequestRoutes(router: Router, service: MetadataService): void {
  const base = '/services/data/:version/metadata/deployRequest';
  const deployer = service.deployer;

  router.post(base, async (ctx) => {
    const session = adminSession(ctx);
    const boundary = boundaryOf(ctx.headers['content-type']);
    if (!boundary) {
      throw new ApiError(
        400,
        'INVALID_CONTENT_TYPE',
        'The deploy request must be multipart/form-data',
      );
    }
    let parts;
    try {
      parts = parseMultipart(await ctx.body(), boundary);
    } catch (error) {
      throw new ApiError(400, 'INVALID_MULTIPART_REQUEST', (error as Error).message);
    }
    const file = parts.find((p) => p.name === 'file');
    if (!file || file.content.length === 0) {
      throw new ApiError(400, 'INVALID_MULTIPART_REQUEST', 'The deploy request has no file part');
    }
    let options;
    try {
      options = parseDeployOptions(
        deployOptionsOf(parts.find((p) => p.name === 'entity_content')?.content),
      );
    } catch (error) {
      if (error instanceof DeployOptionsError)
        throw new ApiError(400, 'INVALID_INPUT', error.message);
      throw error;
    }
    const record = deployer.start(session, file.content, options);
    return { status: 201, body: restDeployRequest(record, ctx.baseUrl, versionOf(ctx), false) };
  });

  router.get(`${base}/:id`, (ctx) => {
    adminSession(ctx);
    const record = deployer.status(recordId(service, ctx.params.id))!;
    const includeDetails = ctx.query.get('includeDetails') === 'true';
    return {
      status: 200,
      body: restDeployRequest(record, ctx.baseUrl, versionOf(ctx), includeDetails),
    };
  });

  router.patch(`${base}/:id`, async (ctx) => {
    const session = adminSession(ctx);
    const id = recordId(service, ctx.params.id);
    const body = (await ctx.json()) as { deployResult?: { status?: unknown } } | null;
    if (body?.deployResult?.status !== 'Canceling') {
      throw new ApiError(
        400,
        'INVALID_INPUT',
        'Only {"deployResult":{"status":"Canceling"}} is accepted',
      );
    }
    const record = deployer.cancel(session, id)!;
    return { status: 202, body: restDeployRequest(record, ctx.baseUrl, versionOf(ctx), false) };
  });
}
