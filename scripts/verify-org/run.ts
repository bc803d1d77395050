/**
 * A verify:org run: connect, refuse production unless allowed, run the chosen checks one by one
 * (each timed; an exception is that check's error, not the run's end), and always, even when a
 * check or the run fails, delete the sample data, stop the reference org and write the report.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { connectTargetOrg } from '../cli/connect.ts';
import { badInput, EXIT_OK, EXIT_PARTIAL, redact } from '../cli/errors.ts';
import type { Output } from '../cli/output.ts';
import { table } from '../cli/output.ts';
import type { CheckDef, CheckResult, Outcome } from './check.ts';
import type { VerifyContext } from './context.ts';
import { queryRecords, targetHttp } from './http.ts';
import { orgKind, refuseProduction } from './production.ts';
import { Reference } from './reference.ts';
import { totalsOf, writeReport } from './report.ts';
import type { VerifyReport } from './report.ts';
import { SampleData } from './sample.ts';
import type { Cleanup } from './sample.ts';

export interface VerifyFlags {
  targetOrg?: string;
  dryRun?: boolean;
  allowProduction?: boolean;
  only?: string;
  apexTests?: string;
  out?: string;
  json?: boolean;
}

const list = (value: string | undefined) =>
  value === undefined
    ? null
    : value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);

export function selectChecks(checks: CheckDef[], only: string | undefined): CheckDef[] {
  const wanted = list(only);
  if (!wanted) return checks;
  const unknown = wanted.filter((id) => !checks.some((c) => c.id === id));
  if (unknown.length)
    throw badInput(
      'BadFlag',
      `--only names no such check: ${unknown.join(', ')}.`,
      `The checks: ${checks.map((c) => c.id).join(', ')} (see --dry-run).`,
    );
  return checks.filter((c) => wanted.includes(c.id));
}

function dryRun(output: Output, checks: CheckDef[]) {
  output.print(
    `verify:org would run ${checks.length} checks (--json for each one's promise and measure):\n${table(
      ['Check', 'Writes', 'What'],
      checks.map((c) => [c.id, c.writes ? 'sample leads' : 'no', c.title]),
    )}`,
  );
  return {
    result: {
      dryRun: true,
      checks: checks.map(({ id, title, promise, references, measure, writes }) => ({
        id,
        title,
        promise,
        references,
        measure,
        writes,
      })),
    },
    exitCode: EXIT_OK,
  };
}

async function runOne(ctx: VerifyContext, check: CheckDef): Promise<CheckResult> {
  const started = Date.now();
  let outcome: Outcome;
  try {
    outcome = await check.run(ctx);
  } catch (error) {
    outcome = {
      verdict: 'error',
      detail: `Could not measure: ${redact(error instanceof Error ? error.message : String(error))}`,
      differences: [],
    };
  }
  const { id, title, promise, references, measure } = check;
  return { id, title, promise, references, measure, ...outcome, ms: Date.now() - started };
}

const newRunId = () =>
  `${new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(2).toString('hex')}`;

export async function verifyOrg(flags: VerifyFlags, output: Output, checks: CheckDef[]) {
  const selected = selectChecks(checks, flags.only);
  if (flags.dryRun) return dryRun(output, selected);
  const conn = await connectTargetOrg(flags.targetOrg);
  const targetOrg = flags.targetOrg!;
  const target = targetHttp(conn);
  const kind = await orgKind(target);
  if (kind.production && !flags.allowProduction) refuseProduction(kind, targetOrg);

  const username = conn.getUsername() ?? '';
  const [me] = await queryRecords<{ Id: string; Username: string }>(
    target,
    `SELECT Id, Username FROM User WHERE Username = '${username.replace(/'/g, "\\'")}'`,
  );
  if (!me) throw new Error(`the running user ${username} is not readable`);
  const runId = newRunId();
  const dir = resolve(flags.out ?? 'verify-reports', runId);
  const workDir = join(dir, 'runs');
  mkdirSync(workDir, { recursive: true });
  const startedAt = new Date();
  const reference = new Reference(conn.getApiVersion());
  const sample = new SampleData(target, { id: me.Id }, runId);
  const ctx: VerifyContext = {
    targetOrg,
    conn,
    target,
    me: { id: me.Id, username: me.Username },
    reference,
    sample,
    runId,
    workDir,
    options: { apexTests: list(flags.apexTests) },
    log: (line) => output.info(line),
  };
  output.info(`verify:org ${runId} against ${username} at ${conn.instanceUrl}`);
  const results: CheckResult[] = [];
  let report: VerifyReport | null = null;
  try {
    for (const check of selected) {
      output.info(`${check.id} ...`);
      const result = await runOne(ctx, check);
      output.info(`${check.id}: ${result.verdict} (${result.ms} ms) ${result.detail}`);
      results.push(result);
    }
  } finally {
    const sampleData = await sample.cleanup().catch((error: unknown): Cleanup => ({
      created: sample.createdSoFar,
      removed: [],
      left: [
        {
          object: 'Lead',
          id: `Company = '${sample.marker}'`,
          reason: `the clean-up failed (${redact(String(error))}): delete these leads by hand`,
        },
      ],
    }));
    await reference.close();
    report = {
      runId,
      startedAt: startedAt.toISOString(),
      ms: Date.now() - startedAt.getTime(),
      target: { alias: targetOrg, username, instanceUrl: conn.instanceUrl, kind },
      totals: totalsOf(results),
      checks: results,
      sampleData,
    };
    const files = writeReport(dir, report);
    output.print(`Report: ${files.markdown}\n        ${files.json}`);
  }
  const { totals } = report;
  output.print(
    `${totals.pass} pass, ${totals.differs} differ, ${totals.skipped} skipped, ${totals.error} could not be measured; sample data: ${report.sampleData.created.length} created, ${report.sampleData.removed.length} removed, ${report.sampleData.left.length} left.`,
  );
  const clean = totals.differs === 0 && totals.error === 0 && report.sampleData.left.length === 0;
  return { result: { ...report, reportDir: dir }, exitCode: clean ? EXIT_OK : EXIT_PARTIAL };
}
