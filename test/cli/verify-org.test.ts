/**
 * `npm run verify:org` against local orgs logged in with the real sf CLI: on an org with Channel
 * Kit deployed every check passes (the contract suites are listed as skipped, with why) and the
 * report is written; an org started with other answers (a doc-silent choice, Bulk pages without
 * the header, failing Bulk jobs) is reported as differing, with the local org's file to change,
 * and its sample leads are deleted all the same; a production org is refused before anything.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { packageClasses } from '../../scripts/verify-org/checks/apex-tests.ts';
import type { VerifyReport } from '../../scripts/verify-org/report.ts';
import { cliEnv, run, sfLogin } from '../support/cli.ts';
import { FORCE_APP, startTestOrg } from '../support/org.ts';
import { queryAll } from '../support/query.ts';

const MAIN = join(import.meta.dirname, '..', '..', 'scripts', 'verify-org', 'main.ts');
const verify = (args: string[], env: NodeJS.ProcessEnv) =>
  run(process.execPath, [MAIN, ...args], env);

/** The one report a run wrote under `out`. */
function reportIn(out: string): { json: VerifyReport; markdown: string } {
  const runs = readdirSync(out);
  assert.equal(runs.length, 1, `one run folder in ${out}`);
  return {
    json: JSON.parse(readFileSync(join(out, runs[0], 'report.json'), 'utf8')) as VerifyReport,
    markdown: readFileSync(join(out, runs[0], 'report.md'), 'utf8'),
  };
}

const owners = async (org: RunningLocalOrg) =>
  new Map((await queryAll(org, 'SELECT Id, OwnerId FROM Lead')).map((r) => [r.Id, r.OwnerId]));

describe('verify:org', () => {
  const env = cliEnv();

  it('--dry-run lists every check without connecting to an org', async () => {
    const result = await verify(['--dry-run', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    const doc = JSON.parse(result.stdout) as { result: { checks: { id: string }[] } };
    assert.deepEqual(
      doc.result.checks.map((c) => c.id),
      [
        'apex-tests',
        'error-wordings',
        'bulk-query-header',
        'reassign-collections',
        'reassign-bulk',
        'reassign-notify',
        'reassign-assignment-rule',
        'contract-suites',
      ],
    );
  });

  it('runs the test classes of force-app, not its @IsTest helpers, and counts coverage of the rest', () => {
    const { tests, covered } = packageClasses();
    assert.ok(tests.includes('LeadDeclineLogTest') && tests.includes('LeadRouterTest'));
    // An @IsTest class without test methods makes runTestsAsynchronous refuse the whole run.
    assert.ok(!tests.includes('TestDataFactory') && !covered.includes('TestDataFactory'));
    assert.ok(covered.includes('LeadDeclineLog') && covered.includes('LeadRouter'));
    assert.ok(!covered.some((name) => tests.includes(name)));
  });

  describe('on a local org with Channel Kit deployed', () => {
    let org: RunningLocalOrg;
    const out = mkdtempSync(join(tmpdir(), 'verify-org-'));

    before(async () => {
      org = await startTestOrg({ seed: 'demo', deploy: [FORCE_APP] });
      await sfLogin(env, org.url, org.admin.accessToken, 'verify-local');
    });
    after(() => org.close());

    it('every check passes, the report says so, and only the sample leads were touched', async () => {
      const ownersBefore = await owners(org);
      const result = await verify(
        [
          '-o',
          'verify-local',
          '--out',
          out,
          '--apex-tests',
          'OwnerCandidateSelectorTest,LeadDeclineLogTest',
        ],
        env,
      );
      assert.equal(result.code, 0, result.stdout + result.stderr);
      const { json, markdown } = reportIn(out);
      const verdicts = Object.fromEntries(json.checks.map((c) => [c.id, c.verdict]));
      assert.deepEqual(verdicts, {
        'apex-tests': 'pass',
        'error-wordings': 'pass',
        'bulk-query-header': 'pass',
        'reassign-collections': 'pass',
        'reassign-bulk': 'pass',
        'reassign-notify': 'pass',
        'reassign-assignment-rule': 'pass',
        'contract-suites': 'skipped',
      });
      for (const check of json.checks) assert.ok(check.ms >= 0, `${check.id} is timed`);

      const apex = json.checks.find((c) => c.id === 'apex-tests')!;
      const methods = (apex.data as { methods: { test: string; outcome: string }[] }).methods;
      assert.ok(methods.some((m) => m.test === 'LeadDeclineLogTest.anotherPartnerSeesNoneOfThem'));
      assert.ok(methods.length >= 5 && methods.every((m) => m.outcome === 'Pass'));
      const coverage = (apex.data as { coverage: { class: string; percent: number }[] }).coverage;
      assert.ok(coverage.some((c) => c.class === 'LeadDeclineLog' && c.percent > 0));

      const rule = json.checks.find((c) => c.id === 'reassign-assignment-rule')!;
      assert.equal((rule.data as { moved: number }).moved, 4, 'the rule moved the sample leads');
      assert.match(
        json.checks.find((c) => c.id === 'contract-suites')!.detail,
        /Aura endpoint.*logged in with OAuth/,
      );

      assert.equal(json.sampleData.created.length, 4);
      assert.deepEqual(
        json.sampleData.removed.map((r) => r.id).sort(),
        json.sampleData.created.map((r) => r.id).sort(),
      );
      assert.deepEqual(json.sampleData.left, []);
      assert.deepEqual(await owners(org), ownersBefore, 'every other lead is as it was');
      const marked = await queryAll(
        org,
        "SELECT Id FROM Lead WHERE Company LIKE 'channelkit-verify-%'",
      );
      assert.equal(marked.length, 0, 'no sample lead is left');

      assert.match(markdown, /\| reassign-bulk \| pass \| \d+ \|/);
      assert.match(markdown, /Removed: (Lead \w{18}, ){3}Lead \w{18}/);
    });
  });

  describe('on an org that answers otherwise', () => {
    let org: RunningLocalOrg;
    const out = mkdtempSync(join(tmpdir(), 'verify-org-differs-'));

    before(async () => {
      org = await startTestOrg({
        seed: 'demo',
        choices: { 'describe-bad-if-modified-since': 'reject' },
        bulk: { repeatHeader: false },
        faults: ['fail-bulk-job=ingest'],
      });
      await sfLogin(env, org.url, org.admin.accessToken, 'verify-other');
    });
    after(() => org.close());

    it('reports each difference with the file to change, and still deletes its sample leads', async () => {
      const ownersBefore = await owners(org);
      const result = await verify(
        [
          '-o',
          'verify-other',
          '--out',
          out,
          '--only',
          'error-wordings,bulk-query-header,reassign-bulk',
        ],
        env,
      );
      assert.equal(result.code, 1, result.stdout + result.stderr);
      const { json, markdown } = reportIn(out);
      const check = (id: string) => json.checks.find((c) => c.id === id)!;

      const errors = check('error-wordings');
      assert.equal(errors.verdict, 'differs');
      assert.equal(errors.differences.length, 1, JSON.stringify(errors.differences));
      assert.match(errors.differences[0].what, /^describe-bad-if-modified-since/);
      assert.match(errors.differences[0].localOrg, /^200 \(no error\)$/);
      assert.match(errors.differences[0].targetOrg, /^400 INVALID_HEADER_TYPE/);
      assert.match(errors.differences[0].change, /localorg\/choices\.ts/);

      const bulk = check('bulk-query-header');
      assert.equal(bulk.verdict, 'differs');
      assert.deepEqual(
        bulk.differences.map((d) => [d.localOrg, d.targetOrg]),
        [['repeated', 'not repeated']],
      );
      assert.match(bulk.differences[0].change, /localorg\/bulk\/settings\.ts/);

      const reassign = check('reassign-bulk');
      assert.equal(reassign.verdict, 'differs');
      assert.match(reassign.differences[0].targetOrg, /exit|Error/);
      assert.match(markdown, /What to change in the local org/);

      assert.equal(json.sampleData.created.length, 4);
      assert.equal(json.sampleData.removed.length, 4);
      assert.deepEqual(await owners(org), ownersBefore);
    });
  });

  describe('on a production org', () => {
    let org: RunningLocalOrg;
    const out = mkdtempSync(join(tmpdir(), 'verify-org-prod-'));

    before(async () => {
      org = await startTestOrg({ seed: 'demo' });
      org.org.store.run('UPDATE "Organization" SET "OrganizationType" = \'Enterprise Edition\'');
      await sfLogin(env, org.url, org.admin.accessToken, 'verify-prod');
    });
    after(() => org.close());

    it('refuses before creating anything unless --allow-production', async () => {
      const leadsBefore = await owners(org);
      const refused = await verify(['-o', 'verify-prod', '--out', out, '--json'], env);
      assert.equal(refused.code, 2, refused.stdout + refused.stderr);
      const doc = JSON.parse(refused.stdout) as { name: string; hint: string };
      assert.equal(doc.name, 'ProductionOrg');
      assert.match(doc.hint, /--allow-production/);
      assert.equal(existsSync(out) && readdirSync(out).length, 0, 'no report');
      assert.deepEqual(await owners(org), leadsBefore, 'no lead created or moved');

      const allowed = await verify(
        ['-o', 'verify-prod', '--out', out, '--allow-production', '--only', 'bulk-query-header'],
        env,
      );
      assert.equal(allowed.code, 0, allowed.stdout + allowed.stderr);
      assert.equal(reportIn(out).json.target.kind.production, true);
    });
  });
});
