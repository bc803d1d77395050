// The lead-assignment console's contract: what each AuraEnabled method of LeadAssignmentController
// takes and returns. The component, the Apex classes (inner classes of LeadAssignmentTypes with
// the same field names) and the local org's TypeScript twins all follow it; the JSON fixtures in
// staticresources/LeadAssignmentContract.json hold examples of every shape.
//
// Every method takes one parameter, `request`. Ids are 18 characters in responses. Dates are ISO
// strings: `YYYY-MM-DD` for filters, full date-times (UTC, `Z`) in rows. Errors are
// AuraHandledException messages a channel manager can act on (see `ContractError`).

/**
 * Owner kinds a lead list can be filtered by. Overlapping on purpose, as a channel manager thinks:
 * - `user`: an active internal user;
 * - `partner`: a partner user, or a partner queue (a queue with at least one partner user member);
 * - `queue`: any queue;
 * - `unassigned`: a queue with no partner user member (the default owner, regional pools) or an
 *   inactive user: leads nobody outside is working.
 */
export type LeadOwnerFilter = 'any' | 'user' | 'partner' | 'queue' | 'unassigned';

export interface LeadFilters {
  statuses?: string[] | null;
  sources?: string[] | null;
  countries?: string[] | null;
  states?: string[] | null;
  /** Inclusive, `YYYY-MM-DD`, in UTC. */
  createdFrom?: string | null;
  /** Inclusive, `YYYY-MM-DD`, in UTC. */
  createdTo?: string | null;
  ownerKind?: LeadOwnerFilter | null;
  /** One specific owner (005 or 00G). */
  ownerId?: string | null;
  /** Free text: matches name, company or e-mail (contains, case-insensitive). At least 2 characters. */
  search?: string | null;
  /** Converted leads are never listed; open leads only unless this is true. */
  includeClosed?: boolean | null;
}

export type LeadSortField = 'CreatedDate' | 'Name' | 'Company' | 'Status' | 'Country' | 'OwnerName';
export type SortDirection = 'asc' | 'desc';

export interface LeadSearchRequest {
  filters: LeadFilters;
  sortBy?: LeadSortField | null;
  sortDirection?: SortDirection | null;
  /** 1..200, default 50. */
  pageSize?: number | null;
  /**
   * Keyset paging: the `nextCursor` of the previous page (opaque to the caller; it encodes the last
   * row's sort value and Id). Never OFFSET, which stops at 2,000.
   */
  cursor?: string | null;
}

export type OwnerType = 'partnerUser' | 'partnerQueue' | 'internalUser' | 'internalQueue';

export interface LeadRow {
  id: string;
  name: string;
  company?: string | null;
  email?: string | null;
  status: string;
  leadSource?: string | null;
  country?: string | null;
  state?: string | null;
  createdDate: string;
  ownerId: string;
  ownerName: string;
  ownerType: OwnerType;
}

export interface LeadPage {
  rows: LeadRow[];
  /** All leads matching the filters (not only this page). */
  totalCount: number;
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor?: string | null;
}

/** Why an owner cannot take leads (`reasons`, blocking) or deserves a look (`warnings`). */
export type OwnerIssueCode =
  | 'INACTIVE_USER'
  | 'NO_LICENSE'
  | 'NEVER_LOGGED_IN'
  | 'NOT_SITE_MEMBER'
  | 'QUEUE_NOT_FOR_LEADS'
  | 'ZERO_WEIGHT'
  | 'AT_CAPACITY';

export interface OwnerIssue {
  code: OwnerIssueCode;
  /** A sentence for the channel manager, e.g. "Never logged in to Partner Central." */
  message: string;
}

export interface OwnerCandidatesRequest {
  /** Default: all four. */
  types?: OwnerType[] | null;
  /** Contains, case-insensitive, on the user's or queue's name, or the partner account's name. */
  search?: string | null;
  /** Inactive users and queues that do not take leads are listed too (not eligible) unless false. */
  includeIneligible?: boolean | null;
}

export interface OwnerCandidate {
  id: string;
  name: string;
  type: OwnerType;
  /**
   * Partner users: their account. Partner queues: the one partner account of their partner-user
   * members; null when the members belong to two or more partner accounts (a shared queue).
   */
  accountId?: string | null;
  accountName?: string | null;
  /**
   * A shared partner queue (partner members of two or more partner accounts, so each partner
   * sees the others' leads): those accounts' names, by name; null otherwise.
   */
  sharedAccountNames?: string[] | null;
  /** Users: username; queues: null. */
  username?: string | null;
  eligible: boolean;
  reasons: OwnerIssue[];
  warnings: OwnerIssue[];
  /** Open (unconverted, not closed) leads the owner holds now. */
  openLeadCount: number;
}

export type AssignmentMethod =
  'owner' | 'queue' | 'roundRobin' | 'weighted' | 'leastLoaded' | 'assignmentRule';

/** A selection: the rows picked, or everything matching the filters (the console's "all N"). */
export interface LeadSelection {
  leadIds?: string[] | null;
  filters?: LeadFilters | null;
}

export interface PoolMember {
  ownerId: string;
  /** Weighted round robin only; whole number >= 0, default 1. */
  weight?: number | null;
  /** Least-loaded (and any method): most open leads the owner may hold after the change. */
  cap?: number | null;
}

export interface AssignmentRequest {
  selection: LeadSelection;
  method: AssignmentMethod;
  /** owner/queue: exactly one member; round robin and least-loaded: one or more; rules: none. */
  pool?: PoolMember[] | null;
  /** `assignmentRule` only: an AssignmentRule Id; null means the active rule. */
  assignmentRuleId?: string | null;
  /** Send Salesforce's owner-change e-mail (DMLOptions.EmailHeader.triggerUserEmail). */
  notify?: boolean | null;
  /** Treat partner warnings (never logged in, not a site member) as blocking. */
  strictEligibility?: boolean | null;
  /**
   * `roundRobin` only: start where the last run with the same owners (in any order) stopped,
   * unless it was undone. Null or true: continue; false: start with the first owner.
   */
  continueRotation?: boolean | null;
}

/** `UNCHANGED`: the lead already has its planned owner; it is shown, never written or logged. */
export type PlanReason =
  'DIRECT' | 'ROUND_ROBIN' | 'WEIGHTED' | 'LEAST_LOADED' | 'ASSIGNMENT_RULE' | 'UNCHANGED';
export type UnplacedReason =
  | 'INVALID_LEAD_ID'
  | 'DUPLICATE_LEAD'
  | 'NOT_FOUND'
  | 'NO_ELIGIBLE_OWNER'
  | 'ALL_OWNERS_AT_CAPACITY';

export interface PlannedAssignment {
  leadId: string;
  leadName: string;
  company?: string | null;
  oldOwnerId: string;
  oldOwnerName: string;
  /** Null for `assignmentRule`: the rule decides when the change is applied. */
  newOwnerId?: string | null;
  newOwnerName?: string | null;
  reason: PlanReason;
}

export interface PlanOwnerSummary {
  ownerId: string;
  name: string;
  type: OwnerType;
  eligible: boolean;
  reasons: OwnerIssue[];
  warnings: OwnerIssue[];
  weight: number;
  cap?: number | null;
  loadBefore: number;
  /** Leads that change owner to this one (real changes only). */
  assigned: number;
  /** Leads planned for this owner that already have it: shown, never written. */
  unchanged: number;
  /** loadBefore + assigned, less the selected leads it holds that go to another pool owner. */
  loadAfter: number;
}

export interface AssignmentPlan {
  method: AssignmentMethod;
  /** Leads in the selection (after de-duplication). */
  total: number;
  /** The first 2,000 planned rows, for display; `total` counts them all. */
  assignments: PlannedAssignment[];
  unplaced: { leadId: string; reason: UnplacedReason }[];
  owners: PlanOwnerSummary[];
  /** Leads whose owner the plan changes: what applying writes and logs. */
  toChange: number;
  /** Leads already with their planned owner (reason `UNCHANGED`): never written or logged. */
  unchanged: number;
  /** Above the synchronous limit (200 changes), applying runs as Batch Apex with progress. */
  runsAsBatch: boolean;
  /** `roundRobin` only: where the rotation starts; null for the other methods. */
  rotation?: RotationStart | null;
}

/** Whose turn is first in a round robin, and the earlier run whose rotation it continues. */
export interface RotationStart {
  /** The owner of the first lead (the saved turn, or the next eligible owner after it). */
  ownerId: string;
  ownerName: string;
  /** The batch (same owners, not undone) this run continues; null when it starts afresh. */
  continuesBatchId?: string | null;
}

export type BatchStatus = 'Queued' | 'Processing' | 'Completed' | 'CompletedWithErrors' | 'Failed';
export type RowStatus = 'Success' | 'Failed' | 'Undone';

export interface AssignmentResultRow {
  leadId: string;
  leadName: string;
  oldOwnerId: string;
  /** The owner the lead has after the change (for rules: the one the rule chose). */
  newOwnerId?: string | null;
  status: RowStatus;
  /** Salesforce's status code and message on failure, e.g. "TRANSFER_REQUIRES_READ: ...". */
  error?: string | null;
  /** getBatchResults only: the owners' names (null when the owner is gone or hidden from you). */
  oldOwnerName?: string | null;
  newOwnerName?: string | null;
}

export interface AssignmentBatch {
  /** Lead_Assignment_Batch__c Id. */
  batchId: string;
  method: AssignmentMethod | 'undo';
  status: BatchStatus;
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
  notify: boolean;
  createdDate: string;
  createdByName: string;
  /** The batch this one undid, for undo batches. */
  undoOfBatchId?: string | null;
  /** False once undone, or when nothing succeeded. */
  canUndo: boolean;
}

export interface ApplyResult {
  batch: AssignmentBatch;
  /** Synchronous runs: every row; batch runs: empty until finished (see getBatchResults). */
  rows: AssignmentResultRow[];
  /** Leads of the selection already with their planned owner: left alone, not in the batch. */
  unchanged: number;
}

export interface BatchRequest {
  batchId: string;
}

export interface BatchResultsRequest {
  batchId: string;
  /** Only failed rows (for "retry failed"). */
  failedOnly?: boolean | null;
  /** 1..2000, default 200. */
  pageSize?: number | null;
  /** The `nextCursor` of the previous page. */
  cursor?: string | null;
}

export interface BatchResultsPage {
  rows: AssignmentResultRow[];
  nextCursor?: string | null;
}

export interface BatchHistoryRequest {
  /** 1..50, default 20. */
  pageSize?: number | null;
  /** The `nextCursor` of the previous page (keyset: the last batch's date and Id). */
  cursor?: string | null;
}

/**
 * The console's batches the user can see (their own and, through the role hierarchy, their
 * team's), newest first; the partner inbox's accept and decline batches are not listed.
 */
export interface BatchHistoryPage {
  rows: AssignmentBatch[];
  nextCursor?: string | null;
}

/** Whether undoing a batch would still restore anything (getUndoCheck). */
export interface UndoCheck {
  batchId: string;
  /** `canUndo` of the batch, it is finished, and at least one lead is still in place. */
  canUndo: boolean;
  /** Leads the batch changed that still have the owner it gave them: an undo restores these. */
  stillInPlace: number;
  /** Leads that have another owner since, or are gone: an undo leaves them, reported as failed. */
  movedSince: number;
}

/**
 * The AuraHandledException body a failed call rejects with (`error.body.message` in the component).
 * The twins answer HTTP 400 with this JSON; the preview's bridge rejects with `{ body, status }` as
 * Lightning does.
 */
export interface ContractError {
  message: string;
  exceptionType: 'System.AuraHandledException';
}

export interface FilterOptions {
  /** Lead Status picklist values, in picklist order, with whether each is closed/converted. */
  statuses: { value: string; label: string; isClosed: boolean }[];
  sources: { value: string; label: string }[];
  /** Countries present on leads, sorted. */
  countries: string[];
  /**
   * Whether the running user may plan and apply assignments (the manager's permission set, or
   * an admin). When false the console offers no assign panel, only a read-only view saying why.
   */
  canAssign: boolean;
  /** When `canAssign` is false: what the user needs, in the words applying would refuse with. */
  readOnlyReason?: string | null;
}

export interface RecentBatchesRequest {
  /** 1..50, default 10; newest first, the running user's batches only. */
  limit?: number | null;
}

/** A lead assignment rule to choose from. */
export interface AssignmentRuleOption {
  id: string;
  name: string;
  active: boolean;
}

/** Every method of LeadAssignmentController, by name: its `request` and its result. */
export interface LeadAssignmentApi {
  getFilterOptions: { request: Record<string, never>; result: FilterOptions };
  /** The lead assignment rules the user can see: the active one first, then the others by name. */
  getAssignmentRules: { request: Record<string, never>; result: AssignmentRuleOption[] };
  searchLeads: { request: LeadSearchRequest; result: LeadPage };
  getOwnerCandidates: { request: OwnerCandidatesRequest; result: OwnerCandidate[] };
  planAssignment: { request: AssignmentRequest; result: AssignmentPlan };
  applyAssignment: { request: AssignmentRequest; result: ApplyResult };
  getBatch: { request: BatchRequest; result: AssignmentBatch };
  getBatchResults: { request: BatchResultsRequest; result: BatchResultsPage };
  getRecentBatches: { request: RecentBatchesRequest; result: AssignmentBatch[] };
  getBatchHistory: { request: BatchHistoryRequest; result: BatchHistoryPage };
  getUndoCheck: { request: BatchRequest; result: UndoCheck };
  undoBatch: { request: BatchRequest; result: ApplyResult };
}
