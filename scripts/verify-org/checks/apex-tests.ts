/**
 * The package's Apex tests on the target org, through the Tooling API the sf CLI uses
 * (runTestsAsynchronous, then ApexTestRunResult, ApexTestResult and ApexCodeCoverageAggregate):
 * the outcome of every method and the coverage of every class. The local org promises that each
 * of them passes (npm run test:apex, which runs them through its Apex runtime).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { judged, skipped } from '../check.ts';
import type { CheckDef, Difference } from '../check.ts';
import { dataPath, jsonOf, queryRecords } from '../http.ts';
import type { OrgHttp } from '../http.ts';

const CLASSES = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'force-app',
  'main',
  'default',
  'classes',
);
const RUN_DEADLINE_MS = 30 * 60_000;

export interface PackageClasses {
  /** Classes with test methods. */
  tests: string[];
  /** Classes whose coverage counts (not @IsTest). */
  covered: string[];
}

/** The package's classes: an @IsTest class with @IsTest methods is a test class. */
export function packageClasses(dir = CLASSES): PackageClasses {
  const tests: string[] = [];
  const covered: string[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.cls'))
    .sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    const name = basename(file, '.cls');
    const marks = text.match(/@IsTest\b/gi)?.length ?? 0;
    const classMark = /@IsTest\b[^{]*?\bclass\s/i.test(text.slice(0, text.indexOf('{') + 1));
    if (!classMark) covered.push(name);
    else if (marks > 1 || /\btestMethod\b/i.test(text)) tests.push(name);
  }
  return { tests, covered };
}

interface MethodResult {
  ApexClass: { Name: string };
  MethodName: string;
  Outcome: string;
  Message: string | null;
  RunTime: number | null;
  IsTestSetup?: boolean;
}

async function waitForRun(http: OrgHttp, jobId: string): Promise<string> {
  const deadline = Date.now() + RUN_DEADLINE_MS;
  for (let wait = 250; ; wait = Math.min(wait * 2, 5000)) {
    const [run] = await queryRecords<{ Status: string }>(
      http,
      `SELECT Status FROM ApexTestRunResult WHERE AsyncApexJobId = '${jobId}'`,
      true,
    );
    const status = run?.Status ?? 'Queued';
    if (['Completed', 'Failed', 'Aborted'].includes(status)) return status;
    if (Date.now() > deadline) throw new Error(`the test run was still ${status} after 30 minutes`);
    await sleep(wait);
  }
}

const percent = (covered: number, total: number) =>
  total === 0 ? 100 : Math.round((1000 * covered) / total) / 10;

export function apexTestsCheck(): CheckDef {
  return {
    id: 'apex-tests',
    title: 'The package’s Apex tests',
    promise:
      'Every test method of the package passes (the local org runs them through its Apex runtime).',
    references: [
      'README.md: The Apex runtime (npm run test:apex)',
      'scripts/test-apex.ts',
      'localorg/tooling/asyncRun.ts',
    ],
    measure:
      'Tooling API runTestsAsynchronous with the package’s test classes, polled to the end; ApexTestResult per method; ApexCodeCoverageAggregate per class.',
    writes: false,
    async run(ctx) {
      const classes = packageClasses();
      const wanted = ctx.options.apexTests ?? classes.tests;
      const names = [...new Set([...wanted, ...classes.covered])];
      const present = await queryRecords<{ Id: string; Name: string }>(
        ctx.target,
        `SELECT Id, Name FROM ApexClass WHERE NamespacePrefix = null AND Name IN ('${names.join("','")}')`,
        true,
      );
      const has = new Set(present.map((c) => c.Name));
      const toRun = wanted.filter((name) => has.has(name));
      const missing = wanted.filter((name) => !has.has(name));
      if (toRun.length === 0) {
        return skipped(
          `Channel Kit's test classes are not in this org (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', ...' : ''}): deploy it first with \`channelkit org setup -o ${ctx.targetOrg}\` or \`channelkit deploy -o ${ctx.targetOrg}\`.`,
        );
      }
      ctx.log(`  running ${toRun.length} test classes ...`);
      const started = await ctx.target.request(
        `${dataPath(ctx.target)}/tooling/runTestsAsynchronous`,
        {
          method: 'POST',
          body: JSON.stringify({ classNames: toRun.join(','), skipCodeCoverage: false }),
        },
      );
      const jobId = jsonOf(started);
      if (started.status !== 200 || typeof jobId !== 'string')
        throw new Error(`runTestsAsynchronous was refused (${started.status}): ${started.text}`);
      const status = await waitForRun(ctx.target, jobId);
      const results = await queryRecords<MethodResult>(
        ctx.target,
        `SELECT ApexClass.Name, MethodName, Outcome, Message, RunTime, IsTestSetup FROM ApexTestResult WHERE AsyncApexJobId = '${jobId}'`,
        true,
      );
      const coveredIds = present.filter((c) => classes.covered.includes(c.Name)).map((c) => c.Id);
      const coverage = coveredIds.length
        ? await queryRecords<{
            ApexClassOrTrigger: { Name: string };
            NumLinesCovered: number;
            NumLinesUncovered: number;
          }>(
            ctx.target,
            `SELECT ApexClassOrTrigger.Name, NumLinesCovered, NumLinesUncovered FROM ApexCodeCoverageAggregate WHERE ApexClassOrTriggerId IN ('${coveredIds.join("','")}')`,
            true,
          )
        : [];
      const methods = results
        .filter((r) => !r.IsTestSetup)
        .map((r) => ({
          test: `${r.ApexClass.Name}.${r.MethodName}`,
          outcome: r.Outcome,
          message: r.Message,
          ms: r.RunTime,
        }))
        .sort((a, b) => a.test.localeCompare(b.test));
      const failures = results.filter((r) => r.Outcome !== 'Pass');
      const differences: Difference[] = failures.map((r) => ({
        what: `${r.ApexClass.Name}.${r.MethodName}${r.IsTestSetup ? ' (@TestSetup)' : ''}`,
        localOrg: 'Pass',
        targetOrg: `${r.Outcome}: ${r.Message ?? ''}`.trim(),
        change: `localorg/apex/ (its runtime let the test pass), or force-app/main/default/classes/${r.ApexClass.Name}.cls if the test relies on something only the local org does`,
      }));
      if (status !== 'Completed')
        differences.push({
          what: 'the test run',
          localOrg: 'Completed',
          targetOrg: status,
          change: 'localorg/tooling/asyncRun.ts',
        });
      const lines = coverage.map((c) => ({
        class: c.ApexClassOrTrigger.Name,
        covered: c.NumLinesCovered,
        total: c.NumLinesCovered + c.NumLinesUncovered,
        percent: percent(c.NumLinesCovered, c.NumLinesCovered + c.NumLinesUncovered),
      }));
      const covered = lines.reduce((n, c) => n + c.covered, 0);
      const total = lines.reduce((n, c) => n + c.total, 0);
      const passedCount = methods.filter((m) => m.outcome === 'Pass').length;
      const summary = `${passedCount} of ${methods.length} test methods passed in ${toRun.length} classes; coverage ${percent(covered, total)}% (${covered}/${total} lines).${missing.length ? ` Not in the org, not run: ${missing.join(', ')}.` : ''}`;
      return judged(
        differences,
        { same: summary, differs: summary },
        {
          jobId,
          methods,
          coverage: lines.sort((a, b) => a.class.localeCompare(b.class)),
          totalPercent: percent(covered, total),
          notRun: missing,
        },
      );
    },
  };
}
