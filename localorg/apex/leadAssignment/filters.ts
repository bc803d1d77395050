/**
 * Lead filters (LeadFilters) checked and turned into one SQL predicate with bound parameters,
 * for the lead list, its count and "all leads matching the filters" selections. Converted and
 * deleted leads never match; closed statuses only with includeClosed; the caller's sharing applies.
 */
import type { Session } from '../../auth/session.ts';
import type { Catalog } from '../../catalog/index.ts';
import { parseDate } from '../../dates.ts';
import { normalizeId } from '../../ids.ts';
import { visibilityFilter } from '../../sharing.ts';
import type { SqlFilter } from '../../sharing.ts';
import type { SqlValue } from '../../store/store.ts';
import type { LeadFilters, LeadOwnerFilter } from '../../../types/leadAssignment.d.ts';
import { fail } from './errors.ts';
import { booleanAt, isObject, stringAt, stringListAt } from './input.ts';
import {
  ACTIVE_INTERNAL_USER_IDS,
  INACTIVE_USER_IDS,
  PARTNER_QUEUE_IDS,
  PARTNER_USER_IDS,
  QUEUE_IDS,
} from './ownerSql.ts';
import { closedStatuses } from './picklists.ts';

const OWNER_KINDS: LeadOwnerFilter[] = ['any', 'user', 'partner', 'queue', 'unassigned'];

/** Checked filters: lists non-empty or null, dates as stored date-time bounds. */
export interface LeadQuery {
  statuses: string[] | null;
  sources: string[] | null;
  countries: string[] | null;
  states: string[] | null;
  /** Inclusive lower bound of CreatedDate in stored form. */
  createdFrom: string | null;
  /** Exclusive upper bound: midnight after the created-to day. */
  createdBefore: string | null;
  ownerKind: LeadOwnerFilter;
  ownerId: string | null;
  /** Lower-cased, trimmed. */
  search: string | null;
  includeClosed: boolean;
}

function dayStart(value: string | null, label: string, dayOffset = 0): string | null {
  if (value === null || value.trim() === '') return null;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? parseDate(value.trim()) : null;
  if (!day) fail(`The ${label} date must be a date like 2026-01-31.`);
  const start = new Date(`${day}T00:00:00.000Z`);
  start.setUTCDate(start.getUTCDate() + dayOffset);
  return start.toISOString().replace('Z', '+0000');
}

/** Checks a LeadFilters object; `label` names it in type errors (e.g. `selection.filters`). */
export function readFilters(value: unknown, label = 'filters'): LeadQuery {
  if (value !== undefined && value !== null && !isObject(value))
    fail(`${label} must be an object.`);
  const filters = (value ?? {}) as Record<keyof LeadFilters, unknown>;
  const createdFrom = stringAt(filters, 'createdFrom', `${label}.createdFrom`);
  const createdTo = stringAt(filters, 'createdTo', `${label}.createdTo`);
  const from = dayStart(createdFrom, 'created-from');
  const before = dayStart(createdTo, 'created-to', 1);
  if (from !== null && before !== null && from >= before) {
    fail('The created-from date must be on or before the created-to date.');
  }
  const kind = stringAt(filters, 'ownerKind', `${label}.ownerKind`) ?? 'any';
  if (!OWNER_KINDS.includes(kind as LeadOwnerFilter)) {
    fail(`Unknown owner filter "${kind}". Use any, user, partner, queue or unassigned.`);
  }
  const ownerText = stringAt(filters, 'ownerId', `${label}.ownerId`);
  let ownerId: string | null = null;
  if (ownerText !== null && ownerText.trim() !== '') {
    ownerId = normalizeId(ownerText.trim());
    if (!ownerId || !['005', '00G'].includes(ownerId.slice(0, 3))) {
      fail(`The owner filter ${ownerText} is not a user or queue Id (005... or 00G...).`);
    }
  }
  const searchText = stringAt(filters, 'search', `${label}.search`);
  const search = searchText?.trim() ? searchText.trim().toLowerCase() : null;
  if (search !== null && search.length < 2) fail('Search needs at least 2 characters.');
  return {
    statuses: stringListAt(filters, 'statuses', `${label}.statuses`),
    sources: stringListAt(filters, 'sources', `${label}.sources`),
    countries: stringListAt(filters, 'countries', `${label}.countries`),
    states: stringListAt(filters, 'states', `${label}.states`),
    createdFrom: from,
    createdBefore: before,
    ownerKind: kind as LeadOwnerFilter,
    ownerId,
    search,
    includeClosed: booleanAt(filters, 'includeClosed', `${label}.includeClosed`) ?? false,
  };
}

const OWNER_KIND_SQL: Record<LeadOwnerFilter, (owner: string) => string | null> = {
  any: () => null,
  user: (owner) => `${owner} IN (${ACTIVE_INTERNAL_USER_IDS})`,
  // One IN over a UNION, not an OR of two: SQLite turns an OR into index lookups per owner.
  partner: (owner) => `${owner} IN (${PARTNER_USER_IDS} UNION ${PARTNER_QUEUE_IDS})`,
  queue: (owner) => `${owner} IN (${QUEUE_IDS})`,
  unassigned: (owner) =>
    `${owner} IN (${QUEUE_IDS} EXCEPT ${PARTNER_QUEUE_IDS} UNION ${INACTIVE_USER_IDS})`,
};

/** `column IN (values)` through one JSON parameter, so the statement text never varies. */
export function inList(column: string, values: string[]): SqlFilter {
  return {
    sql: `${column} IN (SELECT value FROM json_each(?))`,
    params: [JSON.stringify(values)],
  };
}

/**
 * The predicate over lead alias `l` for the query, as the session may see it; `ordered` for the
 * page query (ORDER BY ... LIMIT), plain for counts and selections.
 */
export function leadWhere(
  catalog: Catalog,
  session: Session,
  query: LeadQuery,
  alias = 'l',
  ordered = false,
): SqlFilter {
  // `+` keeps SQLite off the console's covering index (made for counts) when a page walks the
  // sort order's index instead: ordered pages would otherwise sort every match.
  const flag = ordered ? '+' : '';
  const parts: string[] = [`${flag}${alias}."IsDeleted" = 0`, `${flag}${alias}."IsConverted" = 0`];
  const params: SqlValue[] = [];
  const add = (filter: SqlFilter | null): void => {
    if (!filter) return;
    parts.push(filter.sql);
    params.push(...filter.params);
  };
  if (!query.includeClosed) {
    add({
      sql: `COALESCE(${alias}."Status", '') NOT IN (SELECT value FROM json_each(?))`,
      params: [JSON.stringify(closedStatuses(catalog))],
    });
  }
  if (query.statuses) add(inList(`${alias}."Status"`, query.statuses));
  if (query.sources) add(inList(`${alias}."LeadSource"`, query.sources));
  if (query.countries) add(inList(`${alias}."Country"`, query.countries));
  if (query.states) add(inList(`${alias}."State"`, query.states));
  if (query.createdFrom) add({ sql: `${alias}."CreatedDate" >= ?`, params: [query.createdFrom] });
  if (query.createdBefore) {
    add({ sql: `${alias}."CreatedDate" < ?`, params: [query.createdBefore] });
  }
  const kind = OWNER_KIND_SQL[query.ownerKind](`${alias}."OwnerId"`);
  if (kind) add({ sql: kind, params: [] });
  if (query.ownerId) add({ sql: `${alias}."OwnerId" = ?`, params: [query.ownerId] });
  if (query.search) {
    const contains = (column: string): string =>
      `instr(lower(COALESCE(${alias}."${column}", '')), ?) > 0`;
    add({
      sql: `(${contains('Name')} OR ${contains('Company')} OR ${contains('Email')})`,
      params: [query.search, query.search, query.search],
    });
  }
  const lead = catalog.object('Lead');
  if (lead) add(visibilityFilter(session, lead, alias));
  return { sql: parts.join(' AND '), params };
}
