/** Audit field values for rows the platform writes itself. */
import { formatDateTime } from '../dates.ts';
import type { RuleContext } from './context.ts';

/** CreatedDate, CreatedById, LastModifiedDate, LastModifiedById, SystemModstamp. */
export function auditValues(
  ctx: Pick<RuleContext, 'now' | 'session'>,
): [string, string, string, string, string] {
  const at = formatDateTime(ctx.now);
  return [at, ctx.session.userId, at, ctx.session.userId, at];
}
