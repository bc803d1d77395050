/**
 * Who is a member of a site. The object reference (NetworkMemberGroup): "any user with the
 * profile or permission set becomes a member of the site", and removing the profile or
 * permission set removes those members. As elsewhere in the local org (a partner user joins live
 * sites when created), users join live sites; a site taken offline keeps its members. NetworkMember
 * rows follow from the member groups, the users' profiles, and their permission set assignments.
 */
import { KEY_PREFIX } from '../ids.ts';
import type { Store } from '../store/store.ts';

/** CreatedDate, CreatedById, LastModifiedDate, LastModifiedById, SystemModstamp. */
export type AuditValues = [string, string, string, string, string];

/** Users whose profile or a permission set of theirs is a member group of the site. */
const QUALIFYING_USERS = `
  SELECT u."Id", u."IsActive" FROM "User" u
   WHERE (u."ProfileId" IN (SELECT g."ParentId" FROM "NetworkMemberGroup" g WHERE g."NetworkId" = ?)
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
 * Removes the members the site's member groups no longer qualify and, when the site is live, adds
 * the active users they qualify who are not members yet. Returns how many joined and left.
 */
export function syncSiteMembers(
  store: Store,
  networkId: string,
  audit: AuditValues,
): { joined: number; left: number } {
  const qualified = new Map(
    store.all(QUALIFYING_USERS, networkId, networkId).map((r) => [String(r.Id), r.IsActive === 1]),
  );
  const current = new Map(
    store
      .all('SELECT "Id", "MemberId" FROM "NetworkMember" WHERE "NetworkId" = ?', networkId)
      .map((r) => [String(r.MemberId), String(r.Id)]),
  );
  let left = 0;
  for (const [userId, memberId] of current) {
    if (qualified.has(userId)) continue;
    store.run('DELETE FROM "NetworkMember" WHERE "Id" = ?', memberId);
    left++;
  }
  let joined = 0;
  if (!isLive(store, networkId)) return { joined, left };
  for (const [userId, active] of qualified) {
    if (!active || current.has(userId)) continue;
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

/** A user who lost a permission set leaves the sites it alone made them a member of. */
export function leaveSitesOfPermissionSet(
  store: Store,
  userId: string,
  permissionSetId: string,
): void {
  const memberships = store.all(
    `SELECT m."Id", m."NetworkId" FROM "NetworkMember" m
      WHERE m."MemberId" = ?
        AND EXISTS (SELECT 1 FROM "NetworkMemberGroup" g
                     WHERE g."NetworkId" = m."NetworkId" AND g."ParentId" = ?)`,
    userId,
    permissionSetId,
  );
  for (const membership of memberships) {
    const networkId = String(membership.NetworkId);
    const stillQualifies = store
      .all(QUALIFYING_USERS, networkId, networkId)
      .some((r) => String(r.Id) === userId);
    if (!stillQualifies) store.run('DELETE FROM "NetworkMember" WHERE "Id" = ?', membership.Id);
  }
}
