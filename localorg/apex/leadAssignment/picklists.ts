/**
 * Lead picklists as the console shows them: statuses in picklist order with whether each is
 * closed (the local org has no LeadStatus object: a status is closed when it starts with
 * "Closed", as both seeded closed statuses do), and lead sources.
 */
import type { Catalog } from '../../catalog/index.ts';

export interface StatusOption {
  value: string;
  label: string;
  isClosed: boolean;
}

function picklistValues(catalog: Catalog, fieldName: string): string[] {
  const lead = catalog.object('Lead');
  const field = lead ? catalog.field(lead, fieldName) : undefined;
  return field?.picklistValues ?? [];
}

export function isClosedStatus(value: string): boolean {
  return /^closed\b/i.test(value);
}

export function leadStatuses(catalog: Catalog): StatusOption[] {
  return picklistValues(catalog, 'Status').map((value) => ({
    value,
    label: value,
    isClosed: isClosedStatus(value),
  }));
}

export function closedStatuses(catalog: Catalog): string[] {
  return picklistValues(catalog, 'Status').filter(isClosedStatus);
}

export function leadSources(catalog: Catalog): { value: string; label: string }[] {
  return picklistValues(catalog, 'LeadSource').map((value) => ({ value, label: value }));
}
