/**
 * Lead_Assignment_Batch__c and Lead_Assignment_Log__c records: written through the org's DML
 * engine as the calling user (so audit fields and validation are the platform's), read back as
 * the contract's AssignmentBatch and AssignmentResultRow. Batches are private: a user sees its
 * own, an admin all of them.
 */
import type { Session } from '../../auth/session.ts';
import type { DmlOperation } from '../../dml/engine.ts';
import { normalizeId } from '../../ids.ts';
import type { LocalOrg } from '../../org.ts';
import type { Row } from '../../store/store.ts';
import type {
  AssignmentBatch,
  AssignmentMethod,
  AssignmentResultRow,
  BatchStatus,
  RowStatus,
} from '../../../types/leadAssignment.d.ts';
import { BATCH_OBJECT, LOG_OBJECT } from './objects.ts';
import { isoDateTime } from './search.ts';

/** Writes records as `session`; a failure here is a bug in the twin, not the caller's input. */
export function writeRecords(
  org: LocalOrg,
  session: Session,
  operations: DmlOperation[],
): string[] {
  const results = org.dml.execute(session, operations, true, { assignmentRule: false });
  const failed = results.find((r) => !r.success);
  if (failed) {
    const error = failed.errors[0];
    throw new Error(`lead-assignment records not saved: ${error.statusCode}: ${error.message}`);
  }
  return results.map((r) => String(r.id));
}

export interface NewBatch {
  method: AssignmentMethod | 'undo';
  total: number;
  notify: boolean;
  request: string;
  undoOf: string | null;
  status: BatchStatus;
}

export function insertBatch(org: LocalOrg, session: Session, batch: NewBatch): string {
  const [id] = writeRecords(org, session, [
    {
      kind: 'insert',
      type: BATCH_OBJECT,
      values: {
        Method__c: batch.method,
        Status__c: batch.status,
        Total__c: batch.total,
        Processed__c: 0,
        Succeeded__c: 0,
        Failed__c: 0,
        Notify__c: batch.notify,
        Request__c: batch.request,
        Undo_Of__c: batch.undoOf,
      },
    },
  ]);
  return id;
}

export interface BatchProgress {
  status?: BatchStatus;
  processed?: number;
  succeeded?: number;
  failed?: number;
}

export function updateBatch(
  org: LocalOrg,
  session: Session,
  batchId: string,
  progress: BatchProgress,
): void {
  const values: Record<string, unknown> = {};
  if (progress.status !== undefined) values.Status__c = progress.status;
  if (progress.processed !== undefined) values.Processed__c = progress.processed;
  if (progress.succeeded !== undefined) values.Succeeded__c = progress.succeeded;
  if (progress.failed !== undefined) values.Failed__c = progress.failed;
  writeRecords(org, session, [{ kind: 'update', type: BATCH_OBJECT, id: batchId, values }]);
}

export interface NewLog {
  batchId: string;
  leadId: string;
  oldOwnerId: string;
  newOwnerId: string | null;
  method: AssignmentMethod | 'undo';
  reason: string;
  status: RowStatus;
  error: string | null;
  assignedById: string;
}

export function insertLogs(org: LocalOrg, session: Session, logs: NewLog[]): void {
  if (logs.length === 0) return;
  writeRecords(
    org,
    session,
    logs.map((log) => ({
      kind: 'insert',
      type: LOG_OBJECT,
      values: {
        Batch__c: log.batchId,
        Lead__c: log.leadId,
        Old_Owner_Id__c: log.oldOwnerId,
        New_Owner_Id__c: log.newOwnerId,
        Method__c: log.method,
        Reason__c: log.reason,
        Status__c: log.status,
        Error__c: log.error,
        Assigned_By__c: log.assignedById,
      },
    })),
  );
}

export function markUndone(org: LocalOrg, session: Session, logIds: string[]): void {
  writeRecords(
    org,
    session,
    logIds.map((id) => ({ kind: 'update', type: LOG_OBJECT, id, values: { Status__c: 'Undone' } })),
  );
}

const BATCH_COLUMNS = `b."Id", b."Method__c", b."Status__c", b."Total__c", b."Processed__c",
  b."Succeeded__c", b."Failed__c", b."Notify__c", b."CreatedDate", b."CreatedById", b."Undo_Of__c",
  u."Name" AS createdByName,
  EXISTS (SELECT 1 FROM "${BATCH_OBJECT}" x WHERE x."Undo_Of__c" = b."Id" AND x."IsDeleted" = 0) AS undone`;
const BATCH_FROM = `"${BATCH_OBJECT}" b LEFT JOIN "User" u ON u."Id" = b."CreatedById"`;

const FINISHED: BatchStatus[] = ['Completed', 'CompletedWithErrors'];

export function toBatch(row: Row): AssignmentBatch {
  const method = String(row.Method__c) as AssignmentBatch['method'];
  const status = String(row.Status__c) as BatchStatus;
  const succeeded = Number(row.Succeeded__c ?? 0);
  return {
    batchId: String(row.Id),
    method,
    status,
    total: Number(row.Total__c ?? 0),
    processed: Number(row.Processed__c ?? 0),
    succeeded,
    failed: Number(row.Failed__c ?? 0),
    notify: row.Notify__c === 1,
    createdDate: isoDateTime(row.CreatedDate),
    createdByName: String(row.createdByName ?? ''),
    undoOfBatchId: row.Undo_Of__c === null ? null : String(row.Undo_Of__c),
    canUndo: method !== 'undo' && row.undone !== 1 && succeeded > 0 && FINISHED.includes(status),
  };
}

/** The batch behind an Id as the session may see it, or undefined. */
export function findBatch(org: LocalOrg, session: Session, batchId: string): Row | undefined {
  const id = normalizeId(batchId.trim());
  if (!id) return undefined;
  return org.store.get(
    `SELECT ${BATCH_COLUMNS} FROM ${BATCH_FROM}
      WHERE b."Id" = ? AND b."IsDeleted" = 0 AND (? = 1 OR b."CreatedById" = ?)`,
    id,
    session.isAdmin ? 1 : 0,
    session.userId,
  );
}

/** The session user's batches, newest first. */
export function recentBatches(org: LocalOrg, session: Session, limit: number): AssignmentBatch[] {
  return org.store
    .all(
      `SELECT ${BATCH_COLUMNS} FROM ${BATCH_FROM}
        WHERE b."IsDeleted" = 0 AND b."CreatedById" = ?
        ORDER BY b."CreatedDate" DESC, b."Id" DESC LIMIT ?`,
      session.userId,
      limit,
    )
    .map(toBatch);
}

export interface LogRow {
  logId: string;
  row: AssignmentResultRow;
}

/** Log rows of a batch after `afterLogId`, in the order they were written. */
export function batchLogs(
  org: LocalOrg,
  batchId: string,
  options: { afterLogId: string | null; status: RowStatus | null; limit: number },
): LogRow[] {
  return org.store
    .all(
      `SELECT g."Id", g."Lead__c", g."Old_Owner_Id__c", g."New_Owner_Id__c", g."Status__c",
              g."Error__c", l."Name" AS leadName
         FROM "${LOG_OBJECT}" g LEFT JOIN "Lead" l ON l."Id" = g."Lead__c"
        WHERE g."Batch__c" = ? AND g."IsDeleted" = 0 AND (? IS NULL OR g."Id" > ?)
          AND (? IS NULL OR g."Status__c" = ?)
        ORDER BY g."Id" LIMIT ?`,
      batchId,
      options.afterLogId,
      options.afterLogId,
      options.status,
      options.status,
      options.limit,
    )
    .map((row) => ({
      logId: String(row.Id),
      row: {
        leadId: String(row.Lead__c ?? ''),
        leadName: String(row.leadName ?? ''),
        oldOwnerId: String(row.Old_Owner_Id__c ?? ''),
        newOwnerId: row.New_Owner_Id__c === null ? null : String(row.New_Owner_Id__c),
        status: String(row.Status__c) as RowStatus,
        error: row.Error__c === null ? null : String(row.Error__c),
      },
    }));
}

/** Batches left Queued or Processing by a server that stopped: they will never finish. */
export function failInterruptedBatches(org: LocalOrg): void {
  org.store.run(
    `UPDATE "${BATCH_OBJECT}" SET "Status__c" = CASE WHEN COALESCE("Processed__c", 0) = 0
       THEN 'Failed' ELSE 'CompletedWithErrors' END
      WHERE "Status__c" IN ('Queued', 'Processing')`,
  );
}
