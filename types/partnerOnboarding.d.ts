// The partner onboarding wizard's contract: what each AuraEnabled method of
// PartnerOnboardingController takes and returns (Apex: inner classes of PartnerOnboardingApi with
// the same field names). Every method takes one parameter, `request`. Ids are 18 characters.
// Properties that are null are absent from answers (Lightning drops them), hence the `?`.
// Errors are AuraHandledException messages a channel manager can act on.
//
// Every step recomputes the plan from the org before it acts, so a wizard that stopped half way
// resumes where it stopped, and a step run twice creates nothing the second time.

export type ReadinessStatus = 'ok' | 'warning' | 'error';

/** One readiness check: what it means and, when it is not ok, where to fix it. */
export interface ReadinessItem {
  key:
    | 'partnerAccounts'
    | 'digitalExperiences'
    | 'liveSite'
    | 'partnerLicences'
    | 'partnerProfiles'
    | 'siteMembers'
    | 'welcomeEmail'
    | 'runningUserRole'
    | 'leadAssignmentRule';
  status: ReadinessStatus;
  title: string;
  detail: string;
  /** What to do (absent when ok). */
  fix?: string | null;
  /** The Setup page that fixes it, as a path under the org's domain (absent when ok). */
  setupPath?: string | null;
}

export interface LicenceInfo {
  key: string;
  name: string;
  total: number;
  used: number;
  left: number;
}

export interface ProfileInfo {
  id: string;
  name: string;
  licenceName: string;
  /** A member of a live site: its users can log in. */
  onLiveSite: boolean;
}

export interface SiteInfo {
  id: string;
  name: string;
  status: string;
  sendsWelcomeEmail: boolean;
}

export interface QueueInfo {
  id: string;
  name: string;
  developerName: string;
}

export interface PermissionSetInfo {
  id: string;
  name: string;
  label: string;
}

export interface Readiness {
  /** No check is an error: onboarding can go ahead. */
  ready: boolean;
  items: ReadinessItem[];
  licences: LicenceInfo[];
  /** Partner profiles, the ones on a live site first. */
  profiles: ProfileInfo[];
  sites: SiteInfo[];
  /** Queues that take leads. */
  queues: QueueInfo[];
  /** Permission sets a partner user may be given (no licence of their own). */
  permissionSets: PermissionSetInfo[];
}

export type ReadinessRequest = Record<string, never>;

export interface AccountSearchRequest {
  /** Part of the name (2 characters at least), or null. */
  name?: string | null;
  /** A website, matched in its normal form (no scheme, no www., no trailing /). */
  website?: string | null;
}

export interface AccountMatch {
  id: string;
  name: string;
  website?: string | null;
  isPartner: boolean;
  ownerName: string;
  /** Same name and the same website: onboarding this name and website reuses it. */
  exact: boolean;
}

export interface ContactInput {
  firstName?: string | null;
  lastName: string;
  email: string;
  title?: string | null;
  /** Enable a partner user for this contact. */
  partnerUser: boolean;
}

/** What the wizard holds: the account, its contacts, and what their users get. */
export interface OnboardingRequest {
  account: { name: string; website: string };
  contacts: ContactInput[];
  /** The partner users' profile (required when a contact gets a user). */
  profileName?: string | null;
  /** Lead queues the partner users join (names or API names). */
  queueNames?: string[] | null;
  /** Permission sets the partner users get (API names). */
  permissionSetNames?: string[] | null;
}

/** A problem with the wizard's input or the org: where, what, how to fix it. */
export interface OnboardingProblem {
  /** The contact it is about (0-based), or absent for the account or the whole request. */
  contactIndex?: number | null;
  /** Account name, Website, First name, Last name, Email, Title, Partner user, Profile, Queues. */
  field?: string | null;
  message: string;
  fix: string;
}

export type AccountAction = 'create' | 'enable' | 'reuse';
export type ContactAction = 'create' | 'match';
export type UserAction = 'create' | 'exists' | 'inactive' | 'skip';
export type LoginEmail = 'site-welcome' | 'password-reset';

export interface PlannedContact {
  index: number;
  name: string;
  email: string;
  contact: ContactAction;
  contactId?: string | null;
  user: UserAction;
  userId?: string | null;
  username?: string | null;
  nickname?: string | null;
  alias?: string | null;
  loginEmail?: LoginEmail | null;
  queuesToJoin: string[];
  notes: string[];
}

export interface OnboardingPlan {
  /** Nothing blocks the next step (no problems). */
  ready: boolean;
  account?: {
    action: AccountAction;
    id?: string | null;
    name: string;
    website: string;
    ownerName: string;
  } | null;
  contacts: PlannedContact[];
  problems: OnboardingProblem[];
  warnings: string[];
  permissionSets: string[];
  /** What the next step would do, in order: account, contacts, users, then e-mails. */
  nextStep: 'account' | 'contacts' | 'users' | 'done';
}

export interface CreatedRecord {
  type: 'Account' | 'Contact' | 'User' | 'GroupMember' | 'PermissionSetAssignment';
  id: string;
  name: string;
}

/** What a step did. The wizard asks planOnboarding again to see where things stand. */
export interface StepResult {
  created: CreatedRecord[];
  /** Rows the platform refused (the others were saved). */
  failures: { contactIndex?: number | null; message: string }[];
}

export interface LoginEmailRequest {
  userIds: string[];
}

export interface LoginEmailResult {
  userId: string;
  /** Absent for an Id that is not a partner user the caller can see. */
  username?: string | null;
  method: LoginEmail;
  sent: boolean;
  message?: string | null;
}

export interface PartnerStatusRequest {
  accountId: string;
}

export interface PartnerUserStatus {
  id: string;
  username: string;
  isActive: boolean;
  profileName: string;
  licenceName: string;
  /** ISO date-time, absent when the user never logged in. */
  lastLogin?: string | null;
  onLiveSite: boolean;
  queues: string[];
}

export interface PartnerContactStatus {
  id: string;
  name: string;
  email?: string | null;
  user?: PartnerUserStatus | null;
  /** What to do next for this contact, in words. */
  nextAction: string;
}

export interface PartnerStatus {
  account: {
    id: string;
    name: string;
    website?: string | null;
    isPartner: boolean;
    ownerName: string;
  };
  contacts: PartnerContactStatus[];
}

// ---- Offboarding ------------------------------------------------------------------------------
// planOffboarding previews; offboardPartner runs the next step the org says is not done (leads,
// users, memberships, account), one per call: users and queue members are setup objects that
// cannot share a transaction with leads or the account (mixed DML). Each call recomputes the plan
// from the org, so a stopped offboarding resumes; a call when everything is done changes nothing.

export interface OffboardingRequest {
  accountId: string;
  /** Who takes the partner's open leads: a user or a lead queue; absent for the account's owner. */
  newOwnerId?: string | null;
  /** The account's name, typed exactly (offboardPartner refuses without it; trimmed). */
  confirmation?: string | null;
}

/** Where the partner's open leads go: the lead-assignment console's plan, per owner. */
export interface OffboardingLeadOwner {
  ownerId: string;
  name: string;
  type: import('./leadAssignment').OwnerType;
  leads: number;
  eligible: boolean;
  /** Why the owner cannot take leads (empty when eligible). */
  reasons: string[];
}

export interface OffboardingUser {
  id: string;
  name: string;
  username: string;
  isActive: boolean;
  openLeads: number;
}

export interface OffboardingMembership {
  /** The GroupMember's Id. */
  id: string;
  queueName: string;
  userId: string;
  userName?: string | null;
}

export type OffboardingStepKey = 'leads' | 'users' | 'memberships' | 'account';

/** 'waiting': a lead reassignment of the caller's is still running in the background. */
export type OffboardingStepStatus = 'todo' | 'waiting' | 'done';

export interface OffboardingStep {
  key: OffboardingStepKey;
  label: string;
  status: OffboardingStepStatus;
  detail: string;
}

/** What offboarding would do, read from the org as it stands; nothing is changed. */
export interface OffboardingPlan {
  account: {
    id: string;
    name: string;
    website?: string | null;
    isPartner: boolean;
    ownerName?: string | null;
  };
  openLeads: number;
  leadOwners: OffboardingLeadOwner[];
  /** Open leads the planner cannot place. */
  unplacedLeads: number;
  /** The leads go in the background (Batch Apex): too many for one transaction. */
  leadsRunAsBatch: boolean;
  /** A lead reassignment of the caller's still running (Lead_Assignment_Batch__c Id). */
  runningBatchId?: string | null;
  users: OffboardingUser[];
  memberships: OffboardingMembership[];
  /** Leads, users, memberships, account: always all four, in that order. */
  steps: OffboardingStep[];
  nextStep: OffboardingStepKey | 'done';
  /** What stops the offboarding, each with its fix. */
  problems: string[];
  /** No problem. */
  ready: boolean;
  /** What cannot be undone (IsPartner = false), in words. */
  irreversible: string;
}

/** One step done, and the plan after it. */
export interface OffboardingResult {
  step: OffboardingStepKey | 'done';
  /** Records changed by this step. */
  changed: number;
  message: string;
  /** The lead reassignment's batch (undo it in the lead-assignment console). */
  batchId?: string | null;
  /** 'Queued' when it runs in the background, else its final status. */
  batchStatus?: string | null;
  /** Rows the platform refused, each "Id: message" (the others were saved). */
  failures: string[];
  plan: OffboardingPlan;
}

export interface PartnerOnboardingApi {
  getReadiness: { request: ReadinessRequest; result: Readiness };
  searchAccounts: { request: AccountSearchRequest; result: AccountMatch[] };
  planOnboarding: { request: OnboardingRequest; result: OnboardingPlan };
  findOrCreateAccount: { request: OnboardingRequest; result: StepResult };
  saveContacts: { request: OnboardingRequest; result: StepResult };
  enablePartnerUsers: { request: OnboardingRequest; result: StepResult };
  sendLoginEmail: { request: LoginEmailRequest; result: LoginEmailResult[] };
  getPartnerStatus: { request: PartnerStatusRequest; result: PartnerStatus };
  planOffboarding: { request: OffboardingRequest; result: OffboardingPlan };
  offboardPartner: { request: OffboardingRequest; result: OffboardingResult };
}
