/**
 * Apply: sends the owner changes of a plan, under the journal. Up to BULK_THRESHOLD changes go
 * through sObject Collections (200 a call), more through Bulk API 2.0 jobs (`--api` chooses);
 * with --notify, through the Channel Kit Apex endpoint that sends the owner-change e-mail; with
 * an assignment rule, the rule picks the owners. The same stage applies a reassign run and its
 * undo.
 */
import { rm } from 'node:fs/promises';
import { progressBar } from '../../cli/progress.ts';
import { applyByBulk } from '../apply-bulk.ts';
import { applyByCollections, collectionsSender } from '../apply-collections.ts';
import type { OwnerChange } from '../apply-collections.ts';
import type { ApplyApi } from '../flags.ts';
import type { Journal } from '../journal.ts';
import { notifySender } from '../notify-endpoint.ts';
import { readFailures } from '../verify.ts';
import { baseOf } from './context.ts';
import type { Phase, RunContext } from './context.ts';

/** Above this many changes the Bulk API is cheaper in API calls than sObject Collections. */
export const BULK_THRESHOLD = 2000;

/** Whether changes go through Bulk API 2.0 (never with --notify, which has its endpoint). */
export function usesBulk(api: ApplyApi, notify: boolean, toChange: number): boolean {
  return !notify && (api === 'bulk' || (api === 'auto' && toChange > BULK_THRESHOLD));
}

export interface ApplyOptions {
  phase: Phase;
  bulk: boolean;
  notify: boolean;
  /** --assignment-rule: the rule picks each owner. */
  ruleId?: string;
  /** How many changes there are, for the progress bar. */
  total: number;
  /** The progress bar's label, and the plain line printed instead of it. */
  label: string;
  line: (done: number, failed: number) => string;
  /** Shows the failures so far beside the bar (Bulk API runs). */
  showFailed?: boolean;
}

export interface Applied {
  succeeded: number;
  failed: { id: string; ownerId: string; error: string }[];
}

/** Sends the changes, with a progress bar at a terminal; the journal makes it resumable. */
export async function applyChanges(
  ctx: RunContext,
  journal: Journal,
  changes: AsyncIterable<OwnerChange>,
  options: ApplyOptions,
): Promise<Applied> {
  const { conn, output, countCall } = ctx;
  const bar = progressBar(output, options.label, options.total);
  const report = (done: number, failed: number) =>
    bar.active
      ? bar.update(done, options.showFailed ? { status: `${failed} failed` } : undefined)
      : output.info(options.line(done, failed));
  try {
    if (options.bulk) {
      const applied = await applyByBulk(conn, changes, journal, options.phase, {
        countCall,
        base: `${baseOf(journal.path)}${options.phase === 'undo' ? '.undo' : ''}`,
        ...(options.ruleId ? { assignmentRuleId: options.ruleId } : {}),
        onProgress: report,
      });
      return { succeeded: applied.succeeded, failed: await readFailures(applied.failedFile) };
    }
    const ruleId = options.ruleId;
    return await applyByCollections(conn, changes, journal, options.phase, {
      countCall,
      onProgress: (done) => report(done, 0),
      ...(options.notify
        ? { send: notifySender(conn, { notify: true, targetOrg: ctx.targetOrg, countCall }) }
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
  } finally {
    bar.stop();
  }
}

/** Chunk files of a finished Bulk run: the plan and the result files hold the same facts. */
export async function removeChunks(journal: Journal, phase: Phase = 'reassign'): Promise<void> {
  const chunks = journal.find('chunks', phase)?.chunks ?? [];
  const base = baseOf(journal.path) + (phase === 'undo' ? '.undo' : '');
  await Promise.all(
    [...chunks.map((c) => c.file), `${base}.chunk-retry.csv`, `${base}.failed.csv`].map((f) =>
      rm(f, { force: true }),
    ),
  );
}
