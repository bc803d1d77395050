/**
 * One check of `verify:org`: a promise the local org makes, where it is made (the file that
 * produces it, to change when a real org disagrees), how it is measured on the target org, and
 * the verdict with its timing.
 */
import type { VerifyContext } from './context.ts';

/** error: the check could not measure (the org refused a request, a deadline passed). */
export type Verdict = 'pass' | 'differs' | 'skipped' | 'error';

/** One point where the target org answered otherwise than the local org. */
export interface Difference {
  what: string;
  localOrg: string;
  targetOrg: string;
  /** The local org's file that produces this behaviour: what to change if the real org is right. */
  change: string;
}

export interface Outcome {
  verdict: Verdict;
  /** One or two sentences: what was seen, or why the check was skipped. */
  detail: string;
  differences: Difference[];
  /** Measurements worth keeping in the report (per-method results, coverage, sub-timings). */
  data?: unknown;
}

export interface CheckDef {
  id: string;
  title: string;
  /** What the local org promises, in a sentence. */
  promise: string;
  /** Where the promise is made (README sections, source files). */
  references: string[];
  /** How it is measured on the target org. */
  measure: string;
  /** Whether the check creates records on the target org (it removes them again). */
  writes: boolean;
  run(ctx: VerifyContext): Promise<Outcome>;
}

export interface CheckResult {
  id: string;
  title: string;
  promise: string;
  references: string[];
  measure: string;
  verdict: Verdict;
  detail: string;
  differences: Difference[];
  data?: unknown;
  ms: number;
}

export const passed = (detail: string, data?: unknown): Outcome => ({
  verdict: 'pass',
  detail,
  differences: [],
  data,
});

export const skipped = (detail: string): Outcome => ({
  verdict: 'skipped',
  detail,
  differences: [],
});

/** Pass when there are no differences, else differs. */
export const judged = (
  differences: Difference[],
  detail: { same: string; differs: string },
  data?: unknown,
): Outcome =>
  differences.length === 0
    ? passed(detail.same, data)
    : { verdict: 'differs', detail: detail.differs, differences, data };
