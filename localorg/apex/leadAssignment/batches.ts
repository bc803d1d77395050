/** getBatch, getBatchResults and getRecentBatches: a batch's progress, its rows, the user's runs. */
import type { Session } from '../../auth/session.ts';
import type { LocalOrg } from '../../org.ts';
import type { Row } from '../../store/store.ts';
import type { AssignmentBatch, BatchResultsPage } from '../../../types/leadAssignment.d.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { batchNotFound } from './errors.ts';
import { booleanAt, boundedInt, stringAt } from './input.ts';
import type { JsonObject } from './input.ts';
import { LOG_OBJECT } from './objects.ts';
import { batchLogs, findBatch, recentBatches, toBatch } from './records.ts';

/** The batch a request's `batchId` names, as the session may see it, or the not-found error. */
export function readBatch(org: LocalOrg, session: Session, request: JsonObject): Row {
  const batchId = stringAt(request, 'batchId', 'batchId') ?? '';
  const row = findBatch(org, session, batchId);
  if (!row) throw batchNotFound(batchId);
  return row;
}

export function getBatch(org: LocalOrg, session: Session, request: JsonObject): AssignmentBatch {
  return toBatch(readBatch(org, session, request));
}

export function getBatchResults(
  org: LocalOrg,
  session: Session,
  request: JsonObject,
): BatchResultsPage {
  const batch = readBatch(org, session, request);
  const pageSize =
    boundedInt(request, 'pageSize', 1, 2000, 'Page size must be between 1 and 2,000.') ?? 200;
  const cursor = stringAt(request, 'cursor', 'cursor');
  const logPrefix = org.catalog.object(LOG_OBJECT)?.keyPrefix ?? '';
  const after = cursor ? decodeCursor(cursor, logPrefix).id : null;
  const failedOnly = booleanAt(request, 'failedOnly', 'failedOnly') ?? false;
  const logs = batchLogs(org, String(batch.Id), {
    afterLogId: after,
    status: failedOnly ? 'Failed' : null,
    limit: pageSize + 1,
  });
  const page = logs.slice(0, pageSize);
  const last = page.at(-1);
  return {
    rows: page.map((l) => l.row),
    nextCursor: logs.length > pageSize && last ? encodeCursor({ v: null, id: last.logId }) : null,
  };
}

export function getRecentBatches(
  org: LocalOrg,
  session: Session,
  request: JsonObject,
): AssignmentBatch[] {
  const limit = boundedInt(request, 'limit', 1, 50, 'The limit must be between 1 and 50.') ?? 10;
  return recentBatches(org, session, limit);
}
