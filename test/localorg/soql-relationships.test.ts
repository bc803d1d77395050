/**
 * SOQL over REST as jsforce reads it (issue 12, item 2): child-relationship subqueries nested per
 * parent under the relationship names describe lists, nested subqueries from API 58.0, TYPEOF on
 * polymorphic owners, the column metadata the sf CLI asks for, and the queries Salesforce refuses,
 * with its error codes (the rules and their sources are at the top of localorg/soql/compile.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { compileSoql } from '../../localorg/soql/compile.ts';
import { FORCE_APP, connect, startTestOrg } from '../support/org.ts';
import { api } from '../support/query.ts';

interface Nested<T> {
  totalSize: number;
  done: boolean;
  records: T[];
}

interface ContactRow {
  attributes: { type: string; url: string };
  LastName: string;
}

interface AccountRow {
  Id: string;
  Name: string;
  Contacts: Nested<ContactRow> | null;
}

describe('SOQL relationship queries over REST with jsforce', () => {
  let org: RunningLocalOrg;
  let conn: Connection;

  const refusal = async (
    soql: string,
    version = '62.0',
  ): Promise<{ errorCode: string; message: string }> => {
    const res = await api(org, `/services/data/v${version}/query?q=${encodeURIComponent(soql)}`);
    assert.equal(res.status, 400, `${soql} should be refused: ${JSON.stringify(res.body)}`);
    const [error] = res.body as { errorCode: string; message: string }[];
    return error;
  };
  const create = async (type: string, values: Record<string, unknown>): Promise<string> => {
    const result = await conn.sobject(type).create(values);
    if (!result.success) throw new Error(JSON.stringify(result));
    return result.id;
  };

  before(async () => {
    org = await startTestOrg({ deploy: [FORCE_APP] });
    conn = connect(org);
  });
  after(() => org.close());

  it('nests each parent’s children as a query result of their own, under describe’s relationship name', async () => {
    const describe = await conn.describe('Account');
    const relationship = describe.childRelationships.find(
      (r) => r.childSObject === 'Contact' && r.field === 'AccountId',
    );
    assert.equal(relationship?.relationshipName, 'Contacts');
    const lonely = await create('Account', { Name: 'Zz Lonely Account' });

    const result = await conn.query<AccountRow>(
      'SELECT Id, Name, (SELECT LastName FROM Contacts ORDER BY LastName) FROM Account ORDER BY Name',
    );
    const contacts = await conn.query<{ AccountId: string; LastName: string }>(
      'SELECT AccountId, LastName FROM Contact WHERE AccountId != null',
    );
    assert.ok(result.records.length >= 3);
    for (const account of result.records) {
      const expected = contacts.records
        .filter((c) => c.AccountId === account.Id)
        .map((c) => c.LastName)
        .sort((a, b) => a.localeCompare(b));
      if (expected.length === 0) {
        // A parent without children gets null, not an empty result.
        assert.equal(account.Contacts, null, account.Name);
        continue;
      }
      assert.equal(account.Contacts?.totalSize, expected.length);
      assert.equal(account.Contacts?.done, true);
      assert.deepEqual(
        account.Contacts?.records.map((c) => c.LastName),
        expected,
      );
      assert.equal(account.Contacts?.records[0].attributes.type, 'Contact');
      assert.match(
        account.Contacts?.records[0].attributes.url ?? '',
        /\/v62\.0\/sobjects\/Contact\/003/,
      );
    }
    assert.equal(result.records.find((a) => a.Id === lonely)?.Contacts, null);
  });

  it('filters, orders and limits the children, and pages parents with their children attached', async () => {
    const [first] = (
      await conn.query<{ Id: string }>(
        'SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact) ORDER BY Name LIMIT 1',
      )
    ).records;
    const limited = await conn.query<AccountRow>(
      `SELECT Name, (SELECT LastName FROM Contacts WHERE LastName != null ORDER BY LastName DESC LIMIT 2) FROM Account WHERE Id = '${first.Id}'`,
    );
    const all = await conn.query<{ LastName: string }>(
      `SELECT LastName FROM Contact WHERE AccountId = '${first.Id}' ORDER BY LastName DESC`,
    );
    assert.deepEqual(
      limited.records[0].Contacts?.records.map((c) => c.LastName),
      all.records.slice(0, 2).map((c) => c.LastName),
    );
    // OFFSET in a subquery is allowed under a parent LIMIT 1 (SOQL reference, OFFSET).
    const offset = await conn.query<AccountRow>(
      `SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName DESC LIMIT 1 OFFSET 1) FROM Account WHERE Id = '${first.Id}' LIMIT 1`,
    );
    assert.deepEqual(
      offset.records[0].Contacts?.records.map((c) => c.LastName),
      [all.records[1].LastName],
    );

    const page = await api(
      org,
      `/services/data/v62.0/query?q=${encodeURIComponent('SELECT Name, (SELECT LastName FROM Contacts) FROM Account ORDER BY Name')}`,
      { headers: { 'Sforce-Query-Options': 'batchSize=200' } },
    );
    const body = page.body as { records: AccountRow[]; done: boolean };
    assert.ok(body.records.some((a) => a.Contacts !== null));
  });

  it('answers nested subqueries from API 58.0 and refuses them before', async () => {
    const parent = await create('Account', { Name: 'Nest Holdings' });
    const child = await create('Account', { Name: 'Nest Europe', ParentId: parent });
    await create('Account', { Name: 'Nest Asia', ParentId: parent });
    await create('Contact', { LastName: 'Nestor', AccountId: child });
    const soql = `SELECT Name, (SELECT Name, (SELECT LastName FROM Contacts) FROM ChildAccounts ORDER BY Name) FROM Account WHERE Id = '${parent}'`;
    const res = await api(org, `/services/data/v62.0/query?q=${encodeURIComponent(soql)}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const [holdings] = (
      res.body as {
        records: { ChildAccounts: Nested<{ Name: string; Contacts: Nested<ContactRow> | null }> }[];
      }
    ).records;
    assert.deepEqual(
      holdings.ChildAccounts.records.map((a) => [
        a.Name,
        a.Contacts?.records.map((c) => c.LastName) ?? null,
      ]),
      [
        ['Nest Asia', null],
        ['Nest Europe', ['Nestor']],
      ],
    );
    const old = await refusal(soql, '57.0');
    assert.equal(old.errorCode, 'MALFORMED_QUERY');
    assert.match(old.message, /No more than 2 levels of parent-to-child relationships/);
  });

  it('reads custom child relationships by their __r name, as describe lists it', async () => {
    const describe = await conn.describe('Lead_Assignment_Batch__c');
    const relationship = describe.childRelationships.find(
      (r) => r.childSObject === 'Lead_Assignment_Log__c',
    );
    assert.equal(relationship?.relationshipName, 'Logs__r');
    const batch = await create('Lead_Assignment_Batch__c', { Total__c: 2 });
    await create('Lead_Assignment_Log__c', { Batch__c: batch, Reason__c: 'ROUND_ROBIN' });
    await create('Lead_Assignment_Log__c', { Batch__c: batch, Reason__c: 'DIRECT' });
    const result = await conn.query<{
      Logs__r: Nested<{ Reason__c: string }>;
    }>(
      `SELECT Id, (SELECT Reason__c FROM Logs__r ORDER BY Reason__c) FROM Lead_Assignment_Batch__c WHERE Id = '${batch}'`,
    );
    assert.deepEqual(
      result.records[0].Logs__r.records.map((r) => r.Reason__c),
      ['DIRECT', 'ROUND_ROBIN'],
    );
    const wrong = await refusal('SELECT Id, (SELECT Id FROM Logs) FROM Lead_Assignment_Batch__c');
    assert.equal(wrong.errorCode, 'INVALID_TYPE');
    assert.match(wrong.message, /Didn't understand relationship 'Logs'/);
  });

  it('selects TYPEOF fields by the type each owner really is', async () => {
    const result = await conn.query<{
      Owner: { attributes: { type: string; url: string }; [field: string]: unknown };
    }>(
      'SELECT Id, TYPEOF Owner WHEN User THEN Name, Email WHEN Group THEN Name, Type END FROM Lead ORDER BY Id',
    );
    const owners = await conn.query<{ Id: string; OwnerId: string }>(
      'SELECT Id, OwnerId FROM Lead ORDER BY Id',
    );
    assert.equal(result.records.length, owners.records.length);
    const users = result.records.filter((r) => r.Owner.attributes.type === 'User');
    const queues = result.records.filter((r) => r.Owner.attributes.type === 'Group');
    assert.equal(users.length + queues.length, result.records.length);
    assert.ok(users.length > 0 && queues.length > 0);
    result.records.forEach((r, i) => {
      assert.ok(r.Owner.attributes.url.endsWith(`/${owners.records[i].OwnerId}`));
    });
    assert.deepEqual(Object.keys(users[0].Owner).sort(), ['Email', 'Name', 'attributes']);
    assert.match(String(users[0].Owner.Email), /@/);
    assert.deepEqual(Object.keys(queues[0].Owner).sort(), ['Name', 'Type', 'attributes']);
    assert.equal(queues[0].Owner.Type, 'Queue');

    // ELSE covers every type no WHEN names; a type with no branch keeps its attributes only.
    const otherwise = await conn.query<{ Owner: Record<string, unknown> }>(
      "SELECT TYPEOF Owner WHEN User THEN Username ELSE Name END FROM Lead WHERE Owner.Type = 'Queue' LIMIT 1",
    );
    assert.deepEqual(Object.keys(otherwise.records[0].Owner).sort(), ['Name', 'attributes']);
    const bare = await conn.query<{ Owner: Record<string, unknown> }>(
      "SELECT TYPEOF Owner WHEN User THEN Username END FROM Lead WHERE Owner.Type = 'Queue' LIMIT 1",
    );
    assert.deepEqual(Object.keys(bare.records[0].Owner), ['attributes']);
  });

  it('describes subqueries and TYPEOF columns as the sf CLI reads them (columns=true)', async () => {
    const res = await api(
      org,
      `/services/data/v62.0/query?columns=true&q=${encodeURIComponent(
        'SELECT Name, TYPEOF Owner WHEN User THEN Name, Email WHEN Group THEN Name END, (SELECT LastName FROM Contacts) FROM Account',
      )}`,
    );
    assert.equal(res.status, 400, 'Account.Owner is not polymorphic');
    const columns = await api(
      org,
      `/services/data/v62.0/query?columns=true&q=${encodeURIComponent(
        'SELECT Name, (SELECT LastName, Account.Name FROM Contacts) FROM Account',
      )}`,
    );
    const metadata = (
      columns.body as {
        columnMetadata: {
          columnName: string;
          aggregate: boolean;
          joinColumns: { columnName: string; joinColumns: { columnName: string }[] }[];
        }[];
      }
    ).columnMetadata;
    assert.deepEqual(
      metadata.map((c) => [c.columnName, c.aggregate]),
      [
        ['Name', false],
        ['Contacts', true],
      ],
    );
    assert.deepEqual(
      metadata[1].joinColumns.map((c) => [c.columnName, c.joinColumns.map((j) => j.columnName)]),
      [
        ['LastName', []],
        ['Account', ['Name']],
      ],
    );
    const typeOf = await api(
      org,
      `/services/data/v62.0/query?columns=true&q=${encodeURIComponent(
        'SELECT Name, TYPEOF Owner WHEN User THEN Name, Email WHEN Group THEN Name END FROM Lead',
      )}`,
    );
    const owner = (
      typeOf.body as {
        columnMetadata: { columnName: string; joinColumns: { columnName: string }[] }[];
      }
    ).columnMetadata[1];
    assert.equal(owner.columnName, 'Owner');
    assert.deepEqual(
      owner.joinColumns.map((c) => c.columnName),
      ['Name', 'Email'],
    );
  });

  it('refuses what Salesforce refuses, with its error codes', async () => {
    const cases: [string, string, RegExp][] = [
      ['SELECT COUNT() FROM Lead ORDER BY Name', 'MALFORMED_QUERY', /COUNT\(\) and ORDER BY/],
      ['SELECT COUNT() FROM Lead GROUP BY Status', 'MALFORMED_QUERY', /COUNT\(\) and GROUP BY/],
      ['SELECT COUNT(Id) FROM Lead LIMIT 1', 'MALFORMED_QUERY', /LIMIT/],
      ['SELECT MAX(AnnualRevenue) FROM Lead LIMIT 5', 'MALFORMED_QUERY', /no GROUP BY/],
      ['SELECT Id FROM Lead LIMIT 1 FOR UPDATE', 'MALFORMED_QUERY', /FOR UPDATE/],
      ['SELECT Id FROM Lead ORDER BY Name FOR UPDATE', 'MALFORMED_QUERY', /FOR UPDATE/],
      [
        'SELECT Status, COUNT(Id) FROM Lead',
        'MALFORMED_QUERY',
        /Field must be grouped or aggregated/,
      ],
      [
        'SELECT Name, (SELECT LastName FROM Contacts OFFSET 1) FROM Account',
        'MALFORMED_QUERY',
        /OFFSET only if the parent query has a LIMIT 1/,
      ],
      [
        'SELECT Id FROM Lead WHERE OwnerId IN (SELECT Id FROM User LIMIT 5 OFFSET 1)',
        'MALFORMED_QUERY',
        /OFFSET/,
      ],
      [
        'SELECT Name, (SELECT Id FROM Contacts) FROM Account GROUP BY Name',
        'MALFORMED_QUERY',
        /subqueries cannot be used in a query with GROUP BY/,
      ],
      [
        'SELECT Id FROM Lead WHERE OwnerId IN (SELECT Id FROM User) LIMIT 10 OFFSET 2001',
        'NUMBER_OUTSIDE_VALID_RANGE',
        /2000/,
      ],
      [
        "SELECT Id FROM Account WHERE Description = 'x'",
        'INVALID_FIELD',
        /field 'Description' can not be filtered in a query call/,
      ],
      [
        'SELECT Id FROM Account ORDER BY Description',
        'MALFORMED_QUERY',
        /field 'Description' can not be sorted in a query call/,
      ],
      [
        'SELECT AnnualRevenue, COUNT(Id) FROM Lead GROUP BY AnnualRevenue',
        'INVALID_FIELD',
        /field 'AnnualRevenue' can not be grouped in a query call/,
      ],
      ['SELECT FIELDS(CUSTOM) FROM Account', 'MALFORMED_QUERY', /LIMIT of at most 200/],
      [
        'SELECT TYPEOF PartnerAccount WHEN Account THEN Name END FROM Lead',
        'MALFORMED_QUERY',
        /polymorphic/,
      ],
      [
        'SELECT Owner.Name, TYPEOF Owner WHEN User THEN Name END FROM Lead',
        'MALFORMED_QUERY',
        /also be referenced/,
      ],
      [
        'SELECT TYPEOF Owner WHEN Account THEN Name END FROM Lead',
        'MALFORMED_QUERY',
        /Account is not a type/,
      ],
      [
        'SELECT Status, TYPEOF Owner WHEN User THEN Name END FROM Lead GROUP BY Status',
        'MALFORMED_QUERY',
        /TYPEOF/,
      ],
    ];
    for (const [soql, code, message] of cases) {
      const error = await refusal(soql);
      assert.equal(error.errorCode, code, soql);
      assert.match(error.message, message, soql);
    }
    // jsforce surfaces the code as the error's name, as the sf CLI reads it.
    await assert.rejects(async () => conn.query('SELECT COUNT() FROM Lead ORDER BY Name'), {
      name: 'MALFORMED_QUERY',
    });
    // Still accepted: COUNT() with LIMIT, aggregates with GROUP BY and LIMIT, FIELDS(CUSTOM) with a LIMIT.
    assert.ok((await conn.query('SELECT COUNT() FROM Lead LIMIT 10')).totalSize <= 10);
    assert.equal(
      (await conn.query('SELECT Status, COUNT(Id) FROM Lead GROUP BY Status LIMIT 2')).records
        .length,
      2,
    );
    const custom = await conn.query<Record<string, unknown>>(
      'SELECT FIELDS(CUSTOM) FROM Lead_Assignment_Batch__c LIMIT 1',
    );
    for (const record of custom.records) {
      for (const key of Object.keys(record)) {
        assert.ok(key === 'attributes' || key.endsWith('__c'), key);
      }
    }
  });

  it('lets Apex lock rows with FOR UPDATE, but not with ORDER BY', () => {
    const ctx = {
      catalog: org.org.catalog,
      session: org.org.sessionForUser(org.admin.userId)!,
      now: new Date(),
      includeDeleted: false,
      binds: () => ({ found: false, value: null }),
    };
    assert.doesNotThrow(() => compileSoql(ctx, 'SELECT Id FROM Lead LIMIT 2 FOR UPDATE'));
    assert.throws(() => compileSoql(ctx, 'SELECT Id FROM Lead ORDER BY Name FOR UPDATE'), {
      errorCode: 'MALFORMED_QUERY',
    });
  });
});
