/**
 * Offboarding a partner from the wizard in a real browser (Debian's Chromium through
 * playwright-core), served by an in-process local org on demo data that runs the package's Apex.
 * As the channel manager Maya Chen: find Fabrikam Inc, open its status, then "Offboard partner":
 * see the preview (open leads and their new owner, users, queue memberships, IsPartner last and
 * irreversible), type the account's name, run the steps one call each, and check through the REST
 * API that the leads moved, the users are inactive and out of their queue, and IsPartner is false.
 * Screenshots go to test-artifacts/browser/.
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
import type { OffboardingPlan, OffboardingResult } from '../../types/partnerOnboarding.d.ts';
import { FORCE_APP, connect, queueId, startTestOrg } from '../support/org.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(PROJECT_ROOT, 'test-artifacts', 'browser');
const STEP_MS = 20_000;
/** The whole run: four Apex calls through the interpreter, one of them moving 134 leads. */
const RUN_MS = 180_000;
const PARTNER = 'Fabrikam Inc';
const NEW_OWNER_QUEUE = 'Americas Partner Pool';
/** Its users get more open leads than one transaction moves (200): they move as Batch Apex. */
const BACKGROUND_PARTNER = 'Contoso Ltd';

let org: RunningLocalOrg;
let admin: Connection;
let context: BrowserContext;
let page: Page;
let profile: string;
const pageErrors: string[] = [];

async function shot(name: string): Promise<string> {
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Every answer of a controller method while `action` runs, until `last` says it was the last. */
async function answersOf<T>(
  method: string,
  action: () => Promise<void>,
  last: (answer: T) => boolean,
  deadlineMs = STEP_MS,
): Promise<T[]> {
  const answers: T[] = [];
  const failures: string[] = [];
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const listener = (response: Response) => {
    if (!response.url().endsWith(`/PartnerOnboardingController/${method}`)) return;
    void response.json().then((body: unknown) => {
      if (response.status() !== 200) failures.push(JSON.stringify(body));
      answers.push(body as T);
      if (response.status() !== 200 || last(body as T)) done();
    });
  };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${method}`)), deadlineMs);
  });
  page.on('response', listener);
  try {
    await action();
    await Promise.race([finished, deadline]);
  } finally {
    clearTimeout(timer);
    page.off('response', listener);
  }
  assert.deepEqual(failures, [], `${method} failed`);
  return answers;
}

async function answerOf<T>(method: string, action: () => Promise<void>): Promise<T> {
  const [answer] = await answersOf<T>(method, action, () => true);
  return answer;
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + STEP_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const quoted = (ids: string[]) => ids.map((id) => `'${id}'`).join(', ');
const leadsOf = (owners: string[]) => `SELECT Id FROM Lead WHERE OwnerId IN (${quoted(owners)})`;

async function partner(name: string) {
  const account = (
    await admin.query<{ Id: string; IsPartner: boolean }>(
      `SELECT Id, IsPartner FROM Account WHERE Name = '${name}'`,
    )
  ).records[0];
  assert.equal(account.IsPartner, true);
  const users = (
    await admin.query<{ Id: string; IsActive: boolean }>(
      `SELECT Id, IsActive FROM User WHERE Contact.AccountId = '${account.Id}'`,
    )
  ).records;
  assert.ok(
    users.some((u) => u.IsActive),
    `${name} has active partner users`,
  );
  return { account, users, userIds: users.map((u) => u.Id) };
}

/** As Maya: the account step finds the partner, and its status opens the offboarding. */
async function openOffboarding(name: string): Promise<OffboardingPlan> {
  await page.goto(`${org.url}/preview/#/partner-onboarding`);
  await page.reload();
  await page.waitForSelector('[data-id="readiness-item"]', { timeout: STEP_MS });
  await page.click('[data-id="nav-next"] button');
  await page.locator('lightning-input[data-id="account-name"] input').fill(name);
  const match = page.locator('[data-id="account-match"]', { hasText: name });
  await match.waitFor({ timeout: STEP_MS });
  await match.locator('[data-id="account-match-status"] button').click();
  await page.waitForSelector('[data-id="status-table"]', { timeout: STEP_MS });
  const preview = await answerOf<OffboardingPlan>('planOffboarding', () =>
    page.click('[data-id="status-offboard"] button'),
  );
  assert.ok(preview.openLeads > 0, 'the partner users own open leads');
  assert.equal(preview.nextStep, 'leads');
  return preview;
}

async function confirmAndRun(name: string): Promise<OffboardingResult[]> {
  const confirm = page.locator('[data-id="offboarding-confirm"] button');
  await page.locator('lightning-input[data-id="offboarding-confirmation"] input').fill(name);
  await until(async () => !(await confirm.isDisabled()), 'the confirm button');
  return answersOf<OffboardingResult>(
    'offboardPartner',
    () => confirm.click(),
    (r) => r.plan.nextStep === 'done',
    RUN_MS,
  );
}

before(async () => {
  await ensurePreviewBuilt({ log: (line) => process.stderr.write(`${line}\n`) });
  org = await startTestOrg({ deploy: [FORCE_APP] });
  admin = connect(org);
  mkdirSync(ARTIFACTS, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), 'channelkit-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

after(async () => {
  await context?.close();
  await org?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

test('a channel manager offboards a partner from the wizard, step by step', async () => {
  const { account, users, userIds } = await partner(PARTNER);
  // The partner users' leads: the open ones move, the closed and converted ones stay.
  const theirLeads = (await admin.query<{ Id: string }>(leadsOf(userIds))).records.map((l) => l.Id);
  const pool = await queueId(admin, NEW_OWNER_QUEUE);
  const preview = await openOffboarding(PARTNER);
  assert.ok(preview.openLeads <= theirLeads.length);

  // The preview: who takes the leads (a queue, chosen here), users, memberships, IsPartner last.
  const toQueue = await answerOf<OffboardingPlan>('planOffboarding', async () => {
    await page.click('lightning-combobox[data-id="offboarding-owner"] button');
    await page.click(
      `lightning-combobox[data-id="offboarding-owner"] [role="option"][data-value="${pool}"]`,
    );
  });
  assert.deepEqual(
    toQueue.leadOwners.map((o) => [o.name, o.leads]),
    [[NEW_OWNER_QUEUE, preview.openLeads]],
  );
  const panel = page.locator('[data-id="offboarding"]');
  await until(
    async () =>
      (await page.locator('[data-id="offboarding-lead-owner"]').innerText()).includes(
        NEW_OWNER_QUEUE,
      ),
    'the new owner in the preview',
  );
  assert.match(
    await page.innerText('[data-id="offboarding-summary"]'),
    new RegExp(
      `^Offboarding ${PARTNER} will reassign ${preview.openLeads} open leads, deactivate \\d+ partner users?, remove \\d+ queue memberships?, then, last, set IsPartner to false\\.$`,
    ),
  );
  assert.match(
    await page.innerText('[data-id="offboarding-irreversible"]'),
    /It cannot be undone on the platform\.[\s\S]*cannot be undone/,
  );
  assert.equal(
    await page.locator('[data-id="offboarding-user"]').count(),
    users.length,
    'every partner user is listed',
  );
  assert.equal(
    await page.locator('[data-id="offboarding-membership"]').count(),
    preview.memberships.length,
  );
  const confirm = page.locator('[data-id="offboarding-confirm"] button');
  const typed = page.locator('lightning-input[data-id="offboarding-confirmation"] input');
  assert.equal(await confirm.isDisabled(), true);
  await typed.fill(PARTNER.toLowerCase());
  assert.equal(await confirm.isDisabled(), true, 'the name must match exactly');
  await typed.fill(PARTNER);
  await until(async () => !(await confirm.isDisabled()), 'the confirm button');
  const previewShot = await shot('offboarding-01-preview');

  // Nothing has changed yet.
  assert.equal((await admin.query(leadsOf(userIds))).totalSize, theirLeads.length);

  // Offboard: one call per step, in order, the account last.
  const results = await answersOf<OffboardingResult>(
    'offboardPartner',
    () => confirm.click(),
    (r) => r.plan.nextStep === 'done',
    RUN_MS,
  );
  assert.deepEqual(
    results.map((r) => r.step),
    ['leads', 'users', 'memberships', 'account'],
  );
  assert.deepEqual(
    results.flatMap((r) => r.failures),
    [],
  );
  await panel.locator('[data-id="offboarding-outcome"]').waitFor({ timeout: STEP_MS });
  assert.match(
    await page.innerText('[data-id="offboarding-outcome"]'),
    /Fabrikam Inc is offboarded/,
  );
  assert.deepEqual(
    await page
      .locator('[data-id="offboarding-step"]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-status'))),
    ['done', 'done', 'done', 'done'],
  );
  // The status panel was read again: the account is no longer a partner account.
  await until(
    async () => /Not a partner account,/.test(await page.innerText('[data-id="status-summary"]')),
    'the status to show the account offboarded',
  );
  assert.equal(await page.locator('[data-id="status-offboard"]').count(), 0);
  const doneShot = await shot('offboarding-02-done');

  // Through the REST API: leads moved to the queue, users inactive and out of queues, not a partner.
  const moved = await admin.query<{ Id: string }>(
    `SELECT Id FROM Lead WHERE Id IN (${quoted(theirLeads)}) AND OwnerId = '${pool}'`,
  );
  assert.equal(moved.totalSize, preview.openLeads);
  assert.equal(
    (await admin.query(leadsOf(userIds))).totalSize,
    theirLeads.length - preview.openLeads,
    'only the closed and converted leads stay with the partner users',
  );
  const after = await admin.query<{ IsActive: boolean }>(
    `SELECT IsActive FROM User WHERE Id IN (${quoted(userIds)})`,
  );
  assert.equal(after.totalSize, users.length);
  assert.ok(
    after.records.every((u) => !u.IsActive),
    'every partner user is inactive',
  );
  assert.equal(
    (await admin.query(`SELECT Id FROM GroupMember WHERE UserOrGroupId IN (${quoted(userIds)})`))
      .totalSize,
    0,
  );
  const disabled = await admin.query<{ IsPartner: boolean }>(
    `SELECT IsPartner FROM Account WHERE Id = '${account.Id}'`,
  );
  assert.equal(disabled.records[0].IsPartner, false);
  assert.deepEqual(pageErrors, []);
  process.stderr.write(`screenshots: ${previewShot} ${doneShot}\n`);
});

test('leads that move in the background are waited for, and the run goes on by itself', async () => {
  const { account, userIds, users } = await partner(BACKGROUND_PARTNER);
  const active = users.find((u) => u.IsActive);
  assert.ok(active);
  // Over the synchronous limit (200 leads), the console's applier moves them as Batch Apex.
  const extra = await admin.query<{ Id: string }>(
    "SELECT Id FROM Lead WHERE Owner.Name = 'Unassigned Leads' AND Status IN ('Open - Not Contacted', 'Working - Contacted') AND IsConverted = false LIMIT 150",
  );
  assert.equal(extra.totalSize, 150);
  const updated = await admin.sobject('Lead').update(
    extra.records.map((l) => ({ Id: l.Id, OwnerId: active.Id })),
    // Else the REST API runs the active assignment rule on the update, which picks the owner.
    { allOrNone: true, headers: { 'Sforce-Auto-Assign': 'FALSE' } },
  );
  assert.deepEqual(
    updated.filter((r) => !r.success),
    [],
  );
  const theirLeads = (await admin.query<{ Id: string }>(leadsOf(userIds))).records.map((l) => l.Id);
  const maya = org.users.find((u) => u.username.startsWith('maya.chen@'));
  assert.ok(maya, 'Maya Chen owns the account and takes its leads');

  const preview = await openOffboarding(BACKGROUND_PARTNER);
  assert.ok(preview.openLeads > 200, `${preview.openLeads} open leads`);
  assert.equal(preview.leadsRunAsBatch, true);
  assert.match(await page.innerText('[data-id="offboarding-leads"]'), /in the background/);

  const waiting = page
    .waitForSelector('[data-id="offboarding-waiting"]', { timeout: RUN_MS })
    .then(() => shot('offboarding-03-waiting'));
  const results = await confirmAndRun(BACKGROUND_PARTNER);
  const waitingShot = await waiting;
  assert.deepEqual(
    results.map((r) => [r.step, r.batchStatus ?? null]),
    [
      ['leads', 'Queued'],
      ['users', null],
      ['memberships', null],
      ['account', null],
    ],
  );
  await page.locator('[data-id="offboarding-outcome"]').waitFor({ timeout: STEP_MS });
  assert.equal(await page.locator('[data-id="offboarding-waiting"]').count(), 0);

  // Through the REST API: every open lead is Maya's, the users are inactive, not a partner.
  const moved = await admin.query(
    `SELECT Id FROM Lead WHERE Id IN (${quoted(theirLeads)}) AND OwnerId = '${maya.userId}'`,
  );
  assert.equal(moved.totalSize, preview.openLeads);
  const after = await admin.query<{ IsActive: boolean }>(
    `SELECT IsActive FROM User WHERE Id IN (${quoted(userIds)})`,
  );
  assert.ok(
    after.records.every((u) => !u.IsActive),
    'every partner user is inactive',
  );
  const disabled = await admin.query<{ IsPartner: boolean }>(
    `SELECT IsPartner FROM Account WHERE Id = '${account.Id}'`,
  );
  assert.equal(disabled.records[0].IsPartner, false);
  assert.deepEqual(pageErrors, []);
  process.stderr.write(`screenshot: ${waitingShot}\n`);
});
