/**
 * Twin of the Apex REST class ChannelKitLeadOwnerResource:
 * `POST /services/apexrest/channelkit/v1/lead-owners` with
 * `{"changes": [{"leadId", "ownerId"}], "notify": true}` applies up to 200 owner changes through
 * the DML engine (assignment rules off, the caller's sharing) and answers
 * `{"results": [{"leadId", "success", "errors": [{"statusCode", "message", "fields"}]}]}` in
 * request order, byte for byte what the Apex class serialises. With notify, Salesforce's
 * lead-assignment e-mail goes to the outbox for each lead whose owner changed (see
 * leadAssignmentEmail.ts). The endpoint exists only once the class has been deployed (else 404, as Salesforce
 * answers for an unmapped URL); each call counts as one API request.
 */
import { componentExists } from '../metadata/org/deployedComponents.ts';
import { ApiError } from '../errors.ts';
import type { RecordError } from '../errors.ts';
import type { DmlOperation } from '../dml/engine.ts';
import type { Router } from '../http/router.ts';
import { sessionOf } from '../http/types.ts';
import type { HttpResponse, RequestContext } from '../http/types.ts';
import { normalizeId } from '../ids.ts';
import type { LocalOrg } from '../org.ts';
import { sendLeadAssignmentEmail } from '../leadAssignmentEmail.ts';

export const LEAD_OWNERS_CLASS = 'ChannelKitLeadOwnerResource';
export const LEAD_OWNERS_PATH = '/services/apexrest/channelkit/v1/lead-owners';
export const MAX_CHANGES = 200;
const SHAPE = '{"changes": [{"leadId": "00Q...", "ownerId": "005... or 00G..."}], "notify": true}';

export interface LeadOwnerRowError {
  statusCode: string;
  message: string;
  fields: string[];
}

export interface LeadOwnerResult {
  leadId: unknown;
  success: boolean;
  errors: LeadOwnerRowError[];
}

/** A 400 answer in the field order the Apex class serialises: errorCode, then message. */
function badRequest(errorCode: string, message: string): HttpResponse {
  return { status: 400, body: [{ errorCode, message }] };
}

/** What Apex's string concatenation prints for a JSON value. */
function shown(value: unknown): string {
  return value === null || value === undefined
    ? 'null'
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);
}

/** The 18-character Id when the value is a well-formed Id with one of the prefixes. */
function toId(value: unknown, prefixes: string[]): string | null {
  if (typeof value !== 'string' || (value.length !== 15 && value.length !== 18)) return null;
  if (!/^[0-9A-Za-z]+$/.test(value) || !prefixes.some((p) => value.startsWith(p))) return null;
  return normalizeId(value);
}

const rowError = (statusCode: string, message: string, field: string): LeadOwnerRowError => ({
  statusCode,
  message,
  fields: [field],
});

const fromDml = (e: RecordError): LeadOwnerRowError => ({
  statusCode: e.statusCode,
  message: e.message,
  fields: [...e.fields],
});

function applyChanges(org: LocalOrg, ctx: RequestContext, changes: unknown[], notify: boolean) {
  const results: LeadOwnerResult[] = [];
  const operations: DmlOperation[] = [];
  const saved: { result: LeadOwnerResult; leadId: string; ownerId: string; before: unknown }[] = [];
  const seen = new Set<string>();
  for (const entry of changes) {
    const change =
      typeof entry === 'object' && entry !== null && !Array.isArray(entry)
        ? (entry as Record<string, unknown>)
        : {};
    const result: LeadOwnerResult = { leadId: change.leadId ?? null, success: false, errors: [] };
    results.push(result);
    const leadId = toId(change.leadId, ['00Q']);
    const ownerId = toId(change.ownerId, ['005', '00G']);
    if (!leadId) {
      result.errors.push(
        rowError(
          'MALFORMED_ID',
          `leadId must be a Lead Id (00Q..., 15 or 18 characters); got ${shown(change.leadId)}.`,
          'Id',
        ),
      );
    } else if (!ownerId) {
      result.errors.push(
        rowError(
          'MALFORMED_ID',
          `ownerId must be a User Id (005...) or a queue Id (00G...); got ${shown(change.ownerId)}.`,
          'OwnerId',
        ),
      );
    } else if (seen.has(leadId)) {
      result.errors.push(
        rowError(
          'DUPLICATE_VALUE',
          `Lead ${shown(change.leadId)} is in this request more than once; send each lead once.`,
          'Id',
        ),
      );
    } else {
      seen.add(leadId);
      operations.push({ kind: 'update', type: 'Lead', id: leadId, values: { OwnerId: ownerId } });
      const before = org.store.get('SELECT "OwnerId" FROM "Lead" WHERE "Id" = ?', leadId);
      saved.push({ result, leadId, ownerId, before: before?.OwnerId });
    }
  }
  if (operations.length === 0) return results;
  const outcomes = org.dml.execute(sessionOf(ctx), operations, false, {
    assignmentRule: false,
    contention: true,
  });
  outcomes.forEach((outcome, i) => {
    const row = saved[i];
    row.result.success = outcome.success;
    row.result.errors.push(...outcome.errors.map(fromDml));
    if (notify && outcome.success && row.before !== row.ownerId)
      sendLeadAssignmentEmail(org, row.leadId, row.ownerId);
  });
  return results;
}

export function registerLeadOwnerRoutes(router: Router, org: LocalOrg): void {
  router.post(LEAD_OWNERS_PATH, async (ctx) => {
    const used = org.countApiRequest();
    if (used > org.config.apiLimit) {
      throw new ApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    }
    const headers = { 'Sforce-Limit-Info': `api-usage=${used}/${org.config.apiLimit}` };
    if (!componentExists(org.store, 'ApexClass', LEAD_OWNERS_CLASS)) {
      throw new ApiError(404, 'NOT_FOUND', 'Could not find a match for URL');
    }
    let request: unknown;
    try {
      request = JSON.parse((await ctx.body()).toString('utf8'));
    } catch (error) {
      return {
        ...badRequest(
          'JSON_PARSER_ERROR',
          `The body is not JSON (${(error as Error).message}). Send ${SHAPE}.`,
        ),
        headers,
      };
    }
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      return { ...badRequest('BAD_REQUEST', `The body must be a JSON object: ${SHAPE}.`), headers };
    }
    const { changes, notify } = request as { changes?: unknown; notify?: unknown };
    if (!Array.isArray(changes)) {
      return {
        ...badRequest('BAD_REQUEST', `"changes" must be a list of changes: ${SHAPE}.`),
        headers,
      };
    }
    if (changes.length > MAX_CHANGES) {
      return {
        ...badRequest(
          'TOO_MANY_CHANGES',
          `At most ${MAX_CHANGES} changes per call; got ${changes.length}. Send them in chunks of ${MAX_CHANGES}.`,
        ),
        headers,
      };
    }
    if (notify !== undefined && notify !== null && typeof notify !== 'boolean') {
      return {
        ...badRequest('BAD_REQUEST', `"notify" must be true or false; got ${shown(notify)}.`),
        headers,
      };
    }
    const results = applyChanges(org, ctx, changes, notify === true);
    return { status: 200, body: { results }, headers };
  });
}
