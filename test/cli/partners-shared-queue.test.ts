/**
 * `partners onboard` and queues shared by partner accounts, against the local org: a partner user
 * is not put into another partner's queue unless --allow-shared-queue, and `org check` then
 * reports the queue as a sharing risk.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { connect, startTestOrg } from '../support/org.ts';
import { channelkit, cliEnv, sfLogin } from '../support/cli.ts';

const HEADER = 'AccountName,Website,FirstName,LastName,Email,PartnerUser,Profile,Queues';
const GLOBEX_ROW =
  'Globex Corp,globex.example.com,Gil,Globe,gil@globex.example.com,yes,Partner Community User,Northwind Traders Leads';

interface ProblemDoc {
  status: number;
  result: { valid: boolean; problems: { row: number; column: string; text: string }[] };
}

describe('channelkit partners onboard: queues shared by partner accounts', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  let file: string;
  const env = cliEnv();

  /** What a refused run must leave as it was. */
  const state = async () => ({
    accounts: (await conn.query('SELECT COUNT() FROM Account')).totalSize,
    contacts: (await conn.query('SELECT COUNT() FROM Contact')).totalSize,
    users: (await conn.query('SELECT COUNT() FROM User')).totalSize,
    members: (await conn.query('SELECT COUNT() FROM GroupMember')).totalSize,
  });

  before(async () => {
    org = await startTestOrg({ seed: 'demo' });
    conn = connect(org);
    await sfLogin(env, org.url, org.admin.accessToken, 'demo');
    file = join(mkdtempSync(join(tmpdir(), 'channelkit-shared-')), 'globex.csv');
    writeFileSync(
      file,
      `${HEADER}\nNorthwind Traders,northwind.example.com,Nia,North,nia@northwind.example.com,yes,Partner Community User,Northwind Traders Leads\n${GLOBEX_ROW}\n`,
    );
  });
  after(async () => {
    await org.close();
  });

  it("refuses a Globex user in Northwind's queue: the row, the queue and the fix, and nothing changes", async () => {
    const before = await state();
    const run = await channelkit(['partners', 'onboard', '-o', 'demo', '--file', file], env);
    assert.equal(run.code, 2, run.stderr + run.stdout);
    const problem =
      'row 3, column Queues: queue "Northwind Traders Leads" holds partner users of Northwind Traders: adding this Globex Corp user lets each partner see the other\'s leads; give Globex Corp its own queue, or remove "Northwind Traders Leads" from this row; pass --allow-shared-queue only if these partners may see each other\'s leads';
    assert.ok(run.stderr.includes(`1 problem; nothing was changed.\n  ${problem}\n`), run.stderr);

    const dry = await channelkit(
      ['partners', 'onboard', '-o', 'demo', '--file', file, '--dry-run', '--json'],
      env,
    );
    assert.equal(dry.code, 2);
    const doc = JSON.parse(dry.stdout) as ProblemDoc;
    assert.equal(doc.result.valid, false);
    assert.deepEqual(
      doc.result.problems.map((p) => [p.row, p.column, p.text]),
      [[3, 'Queues', problem]],
    );
    assert.deepEqual(await state(), before);
  });

  it('with --allow-shared-queue: onboards, warns, and org check reports the queue as a sharing risk', async () => {
    const run = await channelkit(
      ['partners', 'onboard', '-o', 'demo', '--file', file, '--allow-shared-queue'],
      env,
    );
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.match(
      run.stderr,
      /row 3: queue "Northwind Traders Leads" holds partner users of Northwind Traders: adding this Globex Corp user lets each partner see the other's leads \(allowed by --allow-shared-queue\)/,
    );
    const gil = await conn.query<{ Id: string }>(
      "SELECT Id FROM User WHERE Email = 'gil@globex.example.com'",
    );
    const member = await conn.query(
      `SELECT Id FROM GroupMember WHERE Group.Name = 'Northwind Traders Leads' AND UserOrGroupId = '${gil.records[0].Id}'`,
    );
    assert.equal(member.totalSize, 1, 'Gil joined the queue');

    const check = await channelkit(['org', 'check', '-o', 'demo'], env);
    assert.match(
      check.stdout,
      /WARN\s+Partner queues hold one partner each\s+"Northwind Traders Leads" holds partner users of Globex Corp and Northwind Traders/,
    );
  });
});
