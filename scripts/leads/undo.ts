/**
 * `channelkit leads undo --journal FILE`: puts back the old owner of every lead the run changed,
 * and only those. A lead someone has moved since is left alone and reported. It is the reassign
 * pipeline's stages again: select the leads the run changed (from its journal and plan), plan
 * their old owners (the undo plan, journaled before anything changes, so an interrupted undo
 * resumes like a run does), apply, report. No owner-change e-mail goes out (even for a --notify
 * run) unless undo is given --notify too.
 */
import { connectTargetOrg } from '../cli/connect.ts';
import type { Output } from '../cli/output.ts';
import { parseNotifyApi } from './flags.ts';
import { Journal } from './journal.ts';
import { checkNotifyEndpoint } from './notify-endpoint.ts';
import { changesOf } from './plan.ts';
import { applyChanges, removeChunks, usesBulk } from './stages/apply.ts';
import { baseOf } from './stages/context.ts';
import type { RunContext } from './stages/context.ts';
import {
  checkJournalOrg,
  checkSomethingToUndo,
  finishJournal,
  checkUndoJournal,
} from './stages/journal.ts';
import { writeUndoPlan } from './stages/plan.ts';
import { alreadyUndone, reportUndo } from './stages/report.ts';
import type { Reported, UndoReport } from './stages/report.ts';
import { selectChangedByRun } from './stages/select.ts';

export type { UndoReport } from './stages/report.ts';

export interface UndoFlags {
  targetOrg?: string;
  journal?: string;
  json?: boolean;
  notify?: boolean;
  api?: string;
}

export async function undo(flags: UndoFlags, output: Output): Promise<Reported<UndoReport>> {
  checkUndoJournal(flags.journal);
  const api = parseNotifyApi(flags);
  const journal = Journal.open(flags.journal);
  const conn = await connectTargetOrg(flags.targetOrg);
  const ctx: RunContext = { conn, output, targetOrg: flags.targetOrg, countCall: () => undefined };
  if (flags.notify) await checkNotifyEndpoint(conn, flags.targetOrg, () => undefined);
  checkJournalOrg(journal, conn, flags.targetOrg);
  const undoPlan = `${baseOf(journal.path)}.undo.csv`;
  if (journal.find('finished', 'undo')) {
    journal.close();
    return alreadyUndone(output, journal, undoPlan);
  }
  checkSomethingToUndo(journal);
  let alreadyRestored = 0;
  let movedSince: { id: string; owner: string }[] = [];
  if (!journal.find('planned', 'undo')) {
    const changed = selectChangedByRun(journal);
    let rows: number;
    ({ rows, alreadyRestored, movedSince } = await writeUndoPlan(conn, changed, undoPlan));
    journal.append({
      type: 'planned',
      phase: 'undo',
      plan: undoPlan,
      rows,
      toChange: rows - alreadyRestored - movedSince.length,
    });
    for (const m of movedSince)
      output.warn(`Lead ${m.id} was moved to ${m.owner} after the run; left as it is.`);
  }
  const toRestore = journal.find('planned', 'undo')!.toChange;
  const bulk = usesBulk(api, flags.notify === true, toRestore);
  const applied = await applyChanges(ctx, journal, changesOf(undoPlan), {
    phase: 'undo',
    bulk,
    notify: flags.notify === true,
    total: toRestore,
    label: flags.notify ? 'Restoring (notify)' : 'Restoring',
    line: (done) => `  ${done} leads restored`,
  });
  finishJournal(journal, 'undo', { succeeded: applied.succeeded, failed: applied.failed.length });
  if (bulk) await removeChunks(journal, 'undo');
  return reportUndo(output, journal, undoPlan, applied, alreadyRestored, movedSince);
}
