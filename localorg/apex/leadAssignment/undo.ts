/**
 * undoBatch: gives the batch's successfully changed leads their old owners back, as a new undo
 * batch; a lead someone moved since is left alone (a Failed row says so). The undone log rows
 * become Undone and the batch can no longer be undone.
 */
import type { Session } from '../../auth/session.ts';
import type { LocalOrg } from '../../org.ts';
import type { ApplyResult } from '../../../types/leadAssignment.d.ts';
import { runJob } from './apply.ts';
import { fail } from './errors.ts';
import type { JsonObject } from './input.ts';
import { requireReassign } from './permission.ts';
import { batchLogs, toBatch } from './records.ts';
import { readBatch } from './batches.ts';
import { SYNC_LIMIT } from './plan.ts';
import type { WorkRow } from './runner.ts';

export function undoBatch(
  org: LocalOrg,
  session: Session,
  request: JsonObject,
  track: (done: Promise<void>) => void,
): ApplyResult {
  requireReassign(org.store, session);
  const row = readBatch(org, session, request);
  const batch = toBatch(row);
  if (batch.method === 'undo') fail('An undo cannot be undone: reassign the leads instead.');
  if (batch.status === 'Queued' || batch.status === 'Processing') {
    fail(`Assignment batch ${batch.batchId} is still running: undo it when it has finished.`);
  }
  if (row.undone === 1) fail(`Assignment batch ${batch.batchId} was already undone.`);
  const logs = batchLogs(org, batch.batchId, {
    afterLogId: null,
    status: 'Success',
    limit: -1,
  });
  if (logs.length === 0) {
    fail(`Assignment batch ${batch.batchId} changed no lead: there is nothing to undo.`);
  }
  const rows: WorkRow[] = logs.map(({ logId, row: log }) => ({
    leadId: log.leadId,
    leadName: log.leadName,
    oldOwnerId: log.newOwnerId ?? log.oldOwnerId,
    newOwnerId: log.oldOwnerId,
    reason: 'UNDO',
    expectOwnerId: log.newOwnerId ?? log.oldOwnerId,
    undoesLogId: logId,
  }));
  return runJob(
    org,
    session,
    {
      session,
      method: 'undo',
      notify: false,
      assignmentRule: false,
      request: JSON.stringify({ batchId: batch.batchId }),
      undoOf: batch.batchId,
      rows,
    },
    rows.length > SYNC_LIMIT,
    track,
  );
}
