/**
 * Lead behaviour: assignment rules on create and update (unless `Sforce-Auto-Assign: FALSE`),
 * owners that must be active users or Lead queues, PartnerAccountId following a partner owner,
 * IsUnreadByOwner on owner change, and converted leads that cannot be updated.
 */
import { activeRuleId, assignOwner } from '../assignment.ts';
import { formatDate } from '../dates.ts';
import { RecordFailure } from '../errors.ts';
import type { Row } from '../store/store.ts';
import type { ObjectRules, RuleContext } from './context.ts';

function runAssignment(ctx: RuleContext, row: Row): void {
  const option = ctx.options.assignmentRule;
  if (option === false) return;
  const ruleId = option === true ? activeRuleId(ctx.store, 'Lead') : option;
  if (!ruleId) return;
  const owner = assignOwner(ctx.store, ruleId, row);
  if (owner) row.OwnerId = owner;
}

/** Refuses an owner that is not an active user or a queue that supports Lead. */
export function checkLeadOwner(ctx: RuleContext, ownerId: string): void {
  if (ownerId.startsWith('005')) {
    const user = ctx.store.get('SELECT "IsActive" FROM "User" WHERE "Id" = ?', ownerId);
    if (!user)
      throw new RecordFailure('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [
        'OwnerId',
      ]);
    if (user.IsActive !== 1) {
      throw new RecordFailure(
        'INACTIVE_OWNER_OR_USER',
        `operation performed with inactive user [${ownerId}] as owner of lead`,
        ['OwnerId'],
      );
    }
    return;
  }
  const queue = ctx.store.get(
    `SELECT g."Id" FROM "Group" g JOIN "QueueSobject" q ON q."QueueId" = g."Id"
      WHERE g."Id" = ? AND g."Type" = 'Queue' AND q."SobjectType" = 'Lead'`,
    ownerId,
  );
  if (!queue) {
    throw new RecordFailure(
      'INVALID_CROSS_REFERENCE_KEY',
      'invalid cross reference id: owner must be a user or a Lead queue',
      ['OwnerId'],
    );
  }
}

/** The partner account of a partner-user owner, else null. */
function partnerAccountOf(ctx: RuleContext, ownerId: unknown): string | null {
  if (typeof ownerId !== 'string' || !ownerId.startsWith('005')) return null;
  const user = ctx.store.get('SELECT "UserType", "AccountId" FROM "User" WHERE "Id" = ?', ownerId);
  return user && user.UserType === 'PowerPartner' && user.AccountId !== null
    ? String(user.AccountId)
    : null;
}

export const leadRules: ObjectRules = {
  beforeInsert(ctx, row) {
    runAssignment(ctx, row);
    checkLeadOwner(ctx, String(row.OwnerId));
    row.PartnerAccountId = partnerAccountOf(ctx, row.OwnerId);
    if (row.IsConverted === 1) {
      row.ConvertedDate ??= formatDate(ctx.now);
      row.Status = 'Closed - Converted';
    }
  },
  beforeUpdate(ctx, row, old) {
    if (old.IsConverted === 1) {
      throw new RecordFailure(
        'CANNOT_UPDATE_CONVERTED_LEAD',
        'cannot reference converted lead',
        [],
      );
    }
    runAssignment(ctx, row);
    if (row.OwnerId !== old.OwnerId) {
      checkLeadOwner(ctx, String(row.OwnerId));
      row.IsUnreadByOwner = 1;
    }
    row.PartnerAccountId = partnerAccountOf(ctx, row.OwnerId);
  },
};
