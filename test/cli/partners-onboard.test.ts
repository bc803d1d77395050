import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import type { RowReport, Summary } from '../../scripts/partners/report.ts';
import { connect, startTestOrg } from '../support/org.ts';
import { api } from '../support/query.ts';
import { channelkit, cliEnv, sfLogin } from '../support/cli.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'partners');
const GOOD = join(FIXTURES, 'good.csv');

interface OnboardDoc {
  status: number;
  result: { dryRun: boolean; valid: boolean; summary: Summary; rows: RowReport[] };
  warnings: string[];
}

interface OutboxDoc {
  messages: { kind: string; toUserId: string | null; toAddress: string; body: string }[];
}

/** Record counts that onboarding could change, as the admin sees them. */
async function counts(org: RunningLocalOrg, conn: Connection) {
  const n = async (object: string) => (await conn.query(`SELECT COUNT() FROM ${object}`)).totalSize;
  const outbox = await api(org, '/services/data/v62.0/localorg/outbox');
  return {
    accounts: await n('Account'),
    partnerAccounts: (await conn.query('SELECT COUNT() FROM Account WHERE IsPartner = true'))
      .totalSize,
    contacts: await n('Contact'),
    users: await n('User'),
    members: await n('GroupMember'),
    emails: (outbox.body as OutboxDoc).messages.length,
  };
}

describe('channelkit partners onboard against the local org', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  let adminId: string;
  const env = cliEnv();

  before(async () => {
    org = await startTestOrg({ seed: 'demo' });
    conn = connect(org);
    await sfLogin(env, org.url, org.admin.accessToken, 'demo');
    const me = await conn.query<{ Id: string }>(
      `SELECT Id FROM User WHERE Username = '${org.admin.username}'`,
    );
    adminId = me.records[0].Id;
  });
  after(async () => {
    await org.close();
  });

  it('--dry-run prints the plan as one JSON document and changes nothing', async () => {
    const before = await counts(org, conn);
    const run = await channelkit(
      ['partners', 'onboard', '-o', 'demo', '--file', GOOD, '--dry-run', '--json'],
      env,
    );
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.equal(run.stderr, '', 'nothing but the document under --json');
    const doc = JSON.parse(run.stdout) as OnboardDoc;
    assert.equal(doc.status, 0);
    assert.equal(doc.result.dryRun, true);
    assert.deepEqual(
      doc.result.rows.map((r) => [r.row, r.account.status, r.contact.status, r.user.status]),
      [
        [2, 'create', 'create', 'create'],
        [3, 'create', 'create', 'create'],
        [4, 'create', 'create', 'skipped'],
        [5, 'create', 'create', 'create'],
        [6, 'match', 'create', 'create'],
      ],
    );
    assert.deepEqual(doc.result.rows[1].queues, {
      joined: ['Americas Partner Pool', 'Unassigned Leads'],
      already: [],
    });
    assert.equal(doc.result.rows[0].user.username, 'ada.quinn@quantumresellers.example.com');
    assert.equal(doc.result.summary.changed, true);
    assert.deepEqual(await counts(org, conn), before);
  });

  it('onboards a good file: partner accounts, contacts, partner users, queues, login e-mails', async () => {
    const before = await counts(org, conn);
    const run = await channelkit(['partners', 'onboard', '-o', 'demo', '--file', GOOD], env);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /Done: all 5 rows onboarded\./);
    assert.match(run.stdout, /Accounts\s+2 created, 1 matched, 2 enabled as partner/);
    assert.match(
      run.stdout,
      /Partner users\s+4 created, 0 existing, 0 inactive, 1 skipped, 0 failed/,
    );

    const accounts = await conn.query<{
      Name: string;
      IsPartner: boolean;
      OwnerId: string;
      Id: string;
    }>(
      "SELECT Id, Name, IsPartner, OwnerId FROM Account WHERE Name IN ('Quantum Resellers', 'Nimbus Channel GmbH', 'Northwind Traders') ORDER BY Name",
    );
    assert.deepEqual(
      accounts.records.map((a) => [a.Name, a.IsPartner, a.OwnerId === adminId]),
      [
        ['Nimbus Channel GmbH', true, true],
        ['Northwind Traders', true, false],
        ['Quantum Resellers', true, true],
      ],
    );
    const accountId = new Map(accounts.records.map((a) => [a.Name, a.Id]));
    const contacts = await conn.query<{ Email: string; AccountId: string; Title: string }>(
      "SELECT Email, AccountId, Title FROM Contact WHERE Email LIKE '%quantumresellers.example.com' OR Email LIKE '%nimbus-channel.example.de' OR Email = 'erin.north@northwind.example.com' ORDER BY Email",
    );
    assert.deepEqual(
      contacts.records.map((c) => [c.Email.toLowerCase(), c.AccountId]),
      [
        ['ada.quinn@quantumresellers.example.com', accountId.get('Quantum Resellers')],
        ['ben.quill@quantumresellers.example.com', accountId.get('Quantum Resellers')],
        ['cara.quest@quantumresellers.example.com', accountId.get('Quantum Resellers')],
        ['dieter.naegel@nimbus-channel.example.de', accountId.get('Nimbus Channel GmbH')],
        ['erin.north@northwind.example.com', accountId.get('Northwind Traders')],
      ],
    );
    assert.ok(
      contacts.records.some((c) => c.Title === 'Geschäftsführer'),
      'UTF-8 kept',
    );

    const users = await conn.query<{
      Id: string;
      Username: string;
      IsActive: boolean;
      UserType: string;
      Profile: { Name: string };
      Contact: { Email: string };
      AccountId: string;
      TimeZoneSidKey: string;
      Alias: string;
    }>(
      "SELECT Id, Username, IsActive, UserType, Profile.Name, Contact.Email, AccountId, TimeZoneSidKey, Alias FROM User WHERE Contact.Email LIKE '%quantumresellers.example.com' OR Contact.Email LIKE '%nimbus-channel.example.de' OR Contact.Email = 'erin.north@northwind.example.com' ORDER BY Username",
    );
    assert.deepEqual(
      users.records.map((u) => [
        u.Username,
        u.IsActive,
        u.UserType,
        u.Profile.Name,
        u.Contact.Email.toLowerCase(),
      ]),
      [
        [
          'ada.quinn@quantumresellers.example.com',
          true,
          'PowerPartner',
          'Partner Community User',
          'ada.quinn@quantumresellers.example.com',
        ],
        [
          'ben.quill@quantumresellers.example.com',
          true,
          'PowerPartner',
          'Partner Community Login User',
          'ben.quill@quantumresellers.example.com',
        ],
        [
          'dieter.naegel@nimbus-channel.example.de',
          true,
          'PowerPartner',
          'Partner Community User',
          'dieter.naegel@nimbus-channel.example.de',
        ],
        [
          'erin.north@northwind.example.com',
          true,
          'PowerPartner',
          'Partner Community User',
          'erin.north@northwind.example.com',
        ],
      ],
    );
    assert.equal(users.records[0].TimeZoneSidKey, 'GMT');
    assert.equal(users.records[0].Alias, 'aquinn');
    const userId = new Map(users.records.map((u) => [u.Username.split('@')[0], u.Id]));

    const members = await conn.query<{ Group: { Name: string }; UserOrGroupId: string }>(
      `SELECT Group.Name, UserOrGroupId FROM GroupMember WHERE UserOrGroupId IN ('${[...userId.values()].join("','")}') ORDER BY Group.Name`,
    );
    const byUser = (name: string) =>
      members.records.filter((m) => m.UserOrGroupId === userId.get(name)).map((m) => m.Group.Name);
    assert.deepEqual(byUser('ada.quinn'), ['Americas Partner Pool']);
    assert.deepEqual(byUser('ben.quill'), ['Americas Partner Pool', 'Unassigned Leads']);
    assert.deepEqual(byUser('dieter.naegel'), ['EMEA Partner Pool']);
    assert.deepEqual(byUser('erin.north'), ['Northwind Traders Leads']);

    // The site does not send welcome e-mails: each new user got a password reset, nobody else.
    const outbox = (await api(org, '/services/data/v62.0/localorg/outbox')).body as OutboxDoc;
    const resets = outbox.messages.slice(before.emails);
    assert.deepEqual(
      resets.map((m) => m.kind),
      ['password-reset', 'password-reset', 'password-reset', 'password-reset'],
    );
    assert.deepEqual(resets.map((m) => m.toUserId).sort(), [...userId.values()].sort());
    // The new passwords came back in the reset responses: never printed.
    for (const m of resets) {
      const password = /New password: (\S+)/.exec(m.body)![1];
      assert.ok(!run.stdout.includes(password) && !run.stderr.includes(password));
    }
    assert.ok(
      !run.stdout.includes(org.admin.accessToken) && !run.stderr.includes(org.admin.accessToken),
    );

    const after = await counts(org, conn);
    assert.deepEqual(after, {
      accounts: before.accounts + 2,
      partnerAccounts: before.partnerAccounts + 2,
      contacts: before.contacts + 5,
      users: before.users + 4,
      members: before.members + 5,
      emails: before.emails + 4,
    });
  });

  it('run again with the same file: changes nothing and says so', async () => {
    const before = await counts(org, conn);
    const human = await channelkit(['partners', 'onboard', '-o', 'demo', '--file', GOOD], env);
    assert.equal(human.code, 0, human.stderr + human.stdout);
    assert.match(human.stdout, /Nothing to change: every row was already onboarded\./);
    assert.match(human.stdout, /Americas Partner Pool \(already\); Unassigned Leads \(already\)/);
    assert.deepEqual(await counts(org, conn), before);
  });

  it('partial failure: a row the platform refuses is reported with its reason, the rest is done (exit 1)', async () => {
    // An existing partner account whose owner has no role: Salesforce refuses its partner users.
    const profile = await conn.query<{ Id: string }>(
      "SELECT Id FROM Profile WHERE Name = 'Standard User'",
    );
    const owner = await conn.sobject('User').create({
      Username: 'rolf.roleless@channelkit.localorg',
      LastName: 'Roleless',
      FirstName: 'Rolf',
      Email: 'rolf.roleless@example.com',
      Alias: 'rrolele',
      CommunityNickname: 'rolf.roleless',
      TimeZoneSidKey: 'GMT',
      LocaleSidKey: 'en_US',
      EmailEncodingKey: 'UTF-8',
      LanguageLocaleKey: 'en_US',
      ProfileId: profile.records[0].Id,
    });
    assert.ok(owner.success);
    const account = await conn.sobject('Account').create({
      Name: 'Roleless Reseller',
      Website: 'https://www.roleless.example.com',
      OwnerId: owner.id,
    });
    assert.ok(account.success);
    await conn.sobject('Account').update({ Id: account.id!, IsPartner: true });

    const before = await counts(org, conn);
    // The good file put a Nimbus user into the EMEA Partner Pool: these partners would share it.
    const run = await channelkit(
      [
        'partners',
        'onboard',
        '-o',
        'demo',
        '--file',
        join(FIXTURES, 'partial.csv'),
        '--allow-shared-queue',
        '--json',
      ],
      env,
    );
    assert.equal(run.code, 1, run.stderr + run.stdout);
    const doc = JSON.parse(run.stdout) as OnboardDoc;
    assert.equal(doc.status, 1);
    assert.deepEqual(
      doc.warnings
        .filter((w) => w.endsWith('(allowed by --allow-shared-queue)'))
        .map((w) => w.split(':')[0]),
      ['row 2', 'row 3'],
    );
    const [rita, sam, sue] = doc.result.rows;
    assert.equal(rita.ok, false);
    assert.deepEqual(
      [rita.account.status, rita.contact.status, rita.user.status],
      ['matched', 'created', 'failed'],
    );
    assert.match(
      rita.user.reason ?? '',
      /UNKNOWN_EXCEPTION: portal account owner must have a role/,
    );
    assert.match(
      rita.errors[0],
      /^partner user: .*give the account owner, Rolf Roleless, a role in Setup > Users/,
    );
    assert.deepEqual(rita.queues.joined, []);
    assert.equal(rita.loginEmail, 'none');
    assert.equal(sam.ok, true);
    assert.deepEqual(
      [sam.account.status, sam.contact.status, sam.user.status],
      ['created', 'created', 'created'],
    );
    assert.deepEqual(sam.queues.joined, ['EMEA Partner Pool']);
    assert.equal(sam.loginEmail, 'password-reset');
    assert.deepEqual([sue.ok, sue.contact.status, sue.user.status], [true, 'created', 'skipped']);
    assert.deepEqual(
      [doc.result.summary.succeeded, doc.result.summary.failed, doc.result.summary.users.failed],
      [2, 1, 1],
    );
    assert.deepEqual(await counts(org, conn), {
      ...before,
      accounts: before.accounts + 1,
      partnerAccounts: before.partnerAccounts + 1,
      contacts: before.contacts + 3,
      users: before.users + 1,
      members: before.members + 1,
      emails: before.emails + 1,
    });
  });

  it('refuses to create accounts when the running user has no role, with the advice of org check', async () => {
    const me = await conn.query<{ UserRoleId: string }>(
      `SELECT UserRoleId FROM User WHERE Id = '${adminId}'`,
    );
    const role = me.records[0].UserRoleId;
    const dir = mkdtempSync(join(tmpdir(), 'channelkit-partners-'));
    const file = join(dir, 'new.csv');
    writeFileSync(
      file,
      'AccountName,Website,FirstName,LastName,Email,PartnerUser,Profile\nRole Check Ltd,rolecheck.example.com,Rae,Check,rae@rolecheck.example.com,yes,Partner Community User\n',
    );
    await conn.sobject('User').update({ Id: adminId, UserRoleId: null });
    try {
      const before = await counts(org, conn);
      const run = await channelkit(['partners', 'onboard', '-o', 'demo', '--file', file], env);
      assert.equal(run.code, 1, run.stderr + run.stdout);
      assert.match(
        run.stderr,
        /Error \(OrgNotReady\): Your user has a role: admin@channelkit\.localorg has no role: accounts you own cannot get partner users \("portal account owner must have a role"\)\./,
      );
      assert.match(run.stderr, /Try this: Setup > Users: edit your user and pick a role/);
      assert.deepEqual(await counts(org, conn), before);
    } finally {
      await conn.sobject('User').update({ Id: adminId, UserRoleId: role });
    }
  });
});
