/** Who is calling: the user behind a token, with what sharing applies to them needs. */
import type { Store } from '../store/store.ts';

export interface Session {
  userId: string;
  orgId: string;
  username: string;
  profileId: string;
  userType: string;
  /** The partner account of an external user; null for internal users. */
  accountId: string | null;
  /** Modify All Data: sees and changes everything, reads the outbox. */
  isAdmin: boolean;
  /** An external (partner) user, restricted by sharing. */
  isExternal: boolean;
}

/** Loads the session of an active user, or undefined when the user is missing or inactive. */
export function sessionFor(store: Store, userId: string): Session | undefined {
  const row = store.get(
    `SELECT u."Id", u."Username", u."ProfileId", u."UserType", u."AccountId", u."IsActive",
            p."PermissionsModifyAllData" AS admin, o."Id" AS orgId
       FROM "User" u LEFT JOIN "Profile" p ON p."Id" = u."ProfileId", "Organization" o
      WHERE u."Id" = ?`,
    userId,
  );
  if (!row || row.IsActive !== 1) return undefined;
  const userType = String(row.UserType ?? 'Standard');
  return {
    userId: String(row.Id),
    orgId: String(row.orgId),
    username: String(row.Username),
    profileId: String(row.ProfileId),
    userType,
    accountId: row.AccountId === null ? null : String(row.AccountId),
    isAdmin: row.admin === 1,
    isExternal: userType !== 'Standard',
  };
}
