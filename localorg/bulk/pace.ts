/** The Bulk processing rate: units sized for about ten count updates a second, and the waits. */
import { setImmediate as nextTick, setTimeout as sleep } from 'node:timers/promises';

/** Rows per unit of work: `max` unthrottled, else about a tenth of a second's worth. */
export function unitSize(recordsPerSecond: number, max: number): number {
  return recordsPerSecond > 0 ? Math.min(max, Math.max(1, Math.ceil(recordsPerSecond / 10))) : max;
}

/**
 * Waits until `done` records are due at `recordsPerSecond` since `started` (ms), or, unthrottled,
 * just gives waiting requests a turn.
 */
export async function pace(started: number, done: number, recordsPerSecond: number): Promise<void> {
  if (recordsPerSecond > 0) {
    const wait = started + (done * 1000) / recordsPerSecond - Date.now();
    if (wait > 0) {
      await sleep(wait);
      return;
    }
  }
  await nextTick();
}
