import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { connect, queueId, startTestOrg, userOf } from '../support/org.ts';
import { api } from '../support/query.ts';

const NO_ASSIGN = { headers: { 'Sforce-Auto-Assign': 'FALSE' } };

type Lead = Record<string, unknown>;

async function failure(promise: Promise<unknown>): Promise<{ errorCode: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { errorCode: string; message: string };
  }
  throw new Error('expected a failure');
}

describe('platform behaviour of the demo org', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startTestOrg();
    conn = connect(org);
  });
  after(() => org.close());

  const lead = async (id: string): Promise<Lead> =>
    (await conn.sobject('Lead').retrieve(id)) as Lead;

  it('runs the active assignment rule on REST create and update unless Sforce-Auto-Assign: FALSE', async () => {
    const manager = userOf(org, 'channel-manager');
    const partner = userOf(org, 'partner');
    const emeaPool = await queueId(conn, 'EMEA Partner Pool');
    const apacPool = await queueId(conn, 'APAC Partner Pool');

    const assigned = await conn.sobject('Lead').create({
      LastName: 'Tanaka',
      Company: 'Orbit Labs',
      Country: 'Japan',
      OwnerId: manager.userId,
    });
    assert.equal(
      (await lead(assigned.id!)).OwnerId,
      apacPool,
      'create without the header is routed by the rule',
    );

    const kept = await conn.sobject('Lead').create(
      {
        LastName: 'Weber',
        Company: 'Summit Energy',
        Country: 'Germany',
        OwnerId: manager.userId,
      },
      NO_ASSIGN,
    );
    const id = kept.id!;
    assert.equal((await lead(id)).OwnerId, manager.userId);

    // The trap: an owner change without the header is silently overridden by the rule.
    await conn.sobject('Lead').update({ Id: id, OwnerId: partner.userId });
    assert.equal((await lead(id)).OwnerId, emeaPool);

    await conn.sobject('Lead').update({ Id: id, IsUnreadByOwner: false }, NO_ASSIGN);
    await conn.sobject('Lead').update({ Id: id, OwnerId: partner.userId }, NO_ASSIGN);
    const after = await lead(id);
    assert.equal(after.OwnerId, partner.userId);
    assert.equal(
      after.PartnerAccountId,
      partner.accountId,
      'a partner owner fills PartnerAccountId',
    );
    assert.equal(after.IsUnreadByOwner, true, 'an owner change marks the lead unread');

    await conn.sobject('Lead').update({ Id: id, OwnerId: manager.userId }, NO_ASSIGN);
    assert.equal(
      (await lead(id)).PartnerAccountId,
      null,
      'an internal owner clears PartnerAccountId',
    );
  });

  it('refuses owners that are inactive users or queues without Lead', async () => {
    const inactive = userOf(org, 'partner', false);
    const { records } = await conn.query<{ Id: string }>(
      'SELECT Id FROM Lead WHERE IsConverted = false LIMIT 2',
    );
    const single = await failure(
      conn.sobject('Lead').update({ Id: records[0].Id, OwnerId: inactive.userId }, NO_ASSIGN),
    );
    assert.equal(single.errorCode, 'INACTIVE_OWNER_OR_USER');
    const results = await conn.sobject('Lead').update(
      [
        { Id: records[0].Id, OwnerId: inactive.userId },
        { Id: records[1].Id, Rating: 'Hot' },
      ],
      { ...NO_ASSIGN, allOrNone: false },
    );
    const [bad, good] = results as unknown as {
      success: boolean;
      errors: { statusCode: string; fields: string[] }[];
    }[];
    assert.equal(bad.success, false);
    assert.equal(bad.errors[0].statusCode, 'INACTIVE_OWNER_OR_USER');
    assert.deepEqual(bad.errors[0].fields, ['OwnerId']);
    assert.equal(good.success, true);

    const group = await conn.sobject('Group').create({ Name: 'Case Desk', Type: 'Queue' });
    const noLead = await failure(
      conn.sobject('Lead').update({ Id: records[1].Id, OwnerId: group.id }, NO_ASSIGN),
    );
    assert.equal(noLead.errorCode, 'INVALID_CROSS_REFERENCE_KEY');
  });

  it('refuses to update converted leads', async () => {
    const { records } = await conn.query<{ Id: string }>(
      'SELECT Id FROM Lead WHERE IsConverted = true LIMIT 1',
    );
    const error = await failure(
      conn.sobject('Lead').update({ Id: records[0].Id, Rating: 'Hot' }, NO_ASSIGN),
    );
    assert.equal(error.errorCode, 'CANNOT_UPDATE_CONVERTED_LEAD');
  });

  it('refuses setup and non-setup DML in one collections request (MIXED_DML_OPERATION)', async () => {
    const group = await queueId(conn, 'Unassigned Leads');
    const manager = userOf(org, 'channel-manager');
    const res = await api(org, '/services/data/v62.0/composite/sobjects', {
      method: 'POST',
      body: JSON.stringify({
        allOrNone: false,
        records: [
          { attributes: { type: 'Account' }, Name: 'Mixed Co' },
          { attributes: { type: 'GroupMember' }, GroupId: group, UserOrGroupId: manager.userId },
        ],
      }),
    });
    const [account, member] = res.body as { success: boolean; errors: { statusCode: string }[] }[];
    assert.equal(account.success, true);
    assert.equal(member.success, false);
    assert.equal(member.errors[0].statusCode, 'MIXED_DML_OPERATION');
  });

  it('resets a password by e-mail and lets the user log in with it', async () => {
    const partner = userOf(org, 'partner');
    const reset = await api(org, `/services/data/v62.0/sobjects/User/${partner.userId}/password`, {
      method: 'DELETE',
    });
    assert.equal(reset.status, 200);
    const newPassword = (reset.body as { NewPassword: string }).NewPassword;
    const mail = org.outbox().at(-1)!;
    assert.equal(mail.kind, 'password-reset');
    assert.equal(mail.toUserId, partner.userId);
    assert.ok(mail.body.includes(newPassword));
    const outbox = await api(org, '/services/data/v62.0/localorg/outbox');
    assert.equal((outbox.body as { totalSize: number }).totalSize, org.outbox().length);
    const denied = await api(org, '/services/data/v62.0/localorg/outbox', {
      token: partner.accessToken!,
    });
    assert.equal(denied.status, 403);

    const login = new Connection({
      oauth2: { clientId: org.clientId, clientSecret: org.clientSecret, loginUrl: org.url },
      version: '62.0',
    });
    const info = await login.login(partner.username, newPassword);
    assert.equal(info.id, partner.userId);
  });

  it("limits a partner user to its own account's records and its queues' leads", async () => {
    const partner = userOf(org, 'partner');
    const mine = connect(org, partner.accessToken!);
    const visible = await mine.query<{ Id: string; OwnerId: string }>(
      'SELECT Id, OwnerId FROM Lead',
      { autoFetch: true, maxFetch: 100_000 },
    );
    const colleagues = await conn.query<{ Id: string }>(
      `SELECT Id FROM User WHERE AccountId = '${partner.accountId}'`,
    );
    const queues = await conn.query<{ GroupId: string }>(
      `SELECT GroupId FROM GroupMember WHERE UserOrGroupId = '${partner.userId}'`,
    );
    const allowed = new Set([
      ...colleagues.records.map((r) => r.Id),
      ...queues.records.map((r) => r.GroupId),
    ]);
    const expected = await conn.query(
      `SELECT COUNT() FROM Lead WHERE OwnerId IN ('${[...allowed].join("','")}')`,
    );
    assert.ok(visible.totalSize > 0);
    assert.equal(visible.totalSize, expected.totalSize);
    assert.ok(visible.records.every((r) => allowed.has(r.OwnerId)));

    const other = await conn.query<{ Id: string }>(
      `SELECT Id FROM Lead WHERE PartnerAccountId != null AND PartnerAccountId != '${partner.accountId}' AND IsConverted = false LIMIT 1`,
    );
    const otherId = other.records[0].Id;
    assert.equal((await failure(mine.sobject('Lead').retrieve(otherId))).errorCode, 'NOT_FOUND');
    assert.equal((await mine.query(`SELECT Id FROM Lead WHERE Id = '${otherId}'`)).totalSize, 0);
    const write = await mine
      .sobject('Lead')
      .update([{ Id: otherId, Rating: 'Hot' }], { ...NO_ASSIGN, allOrNone: false });
    assert.equal(
      (write[0] as unknown as { errors: { statusCode: string }[] }).errors[0].statusCode,
      'INSUFFICIENT_ACCESS_OR_READONLY',
    );

    const accounts = await mine.query<{ Id: string }>('SELECT Id FROM Account');
    assert.deepEqual(
      accounts.records.map((r) => r.Id),
      [partner.accountId],
    );
    const contacts = await mine.query<{ AccountId: string }>('SELECT AccountId FROM Contact');
    assert.ok(
      contacts.records.length > 0 &&
        contacts.records.every((r) => r.AccountId === partner.accountId),
    );
  });
});

describe('partner users and licences on an org seeded with none', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startTestOrg({ seed: 'none' });
    conn = connect(org);
  });
  after(() => org.close());

  const profileId = async (name: string): Promise<string> =>
    (await conn.query<{ Id: string }>(`SELECT Id FROM Profile WHERE Name = '${name}'`)).records[0]
      .Id;

  const partnerUser = (contactId: string, n: number, profile: string) => ({
    ContactId: contactId,
    ProfileId: profile,
    LastName: `Partner${n}`,
    Username: `partner${n}@acme.partner.localorg`,
    Email: `partner${n}@acme.example.com`,
    Alias: `p${n}`,
    CommunityNickname: `partner${n}`,
    TimeZoneSidKey: 'GMT',
    LocaleSidKey: 'en_US',
    EmailEncodingKey: 'UTF-8',
    LanguageLocaleKey: 'en_US',
  });

  it('needs a role on the portal account owner, then creates the partner role', async () => {
    const account = await conn
      .sobject('Account')
      .create({ Name: 'Acme Partners', IsPartner: true });
    const contact = await conn
      .sobject('Contact')
      .create({ LastName: 'Ito', AccountId: account.id });
    const profile = await profileId('Partner Community User');
    const user = partnerUser(contact.id!, 0, profile);
    const noRole = await failure(conn.sobject('User').create(user));
    assert.equal(noRole.errorCode, 'UNKNOWN_EXCEPTION');
    assert.equal(noRole.message, 'portal account owner must have a role');

    const role = await conn.sobject('UserRole').create({ Name: 'CEO' });
    await conn.sobject('User').update({ Id: org.admin.userId, UserRoleId: role.id });
    const created = await conn.sobject('User').create(user);
    const row = (await conn.sobject('User').retrieve(created.id!)) as Record<string, unknown>;
    assert.equal(row.UserType, 'PowerPartner');
    assert.equal(row.AccountId, account.id);
    const partnerRole = (await conn.sobject('UserRole').retrieve(String(row.UserRoleId))) as Record<
      string,
      unknown
    >;
    assert.equal(partnerRole.PortalType, 'Partner');
    assert.equal(partnerRole.PortalAccountId, account.id);
    assert.equal(partnerRole.ParentRoleId, role.id);
  });

  it('runs out of licences with LICENSE_LIMIT_EXCEEDED', async () => {
    const license = (
      await conn.query<{ Id: string; TotalLicenses: number; UsedLicenses: number }>(
        "SELECT Id, TotalLicenses, UsedLicenses FROM UserLicense WHERE LicenseDefinitionKey = 'PID_Partner_Community_Login'",
      )
    ).records[0];
    const free = license.TotalLicenses - license.UsedLicenses;
    const account = (
      await conn.query<{ Id: string }>("SELECT Id FROM Account WHERE Name = 'Acme Partners'")
    ).records[0];
    const contacts = await conn.sobject('Contact').create(
      Array.from({ length: free + 1 }, (_, i) => ({
        LastName: `Contact${i}`,
        AccountId: account.Id,
      })),
    );
    const profile = await profileId('Partner Community Login User');
    const users = await conn.sobject('User').create(
      contacts.map((c, i) => partnerUser(c.id!, 100 + i, profile)),
      { allOrNone: false },
    );
    assert.equal(users.filter((u) => u.success).length, free);
    const last = users.at(-1) as unknown as { errors: { statusCode: string }[] };
    assert.equal(last.errors[0].statusCode, 'LICENSE_LIMIT_EXCEEDED');
    const after = (await conn.sobject('UserLicense').retrieve(license.Id)) as Record<
      string,
      unknown
    >;
    assert.equal(after.UsedLicenses, license.TotalLicenses);
  });
});
