/**
 * Who is a member of a site. The object reference (NetworkMemberGroup): "any user with the
 * profile or permission set becomes a member of the site", and removing the profile or
 * permission set removes those members. As elsewhere in the local org (a partner user joins live
 * sites when created), members are kept for live sites; NetworkMember rows follow from the
 * member groups, the users' profiles, and their permission set assignments.
 */
import { KEY_PREFIX } from '../ids.ts';
import type { Store } from '../store/store.ts';

/** CreatedDate, CreatedById, LastModifiedDate, LastModifiedById, SystemModstamp. */
export type AuditValues = [string, string, string, string, string];

/** Active users whose profile or a permission set of theirs is a member group of the site. */
const QUALIFYING_USERS = `
  SELECT u."Id" FROM "User" u
   WHERE u."IsActive" = 1
     AND (u."ProfileId" IN (SELECT g."ParentId" FROM "NetworkMemberGroup" g WHERE g."NetworkId" = ?)
      OR EXISTS (SELECT 1 FROM "PermissionSetAssignment" a
                   JOIN "NetworkMemberGroup" g ON g."ParentId" = a."PermissionSetId"
                  WHERE g."NetworkId" = ? AND a."AssigneeId" = u."Id"))`;

function addMember(store: Store, networkId: string, userId: string, audit: AuditValues): void {
  store.run(
    `INSERT INTO "NetworkMember" ("Id", "NetworkId", "MemberId", "CreatedDate", "CreatedById",
       "LastModifiedDate", "LastModifiedById", "SystemModstamp") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    store.nextId(KEY_PREFIX.NetworkMember),
    networkId,
    userId,
    ...audit,
  );
}

const isLive = (store: Store, networkId: string): boolean =>
  store.get('SELECT "Status" FROM "Network" WHERE "Id" = ?', networkId)?.Status === 'Live';

/**
 * Makes a site's members exactly the users its member groups qualify (none while it is not
 * live). Returns how many joined and left.
 */
export function syncSiteMembers(
  store: Store,
  networkId: string,
  audit: AuditValues,
): { joined: number; left: number } {
  const wanted = new Set(
    isLive(store, networkId)
      ? store.all(QUALIFYING_USERS, networkId, networkId).map((r) => String(r.Id))
      : [],
  );
  const current = new Map(
    store
      .all('SELECT "Id", "MemberId" FROM "NetworkMember" WHERE "NetworkId" = ?', networkId)
      .map((r) => [String(r.MemberId), String(r.Id)]),
  );
  let left = 0;
  for (const [userId, memberId] of current) {
    if (wanted.has(userId)) continue;
    store.run('DELETE FROM "NetworkMember" WHERE "Id" = ?', memberId);
    left++;
  }
  let joined = 0;
  for (const userId of wanted) {
    if (current.has(userId)) continue;
    addMember(store, networkId, userId, audit);
    joined++;
  }
  return { joined, left };
}

/** A user given a permission set joins the live sites that list it as a member group. */
export function joinSitesOfPermissionSet(
  store: Store,
  userId: string,
  permissionSetId: string,
  audit: AuditValues,
): void {
  const sites = store.all(
    `SELECT DISTINCT g."NetworkId" FROM "NetworkMemberGroup" g JOIN "Network" n ON n."Id" = g."NetworkId"
      WHERE g."ParentId" = ? AND n."Status" = 'Live'
        AND NOT EXISTS (SELECT 1 FROM "NetworkMember" m WHERE m."NetworkId" = g."NetworkId" AND m."MemberId" = ?)`,
    permissionSetId,
    userId,
  );
  const active = store.get('SELECT "IsActive" FROM "User" WHERE "Id" = ?', userId)?.IsActive === 1;
  if (!active) return;
  for (const site of sites) addMember(store, String(site.NetworkId), userId, audit);
}
