/**
 * Partner onboarding wizard: a channel manager checks the org's readiness, names the partner
 * account (found or new), adds its contacts, chooses what their partner users get, reviews exactly
 * what will be created, and then runs the steps in order: the account, the contacts, the partner
 * users (each its own Apex call and transaction) and the login e-mails. Every step plans again on
 * the server, so an onboarding that stopped resumes where it stopped and a second run creates
 * nothing. A status panel shows a partner account's contacts, users and last logins, and offboards
 * a partner account (c-partner-offboarding-panel, behind its typed name). On an
 * Account record (quick action or record page) it starts from that account. Every server call
 * goes through PartnerOnboardingController (types/partnerOnboarding.d.ts).
 */
import { LightningElement, api } from 'lwc';
import { ShowToastEvent, type ShowToastEventDetail } from 'lightning/platformShowToastEvent';
import getReadiness from '@salesforce/apex/PartnerOnboardingController.getReadiness';
import searchAccounts from '@salesforce/apex/PartnerOnboardingController.searchAccounts';
import planOnboarding from '@salesforce/apex/PartnerOnboardingController.planOnboarding';
import findOrCreateAccount from '@salesforce/apex/PartnerOnboardingController.findOrCreateAccount';
import saveContacts from '@salesforce/apex/PartnerOnboardingController.saveContacts';
import enablePartnerUsers from '@salesforce/apex/PartnerOnboardingController.enablePartnerUsers';
import sendLoginEmail from '@salesforce/apex/PartnerOnboardingController.sendLoginEmail';
import getPartnerStatus from '@salesforce/apex/PartnerOnboardingController.getPartnerStatus';
import type {
  AccountMatch,
  CreatedRecord,
  LoginEmailResult,
  OnboardingPlan,
  OnboardingRequest,
  PartnerStatus,
  Readiness,
  StepResult,
} from '../../../../../types/partnerOnboarding';
import { accountOutcome, matchRows, searchRequest } from './account';
import {
  contactEmailProblem,
  emptyDraft,
  FIELD_MESSAGES,
  hasPartnerUsers,
  MAX_CONTACTS,
  MAX_LENGTH,
  newContact,
  sameRequest,
  splitName,
  stepProblems,
  titleLimit,
  toRequest,
  WEBSITE_PATTERN,
  type ContactDraft,
  type ContactField,
  type DraftProblem,
  type OnboardingDraft,
} from './draft';
import { errorMessage } from './errors';
import { formatCount } from './format';
import {
  licenceOf,
  licenceText,
  permissionSetOptions,
  profileOptions,
  queueOptions,
  readinessRows,
  readinessSummary,
} from './readiness';
import { reviewView, type ProblemView } from './review';
import {
  blockedUsers,
  emailDetail,
  failuresOf,
  initialSteps,
  passwordResetUserIds,
  runToast,
  statusView,
  stepDetail,
  summaryView,
  type RunFailure,
  type RunOutcome,
  type RunStep,
  type RunStepKey,
} from './run';
import { contactsWithoutUser, statusRows, statusSummary } from './status';
import { isStep, neighbour, STEPS, stepIndex, stepTitle, type StepName } from './steps';

const SEARCH_DEBOUNCE_MS = 300;

type ValueEvent<T = string> = CustomEvent<{ value: T }>;
type ValidatedInput = HTMLElement & {
  reportValidity(): boolean;
  setCustomValidity(message: string): void;
  focus(): void;
};

const STEP_CALLS: Record<
  Exclude<RunStepKey, 'email'>,
  (params: { request: OnboardingRequest }) => Promise<StepResult>
> = {
  account: findOrCreateAccount,
  contacts: saveContacts,
  users: enablePartnerUsers,
};

const CONTACT_FIELDS: ReadonlySet<string> = new Set(['firstName', 'lastName', 'email', 'title']);

export default class PartnerOnboardingWizard extends LightningElement {
  step: StepName = 'readiness';

  // Readiness
  readiness: Readiness | null = null;
  readinessLoading = false;
  readinessError: string | null = null;

  // What the channel manager enters
  draft: OnboardingDraft = emptyDraft();
  /** Problems of the current step are listed once Next was pressed with some left. */
  showStepErrors = false;

  // Account search
  matches: AccountMatch[] = [];
  searching = false;
  searchError: string | null = null;

  // Review
  plan: OnboardingPlan | null = null;
  plannedRequest: OnboardingRequest | null = null;
  planning = false;
  planError: string | null = null;

  // Run and summary
  running = false;
  runSteps: RunStep[] = [];
  outcome: RunOutcome | null = null;
  /** The draft the summary is about (the form may be reset afterwards). */
  private outcomeDraft: OnboardingDraft | null = null;

  // Status panel
  statusAccountId: string | null = null;
  status: PartnerStatus | null = null;
  statusLoading = false;
  statusError: string | null = null;
  statusEmails: Record<string, string> = {};
  sendingEmailFor: string | null = null;
  /** The offboarding panel of the status panel's account is open. */
  offboardingOpen = false;

  announcement = '';

  private recordIdValue: string | undefined;
  private startedFrom: string | null = null;
  private connected = false;
  private contactCounter = 0;
  private searchSequence = 0;
  private statusSequence = 0;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private focusTarget: string | null = null;

  /** On an Account record page or quick action: start from that account. */
  @api
  get recordId(): string | undefined {
    return this.recordIdValue;
  }
  set recordId(value: string | undefined) {
    this.recordIdValue = value;
    // A quick action sets the Id after the component is connected.
    if (this.connected) this.startFromAccount();
  }

  override connectedCallback() {
    this.connected = true;
    this.loadReadiness();
    this.startFromAccount();
  }

  override disconnectedCallback() {
    this.connected = false;
    clearTimeout(this.searchTimer);
  }

  override renderedCallback() {
    if (!this.focusTarget) return;
    const target = this.template?.querySelector<HTMLElement>(`[data-focus="${this.focusTarget}"]`);
    if (target) {
      target.focus();
      this.focusTarget = null;
    }
  }

  // ---- Readiness ------------------------------------------------------------------------------

  async loadReadiness() {
    this.readinessLoading = true;
    try {
      this.readiness = await getReadiness({ request: {} });
      this.readinessError = null;
      if (this.step === 'readiness') this.announce(readinessSummary(this.readiness));
    } catch (error) {
      this.readinessError = `The readiness checks could not be loaded: ${errorMessage(error)}`;
      this.announce(this.readinessError);
    } finally {
      this.readinessLoading = false;
    }
  }

  handleRecheck() {
    this.loadReadiness();
  }

  // ---- Moving between steps -------------------------------------------------------------------

  handleNext() {
    if (this.busy) return;
    if (this.step === 'readiness') {
      if (this.readinessBlocks) return;
    } else {
      const problems = stepProblems(this.draft, this.step);
      if (problems.length > 0) {
        this.showStepErrors = true;
        this.reportStepInputs();
        this.announce(
          `${formatCount(problems.length, 'problem')} to fix before going on. ${problems[0].message}`,
        );
        this.focusTarget = 'step-errors';
        return;
      }
    }
    this.goTo(neighbour(this.step, 1));
  }

  handleBack() {
    if (this.busy) return;
    this.goTo(neighbour(this.step, -1));
  }

  /** A problem's "Change" button: back to the step where its field is. */
  handleGoToStep(event: Event) {
    const step = (event.currentTarget as HTMLElement).dataset.step;
    if (isStep(step) && !this.busy) this.goTo(step);
  }

  private goTo(step: StepName) {
    this.step = step;
    this.showStepErrors = false;
    this.focusTarget = 'step-heading';
    if (step === 'contacts' && this.draft.contacts.length === 0) this.addContact();
    this.announce(stepTitle(step));
    if (step === 'review') this.handleReviewAgain();
  }

  /** Shows each input's own message (required, e-mail, pattern) for the current step. */
  private reportStepInputs() {
    const inputs = this.template?.querySelectorAll<ValidatedInput>('[data-validate]') ?? [];
    inputs.forEach((input) => input.reportValidity());
  }

  // ---- Partner account ------------------------------------------------------------------------

  handleAccountNameChange(event: ValueEvent) {
    this.draft = { ...this.draft, accountName: event.detail.value ?? '' };
    this.reportChanged(event);
    this.scheduleSearch();
  }

  handleWebsiteChange(event: ValueEvent) {
    this.draft = { ...this.draft, website: event.detail.value ?? '' };
    this.reportChanged(event);
    this.scheduleSearch();
  }

  /** Validation as the user types: the input shows its own message at once, not only on blur. */
  private reportChanged(event: Event) {
    const input = event.target as ValidatedInput | null;
    input?.reportValidity?.();
  }

  /** Searching waits until typing pauses. */
  private scheduleSearch() {
    clearTimeout(this.searchTimer);
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    this.searchTimer = setTimeout(() => this.search(), SEARCH_DEBOUNCE_MS);
  }

  /** Existing accounts like the name or website; only the latest search's answer is kept. */
  async search() {
    clearTimeout(this.searchTimer);
    const request = searchRequest(this.draft.accountName, this.draft.website);
    const sequence = ++this.searchSequence;
    if (!request) {
      this.matches = [];
      this.searching = false;
      this.searchError = null;
      return;
    }
    this.searching = true;
    try {
      const matches = await searchAccounts({ request });
      if (sequence !== this.searchSequence) return;
      this.matches = matches;
      this.searchError = null;
      this.announce(accountOutcome(matches, this.draft.accountName));
    } catch (error) {
      if (sequence !== this.searchSequence) return;
      this.matches = [];
      this.searchError = `Existing accounts could not be searched: ${errorMessage(error)}`;
    } finally {
      if (sequence === this.searchSequence) this.searching = false;
    }
  }

  /** Takes a found account's name and website, so the onboarding reuses it. */
  handleUseMatch(event: Event) {
    const id = (event.currentTarget as HTMLElement).dataset.accountId;
    const match = this.matches.find((m) => m.id === id);
    if (!match?.website) return;
    this.draft = { ...this.draft, accountName: match.name, website: match.website };
    this.search();
  }

  handleMatchStatus(event: Event) {
    const id = (event.currentTarget as HTMLElement).dataset.accountId;
    if (id) this.loadStatus(id);
  }

  // ---- Contacts -------------------------------------------------------------------------------

  handleAddContact() {
    if (this.draft.contacts.length >= MAX_CONTACTS) return;
    const contact = this.addContact();
    this.focusTarget = `contact-${contact.key}`;
    this.announce(`Contact ${this.draft.contacts.length} added.`);
  }

  private addContact(values: Partial<Omit<ContactDraft, 'key'>> = {}): ContactDraft {
    const contact = newContact(`c${++this.contactCounter}`, values);
    this.draft = { ...this.draft, contacts: [...this.draft.contacts, contact] };
    return contact;
  }

  handleRemoveContact(event: Event) {
    const key = (event.currentTarget as HTMLElement).dataset.key;
    const index = this.draft.contacts.findIndex((c) => c.key === key);
    if (index < 0) return;
    const removed = this.draft.contacts[index];
    const name = [removed.firstName, removed.lastName].join(' ').trim();
    this.draft = { ...this.draft, contacts: this.draft.contacts.filter((c) => c.key !== key) };
    this.focusTarget = 'contact-add';
    this.announce(`Contact ${index + 1}${name ? ` (${name})` : ''} removed.`);
  }

  handleContactChange(event: ValueEvent) {
    const target = event.target as HTMLElement;
    const { key, field } = target.dataset;
    if (!key || !field || !CONTACT_FIELDS.has(field)) return;
    this.updateContact(key, { [field as ContactField]: event.detail.value ?? '' });
    if (field === 'email') this.checkEmails();
    this.reportChanged(event);
  }

  handlePartnerUserChange(event: CustomEvent<{ checked: boolean }>) {
    const key = (event.target as HTMLElement).dataset.key;
    if (key) this.updateContact(key, { partnerUser: event.detail.checked });
  }

  private updateContact(key: string, change: Partial<ContactDraft>) {
    this.draft = {
      ...this.draft,
      contacts: this.draft.contacts.map((c) => (c.key === key ? { ...c, ...change } : c)),
    };
  }

  /**
   * The checks lightning-input cannot make itself (the same e-mail on two contacts, the domain
   * rules of the server) become the e-mail inputs' custom validity.
   */
  private checkEmails() {
    const inputs = this.template?.querySelectorAll<ValidatedInput>('[data-field="email"]') ?? [];
    inputs.forEach((input) => {
      const contact = this.draft.contacts.find((c) => c.key === input.dataset.key);
      const problem = contact ? contactEmailProblem(this.draft, contact) : null;
      input.setCustomValidity(problem && problem !== FIELD_MESSAGES.email ? problem : '');
    });
  }

  // ---- Partner users --------------------------------------------------------------------------

  handleProfileChange(event: ValueEvent) {
    this.draft = { ...this.draft, profileName: event.detail.value ?? '' };
  }

  handleQueuesChange(event: ValueEvent<string[]>) {
    this.draft = { ...this.draft, queueNames: [...(event.detail.value ?? [])] };
  }

  handlePermissionSetsChange(event: ValueEvent<string[]>) {
    this.draft = { ...this.draft, permissionSetNames: [...(event.detail.value ?? [])] };
  }

  // ---- Review ---------------------------------------------------------------------------------

  /** Plans what the draft would create, as the org stands now; nothing is created. */
  async review() {
    const request = toRequest(this.draft);
    this.plan = null;
    this.plannedRequest = null;
    this.planError = null;
    this.planning = true;
    try {
      const plan = await planOnboarding({ request });
      this.plan = plan;
      this.plannedRequest = request;
      const view = reviewView(plan, this.draft);
      this.announce(
        view.problemSummary ?? view.resumeText ?? 'The review is ready: nothing is created yet.',
      );
    } catch (error) {
      this.planError = errorMessage(error);
      this.announce(`The review failed. ${this.planError}`);
    } finally {
      this.planning = false;
      this.focusTarget = 'review';
    }
  }

  handleReviewAgain() {
    this.outcome = null;
    this.runSteps = [];
    this.review();
  }

  // ---- Run ------------------------------------------------------------------------------------

  /** Runs the reviewed plan's steps in order, each its own call, then the login e-mails. */
  async handleCreate() {
    const reviewed = this.plan;
    const request = this.plannedRequest;
    if (!reviewed || !request || !this.canCreate) return;
    if (!sameRequest(request, toRequest(this.draft))) {
      await this.review();
      return;
    }
    this.running = true;
    this.outcome = null;
    this.runSteps = initialSteps(reviewed);
    this.focusTarget = 'run';
    const created: CreatedRecord[] = [];
    const failures: RunFailure[] = [];
    let emails: LoginEmailResult[] = [];
    let stopped: RunOutcome['stopped'] = null;
    let accountId = reviewed.account?.id ?? null;

    for (const key of ['account', 'contacts', 'users'] as const) {
      if (this.runStep(key)?.status !== 'waiting') continue;
      this.setRunStep(key, 'running', 'Running…');
      this.announce(`${this.runStep(key)?.label}: running.`);
      try {
        // The steps run one after another: each needs what the previous one created.
        // eslint-disable-next-line no-await-in-loop
        const result = await STEP_CALLS[key]({ request });
        created.push(...result.created);
        const stepFailures = failuresOf(key, result);
        failures.push(...stepFailures);
        accountId = result.created.find((r) => r.type === 'Account')?.id ?? accountId;
        const failedAll = stepFailures.length > 0 && result.created.length === 0;
        this.setRunStep(key, failedAll ? 'failed' : 'done', stepDetail(key, result, reviewed));
        const waiting = key === 'contacts' ? blockedUsers(reviewed, stepFailures) : 0;
        if (waiting > 0) {
          stopped = {
            step: 'users',
            message: `${formatCount(waiting, 'partner user')} cannot be created: their contacts were not saved.`,
          };
          this.setRunStep('users', 'failed', stopped.message);
          break;
        }
      } catch (error) {
        stopped = { step: key, message: errorMessage(error) };
        this.setRunStep(key, 'failed', stopped.message);
        break;
      }
    }

    // Where things stand now: the records' Ids for the summary and the new users to e-mail.
    let after: OnboardingPlan | null = null;
    let afterError: string | null = null;
    try {
      after = await planOnboarding({ request });
      accountId = after.account?.id ?? accountId;
    } catch (error) {
      afterError = errorMessage(error);
    }

    if (!stopped && this.runStep('email')?.status === 'waiting') {
      emails = await this.sendRunEmails(reviewed, after, afterError, created);
    }
    for (const step of this.runSteps) {
      if (step.status === 'waiting') this.setRunStep(step.key, 'skipped', 'Not run.');
    }

    this.outcome = { reviewed, after, created, failures, emails, stopped, accountId };
    this.outcomeDraft = this.draft;
    this.running = false;
    const summary = summaryView(this.outcome, this.draft);
    this.toast({
      ...runToast(summary),
      mode: summary.outcome === 'success' ? 'dismissible' : 'sticky',
    });
    this.announce(`${summary.heading}. ${summary.emailsText}`);
    this.focusTarget = 'summary';
    if (accountId) this.loadStatus(accountId);
  }

  private async sendRunEmails(
    reviewed: OnboardingPlan,
    after: OnboardingPlan | null,
    afterError: string | null,
    created: CreatedRecord[],
  ): Promise<LoginEmailResult[]> {
    if (!after) {
      this.setRunStep(
        'email',
        'failed',
        `The new users could not be read back (${afterError ?? 'no answer'}): send their login e-mails from the status panel.`,
      );
      return [];
    }
    const userIds = passwordResetUserIds(reviewed, after, created);
    if (userIds.length === 0) {
      this.setRunStep('email', 'skipped', 'No new partner user to e-mail.');
      return [];
    }
    this.setRunStep('email', 'running', 'Sending…');
    try {
      const emails = await sendLoginEmail({ request: { userIds } });
      const allFailed = emails.length > 0 && emails.every((e) => !e.sent);
      this.setRunStep('email', allFailed ? 'failed' : 'done', emailDetail(emails));
      return emails;
    } catch (error) {
      this.setRunStep('email', 'failed', errorMessage(error));
      return [];
    }
  }

  private runStep(key: RunStepKey): RunStep | undefined {
    return this.runSteps.find((s) => s.key === key);
  }

  private setRunStep(key: RunStepKey, status: RunStep['status'], detail: string) {
    this.runSteps = this.runSteps.map((s) => (s.key === key ? { ...s, status, detail } : s));
  }

  /** After a stop or failures: plan again, which picks up where the run got to. */
  handleResume() {
    this.handleReviewAgain();
  }

  handleStartOver() {
    this.draft = emptyDraft();
    this.plan = null;
    this.plannedRequest = null;
    this.planError = null;
    this.outcome = null;
    this.outcomeDraft = null;
    this.runSteps = [];
    this.matches = [];
    this.searchError = null;
    this.goTo('account');
  }

  // ---- Status panel ---------------------------------------------------------------------------

  private async startFromAccount() {
    const accountId = this.recordIdValue;
    if (!accountId || accountId === this.startedFrom) return;
    this.startedFrom = accountId;
    await this.loadStatus(accountId);
    const account = this.status?.account;
    if (!account || this.draft.accountName.trim()) return;
    this.draft = { ...this.draft, accountName: account.name, website: account.website ?? '' };
    this.announce(`Starting from the account ${account.name}.`);
    await this.search();
  }

  async loadStatus(accountId: string) {
    const sequence = ++this.statusSequence;
    if (accountId !== this.statusAccountId) {
      this.status = null;
      this.statusEmails = {};
      this.offboardingOpen = false;
    }
    this.statusAccountId = accountId;
    this.statusLoading = true;
    try {
      const status = await getPartnerStatus({ request: { accountId } });
      if (sequence !== this.statusSequence) return;
      this.status = status;
      this.statusError = null;
    } catch (error) {
      if (sequence !== this.statusSequence) return;
      this.status = null;
      this.statusError = `The partner's status could not be loaded: ${errorMessage(error)}`;
    } finally {
      if (sequence === this.statusSequence) this.statusLoading = false;
    }
  }

  handleRefreshStatus() {
    if (this.statusAccountId) this.loadStatus(this.statusAccountId);
  }

  handleCloseStatus() {
    this.statusSequence++;
    this.statusAccountId = null;
    this.status = null;
    this.statusError = null;
    this.statusLoading = false;
    this.offboardingOpen = false;
  }

  // ---- Offboarding (c-partner-offboarding-panel) ---------------------------------------------

  handleOpenOffboarding() {
    this.offboardingOpen = true;
  }

  handleCloseOffboarding() {
    this.offboardingOpen = false;
    this.focusTarget = 'status-offboard';
  }

  /** A step of the offboarding ran: the status shows the users and the account as they are now. */
  handleOffboardingChange() {
    this.handleRefreshStatus();
  }

  async handleStatusEmail(event: Event) {
    const userId = (event.currentTarget as HTMLElement).dataset.userId;
    if (!userId || this.sendingEmailFor) return;
    this.sendingEmailFor = userId;
    let text: string;
    try {
      const [result] = await sendLoginEmail({ request: { userIds: [userId] } });
      text = result?.sent
        ? `Password reset e-mail sent to ${result.username ?? 'the user'}.`
        : (result?.message ?? 'The e-mail was not sent.');
      this.toast({
        title: result?.sent ? 'Login e-mail sent' : 'Login e-mail not sent',
        message: text,
        variant: result?.sent ? 'success' : 'error',
      });
    } catch (error) {
      text = `The e-mail was not sent: ${errorMessage(error)}`;
      this.toast({ title: 'Login e-mail not sent', message: text, variant: 'error' });
    } finally {
      this.sendingEmailFor = null;
    }
    this.statusEmails = { ...this.statusEmails, [userId]: text };
    this.announce(text);
  }

  /** A contact of the account without a user joins the onboarding, to get one. */
  handleAddFromStatus(event: Event) {
    const id = (event.currentTarget as HTMLElement).dataset.contactId;
    const contact = this.status?.contacts.find((c) => c.id === id);
    // Offered only for contacts with an e-mail that the onboarding does not hold yet.
    if (!contact?.email || this.draft.contacts.length >= MAX_CONTACTS) return;
    this.addContact({ ...splitName(contact.name), email: contact.email, partnerUser: true });
    this.announce(`${contact.name} added to the contacts (step 3), with a partner user.`);
    // A review on screen no longer matches what was entered: plan again.
    if (this.step === 'review' && !this.running) this.handleReviewAgain();
  }

  // ---- Toasts and the screen reader -----------------------------------------------------------

  private toast(detail: ShowToastEventDetail) {
    this.dispatchEvent(new ShowToastEvent(detail));
  }

  private announce(text: string) {
    this.announcement = text;
  }

  // ---- View: the frame ------------------------------------------------------------------------

  get steps() {
    return STEPS;
  }

  get stepTitle(): string {
    return stepTitle(this.step);
  }

  get busy(): boolean {
    return this.planning || this.running;
  }

  get isReadiness(): boolean {
    return this.step === 'readiness';
  }

  get isAccount(): boolean {
    return this.step === 'account';
  }

  get isContacts(): boolean {
    return this.step === 'contacts';
  }

  get isUsers(): boolean {
    return this.step === 'users';
  }

  get isReview(): boolean {
    return this.step === 'review';
  }

  get backDisabled(): boolean {
    return this.busy || stepIndex(this.step) === 0;
  }

  get showNext(): boolean {
    return this.step !== 'review';
  }

  get nextLabel(): string {
    return this.step === 'users' ? 'Review' : 'Next';
  }

  get nextDisabled(): boolean {
    return this.busy || (this.step === 'readiness' && this.readinessBlocks);
  }

  get currentStepProblems(): (DraftProblem & { key: string; text: string })[] {
    if (!this.showStepErrors || this.step === 'readiness' || this.step === 'review') return [];
    return stepProblems(this.draft, this.step).map((problem, index) => {
      const number = this.draft.contacts.findIndex((c) => c.key === problem.contactKey) + 1;
      return {
        ...problem,
        key: `${problem.field}-${problem.contactKey ?? ''}-${index}`,
        text: number > 0 ? `Contact ${number}: ${problem.message}` : problem.message,
      };
    });
  }

  get hasStepProblems(): boolean {
    return this.currentStepProblems.length > 0;
  }

  /** The last review's problems about the current step's fields, until the next review. */
  get stepReviewProblems(): ProblemView[] {
    if (!this.plan || this.step === 'review') return [];
    const view = reviewView(this.plan, this.draft);
    const all = [
      ...view.generalProblems,
      ...view.accountProblems,
      ...view.userProblems,
      ...view.contacts.flatMap((row) =>
        row.problems.map((p) => ({
          ...p,
          contacts: `Contact ${row.number}`,
          where: `Contact ${row.number}, ${p.field}`,
        })),
      ),
    ];
    return all.filter((problem) => problem.step === this.step);
  }

  get hasStepReviewProblems(): boolean {
    return this.stepReviewProblems.length > 0;
  }

  // ---- View: readiness ------------------------------------------------------------------------

  get readinessRows() {
    return this.readiness ? readinessRows(this.readiness) : [];
  }

  get readinessSummary(): string {
    return this.readiness ? readinessSummary(this.readiness) : '';
  }

  get readinessBlocks(): boolean {
    return !this.readiness || !this.readiness.ready;
  }

  get readinessSummaryClass(): string {
    return this.readiness?.ready
      ? 'slds-text-heading_small slds-m-bottom_small'
      : 'slds-text-heading_small slds-m-bottom_small slds-text-color_error';
  }

  get licenceLines(): { key: string; text: string }[] {
    return (this.readiness?.licences ?? []).map((licence) => ({
      key: licence.key,
      text: licenceText(licence),
    }));
  }

  get showReadinessSpinner(): boolean {
    return this.readinessLoading && !this.readiness;
  }

  // ---- View: account --------------------------------------------------------------------------

  get maxLength() {
    return MAX_LENGTH;
  }

  get messages() {
    return FIELD_MESSAGES;
  }

  get websitePattern(): string {
    return WEBSITE_PATTERN;
  }

  get matchRows() {
    return matchRows(this.matches, this.draft.accountName);
  }

  get hasMatches(): boolean {
    return this.matches.length > 0;
  }

  get accountOutcome(): string | null {
    if (this.searching || this.searchError) return null;
    if (!searchRequest(this.draft.accountName, this.draft.website)) return null;
    return accountOutcome(this.matches, this.draft.accountName);
  }

  // ---- View: contacts -------------------------------------------------------------------------

  get contactRows() {
    return this.draft.contacts.map((contact, index) => {
      const number = index + 1;
      return {
        ...contact,
        number,
        legend: `Contact ${number}`,
        focusKey: `contact-${contact.key}`,
        removeLabel: `Remove contact ${number}`,
        titleLimit: titleLimit(contact),
        userHelp: contact.partnerUser
          ? 'Gets a partner user who can log in to the partner site.'
          : 'Contact only: no login.',
      };
    });
  }

  get contactCountText(): string {
    const users = this.draft.contacts.filter((c) => c.partnerUser).length;
    return `${formatCount(this.draft.contacts.length, 'contact')}, ${formatCount(users, 'partner user')}.`;
  }

  get addContactDisabled(): boolean {
    return this.draft.contacts.length >= MAX_CONTACTS;
  }

  get removeDisabled(): boolean {
    return this.draft.contacts.length <= 1;
  }

  // ---- View: partner users --------------------------------------------------------------------

  get hasPartnerUsers(): boolean {
    return hasPartnerUsers(this.draft);
  }

  get partnerUsersText(): string {
    const users = this.draft.contacts.filter((c) => c.partnerUser);
    const names = users.map((c) => [c.firstName, c.lastName].join(' ').trim() || c.email);
    return `${formatCount(users.length, 'partner user')}: ${names.join(', ')}.`;
  }

  get profileOptions() {
    return profileOptions(this.readiness);
  }

  get queueOptions() {
    return queueOptions(this.readiness);
  }

  get permissionSetOptions() {
    return permissionSetOptions(this.readiness);
  }

  get hasPermissionSetOptions(): boolean {
    return this.permissionSetOptions.length > 0;
  }

  get hasQueueOptions(): boolean {
    return this.queueOptions.length > 0;
  }

  /** The chosen profile's licences, and whether the new users fit. */
  get licenceNote(): { text: string; className: string } | null {
    const licence = licenceOf(this.readiness, this.draft.profileName);
    if (!licence) return null;
    const needed = this.draft.contacts.filter((c) => c.partnerUser).length;
    const short = needed > licence.left;
    return {
      text: short
        ? `${licenceText(licence)}: not enough for ${formatCount(needed, 'new user')} (existing users need none).`
        : `${licenceText(licence)}.`,
      className: short ? 'slds-text-color_error' : 'slds-text-color_weak',
    };
  }

  get profileNotOnSite(): boolean {
    const profile = this.readiness?.profiles.find((p) => p.name === this.draft.profileName);
    return profile !== undefined && !profile.onLiveSite;
  }

  // ---- View: review, run and summary ----------------------------------------------------------

  get reviewData() {
    return this.plan ? reviewView(this.plan, this.draft) : null;
  }

  get canCreate(): boolean {
    const view = this.reviewData;
    return view !== null && view.ready && !view.done && !this.busy && this.outcome === null;
  }

  get createDisabled(): boolean {
    return !this.canCreate;
  }

  get showCreate(): boolean {
    return this.reviewData !== null && this.runSteps.length === 0;
  }

  get showRun(): boolean {
    return this.runSteps.length > 0;
  }

  get runRows() {
    return this.runSteps.map((step) => {
      const view = statusView(step.status);
      return {
        ...step,
        iconName: view.iconName,
        statusLabel: view.label,
        iconVariant: step.status === 'failed' ? 'error' : step.status === 'done' ? 'success' : '',
        text: step.detail ? `${view.label}: ${step.detail}` : view.label,
      };
    });
  }

  get runProgress(): { value: number; label: string } {
    const finished = this.runSteps.filter((s) => s.status !== 'waiting' && s.status !== 'running');
    const value = this.runSteps.length
      ? Math.round((finished.length / this.runSteps.length) * 100)
      : 0;
    return { value, label: `${value}% of the onboarding steps finished` };
  }

  get summary() {
    if (!this.outcome) return null;
    return summaryView(this.outcome, this.outcomeDraft ?? this.draft);
  }

  get summaryHeadingClass(): string {
    const outcome = this.summary?.outcome;
    return outcome === 'failure'
      ? 'slds-text-heading_small slds-text-color_error'
      : 'slds-text-heading_small';
  }

  get showResume(): boolean {
    return this.summary !== null && this.summary.outcome !== 'success';
  }

  get hasOtherFailures(): boolean {
    return (this.summary?.otherFailures.length ?? 0) > 0;
  }

  get hasSummaryEmails(): boolean {
    return (this.summary?.emails.length ?? 0) > 0;
  }

  // ---- View: status panel ---------------------------------------------------------------------

  get showStatus(): boolean {
    return this.statusAccountId !== null;
  }

  get statusTitle(): string {
    return this.status ? `Partner status: ${this.status.account.name}` : 'Partner status';
  }

  get statusSummary(): string | null {
    return this.status ? statusSummary(this.status) : null;
  }

  get statusAccountUrl(): string | null {
    return this.status ? `/lightning/r/Account/${this.status.account.id}/view` : null;
  }

  /** The panel is about the account being onboarded: its contacts without users can join. */
  private get statusIsDraftAccount(): boolean {
    const name = this.status?.account.name.trim().toLowerCase();
    return name !== undefined && name === this.draft.accountName.trim().toLowerCase();
  }

  get statusRows() {
    if (!this.status) return [];
    const entered = new Set(this.draft.contacts.map((c) => c.email.trim().toLowerCase()));
    const addable = new Set(
      this.statusIsDraftAccount
        ? contactsWithoutUser(this.status)
            .filter((c) => !entered.has((c.email ?? '').toLowerCase()))
            .map((c) => c.id)
        : [],
    );
    return statusRows(this.status).map((row) => ({
      ...row,
      emailResult: row.userId ? (this.statusEmails[row.userId] ?? null) : null,
      sending: row.userId !== null && this.sendingEmailFor === row.userId,
      canAdd: addable.has(row.key),
      addLabel: `Add ${row.name} to this onboarding`,
      lastLoginClass: row.neverLoggedIn ? 'slds-text-color_error' : '',
    }));
  }

  get hasStatusRows(): boolean {
    return this.statusRows.length > 0;
  }

  get showStatusEmpty(): boolean {
    return this.status !== null && this.status.contacts.length === 0;
  }

  get showStatusSpinner(): boolean {
    return this.statusLoading;
  }

  /** A partner account can be offboarded from its status, once. */
  get canOffboard(): boolean {
    return this.status?.account.isPartner === true && !this.offboardingOpen;
  }

  get offboardLabel(): string {
    return this.status ? `Offboard ${this.status.account.name}` : 'Offboard partner';
  }

  /** Lead queues that may take the partner's open leads. */
  get offboardingQueues() {
    return this.readiness?.queues ?? [];
  }
}
