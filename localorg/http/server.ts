/**
 * The HTTP server: 127.0.0.1 only, long keep-alive (clients reuse sockets across long polls),
 * `//` collapsed, API versions v31.0..v65.0, Bearer sessions, the daily API counter and
 * `Sforce-Limit-Info`, and Salesforce's JSON-array errors.
 *
 * `POST ...?_HttpMethod=PATCH` under `/services/data` is served as PATCH, as the REST API
 * Developer Guide documents for clients that cannot send PATCH ("Update a Record":
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_update_fields.htm).
 * The guide shows only PATCH, in capitals; other values, and the override on other verbs, are
 * not documented, so by default they are left alone (the request is routed by its own verb); the
 * choice `http-method-override=any` (localorg/choices.ts) serves GET, PUT and DELETE on a POST too.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { ApiError, invalidSession, notFound } from '../errors.ts';
import type { LocalOrg } from '../org.ts';
import type { Router } from './router.ts';
import type { Handler, HttpResponse, RequestContext } from './types.ts';

export const MIN_API_VERSION = 31;
export const MAX_API_VERSION = 65;
export const KEEP_ALIVE_MS = 65_000;
const MAX_JSON_BYTES = 50 * 1024 * 1024;
const JSON_TYPE = 'application/json;charset=UTF-8';

/** `v62.0` -> `62.0` when within the supported range, else null. */
export function parseApiVersion(segment: string): string | null {
  const m = /^v(\d+)\.0$/.exec(segment);
  if (!m) return null;
  const n = Number(m[1]);
  return n >= MIN_API_VERSION && n <= MAX_API_VERSION ? `${n}.0` : null;
}

/** Collapses `//` and drops a trailing slash. */
export function normalizePath(path: string): string {
  const collapsed = path.replace(/\/{2,}/g, '/');
  return collapsed.length > 1 ? collapsed.replace(/\/$/, '') : collapsed;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new ApiError(413, 'REQUEST_ENTITY_TOO_LARGE', 'Request entity too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const m = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header.trim());
  return m ? m[1].trim() : null;
}

async function sendStream(
  res: ServerResponse,
  method: string,
  response: HttpResponse & { stream: NonNullable<HttpResponse['stream']> },
): Promise<void> {
  const headers: Record<string, string> = { ...response.headers };
  headers['Content-Type'] = response.contentType ?? 'application/octet-stream';
  res.writeHead(response.status, headers);
  if (method === 'HEAD') {
    response.stream.destroy();
    res.end();
    return;
  }
  // A client that goes away mid-body only ends its own response.
  await pipeline(response.stream, res).catch(() => res.destroy());
}

/** A request body as JSON: null when empty, 400 JSON_PARSER_ERROR when not JSON. */
export function parseJsonBody(raw: string): unknown {
  if (raw.trim() === '') return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new ApiError(400, 'JSON_PARSER_ERROR', `Unexpected character in JSON body at position 0`);
  }
}

const OVERRIDDEN = new Set(['GET', 'PUT', 'PATCH', 'DELETE']);

/**
 * The verb a request is routed by: its own, or the one `POST ...?_HttpMethod=X` names, as the
 * org's choice `http-method-override` allows (only PATCH by default).
 */
export function effectiveMethod(
  org: LocalOrg,
  method: string,
  path: string,
  query: URLSearchParams,
): string {
  const override = query.get('_HttpMethod');
  if (method !== 'POST' || override === null || !path.startsWith('/services/data/')) return method;
  if (override === 'PATCH') return 'PATCH';
  if (org.choice('http-method-override') === 'any' && OVERRIDDEN.has(override.toUpperCase())) {
    return override.toUpperCase();
  }
  return method;
}

/** A thrown error as the response Salesforce would send: ApiError's array, else a logged 500. */
export function errorResponse(
  org: LocalOrg,
  error: unknown,
  method: string,
  path: string,
): HttpResponse {
  if (error instanceof ApiError) return { status: error.status, body: error.toBody() };
  org.config.log(
    `error ${method} ${path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  return {
    status: 500,
    body: [
      {
        errorCode: 'UNKNOWN_EXCEPTION',
        message: 'An unexpected error occurred. Please check the local org log.',
      },
    ],
  };
}

function send(res: ServerResponse, method: string, response: HttpResponse): Promise<void> | void {
  if (response.stream) return sendStream(res, method, { ...response, stream: response.stream });
  const headers: Record<string, string> = { ...response.headers };
  let payload: string | Buffer | undefined;
  if (response.text !== undefined) {
    payload = response.text;
    headers['Content-Type'] = response.contentType ?? 'text/plain;charset=UTF-8';
  } else if (response.body !== undefined) {
    payload = JSON.stringify(response.body);
    headers['Content-Type'] = JSON_TYPE;
  }
  if (payload !== undefined) headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(method === 'HEAD' ? undefined : payload);
}

export interface ServerHandle {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Hooks around every request (the fault injector uses them). */
export interface ServerHooks {
  /**
   * Runs before routing: may delay, answer in place of the route (a response), or drop the
   * connection without an answer ('reset'); undefined lets the request through.
   */
  beforeRequest?(
    req: IncomingMessage,
    method: string,
    path: string,
  ): Promise<HttpResponse | 'reset' | undefined>;
}

export function startServer(
  org: LocalOrg,
  router: Router,
  port: number,
  hooks: ServerHooks = {},
): Promise<ServerHandle> {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    // Not `new URL()`: a path starting with `//` would be read as a host.
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const path = normalizePath(q < 0 ? raw : raw.slice(0, q));
    const searchParams = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
    const injected = await hooks.beforeRequest?.(req, method, path);
    if (injected === 'reset') {
      req.socket.destroy();
      org.config.log(`${method} ${path} reset (fault)`);
      return;
    }
    let response: HttpResponse;
    try {
      response = injected ?? (await route(org, router, req, method, path, searchParams));
    } catch (error) {
      response = errorResponse(org, error, method, path);
    }
    if (!res.headersSent) await send(res, method, response);
    else response.stream?.destroy();
    org.config.log(`${method} ${path} ${response.status} ${Date.now() - started}ms`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      org.config.log(`unhandled: ${String(error)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  server.requestTimeout = 10 * 60_000;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const actual = (server.address() as AddressInfo).port;
      const base = `http://127.0.0.1:${actual}`;
      org.baseUrl = base;
      resolve({
        server,
        url: base,
        port: actual,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

export interface ResolvedRoute {
  handler: Handler;
  auth: boolean;
  params: Record<string, string>;
  /** `62.0` for routes under `/services/data/v62.0`, else null. */
  apiVersion: string | null;
}

/**
 * The route for a verb and path, as the server finds it (composite subrequests too): 404 for an
 * unknown path or API version, 405 naming the verbs the path allows.
 */
export function resolveRoute(router: Router, method: string, path: string): ResolvedRoute {
  const match = router.match(method, path);
  if (match.kind === 'none') throw notFound();
  if (match.kind === 'method') {
    throw new ApiError(
      405,
      'METHOD_NOT_ALLOWED',
      `HTTP Method '${method}' not allowed. Allowed are ${match.allowed.join(',')}`,
    );
  }
  let apiVersion: string | null = null;
  if (match.params.version !== undefined) {
    apiVersion = parseApiVersion(match.params.version);
    if (!apiVersion) throw notFound();
  }
  return { handler: match.handler, auth: match.auth, params: match.params, apiVersion };
}

async function route(
  org: LocalOrg,
  router: Router,
  req: IncomingMessage,
  requestMethod: string,
  path: string,
  query: URLSearchParams,
): Promise<HttpResponse> {
  const method = effectiveMethod(org, requestMethod, path, query);
  const match = resolveRoute(router, method, path);
  const apiVersion = match.apiVersion;
  const headers: Record<string, string> = {};
  let session = null;
  if (match.auth) {
    const token = bearer(req);
    session = token ? (org.sessionForToken(token) ?? null) : null;
    if (!session) throw invalidSession();
    if (path.startsWith('/services/data')) {
      const used = org.countApiRequest();
      if (used > org.config.apiLimit) {
        throw new ApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
      }
      headers['Sforce-Limit-Info'] = `api-usage=${used}/${org.config.apiLimit}`;
    }
  }
  let body: Promise<Buffer> | null = null;
  const ctx: RequestContext = {
    req,
    method,
    path,
    params: match.params,
    query,
    headers: req.headers,
    apiVersion,
    session,
    baseUrl: org.baseUrl,
    body: () => (body ??= readBody(req, MAX_JSON_BYTES)),
    json: async () => parseJsonBody((await ctx.body()).toString('utf8')),
  };
  const response = await match.handler(ctx);
  return { ...response, headers: { ...headers, ...response.headers } };
}
