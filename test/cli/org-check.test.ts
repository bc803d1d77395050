import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { startTestOrg } from '../support/org.ts';
import { api, queryAll as query } from '../support/query.ts';
import { channelkit, cliEnv, sfLogin } from '../support/cli.ts';

interface Check {
  id: string;
  status: 'pass' | 'warn' | 'fail';
  detail: string;
  fix: string | null;
}
interface CheckDoc {
  status: number;
  result: { ready: boolean; readiness: Check[]; sharing: Check[] };
}

describe('channelkit org check against the local org', () => {
  let demo: RunningLocalOrg;
  let bare: RunningLocalOrg;
  // Both orgs have the same admin username, and sf keys its auth files by username: one HOME each.
  const env = cliEnv();
  const bareEnv = cliEnv();

  before(async () => {
    [demo, bare] = await Promise.all([
      startTestOrg({ seed: 'demo' }),
      startTestOrg({ seed: 'none' }),
    ]);
    await sfLogin(env, demo.url, demo.admin.accessToken, 'demo');
    await sfLogin(bareEnv, bare.url, bare.admin.accessToken, 'bare');
  });
  after(async () => {
    await Promise.all([demo.close(), bare.close()]);
  });

  it('reports the demo org ready, with its warnings, as one JSON document', async () => {
    const run = await channelkit(['org', 'check', '-o', 'demo', '--json'], env);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    const doc = JSON.parse(run.stdout) as CheckDoc;
    assert.equal(doc.status, 0);
    assert.equal(doc.result.ready, true);
    const byId = new Map(doc.result.readiness.map((c) => [c.id, c]));
    assert.equal(byId.get('prm')?.status, 'pass');
    assert.equal(byId.get('site-live')?.detail, 'Partner Central');
    assert.match(byId.get('partner-licenses')?.detail ?? '', /\d+ left/);
    assert.equal(byId.get('welcome-email')?.status, 'warn');
    assert.equal(byId.get('assignment-rules')?.status, 'warn');
    assert.deepEqual(
      doc.result.sharing.map((c) => [c.id, c.status]),
      [
        ['sharing-account', 'pass'],
        ['sharing-contact', 'pass'],
        ['sharing-lead', 'pass'],
        ['shared-queues', 'pass'],
      ],
    );
    assert.match(
      doc.result.sharing.find((c) => c.id === 'shared-queues')?.detail ?? '',
      /No queue holds partner users of two or more partner accounts \(12 partner queues\)/,
    );
    assert.equal(run.stderr, '', 'nothing but the document under --json');
  });

  it('fails an org that would block onboarding, says why and what to do, exit 1', async () => {
    const run = await channelkit(['org', 'check', '-o', 'bare'], bareEnv);
    assert.equal(run.code, 1);
    assert.match(
      run.stdout,
      /FAIL\s+Partner site is live\s+The org has no Experience Cloud site\./,
    );
    assert.match(run.stdout, /Partner site is live: Setup > All Sites/);
    assert.match(run.stdout, /Not ready: \d+ check\(s\) block partner onboarding\./);
  });

  it('notices a change made in the org: the running user losing its role', async () => {
    const me = await api(
      demo,
      `/services/data/v62.0/query?q=SELECT+Id+FROM+User+WHERE+Username='${demo.admin.username}'`,
    );
    const id = (me.body as { records: { Id: string }[] }).records[0].Id;
    const patch = await api(demo, `/services/data/v62.0/sobjects/User/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ UserRoleId: null }),
    });
    assert.equal(patch.status, 204);
    const run = await channelkit(['org', 'check', '-o', 'demo', '--json'], env);
    assert.equal(run.code, 1);
    const doc = JSON.parse(run.stdout) as CheckDoc;
    const role = doc.result.readiness.find((c) => c.id === 'running-user-role');
    assert.equal(role?.status, 'fail');
    assert.match(role?.detail ?? '', /portal account owner must have a role/);
  });

  it('reports a queue shared by two partner accounts as a sharing risk, naming both and the fix', async () => {
    const queue = await query(demo, "SELECT Id FROM Group WHERE Name = 'Northwind Traders Leads'");
    const contoso = await query(
      demo,
      "SELECT Id FROM User WHERE UserType = 'PowerPartner' AND Contact.Account.Name = 'Contoso Ltd' ORDER BY Username LIMIT 1",
    );
    const added = await api(demo, '/services/data/v62.0/sobjects/GroupMember', {
      method: 'POST',
      body: JSON.stringify({ GroupId: queue[0].Id, UserOrGroupId: contoso[0].Id }),
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));

    const run = await channelkit(['org', 'check', '-o', 'demo'], env);
    assert.match(
      run.stdout,
      /WARN\s+Partner queues hold one partner each\s+"Northwind Traders Leads" holds partner users of Contoso Ltd and Northwind Traders: each partner sees the other's leads\./,
    );
    assert.match(
      run.stdout,
      /Partner queues hold one partner each: Setup > Queues: remove the other partners' users from "Northwind Traders Leads"/,
    );
  });

  it('refuses an unknown org alias with exit 2 and a way out, and never prints a token', async () => {
    const run = await channelkit(['org', 'check', '-o', 'nope', '--json'], env);
    assert.equal(run.code, 2);
    const doc = JSON.parse(run.stdout) as { status: number; name: string; hint: string };
    assert.equal(doc.name, 'TargetOrgNotFound');
    assert.match(doc.hint, /sf org list/);
    const missing = await channelkit(['org', 'check'], env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /pass -o\/--target-org/);
    for (const out of [run.stdout, run.stderr, missing.stdout, missing.stderr]) {
      assert.ok(!out.includes(demo.admin.accessToken));
    }
  });
});
