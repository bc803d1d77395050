import { checkFormat } from './format.ts';
import { findJava, useFastStartJvms } from './java.ts';
import { checkPmd } from './pmd.ts';
import type { ApexProject } from './project.ts';
import type { Stage, StageOutcome, StageResult } from './report.ts';
import { compareProblems } from './report.ts';
import { checkSemantics } from './semantic.ts';
import { checkSyntax } from './syntax.ts';

async function timed(stage: Stage, check: () => Promise<StageOutcome>): Promise<StageResult> {
  const start = performance.now();
  let outcome: StageOutcome;
  try {
    outcome = await check();
  } catch (error) {
    const message = `stage crashed: ${(error as Error).stack ?? String(error)}`;
    outcome = {
      checked: 'crashed',
      problems: [{ file: '', line: 0, column: 0, message, stage, severity: 'error' }],
    };
  }
  outcome.problems.sort(compareProblems);
  return { stage, ...outcome, elapsedMs: performance.now() - start };
}

/** Runs all four stages concurrently; each one always runs, whatever the others find. */
export async function runGate(project: ApexProject): Promise<StageResult[]> {
  useFastStartJvms();
  const java = findJava();
  // The two Java stages start first: they spend their time in child JVMs while the in-process
  // stages keep this thread busy.
  const semantic = timed('semantic', () => checkSemantics(project, java));
  const pmd = timed('pmd', () => checkPmd(project, java));
  const syntax = timed('syntax', () => checkSyntax(project));
  const format = timed('format', () => checkFormat(project));
  return Promise.all([syntax, semantic, pmd, format]);
}
