/** What a seed produced: the org and the users tests and the command log in as. */

export type SeedSpec = { kind: 'none' } | { kind: 'demo'; leads: number };

export type SeededUserKind = 'admin' | 'channel-manager' | 'partner';

export interface SeededUser {
  userId: string;
  username: string;
  kind: SeededUserKind;
  active: boolean;
  /** Partner users: their partner account. */
  accountId: string | null;
}

export interface SeedResult {
  orgId: string;
  adminId: string;
  users: SeededUser[];
}

export const DEMO_LEADS = 5000;

/** `demo`, `none` or `leads=N` (the demo org with N leads). */
export function parseSeedSpec(value: string): SeedSpec | null {
  if (value === 'none') return { kind: 'none' };
  if (value === 'demo') return { kind: 'demo', leads: DEMO_LEADS };
  const m = /^leads=(\d+)$/.exec(value);
  if (m && Number(m[1]) <= 5_000_000) return { kind: 'demo', leads: Number(m[1]) };
  return null;
}
