/**
 * Edges of the SOQL compiler (localorg/soql/compile.ts) that soql-compile.test.ts leaves open,
 * in process on a small org of its own: how the query's own filter combines with the filters the
 * org adds (deleted records, sharing), TYPEOF branches that cover every type, and filters on
 * aggregate values. SOQL and SOSL Reference as there.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Session } from '../../localorg/auth/session.ts';
import type { DmlOperation } from '../../localorg/dml/engine.ts';
import { LocalOrg } from '../../localorg/org.ts';
import type { ApiRecord } from '../../localorg/records.ts';
import { scratchOrg } from '../../localorg/scratchOrg.ts';
import { compileSoql } from '../../localorg/soql/compile.ts';
import type { QueryContext } from '../../localorg/soql/compile.ts';

describe('SOQL compiler edges', () => {
  let org: LocalOrg;
  let admin: Session;
  const id: Record<string, string> = {};

  const run = (op: DmlOperation): string => {
    const [result] = org.dml.execute(admin, [op], true, { assignmentRule: false });
    assert.deepEqual(result.errors, []);
    return result.id!;
  };
  const insert = (type: string, values: Record<string, unknown>): string =>
    run({ kind: 'insert', type, values });
  const context = (extra: Partial<QueryContext> = {}): QueryContext => ({
    catalog: org.catalog,
    session: admin,
    now: new Date('2026-01-10T12:00:00.000Z'),
    includeDeleted: false,
    ...extra,
  });
  const query = (soql: string, extra: Partial<QueryContext> = {}): ApiRecord[] =>
    org.queries.allRecords(compileSoql(context(extra), soql));
  const names = (soql: string, extra: Partial<QueryContext> = {}): unknown[] =>
    query(soql, extra)
      .map((r) => r.Name)
      .sort();

  before(() => {
    ({ org, admin } = scratchOrg());
    id.queue = insert('Group', { Name: 'Lead Desk', Type: 'Queue' });
    insert('QueueSobject', { QueueId: id.queue, SobjectType: 'Lead' });
    insert('Lead', {
      LastName: 'Kept',
      Company: 'A',
      Country: 'Germany',
      Website: 'https://acme.example',
      NumberOfEmployees: 7,
    });
    insert('Lead', {
      LastName: 'Cold',
      Company: 'B',
      Rating: 'Cold',
      OwnerId: id.queue,
      NumberOfEmployees: 5,
    });
    id.gone = insert('Lead', { LastName: 'Gone', Company: 'C', Country: 'Germany' });
    run({ kind: 'delete', type: 'Lead', id: id.gone });
  });

  it('an OR in the query cannot bring back deleted records', () => {
    assert.deepEqual(names(`SELECT Name FROM Lead WHERE Country = 'Germany' OR Rating = 'Cold'`), [
      'Cold',
      'Kept',
    ]);
    assert.deepEqual(
      names(`SELECT Name FROM Lead WHERE Country = 'Germany' OR Rating = 'Cold'`, {
        includeDeleted: true,
      }),
      ['Cold', 'Gone', 'Kept'],
    );
  });

  it('TYPEOF with a WHEN for every type leaves ELSE nothing to add', () => {
    const owners = query(
      'SELECT Name, TYPEOF Owner WHEN User THEN Name WHEN Group THEN DeveloperName ELSE Email END FROM Lead ORDER BY Name',
    ).map((r) => {
      const { attributes, ...fields } = r.Owner as ApiRecord;
      return [(attributes as { type: string }).type, fields];
    });
    assert.deepEqual(owners, [
      ['Group', { DeveloperName: 'Lead_Desk' }],
      [
        'User',
        { Name: org.store.get('SELECT "Name" FROM "User" WHERE "Id" = ?', admin.userId)!.Name },
      ],
    ]);
  });

  it('a HAVING value of the wrong type is refused like a WHERE value', () => {
    const soql = `SELECT Rating, COUNT(Id) FROM Lead GROUP BY Rating HAVING COUNT(Id) > 'x'`;
    assert.throws(() => compileSoql(context(), soql), {
      errorCode: 'INVALID_FIELD',
      message: `\n${soql}\n${' '.repeat(15)}^\nERROR at Row:1:Column:16\nvalue of filter criterion for field 'COUNT(Id)' must be of type int and should not be enclosed in quotes`,
    });
  });

  it('text of every kind compares case-insensitively; whole numbers sum', () => {
    assert.deepEqual(names(`SELECT Name FROM Lead WHERE Website = 'HTTPS://ACME.EXAMPLE'`), [
      'Kept',
    ]);
    const [sum] = org.queries.aggregateRows(
      compileSoql(context(), 'SELECT SUM(NumberOfEmployees) FROM Lead'),
    );
    assert.equal(Object.values(sum)[0], 12);
  });

  it('groups by several fields', () => {
    const compiled = compileSoql(
      context(),
      'SELECT Rating, Country, COUNT(Id) FROM Lead GROUP BY Rating, Country ORDER BY Rating',
    );
    assert.deepEqual(
      org.queries.aggregateRows(compiled).map((r) => Object.values(r)),
      [
        [null, 'Germany', 1],
        ['Cold', null, 1],
      ],
    );
  });

  it('a semi-join over an object without deleted records or a filter of its own', () => {
    assert.deepEqual(names('SELECT Name FROM Lead WHERE OwnerId IN (SELECT Id FROM Group)'), [
      'Cold',
    ]);
  });

  it('a polymorphic lookup gives the type of the record it points to, and no path beyond it', () => {
    const role = insert('UserRole', { Name: 'Desk Lead' });
    const roleGroup = org.store.nextId('00G');
    org.store.run(
      `INSERT INTO "Group" ("Id", "Name", "DeveloperName", "Type", "RelatedId", "DoesSendEmailToMembers", "DoesIncludeBosses",
         "CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById", "SystemModstamp")
       VALUES (?, '', 'DeskLeadRole', 'Role', ?, 0, 0, '', ?, '', ?, '')`,
      roleGroup,
      role,
      admin.userId,
      admin.userId,
    );
    const [group] = query(`SELECT Related.Type, Related.Name FROM Group WHERE Id = '${roleGroup}'`);
    const related = group.Related as ApiRecord;
    assert.equal(related.Type, 'UserRole');
    assert.equal(related.Name, 'Desk Lead');
    assert.throws(() => compileSoql(context(), 'SELECT Owner.CreatedBy.Name FROM Lead'), {
      errorCode: 'INVALID_FIELD',
      message:
        "Didn't understand relationship 'CreatedBy' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.",
    });
  });

  it('TYPEOF without ELSE under the choice typeof-unmatched=null: an unnamed type is null', () => {
    const strict = new LocalOrg(org.store, {
      apiLimit: 1_000_000,
      now: () => new Date('2026-01-10T12:00:00.000Z'),
      log: () => undefined,
      choices: { 'typeof-unmatched': 'null' },
    });
    const owners = (soql: string) =>
      strict.queries
        .allRecords(compileSoql(context(), soql))
        .map((r) =>
          r.Owner === null ? null : (r.Owner as { attributes: { type: string } }).attributes.type,
        );
    assert.deepEqual(
      owners('SELECT Name, TYPEOF Owner WHEN User THEN Name END FROM Lead ORDER BY Name'),
      [null, 'User'],
    );
    assert.deepEqual(
      owners('SELECT Name, TYPEOF Owner WHEN User THEN Name ELSE Name END FROM Lead ORDER BY Name'),
      ['Group', 'User'],
    );
  });

  it('Apex LIMIT and OFFSET binds must name a non-negative Integer in scope', () => {
    const apex = (values: Record<string, number>): Partial<QueryContext> => ({
      binds: (name) =>
        name in values ? { found: true, value: values[name] } : { found: false, value: null },
    });
    assert.throws(() => compileSoql(context(apex({})), 'SELECT Id FROM Lead LIMIT :n'), {
      errorCode: 'INVALID_BIND',
      message: 'Variable does not exist: n',
    });
    assert.throws(() => compileSoql(context(apex({ n: -1 })), 'SELECT Id FROM Lead LIMIT :n'), {
      errorCode: 'INVALID_BIND',
      message: 'LIMIT must be a non-negative Integer; :n is -1',
    });
  });
});
