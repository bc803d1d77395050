/**
 * The partner site as metadata (issue 14): `site/` deployed by the real sf CLI to a local org
 * running the package, then read back over the REST API: the Network record, its member groups
 * (the Partner Community User profile and the Partner_Lead_Inbox permission set), its members
 * following the profile and the permission set's assignments, the welcome e-mail switch, the
 * Connect API's view of it, and publishing.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, mkdir, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { PUBLISH_MESSAGE } from '../../localorg/sites/connect.ts';
import { cliEnv, run, sfLogin } from '../support/cli.ts';
import { connect, FORCE_APP, startTestOrg } from '../support/org.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SF = join(ROOT, 'node_modules', '.bin', 'sf');
const ALIAS = 'site-org';
const SITE = 'Channel Kit Partners';

interface Community {
  id: string;
  name: string;
  status: string;
  sendWelcomeEmail: boolean;
  urlPathPrefix: string;
}

describe('the partner site deploys from site/ to the local org', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  let project: string;
  const env = cliEnv();
  const sf = (...args: string[]) => run(process.execPath, [SF, ...args], env, project);

  /** Users the site should have: active, with the Partner Community User profile or Partner_Lead_Inbox. */
  const qualifyingUsers = async () => {
    const [byProfile, bySet] = await Promise.all([
      conn.query<{ Id: string }>(
        "SELECT Id FROM User WHERE Profile.Name = 'Partner Community User' AND IsActive = true",
      ),
      conn.query<{ AssigneeId: string }>(
        `SELECT AssigneeId FROM PermissionSetAssignment
          WHERE PermissionSet.Name = 'Partner_Lead_Inbox' AND Assignee.IsActive = true`,
      ),
    ]);
    return [
      ...new Set([
        ...byProfile.records.map((u) => u.Id),
        ...bySet.records.map((a) => a.AssigneeId),
      ]),
    ].sort();
  };
  const members = async (networkId: string) =>
    (
      await conn.query<{ MemberId: string }>(
        `SELECT MemberId FROM NetworkMember WHERE NetworkId = '${networkId}'`,
      )
    ).records
      .map((r) => r.MemberId)
      .sort();

  before(async () => {
    [org, project] = await Promise.all([
      startTestOrg({ seed: 'demo', deploy: [FORCE_APP] }),
      mkdtemp(join(tmpdir(), 'channelkit-site-')),
    ]);
    conn = connect(org, org.admin.accessToken, '65.0');
    await cp(join(ROOT, 'site'), join(project, 'site'), { recursive: true });
    await writeFile(
      join(project, 'sfdx-project.json'),
      JSON.stringify({
        packageDirectories: [{ path: 'site', default: true }],
        sourceApiVersion: '65.0',
      }),
    );
    await sfLogin(env, org.url, org.admin.accessToken, ALIAS);
  });
  after(async () => {
    await org.close();
    await Promise.all(
      [project, env.HOME ?? ''].map((p) => rm(p, { recursive: true, force: true })),
    );
  });

  it('sf project deploy start creates the Network, its member group and its members', async () => {
    const deploy = await sf('project', 'deploy', 'start', '-o', ALIAS, '--json');
    assert.equal(deploy.code, 0, deploy.stdout.slice(0, 3000) + deploy.stderr);
    const files = (
      JSON.parse(deploy.stdout) as { result: { files: { type: string; fullName: string }[] } }
    ).result.files.map((f) => `${f.type}:${f.fullName}`);
    for (const expected of [
      `Network:${SITE}`,
      'CustomSite:Channel_Kit_Partners',
      'DigitalExperienceConfig:Channel_Kit_Partners1',
      'DigitalExperienceBundle:site/Channel_Kit_Partners1',
    ]) {
      assert.ok(files.includes(expected), `${expected} in ${files.join(', ')}`);
    }

    const [network] = (
      await conn.query<{
        Id: string;
        Status: string;
        OptionsSendWelcomeEmail: boolean;
        UrlPathPrefix: string;
      }>(
        `SELECT Id, Status, OptionsSendWelcomeEmail, UrlPathPrefix FROM Network WHERE Name = '${SITE}'`,
      )
    ).records;
    assert.ok(network, 'the Network record exists');
    assert.equal(network.Status, 'Live');
    assert.equal(network.OptionsSendWelcomeEmail, true, 'the welcome e-mail is on');
    const groups = await conn.query<{ Parent: { Name: string } }>(
      `SELECT Parent.Name FROM NetworkMemberGroup WHERE NetworkId = '${network.Id}'`,
    );
    assert.deepEqual(groups.records.map((g) => g.Parent.Name).sort(), [
      'Partner Community User',
      'Partner_Lead_Inbox',
    ]);
    const expected = await qualifyingUsers();
    assert.ok(expected.length > 0, 'the demo org has users with the profile or the permission set');
    assert.deepEqual(await members(network.Id), expected);

    // Deployed again, unchanged: the same record, the same members.
    const again = await sf('project', 'deploy', 'start', '-o', ALIAS, '--json');
    assert.equal(again.code, 0, again.stdout.slice(0, 3000));
    const count = await conn.query(`SELECT Id FROM Network WHERE Name = '${SITE}'`);
    assert.equal(count.totalSize, 1);
    assert.deepEqual(await members(network.Id), expected);
  });

  it('a partner user given or refused the permission set joins or leaves; the Connect API shows the live site and publishes it', async () => {
    const [network] = (
      await conn.query<{ Id: string }>(`SELECT Id FROM Network WHERE Name = '${SITE}'`)
    ).records;
    // A partner user whose profile is not a member group: only the permission set makes it a member.
    const [loginUser] = (
      await conn.query<{ Id: string }>(
        "SELECT Id FROM User WHERE Profile.Name = 'Partner Community Login User' AND IsActive = true LIMIT 1",
      )
    ).records;
    const partner = org.users.find((u) => u.userId === loginUser?.Id);
    assert.ok(partner?.accessToken, 'a partner user with the login profile');
    const assignment = (
      await conn.query<{ Id: string }>(
        `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${partner.userId}' AND PermissionSet.Name = 'Partner_Lead_Inbox'`,
      )
    ).records[0];
    assert.ok(assignment, 'the demo gives its partner users Partner_Lead_Inbox');
    assert.ok((await members(network.Id)).includes(partner.userId));
    // Without the assignment the user is no member, at once and after a redeploy.
    await conn.sobject('PermissionSetAssignment').destroy(assignment.Id);
    assert.ok(!(await members(network.Id)).includes(partner.userId), 'left with the assignment');
    const redeploy = await sf('project', 'deploy', 'start', '-o', ALIAS, '--json');
    assert.equal(redeploy.code, 0, redeploy.stdout.slice(0, 3000));
    assert.ok(!(await members(network.Id)).includes(partner.userId));

    const [inbox] = (
      await conn.query<{ Id: string }>(
        "SELECT Id FROM PermissionSet WHERE Name = 'Partner_Lead_Inbox'",
      )
    ).records;
    await conn
      .sobject('PermissionSetAssignment')
      .create({ AssigneeId: partner.userId, PermissionSetId: inbox.Id });
    assert.ok((await members(network.Id)).includes(partner.userId), 'joined with the assignment');

    const list = await conn.request<{ communities: Community[]; total: number }>(
      '/services/data/v65.0/connect/communities?status=Live',
    );
    const site = list.communities.find((c) => c.name === SITE);
    assert.ok(site, `the site in ${JSON.stringify(list)}`);
    assert.equal(site.id, network.Id);
    assert.equal(site.status, 'Live');
    assert.equal(site.sendWelcomeEmail, true);

    // The partner (a member) sees it too.
    const asPartner = connect(org, partner.accessToken!, '65.0');
    const seen = await asPartner.request<Community>(
      `/services/data/v65.0/connect/communities/${network.Id}`,
    );
    assert.equal(seen.name, SITE);
    await assert.rejects(
      asPartner.request({
        method: 'POST',
        url: `/services/data/v65.0/connect/communities/${network.Id}/publish`,
        body: '',
      }),
      /INSUFFICIENT_ACCESS|permission/,
    );

    const published = await conn.request<{ id: string; message: string; name: string }>({
      method: 'POST',
      url: `/services/data/v65.0/connect/communities/${network.Id}/publish`,
      body: '',
    });
    assert.deepEqual(
      { id: published.id, name: published.name, message: published.message },
      { id: network.Id, name: SITE, message: PUBLISH_MESSAGE },
    );
    const deadline = Date.now() + 5000;
    let confirmed = false;
    while (!confirmed && Date.now() < deadline) {
      const outbox = await conn.request<{ messages: { kind: string; subject: string }[] }>(
        '/services/data/v65.0/localorg/outbox',
      );
      confirmed = outbox.messages.some(
        (m) => m.kind === 'site-published' && m.subject.includes(SITE),
      );
      if (!confirmed) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(confirmed, 'the publish confirmation e-mail arrived');
  });

  it('a Network naming a permission set the org lacks fails the deploy, naming the file and line, and saves nothing', async () => {
    const broken = join(project, 'broken');
    await mkdir(join(broken, 'networks'), { recursive: true });
    await writeFile(
      join(broken, 'networks', 'Broken Site.network-meta.xml'),
      `<?xml version="1.0" encoding="UTF-8"?>
<Network xmlns="http://soap.sforce.com/2006/04/metadata">
    <networkMemberGroups>
        <permissionSet>No_Such_Set</permissionSet>
    </networkMemberGroups>
    <status>Live</status>
    <urlPathPrefix>broken</urlPathPrefix>
</Network>
`,
    );
    const result = await sf(
      'project',
      'deploy',
      'start',
      '-o',
      ALIAS,
      '--source-dir',
      'broken',
      '--json',
    );
    assert.equal(result.code, 1, result.stdout.slice(0, 3000));
    const doc = JSON.parse(result.stdout) as {
      result: { files: { type: string; state: string; lineNumber: number; error: string }[] };
    };
    const [failure] = doc.result.files;
    assert.equal(failure.type, 'Network');
    assert.equal(failure.state, 'Failed');
    assert.match(failure.error, /no PermissionSet named No_Such_Set found/);
    assert.equal(failure.lineNumber, 4);
    const none = await conn.query("SELECT Id FROM Network WHERE Name = 'Broken Site'");
    assert.equal(none.totalSize, 0);
  });
});
