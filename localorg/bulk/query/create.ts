/** `POST /jobs/query`: validates the request and compiles its SOQL as the caller (sharing applies). */
import { z } from 'zod';
import type { Session } from '../../auth/session.ts';
import { KEY_PREFIX } from '../../ids.ts';
import type { LocalOrg } from '../../org.ts';
import { invalidJob, parseJobBody } from '../http.ts';
import { COLUMN_DELIMITERS } from '../jobs.ts';
import type { ColumnDelimiter, LineEnding, QueryJob } from '../jobs.ts';

const createBody = z.object({
  query: z.string().optional(),
  operation: z.string().optional(),
  columnDelimiter: z.string().optional(),
  lineEnding: z.string().optional(),
  contentType: z.string().optional(),
});

export function newQueryJob(
  org: LocalOrg,
  session: Session,
  apiVersion: string,
  raw: unknown,
): Omit<QueryJob, 'dir'> {
  const body = parseJobBody(createBody, raw);
  const operation = body.operation ?? 'query';
  if (operation !== 'query' && operation !== 'queryAll') {
    throw invalidJob(`InvalidJob : Invalid operation: ${operation}. Use query or queryAll`);
  }
  if (!body.query || !body.query.trim()) throw invalidJob('InvalidJob : Query is required');
  const lineEnding = body.lineEnding ?? 'LF';
  if (lineEnding !== 'LF' && lineEnding !== 'CRLF') {
    throw invalidJob(`InvalidJob : Invalid line ending: ${lineEnding}. Use LF or CRLF`);
  }
  const columnDelimiter = body.columnDelimiter ?? 'COMMA';
  if (!Object.hasOwn(COLUMN_DELIMITERS, columnDelimiter)) {
    throw invalidJob(`InvalidJob : Invalid column delimiter: ${columnDelimiter}`);
  }
  if (body.contentType !== undefined && body.contentType !== 'CSV') {
    throw invalidJob(
      `InvalidJob : Invalid content type: ${body.contentType}. Only CSV is supported`,
    );
  }
  const compiled = org.queries.compile(session, body.query, operation === 'queryAll');
  if (compiled.mode !== 'records') {
    throw invalidJob(
      'InvalidJob : Bulk API 2.0 query jobs do not support aggregate functions such as COUNT() or GROUP BY',
    );
  }
  if (compiled.offset !== null) {
    throw invalidJob('InvalidJob : Bulk API 2.0 query jobs do not support OFFSET');
  }
  // "Understanding Bulk API 2.0 Query": no TYPEOF, no parent-to-child relationship queries.
  if (compiled.columns.some((c) => c.when)) {
    throw invalidJob('InvalidJob : Bulk API 2.0 query jobs do not support TYPEOF');
  }
  if (compiled.children.length) {
    throw invalidJob(
      'InvalidJob : Bulk API 2.0 query jobs do not support parent-to-child relationship queries',
    );
  }
  const now = org.now();
  return {
    kind: 'query',
    id: org.store.nextId(KEY_PREFIX.BulkJob),
    operation,
    object: compiled.object.name,
    query: body.query,
    compiled,
    createdById: session.userId,
    createdDate: now,
    systemModstamp: now,
    state: 'UploadComplete',
    apiVersion,
    lineEnding: lineEnding as LineEnding,
    columnDelimiter: columnDelimiter as ColumnDelimiter,
    numberRecordsProcessed: 0,
    retries: 0,
    totalProcessingTime: 0,
    header: '',
    rowCount: 0,
    resultBytes: 0,
  };
}
