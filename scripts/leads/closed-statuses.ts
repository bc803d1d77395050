/**
 * The lead statuses a --where leaves out unless --include-closed: the console's rule
 * (LeadSelector.isClosedStatus), read from the org's LeadStatus records.
 */
import type { Connection } from '@salesforce/core';

/** LeadStatus has no IsClosed: a status is closed when it converts the lead or says "Closed". */
export function isClosedStatus(value: string, isConverted: boolean): boolean {
  return isConverted || value.toLowerCase().startsWith('closed');
}

/** The API names of the org's closed lead statuses. */
export async function closedLeadStatuses(
  conn: Connection,
  countCall: () => void,
): Promise<string[]> {
  countCall();
  try {
    const statuses = await conn.query<{ ApiName: string; IsConverted: boolean }>(
      'SELECT ApiName, IsConverted FROM LeadStatus',
    );
    if (statuses.records.length > 0) {
      return statuses.records
        .filter((s) => isClosedStatus(s.ApiName, s.IsConverted))
        .map((s) => s.ApiName);
    }
  } catch (error) {
    if ((error as { errorCode?: string }).errorCode !== 'INVALID_TYPE') throw error;
  }
  // No LeadStatus object, or no rows in it (an org always has a converted status, so none means
  // they cannot be read; the local org has none): the values of Lead.Status, by name alone.
  countCall();
  const lead = await conn.describe('Lead');
  const status = lead.fields.find((f) => f.name === 'Status');
  return (status?.picklistValues ?? [])
    .map((v) => v.value)
    .filter((value) => isClosedStatus(value, false));
}
