/**
 * searchLeads: one page of the lead list with keyset paging (never OFFSET): the rows after the
 * cursor's (sort value, Id) in the chosen order, the total of all matches, and the next cursor.
 */
import type { Session } from '../../auth/session.ts';
import type { LocalOrg } from '../../org.ts';
import type { Row, SqlValue } from '../../store/store.ts';
import type {
  LeadPage,
  LeadRow,
  LeadSortField,
  SortDirection,
} from '../../../types/leadAssignment.d.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { LIST_CHANGED_MESSAGE, fail } from './errors.ts';
import { leadWhere, readFilters } from './filters.ts';
import { boundedInt, stringAt } from './input.ts';
import type { JsonObject } from './input.ts';
import { loadOwners } from './owners.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

const text = (column: string): string => `COALESCE(l."${column}", '') COLLATE NOCASE`;

/** Sort keys; text sorts ignore case and put empty values first, as SOQL's ASC NULLS FIRST. */
const SORT_SQL: Record<LeadSortField, string> = {
  CreatedDate: 'l."CreatedDate"',
  Name: text('Name'),
  Company: text('Company'),
  Status: text('Status'),
  Country: text('Country'),
  OwnerName: `COALESCE((SELECT su."Name" FROM "User" su WHERE su."Id" = l."OwnerId"),
    (SELECT sg."Name" FROM "Group" sg WHERE sg."Id" = l."OwnerId"), '') COLLATE NOCASE`,
};

/** Stored date-times (`...+0000`) as the contract's UTC strings (`...Z`). */
export function isoDateTime(stored: unknown): string {
  return String(stored).replace(/\+0000$/, 'Z');
}

function storedDateTime(iso: string): string | null {
  const m = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.exec(iso);
  return m ? iso.replace(/Z$/, '+0000') : null;
}

interface SearchQuery {
  sortBy: LeadSortField;
  direction: SortDirection;
  pageSize: number;
}

function readSort(request: JsonObject): SearchQuery {
  const sortBy = stringAt(request, 'sortBy', 'sortBy') ?? 'CreatedDate';
  if (!(sortBy in SORT_SQL)) {
    fail(
      `Unknown sort field "${sortBy}". Use CreatedDate, Name, Company, Status, Country or OwnerName.`,
    );
  }
  const direction =
    stringAt(request, 'sortDirection', 'sortDirection') ??
    (sortBy === 'CreatedDate' ? 'desc' : 'asc');
  if (direction !== 'asc' && direction !== 'desc') {
    fail(`Unknown sort direction "${direction}". Use asc or desc.`);
  }
  const pageSize =
    boundedInt(request, 'pageSize', 1, MAX_PAGE_SIZE, 'Page size must be between 1 and 200.') ??
    DEFAULT_PAGE_SIZE;
  return { sortBy: sortBy as LeadSortField, direction, pageSize };
}

export function searchLeads(org: LocalOrg, session: Session, request: JsonObject): LeadPage {
  const filters = readFilters(request.filters);
  const { sortBy, direction, pageSize } = readSort(request);
  const where = leadWhere(org.catalog, session, filters, 'l', true);
  const counted = leadWhere(org.catalog, session, filters);
  const sortSql = SORT_SQL[sortBy];
  const cursorText = stringAt(request, 'cursor', 'cursor');
  const params: SqlValue[] = [...where.params];
  let after = '';
  if (cursorText) {
    const cursor = decodeCursor(cursorText, '00Q');
    let value = cursor.v ?? '';
    if (sortBy === 'CreatedDate') value = storedDateTime(value) ?? fail(LIST_CHANGED_MESSAGE);
    after = ` AND (${sortSql}, l."Id") ${direction === 'asc' ? '>' : '<'} (?, ?)`;
    params.push(value, cursor.id);
  }
  const dir = direction === 'asc' ? 'ASC' : 'DESC';
  const rows = org.store.all(
    `SELECT l."Id", l."Name", l."Company", l."Email", l."Status", l."LeadSource", l."Country",
            l."State", l."CreatedDate", l."OwnerId", ${sortSql} AS sortValue
       FROM "Lead" l
      WHERE ${where.sql}${after}
      ORDER BY ${sortSql} ${dir}, l."Id" ${dir}
      LIMIT ?`,
    ...params,
    pageSize + 1,
  );
  const total = org.store.get(
    `SELECT COUNT(*) AS n FROM "Lead" l WHERE ${counted.sql}`,
    ...counted.params,
  );
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  const nextCursor =
    rows.length > pageSize && last
      ? encodeCursor({
          v: sortBy === 'CreatedDate' ? isoDateTime(last.sortValue) : String(last.sortValue),
          id: String(last.Id),
        })
      : null;
  return { rows: leadRows(org, page), totalCount: Number(total?.n ?? 0), nextCursor };
}

const nullable = (value: unknown): string | null => (value === null ? null : String(value));

/** Stored lead rows as LeadRows, with their owners' names and console types. */
export function leadRows(org: LocalOrg, rows: Row[]): LeadRow[] {
  const owners = loadOwners(org.store, [...new Set(rows.map((r) => String(r.OwnerId)))]);
  return rows.map((row) => {
    const ownerId = String(row.OwnerId);
    const owner = owners.get(ownerId);
    return {
      id: String(row.Id),
      name: String(row.Name ?? ''),
      company: nullable(row.Company),
      email: nullable(row.Email),
      status: String(row.Status ?? ''),
      leadSource: nullable(row.LeadSource),
      country: nullable(row.Country),
      state: nullable(row.State),
      createdDate: isoDateTime(row.CreatedDate),
      ownerId,
      ownerName: owner?.name ?? '',
      ownerType: owner?.type ?? (ownerId.startsWith('00G') ? 'internalQueue' : 'internalUser'),
    };
  });
}
