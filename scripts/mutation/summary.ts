/**
 * One line per module from Stryker's JSON reports (the mutation-testing-report-schema): killed,
 * survived, no coverage, timeout, and the score, killed + timeout over all valid mutants. A run
 * that was interrupted leaves only its incremental report (same schema, the mutants tested so
 * far): the line then says it is partial.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const reportDir = join('reports', 'mutation');
export const targetScore = 80;

interface MutantJson {
  status: string;
}
interface ReportJson {
  files: Record<string, { mutants: MutantJson[] }>;
}

export interface ModuleScore {
  /** Mutants without a result yet (an interrupted run's incremental report). */
  pending: number;
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  errors: number;
  score: number;
}

export function moduleScore(report: ReportJson): ModuleScore {
  const count = { pending: 0, killed: 0, timeout: 0, survived: 0, noCoverage: 0, errors: 0 };
  for (const file of Object.values(report.files)) {
    for (const { status } of file.mutants) {
      if (status === 'Killed') count.killed++;
      else if (status === 'Timeout') count.timeout++;
      else if (status === 'Survived') count.survived++;
      else if (status === 'NoCoverage') count.noCoverage++;
      else if (status === 'RuntimeError' || status === 'CompileError') count.errors++;
      else if (status === 'Pending') count.pending++;
    }
  }
  const detected = count.killed + count.timeout;
  const valid = detected + count.survived + count.noCoverage;
  return { ...count, score: valid === 0 ? 100 : (100 * detected) / valid };
}

/** Prints the table and returns how many modules are below the target (or have no report). */
export function printMutationSummary(names: string[]): number {
  let below = 0;
  console.log(`\nMutation score per module (target ${targetScore}%):`);
  for (const name of names) {
    const complete = join(reportDir, `${name}.json`);
    const incremental = join(reportDir, `${name}.incremental.json`);
    // The newer of the two: an interrupted rerun updates only the incremental report.
    const file = [complete, incremental]
      .filter((f) => existsSync(f))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
    if (!file) {
      console.log(`  ${name.padEnd(16)} no report (${complete})`);
      below++;
      continue;
    }
    const s = moduleScore(JSON.parse(readFileSync(file, 'utf8')) as ReportJson);
    const partial = s.pending > 0 || (file === incremental && !existsSync(complete));
    if (s.score < targetScore || partial) below++;
    console.log(
      `  ${name.padEnd(16)} ${s.score.toFixed(1).padStart(5)}%  killed ${s.killed}, timeout ${s.timeout}, ` +
        `survived ${s.survived}, no coverage ${s.noCoverage}, errors ${s.errors}` +
        (partial ? `  PARTIAL: an interrupted run, rerun to go on (${file})` : '') +
        (s.score < targetScore ? '  BELOW TARGET' : ''),
    );
  }
  return below;
}
