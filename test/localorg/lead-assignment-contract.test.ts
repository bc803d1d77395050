/**
 * The package's LeadAssignmentController, run by the local org's Apex runtime, against the shared
 * contract fixtures: every example request (with the example Ids replaced by the seeded org's)
 * answers with exactly the example's shape, and every error case with exactly its message.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { connect, queueId, FORCE_APP, startTestOrg, userOf } from '../support/org.ts';
import {
  assertShape,
  call,
  callError,
  callRaw,
  contract,
  withIds,
} from '../support/leadAssignment.ts';
import type { MethodName } from '../support/leadAssignment.ts';

const EXAMPLE_BATCH = 'a01Dn0000004001AAA';

describe('LeadAssignmentController on the local org: contract fixtures', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  let manager: string;
  const ids = new Map<string, string>();

  before(async () => {
    // Row locks fail at random; with this seed the fourth lead of the apply example fails and
    // the undo succeeds, as in the examples (so failedOnly results are not empty either).
    org = await startTestOrg({
      seed: 'demo',
      deploy: [FORCE_APP],
      faults: ['lock-rows=0.3'],
      faultSeed: 3,
    });
    conn = connect(org);
    manager = userOf(org, 'channel-manager').accessToken!;
    const emeaPool = await queueId(conn, 'EMEA Partner Pool');
    ids.set('00GDn0000002001AAA', await queueId(conn, 'Wingtip Solutions Leads'));
    ids.set('00GDn0000002002AAA', await queueId(conn, 'Tailspin Toys Leads'));
    ids.set('00GDn0000002003AAA', emeaPool);
    // New German leads: the active assignment rule puts them in the EMEA pool, and they are
    // recent enough for the example's January search.
    const created = await conn.sobject('Lead').create(
      ['Noah Patel', 'Mia Rossi', 'Liam Novak', 'Emma Silva', 'Ida Berg'].map((name, i) => ({
        FirstName: name.split(' ')[0],
        LastName: name.split(' ')[1],
        Company: `Example ${i}`,
        Email: `lead${i}@example.com`,
        Country: 'Germany',
        LeadSource: 'Web',
      })),
    );
    assert.ok(created.every((r) => r.success));
    const leads = await conn.query<{ Id: string }>(
      `SELECT Id FROM Lead WHERE Company LIKE 'Example %' AND OwnerId = '${emeaPool}' ORDER BY Id`,
    );
    assert.equal(leads.records.length, 5);
    leads.records.slice(0, 4).forEach((lead, i) => ids.set(`00QDn000000000${i + 1}AAA`, lead.Id));
  });
  after(() => org.close());

  it('answers every example request with exactly the example result shape', async () => {
    for (const [method, example] of Object.entries(contract.examples) as [
      MethodName,
      { request: unknown; result: unknown },
    ][]) {
      const result = await call(org, method, withIds(example.request, ids) as never, manager);
      assertShape(result, example.result, method);
      if (method === 'applyAssignment') {
        const applied = result as { batch: { batchId: string; failed: number } };
        assert.ok(applied.batch.failed > 0, 'the lock faults failed a row');
        ids.set(EXAMPLE_BATCH, applied.batch.batchId);
      }
      if (method === 'getAssignmentRules') {
        // The demo org's lead rules, the active one first.
        assert.deepEqual(
          (result as { name: string; active: boolean }[]).map((rule) => [rule.name, rule.active]),
          [
            ['Channel Lead Routing', true],
            ['Round Robin (inactive)', false],
          ],
        );
      }
      if (method === 'getBatchResults') {
        assert.ok((result as { rows: unknown[] }).rows.length > 0, 'failed rows were listed');
      }
    }
  });

  it('answers every error case with exactly its message, changing nothing', async () => {
    const partner = userOf(org, 'partner').accessToken!;
    const before = await conn.query('SELECT Id FROM Lead_Assignment_Batch__c');
    for (const error of contract.errors) {
      const request = error.needsOrgIds ? withIds(error.request, ids) : error.request;
      if (error.as === 'partnerUser') {
        // Over Lightning a partner user cannot reach the class at all: no class access (the
        // Apex's own message for them is held by LeadAssignmentControllerTest).
        assert.equal(
          await callError(org, error.method, request, partner, 'System.NoAccessException'),
          "You do not have access to the Apex class named 'LeadAssignmentController'.",
        );
        continue;
      }
      assert.equal(
        await callError(org, error.method, request, manager),
        error.message,
        `${error.method} ${JSON.stringify(error.request)}`,
      );
    }
    const after = await conn.query('SELECT Id FROM Lead_Assignment_Batch__c');
    assert.equal(after.totalSize, before.totalSize);
  });

  it('answers 404 for a method the controller lacks and 401 without a session', async () => {
    const unknown = await callRaw(org, 'deleteEverything', {}, manager);
    assert.equal(unknown.status, 404);
    const anonymous = await callRaw(org, 'searchLeads', { filters: {} }, 'not-a-token');
    assert.equal(anonymous.status, 401);
    assert.deepEqual(anonymous.body, [
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
    ]);
  });

  it('refuses a parameter of the wrong type as Lightning does, and bad values with the Apex message', async () => {
    assert.equal(
      await callError(
        org,
        'searchLeads',
        { filters: { statuses: 'Open' } },
        manager,
        'System.TypeException',
      ),
      "Value provided is invalid for action parameter 'request' of type 'LeadAssignmentTypes.LeadSearchRequest'",
    );
    assert.equal(
      await callError(org, 'searchLeads', { filters: {}, sortBy: 'Email' }, manager),
      'Unknown sort "Email". Use CreatedDate, Name, Company, Status, Country or OwnerName.',
    );
    assert.equal(
      await callError(org, 'searchLeads', { filters: { createdFrom: '2026-02-30' } }, manager),
      'The created-from date "2026-02-30" is not a date: use YYYY-MM-DD.',
    );
    assert.equal(
      await callError(org, 'getBatchResults', { batchId: 'x', pageSize: 5000 }, manager),
      'Page size must be between 1 and 2000.',
    );
    assert.equal(
      await callError(org, 'getRecentBatches', { limit: 0 }, manager),
      'Limit must be a whole number between 1 and 50.',
    );
  });
});
