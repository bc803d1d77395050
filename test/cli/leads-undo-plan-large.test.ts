/**
 * Undo's plan for a large run (more changed leads than BULK_THRESHOLD), called in this process
 * against a local org: one Bulk query of the leads the run's owner holds now tells which still
 * have the owner the run gave them; only the others are looked up by Id, and each is counted as
 * already back with its old owner, moved since (or deleted), or put in the undo plan.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RequestTally } from '../../localorg/http/requestTally.ts';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { connectTargetOrg } from '../../scripts/cli/connect.ts';
import { BULK_THRESHOLD } from '../../scripts/leads/stages/apply.ts';
import { writeUndoPlan } from '../../scripts/leads/stages/plan.ts';
import type { ChangedLead } from '../../scripts/leads/stages/select.ts';
import { loginInProcess } from '../support/inProcessLeads.ts';
import { startTestOrg } from '../support/org.ts';
import { api, queryAll, setLeadOwners } from '../support/query.ts';

describe("undo's plan for a large run, in process", () => {
  const tally = new RequestTally();
  let org: RunningLocalOrg;
  before(async () => {
    org = await startTestOrg({ seed: 'leads=2600', log: tally.log });
    await loginInProcess({ local: org });
  });
  after(() => org.close());

  const setOwner = (ids: string[], ownerId: string) => setLeadOwners(org, ids, ownerId);

  it('reads which leads still have the run owner with one Bulk query, and looks up only the rest', async () => {
    const queues = new Map(
      (await queryAll(org, "SELECT Id, Name FROM Group WHERE Type = 'Queue'")).map((r) => [
        r.Name,
        r.Id,
      ]),
    );
    const [emea, apac] = [queues.get('EMEA Partner Pool')!, queues.get('APAC Partner Pool')!];
    const rows = await queryAll(
      org,
      `SELECT Id, OwnerId FROM Lead WHERE IsConverted = false AND OwnerId != '${emea}' ORDER BY Id LIMIT ${BULK_THRESHOLD + 100}`,
    );
    assert.equal(rows.length, BULK_THRESHOLD + 100);
    const changed: ChangedLead[] = rows.map((r) => ({ id: r.Id, from: r.OwnerId, to: emea }));
    // The run gave every lead to EMEA; since then one was moved on, one put back, one deleted.
    await setOwner(
      changed.map((c) => c.id),
      emea,
    );
    const [moved, back, gone] = changed.slice(-3);
    await setOwner([moved.id], apac);
    await setOwner([back.id], back.from);
    assert.equal(
      (await api(org, `/services/data/v62.0/sobjects/Lead/${gone.id}`, { method: 'DELETE' }))
        .status,
      204,
    );

    const path = join(mkdtempSync(join(tmpdir(), 'undo-large-')), 'run.undo.csv');
    tally.reset();
    const result = await writeUndoPlan(
      await connectTargetOrg('local'),
      async function* () {
        yield* changed;
      },
      path,
    );
    assert.equal(result.rows, BULK_THRESHOLD + 100);
    assert.equal(result.alreadyRestored, 1);
    assert.deepEqual(result.movedSince, [
      { id: moved.id, owner: apac },
      { id: gone.id, owner: '(deleted)' },
    ]);
    const plan = readFileSync(path, 'utf8').trim().split('\n');
    assert.equal(plan[0], 'Id,OldOwnerId,NewOwnerId,Reason');
    assert.deepEqual(
      plan.slice(1),
      changed.slice(0, -3).map((c) => `${c.id},${emea},${c.from},UNDO`),
      'every lead still with the run owner, in order, back to its old owner',
    );
    const calls = tally.calls();
    assert.equal(calls['POST /services/data/vXX/jobs/query'], 1, 'one Bulk query');
    assert.equal(calls['GET /services/data/vXX/query'], 1, 'one lookup, of the three others');
  });
});
