/**
 * SOQL's rules for null and for date literals, checked over REST with jsforce against ranges
 * written out by hand for the test clock (Saturday 2026-01-10), not computed by the org's code:
 * - `!=` and `NOT IN` keep rows whose field is null (SOQL and SOQL and SOSL Reference,
 *   "Comparison Operators": `!=` "Expression is true if the value in the specified fieldName
 *   does not equal the specified value"; a null field does not equal 'Germany'), and
 *   `Country = null`, `Country != null` test for null;
 * - date literals in days, weeks (weeks start on Sunday), months, quarters and years, with
 *   every operator: `=` is inside the range, `<` before it, `<=` before its end, `>` after it,
 *   `>=` from its start, `!=` outside it (a null date included).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { connect, startTestOrg } from '../support/org.ts';

interface LeadRow {
  Id: string;
  Country: string | null;
  CreatedDate: string;
  ConvertedDate: string | null;
}

/** Each literal's [start, end) as UTC dates, for NOW = Saturday 2026-01-10. */
const RANGES: [string, string, string][] = [
  ['THIS_WEEK', '2026-01-04', '2026-01-11'],
  ['LAST_WEEK', '2025-12-28', '2026-01-04'],
  ['NEXT_WEEK', '2026-01-11', '2026-01-18'],
  ['LAST_N_WEEKS:6', '2025-11-23', '2026-01-04'],
  ['N_WEEKS_AGO:3', '2025-12-14', '2025-12-21'],
  ['THIS_QUARTER', '2026-01-01', '2026-04-01'],
  ['LAST_QUARTER', '2025-10-01', '2026-01-01'],
  ['LAST_N_QUARTERS:2', '2025-07-01', '2026-01-01'],
  ['N_QUARTERS_AGO:2', '2025-07-01', '2025-10-01'],
  ['THIS_FISCAL_QUARTER', '2026-01-01', '2026-04-01'],
  ['THIS_YEAR', '2026-01-01', '2027-01-01'],
  ['LAST_YEAR', '2025-01-01', '2026-01-01'],
  ['LAST_N_YEARS:2', '2024-01-01', '2026-01-01'],
  ['N_YEARS_AGO:1', '2025-01-01', '2026-01-01'],
  ['LAST_FISCAL_YEAR', '2025-01-01', '2026-01-01'],
  ['NEXT_N_WEEKS:2', '2026-01-11', '2026-01-25'],
  ['NEXT_QUARTER', '2026-04-01', '2026-07-01'],
  ['NEXT_N_QUARTERS:2', '2026-04-01', '2026-10-01'],
  ['NEXT_YEAR', '2027-01-01', '2028-01-01'],
  ['NEXT_N_YEARS:2', '2027-01-01', '2029-01-01'],
  // Days (the current day is one of the last 90) and months.
  ['YESTERDAY', '2026-01-09', '2026-01-10'],
  ['TODAY', '2026-01-10', '2026-01-11'],
  ['TOMORROW', '2026-01-11', '2026-01-12'],
  ['LAST_N_DAYS:7', '2026-01-03', '2026-01-11'],
  ['NEXT_N_DAYS:7', '2026-01-11', '2026-01-18'],
  ['N_DAYS_AGO:5', '2026-01-05', '2026-01-06'],
  ['LAST_90_DAYS', '2025-10-12', '2026-01-11'],
  ['NEXT_90_DAYS', '2026-01-11', '2026-04-11'],
  ['LAST_MONTH', '2025-12-01', '2026-01-01'],
  ['THIS_MONTH', '2026-01-01', '2026-02-01'],
  ['NEXT_MONTH', '2026-02-01', '2026-03-01'],
  ['LAST_N_MONTHS:3', '2025-10-01', '2026-01-01'],
  ['NEXT_N_MONTHS:2', '2026-02-01', '2026-04-01'],
  ['N_MONTHS_AGO:2', '2025-11-01', '2025-12-01'],
];

const OPERATORS: [string, (t: number, start: number, end: number) => boolean][] = [
  ['=', (t, s, e) => t >= s && t < e],
  ['!=', (t, s, e) => t < s || t >= e],
  ['<', (t, s) => t < s],
  ['<=', (t, _s, e) => t < e],
  ['>', (t, _s, e) => t >= e],
  ['>=', (t, s) => t >= s],
];

describe('SOQL: null under != and NOT IN, date literals in weeks, quarters and years', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  let leads: LeadRow[];
  let nullCountry: string[];

  const ids = async (where: string): Promise<Set<string>> =>
    new Set(
      (
        await conn.query<{ Id: string }>(`SELECT Id FROM Lead WHERE ${where}`, {
          autoFetch: true,
          maxFetch: 100_000,
        })
      ).records.map((r) => r.Id),
    );
  const expected = (predicate: (l: LeadRow) => boolean) =>
    new Set(leads.filter(predicate).map((l) => l.Id));

  before(async () => {
    org = await startTestOrg({ seed: 'leads=1500' });
    conn = connect(org);
    // Three leads with no country: the seed gives every lead one.
    const created = await conn.sobject('Lead').create([
      { LastName: 'Nowhere', Company: 'Acme' },
      { LastName: 'Nowhere', Company: 'Globex' },
      { LastName: 'Nowhere', Company: 'Initech' },
    ]);
    nullCountry = created.map((r) => {
      assert.ok(r.success, JSON.stringify(r));
      return r.id!;
    });
    leads = (
      await conn.query<LeadRow>('SELECT Id, Country, CreatedDate, ConvertedDate FROM Lead', {
        autoFetch: true,
        maxFetch: 100_000,
      })
    ).records;
  });
  after(() => org.close());

  it('keeps rows with a null field under != and NOT IN, and finds them with = null', async () => {
    assert.equal(leads.filter((l) => l.Country === null).length, 3);
    const cases: [string, (l: LeadRow) => boolean][] = [
      ["Country != 'Germany'", (l) => l.Country !== 'Germany'],
      ["Country NOT IN ('Germany', 'France')", (l) => !['Germany', 'France'].includes(l.Country!)],
      ["(NOT Country IN ('Germany'))", (l) => l.Country === null || l.Country !== 'Germany'],
      ['Country = null', (l) => l.Country === null],
      ['Country != null', (l) => l.Country !== null],
      ["Country IN ('Japan', null)", (l) => l.Country === 'Japan' || l.Country === null],
      ["Country NOT IN ('Japan', null)", (l) => l.Country !== 'Japan' && l.Country !== null],
      ["Country = 'Germany'", (l) => l.Country === 'Germany'],
    ];
    for (const [where, predicate] of cases) {
      assert.deepEqual(await ids(where), expected(predicate), where);
    }
    const notGermany = await ids("Country != 'Germany'");
    for (const id of nullCountry)
      assert.ok(notGermany.has(id), `!= keeps ${id}, whose Country is null`);
    const notIn = await ids("Country NOT IN ('Germany', 'France')");
    for (const id of nullCountry)
      assert.ok(notIn.has(id), `NOT IN keeps ${id}, whose Country is null`);
  });

  it('answers day, week, month, quarter and year literals with =, !=, <, <=, > and >= on a date-time field', async () => {
    const time = (l: LeadRow) => Date.parse(l.CreatedDate.replace('+0000', 'Z'));
    for (const [literal, from, to] of RANGES) {
      const start = Date.parse(`${from}T00:00:00Z`);
      const end = Date.parse(`${to}T00:00:00Z`);
      for (const [operator, holds] of OPERATORS) {
        const where = `CreatedDate ${operator} ${literal}`;
        assert.deepEqual(
          await ids(where),
          expected((l) => holds(time(l), start, end)),
          where,
        );
      }
    }
    // The seed spreads CreatedDate over the year before the clock, so the ranges are not empty.
    for (const literal of [
      'THIS_WEEK',
      'LAST_WEEK',
      'LAST_QUARTER',
      'LAST_YEAR',
      'THIS_YEAR',
      'LAST_90_DAYS',
      'LAST_MONTH',
      'N_MONTHS_AGO:2',
    ]) {
      assert.ok((await ids(`CreatedDate = ${literal}`)).size > 0, literal);
    }
  });

  it('places quarters and weeks by the clock: mid-quarter, on a Wednesday', async () => {
    // A second org whose clock is Wednesday 2026-05-20, the middle of the second quarter.
    const may = await startTestOrg({
      seed: 'leads=300',
      now: () => new Date('2026-05-20T12:00:00Z'),
    });
    try {
      const mayConn = connect(may);
      const rows = (
        await mayConn.query<LeadRow>('SELECT Id, CreatedDate FROM Lead', {
          autoFetch: true,
          maxFetch: 10_000,
        })
      ).records;
      const cases: [string, string, string][] = [
        ['THIS_QUARTER', '2026-04-01', '2026-07-01'],
        ['LAST_QUARTER', '2026-01-01', '2026-04-01'],
        ['NEXT_QUARTER', '2026-07-01', '2026-10-01'],
        ['LAST_N_QUARTERS:2', '2025-10-01', '2026-04-01'],
        ['THIS_WEEK', '2026-05-17', '2026-05-24'],
        ['LAST_N_WEEKS:2', '2026-05-03', '2026-05-17'],
      ];
      for (const [literal, from, to] of cases) {
        const start = Date.parse(`${from}T00:00:00Z`);
        const end = Date.parse(`${to}T00:00:00Z`);
        const got = new Set(
          (
            await mayConn.query<{ Id: string }>(
              `SELECT Id FROM Lead WHERE CreatedDate = ${literal}`,
              {
                autoFetch: true,
                maxFetch: 10_000,
              },
            )
          ).records.map((r) => r.Id),
        );
        const want = new Set(
          rows
            .filter((l) => {
              const t = Date.parse(l.CreatedDate.replace('+0000', 'Z'));
              return t >= start && t < end;
            })
            .map((l) => l.Id),
        );
        assert.deepEqual(got, want, literal);
      }
    } finally {
      await may.close();
    }
  });

  it('answers the same on a date field, where != also keeps the rows with no date', async () => {
    const converted = leads.filter((l) => l.ConvertedDate !== null).length;
    assert.ok(converted > 0 && converted < leads.length, 'some leads are converted');
    for (const [literal, from, to] of RANGES) {
      for (const [operator, holds] of OPERATORS) {
        const where = `ConvertedDate ${operator} ${literal}`;
        const want = expected((l) =>
          l.ConvertedDate === null
            ? operator === '!='
            : holds(
                Date.parse(`${l.ConvertedDate}T00:00:00Z`),
                Date.parse(`${from}T00:00:00Z`),
                Date.parse(`${to}T00:00:00Z`),
              ),
        );
        assert.deepEqual(await ids(where), want, where);
      }
    }
  });
});
