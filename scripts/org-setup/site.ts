/**
 * Publishing a site and waiting until it is live, through the Connect REST API: `POST
 * /connect/communities/{id}/publish`, then `GET /connect/communities/{id}` until its status is
 * Live. The wait polls on a deadline; the clock and the pause between polls are injectable so
 * the timeout is unit-tested without waiting.
 */
import timers from 'node:timers/promises';
import { CliError } from '../cli/errors.ts';

export interface SiteApi {
  publish(networkId: string): Promise<{ message: string }>;
  status(networkId: string): Promise<string>;
}

export interface WaitOptions {
  timeoutMs: number;
  /** First pause between polls; it grows to `maxIntervalMs`. */
  intervalMs?: number;
  maxIntervalMs?: number;
  now?: () => number;
  pause?: (ms: number) => Promise<void>;
}

/** Polls until the site is Live; returns the number of status reads. */
export async function waitUntilLive(
  api: SiteApi,
  networkId: string,
  siteName: string,
  options: WaitOptions,
): Promise<number> {
  const now = options.now ?? Date.now;
  const pause = options.pause ?? ((ms: number) => timers.setTimeout(ms).then(() => undefined));
  const deadline = now() + options.timeoutMs;
  let interval = options.intervalMs ?? 1000;
  let reads = 0;
  for (;;) {
    const status = await api.status(networkId);
    reads++;
    if (status === 'Live') return reads;
    const left = deadline - now();
    if (left <= 0) {
      throw new CliError(
        'SiteNotLive',
        `${siteName} is still ${status} after ${Math.round(options.timeoutMs / 1000)} s.`,
        {
          hint: 'Check the site in Setup > Digital Experiences > All Sites (its status must be Live), then run org setup again; --wait gives it longer.',
        },
      );
    }
    await pause(Math.min(interval, left));
    interval = Math.min(options.maxIntervalMs ?? 10_000, Math.round(interval * 1.5));
  }
}

/** Publishes the site, then waits until it is live. */
export async function publishAndWait(
  api: SiteApi,
  networkId: string,
  siteName: string,
  options: WaitOptions,
): Promise<{ message: string; reads: number }> {
  const { message } = await api.publish(networkId);
  const reads = await waitUntilLive(api, networkId, siteName, options);
  return { message, reads };
}
