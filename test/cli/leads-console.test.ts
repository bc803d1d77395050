/**
 * One set of rules for `leads reassign` and the lead-assignment console, on one local org running
 * the package's real Apex: for the same owners the CLI shows the open-lead loads, eligibility and
 * messages the console's `getOwnerCandidates` answers; a --where selects the leads the console
 * lists for the same filter (closed leads out by default, in with --include-closed); and the
 * routing core alone decides when no owner can take a lead (inactive, weight 0, at the cap,
 * --strict), before anything is written.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import type { LeadPage, LeadRow, OwnerCandidate } from '../../types/leadAssignment.d.ts';
import { FORCE_APP, startTestOrg, userOf } from '../support/org.ts';
import { queryAll } from '../support/query.ts';
import { call } from '../support/leadAssignment.ts';
import { channelkit, cliEnv, sfLogin } from '../support/cli.ts';

interface OwnerSummaryDoc {
  ownerId: string;
  eligible: boolean;
  reasons: string[];
  warnings: string[];
  loadBefore: number;
  assigned: number;
}
interface ReassignDoc {
  status: number;
  result: { plan: string; summary: { leads: number; owners: OwnerSummaryDoc[] } };
  warnings: string[];
}
interface ErrorDoc {
  status: number;
  name: string;
  message: string;
}

describe('leads reassign and the console: one set of rules', () => {
  let org: RunningLocalOrg;
  let manager: string;
  let candidates: OwnerCandidate[];
  const env = cliEnv();
  const dir = mkdtempSync(join(tmpdir(), 'leads-console-'));
  const byName = (name: string) => {
    const found = candidates.find((c) => c.name === name);
    if (!found) throw new Error(`no owner candidate ${name}`);
    return found;
  };

  /** Runs `leads reassign` as the channel manager with --json; returns the exit code and document. */
  async function reassign(args: string[]): Promise<{ code: number | null; doc: unknown }> {
    const run = await channelkit(
      ['leads', 'reassign', '-o', 'manager', ...args, '--json'],
      env,
      dir,
    );
    assert.ok(run.stdout.trim().startsWith('{'), run.stdout + run.stderr);
    return { code: run.code, doc: JSON.parse(run.stdout) as unknown };
  }

  /** A dry run's plan: the lead Ids it selected. */
  const planIds = (doc: ReassignDoc) =>
    new Set(
      readFileSync(doc.result.plan, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[0]),
    );

  /** Every lead the console lists for these filters, page by page. */
  async function consoleLeads(filters: Record<string, unknown>): Promise<LeadRow[]> {
    const rows: LeadRow[] = [];
    let cursor: string | null | undefined = null;
    do {
      const page: LeadPage = await call(
        org,
        'searchLeads',
        { filters, pageSize: 200, cursor },
        manager,
      );
      rows.push(...page.rows);
      cursor = page.nextCursor;
    } while (cursor);
    return rows;
  }

  before(async () => {
    org = await startTestOrg({ seed: 'demo', deploy: [FORCE_APP] });
    manager = userOf(org, 'channel-manager').accessToken!;
    // The CLI runs as the same channel manager, so both see the same leads.
    await sfLogin(env, org.url, manager, 'manager');
    candidates = await call(
      org,
      'getOwnerCandidates',
      { types: null, search: null, includeIneligible: true },
      manager,
    );
  });
  after(() => org.close());

  it('shows every owner with the open-lead load, eligibility and messages of the console', async () => {
    // The demo org has what makes the comparison worth it: closed and converted leads held by
    // these owners, inactive users, partners who never logged in or are not site members.
    const held = await queryAll(
      org,
      "SELECT OwnerId, COUNT(Id) n FROM Lead WHERE IsConverted = false AND Status = 'Closed - Not Converted' GROUP BY OwnerId",
    );
    const closedHeld = new Map(held.map((r) => [r.OwnerId, Number(r.n)]));
    assert.ok(candidates.some((c) => c.type.endsWith('Queue') && (closedHeld.get(c.id) ?? 0) > 0));
    assert.ok(candidates.some((c) => c.type.endsWith('User') && (closedHeld.get(c.id) ?? 0) > 0));
    const codes = new Set(
      candidates.flatMap((c) => [...c.reasons, ...c.warnings]).map((i) => i.code),
    );
    for (const code of ['INACTIVE_USER', 'NEVER_LOGGED_IN', 'NOT_SITE_MEMBER'])
      assert.ok(codes.has(code as never), `the demo org has an owner with ${code}`);

    // Every candidate in one round robin (the method getOwnerCandidates judges with), no leads.
    const { code, doc } = await reassign([
      '--where',
      "Country = 'Nowhere'",
      '--round-robin',
      candidates.map((c) => c.id).join(','),
      '--dry-run',
      '--plan',
      join(dir, 'owners.plan.csv'),
    ]);
    assert.equal(code, 0, JSON.stringify(doc));
    const { result, warnings } = doc as ReassignDoc;
    assert.equal(result.summary.leads, 0);
    const cli = new Map(result.summary.owners.map((o) => [o.ownerId, o]));
    for (const candidate of candidates) {
      const owner = cli.get(candidate.id);
      assert.ok(owner, `${candidate.name} is in the CLI's summary`);
      assert.deepEqual(
        {
          load: owner.loadBefore,
          eligible: owner.eligible,
          reasons: owner.reasons,
          warnings: owner.warnings,
        },
        {
          load: candidate.openLeadCount,
          eligible: candidate.eligible,
          reasons: candidate.reasons.map((r) => r.code),
          warnings: candidate.warnings.map((w) => w.code),
        },
        `${candidate.name} (${candidate.type})`,
      );
      // The CLI words every issue as the console does.
      const expected = [
        ...(candidate.reasons.length
          ? [
              `${candidate.name} (${candidate.id}) gets no leads: ${candidate.reasons.map((r) => r.message).join(' ')}`,
            ]
          : []),
        ...(candidate.warnings.length
          ? [
              `${candidate.name} (${candidate.id}): ${candidate.warnings.map((w) => w.message).join(' ')}`,
            ]
          : []),
      ];
      assert.deepEqual(
        warnings.filter((w) => w.startsWith(`${candidate.name} (${candidate.id})`)),
        expected,
      );
    }
  });

  it('selects the leads the console lists for the same filter: closed ones only when asked', async () => {
    const dryRun = async (name: string, ...extra: string[]) => {
      const { code, doc } = await reassign([
        '--where',
        "Country = 'Germany'",
        ...extra,
        '--to',
        byName('EMEA Partner Pool').id,
        '--dry-run',
        '--plan',
        join(dir, `${name}.plan.csv`),
      ]);
      assert.equal(code, 0, JSON.stringify(doc));
      return planIds(doc as ReassignDoc);
    };
    const open = await consoleLeads({ countries: ['Germany'] });
    const all = await consoleLeads({ countries: ['Germany'], includeClosed: true });
    assert.ok(
      all.some((row) => row.status.startsWith('Closed')),
      'Germany has closed leads',
    );
    assert.ok(open.every((row) => !row.status.startsWith('Closed')));

    assert.deepEqual([...(await dryRun('open'))].sort(), open.map((row) => row.id).sort());
    assert.deepEqual(
      [...(await dryRun('all', '--include-closed'))].sort(),
      all.map((row) => row.id).sort(),
    );
  });

  it('refuses a pool the routing core finds nobody in, with each reason, before writing anything', async () => {
    const northwind = byName('Northwind Traders Leads');
    const inactive = candidates.find((c) => c.reasons.some((r) => r.code === 'INACTIVE_USER'))!;
    const neverLoggedIn = candidates.find(
      (c) => c.eligible && c.warnings.some((w) => w.code === 'NEVER_LOGGED_IN'),
    )!;
    const ids = join(dir, 'ids.csv');
    const leads = await queryAll(
      org,
      'SELECT Id FROM Lead WHERE IsConverted = false ORDER BY Id LIMIT 3',
    );
    writeFileSync(ids, `Id\n${leads.map((l) => l.Id).join('\n')}\n`);
    const cases: [string, string[], RegExp[]][] = [
      [
        'already at its cap (the load the console shows)',
        ['--to', northwind.id, '--cap', String(northwind.openLeadCount)],
        [/Already holds as many open leads as its cap\./],
      ],
      [
        'weight 0 beside an inactive user',
        ['--round-robin', `${northwind.id},${inactive.id}`, '--weights', '0,1'],
        [
          /Northwind Traders Leads\): Has weight 0, so gets no leads in weighted round robin\./,
          /\): The user is inactive\./,
        ],
      ],
      [
        '--strict and a partner who never logged in',
        ['--to', neverLoggedIn.id, '--strict'],
        [/Has never logged in to Partner Central\./],
      ],
    ];
    for (const [what, flags, messages] of cases) {
      const journal = join(dir, 'refused.jsonl');
      const { code, doc } = await reassign(['--ids', ids, ...flags, '--journal', journal]);
      const error = doc as ErrorDoc;
      assert.equal(code, 2, `${what}: ${JSON.stringify(doc)}`);
      assert.equal(error.name, 'NoEligibleOwner', what);
      assert.match(error.message, /^No owner in --(to|round-robin) can take leads:\n/, what);
      for (const message of messages) assert.match(error.message, message, what);
      assert.equal(existsSync(join(dir, 'refused.plan.csv')), false, `${what}: no plan`);
      assert.equal(existsSync(journal), false, `${what}: no journal`);
    }
  });

  it('caps count against the open-lead load and name why the rest are not placed', async () => {
    const emea = byName('EMEA Partner Pool');
    const apac = byName('APAC Partner Pool');
    const run = await channelkit(
      [
        'leads',
        'reassign',
        '-o',
        'manager',
        '--where',
        "Country = 'Germany'",
        '--least-loaded',
        `${emea.id},${apac.id}`,
        // Room for 3 leads in all: the cap counts the open leads each already holds.
        '--cap',
        String(Math.max(emea.openLeadCount, apac.openLeadCount) + 1),
        '--dry-run',
        '--plan',
        join(dir, 'capped.plan.csv'),
      ],
      env,
      dir,
    );
    const room = Math.abs(emea.openLeadCount - apac.openLeadCount) + 2;
    assert.equal(run.code, 1, 'a plan that leaves leads unplaced is partial' + run.stderr);
    assert.match(
      run.stdout,
      new RegExp(`EMEA Partner Pool\\s+Queue\\s+yes\\s+${emea.openLeadCount}\\s`),
    );
    assert.match(
      run.stdout,
      new RegExp(`APAC Partner Pool\\s+Queue\\s+yes\\s+${apac.openLeadCount}\\s`),
    );
    assert.match(
      run.stdout,
      /\d+ not placed: ALL_OWNERS_AT_CAPACITY \(Every owner in the pool is at its cap\.\)/,
    );
    const planned = readFileSync(join(dir, 'capped.plan.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .filter((line) => !line.endsWith(',ALL_OWNERS_AT_CAPACITY'));
    assert.equal(planned.length, room);
  });
});
