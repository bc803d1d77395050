/**
 * Record visibility over REST, per user, on the demo org with the package deployed:
 * - Private custom objects (Lead_Assignment_Batch__c): a user sees its own records and those of
 *   users below it in the role hierarchy, not those of its peers or of users above it; Modify All
 *   Data (the admin) sees everything;
 * - ControlledByParent children (Lead_Assignment_Log__c): visible exactly when the master is;
 * - public read/write custom objects: every internal user sees every record; external users see
 *   none (their external default stays Private);
 * - partner users: their own account, their account's contacts, their account's users plus the
 *   internal ones, and no setup writes.
 * (Salesforce Help: "Sharing Default Access Settings", "Controlled by Parent", "Role Hierarchy".)
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { FORCE_APP, connect, startTestOrg, userOf } from '../support/org.ts';
import { api } from '../support/query.ts';

describe('record visibility: role hierarchy, master-detail and partner users', () => {
  let org: RunningLocalOrg;
  let admin: Connection;
  const managers: { id: string; conn: Connection }[] = [];
  const batchOf = new Map<string, string>();
  const logOf = new Map<string, string>();

  const ids = async (conn: Connection, soql: string): Promise<string[]> =>
    (await conn.query<{ Id: string }>(soql)).records.map((r) => r.Id).sort();

  before(async () => {
    // The package's two objects (not its Apex: a start in seconds, for mutation testing too) and
    // a permission set that lets the users read them, so sharing alone decides what they see.
    org = await startTestOrg({
      seed: 'demo',
      deploy: [
        join(FORCE_APP, 'main', 'default', 'objects'),
        join(import.meta.dirname, 'fixtures', 'sharing'),
      ],
    });
    admin = connect(org);
    const access = await admin.query<{ Id: string }>(
      "SELECT Id FROM PermissionSet WHERE Name = 'Assignment_Records_Read'",
    );
    assert.equal(access.totalSize, 1);
    const readers = org.users.filter((u) => u.active && u.kind !== 'admin');
    for (const user of readers) {
      const assigned = await admin.sobject('PermissionSetAssignment').create({
        AssigneeId: user.userId,
        PermissionSetId: access.records[0].Id,
      });
      assert.ok(assigned.success, JSON.stringify(assigned));
    }
    for (const user of org.users.filter((u) => u.kind === 'channel-manager' && u.active)) {
      managers.push({ id: user.userId, conn: connect(org, user.accessToken!) });
    }
    assert.ok(managers.length >= 2, 'the demo org has channel managers in two regions');
    // One batch (and one log under it) owned by each of: the admin and two managers.
    for (const owner of [org.admin.userId, managers[0].id, managers[1].id]) {
      const batch = await admin.sobject('Lead_Assignment_Batch__c').create({
        Total__c: 1,
        OwnerId: owner,
      });
      assert.ok(batch.success, JSON.stringify(batch));
      batchOf.set(owner, batch.id);
      const log = await admin.sobject('Lead_Assignment_Log__c').create({
        Batch__c: batch.id,
        Reason__c: 'DIRECT',
      });
      assert.ok(log.success, JSON.stringify(log));
      logOf.set(owner, log.id);
    }
  });
  after(() => org.close());

  it('a Private object: its owner sees a record, a peer and a subordinate do not, Modify All Data does', async () => {
    const [first, second] = managers;
    const mine = await ids(first.conn, 'SELECT Id FROM Lead_Assignment_Batch__c');
    assert.deepEqual(mine, [batchOf.get(first.id)]);
    assert.deepEqual(await ids(second.conn, 'SELECT Id FROM Lead_Assignment_Batch__c'), [
      batchOf.get(second.id),
    ]);
    assert.deepEqual(
      await ids(admin, 'SELECT Id FROM Lead_Assignment_Batch__c'),
      [...batchOf.values()].sort(),
    );
  });

  it('the role hierarchy: a user sees the records of users below it, not above it', async () => {
    const [first, second] = managers;
    const role = await admin.query<{ UserRoleId: string }>(
      `SELECT UserRoleId FROM User WHERE Id = '${first.id}'`,
    );
    const below = await admin.sobject('UserRole').create({
      Name: 'Channel Associate',
      DeveloperName: 'ChannelAssociate',
      ParentRoleId: role.records[0].UserRoleId,
    });
    assert.ok(below.success, JSON.stringify(below));
    const moved = await admin.sobject('User').update({ Id: second.id, UserRoleId: below.id });
    assert.ok(moved.success, JSON.stringify(moved));

    assert.deepEqual(
      await ids(first.conn, 'SELECT Id FROM Lead_Assignment_Batch__c'),
      [batchOf.get(first.id), batchOf.get(second.id)].sort(),
      'the manager sees its subordinate’s batch',
    );
    assert.deepEqual(
      await ids(second.conn, 'SELECT Id FROM Lead_Assignment_Batch__c'),
      [batchOf.get(second.id)],
      'the subordinate does not see its manager’s batch',
    );
    assert.deepEqual(
      await ids(first.conn, 'SELECT Id FROM Lead_Assignment_Log__c'),
      [logOf.get(first.id), logOf.get(second.id)].sort(),
      'master-detail children follow their masters',
    );
    assert.deepEqual(await ids(second.conn, 'SELECT Id FROM Lead_Assignment_Log__c'), [
      logOf.get(second.id),
    ]);
  });

  it('a public read/write object: every internal user sees every record, external users none', async () => {
    const notes = await admin.sobject('Partner_Note__c').create([
      { Name: 'Admin note', OwnerId: org.admin.userId },
      { Name: 'Manager note', OwnerId: managers[1].id },
    ]);
    assert.ok(
      notes.every((n) => n.success),
      JSON.stringify(notes),
    );
    const all = notes.map((n) => n.id!).sort();
    assert.deepEqual(await ids(managers[0].conn, 'SELECT Id FROM Partner_Note__c'), all);
    const partner = connect(org, userOf(org, 'partner').accessToken!);
    assert.deepEqual(await ids(partner, 'SELECT Id FROM Partner_Note__c'), []);
  });

  it('a partner user sees only its own batches and their logs', async () => {
    const partner = userOf(org, 'partner');
    const conn = connect(org, partner.accessToken!);
    assert.deepEqual(await ids(conn, 'SELECT Id FROM Lead_Assignment_Batch__c'), []);
    assert.deepEqual(await ids(conn, 'SELECT Id FROM Lead_Assignment_Log__c'), []);
    const own = await admin.sobject('Lead_Assignment_Batch__c').create({
      Total__c: 1,
      OwnerId: partner.userId,
    });
    assert.ok(own.success, JSON.stringify(own));
    const log = await admin.sobject('Lead_Assignment_Log__c').create({
      Batch__c: own.id,
      Reason__c: 'DIRECT',
    });
    assert.ok(log.success, JSON.stringify(log));
    assert.deepEqual(await ids(conn, 'SELECT Id FROM Lead_Assignment_Batch__c'), [own.id]);
    assert.deepEqual(await ids(conn, 'SELECT Id FROM Lead_Assignment_Log__c'), [log.id]);
  });

  it('a partner user sees its own account, its contacts, its users and the internal users', async () => {
    const partner = userOf(org, 'partner');
    const conn = connect(org, partner.accessToken!);
    const account = partner.accountId!;
    assert.deepEqual(await ids(conn, 'SELECT Id FROM Account'), [account]);
    const contacts = await ids(admin, `SELECT Id FROM Contact WHERE AccountId = '${account}'`);
    assert.ok(contacts.length > 0);
    assert.ok(
      (await ids(admin, `SELECT Id FROM Contact WHERE AccountId != '${account}'`)).length > 0,
      'other accounts have contacts the partner must not see',
    );
    assert.deepEqual(await ids(conn, 'SELECT Id FROM Contact'), contacts);
    const users = await ids(
      admin,
      `SELECT Id FROM User WHERE AccountId = '${account}' OR UserType = 'Standard'`,
    );
    assert.ok(
      (
        await ids(
          admin,
          `SELECT Id FROM User WHERE AccountId != null AND AccountId != '${account}'`,
        )
      ).length > 0,
      'other accounts have users the partner must not see',
    );
    assert.deepEqual(await ids(conn, 'SELECT Id FROM User'), users);
  });

  it('a partner user cannot write setup objects, an internal user can', async () => {
    const partner = userOf(org, 'partner');
    const group = { Name: 'Partner made', Type: 'Regular' };
    const refused = await api(org, '/services/data/v62.0/sobjects/Group', {
      method: 'POST',
      body: JSON.stringify(group),
      token: partner.accessToken!,
    });
    assert.equal(refused.status, 400, JSON.stringify(refused.body));
    assert.match(JSON.stringify(refused.body), /INSUFFICIENT_ACCESS/);
    assert.equal(
      (await admin.query("SELECT Id FROM Group WHERE Name = 'Partner made'")).totalSize,
      0,
    );
    const made = await admin.sobject('Group').create(group);
    assert.ok(made.success, JSON.stringify(made));
  });
});
