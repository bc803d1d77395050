/**
 * The leads an assignment covers: the Ids picked (checked one by one: malformed, duplicate, not
 * found or not visible) or every lead matching the filters, at most 10,000 either way.
 */
import type { Session } from '../../auth/session.ts';
import { normalizeId } from '../../ids.ts';
import type { LocalOrg } from '../../org.ts';
import { visibilityFilter } from '../../sharing.ts';
import type { UnplacedReason } from '../../../types/leadAssignment.d.ts';
import { fail } from './errors.ts';
import { leadWhere, readFilters } from './filters.ts';
import { isObject, stringListAt } from './input.ts';

export const MAX_SELECTION = 10_000;
// The same words as LeadAssignmentPlanner.cls.
const TOO_MANY_PICKED = 'Select at most 10,000 leads at a time.';
const TOO_MANY_MATCHING =
  'More than 10,000 leads match the filters. Narrow them down, or assign in several runs.';

export interface SelectedLead {
  id: string;
  name: string;
  company: string | null;
  ownerId: string;
}

export interface Selection {
  /** Leads in the selection after de-duplication (found or not). */
  total: number;
  /** Leads that can be assigned, in selection order. */
  leads: SelectedLead[];
  /** Picked Ids that cannot be: malformed, listed twice, not found. */
  unplaced: { leadId: string; reason: UnplacedReason }[];
}

const LEAD_COLUMNS = 'l."Id", l."Name", l."Company", l."OwnerId"';

function toLead(row: Record<string, unknown>): SelectedLead {
  return {
    id: String(row.Id),
    name: String(row.Name ?? ''),
    company: row.Company === null ? null : String(row.Company),
    ownerId: String(row.OwnerId),
  };
}

export function readSelection(org: LocalOrg, session: Session, value: unknown): Selection {
  if (value !== undefined && value !== null && !isObject(value)) {
    fail('selection must be an object.');
  }
  const selection = (value ?? {}) as Record<string, unknown>;
  const leadIds = stringListAt(selection, 'leadIds', 'selection.leadIds');
  if (leadIds) return pickedLeads(org, session, leadIds);
  if (selection.filters === undefined || selection.filters === null) {
    fail('Select leads, or choose all leads matching the filters.');
  }
  const where = leadWhere(
    org.catalog,
    session,
    readFilters(selection.filters, 'selection.filters'),
  );
  const count = Number(
    org.store.get(`SELECT COUNT(*) AS n FROM "Lead" l WHERE ${where.sql}`, ...where.params)?.n ?? 0,
  );
  if (count > MAX_SELECTION) fail(TOO_MANY_MATCHING);
  if (count === 0) fail('No lead matches the filters: change them, or select leads.');
  const leads = org.store
    .all(`SELECT ${LEAD_COLUMNS} FROM "Lead" l WHERE ${where.sql} ORDER BY l."Id"`, ...where.params)
    .map(toLead);
  return { total: leads.length, leads, unplaced: [] };
}

function pickedLeads(org: LocalOrg, session: Session, given: string[]): Selection {
  if (given.length > MAX_SELECTION) fail(TOO_MANY_PICKED);
  const unplaced: Selection['unplaced'] = [];
  const wanted: string[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const value of given) {
    const id = normalizeId(value.trim());
    if (!id?.startsWith('00Q')) {
      unplaced.push({ leadId: value, reason: 'INVALID_LEAD_ID' });
    } else if (seen.has(id)) {
      duplicates += 1;
      unplaced.push({ leadId: id, reason: 'DUPLICATE_LEAD' });
    } else {
      seen.add(id);
      wanted.push(id);
    }
  }
  const lead = org.catalog.object('Lead');
  const visible = lead ? visibilityFilter(session, lead, 'l') : null;
  const found = new Map(
    org.store
      .all(
        `SELECT ${LEAD_COLUMNS} FROM "Lead" l
          WHERE l."Id" IN (SELECT value FROM json_each(?)) AND l."IsDeleted" = 0 AND l."IsConverted" = 0
          ${visible ? `AND ${visible.sql}` : ''}`,
        JSON.stringify(wanted),
        ...(visible?.params ?? []),
      )
      .map((row) => [String(row.Id), toLead(row)]),
  );
  const leads: SelectedLead[] = [];
  for (const id of wanted) {
    const lead = found.get(id);
    if (lead) leads.push(lead);
    else unplaced.push({ leadId: id, reason: 'NOT_FOUND' });
  }
  return { total: given.length - duplicates, leads, unplaced };
}
