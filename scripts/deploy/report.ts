/**
 * What a deploy did, in the form people read and `--json` prints: the components deployed (one
 * row per component), each component failure located by local source file, line and column, and
 * the Apex test results.
 */
import { isAbsolute, relative } from 'node:path';
import type {
  DeployMessage,
  FileResponse,
  MetadataApiDeployStatus,
} from '@salesforce/source-deploy-retrieve';
import { table } from '../cli/output.ts';

export interface DeployedComponentRow {
  type: string;
  fullName: string;
  /** Created, Changed, Unchanged or Deleted. */
  state: string;
}

export interface ComponentFailure {
  type: string;
  fullName: string;
  /** The local source path relative to the project root, or the path inside the deployed zip. */
  file: string;
  line: number | null;
  column: number | null;
  problem: string;
}

export interface TestFailure {
  name: string;
  method: string;
  message: string;
  stackTrace: string | null;
}

export interface TestSummary {
  total: number;
  completed: number;
  failed: number;
  failures: TestFailure[];
}

export interface DeployReport {
  id: string;
  status: string;
  success: boolean;
  checkOnly: boolean;
  components: DeployedComponentRow[];
  failures: ComponentFailure[];
  tests: TestSummary;
}

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function toNumber(value: unknown): number | null {
  const n = Number(value);
  return value === undefined || value === null || value === '' || !Number.isFinite(n) ? null : n;
}

/** `[Line: 3, Col: 12] LWC1034: ...` → line, column and the bare message. */
function locate(problem: string): { line: number | null; column: number | null; problem: string } {
  const match = /^\[Line: (\d+), Col: (\d+)\]\s*(.*)$/s.exec(problem);
  if (!match) return { line: null, column: null, problem };
  return { line: Number(match[1]), column: Number(match[2]), problem: match[3] };
}

/**
 * Builds the report from the final status and SDR's file responses (which map each component to
 * its local files). A failure SDR could not map keeps the zip path the org reported.
 */
export function buildReport(
  response: MetadataApiDeployStatus,
  files: FileResponse[],
  root: string,
): DeployReport {
  const local = (path: string) => (isAbsolute(path) ? relative(root, path) : path);
  const components: DeployedComponentRow[] = [];
  const seen = new Set<string>();
  const failures: ComponentFailure[] = [];
  // Components SDR located in local source; the org's own messages cover the rest.
  const mapped = new Set<string>();
  for (const file of files) {
    if (file.state === 'Failed') {
      failures.push({
        type: file.type,
        fullName: file.fullName,
        file: file.filePath ? local(file.filePath) : file.fullName,
        line: file.lineNumber ?? null,
        column: file.columnNumber ?? null,
        problem: file.error,
      });
      mapped.add(`${file.type}\0${file.fullName}`);
      continue;
    }
    const key = `${file.type}\0${file.fullName}`;
    if (seen.has(key)) continue;
    seen.add(key);
    components.push({ type: file.type, fullName: file.fullName, state: file.state });
  }
  const details = response.details ?? {};
  for (const message of asArray<DeployMessage>(details.componentFailures)) {
    const at = locate(message.problem ?? '');
    const type = message.componentType ?? '';
    if (mapped.has(`${type}\0${message.fullName}`)) continue;
    failures.push({
      type,
      fullName: message.fullName,
      file: message.fileName,
      line: at.line ?? toNumber(message.lineNumber),
      column: at.column ?? toNumber(message.columnNumber),
      problem: at.problem,
    });
  }
  const run = details.runTestResult;
  const testFailures = asArray(run?.failures).map((f) => ({
    name: f.name,
    method: f.methodName,
    message: f.message,
    stackTrace: f.stackTrace ? String(f.stackTrace) : null,
  }));
  return {
    id: response.id,
    status: response.status,
    success: response.success === true || String(response.success) === 'true',
    checkOnly: response.checkOnly === true || String(response.checkOnly) === 'true',
    components,
    failures,
    tests: {
      total: toNumber(response.numberTestsTotal) ?? 0,
      completed: toNumber(response.numberTestsCompleted) ?? 0,
      failed: Math.max(toNumber(response.numberTestErrors) ?? 0, testFailures.length),
      failures: testFailures,
    },
  };
}

/** `file:line:column  problem`, as compilers print it (line and column left out when unknown). */
export function failureLine(f: ComponentFailure): string {
  const where = [f.file, f.line, f.line !== null ? f.column : null]
    .filter((p) => p !== null)
    .join(':');
  return `${where}  ${f.problem}`;
}

/** The human-readable report. */
export function renderReport(report: DeployReport): string {
  const out: string[] = [];
  if (report.success) {
    const verb = report.checkOnly ? 'Validated' : 'Deployed';
    out.push(`${verb} ${report.components.length} component(s) (deploy ${report.id}).`);
    if (report.components.length > 0) {
      const rows = report.components.map((c) => [c.type, c.fullName, c.state]);
      out.push(table(['Type', 'Name', 'State'], rows));
    }
  } else {
    out.push(`Deploy ${report.id} ${report.status}: nothing was saved to the org.`);
  }
  if (report.failures.length > 0) {
    out.push('', `Component failures (${report.failures.length}):`);
    for (const f of report.failures) out.push(failureLine(f));
  }
  if (report.tests.total > 0 || report.tests.failures.length > 0) {
    out.push(
      '',
      `Apex tests: ${report.tests.completed}/${report.tests.total} run, ${report.tests.failed} failed.`,
    );
    for (const t of report.tests.failures) {
      out.push(`${t.name}.${t.method}  ${t.message}`);
      if (t.stackTrace) out.push(`    ${t.stackTrace.replace(/\n/g, '\n    ')}`);
    }
  }
  if (report.checkOnly) {
    out.push('', 'Validation only (--check-only): nothing was saved to the org.');
  }
  return out.join('\n');
}
