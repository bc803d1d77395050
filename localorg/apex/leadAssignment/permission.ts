/**
 * Who may reassign leads: the admin, or a user with a permission set that grants Transfer Any
 * Lead (Channel_Manager, in the package and the demo seed). Profiles do not count:
 * the console is switched on per person through the permission set.
 */
import type { Session } from '../../auth/session.ts';
import type { Store } from '../../store/store.ts';
import { MANAGER_PERMISSION_MESSAGE, fail } from './errors.ts';

export function canReassign(store: Store, session: Session): boolean {
  if (session.isAdmin) return true;
  return (
    store.get(
      `SELECT 1 AS ok FROM "PermissionSetAssignment" psa
         JOIN "PermissionSet" ps ON ps."Id" = psa."PermissionSetId"
        WHERE psa."AssigneeId" = ? AND ps."PermissionsTransferAnyLead" = 1 LIMIT 1`,
      session.userId,
    ) !== undefined
  );
}

export function requireReassign(store: Store, session: Session): void {
  if (!canReassign(store, session)) fail(MANAGER_PERMISSION_MESSAGE);
}
