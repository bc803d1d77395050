/**
 * Queue memberships that would share a queue between partner accounts. A queue's partner account
 * follows the console's rule (lib/routing/queueAccount.ts): a queue holding partner users of two
 * or more partner accounts lets each partner see the others' leads. Onboarding refuses to make
 * such a queue (a problem on the row, so nothing changes) unless --allow-shared-queue, which turns
 * each into a warning. Rows are judged in file order, each against the queue as the org has it
 * plus the rows above.
 */
import type { PartnerMember } from '../../lib/routing/queueAccount.ts';
import { queueAccountOf } from '../../lib/routing/queueAccount.ts';
import { namesText } from '../org-check/checks.ts';
import type { PartnerQueue } from '../org-check/facts.ts';
import type { Plan, PlannedAccount } from './plan.ts';
import { problem } from './problems.ts';
import type { Problem } from './problems.ts';

export interface SharedQueueFindings {
  problems: Problem[];
  warnings: string[];
}

/** A new account has no Id yet: its key stands in, so two new accounts are two partners. */
const accountIdOf = (account: PlannedAccount): string => account.id ?? `new:${account.key}`;

export function sharedQueueFindings(
  plan: Plan,
  partnerQueues: readonly PartnerQueue[],
  allowShared: boolean,
): SharedQueueFindings {
  const members = new Map<string, PartnerMember[]>(
    partnerQueues.map((queue) => [queue.id, [...queue.partnerMembers]]),
  );
  const findings: SharedQueueFindings = { problems: [], warnings: [] };
  for (const row of plan.rows) {
    const joining: PartnerMember = {
      accountId: accountIdOf(row.account),
      accountName: row.account.name,
    };
    for (const queue of row.queuesToJoin) {
      const before = members.get(queue.id) ?? [];
      const after = queueAccountOf([...before, joining]);
      if (after.kind === 'shared') {
        const others = after.accountNames.filter(
          (_, i) => after.accountIds[i] !== joining.accountId,
        );
        const risk = `queue "${queue.name}" holds partner users of ${namesText(others)}: adding this ${row.account.name} user lets each partner see ${after.accountNames.length === 2 ? "the other's" : "the others'"} leads`;
        if (!allowShared) {
          findings.problems.push(
            problem(
              row.input.row,
              'Queues',
              risk,
              `give ${row.account.name} its own queue, or remove "${queue.name}" from this row; pass --allow-shared-queue only if these partners may see each other's leads`,
            ),
          );
          continue;
        }
        findings.warnings.push(`row ${row.input.row}: ${risk} (allowed by --allow-shared-queue)`);
      }
      members.set(queue.id, [...before, joining]);
    }
  }
  return findings;
}
