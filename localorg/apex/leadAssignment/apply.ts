/**
 * applyAssignment: plans the request again (the same plan planAssignment returned), records a
 * Lead_Assignment_Batch__c, and applies the changes now (up to 200 leads: every row returned) or
 * as a background batch (status Queued, rows empty; see getBatch and getBatchResults).
 */
import type { Session } from '../../auth/session.ts';
import type { LocalOrg } from '../../org.ts';
import type { ApplyResult } from '../../../types/leadAssignment.d.ts';
import { fail } from './errors.ts';
import type { JsonObject } from './input.ts';
import { planWork } from './plan.ts';
import { findBatch, toBatch } from './records.ts';
import { runInBackground, runNow } from './runner.ts';
import type { Job } from './runner.ts';

/** Request__c holds 131,072 characters: a long selection keeps its lead count, not its Ids. */
export const REQUEST_FIELD_LENGTH = 131072;

export function requestSummary(request: JsonObject): string {
  const json = JSON.stringify(request);
  if (json.length <= REQUEST_FIELD_LENGTH) return json;
  const selection = (request.selection ?? {}) as JsonObject;
  const leadIds = Array.isArray(selection.leadIds) ? selection.leadIds : [];
  return JSON.stringify({
    ...request,
    selection: { ...selection, leadIds: null, leadCount: leadIds.length },
  }).slice(0, REQUEST_FIELD_LENGTH);
}

export function applyAssignment(
  org: LocalOrg,
  session: Session,
  request: JsonObject,
  track: (done: Promise<void>) => void,
): ApplyResult {
  const work = planWork(org, session, request);
  if (work.changes.length === 0) {
    fail('None of the selected leads can be assigned this way. Plan the assignment to see why.');
  }
  const job: Job = {
    session,
    method: work.method,
    notify: work.notify,
    assignmentRule: work.assignmentRule,
    request: requestSummary(request),
    undoOf: null,
    rows: work.changes.map((change) => ({
      leadId: change.leadId,
      leadName: change.leadName,
      oldOwnerId: change.oldOwnerId,
      newOwnerId: change.newOwnerId,
      reason: change.reason,
    })),
  };
  return runJob(org, session, job, work.plan.runsAsBatch, track);
}

/** Runs a job now or in the background and answers with its batch (and rows when run now). */
export function runJob(
  org: LocalOrg,
  session: Session,
  job: Job,
  inBackground: boolean,
  track: (done: Promise<void>) => void,
): ApplyResult {
  if (inBackground) {
    const { batchId, done } = runInBackground(org, job);
    track(done);
    return { batch: toBatch(findBatch(org, session, batchId)!), rows: [] };
  }
  const { batchId, rows } = runNow(org, job);
  return { batch: toBatch(findBatch(org, session, batchId)!), rows };
}
