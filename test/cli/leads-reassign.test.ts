import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { startTestOrg, userOf } from '../support/org.ts';
import { api } from '../support/query.ts';
import { channelkit, cliEnv, sfLogin } from '../support/cli.ts';

type Rows = { records: Record<string, string>[] };

describe('channelkit leads reassign and undo (sObject Collections path)', () => {
  let org: RunningLocalOrg;
  const env = cliEnv();
  const dir = mkdtempSync(join(tmpdir(), 'reassign-'));
  let queues: Map<string, string>;

  const soql = async (q: string) =>
    ((await api(org, `/services/data/v62.0/query?q=${encodeURIComponent(q)}`)).body as Rows)
      .records;
  const owners = async (ids: string[]) =>
    new Map(
      (await soql(`SELECT Id, OwnerId FROM Lead WHERE Id IN ('${ids.join("','")}')`)).map((r) => [
        r.Id,
        r.OwnerId,
      ]),
    );
  const idsFile = (name: string, ids: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, `Id\n${ids.join('\n')}\n`);
    return path;
  };
  const someLeads = async (n: number, offset: number) =>
    (
      await soql(
        `SELECT Id FROM Lead WHERE IsConverted = false ORDER BY Id LIMIT ${n} OFFSET ${offset}`,
      )
    ).map((r) => r.Id);

  before(async () => {
    org = await startTestOrg({ seed: 'demo' });
    await sfLogin(env, org.url, org.admin.accessToken, 'local');
    queues = new Map(
      (await soql("SELECT Id, Name FROM Group WHERE Type = 'Queue'")).map((r) => [r.Name, r.Id]),
    );
  });
  after(() => org.close());

  it('round-robins leads across two partner queues, balanced, despite the active assignment rule; reruns do nothing', async () => {
    const ids = await someLeads(50, 0);
    const before = await owners(ids);
    const journal = join(dir, 'rr.jsonl');
    const args = [
      'leads',
      'reassign',
      '-o',
      'local',
      '--ids',
      idsFile('rr.csv', ids),
      '--round-robin',
      'Northwind Traders Leads,Contoso Ltd Leads',
      '--journal',
      journal,
      '--json',
    ];
    const run = await channelkit(args, env);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const doc = JSON.parse(run.stdout) as {
      result: {
        applied: { succeeded: number; failed: number; overridden: number };
        summary: { toChange: number; unchanged: number };
      };
    };
    const { toChange, unchanged } = doc.result.summary;
    assert.equal(toChange + unchanged, 50);
    assert.deepEqual(doc.result.applied, { succeeded: toChange, failed: 0, overridden: 0 });

    const after = await owners(ids);
    const northwind = queues.get('Northwind Traders Leads')!;
    const contoso = queues.get('Contoso Ltd Leads')!;
    const counts = [northwind, contoso].map(
      (q) => [...after.values()].filter((o) => o === q).length,
    );
    assert.deepEqual(counts, [25, 25], 'every lead went to one of the two queues, evenly');
    const plan = readFileSync(join(dir, 'rr.plan.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    for (const [id, oldOwner, newOwner] of plan) {
      assert.equal(before.get(id), oldOwner, 'the plan records the old owner');
      assert.equal(after.get(id), newOwner, 'the lead has its planned owner');
    }

    const again = await channelkit(args.slice(0, -1), env);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /already finished .* Nothing to do\./);
    assert.deepEqual(await owners(ids), after);
  });

  it('undo puts back the old owners of the leads the run changed, and leaves alone one moved since', async () => {
    const ids = await someLeads(10, 100);
    const before = await owners(ids);
    const journal = join(dir, 'undo.jsonl');
    const to = userOf(org, 'channel-manager').userId;
    const run = await channelkit(
      [
        'leads',
        'reassign',
        '-o',
        'local',
        '--ids',
        idsFile('undo.csv', ids),
        '--to',
        to,
        '--journal',
        journal,
      ],
      env,
    );
    assert.equal(run.code, 0, run.stderr);
    const moved = ids[3];
    const elsewhere = queues.get('APAC Partner Pool')!;
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
      result: { movedSince: { id: string; owner: string }[] };
    };
    assert.deepEqual(report.result.movedSince, [{ id: moved, owner: elsewhere }]);
    const now = await owners(ids);
    for (const id of ids) assert.equal(now.get(id), id === moved ? elsewhere : before.get(id));

    const twice = await channelkit(['leads', 'undo', '-o', 'local', '--journal', journal], env);
    assert.equal(twice.code, 0);
    assert.match(twice.stdout, /already undone/);
  });

  it('--dry-run writes the plan and the per-owner summary and changes nothing', async () => {
    const ids = await someLeads(9, 200);
    const before = await owners(ids);
    const plan = join(dir, 'dry.csv');
    const run = await channelkit(
      [
        'leads',
        'reassign',
        '-o',
        'local',
        '--ids',
        idsFile('dry-ids.csv', ids),
        '--round-robin',
        'EMEA Partner Pool,APAC Partner Pool',
        '--weights',
        '2,1',
        '--dry-run',
        '--plan',
        plan,
      ],
      env,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /EMEA Partner Pool\s+Queue\s+yes\s+\d+\s+6/);
    assert.match(run.stdout, /APAC Partner Pool\s+Queue\s+yes\s+\d+\s+3/);
    assert.match(run.stdout, /Dry run: nothing was changed\./);
    assert.equal(readFileSync(plan, 'utf8').split('\n')[0], 'Id,OldOwnerId,NewOwnerId,Reason');
    assert.deepEqual(await owners(ids), before);
  });

  it('refuses bad input with exit 2, says what to fix, and changes nothing', async () => {
    const ids = await someLeads(5, 300);
    const before = await owners(ids);
    const good = idsFile('good.csv', ids);
    const inactive = userOf(org, 'partner', false).userId;
    const cases: [string[], RegExp][] = [
      [['--round-robin', 'EMEA Partner Pool'], /Say which leads: --where or --ids/],
      [['--ids', good], /Say who gets the leads/],
      [
        ['--ids', good, '--to', 'x', '--least-loaded', 'y'],
        /Give one of --to, --least-loaded, not several/,
      ],
      [
        ['--ids', good, '--round-robin', 'EMEA Partner Pool,APAC Partner Pool', '--weights', '1'],
        /--weights has 1 numbers for 2 owners/,
      ],
      [['--ids', good, '--to', 'No Such Queue'], /no user or queue "No Such Queue"/],
      [['--ids', good, '--to', inactive], /No owner in --to can take leads:\n.*inactive/],
      [
        ['--ids', idsFile('bad.csv', [ids[0], '001000000000001AAA']), '--to', 'EMEA Partner Pool'],
        /row 3, column Id: .* is an Account Id/,
      ],
      [
        ['--ids', good, '--to', 'EMEA Partner Pool', '--cap', 'lots'],
        /--cap must be a whole number/,
      ],
    ];
    for (const [flags, message] of cases) {
      const run = await channelkit(
        ['leads', 'reassign', '-o', 'local', '--journal', join(dir, 'bad.jsonl'), ...flags],
        env,
      );
      assert.equal(run.code, 2, `${flags.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
    }
    assert.deepEqual(await owners(ids), before);
    assert.equal(existsSync(join(dir, 'bad.plan.csv')), false, 'bad flags stop before any plan');
  });
});
