/**
 * Carrying out a reviewed plan: the steps in order (each its own Apex call and transaction),
 * which of them an earlier run already did, which new users get a password-reset e-mail, and
 * the summary with links to the records. The component makes the calls; this decides.
 */
import type {
  CreatedRecord,
  LoginEmailResult,
  OnboardingPlan,
  StepResult,
} from '../../../../../types/partnerOnboarding';
import type { OnboardingDraft } from './draft';
import { formatCount, formatList, recordUrl } from './format';

export type RunStepKey = 'account' | 'contacts' | 'users' | 'email';
export type RunStepStatus = 'waiting' | 'running' | 'done' | 'skipped' | 'failed';

export interface RunStep {
  key: RunStepKey;
  label: string;
  status: RunStepStatus;
  detail: string;
}

const RUN_LABELS: Record<RunStepKey, string> = {
  account: 'Partner account',
  contacts: 'Contacts',
  users: 'Partner users',
  email: 'Login e-mails',
};

const ORDER: RunStepKey[] = ['account', 'contacts', 'users', 'email'];

const STATUS_VIEW: Record<RunStepStatus, { iconName: string; label: string }> = {
  waiting: { iconName: 'utility:clock', label: 'Waiting' },
  running: { iconName: 'utility:sync', label: 'Running' },
  done: { iconName: 'utility:success', label: 'Done' },
  skipped: { iconName: 'utility:dash', label: 'Not needed' },
  failed: { iconName: 'utility:error', label: 'Failed' },
};

export function statusView(status: RunStepStatus): { iconName: string; label: string } {
  return STATUS_VIEW[status];
}

/** New users whose login e-mail the wizard sends (the others get the site's welcome e-mail). */
export const needsPasswordReset = (plan: OnboardingPlan): boolean =>
  plan.contacts.some((c) => c.user === 'create' && c.loginEmail === 'password-reset');

/**
 * The run's steps for a reviewed plan: those before the plan's next step were done by an earlier
 * run, and steps with nothing to do are not called.
 */
export function initialSteps(plan: OnboardingPlan): RunStep[] {
  const start = plan.nextStep === 'done' ? ORDER.length : ORDER.indexOf(plan.nextStep);
  const needed: Record<RunStepKey, string | null> = {
    account: null,
    contacts: plan.contacts.some((c) => c.contact === 'create') ? null : 'Every contact exists.',
    users: plan.contacts.some((c) => c.user === 'create' || c.queuesToJoin.length > 0)
      ? null
      : 'No partner user to create or add to a queue.',
    email: needsPasswordReset(plan)
      ? null
      : plan.contacts.some((c) => c.user === 'create')
        ? 'The site sends its welcome e-mail when a user is created.'
        : 'No new partner user.',
  };
  return ORDER.map((key, index) => {
    const skipped = index < start ? 'Done by an earlier run.' : needed[key];
    return {
      key,
      label: RUN_LABELS[key],
      status: skipped ? 'skipped' : 'waiting',
      detail: skipped ?? '',
    };
  });
}

const CREATED_WORDS: Record<CreatedRecord['type'], [string, string]> = {
  Account: ['account', 'accounts'],
  Contact: ['contact', 'contacts'],
  User: ['partner user', 'partner users'],
  GroupMember: ['queue membership', 'queue memberships'],
  PermissionSetAssignment: ['permission set assignment', 'permission set assignments'],
};

/** "Created 1 partner user and 1 queue membership; 1 failed." */
export function stepDetail(key: RunStepKey, result: StepResult, plan: OnboardingPlan): string {
  const counts = new Map<CreatedRecord['type'], number>();
  for (const record of result.created) counts.set(record.type, (counts.get(record.type) ?? 0) + 1);
  const parts = [...counts].map(([type, n]) => formatCount(n, ...CREATED_WORDS[type]));
  let text = parts.length > 0 ? `Created ${formatList(parts)}` : 'Nothing new to create';
  if (key === 'account' && plan.account?.action !== 'reuse') {
    text =
      plan.account?.action === 'enable'
        ? `Enabled ${plan.account.name} as a partner account`
        : `${text}, enabled as a partner account`;
  }
  const failed = result.failures.length;
  return failed > 0 ? `${text}; ${formatCount(failed, 'failure')}.` : `${text}.`;
}

export interface RunFailure {
  key: string;
  step: RunStepKey;
  contactIndex: number | null;
  message: string;
}

export function failuresOf(step: RunStepKey, result: StepResult): RunFailure[] {
  return result.failures.map((failure, index) => ({
    key: `${step}-${index}`,
    step,
    contactIndex: failure.contactIndex ?? null,
    message: failure.message,
  }));
}

/** Contacts that failed to save and were to get a user: the users step would only refuse. */
export function blockedUsers(plan: OnboardingPlan, failures: RunFailure[]): number {
  const failed = new Set(failures.map((f) => f.contactIndex));
  return plan.contacts.filter((c) => c.user === 'create' && failed.has(c.index)).length;
}

/**
 * Users created by this run whose reviewed plan says password reset: found by contact in the plan
 * read after the users step (a username taken elsewhere may have been replaced on the way).
 */
export function passwordResetUserIds(
  reviewed: OnboardingPlan,
  after: OnboardingPlan,
  created: CreatedRecord[],
): string[] {
  const createdUsers = new Set(created.filter((r) => r.type === 'User').map((r) => r.id));
  const ids: string[] = [];
  for (const contact of reviewed.contacts) {
    if (contact.user !== 'create' || contact.loginEmail !== 'password-reset') continue;
    const userId = after.contacts.find((c) => c.index === contact.index)?.userId;
    if (userId && createdUsers.has(userId)) ids.push(userId);
  }
  return ids;
}

export function emailDetail(results: LoginEmailResult[]): string {
  const sent = results.filter((r) => r.sent).length;
  const failed = results.length - sent;
  const text = `Sent ${formatCount(sent, 'password reset e-mail')}`;
  return failed > 0 ? `${text}; ${failed} not sent.` : `${text}.`;
}

// ---- Summary ------------------------------------------------------------------------------

export interface SummaryContact {
  key: string;
  name: string;
  email: string;
  contactUrl: string | null;
  contactState: string;
  username: string | null;
  userUrl: string | null;
  userState: string | null;
  emailState: string | null;
  failures: RunFailure[];
  hasFailures: boolean;
}

export interface SummaryView {
  outcome: 'success' | 'partial' | 'failure';
  heading: string;
  accountName: string;
  accountUrl: string | null;
  accountState: string;
  contacts: SummaryContact[];
  /** Failures that name no contact. */
  otherFailures: RunFailure[];
  emails: {
    key: string;
    username: string;
    text: string;
    sent: boolean;
    iconName: string;
    iconVariant: 'success' | 'error';
  }[];
  emailsText: string;
}

export interface RunOutcome {
  reviewed: OnboardingPlan;
  /** The plan read after the steps; null when that read failed. */
  after: OnboardingPlan | null;
  created: CreatedRecord[];
  failures: RunFailure[];
  emails: LoginEmailResult[];
  /** The step that stopped the run, with the server's message. */
  stopped: { step: RunStepKey; message: string } | null;
  accountId: string | null;
}

function emailStateOf(
  userId: string | undefined,
  emails: LoginEmailResult[],
  reviewed: OnboardingPlan,
  index: number,
): string | null {
  if (!userId) return null;
  const result = emails.find((e) => e.userId === userId);
  if (result) {
    return result.sent
      ? 'Password reset e-mail sent'
      : `Login e-mail not sent: ${result.message ?? ''}`;
  }
  const planned = reviewed.contacts.find((c) => c.index === index);
  return planned?.user === 'create' && planned.loginEmail === 'site-welcome'
    ? 'Welcome e-mail sent by the site'
    : null;
}

export function summaryView(outcome: RunOutcome, draft: OnboardingDraft): SummaryView {
  const { reviewed, after, created, failures, emails, stopped } = outcome;
  const createdIds = new Set(created.map((r) => r.id));
  const plan = after ?? reviewed;
  const account = plan.account ?? reviewed.account;
  const accountId = outcome.accountId ?? account?.id ?? null;
  const contacts: SummaryContact[] = draft.contacts.map((input, index) => {
    const planned = after?.contacts.find((c) => c.index === index);
    const contactId = planned?.contactId ?? undefined;
    const userId = planned?.userId ?? undefined;
    const rowFailures = failures.filter((f) => f.contactIndex === index);
    const name = planned?.name ?? `${input.firstName} ${input.lastName}`.trim();
    return {
      key: input.key,
      name,
      email: planned?.email ?? input.email,
      contactUrl: contactId ? recordUrl('Contact', contactId) : null,
      contactState: !contactId ? 'Not saved' : createdIds.has(contactId) ? 'Created' : 'Existed',
      username: planned?.username ?? null,
      userUrl: userId ? recordUrl('User', userId) : null,
      userState: !userId
        ? planned?.user === 'create'
          ? 'Partner user not created'
          : null
        : createdIds.has(userId)
          ? 'Partner user created'
          : 'Partner user existed',
      emailState: emailStateOf(userId, emails, reviewed, index),
      failures: rowFailures,
      hasFailures: rowFailures.length > 0,
    };
  });
  const unsent = emails.filter((e) => !e.sent).length;
  const result: SummaryView['outcome'] = stopped
    ? 'failure'
    : failures.length + unsent > 0
      ? 'partial'
      : 'success';
  const name = account?.name ?? draft.accountName;
  let heading = `${name} is onboarded`;
  if (stopped) {
    heading = `The onboarding of ${name} stopped at: ${RUN_LABELS[stopped.step]}`;
  } else if (failures.length > 0) {
    heading = `The onboarding of ${name} is not finished: ${formatCount(failures.length, 'failure')}`;
  } else if (unsent > 0) {
    heading = `${name} is onboarded, but ${formatCount(unsent, 'login e-mail')} ${unsent === 1 ? 'was' : 'were'} not sent`;
  }
  const accountCreated = accountId !== null && createdIds.has(accountId);
  return {
    outcome: result,
    heading,
    accountName: name,
    accountUrl: accountId ? recordUrl('Account', accountId) : null,
    accountState: !accountId
      ? 'Not created'
      : accountCreated
        ? 'Created and enabled as a partner account'
        : reviewed.account?.action === 'enable'
          ? 'Enabled as a partner account'
          : 'Existed',
    contacts,
    otherFailures: failures.filter((f) => f.contactIndex === null),
    emails: emails.map((e) => ({
      key: e.userId,
      username: e.username ?? e.userId,
      text: e.sent ? 'Password reset e-mail sent' : (e.message ?? 'Not sent'),
      sent: e.sent,
      iconName: e.sent ? 'utility:success' : 'utility:error',
      iconVariant: e.sent ? 'success' : 'error',
    })),
    emailsText:
      emails.length > 0
        ? emailDetail(emails)
        : needsPasswordReset(reviewed)
          ? 'No login e-mail was sent.'
          : 'No login e-mail to send: new users get the site’s welcome e-mail, or no user was created.',
  };
}

/** The toast at the end of a run. */
export function runToast(view: SummaryView): {
  title: string;
  message: string;
  variant: 'success' | 'warning' | 'error';
} {
  const variant =
    view.outcome === 'success' ? 'success' : view.outcome === 'partial' ? 'warning' : 'error';
  const message =
    view.outcome === 'success'
      ? 'The records are linked in the summary.'
      : 'The summary lists what failed; review again to finish.';
  return { title: view.heading, message, variant };
}
