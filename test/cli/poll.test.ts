import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RateEstimate } from '../../scripts/leads/apply-bulk.ts';
import { pollUntil } from '../../scripts/leads/poll.ts';

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

  it('checks again when the work should be done, not after the whole backoff', async () => {
    const checks: number[] = [];
    const started = Date.now();
    const result = await pollUntil(
      async () => {
        checks.push(Date.now() - started);
        return checks.length === 3 ? 'done' : null;
      },
      { first: 5_000, max: 5_000, timeoutMs: 60_000, eta: () => 300 },
    );
    assert.equal(result, 'done');
    // Without the estimate the third check would come after 10 s.
    assert.ok(checks[2] < 2_000, `third check after ${checks[2]} ms`);
  });
});
