/** Polls with exponential backoff until `check` returns a value, or the timeout passes. */
import { setTimeout as sleep } from 'node:timers/promises';
import { CliError } from '../cli/errors.ts';

export async function pollUntil<T>(
  check: () => Promise<T | null>,
  options: { first: number; max: number; timeoutMs: number },
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
    await sleep(wait);
    wait = Math.min(options.max, Math.round(wait * 1.6));
  }
}
