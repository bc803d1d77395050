/**
 * `channelkit leads reassign --notify` end to end against the local org: the changes go through
 * the Channel Kit Apex endpoint (its local twin), whose outbox shows Salesforce's owner-change
 * e-mail; per-row failures land in the error CSV; a run cut short resumes without applying (or
 * mailing) anything twice; undo mails nobody unless asked; and without the deployed class the
 * command stops before planning, saying to deploy.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { startTestOrg, userOf } from '../support/org.ts';
import { queryAll } from '../support/query.ts';
import { deployLeadOwnerResource } from '../support/leadOwnersDeploy.ts';
import { channelkit, cliEnv, sfLogin } from '../support/cli.ts';

type Report = {
  result: {
    resumed: boolean;
    applied: { succeeded: number; failed: number; overridden: number };
    summary: { toChange: number } | null;
    errorFile: string;
  };
};

describe('channelkit leads reassign --notify (Channel Kit Apex endpoint)', () => {
  let org: RunningLocalOrg;
  const env = cliEnv();
  const dir = mkdtempSync(join(tmpdir(), 'reassign-notify-'));
  let manager: string;
  let pool: string;

  const soql = (q: string) => queryAll(org, q);
  const owners = async (ids: string[]) =>
    new Map(
      (await soql(`SELECT Id, OwnerId FROM Lead WHERE Id IN ('${ids.join("','")}')`)).map((r) => [
        r.Id,
        r.OwnerId,
      ]),
    );
  /** Open leads not owned by the manager, so every planned change really moves a lead. */
  const leadsFile = async (name: string, n: number, offset: number) => {
    const ids = (
      await soql(
        `SELECT Id FROM Lead WHERE IsConverted = false AND OwnerId != '${manager}' ORDER BY Id LIMIT ${n} OFFSET ${offset}`,
      )
    ).map((r) => r.Id);
    const path = join(dir, name);
    writeFileSync(path, `Id\n${ids.join('\n')}\n`);
    return { ids, path };
  };
  const planRows = (journal: string) =>
    readFileSync(journal.replace(/\.jsonl$/, '.plan.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
  const mails = (kind: string) => org.outbox().filter((m) => m.kind === kind);
  const reassign = (file: string, journal: string, extra: string[] = []) =>
    channelkit(
      [
        'leads',
        'reassign',
        '-o',
        'local',
        '--ids',
        file,
        '--round-robin',
        `${manager},EMEA Partner Pool`,
        '--journal',
        journal,
        '--notify',
        ...extra,
      ],
      env,
    );

  before(async () => {
    org = await startTestOrg({ seed: 'demo' });
    await sfLogin(env, org.url, org.admin.accessToken, 'local');
    manager = userOf(org, 'channel-manager').userId;
    pool = (
      await soql("SELECT Id FROM Group WHERE Type = 'Queue' AND Name = 'EMEA Partner Pool'")
    )[0].Id;
  });
  after(() => org.close());

  it('stops before planning when Channel Kit is not deployed, saying to deploy it', async () => {
    const { ids, path } = await leadsFile('missing.csv', 5, 0);
    const before = await owners(ids);
    const journal = join(dir, 'missing.jsonl');
    const run = await reassign(path, journal);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /ChannelKitLeadOwnerResource is not deployed/);
    assert.match(run.stderr, /Try this: Deploy Channel Kit first: channelkit deploy -o local/);
    assert.equal(existsSync(journal), false, 'no journal');
    assert.equal(existsSync(journal.replace(/\.jsonl$/, '.plan.csv')), false, 'no plan');
    assert.deepEqual(await owners(ids), before);
    await deployLeadOwnerResource(org);
  });

  it('sends one owner-change e-mail per lead that went to a user, reports failed rows, and undo mails nobody', async () => {
    const { ids, path } = await leadsFile('notify.csv', 40, 10);
    const before = await owners(ids);
    const journal = join(dir, 'notify.jsonl');
    // Two leads the org refuses to save (row locks that never clear): per-row failures.
    const stuck = new Set([ids[5], ids[6]]);
    org.org.dml.lockContention = (id) => stuck.has(id);
    const sentBefore = org.outbox().length;
    let run;
    try {
      run = await reassign(path, journal, ['--json']);
    } finally {
      org.org.dml.lockContention = null;
    }
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    const toChange = report.result.summary!.toChange;
    assert.ok(toChange >= 38, `most leads change owner (${toChange})`);
    assert.deepEqual(report.result.applied, {
      succeeded: toChange - 2,
      failed: 2,
      overridden: 0,
    });
    const errors = readFileSync(report.result.errorFile, 'utf8');
    for (const id of stuck) assert.match(errors, new RegExp(`${id},\\w+,UNABLE_TO_LOCK_ROW:`));

    const plan = planRows(journal);
    const moved = plan.filter(([id, , , reason]) => reason !== 'UNCHANGED' && !stuck.has(id));
    const toUser = moved.filter(([, , owner]) => owner === manager);
    const toQueue = moved.filter(([, , owner]) => owner === pool);
    assert.equal(toUser.length + toQueue.length, toChange - 2);
    const sent = org.outbox().slice(sentBefore);
    const personal = sent.filter((m) => m.kind === 'lead-assignment');
    assert.equal(personal.length, toUser.length, 'exactly one e-mail per lead that went to a user');
    assert.ok(personal.every((m) => m.toUserId === manager));
    assert.deepEqual(
      personal.map((m) => /\/(00Q\w+)$/.exec(m.body)![1]).sort(),
      toUser.map(([id]) => id).sort(),
    );
    const members = await soql(`SELECT UserOrGroupId FROM GroupMember WHERE GroupId = '${pool}'`);
    assert.equal(
      sent.filter((m) => m.kind === 'lead-queue-assignment').length,
      toQueue.length * members.length,
      'leads to the queue mail its members (it has no queue e-mail address)',
    );

    const outboxBeforeUndo = org.outbox().length;
    const undo = await channelkit(['leads', 'undo', '-o', 'local', '--journal', journal], env);
    assert.equal(undo.code, 0, undo.stdout + undo.stderr);
    assert.deepEqual(await owners(ids), before, 'undo restores every owner');
    assert.equal(org.outbox().length, outboxBeforeUndo, 'undo without --notify sends no e-mail');
  });

  it('resumes a run cut short after its first batch: no lead is sent or mailed twice', async () => {
    const { ids, path } = await leadsFile('resume.csv', 500, 100);
    const journal = join(dir, 'resume.jsonl');
    // Once the endpoint has saved its first 200 rows, the org refuses every further API call
    // (REQUEST_LIMIT_EXCEEDED), so the run dies with batch 0 done and batch 1 journaled as sent.
    const limit = org.org.config.apiLimit;
    const sentTo = new Map<string, number>();
    org.org.dml.lockContention = (id) => {
      sentTo.set(id, (sentTo.get(id) ?? 0) + 1);
      if (sentTo.size === 200) org.org.config.apiLimit = 0;
      return false;
    };
    const sentBefore = mails('lead-assignment').length;
    let toChange = 0;
    try {
      const cut = await reassign(path, journal);
      assert.equal(cut.code, 1, cut.stderr);
      assert.match(cut.stderr, /TotalRequests Limit exceeded/);
      org.org.config.apiLimit = limit;
      const text = readFileSync(journal, 'utf8');
      assert.match(text, /"index":0,"state":"done"/);
      assert.match(text, /"index":1,"state":"started"/);
      assert.doesNotMatch(text, /"type":"finished"/);
      assert.equal(sentTo.size, 200);

      const rerun = await reassign(path, journal, ['--json']);
      assert.equal(rerun.code, 0, rerun.stdout + rerun.stderr);
      const report = JSON.parse(rerun.stdout) as Report;
      assert.equal(report.result.resumed, true);
      toChange = planRows(journal).filter(([, , , reason]) => reason !== 'UNCHANGED').length;
      assert.equal(report.result.applied.succeeded, toChange);
    } finally {
      org.org.config.apiLimit = limit;
      org.org.dml.lockContention = null;
    }
    assert.ok(toChange > 400, `most leads change owner (${toChange})`);
    assert.equal(sentTo.size, toChange, 'every change was sent');
    assert.ok(
      [...sentTo.values()].every((n) => n === 1),
      'no lead was sent twice',
    );
    const plan = planRows(journal);
    const now = await owners(ids);
    for (const [id, , owner] of plan) assert.equal(now.get(id), owner);
    const toUser = plan
      .filter(([, , owner, reason]) => owner === manager && reason !== 'UNCHANGED')
      .map(([id]) => id);
    const personal = mails('lead-assignment').slice(sentBefore);
    assert.deepEqual(
      personal.map((m) => /\/(00Q\w+)$/.exec(m.body)![1]).sort(),
      toUser.sort(),
      'one e-mail per lead that went to a user, none twice',
    );
  });

  it('undo --notify mails each restored owner that is a user', async () => {
    const { ids, path } = await leadsFile('undo-notify.csv', 6, 700);
    const before = await owners(ids);
    const journal = join(dir, 'undo-notify.jsonl');
    const run = await channelkit(
      [
        'leads',
        'reassign',
        '-o',
        'local',
        '--ids',
        path,
        '--to',
        'EMEA Partner Pool',
        '--journal',
        journal,
      ],
      env,
    );
    assert.equal(run.code, 0, run.stderr);
    const sentBefore = mails('lead-assignment').length;
    const undo = await channelkit(
      ['leads', 'undo', '-o', 'local', '--journal', journal, '--notify'],
      env,
    );
    assert.equal(undo.code, 0, undo.stdout + undo.stderr);
    assert.deepEqual(await owners(ids), before);
    const toUsers = ids.filter(
      (id) => before.get(id)!.startsWith('005') && before.get(id) !== pool,
    );
    assert.deepEqual(
      mails('lead-assignment')
        .slice(sentBefore)
        .map((m) => [/\/(00Q\w+)$/.exec(m.body)![1], m.toUserId])
        .sort(),
      toUsers.map((id) => [id, before.get(id)]).sort(),
    );
  });

  it('refuses --notify with --api (exit 2, nothing changed; more combinations in leads-flags.test.ts)', async () => {
    const { ids, path } = await leadsFile('bad.csv', 3, 900);
    const before = await owners(ids);
    const journal = join(dir, 'bad.jsonl');
    const run = await reassign(path, journal, ['--api', 'bulk']);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /--notify does not go with --api/);
    assert.equal(existsSync(journal), false);
    assert.deepEqual(await owners(ids), before);
  });
});
