/**
 * Bulk API 2.0 writes under the rules every other API keeps, through jsforce's bulk2 client:
 * - a partner user's ingest job runs as that partner, with its sharing: rows for leads of another
 *   partner account fail with the platform's error and those leads stay as they were, while its
 *   own leads change (Bulk API 2.0 Developer Guide: a job "runs in the context of the user who
 *   created it"; record access as for any API write);
 * - upsert on a custom external Id field: a known key updates that record, an unknown key
 *   inserts a record holding the key, an empty key and a key given twice fail per row.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { metaXml, packageXml, zip } from './fixtures/metadata/packages.ts';
import { connect, startTestOrg, userOf } from '../support/org.ts';
import { api } from '../support/query.ts';

type Row = Record<string, unknown>;

async function deployExternalId(conn: Connection, adminId: string, org: RunningLocalOrg) {
  const files = {
    'package.xml': packageXml({
      CustomField: ['Lead.Legacy_Key__c'],
      PermissionSet: ['Legacy_Key_Access'],
    }),
    'objects/Lead.object': metaXml(
      'CustomObject',
      `<fields>
        <fullName>Legacy_Key__c</fullName>
        <label>Legacy Key</label>
        <type>Text</type>
        <length>40</length>
        <externalId>true</externalId>
        <unique>true</unique>
    </fields>`,
    ),
    'permissionsets/Legacy_Key_Access.permissionset': metaXml(
      'PermissionSet',
      `<fieldPermissions><editable>true</editable><field>Lead.Legacy_Key__c</field><readable>true</readable></fieldPermissions>
    <label>Legacy Key Access</label>`,
    ),
  };
  const started = await conn.metadata.deploy(zip(files), { singlePackage: false });
  const deadline = Date.now() + 20_000;
  for (;;) {
    const result = await conn.metadata.checkDeployStatus(started.id, true);
    if (result.done) {
      assert.equal(result.success, true, JSON.stringify(result.details));
      break;
    }
    if (Date.now() > deadline) throw new Error(`deploy ${started.id} still ${result.status}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const set = await conn.query<{ Id: string }>(
    "SELECT Id FROM PermissionSet WHERE Name = 'Legacy_Key_Access'",
  );
  const assigned = await api(org, '/services/data/v62.0/sobjects/PermissionSetAssignment', {
    method: 'POST',
    body: JSON.stringify({ AssigneeId: adminId, PermissionSetId: set.records[0].Id }),
  });
  assert.equal(assigned.status, 201, JSON.stringify(assigned.body));
}

describe('Bulk API 2.0 writes: partner sharing and upsert on an external Id', () => {
  let org: RunningLocalOrg;
  let admin: Connection;
  before(async () => {
    org = await startTestOrg({ seed: 'demo' });
    admin = connect(org);
    admin.bulk2.pollInterval = 50;
    admin.bulk2.pollTimeout = 60_000;
  });
  after(() => org.close());

  it("a partner's Bulk job changes its own leads and cannot change another account's", async () => {
    const partner = userOf(org, 'partner');
    const mine = connect(org, partner.accessToken!);
    mine.bulk2.pollInterval = 50;
    mine.bulk2.pollTimeout = 60_000;
    const own = await mine.query<{ Id: string }>(
      'SELECT Id FROM Lead WHERE IsConverted = false ORDER BY Id LIMIT 2',
    );
    assert.equal(own.records.length, 2, 'the partner sees leads of its own');
    const others = await admin.query<{ Id: string; Rating: string | null; OwnerId: string }>(
      `SELECT Id, Rating, OwnerId FROM Lead WHERE PartnerAccountId != null AND PartnerAccountId != '${partner.accountId}' AND IsConverted = false ORDER BY Id LIMIT 3`,
    );
    assert.equal(others.records.length, 3);
    const visible = await mine.query(
      `SELECT Id FROM Lead WHERE Id IN ('${others.records.map((r) => r.Id).join("','")}')`,
    );
    assert.equal(visible.totalSize, 0, "the other account's leads are hidden from the partner");

    const input = [
      ...own.records.map((r) => ({ Id: r.Id, Rating: 'Hot', Title: 'Bulk partner' })),
      ...others.records.map((r) => ({ Id: r.Id, Rating: 'Hot', Title: 'Bulk partner' })),
    ];
    const result = await mine.bulk2.loadAndWaitForResults({
      object: 'Lead',
      operation: 'update',
      input,
    });
    assert.deepEqual(
      result.successfulResults.map((r) => (r as Row).sf__Id).sort(),
      own.records.map((r) => r.Id).sort(),
    );
    assert.equal(result.failedResults.length, 3);
    for (const failure of result.failedResults as Row[]) {
      assert.match(
        String(failure.sf__Error),
        /^INSUFFICIENT_ACCESS_OR_READONLY:/,
        String(failure.Id),
      );
    }
    assert.deepEqual(
      (result.failedResults as Row[]).map((r) => r.Id).sort(),
      others.records.map((r) => r.Id).sort(),
    );

    const after = await admin.query<{
      Id: string;
      Rating: string | null;
      Title: string | null;
      OwnerId: string;
    }>(
      `SELECT Id, Rating, Title, OwnerId FROM Lead WHERE Id IN ('${input.map((r) => r.Id).join("','")}')`,
    );
    const byId = new Map(after.records.map((r) => [r.Id, r]));
    for (const r of own.records)
      assert.equal(byId.get(r.Id)!.Title, 'Bulk partner', 'own lead changed');
    for (const r of others.records) {
      const now = byId.get(r.Id)!;
      assert.notEqual(now.Title, 'Bulk partner', `${r.Id} of another account is untouched`);
      assert.equal(now.Rating, r.Rating);
      assert.equal(now.OwnerId, r.OwnerId);
    }

    const deleted = await mine.bulk2.loadAndWaitForResults({
      object: 'Lead',
      operation: 'delete',
      input: others.records.map((r) => ({ Id: r.Id })),
    });
    assert.equal(
      deleted.successfulResults.length,
      0,
      'a partner cannot delete them by Bulk either',
    );
    assert.equal(deleted.failedResults.length, 3);
    const still = await admin.query(
      `SELECT Id FROM Lead WHERE Id IN ('${others.records.map((r) => r.Id).join("','")}')`,
    );
    assert.equal(still.totalSize, 3);
  });

  it('upserts on a custom external Id: known keys update, new keys insert, bad keys fail by row', async () => {
    const adminUser = userOf(org, 'admin');
    await deployExternalId(admin, adminUser.userId, org);
    const [first, second] = (
      await admin.query<{ Id: string }>(
        'SELECT Id FROM Lead WHERE IsConverted = false ORDER BY Id LIMIT 2',
      )
    ).records;
    await admin.sobject('Lead').update([
      { Id: first.Id, Legacy_Key__c: 'K-1' },
      { Id: second.Id, Legacy_Key__c: 'K-2' },
    ]);
    const result = await admin.bulk2.loadAndWaitForResults({
      object: 'Lead',
      operation: 'upsert',
      externalIdFieldName: 'Legacy_Key__c',
      input:
        'Legacy_Key__c,LastName,Company,Title\n' +
        'K-1,Known,Acme,Updated one\n' +
        'K-NEW,Fresh,Acme,Inserted\n' +
        ',Blank,Acme,No key\n' +
        'K-2,Twice,Acme,First of two\n' +
        'K-2,Twice,Acme,Second of two\n',
    });
    const ok = (result.successfulResults as Row[]).map((r) => [
      r.Legacy_Key__c,
      r.sf__Created,
      r.sf__Id,
    ]);
    const created = ok.find(([key]) => key === 'K-NEW');
    assert.ok(created, JSON.stringify(result));
    assert.deepEqual(ok.map(([key, wasCreated]) => [key, wasCreated]).sort(), [
      ['K-1', 'false'],
      ['K-2', 'false'],
      ['K-NEW', 'true'],
    ]);
    assert.equal(ok.find(([key]) => key === 'K-1')![2], first.Id, 'the known key updates its lead');
    const failed: [unknown, string][] = (result.failedResults as Row[]).map((r) => [
      r.Legacy_Key__c,
      String(r.sf__Error),
    ]);
    assert.equal(failed.length, 2, JSON.stringify(failed));
    assert.ok(failed.some(([key, error]) => key === '' && error.startsWith('MISSING_ARGUMENT:')));
    assert.ok(
      failed.some(([key, error]) => key === 'K-2' && error.startsWith('DUPLICATE_EXTERNAL_ID:')),
    );

    const rows = await admin.query<{ Id: string; Title: string; Legacy_Key__c: string }>(
      "SELECT Id, Title, Legacy_Key__c FROM Lead WHERE Legacy_Key__c IN ('K-1', 'K-2', 'K-NEW') ORDER BY Legacy_Key__c",
    );
    assert.deepEqual(
      rows.records.map((r) => [r.Legacy_Key__c, r.Title]),
      [
        ['K-1', 'Updated one'],
        ['K-2', 'First of two'],
        ['K-NEW', 'Inserted'],
      ],
    );
    assert.equal(rows.records[0].Id, first.Id);
    assert.equal(rows.records[1].Id, second.Id);
    assert.equal(rows.records[2].Id, created[2]);
  });
});
