/**
 * The guards around a `leads reassign` journal, run through the real CLI against local orgs:
 * a journal resumed with other flags or on another org is refused, undo refuses the wrong org,
 * a journal that appears while the run waits for its "yes" is not overwritten, a cut-short last
 * line (a crash mid-write) resumes while a damaged earlier line is refused; a lead whose owner
 * changed after the update is reported OVERRIDDEN; and a resumed --assignment-rule run keeps
 * the moves it recorded, so undo puts back exactly those.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { channelkit, channelkitAtTerminal, cliEnv, sfLogin } from '../support/cli.ts';
import { startTestOrg, userOf } from '../support/org.ts';
import { queryAll, setLeadOwners } from '../support/query.ts';

interface ErrorDoc {
  name: string;
  message: string;
}
interface RunDoc {
  result: {
    resumed: boolean;
    applied: {
      succeeded: number;
      failed: number;
      overridden: number;
      movedByRule?: number;
      keptByRule?: number;
    };
  };
}

describe('leads reassign: journal guards, OVERRIDDEN and resumed rule runs', () => {
  let org: RunningLocalOrg;
  let other: RunningLocalOrg;
  const env = cliEnv();
  const dir = mkdtempSync(join(tmpdir(), 'journal-guards-'));
  let manager: string;
  let queues: Map<string, string>;
  let offset = 0;

  const owners = async (ids: string[]) =>
    new Map(
      (await queryAll(org, `SELECT Id, OwnerId FROM Lead WHERE Id IN ('${ids.join("','")}')`)).map(
        (r) => [r.Id, r.OwnerId],
      ),
    );
  /** Leads no other test here touched, with the manager as owner (no rule runs). */
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
  const setOwner = (ids: string[], ownerId: string) => setLeadOwners(org, ids, ownerId);
  const idsFile = (name: string, ids: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, `Id\n${ids.join('\n')}\n`);
    return path;
  };
  const reassignArgs = (ids: string, journal: string, to: string, alias = 'local') => [
    'leads',
    'reassign',
    '-o',
    alias,
    '--ids',
    ids,
    '--to',
    to,
    '--journal',
    journal,
    '--json',
  ];
  const failedWith = (run: { code: number | null; stdout: string }, name: string): ErrorDoc => {
    assert.equal(run.code, 2, run.stdout);
    const doc = JSON.parse(run.stdout) as ErrorDoc;
    assert.equal(doc.name, name, run.stdout);
    return doc;
  };
  /** The journal as a crash right after the last batch landed leaves it: no "finished" line. */
  const crashBeforeFinish = (journal: string) => {
    const lines = readFileSync(journal, 'utf8').trimEnd().split('\n');
    assert.match(lines.at(-1)!, /"type":"finished"/);
    writeFileSync(journal, `${lines.slice(0, -1).join('\n')}\n`);
  };

  before(async () => {
    org = await startTestOrg({ seed: 'demo' });
    other = await startTestOrg({ seed: 'none', identity: 'fresh' });
    await sfLogin(env, org.url, org.admin.accessToken, 'local');
    await sfLogin(env, other.url, other.admin.accessToken, 'other');
    manager = userOf(org, 'channel-manager').userId;
    queues = new Map(
      (await queryAll(org, "SELECT Id, Name FROM Group WHERE Type = 'Queue'")).map((r) => [
        r.Name,
        r.Id,
      ]),
    );
  });
  after(async () => {
    await other.close();
    await org.close();
  });

  it('refuses to resume a journal with other flags or on another org, and undo on the wrong org', async () => {
    const ids = await freshLeads(5);
    const journal = join(dir, 'mismatch.jsonl');
    const file = idsFile('mismatch.csv', ids);
    const emea = queues.get('EMEA Partner Pool')!;
    const run = await channelkit(reassignArgs(file, journal, emea), env);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const journalText = readFileSync(journal, 'utf8');
    const placed = await owners(ids);
    assert.ok([...placed.values()].every((o) => o === emea));

    const otherFlags = await channelkit(
      reassignArgs(file, journal, queues.get('APAC Partner Pool')!),
      env,
    );
    assert.match(
      failedWith(otherFlags, 'JournalMismatch').message,
      /belongs to a different reassignment \(other flags or another org\)/,
    );
    const otherOrg = await channelkit(reassignArgs(file, journal, emea, 'other'), env);
    failedWith(otherOrg, 'JournalMismatch');

    const wrongUndo = await channelkit(
      ['leads', 'undo', '-o', 'other', '--journal', journal, '--json'],
      env,
    );
    assert.match(
      failedWith(wrongUndo, 'WrongOrg').message,
      new RegExp(`The journal belongs to org ${org.orgId}, not to other\\.`),
    );
    assert.deepEqual(await owners(ids), placed, 'nothing changed');
    assert.equal(readFileSync(journal, 'utf8'), journalText, 'the journal is as it was');

    const undo = await channelkit(['leads', 'undo', '-o', 'local', '--journal', journal], env);
    assert.equal(undo.code, 0, undo.stdout + undo.stderr);
    assert.ok(
      [...(await owners(ids)).values()].every((o) => o === manager),
      'the right org undoes',
    );
  });

  it('does not overwrite a journal that appears while the run waits for its yes', async () => {
    const ids = await freshLeads(3);
    const journal = join(dir, 'raced.jsonl');
    const args = reassignArgs(idsFile('raced.csv', ids), journal, queues.get('EMEA Partner Pool')!);
    const someoneElses = '{"type":"start","note":"another run"}\n';
    const run = await channelkitAtTerminal(args.slice(0, -1), env, {
      cwd: dir,
      prompt: /Change the owner of 3 leads\? \[y\/N\]/,
      answer: 'y',
      beforeAnswer: () => writeFileSync(journal, someoneElses),
    });
    assert.equal(run.prompted, true, run.screen);
    assert.equal(run.code, 2, run.screen);
    assert.match(run.screen, /The journal .*raced\.jsonl already exists\./);
    assert.equal(readFileSync(journal, 'utf8'), someoneElses, 'the other journal is untouched');
    assert.ok(
      [...(await owners(ids)).values()].every((o) => o === manager),
      'nothing changed',
    );
  });

  it('resumes a journal whose last line a crash cut short, and refuses one damaged before that', async () => {
    const ids = await freshLeads(4);
    const journal = join(dir, 'cut.jsonl');
    const args = reassignArgs(idsFile('cut.csv', ids), journal, queues.get('APAC Partner Pool')!);
    assert.equal((await channelkit(args, env)).code, 0);
    const whole = readFileSync(journal, 'utf8');

    crashBeforeFinish(journal);
    const kept = readFileSync(journal, 'utf8');
    writeFileSync(journal, `${kept}{"type":"finished","phase":"reas`);
    const resumed = await channelkit(args, env);
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    const doc = JSON.parse(resumed.stdout) as RunDoc;
    assert.equal(doc.result.resumed, true);
    assert.deepEqual(doc.result.applied, { succeeded: 4, failed: 0, overridden: 0 });

    const lines = whole.trimEnd().split('\n');
    writeFileSync(journal, [lines[0], 'not json {', ...lines.slice(1)].join('\n') + '\n');
    assert.match(
      failedWith(await channelkit(args, env), 'JournalDamaged').message,
      /Line 2 of the journal .*cut\.jsonl is not JSON\./,
    );
    writeFileSync(journal, '{"type":"planned","phase":"reassign"}\n');
    assert.match(
      failedWith(await channelkit(args, env), 'JournalDamaged').message,
      /is not a channelkit journal/,
    );
    const undo = await channelkit(
      ['leads', 'undo', '-o', 'local', '--journal', journal, '--json'],
      env,
    );
    failedWith(undo, 'JournalDamaged');
  });

  it('reports a lead whose owner changed after the update as OVERRIDDEN, in the error file', async () => {
    const ids = await freshLeads(6);
    const journal = join(dir, 'override.jsonl');
    const emea = queues.get('EMEA Partner Pool')!;
    const args = reassignArgs(idsFile('override.csv', ids), journal, emea);
    assert.equal((await channelkit(args, env)).code, 0);
    // Killed after its last batch landed; then a rule, trigger or flow moves one lead.
    crashBeforeFinish(journal);
    const unassigned = queues.get('Unassigned Leads')!;
    await setOwner([ids[2]], unassigned);

    const resumed = await channelkit(args, env);
    assert.equal(resumed.code, 1, 'an override is a partial failure: ' + resumed.stderr);
    const doc = JSON.parse(resumed.stdout) as RunDoc;
    assert.equal(doc.result.applied.overridden, 1);
    const errors = readFileSync(journal.replace(/\.jsonl$/, '.error.csv'), 'utf8');
    assert.match(
      errors,
      new RegExp(
        `${ids[2]},${emea},"?OVERRIDDEN:the owner is now ${unassigned} \\(an assignment rule, trigger or flow changed it after the update\\):OwnerId --`,
      ),
    );
    assert.equal(errors.trim().split('\n').length, 2, 'only that lead is reported');
    const success = readFileSync(journal.replace(/\.jsonl$/, '.success.csv'), 'utf8');
    assert.doesNotMatch(success, new RegExp(ids[2].slice(0, 15)), 'not counted as a success');
    assert.equal(success.trim().split('\n').length, 6, 'the other five are');
  });

  it('a resumed --assignment-rule run keeps the moves it recorded; undo restores exactly those', async () => {
    const ids = await freshLeads(10);
    const journal = join(dir, 'rule.jsonl');
    const args = [
      'leads',
      'reassign',
      '-o',
      'local',
      '--ids',
      idsFile('rule.csv', ids),
      '--assignment-rule',
      'default',
      '--journal',
      journal,
      '--json',
    ];
    const first = await channelkit(args, env);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    const applied = (JSON.parse(first.stdout) as RunDoc).result.applied;
    assert.deepEqual(applied, {
      succeeded: 10,
      failed: 0,
      overridden: 0,
      movedByRule: 10,
      keptByRule: 0,
    });
    const placed = await owners(ids);

    crashBeforeFinish(journal);
    // After the crash someone puts one lead back to the manager by hand.
    await setOwner([ids[0]], manager);
    const resumed = await channelkit(args, env);
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    const doc = JSON.parse(resumed.stdout) as RunDoc;
    assert.equal(doc.result.resumed, true);
    assert.deepEqual(doc.result.applied, applied, 'the recorded outcome, not a second read');
    const now = await owners(ids);
    assert.equal(now.get(ids[0]), manager, 'the rule did not run again on the moved lead');
    for (const id of ids.slice(1)) assert.equal(now.get(id), placed.get(id), id);

    const undo = await channelkit(
      ['leads', 'undo', '-o', 'local', '--journal', journal, '--json'],
      env,
    );
    assert.equal(undo.code, 0, undo.stdout + undo.stderr);
    const restored = await owners(ids);
    for (const id of ids) assert.equal(restored.get(id), manager, id);
  });
});
