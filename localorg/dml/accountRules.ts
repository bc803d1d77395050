/**
 * Account behaviour: disabling a partner account (`IsPartner` from true to false). Salesforce
 * Help ("Disable Partner Accounts" / "Partner accounts can't be deleted, but can be disabled"):
 * disabling an account with external users permanently disables all of its external users and
 * removes them from all communities, groups, teams, permission sets and sharing rules, and the
 * roles and groups of the account are permanently deleted (not moved to the Recycle Bin). So:
 * each partner user of the account's contacts becomes inactive and no longer portal-enabled,
 * loses its role, its sessions, its group and queue memberships, its permission sets (not the
 * profile's own) and its site memberships; the account's partner roles and their groups go.
 * These are the platform's own changes, not the caller's DML: no mixed DML, no access checks.
 * The contact keeps its link to the user here (the docs say the association is lost for good;
 * the user simply can never be re-enabled, which a local org need not model further).
 */
import { revokeUserTokens } from '../auth/tokens.ts';
import { formatDateTime } from '../dates.ts';
import type { ObjectRules, RuleContext } from './context.ts';
import { recountLicenses } from './userRules.ts';

function disablePartner(ctx: RuleContext, accountId: string): void {
  const { store } = ctx;
  const users = store
    .all(
      `SELECT u."Id" FROM "User" u JOIN "Contact" c ON c."Id" = u."ContactId"
        WHERE c."AccountId" = ? AND u."UserType" = 'PowerPartner'`,
      accountId,
    )
    .map((u) => String(u.Id));
  const roles = store
    .all(`SELECT "Id" FROM "UserRole" WHERE "PortalAccountId" = ?`, accountId)
    .map((r) => String(r.Id));
  const marks = (ids: string[]): string => ids.map(() => '?').join(', ');
  if (users.length > 0) {
    const at = formatDateTime(ctx.now);
    store.run(
      `UPDATE "User" SET "IsActive" = 0, "IsPortalEnabled" = 0, "UserRoleId" = NULL,
         "LastModifiedDate" = ?, "LastModifiedById" = ?, "SystemModstamp" = ?
        WHERE "Id" IN (${marks(users)})`,
      at,
      ctx.session.userId,
      at,
      ...users,
    );
    for (const id of users) revokeUserTokens(store, id);
    store.run(`DELETE FROM "GroupMember" WHERE "UserOrGroupId" IN (${marks(users)})`, ...users);
    store.run(
      `DELETE FROM "PermissionSetAssignment" WHERE "AssigneeId" IN (${marks(users)})
         AND "PermissionSetId" NOT IN (SELECT "Id" FROM "PermissionSet" WHERE "IsOwnedByProfile" = 1)`,
      ...users,
    );
    store.run(`DELETE FROM "NetworkMember" WHERE "MemberId" IN (${marks(users)})`, ...users);
    recountLicenses(store);
  }
  if (roles.length > 0) {
    const groups = store
      .all(`SELECT "Id" FROM "Group" WHERE "RelatedId" IN (${marks(roles)})`, ...roles)
      .map((g) => String(g.Id));
    if (groups.length > 0) {
      store.run(
        `DELETE FROM "GroupMember" WHERE "GroupId" IN (${marks(groups)}) OR "UserOrGroupId" IN (${marks(groups)})`,
        ...groups,
        ...groups,
      );
      store.run(`DELETE FROM "Group" WHERE "Id" IN (${marks(groups)})`, ...groups);
    }
    store.run(
      `UPDATE "User" SET "UserRoleId" = NULL WHERE "UserRoleId" IN (${marks(roles)})`,
      ...roles,
    );
    store.run(`DELETE FROM "UserRole" WHERE "Id" IN (${marks(roles)})`, ...roles);
  }
}

export const accountRules: ObjectRules = {
  afterWrite(ctx, row, old) {
    if (old?.IsPartner === 1 && row.IsPartner !== 1) disablePartner(ctx, String(row.Id));
  },
};
