/**
 * A request made inside another one (a composite or batch subrequest): routed and answered by the
 * same handlers as a request from the network, as the caller's user, with the body given as JSON.
 * Errors come back as the response the network would get (ApiError's array, or a logged 500), so
 * a failing subrequest never fails the request around it.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { LocalOrg } from '../org.ts';
import type { Router } from './router.ts';
import {
  effectiveMethod,
  errorResponse,
  normalizePath,
  parseJsonBody,
  resolveRoute,
} from './server.ts';
import type { HttpResponse, RequestContext } from './types.ts';
import { sessionOf } from './types.ts';

export interface Subrequest {
  method: string;
  /** A path from the host: `/services/data/v62.0/sobjects/Account?fields=Name`. */
  url: string;
  /** The JSON body, already parsed (undefined for none). */
  body?: unknown;
  /** Request headers of the subrequest (names compared case-insensitively). */
  headers?: Record<string, string>;
}

/** Path and query of a subrequest URL, with the path collapsed as the server collapses it. */
export function splitUrl(url: string): { path: string; query: URLSearchParams } {
  const q = url.indexOf('?');
  return {
    path: normalizePath(q < 0 ? url : url.slice(0, q)),
    query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
  };
}

/**
 * Runs one subrequest. The handler's only wait is for its body, which is already in memory, so
 * the whole call runs without giving the event loop to another request (see
 * Store.openTransaction).
 */
export async function runSubrequest(
  org: LocalOrg,
  router: Router,
  parent: RequestContext,
  sub: Subrequest,
): Promise<HttpResponse> {
  const { path, query } = splitUrl(sub.url);
  const method = effectiveMethod(org, sub.method, path, query);
  try {
    const route = resolveRoute(router, method, path);
    const headers: IncomingHttpHeaders = {};
    for (const name of ['accept', 'content-type', 'authorization'] as const) {
      if (parent.headers[name] !== undefined) headers[name] = parent.headers[name];
    }
    for (const [name, value] of Object.entries(sub.headers ?? {})) {
      headers[name.toLowerCase()] = value;
    }
    const raw = sub.body === undefined ? '' : JSON.stringify(sub.body);
    const body = Buffer.from(raw, 'utf8');
    const ctx: RequestContext = {
      req: parent.req,
      method,
      path,
      params: route.params,
      query,
      headers,
      apiVersion: route.apiVersion,
      session: route.auth ? sessionOf(parent) : null,
      baseUrl: parent.baseUrl,
      body: () => Promise.resolve(body),
      json: () => Promise.resolve(parseJsonBody(raw)),
    };
    return await route.handler(ctx);
  } catch (error) {
    return errorResponse(org, error, method, path);
  }
}
