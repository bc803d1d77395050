/** The partner account step: what searchAccounts found, and what the onboarding will do with it. */
import type { AccountMatch } from '../../../../../types/partnerOnboarding';
import { recordUrl } from './format';

/** searchAccounts needs 2 characters of a name, or a website. */
export function searchRequest(name: string, website: string) {
  const trimmedName = name.trim();
  const trimmedWebsite = website.trim();
  const byName = trimmedName.length >= 2;
  if (!byName && !trimmedWebsite) return null;
  return { name: byName ? trimmedName : null, website: trimmedWebsite || null };
}

/** Names compare as the server's rules do for the message: ignoring case and repeated spaces. */
const nameKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

export interface MatchRow {
  key: string;
  name: string;
  website: string;
  url: string;
  ownerText: string;
  partnerText: string;
  exact: boolean;
  /** Same name, another website: the review would refuse the entered website. */
  conflicts: boolean;
  note: string;
  canUse: boolean;
  useLabel: string;
  statusLabel: string;
}

export function matchRows(matches: AccountMatch[], accountName: string): MatchRow[] {
  return matches.map((match) => {
    const conflicts = !match.exact && nameKey(match.name) === nameKey(accountName);
    let note = 'A similar account: the onboarding does not use it unless name and website match.';
    if (match.exact) {
      note = match.isPartner
        ? 'The onboarding will reuse this partner account.'
        : 'The onboarding will reuse this account and enable it as a partner account.';
    } else if (conflicts) {
      note = match.website
        ? `Same name, another website: to onboard this company, use its website ${match.website}; for another company, choose another name.`
        : 'Same name and no website: set the website on the account first, or choose another name.';
    }
    return {
      key: match.id,
      name: match.name,
      website: match.website ?? 'No website',
      url: recordUrl('Account', match.id),
      ownerText: `Owner: ${match.ownerName}`,
      partnerText: match.isPartner ? 'Partner account' : 'Not a partner yet',
      exact: match.exact,
      conflicts,
      note,
      canUse: !match.exact && Boolean(match.website),
      useLabel: `Use ${match.name}`,
      statusLabel: `Status of ${match.name}`,
    };
  });
}

/** One line for the step (and the screen reader) about what the onboarding does with the account. */
export function accountOutcome(matches: AccountMatch[], accountName: string): string {
  const exact = matches.find((m) => m.exact);
  if (exact) {
    return exact.isPartner
      ? `${exact.name} exists as a partner account: the onboarding will reuse it.`
      : `${exact.name} exists: the onboarding will reuse it and enable it as a partner account.`;
  }
  if (matches.some((m) => nameKey(m.name) === nameKey(accountName))) {
    return 'An account has this name with another website: the review will refuse it until the website matches or the name differs.';
  }
  return matches.length > 0
    ? 'No account has this name and website: the onboarding will create a new partner account, owned by you.'
    : 'No existing account matches: the onboarding will create a new partner account, owned by you.';
}
