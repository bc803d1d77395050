/**
 * Applies owner changes 200 leads a call: by default through sObject Collections with
 * `Sforce-Auto-Assign: FALSE` so the org's assignment rule cannot overwrite the owner we set (or
 * with a rule Id, to run that rule); or through another sender with the same per-row answers (the
 * Channel Kit Apex endpoint, for --notify). Every batch is journaled before it is sent and after
 * it returns; a batch that was sent but never recorded (a crash, kill -9) is settled by reading
 * the owners back before anything is sent again, so no row is applied twice. UNABLE_TO_LOCK_ROW
 * failures get a second pass.
 */
import type { Connection } from '@salesforce/core';
import { soqlList } from '../cli/soql.ts';
import type { Journal } from './journal.ts';
import type { OwnerChange } from './plan.ts';

export const COLLECTION_SIZE = 200;
const LOCK_ERROR = 'UNABLE_TO_LOCK_ROW';

export type { OwnerChange } from './plan.ts';

export interface ApplyResult {
  succeeded: number;
  failed: { id: string; ownerId: string; error: string }[];
}

export interface CollectionResult {
  id?: string;
  success: boolean;
  errors: { statusCode?: string; errorCode?: string; message: string; fields?: string[] }[];
}

/** Sends up to 200 owner changes; answers one result per change, in the order given. */
export type SendOwners = (changes: OwnerChange[]) => Promise<CollectionResult[]>;

/**
 * sObject Collections: `autoAssign` is the `Sforce-Auto-Assign` header, FALSE (no rule may
 * overwrite the owners) or an AssignmentRule Id (that rule picks the owners).
 */
export function collectionsSender(
  conn: Connection,
  countCall: () => void,
  autoAssign = 'FALSE',
): SendOwners {
  return async (changes) => {
    countCall();
    return conn.request<CollectionResult[]>({
      method: 'PATCH',
      url: `/services/data/v${conn.getApiVersion()}/composite/sobjects`,
      body: JSON.stringify({
        allOrNone: false,
        records: changes.map((c) => ({
          attributes: { type: 'Lead' },
          id: c.id,
          OwnerId: c.ownerId,
        })),
      }),
      headers: { 'Content-Type': 'application/json', 'Sforce-Auto-Assign': autoAssign },
    });
  };
}

const errorText = (r: CollectionResult) =>
  r.errors
    .map((e) => `${e.statusCode ?? e.errorCode}:${e.message}:${(e.fields ?? []).join(',')} --`)
    .join('; ');

/** Owners as the org has them now, for the leads of a batch whose outcome was never recorded. */
async function currentOwners(
  conn: Connection,
  ids: string[],
  countCall: () => void,
): Promise<Map<string, string>> {
  countCall();
  const result = await conn.query<{ Id: string; OwnerId: string }>(
    `SELECT Id, OwnerId FROM Lead WHERE Id IN (${soqlList(ids)})`,
  );
  return new Map(result.records.map((r) => [r.Id.substring(0, 15), r.OwnerId.substring(0, 15)]));
}

export async function applyByCollections(
  conn: Connection,
  changes: AsyncIterable<OwnerChange>,
  journal: Journal,
  phase: 'reassign' | 'undo',
  options: {
    countCall: () => void;
    onProgress?: (done: number) => void;
    /** Default: sObject Collections with Sforce-Auto-Assign FALSE. */
    send?: SendOwners;
    /**
     * After a crash: did this change land, given the lead's owner now (15 characters)? Default:
     * the lead has the owner the change set.
     */
    landed?: (change: OwnerChange, ownerNow: string | undefined) => boolean;
  },
): Promise<ApplyResult> {
  const send = options.send ?? collectionsSender(conn, options.countCall);
  const landed =
    options.landed ?? ((change, ownerNow) => ownerNow === change.ownerId.substring(0, 15));
  const recorded = journal.batches(phase);
  const result: ApplyResult = { succeeded: 0, failed: [] };
  let batch: OwnerChange[] = [];
  let index = 0;
  let done = 0;

  const settle = async (changesOfBatch: OwnerChange[], batchIndex: number) => {
    const previous = recorded.get(batchIndex);
    if (previous?.state === 'done') {
      result.succeeded += previous.succeeded.length;
      for (const [id, ownerId, error] of previous.failed)
        result.failed.push({ id, ownerId, error });
      return;
    }
    let toSend = changesOfBatch;
    const succeeded: [string, string][] = [];
    if (previous?.state === 'started') {
      const owners = await currentOwners(
        conn,
        changesOfBatch.map((c) => c.id),
        options.countCall,
      );
      toSend = changesOfBatch.filter((c) => {
        const applied = landed(c, owners.get(c.id.substring(0, 15)));
        if (applied) succeeded.push([c.id, c.ownerId]);
        return !applied;
      });
    } else {
      journal.append({
        type: 'batch',
        phase,
        index: batchIndex,
        state: 'started',
        ids: changesOfBatch.map((c) => c.id),
      });
    }
    const failed: [string, string, string][] = [];
    let pending = toSend;
    for (let pass = 0; pass < 2 && pending.length > 0; pass += 1) {
      const answers = await send(pending);
      const retry: OwnerChange[] = [];
      answers.forEach((answer, i) => {
        const change = pending[i];
        if (answer.success) succeeded.push([change.id, change.ownerId]);
        else if (
          pass === 0 &&
          answer.errors.some((e) => (e.statusCode ?? e.errorCode) === LOCK_ERROR)
        )
          retry.push(change);
        else failed.push([change.id, change.ownerId, errorText(answer)]);
      });
      pending = retry;
    }
    journal.append({ type: 'batch', phase, index: batchIndex, state: 'done', succeeded, failed });
    result.succeeded += succeeded.length;
    for (const [id, ownerId, error] of failed) result.failed.push({ id, ownerId, error });
  };

  for await (const change of changes) {
    batch.push(change);
    if (batch.length === COLLECTION_SIZE) {
      await settle(batch, index);
      index += 1;
      done += batch.length;
      options.onProgress?.(done);
      batch = [];
    }
  }
  if (batch.length > 0) {
    await settle(batch, index);
    done += batch.length;
    options.onProgress?.(done);
  }
  return result;
}
