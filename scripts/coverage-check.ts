/**
 * `npm run coverage:check`, the last step of `npm test`: the Node code's coverage, as c8 collected
 * it over `test:node` and `test:browser` (through NODE_V8_COVERAGE, so the channelkit processes
 * the tests start count too; `.c8rc.json` says which files), reported once (c8's own summary)
 * and checked against thresholds: for all of it, and for each folder where a wrong answer costs
 * data. The thresholds sit just under the figures measured when they were set, so coverage cannot
 * quietly fall.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface Threshold {
  name: string;
  /** A folder (ending in /) or file under the project, or null for everything measured. */
  path: string | null;
  lines: number;
  branches: number;
}

// The aim of issue #15, 90% of lines and 85% of branches, overall and for each folder where a
// wrong answer costs data (README, "Coverage of the Node code"). Measured on 2026-12-05 over
// test:node alone (lines, branches): all 93.7%, 85.7%; scripts/leads 91.8%, 90.0%; SOQL 97.6%,
// 91.7%; DML 95.5%, 90.6%; sharing 100%, 90.6%; Bulk 96.5%, 91.1%. Where an earlier threshold
// was higher and is still met (sharing's and Bulk's lines, scripts/leads' branches) it stays;
// scripts/leads' lines go from 92% (set over its own tests) to the aim, as 91.8% was measured.
const THRESHOLDS: Threshold[] = [
  { name: 'all Node code', path: null, lines: 90, branches: 85 },
  { name: 'leads reassign and undo', path: 'scripts/leads/', lines: 90, branches: 87 },
  { name: 'SOQL', path: 'localorg/soql/', lines: 90, branches: 85 },
  { name: 'DML and platform rules', path: 'localorg/dml/', lines: 90, branches: 85 },
  { name: 'sharing', path: 'localorg/sharing.ts', lines: 95, branches: 85 },
  { name: 'Bulk API', path: 'localorg/bulk/', lines: 92, branches: 85 },
];

interface Counts {
  total: number;
  covered: number;
}
type Summary = Record<string, { lines: Counts; branches: Counts }>;

// One pass over the collected coverage: c8 reports (the text summary and coverage-summary.json).
const report = spawnSync('c8', ['report'], { stdio: 'inherit' });
if (report.error) throw report.error;
if (report.status !== 0) process.exit(1);

const root = process.cwd();
const summary = JSON.parse(
  readFileSync(join(root, 'coverage', 'node', 'coverage-summary.json'), 'utf8'),
) as Summary;
const percent = (c: Counts) => (c.total === 0 ? 100 : (100 * c.covered) / c.total);

const failed: string[] = [];
for (const t of THRESHOLDS) {
  const sum = { lines: { total: 0, covered: 0 }, branches: { total: 0, covered: 0 } };
  for (const [file, counts] of Object.entries(summary)) {
    if (file === 'total') continue;
    const path = relative(root, file);
    if (t.path !== null && !(t.path.endsWith('/') ? path.startsWith(t.path) : path === t.path))
      continue;
    for (const kind of ['lines', 'branches'] as const) {
      sum[kind].total += counts[kind].total;
      sum[kind].covered += counts[kind].covered;
    }
  }
  const lines = percent(sum.lines);
  const branches = percent(sum.branches);
  const line = `${t.name} (${t.path ?? 'scripts/, localorg/, lib/, preview/build.ts'}): lines ${lines.toFixed(2)}% (threshold ${t.lines}%), branches ${branches.toFixed(2)}% (threshold ${t.branches}%)`;
  if (sum.lines.total === 0) failed.push(`${t.name}: nothing measured under ${t.path}`);
  else if (lines < t.lines || branches < t.branches) failed.push(line);
  else console.log(`coverage ok: ${line}`);
}
if (failed.length) {
  console.error(`Coverage below its threshold:\n  ${failed.join('\n  ')}`);
  process.exit(1);
}
