// The partner lead inbox's contract: what each AuraEnabled method of PartnerLeadInboxController
// takes and returns (Apex: inner classes of PartnerLeadInboxTypes with the same field names).
// Every method but getReassignTargets takes one parameter, `request`. Ids are 18 characters.
// Properties that are null are absent from answers (Lightning drops them), hence the `?`.
// Errors are AuraHandledException messages a partner can act on.

export type InboxView = 'mine' | 'queues' | 'all';

export interface InboxRequest {
  view?: InboxView;
  /** One lead status (API name), or absent for any open status. */
  status?: string | null;
  /** Created within this many days. */
  maxAgeDays?: number | null;
  /** Created at least this many days ago. */
  minAgeDays?: number | null;
  /** Only my leads I have not opened (IsUnreadByOwner). */
  unreadOnly?: boolean;
  /** 1 to 200; 25 when absent. */
  pageSize?: number;
  /** nextCursor of the page before; absent for the first page. */
  cursor?: string | null;
}

export interface InboxLead {
  id: string;
  name: string;
  company?: string;
  email?: string;
  phone?: string;
  status: string;
  country?: string;
  /** ISO 8601. */
  createdDate: string;
  ageDays: number;
  ownerId: string;
  ownerName: string;
  /** Owned by one of my queues: I may accept it. */
  inQueue: boolean;
  /** Mine and not opened yet. */
  unread: boolean;
}

export interface InboxCounts {
  mine: number;
  queues: number;
  unread: number;
}

export interface Option {
  value: string;
  label: string;
}

export interface InboxPage {
  rows: InboxLead[];
  /** Absent on the last page. */
  nextCursor?: string;
  total: number;
  counts: InboxCounts;
  /** Lead statuses that do not convert, in the org's order. */
  statuses: Option[];
  /** The values of Lead_Assignment_Log__c.Decline_Reason__c. */
  declineReasons: Option[];
}

export interface LeadRequest {
  leadId: string;
}

export interface DeclineRequest {
  leadId: string;
  reason: string;
  comment?: string | null;
}

export interface StatusRequest {
  leadId: string;
  status: string;
}

export interface ReassignRequest {
  leadId: string;
  ownerId: string;
}

/** What an action did; accepted is false when another partner accepted the lead first. */
export interface ActionResult {
  leadId: string;
  accepted?: boolean;
  message?: string;
  ownerId?: string;
  ownerName?: string;
}

export interface Target {
  id: string;
  name: string;
  kind: 'user' | 'queue';
}

export interface PartnerLeadInboxApi {
  getInbox: { request: InboxRequest; result: InboxPage };
  acceptLead: { request: LeadRequest; result: ActionResult };
  declineLead: { request: DeclineRequest; result: ActionResult };
  markRead: { request: LeadRequest; result: ActionResult };
  updateStatus: { request: StatusRequest; result: ActionResult };
  reassignLead: { request: ReassignRequest; result: ActionResult };
}
