import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { startTestOrg } from '../support/org.ts';
import { api, queryAll } from '../support/query.ts';
import { CHANNELKIT, channelkit, cliEnv, sfLogin } from '../support/cli.ts';
import { ingestRowsProcessed, readPlan } from '../support/reassignRun.ts';

/**
 * A run nobody is asked about applies while it plans: Bulk jobs start before the selection ends.
 * Small chunks (CHANNELKIT_FIRST_JOB_ROWS, CHANNELKIT_ROWS_PER_JOB) and a slow, paged selection
 * (every request delayed, 50 rows a query page) leave a window in which chunks are journaled and
 * sent but the plan is not complete; the run is killed there.
 */
describe('leads reassign: applying while planning, killed before the plan is complete', () => {
  let org: RunningLocalOrg;
  const env = {
    ...cliEnv(),
    CHANNELKIT_FIRST_JOB_ROWS: '300',
    CHANNELKIT_ROWS_PER_JOB: '600',
  };
  const dir = mkdtempSync(join(tmpdir(), 'reassign-stream-'));
  const soql = (q: string) => queryAll(org, q);

  before(async () => {
    org = await startTestOrg({
      seed: 'demo',
      bulk: { queryPageSize: 50, recordsPerSecond: 3000 },
      faults: ['latency=25'],
    });
    await sfLogin(env, org.url, org.admin.accessToken, 'local');
  });
  after(() => org.close());

  it('the rerun plans the rest, sends no row twice, and undo restores every owner', async () => {
    const where = 'Country != null';
    const journal = join(dir, 'stream.jsonl');
    const args = ['leads', 'reassign', '-o', 'local', '--where', where];
    const run = [...args, '--to', 'EMEA Partner Pool', '--journal', journal];
    const owners = async () =>
      new Map(
        (await soql(`SELECT Id, OwnerId FROM Lead WHERE ${where}`)).map((r) => [r.Id, r.OwnerId]),
      );
    const before = await owners();

    const child = spawn(process.execPath, [CHANNELKIT, ...run], { env, stdio: 'ignore' });
    const closed = new Promise((resolve) => child.on('close', resolve));
    const journalText = () => (existsSync(journal) ? readFileSync(journal, 'utf8') : '');
    const deadline = Date.now() + 60_000;
    while (!/"type":"chunk"/.test(journalText())) {
      assert.ok(Date.now() < deadline, 'no chunk was journaled within 60 s');
      await sleep(10);
    }
    child.kill('SIGKILL');
    await closed;
    const killed = journalText();
    assert.doesNotMatch(killed, /"type":"planned"/, 'killed while still planning');
    assert.match(killed, /"stream":\{"pool":/, 'the journal keeps what the plan is made with');

    const early = await channelkit(['leads', 'undo', '-o', 'local', '--journal', journal], env);
    assert.equal(early.code, 2, early.stdout + early.stderr);
    assert.match(early.stderr + early.stdout, /still selecting leads/);

    const rerun = await channelkit([...run, '--json'], env);
    assert.equal(rerun.code, 0, rerun.stdout + rerun.stderr);
    const doc = JSON.parse(rerun.stdout) as {
      result: { resumed: boolean; applied: { succeeded: number; failed: number } };
    };
    assert.equal(doc.result.resumed, true);

    const plan = readPlan(journal);
    assert.equal(new Set(plan.map(([id]) => id)).size, plan.length, 'no lead planned twice');
    const open = (
      await soql(
        `SELECT Id FROM Lead WHERE ${where} AND IsConverted = false AND (NOT Status LIKE 'Closed%')`,
      )
    ).map((r) => r.Id);
    assert.deepEqual(
      plan.map(([id]) => id).sort(),
      open.sort(),
      'the plan holds every open lead selected, once',
    );
    const changes = plan.filter(([, oldOwner, newOwner]) => oldOwner !== newOwner);
    assert.ok(changes.length > 2000, `most demo leads change owner (${changes.length})`);
    assert.equal(doc.result.applied.succeeded, changes.length);
    const afterRun = await owners();
    for (const [id, , newOwner] of plan) assert.equal(afterRun.get(id), newOwner, id);

    const jobs = (await api(org, '/services/data/v62.0/jobs/ingest')).body as { records: [] };
    assert.ok(jobs.records.length >= 3, `several jobs (${jobs.records.length})`);
    assert.equal(await ingestRowsProcessed(org), changes.length, 'no row was applied twice');

    const undo = await channelkit(['leads', 'undo', '-o', 'local', '--journal', journal], env);
    assert.equal(undo.code, 0, undo.stdout + undo.stderr);
    assert.deepEqual(await owners(), before, 'undo restores every owner exactly');
  });
});
