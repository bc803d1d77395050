/**
 * What the stages of a run share. `leads reassign` and `leads undo` are both pipelines of the
 * stages in this folder: select (the leads), plan (owners and the plan file), journal (start,
 * resume, finish), apply (sObject Collections, Bulk API 2.0 or the notify endpoint), verify (owners
 * read back) and report (result files, messages, the JSON result).
 */
import type { Connection } from '@salesforce/core';
import type { Output } from '../../cli/output.ts';

export type Phase = 'reassign' | 'undo';

export interface RunContext {
  conn: Connection;
  output: Output;
  /** -o as given: named in hints and passed to the notify endpoint. */
  targetOrg: string | undefined;
  /** Counts one API call (the run's `apiCalls`). */
  countCall: () => void;
}

/** `<journal without .jsonl>`: the stem of the files a run keeps beside its journal. */
export function baseOf(journalPath: string): string {
  return journalPath.replace(/\.jsonl$/, '');
}
