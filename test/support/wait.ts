/** Polling with a deadline, for tests: a regression fails the test instead of hanging the run. */
import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Calls `check` until it returns something other than null, undefined or false, and returns that;
 * throws naming `what` (and the last value seen) when `timeoutMs` passes first.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  { timeoutMs = 20_000, intervalMs = 20 }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/**
 * A gate that lets work advance one step per `release()`: hand `gate` to the code under test (it
 * awaits it before each step) and the test decides when each step happens, not the clock.
 */
export class Lockstep {
  private credits = 0;
  private opened = false;
  private waiting: (() => void) | null = null;

  readonly gate = (): Promise<void> => {
    if (this.opened) return Promise.resolve();
    if (this.credits > 0) {
      this.credits--;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  };

  /** Lets `steps` more steps through. */
  release(steps = 1): void {
    for (let i = 0; i < steps; i++) {
      const waiting = this.waiting;
      this.waiting = null;
      if (waiting) waiting();
      else this.credits++;
    }
  }

  /** Lets every step through from now on (for the end of a test). */
  open(): void {
    this.opened = true;
    this.release();
  }
}
