/**
 * `channelkit leads reassign --assignment-rule default|ID` end to end: the demo org's active rule
 * "Channel Lead Routing" sends leads by Country to the regional pools (else to Unassigned Leads),
 * through sObject Collections (Sforce-Auto-Assign: <rule Id>) and through Bulk API 2.0 jobs
 * (assignmentRuleId); the owners are read back and journaled so undo restores exactly the leads
 * the rule moved; bad combinations and bad rule Ids exit 2 and change nothing.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { to18 } from '../../lib/salesforce-id.ts';
import { REGION_COUNTRIES } from '../../localorg/seed/demo.ts';
import { startTestOrg, userOf } from '../support/org.ts';
import { queryAll, setLeadOwners } from '../support/query.ts';
import { channelkit, cliEnv, sfLogin } from '../support/cli.ts';

type Report = {
  result: {
    applied: { succeeded: number; failed: number; movedByRule: number; keptByRule: number };
  };
};

describe('channelkit leads reassign --assignment-rule', () => {
  let org: RunningLocalOrg;
  const env = cliEnv();
  const dir = mkdtempSync(join(tmpdir(), 'reassign-rule-'));
  let queues: Map<string, string>;
  let manager: string;

  const soql = (q: string) => queryAll(org, q);
  const owners = async (ids: string[]) => {
    const out = new Map<string, string>();
    for (let i = 0; i < ids.length; i += 200) {
      const slice = ids.slice(i, i + 200);
      for (const r of await soql(
        `SELECT Id, OwnerId FROM Lead WHERE Id IN ('${slice.join("','")}')`,
      ))
        out.set(r.Id, r.OwnerId);
    }
    return out;
  };
  /** What "Channel Lead Routing" decides, from the demo seed's regions, not the org's code. */
  const ruleOwner = (country: string | null) => {
    for (const [region, countries] of Object.entries(REGION_COUNTRIES))
      if (country !== null && countries.includes(country))
        return queues.get(`${region} Partner Pool`)!;
    return queues.get('Unassigned Leads')!;
  };
  /** Gives leads an owner without running any rule. */
  const setOwners = (ids: string[], ownerId: string) => setLeadOwners(org, ids, ownerId);
  const leadsWithCountry = async (n: number, offset: number) =>
    await soql(
      `SELECT Id, Country FROM Lead WHERE IsConverted = false ORDER BY Id LIMIT ${n} OFFSET ${offset}`,
    );
  const idsFile = (name: string, ids: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, `Id\n${ids.join('\n')}\n`);
    return path;
  };

  before(async () => {
    org = await startTestOrg({ seed: 'demo' });
    await sfLogin(env, org.url, org.admin.accessToken, 'local');
    manager = userOf(org, 'channel-manager').userId;
    queues = new Map(
      (await soql("SELECT Id, Name FROM Group WHERE Type = 'Queue'")).map((r) => [r.Name, r.Id]),
    );
  });
  after(() => org.close());

  it('default: the active rule places each lead (sObject Collections); undo puts back exactly the leads it moved', async () => {
    const leads = await leadsWithCountry(30, 0);
    const ids = leads.map((l) => l.Id);
    await setOwners(ids, manager);
    // One lead already sits where the rule would put it: the rule keeps it, undo must leave it.
    const kept = leads[0];
    await setOwners([kept.Id], ruleOwner(kept.Country));
    const before = await owners(ids);

    const dry = await channelkit(
      [
        'leads',
        'reassign',
        '-o',
        'local',
        '--ids',
        idsFile('rule.csv', ids),
        '--assignment-rule',
        'default',
        '--dry-run',
        '--plan',
        join(dir, 'rule-dry.csv'),
      ],
      env,
    );
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /30 leads to run through the assignment rule "Channel Lead Routing"/);
    const dryPlan = readFileSync(join(dir, 'rule-dry.csv'), 'utf8').trim().split('\n');
    assert.equal(dryPlan[0], 'Id,OldOwnerId,NewOwnerId,Reason');
    assert.deepEqual(
      dryPlan.slice(1).map((l) => l.split(',')),
      ids.map((id) => [id, before.get(id), '', 'ASSIGNMENT_RULE']),
    );
    assert.deepEqual(await owners(ids), before, 'a dry run changes nothing');

    const journal = join(dir, 'rule.jsonl');
    const run = await channelkit(
      [
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
      ],
      env,
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    assert.deepEqual(report.result.applied, {
      succeeded: 30,
      failed: 0,
      overridden: 0,
      movedByRule: 29,
      keptByRule: 1,
    });
    const after = await owners(ids);
    for (const lead of leads) assert.equal(after.get(lead.Id), ruleOwner(lead.Country), lead.Id);
    const recorded = readFileSync(journal.replace(/\.jsonl$/, '.owners.csv'), 'utf8');
    assert.doesNotMatch(recorded, new RegExp(kept.Id), 'the kept lead is not recorded as moved');

    await setOwners([kept.Id], manager); // someone moves the kept lead after the run
    const undo = await channelkit(
      ['leads', 'undo', '-o', 'local', '--journal', journal, '--json'],
      env,
    );
    assert.equal(undo.code, 0, undo.stdout + undo.stderr);
    assert.equal((JSON.parse(undo.stdout) as { result: { restored: number } }).result.restored, 29);
    const restored = await owners(ids);
    for (const id of ids)
      assert.equal(restored.get(id), id === kept.Id ? manager : before.get(id), id);
  });

  it('an explicit rule Id through Bulk API 2.0 (assignmentRuleId), then undo', async () => {
    const [rule] = await soql("SELECT Id FROM AssignmentRule WHERE Name = 'Channel Lead Routing'");
    const where = "Country IN ('Germany', 'Japan', 'Brazil')";
    const leads = await soql(`SELECT Id, Country FROM Lead WHERE IsConverted = false AND ${where}`);
    const ids = leads.map((l) => l.Id);
    assert.ok(ids.length > 100, `enough leads (${ids.length})`);
    await setOwners(ids, manager);
    const journal = join(dir, 'bulk.jsonl');
    const run = await channelkit(
      [
        'leads',
        'reassign',
        '-o',
        'local',
        '--where',
        where,
        '--include-closed',
        '--assignment-rule',
        rule.Id,
        '--api',
        'bulk',
        '--journal',
        journal,
        '--json',
      ],
      env,
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    assert.equal(report.result.applied.succeeded, ids.length);
    assert.equal(report.result.applied.movedByRule, ids.length);
    assert.match(readFileSync(journal, 'utf8'), /"type":"job".*"state":"done"/);
    const after = await owners(ids);
    for (const lead of leads) assert.equal(after.get(lead.Id), ruleOwner(lead.Country), lead.Id);

    const undo = await channelkit(['leads', 'undo', '-o', 'local', '--journal', journal], env);
    assert.equal(undo.code, 0, undo.stdout + undo.stderr);
    const restored = await owners(ids);
    assert.ok(
      ids.every((id) => restored.get(id) === manager),
      'undo restores every owner',
    );
  });

  it('refuses bad combinations and bad rule Ids with exit 2, before any plan, changing nothing', async () => {
    const leads = await leadsWithCountry(3, 900);
    const ids = leads.map((l) => l.Id);
    const before = await owners(ids);
    const file = idsFile('bad.csv', ids);
    const missing = to18(`01Q${'9'.repeat(12)}`);
    // The other flag combinations are unit-tested on parseReassignFlags (leads-flags.test.ts).
    const cases: [string[], RegExp][] = [
      [
        ['--assignment-rule', 'default', '--to', 'EMEA Partner Pool'],
        /Give one of --to, --assignment-rule, not several/,
      ],
      [['--assignment-rule', missing], new RegExp(`no assignment rule ${missing} in this org`)],
    ];
    const runs = await Promise.all(
      cases.map(([flags]) =>
        channelkit(
          [
            'leads',
            'reassign',
            '-o',
            'local',
            '--ids',
            file,
            '--journal',
            join(dir, 'bad.jsonl'),
            ...flags,
          ],
          env,
        ),
      ),
    );
    runs.forEach((run, i) => {
      assert.equal(run.code, 2, `${cases[i][0].join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, cases[i][1]);
    });
    assert.deepEqual(await owners(ids), before);
    assert.equal(existsSync(join(dir, 'bad.plan.csv')), false, 'no plan was written');
  });
});
