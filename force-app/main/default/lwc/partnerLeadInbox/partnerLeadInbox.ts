/**
 * Partner lead inbox, for partner users in the Experience Cloud site: the leads sent to me and to
 * my queues, with counts, filters (view, status, age, unread) and keyset paging. I accept a
 * queue's lead (of two partners accepting at once one wins; the other is told who has it),
 * decline a lead with a reason (it goes back where it came from, the reason on the assignment
 * log), mark my lead read and change its status. Every server call goes through
 * PartnerLeadInboxController (types/partnerLeadInbox.d.ts). Design attributes: pageSize and
 * defaultFilter (all, mine, queues or unread).
 */
import { LightningElement, api } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getInbox from '@salesforce/apex/PartnerLeadInboxController.getInbox';
import acceptLead from '@salesforce/apex/PartnerLeadInboxController.acceptLead';
import declineLead from '@salesforce/apex/PartnerLeadInboxController.declineLead';
import markRead from '@salesforce/apex/PartnerLeadInboxController.markRead';
import updateStatus from '@salesforce/apex/PartnerLeadInboxController.updateStatus';
import type {
  InboxCounts,
  InboxLead,
  InboxPage,
  InboxRequest,
  InboxView,
  Option,
} from '../../../../../types/partnerLeadInbox';
import { errorMessage } from './errors';

type Filter = InboxView | 'unread';

const FILTERS: Filter[] = ['all', 'mine', 'queues', 'unread'];
const DEFAULT_PAGE_SIZE = 25;

/** Age choices and the request fields each sets. */
const AGES: { value: string; label: string; maxAgeDays?: number; minAgeDays?: number }[] = [
  { value: '', label: 'Any age' },
  { value: 'week', label: 'Last 7 days', maxAgeDays: 7 },
  { value: 'month', label: 'Last 30 days', maxAgeDays: 30 },
  { value: 'older', label: 'Older than 30 days', minAgeDays: 30 },
];

export interface LeadRow extends InboxLead {
  ageText: string;
  ownerText: string;
  canDecline: boolean;
  canMarkRead: boolean;
  isMine: boolean;
  busy: boolean;
  acceptLabel: string;
  declineLabel: string;
  readLabel: string;
  statusLabel: string;
}

export function ageText(days: number): string {
  if (days <= 0) return 'Today';
  return days === 1 ? '1 day old' : `${days} days old`;
}

export default class PartnerLeadInbox extends LightningElement {
  /** Leads per page (1 to 200). */
  @api pageSize: number = DEFAULT_PAGE_SIZE;
  /** What the inbox shows first: all, mine, queues or unread. */
  @api defaultFilter: string = 'all';

  filter: Filter = 'all';
  status = '';
  age = '';
  loading = true;
  error: string | null = null;
  inbox: InboxPage | null = null;
  /** The cursors of the pages before this one (the first page's is null). */
  cursors: (string | null)[] = [];
  cursor: string | null = null;
  /** The last action's outcome, shown and announced. */
  notice: { text: string; variant: 'success' | 'warning' } | null = null;
  busyLeadId: string | null = null;
  declining: InboxLead | null = null;
  declineReason = '';
  declineComment = '';
  declineError: string | null = null;
  private requestNumber = 0;

  override connectedCallback(): void {
    this.filter = FILTERS.includes(this.defaultFilter as Filter)
      ? (this.defaultFilter as Filter)
      : 'all';
    this.load();
  }

  // ---------------------------------------------------------------------------------------
  // Reading
  // ---------------------------------------------------------------------------------------

  get effectivePageSize(): number {
    const size = Math.trunc(Number(this.pageSize));
    return Number.isFinite(size) && size >= 1 && size <= 200 ? size : DEFAULT_PAGE_SIZE;
  }

  request(): InboxRequest {
    const age = AGES.find((a) => a.value === this.age);
    return {
      view: this.filter === 'unread' ? 'mine' : this.filter,
      unreadOnly: this.filter === 'unread',
      status: this.status || null,
      maxAgeDays: age?.maxAgeDays ?? null,
      minAgeDays: age?.minAgeDays ?? null,
      pageSize: this.effectivePageSize,
      cursor: this.cursor,
    };
  }

  async load(): Promise<void> {
    const number = ++this.requestNumber;
    this.loading = true;
    this.error = null;
    try {
      const page = await getInbox({ request: this.request() });
      if (number !== this.requestNumber) return;
      this.inbox = page;
    } catch (error) {
      if (number !== this.requestNumber) return;
      this.error = errorMessage(error);
      this.inbox = null;
    } finally {
      if (number === this.requestNumber) this.loading = false;
    }
  }

  /** Back to the first page with the filters as they are now. */
  reload(): void {
    this.cursors = [];
    this.cursor = null;
    this.load();
  }

  get hasError(): boolean {
    return this.error !== null;
  }

  get showList(): boolean {
    return !this.error && (this.inbox?.rows.length ?? 0) > 0;
  }

  get isEmpty(): boolean {
    return !this.loading && !this.error && this.inbox !== null && this.inbox.rows.length === 0;
  }

  get emptyText(): string {
    const filtered = this.status !== '' || this.age !== '' || this.filter !== 'all';
    return filtered
      ? 'No leads match these filters.'
      : 'No leads for you right now. New leads from your channel manager appear here.';
  }

  get counts(): InboxCounts {
    return this.inbox?.counts ?? { mine: 0, queues: 0, unread: 0 };
  }

  get filterOptions(): Option[] {
    const c = this.counts;
    return [
      { value: 'all', label: `All (${c.mine + c.queues})` },
      { value: 'mine', label: `My leads (${c.mine})` },
      { value: 'queues', label: `My queues (${c.queues})` },
      { value: 'unread', label: `Unread (${c.unread})` },
    ];
  }

  get statusOptions(): Option[] {
    return [{ value: '', label: 'All statuses' }, ...(this.inbox?.statuses ?? [])];
  }

  get leadStatusOptions(): Option[] {
    return this.inbox?.statuses ?? [];
  }

  get ageOptions(): Option[] {
    return AGES.map(({ value, label }) => ({ value, label }));
  }

  get reasonOptions(): Option[] {
    return this.inbox?.declineReasons ?? [];
  }

  get rows(): LeadRow[] {
    return (this.inbox?.rows ?? []).map((lead) => {
      const isMine = !lead.inQueue;
      return {
        ...lead,
        ageText: ageText(lead.ageDays),
        ownerText: lead.inQueue ? `In queue ${lead.ownerName}` : 'Mine',
        isMine,
        canDecline: true,
        canMarkRead: isMine && lead.unread,
        busy: this.busyLeadId === lead.id,
        acceptLabel: `Accept ${lead.name}`,
        declineLabel: `Decline ${lead.name}`,
        readLabel: `Mark ${lead.name} as read`,
        statusLabel: `Status of ${lead.name}`,
      };
    });
  }

  get pageText(): string {
    const total = this.inbox?.total ?? 0;
    const number = this.cursors.length + 1;
    return `Page ${number} · ${total} ${total === 1 ? 'lead' : 'leads'}`;
  }

  get hasPrevious(): boolean {
    return this.cursors.length > 0;
  }

  get noPrevious(): boolean {
    return this.loading || !this.hasPrevious;
  }

  get noNext(): boolean {
    return this.loading || !this.inbox?.nextCursor;
  }

  get showPaging(): boolean {
    return this.showList && (this.hasPrevious || Boolean(this.inbox?.nextCursor));
  }

  get noticeText(): string {
    return this.notice?.text ?? '';
  }

  get noticeClass(): string {
    const theme = this.notice?.variant === 'warning' ? 'slds-theme_warning' : 'slds-theme_success';
    return `slds-notify slds-notify_alert slds-m-bottom_small ${theme}`;
  }

  // ---------------------------------------------------------------------------------------
  // Filters and paging
  // ---------------------------------------------------------------------------------------

  handleFilter(event: CustomEvent<{ value: string }>): void {
    this.filter = event.detail.value as Filter;
    this.reload();
  }

  handleStatusFilter(event: CustomEvent<{ value: string }>): void {
    this.status = event.detail.value;
    this.reload();
  }

  handleAge(event: CustomEvent<{ value: string }>): void {
    this.age = event.detail.value;
    this.reload();
  }

  handleNext(): void {
    if (!this.inbox?.nextCursor) return;
    this.cursors = [...this.cursors, this.cursor];
    this.cursor = this.inbox.nextCursor;
    this.load();
  }

  handlePrevious(): void {
    if (!this.hasPrevious) return;
    this.cursor = this.cursors[this.cursors.length - 1];
    this.cursors = this.cursors.slice(0, -1);
    this.load();
  }

  handleRetry(): void {
    this.load();
  }

  // ---------------------------------------------------------------------------------------
  // Actions
  // ---------------------------------------------------------------------------------------

  private leadOf(event: Event): InboxLead | undefined {
    const id = (event.currentTarget as HTMLElement).dataset.leadId;
    return this.inbox?.rows.find((row) => row.id === id);
  }

  private tell(text: string, variant: 'success' | 'warning' | 'error'): void {
    this.notice = variant === 'error' ? null : { text, variant };
    this.dispatchEvent(
      new ShowToastEvent({
        title: variant === 'error' ? 'That did not work' : text,
        message: variant === 'error' ? text : '',
        variant,
      }),
    );
  }

  /** Runs one action on a lead, then reads the page again. */
  private async act(leadId: string, action: () => Promise<void>): Promise<void> {
    this.busyLeadId = leadId;
    try {
      await action();
    } catch (error) {
      this.tell(errorMessage(error), 'error');
    } finally {
      this.busyLeadId = null;
    }
    await this.load();
  }

  handleAccept(event: Event): void {
    const lead = this.leadOf(event);
    if (!lead) return;
    this.act(lead.id, async () => {
      const result = await acceptLead({ request: { leadId: lead.id } });
      const text = result.message ?? (result.accepted ? 'Accepted.' : 'Someone was faster.');
      this.tell(text, result.accepted ? 'success' : 'warning');
    });
  }

  handleMarkRead(event: Event): void {
    const lead = this.leadOf(event);
    if (!lead) return;
    this.act(lead.id, async () => {
      await markRead({ request: { leadId: lead.id } });
      this.tell(`${lead.name} is marked as read.`, 'success');
    });
  }

  handleLeadStatus(event: CustomEvent<{ value: string }>): void {
    const lead = this.leadOf(event);
    if (!lead) return;
    const status = event.detail.value;
    this.act(lead.id, async () => {
      const result = await updateStatus({ request: { leadId: lead.id, status } });
      this.tell(result.message ?? `${lead.name} is ${status} now.`, 'success');
    });
  }

  // Decline: a dialog asks for the reason (required) and a comment.

  get declineTitle(): string {
    return this.declining ? `Decline ${this.declining.name}` : '';
  }

  get noDeclineReason(): boolean {
    return this.declineReason === '' || this.busyLeadId !== null;
  }

  handleDecline(event: Event): void {
    const lead = this.leadOf(event);
    if (!lead) return;
    this.declining = lead;
    this.declineReason = '';
    this.declineComment = '';
    this.declineError = null;
  }

  handleDeclineReason(event: CustomEvent<{ value: string }>): void {
    this.declineReason = event.detail.value;
  }

  handleDeclineComment(event: CustomEvent<{ value: string }>): void {
    this.declineComment = event.detail.value;
  }

  handleDeclineCancel(): void {
    this.declining = null;
  }

  handleDialogKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') this.declining = null;
  }

  async handleDeclineConfirm(): Promise<void> {
    const lead = this.declining;
    if (!lead || this.declineReason === '') return;
    this.busyLeadId = lead.id;
    this.declineError = null;
    try {
      const result = await declineLead({
        request: {
          leadId: lead.id,
          reason: this.declineReason,
          comment: this.declineComment.trim() || null,
        },
      });
      this.declining = null;
      this.tell(result.message ?? `You declined ${lead.name}.`, 'success');
    } catch (error) {
      this.declineError = errorMessage(error);
    } finally {
      this.busyLeadId = null;
    }
    if (!this.declining) await this.load();
  }

  override renderedCallback(): void {
    // An open dialog takes the focus (its reason first) until it closes.
    const template = this.template;
    if (!this.declining || !template) return;
    const dialog = template.querySelector<HTMLElement>('[data-id="decline-dialog"]');
    if (dialog && !dialog.contains(template.activeElement)) {
      template.querySelector<HTMLElement>('[data-id="decline-reason"]')?.focus();
    }
  }
}
