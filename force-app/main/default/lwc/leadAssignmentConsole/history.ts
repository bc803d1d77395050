/**
 * The console's "Batches" view: past batches newest first (keyset pages of getBatchHistory), and
 * one batch opened to its per-lead results with whether undoing it would still restore anything.
 */
import type {
  AssignmentBatch,
  AssignmentResultRow,
  BatchStatus,
  UndoCheck,
} from '../../../../../types/leadAssignment';
import { batchSummary, batchTitle, isFinished, isUndoable } from './batches';
import { formatCount } from './format';

export const HISTORY_PAGE_SIZE = 20;
export const DETAIL_PAGE_SIZE = 200;

const STATUS_LABELS: Record<BatchStatus, string> = {
  Queued: 'Queued',
  Processing: 'Running',
  Completed: 'Completed',
  CompletedWithErrors: 'Completed with errors',
  Failed: 'Failed',
};

/** One past batch as the history lists it. */
export interface HistoryRow {
  batchId: string;
  title: string;
  whenText: string;
  who: string;
  summary: string;
  statusText: string;
  canUndo: boolean;
}

export const whenText = (iso: string): string => new Date(iso).toLocaleString();

/** "Completed", or what became of it: undone, or an undo itself. */
export function statusText(batch: AssignmentBatch): string {
  const status = STATUS_LABELS[batch.status];
  if (batch.method === 'undo') return `${status} · undid an earlier batch`;
  if (isFinished(batch) && !batch.canUndo && batch.succeeded > 0) return `${status} · undone`;
  return status;
}

export function historyRow(batch: AssignmentBatch): HistoryRow {
  return {
    batchId: batch.batchId,
    title: batchTitle(batch),
    whenText: whenText(batch.createdDate),
    who: batch.createdByName,
    summary: batchSummary(batch),
    statusText: statusText(batch),
    canUndo: isUndoable(batch),
  };
}

/** A result row of an opened batch, with owner names (or their Ids when hidden) for the table. */
export interface DetailRow extends AssignmentResultRow {
  fromLabel: string;
  toLabel: string;
}

export function detailRow(row: AssignmentResultRow): DetailRow {
  return {
    ...row,
    fromLabel: row.oldOwnerName ?? row.oldOwnerId,
    toLabel: row.newOwnerName ?? row.newOwnerId ?? '',
  };
}

/** What undoing the opened batch would do, in words; null until the check is in. */
export function undoCheckText(batch: AssignmentBatch, check: UndoCheck | null): string | null {
  if (!check) return null;
  if (batch.method === 'undo') return 'An undo cannot be undone: reassign the leads instead.';
  if (!batch.canUndo) {
    return batch.succeeded > 0 ? 'This batch was undone.' : 'This batch changed no lead.';
  }
  const moved =
    check.movedSince > 0
      ? ` ${formatCount(check.movedSince, 'lead')} moved since; an undo leaves ${check.movedSince === 1 ? 'it' : 'them'} where ${check.movedSince === 1 ? 'it is' : 'they are'} and reports ${check.movedSince === 1 ? 'it' : 'them'}.`
      : '';
  if (check.stillInPlace === 0) {
    return `None of its leads is still where this batch put it: there is nothing to undo.${moved}`;
  }
  const still = `${formatCount(check.stillInPlace, 'lead')} ${check.stillInPlace === 1 ? 'is' : 'are'} still where this batch put ${check.stillInPlace === 1 ? 'it' : 'them'}; an undo returns ${check.stillInPlace === 1 ? 'it' : 'them'} to the previous owner.`;
  return `${still}${moved}`;
}
