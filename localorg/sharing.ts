/**
 * Record visibility. Internal users see every standard record (public read/write defaults); a
 * partner user sees its own account and contacts, the users of its account plus internal users,
 * and only the leads owned by users of its account or by queues it is a member of (external Lead
 * sharing is Private). Custom objects follow their sharing model: Private records are visible to
 * their owner and to users above the owner in the role hierarchy (and to everyone with Modify All
 * Data); a ControlledByParent (master-detail) child is visible when its parent is. External users
 * see no custom object records (their external default is Private and they own none here).
 */
import type { Session } from './auth/session.ts';
import type { Catalog, SObjectDef } from './catalog/index.ts';
import { ident } from './store/schema.ts';
import type { SqlValue } from './store/store.ts';

export interface SqlFilter {
  sql: string;
  params: SqlValue[];
}

/** The users whose records a user sees through the role hierarchy: itself and those below it. */
function ownedByUserOrSubordinates(alias: string, userId: string): SqlFilter {
  return {
    sql: `(${alias}."OwnerId" = ? OR ${alias}."OwnerId" IN (
      WITH RECURSIVE below(id) AS (
        SELECT r."Id" FROM "UserRole" r JOIN "User" me ON r."ParentRoleId" = me."UserRoleId" WHERE me."Id" = ?
        UNION SELECT r."Id" FROM "UserRole" r JOIN below ON r."ParentRoleId" = below.id)
      SELECT u."Id" FROM "User" u WHERE u."UserRoleId" IN (SELECT id FROM below)))`,
    params: [userId, userId],
  };
}

let aliases = 0;

/** A predicate over `alias` limiting `object` to what the session may see, or null for no limit. */
export function visibilityFilter(
  session: Session,
  object: SObjectDef,
  alias: string,
  catalog?: Catalog,
): SqlFilter | null {
  if (object.sharingModel) return customObjectFilter(session, object, alias, catalog);
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

function customObjectFilter(
  session: Session,
  object: SObjectDef,
  alias: string,
  catalog: Catalog | undefined,
): SqlFilter | null {
  if (session.isAdmin) return null;
  if (object.sharingModel === 'ControlledByParent') {
    const master = object.fields.find(
      (f) => f.type === 'reference' && !f.nillable && f.name.endsWith('__c'),
    );
    const parent = master && catalog?.object(master.referenceTo[0]);
    if (!master || !parent) return null;
    const inner = `p${++aliases}`;
    const parentFilter = visibilityFilter(session, parent, inner, catalog);
    if (!parentFilter) return null;
    return {
      sql: `${alias}.${ident(master.name)} IN (SELECT ${inner}."Id" FROM ${ident(parent.name)} ${inner} WHERE ${parentFilter.sql})`,
      params: parentFilter.params,
    };
  }
  if (object.sharingModel !== 'Private')
    return session.isExternal ? { sql: '0', params: [] } : null;
  return ownedByUserOrSubordinates(alias, session.userId);
}

/** Setup objects and other users' settings are read-only to external users. */
export function canWrite(session: Session, object: SObjectDef): boolean {
  return !session.isExternal || !object.setup;
}
