/** Polls with exponential backoff until `check` returns a value, or the timeout passes. */
// Called through the module object, so node:test's mock timers can drive the waits in tests.
import timers from 'node:timers/promises';
import { CliError } from '../cli/errors.ts';

export interface PollOptions {
  first: number;
  max: number;
  timeoutMs: number;
  /**
   * Milliseconds until the work is expected to finish, from what the last check saw, or null when
   * unknown. The next check comes no later than that (but not sooner than 250 ms), so a job that
   * ends between two long waits is not left idle for the rest of the wait.
   */
  eta?: () => number | null;
}

export async function pollUntil<T>(
  check: () => Promise<T | null>,
  options: PollOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let wait = options.first;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() + wait > deadline) {
      throw new CliError(
        'Timeout',
        `Still not finished after ${Math.round(options.timeoutMs / 1000)} s.`,
        {
          hint: 'Run the same command again with the same --journal to pick up where it stopped.',
        },
      );
    }
    const eta = options.eta?.() ?? null;
    await timers.setTimeout(eta === null ? wait : Math.max(250, Math.min(wait, eta)));
    wait = Math.min(options.max, Math.round(wait * 1.6));
  }
}
