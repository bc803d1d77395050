/**
 * The steps of `channelkit org setup` against a connected org. Each step first reads the org to
 * tell whether its work is already there (`check`), and only then does what is missing (`run`),
 * so a second run changes nothing. The deploy and the partner onboarding are the project's own
 * commands (`channelkit deploy`, `channelkit partners onboard`), run as child processes.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from '@salesforce/core';
import { CliError } from '../cli/errors.ts';
import { soqlList, soqlString } from '../cli/soql.ts';
import { queryAll } from '../partners/orgQuery.ts';
import type { SetupOptions, StepId } from './plan.ts';
import { publishAndWait } from './site.ts';
import type { SiteApi } from './site.ts';

/** The package's permission sets for the admin who runs the console and the wizard. */
export const RUNNING_USER_PERMISSION_SETS = ['Channel_Manager', 'Partner_Onboarding'];
/** The inbox's permission set (also a member group of the partner site). */
export const PARTNER_PERMISSION_SET = 'Partner_Lead_Inbox';
export const ROLE = {
  Name: 'Channel Kit Administrator',
  DeveloperName: 'Channel_Kit_Administrator',
};
export const DEMO_LEAD_COUNT = 20;
const DEMO_LEAD_MARK = '(Channel Kit demo)';
export const DEMO_PARTNER = {
  account: 'Channel Kit Demo Partner',
  website: 'demo-partner.example.com',
  firstName: 'Dana',
  lastName: 'Demo',
  email: 'dana.demo@demo-partner.example.com',
  title: 'Partner Sales Lead',
  profile: 'Partner Community User',
};

export interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** What the project holds, by metadata type (from source-deploy-retrieve). */
export interface ProjectComponents {
  apexClasses: string[];
  customObjects: string[];
  permissionSets: string[];
  sites: string[];
}

export interface SetupContext {
  conn: Connection;
  /** -o for the child commands: the alias or username the sf CLI knows. */
  targetOrg: string;
  options: SetupOptions;
  project: ProjectComponents;
  channelkit(args: string[]): Promise<ChildRun>;
  report(line: string): void;
  /** Set once this run deployed, so the site is published again. */
  deployed: boolean;
}

export interface StepCheck {
  done: boolean;
  /** What is there, or what is missing. */
  detail: string;
}

export interface Step {
  id: StepId;
  check(ctx: SetupContext): Promise<StepCheck>;
  /** Does the missing work; returns what it did. */
  run(ctx: SetupContext): Promise<string>;
}

async function runningUser(conn: Connection): Promise<{ Id: string; UserRoleId: string | null }> {
  const username = conn.getUsername() ?? '';
  const [me] = await queryAll<{ Id: string; UserRoleId: string | null }>(
    conn,
    `SELECT Id, UserRoleId FROM User WHERE Username = ${soqlString(username)}`,
  );
  if (!me) {
    throw new CliError('RunningUserNotFound', `Could not read your own user (${username}).`, {
      hint: 'Log in again with `sf org login web` and retry.',
    });
  }
  return me;
}

const names = (rows: { Name: string }[]) => new Set(rows.map((r) => r.Name.toLowerCase()));

function listed(items: string[], max = 5): string {
  return items.length <= max
    ? items.join(', ')
    : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

const roleStep: Step = {
  id: 'role',
  async check(ctx) {
    const me = await runningUser(ctx.conn);
    return me.UserRoleId
      ? { done: true, detail: 'you have a role' }
      : { done: false, detail: `you have no role; ${ROLE.Name} will be created or reused` };
  },
  async run(ctx) {
    const me = await runningUser(ctx.conn);
    const [existing] = await queryAll<{ Id: string }>(
      ctx.conn,
      `SELECT Id FROM UserRole WHERE DeveloperName = ${soqlString(ROLE.DeveloperName)}`,
    );
    let roleId = existing?.Id;
    if (!roleId) {
      const created = await ctx.conn.sobject('UserRole').create(ROLE);
      if (!created.success) throw new CliError('RoleNotCreated', 'Could not create the role.');
      roleId = created.id;
    }
    await ctx.conn.sobject('User').update({ Id: me.Id, UserRoleId: roleId });
    return `you now have the role ${ROLE.Name}`;
  },
};

/** The project's Apex classes, custom objects, permission sets and sites the org lacks. */
async function missingComponents(ctx: SetupContext): Promise<string[]> {
  const { conn, project } = ctx;
  const [classes, permissionSets, objects] = await Promise.all([
    queryAll<{ Name: string }>(conn, 'SELECT Name FROM ApexClass'),
    queryAll<{ Name: string }>(
      conn,
      'SELECT Name FROM PermissionSet WHERE IsOwnedByProfile = false',
    ),
    conn.describeGlobal().then((d) => new Set(d.sobjects.map((s) => s.name.toLowerCase()))),
  ]);
  const sites = objects.has('network')
    ? names(await queryAll<{ Name: string }>(conn, 'SELECT Name FROM Network'))
    : new Set<string>();
  const have = { classes: names(classes), permissionSets: names(permissionSets) };
  return [
    ...project.apexClasses
      .filter((n) => !have.classes.has(n.toLowerCase()))
      .map((n) => `ApexClass ${n}`),
    ...project.customObjects
      .filter((n) => !objects.has(n.toLowerCase()))
      .map((n) => `CustomObject ${n}`),
    ...project.permissionSets
      .filter((n) => !have.permissionSets.has(n.toLowerCase()))
      .map((n) => `PermissionSet ${n}`),
    ...project.sites.filter((n) => !sites.has(n.toLowerCase())).map((n) => `Network ${n}`),
  ];
}

interface DeployDoc {
  status: number;
  message?: string;
  hint?: string | null;
  result?: {
    success: boolean;
    components: unknown[];
    failures: { file: string; line: number | null; problem: string }[];
  };
}

const deployStep: Step = {
  id: 'deploy',
  async check(ctx) {
    const missing = await missingComponents(ctx);
    if (ctx.options.redeploy) return { done: false, detail: '--redeploy: deploy everything again' };
    return missing.length === 0
      ? {
          done: true,
          detail: 'every Apex class, object, permission set and site of the project is in the org',
        }
      : { done: false, detail: `missing: ${listed(missing)}` };
  },
  async run(ctx) {
    const run = await ctx.channelkit(['deploy', '-o', ctx.targetOrg, '--json']);
    let doc: DeployDoc;
    try {
      doc = JSON.parse(run.stdout) as DeployDoc;
    } catch {
      throw new CliError('DeployFailed', `channelkit deploy failed: ${run.stderr || run.stdout}`);
    }
    if (run.code !== 0 || !doc.result?.success) {
      const failures = (doc.result?.failures ?? []).map(
        (f) => `  ${f.file}${f.line ? `:${f.line}` : ''}  ${f.problem}`,
      );
      throw new CliError(
        'DeployFailed',
        `The deploy failed; nothing after it was done.${failures.length ? `\n${failures.join('\n')}` : doc.message ? ` ${doc.message}` : ''}`,
        { hint: doc.hint ?? 'Fix what the deploy reports and run org setup again.' },
      );
    }
    ctx.deployed = true;
    return `deployed ${doc.result.components.length} component(s)`;
  },
};

async function permissionSetIds(conn: Connection, wanted: string[]): Promise<Map<string, string>> {
  const rows = await queryAll<{ Id: string; Name: string }>(
    conn,
    `SELECT Id, Name FROM PermissionSet WHERE Name IN (${soqlList(wanted)})`,
  );
  return new Map(rows.map((r) => [r.Name, r.Id]));
}

/** Of `sets`, the ones `userId` lacks (all of them when the org lacks the set itself). */
async function missingAssignments(
  conn: Connection,
  userId: string,
  sets: string[],
): Promise<{ name: string; id: string | undefined }[]> {
  const ids = await permissionSetIds(conn, sets);
  const assigned = new Set(
    (
      await queryAll<{ PermissionSetId: string }>(
        conn,
        `SELECT PermissionSetId FROM PermissionSetAssignment WHERE AssigneeId = ${soqlString(userId)}`,
      )
    ).map((a) => a.PermissionSetId),
  );
  return sets
    .map((name) => ({ name, id: ids.get(name) }))
    .filter((s) => s.id === undefined || !assigned.has(s.id));
}

async function assign(
  conn: Connection,
  userId: string,
  sets: { name: string; id: string | undefined }[],
) {
  const unknown = sets.filter((s) => s.id === undefined).map((s) => s.name);
  if (unknown.length) {
    throw new CliError(
      'PermissionSetMissing',
      `The org has no permission set ${unknown.join(', ')}.`,
      {
        hint: 'Run org setup with --redeploy to deploy the package again.',
      },
    );
  }
  for (const set of sets) {
    await conn
      .sobject('PermissionSetAssignment')
      .create({ AssigneeId: userId, PermissionSetId: set.id });
  }
}

const permissionSetsStep: Step = {
  id: 'permission-sets',
  async check(ctx) {
    const me = await runningUser(ctx.conn);
    const missing = await missingAssignments(ctx.conn, me.Id, RUNNING_USER_PERMISSION_SETS);
    return missing.length === 0
      ? { done: true, detail: `you have ${RUNNING_USER_PERMISSION_SETS.join(' and ')}` }
      : { done: false, detail: `to assign: ${missing.map((m) => m.name).join(', ')}` };
  },
  async run(ctx) {
    const me = await runningUser(ctx.conn);
    const missing = await missingAssignments(ctx.conn, me.Id, RUNNING_USER_PERMISSION_SETS);
    await assign(ctx.conn, me.Id, missing);
    return `assigned ${missing.map((m) => m.name).join(', ')}`;
  },
};

function siteApi(conn: Connection): SiteApi {
  const base = `/services/data/v${conn.getApiVersion()}/connect/communities`;
  return {
    publish: (id) =>
      conn.request<{ message: string }>({ method: 'POST', url: `${base}/${id}/publish`, body: '' }),
    status: async (id) => (await conn.request<{ status: string }>(`${base}/${id}`)).status,
  };
}

async function projectSites(
  ctx: SetupContext,
): Promise<{ Id: string; Name: string; Status: string }[]> {
  if (ctx.project.sites.length === 0) return [];
  return queryAll<{ Id: string; Name: string; Status: string }>(
    ctx.conn,
    `SELECT Id, Name, Status FROM Network WHERE Name IN (${soqlList(ctx.project.sites)})`,
  );
}

const publishStep: Step = {
  id: 'publish-site',
  async check(ctx) {
    const sites =
      ctx.deployed || ctx.options.redeploy ? [] : await projectSites(ctx).catch(() => []);
    const live = sites.filter((s) => s.Status === 'Live').map((s) => s.Name);
    return live.length === ctx.project.sites.length && !ctx.deployed
      ? { done: true, detail: `${listed(live)} live, nothing deployed since` }
      : { done: false, detail: `publish ${listed(ctx.project.sites)}` };
  },
  async run(ctx) {
    const sites = await projectSites(ctx);
    const done: string[] = [];
    for (const site of sites) {
      const started = Date.now();
      await publishAndWait(siteApi(ctx.conn), site.Id, site.Name, {
        timeoutMs: ctx.options.publishWaitMinutes * 60_000,
      });
      done.push(`${site.Name} live (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
    const absent = ctx.project.sites.filter((n) => !sites.some((s) => s.Name === n));
    if (absent.length) {
      throw new CliError(
        'SiteMissing',
        `The org has no site ${absent.join(', ')} after the deploy.`,
        {
          hint: 'Run org setup with --redeploy.',
        },
      );
    }
    return `published ${done.join(', ')}`;
  },
};

const demoLeadCompany = (n: number) =>
  `Demo Company ${String(n).padStart(2, '0')} ${DEMO_LEAD_MARK}`;

async function missingDemoLeads(conn: Connection): Promise<number[]> {
  const wanted = Array.from({ length: DEMO_LEAD_COUNT }, (_, i) => i + 1);
  const have = new Set(
    (
      await queryAll<{ Company: string }>(
        conn,
        `SELECT Company FROM Lead WHERE Company IN (${soqlList(wanted.map(demoLeadCompany))})`,
      )
    ).map((l) => l.Company),
  );
  return wanted.filter((n) => !have.has(demoLeadCompany(n)));
}

const demoDataStep: Step = {
  id: 'demo-data',
  async check(ctx) {
    const missing = await missingDemoLeads(ctx.conn);
    return missing.length === 0
      ? { done: true, detail: `the ${DEMO_LEAD_COUNT} demo leads are there` }
      : { done: false, detail: `${missing.length} of ${DEMO_LEAD_COUNT} demo leads to create` };
  },
  async run(ctx) {
    const missing = await missingDemoLeads(ctx.conn);
    const leads = missing.map((n) => ({
      FirstName: 'Demo',
      LastName: `Lead ${String(n).padStart(2, '0')}`,
      Company: demoLeadCompany(n),
      Email: `demo.lead${n}@example.com`,
      LeadSource: 'Partner Referral',
    }));
    const results = await ctx.conn.sobject('Lead').create(leads, { allOrNone: true });
    const failed = results.filter((r) => !r.success);
    if (failed.length) {
      throw new CliError('DemoDataFailed', `${failed.length} demo lead(s) could not be created.`);
    }
    return `created ${leads.length} demo lead(s)`;
  },
};

/** The demo partner's user, and the site permission set if it lacks it. */
async function demoPartnerState(
  conn: Connection,
): Promise<{ userId: string | null; missingSets: { name: string; id: string | undefined }[] }> {
  const [contact] = await queryAll<{ Id: string }>(
    conn,
    `SELECT Id FROM Contact WHERE Email = ${soqlString(DEMO_PARTNER.email)}`,
  );
  const [user] = contact
    ? await queryAll<{ Id: string }>(
        conn,
        `SELECT Id FROM User WHERE ContactId = ${soqlString(contact.Id)} AND IsActive = true`,
      )
    : [];
  if (!user) return { userId: null, missingSets: [] };
  return {
    userId: user.Id,
    missingSets: await missingAssignments(conn, user.Id, [PARTNER_PERMISSION_SET]),
  };
}

function demoPartnerCsv(): string {
  const p = DEMO_PARTNER;
  return [
    'AccountName,Website,FirstName,LastName,Email,Title,PartnerUser,Profile',
    [p.account, p.website, p.firstName, p.lastName, p.email, p.title, 'yes', p.profile].join(','),
    '',
  ].join('\n');
}

const demoPartnerStep: Step = {
  id: 'demo-partner',
  async check(ctx) {
    const state = await demoPartnerState(ctx.conn);
    if (!state.userId)
      return { done: false, detail: `onboard ${DEMO_PARTNER.account} with ${DEMO_PARTNER.email}` };
    return state.missingSets.length === 0
      ? {
          done: true,
          detail: `${DEMO_PARTNER.email} is a partner user with ${PARTNER_PERMISSION_SET}`,
        }
      : { done: false, detail: `assign ${PARTNER_PERMISSION_SET} to ${DEMO_PARTNER.email}` };
  },
  async run(ctx) {
    let state = await demoPartnerState(ctx.conn);
    const did: string[] = [];
    if (!state.userId) {
      const dir = await mkdtemp(join(tmpdir(), 'channelkit-demo-partner-'));
      try {
        const file = join(dir, 'demo-partner.csv');
        await writeFile(file, demoPartnerCsv());
        const run = await ctx.channelkit([
          'partners',
          'onboard',
          '-o',
          ctx.targetOrg,
          '--file',
          file,
          '--json',
        ]);
        if (run.code !== 0) {
          let message = run.stderr || run.stdout;
          try {
            const doc = JSON.parse(run.stdout) as { message?: string };
            message = doc.message ?? run.stdout;
          } catch {
            // Not JSON: keep the text.
          }
          throw new CliError('DemoPartnerFailed', `Onboarding the demo partner failed: ${message}`);
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      did.push(`onboarded ${DEMO_PARTNER.account} (${DEMO_PARTNER.email})`);
      state = await demoPartnerState(ctx.conn);
      if (!state.userId) {
        throw new CliError(
          'DemoPartnerFailed',
          `No active partner user for ${DEMO_PARTNER.email} after onboarding.`,
        );
      }
    }
    if (state.missingSets.length) {
      await assign(ctx.conn, state.userId, state.missingSets);
      did.push(`assigned ${PARTNER_PERMISSION_SET}`);
    }
    return did.join('; ');
  },
};

export const STEPS: Record<Exclude<StepId, 'scratch-org'>, Step> = {
  role: roleStep,
  deploy: deployStep,
  'permission-sets': permissionSetsStep,
  'publish-site': publishStep,
  'demo-data': demoDataStep,
  'demo-partner': demoPartnerStep,
};
