/**
 * The lead-assignment console in a real browser (Debian's Chromium through playwright-core),
 * built by preview/build.ts and served by an in-process local org on demo data. As the channel
 * manager: filter, select 50 leads, round robin them across two partner queues, check the
 * preview, apply, undo, each step confirmed through the local org's REST query API. The local org
 * runs the package's Apex (force-app is deployed at start). As a partner user: the console is
 * refused, since partners have no access to its Apex class.
 * Screenshots of every step go to test-artifacts/browser/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page, Response } from 'playwright-core';
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { PROJECT_ROOT, ensurePreviewBuilt } from '../../preview/freshness.ts';
import type {
  ApplyResult,
  AssignmentPlan,
  AssignmentRequest,
  LeadPage,
  LeadSearchRequest,
} from '../../types/leadAssignment.d.ts';
import { FORCE_APP, connect, queueId, startTestOrg } from '../support/org.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(PROJECT_ROOT, 'test-artifacts', 'browser');
const QUEUES = ['Wingtip Solutions Leads', 'Tailspin Toys Leads'];
const STEP_MS = 20_000;

let org: RunningLocalOrg;
let admin: Connection;
let context: BrowserContext;
let page: Page;
let profile: string;
const pageErrors: string[] = [];
const consoleLines: string[] = [];
const screenshots: string[] = [];
const timings: Record<string, number> = {};

let lastShot = Date.now();

/** A screenshot of a step, and the time the step took. */
async function shot(name: string): Promise<void> {
  timings[name] = Date.now() - lastShot;
  lastShot = Date.now();
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  screenshots.push(path);
}

/** The next call to a controller method the page makes while `action` runs: status and JSON answer. */
async function callOf<T>(
  method: string,
  action: () => Promise<void>,
): Promise<{ status: number; body: T }> {
  const [response] = await Promise.all([
    page.waitForResponse((r: Response) => r.url().endsWith(`/LeadAssignmentController/${method}`), {
      timeout: STEP_MS,
    }),
    action(),
  ]);
  return { status: response.status(), body: (await response.json()) as T };
}

/** The answer of a call that must succeed. */
async function answerOf<T>(method: string, action: () => Promise<void>): Promise<T> {
  const { status, body } = await callOf<T>(method, action);
  assert.equal(status, 200, `${method}: ${JSON.stringify(body)}`);
  return body;
}

/** Polls a condition (synthetic shadow hides components' insides from in-page queries). */
async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + STEP_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function choose(dataId: string, value: string): Promise<void> {
  await page.click(`lightning-combobox[data-id="${dataId}"] button`);
  await page.click(
    `lightning-combobox[data-id="${dataId}"] [role="option"][data-value="${value}"]`,
  );
}

async function owners(ids: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  // 200 Ids a query: a thousand would make the GET's URL too long.
  for (let start = 0; start < ids.length; start += 200) {
    const quoted = ids
      .slice(start, start + 200)
      .map((id) => `'${id}'`)
      .join(',');
    const result = await admin.query<{ Id: string; OwnerId: string }>(
      `SELECT Id, OwnerId FROM Lead WHERE Id IN (${quoted})`,
    );
    for (const r of result.records) found.set(r.Id, r.OwnerId);
  }
  return found;
}

function countBy(values: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

before(async () => {
  const started = Date.now();
  await ensurePreviewBuilt({ log: (line) => process.stderr.write(`${line}\n`) });
  timings.build = Date.now() - started;
  // Batch Apex chunks paced as on a real org, so the console's progress bar can be seen moving.
  org = await startTestOrg({ deploy: [FORCE_APP], batchPhaseMs: 1000 });
  admin = connect(org);
  mkdirSync(ARTIFACTS, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), 'channelkit-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => consoleLines.push(message.text()));
});

after(async () => {
  await context?.close();
  await org?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  process.stdout.write(
    `Screenshots:\n${screenshots.map((p) => `  ${p}`).join('\n')}\n` +
      `Timings (ms): ${JSON.stringify(timings)}\n`,
  );
});

test('a channel manager round-robins 50 leads across two partner queues, then undoes it', async () => {
  const queueIds = await Promise.all(QUEUES.map((name) => queueId(admin, name)));

  // Opens on the console, logged in as the channel manager.
  let started = Date.now();
  lastShot = started;
  await page.goto(`${org.url}/`);
  await page.waitForSelector('[data-id="lead-table"] tbody tr', { timeout: STEP_MS });
  timings.pageReady = Date.now() - started;
  assert.equal(await page.textContent('h1'), 'Channel Kit (local preview)');
  assert.match(
    await page.innerText('[data-id="persona-summary"]'),
    /maya\.chen@channelkit\.localorg/,
  );
  assert.equal(
    await page.getAttribute('[data-id="persona-channel-manager"]', 'aria-pressed'),
    'true',
  );
  await shot('01-manager-console');

  // Filter: German leads nobody outside is working (so every one of them changes owner).
  await answerOf<LeadPage>('searchLeads', () => choose('filter-country', 'Germany'));
  const filtered = await answerOf<LeadPage>('searchLeads', () =>
    choose('filter-owner-kind', 'unassigned'),
  );
  assert.ok(filtered.totalCount > 50, `only ${filtered.totalCount} leads match`);
  assert.ok(filtered.rows.every((r) => r.country === 'Germany'));
  await until(
    async () =>
      (await page.locator('[data-id="lead-table"] tbody tr').count()) === filtered.rows.length,
    'the table to show the filtered leads',
  );
  await shot('02-filtered');

  // Select the 50 loaded rows; round robin across the two partner queues.
  assert.equal(await page.innerText('[data-id="select-page"]'), 'Select the 50 loaded');
  await page.click('[data-id="select-page"] button');
  await page
    .locator('[data-id="selection-summary"]', { hasText: '50 leads selected.' })
    .waitFor({ timeout: STEP_MS });
  await choose('method-picker', 'roundRobin');
  for (const id of queueIds) {
    // The SLDS checkbox input is visually hidden: click its label, as a person would.
    const input = page.locator(`input[data-id="pool-option"][data-owner-id="${id}"]`);
    await page.click(`label[for="${await input.getAttribute('id')}"]`);
    assert.equal(await input.isChecked(), true);
  }
  await shot('03-selected-and-pool');

  // The preview: 25 and 25.
  let request: AssignmentRequest | null = null;
  page.once('request', (r) => {
    if (r.url().endsWith('/planAssignment')) {
      request = (r.postDataJSON() as { request: AssignmentRequest }).request;
    }
  });
  const plan = await answerOf<AssignmentPlan>('planAssignment', () =>
    page.click('[data-id="preview-button"] button'),
  );
  assert.ok(request);
  const sent = request as AssignmentRequest;
  assert.equal(sent.method, 'roundRobin');
  assert.deepEqual(sent.pool?.map((m) => m.ownerId).sort(), [...queueIds].sort());
  assert.equal(sent.selection.leadIds?.length, 50);
  assert.equal(plan.total, 50);
  assert.deepEqual(plan.unplaced, []);
  const leadIds = plan.assignments.map((a) => a.leadId);
  const before = await owners(leadIds);
  assert.equal(before.size, 50);
  for (const a of plan.assignments) assert.equal(before.get(a.leadId), a.oldOwnerId);
  await page.waitForSelector('[data-id="preview-owners"] tbody tr');
  for (const name of QUEUES) {
    const row = page.locator('[data-id="preview-owners"] tbody tr', { hasText: name });
    const cells = (await row.locator('td, th').allInnerTexts()).map((t) => t.trim());
    assert.ok(cells.includes('25'), `${name}: ${cells.join(' | ')}`);
  }
  await shot('04-preview');

  // Apply: the results, a toast, and the owners in the org.
  started = Date.now();
  const applied = await answerOf<ApplyResult>('applyAssignment', () =>
    page.click('[data-id="apply-button"] button'),
  );
  await page.waitForSelector('[data-id="results-summary"]', { timeout: STEP_MS });
  timings.apply = Date.now() - started;
  assert.equal(applied.batch.succeeded, 50);
  assert.match(await page.innerText('[data-id="results-summary"]'), /50 of 50 leads reassigned/);
  await page.waitForSelector('[data-id="toast"][data-variant="success"]');
  await shot('05-applied');
  const afterApply = await owners(leadIds);
  assert.deepEqual([...countBy(afterApply.values())].sort(), queueIds.map((id) => [id, 25]).sort());
  for (const id of leadIds) assert.notEqual(afterApply.get(id), before.get(id));
  // The list is read again, not served from a cache: the moved leads are no longer unassigned.
  await until(async () => {
    const keys = await page
      .locator('[data-id="lead-table"] tbody tr[data-row-key-value]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-key-value')));
    return keys.length > 0 && keys.every((key) => !leadIds.includes(String(key)));
  }, 'the list to drop the leads that now belong to partner queues');

  // Undo: every lead back with its old owner.
  const undone = await answerOf<ApplyResult>('undoBatch', () =>
    page.click('[data-id="undo-button"] button'),
  );
  assert.equal(undone.batch.method, 'undo');
  await page
    .locator('[data-id="results-summary"]', { hasText: 'returned to their previous owners' })
    .waitFor({ timeout: STEP_MS });
  await shot('06-undone');
  assert.deepEqual(await owners(leadIds), before);
  assert.deepEqual(pageErrors, []);
});

test('the forecast counts only real changes and equals the result when some leads already have their planned queue', async () => {
  const queueIds = await Promise.all(QUEUES.map((name) => queueId(admin, name)));
  lastShot = Date.now();
  await page.goto(`${org.url}/`);
  await page.waitForSelector('[data-id="lead-table"] tbody tr', { timeout: STEP_MS });
  await answerOf<LeadPage>('searchLeads', () => choose('filter-country', 'Germany'));
  await answerOf<LeadPage>('searchLeads', () => choose('filter-owner-kind', 'unassigned'));
  await page.click('[data-id="select-page"] button');
  await page
    .locator('[data-id="selection-summary"]', { hasText: '50 leads selected.' })
    .waitFor({ timeout: STEP_MS });
  await choose('method-picker', 'roundRobin');
  for (const id of queueIds) {
    const input = page.locator(`input[data-id="pool-option"][data-owner-id="${id}"]`);
    await page.click(`label[for="${await input.getAttribute('id')}"]`);
  }
  const first = await answerOf<AssignmentPlan>('planAssignment', () =>
    page.click('[data-id="preview-button"] button'),
  );
  assert.equal(first.unchanged, 0);
  const leadIds = first.assignments.map((a) => a.leadId);
  const original = await owners(leadIds);

  // Someone else moves ten of the selected leads to the queue the plan gives them.
  const kept = first.assignments.slice(0, 10);
  for (const a of kept) {
    await admin
      .sobject('Lead')
      .update(
        { Id: a.leadId, OwnerId: a.newOwnerId },
        { headers: { 'Sforce-Auto-Assign': 'FALSE' } },
      );
  }
  const openOf = async (queue: string) =>
    (
      await admin.query(
        `SELECT Id FROM Lead WHERE IsConverted = false AND Status NOT IN ('Closed - Converted', 'Closed - Not Converted') AND OwnerId = '${queue}'`,
      )
    ).totalSize;
  const loadsBefore = [await openOf(queueIds[0]), await openOf(queueIds[1])];

  await page.click('[data-id="preview-cancel"] button');
  const plan = await answerOf<AssignmentPlan>('planAssignment', () =>
    page.click('[data-id="preview-button"] button'),
  );
  assert.deepEqual([plan.total, plan.toChange, plan.unchanged], [50, 40, 10]);
  assert.deepEqual(
    plan.assignments.filter((a) => a.reason === 'UNCHANGED').map((a) => a.leadId),
    kept.map((a) => a.leadId),
  );
  const byId = new Map(plan.owners.map((o) => [o.ownerId, o]));
  assert.deepEqual(
    queueIds.map((id) => byId.get(id)!.loadBefore),
    loadsBefore,
  );
  for (const id of queueIds) {
    const o = byId.get(id)!;
    assert.equal(o.assigned + o.unchanged, 25);
    assert.equal(o.loadAfter, o.loadBefore + o.assigned);
  }
  await page
    .locator('[data-id="preview-summary"]', {
      hasText: '40 leads will go to 2 owners; 10 leads already have the planned owner',
    })
    .waitFor({ timeout: STEP_MS });
  for (const name of QUEUES) {
    const o = plan.owners.find((owner) => owner.name === name)!;
    const row = page.locator('[data-id="preview-owners"] tbody tr', { hasText: name });
    const cells = (await row.locator('td, th').allInnerTexts()).map((t) => t.trim());
    assert.ok(cells.includes(`${o.loadBefore} → ${o.loadAfter}`), `${name}: ${cells.join(' | ')}`);
  }
  assert.equal(await page.innerText('[data-id="apply-button"]'), 'Apply to 40 leads');
  await shot('08-forecast-with-unchanged');

  const applied = await answerOf<ApplyResult>('applyAssignment', () =>
    page.click('[data-id="apply-button"] button'),
  );
  assert.deepEqual([applied.batch.total, applied.batch.succeeded, applied.unchanged], [40, 40, 10]);
  await page
    .locator('[data-id="results-summary"]', {
      hasText:
        '40 of 40 leads reassigned. 10 leads already had the planned owner and were left alone.',
    })
    .waitFor({ timeout: STEP_MS });
  await shot('09-result-equals-forecast');
  // The forecast is the result, read back through the REST API.
  assert.deepEqual(
    [await openOf(queueIds[0]), await openOf(queueIds[1])],
    queueIds.map((id) => byId.get(id)!.loadAfter),
  );

  // Undo puts back the forty; the ten someone else moved stay, and are put back here.
  await answerOf<ApplyResult>('undoBatch', () => page.click('[data-id="undo-button"] button'));
  const afterUndo = await owners(leadIds);
  for (const id of leadIds) {
    const wasKept = kept.some((a) => a.leadId === id);
    assert.equal(
      afterUndo.get(id),
      wasKept ? plan.assignments.find((a) => a.leadId === id)!.newOwnerId : original.get(id),
    );
  }
  for (const a of kept) {
    await admin
      .sobject('Lead')
      .update(
        { Id: a.leadId, OwnerId: original.get(a.leadId) },
        { headers: { 'Sforce-Auto-Assign': 'FALSE' } },
      );
  }
  assert.deepEqual(await owners(leadIds), original);
  assert.deepEqual(pageErrors, []);
});

test('a channel manager filters by one owner with the lookup, and sees a queue two partners share flagged', async () => {
  // A Tailspin partner joins the Wingtip queue: two partner accounts now share it.
  const wingtip = await queueId(admin, 'Wingtip Solutions Leads');
  const tailspin = await admin.query<{ Id: string }>(
    "SELECT Id FROM User WHERE UserType = 'PowerPartner' AND IsActive = true AND Contact.Account.Name = 'Tailspin Toys' ORDER BY Username LIMIT 1",
  );
  const membership = await admin
    .sobject('GroupMember')
    .create({ GroupId: wingtip, UserOrGroupId: tailspin.records[0].Id });
  assert.ok(membership.success);
  const pool = await queueId(admin, 'EMEA Partner Pool');
  const poolLeads = (
    await admin.query(
      `SELECT Id FROM Lead WHERE IsConverted = false AND Status NOT IN ('Closed - Converted', 'Closed - Not Converted') AND OwnerId = '${pool}'`,
    )
  ).totalSize;
  assert.ok(poolLeads > 0);

  lastShot = Date.now();
  await page.goto(`${org.url}/`);
  await page.waitForSelector('[data-id="lead-table"] tbody tr', { timeout: STEP_MS });

  // Type part of the owner's name, choose it with the keyboard: only its open leads are listed.
  const found = await answerOf<{ id: string; name: string }[]>('getOwnerCandidates', () =>
    page.fill('input[data-id="owner-lookup-input"]', 'EMEA Partner'),
  );
  assert.deepEqual(
    found.map((o) => o.name),
    ['EMEA Partner Pool'],
  );
  const input = page.locator('input[data-id="owner-lookup-input"]');
  await page.locator('[data-id="owner-lookup-option"]', { hasText: 'EMEA Partner Pool' }).waitFor({
    timeout: STEP_MS,
  });
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('ArrowDown');
  const active = await input.getAttribute('aria-activedescendant');
  assert.ok(active);
  assert.equal(await page.getAttribute(`[id="${active}"]`, 'aria-selected'), 'true');
  await shot('08-owner-lookup');
  let sent: LeadSearchRequest | null = null;
  page.once('request', (r) => {
    if (r.url().endsWith('/searchLeads')) {
      sent = (r.postDataJSON() as { request: LeadSearchRequest }).request;
    }
  });
  const listed = await answerOf<LeadPage>('searchLeads', () => page.keyboard.press('Enter'));
  assert.equal(sent!.filters.ownerId, pool);
  assert.equal(listed.totalCount, poolLeads);
  assert.ok(listed.rows.every((row) => row.ownerId === pool));
  await page
    .locator('[data-id="lead-count"]', { hasText: `${poolLeads.toLocaleString('en-US')} leads` })
    .waitFor({ timeout: STEP_MS });
  assert.equal(
    await page.innerText('[data-id="owner-lookup-pill"] .slds-pill__label'),
    'EMEA Partner Pool',
  );
  assert.equal((await page.innerText('[data-id="owner-lookup-message"]')).trim(), '');
  await shot('09-filtered-by-owner');

  // The owner list flags the queue the two partners share, and says why.
  const row = page.locator(`[data-id="pool-row"][data-owner-id="${wingtip}"]`);
  assert.equal(await row.locator('[data-id="pool-shared"]').innerText(), 'Shared queue');
  assert.equal(
    (await row.locator('[data-id="pool-shared-text"]').innerText()).trim(),
    "Shared by Tailspin Toys and Wingtip Solutions: each partner sees the other's leads. Keep one partner account per queue.",
  );
  await row.scrollIntoViewIfNeeded();
  await shot('10-shared-queue-flagged');

  // Removing the pill lists every owner's leads again.
  const all = await answerOf<LeadPage>('searchLeads', () =>
    page.click('[data-id="owner-lookup-pill"] .slds-pill__remove button'),
  );
  assert.ok(all.totalCount > poolLeads);
  await input.waitFor({ timeout: STEP_MS });
  await admin.sobject('GroupMember').destroy(membership.id!);
  assert.deepEqual(pageErrors, []);
});

test('the Batches view lists past batches newest first, opens one, and undoes an older batch whose leads partly moved', async () => {
  const queueIds = await Promise.all(QUEUES.map((name) => queueId(admin, name)));
  lastShot = Date.now();
  await page.goto(`${org.url}/`);
  await page.waitForSelector('[data-id="lead-table"] tbody tr', { timeout: STEP_MS });
  await answerOf<LeadPage>('searchLeads', () => choose('filter-country', 'Germany'));
  await answerOf<LeadPage>('searchLeads', () => choose('filter-owner-kind', 'unassigned'));
  await choose('method-picker', 'roundRobin');
  for (const id of queueIds) {
    const input = page.locator(`input[data-id="pool-option"][data-owner-id="${id}"]`);
    await page.click(`label[for="${await input.getAttribute('id')}"]`);
  }

  /** Round-robins the loaded leads across the two queues; the batch and the old owners. */
  async function assignLoaded(): Promise<{ batchId: string; before: Map<string, string> }> {
    await page.click('[data-id="select-page"] button');
    const plan = await answerOf<AssignmentPlan>('planAssignment', () =>
      page.click('[data-id="preview-button"] button'),
    );
    const leadIds = plan.assignments.map((a) => a.leadId);
    const before = await owners(leadIds);
    const [applied, relisted] = await Promise.all([
      answerOf<ApplyResult>('applyAssignment', () => page.click('[data-id="apply-button"] button')),
      answerOf<LeadPage>('searchLeads', async () => {}),
    ]);
    assert.equal(applied.batch.succeeded, leadIds.length);
    assert.ok(relisted.rows.every((row) => !leadIds.includes(row.id)));
    await until(
      async () =>
        (await page.locator('[data-id="lead-table"] tbody tr').count()) === relisted.rows.length,
      'the list to drop the assigned leads',
    );
    return { batchId: applied.batch.batchId, before };
  }
  const older = await assignLoaded();
  assert.equal(older.before.size, 50);
  // The newer batch takes the German leads left unassigned (fewer than 50).
  const newer = await assignLoaded();
  assert.ok(newer.before.size > 0);

  // Someone moves five of the older batch's leads on to the other queue.
  const olderIds = [...older.before.keys()];
  const placed = await owners(olderIds);
  const moved = olderIds.slice(0, 5);
  for (const id of moved) {
    const other = queueIds.find((queue) => queue !== placed.get(id))!;
    await admin
      .sobject('Lead')
      .update({ Id: id, OwnerId: other }, { headers: { 'Sforce-Auto-Assign': 'FALSE' } });
  }
  const movedTo = await owners(moved);

  // The Batches view: the newer batch first, then the older one, each undoable.
  await answerOf('getBatchHistory', () => page.click('[data-id="history-toggle"] button'));
  await page.waitForSelector('[data-id="history-row"]', { timeout: STEP_MS });
  const listed = await page
    .locator('[data-id="history-row"]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-batch-id')));
  assert.deepEqual(listed.slice(0, 2), [newer.batchId, older.batchId]);
  const olderRow = page.locator(`[data-id="history-row"][data-batch-id="${older.batchId}"]`);
  assert.equal(await olderRow.locator('[data-id="history-method"]').innerText(), 'Round robin');
  assert.equal(
    await olderRow.locator('[data-id="history-summary"]').innerText(),
    '50 of 50 leads reassigned.',
  );
  assert.equal(await olderRow.locator('[data-id="history-undo"]').count(), 1);
  await page.locator('[data-id="history"]').scrollIntoViewIfNeeded();
  await shot('11-batches');

  // Opened: its 50 results, and that 45 of its leads are still where it put them.
  await answerOf('getUndoCheck', () => olderRow.locator('[data-id="history-open"] button').click());
  await page
    .locator('[data-id="batch-detail-check"]', {
      hasText:
        '45 leads are still where this batch put them; an undo returns them to the previous owner. 5 leads moved since; an undo leaves them where they are and reports them.',
    })
    .waitFor({ timeout: STEP_MS });
  await until(
    async () => (await page.locator('[data-id="batch-detail-rows"] tbody tr').count()) === 50,
    'the 50 results of the opened batch',
  );
  await shot('12-batch-opened');

  // Undo the older batch: 45 go back, the 5 moved are reported and left where they are.
  const undone = await answerOf<ApplyResult>('undoBatch', () =>
    page.click('[data-id="batch-detail-undo"] button'),
  );
  assert.equal(undone.batch.undoOfBatchId, older.batchId);
  assert.deepEqual([undone.batch.succeeded, undone.batch.failed], [45, 5]);
  await page
    .locator('[data-id="results-summary"]', {
      hasText: '45 of 50 leads returned to their previous owners; 5 failed.',
    })
    .waitFor({ timeout: STEP_MS });
  await until(
    async () => (await page.locator('[data-id="results-failures"] tbody tr').count()) === 5,
    'the five moved leads listed as failed',
  );
  assert.match(
    await page.innerText('[data-id="results-failures"]'),
    /OWNER_CHANGED: Someone changed the owner since/,
  );
  await page
    .locator('[data-id="batch-detail-check"]', { hasText: 'This batch was undone.' })
    .waitFor({ timeout: STEP_MS });
  await page.locator('[data-id="results"]').scrollIntoViewIfNeeded();
  await shot('13-older-batch-undone');
  const afterUndo = await owners(olderIds);
  for (const id of olderIds) {
    assert.equal(
      afterUndo.get(id),
      moved.includes(id) ? movedTo.get(id) : older.before.get(id),
      `lead ${id}`,
    );
  }
  const newerIds = [...newer.before.keys()];
  for (const [id, owner] of await owners(newerIds)) {
    assert.ok(queueIds.includes(owner), `the newer batch's lead ${id} stays in its queue`);
  }

  // The newer batch is undone from the list; the moved five are put back by hand.
  await page.click('[data-id="batch-detail-back"] button');
  await answerOf<ApplyResult>('undoBatch', () =>
    page
      .locator(
        `[data-id="history-row"][data-batch-id="${newer.batchId}"] [data-id="history-undo"] button`,
      )
      .click(),
  );
  assert.deepEqual(await owners(newerIds), newer.before);
  for (const id of moved) {
    await admin
      .sobject('Lead')
      .update(
        { Id: id, OwnerId: older.before.get(id) },
        { headers: { 'Sforce-Auto-Assign': 'FALSE' } },
      );
  }
  assert.deepEqual(await owners(olderIds), older.before);
  assert.deepEqual(pageErrors, []);
});

test('rough edges: what no ticked status means, the pool table scrolls with its header and inputs in reach, progress moves, toasts at the top', async () => {
  const queueIds = await Promise.all(QUEUES.map((name) => queueId(admin, name)));
  lastShot = Date.now();
  await page.setViewportSize({ width: 900, height: 900 });
  await page.goto(`${org.url}/`);
  await page.waitForSelector('[data-id="lead-table"] tbody tr', { timeout: STEP_MS });

  // No status ticked: every open status, said in words.
  assert.equal(
    (await page.innerText('[data-id="filter-status-hint"]')).trim(),
    'None ticked: leads of every open status.',
  );

  // The weighted pool at 900 px: the table scrolls sideways to the weight inputs, and its
  // header stays in view while the owners scroll under it.
  await choose('method-picker', 'weighted');
  for (const id of queueIds) {
    const input = page.locator(`input[data-id="pool-option"][data-owner-id="${id}"]`);
    await page.click(`label[for="${await input.getAttribute('id')}"]`);
  }
  const scroller = page.locator('[data-id="pool-scroller"]');
  await scroller.scrollIntoViewIfNeeded();
  // A string: this file type-checks without the DOM library.
  const overflowX = await scroller.evaluate('(el) => getComputedStyle(el).overflowX');
  assert.notEqual(overflowX, 'hidden', 'the table must scroll sideways, not clip');
  const weight = page.locator(`input[data-id="pool-weight"][data-owner-id="${queueIds[0]}"]`);
  await weight.fill('3');
  const inside = async () => {
    const [box, frame] = [await weight.boundingBox(), await scroller.boundingBox()];
    return box!.x >= frame!.x && box!.x + box!.width <= frame!.x + frame!.width;
  };
  assert.ok(
    await inside(),
    `the weight input ${JSON.stringify(await weight.boundingBox())} is wholly inside the table ${JSON.stringify(await scroller.boundingBox())} once scrolled to`,
  );
  assert.equal(await weight.inputValue(), '3');
  await scroller.evaluate((el) => (el.scrollTop = 300));
  const header = page.locator('[data-id="pool-table"] thead th').nth(1);
  await until(async () => {
    const [h, frame] = [await header.boundingBox(), await scroller.boundingBox()];
    return Math.abs(h!.y - frame!.y) <= 2;
  }, 'the pool header to stay at the top of its scroller');
  await shot('14-pool-table-narrow');
  await page.setViewportSize({ width: 1400, height: 1000 });

  // Over 200 leads run as Batch Apex: the progress bar moves between 0 and 100.
  await answerOf<LeadPage>('searchLeads', () => choose('filter-country', 'United States'));
  await choose('method-picker', 'roundRobin');
  await page.click('[data-id="select-all-matching"] button');
  const plan = await answerOf<AssignmentPlan>('planAssignment', () =>
    page.click('[data-id="preview-button"] button'),
  );
  assert.ok(plan.runsAsBatch && plan.toChange > 600, `${plan.toChange} leads to change`);
  const leadIds = plan.assignments.map((a) => a.leadId);
  const before = await owners(leadIds);
  const applied = await answerOf<ApplyResult>('applyAssignment', () =>
    page.click('[data-id="apply-button"] button'),
  );
  assert.equal(applied.batch.status, 'Queued');
  const bar = page.locator('[data-id="batch-progress"] [role="progressbar"]');
  const seen: number[] = [];
  let midShot = false;
  await until(async () => {
    // Read without waiting: the bar goes away when the batch ends.
    const [now] = await bar.evaluateAll((els) => els.map((el) => el.getAttribute('aria-valuenow')));
    if (now !== undefined) {
      const value = Number(now);
      if (seen.at(-1) !== value) seen.push(value);
      if (value > 0 && value < 100 && !midShot) {
        midShot = true;
        await page.locator('[data-id="results"]').scrollIntoViewIfNeeded();
        await shot('15-progress-moving');
      }
    }
    const summary = page.locator('[data-id="results-summary"]', { hasText: 'reassigned' });
    return (await summary.count()) > 0;
  }, 'the batch to finish');
  assert.ok(
    seen.some((value) => value > 0 && value < 100),
    `progress seen: ${seen.join(', ')}`,
  );

  // The toast sits at the top of the window while the page is scrolled down to the results.
  const toast = page.locator('[data-id="toast"]').first();
  await toast.waitFor({ timeout: STEP_MS });
  await page.locator('[data-id="results"]').scrollIntoViewIfNeeded();
  assert.ok(await page.evaluate('window.scrollY > 0'), 'the page is scrolled');
  assert.ok((await toast.boundingBox())!.y < 60, 'the toast is at the top of the window');

  // Undo (a batch too): a second toast goes under the first, and every lead is back.
  await answerOf<ApplyResult>('undoBatch', () => page.click('[data-id="undo-button"] button'));
  await page
    .locator('[data-id="results-summary"]', { hasText: 'returned to their previous owners' })
    .waitFor({ timeout: STEP_MS * 2 });
  // Two more toasts (as ShowToastEvent fires them) to see how several are laid out.
  await page.locator('[data-id="lead-count"]').evaluate((el) => {
    // Typed by hand: this file type-checks without the DOM library.
    const { CustomEvent: Toast } = globalThis as unknown as {
      CustomEvent: new (type: string, init: object) => Parameters<typeof el.dispatchEvent>[0];
    };
    for (const title of ['Second', 'Third']) {
      const detail = { title, message: 'Stacked', variant: 'info', mode: 'sticky' };
      el.dispatchEvent(
        new Toast('lightning__showtoast', { detail, bubbles: true, composed: true }),
      );
    }
  });
  await until(
    async () => (await page.locator('[data-id="toast"]').count()) >= 2,
    'the extra toasts',
  );
  const boxes = await page.locator('[data-id="toast"]').evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, centre: r.left + r.width / 2 };
    }),
  );
  assert.ok(boxes.length >= 2);
  assert.ok(boxes[0].top < 60, `the first toast at ${boxes[0].top}`);
  for (let i = 1; i < boxes.length; i++) {
    assert.ok(boxes[i].top >= boxes[i - 1].bottom, 'toasts stack one under another');
    assert.ok(Math.abs(boxes[i].centre - boxes[0].centre) < 2, 'centred alike');
  }
  await page.screenshot({ path: join(ARTIFACTS, '16-toasts-at-top.png') });
  screenshots.push(join(ARTIFACTS, '16-toasts-at-top.png'));
  // Sticky toasts stay until closed (a later goto to the same page keeps them): close them.
  const toasts = page.locator('[data-id="toast"]');
  for (let open = await toasts.count(); open > 0; open--) {
    await toasts.locator('.slds-notify__close button').first().click();
  }
  await until(async () => (await toasts.count()) === 0, 'the toasts to close');
  assert.deepEqual(await owners(leadIds), before);
  assert.deepEqual(pageErrors, []);
});

test('a partner user is refused the console, and cacheable answers come from the client cache', async () => {
  const partner = (await (await fetch(`${org.url}/preview/personas.json`)).json()) as {
    personas: { id: string; username: string }[];
  };
  const username = partner.personas.find((p) => p.id === 'partner')?.username;
  assert.ok(username);
  await page.goto(`${org.url}/preview/#/lead-assignment`);
  await page.waitForSelector('[data-id="lead-table"] tbody tr', { timeout: STEP_MS });
  const calls: string[] = [];
  page.on('request', (r) => {
    const method = /\/LeadAssignmentController\/(\w+)$/.exec(r.url())?.[1];
    if (method) calls.push(method);
  });

  // Partners have no access to the console's Apex class: every call is refused, nothing listed.
  const refused = await callOf<{ message: string; exceptionType: string }>('searchLeads', () =>
    page.click('[data-id="persona-partner"]'),
  );
  assert.equal(refused.status, 500);
  assert.equal(refused.body.exceptionType, 'System.NoAccessException');
  const noAccess = "You do not have access to the Apex class named 'LeadAssignmentController'.";
  assert.equal(refused.body.message, noAccess);
  await page.locator('[data-id="list-error"]', { hasText: noAccess }).waitFor({ timeout: STEP_MS });
  assert.equal(await page.locator('[data-id="lead-table"] tbody tr').count(), 0);
  assert.match(
    await page.innerText('[data-id="persona-summary"]'),
    new RegExp(username.replace(/\./g, '\\.')),
  );
  await shot('07-partner-refused');

  // The partner's own REST reads stay within their account.
  const asPartner = connect(org, org.tokenFor(username));
  const all = await asPartner.query('SELECT COUNT() FROM Lead WHERE IsConverted = false');
  assert.ok(all.totalSize < 5000, 'a partner must not see the whole org');

  // Back to the manager: getFilterOptions is cacheable, so Lightning (and the preview) answers it
  // from the client cache; the list is not cacheable and is read again.
  calls.length = 0;
  await answerOf<LeadPage>('searchLeads', () => page.click('[data-id="persona-channel-manager"]'));
  await page.waitForSelector('[data-id="lead-table"] tbody tr', { timeout: STEP_MS });
  assert.ok(calls.includes('getOwnerCandidates'), calls.join(', '));
  assert.ok(!calls.includes('getFilterOptions'), calls.join(', '));

  await page.click('[data-id="persona-partner"]');
  await page.locator('[data-id="list-error"]').waitFor({ timeout: STEP_MS });

  // A reload keeps the persona (its session lives in the tab) without logging in again.
  const logins: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/services/oauth2/token')) logins.push(r.url());
  });
  await page.reload();
  await page.waitForSelector('[data-id="list-error"]', { timeout: STEP_MS });
  assert.match(await page.innerText('[data-id="persona-summary"]'), /Northwind Traders/);
  assert.deepEqual(logins, []);

  // The token never reaches the console.
  const saved = await page.evaluate(() => sessionStorage.getItem('channelkit.preview.session'));
  const token = (JSON.parse(saved ?? '{}') as { accessToken?: string }).accessToken;
  assert.ok(token);
  assert.ok(consoleLines.every((line) => !line.includes(token)));
  assert.deepEqual(pageErrors, []);
});
