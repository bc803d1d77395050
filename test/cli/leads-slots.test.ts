/** Processing slots of Bulk jobs: a job uploaded ahead waits for the running one to end. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JOBS_AHEAD, PARALLEL_JOBS, Slots } from '../../scripts/leads/apply-bulk.ts';

test('one job processes at a time, one more is uploaded ahead', () => {
  assert.equal(PARALLEL_JOBS, 1);
  assert.equal(JOBS_AHEAD, 1);
});

test('a slot goes to the next waiter, in order, only when released (once)', async () => {
  const slots = new Slots(1);
  const order: string[] = [];
  const first = await slots.take();
  const second = slots.take().then((release) => {
    order.push('second');
    return release;
  });
  const third = slots.take().then((release) => {
    order.push('third');
    return release;
  });
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(order, []);
  first();
  first();
  const releaseSecond = await second;
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(order, ['second']);
  releaseSecond();
  (await third)();
  assert.deepEqual(order, ['second', 'third']);
  // Every slot is free again: two takes in a row, the second waits.
  const again = await slots.take();
  let waited = true;
  void slots.take().then(() => (waited = false));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(waited, true);
  again();
});
