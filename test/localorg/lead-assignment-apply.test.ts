/**
 * Applying assignments through the twin over HTTP, read back through the REST API: round robin
 * is balanced and really changes owners, every lead gets a log row, a batch above 200 leads runs
 * in the background with visible progress, undo restores exactly, notify sends the owner-change
 * e-mail, assignment rules choose owners, and partner users cannot reassign.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import type {
  AssignmentBatch,
  AssignmentRequest,
  BatchResultsPage,
} from '../../types/leadAssignment.d.ts';
import { connect, queueId, FORCE_APP, startTestOrg, userOf } from '../support/org.ts';
import { call, callError } from '../support/leadAssignment.ts';

const OPEN =
  "IsConverted = false AND Status NOT IN ('Closed - Converted', 'Closed - Not Converted')";
const list = (ids: string[]) => `(${ids.map((id) => `'${id}'`).join(', ')})`;

describe('LeadAssignmentController on the local org: applying, batches and undo', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  let manager: string;
  let wingtip: string;
  let tailspin: string;

  /** Current owners, queried 200 Ids at a time (a longer URL is refused). */
  async function owners(leadIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < leadIds.length; i += 200) {
      const result = await conn.query<{ Id: string; OwnerId: string }>(
        `SELECT Id, OwnerId FROM Lead WHERE Id IN ${list(leadIds.slice(i, i + 200))}`,
      );
      for (const r of result.records) out.set(r.Id, r.OwnerId);
    }
    return out;
  }

  async function leadIds(where: string, limit: number): Promise<string[]> {
    const result = await conn.query<{ Id: string }>(
      `SELECT Id FROM Lead WHERE ${OPEN} AND ${where} ORDER BY Id LIMIT ${limit}`,
      { autoFetch: true, maxFetch: 20_000 },
    );
    return result.records.map((r) => r.Id);
  }

  before(async () => {
    org = await startTestOrg({ seed: 'demo', deploy: [FORCE_APP] });
    conn = connect(org);
    manager = userOf(org, 'channel-manager').accessToken!;
    wingtip = await queueId(conn, 'Wingtip Solutions Leads');
    tailspin = await queueId(conn, 'Tailspin Toys Leads');
  });
  after(() => org.close());

  it('round robin spreads 50 leads 25/25 over two partner queues and logs every lead', async () => {
    const ids = await leadIds("Country = 'Germany'", 50);
    const before = await owners(ids);
    const request: AssignmentRequest = {
      selection: { leadIds: ids },
      method: 'roundRobin',
      pool: [{ ownerId: wingtip }, { ownerId: tailspin }],
    };
    const plan = await call(org, 'planAssignment', request, manager);
    // Leads a queue holds now that the plan gives to the other one lower its forecast.
    const leaving = (queue: string) =>
      plan.assignments.filter((a) => before.get(a.leadId) === queue && a.newOwnerId !== queue)
        .length;
    assert.deepEqual(
      plan.owners.map((o) => [o.name, o.assigned + o.unchanged, o.loadAfter - o.loadBefore]),
      [
        ['Wingtip Solutions Leads', 25, 25 - plan.owners[0].unchanged - leaving(wingtip)],
        ['Tailspin Toys Leads', 25, 25 - plan.owners[1].unchanged - leaving(tailspin)],
      ],
    );
    const changes = plan.assignments.filter((a) => a.reason !== 'UNCHANGED');
    assert.equal(plan.toChange, changes.length);
    assert.equal(plan.toChange + plan.unchanged, 50);
    assert.equal(plan.runsAsBatch, false);
    const openOf = async (queue: string) =>
      (await conn.query(`SELECT Id FROM Lead WHERE ${OPEN} AND OwnerId = '${queue}'`)).totalSize;
    assert.deepEqual(
      [await openOf(wingtip), await openOf(tailspin)],
      plan.owners.map((o) => o.loadBefore),
    );
    const applied = await call(org, 'applyAssignment', request, manager);
    assert.equal(applied.batch.status, 'Completed');
    assert.deepEqual(
      [applied.batch.total, applied.batch.processed, applied.batch.succeeded, applied.batch.failed],
      [changes.length, changes.length, changes.length, 0],
    );
    assert.equal(applied.unchanged, plan.unchanged);
    assert.deepEqual(
      applied.rows.map((r) => [r.leadId, r.newOwnerId]),
      changes.map((a) => [a.leadId, a.newOwnerId]),
      'applied exactly the changes of the plan',
    );
    // The forecast is the result: each queue's open leads now are its planned load after.
    assert.deepEqual(
      [await openOf(wingtip), await openOf(tailspin)],
      plan.owners.map((o) => o.loadAfter),
    );
    const after = await owners(ids);
    const counts = [wingtip, tailspin].map((q) => ids.filter((id) => after.get(id) === q).length);
    assert.deepEqual(counts, [25, 25]);
    const logs = await conn.query<{
      Lead__c: string;
      Old_Owner_Id__c: string;
      New_Owner_Id__c: string;
      Status__c: string;
      Reason__c: string;
      Method__c: string;
    }>(
      `SELECT Lead__c, Old_Owner_Id__c, New_Owner_Id__c, Status__c, Reason__c, Method__c
         FROM Lead_Assignment_Log__c WHERE Batch__c = '${applied.batch.batchId}'`,
    );
    assert.equal(logs.totalSize, changes.length);
    for (const log of logs.records) {
      assert.equal(log.Old_Owner_Id__c, before.get(log.Lead__c));
      assert.equal(log.New_Owner_Id__c, after.get(log.Lead__c));
      assert.deepEqual(
        [log.Status__c, log.Reason__c, log.Method__c],
        ['Success', 'ROUND_ROBIN', 'roundRobin'],
      );
    }
  });

  it('runs more than 200 leads as a background batch whose progress getBatch shows', async () => {
    const request: AssignmentRequest = {
      selection: { filters: { countries: ['United States'], includeClosed: true } },
      method: 'leastLoaded',
      pool: [{ ownerId: wingtip }, { ownerId: tailspin, cap: 700 }],
    };
    const plan = await call(org, 'planAssignment', request, manager);
    assert.ok(plan.total > 1000, `${plan.total} leads`);
    assert.equal(plan.runsAsBatch, true);
    assert.equal(plan.assignments.length, Math.min(plan.total, 2000));
    const applied = await call(org, 'applyAssignment', request, manager);
    assert.equal(applied.batch.status, 'Queued');
    assert.deepEqual(applied.rows, []);
    const seen: AssignmentBatch[] = [];
    let batch = applied.batch;
    const deadline = Date.now() + 60_000;
    while (batch.status === 'Queued' || batch.status === 'Processing') {
      assert.ok(Date.now() < deadline, `batch still ${batch.status} after 60 s`);
      batch = await call(org, 'getBatch', { batchId: applied.batch.batchId }, manager);
      seen.push(batch);
    }
    assert.equal(batch.status, 'Completed');
    assert.deepEqual(
      [batch.total, batch.processed, batch.succeeded, batch.failed],
      [plan.toChange, plan.toChange, plan.toChange, 0],
    );
    assert.equal(plan.toChange + plan.unchanged, plan.total);
    assert.ok(
      seen.some((b) => b.status === 'Processing' && b.processed > 0 && b.processed < b.total),
      `progress seen: ${seen.map((b) => b.processed).join(', ')}`,
    );
    const processed = seen.map((b) => b.processed);
    assert.deepEqual(
      processed,
      [...processed].sort((a, b) => a - b),
    );

    const rows: BatchResultsPage['rows'] = [];
    let cursor: string | null = null;
    do {
      const page: BatchResultsPage = await call(
        org,
        'getBatchResults',
        { batchId: batch.batchId, pageSize: 400, cursor },
        manager,
      );
      rows.push(...page.rows);
      cursor = page.nextCursor ?? null;
    } while (cursor);
    assert.equal(new Set(rows.map((r) => r.leadId)).size, plan.toChange);
    const after = await owners(rows.map((r) => r.leadId));
    assert.ok(rows.every((r) => r.status === 'Success' && after.get(r.leadId) === r.newOwnerId));
    // Each owner gained exactly the leads the plan gave it, and least loaded with a cap spread
    // them as it should: Tailspin's open leads and what it gained fill its cap of 700 exactly
    // (a cap counts what an owner gains), the rest went to Wingtip.
    const planned = (ownerId: string) => plan.owners.find((o) => o.ownerId === ownerId)!;
    const gained = (ownerId: string) => rows.filter((r) => r.newOwnerId === ownerId).length;
    assert.deepEqual(
      [gained(wingtip), gained(tailspin)],
      [planned(wingtip).assigned, planned(tailspin).assigned],
    );
    assert.equal(gained(wingtip) + gained(tailspin), plan.toChange);
    assert.equal(planned(tailspin).loadBefore + planned(tailspin).assigned, 700);
    const failed = await call(
      org,
      'getBatchResults',
      { batchId: batch.batchId, failedOnly: true },
      manager,
    );
    // Lightning leaves the null nextCursor out.
    assert.deepEqual(failed, { rows: [] });
  });

  it('undo restores exactly the leads the batch changed and leaves moved leads alone', async () => {
    const ids = await leadIds("Country = 'France'", 12);
    const before = await owners(ids);
    const applied = await call(
      org,
      'applyAssignment',
      { selection: { leadIds: ids }, method: 'queue', pool: [{ ownerId: wingtip }] },
      manager,
    );
    assert.equal(applied.batch.succeeded, 12);
    const moved = ids[3];
    await conn
      .sobject('Lead')
      .update({ Id: moved, OwnerId: tailspin }, { headers: { 'Sforce-Auto-Assign': 'FALSE' } });
    const undone = await call(org, 'undoBatch', { batchId: applied.batch.batchId }, manager);
    assert.equal(undone.batch.method, 'undo');
    assert.equal(undone.batch.undoOfBatchId, applied.batch.batchId);
    assert.deepEqual([undone.batch.succeeded, undone.batch.failed], [11, 1]);
    const skipped = undone.rows.find((r) => r.leadId === moved);
    assert.equal(skipped?.status, 'Failed');
    assert.match(skipped?.error ?? '', /^OWNER_CHANGED: /);
    const after = await owners(ids);
    for (const id of ids) assert.equal(after.get(id), id === moved ? tailspin : before.get(id));

    const original = await call(org, 'getBatch', { batchId: applied.batch.batchId }, manager);
    assert.equal(original.canUndo, false);
    assert.equal(undone.batch.canUndo, false);
    const statuses = await conn.query<{ Status__c: string; Lead__c: string }>(
      `SELECT Status__c, Lead__c FROM Lead_Assignment_Log__c WHERE Batch__c = '${applied.batch.batchId}'`,
    );
    for (const log of statuses.records) {
      assert.equal(log.Status__c, log.Lead__c === moved ? 'Success' : 'Undone');
    }
    assert.equal(
      await callError(org, 'undoBatch', { batchId: applied.batch.batchId }, manager),
      `Assignment batch ${applied.batch.batchId} was already undone.`,
    );
  });

  it('sends the owner-change e-mail only when notify is on', async () => {
    const partner = userOf(org, 'partner');
    const ids = await leadIds("Country = 'Spain'", 6);
    const sent = org.outbox().length;
    const base = { method: 'owner' as const, pool: [{ ownerId: partner.userId }] };
    await call(
      org,
      'applyAssignment',
      { ...base, selection: { leadIds: ids.slice(0, 3) } },
      manager,
    );
    assert.equal(org.outbox().length, sent);
    await call(
      org,
      'applyAssignment',
      { ...base, selection: { leadIds: ids.slice(3) }, notify: true },
      manager,
    );
    const messages = org.outbox().slice(sent);
    assert.equal(messages.length, 3);
    for (const message of messages) {
      assert.equal(message.toUserId, partner.userId);
      assert.equal(message.subject, 'Lead transferred to you.');
    }
    const names = await conn.query<{ Name: string }>(
      `SELECT Name FROM Lead WHERE Id IN ${list(ids.slice(3))}`,
    );
    for (const lead of names.records) {
      assert.ok(
        messages.some((m) => m.body.includes(lead.Name)),
        lead.Name,
      );
    }
  });

  it('lets the assignment rule choose the owners', async () => {
    const ids = await leadIds("Country = 'Japan'", 5);
    await conn.sobject('Lead').update(
      ids.map((Id) => ({ Id, OwnerId: wingtip })),
      { headers: { 'Sforce-Auto-Assign': 'FALSE' } },
    );
    const request: AssignmentRequest = { selection: { leadIds: ids }, method: 'assignmentRule' };
    const plan = await call(org, 'planAssignment', request, manager);
    assert.ok(
      plan.assignments.every((a) => a.newOwnerId == null && a.reason === 'ASSIGNMENT_RULE'),
    );
    const applied = await call(org, 'applyAssignment', request, manager);
    const apac = await queueId(conn, 'APAC Partner Pool');
    assert.ok(applied.rows.every((r) => r.status === 'Success' && r.newOwnerId === apac));
    assert.ok([...(await owners(ids)).values()].every((owner) => owner === apac));
  });

  it('keeps batches to their creator and refuses partner users', async () => {
    const mine = await call(org, 'getRecentBatches', { limit: 50 }, manager);
    assert.ok(mine.length >= 5);
    const times = mine.map((b) => b.createdDate);
    assert.deepEqual(times, [...times].sort().reverse());
    const other = org.users.filter((u) => u.kind === 'channel-manager')[1].accessToken!;
    assert.deepEqual(await call(org, 'getRecentBatches', {}, other), []);
    assert.equal(
      await callError(org, 'getBatch', { batchId: mine[0].batchId }, other),
      `Assignment batch ${mine[0].batchId} was not found.`,
    );
    const partner = userOf(org, 'partner').accessToken!;
    const ids = await leadIds("Country = 'India'", 2);
    const request = { selection: { leadIds: ids }, method: 'owner', pool: [{ ownerId: wingtip }] };
    // A partner user has no access to the controller class: the platform refuses every call.
    const refusal = "You do not have access to the Apex class named 'LeadAssignmentController'.";
    const noAccess = 'System.NoAccessException';
    assert.equal(await callError(org, 'planAssignment', request, partner, noAccess), refusal);
    assert.equal(await callError(org, 'applyAssignment', request, partner, noAccess), refusal);
    assert.equal(
      await callError(org, 'undoBatch', { batchId: mine[0].batchId }, partner, noAccess),
      refusal,
    );
  });
});
