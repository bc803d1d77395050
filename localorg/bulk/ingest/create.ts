/** `POST /jobs/ingest`: validates the job request and opens the job. */
import { z } from 'zod';
import type { Session } from '../../auth/session.ts';
import type { SObjectDef } from '../../catalog/index.ts';
import { KEY_PREFIX, normalizeId } from '../../ids.ts';
import type { LocalOrg } from '../../org.ts';
import { bulkError, invalidJob, parseJobBody } from '../http.ts';
import { COLUMN_DELIMITERS } from '../jobs.ts';
import type { ColumnDelimiter, IngestJob, IngestOperation, LineEnding } from '../jobs.ts';

const OPERATIONS: readonly IngestOperation[] = [
  'insert',
  'update',
  'upsert',
  'delete',
  'hardDelete',
];

const createBody = z.object({
  object: z.string().optional(),
  operation: z.string().optional(),
  externalIdFieldName: z.string().optional(),
  assignmentRuleId: z.string().optional(),
  lineEnding: z.string().optional(),
  columnDelimiter: z.string().optional(),
  contentType: z.string().optional(),
});

function objectFor(
  org: LocalOrg,
  name: string | undefined,
  operation: IngestOperation,
): SObjectDef {
  if (!name) throw invalidJob('InvalidJob : Object is required');
  const object = org.catalog.object(name);
  if (!object || !object.keyPrefix) {
    throw bulkError(404, 'NOT_FOUND', `sObject type '${name}' is not supported.`);
  }
  const allowed =
    operation === 'insert'
      ? object.createable
      : operation === 'update'
        ? object.updateable
        : operation === 'upsert'
          ? object.createable && object.updateable
          : object.deletable;
  if (!allowed) {
    throw invalidJob(
      `InvalidJob : Entity '${object.name}' is not supported by the Bulk API for ${operation}.`,
    );
  }
  return object;
}

function externalIdField(object: SObjectDef, org: LocalOrg, name: string | undefined): string {
  if (!name) {
    throw invalidJob(
      `InvalidJob : External ID was blank for ${object.name}. An External ID must be specified for upsert.`,
    );
  }
  const field = org.catalog.field(object, name);
  if (!field || !(field.type === 'id' || field.externalId || field.unique)) {
    throw invalidJob(
      `InvalidJob : Field name provided, ${name} does not match an External ID, Salesforce Id, or indexed field for ${object.name}`,
    );
  }
  return field.name;
}

function assignmentRule(
  org: LocalOrg,
  object: SObjectDef,
  raw: string | undefined,
): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const id = normalizeId(raw);
  const rule =
    id && id.startsWith(KEY_PREFIX.AssignmentRule)
      ? org.store.get('SELECT "SobjectType" FROM "AssignmentRule" WHERE "Id" = ?', id)
      : undefined;
  if (!id || !rule || rule.SobjectType !== object.name) {
    throw invalidJob(`InvalidJob : Invalid assignment rule id: ${raw}`);
  }
  return id;
}

/** A new, open ingest job for the session, validated as Salesforce validates it. */
export function newIngestJob(
  org: LocalOrg,
  session: Session,
  apiVersion: string,
  raw: unknown,
): Omit<IngestJob, 'dir'> {
  const body = parseJobBody(createBody, raw);
  const operation = OPERATIONS.find((op) => op === body.operation);
  if (!operation) {
    throw invalidJob(
      body.operation
        ? `InvalidJob : Invalid operation: ${body.operation}`
        : 'InvalidJob : Operation is required',
    );
  }
  if (operation === 'hardDelete' && !session.isAdmin) {
    throw bulkError(
      400,
      'FEATURENOTENABLED',
      'Bulk API Hard Delete permission is not enabled for this user',
    );
  }
  const object = objectFor(org, body.object, operation);
  const lineEnding = body.lineEnding ?? 'LF';
  if (lineEnding !== 'LF' && lineEnding !== 'CRLF') {
    throw invalidJob(`InvalidJob : Invalid line ending: ${lineEnding}. Use LF or CRLF`);
  }
  const columnDelimiter = body.columnDelimiter ?? 'COMMA';
  if (!Object.hasOwn(COLUMN_DELIMITERS, columnDelimiter)) {
    throw invalidJob(
      `InvalidJob : Invalid column delimiter: ${columnDelimiter}. Use ${Object.keys(COLUMN_DELIMITERS).join(', ')}`,
    );
  }
  if (body.contentType !== undefined && body.contentType !== 'CSV') {
    throw invalidJob(
      `InvalidJob : Invalid content type: ${body.contentType}. Only CSV is supported`,
    );
  }
  const now = org.now();
  const job: Omit<IngestJob, 'dir'> = {
    kind: 'ingest',
    id: org.store.nextId(KEY_PREFIX.BulkJob),
    operation,
    object: object.name,
    createdById: session.userId,
    createdDate: now,
    systemModstamp: now,
    state: 'Open',
    apiVersion,
    lineEnding: lineEnding as LineEnding,
    columnDelimiter: columnDelimiter as ColumnDelimiter,
    numberRecordsProcessed: 0,
    numberRecordsFailed: 0,
    retries: 0,
    totalProcessingTime: 0,
    apiActiveProcessingTime: 0,
    uploads: 0,
    uploading: false,
  };
  if (operation === 'upsert')
    job.externalIdFieldName = externalIdField(object, org, body.externalIdFieldName);
  const rule = assignmentRule(org, object, body.assignmentRuleId);
  if (rule) job.assignmentRuleId = rule;
  return job;
}
