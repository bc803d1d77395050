import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChangedIndex } from '../../scripts/leads/changed-index.ts';

const CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A 15-character lead Id from a number (sequential numbers give Ids an org hands out). */
function leadId(n: number, prefix = '00Q'): string {
  let tail = '';
  for (let i = 0; i < 12; i += 1) {
    tail = CHARS[n % 62] + tail;
    n = Math.floor(n / 62);
  }
  return prefix + tail;
}

describe('ChangedIndex (undo: which changed leads still have the run owner)', () => {
  it('agrees exactly with a Map of every lead, over 205,000 leads and their owners now', () => {
    const owners = ['00G000000000001', '00G000000000002', '005000000000003'];
    // Sequential Ids with gaps, and a few far apart, so buckets hold neighbours and strangers.
    const changes = Array.from({ length: 200_000 }, (_, i) => ({
      id: leadId(i % 7 === 0 ? 1e15 + i * 977 : 5_000_000 + i * 3),
      to: owners[i % 3],
    }));
    // 5,000 Ids alike in their last six characters, unlike in the six before: some share a bucket.
    for (let k = 1; k <= 5000; k += 1)
      changes.push({ id: leadId(k * 62 ** 6 + 777), to: owners[0] });
    const index = new ChangedIndex();
    for (const c of changes) index.count(c.id, c.to);
    for (const c of changes) index.place(c.id, c.to);
    const reference = new Map<string, boolean>();
    changes.forEach((c, i) => {
      // The org now: most still with the run's owner, some moved to another run owner, some
      // elsewhere, some gone; the org answers with 18-character Ids.
      const now = i % 11 === 0 ? owners[(i + 1) % 3] : i % 13 === 0 ? '005000000000099' : c.to;
      if (i % 17 === 0) return reference.set(c.id, false);
      index.observe(`${c.id}AAA`, `${now}AAA`);
      reference.set(c.id, now === c.to);
    });
    // Leads the run never changed, some with a run owner: not in the index, never held.
    for (let i = 0; i < 1000; i += 1) index.observe(leadId(9_000_000 + i), owners[0]);
    let held = 0;
    for (const c of changes) {
      assert.equal(index.stillHeld(c.id), reference.get(c.id), c.id);
      assert.equal(index.stillHeld(`${c.id}XYZ`), reference.get(c.id), 'the 18-character form');
      if (reference.get(c.id)) held += 1;
    }
    assert.ok(held > 150_000 && held < 205_000, `${held} held`);
    for (let i = 0; i < 1000; i += 1) assert.equal(index.stillHeld(leadId(9_000_000 + i)), false);
    assert.deepEqual(index.ownerIds, owners);
  });

  it('an index that was counted but never placed holds nothing', () => {
    const index = new ChangedIndex();
    index.count(leadId(1), '00G000000000001');
    index.observe(leadId(1), '00G000000000001');
    assert.equal(index.stillHeld(leadId(1)), false);
  });
});
