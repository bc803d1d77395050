/**
 * Plan: who may take the leads (each owner judged by the routing core, or the assignment rule
 * resolved), the plan file written lead by lead from the selection, and the question a person at a
 * terminal answers before anything changes. Undo's plan is the old owner of every lead the run
 * changed that still has the owner the run gave it.
 */
import { mkdirSync } from 'node:fs';
import { rm, rmdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Connection } from '@salesforce/core';
import {
  assessOwner,
  LeadIdSet,
  ownerIssueMessage,
  type OwnerAssessment,
  type OwnerIssue,
} from '../../../lib/routing/leadRouting.ts';
import { askYesNo, confirmationMode, notAskedWarning } from '../../cli/confirm.ts';
import type { Confirmation } from '../../cli/confirm.ts';
import { badInput } from '../../cli/errors.ts';
import type { Output } from '../../cli/output.ts';
import { soqlList } from '../../cli/soql.ts';
import { resolveAssignmentRule } from '../assignment-rule.ts';
import type { AssignmentRuleFacts } from '../assignment-rule.ts';
import { bulkQueryBatches } from '../bulk-query.ts';
import { ChangedIndex } from '../changed-index.ts';
import { csvFileBatches } from '../csv.ts';
import type { ReassignFlags, ReassignRequest } from '../flags.ts';
import { openLeadLoads, resolveOwners } from '../owners.ts';
import type { OwnerFacts } from '../owners.ts';
import { CsvFileWriter, PLAN_COLUMNS, PlanWriter } from '../plan.ts';
import type { PlanMark, PlanMode, PlanSummary, SelectedLead } from '../plan.ts';
import { BULK_THRESHOLD } from './apply.ts';
import type { StreamedApply } from './apply.ts';
import type { RunContext } from './context.ts';
import { removeSpool } from './select.ts';
import type { Changed, ChangedLead } from './select.ts';

/** The owners of a run, or the rule that picks them. */
export type Owners =
  { rule: AssignmentRuleFacts; pool: [] } | { rule: null; pool: OwnerFacts[]; siteName: string };

export const ownersFlag = (request: ReassignRequest) =>
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
  const { owners, siteName } = await resolveOwners(conn, request.owners, flag, countCall);
  const loads = await openLeadLoads(
    conn,
    owners.map((o) => o.id),
    closedStatuses,
    countCall,
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

/**
 * The owners a run names, each judged by the routing core (refused when none can take a lead,
 * warned about otherwise), or the assignment rule an --assignment-rule run names.
 */
export async function checkOwners(
  ctx: RunContext,
  request: ReassignRequest,
  closedStatuses: readonly string[] | null,
): Promise<Owners> {
  if (request.method === 'assignmentRule') {
    const rule = await resolveAssignmentRule(ctx.conn, request.assignmentRule!, ctx.countCall);
    return { rule, pool: [] };
  }
  const method = request.method;
  const { pool, siteName } = await poolFor(ctx.conn, request, closedStatuses ?? [], ctx.countCall);
  const assessments = pool.map((owner) => assessOwner(owner, method, request.strict));
  refuseIneligiblePool(pool, assessments, siteName, ownersFlag(request));
  warnAboutOwners(ctx.output, pool, assessments, siteName);
  return { rule: null, pool, siteName };
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

/** What the plan is made with: the owners as the routing core takes them, or the rule. */
export function planModeOf(request: ReassignRequest, pool: OwnerFacts[]): PlanMode {
  return request.method === 'assignmentRule'
    ? 'assignmentRule'
    : { method: request.method, pool, cursor: request.cursor, strictEligibility: request.strict };
}

/**
 * Writes the plan of a reassign run from its selection, handing each change to `stream` (a run
 * that applies while it plans). Nothing is written before this; a refusal from here on (a bad
 * --ids row, a condition the org refuses) takes back the plan and any folder made for it, unless
 * changes were sent already. `resumeFrom`: a plan a crash cut short, taken up where its journal
 * vouches for it; the selection then leaves out the leads planned already.
 */
export async function planLeads(
  mode: PlanMode,
  planPath: string,
  select: (planned: LeadIdSet | null) => Promise<AsyncIterable<SelectedLead[]>>,
  stream: StreamedApply | null,
  rule: AssignmentRuleFacts | null,
  resumeFrom?: PlanMark,
): Promise<PlanSummary> {
  const madeDir = resumeFrom ? undefined : mkdirSync(dirname(planPath), { recursive: true });
  let plan: PlanWriter | null = null;
  try {
    try {
      let leads: AsyncIterable<SelectedLead[]>;
      if (resumeFrom) {
        const resumed = await PlanWriter.resume(planPath, mode, resumeFrom);
        plan = resumed.plan;
        leads = await select(resumed.planned);
      } else {
        leads = await select(null);
        plan = PlanWriter.create(planPath, mode);
      }
      for await (const batch of leads) {
        for (const lead of batch) {
          const change = plan.add(lead);
          if (change && stream?.offer(change)) await stream.act(plan);
        }
        await plan.settle();
        await stream?.afterBatch(plan);
      }
      const summary = plan.summary();
      await stream?.endPlanning(plan, summary, rule);
      await plan.close();
      return summary;
    } finally {
      await removeSpool(planPath);
    }
  } catch (error) {
    await plan?.close().catch(() => undefined);
    if (!resumeFrom && !stream?.started) {
      // Nothing has changed yet: leave no half-written plan (or folder made for it) behind.
      await rm(planPath, { force: true });
      await removeMadeDirs(dirname(planPath), madeDir);
    }
    throw error;
  }
}

/** Whether to ask before changing anything, or why not (see confirmPlan). */
export function confirmationModeOf(flags: ReassignFlags, output: Output): 'ask' | Confirmation {
  return confirmationMode({
    yes: flags.yes ?? false,
    json: output.json,
    stdinIsTTY: process.stdin.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
  });
}

/** Says so when a run goes ahead with nobody asked (no terminal, or --json). */
export function warnNotAsked(output: Output, mode: Confirmation): void {
  const warning = notAskedWarning(mode);
  if (warning) output.warn(warning);
}

/**
 * At a terminal, asks before the run changes anything; --yes, --json or no terminal go ahead
 * without asking, and the last two say so.
 */
export async function confirmPlan(
  mode: 'ask' | Confirmation,
  output: Output,
  summary: PlanSummary,
  rule: AssignmentRuleFacts | null,
): Promise<Confirmation> {
  if (mode !== 'ask') {
    warnNotAsked(output, mode);
    return mode;
  }
  const leads = `${summary.toChange.toLocaleString('en-US')} lead${summary.toChange === 1 ? '' : 's'}`;
  const question = rule
    ? `Run ${leads} through the assignment rule "${rule.name}"? [y/N] `
    : `Change the owner of ${leads}? [y/N] `;
  return (await askYesNo(question)) ? 'answeredYes' : 'answeredNo';
}

const key = (id: string) => id.substring(0, 15);

/** Changed leads a part of the index holds at most: 20 MB of it, whatever the run's size. */
export const INDEX_PART_LEADS = 1_000_000;

/** The Bulk query of the leads the run's new owners hold now: batches of rows of Id, OwnerId. */
async function* ownersLeadsNow(conn: Connection, owners: string[]): AsyncGenerator<string[][]> {
  for (let i = 0; i < owners.length; i += 200) {
    const soql = `SELECT Id, OwnerId FROM Lead WHERE OwnerId IN (${soqlList(owners.slice(i, i + 200))})`;
    for await (const { columns, rows } of bulkQueryBatches(conn, soql)) {
      const [id, owner] = [columns.indexOf('Id'), columns.indexOf('OwnerId')];
      if (id !== 0 || owner !== 1) for (const row of rows) row.splice(0, 2, row[id], row[owner]);
      yield rows;
    }
  }
}

/**
 * For large runs: one Bulk query of the leads the run's new owners hold now marks, in the index
 * of the run's changes, those that still have the owner the run gave them. The index takes the
 * changes a part at a time (placed by one more read of them each): with one part the query's rows
 * go straight to it; with more they are first sorted into a file a part beside the undo plan,
 * read back as each part is in memory.
 */
async function markStillHeld(
  conn: Connection,
  index: ChangedIndex,
  changed: Changed,
  spoolBase: string,
  partLeads: number,
): Promise<void> {
  const parts = index.parts(partLeads);
  const place = async () => {
    let ordinal = 0;
    for await (const { id, to } of changed()) index.place(id, to, ordinal++);
  };
  if (parts.length === 1) {
    index.load(parts[0], parts);
    await place();
    for await (const rows of ownersLeadsNow(conn, index.ownerIds))
      for (const [id, owner] of rows) index.observe(id, owner);
    return;
  }
  const spools = parts.map((_, k) => `${spoolBase}.owners-${k}.csv`);
  try {
    const writers = spools.map((spool) => new CsvFileWriter(spool, null));
    for await (const rows of ownersLeadsNow(conn, index.ownerIds)) {
      for (const [id, owner] of rows) {
        const full = writers[ChangedIndex.partOf(parts, id)].write([id, owner]);
        if (full) await full;
      }
    }
    await Promise.all(writers.map((writer) => writer.close()));
    for (let k = 0; k < parts.length; k += 1) {
      index.load(parts[k], parts);
      await place();
      for await (const rows of csvFileBatches(spools[k]))
        for (const [id, owner] of rows) index.observe(id, owner);
      await rm(spools[k], { force: true });
    }
  } finally {
    await Promise.all(spools.map((spool) => rm(spool, { force: true })));
  }
}

/**
 * Undo's plan: the old owner of each changed lead that still has the owner the run gave it. A
 * lead back with its old owner already is counted; one someone moved since is left alone. The
 * changed leads are streamed from the plan, never held as strings: a large run's are counted into
 * a compact index (ChangedIndex) that one Bulk query marks, a part of at most `partLeads` at a
 * time, then read once more to write the undo plan.
 */
export async function writeUndoPlan(
  conn: Connection,
  changed: Changed,
  path: string,
  partLeads = INDEX_PART_LEADS,
): Promise<{ rows: number; alreadyRestored: number; movedSince: { id: string; owner: string }[] }> {
  let rows = 0;
  const index = new ChangedIndex();
  for await (const { id, to } of changed()) {
    rows += 1;
    index.count(id, to);
  }
  // Large runs: one Bulk query says which leads still have the owner the run gave them.
  let held: ChangedIndex | null = null;
  if (rows > BULK_THRESHOLD && index.usable) {
    await markStillHeld(conn, index, changed, path, partLeads);
    held = index;
  }
  const writer = new CsvFileWriter(path, PLAN_COLUMNS);
  const movedSince: { id: string; owner: string }[] = [];
  let alreadyRestored = 0;
  // The rest (all of a small run; the few moved or failed leads of a large one), 200 a call.
  let toLookUp: ChangedLead[] = [];
  const lookUp = async () => {
    if (toLookUp.length === 0) return;
    const slice = toLookUp;
    toLookUp = [];
    const found = await conn.query<{ Id: string; OwnerId: string }>(
      `SELECT Id, OwnerId FROM Lead WHERE Id IN (${soqlList(slice.map((c) => c.id))})`,
    );
    const now = new Map(found.records.map((r) => [key(r.Id), r.OwnerId]));
    for (const { id, from, to } of slice) {
      const owner = now.get(key(id));
      if (owner === undefined) movedSince.push({ id, owner: '(deleted)' });
      else if (key(owner) === key(from)) alreadyRestored += 1;
      else if (key(owner) !== key(to)) movedSince.push({ id, owner });
      else await writer.write([id, to, from, 'UNDO']);
    }
  };
  let ordinal = 0;
  for await (const lead of changed()) {
    if (held?.stillHeld(ordinal++)) {
      await writer.write([lead.id, lead.to, lead.from, 'UNDO']);
      continue;
    }
    toLookUp.push(lead);
    if (toLookUp.length === 200) await lookUp();
  }
  await lookUp();
  await writer.close();
  return { rows, alreadyRestored, movedSince };
}
