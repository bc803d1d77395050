import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AuthInfo, Connection } from '@salesforce/core';
import { RequestTally } from '../../localorg/http/requestTally.ts';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { findOverrides } from '../../scripts/leads/verify.ts';
import { startTestOrg } from '../support/org.ts';
import { queryAll } from '../support/query.ts';

/**
 * After a Bulk run, the leads whose owner is none of the run's owners are read with one REST
 * query; only when they are more than one page does a Bulk query read them. Either way every
 * such lead the plan changed is an override, and a lead whose update failed is not.
 */
describe('findOverrides: one REST call, a Bulk query past a page', () => {
  const tally = new RequestTally();
  const plan = join(mkdtempSync(join(tmpdir(), 'overrides-')), 'plan.csv');
  let org: RunningLocalOrg;
  let conn: Connection;
  let leads: { Id: string; OwnerId: string }[];
  let planned: string;

  before(async () => {
    org = await startTestOrg({ seed: 'leads=3000', log: tally.log });
    const authInfo = await AuthInfo.create({
      accessTokenOptions: {
        accessToken: org.admin.accessToken,
        instanceUrl: org.url,
        loginUrl: org.url,
      },
    });
    conn = await Connection.create({ authInfo });
    conn.setApiVersion('62.0');
    leads = (await queryAll(org, 'SELECT Id, OwnerId FROM Lead')) as typeof leads;
    planned = (await queryAll(org, "SELECT Id FROM Group WHERE Name = 'EMEA Partner Pool'"))[0].Id;
    // The plan gives every lead to the queue; the org still has them with their owners.
    writeFileSync(
      plan,
      `Id,OldOwnerId,NewOwnerId,Reason\n${leads.map((l) => `${l.Id},${l.OwnerId},${planned},TEST`).join('\n')}\n`,
    );
  });
  after(() => org.close());

  const overrides = async (owners: string[], failed = new Set<string>()) => {
    let calls = 0;
    tally.reset();
    const found = await findOverrides(
      conn,
      plan,
      '2000-01-01T00:00:00.000Z',
      owners,
      () => (calls += 1),
      failed,
    );
    return { ids: found.map((o) => o.id).sort(), found, calls };
  };

  it('a page of candidates: one REST query, and the failed rows left out', async () => {
    const byOwner = new Map<string, string[]>();
    for (const l of leads) byOwner.set(l.OwnerId, [...(byOwner.get(l.OwnerId) ?? []), l.Id]);
    // Every owner but one counts as the run's: the other's leads are the overrides.
    const [other, theirs] = [...byOwner].sort((a, b) => a[1].length - b[1].length).at(-1)!;
    assert.ok(theirs.length > 10 && theirs.length < 2000, `${theirs.length} leads`);
    const failed = theirs[0];
    const result = await overrides(
      [...byOwner.keys()].filter((o) => o !== other),
      new Set([failed.substring(0, 15)]),
    );
    assert.deepEqual(result.ids, theirs.filter((id) => id !== failed).sort());
    assert.ok(result.found.every((o) => o.planned === planned && o.actual === other));
    assert.equal(result.calls, 1);
    assert.deepEqual(tally.calls(), { 'GET /services/data/vXX/query': 1 });
  });

  it('more than a page: the Bulk query reads them all', async () => {
    const result = await overrides([planned]);
    const expected = leads
      .filter((l) => l.OwnerId !== planned)
      .map((l) => l.Id)
      .sort();
    assert.ok(expected.length > 2000, `${expected.length} candidates`);
    assert.deepEqual(result.ids, expected);
    assert.equal(tally.calls()['POST /services/data/vXX/jobs/query'], 1);
    assert.equal(result.calls, tally.total());
  });
});
