/**
 * Queues, group members, permission set assignments and site members: duplicates and shapes; a
 * permission set assignment makes its user a member of the live sites that list the set, and its
 * deletion takes the membership away unless the user's profile or another set still qualifies.
 */
import { RecordFailure } from '../errors.ts';
import { joinSitesOfPermissionSet, leaveSitesOfPermissionSet } from '../sites/members.ts';
import type { Row, Store } from '../store/store.ts';
import { auditValues } from './audit.ts';
import type { ObjectRules } from './context.ts';

function refuseDuplicate(store: Store, table: string, row: Row, columns: string[]): void {
  const where = columns.map((c) => `"${c}" = ?`).join(' AND ');
  const clash = store.get(
    `SELECT "Id" FROM "${table}" WHERE ${where}`,
    ...columns.map((c) => row[c]),
  );
  if (clash) {
    throw new RecordFailure(
      'DUPLICATE_VALUE',
      `duplicate value found: ${columns.join(', ')} duplicates value on record with id: ${String(clash.Id)}`,
      columns,
    );
  }
}

const developerName = (name: unknown): string =>
  String(name ?? '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');

export const groupRules: ObjectRules = {
  beforeInsert(_ctx, row) {
    if (!row.DeveloperName) row.DeveloperName = developerName(row.Name);
  },
};

export const userRoleRules: ObjectRules = {
  beforeInsert(_ctx, row) {
    if (!row.DeveloperName) row.DeveloperName = developerName(row.Name);
  },
};

export const groupMemberRules: ObjectRules = {
  beforeInsert(ctx, row) {
    refuseDuplicate(ctx.store, 'GroupMember', row, ['GroupId', 'UserOrGroupId']);
  },
};

export const queueSobjectRules: ObjectRules = {
  beforeInsert(ctx, row) {
    const group = ctx.store.get('SELECT "Type" FROM "Group" WHERE "Id" = ?', String(row.QueueId));
    if (group?.Type !== 'Queue') {
      throw new RecordFailure('FIELD_INTEGRITY_EXCEPTION', 'Queue ID: the group is not a queue', [
        'QueueId',
      ]);
    }
    refuseDuplicate(ctx.store, 'QueueSobject', row, ['QueueId', 'SobjectType']);
  },
};

export const permissionSetAssignmentRules: ObjectRules = {
  beforeInsert(ctx, row) {
    refuseDuplicate(ctx.store, 'PermissionSetAssignment', row, ['PermissionSetId', 'AssigneeId']);
  },
  afterWrite(ctx, row, old) {
    if (old) return;
    joinSitesOfPermissionSet(
      ctx.store,
      String(row.AssigneeId),
      String(row.PermissionSetId),
      auditValues(ctx),
    );
  },
  afterDelete(ctx, old) {
    leaveSitesOfPermissionSet(ctx.store, String(old.AssigneeId), String(old.PermissionSetId));
  },
};

export const networkMemberGroupRules: ObjectRules = {
  beforeInsert(ctx, row) {
    refuseDuplicate(ctx.store, 'NetworkMemberGroup', row, ['NetworkId', 'ParentId']);
  },
};
