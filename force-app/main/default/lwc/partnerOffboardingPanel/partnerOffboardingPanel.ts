/**
 * Offboarding a partner, inside the wizard's status panel: a preview of what will happen
 * (planOffboarding: the open leads and who takes them, the users to deactivate, the queue
 * memberships to remove, and IsPartner = false last, which cannot be undone), the account's name
 * typed exactly, then offboardPartner once per step (leads, users, memberships, account), each its
 * own call and transaction, with progress per step. Every call recomputes from the org, so a run
 * that stopped (an error, refused rows) continues where it stopped. When the leads move in the
 * background (Batch Apex), the panel reads the preview again every few seconds, for a while, and
 * goes on once they have moved.
 * Fires `offboardingchange` after each step (the wizard refreshes the status) and `close`.
 */
import { LightningElement, api } from 'lwc';
import planOffboarding from '@salesforce/apex/PartnerOnboardingController.planOffboarding';
import offboardPartner from '@salesforce/apex/PartnerOnboardingController.offboardPartner';
import type {
  OffboardingPlan,
  OffboardingRequest,
  OffboardingResult,
  OffboardingStepKey,
  QueueInfo,
} from '../../../../../types/partnerOnboarding';
import { errorMessage } from './errors';
import { formatCount } from './format';
import {
  canRun,
  confirmationMatches,
  leadsWaiting,
  leadOwnerRows,
  leadsText,
  membershipRows,
  ownerOptions,
  previewSummary,
  progress,
  resumeText,
  stalled,
  stepRows,
  userRows,
  type StepFailure,
} from './offboarding';

/** One call per step, four steps: a run never needs more calls than that. */
const MAX_CALLS = 4;
/** While the leads move in the background: how often the preview is read, and for how long. */
const POLL_MS = 3000;
const WAIT_LIMIT_MS = 10 * 60 * 1000;

type ValueEvent = CustomEvent<{ value: string }>;

export default class PartnerOffboardingPanel extends LightningElement {
  /** Lead queues that may take the partner's open leads instead of the account's owner. */
  @api queues: QueueInfo[] = [];

  plan: OffboardingPlan | null = null;
  loading = false;
  loadError: string | null = null;
  newOwnerId = '';
  typed = '';
  running = false;
  runningStep: OffboardingStepKey | null = null;
  results: Partial<Record<OffboardingStepKey, OffboardingResult>> = {};
  failure: StepFailure | null = null;
  /** Why the last run stopped before the end without an error (waiting, refused rows). */
  stopped: string | null = null;
  /** The run waits for leads moving in the background, and goes on by itself once they have. */
  waitingForLeads = false;
  announcement = '';

  private accountIdValue: string | undefined;
  private sequence = 0;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private waitSince = 0;
  private focusTarget: string | null = 'offboarding-heading';

  @api
  get accountId(): string | undefined {
    return this.accountIdValue;
  }
  set accountId(value: string | undefined) {
    const changed = value !== this.accountIdValue;
    this.accountIdValue = value;
    if (changed && this.isConnected) this.reset();
  }

  override connectedCallback() {
    this.reset();
  }

  override disconnectedCallback() {
    this.stopWaiting();
  }

  override renderedCallback() {
    if (!this.focusTarget) return;
    const target = this.template?.querySelector<HTMLElement>(`[data-focus="${this.focusTarget}"]`);
    if (target) {
      target.focus();
      this.focusTarget = null;
    }
  }

  private reset() {
    this.stopWaiting();
    this.plan = null;
    this.newOwnerId = '';
    this.typed = '';
    this.results = {};
    this.failure = null;
    this.stopped = null;
    this.loadPlan();
  }

  private request(): OffboardingRequest {
    return {
      accountId: this.accountIdValue ?? '',
      newOwnerId: this.newOwnerId || null,
      confirmation: this.typed.trim(),
    };
  }

  /** The preview, as the org stands now; nothing is changed. */
  async loadPlan() {
    if (!this.accountIdValue) return;
    const sequence = ++this.sequence;
    this.loading = true;
    this.loadError = null;
    try {
      const { accountId, newOwnerId } = this.request();
      const plan = await planOffboarding({ request: { accountId, newOwnerId } });
      if (sequence !== this.sequence) return;
      this.plan = plan;
      this.announce(previewSummary(plan));
    } catch (error) {
      if (sequence !== this.sequence) return;
      this.plan = null;
      this.loadError = `The offboarding preview could not be loaded: ${errorMessage(error)}`;
      this.announce(this.loadError);
    } finally {
      if (sequence === this.sequence) this.loading = false;
    }
  }

  handleRetry() {
    this.loadPlan();
  }

  handleOwnerChange(event: ValueEvent) {
    this.newOwnerId = event.detail.value ?? '';
    this.loadPlan();
  }

  handleConfirmationChange(event: ValueEvent) {
    this.typed = event.detail.value ?? '';
  }

  handleClose() {
    if (this.running) return;
    this.dispatchEvent(new CustomEvent('close'));
  }

  /**
   * Runs the steps left, one call each, in the order the server gives (its nextStep). Stops at an
   * error, or at a step that did not move on (a reassignment still running, rows refused);
   * "Continue" runs again from where the org stands.
   */
  async handleOffboard() {
    if (!this.canConfirm || !this.plan) return;
    const request = this.request();
    this.running = true;
    this.failure = null;
    this.stopped = null;
    this.focusTarget = 'offboarding-steps';
    try {
      for (let calls = 0; calls < MAX_CALLS && this.plan.nextStep !== 'done'; calls++) {
        const step = this.plan.nextStep;
        this.runningStep = step;
        this.announce(`Running: ${this.stepLabel(step)}.`);
        let result: OffboardingResult;
        try {
          // One step per call, each after the last: the next depends on what this one did.
          // eslint-disable-next-line no-await-in-loop
          result = await offboardPartner({ request });
        } catch (error) {
          this.failure = { step, message: errorMessage(error) };
          this.announce(`${this.stepLabel(step)} failed: ${this.failure.message}`);
          break;
        }
        const ran = result.step === 'done' ? step : result.step;
        this.results = { ...this.results, [ran]: result };
        this.plan = result.plan;
        this.announce(result.message);
        this.dispatchEvent(
          new CustomEvent('offboardingchange', {
            detail: { accountId: request.accountId, nextStep: result.plan.nextStep },
          }),
        );
        if (result.plan.nextStep !== 'done' && stalled(ran, result)) {
          if (leadsWaiting(result.plan) && result.failures.length === 0) {
            this.startWaiting();
          } else {
            this.stopped =
              result.failures.length > 0
                ? `"${this.stepLabel(ran)}" is not finished: the platform refused ${formatCount(result.failures.length, 'row')} (listed under the step).`
                : result.message;
          }
          break;
        }
      }
    } finally {
      this.running = false;
      this.runningStep = null;
      this.focusTarget = this.waitingForLeads
        ? null
        : this.failure || this.stopped
          ? 'offboarding-stop'
          : 'offboarding-outcome';
    }
  }

  // ---- Waiting for leads that move in the background ------------------------------------------

  private startWaiting() {
    this.waitingForLeads = true;
    this.waitSince = Date.now();
    this.announce(
      'The open leads are moving in the background; the offboarding goes on once they have.',
    );
    this.schedulePoll();
  }

  private stopWaiting() {
    clearTimeout(this.pollTimer);
    this.waitingForLeads = false;
  }

  private schedulePoll() {
    clearTimeout(this.pollTimer);
    // Batch Apex has no event a component can wait for: the preview is read again instead.
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    this.pollTimer = setTimeout(() => this.pollLeads(), POLL_MS);
  }

  /** Reads the preview; once the leads are no longer moving, the run goes on by itself. */
  async pollLeads() {
    if (!this.waitingForLeads) return;
    const { accountId, newOwnerId } = this.request();
    let plan: OffboardingPlan;
    try {
      plan = await planOffboarding({ request: { accountId, newOwnerId } });
    } catch (error) {
      if (!this.waitingForLeads) return;
      this.stopWaiting();
      this.stopped = `The progress of the leads could not be read: ${errorMessage(error)}`;
      this.focusTarget = 'offboarding-stop';
      return;
    }
    if (!this.waitingForLeads) return;
    this.plan = plan;
    if (leadsWaiting(plan)) {
      if (Date.now() - this.waitSince < WAIT_LIMIT_MS) {
        this.schedulePoll();
        return;
      }
      this.stopWaiting();
      this.stopped =
        'The leads are still moving in the background after 10 minutes: refresh the preview later, and Continue runs the rest.';
      this.focusTarget = 'offboarding-stop';
      return;
    }
    this.stopWaiting();
    await this.handleOffboard();
  }

  private stepLabel(key: OffboardingStepKey): string {
    return this.plan?.steps.find((s) => s.key === key)?.label ?? key;
  }

  private announce(text: string) {
    this.announcement = text;
  }

  // ---- View -----------------------------------------------------------------------------------

  get heading(): string {
    return this.plan ? `Offboard ${this.plan.account.name}` : 'Offboard partner';
  }

  get showSpinner(): boolean {
    return this.loading;
  }

  get summary(): string {
    return this.plan ? previewSummary(this.plan) : '';
  }

  get isDone(): boolean {
    return this.plan?.nextStep === 'done';
  }

  get resumeText(): string | null {
    if (!this.plan || this.running || this.hasResults) return null;
    return resumeText(this.plan);
  }

  get hasResults(): boolean {
    return Object.keys(this.results).length > 0;
  }

  get hasProblems(): boolean {
    return (this.plan?.problems.length ?? 0) > 0;
  }

  get problems(): { key: string; text: string }[] {
    return (this.plan?.problems ?? []).map((text, index) => ({ key: String(index), text }));
  }

  get leadsText(): string {
    return this.plan ? leadsText(this.plan) : '';
  }

  get showLeadOwners(): boolean {
    return (this.plan?.openLeads ?? 0) > 0;
  }

  get leadOwnerRows() {
    return this.plan ? leadOwnerRows(this.plan) : [];
  }

  get ownerOptions() {
    return this.plan ? ownerOptions(this.plan, this.queues ?? []) : [];
  }

  get ownerDisabled(): boolean {
    return this.running || this.loading || this.waitingForLeads;
  }

  get userRows() {
    return this.plan ? userRows(this.plan) : [];
  }

  get hasUsers(): boolean {
    return this.userRows.length > 0;
  }

  get membershipRows() {
    return this.plan ? membershipRows(this.plan) : [];
  }

  get hasMemberships(): boolean {
    return this.membershipRows.length > 0;
  }

  get stepRows() {
    return this.plan ? stepRows(this.plan, this.results, this.runningStep, this.failure) : [];
  }

  get progress() {
    return this.plan ? progress(this.plan) : { value: 0, label: '' };
  }

  get irreversible(): string {
    return this.plan?.irreversible ?? '';
  }

  get showIrreversible(): boolean {
    return this.plan?.account.isPartner === true;
  }

  get confirmationLabel(): string {
    return this.plan ? `Type the account's name, ${this.plan.account.name}, to confirm` : '';
  }

  get confirmationMatches(): boolean {
    return this.plan !== null && confirmationMatches(this.typed, this.plan.account.name);
  }

  get canConfirm(): boolean {
    return (
      this.plan !== null &&
      !this.running &&
      !this.waitingForLeads &&
      !this.loading &&
      canRun(this.plan) &&
      this.confirmationMatches
    );
  }

  get confirmDisabled(): boolean {
    return !this.canConfirm;
  }

  get confirmLabel(): string {
    if (!this.plan) return 'Offboard';
    return this.failure || this.stopped || this.hasResults || resumeText(this.plan)
      ? `Continue offboarding ${this.plan.account.name}`
      : `Offboard ${this.plan.account.name}`;
  }

  get confirmHelp(): string {
    if (!this.plan) return '';
    if (this.waitingForLeads) return 'The offboarding goes on by itself once the leads have moved.';
    if (this.plan.nextStep === 'leads' && this.plan.runningBatchId) {
      return 'A lead reassignment of yours is still running in the background: refresh the preview when it has finished.';
    }
    if (!canRun(this.plan)) return 'Fix the problems above first.';
    return this.confirmationMatches
      ? 'Each step runs as its own call; a step that fails stops the run, and Continue picks up where it stopped.'
      : 'The button is enabled once the name matches exactly (letter case included).';
  }

  get confirmationInputDisabled(): boolean {
    return this.running || this.waitingForLeads;
  }

  get waitingText(): string | null {
    if (!this.waitingForLeads) return null;
    const batch = this.plan?.runningBatchId ?? this.results.leads?.batchId;
    return `The open leads are moving in the background${batch ? ` (batch ${batch})` : ''}. This panel checks every few seconds and goes on with the offboarding once they have; you may close it and come back later.`;
  }

  get showConfirm(): boolean {
    return this.plan !== null && !this.isDone;
  }

  get closeDisabled(): boolean {
    return this.running;
  }

  get refreshDisabled(): boolean {
    return this.running || this.loading || this.waitingForLeads;
  }

  get stopText(): string | null {
    if (this.failure) {
      return `The offboarding stopped at "${this.stepLabel(this.failure.step)}": ${this.failure.message} The steps before it stay done; Continue runs the rest.`;
    }
    return this.stopped
      ? `The offboarding stopped: ${this.stopped} Continue runs the rest when you are ready.`
      : null;
  }

  get outcomeText(): string | null {
    if (!this.plan || !this.hasResults || !this.isDone) return null;
    return `${this.plan.account.name} is offboarded.`;
  }

  get batchNote(): string | null {
    const leads = this.results.leads;
    return leads?.batchId
      ? `The leads moved in batch ${leads.batchId}: undo it in the lead-assignment console if needed.`
      : null;
  }
}
