import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JavaLookup } from './java.ts';
import { run } from './java.ts';
import type { ApexProject } from './project.ts';
import { relativePath } from './project.ts';
import type { Problem, Severity, StageOutcome } from './report.ts';
import { count } from './report.ts';

/**
 * The apex-ls checker ships inside the PMD engine package (pinned exactly in package.json); it is not
 * a public API, so a version bump of that package must re-run this gate's tests.
 */
export const APEX_LS_LIB = fileURLToPath(
  new URL('java-lib/', import.meta.resolve('@salesforce/code-analyzer-pmd-engine')),
);
const MAIN_CLASS = 'io.github.apexdevtools.apexls.CheckForIssues';
// CheckForIssues exits 0 (clean), 4 (issues found), anything else means it failed.
const EXIT_ISSUES = 4;

/**
 * Categories apex-ls reports. Error and Missing (unknown field, variable, method or type) break
 * the deploy, so they fail the gate. Warning and Unused (unused locals, public methods only tests
 * call) are advice: printed, never failing, because they are often deliberate in work in progress.
 * Syntax issues are skipped here: the syntax stage reports them with a lexer-aware parser.
 */
const SEVERITY_BY_CATEGORY: Record<string, Severity | 'skip'> = {
  Syntax: 'skip',
  Error: 'error',
  Missing: 'error',
  Warning: 'warning',
  Unused: 'warning',
};

interface ApexLsReport {
  files: {
    path: string;
    messages: {
      start: { line: number; offset: number };
      category: string;
      message: string;
    }[];
  }[];
}

export function apexLsArgs(root: string): string[] {
  // -n: no cache (the cache lives in $HOME and would make runs depend on earlier ones);
  // -d unused: include warnings and unused-code findings, which are reported as warnings.
  return [
    '-cp',
    path.join(APEX_LS_LIB, '*'),
    MAIN_CLASS,
    '-w',
    root,
    '-n',
    '-f',
    'json',
    '-d',
    'unused',
  ];
}

export function parseApexLsReport(
  json: string,
  root: string,
): { problems: Problem[]; unparsed: number } {
  const report = JSON.parse(json) as ApexLsReport;
  const realRoot = realpathSync(root);
  const problems: Problem[] = [];
  let unparsed = 0;
  for (const file of report.files) {
    const base = file.path.startsWith(realRoot + path.sep) ? realRoot : root;
    if (file.messages.some((message) => message.category === 'Syntax')) unparsed++;
    for (const message of file.messages) {
      const severity = SEVERITY_BY_CATEGORY[message.category] ?? 'error';
      // The syntax stage reports missing -meta.xml files.
      if (severity === 'skip' || /meta file is missing/.test(message.message)) continue;
      problems.push({
        file: relativePath(base, file.path),
        line: message.start.line,
        column: message.start.offset + 1,
        message: message.message,
        stage: 'semantic',
        rule: message.category,
        severity,
      });
    }
  }
  return { problems, unparsed };
}

export async function checkSemantics(
  project: ApexProject,
  java: Promise<JavaLookup>,
): Promise<StageOutcome> {
  const checked = count(project.sources.length, 'source');
  const toolProblem = (message: string): StageOutcome => ({
    checked,
    problems: [{ file: '', line: 0, column: 0, message, stage: 'semantic', severity: 'error' }],
  });
  if (project.sources.length === 0) return { checked: 'no Apex sources, skipped', problems: [] };
  const javaLookup = await java;
  if (!javaLookup.ok) return toolProblem(javaLookup.error);
  if (!existsSync(APEX_LS_LIB)) {
    return toolProblem(`apex-ls jars not found in ${APEX_LS_LIB}: run npm ci`);
  }
  const result = await run(javaLookup.command, apexLsArgs(project.root), 120_000);
  if (result.spawnError || (result.code !== 0 && result.code !== EXIT_ISSUES)) {
    const reason = result.spawnError?.message ?? `exit code ${result.code}`;
    return toolProblem(`apex-ls failed (${reason}): ${(result.stderr || result.stdout).trim()}`);
  }
  try {
    const { problems, unparsed } = parseApexLsReport(result.stdout, project.root);
    // apex-ls does not analyse a file it cannot parse; say so rather than look clean.
    return {
      checked: unparsed ? `${checked} (${unparsed} not analysed: syntax errors)` : checked,
      problems,
    };
  } catch (error) {
    return toolProblem(
      `cannot read apex-ls output (${(error as Error).message}): ${result.stdout}`,
    );
  }
}
