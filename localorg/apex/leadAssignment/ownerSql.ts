/**
 * The owner kinds as SQL over the store, one definition each, so the lead filters, the row
 * labels and the candidate list agree on who is a partner and what is a partner queue.
 */

/** User types of partner users (PRM's PowerPartner, and the older Partner portal). */
export const PARTNER_USER_TYPES = ['PowerPartner', 'Partner'];

const partnerTypes = PARTNER_USER_TYPES.map((t) => `'${t}'`).join(', ');

export const PARTNER_USER_IDS = `SELECT "Id" FROM "User" WHERE "UserType" IN (${partnerTypes})`;

/** Queues with at least one partner user member. */
export const PARTNER_QUEUE_IDS = `SELECT gm."GroupId" FROM "GroupMember" gm
  JOIN "User" pu ON pu."Id" = gm."UserOrGroupId" WHERE pu."UserType" IN (${partnerTypes})`;

export const QUEUE_IDS = `SELECT "Id" FROM "Group" WHERE "Type" = 'Queue'`;

export const ACTIVE_INTERNAL_USER_IDS = `SELECT "Id" FROM "User"
  WHERE "UserType" NOT IN (${partnerTypes}) AND "IsActive" = 1`;

export const INACTIVE_USER_IDS = `SELECT "Id" FROM "User" WHERE "IsActive" = 0`;

export function isPartnerUserType(userType: unknown): boolean {
  return typeof userType === 'string' && PARTNER_USER_TYPES.includes(userType);
}
