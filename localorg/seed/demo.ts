/**
 * The demo channel org: a dozen partner accounts with contacts and partner users (some inactive,
 * some never logged in), a queue per partner and regional pools, channel managers with roles, a
 * live partner site, an active lead assignment rule, and leads (see leads.ts).
 */
import { setDefaultLeadOwner, setRuleEntries } from '../assignment.ts';
import { setPassword } from '../auth/passwords.ts';
import { formatDateTime } from '../dates.ts';
import { recountLicenses } from '../dml/userRules.ts';
import type { Store } from '../store/store.ts';
import { userDefaults } from './base.ts';
import type { BaseOrg } from './base.ts';
import { FIRST_NAMES, LAST_NAMES, seedLeads } from './leads.ts';
import type { LeadOwner } from './leads.ts';
import { Random } from './random.ts';
import type { SeededUser } from './types.ts';

export type Region = 'Americas' | 'EMEA' | 'APAC';

export const REGION_COUNTRIES: Record<Region, string[]> = {
  Americas: ['United States', 'Canada', 'Brazil', 'Mexico'],
  EMEA: ['Germany', 'United Kingdom', 'France', 'Netherlands', 'Switzerland', 'Austria'],
  APAC: ['Australia', 'India', 'Japan', 'Singapore'],
};

export const PARTNERS: { name: string; country: string; region: Region; domain: string }[] = [
  { name: 'Northwind Traders', country: 'United States', region: 'Americas', domain: 'northwind' },
  { name: 'Contoso Ltd', country: 'United States', region: 'Americas', domain: 'contoso' },
  { name: 'Fabrikam Inc', country: 'Canada', region: 'Americas', domain: 'fabrikam' },
  { name: 'Proseware Inc', country: 'Brazil', region: 'Americas', domain: 'proseware' },
  { name: 'Tailspin Toys', country: 'United Kingdom', region: 'EMEA', domain: 'tailspin' },
  { name: 'Wingtip Solutions', country: 'Germany', region: 'EMEA', domain: 'wingtip' },
  { name: 'Alpine Ski House', country: 'Switzerland', region: 'EMEA', domain: 'alpineski' },
  { name: 'Blue Yonder Partners', country: 'France', region: 'EMEA', domain: 'blueyonder' },
  { name: 'Adventure Works', country: 'Netherlands', region: 'EMEA', domain: 'adventureworks' },
  { name: 'Coho Systems', country: 'Australia', region: 'APAC', domain: 'coho' },
  { name: 'Litware India', country: 'India', region: 'APAC', domain: 'litware' },
  { name: 'Margie Travel Tech', country: 'Japan', region: 'APAC', domain: 'margie' },
];

const MANAGERS: { first: string; last: string; region: Region }[] = [
  { first: 'Maya', last: 'Chen', region: 'Americas' },
  { first: 'Lukas', last: 'Weber', region: 'EMEA' },
  { first: 'Priya', last: 'Nair', region: 'APAC' },
];

export interface DemoOrg {
  users: SeededUser[];
}

export function seedDemo(
  store: Store,
  base: BaseOrg,
  leadCount: number,
  password: string,
): DemoOrg {
  const { writer, profiles, adminId } = base;
  const now = writer.now;
  const random = new Random(20260110);
  const daysAgo = (days: number): Date => new Date(now.getTime() - days * 86_400_000);
  const users: SeededUser[] = [];

  // Roles: CEO > VP Channel Sales > one channel manager role per region.
  const ceo = writer.insert('UserRole', { Name: 'CEO', DeveloperName: 'CEO' });
  const vp = writer.insert('UserRole', {
    Name: 'VP Channel Sales',
    DeveloperName: 'VPChannelSales',
    ParentRoleId: ceo,
  });
  store.run('UPDATE "User" SET "UserRoleId" = ? WHERE "Id" = ?', ceo, adminId);

  const managerPs = writer.insert('PermissionSet', {
    Name: 'Channel_Manager',
    Label: 'Channel Kit Manager',
    PermissionsTransferAnyLead: 1,
  });
  const partnerPs = writer.insert('PermissionSet', {
    Name: 'Channel_Kit_Partner',
    Label: 'Channel Kit Partner',
  });
  // The package's Partner_Onboarding permission set: what it grants arrives with the deploy.
  const onboardingPs = writer.insert('PermissionSet', {
    Name: 'Partner_Onboarding',
    Label: 'Channel Kit Partner Onboarding',
  });
  // The package's Partner_Lead_Inbox, for every demo partner user: the inbox's Apex arrives with
  // the deploy. Each partner queue gets leads from seedLeads (owners below), so inboxes have content.
  const inboxPs = writer.insert('PermissionSet', {
    Name: 'Partner_Lead_Inbox',
    Label: 'Channel Kit Partner Lead Inbox',
  });

  const managers = new Map<Region, string>();
  for (const m of MANAGERS) {
    const role = writer.insert('UserRole', {
      Name: `Channel Manager ${m.region}`,
      DeveloperName: `ChannelManager${m.region}`,
      ParentRoleId: vp,
    });
    const username = `${m.first}.${m.last}@channelkit.localorg`.toLowerCase();
    const id = writer.insert('User', {
      ...userDefaults(m.first, m.last, username),
      ProfileId: profiles.channelManager,
      UserRoleId: role,
      UserType: 'Standard',
      IsActive: 1,
      Title: `Channel Manager, ${m.region}`,
      Country: REGION_COUNTRIES[m.region][0],
      LastLoginDate: formatDateTime(daysAgo(1)),
    });
    setPassword(store, id, password);
    writer.insert('PermissionSetAssignment', { PermissionSetId: managerPs, AssigneeId: id });
    writer.insert('PermissionSetAssignment', { PermissionSetId: onboardingPs, AssigneeId: id });
    managers.set(m.region, id);
    users.push({ userId: id, username, kind: 'channel-manager', active: true, accountId: null });
  }

  const queue = (name: string, members: string[]): string => {
    const id = writer.insert('Group', {
      Name: name,
      DeveloperName: name.replace(/[^A-Za-z0-9]+/g, '_'),
      Type: 'Queue',
    });
    writer.insert('QueueSobject', { QueueId: id, SobjectType: 'Lead' });
    for (const member of members)
      writer.insert('GroupMember', { GroupId: id, UserOrGroupId: member });
    return id;
  };
  const unassigned = queue('Unassigned Leads', [...managers.values()]);
  const pools = new Map<Region, string>();
  for (const region of ['Americas', 'EMEA', 'APAC'] as Region[]) {
    pools.set(region, queue(`${region} Partner Pool`, [managers.get(region)!]));
  }

  const site = writer.insert('Network', {
    Name: 'Partner Central',
    Status: 'Live',
    UrlPathPrefix: 'partners',
    Description: 'The partner portal: lead inbox, deal registration and enablement.',
    OptionsSendWelcomeEmail: 0,
  });
  for (const parent of [profiles.partner, profiles.partnerLogin, partnerPs]) {
    writer.insert('NetworkMemberGroup', { NetworkId: site, ParentId: parent });
  }

  const owners: LeadOwner[] = [];
  PARTNERS.forEach((p, a) => {
    const ownerId = managers.get(p.region)!;
    const accountId = writer.insert('Account', {
      Name: p.name,
      Type: 'Channel Partner / Reseller',
      Industry: 'Technology',
      BillingCountry: p.country,
      Website: `https://www.${p.domain}.example.com`,
      Phone: `+1 555 01${String(a).padStart(2, '0')}`,
      NumberOfEmployees: 20 + random.int(2000),
      IsPartner: 1,
      OwnerId: ownerId,
    });
    const managerRole = String(
      store.get('SELECT "UserRoleId" FROM "User" WHERE "Id" = ?', ownerId)?.UserRoleId,
    );
    const partnerRole = writer.insert('UserRole', {
      Name: `${p.name} Partner User`,
      DeveloperName: `${p.name.replace(/[^A-Za-z0-9]+/g, '')}PartnerUser`,
      ParentRoleId: managerRole,
      PortalType: 'Partner',
      PortalAccountId: accountId,
      PortalRole: 'Worker',
    });
    const accountUsers: string[] = [];
    for (let c = 0; c < 4; c++) {
      const first = random.pick(FIRST_NAMES);
      const last = random.pick(LAST_NAMES);
      const email = `${first}.${last}${a}${c}@${p.domain}.example.com`.toLowerCase();
      const contactId = writer.insert('Contact', {
        AccountId: accountId,
        FirstName: first,
        LastName: last,
        Email: email,
        Title: c === 0 ? 'Partner Sales Lead' : 'Sales Representative',
        MailingCountry: p.country,
        OwnerId: ownerId,
      });
      if (c === 3) continue; // a contact without a partner user
      const username = email.replace(/\.example\.com$/, '.partner.localorg');
      const active = (a + c) % 7 !== 3;
      const neverLoggedIn = (a * 3 + c) % 5 === 4;
      const userId = writer.insert('User', {
        ...userDefaults(first, last, username),
        Email: email,
        ProfileId: c === 2 ? profiles.partnerLogin : profiles.partner,
        UserRoleId: partnerRole,
        UserType: 'PowerPartner',
        ContactId: contactId,
        AccountId: accountId,
        IsPortalEnabled: 1,
        IsActive: active ? 1 : 0,
        CompanyName: p.name,
        Country: p.country,
        LastLoginDate: neverLoggedIn ? null : formatDateTime(daysAgo(1 + random.int(30))),
      });
      writer.insert('PermissionSetAssignment', { PermissionSetId: partnerPs, AssigneeId: userId });
      writer.insert('PermissionSetAssignment', { PermissionSetId: inboxPs, AssigneeId: userId });
      if (active) {
        writer.insert('NetworkMember', { NetworkId: site, MemberId: userId });
        setPassword(store, userId, password);
        owners.push({ id: userId, partnerAccountId: accountId, weight: 3 });
      }
      accountUsers.push(userId);
      users.push({ userId, username, kind: 'partner', active, accountId });
    }
    const partnerQueue = queue(`${p.name} Leads`, accountUsers);
    owners.push({ id: partnerQueue, partnerAccountId: null, weight: 2 });
  });
  for (const id of managers.values()) owners.push({ id, partnerAccountId: null, weight: 4 });
  for (const id of pools.values()) owners.push({ id, partnerAccountId: null, weight: 5 });
  owners.push({ id: unassigned, partnerAccountId: null, weight: 6 });

  const rule = writer.insert('AssignmentRule', {
    Name: 'Channel Lead Routing',
    SobjectType: 'Lead',
    Active: 1,
  });
  setRuleEntries(store, rule, [
    ...(['EMEA', 'Americas', 'APAC'] as Region[]).map((region) => ({
      criteria: [{ field: 'Country', operator: 'in' as const, value: REGION_COUNTRIES[region] }],
      assignedToId: pools.get(region)!,
    })),
    { criteria: [], assignedToId: unassigned },
  ]);
  setDefaultLeadOwner(store, unassigned);
  writer.insert('AssignmentRule', {
    Name: 'Round Robin (inactive)',
    SobjectType: 'Lead',
    Active: 0,
  });

  // A channel business buys Salesforce licences with room to hire (the base org has 10): the
  // package's Apex tests create internal users, which take licences in a real org too.
  store.run(`UPDATE "UserLicense" SET "TotalLicenses" = 25 WHERE "LicenseDefinitionKey" = 'SFDC'`);
  recountLicenses(store);
  seedLeads(store, { count: leadCount, owners, now, createdById: adminId, seed: 42 });
  return { users };
}
