/**
 * A queue's partner account. A queue has no account: it is derived from the accounts of the queue's
 * direct members that are partner users. No partner account: an internal queue. Exactly one: that
 * account's queue. Two or more: a shared partner queue with no single account, a sharing risk
 * (every partner in it sees the others' leads). Apex twin: OwnerCandidateSelector.queueAccountOf,
 * which the console's owner list uses; both are held equal by the queueAccountVectors of
 * force-app/main/default/staticresources/LeadRoutingVectors.json.
 */

export type QueueAccountKind = 'internal' | 'partner' | 'shared';

/** The partner account of one partner user who is a queue member (its contact's account). */
export interface PartnerMember {
  accountId: string | null;
  accountName: string | null;
}

export interface QueueAccount {
  kind: QueueAccountKind;
  /** The one partner account (kind partner); null otherwise. */
  accountId: string | null;
  accountName: string | null;
  /** Every partner account among the members, by name then Id; empty for an internal queue. */
  accountIds: string[];
  accountNames: string[];
}

/** Code-point order, as Apex's String.compareTo (localeCompare would differ from the twin). */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The rule, from one entry per partner member; a member without an account is left out. */
export function queueAccountOf(members: readonly PartnerMember[]): QueueAccount {
  const nameById = new Map<string, string>();
  for (const member of members) {
    if (member.accountId) nameById.set(member.accountId, member.accountName ?? '');
  }
  const accountIds = [...nameById.keys()].sort(
    (a, b) => compare(nameById.get(a)!, nameById.get(b)!) || compare(a, b),
  );
  const accountNames = accountIds.map((id) => nameById.get(id)!);
  const single = accountIds.length === 1;
  return {
    kind: accountIds.length === 0 ? 'internal' : single ? 'partner' : 'shared',
    accountId: single ? accountIds[0] : null,
    accountName: single ? accountNames[0] : null,
    accountIds,
    accountNames,
  };
}
