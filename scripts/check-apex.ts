// The offline Apex gate: syntax and metadata, apex-ls semantics, PMD, Prettier.
// Usage: node scripts/check-apex.ts [--root DIR]   (DIR defaults to the current directory)
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runGate } from './apex-gate/gate.ts';
import { loadProject } from './apex-gate/project.ts';
import { formatProblem, formatSummary, stageFailed } from './apex-gate/report.ts';

const USAGE = 'usage: node scripts/check-apex.ts [--root DIR]';

async function main(): Promise<number> {
  let root: string;
  try {
    const { values } = parseArgs({
      options: { root: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    root = path.resolve(values.root ?? process.cwd());
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }

  const start = performance.now();
  let project;
  try {
    project = await loadProject(root);
  } catch (error) {
    console.error(`check-apex: ${(error as Error).message}`);
    return 2;
  }
  const results = await runGate(project);
  for (const result of results) {
    for (const problem of result.problems) console.log(formatProblem(problem));
  }
  for (const result of results) console.log(formatSummary(result));
  const failed = results.filter(stageFailed).map((result) => result.stage);
  const seconds = ((performance.now() - start) / 1000).toFixed(2);
  console.log(
    failed.length > 0
      ? `check:apex failed in ${failed.join(', ')} (${seconds} s)`
      : `check:apex passed (${seconds} s)`,
  );
  return failed.length > 0 ? 1 : 0;
}

process.exitCode = await main();
