/**
 * `leads reassign --least-loaded` and `--cap` end to end: the owners' open-lead loads are read
 * from the org (openLeadLoads), the plan is applied, and every lead ends with the owner the rules
 * give it. The loads are set up by hand (5, 2 and 0 open leads) so each expected owner is known.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { channelkit, cliEnv, sfLogin } from '../support/cli.ts';
import { startTestOrg } from '../support/org.ts';
import { api, queryAll } from '../support/query.ts';
import { readPlan } from '../support/reassignRun.ts';

const QUEUES = ['EMEA Partner Pool', 'Americas Partner Pool', 'APAC Partner Pool'] as const;
const OPEN =
  "IsConverted = false AND Status NOT IN ('Closed - Converted', 'Closed - Not Converted')";
const quoted = (ids: readonly string[]) => ids.map((id) => `'${id}'`).join(', ');

describe('channelkit leads reassign --least-loaded and --cap, applied', () => {
  let org: RunningLocalOrg;
  const env = cliEnv();
  const dir = mkdtempSync(join(tmpdir(), 'reassign-least-loaded-'));
  /** Queue Ids by name; the admin's Id. */
  const queue: Record<string, string> = {};
  let admin: string;
  /** The ten leads to reassign, in the order of the --ids file. */
  let leads: string[];
  let runs = 0;

  async function setOwners(ids: readonly string[], ownerId: string): Promise<void> {
    for (let i = 0; i < ids.length; i += 200) {
      const records = ids
        .slice(i, i + 200)
        .map((Id) => ({ attributes: { type: 'Lead' }, Id, OwnerId: ownerId }));
      const response = await api(org, '/services/data/v62.0/composite/sobjects', {
        method: 'PATCH',
        body: JSON.stringify({ allOrNone: true, records }),
        headers: { 'Sforce-Auto-Assign': 'FALSE' },
      });
      assert.equal(response.status, 200, JSON.stringify(response.body));
    }
  }

  async function openLeadsOf(ownerId: string): Promise<string[]> {
    const rows = await queryAll(
      org,
      `SELECT Id FROM Lead WHERE ${OPEN} AND OwnerId = '${ownerId}' ORDER BY Id`,
    );
    return rows.map((r) => r.Id);
  }

  async function ownersOf(ids: readonly string[]): Promise<string[]> {
    const rows = await queryAll(org, `SELECT Id, OwnerId FROM Lead WHERE Id IN (${quoted(ids)})`);
    const owner = new Map(rows.map((r) => [r.Id, r.OwnerId]));
    return ids.map((id) => owner.get(id)!);
  }

  before(async () => {
    org = await startTestOrg({ seed: 'leads=300' });
    await sfLogin(env, org.url, org.admin.accessToken, 'local');
    for (const name of QUEUES) {
      const [row] = await queryAll(org, `SELECT Id FROM Group WHERE Name = '${name}'`);
      queue[name] = row.Id;
    }
    admin = org.admin.userId;
  });
  after(() => org.close());

  // Every run starts from the same loads: EMEA 5 open leads, Americas 2, APAC none.
  beforeEach(async () => {
    for (const name of QUEUES) await setOwners(await openLeadsOf(queue[name]), admin);
    const open = await openLeadsOf(admin);
    assert.ok(open.length >= 17, `${open.length} open leads to work with`);
    await setOwners(open.slice(0, 5), queue['EMEA Partner Pool']);
    await setOwners(open.slice(5, 7), queue['Americas Partner Pool']);
    // The leads to move, in an order that is not the Id order.
    leads = open.slice(7, 17).reverse();
  });

  async function reassign(extra: string[]) {
    const ids = join(dir, `ids-${++runs}.csv`);
    writeFileSync(ids, `Id\n${leads.join('\n')}\n`);
    const journal = join(dir, `run-${runs}.jsonl`);
    const run = await channelkit(
      [
        'leads',
        'reassign',
        '-o',
        'local',
        '--ids',
        ids,
        '--least-loaded',
        QUEUES.join(','),
        ...extra,
        '--journal',
        journal,
        '--json',
      ],
      env,
    );
    return { run, journal };
  }

  it('gives each lead to the owner with the fewest open leads, ties to the earlier owner', async () => {
    const { run, journal } = await reassign([]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const [emea, americas, apac] = QUEUES.map((name) => queue[name]);
    // Loads 5, 2, 0: APAC catches up with Americas, the two take turns up to 5, then EMEA joins.
    const expected = [apac, apac, americas, apac, americas, apac, americas, apac, emea, americas];
    assert.deepEqual(await ownersOf(leads), expected);
    assert.deepEqual(
      readPlan(journal).map(([id, , to, reason]) => [id, to, reason]),
      leads.map((id, i) => [id, expected[i], 'LEAST_LOADED']),
    );
    const result = (JSON.parse(run.stdout) as { result: { applied: { succeeded: number } } })
      .result;
    assert.equal(result.applied.succeeded, 10);
    assert.deepEqual(
      await Promise.all([emea, americas, apac].map(async (q) => (await openLeadsOf(q)).length)),
      [6, 6, 5],
    );
  });

  it('with --cap 4 stops giving an owner leads at four open leads, and leaves the rest where they are', async () => {
    const { run, journal } = await reassign(['--cap', '4']);
    assert.equal(run.code, 1, `unplaced leads make a partial result\n${run.stderr}`);
    const [, americas, apac] = QUEUES.map((name) => queue[name]);
    // EMEA (5) is over the cap already; Americas has room for 2 and APAC for 4.
    const placed = [apac, apac, americas, apac, americas, apac];
    assert.deepEqual(await ownersOf(leads), [...placed, admin, admin, admin, admin]);
    assert.deepEqual(
      readPlan(journal).map(([id, , to, reason]) => [id, to, reason]),
      leads.map((id, i) =>
        i < placed.length ? [id, placed[i], 'LEAST_LOADED'] : [id, '', 'ALL_OWNERS_AT_CAPACITY'],
      ),
    );
    assert.deepEqual(
      await Promise.all(QUEUES.map(async (name) => (await openLeadsOf(queue[name])).length)),
      [5, 4, 4],
    );
  });
});
