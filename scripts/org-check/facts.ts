/** Reads what the readiness checks need from an org, read-only, in a handful of API calls. */
import type { Connection } from '@salesforce/core';
import { soqlList, soqlString } from '../cli/soql.ts';
import type { PartnerMember } from '../../lib/routing/queueAccount.ts';
import { queryAll, queryIn } from '../partners/orgQuery.ts';

export const PARTNER_LICENSE_KEYS = [
  'PID_Partner_Community',
  'PID_Partner_Community_Login',
  'PID_PRM',
];
export const SHARING_OBJECTS = ['Lead', 'Account', 'Contact', 'Opportunity'];

export interface OrgFacts {
  hasNetworkObject: boolean;
  accountHasIsPartner: boolean;
  leadHasPartnerAccountId: boolean;
  partnerLicenses: { name: string; key: string; total: number; used: number }[];
  partnerProfiles: { id: string; name: string }[];
  sites: {
    id: string;
    name: string;
    status: string;
    sendWelcomeEmail: boolean;
    memberIds: string[];
  }[];
  runningUser: { id: string; username: string; roleName: string | null };
  leadRules: { id: string; name: string; active: boolean }[];
  /** Null when the org would not say (EntityDefinition not queryable). */
  sharing: { object: string; internal: string; external: string }[] | null;
  /** Queues with partner users among their direct members, and each such member's account. */
  partnerQueues: PartnerQueue[];
}

export interface PartnerQueue {
  id: string;
  name: string;
  developerName: string;
  partnerMembers: (PartnerMember & { userId: string })[];
}

/**
 * Every queue that has partner users as direct members, with each one's partner account (as
 * OwnerCandidateSelector reads them: a queue's members, then which of them are partner users).
 */
export async function readPartnerQueues(conn: Connection): Promise<PartnerQueue[]> {
  const members = await queryAll<{ GroupId: string; UserOrGroupId: string }>(
    conn,
    "SELECT GroupId, UserOrGroupId FROM GroupMember WHERE Group.Type = 'Queue'",
  );
  const userIds = members.map((m) => m.UserOrGroupId).filter((id) => id.startsWith('005'));
  const partners = new Map(
    (
      await queryIn<{
        Id: string;
        Contact: { AccountId: string | null; Account: { Name: string } | null } | null;
      }>(
        conn,
        userIds,
        (list) =>
          `SELECT Id, Contact.AccountId, Contact.Account.Name FROM User WHERE UserType = 'PowerPartner' AND Id IN (${list})`,
      )
    ).map((u) => [u.Id, u]),
  );
  const byQueue = new Map<string, PartnerQueue['partnerMembers']>();
  for (const member of members) {
    const partner = partners.get(member.UserOrGroupId);
    if (!partner) continue;
    byQueue.set(member.GroupId, [
      ...(byQueue.get(member.GroupId) ?? []),
      {
        userId: partner.Id,
        accountId: partner.Contact?.AccountId ?? null,
        accountName: partner.Contact?.Account?.Name ?? null,
      },
    ]);
  }
  const queues = await queryIn<{ Id: string; Name: string; DeveloperName: string }>(
    conn,
    byQueue.keys(),
    (list) => `SELECT Id, Name, DeveloperName FROM Group WHERE Id IN (${list}) ORDER BY Name`,
  );
  return queues.map((q) => ({
    id: q.Id,
    name: q.Name,
    developerName: q.DeveloperName,
    partnerMembers: byQueue.get(q.Id) ?? [],
  }));
}

export async function readOrgFacts(conn: Connection): Promise<OrgFacts> {
  const global = await conn.describeGlobal();
  const names = new Set(global.sobjects.map((s) => s.name));
  const fieldsOf = async (object: string): Promise<Set<string>> =>
    names.has(object)
      ? new Set((await conn.describe(object)).fields.map((f) => f.name))
      : new Set<string>();
  const [accountFields, leadFields] = await Promise.all([fieldsOf('Account'), fieldsOf('Lead')]);

  const licenses = await conn.query<{
    Name: string;
    LicenseDefinitionKey: string;
    TotalLicenses: number;
    UsedLicenses: number;
  }>(
    `SELECT Name, LicenseDefinitionKey, TotalLicenses, UsedLicenses FROM UserLicense WHERE LicenseDefinitionKey IN (${soqlList(PARTNER_LICENSE_KEYS)})`,
  );
  const profiles = await conn.query<{ Id: string; Name: string }>(
    `SELECT Id, Name FROM Profile WHERE UserLicense.LicenseDefinitionKey IN (${soqlList(PARTNER_LICENSE_KEYS)}) ORDER BY Name`,
  );

  let sites: OrgFacts['sites'] = [];
  if (names.has('Network')) {
    const networks = await conn.query<{
      Id: string;
      Name: string;
      Status: string;
      OptionsSendWelcomeEmail: boolean;
    }>('SELECT Id, Name, Status, OptionsSendWelcomeEmail FROM Network ORDER BY Name');
    const members = names.has('NetworkMemberGroup')
      ? (
          await conn.query<{ NetworkId: string; ParentId: string }>(
            'SELECT NetworkId, ParentId FROM NetworkMemberGroup',
          )
        ).records
      : [];
    sites = networks.records.map((n) => ({
      id: n.Id,
      name: n.Name,
      status: n.Status,
      sendWelcomeEmail: Boolean(n.OptionsSendWelcomeEmail),
      memberIds: members.filter((m) => m.NetworkId === n.Id).map((m) => m.ParentId),
    }));
  }

  const username = conn.getUsername() ?? '';
  const user = await conn.query<{
    Id: string;
    Username: string;
    UserRole: { Name: string } | null;
  }>(`SELECT Id, Username, UserRole.Name FROM User WHERE Username = ${soqlString(username)}`);
  const rules = await conn.query<{ Id: string; Name: string; Active: boolean }>(
    "SELECT Id, Name, Active FROM AssignmentRule WHERE SobjectType = 'Lead' ORDER BY Name",
  );

  let sharing: OrgFacts['sharing'] = null;
  try {
    const entities = await conn.query<{
      QualifiedApiName: string;
      InternalSharingModel: string;
      ExternalSharingModel: string;
    }>(
      `SELECT QualifiedApiName, InternalSharingModel, ExternalSharingModel FROM EntityDefinition WHERE QualifiedApiName IN (${soqlList(SHARING_OBJECTS)})`,
    );
    sharing = entities.records.map((e) => ({
      object: e.QualifiedApiName,
      internal: e.InternalSharingModel,
      external: e.ExternalSharingModel,
    }));
  } catch {
    sharing = null;
  }

  const partnerQueues = await readPartnerQueues(conn);
  const me = user.records[0];
  return {
    hasNetworkObject: names.has('Network'),
    accountHasIsPartner: accountFields.has('IsPartner'),
    leadHasPartnerAccountId: leadFields.has('PartnerAccountId'),
    partnerLicenses: licenses.records.map((l) => ({
      name: l.Name,
      key: l.LicenseDefinitionKey,
      total: Number(l.TotalLicenses),
      used: Number(l.UsedLicenses),
    })),
    partnerProfiles: profiles.records.map((p) => ({ id: p.Id, name: p.Name })),
    sites,
    runningUser: {
      id: me?.Id ?? '',
      username: me?.Username ?? username,
      roleName: me?.UserRole?.Name ?? null,
    },
    leadRules: rules.records.map((r) => ({ id: r.Id, name: r.Name, active: Boolean(r.Active) })),
    sharing,
    partnerQueues,
  };
}
