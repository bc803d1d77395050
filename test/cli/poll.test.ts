import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RateEstimate } from '../../scripts/leads/apply-bulk.ts';
import { pollUntil } from '../../scripts/leads/poll.ts';
import type { CliError } from '../../scripts/cli/errors.ts';

describe('polling a Bulk job', () => {
  it('estimates the time left from how fast the processed count rises', () => {
    const rate = new RateEstimate(10_000);
    assert.equal(rate.msLeft(), null, 'nothing seen yet');
    rate.observe(0, 0);
    rate.observe(1_000, 1_000);
    assert.equal(rate.msLeft(), null, 'one sample gives no rate');
    rate.observe(3_000, 2_000); // 2,000 rows a second since the first sample
    assert.equal(rate.msLeft(), 3_500 + 100);
    rate.observe(10_000, 5_000);
    assert.equal(rate.msLeft(), 100, 'done: only the margin is left');
  });

  /** Lets pending promise callbacks run, so the poller reaches its next sleep. */
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('checks again when the work should be done, not after the whole backoff', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const checks: number[] = [];
    const polling = pollUntil(
      async () => {
        checks.push(Date.now());
        return checks.length === 3 ? 'done' : null;
      },
      { first: 5_000, max: 5_000, timeoutMs: 60_000, eta: () => 300 },
    );
    for (let i = 0; i < 2; i++) {
      await settle();
      t.mock.timers.tick(300);
    }
    await settle();
    // Without the estimate the second and third checks would come after 5 s and 10 s.
    assert.deepEqual(checks, [0, 300, 600]);
    assert.equal(await polling, 'done');
  });

  it('backs off by 1.6 up to the maximum, and gives up with a hint before passing the timeout', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const checks: number[] = [];
    const polling = pollUntil(
      async () => {
        checks.push(Date.now());
        return null;
      },
      { first: 1_000, max: 2_000, timeoutMs: 6_000 },
    );
    const failed = assert.rejects(polling, (error: CliError) => {
      assert.equal(error.message, 'Still not finished after 6 s.');
      assert.match(error.hint ?? '', /same --journal/);
      return true;
    });
    for (const wait of [1_000, 1_600, 2_000, 60_000]) {
      await settle();
      t.mock.timers.tick(wait);
    }
    await settle();
    // A fifth check would come at 6,600 ms, past the timeout, so the poller stops at 4,600.
    assert.deepEqual(checks, [0, 1_000, 2_600, 4_600]);
    await failed;
  });
});
