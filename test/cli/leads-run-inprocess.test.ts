/**
 * `leads reassign` and `leads undo` run in this process (their command functions) against local
 * orgs over real HTTP, with -o resolved by @salesforce/core: the journal guards (other flags,
 * another org, a journal that exists, a damaged line), resume after a crash, undo refusing the
 * wrong org and leaving alone a lead moved since, the OVERRIDDEN report, per-row failures counted
 * and filed, and the Bulk path. The CLI's own tests (test/cli/leads-*.test.ts) run the same
 * through the binary; these are the fast ones mutation testing runs.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { RequestTally } from '../../localorg/http/requestTally.ts';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { connectTargetOrg } from '../../scripts/cli/connect.ts';
import { parseReassignFlags } from '../../scripts/leads/flags.ts';
import type { ReassignFlags } from '../../scripts/leads/flags.ts';
import type { JournalEntry } from '../../scripts/leads/journal.ts';
import type { PlanSummary } from '../../scripts/leads/plan.ts';
import { reassign } from '../../scripts/leads/reassign.ts';
import { startJournal, checkJournalOrg } from '../../scripts/leads/stages/journal.ts';
import { verifyRun } from '../../scripts/leads/stages/verify.ts';
import { Journal, JOURNAL_VERSION } from '../../scripts/leads/journal.ts';
import { undo } from '../../scripts/leads/undo.ts';
import type { UndoFlags } from '../../scripts/leads/undo.ts';
import { capturedOutput, loginInProcess, refusal } from '../support/inProcessLeads.ts';
import { NOW, startTestOrg, userOf } from '../support/org.ts';
import { api, queryAll, setLeadOwners } from '../support/query.ts';

const dir = mkdtempSync(join(tmpdir(), 'leads-inprocess-'));
let org: RunningLocalOrg;
let other: RunningLocalOrg;
let locked: RunningLocalOrg;
let manager: string;
let queues: Map<string, string>;
let offset = 0;
/** The requests the demo org serves: a run's reported apiCalls must be exactly these. */
const tally = new RequestTally();

before(async () => {
  [org, other, locked] = await Promise.all([
    startTestOrg({ seed: 'demo', log: tally.log }),
    startTestOrg({ seed: 'none', identity: 'fresh' }),
    // Every existing lead written through sObject Collections meets a row lock.
    startTestOrg({ seed: 'leads=40', identity: 'fresh', faults: ['lock-rows=1'] }),
  ]);
  await loginInProcess({ local: org, other, locked });
  manager = userOf(org, 'channel-manager').userId;
  queues = new Map(
    (await queryAll(org, "SELECT Id, Name FROM Group WHERE Type = 'Queue'")).map((r) => [
      r.Name,
      r.Id,
    ]),
  );
});
after(() => Promise.all([org, other, locked].map((o) => o?.close())));

const owners = async (ids: string[], on = org) =>
  new Map(
    (await queryAll(on, `SELECT Id, OwnerId FROM Lead WHERE Id IN ('${ids.join("','")}')`)).map(
      (r) => [r.Id, r.OwnerId],
    ),
  );
const setOwner = (ids: string[], ownerId: string) => setLeadOwners(org, ids, ownerId);
/** Leads no other test here touched, with the manager as owner. */
const freshLeads = async (n: number) => {
  const ids = (
    await queryAll(
      org,
      `SELECT Id FROM Lead WHERE IsConverted = false AND Country != null ORDER BY Id LIMIT ${n} OFFSET ${offset}`,
    )
  ).map((r) => r.Id);
  offset += n;
  await setOwner(ids, manager);
  return ids;
};
const idsFile = (name: string, ids: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, `Id\n${ids.join('\n')}\n`);
  return path;
};
const runFlags = (
  ids: string,
  journal: string,
  to: string,
  targetOrg = 'local',
): ReassignFlags => ({
  targetOrg,
  ids,
  to,
  journal,
  yes: true,
});
const run = async (flags: ReassignFlags) => {
  const out = capturedOutput();
  const { result, exitCode } = await reassign(flags, out.output);
  return { result, exitCode, stdout: out.stdout(), stderr: out.stderr() };
};
const undoRun = async (flags: UndoFlags) => {
  const out = capturedOutput();
  const { result, exitCode } = await undo(flags, out.output);
  return { result, exitCode, stdout: out.stdout(), stderr: out.stderr() };
};
const entries = (journal: string) =>
  readFileSync(journal, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as JournalEntry);
/** The journal as a crash right after the last batch landed leaves it: no "finished" line. */
const crashBeforeFinish = (journal: string) => {
  const lines = readFileSync(journal, 'utf8').trimEnd().split('\n');
  assert.match(lines.at(-1)!, /"type":"finished"/);
  writeFileSync(journal, `${lines.slice(0, -1).join('\n')}\n`);
};
const csvRows = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split(','));

describe('leads reassign and undo, in process: journal guards', () => {
  it('refuses to resume with other flags or on another org, and undo on the wrong org', async () => {
    const ids = await freshLeads(5);
    const journal = join(dir, 'mismatch.jsonl');
    const file = idsFile('mismatch.csv', ids);
    const emea = queues.get('EMEA Partner Pool')!;
    tally.reset();
    const first = await run(runFlags(file, journal, emea));
    assert.equal(first.exitCode, 0, JSON.stringify(first.result) + first.stdout + first.stderr);
    assert.equal(first.result.apiCalls, tally.total(), 'every call the run made is counted');
    assert.ok(first.result.apiCalls >= 5, `${first.result.apiCalls} calls`);
    const journalText = readFileSync(journal, 'utf8');
    const placed = await owners(ids);
    assert.ok([...placed.values()].every((o) => o === emea));

    const otherFlags = await refusal(
      run(runFlags(file, journal, queues.get('APAC Partner Pool')!)),
    );
    assert.equal(otherFlags.code, 'JournalMismatch');
    const otherOrg = await refusal(run(runFlags(file, journal, emea, 'other')));
    assert.equal(otherOrg.code, 'JournalMismatch');

    const wrongUndo = await refusal(undoRun({ targetOrg: 'other', journal }));
    assert.equal(wrongUndo.code, 'WrongOrg');
    assert.equal(wrongUndo.exitCode, 2);
    assert.equal(wrongUndo.message, `The journal belongs to org ${org.orgId}, not to other.`);
    assert.match(wrongUndo.hint!, /Pass the -o of the org the run changed/);
    assert.deepEqual(await owners(ids), placed, 'nothing changed');
    assert.equal(readFileSync(journal, 'utf8'), journalText, 'the journal is as it was');

    const undone = await undoRun({ targetOrg: 'local', journal });
    assert.equal(undone.exitCode, 0, undone.stderr);
    assert.deepEqual(undone.result, {
      journal,
      undoPlan: join(dir, 'mismatch.undo.csv'),
      restored: 5,
      alreadyRestored: 0,
      movedSince: [],
      failed: [],
    });
    assert.ok(
      [...(await owners(ids)).values()].every((o) => o === manager),
      'the right org undoes',
    );
    assert.match(
      undone.stdout,
      /^Undo: 5 leads have their old owner back, 0 failed, 0 moved since the run and left alone\.$/m,
    );
    assert.match(undone.stderr, /^ {2}5 leads restored$/m);
  });

  it('a journal started by a run records who and where, and a second start is refused', async () => {
    const conn = await connectTargetOrg('local');
    const journal = join(dir, 'nested', 'deeper', 'start.jsonl');
    const request = parseReassignFlags(runFlags('x.csv', journal, 'EMEA Partner Pool'));
    const started = startJournal(journal, conn, org.orgId, request, join(dir, 'p.csv'));
    started.close();
    const [start] = entries(journal);
    assert.deepEqual(
      { ...start, createdAt: 'at' },
      {
        type: 'start',
        version: 1,
        phase: 'reassign',
        createdAt: 'at',
        orgId: org.orgId,
        username: org.admin.username,
        request,
        plan: join(dir, 'p.csv'),
      },
    );
    assert.ok(
      Math.abs(Date.parse((start as { createdAt: string }).createdAt) - Date.now()) < 60_000,
    );
    const again = await refusal(
      (async () => startJournal(journal, conn, org.orgId, request, 'p.csv'))(),
    );
    assert.equal(again.code, 'JournalExists');
    assert.equal(entries(journal).length, 1, 'the journal is untouched');
    // The org a journal belongs to is the org the connection is to.
    const opened = Journal.open(journal);
    checkJournalOrg(opened, conn, 'local');
    const otherConn = await connectTargetOrg('other');
    assert.equal(
      (await refusal((async () => checkJournalOrg(opened, otherConn, 'other'))())).code,
      'WrongOrg',
    );
    opened.close();
  });

  it('resumes a journal whose last line a crash cut short; refuses one damaged before that', async () => {
    const ids = await freshLeads(4);
    const journal = join(dir, 'cut.jsonl');
    const apac = queues.get('APAC Partner Pool')!;
    const flags = runFlags(idsFile('cut.csv', ids), journal, apac);
    assert.equal((await run(flags)).exitCode, 0);
    const whole = readFileSync(journal, 'utf8');

    crashBeforeFinish(journal);
    writeFileSync(journal, `${readFileSync(journal, 'utf8')}{"type":"finished","phase":"reas`);
    const resumed = await run(flags);
    assert.equal(resumed.exitCode, 0, resumed.stderr);
    assert.equal(resumed.result.resumed, true);
    assert.equal(resumed.result.summary, null, 'a resume has no new plan');
    assert.deepEqual(resumed.result.applied, { succeeded: 4, failed: 0, overridden: 0 });
    assert.match(resumed.stderr, new RegExp(`Resuming ${journal}\\.`));
    assert.match(resumed.stdout, /^Done: 4 leads reassigned, 0 failed\.$/m);
    assert.equal(entries(journal).filter((e) => e.type === 'finished').length, 1);

    // A rerun of the finished run does nothing and says so.
    const again = await run(flags);
    assert.equal(again.exitCode, 0);
    assert.match(
      again.stdout,
      /^This run already finished at \S+: 4 leads reassigned, 0 failed\. Nothing to do\.$/m,
    );
    assert.deepEqual(again.result.applied, { succeeded: 4, failed: 0, overridden: 0 });
    assert.equal(again.result.resumed, true);

    const lines = whole.trimEnd().split('\n');
    writeFileSync(journal, [lines[0], 'not json {', ...lines.slice(1)].join('\n') + '\n');
    const damaged = await refusal(run(flags));
    assert.equal(damaged.code, 'JournalDamaged');
    assert.match(damaged.message, /^Line 2 of the journal .*cut\.jsonl is not JSON\.$/);
    assert.equal((await refusal(undoRun({ targetOrg: 'local', journal }))).code, 'JournalDamaged');
    assert.ok(
      [...(await owners(ids)).values()].every((o) => o === apac),
      'nothing changed',
    );
  });

  it('undo refuses without --journal, a missing journal, and a run that never planned', async () => {
    assert.equal((await refusal(undoRun({ targetOrg: 'local' }))).code, 'BadFlag');
    assert.equal(
      (await refusal(undoRun({ targetOrg: 'local', journal: join(dir, 'none.jsonl') }))).code,
      'JournalNotFound',
    );
    const conn = await connectTargetOrg('local');
    const journal = join(dir, 'unplanned.jsonl');
    const request = parseReassignFlags(runFlags('x.csv', journal, 'EMEA Partner Pool'));
    startJournal(journal, conn, org.orgId, request, join(dir, 'unplanned.plan.csv')).close();
    const error = await refusal(undoRun({ targetOrg: 'local', journal }));
    assert.equal(error.code, 'NothingToUndo');
    assert.equal(entries(journal).length, 1, 'undo wrote nothing');
  });
});

describe('leads reassign and undo, in process: what a run reports', () => {
  it('reports a lead whose owner changed after the update as OVERRIDDEN, in the error file', async () => {
    const ids = await freshLeads(6);
    const journal = join(dir, 'override.jsonl');
    const emea = queues.get('EMEA Partner Pool')!;
    const flags = runFlags(idsFile('override.csv', ids), journal, emea);
    assert.equal((await run(flags)).exitCode, 0);
    crashBeforeFinish(journal);
    const unassigned = queues.get('Unassigned Leads')!;
    await setOwner([ids[2]], unassigned);

    const resumed = await run(flags);
    assert.equal(resumed.exitCode, 1, 'an override is a partial failure');
    assert.deepEqual(resumed.result.applied, { succeeded: 6, failed: 0, overridden: 1 });
    const errorFile = join(dir, 'override.error.csv');
    const successFile = join(dir, 'override.success.csv');
    assert.equal(resumed.result.errorFile, errorFile);
    assert.equal(resumed.result.successFile, successFile);
    assert.match(
      resumed.stdout,
      /^Done: 6 leads reassigned, 0 failed, 1 overridden after the update\.$/m,
    );
    assert.match(resumed.stdout, new RegExp(`^Failures: ${errorFile}$`, 'm'));
    assert.match(
      resumed.stdout,
      new RegExp(`^Undo with: channelkit leads undo -o local --journal ${journal}$`, 'm'),
    );
    const errors = parse(readFileSync(errorFile, 'utf8')) as string[][];
    assert.deepEqual(errors, [
      ['Id', 'OwnerId', 'Error'],
      [
        ids[2],
        emea,
        `OVERRIDDEN:the owner is now ${unassigned} (an assignment rule, trigger or flow changed it after the update):OwnerId --`,
      ],
    ]);
    const success = csvRows(successFile);
    assert.deepEqual(
      success.map((r) => r[0]).sort(),
      ids.filter((_, i) => i !== 2).sort(),
      'the other five are successes',
    );
    assert.ok(success.every((r) => r[1] === emea && r[2] === 'Item Updated'));

    // Undo puts back the five and leaves alone the lead the rule moved.
    const undone = await undoRun({ targetOrg: 'local', journal });
    assert.equal(undone.exitCode, 1, 'a lead moved since is a partial undo');
    assert.deepEqual(undone.result.movedSince, [{ id: ids[2], owner: unassigned }]);
    assert.equal(undone.result.restored, 5);
    assert.match(
      undone.stderr,
      new RegExp(
        `Warning: Lead ${ids[2]} was moved to ${unassigned} after the run; left as it is\\.`,
      ),
    );
    const now = await owners(ids);
    for (const id of ids) assert.equal(now.get(id), id === ids[2] ? unassigned : manager, id);
  });

  it('undo counts leads already back with their old owner and deleted ones; a second undo does nothing', async () => {
    const ids = await freshLeads(5);
    const journal = join(dir, 'undo-kinds.jsonl');
    const emea = queues.get('EMEA Partner Pool')!;
    assert.equal((await run(runFlags(idsFile('undo-kinds.csv', ids), journal, emea))).exitCode, 0);
    await setOwner([ids[0]], manager);
    const del = await api(org, `/services/data/v62.0/sobjects/Lead/${ids[1]}`, {
      method: 'DELETE',
    });
    assert.equal(del.status, 204);

    const undone = await undoRun({ targetOrg: 'local', journal });
    assert.equal(undone.exitCode, 1);
    assert.equal(undone.result.restored, 3);
    assert.equal(undone.result.alreadyRestored, 1);
    assert.deepEqual(undone.result.movedSince, [{ id: ids[1], owner: '(deleted)' }]);
    const undoPlan = csvRows(join(dir, 'undo-kinds.undo.csv'));
    assert.deepEqual(
      undoPlan.map((r) => r[0]).sort(),
      ids.slice(2).sort(),
      'the undo plan holds only the leads still with the run owner',
    );
    assert.ok(
      undoPlan.every(
        ([, from, to, reason]) => from === emea && to === manager && reason === 'UNDO',
      ),
    );
    const planned = entries(journal).find(
      (e) => e.type === 'planned' && e.phase === 'undo',
    ) as Extract<JournalEntry, { type: 'planned' }>;
    assert.deepEqual({ rows: planned.rows, toChange: planned.toChange }, { rows: 5, toChange: 3 });

    const twice = await undoRun({ targetOrg: 'local', journal });
    assert.equal(twice.exitCode, 0);
    assert.match(
      twice.stdout,
      /^This run was already undone at \S+: 3 leads restored\. Nothing to do\.$/m,
    );
    assert.equal(twice.result.restored, 3);

    const rerun = await run(runFlags(join(dir, 'undo-kinds.csv'), journal, emea));
    assert.match(rerun.stdout, /Nothing to do\./);
    assert.match(rerun.stdout, /It was undone at \S+\./);
  });

  it('an undo stopped after planning resumes from its journaled plan', async () => {
    const ids = await freshLeads(3);
    const journal = join(dir, 'undo-resume.jsonl');
    const emea = queues.get('EMEA Partner Pool')!;
    assert.equal((await run(runFlags(idsFile('undo-resume.csv', ids), journal, emea))).exitCode, 0);
    assert.equal((await undoRun({ targetOrg: 'local', journal })).exitCode, 0);
    // Cut the undo's finished line and the batches: it stopped after planning.
    const kept = entries(journal).filter(
      (e) => !(e.phase === 'undo' && (e.type === 'finished' || e.type === 'batch')),
    );
    writeFileSync(journal, kept.map((e) => JSON.stringify(e)).join('\n') + '\n');
    await setOwner(ids, emea);
    // A lead moved after the undo planned is no longer in its plan's reach: the plan decides.
    const again = await undoRun({ targetOrg: 'local', journal });
    assert.equal(again.exitCode, 0);
    assert.equal(again.result.restored, 3);
    assert.equal(
      entries(journal).filter((e) => e.type === 'planned' && e.phase === 'undo').length,
      1,
      'the undo plan is not made twice',
    );
    assert.ok([...(await owners(ids)).values()].every((o) => o === manager));
  });

  it('counts rows the org refused per row, files them, and undoes none of them', async () => {
    const leads = (
      await queryAll(locked, 'SELECT Id FROM Lead WHERE IsConverted = false ORDER BY Id LIMIT 3')
    ).map((r) => r.Id);
    const before = await owners(leads, locked);
    const journal = join(dir, 'locked.jsonl');
    const queue = (
      await queryAll(locked, "SELECT Id FROM Group WHERE Name = 'EMEA Partner Pool'")
    )[0].Id;
    const result = await run(runFlags(idsFile('locked.csv', leads), journal, queue, 'locked'));
    assert.equal(result.exitCode, 1, 'failed rows make a partial result');
    assert.deepEqual(result.result.applied, { succeeded: 0, failed: 3, overridden: 0 });
    assert.match(result.stdout, /^Done: 0 leads reassigned, 3 failed\.$/m);
    assert.match(result.stdout, /^Failures: .*locked\.error\.csv$/m);
    const errors = csvRows(join(dir, 'locked.error.csv'));
    assert.deepEqual(errors.map((r) => r[0]).sort(), [...leads].sort());
    assert.ok(
      errors.every((r) => r[1] === queue && /UNABLE_TO_LOCK_ROW/.test(r.slice(2).join(','))),
    );
    assert.deepEqual(csvRows(join(dir, 'locked.success.csv')), [], 'nothing saved');
    const finished = entries(journal).at(-1) as Extract<JournalEntry, { type: 'finished' }>;
    assert.deepEqual([finished.succeeded, finished.failed], [0, 3]);
    assert.deepEqual(await owners(leads, locked), before);

    const again = await run(runFlags(join(dir, 'locked.csv'), journal, queue, 'locked'));
    assert.equal(again.exitCode, 1, 'a finished run with failures stays partial');
    assert.match(again.stdout, /0 leads reassigned, 3 failed\. Nothing to do\./);

    // The run changed nothing: undo has nothing to put back.
    const undone = await undoRun({ targetOrg: 'locked', journal });
    assert.equal(undone.exitCode, 0);
    assert.equal(undone.result.restored, 0);
    assert.deepEqual(csvRows(join(dir, 'locked.undo.csv')), []);
  });

  it('a dry run writes the plan and the summary, and no journal', async () => {
    const ids = await freshLeads(4);
    const plan = join(dir, 'dry', 'plan.csv');
    const result = await run({
      targetOrg: 'local',
      ids: idsFile('dry.csv', ids),
      roundRobin: 'EMEA Partner Pool,APAC Partner Pool',
      cursor: '1',
      dryRun: true,
      plan,
    });
    assert.equal(result.exitCode, 0);
    assert.equal(result.result.journal, null);
    assert.equal(result.result.applied, null);
    assert.equal(result.result.confirmation, null);
    assert.equal(result.result.plan, plan);
    assert.equal(result.result.summary!.toChange, 4);
    assert.match(result.stdout, /^Dry run: nothing was changed\.$/m);
    assert.match(result.stdout, new RegExp(`^Plan: ${plan}$`, 'm'));
    assert.match(
      result.stdout,
      /^Next round-robin cursor: 1 \(pass --cursor 1 to continue the rotation\)\.$/m,
    );
    assert.match(result.stdout, /^4 leads: 4 to change, 0 already with their planned owner\.$/m);
    const rows = csvRows(plan);
    assert.deepEqual(
      rows.map((r) => r[2]),
      ['APAC', 'EMEA', 'APAC', 'EMEA'].map((q) => queues.get(`${q} Partner Pool`)!),
      'the rotation starts at --cursor 1',
    );
    assert.deepEqual(readdirSync(join(dir, 'dry')), ['plan.csv'], 'no journal beside it');
    assert.ok(
      [...(await owners(ids)).values()].every((o) => o === manager),
      'nothing changed',
    );
  });

  it('refuses owners none of whom can take a lead, naming each; warns of those who get none', async () => {
    const ids = await freshLeads(2);
    const inactive = userOf(org, 'partner', false);
    const error = await refusal(
      run({ ...runFlags(idsFile('noone.csv', ids), join(dir, 'noone.jsonl'), inactive.username) }),
    );
    assert.equal(error.code, 'NoEligibleOwner');
    assert.match(error.message, /^No owner in --to can take leads:\n {2}\S+ \(.+\): .+/);
    assert.match(error.hint!, /Setup > Users/);
    assert.equal(existsSync(join(dir, 'noone.jsonl')), false, 'no journal');
    assert.equal(existsSync(join(dir, 'noone.plan.csv')), false, 'no plan');

    const mixed = await run({
      targetOrg: 'local',
      ids: join(dir, 'noone.csv'),
      roundRobin: `EMEA Partner Pool,${inactive.username}`,
      dryRun: true,
      plan: join(dir, 'mixed.csv'),
    });
    assert.equal(mixed.exitCode, 0);
    assert.match(
      mixed.stderr,
      new RegExp(`Warning: .+ \\(${inactive.username}\\) gets no leads: `),
    );
    assert.ok(
      csvRows(join(dir, 'mixed.csv')).every((r) => r[2] === queues.get('EMEA Partner Pool')),
    );
  });
  it('a --where run selects the open leads it names, and closed ones too with --include-closed', async () => {
    const spain = await queryAll(
      org,
      "SELECT Id, Status FROM Lead WHERE IsConverted = false AND Country = 'Spain'",
    );
    const open = spain.filter((r) => !r.Status.toLowerCase().startsWith('closed')).map((r) => r.Id);
    assert.ok(open.length > 0 && open.length < spain.length, 'Spain has open and closed leads');
    const planned = async (extra: Partial<ReassignFlags>) => {
      const plan = join(dir, `where-${Object.keys(extra).length}.plan.csv`);
      const result = await run({
        targetOrg: 'local',
        where: "Country = 'Spain'",
        to: 'EMEA Partner Pool',
        dryRun: true,
        plan,
        ...extra,
      });
      assert.equal(result.exitCode, 0, result.stderr);
      assert.match(result.stderr, /^Selecting leads with a Bulk API query \.\.\.$/m);
      assert.equal(result.result.summary!.leads, csvRows(plan).length);
      return csvRows(plan)
        .map((r) => r[0])
        .sort();
    };
    assert.deepEqual(await planned({}), open.sort());
    assert.deepEqual(await planned({ includeClosed: true }), spain.map((r) => r.Id).sort());
  });

  it('verify reads the owners back: a lead not with its planned owner is OVERRIDDEN, unless its update failed', async () => {
    const ids = await freshLeads(3);
    const [emea, apac] = [queues.get('EMEA Partner Pool')!, queues.get('APAC Partner Pool')!];
    const planPath = join(dir, 'verify.plan.csv');
    writeFileSync(
      planPath,
      `Id,OldOwnerId,NewOwnerId,Reason\n${ids.map((id) => `${id},${manager},${emea},DIRECT`).join('\n')}\n`,
    );
    await setOwner(ids.slice(0, 2), emea);
    // Something moved the third to another owner of the pool, one this run gave no lead.
    await setOwner([ids[2]], apac);
    const journal = Journal.create(join(dir, 'verify.jsonl'), {
      type: 'start',
      version: JOURNAL_VERSION,
      phase: 'reassign',
      createdAt: NOW.toISOString(),
      orgId: org.orgId,
      username: org.admin.username,
      request: {},
      plan: planPath,
    });
    let calls = 0;
    const ctx = {
      conn: await connectTargetOrg('local'),
      output: capturedOutput().output,
      targetOrg: 'local',
      countCall: () => (calls += 1),
    };
    const base = {
      planPath,
      base: join(dir, 'verify'),
      successFile: join(dir, 'verify.success.csv'),
      summary: null,
      bulk: true,
      failedIds: new Set<string>(),
    };
    const override = { id: ids[2], planned: emea, actual: apac };
    const resumed = await verifyRun(ctx, journal, base);
    assert.deepEqual(resumed, { overridden: [override], ruleOutcome: null, successWritten: false });
    assert.ok(calls > 0, 'its reads are counted');
    const summary = {
      method: 'roundRobin',
      leads: 3,
      toChange: 3,
      unchanged: 0,
      unplaced: {},
      owners: [
        { ownerId: emea, assigned: 3 },
        { ownerId: apac, assigned: 0 },
      ],
      nextCursor: 0,
    } as unknown as PlanSummary;
    assert.deepEqual((await verifyRun(ctx, journal, { ...base, summary })).overridden, [override]);
    assert.deepEqual(
      await verifyRun(ctx, journal, { ...base, failedIds: new Set([ids[2].slice(0, 15)]) }),
      { overridden: [], ruleOutcome: null, successWritten: true },
      'a failed update is a failure, not an override',
    );
    assert.deepEqual(await verifyRun(ctx, journal, { ...base, bulk: false }), {
      overridden: [override],
      ruleOutcome: null,
      successWritten: false,
    });
    // A rule run that recorded the owners it read back keeps that record.
    journal.append({ type: 'owners', phase: 'reassign', file: 'o.csv', moved: 2, kept: 1 });
    const ruled = await verifyRun(ctx, journal, { ...base, ruleId: '01Q000000000001EAA' });
    assert.deepEqual(ruled.overridden, []);
    assert.equal(ruled.successWritten, true);
    assert.deepEqual(
      { moved: ruled.ruleOutcome!.moved, kept: ruled.ruleOutcome!.kept },
      { moved: 2, kept: 1 },
    );
    journal.close();
  });
});

describe('leads reassign and undo, in process: owners and rules', () => {
  it("the plan's owners carry their open-lead loads, --weights and --cap", async () => {
    const ids = await freshLeads(6);
    const names = ['EMEA Partner Pool', 'APAC Partner Pool'];
    const loads = await Promise.all(
      names.map(async (name) => {
        const rows = await queryAll(
          org,
          `SELECT Status FROM Lead WHERE IsConverted = false AND OwnerId = '${queues.get(name)!}'`,
        );
        return rows.filter((r) => !r.Status.toLowerCase().startsWith('closed')).length;
      }),
    );
    assert.ok(
      loads.some((l) => l > 0),
      'the demo queues hold open leads',
    );
    const result = await run({
      targetOrg: 'local',
      ids: idsFile('weights.csv', ids),
      roundRobin: names.join(','),
      weights: '2,1',
      cap: '900',
      dryRun: true,
      plan: join(dir, 'weights.plan.csv'),
    });
    assert.equal(result.exitCode, 0, result.stderr);
    const summary = result.result.summary!;
    assert.equal(summary.method, 'weighted');
    assert.deepEqual(
      summary.owners.map((o) => [o.name, o.weight, o.cap, o.loadBefore, o.assigned]),
      [
        [names[0], 2, 900, loads[0], 4],
        [names[1], 1, 900, loads[1], 2],
      ],
    );
    const capped = await refusal(
      run({
        targetOrg: 'local',
        ids: join(dir, 'weights.csv'),
        leastLoaded: names.join(','),
        cap: String(Math.min(...loads)),
        dryRun: true,
      }),
    );
    assert.equal(capped.code, 'NoEligibleOwner');
    assert.match(capped.message, /^No owner in --least-loaded can take leads:\n/);
    assert.equal(capped.message.split('\n').length, 3, 'one line per owner');
  });

  it('a resumed --assignment-rule run keeps the moves it recorded; undo restores exactly those', async () => {
    const ids = await freshLeads(10);
    const journal = join(dir, 'rule.jsonl');
    const flags: ReassignFlags = {
      targetOrg: 'local',
      ids: idsFile('rule.csv', ids),
      assignmentRule: 'default',
      journal,
      yes: true,
    };
    const first = await run(flags);
    assert.equal(first.exitCode, 0, first.stderr);
    assert.deepEqual(first.result.applied, {
      succeeded: 10,
      failed: 0,
      overridden: 0,
      movedByRule: 10,
      keptByRule: 0,
    });
    assert.match(
      first.stdout,
      /^10 leads to run through the assignment rule "Channel Lead Routing" \(01Q\w+\); their new owners are known once it has run\.$/m,
    );
    assert.match(
      first.stdout,
      /^Done: 10 leads ran through the assignment rule: 10 got a new owner, 0 kept theirs; 0 failed\.$/m,
    );
    const placed = await owners(ids);

    crashBeforeFinish(journal);
    await setOwner([ids[0]], manager);
    const resumed = await run(flags);
    assert.equal(resumed.exitCode, 0, resumed.stderr);
    assert.equal(resumed.result.resumed, true);
    assert.deepEqual(resumed.result.applied, first.result.applied, 'the recorded outcome');
    const now = await owners(ids);
    assert.equal(now.get(ids[0]), manager, 'the rule did not run again on the moved lead');
    for (const id of ids.slice(1)) assert.equal(now.get(id), placed.get(id), id);

    const undone = await undoRun({ targetOrg: 'local', journal });
    assert.equal(undone.exitCode, 0, undone.stderr);
    assert.equal(undone.result.restored, 9);
    assert.equal(undone.result.alreadyRestored, 1);
    for (const id of ids) assert.equal((await owners(ids)).get(id), manager, id);
  });
});

describe('leads reassign and undo, in process: the Bulk API path', () => {
  it('--api bulk applies while planning, removes its chunks, and undo by Bulk puts every lead back', async () => {
    const ids = await freshLeads(30);
    const journal = join(dir, 'bulk', 'run.jsonl');
    const apac = queues.get('APAC Partner Pool')!;
    // Jobs of at most 10 rows (the first may go at 4): a large run's several jobs, in small.
    process.env.CHANNELKIT_ROWS_PER_JOB = '10';
    process.env.CHANNELKIT_FIRST_JOB_ROWS = '4';
    let result: Awaited<ReturnType<typeof run>>;
    try {
      result = await run({ ...runFlags(idsFile('bulk.csv', ids), journal, apac), api: 'bulk' });
    } finally {
      delete process.env.CHANNELKIT_ROWS_PER_JOB;
      delete process.env.CHANNELKIT_FIRST_JOB_ROWS;
    }
    assert.equal(result.exitCode, 0, result.stderr);
    assert.deepEqual(result.result.applied, { succeeded: 30, failed: 0, overridden: 0 });
    assert.equal(result.result.confirmation, 'yesFlag');
    assert.match(result.stderr, /Applying while planning; the journal is .*run\.jsonl\./);
    assert.match(result.stderr, /^ {2}Bulk API: 30 processed, 0 failed$/m);
    const log = entries(journal);
    // A run that applies while it plans keeps what its plan is made of, for a resume.
    const { stream } = log[0] as Extract<JournalEntry, { type: 'start' }>;
    assert.deepEqual(
      stream!.pool.map((o) => o.id),
      [apac],
    );
    assert.ok(stream!.closedStatuses!.length > 0, 'the closed statuses it left out');
    // Each chunk is journaled with the part of the plan it and those before it cover.
    const chunks = log.filter((e) => e.type === 'chunk');
    assert.deepEqual(
      chunks.map((c) => [c.rows, c.plan.rows]),
      [
        [10, 10],
        [10, 20],
        [10, 30],
      ],
    );
    assert.ok(chunks.every((c, i) => i === 0 || c.plan.bytes > chunks[i - 1].plan.bytes));
    const listed = log.find((e) => e.type === 'chunks');
    assert.deepEqual(
      listed?.type === 'chunks' && listed.chunks.map((c) => [c.file, c.rows]),
      chunks.map((c) => [c.file, c.rows]),
    );
    assert.equal(log.filter((e) => e.type === 'job' && e.state === 'done').length, 3);
    assert.ok(log.some((e) => e.type === 'job' && e.state === 'done'));
    assert.ok([...(await owners(ids)).values()].every((o) => o === apac));
    const success = csvRows(join(dir, 'bulk', 'run.success.csv'));
    assert.deepEqual(
      success.map((r) => r[0].slice(0, 15)).sort(),
      ids.map((i) => i.slice(0, 15)).sort(),
    );
    assert.deepEqual(
      readdirSync(join(dir, 'bulk')).filter((f) => /chunk|failed/.test(f)),
      [],
      'chunk files removed',
    );

    const undone = await undoRun({ targetOrg: 'local', journal, api: 'bulk' });
    assert.equal(undone.exitCode, 0, undone.stderr);
    assert.equal(undone.result.restored, 30);
    assert.ok(entries(journal).some((e) => e.type === 'job' && e.phase === 'undo'));
    assert.ok([...(await owners(ids)).values()].every((o) => o === manager));
    assert.deepEqual(
      readdirSync(join(dir, 'bulk')).filter((f) => /chunk|failed/.test(f)),
      [],
      'undo chunk files removed',
    );
  });
});
