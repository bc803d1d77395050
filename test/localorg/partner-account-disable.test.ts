/**
 * Disabling a partner account (IsPartner from true to false), as Salesforce Help describes it:
 * every partner user of the account is disabled for good and removed from its groups, queues,
 * permission sets and sites; the account's partner roles and their groups are deleted. Other
 * partner accounts are not touched, and an account that was never a partner changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { connect, startTestOrg } from '../support/org.ts';

type Row = Record<string, unknown>;

describe('disabling a partner account', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startTestOrg();
    conn = connect(org);
  });
  after(() => org.close());

  const accountId = async (name: string): Promise<string> =>
    (await conn.query<{ Id: string }>(`SELECT Id FROM Account WHERE Name = '${name}'`)).records[0]
      .Id;
  const usersOf = async (account: string): Promise<Row[]> =>
    (
      await conn.query<Row>(
        `SELECT Id, IsActive, IsPortalEnabled, UserRoleId FROM User WHERE Contact.AccountId = '${account}'`,
      )
    ).records;
  const count = async (soql: string): Promise<number> => (await conn.query(soql)).totalSize;
  const ids = (rows: Row[]): string => rows.map((r) => `'${String(r.Id)}'`).join(',');

  it('disables its partner users, removes their memberships and deletes its roles', async () => {
    const northwind = await accountId('Northwind Traders');
    const contoso = await accountId('Contoso Ltd');
    const users = await usersOf(northwind);
    const active = users.filter((u) => u.IsActive === true);
    assert.ok(active.length >= 2, 'the demo account has active partner users');
    const partnerToken = org.users.find(
      (u) => u.kind === 'partner' && u.active && u.accountId === northwind,
    )!.accessToken!;
    assert.ok(await count(`SELECT Id FROM GroupMember WHERE UserOrGroupId IN (${ids(users)})`));
    assert.ok(await count(`SELECT Id FROM UserRole WHERE PortalAccountId = '${northwind}'`));
    const contosoBefore = await usersOf(contoso);
    const licencesBefore = await count(
      "SELECT Id FROM User WHERE IsActive = true AND UserType = 'PowerPartner'",
    );

    await conn.sobject('Account').update({ Id: northwind, IsPartner: false });

    const after = await usersOf(northwind);
    assert.equal(after.length, users.length, 'the users stay, disabled');
    for (const u of after) {
      assert.equal(u.IsActive, false);
      assert.equal(u.IsPortalEnabled, false);
      assert.equal(u.UserRoleId, null);
    }
    assert.equal(
      await count(`SELECT Id FROM GroupMember WHERE UserOrGroupId IN (${ids(users)})`),
      0,
    );
    assert.equal(
      await count(`SELECT Id FROM PermissionSetAssignment WHERE AssigneeId IN (${ids(users)})`),
      0,
    );
    assert.equal(await count(`SELECT Id FROM NetworkMember WHERE MemberId IN (${ids(users)})`), 0);
    assert.equal(await count(`SELECT Id FROM UserRole WHERE PortalAccountId = '${northwind}'`), 0);
    assert.equal(
      await count("SELECT Id FROM User WHERE IsActive = true AND UserType = 'PowerPartner'"),
      licencesBefore - active.length,
      'their licences are free again',
    );
    await assert.rejects(
      async () => {
        await connect(org, partnerToken).query('SELECT Id FROM Lead LIMIT 1');
      },
      /INVALID_SESSION_ID/,
      'their sessions end',
    );
    assert.deepEqual(await usersOf(contoso), contosoBefore, 'another partner is not touched');
    const account = (await conn.sobject('Account').retrieve(northwind)) as Row;
    assert.equal(account.IsPartner, false);
  });

  it('changes nothing else when the account was not a partner', async () => {
    const plain = await conn.sobject('Account').create({ Name: 'Plain Account' });
    await conn.sobject('Account').update({ Id: plain.id!, IsPartner: false });
    const contoso = await accountId('Contoso Ltd');
    const active = (await usersOf(contoso)).filter((u) => u.IsActive === true);
    assert.ok(active.length > 0, 'Contoso keeps its active partner users');
  });
});
