/**
 * Record visibility. Internal users see everything (public read/write defaults); a partner user sees
 * its own account and contacts, the users of its account plus internal users, and only the leads
 * owned by users of its account or by queues it is a member of (external Lead sharing is Private).
 */
import type { Session } from './auth/session.ts';
import type { SObjectDef } from './catalog/index.ts';
import type { SqlValue } from './store/store.ts';

export interface SqlFilter {
  sql: string;
  params: SqlValue[];
}

/** A predicate over `alias` limiting `object` to what the session may see, or null for no limit. */
export function visibilityFilter(
  session: Session,
  object: SObjectDef,
  alias: string,
): SqlFilter | null {
  if (!session.isExternal) return null;
  const account = session.accountId ?? '';
  switch (object.name) {
    case 'Lead':
      return {
        sql: `(${alias}."OwnerId" IN (SELECT "Id" FROM "User" WHERE "AccountId" = ?)
           OR ${alias}."OwnerId" IN (SELECT "GroupId" FROM "GroupMember" WHERE "UserOrGroupId" = ?))`,
        params: [account, session.userId],
      };
    case 'Account':
      return { sql: `${alias}."Id" = ?`, params: [account] };
    case 'Contact':
      return { sql: `${alias}."AccountId" = ?`, params: [account] };
    case 'User':
      return {
        sql: `(${alias}."AccountId" = ? OR ${alias}."UserType" = 'Standard')`,
        params: [account],
      };
    default:
      return null;
  }
}

/** Setup objects and other users' settings are read-only to external users. */
export function canWrite(session: Session, object: SObjectDef): boolean {
  return !session.isExternal || !object.setup;
}
