/**
 * What the org knows about lead owners: each user's and queue's name, console type, partner
 * account, the eligibility facts the routing core assesses (active, licence, has logged in,
 * member of the live partner site, queue takes leads), open-lead loads, and the sentence the
 * console shows for each issue.
 */
import type { Session } from '../../auth/session.ts';
import type { Catalog } from '../../catalog/index.ts';
import { visibilityFilter } from '../../sharing.ts';
import type { Store } from '../../store/store.ts';
import type {
  EligibilityFacts,
  OwnerIssue as RoutingIssue,
} from '../../../force-app/main/default/lwc/leadRouting/leadRouting.ts';
import type { OwnerIssue, OwnerType } from '../../../types/leadAssignment.d.ts';
import { PARTNER_USER_TYPES, isPartnerUserType } from './ownerSql.ts';
import { closedStatuses } from './picklists.ts';

export interface OwnerInfo {
  id: string;
  name: string;
  type: OwnerType;
  kind: 'User' | 'Queue';
  accountId: string | null;
  accountName: string | null;
  username: string | null;
  eligibility: EligibilityFacts;
}

const partnerTypes = JSON.stringify(PARTNER_USER_TYPES);

/**
 * Users and queues by Id: those in `ids`, or all when `ids` is null. Anything else (accounts,
 * unknown Ids) is simply absent from the map.
 */
export function loadOwners(store: Store, ids: string[] | null): Map<string, OwnerInfo> {
  const filter = ids === null ? null : JSON.stringify(ids);
  const out = new Map<string, OwnerInfo>();
  const users = store.all(
    `SELECT u."Id", u."Name", u."Username", u."UserType", u."IsActive", u."AccountId",
            a."Name" AS accountName, u."LastLoginDate", lic."Status" AS licenseStatus,
            CASE
              WHEN NOT EXISTS (SELECT 1 FROM "Network" WHERE "Status" = 'Live') THEN NULL
              WHEN EXISTS (SELECT 1 FROM "NetworkMember" nm JOIN "Network" n ON n."Id" = nm."NetworkId"
                            WHERE n."Status" = 'Live' AND nm."MemberId" = u."Id")
                OR EXISTS (SELECT 1 FROM "NetworkMemberGroup" g JOIN "Network" n ON n."Id" = g."NetworkId"
                            WHERE n."Status" = 'Live' AND (g."ParentId" = u."ProfileId"
                              OR g."ParentId" IN (SELECT "PermissionSetId" FROM "PermissionSetAssignment"
                                                   WHERE "AssigneeId" = u."Id"))) THEN 1
              ELSE 0
            END AS siteMember
       FROM "User" u
       LEFT JOIN "Account" a ON a."Id" = u."AccountId"
       LEFT JOIN "Profile" p ON p."Id" = u."ProfileId"
       LEFT JOIN "UserLicense" lic ON lic."Id" = p."UserLicenseId"
      WHERE ?1 IS NULL OR u."Id" IN (SELECT value FROM json_each(?1))`,
    filter,
  );
  for (const row of users) {
    const partner = isPartnerUserType(row.UserType);
    const eligibility: EligibilityFacts = {
      isActive: row.IsActive === 1,
      hasLicense: row.licenseStatus === null || row.licenseStatus === 'Active',
    };
    if (partner) {
      eligibility.hasLoggedIn = row.LastLoginDate !== null;
      if (row.siteMember !== null) eligibility.isSiteMember = row.siteMember === 1;
    }
    const id = String(row.Id);
    out.set(id, {
      id,
      name: String(row.Name ?? ''),
      type: partner ? 'partnerUser' : 'internalUser',
      kind: 'User',
      accountId: partner && row.AccountId !== null ? String(row.AccountId) : null,
      accountName: partner && row.accountName !== null ? String(row.accountName) : null,
      username: String(row.Username),
      eligibility,
    });
  }
  const queues = store.all(
    `SELECT g."Id", g."Name",
            EXISTS (SELECT 1 FROM "QueueSobject" q WHERE q."QueueId" = g."Id" AND q."SobjectType" = 'Lead') AS supportsLead,
            (SELECT pu."AccountId" FROM "GroupMember" gm
               JOIN "User" pu ON pu."Id" = gm."UserOrGroupId"
               LEFT JOIN "Account" a ON a."Id" = pu."AccountId"
              WHERE gm."GroupId" = g."Id" AND pu."UserType" IN (SELECT value FROM json_each(?2))
              ORDER BY a."Name", pu."AccountId" LIMIT 1) AS partnerAccountId
       FROM "Group" g
      WHERE g."Type" = 'Queue' AND (?1 IS NULL OR g."Id" IN (SELECT value FROM json_each(?1)))`,
    filter,
    partnerTypes,
  );
  const accountNames = new Map<string, string>();
  for (const row of queues) {
    const id = String(row.Id);
    const accountId = row.partnerAccountId === null ? null : String(row.partnerAccountId);
    if (accountId !== null && !accountNames.has(accountId)) {
      const account = store.get('SELECT "Name" FROM "Account" WHERE "Id" = ?', accountId);
      accountNames.set(accountId, String(account?.Name ?? ''));
    }
    out.set(id, {
      id,
      name: String(row.Name ?? ''),
      type: accountId === null ? 'internalQueue' : 'partnerQueue',
      kind: 'Queue',
      accountId,
      accountName: accountId === null ? null : (accountNames.get(accountId) ?? null),
      username: null,
      eligibility: { supportsLead: row.supportsLead === 1 },
    });
  }
  return out;
}

/**
 * Open leads (not converted, not in a closed status) per owner, as the session can see them:
 * for the owners in `ownerIds`, or every owner when null.
 */
export function openLeadLoads(
  store: Store,
  catalog: Catalog,
  session: Session,
  ownerIds: string[] | null,
): Map<string, number> {
  const lead = catalog.object('Lead');
  const visible = lead ? visibilityFilter(session, lead, 'l') : null;
  const rows = store.all(
    `SELECT l."OwnerId" AS ownerId, COUNT(*) AS n FROM "Lead" l
      WHERE l."IsDeleted" = 0 AND l."IsConverted" = 0
        AND COALESCE(l."Status", '') NOT IN (SELECT value FROM json_each(?))
        AND (? IS NULL OR l."OwnerId" IN (SELECT value FROM json_each(?)))
        ${visible ? `AND ${visible.sql}` : ''}
      GROUP BY l."OwnerId"`,
    JSON.stringify(closedStatuses(catalog)),
    ownerIds === null ? null : 1,
    ownerIds === null ? '[]' : JSON.stringify(ownerIds),
    ...(visible?.params ?? []),
  );
  return new Map(rows.map((row) => [String(row.ownerId), Number(row.n)]));
}

/** The name of the live partner site, for messages ("Partner Central"). */
export function liveSiteName(store: Store): string {
  const site = store.get(
    `SELECT "Name" FROM "Network" WHERE "Status" = 'Live' ORDER BY "Id" LIMIT 1`,
  );
  return site ? String(site.Name) : 'the partner site';
}

export interface IssueContext {
  siteName: string;
  cap?: number | null;
}

/** The sentence for an issue code, as the console shows it. */
export function describeIssue(code: RoutingIssue, context: IssueContext): OwnerIssue {
  const messages: Record<RoutingIssue, string> = {
    INACTIVE_USER: 'The user is inactive.',
    NO_LICENSE: "The user's licence is not active.",
    NEVER_LOGGED_IN: `Has never logged in to ${context.siteName}.`,
    NOT_SITE_MEMBER: `Is not a member of ${context.siteName}.`,
    QUEUE_NOT_FOR_LEADS: 'The queue does not take leads.',
    ZERO_WEIGHT: 'Has a weight of 0, so gets no leads.',
    AT_CAPACITY: `Already holds its cap of ${context.cap ?? 0} open leads.`,
  };
  return { code, message: messages[code] };
}
