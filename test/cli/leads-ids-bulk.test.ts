import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { BULK_LOOKUP_THRESHOLD } from '../../scripts/leads/select.ts';
import { startTestOrg } from '../support/org.ts';
import { channelkit, cliEnv, sfLogin } from '../support/cli.ts';

// An --ids file larger than BULK_LOOKUP_THRESHOLD is looked up with one Bulk query of every
// lead, not 200 Ids a REST call: a constant number of calls, and the same checks.
describe('channelkit leads reassign --ids above the Bulk lookup threshold', () => {
  let org: RunningLocalOrg;
  const env = cliEnv();
  const dir = mkdtempSync(join(tmpdir(), 'ids-bulk-'));
  let open: string[];
  let convertedId: string;

  before(async () => {
    org = await startTestOrg({ seed: `leads=${BULK_LOOKUP_THRESHOLD + 2500}` });
    await sfLogin(env, org.url, org.admin.accessToken, 'local');
    const rows = org.org.store.all('SELECT "Id", "IsConverted" FROM "Lead" WHERE "IsDeleted" = 0');
    open = rows.filter((r) => r.IsConverted === 0).map((r) => String(r.Id));
    convertedId = String(rows.find((r) => r.IsConverted === 1)?.Id);
    assert.ok(open.length > BULK_LOOKUP_THRESHOLD, `${open.length} open leads`);
    assert.ok(convertedId.startsWith('00Q'), 'the seed has converted leads');
  });
  after(() => org.close());

  const reassign = (file: string) =>
    channelkit(
      ['leads', 'reassign', '-o', 'local', '--ids', file, '--to', 'EMEA Partner Pool'].concat([
        '--dry-run',
        '--plan',
        join(dir, 'plan.csv'),
        '--json',
      ]),
      env,
    );

  it('plans every listed lead with its owner in a few API calls', async () => {
    const file = join(dir, 'good.csv');
    writeFileSync(file, `Id\n${open.join('\n')}\n`);
    const run = await reassign(file);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const doc = JSON.parse(run.stdout) as {
      result: { apiCalls: number; summary: { leads: number } };
    };
    assert.equal(doc.result.summary.leads, open.length);
    assert.ok(doc.result.apiCalls < 20, `${doc.result.apiCalls} calls, not one per 200 Ids`);
    const owners = new Map(
      org.org.store.all('SELECT "Id", "OwnerId" FROM "Lead"').map((r) => [r.Id, r.OwnerId]),
    );
    const plan = readFileSync(join(dir, 'plan.csv'), 'utf8').trim().split('\n').slice(1);
    assert.equal(plan.length, open.length);
    for (const line of plan) {
      const [id, oldOwner] = line.split(',');
      assert.equal(oldOwner, owners.get(id), `old owner of ${id}`);
    }
  });

  it('names the row of an unknown and of a converted lead, and plans nothing', async () => {
    const unknown = `00Q${'9'.repeat(12)}`;
    const file = join(dir, 'bad.csv');
    writeFileSync(file, `Id\n${[...open.slice(0, 11_000), convertedId, unknown].join('\n')}\n`);
    const run = await reassign(file);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stdout + run.stderr, new RegExp(`row 11002, column Id: lead ${convertedId}`));
    assert.match(run.stdout + run.stderr, /row 11003, column Id: no lead 00Q9{12}/);
  });
});
