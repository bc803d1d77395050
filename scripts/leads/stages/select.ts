/**
 * Select: the leads a run works on, streamed. A reassign run reads them with its parsed --where
 * (one Bulk query, closed leads left out unless --include-closed) or from a checked --ids file
 * (through a spool beside the plan); undo selects the leads the run changed, from its journal and
 * plan.
 */
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { parse } from 'csv-parse';
import type { LeadIdSet } from '../../../lib/routing/leadRouting.ts';
import type { Output } from '../../cli/output.ts';
import { spinner } from '../../cli/progress.ts';
import { badInput } from '../../cli/errors.ts';
import type { ReassignRequest } from '../flags.ts';
import type { Journal } from '../journal.ts';
import { readPlan, UNCHANGED } from '../plan.ts';
import type { SelectedLead } from '../plan.ts';
import { readSpool, selectByIdsFile, selectByWhere } from '../select.ts';
import type { LeadCondition } from '../where.ts';
import type { RunContext } from './context.ts';

/**
 * Counts the leads as they stream by, on a spinner (at a terminal), leaving out those already
 * planned (a run resumed after it stopped while planning).
 */
async function* counted(
  batches: AsyncIterable<SelectedLead[]>,
  output: Output,
  label: string,
  planned: LeadIdSet | null,
) {
  const spin = spinner(output, label);
  let n = 0;
  try {
    for await (const batch of batches) {
      const leads = planned ? batch.filter((lead) => !planned.has(lead.id)) : batch;
      n += leads.length;
      if (spin.active) spin.update(`${n.toLocaleString('en-US')} leads`);
      if (leads.length) yield leads;
    }
  } finally {
    spin.update(`${n.toLocaleString('en-US')} leads`);
    spin.stop();
  }
}

/**
 * The leads of a reassign run. An --ids file is checked whole and looked up here, before the
 * first lead is handed on; its spool (`<plan>.selection`) is removed by removeSpool.
 */
export async function selectLeads(
  ctx: RunContext,
  selection: ReassignRequest['selection'],
  condition: LeadCondition | null,
  closedStatuses: readonly string[] | null,
  planPath: string,
  planned: LeadIdSet | null = null,
): Promise<AsyncIterable<SelectedLead[]>> {
  let leads: AsyncIterable<SelectedLead[]>;
  if (condition) {
    ctx.output.info('Selecting leads with a Bulk API query ...');
    const leaveOut = 'includeClosed' in selection ? null : closedStatuses;
    leads = selectByWhere(ctx.conn, condition, leaveOut, { countCall: ctx.countCall });
  } else {
    const { ids } = selection as { ids: string };
    ctx.output.info(`Checking ${ids} ...`);
    const spool = `${planPath}.selection`;
    await selectByIdsFile(ctx.conn, ids, spool, ctx.countCall);
    leads = readSpool(spool);
  }
  return counted(leads, ctx.output, 'Reading and planning leads', planned);
}

/** The selection spool of an --ids run: the plan holds the same facts once written. */
export async function removeSpool(planPath: string): Promise<void> {
  await Promise.all([
    rm(`${planPath}.selection`, { force: true }),
    rm(`${planPath}.selection.ids`, { force: true }),
  ]);
}

const key = (id: string) => id.substring(0, 15);

/** A lead a run changed: the owner it had (`from`) and the owner the run gave it (`to`). */
export interface ChangedLead {
  id: string;
  from: string;
  to: string;
}

/**
 * The leads a run changed, streamed from its plan, journal or owners file; each call reads them
 * again from the start, so nothing holds every changed lead in memory.
 */
export type Changed = () => AsyncIterable<ChangedLead>;

/**
 * Undo's selection: the leads the run may have changed, with the owner it set and the owner each
 * had before. Collections batches record each row that succeeded; a Bulk run records its jobs, so
 * every planned change is a candidate and undo's plan keeps only the leads that still have the
 * owner the run gave them (a row that failed still has its old owner). An --assignment-rule run
 * recorded the owners it read back: the leads the rule moved.
 */
export function selectChangedByRun(journal: Journal): Changed {
  if (journal.start.request.method === 'assignmentRule') {
    const owners = journal.find('owners', 'reassign');
    if (!owners) {
      throw badInput(
        'RunNotFinished',
        'That --assignment-rule run has not read the new owners back yet, so undo cannot tell which leads the rule moved.',
        'Run the same reassign command again with the same --journal to finish it, then undo.',
      );
    }
    return async function* moved() {
      const rows = createReadStream(owners.file).pipe(parse({ columns: true }));
      for await (const row of rows as AsyncIterable<Record<string, string>>)
        yield { id: row.Id, from: row.OldOwnerId, to: row.NewOwnerId };
    };
  }
  const bulk = journal.find('chunks', 'reassign') !== undefined;
  return async function* changed() {
    // Collections batches name the rows that succeeded (the journal holds them already).
    let succeeded: Map<string, string> | null = null;
    if (!bulk) {
      succeeded = new Map();
      for (const batch of journal.batches('reassign').values()) {
        if (batch.state === 'done')
          for (const [id, owner] of batch.succeeded) succeeded.set(key(id), owner);
      }
    }
    for await (const row of readPlan(journal.start.plan)) {
      if (row.NewOwnerId === '' || row.Reason === UNCHANGED) continue;
      const to = succeeded ? succeeded.get(key(row.Id)) : row.NewOwnerId;
      if (to) yield { id: row.Id, from: row.OldOwnerId, to };
    }
  };
}
