/** Request and response shapes shared by the router, the server and the route handlers. */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { Session } from '../auth/session.ts';

export interface HttpResponse {
  status: number;
  /** Serialised as JSON unless `text` is given. */
  body?: unknown;
  /** A non-JSON body (CSV, XML), sent with `contentType`. */
  text?: string | Buffer;
  /** A streamed body (large CSV results), sent with `contentType` and no Content-Length. */
  stream?: Readable;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface RequestContext {
  req: IncomingMessage;
  method: string;
  /** Path with `//` collapsed and no trailing slash. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** `62.0` for routes under `/services/data/v62.0`, else null. */
  apiVersion: string | null;
  /** The caller; null only on routes that need no session. */
  session: Session | null;
  /** `http://127.0.0.1:PORT` */
  baseUrl: string;
  body(): Promise<Buffer>;
  json(): Promise<unknown>;
}

export type Handler = (ctx: RequestContext) => HttpResponse | Promise<HttpResponse>;

/** A handler's session, for routes that require one. */
export function sessionOf(ctx: RequestContext): Session {
  if (!ctx.session) throw new Error('route requires a session');
  return ctx.session;
}

export function versionOf(ctx: RequestContext): string {
  return ctx.apiVersion ?? '65.0';
}
