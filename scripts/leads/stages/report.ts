/**
 * Report: what a run tells a person (the plan's summary, the outcome, how to undo) and a script
 * (the JSON result), and the files it leaves beside its journal: Data Loader's success and error
 * CSVs.
 */
import { UNPLACED_REASON_MESSAGES, type UnplacedReason } from '../../../lib/routing/leadRouting.ts';
import type { Confirmation } from '../../cli/confirm.ts';
import { EXIT_OK, EXIT_PARTIAL } from '../../cli/errors.ts';
import { table } from '../../cli/output.ts';
import type { Output } from '../../cli/output.ts';
import type { AssignmentRuleFacts } from '../assignment-rule.ts';
import type { Journal } from '../journal.ts';
import { changesOf, CsvFileWriter } from '../plan.ts';
import type { PlanSummary } from '../plan.ts';
import type { Override } from '../verify.ts';
import type { Applied } from './apply.ts';

export interface ReassignReport {
  journal: string | null;
  plan: string;
  summary: PlanSummary | null;
  applied: {
    succeeded: number;
    failed: number;
    overridden: number;
    /** --assignment-rule runs: leads the rule gave a new owner, and leads it left as they were. */
    movedByRule?: number;
    keptByRule?: number;
  } | null;
  successFile: string | null;
  errorFile: string | null;
  apiCalls: number;
  resumed: boolean;
  /** How a real run came to apply (or not): null for a dry run, a resume or nothing to change. */
  confirmation: Confirmation | null;
}

export interface UndoReport {
  journal: string;
  undoPlan: string;
  restored: number;
  alreadyRestored: number;
  movedSince: { id: string; owner: string }[];
  failed: { id: string; ownerId: string; error: string }[];
}

export type Reported<T> = { result: T; exitCode: number };

export function renderRuleSummary(summary: PlanSummary, rule: AssignmentRuleFacts): string {
  return `${summary.leads} leads to run through the assignment rule "${rule.name}" (${rule.id}${rule.active ? '' : ', inactive'}); their new owners are known once it has run.`;
}

export function renderSummary(summary: PlanSummary): string {
  const rows = summary.owners.map((o) => [
    o.name ?? o.ownerId,
    o.kind,
    o.eligible
      ? o.warnings.length
        ? `yes (${o.warnings.join(', ')})`
        : 'yes'
      : `no (${o.reasons.join(', ')})`,
    String(o.loadBefore),
    String(o.assigned + o.unchanged),
    String(o.changing),
    String(o.loadAfter),
  ]);
  const unplaced = Object.entries(summary.unplaced).map(
    ([why, n]) => `${n} not placed: ${why} (${UNPLACED_REASON_MESSAGES[why as UnplacedReason]})`,
  );
  return [
    table(['Owner', 'Kind', 'Eligible', 'Open leads', 'Planned', 'Changing', 'After'], rows),
    '',
    `${summary.leads} leads: ${summary.toChange} to change, ${summary.unchanged} already with their planned owner${unplaced.length ? `, ${unplaced.join(', ')}` : ''}.`,
    ...(summary.nextCursor !== null
      ? [
          `Next round-robin cursor: ${summary.nextCursor} (pass --cursor ${summary.nextCursor} to continue the rotation).`,
        ]
      : []),
  ].join('\n');
}

/** A run that changed nothing: a dry run, or one cancelled at the question. */
export function unapplied(
  planPath: string,
  summary: PlanSummary | null,
  apiCalls: number,
  confirmation: Confirmation | null,
  exitCode: number,
): Reported<ReassignReport> {
  return {
    result: {
      journal: null,
      plan: planPath,
      summary,
      applied: null,
      successFile: null,
      errorFile: null,
      apiCalls,
      resumed: false,
      confirmation,
    },
    exitCode,
  };
}

/** A rerun of a run that had already finished. */
export function alreadyFinished(
  output: Output,
  journal: Journal,
  apiCalls: number,
): Reported<ReassignReport> {
  const finished = journal.find('finished', 'reassign')!;
  const undone = journal.find('finished', 'undo');
  output.print(
    `This run already finished at ${finished.at}: ${finished.succeeded} leads reassigned, ${finished.failed} failed.` +
      (undone ? ` It was undone at ${undone.at}.` : '') +
      ' Nothing to do.',
  );
  return {
    result: {
      journal: journal.path,
      plan: journal.start.plan,
      summary: null,
      applied: { succeeded: finished.succeeded, failed: finished.failed, overridden: 0 },
      successFile: null,
      errorFile: null,
      apiCalls,
      resumed: true,
      confirmation: null,
    },
    exitCode: finished.failed > 0 ? EXIT_PARTIAL : EXIT_OK,
  };
}

/** Data Loader's success file: every planned change except those not saved (15-character Ids). */
export async function writeSuccesses(
  planPath: string,
  successFile: string,
  notSaved: Set<string>,
): Promise<void> {
  const successes = new CsvFileWriter(successFile, ['Id', 'OwnerId', 'Status']);
  for await (const change of changesOf(planPath)) {
    if (!notSaved.has(change.id.substring(0, 15)))
      await successes.write([change.id, change.ownerId, 'Item Updated']);
  }
  await successes.close();
}

/**
 * The error file (failures, then overrides) and, unless verify wrote it already or the rule's
 * read-back did, the success file.
 */
export async function writeResultFiles(
  files: { plan: string; success: string; error: string },
  applied: Applied,
  overridden: Override[],
  successWritten: boolean,
): Promise<void> {
  const errors = new CsvFileWriter(files.error, ['Id', 'OwnerId', 'Error']);
  for (const f of applied.failed) await errors.write([f.id, f.ownerId, f.error]);
  for (const o of overridden) {
    await errors.write([
      o.id,
      o.planned,
      `OVERRIDDEN:the owner is now ${o.actual} (an assignment rule, trigger or flow changed it after the update):OwnerId --`,
    ]);
  }
  await errors.close();
  if (!successWritten) {
    const failedIds = applied.failed.map((f) => f.id.substring(0, 15));
    const notSaved = new Set([...failedIds, ...overridden.map((o) => o.id.substring(0, 15))]);
    await writeSuccesses(files.plan, files.success, notSaved);
  }
}

/** The end of an applied run: what happened, where the failures are, how to undo. */
export function reportRun(
  output: Output,
  run: {
    journal: Journal;
    targetOrg: string | undefined;
    planPath: string;
    summary: PlanSummary | null;
    applied: Applied;
    overridden: Override[];
    ruleOutcome: { moved: number; kept: number } | null;
    files: { success: string; error: string };
    apiCalls: number;
    resumed: boolean;
    confirmation: Confirmation | null;
  },
): Reported<ReassignReport> {
  const { applied, overridden, ruleOutcome } = run;
  output.print(
    ruleOutcome
      ? `Done: ${applied.succeeded} leads ran through the assignment rule: ${ruleOutcome.moved} got a new owner, ${ruleOutcome.kept} kept theirs; ${applied.failed.length} failed.`
      : `Done: ${applied.succeeded} leads reassigned, ${applied.failed.length} failed${overridden.length ? `, ${overridden.length} overridden after the update` : ''}.`,
  );
  if (applied.failed.length || overridden.length) output.print(`Failures: ${run.files.error}`);
  output.print(
    `Undo with: channelkit leads undo -o ${run.targetOrg} --journal ${run.journal.path}`,
  );
  const partialPlan = run.summary !== null && Object.keys(run.summary.unplaced).length > 0;
  const partial = applied.failed.length > 0 || overridden.length > 0 || partialPlan;
  return {
    result: {
      journal: run.journal.path,
      plan: run.planPath,
      summary: run.summary,
      applied: {
        succeeded: applied.succeeded,
        failed: applied.failed.length,
        overridden: overridden.length,
        ...(ruleOutcome ? { movedByRule: ruleOutcome.moved, keptByRule: ruleOutcome.kept } : {}),
      },
      successFile: run.files.success,
      errorFile: run.files.error,
      apiCalls: run.apiCalls,
      resumed: run.resumed,
      confirmation: run.confirmation,
    },
    exitCode: partial ? EXIT_PARTIAL : EXIT_OK,
  };
}

/** A rerun of an undo that had already finished. */
export function alreadyUndone(
  output: Output,
  journal: Journal,
  undoPlan: string,
): Reported<UndoReport> {
  const finished = journal.find('finished', 'undo')!;
  output.print(
    `This run was already undone at ${finished.at}: ${finished.succeeded} leads restored. Nothing to do.`,
  );
  return {
    result: {
      journal: journal.path,
      undoPlan,
      restored: finished.succeeded,
      alreadyRestored: 0,
      movedSince: [],
      failed: [],
    },
    exitCode: finished.failed > 0 ? EXIT_PARTIAL : EXIT_OK,
  };
}

/** The end of an undo. */
export function reportUndo(
  output: Output,
  journal: Journal,
  undoPlan: string,
  applied: Applied,
  alreadyRestored: number,
  movedSince: { id: string; owner: string }[],
): Reported<UndoReport> {
  output.print(
    `Undo: ${applied.succeeded} leads have their old owner back, ${applied.failed.length} failed, ${movedSince.length} moved since the run and left alone.`,
  );
  return {
    result: {
      journal: journal.path,
      undoPlan,
      restored: applied.succeeded,
      alreadyRestored,
      movedSince,
      failed: applied.failed,
    },
    exitCode: applied.failed.length > 0 || movedSince.length > 0 ? EXIT_PARTIAL : EXIT_OK,
  };
}
