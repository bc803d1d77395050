/**
 * Undo's plan of a large run when the index of changed leads is taken a part at a time (so
 * undo's memory does not grow with the run): the same plan, the same leads left alone and the
 * same count of leads back already as with the whole index in memory, from one Bulk query whose
 * rows wait in a file a part, removed afterwards. Runs in process against a local org.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RequestTally } from '../../localorg/http/requestTally.ts';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { connectTargetOrg } from '../../scripts/cli/connect.ts';
import { Journal } from '../../scripts/leads/journal.ts';
import { reassign } from '../../scripts/leads/reassign.ts';
import { writeUndoPlan } from '../../scripts/leads/stages/plan.ts';
import { selectChangedByRun } from '../../scripts/leads/stages/select.ts';
import { capturedOutput, loginInProcess } from '../support/inProcessLeads.ts';
import { startTestOrg } from '../support/org.ts';
import { queryAll, setLeadOwners } from '../support/query.ts';

const dir = mkdtempSync(join(tmpdir(), 'leads-undo-parts-'));
let org: RunningLocalOrg;
const tally = new RequestTally();

before(async () => {
  org = await startTestOrg({ seed: 'leads=3000', log: tally.log });
  await loginInProcess({ parts: org });
});
after(() => org?.close());

const setOwner = (ids: string[], ownerId: string) => setLeadOwners(org, ids, ownerId);

describe('undo plan with the changed-lead index in parts', () => {
  it('matches the whole index: same plan, moved leads left alone, restored ones counted', async () => {
    const journalPath = join(dir, 'run.jsonl');
    const out = capturedOutput();
    const { exitCode } = await reassign(
      {
        targetOrg: 'parts',
        where: 'Id != null',
        to: 'EMEA Partner Pool',
        journal: journalPath,
        yes: true,
      },
      out.output,
    );
    assert.equal(exitCode, 0, out.stderr());
    const journal = Journal.open(journalPath);
    const plan = readFileSync(journal.start.plan, 'utf8').trimEnd().split('\n').slice(1);
    const changes = plan
      .map((line) => line.split(','))
      .filter(([, from, to]) => to !== '' && from !== to);
    assert.ok(changes.length > 2000, `${changes.length} changed: more than the Bulk threshold`);

    // Since the run: 30 leads moved to another owner, 20 put back with their old owner.
    const queues = new Map(
      (await queryAll(org, "SELECT Id, Name FROM Group WHERE Type = 'Queue'")).map((r) => [
        r.Name,
        r.Id,
      ]),
    );
    const moved = changes.slice(100, 130).map(([id]) => id);
    await setOwner(moved, queues.get('APAC Partner Pool')!);
    const restored = changes.slice(500, 520);
    for (const [id, from] of restored) await setOwner([id], from);

    const conn = await connectTargetOrg('parts');
    tally.reset();
    const whole = await writeUndoPlan(conn, selectChangedByRun(journal), join(dir, 'whole.csv'));
    const wholeCalls = tally.calls();
    tally.reset();
    const parted = await writeUndoPlan(
      conn,
      selectChangedByRun(journal),
      join(dir, 'parted.csv'),
      400,
    );
    const partedCalls = tally.calls();
    journal.close();

    // The index, not a lookup of each lead, found the held ones: one Bulk query (create, one
    // result page, delete) and one REST query for the 50 leads it did not find held.
    assert.deepEqual(partedCalls, wholeCalls);
    assert.deepEqual(partedCalls, {
      'DELETE /services/data/vXX/jobs/query/{id}': 1,
      'GET /services/data/vXX/jobs/query/{id}/results': 1,
      'GET /services/data/vXX/query': 1,
      'POST /services/data/vXX/jobs/query': 1,
    });

    assert.equal(parted.rows, changes.length);
    assert.equal(parted.alreadyRestored, 20);
    assert.deepEqual(parted.movedSince.map((m) => m.id).sort(), [...moved].sort());
    assert.deepEqual(parted, whole);
    const partedPlan = readFileSync(join(dir, 'parted.csv'), 'utf8');
    assert.equal(partedPlan, readFileSync(join(dir, 'whole.csv'), 'utf8'));
    // Exactly the changed leads that still have the run's owner, each back to its old owner.
    const expected = changes
      .filter((_, i) => !(i >= 100 && i < 130) && !(i >= 500 && i < 520))
      .map(([id, from, to]) => `${id},${to},${from},UNDO`);
    assert.deepEqual(partedPlan.trimEnd().split('\n').slice(1), expected);
    // The parts' files of the query's rows are gone.
    assert.deepEqual(
      readdirSync(dir).filter((name) => name.includes('.owners-')),
      [],
    );
  });
});
