/**
 * searchLeads and getOwnerCandidates of the twin over HTTP: keyset paging walks every match once
 * (well past OFFSET's 2,000 rows) in every sort, each filter kind selects exactly the leads the
 * equivalent SOQL query returns, and a partner user sees only its own leads and owners.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import type {
  LeadFilters,
  LeadPage,
  LeadRow,
  LeadSortField,
  SortDirection,
} from '../../types/leadAssignment.d.ts';
import { connect, FORCE_APP, startTestOrg, userOf } from '../support/org.ts';
import { call, callError } from '../support/leadAssignment.ts';

const OPEN =
  "IsConverted = false AND Status NOT IN ('Closed - Converted', 'Closed - Not Converted')";
const list = (ids: string[]) => `(${ids.map((id) => `'${id}'`).join(', ') || "''"})`;

describe('LeadAssignmentController on the local org: searchLeads and owner candidates', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  let manager: string;

  /** Every page of a search; checks totals and cursors on the way. */
  async function walk(
    filters: LeadFilters,
    sortBy: LeadSortField = 'CreatedDate',
    sortDirection: SortDirection = 'desc',
    token = manager,
  ): Promise<LeadRow[]> {
    const rows: LeadRow[] = [];
    let cursor: string | null = null;
    let total = -1;
    do {
      const page: LeadPage = await call(
        org,
        'searchLeads',
        { filters, sortBy, sortDirection, pageSize: 200, cursor },
        token,
      );
      if (total >= 0) assert.equal(page.totalCount, total, 'the total stays the same');
      total = page.totalCount;
      rows.push(...page.rows);
      // The last page has no nextCursor (Lightning leaves null properties out).
      assert.ok(page.rows.length === 200 || page.nextCursor === undefined);
      cursor = page.nextCursor ?? null;
    } while (cursor);
    assert.equal(rows.length, total, 'the pages hold every match');
    return rows;
  }

  async function soqlIds(where: string, connection = conn): Promise<string[]> {
    const result = await connection.query<{ Id: string }>(`SELECT Id FROM Lead WHERE ${where}`, {
      autoFetch: true,
      maxFetch: 100_000,
    });
    return result.records.map((r) => r.Id).sort();
  }

  const idsOf = (rows: LeadRow[]) => rows.map((r) => r.id).sort();

  before(async () => {
    org = await startTestOrg({ seed: 'demo', deploy: [FORCE_APP] });
    conn = connect(org);
    manager = userOf(org, 'channel-manager').accessToken!;
    // The demo leads have no State: give a few one, so the state filter has something to find.
    const some = await conn.query<{ Id: string }>(
      `SELECT Id FROM Lead WHERE Country = 'United States' AND ${OPEN} ORDER BY Id LIMIT 7`,
    );
    const updated = await conn.sobject('Lead').update(
      some.records.map((r, i) => ({ Id: r.Id, State: i < 4 ? 'Texas' : 'Ohio' })),
      { headers: { 'Sforce-Auto-Assign': 'FALSE' } },
    );
    assert.ok(updated.every((r) => r.success));
  });
  after(() => org.close());

  it('walks every open lead once in each sort, past 2,000 rows, in order', async () => {
    const expected = await soqlIds(OPEN);
    assert.ok(expected.length > 2000, `${expected.length} open leads`);
    const sorts: [LeadSortField, SortDirection][] = [
      ['CreatedDate', 'desc'],
      ['Name', 'asc'],
      ['Company', 'desc'],
      ['Status', 'asc'],
      ['Country', 'asc'],
      ['OwnerName', 'desc'],
    ];
    const key: Record<LeadSortField, (r: LeadRow) => string> = {
      CreatedDate: (r) => r.createdDate,
      Name: (r) => r.name.toLowerCase(),
      Company: (r) => (r.company ?? '').toLowerCase(),
      Status: (r) => r.status.toLowerCase(),
      Country: (r) => (r.country ?? '').toLowerCase(),
      OwnerName: (r) => r.ownerName.toLowerCase(),
    };
    for (const [sortBy, direction] of sorts) {
      const rows = await walk({}, sortBy, direction);
      assert.deepEqual(idsOf(rows), expected, `${sortBy} ${direction}: no duplicates or gaps`);
      for (let i = 1; i < rows.length; i++) {
        const [a, b] = [key[sortBy](rows[i - 1]), key[sortBy](rows[i])];
        const ordered =
          direction === 'asc'
            ? a < b || (a === b && rows[i - 1].id < rows[i].id)
            : a > b || (a === b && rows[i - 1].id > rows[i].id);
        assert.ok(ordered, `${sortBy} ${direction} at row ${i}: ${a} then ${b}`);
      }
    }
  });

  it('selects exactly what the equivalent SOQL query selects, for each kind of filter', async () => {
    const partnerUsers = (
      await conn.query<{ Id: string }>("SELECT Id FROM User WHERE UserType = 'PowerPartner'")
    ).records.map((r) => r.Id);
    const queues = (
      await conn.query<{ Id: string }>("SELECT Id FROM Group WHERE Type = 'Queue'")
    ).records.map((r) => r.Id);
    const partnerQueues = [
      ...new Set(
        (
          await conn.query<{ GroupId: string }>(
            `SELECT GroupId FROM GroupMember WHERE UserOrGroupId IN ${list(partnerUsers)}`,
          )
        ).records.map((r) => r.GroupId),
      ),
    ];
    const inactiveUsers = (
      await conn.query<{ Id: string }>('SELECT Id FROM User WHERE IsActive = false')
    ).records.map((r) => r.Id);
    const internalQueues = queues.filter((q) => !partnerQueues.includes(q));
    const pool = (
      await conn.query<{ Id: string }>("SELECT Id FROM Group WHERE Name = 'EMEA Partner Pool'")
    ).records[0].Id;
    const cases: [string, LeadFilters, string][] = [
      ['statuses', { statuses: ['Working - Contacted'] }, "Status IN ('Working - Contacted')"],
      [
        'sources',
        { sources: ['Web', 'Partner Referral'] },
        "LeadSource IN ('Web', 'Partner Referral')",
      ],
      ['countries', { countries: ['Germany', 'Japan'] }, "Country IN ('Germany', 'Japan')"],
      ['states', { states: ['Texas'] }, "State = 'Texas'"],
      [
        'created dates',
        { createdFrom: '2025-10-01', createdTo: '2025-11-15' },
        'CreatedDate >= 2025-10-01T00:00:00Z AND CreatedDate < 2025-11-16T00:00:00Z',
      ],
      [
        'owner kind user',
        { ownerKind: 'user' },
        "OwnerId IN (SELECT Id FROM User WHERE UserType = 'Standard' AND IsActive = true)",
      ],
      [
        'owner kind partner',
        { ownerKind: 'partner' },
        `OwnerId IN ${list([...partnerUsers, ...partnerQueues])}`,
      ],
      ['owner kind queue', { ownerKind: 'queue' }, `OwnerId IN ${list(queues)}`],
      [
        'owner kind unassigned',
        { ownerKind: 'unassigned' },
        `OwnerId IN ${list([...internalQueues, ...inactiveUsers])}`,
      ],
      ['one owner', { ownerId: pool }, `OwnerId = '${pool}'`],
      [
        'search',
        { search: 'Ana' },
        "(Name LIKE '%ana%' OR Company LIKE '%ana%' OR Email LIKE '%ana%')",
      ],
      [
        'everything at once',
        {
          countries: ['United States'],
          statuses: ['Open - Not Contacted'],
          ownerKind: 'partner',
          search: 'an',
        },
        `Country = 'United States' AND Status = 'Open - Not Contacted' AND OwnerId IN ${list([...partnerUsers, ...partnerQueues])} AND (Name LIKE '%an%' OR Company LIKE '%an%' OR Email LIKE '%an%')`,
      ],
    ];
    for (const [label, filters, where] of cases) {
      const expected = await soqlIds(`${OPEN} AND ${where}`);
      assert.ok(expected.length > 0, `${label} matches something`);
      assert.deepEqual(idsOf(await walk(filters)), expected, label);
    }
    const closed = await walk({ includeClosed: true, countries: ['France'] });
    assert.deepEqual(
      idsOf(closed),
      await soqlIds("IsConverted = false AND Country = 'France'"),
      'includeClosed lists closed leads, never converted ones',
    );
    assert.ok(closed.some((r) => r.status === 'Closed - Not Converted'));
  });

  it('labels each row with its owner: name and partner or internal, user or queue', async () => {
    const rows = await walk({ countries: ['Netherlands'] }, 'OwnerName', 'asc');
    const types = new Set(rows.map((r) => r.ownerType));
    assert.deepEqual([...types].sort(), [
      'internalQueue',
      'internalUser',
      'partnerQueue',
      'partnerUser',
    ]);
    const owners = await conn.query<{ Id: string; Name: string }>(
      `SELECT Id, Name FROM User WHERE Id IN ${list(rows.map((r) => r.ownerId))}`,
    );
    for (const owner of owners.records) {
      for (const row of rows.filter((r) => r.ownerId === owner.Id))
        assert.equal(row.ownerName, owner.Name);
    }
  });

  it('refuses a partner user the console (no class access) while its API shows only its own leads', async () => {
    const partner = userOf(org, 'partner');
    const token = partner.accessToken!;
    for (const method of ['searchLeads', 'getOwnerCandidates', 'getFilterOptions'] as const) {
      assert.equal(
        await callError(org, method, {}, token, 'System.NoAccessException'),
        "You do not have access to the Apex class named 'LeadAssignmentController'.",
      );
    }
    const asPartner = connect(org, token);
    const visible = await soqlIds('IsConverted = false', asPartner);
    assert.ok(visible.length > 0);
    const mine = await conn.query<{ Id: string }>(
      `SELECT Id FROM User WHERE AccountId = '${partner.accountId}'`,
    );
    const myQueues = await conn.query<{ GroupId: string }>(
      `SELECT GroupId FROM GroupMember WHERE UserOrGroupId = '${partner.userId}'`,
    );
    const allowed = new Set([
      ...mine.records.map((r) => r.Id),
      ...myQueues.records.map((r) => r.GroupId),
    ]);
    const owners = await conn.query<{ OwnerId: string }>(
      `SELECT OwnerId FROM Lead WHERE Id IN ${list(visible.slice(0, 500))}`,
    );
    assert.ok(owners.records.every((r) => allowed.has(r.OwnerId)));
  });

  it('lists owner candidates with eligibility, human reasons and open-lead counts', async () => {
    const all = await call(org, 'getOwnerCandidates', { includeIneligible: true }, manager);
    const inactive = all.filter((c) => !c.eligible);
    assert.ok(inactive.length > 0);
    for (const c of inactive) {
      assert.deepEqual(c.reasons, [{ code: 'INACTIVE_USER', message: 'The user is inactive.' }]);
    }
    const neverLoggedIn = all.find((c) => c.warnings.some((w) => w.code === 'NEVER_LOGGED_IN'));
    assert.equal(neverLoggedIn?.type, 'partnerUser');
    assert.deepEqual(neverLoggedIn?.warnings, [
      { code: 'NEVER_LOGGED_IN', message: 'Has never logged in to Partner Central.' },
    ]);
    const eligible = await call(org, 'getOwnerCandidates', { includeIneligible: false }, manager);
    assert.equal(eligible.length, all.length - inactive.length);
    const queuesOnly = await call(
      org,
      'getOwnerCandidates',
      { types: ['partnerQueue'], search: 'wingtip' },
      manager,
    );
    assert.deepEqual(
      queuesOnly.map((c) => [c.name, c.accountName]),
      [['Wingtip Solutions Leads', 'Wingtip Solutions']],
    );
    const counts = await conn.query<{ OwnerId: string; expr0: number }>(
      `SELECT OwnerId, COUNT(Id) FROM Lead WHERE ${OPEN} GROUP BY OwnerId`,
    );
    const expected = new Map(counts.records.map((r) => [r.OwnerId, r.expr0]));
    for (const c of all) assert.equal(c.openLeadCount, expected.get(c.id) ?? 0, c.name);
  });
});
