/**
 * Leads partners sent back from the partner lead inbox, in the lead-assignment console: which
 * lead, who declined it (and their account), why (the reason's label), their comment, who has
 * the lead now, and when. Reads LeadAssignmentController.getRecentDeclines when shown and on
 * Refresh; a failure shows in place and leaves the rest of the console alone.
 */
import { LightningElement, api } from 'lwc';
import getRecentDeclines from '@salesforce/apex/LeadAssignmentController.getRecentDeclines';
import type { DeclinedLead } from '../../../../../types/leadDeclines';

const DEFAULT_ROWS = 10;

export interface DeclineRow {
  key: string;
  leadName: string;
  company: string;
  byText: string;
  reasonText: string;
  comment: string | null;
  sentToText: string;
  whenText: string;
}

/** What a channel manager reads for one decline. */
export function toRow(decline: DeclinedLead): DeclineRow {
  const who = decline.declinedBy ?? 'A partner';
  return {
    key: decline.logId,
    leadName: decline.leadName ?? 'A lead you cannot see',
    company: decline.company ?? '',
    byText: decline.partnerAccount ? `${who} (${decline.partnerAccount})` : who,
    reasonText: decline.reasonLabel ?? decline.reason ?? 'No reason given',
    comment: decline.comment ?? null,
    sentToText: decline.sentToName ? `Now with ${decline.sentToName}` : 'Sent back',
    whenText: new Date(decline.declinedAt).toLocaleString(),
  };
}

function errorText(error: unknown): string {
  const body = (error as { body?: { message?: unknown } } | null)?.body;
  if (typeof body?.message === 'string' && body.message) return body.message;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message ? message : 'Something went wrong. Try again.';
}

export default class LeadDeclineLog extends LightningElement {
  /** How many of the newest declines to show (1 to 200). */
  @api maxRows: number = DEFAULT_ROWS;

  declines: DeclinedLead[] = [];
  loading = true;
  error: string | null = null;

  override connectedCallback(): void {
    this.load();
  }

  async load(): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      this.declines = (await getRecentDeclines({ request: { maxRows: this.maxRows } })) ?? [];
    } catch (error) {
      this.declines = [];
      this.error = errorText(error);
    } finally {
      this.loading = false;
    }
  }

  handleRefresh(): void {
    this.load();
  }

  get rows(): DeclineRow[] {
    return this.declines.map(toRow);
  }

  get hasRows(): boolean {
    return this.rows.length > 0;
  }

  get isEmpty(): boolean {
    return !this.loading && !this.error && this.declines.length === 0;
  }
}
