/** Helpers shared by REST handlers: request options from headers, objects from paths. */
import type { SObjectDef } from '../catalog/index.ts';
import type { DmlOptions } from '../dml/context.ts';
import type { DmlResult } from '../dml/engine.ts';
import { ApiError, notFound } from '../errors.ts';
import { normalizeId } from '../ids.ts';
import type { LocalOrg } from '../org.ts';
import type { RequestContext } from '../http/types.ts';

function header(ctx: RequestContext, name: string): string | undefined {
  const value = ctx.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** `Sforce-Auto-Assign`: TRUE (default) runs the active rule, FALSE none, an Id that rule. */
export function dmlOptions(ctx: RequestContext): DmlOptions {
  const value = header(ctx, 'Sforce-Auto-Assign')?.trim();
  if (value === undefined || value === '' || /^(true|1)$/i.test(value))
    return { assignmentRule: true };
  if (/^(false|0)$/i.test(value)) return { assignmentRule: false };
  const id = normalizeId(value);
  if (!id || !id.startsWith('01Q')) {
    throw new ApiError(
      400,
      'INVALID_HEADER_TYPE',
      `Invalid value for Sforce-Auto-Assign header: ${value}`,
    );
  }
  return { assignmentRule: id };
}

/** `Sforce-Query-Options: batchSize=N`. */
export function batchSizeOf(ctx: RequestContext): number | undefined {
  const value = header(ctx, 'Sforce-Query-Options');
  const m = value ? /batchSize\s*=\s*(\d+)/i.exec(value) : null;
  return m ? Number(m[1]) : undefined;
}

/**
 * The object named in a URL, or 404 as Salesforce answers for unknown types (and for the
 * objects only the Tooling API serves, such as CustomField).
 */
export function objectFromPath(org: LocalOrg, name: string): SObjectDef {
  const object = org.catalog.object(name);
  if (!object || object.toolingOnly) throw notFound();
  return object;
}

/** A single-record DML failure as a request error (REST uses `errorCode` at the top level). */
export function throwIfFailed(result: DmlResult): void {
  if (result.success) return;
  const [first] = result.errors;
  throw new ApiError(400, first.statusCode, first.message, first.fields);
}
