/**
 * Verify: after applying, the owners are read back. A lead whose owner is not the one the run set
 * was overridden (an assignment rule, trigger or flow); an --assignment-rule run learns here which
 * leads the rule moved, and journals them for undo.
 */
import { spinner } from '../../cli/progress.ts';
import { recordRuleOwners } from '../assignment-rule.ts';
import type { Journal } from '../journal.ts';
import type { PlanSummary } from '../plan.ts';
import { findOverrides, plannedOwners, verifyOwners } from '../verify.ts';
import type { Override } from '../verify.ts';
import type { RunContext } from './context.ts';

export interface Verified {
  overridden: Override[];
  /** --assignment-rule runs: leads the rule moved and leads it left with their owner. */
  ruleOutcome: { moved: number; kept: number } | null;
  /** Whether the success file is already written (here, when that comes for free). */
  successWritten: boolean;
}

export async function verifyRun(
  ctx: RunContext,
  journal: Journal,
  run: {
    planPath: string;
    base: string;
    successFile: string;
    /** The plan's summary, or null on a resume (the planned owners are read from the plan). */
    summary: PlanSummary | null;
    bulk: boolean;
    ruleId?: string;
    /** 15-character Ids of the rows the update refused: failures, not overrides. */
    failedIds: Set<string>;
  },
): Promise<Verified> {
  const { conn, countCall } = ctx;
  const readBack = spinner(ctx.output, 'Reading owners back');
  try {
    if (run.ruleId) {
      const recorded = journal.find('owners', 'reassign');
      const ruleOutcome =
        recorded ??
        (await recordRuleOwners(
          conn,
          journal,
          { plan: run.planPath, base: run.base, success: run.successFile },
          run.failedIds,
          countCall,
        ));
      // The rule's read-back wrote the success file (the owners each lead ended with).
      return { overridden: [], ruleOutcome, successWritten: true };
    }
    if (run.bulk) {
      // The jobs wrote the success file as each ended; it is written again only in the rare case
      // that an override must come out of it.
      const owners = run.summary
        ? run.summary.owners.filter((o) => o.assigned > 0).map((o) => o.ownerId)
        : await plannedOwners(run.planPath);
      const overridden = await findOverrides(
        conn,
        run.planPath,
        journal.start.createdAt,
        owners,
        countCall,
        run.failedIds,
      );
      return { overridden, ruleOutcome: null, successWritten: overridden.length === 0 };
    }
    const overridden = await verifyOwners(conn, run.planPath, countCall, run.failedIds);
    return { overridden, ruleOutcome: null, successWritten: false };
  } finally {
    readBack.stop();
  }
}
