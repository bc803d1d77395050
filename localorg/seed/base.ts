/**
 * The org every seed starts from: Organization, licences, profiles, the admin user, the
 * EntityDefinition rows, and the OAuth clients (our own connected app and the sf CLI's).
 */
import { randomInt } from 'node:crypto';
import { registerClient } from '../auth/clients.ts';
import { setPassword } from '../auth/passwords.ts';
import { KEY_PREFIX, makeId } from '../ids.ts';
import type { Store } from '../store/store.ts';
import { SeedWriter } from './writer.ts';

export const ADMIN_USERNAME = 'admin@channelkit.localorg';
/** The org Id of an org seeded with the default identity (the Organization counter's first). */
export const DEFAULT_ORG_ID = makeId(KEY_PREFIX.Organization, 1);

/**
 * Who an org is: its Organization Id and its administrator's username. The sf CLI keys its saved
 * logins by username (and per-org state by org Id), so two orgs that share them replace each
 * other's alias; Salesforce makes both unique across all orgs. The default identity is fixed
 * (tests and tools that name the admin keep working); a fresh one has a random org Id and
 * `admin-<8 random letters and digits>@channelkit.localorg`. Either is written into the store at
 * the first seed, so a data folder keeps its identity across restarts.
 */
export interface OrgIdentity {
  orgId: string;
  adminUsername: string;
}

export const DEFAULT_IDENTITY: OrgIdentity = {
  orgId: DEFAULT_ORG_ID,
  adminUsername: ADMIN_USERNAME,
};

const TAG_DIGITS = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function freshIdentity(): OrgIdentity {
  let tag = '';
  for (let i = 0; i < 8; i++) tag += TAG_DIGITS[randomInt(TAG_DIGITS.length)];
  // 12 base-62 digits after 00D; keep clear of the small counter values the default uses.
  return {
    orgId: makeId(KEY_PREFIX.Organization, randomInt(62 ** 6, 2 ** 47)),
    adminUsername: `admin-${tag}@channelkit.localorg`,
  };
}
export const DEFAULT_PASSWORD = 'channelkit-local-1';
export const LOCAL_CLIENT_ID = 'channelkit-local';
export const LOCAL_CLIENT_SECRET = 'channelkit-local-secret';

export interface BaseOrg {
  writer: SeedWriter;
  orgId: string;
  adminId: string;
  profiles: {
    admin: string;
    standard: string;
    channelManager: string;
    partner: string;
    partnerLogin: string;
  };
}

const SHARING: Record<string, [string, string]> = {
  Lead: ['ReadWriteTransfer', 'Private'],
  Account: ['ReadWrite', 'Private'],
  Contact: ['ControlledByParent', 'ControlledByParent'],
  User: ['Read', 'Private'],
};

/** Standard user fields for a seeded user. */
export function userDefaults(
  first: string,
  last: string,
  username: string,
): Record<string, string> {
  return {
    FirstName: first,
    LastName: last,
    Username: username,
    Email: username.replace(/\.localorg$/, '.example.com'),
    Alias: `${first.slice(0, 1)}${last}`
      .toLowerCase()
      .replace(/[^a-z]/g, '')
      .slice(0, 8),
    CommunityNickname: username.split('@')[0].replace(/[^A-Za-z0-9]/g, '') + username.length,
    TimeZoneSidKey: 'GMT',
    LocaleSidKey: 'en_US',
    EmailEncodingKey: 'UTF-8',
    LanguageLocaleKey: 'en_US',
  };
}

export function seedBase(
  store: Store,
  now: Date,
  password: string,
  identity: OrgIdentity = DEFAULT_IDENTITY,
): BaseOrg {
  const writer = new SeedWriter(store, now);
  const adminId = makeId(KEY_PREFIX.User, store.reserveIds(KEY_PREFIX.User, 1));
  writer.createdById = adminId;
  const orgId = writer.insert('Organization', {
    Id: identity.orgId,
    Name: 'Channel Kit Local',
    InstanceName: 'LOCAL1',
    IsSandbox: 0,
    NamespacePrefix: null,
    OrganizationType: 'Developer Edition',
    Country: 'US',
    TimeZoneSidKey: 'GMT',
    LanguageLocaleKey: 'en_US',
    DefaultLocaleSidKey: 'en_US',
    DefaultLeadAccess: 'ReadEditTransfer',
    DefaultAccountAccess: 'Edit',
    DefaultContactAccess: 'ControlledByParent',
  });
  const license = (name: string, key: string, total: number): string =>
    writer.insert('UserLicense', {
      Name: name,
      MasterLabel: name,
      LicenseDefinitionKey: key,
      Status: 'Active',
      TotalLicenses: total,
      UsedLicenses: 0,
    });
  const sfdc = license('Salesforce', 'SFDC', 10);
  const partner = license('Partner Community', 'PID_Partner_Community', 60);
  const partnerLogin = license('Partner Community Login', 'PID_Partner_Community_Login', 20);

  const profile = (name: string, licenseId: string, userType: string, admin: boolean): string =>
    writer.insert('Profile', {
      Name: name,
      UserLicenseId: licenseId,
      UserType: userType,
      PermissionsModifyAllData: admin ? 1 : 0,
      PermissionsViewAllData: admin ? 1 : 0,
      PermissionsTransferAnyLead: userType === 'Standard' ? 1 : 0,
      PermissionsApiEnabled: 1,
    });
  const profiles = {
    admin: profile('System Administrator', sfdc, 'Standard', true),
    standard: profile('Standard User', sfdc, 'Standard', false),
    channelManager: profile('Channel Manager', sfdc, 'Standard', false),
    partner: profile('Partner Community User', partner, 'PowerPartner', false),
    partnerLogin: profile('Partner Community Login User', partnerLogin, 'PowerPartner', false),
  };

  writer.insert('User', {
    Id: adminId,
    ...userDefaults('Alex', 'Admin', identity.adminUsername),
    ProfileId: profiles.admin,
    UserType: 'Standard',
    IsActive: 1,
    Title: 'Salesforce Administrator',
  });
  setPassword(store, adminId, password);

  for (const object of store.catalog.objects) {
    if (!object.keyPrefix) continue;
    const [internal, external] = SHARING[object.name] ?? ['ReadWrite', 'Private'];
    store.insertRow(store.catalog.object('EntityDefinition')!, {
      Id: '000000000000000AAA',
      QualifiedApiName: object.name,
      DeveloperName: object.name,
      DurableId: object.name,
      Label: object.label,
      PluralLabel: object.labelPlural,
      KeyPrefix: object.keyPrefix,
      InternalSharingModel: internal,
      ExternalSharingModel: external,
      IsCustomizable: object.setup ? 0 : 1,
      CreatedDate: null,
      SystemModstamp: null,
    });
  }

  registerClient(store, {
    clientId: LOCAL_CLIENT_ID,
    clientSecret: LOCAL_CLIENT_SECRET,
    runAsUserId: adminId,
    name: 'Channel Kit Local',
  });
  registerClient(store, {
    clientId: 'PlatformCLI',
    clientSecret: null,
    runAsUserId: null,
    name: 'Salesforce CLI',
  });
  return { writer, orgId, adminId, profiles };
}
