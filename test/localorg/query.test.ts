import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { NOW, connect, queueId, startTestOrg } from '../support/org.ts';
import { api } from '../support/query.ts';

interface LeadRow {
  Id: string;
  Status: string;
  Country: string | null;
  Email: string | null;
  CreatedDate: string;
  OwnerId: string;
  PartnerAccountId: string | null;
  IsConverted: boolean;
  AnnualRevenue: number | null;
}

describe('SOQL over REST with jsforce', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  let leads: LeadRow[];

  const count = async (where: string): Promise<number> =>
    (await conn.query(`SELECT COUNT() FROM Lead WHERE ${where}`)).totalSize;
  const queryError = async (soql: string): Promise<{ errorCode: string; message: string }> => {
    try {
      await conn.query(soql);
    } catch (error) {
      return error as { errorCode: string; message: string };
    }
    throw new Error(`expected ${soql} to fail`);
  };

  before(async () => {
    org = await startTestOrg();
    conn = connect(org);
    const all = await conn.query<LeadRow>(
      'SELECT Id, Status, Country, Email, CreatedDate, OwnerId, PartnerAccountId, IsConverted, AnnualRevenue FROM Lead',
      { autoFetch: true, maxFetch: 100_000 },
    );
    leads = all.records;
  });
  after(() => org.close());

  it('pages 5,000 rows as 2000/2000/1000 with locators jsforce can follow', async () => {
    const first = await conn.query<{ Id: string }>('SELECT Id FROM Lead');
    assert.equal(first.totalSize, 5000);
    assert.equal(first.records.length, 2000);
    assert.equal(first.done, false);
    assert.match(
      first.nextRecordsUrl ?? '',
      /\/services\/data\/v62\.0\/query\/0r8[0-9A-Za-z]{15}-2000$/,
    );
    const second = await conn.queryMore<{ Id: string }>(first.nextRecordsUrl!);
    assert.equal(second.records.length, 2000);
    assert.equal(second.done, false);
    const third = await conn.queryMore<{ Id: string }>(second.nextRecordsUrl!);
    assert.equal(third.records.length, 1000);
    assert.equal(third.done, true);
    assert.equal(third.nextRecordsUrl, undefined);
    const ids = new Set([...first.records, ...second.records, ...third.records].map((r) => r.Id));
    assert.equal(ids.size, 5000);
    assert.equal(leads.length, 5000);
  });

  it('honours Sforce-Query-Options batchSize within 200..2000', async () => {
    const page = await api(
      org,
      `/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id FROM Lead')}`,
      {
        headers: { 'Sforce-Query-Options': 'batchSize=500' },
      },
    );
    const body = page.body as { records: unknown[]; nextRecordsUrl: string };
    assert.equal(body.records.length, 500);
    assert.match(body.nextRecordsUrl, /^\/services\/data\/v62\.0\/query\/0r8[0-9A-Za-z]{15}-500$/);
    const next = await api(org, body.nextRecordsUrl.replace('v62.0', 'v58.0'));
    assert.equal((next.body as { records: unknown[] }).records.length, 2000);
    const tiny = await api(
      org,
      `/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id FROM Lead')}`,
      {
        headers: { 'Sforce-Query-Options': 'batchSize=10' },
      },
    );
    assert.equal((tiny.body as { records: unknown[] }).records.length, 200);
    const bad = await api(org, '/services/data/v62.0/query/0r8000000000001AAA-2000');
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body, [
      { message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' },
    ]);
  });

  it('resolves polymorphic Owner fields over User and Group', async () => {
    const queue = await queueId(conn, 'Unassigned Leads');
    const byQueue = await conn.query<{
      Owner: { attributes: { type: string; url: string }; Name: string; Type: string };
    }>(`SELECT Id, Owner.Name, Owner.Type FROM Lead WHERE OwnerId = '${queue}' LIMIT 1`);
    const owner = byQueue.records[0].Owner;
    assert.equal(owner.attributes.type, 'Name');
    assert.match(owner.attributes.url, /\/sobjects\/Group\/00G/);
    assert.equal(owner.Name, 'Unassigned Leads');
    assert.equal(owner.Type, 'Queue');
    const byUser = await conn.query<{
      Owner: { attributes: { url: string }; Type: string };
      PartnerAccount: { Name: string };
    }>(
      "SELECT Owner.Type, PartnerAccount.Name FROM Lead WHERE Owner.Type = 'User' AND PartnerAccountId != null LIMIT 1",
    );
    assert.match(byUser.records[0].Owner.attributes.url, /\/sobjects\/User\/005/);
    assert.equal(byUser.records[0].Owner.Type, 'User');
    assert.equal(typeof byUser.records[0].PartnerAccount.Name, 'string');
    const none = await conn.query<{ PartnerAccount: unknown }>(
      'SELECT PartnerAccount.Name FROM Lead WHERE PartnerAccountId = null LIMIT 1',
    );
    assert.equal(none.records[0].PartnerAccount, null);
  });

  it('filters like Salesforce: comparisons, IN, LIKE, NULL, AND/OR/NOT, case-insensitive text', async () => {
    const expect = (predicate: (l: LeadRow) => boolean) => leads.filter(predicate).length;
    assert.equal(
      await count(
        "Status IN ('Open - Not Contacted', 'Working - Contacted') AND (Country = 'Germany' OR Country = 'France')",
      ),
      expect(
        (l) =>
          ['Open - Not Contacted', 'Working - Contacted'].includes(l.Status) &&
          ['Germany', 'France'].includes(l.Country ?? ''),
      ),
    );
    assert.equal(
      await count("NOT Country IN ('United States')"),
      expect((l) => l.Country !== 'United States'),
    );
    assert.equal(
      await count("Country NOT IN ('United States', 'Canada')"),
      expect((l) => !['United States', 'Canada'].includes(l.Country ?? '')),
    );
    assert.equal(
      await count("Status = 'open - not contacted'"),
      expect((l) => l.Status === 'Open - Not Contacted'),
    );
    assert.equal(
      await count("Email LIKE 'ANA.%'"),
      expect((l) => (l.Email ?? '').startsWith('ana.')),
    );
    assert.equal(
      await count('AnnualRevenue > 25000000'),
      expect((l) => (l.AnnualRevenue ?? 0) > 25_000_000),
    );
    assert.equal(
      await count('IsConverted = true'),
      expect((l) => l.IsConverted),
    );
    assert.equal(
      await count('PartnerAccountId = null'),
      expect((l) => l.PartnerAccountId === null),
    );
    assert.equal(
      await count('PartnerAccountId != null'),
      expect((l) => l.PartnerAccountId !== null),
    );
    assert.ok(expect((l) => l.PartnerAccountId !== null) > 0);
  });

  it('evaluates date literals and date-time values against the org clock', async () => {
    const start = (days: number) =>
      Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth(), NOW.getUTCDate() - days);
    const created = (l: LeadRow) => Date.parse(l.CreatedDate.replace('+0000', 'Z'));
    const expect = (predicate: (l: LeadRow) => boolean) => leads.filter(predicate).length;
    assert.equal(
      await count('CreatedDate = LAST_N_DAYS:30'),
      expect((l) => created(l) >= start(30)),
    );
    assert.equal(
      await count('CreatedDate < LAST_N_DAYS:30'),
      expect((l) => created(l) < start(30)),
    );
    assert.equal(
      await count('CreatedDate = TODAY'),
      expect((l) => created(l) >= start(0)),
    );
    assert.equal(
      await count('CreatedDate = THIS_MONTH'),
      expect((l) => created(l) >= Date.UTC(2026, 0, 1) && created(l) < Date.UTC(2026, 1, 1)),
    );
    assert.equal(
      await count('CreatedDate < 2025-06-01T00:00:00Z'),
      expect((l) => created(l) < Date.UTC(2025, 5, 1)),
    );
    assert.ok(expect((l) => created(l) >= start(30)) > 100);
  });

  it('runs semi-joins and anti-joins', async () => {
    assert.equal(
      await count("OwnerId IN (SELECT Id FROM User WHERE UserType = 'PowerPartner')"),
      leads.filter((l) => l.PartnerAccountId !== null).length,
    );
    assert.equal(
      await count('OwnerId NOT IN (SELECT Id FROM User)'),
      leads.filter((l) => l.OwnerId.startsWith('00G')).length,
    );
  });

  it('orders with NULLS FIRST/LAST, limits and refuses OFFSET past 2,000', async () => {
    const top = await conn.query<{ Id: string; AnnualRevenue: number }>(
      'SELECT Id, AnnualRevenue FROM Lead ORDER BY AnnualRevenue DESC, Id ASC LIMIT 5',
    );
    const expected = [...leads]
      .sort((a, b) => (b.AnnualRevenue ?? 0) - (a.AnnualRevenue ?? 0) || (a.Id < b.Id ? -1 : 1))
      .slice(0, 5)
      .map((l) => l.Id);
    assert.deepEqual(
      top.records.map((r) => r.Id),
      expected,
    );
    const nullsLast = await conn.query<{ PartnerAccountId: string | null }>(
      'SELECT PartnerAccountId FROM Lead ORDER BY PartnerAccountId NULLS LAST LIMIT 1',
    );
    assert.notEqual(nullsLast.records[0].PartnerAccountId, null);
    const nullsFirst = await conn.query<{ PartnerAccountId: string | null }>(
      'SELECT PartnerAccountId FROM Lead ORDER BY PartnerAccountId DESC NULLS FIRST LIMIT 1',
    );
    assert.equal(nullsFirst.records[0].PartnerAccountId, null);
    const atLimit = await conn.query<{ Id: string }>(
      'SELECT Id FROM Lead ORDER BY Id LIMIT 3 OFFSET 2000',
    );
    assert.deepEqual(
      atLimit.records.map((r) => r.Id),
      [...leads]
        .map((l) => l.Id)
        .sort()
        .slice(2000, 2003),
    );
    const error = await queryError('SELECT Id FROM Lead LIMIT 10 OFFSET 2001');
    assert.equal(error.errorCode, 'NUMBER_OUTSIDE_VALID_RANGE');
  });

  it('aggregates with GROUP BY, aliases and exprN names', async () => {
    const result = await conn.query<{ Status: string; n: number; expr0: number }>(
      'SELECT Status, COUNT(Id) n, MAX(AnnualRevenue) FROM Lead GROUP BY Status ORDER BY Status',
    );
    assert.equal(result.records.length, 4);
    for (const row of result.records) {
      const group = leads.filter((l) => l.Status === row.Status);
      assert.equal(row.n, group.length);
      assert.equal(row.expr0, Math.max(...group.map((l) => l.AnnualRevenue ?? 0)));
      assert.deepEqual((row as unknown as { attributes: unknown }).attributes, {
        type: 'AggregateResult',
      });
    }
    const total = await conn.query('SELECT COUNT() FROM Lead');
    assert.equal(total.totalSize, 5000);
    assert.deepEqual(total.records, []);
  });

  it('accepts 15-character Ids in filters and answers with 18-character Ids', async () => {
    const id18 = leads[7].Id;
    const result = await conn.query<{ Id: string }>(
      `SELECT Id FROM Lead WHERE Id = '${id18.slice(0, 15)}'`,
    );
    assert.deepEqual(
      result.records.map((r) => r.Id),
      [id18],
    );
    const lower = await conn.query<{ Id: string }>(
      `SELECT Id FROM Lead WHERE Id IN ('${id18.toLowerCase()}')`,
    );
    assert.deepEqual(
      lower.records.map((r) => r.Id),
      [id18],
    );
  });

  it("refuses bad queries with Salesforce's error codes", async () => {
    const type = await queryError('SELECT Id FROM Leed');
    assert.equal(type.errorCode, 'INVALID_TYPE');
    assert.match(type.message, /sObject type 'Leed' is not supported/);
    const field = await queryError('SELECT Id, Bogus FROM Lead');
    assert.equal(field.errorCode, 'INVALID_FIELD');
    assert.match(
      field.message,
      /ERROR at Row:1:Column:12\nNo such column 'Bogus' on entity 'Lead'/,
    );
    assert.equal((await queryError('SELECT Bogus.Name FROM Lead')).errorCode, 'INVALID_FIELD');
    assert.equal((await queryError('SELECT FROM Lead')).errorCode, 'MALFORMED_QUERY');
    assert.equal(
      (await queryError('SELECT Status, COUNT(Id) FROM Lead')).errorCode,
      'MALFORMED_QUERY',
    );
    assert.equal(
      (await queryError("SELECT Id FROM Lead WHERE IsConverted = 'yes'")).errorCode,
      'INVALID_FIELD',
    );
    assert.equal(
      (await queryError("SELECT Id FROM Lead WHERE Id = 'nope'")).errorCode,
      'INVALID_QUERY_FILTER_OPERATOR',
    );
    // @salesforce/core's dev hub probe must get a 400 from a non-dev-hub org.
    assert.equal(
      (await queryError('SELECT Id FROM ScratchOrgInfo limit 1')).errorCode,
      'INVALID_TYPE',
    );
  });

  it('keeps deleted records for queryAll only', async () => {
    const victim = leads[11].Id;
    await conn.sobject('Lead').destroy(victim);
    assert.equal((await conn.query('SELECT COUNT() FROM Lead')).totalSize, 4999);
    const all = await conn.query<{ Id: string; IsDeleted: boolean }>(
      `SELECT Id, IsDeleted FROM Lead WHERE Id = '${victim}'`,
      {
        scanAll: true,
      },
    );
    assert.deepEqual(
      all.records.map((r) => [r.Id, r.IsDeleted]),
      [[victim, true]],
    );
  });
});
