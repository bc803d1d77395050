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

/**
 * Runs undo's use of the index: count, part, and for each part place and observe; returns the
 * index and how many parts it took.
 */
function markedIndex(
  changes: { id: string; to: string }[],
  orgNow: [id: string, owner: string][],
  partLeads: number,
): { index: ChangedIndex; parts: number } {
  const index = new ChangedIndex();
  for (const c of changes) index.count(c.id, c.to);
  const parts = index.parts(partLeads);
  for (const part of parts) {
    index.load(part, parts);
    changes.forEach((c, ordinal) => index.place(c.id, c.to, ordinal));
    for (const [id, owner] of orgNow)
      if (ChangedIndex.partOf(parts, id) === parts.indexOf(part)) index.observe(id, owner);
  }
  return { index, parts: parts.length };
}

describe('ChangedIndex (undo: which changed leads still have the run owner)', () => {
  const owners = ['00G000000000001', '00G000000000002', '005000000000003'];
  // Sequential Ids with gaps, and a few far apart, so buckets hold neighbours and strangers.
  const changes = Array.from({ length: 200_000 }, (_, i) => ({
    id: leadId(i % 7 === 0 ? 1e15 + i * 977 : 5_000_000 + i * 3),
    to: owners[i % 3],
  }));
  // 5,000 Ids alike in their last six characters, unlike in the six before: some share a bucket.
  for (let k = 1; k <= 5000; k += 1) changes.push({ id: leadId(k * 62 ** 6 + 777), to: owners[0] });
  const reference: boolean[] = [];
  const orgNow: [string, string][] = [];
  changes.forEach((c, i) => {
    // The org now: most still with the run's owner, some moved to another run owner, some
    // elsewhere, some gone; the org answers with 18-character Ids.
    const now = i % 11 === 0 ? owners[(i + 1) % 3] : i % 13 === 0 ? '005000000000099' : c.to;
    reference.push(i % 17 !== 0 && now === c.to);
    if (i % 17 !== 0) orgNow.push([`${c.id}AAA`, `${now}AAA`]);
  });
  // Leads the run never changed, some with a run owner: not in the index, never held.
  for (let i = 0; i < 1000; i += 1) orgNow.push([leadId(9_000_000 + i), owners[0]]);

  for (const [partLeads, most] of [
    [1_000_000, 1],
    [30_000, 9],
  ]) {
    it(`agrees exactly with a Map of every lead, over 205,000 leads in parts of at most ${partLeads}`, () => {
      const { index, parts } = markedIndex(changes, orgNow, partLeads);
      assert.ok(parts <= most && parts >= Math.ceil(changes.length / partLeads), `${parts} parts`);
      let held = 0;
      reference.forEach((expected, ordinal) => {
        assert.equal(index.stillHeld(ordinal), expected, changes[ordinal].id);
        if (expected) held += 1;
      });
      assert.ok(held > 150_000 && held < 205_000, `${held} held`);
      assert.equal(index.stillHeld(changes.length), false, 'past the last change');
      assert.deepEqual(index.ownerIds, owners);
    });
  }

  it('parts cover every bucket once, in order, each within its limit', () => {
    const index = new ChangedIndex();
    for (const c of changes) index.count(c.id, c.to);
    const parts = index.parts(10_000);
    assert.equal(parts[0].from, 0);
    assert.equal(parts.at(-1)!.to, 1 << 18);
    for (let k = 1; k < parts.length; k += 1) assert.equal(parts[k].from, parts[k - 1].to);
    for (const part of parts) assert.ok(part.leads <= 10_000 && part.leads > 0, `${part.leads}`);
    assert.equal(
      parts.reduce((sum, part) => sum + part.leads, 0),
      changes.length,
    );
    // Each changed lead's part is the one whose buckets hold it.
    const perPart = parts.map(() => 0);
    for (const c of changes) perPart[ChangedIndex.partOf(parts, c.id)] += 1;
    assert.deepEqual(
      perPart,
      parts.map((part) => part.leads),
    );
  });

  it('an index that was counted but never placed holds nothing', () => {
    const index = new ChangedIndex();
    index.count(leadId(1), '00G000000000001');
    index.observe(leadId(1), '00G000000000001');
    assert.equal(index.stillHeld(0), false);
  });
});
