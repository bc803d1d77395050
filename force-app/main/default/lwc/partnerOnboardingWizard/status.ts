/** The status panel: per contact of a partner account, its user, last login and next action. */
import type { PartnerContactStatus, PartnerStatus } from '../../../../../types/partnerOnboarding';
import { formatCount, formatDateTime, formatList, recordUrl } from './format';

export interface StatusRow {
  key: string;
  name: string;
  email: string;
  contactUrl: string;
  hasUser: boolean;
  username: string;
  userUrl: string | null;
  userText: string;
  lastLoginText: string;
  neverLoggedIn: boolean;
  siteText: string;
  queuesText: string;
  nextAction: string;
  /** An active user who never logged in: a login e-mail may help. */
  canSendEmail: boolean;
  userId: string | null;
  sendLabel: string;
}

function userText(contact: PartnerContactStatus): string {
  const user = contact.user;
  if (!user) return 'No partner user';
  const state = user.isActive ? 'Active' : 'Inactive';
  return `${state}, ${user.profileName} (${user.licenceName})`;
}

export function statusRows(status: PartnerStatus): StatusRow[] {
  return status.contacts.map((contact) => {
    const user = contact.user ?? null;
    const never = user !== null && !user.lastLogin;
    return {
      key: contact.id,
      name: contact.name,
      email: contact.email ?? '',
      contactUrl: recordUrl('Contact', contact.id),
      hasUser: user !== null,
      username: user?.username ?? '',
      userUrl: user ? recordUrl('User', user.id) : null,
      userText: userText(contact),
      lastLoginText: !user ? '' : user.lastLogin ? formatDateTime(user.lastLogin) : 'Never',
      neverLoggedIn: never,
      siteText: !user ? '' : user.onLiveSite ? 'Member of the live site' : 'Not on a live site',
      queuesText: !user ? '' : user.queues.length > 0 ? formatList(user.queues) : 'No queue',
      nextAction: contact.nextAction,
      canSendEmail: user !== null && user.isActive && never,
      userId: user?.id ?? null,
      sendLabel: `Send login e-mail to ${contact.name}`,
    };
  });
}

export function statusSummary(status: PartnerStatus): string {
  const users = status.contacts.filter((c) => c.user);
  const never = users.filter((c) => c.user && c.user.isActive && !c.user.lastLogin).length;
  // Not "yet": an offboarded account is not one either (and keeps no partner users on the platform).
  const partner = status.account.isPartner ? 'Partner account' : 'Not a partner account';
  const parts = [
    partner,
    `owned by ${status.account.ownerName}`,
    formatCount(status.contacts.length, 'contact'),
    formatCount(users.length, 'partner user'),
  ];
  const text = parts.join(', ');
  return never > 0 ? `${text}; ${formatCount(never, 'user')} never logged in.` : `${text}.`;
}

/** Contacts under the account that have no user, as candidates for the onboarding. */
export function contactsWithoutUser(status: PartnerStatus): PartnerContactStatus[] {
  return status.contacts.filter((contact) => !contact.user && contact.email);
}
