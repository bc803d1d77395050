/**
 * Apex REST (Apex Developer Guide, "Exposing Apex Classes as REST Web Services"):
 * `/services/apexrest/{urlMapping}` runs the @RestResource class whose mapping matches (an exact
 * mapping first, else the longest wildcard one) and its @HttpGet/@HttpPost/... method, as the
 * caller, who needs access to the class. RestContext.request carries the method, path, parameters,
 * headers and, for a method without parameters, the body; a method's return value is sent as JSON
 * (null fields left out), a void method's RestContext.response as set. An uncaught exception
 * answers 500 `[{"errorCode":"APEX_ERROR","message":"System.X: message\n\nClass.Y.z: line N, column M"}]`.
 */
import type { Session } from '../../auth/session.ts';
import { ApiError } from '../../errors.ts';
import type { Router } from '../../http/router.ts';
import type { HttpResponse, RequestContext } from '../../http/types.ts';
import { sessionOf } from '../../http/types.ts';
import type { LocalOrg } from '../../org.ts';
import { UserAccess } from '../../permissions.ts';
import type { ClassInfo, MethodInfo } from '../runtime/classes.ts';
import { ApexThrow } from '../runtime/context.ts';
import { callMethod, services } from '../runtime/invoke.ts';
import { T } from '../runtime/types.ts';
import { ApexBlob, ApexMap, NativeObject } from '../runtime/values.ts';
import { serializeJson, deserializeJsonValue } from '../lib/json.ts';
import { apexService } from './service.ts';

const VERB_ANNOTATION: Record<string, string> = {
  GET: 'httpget',
  POST: 'httppost',
  PUT: 'httpput',
  PATCH: 'httppatch',
  DELETE: 'httpdelete',
};

function unquote(text: string | undefined): string {
  return (text ?? '').trim().replace(/^'(.*)'$/s, '$1');
}

function mappingOf(cls: ClassInfo): string | null {
  const annotation = cls.annotation('restresource');
  if (!annotation) return null;
  return unquote(annotation.params.urlmapping ?? annotation.params.value);
}

function matches(mapping: string, path: string): boolean {
  const pattern = `^${mapping
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')}$`;
  return new RegExp(pattern).test(path);
}

/** The resource for a path: an exact mapping wins, then the longest matching wildcard mapping. */
function resourceFor(
  classes: ClassInfo[],
  path: string,
): { cls: ClassInfo; mapping: string } | null {
  let best: { cls: ClassInfo; mapping: string } | null = null;
  for (const cls of classes) {
    const mapping = mappingOf(cls);
    if (!mapping) continue;
    if (mapping === path) return { cls, mapping };
    if (
      mapping.includes('*') &&
      matches(mapping, path) &&
      (!best || mapping.length > best.mapping.length)
    ) {
      best = { cls, mapping };
    }
  }
  return best;
}

function stringMap(entries: Iterable<[string, string]>): ApexMap {
  const map = new ApexMap(T.String, T.String);
  for (const [k, v] of entries) map.put(k, v);
  return map;
}

export async function invokeApexRest(
  org: LocalOrg,
  session: Session,
  ctx: RequestContext,
): Promise<HttpResponse> {
  const service = apexService(org);
  service.ensureLoaded();
  const path = `/${ctx.params.path ?? ''}`;
  const found = resourceFor([...service.runtime.registry.userClasses.values()], path);
  if (!found) throw new ApiError(404, 'NOT_FOUND', 'Could not find a match for URL');
  const annotation = VERB_ANNOTATION[ctx.method];
  const method: MethodInfo | undefined = [...found.cls.methods.values()]
    .flat()
    .find((m) => m.isStatic && m.annotations.some((a) => a.name === annotation));
  if (!method) throw new ApiError(405, 'METHOD_NOT_ALLOWED', `HTTP ${ctx.method} not allowed`);
  if (!new UserAccess(org.store, session).canAccessClass(found.cls.name)) {
    throw new ApiError(
      403,
      'FORBIDDEN',
      `You do not have access to the Apex class named '${found.cls.name}'.`,
    );
  }
  const body = await ctx.body();
  const exec = service.newContext(session);
  try {
    return service.transaction(exec, (frame) => {
      const request = new NativeObject(services.current!.systemClass('RestRequest'), {
        httpmethod: ctx.method,
        requesturi: path,
        resourcepath: `/services/apexrest${found.mapping}`,
        params: stringMap(ctx.query.entries()),
        headers: stringMap(
          Object.entries(ctx.headers)
            .filter((e): e is [string, string] => typeof e[1] === 'string')
            .map(([k, v]) => [k, v]),
        ),
        requestbody: method.params.length ? null : new ApexBlob(new Uint8Array(body)),
        remoteaddress: '127.0.0.1',
      });
      const response = new NativeObject(services.current!.systemClass('RestResponse'), {
        statuscode: null,
        responsebody: null,
        headers: stringMap([]),
      });
      exec.cache.set('rest.request', request);
      exec.cache.set('rest.response', response);
      const args = parameters(frame, method, body);
      const value = callMethod(frame, method, null, args);
      return restResponse(method, value, response);
    });
  } catch (error) {
    if (!(error instanceof ApexThrow)) throw error;
    const e = error.exception;
    const message = `${e.cls.typeName}: ${e.native?.message ?? ''}\n\n${(e.native?.stackTrace ?? []).join('\n')}`;
    return { status: 500, body: [{ errorCode: 'APEX_ERROR', message }] };
  }
}

/** A method with parameters takes them from the JSON body's keys, by name. */
function parameters(
  frame: Parameters<typeof callMethod>[0],
  method: MethodInfo,
  body: Buffer,
): unknown[] {
  if (method.params.length === 0) return [];
  let parsed: unknown;
  try {
    parsed = body.length ? JSON.parse(body.toString('utf8')) : {};
  } catch (error) {
    throw new ApiError(400, 'JSON_PARSER_ERROR', (error as Error).message);
  }
  const fields = (parsed ?? {}) as Record<string, unknown>;
  return method.params.map((p) => deserializeJsonValue(frame, fields[p.name] ?? null, p.type));
}

const ALLOWED_STATUS = new Set([
  200, 201, 202, 204, 206, 300, 301, 302, 304, 400, 401, 403, 404, 405, 406, 409, 410, 412, 413,
  414, 415, 417, 500, 503,
]);

function restResponse(method: MethodInfo, value: unknown, response: NativeObject): HttpResponse {
  const status = typeof response.data.statuscode === 'number' ? response.data.statuscode : 200;
  if (!ALLOWED_STATUS.has(status)) {
    return {
      status: 500,
      body: [
        { errorCode: 'APEX_ERROR', message: `Invalid status code for HTTP response: ${status}` },
      ],
    };
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of (response.data.headers as ApexMap).map.values()) {
    if (typeof k === 'string' && typeof v === 'string') headers[k] = v;
  }
  if (method.returnType.kind !== 'void') {
    return {
      status,
      text: serializeJson(value, true),
      contentType: 'application/json;charset=UTF-8',
      headers,
    };
  }
  const body = response.data.responsebody;
  const contentType =
    Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ??
    'application/json;charset=UTF-8';
  return {
    status,
    text: body instanceof ApexBlob ? Buffer.from(body.bytes) : '',
    contentType,
    headers,
  };
}

export function registerApexRestRoutes(router: Router, org: LocalOrg): void {
  const handler = async (ctx: RequestContext): Promise<HttpResponse> => {
    const used = org.countApiRequest();
    if (used > org.config.apiLimit)
      throw new ApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    const response = await invokeApexRest(org, sessionOf(ctx), ctx);
    const usage = { 'Sforce-Limit-Info': `api-usage=${used}/${org.config.apiLimit}` };
    return { ...response, headers: { ...usage, ...response.headers } };
  };
  for (const verb of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])
    router.add(verb, '/services/apexrest/*path', handler);
}
