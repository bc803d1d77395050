/**
 * What the channel manager enters, step by step, and the checks it gets as it is typed: the same
 * limits and required values as the server's rules (PartnerOnboardingRules), so the review is
 * rarely the first to complain. The draft becomes the contract's OnboardingRequest.
 */
import type { OnboardingRequest } from '../../../../../types/partnerOnboarding';
import type { StepName } from './steps';

export interface ContactDraft {
  /** Stable key for the template's list and the inputs' data attributes. */
  key: string;
  firstName: string;
  lastName: string;
  email: string;
  title: string;
  partnerUser: boolean;
}

export interface OnboardingDraft {
  accountName: string;
  website: string;
  contacts: ContactDraft[];
  profileName: string;
  /** Queue API names. */
  queueNames: string[];
  /** Permission set API names. */
  permissionSetNames: string[];
}

export type ContactField = 'firstName' | 'lastName' | 'email' | 'title';
export type DraftField =
  | 'accountName'
  | 'website'
  | ContactField
  | 'partnerUser'
  | 'contacts'
  | 'profileName'
  | 'queueNames'
  | 'permissionSetNames';

/** The server's limits (Salesforce's field lengths); a user's title is shorter than a contact's. */
export const MAX_LENGTH = {
  accountName: 255,
  website: 255,
  firstName: 40,
  lastName: 80,
  email: 80,
  title: 128,
  userTitle: 80,
} as const;

/** planOnboarding takes at most this many contacts at a time. */
export const MAX_CONTACTS = 50;

export const FIELD_MESSAGES = {
  accountName: 'Enter the partner account’s name.',
  website: 'Enter the partner’s website, like acme.com.',
  websitePattern: 'Write the website without spaces, like acme.com or https://www.acme.com.',
  lastName: 'Enter the contact’s last name.',
  email: 'Enter the contact’s e-mail address.',
  emailFormat: 'Write the e-mail address as name@company.com.',
  profileName: 'Choose the partner users’ profile.',
} as const;

/** The pattern lightning-input checks the website against (no spaces anywhere). */
export const WEBSITE_PATTERN = '\\S+';

export function emptyDraft(): OnboardingDraft {
  return {
    accountName: '',
    website: '',
    contacts: [],
    profileName: '',
    queueNames: [],
    permissionSetNames: [],
  };
}

export function newContact(
  key: string,
  values: Partial<Omit<ContactDraft, 'key'>> = {},
): ContactDraft {
  return { key, firstName: '', lastName: '', email: '', title: '', partnerUser: true, ...values };
}

/** "Ben Urban" as a contact's first and last name (the last word is the last name). */
export function splitName(name: string): { firstName: string; lastName: string } {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length <= 1) return { firstName: '', lastName: words[0] ?? '' };
  return { firstName: words.slice(0, -1).join(' '), lastName: words[words.length - 1] };
}

/** Why an e-mail address is refused, in the server's order of checks; null when it is fine. */
export function emailProblem(value: string): string | null {
  const email = value.trim();
  if (!email) return null;
  const parts = email.split('@');
  const domain = parts[1] ?? '';
  const labels = domain.split('.');
  const valid =
    !/\s/.test(email) &&
    parts.length === 2 &&
    parts[0].length > 0 &&
    labels.length >= 2 &&
    labels.every((label) => /^[A-Za-z0-9-]+$/.test(label)) &&
    /^[A-Za-z]{2,}$/.test(labels[labels.length - 1]);
  return valid ? null : FIELD_MESSAGES.emailFormat;
}

export const hasPartnerUsers = (draft: OnboardingDraft): boolean =>
  draft.contacts.some((contact) => contact.partnerUser);

export interface DraftProblem {
  step: StepName;
  field: DraftField;
  /** The contact it is about; absent for the account and the user settings. */
  contactKey?: string;
  message: string;
}

const blank = (value: string): boolean => value.trim().length === 0;

function accountProblems(draft: OnboardingDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  if (blank(draft.accountName)) {
    problems.push({ step: 'account', field: 'accountName', message: FIELD_MESSAGES.accountName });
  }
  if (blank(draft.website)) {
    problems.push({ step: 'account', field: 'website', message: FIELD_MESSAGES.website });
  } else if (/\s/.test(draft.website.trim())) {
    problems.push({ step: 'account', field: 'website', message: FIELD_MESSAGES.websitePattern });
  }
  return problems;
}

/** The e-mail a contact repeats (ignoring case), with the number of the contact that has it first. */
function duplicateEmails(contacts: ContactDraft[]): Map<string, number> {
  const first = new Map<string, number>();
  const repeats = new Map<string, number>();
  contacts.forEach((contact, index) => {
    const key = contact.email.trim().toLowerCase();
    if (!key) return;
    const seen = first.get(key);
    if (seen === undefined) first.set(key, index + 1);
    else repeats.set(contact.key, seen);
  });
  return repeats;
}

/** The message a contact's e-mail field shows, or null: blank, malformed, or already entered. */
export function contactEmailProblem(draft: OnboardingDraft, contact: ContactDraft): string | null {
  if (blank(contact.email)) return FIELD_MESSAGES.email;
  const format = emailProblem(contact.email);
  if (format) return format;
  const first = duplicateEmails(draft.contacts).get(contact.key);
  return first === undefined
    ? null
    : `Contact ${first} has this e-mail already: a contact can be entered only once.`;
}

export function titleLimit(contact: ContactDraft): number {
  return contact.partnerUser ? MAX_LENGTH.userTitle : MAX_LENGTH.title;
}

function contactProblems(draft: OnboardingDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  if (draft.contacts.length === 0) {
    problems.push({
      step: 'contacts',
      field: 'contacts',
      message: 'Add at least one contact of the partner.',
    });
  } else if (draft.contacts.length > MAX_CONTACTS) {
    problems.push({
      step: 'contacts',
      field: 'contacts',
      message: `Onboard at most ${MAX_CONTACTS} contacts at a time (the CLI's partners onboard takes more).`,
    });
  }
  for (const contact of draft.contacts) {
    const about = { step: 'contacts' as const, contactKey: contact.key };
    if (blank(contact.lastName)) {
      problems.push({ ...about, field: 'lastName', message: FIELD_MESSAGES.lastName });
    }
    const email = contactEmailProblem(draft, contact);
    if (email) problems.push({ ...about, field: 'email', message: email });
    const limit = titleLimit(contact);
    if (contact.title.trim().length > limit) {
      problems.push({
        ...about,
        field: 'title',
        message: `Shorten the title to ${limit} characters${contact.partnerUser ? ' (a user’s title is at most 80)' : ''}.`,
      });
    }
  }
  return problems;
}

function userProblems(draft: OnboardingDraft): DraftProblem[] {
  if (!hasPartnerUsers(draft) || !blank(draft.profileName)) return [];
  return [{ step: 'users', field: 'profileName', message: FIELD_MESSAGES.profileName }];
}

/** Everything the draft lacks, step by step; the review needs none. */
export function draftProblems(draft: OnboardingDraft): DraftProblem[] {
  return [...accountProblems(draft), ...contactProblems(draft), ...userProblems(draft)];
}

export function stepProblems(draft: OnboardingDraft, step: StepName): DraftProblem[] {
  return draftProblems(draft).filter((problem) => problem.step === step);
}

const orNull = (value: string): string | null => (blank(value) ? null : value.trim());

/** The contract's request: trimmed values, and user settings only when a contact gets a user. */
export function toRequest(draft: OnboardingDraft): OnboardingRequest {
  const users = hasPartnerUsers(draft);
  return {
    account: { name: draft.accountName.trim(), website: draft.website.trim() },
    contacts: draft.contacts.map((contact) => ({
      firstName: orNull(contact.firstName),
      lastName: contact.lastName.trim(),
      email: contact.email.trim(),
      title: orNull(contact.title),
      partnerUser: contact.partnerUser,
    })),
    profileName: users ? orNull(draft.profileName) : null,
    queueNames: users ? [...draft.queueNames] : [],
    permissionSetNames: users ? [...draft.permissionSetNames] : [],
  };
}

/** Two requests ask for the same onboarding (a plan made for one holds for the other). */
export function sameRequest(a: OnboardingRequest | null, b: OnboardingRequest | null): boolean {
  return a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b);
}
