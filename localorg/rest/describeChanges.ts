/**
 * Conditional describes: `If-Modified-Since` on sObject Describe and Describe Global answers
 * `304 Not Modified` with no body when the metadata has not changed since the given date.
 *
 * Salesforce documents this in the REST API Developer Guide, "Get Object Metadata Changes"
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/sobject_describe_with_ifmodified_header.htm)
 * and "Get a List of Objects If Metadata Has Changed"
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/describe_global_with_ifmodified_header.htm):
 * the date is in `EEE, dd MMM yyyy HH:mm:ss z` format, and a 304 has no response body.
 *
 * The docs are silent on the rest, so the local org chooses (the first two are switches,
 * registered with their evidence in localorg/choices.ts):
 * - a date it cannot parse is ignored (the describe is answered in full), as HTTP does, or
 *   refused with 400: the choice `describe-bad-if-modified-since`;
 * - the answer carries `Last-Modified` (HTTP's header for this validator; Salesforce's docs
 *   neither show nor rule it out), so a client can send back exactly what it was given, or not:
 *   the choice `describe-last-modified`;
 * - `If-Unmodified-Since` is not served.
 *
 * The local org keeps no history of its metadata, so an object's metadata counts as changed when
 * the local org first describes its current definition. That is safe: a deploy never edits a
 * catalogue definition in place, it replaces it (metadata/org/customSchema.ts), so a changed object
 * is a definition not described before, and its time is after the change. Times are whole seconds
 * (the header's resolution), and a new definition of an object always gets a later second than the
 * one it replaces, so a change in the same second as an earlier describe is never answered 304.
 */
import type { SObjectDef } from '../catalog/index.ts';
import { ApiError } from '../errors.ts';
import type { HttpResponse, RequestContext } from '../http/types.ts';
import type { LocalOrg } from '../org.ts';

/** When each definition was first described (ms, whole seconds); definitions outlive orgs in tests. */
const stamps = new WeakMap<SObjectDef, number>();

interface OrgClock {
  /** The latest time handed out per object name (lower case). */
  byName: Map<string, number>;
  /** The object names of the last Describe Global, and when that list last changed. */
  names: string;
  namesAt: number;
}

const clocks = new WeakMap<LocalOrg, OrgClock>();

function clockOf(org: LocalOrg): OrgClock {
  let clock = clocks.get(org);
  if (!clock) {
    clock = { byName: new Map(), names: '', namesAt: 0 };
    clocks.set(org, clock);
  }
  return clock;
}

/** Now, rounded up to the next whole second. */
function nowSecond(org: LocalOrg): number {
  return Math.ceil(org.now().getTime() / 1000) * 1000;
}

/** When an object's describe last changed, as far as the local org can tell (ms). */
export function objectChangedAt(org: LocalOrg, object: SObjectDef): number {
  const clock = clockOf(org);
  const name = object.name.toLowerCase();
  const previous = clock.byName.get(name);
  let at = stamps.get(object);
  if (at === undefined) {
    at = previous === undefined ? nowSecond(org) : Math.max(nowSecond(org), previous + 1000);
    stamps.set(object, at);
  }
  clock.byName.set(name, Math.max(previous ?? 0, at));
  return at;
}

/** When the list of objects or any object's describe last changed (ms). */
export function catalogChangedAt(org: LocalOrg): number {
  const clock = clockOf(org);
  const names = org.catalog.objects
    .map((o) => o.name.toLowerCase())
    .sort()
    .join(',');
  if (names !== clock.names) {
    clock.namesAt =
      clock.names === '' ? nowSecond(org) : Math.max(nowSecond(org), clock.namesAt + 1000);
    clock.names = names;
  }
  let at = clock.namesAt;
  for (const object of org.catalog.objects) at = Math.max(at, objectChangedAt(org, object));
  return at;
}

function header(ctx: RequestContext, name: string): string | undefined {
  const value = ctx.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The describe answer for a request: 304 with no body when `If-Modified-Since` is at or after
 * `changedAt`, else `body` with `Last-Modified`.
 */
export function conditionalDescribe(
  org: LocalOrg,
  ctx: RequestContext,
  changedAt: number,
  body: () => unknown,
): HttpResponse {
  const headers: Record<string, string> =
    org.choice('describe-last-modified') === 'send'
      ? { 'Last-Modified': new Date(changedAt).toUTCString() }
      : {};
  const since = header(ctx, 'if-modified-since');
  const sinceMs = since === undefined ? Number.NaN : Date.parse(since);
  if (
    since !== undefined &&
    Number.isNaN(sinceMs) &&
    org.choice('describe-bad-if-modified-since') === 'reject'
  ) {
    throw new ApiError(
      400,
      'INVALID_HEADER_TYPE',
      `If-Modified-Since: '${since}' is not a date in the format EEE, dd MMM yyyy HH:mm:ss z`,
    );
  }
  if (!Number.isNaN(sinceMs) && changedAt <= sinceMs) return { status: 304, headers };
  return { status: 200, body: body(), headers };
}
