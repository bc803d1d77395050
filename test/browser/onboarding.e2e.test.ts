/**
 * The partner onboarding wizard in a real browser (Debian's Chromium through playwright-core),
 * served by an in-process local org on demo data that runs the package's Apex. As the channel
 * manager Maya Chen: onboard "Acme Partners" (acme.example) with two contacts, one of them a
 * partner user; see the review, create, see the summary, each checked through the REST API; run
 * the same onboarding again and see that nothing new is created; find the new user in the
 * lead-assignment console's owner list, flagged as never logged in. Then with no partner licence
 * left: the wizard says so and nothing is created. Screenshots go to test-artifacts/browser/.
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
import type { OwnerCandidate } from '../../types/leadAssignment.d.ts';
import type { OnboardingPlan, StepResult } from '../../types/partnerOnboarding.d.ts';
import { FORCE_APP, connect, startTestOrg } from '../support/org.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(PROJECT_ROOT, 'test-artifacts', 'browser');
const STEP_MS = 20_000;

let org: RunningLocalOrg;
let admin: Connection;
let context: BrowserContext;
let page: Page;
let profile: string;
const pageErrors: string[] = [];

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The answer of the next call to a wizard method while `action` runs (must succeed). */
async function answerOf<T>(
  method: string,
  action: () => Promise<void>,
  controller = 'PartnerOnboardingController',
): Promise<T> {
  const [response] = await Promise.all([
    page.waitForResponse((r: Response) => r.url().endsWith(`/${controller}/${method}`), {
      timeout: STEP_MS,
    }),
    action(),
  ]);
  const body = (await response.json()) as T;
  assert.equal(response.status(), 200, `${method}: ${JSON.stringify(body)}`);
  return body;
}

async function fill(dataId: string, value: string, nth = 0): Promise<void> {
  await page.locator(`lightning-input[data-id="${dataId}"] input`).nth(nth).fill(value);
}

async function next(): Promise<void> {
  await page.click('[data-id="nav-next"] button');
}

async function heading(): Promise<string> {
  return page.innerText('[data-id="step-heading"]');
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + STEP_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function count(soql: string): Promise<number> {
  return (await admin.query(soql)).totalSize;
}

/** Readiness, account, contacts (Ada with a partner user, Bob without), users: the review. */
async function enterAcme(): Promise<OnboardingPlan> {
  // A fresh wizard opens on Readiness; "Onboard another partner" goes straight to the account.
  await until(async () => /Readiness|Partner account/.test(await heading()), 'the wizard');
  if ((await heading()).includes('Readiness')) {
    await page.waitForSelector('[data-id="readiness-item"]', { timeout: STEP_MS });
    await next();
  }
  await until(async () => (await heading()).includes('Partner account'), 'the account step');
  await fill('account-name', 'Acme Partners');
  await fill('account-website', 'acme.example');
  await next();
  await until(async () => (await heading()).includes('Contacts'), 'the contacts step');
  await fill('contact-first-name', 'Ada');
  await fill('contact-last-name', 'Nguyen');
  await fill('contact-email', 'ada@acme.example');
  await page.click('[data-id="contact-add"] button');
  await fill('contact-first-name', 'Bob', 1);
  await fill('contact-last-name', 'Stone', 1);
  await fill('contact-email', 'bob@acme.example', 1);
  // A new contact gets a partner user unless told otherwise: Bob does not.
  const bobUser = page.locator('lightning-input[data-id="contact-partner-user"]').nth(1);
  await bobUser.locator('label').click();
  assert.equal(await bobUser.locator('input').isChecked(), false);
  await next();
  await until(async () => (await heading()).includes('Partner users'), 'the users step');
  await page.click('lightning-combobox[data-id="users-profile"] button');
  await page.click(
    'lightning-combobox[data-id="users-profile"] [role="option"][data-value="Partner Community User"]',
  );
  return answerOf<OnboardingPlan>('planOnboarding', next);
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

test('a channel manager onboards a partner, and a second run creates nothing', async () => {
  await page.goto(`${org.url}/preview/#/partner-onboarding`);
  const review = await enterAcme();
  assert.equal(review.ready, true, JSON.stringify(review.problems));
  assert.equal(review.account?.action, 'create');
  assert.deepEqual(
    review.contacts.map((c) => [c.name, c.contact, c.user, c.username ?? null]),
    [
      ['Ada Nguyen', 'create', 'create', 'ada@acme.example'],
      ['Bob Stone', 'create', 'skip', null],
    ],
  );
  await page.waitForSelector('[data-id="review-creates"]');
  assert.match(
    await page.innerText('[data-id="review-creates"]'),
    /^Will create 1 partner account, 2 contacts and 1 partner user\.$/,
  );
  assert.equal(await count("SELECT Id FROM Account WHERE Name = 'Acme Partners'"), 0);
  await shot('onboarding-01-review');

  // Create: the steps run in order, each its own Apex call.
  const users = await answerOf<StepResult>('enablePartnerUsers', () =>
    page.click('[data-id="review-create"] button'),
  );
  assert.deepEqual(
    users.created.map((r) => r.type),
    ['User'],
  );
  await page.waitForSelector('[data-id="summary-heading"]', { timeout: STEP_MS });
  await shot('onboarding-02-summary');
  const account = await admin.query<{ Id: string; IsPartner: boolean }>(
    "SELECT Id, IsPartner FROM Account WHERE Name = 'Acme Partners'",
  );
  assert.equal(account.totalSize, 1);
  assert.equal(account.records[0].IsPartner, true);
  assert.equal(await count("SELECT Id FROM Contact WHERE Account.Name = 'Acme Partners'"), 2);
  const ada = await admin.query<{ Id: string; IsActive: boolean }>(
    "SELECT Id, IsActive FROM User WHERE Username = 'ada@acme.example' AND Contact.Email = 'ada@acme.example'",
  );
  assert.equal(ada.totalSize, 1);
  assert.ok(
    org.outbox().some((m) => m.toAddress === 'ada@acme.example'),
    'Ada got a login e-mail',
  );

  // The same onboarding again: the review says it was done, and nothing is created.
  await page.click('[data-id="summary-start-over"] button');
  const again = await enterAcme();
  assert.equal(again.account?.action, 'reuse');
  assert.deepEqual(
    again.contacts.map((c) => [c.contact, c.user]),
    [
      ['match', 'exists'],
      ['match', 'skip'],
    ],
  );
  assert.equal(again.nextStep, 'done');
  await until(
    async () => /Nothing new to create/.test(await page.innerText('[data-id="review-creates"]')),
    'the review to say nothing is new',
  );
  assert.equal(await page.locator('[data-id="review-create"] button').isDisabled(), true);
  await shot('onboarding-03-second-run');
  assert.equal(await count("SELECT Id FROM Account WHERE Name = 'Acme Partners'"), 1);
  assert.equal(await count("SELECT Id FROM Contact WHERE Account.Name = 'Acme Partners'"), 2);

  // The console lists the new partner user as a possible owner, flagged: never logged in.
  const candidates = await answerOf<OwnerCandidate[]>(
    'getOwnerCandidates',
    () => page.click('[data-id="preview-header"] a:has-text("Lead Assignment")'),
    'LeadAssignmentController',
  );
  const adaCandidate = candidates.find((c) => c.id === ada.records[0].Id);
  assert.ok(adaCandidate, 'Ada is a candidate owner');
  assert.deepEqual(
    adaCandidate.warnings.map((w) => w.code),
    ['NEVER_LOGGED_IN'],
  );
  await page.locator('lightning-input[data-id="pool-filter"] input').fill('Ada Nguyen');
  const row = page.locator('[data-id="pool-row"]', { hasText: 'Ada Nguyen' });
  await row.waitFor({ timeout: STEP_MS });
  assert.equal(await page.locator('[data-id="pool-row"]').count(), 1);
  assert.match(await row.innerText(), /Acme Partners/);
  assert.match(await row.innerText(), /Has never logged in to Partner Central/);
  await shot('onboarding-04-console-owner');
  assert.deepEqual(pageErrors, []);
});

test('with no partner licence left the wizard says so and creates nothing', async () => {
  org.org.store.run('UPDATE "UserLicense" SET "UsedLicenses" = "TotalLicenses"');
  await page.goto(`${org.url}/preview/#/partner-onboarding`);
  await page.reload();
  await page.waitForSelector('[data-id="readiness-item"]', { timeout: STEP_MS });
  const licences = page.locator('[data-id="readiness-item"]', { hasText: 'Partner licences' });
  assert.match(await licences.innerText(), /None left/);
  await shot('onboarding-05-no-licences');
  assert.equal(await page.locator('[data-id="nav-next"] button').isDisabled(), true);
  assert.equal(await count("SELECT Id FROM Account WHERE Name = 'Globex Resellers'"), 0);
  assert.deepEqual(pageErrors, []);
});
