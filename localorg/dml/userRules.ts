/**
 * User behaviour: unique usernames and nicknames, licences that run out, and partner users (a
 * contact of a partner account whose owner has a role; the account's partner role is created on
 * first use). Deactivating a user ends its sessions.
 */
import { revokeUserTokens } from '../auth/tokens.ts';
import { RecordFailure } from '../errors.ts';
import { KEY_PREFIX } from '../ids.ts';
import type { Row, Store } from '../store/store.ts';
import type { ObjectRules, RuleContext } from './context.ts';
import { auditValues } from './audit.ts';

export const PARTNER_LICENSES = ['PID_Partner_Community', 'PID_Partner_Community_Login', 'PID_PRM'];

function checkUnique(store: Store, row: Row, id: unknown): void {
  const clash = store.get(
    'SELECT "Id" FROM "User" WHERE lower("Username") = lower(?) AND "Id" IS NOT ?',
    row.Username,
    (id ?? null) as string | null,
  );
  if (clash) {
    throw new RecordFailure(
      'DUPLICATE_USERNAME',
      "Duplicate Username.<br>The username already exists in this or another Salesforce organization. Usernames must be unique across all Salesforce organizations. To resolve, use a different username (it doesn't need to match the user's email address).",
      ['Username'],
    );
  }
  const nick = store.get(
    'SELECT "Id" FROM "User" WHERE lower("CommunityNickname") = lower(?) AND "Id" IS NOT ?',
    row.CommunityNickname,
    (id ?? null) as string | null,
  );
  if (nick) {
    throw new RecordFailure(
      'DUPLICATE_COMMUNITY_NICKNAME',
      `The nickname "${String(row.CommunityNickname)}" is already in use. Please enter a unique nickname.`,
      ['CommunityNickname'],
    );
  }
}

interface License {
  id: string;
  key: string;
  total: number;
}

function licenseOf(store: Store, profileId: unknown): License {
  const row = store.get(
    `SELECT l."Id", l."LicenseDefinitionKey", l."TotalLicenses" FROM "Profile" p
       JOIN "UserLicense" l ON l."Id" = p."UserLicenseId" WHERE p."Id" = ?`,
    String(profileId),
  );
  if (!row)
    throw new RecordFailure('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [
      'ProfileId',
    ]);
  return {
    id: String(row.Id),
    key: String(row.LicenseDefinitionKey),
    total: Number(row.TotalLicenses),
  };
}

function checkLicenseAvailable(store: Store, license: License): void {
  const used = store.get(
    `SELECT COUNT(*) AS n FROM "User" u JOIN "Profile" p ON p."Id" = u."ProfileId"
      WHERE u."IsActive" = 1 AND p."UserLicenseId" = ?`,
    license.id,
  );
  if (Number(used?.n ?? 0) >= license.total) {
    throw new RecordFailure('LICENSE_LIMIT_EXCEEDED', 'License Limit Exceeded', []);
  }
}

/** Recounts UserLicense.UsedLicenses from the active users. */
export function recountLicenses(store: Store): void {
  store.run(
    `UPDATE "UserLicense" SET "UsedLicenses" = (SELECT COUNT(*) FROM "User" u JOIN "Profile" p ON p."Id" = u."ProfileId"
      WHERE u."IsActive" = 1 AND p."UserLicenseId" = "UserLicense"."Id")`,
  );
}

/** The account's partner role, created (under the owner's role) on first use. */
function partnerRole(
  ctx: RuleContext,
  accountId: string,
  accountName: string,
  ownerRoleId: string,
): string {
  const existing = ctx.store.get(
    `SELECT "Id" FROM "UserRole" WHERE "PortalAccountId" = ? AND "PortalType" = 'Partner' AND "PortalRole" = 'Worker'`,
    accountId,
  );
  if (existing) return String(existing.Id);
  const id = ctx.store.nextId(KEY_PREFIX.UserRole);
  ctx.store.run(
    `INSERT INTO "UserRole" ("Id", "Name", "DeveloperName", "ParentRoleId", "PortalType", "PortalAccountId", "PortalRole",
       "CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById", "SystemModstamp")
     VALUES (?, ?, ?, ?, 'Partner', ?, 'Worker', ?, ?, ?, ?, ?)`,
    id,
    `${accountName} Partner User`,
    `${accountName.replace(/[^A-Za-z0-9]+/g, '')}PartnerUser`,
    ownerRoleId,
    accountId,
    ...auditValues(ctx),
  );
  return id;
}

function preparePartner(ctx: RuleContext, row: Row): void {
  if (!row.ContactId) {
    throw new RecordFailure(
      'FIELD_INTEGRITY_EXCEPTION',
      'Contact: a partner user must be associated with a contact',
      ['ContactId'],
    );
  }
  const contact = ctx.store.get(
    'SELECT "AccountId" FROM "Contact" WHERE "Id" = ? AND "IsDeleted" = 0',
    String(row.ContactId),
  );
  if (!contact?.AccountId) {
    throw new RecordFailure(
      'FIELD_INTEGRITY_EXCEPTION',
      'Contact: the contact must belong to an account',
      ['ContactId'],
    );
  }
  const account = ctx.store.get(
    `SELECT a."Id", a."Name", a."IsPartner", o."UserRoleId" FROM "Account" a LEFT JOIN "User" o ON o."Id" = a."OwnerId"
      WHERE a."Id" = ?`,
    String(contact.AccountId),
  );
  if (!account || account.IsPartner !== 1) {
    throw new RecordFailure(
      'FIELD_INTEGRITY_EXCEPTION',
      "Account: the contact's account must be enabled as a partner account",
      ['ContactId'],
    );
  }
  if (!account.UserRoleId) {
    throw new RecordFailure('UNKNOWN_EXCEPTION', 'portal account owner must have a role', []);
  }
  const taken = ctx.store.get(
    'SELECT "Id" FROM "User" WHERE "ContactId" = ?',
    String(row.ContactId),
  );
  if (taken) {
    throw new RecordFailure(
      'PORTAL_USER_ALREADY_EXISTS_FOR_CONTACT',
      'portal user already exists for contact',
      ['ContactId'],
    );
  }
  row.UserType = 'PowerPartner';
  row.AccountId = String(account.Id);
  row.IsPortalEnabled = 1;
  row.UserRoleId = partnerRole(
    ctx,
    String(account.Id),
    String(account.Name),
    String(account.UserRoleId),
  );
}

/** Partner users become members of live sites whose member profiles include theirs. */
function joinSites(ctx: RuleContext, row: Row): void {
  const sites = ctx.store.all(
    `SELECT DISTINCT g."NetworkId" FROM "NetworkMemberGroup" g JOIN "Network" n ON n."Id" = g."NetworkId"
      WHERE g."ParentId" = ? AND n."Status" = 'Live'
        AND NOT EXISTS (SELECT 1 FROM "NetworkMember" m WHERE m."NetworkId" = g."NetworkId" AND m."MemberId" = ?)`,
    String(row.ProfileId),
    String(row.Id),
  );
  for (const site of sites) {
    ctx.store.run(
      `INSERT INTO "NetworkMember" ("Id", "NetworkId", "MemberId", "CreatedDate", "CreatedById", "LastModifiedDate",
         "LastModifiedById", "SystemModstamp") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ctx.store.nextId(KEY_PREFIX.NetworkMember),
      String(site.NetworkId),
      String(row.Id),
      ...auditValues(ctx),
    );
  }
}

/**
 * A nickname for a user inserted without one: the platform defaults CommunityNickname on create
 * (the Apex Developer Guide's runAs example inserts a User without it); the part of the username
 * before the @, with a number added when that is taken.
 */
function defaultNickname(store: Store, row: Row): void {
  if (
    row.CommunityNickname !== null &&
    row.CommunityNickname !== undefined &&
    row.CommunityNickname !== ''
  )
    return;
  const base =
    String(row.Username ?? 'user')
      .split('@')[0]
      .slice(0, 32) || 'user';
  let nickname = base;
  for (
    let n = 1;
    store.get(
      'SELECT 1 AS taken FROM "User" WHERE lower("CommunityNickname") = lower(?)',
      nickname,
    );
    n++
  ) {
    nickname = `${base}${n}`;
  }
  row.CommunityNickname = nickname;
}

export const userRules: ObjectRules = {
  beforeInsert(ctx, row) {
    defaultNickname(ctx.store, row);
    checkUnique(ctx.store, row, null);
    const license = licenseOf(ctx.store, row.ProfileId);
    if (PARTNER_LICENSES.includes(license.key)) preparePartner(ctx, row);
    else if (row.ContactId) {
      throw new RecordFailure(
        'FIELD_INTEGRITY_EXCEPTION',
        'Contact: only portal users can be associated with a contact',
        ['ContactId'],
      );
    } else row.UserType = 'Standard';
    if (row.IsActive === 1) checkLicenseAvailable(ctx.store, license);
  },
  beforeUpdate(ctx, row, old) {
    if (row.Username !== old.Username || row.CommunityNickname !== old.CommunityNickname)
      checkUnique(ctx.store, row, row.Id);
    const activating =
      row.IsActive === 1 && (old.IsActive !== 1 || row.ProfileId !== old.ProfileId);
    if (activating) {
      const license = licenseOf(ctx.store, row.ProfileId);
      if (old.IsActive !== 1 || licenseOf(ctx.store, old.ProfileId).id !== license.id) {
        checkLicenseAvailable(ctx.store, license);
      }
    }
  },
  afterWrite(ctx, row, old) {
    recountLicenses(ctx.store);
    if (row.IsActive !== 1 && old?.IsActive === 1) revokeUserTokens(ctx.store, String(row.Id));
    if (row.IsActive === 1 && row.UserType === 'PowerPartner') joinSites(ctx, row);
  },
};
