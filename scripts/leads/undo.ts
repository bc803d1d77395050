/**
 * `channelkit leads undo --journal FILE`: puts back the old owner of every lead the run changed,
 * and only those. A lead someone has moved since is left alone and reported. The undo plan is
 * written and journaled before anything changes, so an interrupted undo resumes like a run does.
 * No owner-change e-mail goes out (even for a --notify run) unless undo is given --notify too.
 */
import { createReadStream, existsSync } from 'node:fs';
import { parse } from 'csv-parse';
import type { Connection } from '@salesforce/core';
import { connectTargetOrg } from '../cli/connect.ts';
import { badInput, EXIT_OK, EXIT_PARTIAL } from '../cli/errors.ts';
import type { Output } from '../cli/output.ts';
import { progressBar } from '../cli/progress.ts';
import { soqlList } from '../cli/soql.ts';
import { LeadIdSet } from '../../lib/routing/leadRouting.ts';
import { applyByBulk } from './apply-bulk.ts';
import { applyByCollections } from './apply-collections.ts';
import { bulkQuery } from './bulk-query.ts';
import { parseNotifyApi } from './flags.ts';
import { BULK_THRESHOLD, removeChunks } from './reassign.ts';
import { readFailures } from './verify.ts';
import { Journal } from './journal.ts';
import { checkNotifyEndpoint, notifySender } from './notify-endpoint.ts';
import { changesOf, CsvFileWriter, PLAN_COLUMNS, readPlan, UNCHANGED } from './plan.ts';

export interface UndoFlags {
  targetOrg?: string;
  journal?: string;
  json?: boolean;
  notify?: boolean;
  api?: string;
}

export interface UndoReport {
  journal: string;
  undoPlan: string;
  restored: number;
  alreadyRestored: number;
  movedSince: { id: string; owner: string }[];
  failed: { id: string; ownerId: string; error: string }[];
}

const key = (id: string) => id.substring(0, 15);

/**
 * The leads the run may have changed, with the owner it set and the owner each had before.
 * Collections batches record each row that succeeded; a Bulk run records its jobs, so every
 * planned change is a candidate and the read-back in writeUndoPlan keeps only the leads that still
 * have the owner the run gave them (a row that failed still has its old owner). An
 * --assignment-rule run recorded the owners it read back: the leads the rule moved.
 */
async function changedByRun(journal: Journal): Promise<Map<string, { from: string; to: string }>> {
  if (journal.start.request.method === 'assignmentRule') {
    const owners = journal.find('owners', 'reassign');
    if (!owners) {
      throw badInput(
        'RunNotFinished',
        'That --assignment-rule run has not read the new owners back yet, so undo cannot tell which leads the rule moved.',
        'Run the same reassign command again with the same --journal to finish it, then undo.',
      );
    }
    const moved = new Map<string, { from: string; to: string }>();
    const rows = createReadStream(owners.file).pipe(parse({ columns: true }));
    for await (const row of rows as AsyncIterable<Record<string, string>>)
      moved.set(row.Id, { from: row.OldOwnerId, to: row.NewOwnerId });
    return moved;
  }
  const bulk = journal.find('chunks', 'reassign') !== undefined;
  const succeeded = new Map<string, string>();
  for (const batch of journal.batches('reassign').values()) {
    if (batch.state === 'done')
      for (const [id, owner] of batch.succeeded) succeeded.set(key(id), owner);
  }
  const changed = new Map<string, { from: string; to: string }>();
  for await (const row of readPlan(journal.start.plan)) {
    if (row.NewOwnerId === '' || row.Reason === UNCHANGED) continue;
    const to = bulk ? row.NewOwnerId : succeeded.get(key(row.Id));
    if (to) changed.set(row.Id, { from: row.OldOwnerId, to });
  }
  return changed;
}

/**
 * For large runs, the leads each of the run's new owners holds now, read with one Bulk query:
 * a lead still with the owner the run gave it is restored without a per-lead lookup.
 */
async function heldByRunOwners(
  conn: Connection,
  changed: Map<string, { from: string; to: string }>,
): Promise<Map<string, LeadIdSet>> {
  const held = new Map<string, LeadIdSet>();
  for (const { to } of changed.values()) if (!held.has(key(to))) held.set(key(to), new LeadIdSet());
  const owners = [...held.keys()];
  for (let i = 0; i < owners.length; i += 200) {
    const soql = `SELECT Id, OwnerId FROM Lead WHERE OwnerId IN (${soqlList(owners.slice(i, i + 200))})`;
    for await (const row of bulkQuery(conn, soql)) held.get(key(row.OwnerId))?.add(row.Id);
  }
  return held;
}

async function writeUndoPlan(
  conn: Connection,
  changed: Map<string, { from: string; to: string }>,
  path: string,
): Promise<{ alreadyRestored: number; movedSince: { id: string; owner: string }[] }> {
  const writer = new CsvFileWriter(path, PLAN_COLUMNS);
  const movedSince: { id: string; owner: string }[] = [];
  let alreadyRestored = 0;
  let toLookUp = [...changed.keys()];
  if (changed.size > BULK_THRESHOLD) {
    const held = await heldByRunOwners(conn, changed);
    toLookUp = [];
    for (const [id, { from, to }] of changed) {
      if (held.get(key(to))?.has(id)) await writer.write([id, to, from, 'UNDO']);
      else toLookUp.push(id);
    }
  }
  // The rest (all of a small run; the few moved or failed leads of a large one), 200 a call.
  for (let i = 0; i < toLookUp.length; i += 200) {
    const slice = toLookUp.slice(i, i + 200);
    const rows = await conn.query<{ Id: string; OwnerId: string }>(
      `SELECT Id, OwnerId FROM Lead WHERE Id IN (${soqlList(slice)})`,
    );
    const now = new Map(rows.records.map((r) => [key(r.Id), r.OwnerId]));
    for (const id of slice) {
      const { from, to } = changed.get(id)!;
      const owner = now.get(key(id));
      if (owner === undefined) movedSince.push({ id, owner: '(deleted)' });
      else if (key(owner) === key(from)) alreadyRestored += 1;
      else if (key(owner) !== key(to)) movedSince.push({ id, owner });
      else await writer.write([id, to, from, 'UNDO']);
    }
  }
  await writer.close();
  return { alreadyRestored, movedSince };
}

export async function undo(
  flags: UndoFlags,
  output: Output,
): Promise<{ result: UndoReport; exitCode: number }> {
  if (!flags.journal)
    throw badInput(
      'BadFlag',
      'Say which run to undo: --journal FILE.',
      'Pass the journal path that `channelkit leads reassign` printed.',
    );
  if (!existsSync(flags.journal))
    throw badInput(
      'JournalNotFound',
      `No journal at ${flags.journal}.`,
      'Pass the journal path that `channelkit leads reassign` printed.',
    );
  const api = parseNotifyApi(flags);
  const journal = Journal.open(flags.journal);
  const conn = await connectTargetOrg(flags.targetOrg);
  if (flags.notify) await checkNotifyEndpoint(conn, flags.targetOrg, () => undefined);
  if (journal.start.orgId !== (conn.getAuthInfoFields().orgId ?? '')) {
    throw badInput(
      'WrongOrg',
      `The journal belongs to org ${journal.start.orgId}, not to ${flags.targetOrg}.`,
      'Pass the -o of the org the run changed.',
    );
  }
  const undoPlan = `${journal.path.replace(/\.jsonl$/, '')}.undo.csv`;
  const finished = journal.find('finished', 'undo');
  if (finished) {
    output.print(
      `This run was already undone at ${finished.at}: ${finished.succeeded} leads restored. Nothing to do.`,
    );
    journal.close();
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
  if (!journal.find('finished', 'reassign') && !journal.find('planned', 'reassign')) {
    throw badInput(
      'NothingToUndo',
      'That run never got as far as changing a lead.',
      'Nothing to undo.',
    );
  }
  let alreadyRestored = 0;
  let movedSince: { id: string; owner: string }[] = [];
  const planned = journal.find('planned', 'undo');
  if (!planned) {
    const changed = await changedByRun(journal);
    ({ alreadyRestored, movedSince } = await writeUndoPlan(conn, changed, undoPlan));
    journal.append({
      type: 'planned',
      phase: 'undo',
      plan: undoPlan,
      rows: changed.size,
      toChange: changed.size - alreadyRestored - movedSince.length,
    });
    for (const m of movedSince)
      output.warn(`Lead ${m.id} was moved to ${m.owner} after the run; left as it is.`);
  }
  const toRestore = journal.find('planned', 'undo')!.toChange;
  const bar = progressBar(output, flags.notify ? 'Restoring (notify)' : 'Restoring', toRestore);
  const useBulk =
    !flags.notify && (api === 'bulk' || (api === 'auto' && toRestore > BULK_THRESHOLD));
  let applied: { succeeded: number; failed: { id: string; ownerId: string; error: string }[] };
  try {
    if (useBulk) {
      const bulk = await applyByBulk(conn, changesOf(undoPlan), journal, 'undo', {
        countCall: () => undefined,
        base: `${journal.path.replace(/\.jsonl$/, '')}.undo`,
        onProgress: (processed) =>
          bar.active ? bar.update(processed) : output.info(`  ${processed} leads restored`),
      });
      applied = { succeeded: bulk.succeeded, failed: await readFailures(bulk.failedFile) };
    } else {
      applied = await applyByCollections(conn, changesOf(undoPlan), journal, 'undo', {
        countCall: () => undefined,
        onProgress: (done) =>
          bar.active ? bar.update(done) : output.info(`  ${done} leads restored`),
        ...(flags.notify
          ? {
              send: notifySender(conn, {
                notify: true,
                targetOrg: flags.targetOrg,
                countCall: () => undefined,
              }),
            }
          : {}),
      });
    }
  } finally {
    bar.stop();
  }
  journal.append({
    type: 'finished',
    phase: 'undo',
    at: new Date().toISOString(),
    succeeded: applied.succeeded,
    failed: applied.failed.length,
  });
  journal.close();
  if (useBulk) await removeChunks(journal, 'undo');
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
