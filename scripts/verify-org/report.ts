/** The report of a run: report.json (everything) and report.md (for people), in its own folder. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { redact } from '../cli/errors.ts';
import type { CheckResult, Verdict } from './check.ts';
import type { OrgKind } from './production.ts';
import type { Cleanup } from './sample.ts';

export interface VerifyReport {
  runId: string;
  startedAt: string;
  ms: number;
  target: { alias: string; username: string; instanceUrl: string; kind: OrgKind };
  totals: Record<Verdict, number>;
  checks: CheckResult[];
  sampleData: Cleanup;
}

export const VERDICTS: Verdict[] = ['pass', 'differs', 'skipped', 'error'];

export function totalsOf(checks: CheckResult[]): Record<Verdict, number> {
  const totals = { pass: 0, differs: 0, skipped: 0, error: 0 };
  for (const c of checks) totals[c.verdict]++;
  return totals;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function checkSection(c: CheckResult): string {
  const lines = [
    `## ${c.title} (\`${c.id}\`): ${c.verdict}`,
    '',
    `- Promise: ${c.promise}`,
    `- Where: ${c.references.join('; ')}`,
    `- Measured: ${c.measure}`,
    `- Result: ${c.detail}`,
    `- Time: ${c.ms} ms`,
  ];
  if (c.differences.length) {
    lines.push(
      '',
      '| What | Local org | Target org | What to change in the local org |',
      '| --- | --- | --- | --- |',
      ...c.differences.map(
        (d) =>
          `| ${cell(d.what)} | ${cell(d.localOrg)} | ${cell(d.targetOrg)} | ${cell(d.change)} |`,
      ),
    );
  }
  return lines.join('\n');
}

export function markdownOf(report: VerifyReport): string {
  const { target, totals, sampleData } = report;
  const records = (list: { object: string; id: string }[]) =>
    list.length ? list.map((r) => `${r.object} ${r.id}`).join(', ') : 'none';
  return [
    `# verify:org report ${report.runId}`,
    '',
    `Target: ${target.alias} (${target.username}) at ${target.instanceUrl}, ${target.kind.organizationType}${target.kind.isSandbox ? ', sandbox' : ''}${target.kind.expires ? `, expires ${target.kind.expires}` : ''}.`,
    `Started ${report.startedAt}, took ${report.ms} ms.`,
    '',
    `Totals: ${VERDICTS.map((v) => `${totals[v]} ${v}`).join(', ')}.`,
    '',
    '| Check | Result | Time (ms) |',
    '| --- | --- | --- |',
    ...report.checks.map((c) => `| ${c.id} | ${c.verdict} | ${c.ms} |`),
    '',
    ...report.checks.map((c) => `${checkSection(c)}\n`),
    '## Sample data',
    '',
    `- Created: ${records(sampleData.created)}`,
    `- Removed: ${records(sampleData.removed)}`,
    `- Left in the org: ${sampleData.left.length ? sampleData.left.map((l) => `${l.object} ${l.id} (${l.reason})`).join(', ') : 'none'}`,
    '',
  ].join('\n');
}

/** Writes report.json and report.md into `dir`; returns their paths. */
export function writeReport(dir: string, report: VerifyReport): { json: string; markdown: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'report.json');
  const markdown = join(dir, 'report.md');
  writeFileSync(json, `${redact(JSON.stringify(report, null, 2))}\n`);
  writeFileSync(markdown, redact(markdownOf(report)));
  return { json, markdown };
}
