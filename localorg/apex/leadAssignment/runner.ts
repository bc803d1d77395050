/**
 * Applies owner changes the way the Apex service does: in chunks of 200 through the DML engine
 * (partial success, assignment rules only when asked, the caller's sharing), one log row per lead,
 * batch counters after every chunk, and Salesforce's owner-change e-mail when notify is on.
 * Up to SYNC_LIMIT leads run inside the request; more run as a "batch" in the background, one
 * chunk per turn of the event loop, so getBatch shows the progress while it runs.
 */
import type { Session } from '../../auth/session.ts';
import type { DmlOperation } from '../../dml/engine.ts';
import { sendLeadAssignmentEmail } from '../../leadAssignmentEmail.ts';
import type { LocalOrg } from '../../org.ts';
import type {
  AssignmentMethod,
  AssignmentResultRow,
  BatchStatus,
} from '../../../types/leadAssignment.d.ts';
import { insertBatch, insertLogs, markUndone, updateBatch } from './records.ts';
import type { NewLog } from './records.ts';

/** Records per DML call, as Apex chunks a batch's scope and triggers see them. */
export const CHUNK_SIZE = 200;

export interface WorkRow {
  leadId: string;
  leadName: string;
  oldOwnerId: string;
  /** The owner to give; null lets the assignment rule choose. */
  newOwnerId: string | null;
  reason: string;
  /** Undo: the lead must still have this owner, else it is left alone. */
  expectOwnerId?: string;
  /** Undo: the log row this change reverses (marked Undone on success). */
  undoesLogId?: string;
}

export interface Job {
  session: Session;
  method: AssignmentMethod | 'undo';
  notify: boolean;
  assignmentRule: false | string;
  request: string;
  undoOf: string | null;
  rows: WorkRow[];
}

export const OWNER_CHANGED =
  'OWNER_CHANGED: the lead changed owner after this assignment, so it was left alone.';

interface Counters {
  processed: number;
  succeeded: number;
  failed: number;
}

function currentOwners(org: LocalOrg, leadIds: string[]): Map<string, string> {
  return new Map(
    org.store
      .all(
        'SELECT "Id", "OwnerId" FROM "Lead" WHERE "Id" IN (SELECT value FROM json_each(?))',
        JSON.stringify(leadIds),
      )
      .map((row) => [String(row.Id), String(row.OwnerId)]),
  );
}

/** One chunk in one transaction: owner updates, their log rows, undo marks, counters. */
function runChunk(
  org: LocalOrg,
  job: Job,
  batchId: string,
  rows: WorkRow[],
  counters: Counters,
): AssignmentResultRow[] {
  return org.store.transaction(() => {
    const before = currentOwners(
      org,
      rows.map((r) => r.leadId),
    );
    const errors = new Map<WorkRow, string>();
    const operations: DmlOperation[] = [];
    const sent: WorkRow[] = [];
    for (const row of rows) {
      if (row.expectOwnerId !== undefined && before.get(row.leadId) !== row.expectOwnerId) {
        errors.set(row, OWNER_CHANGED);
        continue;
      }
      sent.push(row);
      operations.push({
        kind: 'update',
        type: 'Lead',
        id: row.leadId,
        values: row.newOwnerId === null ? {} : { OwnerId: row.newOwnerId },
      });
    }
    const results = org.dml.execute(job.session, operations, false, {
      assignmentRule: job.assignmentRule,
      contention: true,
    });
    results.forEach((result, i) => {
      if (!result.success) {
        const [error] = result.errors;
        errors.set(sent[i], `${error.statusCode}: ${error.message}`);
      }
    });
    const after = currentOwners(
      org,
      rows.map((r) => r.leadId),
    );
    const out: AssignmentResultRow[] = [];
    const logs: NewLog[] = [];
    const undone: string[] = [];
    for (const row of rows) {
      const error = errors.get(row) ?? null;
      const ownerAfter = after.get(row.leadId) ?? before.get(row.leadId) ?? row.oldOwnerId;
      const status = error === null ? 'Success' : 'Failed';
      out.push({
        leadId: row.leadId,
        leadName: row.leadName,
        oldOwnerId: row.oldOwnerId,
        newOwnerId: ownerAfter,
        status,
        error,
      });
      logs.push({
        batchId,
        leadId: row.leadId,
        oldOwnerId: row.oldOwnerId,
        newOwnerId: ownerAfter,
        method: job.method,
        reason: row.reason,
        status,
        error,
        assignedById: job.session.userId,
      });
      if (error === null && row.undoesLogId) undone.push(row.undoesLogId);
      if (error === null && job.notify && ownerAfter !== before.get(row.leadId)) {
        sendLeadAssignmentEmail(org, row.leadId, ownerAfter);
      }
    }
    insertLogs(org, job.session, logs);
    markUndone(org, job.session, undone);
    counters.processed += rows.length;
    counters.failed += errors.size;
    counters.succeeded += rows.length - errors.size;
    updateBatch(org, job.session, batchId, { status: 'Processing', ...counters });
    return out;
  });
}

function finalStatus(counters: Counters, total: number): BatchStatus {
  if (counters.processed >= total) return 'Completed';
  return counters.processed === 0 ? 'Failed' : 'CompletedWithErrors';
}

/** Runs every chunk now; returns the batch Id and every row. */
export function runNow(org: LocalOrg, job: Job): { batchId: string; rows: AssignmentResultRow[] } {
  return org.store.transaction(() => {
    const batchId = insertBatch(org, job.session, {
      method: job.method,
      total: job.rows.length,
      notify: job.notify,
      request: job.request,
      undoOf: job.undoOf,
      status: 'Processing',
    });
    const counters: Counters = { processed: 0, succeeded: 0, failed: 0 };
    const rows: AssignmentResultRow[] = [];
    for (let i = 0; i < job.rows.length; i += CHUNK_SIZE) {
      rows.push(...runChunk(org, job, batchId, job.rows.slice(i, i + CHUNK_SIZE), counters));
    }
    updateBatch(org, job.session, batchId, { status: finalStatus(counters, job.rows.length) });
    return { batchId, rows };
  });
}

/**
 * Queues the job and returns its batch Id at once; chunks follow on later turns of the event
 * loop. `done` settles when the batch has finished (or stopped because the org closed).
 */
export function runInBackground(org: LocalOrg, job: Job): { batchId: string; done: Promise<void> } {
  const batchId = insertBatch(org, job.session, {
    method: job.method,
    total: job.rows.length,
    notify: job.notify,
    request: job.request,
    undoOf: job.undoOf,
    status: 'Queued',
  });
  const counters: Counters = { processed: 0, succeeded: 0, failed: 0 };
  const done = new Promise<void>((resolve) => {
    let next = 0;
    const step = (): void => {
      if (!org.store.db.isOpen) {
        resolve();
        return;
      }
      try {
        if (next < job.rows.length) {
          runChunk(org, job, batchId, job.rows.slice(next, next + CHUNK_SIZE), counters);
          next += CHUNK_SIZE;
          setImmediate(step);
          return;
        }
        updateBatch(org, job.session, batchId, { status: finalStatus(counters, job.rows.length) });
      } catch (error) {
        org.config.log(
          `lead-assignment batch ${batchId} stopped: ${error instanceof Error ? error.message : String(error)}`,
        );
        try {
          const status = finalStatus(counters, job.rows.length);
          if (org.store.db.isOpen) updateBatch(org, job.session, batchId, { status });
        } catch (again) {
          org.config.log(`lead-assignment batch ${batchId} left unfinished: ${String(again)}`);
        }
      }
      resolve();
    };
    setImmediate(step);
  });
  return { batchId, done };
}
