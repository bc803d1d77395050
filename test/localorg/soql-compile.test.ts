/**
 * The SOQL compiler (localorg/soql/compile.ts), in process: queries compiled for a session and
 * run on an in-memory org whose records the test writes itself, so each answer is known by hand.
 * What it checks follows the SOQL and SOSL Reference
 * (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/):
 * - comparison operators with null (`!=` and `NOT IN` keep null rows; `= null` finds them),
 *   case-insensitive text, LIKE with its wildcards and escapes, semi- and anti-joins;
 * - date literals (the test clock is Saturday 2026-01-10 19:31:08 UTC) and date functions;
 * - aggregates, GROUP BY, HAVING, ORDER BY (a picklist sorts in its defined order, NULLS FIRST
 *   / LAST), LIMIT and OFFSET;
 * - parent paths, polymorphic lookups, TYPEOF and child subqueries with their limits;
 * - Apex binds, ALL ROWS and FOR UPDATE;
 * - what the platform refuses, with its error codes.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sessionFor } from '../../localorg/auth/session.ts';
import type { Session } from '../../localorg/auth/session.ts';
import { standardCatalog } from '../../localorg/catalog/index.ts';
import {
  currency,
  date,
  longText,
  picklist,
  ref,
  sobject,
  text,
} from '../../localorg/catalog/fields.ts';
import type { DmlResult } from '../../localorg/dml/engine.ts';
import { LocalOrg } from '../../localorg/org.ts';
import { ensurePlatformData } from '../../localorg/platformData.ts';
import type { ApiRecord } from '../../localorg/records.ts';
import { DEFAULT_IDENTITY } from '../../localorg/seed/base.ts';
import { seedOrg } from '../../localorg/seed/index.ts';
import { compileSoql } from '../../localorg/soql/compile.ts';
import type { CompiledQuery, QueryContext } from '../../localorg/soql/compile.ts';
import type { BindValue } from '../../localorg/soql/binds.ts';
import { Store } from '../../localorg/store/store.ts';

const NOW = new Date('2026-01-10T19:31:08.000Z');

/** A custom object: custom fields, a long text area and a picklist with an apostrophe. */
const Deal = sobject('Deal__c', { keyPrefix: 'a01', ownerTo: ['User'] }, [
  text('Name', { nameField: true }),
  currency('Amount__c'),
  date('Close__c'),
  picklist('Stage__c', ['Prospecting', "Buyer's Call", 'Won']),
  longText('Notes__c'),
  longText('Short__c', { length: 255 }),
  { ...ref('Account__c', ['Account'], 'Account__r'), childRelationshipName: 'Deals__r' },
]);

// Private: a user sees its own deals (and its subordinates'), Modify All Data sees every one.
Deal.sharingModel = 'Private';

function testOrg(): LocalOrg {
  const catalog = standardCatalog();
  catalog.add(Deal);
  const store = new Store(':memory:', catalog);
  seedOrg(store, { kind: 'none' }, NOW, 'soql-compile-password-1', DEFAULT_IDENTITY);
  store.createIndexes();
  ensurePlatformData(store, NOW);
  return new LocalOrg(store, { apiLimit: 1_000_000, now: () => NOW, log: () => undefined });
}

describe('SOQL compiler', () => {
  let org: LocalOrg;
  let admin: Session;
  /** A user without Modify All Data. */
  let rep: Session;
  const id: Record<string, string> = {};

  const ok = (result: DmlResult): string => {
    assert.deepEqual(result.errors, []);
    return result.id!;
  };
  const insert = (type: string, values: Record<string, unknown>): string =>
    ok(
      org.dml.execute(admin, [{ kind: 'insert', type, values }], true, {
        assignmentRule: false,
      })[0],
    );

  const context = (extra: Partial<QueryContext> = {}): QueryContext => ({
    catalog: org.catalog,
    session: admin,
    now: NOW,
    includeDeleted: false,
    ...extra,
  });
  const compile = (soql: string, extra: Partial<QueryContext> = {}): CompiledQuery =>
    compileSoql(context(extra), soql);
  /** Records as REST returns them (records and aggregate queries). */
  const query = (soql: string, extra: Partial<QueryContext> = {}): ApiRecord[] => {
    const compiled = compile(soql, extra);
    if (compiled.mode === 'aggregate') {
      return org.queries.aggregateRows(compiled).map((row) => {
        const out: ApiRecord = {};
        for (const c of compiled.columns) out[c.name] = row[c.column] as never;
        return out;
      });
    }
    assert.equal(compiled.mode, 'records');
    return org.queries.allRecords(compiled);
  };
  /** One field of each record, in order. */
  const column = (soql: string, field = 'Name', extra: Partial<QueryContext> = {}): unknown[] =>
    query(soql, extra).map((r) => r[field]);
  /** One field of each record, sorted: for queries without ORDER BY. */
  const names = (soql: string, extra: Partial<QueryContext> = {}): unknown[] =>
    column(soql, 'Name', extra).sort();
  const count = (soql: string, extra: Partial<QueryContext> = {}): number =>
    org.queries.countOf(compile(soql, extra));
  const binds =
    (values: Record<string, BindValue>) =>
    (name: string): { found: boolean; value: BindValue } =>
      name in values ? { found: true, value: values[name] } : { found: false, value: null };
  /** The error a query is refused with. */
  const refusal = (soql: string, extra: Partial<QueryContext> = {}) => {
    try {
      compile(soql, extra);
    } catch (error) {
      const { errorCode, message } = error as { errorCode: string; message: string };
      return { errorCode, message };
    }
    assert.fail(`accepted: ${soql}`);
  };
  /** The error code and the last line of the message (the detail after the pointer). */
  const refused = (soql: string, extra: Partial<QueryContext> = {}): [string, string] => {
    const { errorCode, message } = refusal(soql, extra);
    return [errorCode, message.split('\n').pop()!];
  };

  before(() => {
    org = testOrg();
    const adminId = String(
      org.store.get(
        `SELECT u."Id" FROM "User" u JOIN "Profile" p ON p."Id" = u."ProfileId" WHERE p."PermissionsModifyAllData" = 1`,
      )!.Id,
    );
    admin = sessionFor(org.store, adminId)!;
    id.admin = adminId;
    id.alpha = insert('Account', {
      Name: 'Alpha',
      Industry: 'Technology',
      Type: 'Prospect',
      AnnualRevenue: 100,
      NumberOfEmployees: 10,
      BillingCountry: 'Germany',
      IsPartner: true,
    });
    id.beta = insert('Account', {
      Name: 'beta',
      Industry: 'Retail',
      Type: 'Other',
      AnnualRevenue: 250.5,
      NumberOfEmployees: 20,
      ParentId: id.alpha,
    });
    id.gamma = insert('Account', {
      Name: 'Gamma',
      Type: 'Customer - Direct',
      NumberOfEmployees: 30,
      BillingCountry: 'France',
      ParentId: id.alpha,
    });
    id.delta = insert('Account', {
      Name: '50% Off_Shop',
      BillingCountry: 'germany',
      ParentId: id.beta,
    });
    id.ames = insert('Contact', {
      LastName: 'Ames',
      AccountId: id.alpha,
      Email: 'ames@alpha.example',
    });
    id.bloom = insert('Contact', { LastName: 'Bloom', AccountId: id.alpha });
    id.cole = insert('Contact', { LastName: 'Cole', AccountId: id.beta });
    id.dunn = insert('Contact', { LastName: 'Dunn' });
    id.queue = insert('Group', { Name: 'Lead Desk', Type: 'Queue' });
    insert('QueueSobject', { QueueId: id.queue, SobjectType: 'Lead' });
    const lead = (values: Record<string, unknown>, created: string): string => {
      const leadId = insert('Lead', { Company: 'Acme', ...values });
      org.store.run(`UPDATE "Lead" SET "CreatedDate" = ? WHERE "Id" = ?`, created, leadId);
      return leadId;
    };
    id.ann = lead(
      {
        FirstName: 'Ann',
        LastName: 'Alpha',
        Country: 'Germany',
        Status: 'Working - Contacted',
        Rating: 'Hot',
        AnnualRevenue: 500,
        NumberOfEmployees: 5,
        Email: 'ann@alpha.example',
      },
      '2026-01-10T08:00:00.000+0000',
    );
    id.ben = lead(
      {
        FirstName: 'Ben',
        LastName: 'Beta',
        Country: 'germany',
        Status: 'Open - Not Contacted',
        Rating: 'Cold',
        AnnualRevenue: 1500,
        NumberOfEmployees: 50,
        OwnerId: id.queue,
        IsUnreadByOwner: false,
      },
      '2026-01-09T23:59:59.000+0000',
    );
    id.cy = lead(
      { FirstName: 'Cy', LastName: 'Gamma', Status: 'Closed - Not Converted' },
      '2025-12-31T12:00:00.000+0000',
    );
    id.di = lead(
      {
        FirstName: 'Di',
        LastName: 'Delta',
        Country: 'France',
        Rating: 'Warm',
        AnnualRevenue: 200,
        NumberOfEmployees: 5,
        IsConverted: true,
      },
      '2026-01-11T00:00:00.000+0000',
    );
    id.ed = lead(
      { FirstName: 'Ed', LastName: 'Gone', Country: 'Germany' },
      '2026-01-10T09:00:00.000+0000',
    );
    ok(
      org.dml.execute(admin, [{ kind: 'delete', type: 'Lead', id: id.ed }], true, {
        assignmentRule: false,
      })[0],
    );
    const profile = String(
      org.store.get(`SELECT "Id" FROM "Profile" WHERE "PermissionsModifyAllData" = 0 LIMIT 1`)!.Id,
    );
    id.rep = insert('User', {
      Username: 'rep@soql.example',
      LastName: 'Rep',
      Alias: 'rep',
      Email: 'rep@soql.example',
      ProfileId: profile,
      TimeZoneSidKey: 'Europe/Berlin',
      LocaleSidKey: 'de_DE',
      EmailEncodingKey: 'UTF-8',
      LanguageLocaleKey: 'en_US',
    });
    rep = sessionFor(org.store, id.rep)!;
    for (const [Name, Stage__c, Amount__c] of [
      ['Big', "Buyer's Call", 900],
      ['Small', 'Prospecting', 10],
      ['Won one', 'Won', 300],
      ['Other C', 'Lost', null],
      ['Other b', 'abandoned', 20],
    ] as const) {
      insert('Deal__c', {
        Name,
        Stage__c,
        Amount__c,
        Account__c: id.alpha,
        Short__c: Name === 'Big' ? 'short' : null,
        OwnerId: Name === 'Small' ? id.rep : id.admin,
      });
    }
  });

  it('selects fields and parent paths, with the object name or alias as a prefix', () => {
    assert.deepEqual(names('SELECT Name FROM Account'), ['50% Off_Shop', 'Alpha', 'Gamma', 'beta']);
    const [ames] = query(
      `SELECT LastName, Account.Name, Account.Parent.Name FROM Contact WHERE LastName = 'Ames'`,
    );
    assert.equal(ames.LastName, 'Ames');
    assert.deepEqual(ames.Account, {
      attributes: { type: 'Account', url: `/services/data/v65.0/sobjects/Account/${id.alpha}` },
      Name: 'Alpha',
      Parent: null,
    });
    const [cole] = query(
      `SELECT c.LastName, c.Account.Parent.Name FROM Contact c WHERE c.LastName = 'Cole'`,
    );
    assert.equal(
      (cole.Account as ApiRecord).Parent && ((cole.Account as ApiRecord).Parent as ApiRecord).Name,
      'Alpha',
    );
    assert.deepEqual(
      column(
        `SELECT Contact.LastName FROM Contact WHERE Contact.Account.Name = 'Alpha' ORDER BY LastName`,
        'LastName',
      ),
      ['Ames', 'Bloom'],
    );
    const [dunn] = query(`SELECT LastName, Account.Name FROM Contact WHERE LastName = 'Dunn'`);
    assert.equal(dunn.Account, null, 'no parent: the relationship is null');
  });

  /** The message of an error pointing at the first `token` in a one-line query. */
  const at = (soql: string, token: string, detail: string): string => {
    const column = soql.indexOf(token) + 1;
    assert.ok(column > 0, `${token} is in ${soql}`);
    return `\n${soql}\n${' '.repeat(column - 1)}^\nERROR at Row:1:Column:${column}\n${detail}`;
  };
  const leads = (where: string, extra: Partial<QueryContext> = {}): unknown[] =>
    names(`SELECT Name FROM Lead WHERE ${where}`, extra);

  describe('filters', () => {
    it('compares text case-insensitively, and != and NOT IN keep the rows whose field is null', () => {
      assert.deepEqual(leads(`Country = 'GERMANY'`), ['Ann Alpha', 'Ben Beta']);
      assert.deepEqual(leads(`Country != 'germany'`), ['Cy Gamma', 'Di Delta']);
      assert.deepEqual(leads(`Country NOT IN ('Germany')`), ['Cy Gamma', 'Di Delta']);
      assert.deepEqual(leads(`Country IN ('germany', 'FRANCE')`), [
        'Ann Alpha',
        'Ben Beta',
        'Di Delta',
      ]);
      assert.deepEqual(leads(`Rating != 'Hot'`), ['Ben Beta', 'Cy Gamma', 'Di Delta']);
      assert.deepEqual(leads(`Country = null`), ['Cy Gamma']);
      assert.deepEqual(leads(`Country != null`), ['Ann Alpha', 'Ben Beta', 'Di Delta']);
      assert.deepEqual(leads(`Country IN ('France', null)`), ['Cy Gamma', 'Di Delta']);
      assert.deepEqual(leads(`Country IN (null)`), ['Cy Gamma']);
      assert.deepEqual(leads(`Country NOT IN ('Germany', null)`), ['Di Delta']);
      assert.deepEqual(leads(`Country NOT IN (null)`), ['Ann Alpha', 'Ben Beta', 'Di Delta']);
      assert.deepEqual(
        leads(`AnnualRevenue < null`),
        [],
        'an order comparison with null matches nothing',
      );
    });

    it('compares numbers, booleans, Ids, dates and date-times by value', () => {
      assert.deepEqual(leads('AnnualRevenue > 200'), ['Ann Alpha', 'Ben Beta']);
      assert.deepEqual(leads('AnnualRevenue >= 200'), ['Ann Alpha', 'Ben Beta', 'Di Delta']);
      assert.deepEqual(leads('AnnualRevenue < 500'), ['Di Delta']);
      assert.deepEqual(leads('AnnualRevenue <= 500.0'), ['Ann Alpha', 'Di Delta']);
      assert.deepEqual(leads('NumberOfEmployees = 5'), ['Ann Alpha', 'Di Delta']);
      assert.deepEqual(leads('NumberOfEmployees != 5'), ['Ben Beta', 'Cy Gamma']);
      assert.deepEqual(leads('IsUnreadByOwner = false'), ['Ben Beta']);
      assert.deepEqual(leads('IsConverted = TRUE'), ['Di Delta']);
      assert.deepEqual(leads('IsConverted != true'), ['Ann Alpha', 'Ben Beta', 'Cy Gamma']);
      assert.deepEqual(leads(`Id = '${id.ben.slice(0, 15)}'`), ['Ben Beta'], 'a 15-character Id');
      assert.deepEqual(leads(`OwnerId = '${id.queue}'`), ['Ben Beta']);
      assert.deepEqual(leads('ConvertedDate = 2026-01-10'), ['Di Delta']);
      assert.deepEqual(leads('ConvertedDate < 2026-01-10'), []);
      assert.deepEqual(leads('CreatedDate > 2026-01-10T00:00:00Z'), ['Ann Alpha', 'Di Delta']);
      assert.deepEqual(
        leads('CreatedDate < 2026-01-10T09:00:00+01:00'),
        ['Ben Beta', 'Cy Gamma'],
        'an offset is converted to UTC (08:00Z is not before itself)',
      );
      assert.deepEqual(leads('CreatedDate <= 2026-01-10T08:00:00.000Z'), [
        'Ann Alpha',
        'Ben Beta',
        'Cy Gamma',
      ]);
    });

    it('combines conditions with AND, OR and NOT; NOT of a null comparison is true', () => {
      assert.deepEqual(leads(`(Country = 'France' OR Rating = 'Hot') AND NumberOfEmployees = 5`), [
        'Ann Alpha',
        'Di Delta',
      ]);
      assert.deepEqual(leads(`Country = 'France' OR Rating = 'Cold'`), ['Ben Beta', 'Di Delta']);
      assert.deepEqual(leads(`NOT Country = 'Germany'`), ['Cy Gamma', 'Di Delta']);
      assert.deepEqual(leads(`NOT (Country = 'Germany' OR Rating = 'Warm')`), ['Cy Gamma']);
    });

    it('LIKE: case-insensitive wildcards, escaped % and _, on text and Ids only', () => {
      assert.deepEqual(leads(`Name LIKE 'a%'`), ['Ann Alpha']);
      assert.deepEqual(leads(`Name LIKE '%ETA'`), ['Ben Beta']);
      assert.deepEqual(leads(`Name LIKE '_y %'`), ['Cy Gamma']);
      assert.deepEqual(leads(`Id LIKE '00Q%'`), ['Ann Alpha', 'Ben Beta', 'Cy Gamma', 'Di Delta']);
      assert.deepEqual(names(`SELECT Name FROM Account WHERE Name LIKE '50\\% Off\\_%'`), [
        '50% Off_Shop',
      ]);
      assert.deepEqual(names(`SELECT Name FROM Account WHERE Name LIKE '5_\\_%'`), []);
      assert.deepEqual(leads(`Country LIKE null`), []);
      const soql = `SELECT Name FROM Lead WHERE NumberOfEmployees LIKE '5'`;
      assert.deepEqual(refusal(soql), {
        errorCode: 'INVALID_FIELD',
        message: at(soql, 'NumberOfEmployees', 'invalid operator on int field: LIKE'),
      });
      assert.deepEqual(refused(`SELECT Name FROM Lead WHERE IsConverted LIKE 'true'`), [
        'INVALID_FIELD',
        'invalid operator on boolean field: LIKE',
      ]);
    });

    it('refuses values of the wrong type, naming the type the field needs', () => {
      const cases: [string, string, string][] = [
        [
          `NumberOfEmployees = '5'`,
          'NumberOfEmployees',
          'int and should not be enclosed in quotes',
        ],
        [`AnnualRevenue = 'x'`, 'AnnualRevenue', 'double and should not be enclosed in quotes'],
        [`IsConverted = 'yes'`, 'IsConverted', 'boolean and should not be enclosed in quotes'],
        [
          `CreatedDate = 2026-01-10`,
          'CreatedDate',
          'dateTime and should not be enclosed in quotes',
        ],
        [
          `ConvertedDate = 2026-01-10T00:00:00Z`,
          'ConvertedDate',
          'date and should not be enclosed in quotes',
        ],
        [
          `ConvertedDate = 2026-02-30`,
          'ConvertedDate',
          'date and should not be enclosed in quotes',
        ],
        [
          `CreatedDate = 2026-13-45T00:00:00Z`,
          'CreatedDate',
          'dateTime and should not be enclosed in quotes',
        ],
        [`OwnerId = 5`, 'OwnerId', 'id and should be enclosed in quotes'],
        [`Id = true`, 'Id', 'id and should be enclosed in quotes'],
        [`Name = 5`, 'Name', 'string and should be enclosed in quotes'],
        [`Email = 5`, 'Email', 'string and should be enclosed in quotes'],
      ];
      for (const [where, field, type] of cases) {
        const soql = `SELECT Name FROM Lead WHERE ${where}`;
        assert.deepEqual(
          refusal(soql),
          {
            errorCode: 'INVALID_FIELD',
            message: at(
              soql,
              field,
              `value of filter criterion for field '${field}' must be of type ${type}`,
            ),
          },
          where,
        );
      }
      assert.deepEqual(refusal(`SELECT Name FROM Lead WHERE Id = 'nope'`), {
        errorCode: 'INVALID_QUERY_FILTER_OPERATOR',
        message: 'invalid ID field: nope',
      });
      assert.deepEqual(refused(`SELECT Name FROM Lead WHERE IsConverted < true`), [
        'INVALID_FIELD',
        'invalid operator on boolean field: <',
      ]);
      const includes = `SELECT Name FROM Lead WHERE Country INCLUDES ('a')`;
      assert.deepEqual(refusal(includes), {
        errorCode: 'INVALID_FIELD',
        message: at(includes, 'Country', 'INCLUDES can only be used with multi-select picklists'),
      });
      assert.deepEqual(refused(`SELECT Name FROM Lead WHERE Country EXCLUDES ('a')`), [
        'INVALID_FIELD',
        'EXCLUDES can only be used with multi-select picklists',
      ]);
    });

    it('refuses long text areas in WHERE, but filters a short text area', () => {
      const soql = `SELECT Name FROM Deal__c WHERE Notes__c = 'x'`;
      assert.deepEqual(refusal(soql), {
        errorCode: 'INVALID_FIELD',
        message: at(soql, 'Notes__c', `field 'Notes__c' can not be filtered in a query call`),
      });
      assert.deepEqual(names(`SELECT Name FROM Deal__c WHERE Short__c = 'short'`), ['Big']);
    });
  });

  describe('date literals and date functions', () => {
    it('places each operator against the literal’s range', () => {
      assert.deepEqual(leads('CreatedDate = TODAY'), ['Ann Alpha']);
      assert.deepEqual(leads('CreatedDate = YESTERDAY'), ['Ben Beta']);
      assert.deepEqual(leads('CreatedDate = TOMORROW'), ['Di Delta']);
      assert.deepEqual(leads('CreatedDate != TODAY'), ['Ben Beta', 'Cy Gamma', 'Di Delta']);
      assert.deepEqual(leads('CreatedDate < TODAY'), ['Ben Beta', 'Cy Gamma']);
      assert.deepEqual(leads('CreatedDate <= TODAY'), ['Ann Alpha', 'Ben Beta', 'Cy Gamma']);
      assert.deepEqual(leads('CreatedDate > TODAY'), ['Di Delta']);
      assert.deepEqual(leads('CreatedDate >= TODAY'), ['Ann Alpha', 'Di Delta']);
      assert.deepEqual(leads('CreatedDate = LAST_N_DAYS:1'), ['Ann Alpha', 'Ben Beta']);
      assert.deepEqual(leads('CreatedDate = LAST_N_DAYS:11'), [
        'Ann Alpha',
        'Ben Beta',
        'Cy Gamma',
      ]);
      assert.deepEqual(leads('CreatedDate = LAST_WEEK'), ['Cy Gamma']);
      assert.deepEqual(leads('CreatedDate = THIS_YEAR'), ['Ann Alpha', 'Ben Beta', 'Di Delta']);
      assert.deepEqual(leads('CreatedDate < THIS_YEAR'), ['Cy Gamma']);
      // On a date field, != keeps the leads with no date.
      assert.deepEqual(leads('ConvertedDate = TODAY'), ['Di Delta']);
      assert.deepEqual(leads('ConvertedDate != TODAY'), ['Ann Alpha', 'Ben Beta', 'Cy Gamma']);
      assert.deepEqual(leads('ConvertedDate > YESTERDAY'), ['Di Delta']);
    });

    it('refuses a date literal on a field that is not a date, and an unknown literal', () => {
      const soql = 'SELECT Name FROM Lead WHERE NumberOfEmployees = TODAY';
      assert.deepEqual(refusal(soql), {
        errorCode: 'INVALID_FIELD',
        message: at(
          soql,
          'NumberOfEmployees',
          `value of filter criterion for field 'NumberOfEmployees' must be of type int`,
        ),
      });
      const unknown = 'SELECT Name FROM Lead WHERE CreatedDate = BOGUS_DAY';
      assert.deepEqual(refusal(unknown), {
        errorCode: 'MALFORMED_QUERY',
        message: at(unknown, 'BOGUS_DAY', `unexpected token: 'BOGUS_DAY'`),
      });
    });

    it('date functions read the year, quarter, month, day and hour of dates and date-times', () => {
      assert.deepEqual(leads('CALENDAR_YEAR(CreatedDate) = 2025'), ['Cy Gamma']);
      assert.deepEqual(leads('CALENDAR_YEAR(CreatedDate) > 2025'), [
        'Ann Alpha',
        'Ben Beta',
        'Di Delta',
      ]);
      assert.deepEqual(leads('CALENDAR_MONTH(CreatedDate) = 12'), ['Cy Gamma']);
      assert.deepEqual(leads('CALENDAR_QUARTER(CreatedDate) = 4'), ['Cy Gamma']);
      assert.deepEqual(leads('CALENDAR_QUARTER(CreatedDate) = 1'), [
        'Ann Alpha',
        'Ben Beta',
        'Di Delta',
      ]);
      assert.deepEqual(leads('DAY_IN_MONTH(CreatedDate) = 9'), ['Ben Beta']);
      assert.deepEqual(leads('HOUR_IN_DAY(CreatedDate) = 23'), ['Ben Beta']);
      assert.deepEqual(leads('HOUR_IN_DAY(CreatedDate) = 8'), ['Ann Alpha']);
      assert.deepEqual(leads('DAY_ONLY(CreatedDate) = 2026-01-10'), ['Ann Alpha']);
      assert.deepEqual(leads('DAY_ONLY(CreatedDate) = YESTERDAY'), ['Ben Beta']);
      assert.deepEqual(leads('CALENDAR_YEAR(ConvertedDate) = 2026'), ['Di Delta']);
      assert.deepEqual(leads('CALENDAR_MONTH(ConvertedDate) = 1'), ['Di Delta']);
      assert.deepEqual(leads('DAY_IN_MONTH(ConvertedDate) = 10'), ['Di Delta']);
      assert.deepEqual(leads('CALENDAR_QUARTER(ConvertedDate) = 1'), ['Di Delta']);
      const cases: [string, string][] = [
        ['HOUR_IN_DAY(ConvertedDate) = 1', 'HOUR_IN_DAY can not be used on field ConvertedDate'],
        ['DAY_ONLY(ConvertedDate) = 2026-01-10', 'DAY_ONLY can not be used on field ConvertedDate'],
        ['CALENDAR_YEAR(Name) = 2026', 'CALENDAR_YEAR can not be used on field Name'],
        ['CALENDAR_MONTH(Name) = 1', 'CALENDAR_MONTH can not be used on field Name'],
        ['CALENDAR_QUARTER(Name) = 1', 'CALENDAR_QUARTER can not be used on field Name'],
        ['DAY_IN_MONTH(Name) = 1', 'DAY_IN_MONTH can not be used on field Name'],
      ];
      for (const [where, detail] of cases) {
        const soql = `SELECT Name FROM Lead WHERE ${where}`;
        const fn = where.slice(0, where.indexOf(' '));
        assert.deepEqual(
          refusal(soql),
          { errorCode: 'MALFORMED_QUERY', message: at(soql, fn, detail) },
          where,
        );
      }
    });
  });

  describe('ORDER BY, LIMIT and OFFSET', () => {
    const ordered = (order: string): unknown[] => column(`SELECT Name FROM Lead ORDER BY ${order}`);

    it('sorts text case-insensitively, numbers by value, nulls first ascending and last descending', () => {
      assert.deepEqual(column('SELECT Name FROM Account ORDER BY Name'), [
        '50% Off_Shop',
        'Alpha',
        'beta',
        'Gamma',
      ]);
      assert.deepEqual(column('SELECT Name FROM Account ORDER BY Name DESC'), [
        'Gamma',
        'beta',
        'Alpha',
        '50% Off_Shop',
      ]);
      assert.deepEqual(ordered('AnnualRevenue'), ['Cy Gamma', 'Di Delta', 'Ann Alpha', 'Ben Beta']);
      assert.deepEqual(ordered('AnnualRevenue ASC'), [
        'Cy Gamma',
        'Di Delta',
        'Ann Alpha',
        'Ben Beta',
      ]);
      assert.deepEqual(ordered('AnnualRevenue DESC'), [
        'Ben Beta',
        'Ann Alpha',
        'Di Delta',
        'Cy Gamma',
      ]);
      assert.deepEqual(ordered('AnnualRevenue NULLS LAST'), [
        'Di Delta',
        'Ann Alpha',
        'Ben Beta',
        'Cy Gamma',
      ]);
      assert.deepEqual(ordered('AnnualRevenue DESC NULLS FIRST'), [
        'Cy Gamma',
        'Ben Beta',
        'Ann Alpha',
        'Di Delta',
      ]);
      assert.deepEqual(ordered('NumberOfEmployees DESC, Name DESC'), [
        'Ben Beta',
        'Di Delta',
        'Ann Alpha',
        'Cy Gamma',
      ]);
      assert.deepEqual(ordered('Owner.Name DESC, Name'), [
        'Ben Beta',
        'Ann Alpha',
        'Cy Gamma',
        'Di Delta',
      ]);
      assert.deepEqual(ordered('CALENDAR_YEAR(CreatedDate), Name DESC'), [
        'Cy Gamma',
        'Di Delta',
        'Ben Beta',
        'Ann Alpha',
      ]);
    });

    it('sorts a picklist in its defined order, values outside the list after it', () => {
      assert.deepEqual(ordered('Rating'), ['Cy Gamma', 'Ann Alpha', 'Di Delta', 'Ben Beta']);
      assert.deepEqual(ordered('Rating ASC NULLS FIRST'), [
        'Cy Gamma',
        'Ann Alpha',
        'Di Delta',
        'Ben Beta',
      ]);
      assert.deepEqual(ordered('Rating DESC'), ['Ben Beta', 'Di Delta', 'Ann Alpha', 'Cy Gamma']);
      assert.deepEqual(ordered('Rating NULLS LAST'), [
        'Ann Alpha',
        'Di Delta',
        'Ben Beta',
        'Cy Gamma',
      ]);
      assert.deepEqual(ordered('Rating DESC NULLS FIRST'), [
        'Cy Gamma',
        'Ben Beta',
        'Di Delta',
        'Ann Alpha',
      ]);
      assert.deepEqual(ordered('Rating DESC NULLS LAST'), [
        'Ben Beta',
        'Di Delta',
        'Ann Alpha',
        'Cy Gamma',
      ]);
      assert.deepEqual(column('SELECT Name FROM Deal__c ORDER BY Stage__c, Name'), [
        'Small',
        'Big',
        'Won one',
        'Other b',
        'Other C',
      ]);
      assert.deepEqual(column('SELECT Name FROM Deal__c ORDER BY Stage__c DESC, Name'), [
        'Other C',
        'Other b',
        'Won one',
        'Big',
        'Small',
      ]);
    });

    it('refuses to sort long text areas', () => {
      const soql = 'SELECT Name FROM Deal__c ORDER BY Notes__c';
      assert.deepEqual(refusal(soql), {
        errorCode: 'MALFORMED_QUERY',
        message: at(soql, 'Notes__c', `field 'Notes__c' can not be sorted in a query call`),
      });
    });

    it('limits and offsets, up to an OFFSET of 2,000', () => {
      assert.deepEqual(ordered('Name LIMIT 2'), ['Ann Alpha', 'Ben Beta']);
      assert.deepEqual(ordered('Name LIMIT 2 OFFSET 1'), ['Ben Beta', 'Cy Gamma']);
      assert.deepEqual(ordered('Name OFFSET 3'), ['Di Delta']);
      assert.deepEqual(ordered('Name OFFSET 2000'), []);
      assert.deepEqual(refusal('SELECT Name FROM Lead OFFSET 2001'), {
        errorCode: 'NUMBER_OUTSIDE_VALID_RANGE',
        message: 'Maximum SOQL offset allowed is 2000',
      });
    });
  });

  describe('aggregates', () => {
    it('groups, counts, sums, averages and takes extremes, named by alias or exprN', () => {
      assert.deepEqual(
        query(
          'SELECT NumberOfEmployees, COUNT(Id) n, SUM(AnnualRevenue), AVG(AnnualRevenue), MIN(Name), MAX(CreatedDate) FROM Lead GROUP BY NumberOfEmployees ORDER BY NumberOfEmployees NULLS LAST',
        ),
        [
          {
            NumberOfEmployees: 5,
            n: 2,
            expr0: 700,
            expr1: 350,
            expr2: 'Ann Alpha',
            expr3: '2026-01-11T00:00:00.000+0000',
          },
          {
            NumberOfEmployees: 50,
            n: 1,
            expr0: 1500,
            expr1: 1500,
            expr2: 'Ben Beta',
            expr3: '2026-01-09T23:59:59.000+0000',
          },
          {
            NumberOfEmployees: null,
            n: 1,
            expr0: null,
            expr1: null,
            expr2: 'Cy Gamma',
            expr3: '2025-12-31T12:00:00.000+0000',
          },
        ],
      );
      assert.deepEqual(
        query(
          'SELECT COUNT(Id), COUNT_DISTINCT(NumberOfEmployees), MIN(ConvertedDate), MAX(Rating) FROM Lead',
        ),
        [{ expr0: 4, expr1: 2, expr2: '2026-01-10', expr3: 'Warm' }],
      );
      assert.deepEqual(
        query(
          'SELECT CALENDAR_YEAR(CreatedDate), COUNT(Id) FROM Lead GROUP BY CALENDAR_YEAR(CreatedDate) ORDER BY CALENDAR_YEAR(CreatedDate) DESC',
        ),
        [
          { expr0: 2026, expr1: 3 },
          { expr0: 2025, expr1: 1 },
        ],
      );
      assert.deepEqual(
        query(
          'SELECT Rating r, COUNT(Id) FROM Lead GROUP BY Rating HAVING COUNT(Id) > 0 ORDER BY Rating DESC',
        ),
        [
          { r: 'Cold', expr0: 1 },
          { r: 'Warm', expr0: 1 },
          { r: 'Hot', expr0: 1 },
          { r: null, expr0: 1 },
        ],
      );
      assert.deepEqual(
        query(
          'SELECT NumberOfEmployees, COUNT(Id) FROM Lead GROUP BY NumberOfEmployees HAVING COUNT(Id) > 1',
        ),
        [{ NumberOfEmployees: 5, expr0: 2 }],
      );
      assert.deepEqual(
        query('SELECT Owner.Name, COUNT(Id) FROM Lead GROUP BY Owner.Name ORDER BY COUNT(Id) DESC'),
        [
          { Name: 'Alex Admin', expr0: 3 },
          { Name: 'Lead Desk', expr0: 1 },
        ],
      );
      assert.deepEqual(
        query(
          'SELECT Stage__c, SUM(Amount__c) total FROM Deal__c WHERE Amount__c > 15 GROUP BY Stage__c ORDER BY Stage__c',
        ),
        [
          { Stage__c: "Buyer's Call", total: 900 },
          { Stage__c: 'Won', total: 300 },
          { Stage__c: 'abandoned', total: 20 },
        ],
      );
      assert.equal(count('SELECT COUNT() FROM Lead'), 4);
      assert.equal(count(`SELECT COUNT() FROM Lead WHERE Country = 'germany' LIMIT 1`), 1);
      assert.equal(compile('SELECT COUNT() FROM Lead').mode, 'count');
      assert.equal(query('SELECT Rating, COUNT(Id) FROM Lead GROUP BY Rating LIMIT 2').length, 2);
    });

    it('knows when every aggregate is a COUNT (Apex counts one row per group then)', () => {
      assert.equal(compile('SELECT Rating, COUNT(Id) FROM Lead GROUP BY Rating').countsOnly, true);
      assert.equal(compile('SELECT COUNT(Id), COUNT(Email) FROM Lead').countsOnly, true);
      assert.equal(compile('SELECT COUNT(Id), SUM(AnnualRevenue) FROM Lead').countsOnly, false);
      assert.equal(compile('SELECT COUNT_DISTINCT(Rating) FROM Lead').countsOnly, false);
      assert.equal(compile('SELECT MAX(Name) FROM Lead').countsOnly, false);
    });

    it('refuses fields neither grouped nor aggregated, and aggregates a field type does not support', () => {
      const cases: [string, string, string, string][] = [
        [
          'SELECT Rating, COUNT(Id) FROM Lead',
          'MALFORMED_QUERY',
          'Rating',
          'Field must be grouped or aggregated: Rating',
        ],
        [
          'SELECT CALENDAR_YEAR(CreatedDate), COUNT(Id) FROM Lead GROUP BY Rating',
          'MALFORMED_QUERY',
          'CALENDAR_YEAR(CreatedDate)',
          'Field must be grouped or aggregated: CALENDAR_YEAR(CreatedDate)',
        ],
        [
          'SELECT Rating, COUNT(Id) FROM Lead GROUP BY Rating ORDER BY Country',
          'MALFORMED_QUERY',
          'Country',
          'Ordered field must be grouped or aggregated: Country',
        ],
        [
          'SELECT SUM(Name) FROM Lead',
          'MALFORMED_QUERY',
          'SUM(Name)',
          'field Name does not support aggregate operator SUM',
        ],
        [
          'SELECT AVG(CreatedDate) FROM Lead',
          'MALFORMED_QUERY',
          'AVG(CreatedDate)',
          'field CreatedDate does not support aggregate operator AVG',
        ],
        [
          'SELECT MIN(IsConverted) FROM Lead',
          'MALFORMED_QUERY',
          'MIN(IsConverted)',
          'field IsConverted does not support aggregate operator MIN',
        ],
        [
          'SELECT MAX(Description) FROM Lead',
          'MALFORMED_QUERY',
          'MAX(Description)',
          'field Description does not support aggregate operator MAX',
        ],
        [
          'SELECT MAX(Short__c) FROM Deal__c',
          'MALFORMED_QUERY',
          'MAX(Short__c)',
          'field Short__c does not support aggregate operator MAX',
        ],
        ['SELECT SUM() FROM Lead', 'MALFORMED_QUERY', 'SUM()', 'Invalid function: SUM()'],
        [
          'SELECT AnnualRevenue, COUNT(Id) FROM Lead GROUP BY AnnualRevenue',
          'INVALID_FIELD',
          'AnnualRevenue',
          "field 'AnnualRevenue' can not be grouped in a query call",
        ],
        [
          'SELECT Short__c, COUNT(Id) FROM Deal__c GROUP BY Short__c',
          'INVALID_FIELD',
          'Short__c',
          "field 'Short__c' can not be grouped in a query call",
        ],
        [
          'SELECT COUNT(), Name FROM Lead',
          'MALFORMED_QUERY',
          'COUNT',
          'COUNT() can only be used by itself in the select list',
        ],
        [
          'SELECT COUNT() FROM Lead ORDER BY Name',
          'MALFORMED_QUERY',
          'ORDER',
          'COUNT() and ORDER BY may not be used together',
        ],
        [
          'SELECT COUNT() FROM Lead GROUP BY Rating',
          'MALFORMED_QUERY',
          'GROUP',
          'COUNT() and GROUP BY may not be used together',
        ],
        [
          'SELECT COUNT(Id) FROM Lead LIMIT 1',
          'MALFORMED_QUERY',
          'LIMIT',
          'LIMIT cannot be used in a query with an aggregate function but no GROUP BY',
        ],
        [
          'SELECT Rating, TYPEOF Owner WHEN User THEN Name END FROM Lead GROUP BY Rating',
          'MALFORMED_QUERY',
          'TYPEOF',
          'TYPEOF cannot be used in a query with GROUP BY or aggregate functions',
        ],
        [
          'SELECT Name, (SELECT Id FROM Contacts) FROM Account GROUP BY Name',
          'MALFORMED_QUERY',
          'Contacts',
          'Child relationship subqueries cannot be used in a query with GROUP BY or aggregate functions',
        ],
        [
          'SELECT CALENDAR_YEAR(CreatedDate) FROM Lead',
          'MALFORMED_QUERY',
          'CALENDAR_YEAR',
          'CALENDAR_YEAR(CreatedDate) is not supported here',
        ],
      ];
      for (const [soql, errorCode, token, detail] of cases) {
        assert.deepEqual(refusal(soql), { errorCode, message: at(soql, token, detail) }, soql);
      }
    });
  });

  describe('relationships', () => {
    it('reads a polymorphic owner from whichever object it is, with its Type', () => {
      const owners = query(
        'SELECT Name, Owner.Name, Owner.Type, Owner.Username, Owner.Email FROM Lead ORDER BY Name',
      ).map((r) => ({ ...(r.Owner as ApiRecord), attributes: undefined }));
      const adminOwner = {
        attributes: undefined,
        Name: 'Alex Admin',
        Type: 'User',
        Username: 'admin@channelkit.localorg',
        Email: 'admin@channelkit.example.com',
      };
      assert.deepEqual(owners, [
        adminOwner,
        { attributes: undefined, Name: 'Lead Desk', Type: 'Queue', Username: null, Email: null },
        adminOwner,
        adminOwner,
      ]);
      assert.deepEqual(
        (query(`SELECT Owner.Name FROM Lead WHERE Id = '${id.ben}'`)[0].Owner as ApiRecord)
          .attributes,
        {
          type: 'Name',
          url: `/services/data/v65.0/sobjects/Group/${id.queue}`,
        },
      );
      assert.deepEqual(leads(`Owner.Type = 'Queue'`), ['Ben Beta']);
      assert.deepEqual(leads(`Owner.Name = 'lead desk'`), ['Ben Beta']);
      assert.deepEqual(leads(`Owner.Username LIKE 'admin%'`), [
        'Ann Alpha',
        'Cy Gamma',
        'Di Delta',
      ]);
      const [group] = query('SELECT Name, Related.Name, Related.Type FROM Group');
      assert.equal(group.Related, null, 'a polymorphic lookup with no value is null');
      const bogus = 'SELECT Name, Owner.Bogus FROM Lead';
      assert.deepEqual(refusal(bogus), {
        errorCode: 'INVALID_FIELD',
        message: at(
          bogus,
          'Owner.Bogus',
          "No such column 'Bogus' on entity 'Name'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
        ),
      });
      assert.deepEqual(refused('SELECT Name, Owner.Profile.Name FROM Lead'), [
        'INVALID_FIELD',
        "Didn't understand relationship 'Profile' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.",
      ]);
      assert.deepEqual(refused('SELECT Name, Bogus__r.Name FROM Lead')[0], 'INVALID_FIELD');
      assert.deepEqual(refused('SELECT Name, Bogus FROM Lead'), [
        'INVALID_FIELD',
        "No such column 'Bogus' on entity 'Lead'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
      ]);
    });

    it('TYPEOF: each owner’s fields by its own type, ELSE for the rest', () => {
      const owners = (soql: string) => query(soql).map((r) => r.Owner);
      const user = (fields: ApiRecord) => ({
        attributes: { type: 'User', url: `/services/data/v65.0/sobjects/User/${id.admin}` },
        ...fields,
      });
      const queue = (fields: ApiRecord) => ({
        attributes: { type: 'Group', url: `/services/data/v65.0/sobjects/Group/${id.queue}` },
        ...fields,
      });
      assert.deepEqual(
        owners(
          'SELECT TYPEOF Owner WHEN User THEN Username, Email WHEN Group THEN DeveloperName END FROM Lead ORDER BY Name',
        ),
        [
          user({ Username: 'admin@channelkit.localorg', Email: 'admin@channelkit.example.com' }),
          queue({ DeveloperName: 'Lead_Desk' }),
          user({ Username: 'admin@channelkit.localorg', Email: 'admin@channelkit.example.com' }),
          user({ Username: 'admin@channelkit.localorg', Email: 'admin@channelkit.example.com' }),
        ],
      );
      assert.deepEqual(
        owners(
          'SELECT TYPEOF Owner WHEN Group THEN DeveloperName ELSE Name, Username END FROM Lead ORDER BY Name',
        ).slice(0, 2),
        [
          user({ Name: 'Alex Admin', Username: 'admin@channelkit.localorg' }),
          queue({ DeveloperName: 'Lead_Desk' }),
        ],
      );
      assert.deepEqual(
        owners(
          'SELECT TYPEOF Owner WHEN User THEN Name ELSE Name END FROM Lead ORDER BY Name',
        ).slice(0, 2),
        [user({ Name: 'Alex Admin' }), queue({ Name: 'Lead Desk' })],
      );
      assert.deepEqual(
        owners('SELECT TYPEOF l.Owner WHEN User THEN Name END FROM Lead l ORDER BY l.Name').slice(
          0,
          2,
        ),
        [user({ Name: 'Alex Admin' }), queue({})],
        'a type no branch names: its attributes only',
      );
      assert.deepEqual(
        owners('SELECT Name, TYPEOF Owner WHEN Group THEN Name END FROM Lead ORDER BY Name').slice(
          0,
          2,
        ),
        [user({}), queue({ Name: 'Lead Desk' })],
      );
      const cases: [string, string, string, string][] = [
        [
          'SELECT TYPEOF PartnerAccount WHEN Account THEN Name END FROM Lead',
          'MALFORMED_QUERY',
          'PartnerAccount',
          'TYPEOF can only be used with a polymorphic relationship field: PartnerAccount',
        ],
        [
          'SELECT Owner.Name, TYPEOF Owner WHEN User THEN Name END FROM Lead',
          'MALFORMED_QUERY',
          'Owner',
          'A relationship used in TYPEOF cannot also be referenced in the field list: Owner',
        ],
        [
          'SELECT TYPEOF Owner WHEN Account THEN Name END FROM Lead',
          'MALFORMED_QUERY',
          'Account',
          'Account is not a type the polymorphic relationship Owner can refer to',
        ],
        [
          'SELECT TYPEOF Owner WHEN User THEN Name WHEN user THEN Email END FROM Lead',
          'MALFORMED_QUERY',
          'User',
          'duplicate WHEN User in TYPEOF',
        ],
        [
          'SELECT TYPEOF Bogus WHEN User THEN Name END FROM Lead',
          'INVALID_FIELD',
          'Bogus',
          "Didn't understand relationship 'Bogus' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.",
        ],
        [
          'SELECT TYPEOF Owner WHEN User THEN Bogus END FROM Lead',
          'INVALID_FIELD',
          'Bogus',
          "No such column 'Bogus' on entity 'User'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
        ],
      ];
      for (const [soql, errorCode, token, detail] of cases) {
        assert.deepEqual(refusal(soql), { errorCode, message: at(soql, token, detail) }, soql);
      }
    });

    it('child subqueries: each parent’s children, filtered and ordered, nested from API 58.0', () => {
      const accounts = query(
        `SELECT Name, (SELECT LastName FROM Contacts WHERE LastName != 'Bloom' ORDER BY LastName DESC), (SELECT Name FROM Deals__r WHERE Amount__c > 100 ORDER BY Name) FROM Account ORDER BY Name`,
      );
      const children = (r: ApiRecord, name: string, field: string) => {
        const result = r[name] as { totalSize: number; records: ApiRecord[] } | null;
        return result && result.records.map((c) => c[field]);
      };
      assert.deepEqual(
        accounts.map((a) => [
          a.Name,
          children(a, 'Contacts', 'LastName'),
          children(a, 'Deals__r', 'Name'),
        ]),
        [
          ['50% Off_Shop', null, null],
          ['Alpha', ['Ames'], ['Big', 'Won one']],
          ['beta', ['Cole'], null],
          ['Gamma', null, null],
        ],
      );
      const nested = (version?: string) =>
        query(
          `SELECT Name, (SELECT Name, (SELECT Name FROM ChildAccounts) FROM ChildAccounts ORDER BY Name) FROM Account WHERE Name = 'Alpha'`,
          { apiVersion: version },
        );
      for (const version of ['58.0', undefined]) {
        const [alpha] = nested(version);
        const kids = (alpha.ChildAccounts as { records: ApiRecord[] }).records;
        assert.deepEqual(
          kids.map((k) => [k.Name, children(k, 'ChildAccounts', 'Name')]),
          [
            ['beta', ['50% Off_Shop']],
            ['Gamma', null],
          ],
        );
      }
      const deep = (levels: number) => {
        let soql = 'SELECT Name FROM ChildAccounts';
        for (let i = 2; i < levels; i++) soql = `SELECT Name, (${soql}) FROM ChildAccounts`;
        return `SELECT Name, (${soql}) FROM Account`;
      };
      assert.equal(
        compile(deep(5), { apiVersion: '58.0' }).children.length,
        1,
        'five levels from 58.0',
      );
      assert.deepEqual(refused(deep(6), { apiVersion: '62.0' }), [
        'MALFORMED_QUERY',
        'No more than 5 levels of parent-to-child relationships can be queried',
      ]);
      assert.deepEqual(refused(deep(3), { apiVersion: '57.0' }), [
        'MALFORMED_QUERY',
        'No more than 2 levels of parent-to-child relationships can be queried before API version 58.0',
      ]);
      assert.equal(compile(deep(2), { apiVersion: '57.0' }).children.length, 1);
    });

    it('child subqueries: at most 20, no aggregates, OFFSET only under a parent LIMIT 1', () => {
      const many = (n: number) =>
        `SELECT Name, ${Array.from({ length: n }, () => '(SELECT Id FROM Contacts)').join(', ')} FROM Account`;
      assert.equal(compile(many(20)).children.length, 20);
      assert.deepEqual(refused(many(21)), [
        'MALFORMED_QUERY',
        'No more than 20 parent-to-child relationships can be specified in a query',
      ]);
      const [alpha] = query(
        `SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName LIMIT 1 OFFSET 1) FROM Account WHERE Name = 'Alpha' LIMIT 1`,
      );
      assert.deepEqual(
        (alpha.Contacts as { records: ApiRecord[] }).records.map((c) => c.LastName),
        ['Bloom'],
      );
      const offset = 'SELECT Name, (SELECT LastName FROM Contacts OFFSET 1) FROM Account LIMIT 2';
      assert.deepEqual(refusal(offset), {
        errorCode: 'MALFORMED_QUERY',
        message: at(
          offset,
          'OFFSET',
          'A subquery can use OFFSET only if the parent query has a LIMIT 1 clause',
        ),
      });
      const aggregate = 'SELECT Name, (SELECT COUNT() FROM Contacts) FROM Account';
      assert.deepEqual(refusal(aggregate), {
        errorCode: 'MALFORMED_QUERY',
        message: at(aggregate, 'Contacts', 'Aggregate subqueries are not supported'),
      });
      const unknown = 'SELECT Name, (SELECT Id FROM Contactz) FROM Account';
      assert.deepEqual(refusal(unknown), {
        errorCode: 'INVALID_TYPE',
        message: at(
          unknown,
          'Contactz',
          "Didn't understand relationship 'Contactz' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.",
        ),
      });
    });

    it('semi-joins and anti-joins on Id and reference fields', () => {
      assert.deepEqual(
        names('SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Contact)'),
        ['Alpha', 'beta'],
      );
      assert.deepEqual(
        names('SELECT Name FROM Account WHERE Id NOT IN (SELECT AccountId FROM Contact)'),
        ['50% Off_Shop', 'Gamma'],
        'a contact without an account does not empty the anti-join',
      );
      assert.deepEqual(
        names(
          `SELECT Name FROM Account WHERE ParentId NOT IN (SELECT Id FROM Account WHERE Name = 'Alpha')`,
        ),
        ['50% Off_Shop', 'Alpha'],
        'NOT IN keeps records with no parent',
      );
      assert.deepEqual(
        names(
          `SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE LastName = 'Cole') OR Name = 'Gamma'`,
        ),
        ['Gamma', 'beta'],
      );
      assert.deepEqual(
        leads(`OwnerId IN (SELECT Id FROM Group WHERE Type = 'Queue') AND Country = 'germany'`),
        ['Ben Beta'],
      );
      const notId = 'SELECT Name FROM Account WHERE Name IN (SELECT LastName FROM Contact)';
      assert.deepEqual(refusal(notId), {
        errorCode: 'INVALID_FIELD',
        message: at(notId, 'Name', 'Only Id and reference fields can be used in a semi-join'),
      });
      const innerText = 'SELECT Name FROM Account WHERE Id IN (SELECT LastName FROM Contact)';
      assert.deepEqual(refusal(innerText), {
        errorCode: 'MALFORMED_QUERY',
        message: at(
          innerText,
          'LastName',
          'The selected field in a subquery must be an Id or a reference field',
        ),
      });
      assert.deepEqual(
        refusal('SELECT Name FROM Account WHERE Id IN (SELECT Id, AccountId FROM Contact)'),
        {
          errorCode: 'MALFORMED_QUERY',
          message: 'The inner select field of a semi-join must be a single Id or reference field',
        },
      );
      const offset =
        'SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Contact LIMIT 5 OFFSET 1)';
      assert.deepEqual(refusal(offset), {
        errorCode: 'MALFORMED_QUERY',
        message: at(offset, 'OFFSET', 'OFFSET is not allowed in a semi-join subquery'),
      });
    });
  });

  describe('scope', () => {
    it('leaves deleted records out, except for queryAll and Apex ALL ROWS', () => {
      assert.equal(count('SELECT COUNT() FROM Lead'), 4);
      assert.equal(count('SELECT COUNT() FROM Lead', { includeDeleted: true }), 5);
      assert.deepEqual(leads(`Name = 'Ed Gone'`, { includeDeleted: true }), ['Ed Gone']);
      const apex = { binds: binds({}) };
      assert.equal(compile('SELECT Id FROM Lead ALL ROWS', apex).allRows, true);
      assert.equal(compile('SELECT Id FROM Lead', apex).allRows, false);
      assert.deepEqual(names(`SELECT Name FROM Lead WHERE Country = 'Germany' ALL ROWS`, apex), [
        'Ann Alpha',
        'Ben Beta',
        'Ed Gone',
      ]);
      assert.deepEqual(names(`SELECT Name FROM Lead WHERE Country = 'Germany'`, apex), [
        'Ann Alpha',
        'Ben Beta',
      ]);
      assert.equal(
        refusal('SELECT Id FROM Lead ALL ROWS').errorCode,
        'MALFORMED_QUERY',
        'ALL ROWS is Apex only',
      );
      assert.deepEqual(
        names('SELECT Name FROM Account'),
        ['50% Off_Shop', 'Alpha', 'Gamma', 'beta'],
        'no deleted accounts here',
      );
    });

    it('applies record sharing unless told not to, and hides the org’s records from isolated Apex tests', () => {
      assert.deepEqual(names('SELECT Name FROM Deal__c', { session: rep }), ['Small']);
      assert.deepEqual(names('SELECT Name FROM Deal__c', { session: rep, enforceSharing: false }), [
        'Big',
        'Other C',
        'Other b',
        'Small',
        'Won one',
      ]);
      assert.deepEqual(names('SELECT Name FROM Deal__c', { session: rep, enforceSharing: true }), [
        'Small',
      ]);
      const [alpha] = query(
        `SELECT Name, (SELECT Name FROM Deals__r) FROM Account WHERE Name = 'Alpha'`,
        { session: rep },
      );
      assert.deepEqual(
        (alpha.Deals__r as { records: ApiRecord[] }).records.map((d) => d.Name),
        ['Small'],
        'a child subquery is shared too',
      );
      const cyRowid = Number(
        org.store.get(`SELECT rowid AS n FROM "Lead" WHERE "Id" = ?`, id.cy)!.n,
      );
      assert.deepEqual(
        names('SELECT Name FROM Lead', { hiddenUpTo: new Map([['Lead', cyRowid]]) }),
        ['Di Delta'],
      );
      assert.deepEqual(
        names('SELECT Name FROM Lead', { hiddenUpTo: new Map([['Contact', 100]]) }).length,
        4,
      );
    });

    it('refuses unknown objects, and Tooling API objects outside the Tooling API', () => {
      const soql = 'SELECT Id FROM Leed';
      assert.deepEqual(refusal(soql), {
        errorCode: 'INVALID_TYPE',
        message: at(
          soql,
          'Leed',
          "sObject type 'Leed' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.",
        ),
      });
      assert.equal(refusal('SELECT Id FROM CustomObject').errorCode, 'INVALID_TYPE');
      assert.equal(
        compile('SELECT Id FROM CustomObject', { tooling: true }).object.name,
        'CustomObject',
      );
      assert.equal(compile('SELECT Id FROM Lead', { tooling: true }).object.name, 'Lead');
      const hidden = { ...Deal, name: 'Hidden__c', keyPrefix: 'a02', queryable: false };
      org.catalog.add(hidden);
      assert.equal(
        refusal('SELECT Id FROM Hidden__c').errorCode,
        'INVALID_TYPE',
        'an object that is not queryable',
      );
    });

    it('FIELDS(): STANDARD or CUSTOM fields of the object, ALL and CUSTOM only with a LIMIT of 200 or less', () => {
      const [dunn] = query(`SELECT FIELDS(STANDARD) FROM Contact WHERE LastName = 'Dunn'`);
      assert.deepEqual(Object.keys(dunn), [
        'attributes',
        ...org.catalog.object('Contact')!.fields.map((f) => f.name),
      ]);
      assert.equal(dunn.LastName, 'Dunn');
      const [big] = query(`SELECT Id, FIELDS(CUSTOM) FROM Deal__c WHERE Name = 'Big' LIMIT 200`);
      assert.deepEqual(Object.keys(big), [
        'attributes',
        'Id',
        'Amount__c',
        'Close__c',
        'Stage__c',
        'Notes__c',
        'Short__c',
        'Account__c',
      ]);
      assert.equal(big.Amount__c, 900);
      const [standard] = query(
        `SELECT Amount__c, FIELDS(STANDARD) FROM Deal__c WHERE Name = 'Big'`,
      );
      assert.ok(!Object.keys(standard).some((k) => k.endsWith('__c') && k !== 'Amount__c'));
      assert.ok('OwnerId' in standard && 'Name' in standard);
      const all = query(`SELECT FIELDS(ALL) FROM Deal__c ORDER BY Name LIMIT 1`);
      assert.equal(Object.keys(all[0]).length, 1 + Deal.fields.length);
      for (const soql of [
        'SELECT FIELDS(CUSTOM) FROM Deal__c',
        'SELECT FIELDS(ALL) FROM Deal__c LIMIT 201',
        'SELECT FIELDS(ALL) FROM Deal__c',
      ]) {
        assert.deepEqual(refusal(soql), {
          errorCode: 'MALFORMED_QUERY',
          message: at(soql, 'FIELDS', 'The SOQL FIELDS function must have a LIMIT of at most 200'),
        });
      }
    });
  });

  describe('Apex', () => {
    const apex = (values: Record<string, BindValue>): Partial<QueryContext> => ({
      binds: binds(values),
    });

    it('binds single values, lists to IN and NOT IN, and Integers to LIMIT and OFFSET', () => {
      assert.deepEqual(leads('Id = :one', apex({ one: id.ben })), ['Ben Beta']);
      assert.deepEqual(leads('Id IN :ids', apex({ ids: [id.ann, id.cy.slice(0, 15)] })), [
        'Ann Alpha',
        'Cy Gamma',
      ]);
      assert.deepEqual(leads('Id IN :ids', apex({ ids: [] })), [], 'an empty list matches nothing');
      assert.deepEqual(
        leads('Id NOT IN :ids', apex({ ids: [] })).length,
        4,
        'NOT IN an empty list matches all',
      );
      assert.deepEqual(leads('Country NOT IN :c', apex({ c: ['Germany'] })), [
        'Cy Gamma',
        'Di Delta',
      ]);
      assert.deepEqual(leads('Country IN :c', apex({ c: ['France', null] })), [
        'Cy Gamma',
        'Di Delta',
      ]);
      assert.deepEqual(leads('Country = :c', apex({ c: null })), ['Cy Gamma']);
      assert.deepEqual(leads('AnnualRevenue > :min', apex({ min: 499 })), [
        'Ann Alpha',
        'Ben Beta',
      ]);
      assert.deepEqual(leads('IsConverted = :yes', apex({ yes: true })), ['Di Delta']);
      assert.deepEqual(
        leads('CreatedDate > :at', apex({ at: { datetime: Date.parse('2026-01-10T00:00:00Z') } })),
        ['Ann Alpha', 'Di Delta'],
      );
      assert.deepEqual(leads('Name LIKE :p', apex({ p: 'b%' })), ['Ben Beta']);
      assert.deepEqual(leads('Name LIKE :p', apex({ p: null })), []);
      assert.deepEqual(
        column(
          'SELECT Name FROM Lead ORDER BY Name LIMIT :n OFFSET :o',
          'Name',
          apex({ n: 2, o: 1 }),
        ),
        ['Ben Beta', 'Cy Gamma'],
      );
    });

    it('refuses a missing variable and a list where one value is wanted', () => {
      assert.deepEqual(refusal('SELECT Name FROM Lead WHERE Id = :missing', apex({})), {
        errorCode: 'INVALID_BIND',
        message: 'Variable does not exist: missing',
      });
      assert.deepEqual(refusal('SELECT Name FROM Lead WHERE Id IN :missing', apex({})), {
        errorCode: 'INVALID_BIND',
        message: 'Variable does not exist: missing',
      });
      assert.deepEqual(refusal('SELECT Name FROM Lead WHERE Id = :ids', apex({ ids: [id.ann] })), {
        errorCode: 'INVALID_QUERY_FILTER_OPERATOR',
        message: 'Invalid bind expression type of List for column of type id',
      });
      assert.equal(
        refusal('SELECT Name FROM Lead WHERE Id = :x').errorCode,
        'MALFORMED_QUERY',
        'no binds outside Apex',
      );
    });

    it('FOR UPDATE in Apex only, and never with ORDER BY', () => {
      assert.equal(compile('SELECT Id FROM Lead LIMIT 2 FOR UPDATE', apex({})).mode, 'records');
      const ordered = 'SELECT Id FROM Lead ORDER BY Name FOR UPDATE';
      assert.deepEqual(refusal(ordered, apex({})), {
        errorCode: 'MALFORMED_QUERY',
        message: at(ordered, 'ORDER', 'ORDER BY cannot be used in a query that uses FOR UPDATE'),
      });
      const api = 'SELECT Id FROM Lead FOR UPDATE';
      assert.deepEqual(refusal(api), {
        errorCode: 'MALFORMED_QUERY',
        message: at(api, 'FOR', 'FOR UPDATE can only be used in Apex'),
      });
    });
  });

  describe('what the compiled query tells its callers', () => {
    it('the access level written with WITH', () => {
      assert.equal(compile('SELECT Id FROM Lead WITH USER_MODE').accessLevel, 'USER_MODE');
      assert.equal(compile('SELECT Id FROM Lead WITH SYSTEM_MODE').accessLevel, 'SYSTEM_MODE');
      assert.equal(
        compile('SELECT Id FROM Lead WITH SECURITY_ENFORCED').accessLevel,
        'SECURITY_ENFORCED',
      );
      assert.equal(compile('SELECT Id FROM Lead').accessLevel, null);
    });

    it('every field the query reads, for user-mode field-level security', () => {
      const used = (soql: string) =>
        [
          ...new Set(compile(soql).fieldsUsed.map((u) => `${u.object.name}.${u.field.name}`)),
        ].sort();
      assert.deepEqual(
        used(
          `SELECT Name, Owner.Name, Account.Parent.Name FROM Contact WHERE Email != null ORDER BY Title`,
        ),
        [
          'Account.Name',
          'Account.ParentId',
          'Contact.AccountId',
          'Contact.Email',
          'Contact.Name',
          'Contact.OwnerId',
          'Contact.Title',
          'User.Name',
        ],
      );
      assert.deepEqual(used('SELECT TYPEOF Owner WHEN User THEN Email ELSE Name END FROM Lead'), [
        'Group.Name',
        'Lead.OwnerId',
        'User.Email',
      ]);
      assert.deepEqual(
        used(
          'SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE Title = null)',
        ),
        ['Account.Id', 'Account.Name'],
        'a semi-join’s fields are its own query’s',
      );
    });

    it('an unordered query can be read in rowid batches for exports', () => {
      const compiled = compile(
        `SELECT Name, Account.Name FROM Contact WHERE Account.Name != 'beta'`,
      );
      const batches = [...org.queries.recordBatches(compiled, 2)];
      assert.deepEqual(
        batches.map((b) => b.length),
        [2, 1],
      );
      const nameColumn = compiled.columns.find(
        (c) => c.name === 'LastName' || c.name === 'Name',
      )!.column;
      assert.deepEqual(
        batches.flat().map((r) => r[nameColumn]),
        ['Ames', 'Bloom', 'Dunn'],
      );
    });

    it('refuses what does not parse, pointing at the token', () => {
      assert.deepEqual(refusal('SELECT Id FROM'), {
        errorCode: 'MALFORMED_QUERY',
        message: 'unexpected token: <EOF>',
      });
      const soql = 'SELECT Id, FROM Lead';
      assert.deepEqual(refusal(soql), {
        errorCode: 'MALFORMED_QUERY',
        message: at(soql, 'FROM', "unexpected token: 'FROM'"),
      });
      const apexSoql = 'SELECT Id, FROM Lead WHERE Id = :x';
      assert.deepEqual(refusal(apexSoql, { binds: binds({ x: 1 }) }), {
        errorCode: 'MALFORMED_QUERY',
        message: at(apexSoql, 'FROM', "unexpected token: 'FROM'"),
      });
    });
  });
});
