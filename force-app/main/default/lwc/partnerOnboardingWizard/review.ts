/**
 * The review: what planOnboarding says will be created, contact by contact, with each problem
 * beside the contact or the field it is about, and whether an earlier run already did part of it.
 * Nothing here calls the server.
 */
import type {
  OnboardingPlan,
  OnboardingProblem,
  PlannedContact,
} from '../../../../../types/partnerOnboarding';
import type { OnboardingDraft } from './draft';
import { formatCount, formatList, recordUrl, sentence } from './format';
import { stepLabel, type StepName } from './steps';

/** The step whose input a problem's field is (Account name, Email, Profile, ...). */
const FIELD_STEPS: Record<string, StepName> = {
  'Account name': 'account',
  Website: 'account',
  'First name': 'contacts',
  'Last name': 'contacts',
  Email: 'contacts',
  Title: 'contacts',
  'Partner user': 'contacts',
  Profile: 'users',
  Queues: 'users',
  'Permission sets': 'users',
};

/** The rules' words are an onboarding file's (columns, rows); the wizard has fields and contacts. */
const COLUMN_WORDS: [RegExp, string][] = [
  [/\bAccountName\b/g, 'Account name'],
  [/\bFirstName\b/g, 'First name'],
  [/\bLastName\b/g, 'Last name'],
  [/\bPartnerUser is no\b/g, 'Partner user is off'],
  [/\bset PartnerUser to no\b/g, 'turn Partner user off'],
  [/\bPartnerUser is yes\b/g, 'Partner user is on'],
  [/\bPartnerUser\b/g, 'Partner user'],
  [/\bthe file says\b/g, 'you chose'],
];

export function wizardWording(text: string): string {
  let result = text
    // Rows of a file start at 2 (after the header): row 2 is the first contact.
    .replace(/\bon row (\d+)\b/g, (_whole, row: string) => `as contact ${Number(row) - 1}`)
    .replace(/\brow (\d+)\b/g, (_whole, row: string) => `contact ${Number(row) - 1}`)
    .replace(/\b(\d+) rows\b/g, '$1 contacts')
    .replace(/\bthis row\b/g, 'this contact')
    .replace(/\bthese rows\b/g, 'these contacts')
    .replace(/\bthe two rows\b/g, 'the two contacts');
  for (const [pattern, words] of COLUMN_WORDS) result = result.replace(pattern, words);
  return result;
}

export interface ProblemView {
  key: string;
  /** "Email", "Website", or "" for the whole onboarding. */
  field: string;
  message: string;
  fix: string;
  /** Contacts it is about, as the channel manager numbers them ("Contacts 1 and 2"). */
  contacts: string;
  /** Where it is: contacts and field ("Contact 1, Email"), or "" for the whole onboarding. */
  where: string;
  step: StepName;
  stepLabel: string;
  changeLabel: string;
}

function problemStep(problem: OnboardingProblem): StepName {
  return FIELD_STEPS[problem.field ?? ''] ?? (problem.contactIndex == null ? 'review' : 'contacts');
}

/** One entry per distinct problem, with the contacts it was reported for. */
function problemViews(problems: OnboardingProblem[], prefix: string): ProblemView[] {
  const byText = new Map<string, { problem: OnboardingProblem; contacts: number[] }>();
  for (const problem of problems) {
    const text = `${problem.field ?? ''}|${problem.message}|${problem.fix}`;
    const entry = byText.get(text) ?? { problem, contacts: [] };
    if (problem.contactIndex != null) entry.contacts.push(problem.contactIndex + 1);
    byText.set(text, entry);
  }
  return [...byText.values()].map(({ problem, contacts }, index) => {
    const step = problemStep(problem);
    const numbers = [...new Set(contacts)].map(String);
    const about =
      numbers.length === 0
        ? ''
        : `${numbers.length === 1 ? 'Contact' : 'Contacts'} ${formatList(numbers)}`;
    return {
      key: `${prefix}-${index}`,
      field: problem.field ?? '',
      message: sentence(wizardWording(problem.message)),
      fix: sentence(wizardWording(problem.fix)),
      contacts: about,
      where: [about, problem.field ?? ''].filter(Boolean).join(', '),
      step,
      stepLabel: stepLabel(step),
      changeLabel: step === 'review' ? '' : `Change in ${stepLabel(step)}`,
    };
  });
}

const isAccountField = (problem: OnboardingProblem) =>
  problem.field === 'Account name' || problem.field === 'Website';
const isUserSetting = (problem: OnboardingProblem) =>
  problem.field === 'Profile' || problem.field === 'Queues' || problem.field === 'Permission sets';
const isContactField = (problem: OnboardingProblem) =>
  problem.contactIndex != null && problemStep(problem) === 'contacts';

export interface ReviewContactRow {
  key: string;
  number: number;
  heading: string;
  email: string;
  planned: boolean;
  contactText: string;
  contactUrl: string | null;
  userText: string;
  userUrl: string | null;
  /** Username, nickname and alias of a new user. */
  userDetails: string | null;
  loginEmailText: string | null;
  queuesText: string | null;
  notes: string[];
  problems: ProblemView[];
  hasProblems: boolean;
}

const CONTACT_TEXT: Record<PlannedContact['contact'], string> = {
  create: 'Create the contact',
  match: 'Exists: reused',
};

function userText(contact: PlannedContact): string {
  switch (contact.user) {
    case 'create':
      return 'Create a partner user';
    case 'exists':
      return `Has a partner user: ${contact.username ?? ''}`.trim();
    case 'inactive':
      return `Has an inactive partner user: ${contact.username ?? ''} (not reactivated)`.trim();
    default:
      return 'No partner user';
  }
}

function loginEmailText(contact: PlannedContact): string | null {
  if (contact.user !== 'create') return null;
  return contact.loginEmail === 'site-welcome'
    ? 'Login e-mail: the site’s welcome e-mail, when the user is created'
    : 'Login e-mail: a password reset e-mail, sent after the user is created';
}

function contactRow(
  draft: OnboardingDraft,
  index: number,
  planned: PlannedContact | undefined,
  problems: OnboardingProblem[],
): ReviewContactRow {
  const input = draft.contacts[index];
  const name = planned?.name ?? [input?.firstName, input?.lastName].join(' ').trim();
  // Beside its contact, a problem needs only its field.
  const views = problemViews(problems, `contact-${index}`).map((view) => ({
    ...view,
    contacts: '',
    where: view.field,
  }));
  return {
    key: input?.key ?? `contact-${index}`,
    number: index + 1,
    heading: `Contact ${index + 1}: ${name || '(no name)'}`,
    email: planned?.email ?? input?.email ?? '',
    planned: planned !== undefined,
    contactText: planned
      ? CONTACT_TEXT[planned.contact]
      : 'Not planned until the problems below are fixed',
    contactUrl: planned?.contactId ? recordUrl('Contact', planned.contactId) : null,
    userText: planned ? userText(planned) : '',
    userUrl: planned?.userId ? recordUrl('User', planned.userId) : null,
    userDetails:
      planned?.user === 'create'
        ? `Username ${planned.username ?? ''}, nickname ${planned.nickname ?? ''}, alias ${planned.alias ?? ''}`
        : null,
    loginEmailText: planned ? loginEmailText(planned) : null,
    queuesText:
      planned && planned.queuesToJoin.length > 0
        ? `Joins ${formatList(planned.queuesToJoin)}`
        : null,
    notes: (planned?.notes ?? []).map((note) => sentence(wizardWording(note))),
    problems: views,
    hasProblems: views.length > 0,
  };
}

export interface ReviewView {
  ready: boolean;
  nextStep: OnboardingPlan['nextStep'];
  accountText: string;
  accountUrl: string | null;
  accountProblems: ProblemView[];
  userProblems: ProblemView[];
  generalProblems: ProblemView[];
  problemCount: number;
  problemSummary: string | null;
  contacts: ReviewContactRow[];
  warnings: string[];
  permissionSetsText: string;
  /** What the run will create, as a list of counts, and in a sentence. */
  creates: string[];
  createsText: string;
  resumeText: string | null;
  /** Every part exists: nothing to create. */
  done: boolean;
  createLabel: string;
}

function accountText(plan: OnboardingPlan): string {
  const account = plan.account;
  if (!account) return 'The account is not planned until the problems below are fixed.';
  const what = `${account.name} (${account.website})`;
  switch (account.action) {
    case 'create':
      return `Create the account ${what}, owned by ${account.ownerName}, and enable it as a partner account.`;
    case 'enable':
      return `Enable the existing account ${what}, owned by ${account.ownerName}, as a partner account.`;
    default:
      return `Reuse the partner account ${what}, owned by ${account.ownerName}.`;
  }
}

function creates(plan: OnboardingPlan): string[] {
  const contacts = plan.contacts.filter((c) => c.contact === 'create').length;
  const users = plan.contacts.filter((c) => c.user === 'create').length;
  const memberships = plan.contacts.reduce((sum, c) => sum + c.queuesToJoin.length, 0);
  const assignments = users * plan.permissionSets.length;
  const lines: string[] = [];
  if (plan.account?.action === 'create') lines.push('1 partner account');
  if (contacts > 0) lines.push(formatCount(contacts, 'contact'));
  if (users > 0) lines.push(formatCount(users, 'partner user'));
  if (memberships > 0) lines.push(formatCount(memberships, 'queue membership'));
  if (assignments > 0) lines.push(formatCount(assignments, 'permission set assignment'));
  return lines;
}

function createsText(plan: OnboardingPlan): string {
  if (!plan.ready) return 'Nothing is created until the problems are fixed.';
  const lines = creates(plan);
  const enable = plan.account?.action === 'enable';
  if (lines.length === 0) {
    return enable
      ? 'Will enable the account as a partner account; nothing new to create.'
      : 'Nothing new to create.';
  }
  const verb = enable ? 'Will enable the account as a partner account and create' : 'Will create';
  return `${verb} ${formatList(lines)}.`;
}

/** Said when planOnboarding finds part of the onboarding already in the org. */
export function resumeText(plan: OnboardingPlan): string | null {
  const name = plan.account?.name ?? 'The partner account';
  switch (plan.nextStep) {
    case 'contacts':
      return `This onboarding was started before: ${name} is already a partner account. It continues with the contacts; nothing that exists is created again.`;
    case 'users':
      return `This onboarding was started before: ${name} and its contacts exist. It continues with the partner users; nothing that exists is created again.`;
    case 'done':
      return `This onboarding was done before: ${name}, its contacts and their partner users exist. Nothing will be created.`;
    default:
      return null;
  }
}

export function reviewView(plan: OnboardingPlan, draft: OnboardingDraft): ReviewView {
  const accountProblems = problemViews(plan.problems.filter(isAccountField), 'account');
  const userProblems = problemViews(plan.problems.filter(isUserSetting), 'users');
  const generalProblems = problemViews(
    plan.problems.filter((p) => !isAccountField(p) && !isUserSetting(p) && !isContactField(p)),
    'general',
  );
  const contacts = draft.contacts.map((_input, index) =>
    contactRow(
      draft,
      index,
      plan.contacts.find((c) => c.index === index),
      plan.problems.filter((p) => p.contactIndex === index && isContactField(p)),
    ),
  );
  const problemCount =
    accountProblems.length +
    userProblems.length +
    generalProblems.length +
    contacts.reduce((sum, row) => sum + row.problems.length, 0);
  const permissionSets = plan.permissionSets;
  const users = plan.contacts.some((c) => c.user === 'create');
  const done = plan.ready && plan.nextStep === 'done';
  return {
    ready: plan.ready,
    nextStep: plan.nextStep,
    accountText: accountText(plan),
    accountUrl: plan.account?.id ? recordUrl('Account', plan.account.id) : null,
    accountProblems,
    userProblems,
    generalProblems,
    problemCount,
    problemSummary:
      problemCount > 0
        ? `${formatCount(problemCount, 'problem')} must be fixed before anything is created.`
        : null,
    contacts,
    warnings: plan.warnings.map((warning) => sentence(wizardWording(warning))),
    permissionSetsText: !users
      ? 'No partner user is created.'
      : permissionSets.length > 0
        ? `New partner users get the permission ${permissionSets.length === 1 ? 'set' : 'sets'} ${formatList(permissionSets)}.`
        : 'New partner users get no permission set.',
    creates: creates(plan),
    createsText: createsText(plan),
    resumeText: plan.ready ? resumeText(plan) : null,
    done,
    createLabel: plan.nextStep === 'account' ? 'Create and send' : 'Continue the onboarding',
  };
}
