/**
 * `channelkit org setup` end to end: the CLI as a child process, in a copy of the project as
 * committed (git archive HEAD: force-app, site, config, sfdx-project.json, ...), against a local
 * org with no data and no package, registered with the real `sf org login access-token`. A dry
 * run changes nothing; the setup does every step; a second run finds everything done and changes
 * nothing. Each result is read back over the REST API.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import {
  DEMO_LEAD_COUNT,
  DEMO_PARTNER,
  PARTNER_PERMISSION_SET,
  RUNNING_USER_PERMISSION_SETS,
} from '../../scripts/org-setup/steps.ts';
import { channelkit, cliEnv, sfLogin } from '../support/cli.ts';
import { connect, startTestOrg } from '../support/org.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const ALIAS = 'setup-org';
const SITE = 'Channel Kit Partners';
const PROJECT_PATHS = [
  'force-app',
  'site',
  'config',
  'types',
  'sfdx-project.json',
  '.forceignore',
  'tsconfig.lwc.json',
];

interface SetupDoc {
  status: number;
  result: { dryRun: boolean; steps: { id: string; status: string; detail: string }[] };
}

async function committedProject(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'channelkit-setup-'));
  await promisify(execFile)(
    'sh',
    ['-c', `git archive HEAD ${PROJECT_PATHS.join(' ')} | tar -x -C "${dir}"`],
    { cwd: ROOT },
  );
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

describe('channelkit org setup against a local org', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  let project: string;
  const env = cliEnv();
  const setup = async (...args: string[]): Promise<SetupDoc> => {
    const run = await channelkit(['org', 'setup', '-o', ALIAS, '--json', ...args], env, project);
    assert.equal(run.code, 0, run.stdout.slice(0, 4000) + run.stderr);
    return JSON.parse(run.stdout) as SetupDoc;
  };
  const statuses = (doc: SetupDoc) =>
    Object.fromEntries(doc.result.steps.map((s) => [s.id, s.status]));

  /** Everything the setup writes, counted, to prove a second run writes nothing. */
  const footprint = async () => {
    const count = async (soql: string) => (await conn.query(soql)).totalSize;
    return {
      roles: await count('SELECT Id FROM UserRole'),
      assignments: await count('SELECT Id FROM PermissionSetAssignment'),
      leads: await count('SELECT Id FROM Lead'),
      users: await count('SELECT Id FROM User'),
      accounts: await count('SELECT Id FROM Account'),
      networks: await count('SELECT Id FROM Network'),
      members: await count('SELECT Id FROM NetworkMember'),
      published: org.outbox().filter((m) => m.kind === 'site-published').length,
      deployed: await count('SELECT Id FROM ApexClass'),
    };
  };

  before(async () => {
    [org, project] = await Promise.all([startTestOrg({ seed: 'none' }), committedProject()]);
    conn = connect(org, org.admin.accessToken, '65.0');
    await sfLogin(env, org.url, org.admin.accessToken, ALIAS);
  });
  after(async () => {
    await org.close();
    await Promise.all(
      [project, env.HOME ?? ''].map((p) => rm(p, { recursive: true, force: true })),
    );
  });

  it('--dry-run lists every step as would-run and changes nothing', async () => {
    const before = await footprint();
    const doc = await setup('--dry-run', '--demo-data');
    assert.equal(doc.result.dryRun, true);
    assert.deepEqual(statuses(doc), {
      role: 'would-run',
      deploy: 'would-run',
      'permission-sets': 'would-run',
      'publish-site': 'would-run',
      'demo-data': 'would-run',
      'demo-partner': 'would-run',
    });
    assert.match(doc.result.steps.find((s) => s.id === 'deploy')!.detail, /missing: ApexClass /);
    assert.deepEqual(await footprint(), before);
  });

  it('prepares the org: role, package and site, permission sets, site live, demo leads, demo partner', async (t) => {
    const started = performance.now();
    const doc = await setup('--demo-data');
    t.diagnostic(`org setup: ${Math.round(performance.now() - started)} ms`);
    assert.deepEqual(statuses(doc), {
      role: 'done',
      deploy: 'done',
      'permission-sets': 'done',
      'publish-site': 'done',
      'demo-data': 'done',
      'demo-partner': 'done',
    });

    const [admin] = (
      await conn.query<{ Id: string; UserRoleId: string | null }>(
        `SELECT Id, UserRoleId FROM User WHERE Id = '${org.admin.userId}'`,
      )
    ).records;
    assert.ok(admin.UserRoleId, 'the admin has a role');
    const adminSets = await conn.query<{ PermissionSet: { Name: string } }>(
      `SELECT PermissionSet.Name FROM PermissionSetAssignment WHERE AssigneeId = '${org.admin.userId}'`,
    );
    for (const name of RUNNING_USER_PERMISSION_SETS) {
      assert.ok(
        adminSets.records.some((a) => a.PermissionSet.Name === name),
        `${name} assigned`,
      );
    }
    const [site] = (
      await conn.query<{ Id: string; Status: string }>(
        `SELECT Id, Status FROM Network WHERE Name = '${SITE}'`,
      )
    ).records;
    assert.equal(site?.Status, 'Live');
    assert.ok(
      org.outbox().some((m) => m.kind === 'site-published' && m.subject.includes(SITE)),
      'the site was published',
    );
    const demoLeads = await conn.query(
      "SELECT Id FROM Lead WHERE Company LIKE '%(Channel Kit demo)'",
    );
    assert.equal(demoLeads.totalSize, DEMO_LEAD_COUNT);

    const [contact] = (
      await conn.query<{ Id: string; Account: { Name: string; IsPartner: boolean } }>(
        `SELECT Id, Account.Name, Account.IsPartner FROM Contact WHERE Email = '${DEMO_PARTNER.email}'`,
      )
    ).records;
    assert.equal(contact?.Account.Name, DEMO_PARTNER.account);
    assert.equal(contact.Account.IsPartner, true);
    const [partner] = (
      await conn.query<{ Id: string; IsActive: boolean; UserType: string }>(
        `SELECT Id, IsActive, UserType FROM User WHERE ContactId = '${contact.Id}'`,
      )
    ).records;
    assert.equal(partner?.IsActive, true);
    assert.equal(partner.UserType, 'PowerPartner');
    const partnerSets = await conn.query(
      `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${partner.Id}' AND PermissionSet.Name = '${PARTNER_PERMISSION_SET}'`,
    );
    assert.equal(partnerSets.totalSize, 1);
    const membership = await conn.query(
      `SELECT Id FROM NetworkMember WHERE NetworkId = '${site.Id}' AND MemberId = '${partner.Id}'`,
    );
    assert.equal(membership.totalSize, 1, 'the demo partner is a member of the site');

    // The org is now ready for partners by channelkit's own readiness check.
    const check = await channelkit(['org', 'check', '-o', ALIAS, '--json'], env, project);
    assert.equal(check.code, 0, check.stdout.slice(0, 3000) + check.stderr);
  });

  it('a second run finds every step done and changes nothing', async () => {
    const before = await footprint();
    const doc = await setup('--demo-data');
    assert.deepEqual(statuses(doc), {
      role: 'already-done',
      deploy: 'already-done',
      'permission-sets': 'already-done',
      'publish-site': 'already-done',
      'demo-data': 'already-done',
      'demo-partner': 'already-done',
    });
    assert.deepEqual(await footprint(), before);
  });

  it('--scratch --dry-run prints the plan, scratch org first, without a Dev Hub or an org', async () => {
    const run = await channelkit(
      ['org', 'setup', '--scratch', '-v', 'no-such-hub', '--dry-run', '--json'],
      env,
      project,
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const doc = JSON.parse(run.stdout) as SetupDoc;
    assert.deepEqual(
      doc.result.steps.map((s) => [s.id, s.status]),
      [
        ['scratch-org', 'planned'],
        ['role', 'planned'],
        ['deploy', 'planned'],
        ['permission-sets', 'planned'],
        ['publish-site', 'planned'],
        ['demo-partner', 'planned'],
      ],
    );
  });

  it('bad flags are refused with exit 2 before anything is read or changed', async () => {
    const cases: [string[], string][] = [
      [['org', 'setup', '--json'], 'MissingTargetOrg'],
      [['org', 'setup', '--scratch', '--json'], 'MissingDevHub'],
      [['org', 'setup', '-o', ALIAS, '--scratch', '-v', 'hub', '--json'], 'ScratchWithTargetOrg'],
      [['org', 'setup', '-o', ALIAS, '--wait', '0', '--json'], 'BadFlagValue'],
    ];
    const runs = await Promise.all(cases.map(([args]) => channelkit(args, env, project)));
    runs.forEach((run, i) => {
      assert.equal(run.code, 2, `${cases[i][0].join(' ')}: ${run.stdout}${run.stderr}`);
      assert.equal((JSON.parse(run.stdout) as { name: string }).name, cases[i][1]);
    });
  });
});
