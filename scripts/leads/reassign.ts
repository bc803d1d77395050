/**
 * `channelkit leads reassign`: a pipeline of the stages in ./stages. Bad input stops before
 * anything connects; then select the leads and plan their owners (the owners checked by the
 * routing core, or the assignment rule resolved) into the plan file; ask at a terminal; start the
 * journal; apply (sObject Collections, Bulk API 2.0, or with --notify the Channel Kit Apex
 * endpoint that sends Salesforce's owner-change e-mail); verify the owners; report. A rerun with
 * the same journal resumes where a crash left the run.
 */
import type { Confirmation } from '../cli/confirm.ts';
import { connectTargetOrg } from '../cli/connect.ts';
import { EXIT_OK, EXIT_PARTIAL } from '../cli/errors.ts';
import type { Output } from '../cli/output.ts';
import { closedLeadStatuses } from './closed-statuses.ts';
import { parseReassignFlags } from './flags.ts';
import type { ReassignFlags } from './flags.ts';
import { checkIdsFileReadable } from './ids-file.ts';
import { Journal } from './journal.ts';
import { checkNotifyEndpoint } from './notify-endpoint.ts';
import { changesOf, ruleChangesOf } from './plan.ts';
import type { PlanSummary } from './plan.ts';
import { applyChanges, canStream, removeChunks, StreamedApply, usesBulk } from './stages/apply.ts';
import type { Applied } from './stages/apply.ts';
import { baseOf } from './stages/context.ts';
import type { RunContext } from './stages/context.ts';
import {
  finishJournal,
  journalPathOf,
  planPathOf,
  recordPlanned,
  resumeJournal,
  startJournal,
} from './stages/journal.ts';
import {
  checkOwners,
  confirmationModeOf,
  confirmPlan,
  planLeads,
  planModeOf,
  warnNotAsked,
} from './stages/plan.ts';
import { resolveAssignmentRule } from './assignment-rule.ts';
import {
  alreadyFinished,
  renderRuleSummary,
  renderSummary,
  reportRun,
  unapplied,
  writeResultFiles,
} from './stages/report.ts';
import type { ReassignReport, Reported } from './stages/report.ts';
import { selectLeads } from './stages/select.ts';
import { verifyRun } from './stages/verify.ts';
import { timing } from './timing.ts';
import { parseLeadCondition } from './where.ts';

export type { ReassignReport } from './stages/report.ts';

function streamOptions(
  request: ReturnType<typeof parseReassignFlags>,
  ruleId: string | undefined,
  start: () => Journal,
) {
  return { api: request.api, ...(ruleId ? { ruleId } : {}), start };
}

export async function reassign(
  flags: ReassignFlags,
  output: Output,
): Promise<Reported<ReassignReport>> {
  const request = parseReassignFlags(flags);
  let apiCalls = 0;
  const countCall = () => {
    apiCalls += 1;
  };
  const journalPath = journalPathOf(flags);
  const resuming = journalPath !== null && Journal.exists(journalPath);
  // Bad input stops here, before anything connects or writes (a resume has its plan already).
  const condition =
    !resuming && 'where' in request.selection ? parseLeadCondition(flags.where!) : null;
  if (!resuming && 'ids' in request.selection) await checkIdsFileReadable(request.selection.ids);
  const conn = await connectTargetOrg(flags.targetOrg);
  const ctx: RunContext = { conn, output, targetOrg: flags.targetOrg, countCall };
  const orgId = conn.getAuthInfoFields().orgId ?? '';
  // Before any plan or journal: without the endpoint --notify cannot work at all.
  if (request.notify) await checkNotifyEndpoint(conn, flags.targetOrg, countCall);

  let journal: Journal | null = null;
  let planPath: string;
  let summary: PlanSummary | null = null;
  let confirmation: Confirmation | null = null;
  let stream: StreamedApply | null = null;
  if (resuming) {
    journal = resumeJournal(journalPath, request, orgId);
    planPath = journal.start.plan;
    if (journal.find('finished', 'reassign')) {
      journal.close();
      return alreadyFinished(output, journal, apiCalls);
    }
    if (!journal.find('planned', 'reassign') && journal.start.stream) {
      // It stopped while still planning: its journaled chunks go on, and the rest is planned.
      output.info(`Resuming ${journalPath}: planning the leads it had not reached.`);
      const facts = journal.start.stream;
      const rule = facts.ruleId ? await resolveAssignmentRule(conn, facts.ruleId, countCall) : null;
      stream = new StreamedApply(
        ctx,
        streamOptions(request, facts.ruleId, () => journal!),
        journal,
      );
      const chunks = journal.all('chunk', 'reassign');
      const resumed = journal;
      const condition = 'where' in request.selection ? parseLeadCondition(flags.where!) : null;
      try {
        summary = await planLeads(
          planModeOf(request, facts.pool),
          planPath,
          (planned) =>
            selectLeads(ctx, request.selection, condition, facts.closedStatuses, planPath, planned),
          stream,
          rule,
          chunks.at(-1)?.plan ?? { rows: 0, bytes: 0 },
        );
      } catch (error) {
        await stream.abandon();
        throw error;
      }
      output.print(rule ? renderRuleSummary(summary, rule) : renderSummary(summary));
      output.print(`Plan: ${planPath}`);
      journal = resumed;
    } else {
      output.info(`Resuming ${journalPath}.`);
    }
  } else {
    planPath = planPathOf(flags, journalPath);
  }

  if (!journal) {
    // Closed statuses leave closed leads out of a --where selection and out of open-lead loads.
    const closedStatuses =
      request.method !== 'assignmentRule' || (condition && !('includeClosed' in request.selection))
        ? await closedLeadStatuses(conn, countCall)
        : null;
    const owners = await checkOwners(ctx, request, closedStatuses);
    timing('owners checked');
    const mode = journalPath ? confirmationModeOf(flags, output) : null;
    if (
      journalPath &&
      mode !== null &&
      mode !== 'ask' &&
      canStream(request.api, request.notify === true)
    ) {
      // Nobody to ask: a Bulk run applies while it plans (StreamedApply), journaled from its
      // first job on; a smaller one is planned first, as below.
      const started = journalPath;
      stream = new StreamedApply(
        ctx,
        streamOptions(request, owners.rule?.id, () => {
          warnNotAsked(output, mode);
          const begun = startJournal(started, conn, orgId, request, planPath, {
            pool: owners.pool,
            closedStatuses: closedStatuses ? [...closedStatuses] : null,
            ...(owners.rule ? { ruleId: owners.rule.id } : {}),
          });
          output.info(`Applying while planning; the journal is ${begun.path}.`);
          return begun;
        }),
      );
    }
    try {
      summary = await planLeads(
        planModeOf(request, owners.pool),
        planPath,
        () => selectLeads(ctx, request.selection, condition, closedStatuses, planPath),
        stream,
        owners.rule,
      );
    } catch (error) {
      await stream?.abandon();
      throw error;
    }
    timing('selection planned');
    output.print(owners.rule ? renderRuleSummary(summary, owners.rule) : renderSummary(summary));
    output.print(`Plan: ${planPath}`);
    journal = stream?.started ?? null;
    if (journal) {
      confirmation = mode as Confirmation;
    } else {
      if (journalPath && summary.toChange > 0) {
        confirmation = await confirmPlan(mode!, output, summary, owners.rule);
        if (confirmation === 'answeredNo') {
          output.print('Cancelled; nothing was changed.');
          return unapplied(planPath, summary, apiCalls, confirmation, EXIT_PARTIAL);
        }
      }
      if (journalPath) {
        journal = startJournal(journalPath, conn, orgId, request, planPath);
        recordPlanned(journal, summary, owners.rule);
      }
    }
  }

  if (!journal) {
    output.print('Dry run: nothing was changed.');
    const partialPlan = summary !== null && Object.keys(summary.unplaced).length > 0;
    return unapplied(planPath, summary, apiCalls, null, partialPlan ? EXIT_PARTIAL : EXIT_OK);
  }

  const planned = journal.find('planned', 'reassign')!;
  const bulk = usesBulk(request.api, request.notify === true, planned.toChange);
  const base = baseOf(journal.path);
  const files = { plan: planPath, success: `${base}.success.csv`, error: `${base}.error.csv` };
  const ruleId = planned.ruleId;
  let applied: Applied;
  if (stream?.started) {
    applied = await stream.finish(planned.toChange);
  } else {
    output.info(`Applying; the journal is ${journal.path}.`);
    applied = await applyChanges(
      ctx,
      journal,
      ruleId ? ruleChangesOf(planPath) : changesOf(planPath),
      {
        phase: 'reassign',
        bulk,
        notify: request.notify === true,
        ...(ruleId ? { ruleId } : {}),
        total: planned.toChange,
        label: bulk ? 'Bulk API' : request.notify ? 'Applying (notify)' : 'Applying',
        line: bulk
          ? (done, failed) => `  Bulk API: ${done} processed, ${failed} failed`
          : (done) => `  ${done} leads sent`,
        showFailed: bulk,
        ...(bulk && !ruleId ? { successFile: files.success } : {}),
      },
    );
  }
  timing('applied');
  const failedIds = new Set(applied.failed.map((f) => f.id.substring(0, 15)));
  const verified = await verifyRun(ctx, journal, {
    planPath,
    base,
    successFile: files.success,
    summary,
    bulk,
    ...(ruleId ? { ruleId } : {}),
    failedIds,
  });
  timing('owners read back');
  await writeResultFiles(files, applied, verified.overridden, verified.successWritten);
  finishJournal(journal, 'reassign', {
    succeeded: applied.succeeded,
    failed: applied.failed.length,
  });
  await removeChunks(journal);
  timing('result files written');
  return reportRun(output, {
    journal,
    targetOrg: flags.targetOrg,
    planPath,
    summary,
    applied,
    overridden: verified.overridden,
    ruleOutcome: verified.ruleOutcome,
    files,
    apiCalls,
    resumed: resuming,
    confirmation,
  });
}
