/** Bulk API 2.0 jobs: their state and the JobInfo shapes Salesforce returns for them. */
import type { CompiledQuery } from '../soql/compile.ts';
import { formatDateTime } from '../dates.ts';

export type JobState =
  'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
export type IngestOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'hardDelete';
export type QueryOperation = 'query' | 'queryAll';
export type LineEnding = 'LF' | 'CRLF';

export const COLUMN_DELIMITERS = {
  COMMA: ',',
  TAB: '\t',
  SEMICOLON: ';',
  PIPE: '|',
  CARET: '^',
  BACKQUOTE: '`',
} as const;
export type ColumnDelimiter = keyof typeof COLUMN_DELIMITERS;

export const TERMINAL_STATES: ReadonlySet<JobState> = new Set(['JobComplete', 'Failed', 'Aborted']);

interface JobBase {
  id: string;
  object: string;
  createdById: string;
  createdDate: Date;
  systemModstamp: Date;
  state: JobState;
  /** `62.0` */
  apiVersion: string;
  lineEnding: LineEnding;
  columnDelimiter: ColumnDelimiter;
  numberRecordsProcessed: number;
  retries: number;
  totalProcessingTime: number;
  errorMessage?: string;
  /** The job's folder (uploaded data, results). */
  dir: string;
  /** Settles when processing has stopped and every result file is complete. */
  settled?: Promise<void>;
}

export interface IngestJob extends JobBase {
  kind: 'ingest';
  operation: IngestOperation;
  externalIdFieldName?: string;
  assignmentRuleId?: string;
  numberRecordsFailed: number;
  apiActiveProcessingTime: number;
  /** Completed PUTs of job data (Salesforce refuses to close a job with more than one). */
  uploads: number;
  /** A PUT is streaming in. */
  uploading: boolean;
}

export interface QueryJob extends JobBase {
  kind: 'query';
  operation: QueryOperation;
  query: string;
  compiled: CompiledQuery;
  /** The CSV header line of the results, once the job has run. */
  header: string;
  /** Rows in the results file. */
  rowCount: number;
  /** Bytes of rows in the results file (the header is not in it). */
  resultBytes: number;
}

export type BulkJob = IngestJob | QueryJob;

export function delimiterOf(job: BulkJob): string {
  return COLUMN_DELIMITERS[job.columnDelimiter];
}

export function newlineOf(job: BulkJob): string {
  return job.lineEnding === 'CRLF' ? '\r\n' : '\n';
}

export function touch(job: BulkJob, now: Date): void {
  job.systemModstamp = now;
}

/** The fields every JobInfo starts with. */
function head(job: BulkJob): Record<string, unknown> {
  return {
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById: job.createdById,
    createdDate: formatDateTime(job.createdDate),
    systemModstamp: formatDateTime(job.systemModstamp),
    state: job.state,
  };
}

function ingestOptions(job: IngestJob): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (job.externalIdFieldName) out.externalIdFieldName = job.externalIdFieldName;
  if (job.assignmentRuleId) out.assignmentRuleId = job.assignmentRuleId;
  return out;
}

/** The JobInfo create, close and abort return (and listings hold). */
export function jobSummary(job: BulkJob): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...head(job),
    ...(job.kind === 'ingest' ? ingestOptions(job) : {}),
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: Number(job.apiVersion),
  };
  if (job.kind === 'ingest') {
    out.contentUrl = `services/data/v${job.apiVersion}/jobs/ingest/${job.id}/batches`;
  } else {
    out.jobType = 'V2Query';
  }
  out.lineEnding = job.lineEnding;
  out.columnDelimiter = job.columnDelimiter;
  return out;
}

/** The full JobInfo of `GET /jobs/ingest/{id}` and `GET /jobs/query/{id}`. */
export function jobInfo(job: BulkJob): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...head(job),
    ...(job.kind === 'ingest' ? ingestOptions(job) : {}),
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: Number(job.apiVersion),
    jobType: job.kind === 'ingest' ? 'V2Ingest' : 'V2Query',
  };
  if (job.kind === 'ingest') {
    out.contentUrl = `services/data/v${job.apiVersion}/jobs/ingest/${job.id}/batches`;
  }
  out.lineEnding = job.lineEnding;
  out.columnDelimiter = job.columnDelimiter;
  out.numberRecordsProcessed = job.numberRecordsProcessed;
  if (job.kind === 'ingest') out.numberRecordsFailed = job.numberRecordsFailed;
  out.retries = job.retries;
  out.totalProcessingTime = job.totalProcessingTime;
  if (job.kind === 'ingest') {
    out.apiActiveProcessingTime = job.apiActiveProcessingTime;
    out.apexProcessingTime = 0;
  }
  if (job.errorMessage !== undefined) out.errorMessage = job.errorMessage;
  return out;
}
