/**
 * What onboarding needs to know about the org before planning, read-only: the readiness facts
 * `org check` uses, the running user, the profiles, queues, accounts, contacts and partner users
 * the file names, and the usernames and nicknames already taken.
 */
import type { Connection } from '@salesforce/core';
import { CliError } from '../cli/errors.ts';
import { readinessChecks } from '../org-check/checks.ts';
import type { CheckResult } from '../org-check/checks.ts';
import { readOrgFacts } from '../org-check/facts.ts';
import type { OrgFacts, PartnerQueue } from '../org-check/facts.ts';
import { soqlString } from '../cli/soql.ts';
import { nicknameStem } from './names.ts';
import { queryAll, queryIn, queryPrefixes } from './orgQuery.ts';
import type { OnboardRow } from './rows.ts';

export interface RunningUser {
  id: string;
  username: string;
  roleId: string | null;
  timeZoneSidKey: string;
  localeSidKey: string;
  emailEncodingKey: string;
  languageLocaleKey: string;
}

export interface OrgProfile {
  id: string;
  name: string;
  licenseKey: string;
  licenseName: string;
}

export interface OrgQueue {
  id: string;
  name: string;
  developerName: string;
  takesLeads: boolean;
}

export interface OrgAccount {
  id: string;
  name: string;
  website: string | null;
  isPartner: boolean;
  ownerId: string;
  ownerName: string;
}

export interface OrgContact {
  id: string;
  accountId: string | null;
  accountName: string | null;
  email: string;
}

export interface OrgUser {
  id: string;
  username: string;
  isActive: boolean;
  contactId: string;
  profileName: string;
}

export interface OnboardingSnapshot {
  readiness: CheckResult[];
  runningUser: RunningUser;
  /** Names of the profiles with a partner licence (for hints). */
  partnerProfileNames: string[];
  /** Partner licences: key, name, total, used. */
  licenses: OrgFacts['partnerLicenses'];
  sites: OrgFacts['sites'];
  /** Only those named in the file. */
  profiles: OrgProfile[];
  queues: OrgQueue[];
  accounts: OrgAccount[];
  contacts: OrgContact[];
  /** Users of the matched contacts. */
  users: OrgUser[];
  /** Queue memberships of those users. */
  memberships: { groupId: string; userId: string }[];
  /** Queues with partner-user members, and their accounts (for shared-queue checks). */
  partnerQueues: PartnerQueue[];
  /** Usernames and nicknames starting like the ones new users would get. */
  takenUsernames: string[];
  takenNicknames: string[];
}

/** Org-check's verdict as an error: same detail, same advice. Exit 1: the org blocks the run. */
export function blockedBy(check: CheckResult): CliError {
  return new CliError(`OrgNotReady`, `${check.title}: ${check.detail}`, {
    hint: check.fix ?? undefined,
  });
}

async function readRunningUser(conn: Connection, facts: OrgFacts): Promise<RunningUser> {
  const [me] = await queryAll<{
    Id: string;
    Username: string;
    UserRoleId: string | null;
    TimeZoneSidKey: string;
    LocaleSidKey: string;
    EmailEncodingKey: string;
    LanguageLocaleKey: string;
  }>(
    conn,
    `SELECT Id, Username, UserRoleId, TimeZoneSidKey, LocaleSidKey, EmailEncodingKey, LanguageLocaleKey FROM User WHERE Id = ${soqlString(facts.runningUser.id)}`,
  );
  if (!me) {
    throw new CliError(
      'RunningUserNotFound',
      `Could not read your own user (${facts.runningUser.username}) in the org.`,
      { hint: 'Log in again with `sf org login web` and retry.' },
    );
  }
  return {
    id: me.Id,
    username: me.Username,
    roleId: me.UserRoleId,
    timeZoneSidKey: me.TimeZoneSidKey,
    localeSidKey: me.LocaleSidKey,
    emailEncodingKey: me.EmailEncodingKey,
    languageLocaleKey: me.LanguageLocaleKey,
  };
}

async function readProfiles(conn: Connection, names: string[]): Promise<OrgProfile[]> {
  const rows = await queryIn<{
    Id: string;
    Name: string;
    UserLicense: { Name: string; LicenseDefinitionKey: string } | null;
  }>(
    conn,
    names,
    (list) =>
      `SELECT Id, Name, UserLicense.Name, UserLicense.LicenseDefinitionKey FROM Profile WHERE Name IN (${list})`,
  );
  return rows.map((p) => ({
    id: p.Id,
    name: p.Name,
    licenseKey: p.UserLicense?.LicenseDefinitionKey ?? '',
    licenseName: p.UserLicense?.Name ?? '',
  }));
}

async function readQueues(conn: Connection, names: string[]): Promise<OrgQueue[]> {
  const groups = await queryIn<{ Id: string; Name: string; DeveloperName: string }>(
    conn,
    names,
    (list) =>
      `SELECT Id, Name, DeveloperName FROM Group WHERE Type = 'Queue' AND (Name IN (${list}) OR DeveloperName IN (${list}))`,
  );
  const unique = [...new Map(groups.map((g) => [g.Id, g])).values()];
  const leadQueues = new Set(
    (
      await queryIn<{ QueueId: string }>(
        conn,
        unique.map((g) => g.Id),
        (list) =>
          `SELECT QueueId FROM QueueSobject WHERE SobjectType = 'Lead' AND QueueId IN (${list})`,
      )
    ).map((q) => q.QueueId),
  );
  return unique.map((g) => ({
    id: g.Id,
    name: g.Name,
    developerName: g.DeveloperName,
    takesLeads: leadQueues.has(g.Id),
  }));
}

async function readAccounts(conn: Connection, names: string[]): Promise<OrgAccount[]> {
  const rows = await queryIn<{
    Id: string;
    Name: string;
    Website: string | null;
    IsPartner: boolean;
    OwnerId: string;
    Owner: { Name: string } | null;
    CreatedDate: string;
  }>(
    conn,
    names,
    (list) =>
      `SELECT Id, Name, Website, IsPartner, OwnerId, Owner.Name, CreatedDate FROM Account WHERE Name IN (${list})`,
  );
  return rows
    .sort((a, b) => a.CreatedDate.localeCompare(b.CreatedDate) || a.Id.localeCompare(b.Id))
    .map((a) => ({
      id: a.Id,
      name: a.Name,
      website: a.Website,
      isPartner: Boolean(a.IsPartner),
      ownerId: a.OwnerId,
      ownerName: a.Owner?.Name ?? a.OwnerId,
    }));
}

export async function readSnapshot(
  conn: Connection,
  rows: OnboardRow[],
  report: (line: string) => void,
): Promise<OnboardingSnapshot> {
  report('Reading the org: readiness, profiles, queues, licences ...');
  const facts = await readOrgFacts(conn);
  const readiness = readinessChecks(facts);
  const prm = readiness.find((c) => c.id === 'prm');
  if (prm?.status === 'fail') throw blockedBy(prm);
  const runningUser = await readRunningUser(conn, facts);

  const profileNames = rows.filter((r) => r.partnerUser && r.profile).map((r) => r.profile);
  const queueNames = rows.flatMap((r) => r.queues);
  const profiles = await readProfiles(conn, profileNames);
  const queues = await readQueues(conn, queueNames);

  report('Reading the accounts, contacts and users the file names ...');
  const valid = rows.filter((r) => r.valid);
  const accounts = await readAccounts(
    conn,
    valid.map((r) => r.accountName),
  );
  const contacts = (
    await queryIn<{
      Id: string;
      AccountId: string | null;
      Account: { Name: string } | null;
      Email: string;
    }>(
      conn,
      valid.map((r) => r.email),
      (list) => `SELECT Id, AccountId, Account.Name, Email FROM Contact WHERE Email IN (${list})`,
    )
  ).map((c) => ({
    id: c.Id,
    accountId: c.AccountId,
    accountName: c.Account?.Name ?? null,
    email: c.Email,
  }));
  const users = (
    await queryIn<{
      Id: string;
      Username: string;
      IsActive: boolean;
      ContactId: string;
      Profile: { Name: string } | null;
    }>(
      conn,
      contacts.map((c) => c.id),
      (list) =>
        `SELECT Id, Username, IsActive, ContactId, Profile.Name FROM User WHERE ContactId IN (${list})`,
    )
  ).map((u) => ({
    id: u.Id,
    username: u.Username,
    isActive: Boolean(u.IsActive),
    contactId: u.ContactId,
    profileName: u.Profile?.Name ?? '',
  }));
  const memberships =
    users.length === 0 || queues.length === 0
      ? []
      : (
          await queryIn<{ GroupId: string; UserOrGroupId: string }>(
            conn,
            users.map((u) => u.id),
            (list) =>
              `SELECT GroupId, UserOrGroupId FROM GroupMember WHERE UserOrGroupId IN (${list})`,
          )
        ).map((m) => ({ groupId: m.GroupId, userId: m.UserOrGroupId }));

  const newUserEmails = valid.filter((r) => r.partnerUser).map((r) => r.emailKey);
  const takenUsernames = (
    await queryPrefixes<{ Username: string }>(
      conn,
      'Username',
      newUserEmails,
      (condition) => `SELECT Username FROM User WHERE ${condition}`,
    )
  ).map((u) => u.Username);
  const takenNicknames = (
    await queryPrefixes<{ CommunityNickname: string }>(
      conn,
      'CommunityNickname',
      newUserEmails.map(nicknameStem),
      (condition) => `SELECT CommunityNickname FROM User WHERE ${condition}`,
    )
  ).map((u) => u.CommunityNickname);

  return {
    readiness,
    runningUser,
    partnerProfileNames: facts.partnerProfiles.map((p) => p.name),
    licenses: facts.partnerLicenses,
    sites: facts.sites,
    profiles,
    queues,
    accounts,
    contacts,
    users,
    memberships,
    partnerQueues: facts.partnerQueues,
    takenUsernames,
    takenNicknames,
  };
}
