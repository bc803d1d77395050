import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AuthInfo, Connection } from '@salesforce/core';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { bulkQuery } from '../../scripts/leads/bulk-query.ts';
import { startTestOrg } from '../support/org.ts';
import { api, queryAll } from '../support/query.ts';
import { CHANNELKIT, channelkit, cliEnv, sfLogin } from '../support/cli.ts';
import { ingestRowsProcessed, readPlan } from '../support/reassignRun.ts';
import { waitFor } from '../support/wait.ts';

async function coreConnection(org: RunningLocalOrg): Promise<Connection> {
  const authInfo = await AuthInfo.create({
    accessTokenOptions: {
      accessToken: org.admin.accessToken,
      instanceUrl: org.url,
      loginUrl: org.url,
    },
  });
  const conn = await Connection.create({ authInfo });
  conn.setApiVersion('62.0');
  return conn;
}

describe('the Bulk API query the CLI reads leads with', () => {
  for (const repeatHeader of [true, false]) {
    it(`reads every row once over several pages when later pages ${repeatHeader ? 'repeat' : 'omit'} the header`, async () => {
      const org = await startTestOrg({ seed: 'demo', bulk: { queryPageSize: 700, repeatHeader } });
      try {
        const conn = await coreConnection(org);
        let calls = 0;
        const ids: string[] = [];
        for await (const row of bulkQuery(conn, 'SELECT Id, OwnerId FROM Lead', {
          pageSize: 700,
          pollMs: { first: 20, max: 100 },
          countCall: () => (calls += 1),
        })) {
          ids.push(row.Id);
        }
        const total = (
          (await api(org, '/services/data/v62.0/query?q=SELECT+COUNT()+FROM+Lead')).body as {
            totalSize: number;
          }
        ).totalSize;
        assert.equal(ids.length, total);
        assert.equal(new Set(ids).size, total, 'no row twice, no header row as data');
        assert.ok(ids.every((id) => id.startsWith('00Q')));
        assert.ok(calls < 20, `a small constant number of calls (${calls})`);
      } finally {
        await org.close();
      }
    });
  }
});

describe('channelkit leads reassign through Bulk API 2.0', () => {
  let org: RunningLocalOrg;
  const env = cliEnv();
  const dir = mkdtempSync(join(tmpdir(), 'reassign-bulk-'));
  const soql = (q: string) => queryAll(org, q);

  before(async () => {
    // Slow processing (rows per second) so a run can be killed while its job is in flight.
    org = await startTestOrg({ seed: 'demo', bulk: { recordsPerSecond: 1500 } });
    await sfLogin(env, org.url, org.admin.accessToken, 'local');
  });
  after(() => org.close());

  it('survives kill -9 mid-job: the rerun finishes without sending a row twice, and every lead has its planned owner', async () => {
    const where = 'Country != null';
    const queues = ['EMEA Partner Pool', 'Americas Partner Pool', 'APAC Partner Pool'];
    const journal = join(dir, 'kill.jsonl');
    const args = [
      CHANNELKIT,
      'leads',
      'reassign',
      '-o',
      'local',
      '--where',
      where,
      '--round-robin',
      queues.join(','),
      '--journal',
      journal,
    ];
    const before = new Map(
      (await soql(`SELECT Id, OwnerId FROM Lead WHERE ${where}`)).map((r) => [r.Id, r.OwnerId]),
    );
    const child = spawn(process.execPath, args, { env, stdio: 'ignore' });
    const closed = new Promise((resolve) => child.on('close', resolve));
    // Wait until a job has been uploaded and closed, then kill the CLI without warning.
    await waitFor(
      'a closed Bulk job in the journal',
      () => existsSync(journal) && readFileSync(journal, 'utf8').includes('"state":"closed"'),
      { timeoutMs: 60_000, intervalMs: 50 },
    );
    child.kill('SIGKILL');
    await closed;
    const journalText = readFileSync(journal, 'utf8');
    assert.match(journalText, /"state":"closed"/);
    assert.doesNotMatch(journalText, /"type":"finished"/, 'killed before the end');

    const rerun = await channelkit([...args.slice(1), '--json'], env);
    assert.equal(rerun.code, 0, rerun.stdout + rerun.stderr);
    const doc = JSON.parse(rerun.stdout) as {
      result: { resumed: boolean; applied: { succeeded: number; failed: number } };
    };
    assert.equal(doc.result.resumed, true);

    const plan = readPlan(journal);
    const changes = plan.filter(([, , , reason]) => reason === 'ROUND_ROBIN');
    assert.ok(changes.length > 3000, `most demo leads change owner (${changes.length})`);
    assert.equal(doc.result.applied.succeeded, changes.length);
    const owners = new Map(
      (await soql(`SELECT Id, OwnerId FROM Lead WHERE ${where}`)).map((r) => [r.Id, r.OwnerId]),
    );
    assert.equal(
      owners.size >= plan.length,
      true,
      `${owners.size} owners read for ${plan.length} planned leads`,
    );
    for (const [id, , newOwner] of plan) assert.equal(owners.get(id), newOwner, id);

    // Exactly one job ever processed rows: the killed run's job was picked up, not sent again.
    assert.equal(await ingestRowsProcessed(org), changes.length, 'no row was applied twice');

    const undo = await channelkit(['leads', 'undo', '-o', 'local', '--journal', journal], env);
    assert.equal(undo.code, 0, undo.stdout + undo.stderr);
    assert.match(
      undo.stdout,
      new RegExp(`Undo: ${changes.length} leads have their old owner back`),
    );
    const restored = new Map(
      (await soql(`SELECT Id, OwnerId FROM Lead WHERE ${where}`)).map((r) => [r.Id, r.OwnerId]),
    );
    assert.deepEqual(restored, before, 'undo restores every owner exactly');
  });

  it('undoes a large run with one Bulk read-back and Bulk jobs, leaving alone a lead moved since', async () => {
    const all = async () =>
      new Map(
        (await soql('SELECT Id, OwnerId FROM Lead WHERE IsConverted = false')).map((r) => [
          r.Id,
          r.OwnerId,
        ]),
      );
    const before = await all();
    const journal = join(dir, 'large-undo.jsonl');
    const run = await channelkit(
      [
        'leads',
        'reassign',
        '-o',
        'local',
        '--where',
        'Id != null',
        '--include-closed',
        '--to',
        'EMEA Partner Pool',
      ].concat(['--journal', journal, '--json']),
      env,
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const changed = (JSON.parse(run.stdout) as { result: { applied: { succeeded: number } } })
      .result.applied.succeeded;
    assert.ok(changed > 2000, `${changed} changes take the Bulk paths`);
    const queue = async (name: string) =>
      (await soql(`SELECT Id FROM Group WHERE Name = '${name}'`))[0].Id;
    const emea = await queue('EMEA Partner Pool');
    const elsewhere = await queue('APAC Partner Pool');
    const moved = [...before.keys()].find((id) => before.get(id) !== emea)!;
    const patch = await api(org, `/services/data/v62.0/sobjects/Lead/${moved}`, {
      method: 'PATCH',
      body: JSON.stringify({ OwnerId: elsewhere }),
      headers: { 'Sforce-Auto-Assign': 'FALSE' },
    });
    assert.equal(patch.status, 204);

    const undo = await channelkit(
      ['leads', 'undo', '-o', 'local', '--journal', journal, '--json'],
      env,
    );
    assert.equal(undo.code, 1, 'a lead moved since is a partial result');
    const report = JSON.parse(undo.stdout) as {
      result: { restored: number; movedSince: { id: string; owner: string }[] };
    };
    assert.deepEqual(report.result.movedSince, [{ id: moved, owner: elsewhere }]);
    const journalText = readFileSync(journal, 'utf8');
    assert.match(journalText, /"type":"chunks","phase":"undo"/, 'restored through Bulk jobs');
    const after = await all();
    for (const [id, owner] of before) {
      assert.equal(after.get(id), id === moved ? elsewhere : owner, id);
    }
    assert.equal(existsSync(`${journal.replace(/\.jsonl$/, '')}.undo.chunk-1.csv`), false);
  });
});
