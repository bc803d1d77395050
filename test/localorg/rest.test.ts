import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { connect, startTestOrg } from '../support/org.ts';
import { api } from '../support/query.ts';

const NO_ASSIGN = { headers: { 'Sforce-Auto-Assign': 'FALSE' } };

async function failure(promise: Promise<unknown>): Promise<{ errorCode: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { errorCode: string; message: string };
  }
  throw new Error('expected a failure');
}

describe('REST resources with jsforce', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startTestOrg();
    conn = connect(org);
  });
  after(() => org.close());

  it('lists versions up to 65.0, serves every version from 31.0 and collapses //', async () => {
    const versions = (await api(org, '/services/data')).body as { version: string; url: string }[];
    assert.equal(versions[0].version, '31.0');
    assert.deepEqual(versions.at(-1), {
      label: "Winter '26",
      url: '/services/data/v65.0',
      version: '65.0',
    });
    for (const v of ['v31.0', 'v51.0', 'v65.0'])
      assert.equal((await api(org, `/services/data/${v}`)).status, 200);
    for (const v of ['v30.0', 'v66.0', '62.0']) {
      const res = await api(org, `/services/data/${v}/limits`);
      assert.equal(res.status, 404);
      assert.deepEqual(res.body, [
        { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' },
      ]);
    }
    assert.equal((await api(org, '//services/data/v62.0//limits/')).status, 200);
  });

  it('keeps connections alive for at least 65 seconds', async () => {
    const res = await fetch(`${org.url}/services/data`);
    await res.text();
    assert.match(res.headers.get('keep-alive') ?? '', /timeout=(6[5-9]|[7-9]\d|\d{3,})/);
  });

  it('counts API requests in Sforce-Limit-Info and /limits', async () => {
    await conn.query('SELECT Id FROM Organization');
    assert.ok(conn.limitInfo.apiUsage);
    const used = conn.limitInfo.apiUsage.used;
    assert.equal(conn.limitInfo.apiUsage.limit, 15000);
    const limits = (await conn.limits()) as unknown as {
      DailyApiRequests: { Max: number; Remaining: number };
    };
    assert.equal(limits.DailyApiRequests.Max, 15000);
    assert.equal(limits.DailyApiRequests.Remaining, 15000 - used - 1);
  });

  it('answers a bad token with 401 INVALID_SESSION_ID', async () => {
    const res = await api(org, '/services/data/v62.0/sobjects', {
      token: '00D000000000001!AQbogus',
    });
    assert.equal(res.status, 401);
    assert.deepEqual(res.body, [
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
    ]);
    const missing = await fetch(`${org.url}/services/data/v62.0/sobjects`);
    assert.equal(missing.status, 401);
    assert.equal(missing.headers.get('content-type'), 'application/json;charset=UTF-8');
  });

  it('describes the catalogue: describeGlobal and sObject describe', async () => {
    const global = await conn.describeGlobal();
    const names = global.sobjects.map((s) => s.name);
    for (const name of [
      'Lead',
      'Account',
      'Contact',
      'User',
      'Group',
      'QueueSobject',
      'Network',
      'NetworkMemberGroup',
      'PermissionSetAssignment',
      'AssignmentRule',
      'EntityDefinition',
    ]) {
      assert.ok(names.includes(name), name);
    }
    const lead = await conn.sobject('Lead').describe();
    assert.equal(lead.keyPrefix, '00Q');
    const owner = lead.fields.find((f) => f.name === 'OwnerId')!;
    assert.deepEqual(owner.referenceTo, ['Group', 'User']);
    assert.equal(owner.relationshipName, 'Owner');
    assert.equal((owner as unknown as Record<string, unknown>).polymorphicForeignKey, true);
    const partner = lead.fields.find((f) => f.name === 'PartnerAccountId')!;
    assert.equal(partner.createable, false);
    assert.equal(partner.updateable, false);
    const lastName = lead.fields.find((f) => f.name === 'LastName')!;
    assert.equal(lastName.nillable, false);
    assert.equal(lead.fields.find((f) => f.name === 'IsUnreadByOwner')!.updateable, true);
    const account = await conn.sobject('Account').describe();
    assert.ok(
      account.childRelationships.some(
        (r) => r.childSObject === 'Contact' && r.relationshipName === 'Contacts',
      ),
    );
    assert.equal((await api(org, '/services/data/v62.0/sobjects/Nope/describe')).status, 404);
  });

  it('creates, reads (with fields and 15-character Ids), updates and deletes a record', async () => {
    const created = await conn
      .sobject('Lead')
      .create({ LastName: 'Okafor', Company: 'Kite Labs', Country: 'Spain' }, NO_ASSIGN);
    assert.equal(created.success, true);
    const id = created.id!;
    assert.match(id, /^00Q[0-9A-Za-z]{15}$/);
    const full = (await conn.sobject('Lead').retrieve(id)) as Record<string, unknown>;
    assert.equal(full.Name, 'Okafor');
    assert.equal(full.Status, 'Open - Not Contacted');
    assert.equal(full.OwnerId, org.admin.userId);
    assert.equal(full.IsUnreadByOwner, true);
    assert.match(String(full.CreatedDate), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    const some = await api(
      org,
      `/services/data/v62.0/sobjects/Lead/${id.slice(0, 15)}?fields=Company,Country`,
    );
    assert.deepEqual(some.body, {
      attributes: { type: 'Lead', url: `/services/data/v62.0/sobjects/Lead/${id}` },
      Company: 'Kite Labs',
      Country: 'Spain',
    });
    await conn.sobject('Lead').update({ Id: id.slice(0, 15), FirstName: 'Ngozi' }, NO_ASSIGN);
    assert.equal(
      ((await conn.sobject('Lead').retrieve(id)) as Record<string, unknown>).Name,
      'Ngozi Okafor',
    );
    await conn.sobject('Lead').destroy(id);
    assert.equal((await failure(conn.sobject('Lead').retrieve(id))).errorCode, 'NOT_FOUND');
  });

  it('refuses bad writes with Salesforce error codes', async () => {
    const missing = await failure(conn.sobject('Lead').create({ Company: 'No Name' }, NO_ASSIGN));
    assert.equal(missing.errorCode, 'REQUIRED_FIELD_MISSING');
    assert.match(missing.message, /Required fields are missing: \[LastName\]/);
    assert.equal(
      (await failure(conn.sobject('Lead').create({ LastName: 'X', Company: 'Y', Bogus: 1 })))
        .errorCode,
      'INVALID_FIELD',
    );
    const readonly = await failure(
      conn.sobject('Lead').create({ LastName: 'X', Company: 'Y', PartnerAccountId: null }),
    );
    assert.equal(readonly.errorCode, 'INVALID_FIELD_FOR_INSERT_UPDATE');
    const email = await failure(
      conn.sobject('Lead').create({ LastName: 'X', Company: 'Y', Email: 'not-an-email' }),
    );
    assert.equal(email.errorCode, 'INVALID_EMAIL_ADDRESS');
    const org2 = await failure(conn.sobject('Organization').create({ Name: 'Another' }));
    assert.equal(org2.errorCode, 'INVALID_TYPE_FOR_OPERATION');
  });

  it('runs sObject Collections: 200-record cap, per-record statusCode, allOrNone rollback', async () => {
    const { records } = await conn.query<{ Id: string }>(
      'SELECT Id FROM Lead WHERE IsConverted = false ORDER BY Id LIMIT 201',
    );
    const tooMany = await api(org, '/services/data/v62.0/composite/sobjects', {
      method: 'PATCH',
      body: JSON.stringify({
        allOrNone: false,
        records: records.map((r) => ({ attributes: { type: 'Lead' }, id: r.Id, Rating: 'Hot' })),
      }),
    });
    assert.equal(tooMany.status, 400);
    assert.deepEqual(tooMany.body, [
      {
        message: 'record limit reached. cannot submit more than 200 records into this call',
        errorCode: 'EXCEEDED_ID_LIMIT',
      },
    ]);
    const viaJsforce = await failure(
      conn.sobject('Lead').update(
        records.map((r) => ({ Id: r.Id, Rating: 'Hot' })),
        NO_ASSIGN,
      ),
    );
    assert.equal(viaJsforce.errorCode, 'EXCEEDED_ID_LIMIT');

    const [a, b, c] = records;
    const partial = await conn.sobject('Lead').update(
      [
        { Id: a.Id, Rating: 'Cold' },
        { Id: b.Id, OwnerId: '005000000000zzzAAA' },
        { Id: c.Id, Rating: 'Cold' },
      ],
      { ...NO_ASSIGN, allOrNone: false },
    );
    assert.deepEqual(
      partial.map((r) => r.success),
      [true, false, true],
    );
    const bad = partial[1] as unknown as {
      id: string;
      errors: { statusCode: string; fields: string[] }[];
    };
    assert.equal(bad.id, b.Id);
    assert.equal(bad.errors[0].statusCode, 'INVALID_CROSS_REFERENCE_KEY');
    assert.deepEqual(bad.errors[0].fields, ['OwnerId']);

    const atomic = await conn.sobject('Lead').update(
      [
        { Id: a.Id, Rating: 'Warm' },
        { Id: b.Id, LastName: null },
      ],
      { ...NO_ASSIGN, allOrNone: true },
    );
    const [rolled, failed] = atomic as unknown as {
      success: boolean;
      errors: { statusCode: string }[];
    }[];
    assert.equal(rolled.success, false);
    assert.equal(rolled.errors[0].statusCode, 'ALL_OR_NONE_OPERATION_ROLLED_BACK');
    assert.equal(failed.errors[0].statusCode, 'REQUIRED_FIELD_MISSING');
    const after = (await conn.sobject('Lead').retrieve(a.Id)) as Record<string, unknown>;
    assert.equal(after.Rating, 'Cold');

    const created = await conn.sobject('Lead').create(
      [
        { LastName: 'One', Company: 'C1' },
        { LastName: 'Two', Company: 'C2' },
      ],
      NO_ASSIGN,
    );
    const ids = created.map((r) => r.id!);
    const fetched = (await conn
      .sobject('Lead')
      .retrieve(ids, { fields: ['LastName'] })) as unknown as { LastName: string }[];
    assert.deepEqual(
      fetched.map((r) => r.LastName),
      ['One', 'Two'],
    );
    const removed = await conn.sobject('Lead').destroy(ids);
    assert.deepEqual(
      removed.map((r) => r.success),
      [true, true],
    );
  });
});
