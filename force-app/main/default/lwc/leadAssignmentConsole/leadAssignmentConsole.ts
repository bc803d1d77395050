/**
 * Lead-assignment console: a channel manager filters leads, selects rows or everything matching,
 * chooses a method and a pool of owners, previews the plan (per owner and per lead), applies it
 * (with progress when it runs as Batch Apex), retries failures and undoes the last batch. Every
 * server call goes through LeadAssignmentController (types/leadAssignment.d.ts).
 */
import { LightningElement } from 'lwc';
import { ShowToastEvent, type ShowToastEventDetail } from 'lightning/platformShowToastEvent';
import getFilterOptions from '@salesforce/apex/LeadAssignmentController.getFilterOptions';
import searchLeads from '@salesforce/apex/LeadAssignmentController.searchLeads';
import getOwnerCandidates from '@salesforce/apex/LeadAssignmentController.getOwnerCandidates';
import planAssignment from '@salesforce/apex/LeadAssignmentController.planAssignment';
import applyAssignment from '@salesforce/apex/LeadAssignmentController.applyAssignment';
import getBatch from '@salesforce/apex/LeadAssignmentController.getBatch';
import getBatchResults from '@salesforce/apex/LeadAssignmentController.getBatchResults';
import getRecentBatches from '@salesforce/apex/LeadAssignmentController.getRecentBatches';
import undoBatch from '@salesforce/apex/LeadAssignmentController.undoBatch';
import getBatchHistory from '@salesforce/apex/LeadAssignmentController.getBatchHistory';
import getUndoCheck from '@salesforce/apex/LeadAssignmentController.getUndoCheck';
import getAssignmentRules from '@salesforce/apex/LeadAssignmentController.getAssignmentRules';
import type { OwnerSelectDetail, OwnerValueDetail } from 'c/leadOwnerPoolPicker';
import type { LookupSearchDetail, LookupSelectDetail } from 'c/leadOwnerLookup';
import type {
  ApplyResult,
  AssignmentBatch,
  AssignmentMethod,
  AssignmentRequest,
  AssignmentResultRow,
  AssignmentRuleOption,
  BatchResultsPage,
  FilterOptions,
  LeadFilters,
  LeadRow,
  OwnerCandidate,
  SortDirection,
  UndoCheck,
} from '../../../../../types/leadAssignment';
import {
  ACTIVE_RULE,
  assignmentProblem,
  isMethod,
  METHOD_OPTIONS,
  methodDescription,
  poolArity,
  poolForMethod,
  ruleOptions,
  selectionSize,
  toAssignmentRequest,
  toggleMember,
  updateMember,
  usesCaps,
  usesWeights,
  type AssignmentDraft,
  type ConsoleSelection,
  type PoolDraftMember,
} from './assignment';
import {
  batchSummary,
  batchTitle,
  canRetry,
  failedRows,
  isFinished,
  isUndoable,
  POLL_INTERVAL_MS,
  progressPercent,
  toastFor,
} from './batches';
import {
  BATCH_RESULT_COLUMNS,
  FAILURE_COLUMNS,
  LEAD_COLUMNS,
  OWNER_TYPE_LABELS,
  PLAN_LEAD_COLUMNS,
  PLAN_OWNER_COLUMNS,
  sortFieldOf,
} from './columns';
import { errorMessage } from './errors';
import {
  countryOptions,
  EMPTY_FORM,
  filterProblem,
  isFiltered,
  isOwnerKind,
  OWNER_KIND_OPTIONS,
  sourceOptions,
  statusHint,
  statusOptions,
  toLeadFilters,
  withIncludeClosed,
  type FilterForm,
  type FilterProblem,
} from './filters';
import { formatCount, formatNumber } from './format';
import {
  isOwnerSearchable,
  NO_OWNER_SEARCH,
  ownerLookupOptions,
  ownerSearchMessage,
  type OwnerSearch,
} from './ownerFilter';
import {
  DETAIL_PAGE_SIZE,
  detailRow,
  HISTORY_PAGE_SIZE,
  historyRow,
  statusText,
  undoCheckText,
  whenText,
  type DetailRow,
} from './history';
import { planView, type PlanView } from './plan';
import { poolOptions } from './poolOptions';

const PAGE_SIZE = 50;
const SEARCH_DEBOUNCE_MS = 300;
const RESULTS_PAGE_SIZE = 200;
const RECENT_BATCHES = 10;

type LeadTableRow = LeadRow & { ownerTypeLabel: string };

const toTableRows = (rows: LeadRow[]): LeadTableRow[] =>
  rows.map((row) => ({ ...row, ownerTypeLabel: OWNER_TYPE_LABELS[row.ownerType] }));

type ValueEvent<T = string> = CustomEvent<{ value: T }>;
type CheckedEvent = CustomEvent<{ checked: boolean }>;

export default class LeadAssignmentConsole extends LightningElement {
  // Filter bar
  filterOptions: FilterOptions | null = null;
  filterOptionsError: string | null = null;
  /** Why the filter choices (and so the user's rights) could not be read, as the server said. */
  accessError: string | null = null;
  form: FilterForm = { ...EMPTY_FORM, statuses: [] };
  filterError: FilterProblem | null = null;
  ownerSearch: OwnerSearch = { ...NO_OWNER_SEARCH };

  // Lead list
  /** Loaded rows, with the owner type's label for the table. */
  rows: LeadTableRow[] = [];
  totalCount = 0;
  nextCursor: string | null = null;
  /** The filters the loaded rows match (what "select all matching" selects). */
  listFilters: LeadFilters = toLeadFilters(EMPTY_FORM);
  sortedBy = 'createdDate';
  sortedDirection: SortDirection = 'desc';
  listLoading = false;
  loadingMore = false;
  listError: string | null = null;
  selection: ConsoleSelection = { mode: 'rows', leadIds: [] };

  // Assignment panel
  candidates: OwnerCandidate[] = [];
  candidatesLoading = false;
  candidatesError: string | null = null;
  method: AssignmentMethod = 'roundRobin';
  pool: PoolDraftMember[] = [];
  notify = false;
  strictEligibility = false;
  assignmentRuleId = '';
  continueRotation = true;
  /** Lead assignment rules, read when the method is first set to the assignment rule. */
  rules: AssignmentRuleOption[] | null = null;
  rulesLoading = false;
  rulesError: string | null = null;

  // Preview
  planView: PlanView | null = null;
  plannedRequest: AssignmentRequest | null = null;
  planIsRetry = false;
  planning = false;
  planError: string | null = null;

  // Apply, results and undo
  applying = false;
  undoing = false;
  batch: AssignmentBatch | null = null;
  /** Leads of the last apply that already had their planned owner (not in the batch). */
  unchangedInRun = 0;
  failures: AssignmentResultRow[] = [];
  resultsError: string | null = null;
  pollStalled = false;
  lastBatch: AssignmentBatch | null = null;
  recentError: string | null = null;

  // Batches: the history of past batches, and one opened
  historyOpen = false;
  historyLoading = false;
  historyError: string | null = null;
  historyBatches: AssignmentBatch[] = [];
  historyCursor: string | null = null;
  openedBatch: AssignmentBatch | null = null;
  openedCheck: UndoCheck | null = null;
  openedRows: DetailRow[] = [];
  openedCursor: string | null = null;
  openedLoading = false;
  openedError: string | null = null;

  announcement = '';

  private connected = false;
  private listRequest = 0;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private ownerSearchTimer: ReturnType<typeof setTimeout> | undefined;
  private ownerSearchRequest = 0;
  private focusTarget: string | null = null;
  private historyRequest = 0;

  override connectedCallback() {
    this.connected = true;
    this.loadFilterOptions();
    this.loadCandidates();
    this.loadRecentBatches();
    this.loadFirstPage();
  }

  override disconnectedCallback() {
    this.connected = false;
    clearTimeout(this.pollTimer);
    clearTimeout(this.searchTimer);
    clearTimeout(this.ownerSearchTimer);
  }

  override renderedCallback() {
    if (!this.focusTarget) return;
    const target = this.template?.querySelector<HTMLElement>(`[data-focus="${this.focusTarget}"]`);
    if (target) {
      target.focus();
      this.focusTarget = null;
    }
  }

  // ---- Loading --------------------------------------------------------------------------------

  async loadFilterOptions() {
    try {
      this.filterOptions = await getFilterOptions({ request: {} });
      this.filterOptionsError = null;
      this.accessError = null;
    } catch (error) {
      this.accessError = errorMessage(error);
      this.filterOptionsError = `Filter choices could not be loaded: ${this.accessError}`;
    }
  }

  async loadCandidates() {
    this.candidatesLoading = true;
    try {
      this.candidates = await getOwnerCandidates({
        request: { types: null, search: null, includeIneligible: true },
      });
      this.candidatesError = null;
    } catch (error) {
      this.candidatesError = `Owners could not be loaded: ${errorMessage(error)}`;
    } finally {
      this.candidatesLoading = false;
    }
  }

  /** The newest batch: offered for undo, or followed again if still running after a reload. */
  async loadRecentBatches() {
    try {
      const [latest] = await getRecentBatches({ request: { limit: RECENT_BATCHES } });
      this.recentError = null;
      if (!latest || !this.connected) return;
      if (isFinished(latest)) {
        this.lastBatch = latest;
      } else if (!this.batch) {
        this.batch = latest;
        this.schedulePoll(latest.batchId);
      }
    } catch (error) {
      this.recentError = `Recent batches could not be loaded: ${errorMessage(error)}`;
    }
  }

  /** Loads the first page for the filter bar; a later call wins over one still in flight. */
  async loadFirstPage() {
    clearTimeout(this.searchTimer);
    this.filterError = filterProblem(this.form);
    if (this.filterError) return;
    const filters = toLeadFilters(this.form);
    const request = ++this.listRequest;
    this.listLoading = true;
    this.loadingMore = false;
    this.listError = null;
    this.setSelection({ mode: 'rows', leadIds: [] });
    try {
      const page = await searchLeads({ request: this.searchRequest(filters, null) });
      if (request !== this.listRequest) return;
      this.listFilters = filters;
      this.rows = toTableRows(page.rows);
      this.totalCount = page.totalCount;
      // Lightning leaves a null nextCursor out of the result: the last page has none.
      this.nextCursor = page.nextCursor ?? null;
      this.announce(`${formatCount(page.totalCount, 'lead')} match these filters.`);
    } catch (error) {
      if (request !== this.listRequest) return;
      this.showListError(error);
    } finally {
      if (request === this.listRequest) this.listLoading = false;
    }
  }

  handleRetryList() {
    this.loadFirstPage();
  }

  async handleLoadMore() {
    if (this.loadingMore || this.listLoading || this.listError || !this.nextCursor) return;
    const request = this.listRequest;
    this.loadingMore = true;
    try {
      const page = await searchLeads({
        request: this.searchRequest(this.listFilters, this.nextCursor),
      });
      if (request !== this.listRequest) return;
      this.rows = [...this.rows, ...toTableRows(page.rows)];
      this.totalCount = page.totalCount;
      this.nextCursor = page.nextCursor ?? null;
      if (this.selection.mode === 'filters') {
        this.selection = { ...this.selection, total: page.totalCount };
      }
      this.announce(
        `${formatNumber(this.rows.length)} of ${formatCount(this.totalCount, 'lead')} loaded.`,
      );
    } catch (error) {
      if (request !== this.listRequest) return;
      this.showListError(error);
    } finally {
      if (request === this.listRequest) this.loadingMore = false;
    }
  }

  private searchRequest(filters: LeadFilters, cursor: string | null) {
    return {
      filters,
      sortBy: sortFieldOf(this.sortedBy),
      sortDirection: this.sortedDirection,
      pageSize: PAGE_SIZE,
      cursor,
    };
  }

  private showListError(error: unknown) {
    this.listError = errorMessage(error);
    this.rows = [];
    this.totalCount = 0;
    this.nextCursor = null;
    this.setSelection({ mode: 'rows', leadIds: [] });
    this.announce(`The leads could not be loaded. ${this.listError}`);
  }

  // ---- Filter bar -----------------------------------------------------------------------------

  private updateForm(change: Partial<FilterForm>) {
    this.form = { ...this.form, ...change };
    this.loadFirstPage();
  }

  handleStatusChange(event: ValueEvent<string[]>) {
    this.updateForm({ statuses: [...event.detail.value] });
  }

  handleIncludeClosedChange(event: CheckedEvent) {
    this.form = withIncludeClosed(this.form, event.detail.checked, this.filterOptions);
    this.loadFirstPage();
  }

  handleSourceChange(event: ValueEvent) {
    this.updateForm({ source: event.detail.value });
  }

  handleCountryChange(event: ValueEvent) {
    this.updateForm({ country: event.detail.value });
  }

  handleOwnerKindChange(event: ValueEvent) {
    const value = event.detail.value;
    if (isOwnerKind(value)) this.updateForm({ ownerKind: value });
  }

  handleCreatedFromChange(event: ValueEvent) {
    this.updateForm({ createdFrom: event.detail.value });
  }

  handleCreatedToChange(event: ValueEvent) {
    this.updateForm({ createdTo: event.detail.value });
  }

  /** Typing searches once the user pauses. */
  handleSearchChange(event: ValueEvent) {
    this.form = { ...this.form, search: event.detail.value };
    clearTimeout(this.searchTimer);
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    this.searchTimer = setTimeout(() => this.loadFirstPage(), SEARCH_DEBOUNCE_MS);
  }

  /** Owners are searched on the server once typing pauses; a later search wins. */
  handleOwnerFilterSearch(event: CustomEvent<LookupSearchDetail>) {
    const { text } = event.detail;
    clearTimeout(this.ownerSearchTimer);
    this.ownerSearchRequest++;
    const searching = isOwnerSearchable(text);
    this.ownerSearch = { text, searching, results: [], error: null };
    if (!searching) return;
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    this.ownerSearchTimer = setTimeout(() => this.searchOwners(text), SEARCH_DEBOUNCE_MS);
  }

  private async searchOwners(text: string) {
    const request = ++this.ownerSearchRequest;
    try {
      const results = await getOwnerCandidates({
        request: { types: null, search: text.trim(), includeIneligible: true },
      });
      if (request !== this.ownerSearchRequest) return;
      this.ownerSearch = { text, searching: false, results, error: null };
    } catch (error) {
      if (request !== this.ownerSearchRequest) return;
      this.ownerSearch = { text, searching: false, results: [], error: errorMessage(error) };
    }
  }

  handleOwnerFilterSelect(event: CustomEvent<LookupSelectDetail>) {
    this.resetOwnerSearch();
    this.updateForm({ ownerId: event.detail.id, ownerName: event.detail.name });
  }

  handleOwnerFilterClear() {
    this.resetOwnerSearch();
    this.updateForm({ ownerId: '', ownerName: '' });
  }

  private resetOwnerSearch() {
    clearTimeout(this.ownerSearchTimer);
    this.ownerSearchRequest++;
    this.ownerSearch = { ...NO_OWNER_SEARCH };
  }

  handleClearFilters() {
    this.resetOwnerSearch();
    this.form = { ...EMPTY_FORM, statuses: [] };
    this.loadFirstPage();
  }

  handleSort(event: CustomEvent<{ fieldName: string; sortDirection: SortDirection }>) {
    const { fieldName, sortDirection } = event.detail;
    if (!sortFieldOf(fieldName)) return;
    this.sortedBy = fieldName;
    this.sortedDirection = sortDirection;
    this.loadFirstPage();
  }

  // ---- Selection ------------------------------------------------------------------------------

  private setSelection(selection: ConsoleSelection) {
    this.selection = selection;
    this.clearPlan();
  }

  handleRowSelection(event: CustomEvent<{ selectedRows: LeadRow[] }>) {
    const leadIds = event.detail.selectedRows.map((row) => row.id);
    const unchanged =
      this.selection.mode === 'filters'
        ? leadIds.length === this.rows.length
        : leadIds.join() === this.selection.leadIds.join();
    if (!unchanged) this.setSelection({ mode: 'rows', leadIds });
  }

  handleSelectPage() {
    this.setSelection({ mode: 'rows', leadIds: this.rows.map((row) => row.id) });
    this.announce(`${formatCount(this.rows.length, 'lead')} selected.`);
  }

  handleSelectAllMatching() {
    this.setSelection({ mode: 'filters', filters: this.listFilters, total: this.totalCount });
    this.announce(`All ${formatCount(this.totalCount, 'matching lead')} selected.`);
  }

  handleClearSelection() {
    this.setSelection({ mode: 'rows', leadIds: [] });
    this.announce('Selection cleared.');
  }

  // ---- Assignment panel -----------------------------------------------------------------------

  handleMethodChange(event: ValueEvent) {
    const method = event.detail.value;
    if (!isMethod(method)) return;
    this.method = method;
    this.pool = poolForMethod(this.pool, method, this.candidates);
    this.clearPlan();
    if (method === 'assignmentRule' && this.rules === null && !this.rulesLoading) {
      this.loadRules();
    }
  }

  private async loadRules() {
    this.rulesLoading = true;
    this.rulesError = null;
    try {
      this.rules = await getAssignmentRules({ request: {} });
    } catch (error) {
      this.rulesError = `The assignment rules could not be listed: ${errorMessage(error)} Type a rule Id instead.`;
    } finally {
      this.rulesLoading = false;
    }
  }

  handleRuleChange(event: ValueEvent) {
    const value = event.detail.value;
    this.assignmentRuleId = value === ACTIVE_RULE ? '' : value;
    this.clearPlan();
  }

  handleOwnerSelect(event: CustomEvent<OwnerSelectDetail>) {
    const { ownerId, selected } = event.detail;
    this.pool = toggleMember(this.pool, ownerId, selected, poolArity(this.method));
    this.clearPlan();
  }

  handleWeightChange(event: CustomEvent<OwnerValueDetail>) {
    this.pool = updateMember(this.pool, event.detail.ownerId, { weight: event.detail.value });
    this.clearPlan();
  }

  handleCapChange(event: CustomEvent<OwnerValueDetail>) {
    this.pool = updateMember(this.pool, event.detail.ownerId, { cap: event.detail.value });
    this.clearPlan();
  }

  handleNotifyChange(event: CheckedEvent) {
    this.notify = event.detail.checked;
    this.clearPlan();
  }

  handleStrictChange(event: CheckedEvent) {
    this.strictEligibility = event.detail.checked;
    this.clearPlan();
  }

  handleContinueRotationChange(event: CheckedEvent) {
    this.continueRotation = event.detail.checked;
    this.clearPlan();
  }

  handleRuleIdChange(event: ValueEvent) {
    this.assignmentRuleId = event.detail.value;
    this.clearPlan();
  }

  // ---- Preview --------------------------------------------------------------------------------

  private clearPlan() {
    this.planView = null;
    this.plannedRequest = null;
    this.planError = null;
  }

  async handlePreview() {
    if (this.busy || this.problem) return;
    await this.preview(toAssignmentRequest(this.draft), false);
  }

  /** Re-plans just the leads that failed, with the panel's method and owners. */
  async handleRetryFailed() {
    const draft: AssignmentDraft = {
      ...this.draft,
      selection: { mode: 'rows', leadIds: this.failures.map((row) => row.leadId) },
    };
    const problem = assignmentProblem(draft, this.candidates);
    if (problem) {
      this.clearPlan();
      this.planError = problem;
      this.focusTarget = 'preview';
      return;
    }
    await this.preview(toAssignmentRequest(draft), true);
  }

  private async preview(request: AssignmentRequest, isRetry: boolean) {
    this.clearPlan();
    this.planning = true;
    try {
      const plan = await planAssignment({ request });
      this.planView = planView(plan, new Map(this.rows.map((row) => [row.id, row.name])));
      this.plannedRequest = request;
      this.planIsRetry = isRetry;
      this.announce(`Preview ready. ${this.planView.summary}`);
    } catch (error) {
      this.planError = errorMessage(error);
      this.announce(`The preview failed. ${this.planError}`);
    } finally {
      this.planning = false;
      this.focusTarget = 'preview';
    }
  }

  handleCancelPreview() {
    this.clearPlan();
  }

  // ---- Apply, progress, results and undo ------------------------------------------------------

  async handleApply() {
    const request = this.plannedRequest;
    if (!request || this.busy) return;
    this.applying = true;
    this.startRun();
    try {
      const result = await applyAssignment({ request });
      this.clearPlan();
      await this.follow(result);
    } catch (error) {
      this.runFailed('Reassignment failed', error);
    } finally {
      this.applying = false;
    }
  }

  async handleUndo() {
    if (this.lastBatch) await this.undo(this.lastBatch);
  }

  /** Undoes a batch (the last one, or one from the history): leads moved since are reported. */
  private async undo(target: AssignmentBatch) {
    if (this.busy) return;
    this.undoing = true;
    this.startRun();
    try {
      await this.follow(await undoBatch({ request: { batchId: target.batchId } }));
    } catch (error) {
      this.runFailed('Undo failed', error);
    } finally {
      this.undoing = false;
    }
  }

  handleResumePolling() {
    if (this.batch && !isFinished(this.batch)) this.poll(this.batch.batchId);
  }

  private startRun() {
    clearTimeout(this.pollTimer);
    this.batch = null;
    this.unchangedInRun = 0;
    this.failures = [];
    this.resultsError = null;
    this.pollStalled = false;
  }

  private runFailed(title: string, error: unknown) {
    const message = errorMessage(error);
    this.resultsError = message;
    this.toast({ title, message, variant: 'error', mode: 'sticky' });
    this.announce(`${title}. ${message}`);
    this.focusTarget = 'results';
  }

  /** A synchronous run is finished on return; a batch run is polled until it is. */
  private async follow(result: ApplyResult) {
    this.batch = result.batch;
    this.unchangedInRun = result.unchanged ?? 0;
    this.focusTarget = 'results';
    if (isFinished(result.batch)) {
      await this.finish(result.batch, failedRows(result.rows));
    } else {
      this.announce(`Running in the background. ${batchSummary(result.batch)}`);
      this.schedulePoll(result.batch.batchId);
    }
  }

  private schedulePoll(batchId: string) {
    clearTimeout(this.pollTimer);
    if (!this.connected) return;
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    this.pollTimer = setTimeout(() => this.poll(batchId), POLL_INTERVAL_MS);
  }

  private async poll(batchId: string) {
    this.pollStalled = false;
    try {
      const batch = await getBatch({ request: { batchId } });
      if (!this.connected) return;
      this.batch = batch;
      if (isFinished(batch)) await this.finish(batch, null);
      else this.schedulePoll(batchId);
    } catch (error) {
      if (!this.connected) return;
      this.pollStalled = true;
      this.resultsError = `Progress could not be checked: ${errorMessage(error)}`;
      this.announce(this.resultsError);
    }
  }

  private async finish(batch: AssignmentBatch, failures: AssignmentResultRow[] | null) {
    this.batch = batch;
    this.lastBatch = batch;
    this.resultsError = null;
    this.failures = failures ?? (batch.failed > 0 ? await this.loadFailures(batch.batchId) : []);
    this.toast(toastFor(batch));
    await Promise.all([this.loadFirstPage(), this.loadCandidates(), this.refreshHistory()]);
    // After the refresh, so the list's own announcement does not cut this one off.
    this.announce(`${batchTitle(batch)}: ${batchSummary(batch)}`);
  }

  private async loadFailures(batchId: string): Promise<AssignmentResultRow[]> {
    const rows: AssignmentResultRow[] = [];
    let cursor: string | null = null;
    try {
      do {
        // Pages follow one another: each needs the previous page's cursor.
        // eslint-disable-next-line no-await-in-loop
        const page: BatchResultsPage = await getBatchResults({
          request: { batchId, failedOnly: true, pageSize: RESULTS_PAGE_SIZE, cursor },
        });
        rows.push(...page.rows);
        cursor = page.nextCursor ?? null;
      } while (cursor);
    } catch (error) {
      this.resultsError = `The failed leads could not be loaded: ${errorMessage(error)}`;
    }
    return rows;
  }

  private toast(detail: ShowToastEventDetail) {
    this.dispatchEvent(new ShowToastEvent(detail));
  }

  private announce(text: string) {
    this.announcement = text;
  }

  // ---- Batches: history and one opened batch --------------------------------------------------

  handleToggleHistory() {
    this.historyOpen = !this.historyOpen;
    if (this.historyOpen) this.loadHistory(false);
    else this.closeBatch();
  }

  handleHistoryRefresh() {
    this.loadHistory(false);
  }

  handleHistoryMore() {
    if (this.historyCursor && !this.historyLoading) this.loadHistory(true);
  }

  /** The first page, or the next one after historyCursor; a later first-page load wins. */
  private async loadHistory(more: boolean) {
    const request = more ? this.historyRequest : ++this.historyRequest;
    this.historyLoading = true;
    this.historyError = null;
    try {
      const page = await getBatchHistory({
        request: { pageSize: HISTORY_PAGE_SIZE, cursor: more ? this.historyCursor : null },
      });
      if (request !== this.historyRequest) return;
      this.historyBatches = more ? [...this.historyBatches, ...page.rows] : page.rows;
      this.historyCursor = page.nextCursor ?? null;
    } catch (error) {
      if (request !== this.historyRequest) return;
      this.historyError = `The batches could not be loaded: ${errorMessage(error)}`;
    } finally {
      if (request === this.historyRequest) this.historyLoading = false;
    }
  }

  /** After a run: the list (and the opened batch) show what changed. */
  private async refreshHistory() {
    if (!this.historyOpen) return;
    const opened = this.openedBatch;
    await this.loadHistory(false);
    if (opened) await this.openBatch(opened.batchId);
  }

  handleOpenBatch(event: Event) {
    const batchId = (event.currentTarget as HTMLElement).dataset.batchId;
    if (batchId) this.openBatch(batchId);
  }

  handleHistoryUndo(event: Event) {
    const batchId = (event.currentTarget as HTMLElement).dataset.batchId;
    const target = this.historyBatches.find((batch) => batch.batchId === batchId);
    if (target) this.undo(target);
  }

  handleUndoOpened() {
    if (this.openedBatch && this.openedCheck?.canUndo) this.undo(this.openedBatch);
  }

  handleCloseBatch() {
    this.closeBatch();
  }

  private closeBatch() {
    this.openedBatch = null;
    this.openedCheck = null;
    this.openedRows = [];
    this.openedCursor = null;
    this.openedError = null;
  }

  /** The batch afresh, whether its leads are still in place, and the first page of its rows. */
  private async openBatch(batchId: string) {
    this.openedLoading = true;
    this.openedError = null;
    this.focusTarget = 'batch-detail';
    try {
      const [batch, check, page] = await Promise.all([
        getBatch({ request: { batchId } }),
        getUndoCheck({ request: { batchId } }),
        getBatchResults({ request: { batchId, pageSize: DETAIL_PAGE_SIZE, cursor: null } }),
      ]);
      this.openedBatch = batch;
      this.openedCheck = check;
      this.openedRows = page.rows.map(detailRow);
      this.openedCursor = page.nextCursor ?? null;
    } catch (error) {
      this.openedError = `The batch could not be opened: ${errorMessage(error)}`;
    } finally {
      this.openedLoading = false;
    }
  }

  async handleOpenedMore() {
    const batch = this.openedBatch;
    if (!batch || !this.openedCursor || this.openedLoading) return;
    this.openedLoading = true;
    try {
      const page = await getBatchResults({
        request: { batchId: batch.batchId, pageSize: DETAIL_PAGE_SIZE, cursor: this.openedCursor },
      });
      this.openedRows = [...this.openedRows, ...page.rows.map(detailRow)];
      this.openedCursor = page.nextCursor ?? null;
    } catch (error) {
      this.openedError = `More results could not be loaded: ${errorMessage(error)}`;
    } finally {
      this.openedLoading = false;
    }
  }

  get historyToggleLabel(): string {
    return this.historyOpen ? 'Hide batches' : 'Show batches';
  }

  get historyRows() {
    return this.historyBatches.map(historyRow);
  }

  get showHistoryList(): boolean {
    return this.historyOpen && !this.openedBatch && this.historyBatches.length > 0;
  }

  get historyEmpty(): boolean {
    return (
      this.historyOpen &&
      !this.historyLoading &&
      !this.historyError &&
      this.historyBatches.length === 0
    );
  }

  get historyHasMore(): boolean {
    return this.historyCursor !== null && !this.openedBatch;
  }

  get historyUndoDisabled(): boolean {
    return this.busy;
  }

  get openedHeading(): string | null {
    const batch = this.openedBatch;
    if (!batch) return null;
    return `${batchTitle(batch)} by ${batch.createdByName}, ${whenText(batch.createdDate)}`;
  }

  get openedSummary(): string | null {
    const batch = this.openedBatch;
    return batch ? `${statusText(batch)}. ${batchSummary(batch)}` : null;
  }

  get openedCheckText(): string | null {
    return this.openedBatch ? undoCheckText(this.openedBatch, this.openedCheck) : null;
  }

  get showOpenedUndo(): boolean {
    return this.canAssign && this.openedCheck?.canUndo === true;
  }

  get batchResultColumns() {
    return BATCH_RESULT_COLUMNS;
  }

  // ---- View -----------------------------------------------------------------------------------

  get busy(): boolean {
    return this.planning || this.applying || this.undoing || this.batchRunning;
  }

  get statusOptions() {
    return statusOptions(this.filterOptions, this.form.includeClosed);
  }

  get statusHint(): string {
    return statusHint(this.form);
  }

  get sourceOptions() {
    return sourceOptions(this.filterOptions);
  }

  get countryOptions() {
    return countryOptions(this.filterOptions);
  }

  get ownerKindOptions() {
    return OWNER_KIND_OPTIONS;
  }

  get ownerFilterOptions() {
    return ownerLookupOptions(this.ownerSearch);
  }

  get ownerFilterMessage(): string {
    return ownerSearchMessage(this.ownerSearch);
  }

  get filterErrorMessage(): string | null {
    return this.filterError?.message ?? null;
  }

  get filtersDisabled(): boolean {
    return !isFiltered(this.form);
  }

  get leadColumns() {
    return LEAD_COLUMNS;
  }

  get selectedRowIds(): string[] {
    return this.selection.mode === 'filters'
      ? this.rows.map((row) => row.id)
      : this.selection.leadIds;
  }

  get hasMore(): boolean {
    return this.nextCursor !== null;
  }

  get countLabel(): string {
    if (this.listLoading && this.rows.length === 0) return 'Loading leads…';
    return formatCount(this.totalCount, 'lead');
  }

  /** The assign panel, selection and undo are offered only to users who may assign. */
  get canAssign(): boolean {
    return this.filterOptions?.canAssign === true;
  }

  get readOnly(): boolean {
    return !this.canAssign;
  }

  /** Why the console is read-only, once that is known; null while loading or for a manager. */
  get readOnlyReason(): string | null {
    if (this.accessError !== null) {
      return `Assigning leads is not available to you: ${this.accessError}`;
    }
    if (!this.filterOptions || this.canAssign) return null;
    const why = this.filterOptions.readOnlyReason ?? 'You are not allowed to reassign leads.';
    return `You can look at leads, but not assign them. ${why} Ask your Salesforce admin for it.`;
  }

  get showTable(): boolean {
    return !this.listError && this.rows.length > 0;
  }

  get showEmpty(): boolean {
    return !this.listLoading && !this.listError && this.rows.length === 0;
  }

  get selectionSize(): number {
    return selectionSize(this.selection);
  }

  get hasSelection(): boolean {
    return this.selectionSize > 0;
  }

  get selectionText(): string {
    if (this.selection.mode === 'filters') {
      return `All ${formatCount(this.selection.total, 'matching lead')} selected.`;
    }
    return this.hasSelection
      ? `${formatCount(this.selectionSize, 'lead')} selected.`
      : 'No leads selected.';
  }

  get showSelectAllMatching(): boolean {
    return this.selection.mode === 'rows' && this.totalCount > 0;
  }

  get selectAllMatchingLabel(): string {
    return `Select all ${formatNumber(this.totalCount)} matching`;
  }

  get selectPageLabel(): string {
    return `Select the ${formatNumber(this.rows.length)} loaded`;
  }

  get methodOptions() {
    return METHOD_OPTIONS;
  }

  get methodDescription(): string {
    return methodDescription(this.method);
  }

  get showPool(): boolean {
    return poolArity(this.method) !== 'none';
  }

  get poolSingle(): boolean {
    return poolArity(this.method) === 'one';
  }

  get poolLabel(): string {
    if (this.method === 'owner') return 'User to assign to';
    return this.method === 'queue' ? 'Queue to assign to' : 'Owners in the pool';
  }

  get showRules(): boolean {
    return poolArity(this.method) === 'none';
  }

  /** The rule list, once read; when it cannot be read, a rule Id is typed instead. */
  get showRulePicker(): boolean {
    return this.showRules && this.rules !== null;
  }

  get showRuleId(): boolean {
    return this.showRules && this.rulesError !== null;
  }

  get ruleOptions() {
    return ruleOptions(this.rules ?? []);
  }

  get ruleValue(): string {
    return this.assignmentRuleId || ACTIVE_RULE;
  }

  get showRotation(): boolean {
    return this.method === 'roundRobin';
  }

  get showWeights(): boolean {
    return usesWeights(this.method);
  }

  get showCaps(): boolean {
    return usesCaps(this.method);
  }

  get poolOptions() {
    return poolOptions(this.candidates, this.method, this.pool, this.strictEligibility);
  }

  get draft(): AssignmentDraft {
    return {
      selection: this.selection,
      method: this.method,
      pool: this.pool,
      notify: this.notify,
      strictEligibility: this.strictEligibility,
      assignmentRuleId: this.assignmentRuleId,
      continueRotation: this.continueRotation,
    };
  }

  get problem(): string | null {
    return assignmentProblem(this.draft, this.candidates);
  }

  get previewDisabled(): boolean {
    return this.busy || this.problem !== null;
  }

  get showPreview(): boolean {
    return this.planning || this.planView !== null || this.planError !== null;
  }

  get previewHeading(): string {
    return this.planIsRetry && this.planView ? 'Preview: retry the failed leads' : 'Preview';
  }

  get applyDisabled(): boolean {
    return this.busy || !this.planView || this.planView.toChange === 0;
  }

  get planOwnerColumns() {
    return PLAN_OWNER_COLUMNS;
  }

  get planLeadColumns() {
    return PLAN_LEAD_COLUMNS;
  }

  get notifyText(): string {
    return this.plannedRequest?.notify
      ? 'New owners will get the notification e-mail.'
      : 'No notification e-mail will be sent.';
  }

  get batchRunning(): boolean {
    return this.batch !== null && !isFinished(this.batch);
  }

  get showResults(): boolean {
    return (
      this.batch !== null ||
      this.resultsError !== null ||
      this.lastBatch !== null ||
      this.applying ||
      this.undoing ||
      this.recentError !== null
    );
  }

  /** The running batch's progress bar; null when nothing runs. */
  get progress() {
    const batch = this.batch;
    if (!batch || isFinished(batch)) return null;
    const value = progressPercent(batch);
    return { value, label: `${value}% processed` };
  }

  get resultsHeading(): string {
    return this.batch ? `Results: ${batchTitle(this.batch)}` : 'Last batch';
  }

  get resultsSummary(): string | null {
    if (!this.batch) return null;
    const kept = this.unchangedInRun;
    return kept > 0
      ? `${batchSummary(this.batch)} ${formatCount(kept, 'lead')} already had the planned owner and ${kept === 1 ? 'was' : 'were'} left alone.`
      : batchSummary(this.batch);
  }

  get hasFailures(): boolean {
    return this.failures.length > 0;
  }

  get failureColumns() {
    return FAILURE_COLUMNS;
  }

  get failuresHeading(): string {
    return `Failed leads (${formatNumber(this.failures.length)})`;
  }

  get showRetry(): boolean {
    return this.canAssign && canRetry(this.batch, this.failures);
  }

  get retryLabel(): string {
    return `Retry ${formatCount(this.failures.length, 'failed lead')}`;
  }

  get showUndo(): boolean {
    return this.canAssign && isUndoable(this.lastBatch);
  }

  /** The newest batch from before this visit, when it is not the one shown as results. */
  get lastBatchText(): string | null {
    const batch = this.lastBatch;
    if (!batch || batch === this.batch) return null;
    const when = new Date(batch.createdDate).toLocaleString();
    return `${batchTitle(batch)} by ${batch.createdByName}, ${when}: ${batchSummary(batch)}`;
  }

  get runningText(): string {
    if (this.applying) return 'Applying the reassignment…';
    return this.undoing ? 'Undoing the batch…' : '';
  }
}
