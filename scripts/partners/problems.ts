/**
 * Problems found in an onboarding file, each reported as a spreadsheet shows it: "row N, column X:
 * what is wrong; how to fix it". Rows count the header as row 1.
 */
export interface Problem {
  /** Spreadsheet row (header = 1); null when the problem is about the whole file. */
  row: number | null;
  /** Canonical column name (e.g. Email); null when the problem is about the whole row or file. */
  column: string | null;
  message: string;
  fix: string;
}

export function problem(
  row: number | null,
  column: string | null,
  message: string,
  fix: string,
): Problem {
  return { row, column, message, fix };
}

export function formatProblem(p: Problem): string {
  const where = [p.row === null ? null : `row ${p.row}`, p.column && `column ${p.column}`]
    .filter(Boolean)
    .join(', ');
  return `${where || 'file'}: ${p.message}; ${p.fix}`;
}

/** File problems first, then by row, then in the order of the columns (as in a spreadsheet). */
export function sortProblems(problems: Problem[], columnOrder: readonly string[]): Problem[] {
  const position = (p: Problem) => {
    const i = p.column === null ? -1 : columnOrder.indexOf(p.column);
    return i === -1 && p.column !== null ? columnOrder.length : i;
  };
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.row ?? 0) - (b.p.row ?? 0) || position(a.p) - position(b.p) || a.i - b.i)
    .map(({ p }) => p);
}
