/**
 * The onboarding plan, computed from the checked rows and what the org holds, without changing
 * anything: which accounts to create or enable as partners, which contacts to create, which
 * partner users to create (with free usernames and nicknames), which queues to join, and how each
 * new user gets its login e-mail. Problems that only the org reveals are found here too: unknown
 * profiles and queues, contacts under another account, accounts with another website, licences.
 */
import type { Allocation, NameAllocator } from './names.ts';
import { aliasFor } from './names.ts';
import type { OnboardingSnapshot, OrgAccount, OrgProfile, OrgQueue } from './orgState.ts';
import { problem } from './problems.ts';
import type { Problem } from './problems.ts';
import { resolveProfile, resolveQueue } from './resolve.ts';
import type { OnboardRow } from './rows.ts';
import { accountNameKey, normalizeWebsite } from './values.ts';

export type LoginEmail = 'site-welcome' | 'password-reset';

export interface PlannedAccount {
  key: string;
  name: string;
  website: string;
  /** Null when the account is to be created. */
  id: string | null;
  /** IsPartner is to be set (new accounts, and existing ones that are not partners yet). */
  enable: boolean;
  ownerId: string;
  ownerName: string;
}

export type PlannedContact = { action: 'create' } | { action: 'match'; id: string };

export type PlannedUser =
  | {
      action: 'create';
      username: Allocation;
      nickname: Allocation;
      alias: string;
      profile: OrgProfile;
      loginEmail: LoginEmail;
    }
  | { action: 'exists'; id: string; username: string; profileName: string }
  | { action: 'inactive'; id: string; username: string }
  | { action: 'skip'; reason: string };

export interface PlannedRow {
  input: OnboardRow;
  account: PlannedAccount;
  contact: PlannedContact;
  user: PlannedUser;
  queuesToJoin: OrgQueue[];
  queuesAlready: OrgQueue[];
  notes: string[];
}

export interface Plan {
  accounts: PlannedAccount[];
  rows: PlannedRow[];
  problems: Problem[];
  warnings: string[];
}

const sameId = (a: string, b: string) => a.substring(0, 15) === b.substring(0, 15);

function websiteKeyOf(account: OrgAccount): string | null {
  if (!account.website) return null;
  const normalized = normalizeWebsite(account.website.trim());
  return 'key' in normalized ? normalized.key : account.website.trim().toLowerCase();
}

/** Accounts the file names: matched by name and website, or new (owned by the running user). */
function planAccounts(
  rows: OnboardRow[],
  snapshot: OnboardingSnapshot,
  problems: Problem[],
  warnings: string[],
): Map<string, PlannedAccount> {
  const accounts = new Map<string, PlannedAccount>();
  const refused = new Set<string>();
  for (const row of rows) {
    if (accounts.has(row.accountKey) || refused.has(row.accountKey)) continue;
    const sameName = snapshot.accounts.filter(
      (a) => accountNameKey(a.name) === accountNameKey(row.accountName),
    );
    const matches = sameName.filter((a) => websiteKeyOf(a) === row.websiteKey);
    const match = matches[0];
    if (matches.length > 1) {
      warnings.push(
        `row ${row.row}: ${matches.length} accounts are named "${match.name}" with this website (${matches.map((a) => a.id).join(', ')}); the oldest, ${match.id}, is used: merge the duplicates`,
      );
    }
    if (match) {
      accounts.set(row.accountKey, {
        key: row.accountKey,
        name: match.name,
        website: match.website ?? row.website,
        id: match.id,
        enable: !match.isPartner,
        ownerId: match.ownerId,
        ownerName: match.ownerName,
      });
    } else if (sameName.length > 0) {
      refused.add(row.accountKey);
      const theirs = sameName.map((a) => a.website || 'no website').join(', ');
      problems.push(
        problem(
          row.row,
          'Website',
          `an account named "${sameName[0].name}" already exists with ${theirs}, not ${row.website}`,
          `write ${sameName[0].website || 'its website (set it on the account first)'} to add contacts to that account, or use another account name for another company`,
        ),
      );
    } else {
      accounts.set(row.accountKey, {
        key: row.accountKey,
        name: row.accountName,
        website: row.website,
        id: null,
        enable: true,
        ownerId: snapshot.runningUser.id,
        ownerName: snapshot.runningUser.username,
      });
    }
  }
  for (const row of rows) if (refused.has(row.accountKey)) row.valid = false;
  return accounts;
}

function planContact(
  row: OnboardRow,
  account: PlannedAccount,
  snapshot: OnboardingSnapshot,
): PlannedContact | Problem {
  const found = snapshot.contacts.filter((c) => c.email.toLowerCase() === row.emailKey);
  if (found.length === 0) return { action: 'create' };
  const mine = found.filter((c) => account.id && c.accountId && sameId(c.accountId, account.id));
  if (mine.length > 0) {
    const withUser = mine.find((c) => snapshot.users.some((u) => u.contactId === c.id));
    return { action: 'match', id: (withUser ?? mine[0]).id };
  }
  const where = found[0].accountId
    ? `account "${found[0].accountName ?? ''}" (${found[0].accountId})`
    : 'no account';
  return problem(
    row.row,
    'Email',
    `a contact with this e-mail already exists under ${where}, not under "${row.accountName}" (${row.website})`,
    `put that account's name and website on this row, or use another e-mail`,
  );
}

function welcomeBySite(profile: OrgProfile, snapshot: OnboardingSnapshot): LoginEmail {
  const welcoming = snapshot.sites.some(
    (s) =>
      s.status === 'Live' && s.sendWelcomeEmail && s.memberIds.some((m) => sameId(m, profile.id)),
  );
  return welcoming ? 'site-welcome' : 'password-reset';
}

function onLiveSite(profile: OrgProfile, snapshot: OnboardingSnapshot): boolean {
  return snapshot.sites.some(
    (s) => s.status === 'Live' && s.memberIds.some((m) => sameId(m, profile.id)),
  );
}

/** More new users of one licence than it has left: one problem per licence. */
function licenceProblems(rows: PlannedRow[], snapshot: OnboardingSnapshot): Problem[] {
  const problems: Problem[] = [];
  const byKey = new Map<string, PlannedRow[]>();
  for (const r of rows) {
    if (r.user.action !== 'create') continue;
    const key = r.user.profile.licenseKey;
    byKey.set(key, [...(byKey.get(key) ?? []), r]);
  }
  for (const [key, needing] of byKey) {
    const licence = snapshot.licenses.find((l) => l.key === key);
    const left = licence ? Math.max(0, licence.total - licence.used) : 0;
    if (needing.length <= left) continue;
    const name =
      licence?.name ??
      (needing[0].user.action === 'create' ? needing[0].user.profile.licenseName : key);
    problems.push(
      problem(
        needing[left].input.row,
        'Profile',
        `${needing.length} rows need a new "${name}" user but only ${left} ${left === 1 ? 'licence is' : 'licences are'} left (this row is the first one over)`,
        `free licences (deactivate partner users who left) or buy more, or set PartnerUser to no on ${needing.length - left} of these rows`,
      ),
    );
  }
  return problems;
}

export function planOnboarding(
  rows: OnboardRow[],
  snapshot: OnboardingSnapshot,
  names: NameAllocator,
): Plan {
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const profiles = new Map<number, OrgProfile>();
  const queues = new Map<number, OrgQueue[]>();

  for (const row of rows) {
    if (!row.partnerUser) continue;
    if (row.profile) {
      const resolved = resolveProfile(row, snapshot);
      if ('problem' in resolved) {
        problems.push(resolved.problem);
        row.valid = false;
      } else profiles.set(row.row, resolved.value);
    }
    const rowQueues: OrgQueue[] = [];
    for (const name of row.queues) {
      const resolved = resolveQueue(row, name, snapshot);
      if ('problem' in resolved) {
        problems.push(resolved.problem);
        row.valid = false;
      } else if (!rowQueues.some((q) => q.id === resolved.value.id)) rowQueues.push(resolved.value);
    }
    queues.set(row.row, rowQueues);
  }

  const accounts = planAccounts(
    rows.filter((r) => r.valid),
    snapshot,
    problems,
    warnings,
  );
  const planned: PlannedRow[] = [];
  const offSite = new Set<string>();
  for (const row of rows) {
    if (!row.valid) continue;
    const account = accounts.get(row.accountKey)!;
    const contact = planContact(row, account, snapshot);
    if ('message' in contact) {
      problems.push(contact);
      row.valid = false;
      continue;
    }
    const notes: string[] = [];
    const existing =
      contact.action === 'match'
        ? snapshot.users.find((u) => u.contactId === contact.id)
        : undefined;
    let user: PlannedUser;
    const profile = profiles.get(row.row);
    if (existing?.isActive) {
      user = {
        action: 'exists',
        id: existing.id,
        username: existing.username,
        profileName: existing.profileName,
      };
      if (row.partnerUser && profile && existing.profileName !== profile.name) {
        notes.push(
          `the user has profile ${existing.profileName}, the file says ${profile.name}: left unchanged`,
        );
      }
    } else if (existing) {
      user = { action: 'inactive', id: existing.id, username: existing.username };
      notes.push(
        'the partner user is inactive: reactivate it in Setup > Users if the contact should have access (never done for you)',
      );
    } else if (row.partnerUser && profile) {
      const username = names.username(row.emailKey);
      const nickname = names.nickname(row.emailKey);
      if (!username || !nickname) {
        problems.push(
          problem(
            row.row,
            'Email',
            `no free ${username ? 'nickname' : 'username'} can be made from ${row.email}`,
            'use a shorter e-mail address for this contact',
          ),
        );
        row.valid = false;
        continue;
      }
      user = {
        action: 'create',
        username,
        nickname,
        alias: aliasFor(row.firstName, row.lastName, row.emailKey),
        profile,
        loginEmail: welcomeBySite(profile, snapshot),
      };
      if (!onLiveSite(profile, snapshot) && !offSite.has(profile.id)) {
        offSite.add(profile.id);
        warnings.push(
          `profile ${profile.name} is not a member of a live site: its users cannot log in until it is added (Experience Builder > Administration > Members)`,
        );
      }
    } else {
      user = { action: 'skip', reason: 'PartnerUser is no' };
    }

    const wanted =
      user.action === 'create' || user.action === 'exists' ? (queues.get(row.row) ?? []) : [];
    const joined = new Set(
      user.action === 'exists'
        ? snapshot.memberships.filter((m) => m.userId === user.id).map((m) => m.groupId)
        : [],
    );
    if (user.action === 'inactive' && (queues.get(row.row) ?? []).length > 0) {
      notes.push('queues not joined: the user is inactive');
    }
    planned.push({
      input: row,
      account,
      contact,
      user,
      queuesToJoin: wanted.filter((q) => !joined.has(q.id)),
      queuesAlready: wanted.filter((q) => joined.has(q.id)),
      notes,
    });
  }
  problems.push(...licenceProblems(planned, snapshot));
  const used = new Set(planned.map((r) => r.account.key));
  return {
    accounts: [...accounts.values()].filter((a) => used.has(a.key)),
    rows: planned,
    problems,
    warnings,
  };
}

/** New accounts, or new users on accounts the running user owns, need the running user's role. */
export function needsRunningUserRole(plan: Plan, runningUserId: string): boolean {
  return (
    plan.accounts.some((a) => a.id === null) ||
    plan.rows.some((r) => r.user.action === 'create' && sameId(r.account.ownerId, runningUserId))
  );
}
