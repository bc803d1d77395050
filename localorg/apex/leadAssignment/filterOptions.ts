/** getFilterOptions: the lead statuses and sources the filters offer, and the countries in use. */
import type { Session } from '../../auth/session.ts';
import type { LocalOrg } from '../../org.ts';
import { visibilityFilter } from '../../sharing.ts';
import type { FilterOptions } from '../../../types/leadAssignment.d.ts';
import { leadSources, leadStatuses } from './picklists.ts';

export function getFilterOptions(org: LocalOrg, session: Session): FilterOptions {
  const lead = org.catalog.object('Lead');
  const visible = lead ? visibilityFilter(session, lead, 'l') : null;
  const countries = org.store
    .all(
      `SELECT DISTINCT l."Country" AS country FROM "Lead" l
        WHERE l."IsDeleted" = 0 AND l."IsConverted" = 0 AND COALESCE(l."Country", '') != ''
        ${visible ? `AND ${visible.sql}` : ''}
        ORDER BY l."Country"`,
      ...(visible?.params ?? []),
    )
    .map((row) => String(row.country));
  return {
    statuses: leadStatuses(org.catalog),
    sources: leadSources(org.catalog),
    countries,
  };
}
