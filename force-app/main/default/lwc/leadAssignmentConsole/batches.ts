/** Assignment batches as the console reports them: progress, outcome, toast and summary. */
import type { ShowToastEventDetail } from 'lightning/platformShowToastEvent';
import type {
  AssignmentBatch,
  AssignmentResultRow,
  BatchStatus,
} from '../../../../../types/leadAssignment';
import { methodLabel } from './assignment';
import { formatCount, formatNumber } from './format';

/** How often a running batch is polled. */
export const POLL_INTERVAL_MS = 2000;

const TERMINAL: ReadonlySet<BatchStatus> = new Set(['Completed', 'CompletedWithErrors', 'Failed']);

export function isFinished(batch: AssignmentBatch): boolean {
  return TERMINAL.has(batch.status);
}

export function progressPercent(batch: AssignmentBatch): number {
  if (batch.total <= 0) return isFinished(batch) ? 100 : 0;
  return Math.min(100, Math.round((batch.processed / batch.total) * 100));
}

export type Outcome = 'success' | 'partial' | 'failure';

export function outcomeOf(batch: AssignmentBatch): Outcome {
  if (batch.status === 'Failed' || (batch.succeeded === 0 && batch.total > 0)) return 'failure';
  return batch.failed > 0 || batch.status === 'CompletedWithErrors' ? 'partial' : 'success';
}

const isUndo = (batch: AssignmentBatch): boolean => batch.method === 'undo';

export function batchTitle(batch: AssignmentBatch): string {
  return batch.method === 'undo' ? 'Undo' : methodLabel(batch.method);
}

/** "3 of 4 leads reassigned; 1 failed." */
export function batchSummary(batch: AssignmentBatch): string {
  const verb = isUndo(batch) ? 'returned to their previous owners' : 'reassigned';
  if (!isFinished(batch)) {
    return `${formatNumber(batch.processed)} of ${formatCount(batch.total, 'lead')} processed…`;
  }
  const done = `${formatNumber(batch.succeeded)} of ${formatCount(batch.total, 'lead')} ${verb}`;
  return batch.failed > 0 ? `${done}; ${formatNumber(batch.failed)} failed.` : `${done}.`;
}

export function toastFor(batch: AssignmentBatch): ShowToastEventDetail {
  const outcome = outcomeOf(batch);
  const what = isUndo(batch) ? 'Undo' : 'Reassignment';
  const titles: Record<Outcome, string> = {
    success: `${what} complete`,
    partial: `${what} partly complete`,
    failure: `${what} failed`,
  };
  const variants: Record<Outcome, ShowToastEventDetail['variant']> = {
    success: 'success',
    partial: 'warning',
    failure: 'error',
  };
  return {
    title: titles[outcome],
    message: batchSummary(batch),
    variant: variants[outcome],
    mode: outcome === 'success' ? 'dismissible' : 'sticky',
  };
}

/** The last batch can be undone when it is finished, the server allows it, and it is no undo. */
export function isUndoable(batch: AssignmentBatch | null): boolean {
  return batch !== null && batch.canUndo && !isUndo(batch) && isFinished(batch);
}

export function failedRows(rows: AssignmentResultRow[]): AssignmentResultRow[] {
  return rows.filter((row) => row.status === 'Failed');
}

/** Retrying makes sense for reassignments (an undo is retried with Undo). */
export function canRetry(batch: AssignmentBatch | null, failures: AssignmentResultRow[]): boolean {
  return batch !== null && !isUndo(batch) && failures.length > 0;
}
