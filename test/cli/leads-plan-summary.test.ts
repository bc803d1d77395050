/**
 * The CLI's plan summary counts only real changes: a lead already owned by its planned owner is
 * written to the plan as UNCHANGED, never sent, and not counted as assigned; a lead leaving a
 * pool owner lowers that owner's load after. No org: the plan is written from leads in memory.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { OwnerFacts } from '../../scripts/leads/owners.ts';
import { changesOf, writePlan, type SelectedLead } from '../../scripts/leads/plan.ts';
import { renderSummary } from '../../scripts/leads/stages/report.ts';

const lead = (n: number) => `00Q${String(n).padStart(12, '0')}AAA`;
const queue = (n: number) => `00G${String(n).padStart(12, '0')}AAA`;
const pool = (loads: number[]): OwnerFacts[] =>
  loads.map((load, i) => ({
    id: queue(i + 1),
    kind: 'Queue',
    name: `Queue ${i + 1}`,
    given: `Queue ${i + 1}`,
    partnerAccountId: null,
    load,
    eligibility: { supportsLead: true },
  }));

async function* batches(leads: SelectedLead[]): AsyncGenerator<SelectedLead[]> {
  yield leads;
}

describe('leads reassign plan summary', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plan-summary-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('leads already in the two queues of a round robin change nothing and are not counted', async () => {
    const leads = [1, 2, 3, 4].map((n) => ({ id: lead(n), ownerId: queue(2 - (n % 2)) }));
    const path = join(dir, 'kept.plan.csv');
    const summary = await writePlan(
      batches(leads),
      { method: 'roundRobin', pool: pool([30, 33]) },
      path,
    );
    assert.deepEqual([summary.toChange, summary.unchanged], [0, 4]);
    assert.deepEqual(
      summary.owners.map((o) => [o.loadBefore, o.assigned, o.unchanged, o.changing, o.loadAfter]),
      [
        [30, 0, 2, 0, 30],
        [33, 0, 2, 0, 33],
      ],
    );
    const changes = [];
    for await (const change of changesOf(path)) changes.push(change);
    assert.deepEqual(changes, [], 'nothing is sent');
    assert.match(
      readFileSync(path, 'utf8'),
      new RegExp(`${lead(1)},${queue(1)},${queue(1)},UNCHANGED`),
    );
    const text = renderSummary(summary);
    assert.match(text, /Queue 1\s+Queue\s+yes\s+30\s+2\s+0\s+30/);
    assert.match(text, /4 leads: 0 to change, 4 already with their planned owner\./);
  });

  it('a lead leaving a pool queue lowers its load after; kept leads are planned, not changing', async () => {
    // Round robin: 1 -> Q1 (from Q2), 2 -> Q2 (kept), 3 -> Q1 (from elsewhere), 4 -> Q2 (from Q1).
    const leads = [
      { id: lead(1), ownerId: queue(2) },
      { id: lead(2), ownerId: queue(2) },
      { id: lead(3), ownerId: queue(9) },
      { id: lead(4), ownerId: queue(1) },
    ];
    const summary = await writePlan(
      batches(leads),
      { method: 'roundRobin', pool: pool([10, 10]) },
      join(dir, 'moves.plan.csv'),
    );
    assert.deepEqual([summary.toChange, summary.unchanged], [3, 1]);
    assert.deepEqual(
      summary.owners.map((o) => [o.assigned, o.unchanged, o.changing, o.loadAfter]),
      [
        [2, 0, 2, 11],
        [1, 1, 1, 10],
      ],
    );
    const text = renderSummary(summary);
    assert.match(text, /Queue 1\s+Queue\s+yes\s+10\s+2\s+2\s+11/);
    assert.match(text, /Queue 2\s+Queue\s+yes\s+10\s+2\s+1\s+10/);
  });
});
