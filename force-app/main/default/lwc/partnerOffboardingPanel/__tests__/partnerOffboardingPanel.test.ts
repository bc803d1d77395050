import { createElement } from 'lwc';
import PartnerOffboardingPanel from 'c/partnerOffboardingPanel';
import planOffboarding from '@salesforce/apex/PartnerOnboardingController.planOffboarding';
import offboardPartner from '@salesforce/apex/PartnerOnboardingController.offboardPartner';
import type {} from '@sa11y/jest';
import type {
  OffboardingPlan,
  OffboardingRequest,
  OffboardingResult,
  QueueInfo,
} from '../../../../../../types/partnerOnboarding';
import data from './data/partnerOffboarding.json';

jest.mock(
  '@salesforce/apex/PartnerOnboardingController.planOffboarding',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
jest.mock(
  '@salesforce/apex/PartnerOnboardingController.offboardPartner',
  () => ({ default: jest.fn() }),
  { virtual: true },
);

// Real answers of the Apex (__tests__/data/partnerOffboarding.json, recorded on the local org):
// the mocks answer with fresh copies of them, never with hand-written shapes.
interface Recorded {
  examples: Record<string, { method: string; request: OffboardingRequest; result: unknown }>;
  errors: Record<string, { method: string; request: OffboardingRequest; message: string }>;
}
const recorded = data as unknown as Recorded;
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function plan(name: string): OffboardingPlan {
  const entry = recorded.examples[name];
  if (entry?.method !== 'planOffboarding') throw new Error(`No planOffboarding "${name}".`);
  return copy(entry.result) as OffboardingPlan;
}

function step(name: string): OffboardingResult {
  const entry = recorded.examples[name];
  if (entry?.method !== 'offboardPartner') throw new Error(`No offboardPartner "${name}".`);
  return copy(entry.result) as OffboardingResult;
}

function apexError(name: string) {
  const entry = recorded.errors[name];
  if (!entry) throw new Error(`No recorded error "${name}".`);
  return {
    status: 500,
    body: { message: entry.message, exceptionType: 'System.AuraHandledException' },
  };
}

const FABRIKAM = plan('plan').account;
const POOL: QueueInfo = {
  id: recorded.examples.planToQueue.request.newOwnerId as string,
  name: 'Americas Partner Pool',
  developerName: 'Americas_Partner_Pool',
};
/** The partner's own queue: its users leave it, so it is no place for their leads. */
const OWN_QUEUE: QueueInfo = {
  id: '00G000000000007EAA',
  name: 'Fabrikam Inc Leads',
  developerName: 'Fabrikam_Inc_Leads',
};

type Stub = HTMLElement & Record<string, unknown>;
const mocked = (fn: unknown) => fn as jest.Mock;

const { setImmediate: realSetImmediate } = jest.requireActual<typeof import('timers')>('timers');
const tick = () => new Promise((resolve) => realSetImmediate(resolve));
async function flush() {
  for (let i = 0; i < 5; i++) {
    // Promises settle in turns: each tick lets one more round of them run.
    // eslint-disable-next-line no-await-in-loop
    await tick();
  }
}

let changes: { accountId: string; nextStep: string }[] = [];
let closes = 0;

async function mount(): Promise<HTMLElement> {
  const element = createElement('c-partner-offboarding-panel', { is: PartnerOffboardingPanel });
  Object.assign(element, { accountId: FABRIKAM.id, queues: [POOL, OWN_QUEUE] });
  element.addEventListener('offboardingchange', (event) => {
    changes.push((event as CustomEvent<{ accountId: string; nextStep: string }>).detail);
  });
  element.addEventListener('close', () => closes++);
  document.body.appendChild(element);
  await flush();
  return element;
}

const root = (element: HTMLElement) => element.shadowRoot as ShadowRoot;
const find = (element: HTMLElement, dataId: string) =>
  root(element).querySelector<Stub>(`[data-id="${dataId}"]`);
const all = (element: HTMLElement, dataId: string) =>
  Array.from(root(element).querySelectorAll<Stub>(`[data-id="${dataId}"]`));
function get(element: HTMLElement, dataId: string): Stub {
  const found = find(element, dataId);
  if (!found) throw new Error(`Nothing with data-id="${dataId}" is rendered.`);
  return found;
}

function words(node: Node): string {
  const pieces: string[] = [];
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  for (let current = walker.nextNode(); current; current = walker.nextNode()) {
    const piece = (current.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (piece) pieces.push(piece);
  }
  return pieces.join(' ');
}
const text = (element: HTMLElement, dataId: string) => words(get(element, dataId));
const texts = (element: HTMLElement, dataId: string) => all(element, dataId).map(words);

async function fire(target: HTMLElement, name: string, detail?: unknown) {
  target.dispatchEvent(new CustomEvent(name, { detail }));
  await flush();
}
async function click(target: HTMLElement) {
  target.click();
  await flush();
}
const type = (element: HTMLElement, value: string) =>
  fire(get(element, 'offboarding-confirmation'), 'change', { value });

const stepStatus = (element: HTMLElement) =>
  Object.fromEntries(
    all(element, 'offboarding-step').map((row) => [row.dataset.key, row.dataset.status]),
  );
const requests = () =>
  mocked(offboardPartner).mock.calls.map((call) => (call[0] as { request: unknown }).request);

/** A call that answers only when the test says so. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

beforeEach(() => {
  changes = [];
  closes = 0;
  mocked(planOffboarding).mockResolvedValue(plan('plan'));
});

afterEach(() => {
  while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  jest.resetAllMocks();
  jest.useRealTimers();
});

describe('the preview', () => {
  it('shows a spinner, then the leads and their new owner, the users, the memberships and the steps', async () => {
    const answer = deferred<OffboardingPlan>();
    mocked(planOffboarding).mockReturnValue(answer.promise);
    const element = await mount();
    expect(find(element, 'offboarding-spinner')).not.toBeNull();
    expect(find(element, 'offboarding-confirm')).toBeNull();
    expect(mocked(planOffboarding).mock.calls[0][0]).toEqual({
      request: { accountId: FABRIKAM.id, newOwnerId: null },
    });

    answer.resolve(plan('plan'));
    await flush();
    expect(find(element, 'offboarding-spinner')).toBeNull();
    expect(text(element, 'offboarding-heading')).toBe('Offboard Fabrikam Inc');
    expect(text(element, 'offboarding-summary')).toBe(
      'Offboarding Fabrikam Inc will reassign 134 open leads, deactivate 2 partner users, remove 3 queue memberships, then, last, set IsPartner to false.',
    );
    expect(text(element, 'offboarding-irreversible')).toBe(
      'The last step sets IsPartner to false. It cannot be undone on the platform. ' +
        plan('plan').irreversible,
    );
    expect(text(element, 'offboarding-leads')).toBe(
      "134 open leads owned by the partner's users. They move in one reassignment you can undo in the lead-assignment console.",
    );
    expect(texts(element, 'offboarding-lead-owner')).toEqual(['Maya Chen user 134 leads']);
    expect(texts(element, 'offboarding-user')).toEqual([
      'Ana Fischer ana.fischer20@fabrikam.partner.localorg Active: will be deactivated 68 open leads',
      'Mei Costa mei.costa22@fabrikam.partner.localorg Active: will be deactivated 66 open leads',
      'Umar Schmidt umar.schmidt21@fabrikam.partner.localorg Inactive 0 open leads',
    ]);
    expect(texts(element, 'offboarding-membership')).toEqual([
      'Ana Fischer leaves Fabrikam Inc Leads',
      'Umar Schmidt leaves Fabrikam Inc Leads',
      'Mei Costa leaves Fabrikam Inc Leads',
    ]);
    expect(stepStatus(element)).toEqual({
      leads: 'todo',
      users: 'todo',
      memberships: 'todo',
      account: 'todo',
    });
    expect(texts(element, 'offboarding-step-detail')[3]).toContain(
      'IsPartner is set to false last',
    );
    expect(get(element, 'offboarding-confirm').label).toBe('Offboard Fabrikam Inc');
    expect(find(element, 'offboarding-resume')).toBeNull();
    expect(offboardPartner).not.toHaveBeenCalled();
    await expect(element).toBeAccessible();
  });

  it('plans again for a queue as the new owner, and sends it with the run', async () => {
    const element = await mount();
    const owner = get(element, 'offboarding-owner');
    expect((owner.options as { label: string; value: string }[]).map((o) => o.label)).toEqual([
      "The account's owner, Maya Chen",
      'Queue: Americas Partner Pool',
    ]);
    mocked(planOffboarding).mockResolvedValue(plan('planToQueue'));
    await fire(owner, 'change', { value: POOL.id });
    expect(mocked(planOffboarding).mock.calls[1][0]).toEqual({
      request: { accountId: FABRIKAM.id, newOwnerId: POOL.id },
    });
    expect(texts(element, 'offboarding-lead-owner')).toEqual([
      'Americas Partner Pool queue 134 leads',
    ]);

    mocked(offboardPartner).mockResolvedValueOnce(step('stepLeads'));
    mocked(offboardPartner).mockRejectedValueOnce(apexError('usersWithoutPermission'));
    await type(element, 'Fabrikam Inc');
    await click(get(element, 'offboarding-confirm'));
    expect(requests()[0]).toEqual({
      accountId: FABRIKAM.id,
      newOwnerId: POOL.id,
      confirmation: 'Fabrikam Inc',
    });
  });

  it('lists what stops the offboarding, and keeps the confirm button off', async () => {
    const element = await mount();
    mocked(planOffboarding).mockResolvedValue(plan('planInactiveOwner'));
    await fire(get(element, 'offboarding-owner'), 'change', { value: '00500000000000XAAQ' });
    expect(texts(element, 'offboarding-problem')).toEqual([
      'New owner of the leads: Jonas Dubois cannot take leads (The user is inactive.); choose another owner.',
    ]);
    expect(texts(element, 'offboarding-lead-owner')[0]).toContain('The user is inactive.');
    await type(element, 'Fabrikam Inc');
    expect(get(element, 'offboarding-confirm').disabled).toBe(true);
    expect(text(element, 'offboarding-confirm-help')).toBe('Fix the problems above first.');
    await click(get(element, 'offboarding-confirm'));
    expect(offboardPartner).not.toHaveBeenCalled();
    await expect(element).toBeAccessible();
  });

  it('says when the preview cannot be loaded, and tries again', async () => {
    mocked(planOffboarding)
      .mockRejectedValueOnce(apexError('badAccount'))
      .mockResolvedValueOnce(plan('plan'));
    const element = await mount();
    expect(text(element, 'offboarding-load-error')).toBe(
      'The offboarding preview could not be loaded: Account: "nope" is not an account Id; choose the partner account to offboard.',
    );
    expect(find(element, 'offboarding-confirm')).toBeNull();
    await expect(element).toBeAccessible();
    await click(get(element, 'offboarding-retry'));
    expect(find(element, 'offboarding-load-error')).toBeNull();
    expect(find(element, 'offboarding-confirm')).not.toBeNull();
  });

  it('says an offboarded partner has nothing left, with no confirmation to type', async () => {
    mocked(planOffboarding).mockResolvedValue(plan('planDone'));
    const element = await mount();
    expect(text(element, 'offboarding-summary')).toBe(
      'Fabrikam Inc is offboarded: its partner users are inactive and out of their queues, and it is no longer a partner account. Nothing is left to do.',
    );
    expect(find(element, 'offboarding-confirm-area')).toBeNull();
    expect(find(element, 'offboarding-irreversible')).toBeNull();
    expect(find(element, 'offboarding-lead-owners')).toBeNull();
    expect(text(element, 'offboarding-memberships-empty')).toBe('No partner user is in a queue.');
    expect(Object.values(stepStatus(element))).toEqual(['done', 'done', 'done', 'done']);
    await expect(element).toBeAccessible();
  });

  it('keeps only the latest preview, and starts again for another account', async () => {
    const element = await mount();
    const slow = deferred<OffboardingPlan>();
    mocked(planOffboarding).mockReturnValueOnce(slow.promise).mockResolvedValueOnce(plan('plan'));
    await fire(get(element, 'offboarding-owner'), 'change', { value: POOL.id });
    await fire(get(element, 'offboarding-owner'), 'change', { value: '' });
    slow.resolve(plan('planToQueue'));
    await flush();
    expect(texts(element, 'offboarding-lead-owner')).toEqual(['Maya Chen user 134 leads']);

    await type(element, 'Fabrikam Inc');
    mocked(planOffboarding).mockResolvedValueOnce(plan('plan'));
    Object.assign(element, { accountId: '001000000000001AAA' });
    await flush();
    expect(mocked(planOffboarding).mock.calls.at(-1)?.[0]).toEqual({
      request: { accountId: '001000000000001AAA', newOwnerId: null },
    });
    expect(get(element, 'offboarding-confirmation').value).toBe('');
    expect(get(element, 'offboarding-confirm').disabled).toBe(true);
  });

  it('closes on request, but not while a step runs', async () => {
    const element = await mount();
    await click(get(element, 'offboarding-close'));
    expect(closes).toBe(1);

    const leads = deferred<OffboardingResult>();
    mocked(offboardPartner).mockReturnValueOnce(leads.promise);
    await type(element, 'Fabrikam Inc');
    await click(get(element, 'offboarding-confirm'));
    expect(get(element, 'offboarding-close').disabled).toBe(true);
    await click(get(element, 'offboarding-close'));
    expect(closes).toBe(1);
    leads.reject(apexError('usersWithoutPermission'));
    await flush();
  });
});

describe('the typed confirmation', () => {
  it('enables the confirm button only for the account name exactly', async () => {
    const element = await mount();
    const confirm = () => get(element, 'offboarding-confirm');
    expect(get(element, 'offboarding-confirmation').label).toBe(
      "Type the account's name, Fabrikam Inc, to confirm",
    );
    expect(confirm().disabled).toBe(true);
    for (const wrong of ['', 'Fabrikam', 'fabrikam inc', 'Fabrikam Inc.', 'Fabrikam  Inc']) {
      // Each attempt as the user types it.
      // eslint-disable-next-line no-await-in-loop
      await type(element, wrong);
      expect([wrong, confirm().disabled]).toEqual([wrong, true]);
    }
    await click(confirm());
    expect(offboardPartner).not.toHaveBeenCalled();

    // The server trims what is typed, and so does the button.
    await type(element, '  Fabrikam Inc ');
    expect(confirm().disabled).toBe(false);
    await type(element, 'Fabrikam Inc');
    expect(confirm().disabled).toBe(false);
    await expect(element).toBeAccessible();
  });
});

describe('running the offboarding', () => {
  it('runs leads, users, memberships and the account in order, one call each after the last', async () => {
    const answers = ['stepLeads', 'stepUsers', 'stepMemberships', 'stepAccount'].map(() =>
      deferred<OffboardingResult>(),
    );
    answers.forEach((answer) => mocked(offboardPartner).mockReturnValueOnce(answer.promise));
    const element = await mount();
    await type(element, 'Fabrikam Inc');
    await click(get(element, 'offboarding-confirm'));

    // Only the leads step is asked for until it answers.
    expect(offboardPartner).toHaveBeenCalledTimes(1);
    expect(stepStatus(element).leads).toBe('running');
    expect(get(element, 'offboarding-confirm').disabled).toBe(true);
    expect(get(element, 'offboarding-confirmation').disabled).toBe(true);
    answers[0].resolve(step('stepLeads'));
    await flush();
    expect(offboardPartner).toHaveBeenCalledTimes(2);
    expect(stepStatus(element)).toEqual({
      leads: 'done',
      users: 'running',
      memberships: 'todo',
      account: 'todo',
    });
    expect(texts(element, 'offboarding-step-detail')[0]).toBe(step('stepLeads').message);
    answers[1].resolve(step('stepUsers'));
    await flush();
    expect(offboardPartner).toHaveBeenCalledTimes(3);
    expect(stepStatus(element).memberships).toBe('running');
    answers[2].resolve(step('stepMemberships'));
    await flush();
    expect(offboardPartner).toHaveBeenCalledTimes(4);
    expect(stepStatus(element).account).toBe('running');
    answers[3].resolve(step('stepAccount'));
    await flush();

    expect(offboardPartner).toHaveBeenCalledTimes(4);
    const request = { accountId: FABRIKAM.id, newOwnerId: null, confirmation: 'Fabrikam Inc' };
    expect(requests()).toEqual([request, request, request, request]);
    expect(stepStatus(element)).toEqual({
      leads: 'done',
      users: 'done',
      memberships: 'done',
      account: 'done',
    });
    expect(texts(element, 'offboarding-step-detail')).toEqual([
      '134 open leads reassigned (batch a00000000000002AAA). Undo it in the lead-assignment console.',
      '2 partner users deactivated.',
      '3 queue memberships removed.',
      'Fabrikam Inc is no longer a partner account. This cannot be undone: its partner roles and groups are deleted.',
    ]);
    expect(get(element, 'offboarding-progress').value).toBe(100);
    expect(text(element, 'offboarding-outcome')).toBe(
      'Fabrikam Inc is offboarded. The leads moved in batch a00000000000002AAA: undo it in the lead-assignment console if needed.',
    );
    expect(find(element, 'offboarding-confirm-area')).toBeNull();
    expect(changes.map((c) => c.nextStep)).toEqual(['users', 'memberships', 'account', 'done']);
    expect(find(element, 'offboarding-stop')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('stops at a step the server refuses, reports it, and continues from there', async () => {
    mocked(offboardPartner)
      .mockResolvedValueOnce(step('stepLeads'))
      .mockRejectedValueOnce(apexError('usersWithoutPermission'));
    const element = await mount();
    await type(element, 'Fabrikam Inc');
    await click(get(element, 'offboarding-confirm'));

    expect(offboardPartner).toHaveBeenCalledTimes(2);
    expect(stepStatus(element)).toEqual({
      leads: 'done',
      users: 'failed',
      memberships: 'todo',
      account: 'todo',
    });
    const message = recorded.errors.usersWithoutPermission.message;
    expect(texts(element, 'offboarding-step-detail')[1]).toBe(message);
    expect(text(element, 'offboarding-stop')).toBe(
      `The offboarding stopped at "Deactivate partner users": ${message} The steps before it stay done; Continue runs the rest.`,
    );
    expect(get(element, 'offboarding-stop').getAttribute('role')).toBe('alert');
    expect(find(element, 'offboarding-outcome')).toBeNull();
    expect(changes.map((c) => c.nextStep)).toEqual(['users']);
    expect(get(element, 'offboarding-confirm').label).toBe('Continue offboarding Fabrikam Inc');
    await expect(element).toBeAccessible();

    // Continue: the server recomputes from the org, so the run picks up at the users.
    mocked(offboardPartner)
      .mockResolvedValueOnce(step('stepUsers'))
      .mockResolvedValueOnce(step('stepMemberships'))
      .mockResolvedValueOnce(step('stepAccount'));
    await click(get(element, 'offboarding-confirm'));
    expect(offboardPartner).toHaveBeenCalledTimes(5);
    expect(find(element, 'offboarding-stop')).toBeNull();
    expect(Object.values(stepStatus(element))).toEqual(['done', 'done', 'done', 'done']);
    expect(text(element, 'offboarding-outcome')).toContain('Fabrikam Inc is offboarded.');
  });

  it('resumes an offboarding an earlier run stopped: it starts at the users', async () => {
    mocked(planOffboarding).mockResolvedValue(plan('planAfterLeads'));
    mocked(offboardPartner)
      .mockResolvedValueOnce(step('stepUsers'))
      .mockResolvedValueOnce(step('stepMemberships'))
      .mockResolvedValueOnce(step('stepAccount'));
    const element = await mount();
    expect(text(element, 'offboarding-resume')).toBe(
      '1 step is done already; the offboarding continues with "Deactivate partner users".',
    );
    expect(text(element, 'offboarding-summary')).toBe(
      'Offboarding Fabrikam Inc will deactivate 2 partner users, remove 3 queue memberships, then, last, set IsPartner to false.',
    );
    expect(text(element, 'offboarding-leads')).toBe(
      "No open lead is owned by the partner's users.",
    );
    expect(find(element, 'offboarding-owner')).toBeNull();
    expect(get(element, 'offboarding-confirm').label).toBe('Continue offboarding Fabrikam Inc');
    await type(element, 'Fabrikam Inc');
    await click(get(element, 'offboarding-confirm'));
    expect(offboardPartner).toHaveBeenCalledTimes(3);
    expect(texts(element, 'offboarding-step-detail').slice(1)).toEqual([
      '2 partner users deactivated.',
      '3 queue memberships removed.',
      'Fabrikam Inc is no longer a partner account. This cannot be undone: its partner roles and groups are deleted.',
    ]);
    expect(find(element, 'offboarding-batch')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('waits while leads move in the background, then goes on by itself', async () => {
    jest.useFakeTimers();
    mocked(offboardPartner)
      .mockResolvedValueOnce(step('stepWaiting'))
      .mockResolvedValueOnce(step('stepLeads'))
      .mockResolvedValueOnce(step('stepUsers'))
      .mockResolvedValueOnce(step('stepMemberships'))
      .mockResolvedValueOnce(step('stepAccount'));
    const element = await mount();
    await type(element, 'Fabrikam Inc');
    await click(get(element, 'offboarding-confirm'));
    expect(offboardPartner).toHaveBeenCalledTimes(1);
    expect(stepStatus(element).leads).toBe('waiting');
    expect(text(element, 'offboarding-waiting')).toBe(
      'The open leads are moving in the background (batch a00000000000001AAA). This panel checks every few seconds and goes on with the offboarding once they have; you may close it and come back later.',
    );
    expect(find(element, 'offboarding-stop')).toBeNull();
    expect(get(element, 'offboarding-confirm').disabled).toBe(true);
    expect(get(element, 'offboarding-confirmation').disabled).toBe(true);
    expect(text(element, 'offboarding-confirm-help')).toBe(
      'The offboarding goes on by itself once the leads have moved.',
    );

    // Still moving at the first look; done at the second, and the run goes on from the leads.
    mocked(planOffboarding)
      .mockResolvedValueOnce(plan('planWaiting'))
      .mockResolvedValueOnce(plan('plan'));
    await jest.advanceTimersByTimeAsync(3000);
    await flush();
    expect(planOffboarding).toHaveBeenCalledTimes(2);
    expect(offboardPartner).toHaveBeenCalledTimes(1);
    expect(find(element, 'offboarding-waiting')).not.toBeNull();
    await jest.advanceTimersByTimeAsync(3000);
    await flush();
    expect(planOffboarding).toHaveBeenCalledTimes(3);
    expect(offboardPartner).toHaveBeenCalledTimes(5);
    expect(find(element, 'offboarding-waiting')).toBeNull();
    expect(Object.values(stepStatus(element))).toEqual(['done', 'done', 'done', 'done']);
    expect(text(element, 'offboarding-outcome')).toContain('Fabrikam Inc is offboarded.');
    jest.useRealTimers();
    await expect(element).toBeAccessible();
  });

  it('stops waiting after ten minutes, and when the panel is closed', async () => {
    jest.useFakeTimers();
    mocked(offboardPartner).mockResolvedValue(step('stepWaiting'));
    const element = await mount();
    await type(element, 'Fabrikam Inc');
    await click(get(element, 'offboarding-confirm'));
    mocked(planOffboarding).mockResolvedValue(plan('planWaiting'));
    await jest.advanceTimersByTimeAsync(10 * 60 * 1000 + 3000);
    await flush();
    expect(find(element, 'offboarding-waiting')).toBeNull();
    expect(text(element, 'offboarding-stop')).toBe(
      'The offboarding stopped: The leads are still moving in the background after 10 minutes: refresh the preview later, and Continue runs the rest. Continue runs the rest when you are ready.',
    );
    expect(get(element, 'offboarding-confirm').disabled).toBe(true);
    expect(text(element, 'offboarding-confirm-help')).toContain('still running in the background');
    const polls = mocked(planOffboarding).mock.calls.length;
    await jest.advanceTimersByTimeAsync(60_000);
    expect(mocked(planOffboarding).mock.calls.length).toBe(polls);

    // Waiting again, then closed: no more reads.
    mocked(planOffboarding).mockResolvedValue(plan('plan'));
    await click(get(element, 'offboarding-refresh'));
    await click(get(element, 'offboarding-confirm'));
    expect(find(element, 'offboarding-waiting')).not.toBeNull();
    const before = mocked(planOffboarding).mock.calls.length;
    document.body.removeChild(element);
    await jest.advanceTimersByTimeAsync(30_000);
    expect(mocked(planOffboarding).mock.calls.length).toBe(before);
    jest.useRealTimers();
  });

  it('stops at a step whose rows the platform refused, and lists them', async () => {
    // The demo org refuses no user: the recorded answer gets one refused row.
    const refused = step('stepUsers');
    refused.changed = 1;
    refused.failures = [
      '00500000000000DAAQ: UNABLE_TO_LOCK_ROW: unable to obtain exclusive access',
    ];
    refused.plan = plan('planAfterLeads');
    mocked(offboardPartner).mockResolvedValueOnce(step('stepLeads')).mockResolvedValueOnce(refused);
    const element = await mount();
    await type(element, 'Fabrikam Inc');
    await click(get(element, 'offboarding-confirm'));
    expect(offboardPartner).toHaveBeenCalledTimes(2);
    expect(stepStatus(element).users).toBe('failed');
    expect(texts(element, 'offboarding-step-failure')).toEqual(refused.failures);
    expect(text(element, 'offboarding-stop')).toBe(
      'The offboarding stopped: "Deactivate partner users" is not finished: the platform refused 1 row (listed under the step). Continue runs the rest when you are ready.',
    );
    expect(get(element, 'offboarding-confirm').disabled).toBe(false);
    await expect(element).toBeAccessible();
  });

  it('holds the run while the preview says a reassignment is running', async () => {
    mocked(planOffboarding).mockResolvedValue(plan('planWaiting'));
    const element = await mount();
    expect(stepStatus(element).leads).toBe('waiting');
    await type(element, 'Fabrikam Inc');
    expect(get(element, 'offboarding-confirm').disabled).toBe(true);
  });
});
