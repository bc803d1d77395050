export type Stage = 'syntax' | 'semantic' | 'pmd' | 'format';

export type Severity = 'error' | 'warning';

export interface Problem {
  /** Path relative to the project root, with forward slashes; empty for a problem with the tool itself. */
  file: string;
  line: number;
  column: number;
  message: string;
  stage: Stage;
  rule?: string;
  severity: Severity;
}

export interface StageOutcome {
  problems: Problem[];
  /** What was checked, e.g. "4 files" or "21 rules on 4 files". */
  checked: string;
}

export interface StageResult extends StageOutcome {
  stage: Stage;
  elapsedMs: number;
}

export function stageFailed(result: StageResult): boolean {
  return result.problems.some((p) => p.severity === 'error');
}

const MAX_MESSAGE = 300;

/** One line per problem: a lexer error's message can quote the rest of the file. */
function oneLine(message: string): string {
  const line = message.trim().replace(/\r?\n/g, '\\n');
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE)}...` : line;
}

export function formatProblem(p: Problem): string {
  const where = p.file ? `${p.file}:${p.line}:${p.column}` : 'check-apex';
  const prefix = p.severity === 'warning' ? 'warning: ' : '';
  const tag = p.rule ? `${p.stage}/${p.rule}` : p.stage;
  return `${where}: ${prefix}${oneLine(p.message)} [${tag}]`;
}

export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export function formatSummary(result: StageResult): string {
  const errors = result.problems.filter((p) => p.severity === 'error').length;
  const warnings = result.problems.length - errors;
  const verdict = errors > 0 ? 'FAIL' : 'ok  ';
  const seconds = (result.elapsedMs / 1000).toFixed(2);
  return (
    `${verdict} ${result.stage.padEnd(8)} ${result.checked}: ` +
    `${count(errors, 'error')}, ${count(warnings, 'warning')} (${seconds} s)`
  );
}

export function compareProblems(a: Problem, b: Problem): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}
