/**
 * `channelkit leads reassign`: select leads, check the owners (or the assignment rule), plan with
 * the routing core, then (unless --dry-run) apply under a journal that makes the run resumable
 * and undoable: through sObject Collections, Bulk API 2.0, or with --notify the Channel Kit Apex
 * endpoint that sends Salesforce's owner-change e-mail.
 */
import { mkdirSync } from 'node:fs';
import { rm, rmdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Connection } from '@salesforce/core';
import {
  assessOwner,
  ownerIssueMessage,
  UNPLACED_REASON_MESSAGES,
  type OwnerAssessment,
  type OwnerIssue,
  type UnplacedReason,
} from '../../lib/routing/leadRouting.ts';
import { askYesNo, confirmationMode, notAskedWarning } from '../cli/confirm.ts';
import type { Confirmation } from '../cli/confirm.ts';
import { connectTargetOrg } from '../cli/connect.ts';
import { badInput, EXIT_OK, EXIT_PARTIAL } from '../cli/errors.ts';
import { table } from '../cli/output.ts';
import type { Output } from '../cli/output.ts';
import { progressBar, spinner } from '../cli/progress.ts';
import { applyByBulk } from './apply-bulk.ts';
import { applyByCollections, collectionsSender } from './apply-collections.ts';
import { recordRuleOwners, resolveAssignmentRule } from './assignment-rule.ts';
import type { AssignmentRuleFacts } from './assignment-rule.ts';
import { closedLeadStatuses } from './closed-statuses.ts';
import { checkIdsFileReadable } from './ids-file.ts';
import { findOverrides, plannedOwners, readFailures, verifyOwners } from './verify.ts';
import { parseReassignFlags } from './flags.ts';
import type { ReassignFlags, ReassignRequest } from './flags.ts';
import { checkNotifyEndpoint, notifySender } from './notify-endpoint.ts';

/** Above this many changes the Bulk API is cheaper in API calls than sObject Collections. */
export const BULK_THRESHOLD = 2000;
import { Journal, JOURNAL_VERSION } from './journal.ts';
import { openLeadLoads, resolveOwners } from './owners.ts';
import type { OwnerFacts } from './owners.ts';
import { changesOf, CsvFileWriter, ruleChangesOf, writePlan, writeRulePlan } from './plan.ts';
import type { PlanSummary, SelectedLead } from './plan.ts';
import { readSpool, selectByIdsFile, selectByWhere } from './select.ts';
import { parseLeadCondition } from './where.ts';

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

/** Chunk files of a finished Bulk run: the plan and the result files hold the same facts. */
export async function removeChunks(
  journal: Journal,
  phase: 'reassign' | 'undo' = 'reassign',
): Promise<void> {
  const chunks = journal.find('chunks', phase)?.chunks ?? [];
  const base = journal.path.replace(/\.jsonl$/, '') + (phase === 'undo' ? '.undo' : '');
  await Promise.all(
    [...chunks.map((c) => c.file), `${base}.chunk-retry.csv`, `${base}.failed.csv`].map((f) =>
      rm(f, { force: true }),
    ),
  );
}

/** Removes the folders mkdirSync made for a refused run (deepest first) while they are empty. */
async function removeMadeDirs(dir: string, made: string | undefined): Promise<void> {
  if (made === undefined) return;
  for (let folder = dir; ; folder = dirname(folder)) {
    try {
      await rmdir(folder);
    } catch {
      return;
    }
    if (folder === made) return;
  }
}

/** The selection spool of an --ids run: the plan holds the same facts once written. */
async function removeSpool(planPath: string): Promise<void> {
  await Promise.all([
    rm(`${planPath}.selection`, { force: true }),
    rm(`${planPath}.selection.ids`, { force: true }),
  ]);
}

/** Data Loader's success file: every planned change except those not saved (15-character Ids). */
async function writeSuccesses(
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

function defaultJournal(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  return join('channelkit-runs', `reassign-${stamp}.jsonl`);
}

const ownersFlag = (request: ReassignRequest) =>
  request.method === 'direct'
    ? '--to'
    : request.method === 'leastLoaded'
      ? '--least-loaded'
      : '--round-robin';

/**
 * The owners as the routing core takes them: their facts, weights, cap and open-lead load (the
 * console's count: not converted, not in a closed status), and the live site's name.
 */
async function poolFor(
  conn: Connection,
  request: ReassignRequest,
  closedStatuses: readonly string[],
  countCall: () => void,
): Promise<{ pool: OwnerFacts[]; siteName: string }> {
  const flag = ownersFlag(request);
  countCall();
  const { owners, siteName } = await resolveOwners(conn, request.owners, flag);
  countCall();
  const loads = await openLeadLoads(
    conn,
    owners.map((o) => o.id),
    closedStatuses,
  );
  const pool = owners.map((owner, i) => ({
    ...owner,
    weight: request.weights?.[i] ?? 1,
    cap: request.cap,
    load: loads.get(owner.id) ?? 0,
  }));
  return { pool, siteName };
}

/**
 * Stops before anything is written when the routing core finds no owner that can take a lead
 * (inactive, no licence, a queue without Lead, weight 0, already at the cap, or with --strict a
 * partner who never logged in or is not a site member), naming each owner and why.
 */
function refuseIneligiblePool(
  pool: OwnerFacts[],
  assessments: readonly OwnerAssessment[],
  siteName: string,
  flag: string,
): void {
  if (assessments.some((a) => a.reasons.length === 0)) return;
  const lines = pool.map((owner, i) => {
    const why = assessments[i].reasons.map((issue) => ownerIssueMessage(issue, siteName));
    return `  ${owner.given} (${owner.name}): ${why.join(' ')}`;
  });
  throw badInput(
    'NoEligibleOwner',
    `No owner in ${flag} can take leads:\n${lines.join('\n')}`,
    'Pick other owners, or fix what each line says (Setup > Users, Setup > Queues, --weights, --cap).',
  );
}

/** Warns of owners who get no leads, and of partner users worth a look (never logged in, ...). */
function warnAboutOwners(
  output: Output,
  pool: OwnerFacts[],
  assessments: readonly OwnerAssessment[],
  siteName: string,
): void {
  pool.forEach((owner, i) => {
    const { reasons, warnings } = assessments[i];
    const say = (issues: readonly OwnerIssue[]) =>
      issues.map((issue) => ownerIssueMessage(issue, siteName)).join(' ');
    if (reasons.length > 0)
      output.warn(`${owner.name} (${owner.given}) gets no leads: ${say(reasons)}`);
    if (warnings.length > 0) output.warn(`${owner.name} (${owner.given}): ${say(warnings)}`);
  });
}

function renderRuleSummary(summary: PlanSummary, rule: AssignmentRuleFacts): string {
  return `${summary.leads} leads to run through the assignment rule "${rule.name}" (${rule.id}${rule.active ? '' : ', inactive'}); their new owners are known once it has run.`;
}

/** Counts the leads as they stream by, on a spinner (at a terminal). */
async function* counted<T>(items: AsyncIterable<T>, output: Output, label: string) {
  const spin = spinner(output, label);
  let n = 0;
  try {
    for await (const item of items) {
      n += 1;
      if (spin.active && n % 1000 === 0) spin.update(`${n.toLocaleString('en-US')} leads`);
      yield item;
    }
  } finally {
    spin.update(`${n.toLocaleString('en-US')} leads`);
    spin.stop();
  }
}

/**
 * At a terminal, asks before the run changes anything; --yes, --json or no terminal go ahead
 * without asking, and the last two say so.
 */
async function confirmRun(
  flags: ReassignFlags,
  output: Output,
  summary: PlanSummary,
  rule: AssignmentRuleFacts | null,
): Promise<Confirmation> {
  const mode = confirmationMode({
    yes: flags.yes ?? false,
    json: output.json,
    stdinIsTTY: process.stdin.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
  });
  if (mode !== 'ask') {
    const warning = notAskedWarning(mode);
    if (warning) output.warn(warning);
    return mode;
  }
  const leads = `${summary.toChange.toLocaleString('en-US')} lead${summary.toChange === 1 ? '' : 's'}`;
  const question = rule
    ? `Run ${leads} through the assignment rule "${rule.name}"? [y/N] `
    : `Change the owner of ${leads}? [y/N] `;
  return (await askYesNo(question)) ? 'answeredYes' : 'answeredNo';
}

function renderSummary(summary: PlanSummary): string {
  const rows = summary.owners.map((o) => [
    o.name ?? o.ownerId,
    o.kind,
    o.eligible
      ? o.warnings.length
        ? `yes (${o.warnings.join(', ')})`
        : 'yes'
      : `no (${o.reasons.join(', ')})`,
    String(o.loadBefore),
    String(o.assigned),
    String(o.changing),
  ]);
  const unplaced = Object.entries(summary.unplaced).map(
    ([why, n]) => `${n} not placed: ${why} (${UNPLACED_REASON_MESSAGES[why as UnplacedReason]})`,
  );
  return [
    table(['Owner', 'Kind', 'Eligible', 'Open leads', 'Planned', 'Changing'], rows),
    '',
    `${summary.leads} leads: ${summary.toChange} to change, ${summary.unchanged} already with their planned owner${unplaced.length ? `, ${unplaced.join(', ')}` : ''}.`,
    ...(summary.nextCursor !== null
      ? [
          `Next round-robin cursor: ${summary.nextCursor} (pass --cursor ${summary.nextCursor} to continue the rotation).`,
        ]
      : []),
  ].join('\n');
}

export async function reassign(
  flags: ReassignFlags,
  output: Output,
): Promise<{ result: ReassignReport; exitCode: number }> {
  const request = parseReassignFlags(flags);
  let apiCalls = 0;
  const countCall = () => {
    apiCalls += 1;
  };
  const journalPath = flags.dryRun ? null : resolve(flags.journal ?? defaultJournal());
  const resuming = journalPath !== null && Journal.exists(journalPath);
  // Bad input stops here, before anything connects or writes (a resume has its plan already).
  const condition =
    !resuming && 'where' in request.selection ? parseLeadCondition(flags.where!) : null;
  if (!resuming && 'ids' in request.selection) await checkIdsFileReadable(request.selection.ids);
  const conn = await connectTargetOrg(flags.targetOrg);
  const orgId = conn.getAuthInfoFields().orgId ?? '';
  // Before any plan or journal: without the endpoint --notify cannot work at all.
  if (request.notify) await checkNotifyEndpoint(conn, flags.targetOrg, countCall);

  let journal: Journal | null = null;
  let planPath: string;
  if (resuming) {
    journal = Journal.open(journalPath);
    if (
      JSON.stringify(journal.start.request) !== JSON.stringify(request) ||
      journal.start.orgId !== orgId
    ) {
      throw badInput(
        'JournalMismatch',
        `The journal ${journalPath} belongs to a different reassignment (other flags or another org).`,
        'Run with the flags of the original run, or pass a new --journal file.',
      );
    }
    planPath = journal.start.plan;
    const finished = journal.find('finished', 'reassign');
    if (finished) {
      const undone = journal.find('finished', 'undo');
      output.print(
        `This run already finished at ${finished.at}: ${finished.succeeded} leads reassigned, ${finished.failed} failed.` +
          (undone ? ` It was undone at ${undone.at}.` : '') +
          ' Nothing to do.',
      );
      journal.close();
      return {
        result: {
          journal: journal.path,
          plan: planPath,
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
    output.info(`Resuming ${journalPath}.`);
  } else {
    planPath = resolve(
      flags.plan ??
        (journalPath ? `${journalPath.replace(/\.jsonl$/, '')}.plan.csv` : 'channelkit-plan.csv'),
    );
  }

  let summary: PlanSummary | null = null;
  let confirmation: Confirmation | null = null;
  if (!journal) {
    const method = request.method;
    let rule: AssignmentRuleFacts | null = null;
    let pool: OwnerFacts[] = [];
    // Closed statuses leave closed leads out of a --where selection and out of open-lead loads.
    const closedStatuses =
      method !== 'assignmentRule' || (condition && !('includeClosed' in request.selection))
        ? await closedLeadStatuses(conn, countCall)
        : null;
    if (method === 'assignmentRule') {
      rule = await resolveAssignmentRule(conn, request.assignmentRule!, countCall);
    } else {
      const owners = await poolFor(conn, request, closedStatuses ?? [], countCall);
      pool = owners.pool;
      const assessments = pool.map((owner) => assessOwner(owner, method, request.strict));
      refuseIneligiblePool(pool, assessments, owners.siteName, ownersFlag(request));
      warnAboutOwners(output, pool, assessments, owners.siteName);
    }
    // Nothing is written before this point; a refusal from here on takes back what was.
    const madeDir = mkdirSync(dirname(planPath), { recursive: true });
    try {
      try {
        let leads: AsyncIterable<SelectedLead>;
        if (condition) {
          output.info('Selecting leads with a Bulk API query ...');
          const leaveOut = 'includeClosed' in request.selection ? null : closedStatuses;
          leads = selectByWhere(conn, condition, leaveOut, { countCall });
        } else {
          const { ids } = request.selection as { ids: string };
          output.info(`Checking ${ids} ...`);
          const spool = `${planPath}.selection`;
          await selectByIdsFile(conn, ids, spool, countCall);
          leads = readSpool(spool);
        }
        leads = counted(leads, output, 'Reading and planning leads');
        summary =
          method === 'assignmentRule'
            ? await writeRulePlan(leads, planPath)
            : await writePlan(
                leads,
                { method, pool, cursor: request.cursor, strictEligibility: request.strict },
                planPath,
              );
      } finally {
        await removeSpool(planPath);
      }
    } catch (error) {
      // Nothing has changed yet: leave no half-written plan (or folder made for it) behind.
      await rm(planPath, { force: true });
      await removeMadeDirs(dirname(planPath), madeDir);
      throw error;
    }
    output.print(rule ? renderRuleSummary(summary, rule) : renderSummary(summary));
    output.print(`Plan: ${planPath}`);
    if (journalPath && summary.toChange > 0) {
      confirmation = await confirmRun(flags, output, summary, rule);
      if (confirmation === 'answeredNo') {
        output.print('Cancelled; nothing was changed.');
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
          exitCode: EXIT_PARTIAL,
        };
      }
    }
    // The journal starts only once the plan is on disk and the run confirmed, so bad input or a
    // "no" leaves none behind, and a journal to resume is always one somebody agreed to.
    if (journalPath) {
      mkdirSync(dirname(journalPath), { recursive: true });
      journal = Journal.create(journalPath, {
        type: 'start',
        version: JOURNAL_VERSION,
        phase: 'reassign',
        createdAt: new Date().toISOString(),
        orgId,
        username: conn.getUsername() ?? '',
        request: request as unknown as Record<string, unknown>,
        plan: planPath,
      });
      journal.append({
        type: 'planned',
        phase: 'reassign',
        plan: planPath,
        rows: summary.leads,
        toChange: summary.toChange,
        ...(rule ? { ruleId: rule.id } : {}),
      });
    }
  }

  const partialPlan = summary !== null && Object.keys(summary.unplaced).length > 0;
  if (!journal) {
    output.print('Dry run: nothing was changed.');
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
        confirmation: null,
      },
      exitCode: partialPlan ? EXIT_PARTIAL : EXIT_OK,
    };
  }

  output.info(`Applying; the journal is ${journal.path}.`);
  const planned = journal.find('planned', 'reassign')!;
  const useBulk =
    !request.notify &&
    (request.api === 'bulk' || (request.api === 'auto' && planned.toChange > BULK_THRESHOLD));
  const base = journal.path.replace(/\.jsonl$/, '');
  const successFile = `${base}.success.csv`;
  const errorFile = `${base}.error.csv`;
  const ruleId = planned.ruleId;
  const changes = () => (ruleId ? ruleChangesOf(planPath) : changesOf(planPath));
  let succeeded: number;
  let failures: { id: string; ownerId: string; error: string }[];
  let overridden: { id: string; planned: string; actual: string }[] = [];
  const bar = progressBar(
    output,
    useBulk ? 'Bulk API' : request.notify ? 'Applying (notify)' : 'Applying',
    planned.toChange,
  );
  try {
    if (useBulk) {
      const applied = await applyByBulk(conn, changes(), journal, 'reassign', {
        countCall,
        base,
        ...(ruleId ? { assignmentRuleId: ruleId } : {}),
        onProgress: (processed, failed) =>
          bar.active
            ? bar.update(processed, { status: `${failed} failed` })
            : output.info(`  Bulk API: ${processed} processed, ${failed} failed`),
      });
      succeeded = applied.succeeded;
      failures = await readFailures(applied.failedFile);
    } else {
      const applied = await applyByCollections(conn, changes(), journal, 'reassign', {
        countCall,
        onProgress: (done) => (bar.active ? bar.update(done) : output.info(`  ${done} leads sent`)),
        ...(request.notify
          ? { send: notifySender(conn, { notify: true, targetOrg: flags.targetOrg, countCall }) }
          : {}),
        ...(ruleId
          ? {
              send: collectionsSender(conn, countCall, ruleId),
              // After a crash a lead the rule moved has landed; one it left alone is sent again,
              // which runs the rule once more and changes nothing.
              landed: (change, ownerNow) =>
                ownerNow !== undefined && ownerNow !== change.ownerId.substring(0, 15),
            }
          : {}),
      });
      succeeded = applied.succeeded;
      failures = applied.failed;
    }
  } finally {
    bar.stop();
  }
  const failedIds = new Set(failures.map((f) => f.id.substring(0, 15)));
  let successWritten = false;
  let ruleOutcome: { moved: number; kept: number } | null = null;
  const readBack = spinner(output, 'Reading owners back');
  try {
    if (ruleId) {
      const recorded = journal.find('owners', 'reassign');
      ruleOutcome =
        recorded ??
        (await recordRuleOwners(
          conn,
          journal,
          { plan: planPath, base, success: successFile },
          failedIds,
          countCall,
        ));
    } else if (useBulk) {
      // The read-back waits on the org; the success file is local work: do both at once, and
      // redo the file in the rare case that an override must come out of it.
      const owners = summary
        ? summary.owners.filter((o) => o.assigned > 0).map((o) => o.ownerId)
        : await plannedOwners(planPath);
      [overridden] = await Promise.all([
        findOverrides(conn, planPath, journal.start.createdAt, owners, countCall, failedIds),
        writeSuccesses(planPath, successFile, failedIds),
      ]);
      successWritten = overridden.length === 0;
    } else {
      overridden = await verifyOwners(conn, planPath, countCall, failedIds);
    }
  } finally {
    readBack.stop();
  }
  const errors = new CsvFileWriter(errorFile, ['Id', 'OwnerId', 'Error']);
  for (const f of failures) await errors.write([f.id, f.ownerId, f.error]);
  for (const o of overridden) {
    await errors.write([
      o.id,
      o.planned,
      `OVERRIDDEN:the owner is now ${o.actual} (an assignment rule, trigger or flow changed it after the update):OwnerId --`,
    ]);
  }
  await errors.close();
  if (!ruleId && !successWritten) {
    const notSaved = new Set([...failedIds, ...overridden.map((o) => o.id.substring(0, 15))]);
    await writeSuccesses(planPath, successFile, notSaved);
  }
  const applied = { succeeded, failed: failures };
  journal.append({
    type: 'finished',
    phase: 'reassign',
    at: new Date().toISOString(),
    succeeded: applied.succeeded,
    failed: applied.failed.length,
  });
  journal.close();
  await removeChunks(journal);

  output.print(
    ruleOutcome
      ? `Done: ${applied.succeeded} leads ran through the assignment rule: ${ruleOutcome.moved} got a new owner, ${ruleOutcome.kept} kept theirs; ${applied.failed.length} failed.`
      : `Done: ${applied.succeeded} leads reassigned, ${applied.failed.length} failed${overridden.length ? `, ${overridden.length} overridden after the update` : ''}.`,
  );
  if (applied.failed.length || overridden.length) output.print(`Failures: ${errorFile}`);
  output.print(`Undo with: channelkit leads undo -o ${flags.targetOrg} --journal ${journal.path}`);
  const partial = applied.failed.length > 0 || overridden.length > 0 || partialPlan;
  return {
    result: {
      journal: journal.path,
      plan: planPath,
      summary,
      applied: {
        succeeded: applied.succeeded,
        failed: applied.failed.length,
        overridden: overridden.length,
        ...(ruleOutcome ? { movedByRule: ruleOutcome.moved, keptByRule: ruleOutcome.kept } : {}),
      },
      successFile,
      errorFile,
      apiCalls,
      resumed: resuming,
      confirmation,
    },
    exitCode: partial ? EXIT_PARTIAL : EXIT_OK,
  };
}
