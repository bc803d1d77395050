/**
 * Streamed HTTP requests to the org, for the Bulk API bodies that can be tens of megabytes (query
 * results, job uploads, result files). They go over node:http(s) rather than fetch(): fetch loads
 * a second copy of undici (jsforce brings its own) with its WebAssembly HTTP parser and wraps each
 * chunk in web streams, about 25 MB of the client's peak memory for nothing these calls need.
 */
import { request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Connection } from '@salesforce/core';

export interface OrgResponse {
  status: number;
  /** A response header, or null. */
  header(name: string): string | null;
  /** The body, inflated when the org sent it gzipped. */
  body: Readable;
  /** The whole body as text (for error messages). */
  text(): Promise<string>;
}

export interface OrgRequest {
  method?: string;
  headers?: Record<string, string>;
  /** A request body streamed from a file, with its length. */
  body?: { stream: Readable; length: number };
}

/** Sends one request with the connection's token; resolves once the response's headers are in. */
export function orgRequest(
  conn: Connection,
  path: string,
  options: OrgRequest = {},
): Promise<OrgResponse> {
  const url = new URL(path, conn.instanceUrl);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, {
      method: options.method ?? 'GET',
      headers: {
        Authorization: `Bearer ${conn.accessToken}`,
        ...options.headers,
        ...(options.body ? { 'Content-Length': String(options.body.length) } : {}),
      },
    });
    req.once('error', reject);
    req.once('response', (res: IncomingMessage) => resolve(responseOf(res)));
    if (options.body) {
      // A body the org stops reading (it answered early) ends with the request; the answer says why.
      pipeline(options.body.stream, req).catch((error: unknown) => {
        req.destroy(error as Error);
      });
    } else req.end();
  });
}

function responseOf(res: IncomingMessage): OrgResponse {
  const gzipped = /\bgzip\b/i.test(String(res.headers['content-encoding'] ?? ''));
  const body: Readable = gzipped ? res.pipe(createGunzip()) : res;
  if (gzipped) res.once('error', (error) => body.destroy(error));
  return {
    status: res.statusCode ?? 0,
    header: (name) => {
      const value = res.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
    body,
    text: async () => {
      const parts: Buffer[] = [];
      for await (const part of body) parts.push(part as Buffer);
      return Buffer.concat(parts).toString('utf8');
    },
  };
}
