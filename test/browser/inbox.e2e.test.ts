/**
 * The partner lead inbox in a real browser (Debian's Chromium through playwright-core), in the
 * preview's partner-site shell, served by an in-process local org on demo data that runs the
 * package's Apex. Three demo partners: A and B are colleagues at Northwind Traders who share its
 * queue (the seed gives each account one queue, so two partners who share a queue share an
 * account); C is at Contoso Ltd. Each partner has a browser tab of their own (a session per tab).
 * A sees own and queue leads; A accepts a queue lead that B also sees, and B, clicking Accept on
 * the stale list, is told A was first and the lead leaves B's queue view; A declines a lead with
 * a reason; Maya Chen, the channel manager, sees it back with her, with the reason, in the
 * console; A never sees C's leads, checked through the REST API as A, and C's inbox holds none of
 * Northwind's. Each step is confirmed through the REST API. Screenshots go to
 * test-artifacts/browser/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import type { PreviewPersona, PreviewPersonaId } from '../../localorg/preview.ts';
import { PROJECT_ROOT, ensurePreviewBuilt } from '../../preview/freshness.ts';
import type { LeadPage } from '../../types/leadAssignment.d.ts';
import type { DeclinedLead } from '../../types/leadDeclines.d.ts';
import type { ActionResult, InboxLead, InboxPage } from '../../types/partnerLeadInbox.d.ts';
import { FORCE_APP, connect, queueId, startTestOrg } from '../support/org.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(PROJECT_ROOT, 'test-artifacts', 'browser');
const STEP_MS = 20_000;
const NORTHWIND_QUEUE = 'Northwind Traders Leads';
const CONTOSO_QUEUE = 'Contoso Ltd Leads';
const OPEN_LEADS =
  "IsConverted = false AND Status NOT IN ('Closed - Converted', 'Closed - Not Converted')";

let org: RunningLocalOrg;
let admin: Connection;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
const personas = new Map<PreviewPersonaId, PreviewPersona & { id: PreviewPersonaId }>();
const userIds = new Map<string, string>();
/** A's tab (later Maya's, by the persona switch), B's tab, C's tab. */
let pageA: Page;
let pageB: Page;
let pageC: Page;
/** The queue lead A accepts, and the lead A declines (test 1), for tests 2 and 3. */
let accepted: InboxLead;
let declined: InboxLead;

function persona(id: PreviewPersonaId): PreviewPersona {
  const found = personas.get(id);
  assert.ok(found, `the demo org has no ${id} persona`);
  return found;
}

function userId(id: PreviewPersonaId): string {
  const found = userIds.get(persona(id).username);
  assert.ok(found);
  return found;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The answer of the next call to an Apex method the page makes while `action` runs. */
async function callOf<T>(
  page: Page,
  path: string,
  action: () => Promise<unknown>,
): Promise<{ status: number; body: T }> {
  const [response] = await Promise.all([
    page.waitForResponse((r: Response) => r.url().endsWith(`/localorg/apex/${path}`), {
      timeout: STEP_MS,
    }),
    action(),
  ]);
  return { status: response.status(), body: (await response.json()) as T };
}

async function answerOf<T>(page: Page, path: string, action: () => Promise<unknown>): Promise<T> {
  const { status, body } = await callOf<T>(page, path, action);
  assert.equal(status, 200, `${path}: ${JSON.stringify(body)}`);
  return body;
}

const inbox = (page: Page, action: () => Promise<unknown>) =>
  answerOf<InboxPage>(page, 'PartnerLeadInboxController/getInbox', action);

/** Opens the preview as a persona, on its own surface (no page in the address). */
function open(page: Page, id: PreviewPersonaId): Promise<unknown> {
  return page.goto(`${org.url}/preview/?persona=${id}`);
}

const row = (page: Page, leadId: string) =>
  page.locator(`[data-id="lead"][data-lead-id="${leadId}"]`);

async function ownerOf(leadId: string): Promise<string> {
  const result = await admin.query<{ OwnerId: string }>(
    `SELECT OwnerId FROM Lead WHERE Id = '${leadId}'`,
  );
  assert.equal(result.totalSize, 1);
  return result.records[0].OwnerId;
}

async function count(soql: string, conn = admin): Promise<number> {
  return (await conn.query(soql)).totalSize;
}

before(async () => {
  await ensurePreviewBuilt({ log: (line) => process.stderr.write(`${line}\n`) });
  org = await startTestOrg({ deploy: [FORCE_APP] });
  admin = connect(org);
  mkdirSync(ARTIFACTS, { recursive: true });
  const listed = (await (await fetch(`${org.url}/preview/personas.json`)).json()) as {
    personas: PreviewPersona[];
  };
  for (const p of listed.personas) personas.set(p.id, p);
  const users = await admin.query<{ Id: string; Username: string }>(
    `SELECT Id, Username FROM User WHERE Username IN (${listed.personas.map((p) => `'${p.username}'`).join(',')})`,
  );
  for (const u of users.records) userIds.set(u.Username, u.Id);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
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
  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  };
  [pageA, pageB, pageC] = [await newPage(), await newPage(), await newPage()];
});

after(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await org?.close();
});

test('the demo gives three partners the inbox: two Northwind colleagues who share its queue, and a Contoso partner', async () => {
  assert.equal(persona('partner').accountName, 'Northwind Traders');
  assert.equal(persona('partner-colleague').accountName, 'Northwind Traders');
  assert.equal(persona('partner-other-account').accountName, 'Contoso Ltd');
  // The seed's permission set record is the one the deploy filled in, assigned to each of them.
  assert.equal(await count("SELECT Id FROM PermissionSet WHERE Name = 'Partner_Lead_Inbox'"), 1);
  const ids = (['partner', 'partner-colleague', 'partner-other-account'] as const).map(userId);
  assert.equal(
    await count(
      `SELECT Id FROM PermissionSetAssignment WHERE PermissionSet.Name = 'Partner_Lead_Inbox' AND AssigneeId IN ('${ids.join("','")}')`,
    ),
    3,
  );
  // Both queues have open leads, so both inboxes have something to accept.
  for (const name of [NORTHWIND_QUEUE, CONTOSO_QUEUE]) {
    const id = await queueId(admin, name);
    assert.ok(await count(`SELECT Id FROM Lead WHERE ${OPEN_LEADS} AND OwnerId = '${id}'`), name);
  }
});

test('partner A works the inbox in the partner site: own and queue leads, accept ahead of colleague B, decline with a reason', async () => {
  const a = persona('partner');
  const b = persona('partner-colleague');
  const aId = userId('partner');
  const northwindQueue = await queueId(admin, NORTHWIND_QUEUE);

  // A lands on the partner site: its header and navigation, not the Lightning app's.
  const first = await inbox(pageA, () => open(pageA, 'partner'));
  await pageA.waitForSelector('[data-id="lead"]', { timeout: STEP_MS });
  assert.equal((await pageA.innerText('[data-id="site-name"]')).trim(), 'Partner Central');
  assert.equal(await pageA.locator('[data-id="preview-header"]').count(), 0);
  assert.deepEqual(
    (await pageA.locator('[data-id="site-header"] nav a').allInnerTexts()).map((t) => t.trim()),
    ['Lead Inbox'],
  );
  assert.match(await pageA.innerText('[data-id="site-user"]'), new RegExp(a.name));
  assert.match(await pageA.innerText('[data-id="persona-summary"]'), /Northwind Traders/);

  // Own and queue leads, counted as the org counts them.
  const mine = await count(`SELECT Id FROM Lead WHERE ${OPEN_LEADS} AND OwnerId = '${aId}'`);
  const queued = await count(
    `SELECT Id FROM Lead WHERE ${OPEN_LEADS} AND OwnerId = '${northwindQueue}'`,
  );
  assert.ok(mine > 0 && queued > 0, `mine ${mine}, queue ${queued}`);
  assert.deepEqual(first.counts, { ...first.counts, mine, queues: queued });
  assert.equal(first.total, mine + queued);
  assert.ok(first.rows.every((r) => r.ownerId === aId || r.ownerId === northwindQueue));
  const owners = await pageA.locator('[data-id="lead-owner"]').allInnerTexts();
  assert.ok(owners.includes('Mine'), owners.join(', '));
  assert.ok(owners.includes(`In queue ${NORTHWIND_QUEUE}`), owners.join(', '));
  const filters = await pageA.innerText('[data-id="filter"]');
  assert.match(filters, new RegExp(`My leads \\(${mine}\\)`));
  assert.match(filters, new RegExp(`My queues \\(${queued}\\)`));
  await shot(pageA, 'inbox-01-partner-a');

  const queueLead = first.rows.find((r) => r.inQueue);
  const ownLead = first.rows.find((r) => !r.inQueue);
  assert.ok(queueLead && ownLead);
  accepted = queueLead;
  declined = ownLead;

  // B, in a tab of their own, sees the same queue lead.
  const before = await inbox(pageB, () => open(pageB, 'partner-colleague'));
  assert.match(await pageB.innerText('[data-id="persona-summary"]'), new RegExp(b.username));
  assert.ok(before.rows.some((r) => r.id === accepted.id && r.inQueue));
  await row(pageB, accepted.id).locator('[data-id="accept"]').waitFor({ timeout: STEP_MS });
  await shot(pageB, 'inbox-02-colleague-b-sees-the-queue-lead');

  // A accepts it: it is A's now.
  const acceptedByA = await answerOf<ActionResult>(
    pageA,
    'PartnerLeadInboxController/acceptLead',
    () => row(pageA, accepted.id).locator('[data-id="accept"] button').click(),
  );
  assert.equal(acceptedByA.accepted, true);
  assert.equal(acceptedByA.ownerId, aId);
  await pageA.locator('[data-id="toast"][data-variant="success"]').first().waitFor();
  await row(pageA, accepted.id)
    .locator('[data-id="lead-owner"]', { hasText: 'Mine' })
    .waitFor({ timeout: STEP_MS });
  assert.equal(await ownerOf(accepted.id), aId);
  await shot(pageA, 'inbox-03-a-accepted');

  // B, on the list from before, clicks Accept too: told A was first, and the lead leaves B's view.
  const tooLate = await answerOf<ActionResult>(pageB, 'PartnerLeadInboxController/acceptLead', () =>
    row(pageB, accepted.id).locator('[data-id="accept"] button').click(),
  );
  assert.equal(tooLate.accepted, false);
  assert.equal(tooLate.message, `Too late: ${a.name} accepted ${accepted.name} first.`);
  await pageB
    .locator('[data-id="notice"]', { hasText: `Too late: ${a.name} accepted` })
    .waitFor({ timeout: STEP_MS });
  const queues = await inbox(pageB, () =>
    pageB.locator('[data-id="filter"] label', { hasText: 'My queues' }).click(),
  );
  assert.equal(queues.counts.queues, queued - 1);
  assert.ok(queues.rows.every((r) => r.ownerId === northwindQueue));
  assert.ok(!queues.rows.some((r) => r.id === accepted.id));
  await pageB.waitForSelector('[data-id="lead"]', { timeout: STEP_MS });
  assert.equal(await row(pageB, accepted.id).count(), 0);
  assert.equal(await ownerOf(accepted.id), aId, 'B did not take it');
  await shot(pageB, 'inbox-04-colleague-b-too-late');

  // A declines one of A's own leads with a reason: it goes back to the channel manager.
  await row(pageA, declined.id).locator('[data-id="decline"] button').click();
  await pageA.waitForSelector('[data-id="decline-dialog"]', { timeout: STEP_MS });
  await pageA.click('lightning-combobox[data-id="decline-reason"] button');
  await pageA.click(
    'lightning-combobox[data-id="decline-reason"] [role="option"][data-value="Outside_Territory"]',
  );
  await pageA
    .locator('lightning-textarea[data-id="decline-comment"] textarea')
    .fill('We only cover the East Coast');
  await shot(pageA, 'inbox-05-decline-dialog');
  const declinedByA = await answerOf<ActionResult>(
    pageA,
    'PartnerLeadInboxController/declineLead',
    () => pageA.click('[data-id="decline-confirm"] button'),
  );
  const maya = userId('channel-manager');
  assert.equal(declinedByA.ownerId, maya);
  assert.equal(declinedByA.ownerName, 'Maya Chen');
  await pageA
    .locator('[data-id="notice"]', { hasText: `You declined ${declined.name}` })
    .waitFor({ timeout: STEP_MS });
  assert.equal(await pageA.locator('[data-id="decline-dialog"]').count(), 0);
  await pageA.waitForSelector('[data-id="lead"]', { timeout: STEP_MS });
  assert.equal(await row(pageA, declined.id).count(), 0);
  assert.equal(await ownerOf(declined.id), maya);
  const log = await admin.query<{
    Decline_Reason__c: string;
    Comment__c: string;
    Assigned_By__c: string;
    Old_Owner_Id__c: string;
    New_Owner_Id__c: string;
  }>(
    `SELECT Decline_Reason__c, Comment__c, Assigned_By__c, Old_Owner_Id__c, New_Owner_Id__c FROM Lead_Assignment_Log__c WHERE Lead__c = '${declined.id}' AND Reason__c = 'DECLINE'`,
  );
  assert.equal(log.totalSize, 1);
  assert.deepEqual(
    [
      log.records[0].Decline_Reason__c,
      log.records[0].Comment__c,
      log.records[0].Assigned_By__c,
      log.records[0].Old_Owner_Id__c,
      log.records[0].New_Owner_Id__c,
    ],
    ['Outside_Territory', 'We only cover the East Coast', aId, aId, maya],
  );
  await shot(pageA, 'inbox-06-a-declined');
  assert.deepEqual(pageErrors, []);
});

test('Maya Chen sees the declined lead back with her, with the reason, in the console', async () => {
  assert.ok(declined, 'the partner test declined a lead');
  const a = persona('partner');
  // A's tab switches to Maya: she lands on the Lightning app's console.
  const declines = await answerOf<DeclinedLead[]>(
    pageA,
    'LeadAssignmentController/getRecentDeclines',
    () => pageA.click('[data-id="persona-channel-manager"]'),
  );
  await pageA.waitForSelector('[data-id="preview-header"]', { timeout: STEP_MS });
  assert.equal(await pageA.locator('[data-id="site-header"]').count(), 0);
  const describe = await admin.sobject('Lead_Assignment_Log__c').describe();
  const label = describe.fields
    .find((f) => f.name === 'Decline_Reason__c')
    ?.picklistValues?.find((v) => v.value === 'Outside_Territory')?.label;
  assert.ok(label);
  const mine = declines.find((d) => d.leadId === declined.id);
  assert.ok(mine, JSON.stringify(declines));
  assert.deepEqual(
    [mine.leadName, mine.declinedBy, mine.partnerAccount, mine.reason, mine.reasonLabel],
    [declined.name, a.name, 'Northwind Traders', 'Outside_Territory', label],
  );
  assert.deepEqual([mine.comment, mine.sentToName], ['We only cover the East Coast', 'Maya Chen']);
  const shown = pageA.locator('[data-id="decline-row"]', { hasText: declined.name });
  await shown.waitFor({ timeout: STEP_MS });
  assert.equal(await shown.locator('[data-id="decline-reason"]').innerText(), label);
  assert.equal(
    await shown.locator('[data-id="decline-by"]').innerText(),
    `${a.name} (Northwind Traders)`,
  );
  assert.match(await shown.innerText(), /We only cover the East Coast/);
  assert.equal(
    await shown.locator('[data-id="decline-sent-to"]').innerText(),
    'Now with Maya Chen',
  );

  // The lead itself is back in her list, owned by her.
  const email = (
    await admin.query<{ Email: string }>(`SELECT Email FROM Lead WHERE Id = '${declined.id}'`)
  ).records[0].Email;
  const found = await answerOf<LeadPage>(pageA, 'LeadAssignmentController/searchLeads', () =>
    pageA.locator('lightning-input[data-id="filter-search"] input').fill(email),
  );
  const back = found.rows.find((r) => r.id === declined.id);
  assert.ok(back, JSON.stringify(found.rows.map((r) => r.id)));
  assert.equal(back.ownerId, userId('channel-manager'));
  await shown.scrollIntoViewIfNeeded();
  await shot(pageA, 'inbox-07-maya-sees-the-decline');
  assert.deepEqual(pageErrors, []);
});

test('partner A never sees partner C’s leads (REST as A), and C’s inbox holds none of Northwind’s', async () => {
  const aId = userId('partner');
  const cId = userId('partner-other-account');
  const contosoQueue = await queueId(admin, CONTOSO_QUEUE);
  const northwindQueue = await queueId(admin, NORTHWIND_QUEUE);
  const contosoLeads = await admin.query<{ Id: string }>(
    `SELECT Id FROM Lead WHERE OwnerId IN ('${cId}', '${contosoQueue}')`,
  );
  assert.ok(contosoLeads.totalSize > 0);

  // Through the REST API as A: a query finds none of them, and one read by Id is not found.
  const asA = connect(org, org.tokenFor(persona('partner').username));
  assert.equal(
    await count(`SELECT Id FROM Lead WHERE OwnerId IN ('${cId}', '${contosoQueue}')`, asA),
    0,
  );
  const northwind = await admin.query<{ Id: string }>(
    "SELECT Id FROM User WHERE Account.Name = 'Northwind Traders'",
  );
  const allowed = new Set([...northwind.records.map((u) => u.Id), northwindQueue]);
  const seen = await asA.query<{ Id: string; OwnerId: string }>('SELECT Id, OwnerId FROM Lead');
  assert.ok(seen.totalSize > 0);
  const strangers = seen.records.filter((r) => !allowed.has(r.OwnerId));
  assert.deepEqual(strangers, [], 'A sees only leads of Northwind users and its queue');
  await assert.rejects(
    asA.sobject('Lead').retrieve(contosoLeads.records[0].Id),
    (error: Error & { errorCode?: string }) => error.errorCode === 'NOT_FOUND',
  );
  // Nor can A take one through the inbox's Apex.
  const taken = await fetch(`${org.url}/localorg/apex/PartnerLeadInboxController/acceptLead`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${org.tokenFor(persona('partner').username)}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ request: { leadId: contosoLeads.records[0].Id } }),
  });
  assert.equal(taken.status, 500);
  assert.equal(
    ((await taken.json()) as { message: string }).message,
    'This lead is no longer in your queues: another partner accepted it, or it was reassigned.',
  );
  assert.equal(
    await count(
      `SELECT Id FROM Lead WHERE OwnerId = '${aId}' AND Id = '${contosoLeads.records[0].Id}'`,
    ),
    0,
  );

  // C's inbox: Contoso's leads only, and not the lead A accepted.
  const other = await inbox(pageC, () => open(pageC, 'partner-other-account'));
  await pageC.waitForSelector('[data-id="lead"]', { timeout: STEP_MS });
  assert.ok(other.rows.length > 0);
  assert.ok(other.rows.every((r) => r.ownerId === cId || r.ownerId === contosoQueue));
  assert.equal(await row(pageC, accepted.id).count(), 0);
  assert.match(await pageC.innerText('[data-id="persona-summary"]'), /Contoso Ltd/);
  await shot(pageC, 'inbox-08-contoso-partner');

  // The site and its inbox at a phone's width: nothing wider than the screen.
  await pageC.setViewportSize({ width: 390, height: 844 });
  await pageC.waitForSelector('[data-id="lead"]', { timeout: STEP_MS });
  assert.ok(await pageC.locator('[data-id="site-name"]').isVisible());
  const widest = (await pageC.evaluate('document.documentElement.scrollWidth')) as number;
  assert.ok(widest <= 390, `the page is ${widest} px wide on a 390 px screen`);
  await shot(pageC, 'inbox-09-contoso-partner-phone');
  assert.deepEqual(pageErrors, []);
});
