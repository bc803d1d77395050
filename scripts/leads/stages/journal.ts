/**
 * Journal: where a run's journal is, resuming one (it must ask for the same change on the same
 * org), starting one once the plan is on disk and the run confirmed, and recording the end of a
 * phase. Undo opens the run's journal and adds its own phase to it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Connection } from '@salesforce/core';
import { badInput } from '../../cli/errors.ts';
import type { ReassignFlags, ReassignRequest } from '../flags.ts';
import { Journal, JOURNAL_VERSION } from '../journal.ts';
import type { StreamFacts } from '../journal.ts';
import type { PlanSummary } from '../plan.ts';
import type { AssignmentRuleFacts } from '../assignment-rule.ts';
import type { Phase } from './context.ts';

function defaultJournal(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  return join('channelkit-runs', `reassign-${stamp}.jsonl`);
}

/** The journal of a real run (--journal, or a new one in channelkit-runs/); none for --dry-run. */
export function journalPathOf(flags: ReassignFlags): string | null {
  return flags.dryRun ? null : resolve(flags.journal ?? defaultJournal());
}

/** The plan file: --plan, else beside the journal, else channelkit-plan.csv for a dry run. */
export function planPathOf(flags: ReassignFlags, journalPath: string | null): string {
  return resolve(
    flags.plan ??
      (journalPath ? `${journalPath.replace(/\.jsonl$/, '')}.plan.csv` : 'channelkit-plan.csv'),
  );
}

/** Opens the journal of a run to resume; it must be the same change on the same org. */
export function resumeJournal(path: string, request: ReassignRequest, orgId: string): Journal {
  const journal = Journal.open(path);
  if (
    JSON.stringify(journal.start.request) !== JSON.stringify(request) ||
    journal.start.orgId !== orgId
  ) {
    throw badInput(
      'JournalMismatch',
      `The journal ${path} belongs to a different reassignment (other flags or another org).`,
      'Run with the flags of the original run, or pass a new --journal file.',
    );
  }
  return journal;
}

/**
 * Starts the journal of a confirmed run. Most runs start it once the plan is on disk and the run
 * confirmed (then recordPlanned follows at once), so bad input or a "no" leaves none behind, and
 * a journal to resume is always one somebody agreed to. A run nobody is asked about and that goes
 * through Bulk API 2.0 starts it while planning, before its first job, with what its plan is made
 * of (`stream`), and records the plan when the selection ends.
 */
export function startJournal(
  path: string,
  conn: Connection,
  orgId: string,
  request: ReassignRequest,
  planPath: string,
  stream?: StreamFacts,
): Journal {
  mkdirSync(dirname(path), { recursive: true });
  return Journal.create(path, {
    type: 'start',
    version: JOURNAL_VERSION,
    phase: 'reassign',
    createdAt: new Date().toISOString(),
    orgId,
    username: conn.getUsername() ?? '',
    request: request as unknown as Record<string, unknown>,
    plan: planPath,
    ...(stream ? { stream } : {}),
  });
}

/** The plan is complete: how many leads it holds and how many change. */
export function recordPlanned(
  journal: Journal,
  summary: PlanSummary,
  rule: AssignmentRuleFacts | null,
): void {
  journal.append({
    type: 'planned',
    phase: 'reassign',
    plan: journal.start.plan,
    rows: summary.leads,
    toChange: summary.toChange,
    ...(rule ? { ruleId: rule.id } : {}),
  });
}

/** The journal undo is asked for must exist (it is opened once the other flags are checked). */
export function checkUndoJournal(path: string | undefined): asserts path is string {
  if (!path)
    throw badInput(
      'BadFlag',
      'Say which run to undo: --journal FILE.',
      'Pass the journal path that `channelkit leads reassign` printed.',
    );
  if (!existsSync(path))
    throw badInput(
      'JournalNotFound',
      `No journal at ${path}.`,
      'Pass the journal path that `channelkit leads reassign` printed.',
    );
}

/** Undo changes only the org the run changed. */
export function checkJournalOrg(
  journal: Journal,
  conn: Connection,
  targetOrg: string | undefined,
): void {
  if (journal.start.orgId !== (conn.getAuthInfoFields().orgId ?? '')) {
    throw badInput(
      'WrongOrg',
      `The journal belongs to org ${journal.start.orgId}, not to ${targetOrg}.`,
      'Pass the -o of the org the run changed.',
    );
  }
}

/** Undo needs a run that got as far as planning its changes. */
export function checkSomethingToUndo(journal: Journal): void {
  if (!journal.find('planned', 'reassign') && journal.all('chunk', 'reassign').length > 0) {
    throw badInput(
      'RunNotFinished',
      'That run stopped while it was still selecting leads, so its plan is not complete.',
      'Run the same reassign command again with the same --journal to finish it, then undo.',
    );
  }
  if (!journal.find('finished', 'reassign') && !journal.find('planned', 'reassign')) {
    throw badInput(
      'NothingToUndo',
      'That run never got as far as changing a lead.',
      'Nothing to undo.',
    );
  }
}

/** Records the end of a phase and closes the journal. */
export function finishJournal(
  journal: Journal,
  phase: Phase,
  applied: { succeeded: number; failed: number },
): void {
  journal.append({
    type: 'finished',
    phase,
    at: new Date().toISOString(),
    succeeded: applied.succeeded,
    failed: applied.failed,
  });
  journal.close();
}
