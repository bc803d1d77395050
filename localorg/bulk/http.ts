/** Bulk API responses: JobInfo JSON, streamed CSV (gzipped when the client accepts it), errors. */
import type { ZodType } from 'zod';
import type { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { ApiError } from '../errors.ts';
import type { HttpResponse, RequestContext } from '../http/types.ts';

const JSON_TYPE = 'application/json;charset=UTF-8';
export const CSV_TYPE = 'text/csv';

/** Bulk errors are JSON arrays like REST's: `[{"errorCode":"...","message":"..."}]`. */
export function bulkError(status: number, errorCode: string, message: string): ApiError {
  return new ApiError(status, errorCode, message);
}

export const invalidJob = (message: string): ApiError => bulkError(400, 'INVALIDJOB', message);

/** A job-creation body checked against its schema, refused as Salesforce refuses bad JSON. */
export function parseJobBody<T>(schema: ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw bulkError(
      400,
      'JSON_PARSER_ERROR',
      `Malformed request: ${parsed.error.issues[0]?.message}`,
    );
  }
  return parsed.data;
}

export const jobNotFound = (): ApiError =>
  bulkError(404, 'NOT_FOUND', 'The requested resource does not exist');

/** JSON with `apiVersion` written as Salesforce writes it (`62.0`, not `62`). */
export function jobJson(status: number, value: unknown): HttpResponse {
  const text = JSON.stringify(value).replace(/"apiVersion":(\d+)(?=[,}])/g, '"apiVersion":$1.0');
  return { status, text, contentType: JSON_TYPE };
}

export function acceptsGzip(ctx: RequestContext): boolean {
  const header = ctx.headers['accept-encoding'];
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value.split(',').some((part) => {
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (name !== 'gzip') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** A CSV body, streamed, gzipped when the request's Accept-Encoding allows it. */
export function csvResponse(
  ctx: RequestContext,
  body: Readable,
  headers: Record<string, string> = {},
): HttpResponse {
  if (!acceptsGzip(ctx)) return { status: 200, stream: body, contentType: CSV_TYPE, headers };
  const gzip = createGzip();
  body.on('error', (error) => gzip.destroy(error));
  return {
    status: 200,
    stream: body.pipe(gzip),
    contentType: CSV_TYPE,
    headers: { ...headers, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' },
  };
}
