/**
 * Confirm before changing: at a terminal a real `leads reassign` shows the plan's summary and asks
 * "Change the owner of N leads? [y/N]"; "n" (or anything but y/yes) changes nothing and exits 1;
 * --yes skips the question; without a terminal, or under --json, it applies and says it did not
 * ask. The terminal is a real pseudo-terminal (util-linux `script`), the owners are read back
 * through the local org's REST API.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { askYesNo, confirmationMode, isYes, notAskedWarning } from '../../scripts/cli/confirm.ts';
import { startTestOrg } from '../support/org.ts';
import { queryAll } from '../support/query.ts';
import { channelkit, channelkitAtTerminal, cliEnv, sfLogin } from '../support/cli.ts';

const QUESTION = /Change the owner of (\d+) leads\? \[y\/N\]/;

describe('the confirmation decision and prompt', () => {
  it('asks only at a terminal (stdin and stdout), never under --json or with --yes', () => {
    const at = (yes: boolean, json: boolean, stdinIsTTY: boolean, stdoutIsTTY: boolean) =>
      confirmationMode({ yes, json, stdinIsTTY, stdoutIsTTY });
    assert.equal(at(false, false, true, true), 'ask');
    assert.equal(at(false, false, false, true), 'notTerminal', 'stdin piped');
    assert.equal(at(false, false, true, false), 'notTerminal', 'stdout piped');
    assert.equal(at(false, true, true, true), 'json');
    assert.equal(at(true, false, true, true), 'yesFlag');
    assert.equal(at(true, true, false, false), 'yesFlag');
    assert.match(notAskedWarning('notTerminal')!, /^Not a terminal: applying without confirmation/);
    assert.match(notAskedWarning('json')!, /use --yes to say so explicitly/);
    assert.equal(notAskedWarning('yesFlag'), null);
  });

  it('takes y or yes in any case as yes, and everything else as no', () => {
    for (const answer of ['y', 'Y', 'yes', 'YES', ' yes ']) assert.equal(isYes(answer), true);
    for (const answer of ['', 'n', 'no', 'yep', 'sure', 'y y', 'oui'])
      assert.equal(isYes(answer), false, answer);
  });

  it('asks on the output and reads one line; the end of input is a no', async () => {
    const ask = async (typed: string | null) => {
      const input = new PassThrough();
      const output = new PassThrough();
      let shown = '';
      output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
      const answer = askYesNo('Go? [y/N] ', { input, output });
      if (typed === null) input.end();
      else input.write(`${typed}\n`);
      return { yes: await answer, shown };
    };
    assert.deepEqual(await ask('yes'), { yes: true, shown: 'Go? [y/N] ' });
    assert.equal((await ask('n')).yes, false);
    assert.equal((await ask('')).yes, false);
    assert.equal((await ask(null)).yes, false);
  });
});

describe('channelkit leads reassign asks before changing', () => {
  let org: RunningLocalOrg;
  const env = cliEnv();
  const dir = mkdtempSync(join(tmpdir(), 'reassign-confirm-'));
  let offset = 0;
  let emea: string;

  const owners = async (ids: string[]) =>
    new Map(
      (await queryAll(org, `SELECT Id, OwnerId FROM Lead WHERE Id IN ('${ids.join("','")}')`)).map(
        (r) => [r.Id, r.OwnerId],
      ),
    );
  /** A fresh folder with an --ids file of leads that EMEA Partner Pool does not own yet. */
  const setUp = async (name: string, n = 6) => {
    const ids = (
      await queryAll(
        org,
        `SELECT Id FROM Lead WHERE IsConverted = false AND OwnerId != '${emea}' ORDER BY Id LIMIT ${n} OFFSET ${offset}`,
      )
    ).map((r) => r.Id);
    offset += n;
    const cwd = join(dir, name);
    mkdirSync(cwd);
    writeFileSync(join(cwd, 'leads.csv'), `Id\n${ids.join('\n')}\n`);
    return { ids, cwd, before: await owners(ids) };
  };
  const args = [
    'leads',
    'reassign',
    '-o',
    'local',
    '--ids',
    'leads.csv',
    '--to',
    'EMEA Partner Pool',
  ];

  before(async () => {
    org = await startTestOrg({ seed: 'demo' });
    await sfLogin(env, org.url, org.admin.accessToken, 'local');
    emea = (await queryAll(org, "SELECT Id FROM Group WHERE Name = 'EMEA Partner Pool'"))[0].Id;
  });
  after(() => org.close());

  it(
    'at a terminal, shows the summary and asks; "n" changes nothing, starts no journal and exits 1',
    { timeout: 60_000 },
    async () => {
      const { ids, cwd, before } = await setUp('no');
      const run = await channelkitAtTerminal(args, env, { cwd, prompt: QUESTION, answer: 'n' });
      assert.equal(run.prompted, true, run.screen);
      assert.equal(run.code, 1, run.screen);
      assert.match(
        run.screen,
        /EMEA Partner Pool\s+Queue\s+yes\s+\d+\s+6\s+6/,
        'per owner: planned and changing',
      );
      assert.match(run.screen, /6 leads: 6 to change, 0 already with their planned owner\./);
      assert.equal(QUESTION.exec(run.screen)?.[1], '6');
      assert.match(run.screen, /Cancelled; nothing was changed\./);
      assert.deepEqual(await owners(ids), before, 'no owner changed');
      const runs = readdirSync(join(cwd, 'channelkit-runs'));
      assert.equal(runs.filter((f) => f.endsWith('.jsonl')).length, 0, 'no journal to resume');
      assert.deepEqual(runs.filter((f) => f.endsWith('.plan.csv')).length, 1, 'the plan is kept');
    },
  );

  it('at a terminal, "y" applies the plan', { timeout: 60_000 }, async () => {
    const { ids, cwd } = await setUp('yes');
    const run = await channelkitAtTerminal(args, env, { cwd, prompt: QUESTION, answer: 'y' });
    assert.equal(run.prompted, true, run.screen);
    assert.equal(run.code, 0, run.screen);
    assert.match(run.screen, /Done: 6 leads reassigned, 0 failed\./);
    for (const owner of (await owners(ids)).values()) assert.equal(owner, emea);
  });

  it(
    'at a terminal, --yes applies without asking; --dry-run never asks',
    { timeout: 60_000 },
    async () => {
      const { ids, cwd } = await setUp('flag');
      const dry = await channelkitAtTerminal([...args, '--dry-run'], env, {
        cwd,
        prompt: QUESTION,
        answer: 'y',
      });
      assert.equal(dry.prompted, false, dry.screen);
      assert.equal(dry.code, 0, dry.screen);
      const run = await channelkitAtTerminal([...args, '--yes'], env, {
        cwd,
        prompt: QUESTION,
        answer: 'n',
      });
      assert.equal(run.prompted, false, run.screen);
      assert.equal(run.code, 0, run.screen);
      assert.doesNotMatch(run.screen, /applying without confirmation/);
      for (const owner of (await owners(ids)).values()) assert.equal(owner, emea);
    },
  );

  it('without a terminal applies as before and says on stderr that it did not ask', async () => {
    const { ids, cwd } = await setUp('pipe');
    const run = await channelkit(args, env, cwd);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /Warning: Not a terminal: applying without confirmation \(use --yes to say so explicitly\)\./,
    );
    for (const owner of (await owners(ids)).values()) assert.equal(owner, emea);
  });

  it('--json says how the run was confirmed: "json" (with a warning) or "yesFlag"', async () => {
    type Doc = {
      result: { confirmation: string; applied: { succeeded: number } };
      warnings: string[];
    };
    const unasked = await setUp('json');
    const run = await channelkit([...args, '--json'], env, unasked.cwd);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '', 'stderr stays quiet under --json');
    const doc = JSON.parse(run.stdout) as Doc;
    assert.equal(doc.result.confirmation, 'json');
    assert.equal(doc.result.applied.succeeded, 6);
    assert.ok(
      doc.warnings.some((w) => /applying without confirmation/.test(w)),
      doc.warnings.join(),
    );

    const flagged = await setUp('json-yes');
    const yes = JSON.parse(
      (await channelkit([...args, '--json', '-y'], env, flagged.cwd)).stdout,
    ) as Doc;
    assert.equal(yes.result.confirmation, 'yesFlag');
    assert.deepEqual(yes.warnings, []);
    assert.ok(existsSync(join(flagged.cwd, 'channelkit-runs')));
  });
});
