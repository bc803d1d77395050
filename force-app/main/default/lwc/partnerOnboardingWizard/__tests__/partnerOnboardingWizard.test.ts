import { createElement } from 'lwc';
import PartnerOnboardingWizard from 'c/partnerOnboardingWizard';
import getReadiness from '@salesforce/apex/PartnerOnboardingController.getReadiness';
import searchAccounts from '@salesforce/apex/PartnerOnboardingController.searchAccounts';
import planOnboarding from '@salesforce/apex/PartnerOnboardingController.planOnboarding';
import findOrCreateAccount from '@salesforce/apex/PartnerOnboardingController.findOrCreateAccount';
import saveContacts from '@salesforce/apex/PartnerOnboardingController.saveContacts';
import enablePartnerUsers from '@salesforce/apex/PartnerOnboardingController.enablePartnerUsers';
import sendLoginEmail from '@salesforce/apex/PartnerOnboardingController.sendLoginEmail';
import getPartnerStatus from '@salesforce/apex/PartnerOnboardingController.getPartnerStatus';
import planOffboarding from '@salesforce/apex/PartnerOnboardingController.planOffboarding';
import type { ShowToastEventDetail } from 'lightning/platformShowToastEvent';
import type {} from '@sa11y/jest';
import type {
  OnboardingRequest,
  PartnerOnboardingApi,
  Readiness,
} from '../../../../../../types/partnerOnboarding';
import data from './data/partnerOnboarding.json';
import offboardingData from '../../partnerOffboardingPanel/__tests__/data/partnerOffboarding.json';

jest.mock(
  '@salesforce/apex/PartnerOnboardingController.getReadiness',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
jest.mock(
  '@salesforce/apex/PartnerOnboardingController.searchAccounts',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
jest.mock(
  '@salesforce/apex/PartnerOnboardingController.planOnboarding',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
jest.mock(
  '@salesforce/apex/PartnerOnboardingController.findOrCreateAccount',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
jest.mock(
  '@salesforce/apex/PartnerOnboardingController.saveContacts',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
jest.mock(
  '@salesforce/apex/PartnerOnboardingController.enablePartnerUsers',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
jest.mock(
  '@salesforce/apex/PartnerOnboardingController.sendLoginEmail',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
jest.mock(
  '@salesforce/apex/PartnerOnboardingController.getPartnerStatus',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
// The offboarding panel (c-partner-offboarding-panel, tested on its own) renders for real here.
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

// Real answers of the Apex (__tests__/data/partnerOnboarding.json, recorded on the local org):
// the mocks answer with fresh copies of them, never with hand-written shapes.
type Method = keyof PartnerOnboardingApi;
interface Recorded {
  examples: Record<string, { method: Method; request: unknown; result: unknown }>;
  errors: Record<string, { method: Method; request: unknown; message: string }>;
}
const recorded = data as unknown as Recorded;

// jsdom has no structuredClone; the answers are plain JSON anyway.
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function example<M extends Method>(method: M, name: string) {
  const entry = recorded.examples[name];
  if (!entry || entry.method !== method) throw new Error(`No ${method} example "${name}".`);
  return copy(entry) as {
    request: PartnerOnboardingApi[M]['request'];
    result: PartnerOnboardingApi[M]['result'];
  };
}

const result = <M extends Method>(method: M, name: string) => example(method, name).result;

/** What an Apex call rejects with for a recorded AuraHandledException. */
function apexError(name: string) {
  const entry = recorded.errors[name];
  if (!entry) throw new Error(`No recorded error "${name}".`);
  return {
    status: 500,
    body: { message: entry.message, exceptionType: 'System.AuraHandledException' },
  };
}

/** The onboarding the recordings were made with: Acme Partners, Ada (partner user) and Bob. */
const ACME: OnboardingRequest = example('planOnboarding', 'planNew').request;
const GLOBEX: OnboardingRequest = example('planOnboarding', 'planEnable').request;

type Stub = HTMLElement & Record<string, unknown>;
const mocked = (fn: unknown) => fn as jest.Mock;

// The real setImmediate, untouched by fake timers: it runs once every pending promise has settled.
const { setImmediate: realSetImmediate } = jest.requireActual<typeof import('timers')>('timers');
const tick = () => new Promise((resolve) => realSetImmediate(resolve));
async function flush() {
  // Promises settle in turns: each tick lets one more round of them run.
  await tick();
  await tick();
  await tick();
  await tick();
  await tick();
}

let toasts: ShowToastEventDetail[] = [];

async function mount(props: Record<string, unknown> = {}): Promise<HTMLElement> {
  const element = createElement('c-partner-onboarding-wizard', { is: PartnerOnboardingWizard });
  Object.assign(element, props);
  element.addEventListener('lightning__showtoast', (event) => {
    toasts.push((event as CustomEvent<ShowToastEventDetail>).detail);
  });
  document.body.appendChild(element);
  await flush();
  return element;
}

const root = (element: HTMLElement) => element.shadowRoot as ShadowRoot;

function find(element: HTMLElement, dataId: string): Stub | null {
  return root(element).querySelector<Stub>(`[data-id="${dataId}"]`);
}

function all(element: HTMLElement, dataId: string): Stub[] {
  return Array.from(root(element).querySelectorAll<Stub>(`[data-id="${dataId}"]`));
}

function get(element: HTMLElement, dataId: string): Stub {
  const found = find(element, dataId);
  if (!found) throw new Error(`Nothing with data-id="${dataId}" is rendered.`);
  return found;
}

/** The words of a node as a reader meets them: its text pieces, one space apart. */
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

const next = (element: HTMLElement) => click(get(element, 'nav-next'));
const back = (element: HTMLElement) => click(get(element, 'nav-back'));

const lastRequest = <T>(fn: unknown): T => {
  const { calls } = mocked(fn).mock;
  return (calls[calls.length - 1][0] as { request: T }).request;
};

async function typeAccount(element: HTMLElement, name: string, website: string) {
  await fire(get(element, 'account-name'), 'change', { value: name });
  await fire(get(element, 'account-website'), 'change', { value: website });
}

/** Types a contact into the nth contact fieldset (adding fieldsets as needed). */
async function typeContact(
  element: HTMLElement,
  index: number,
  contact: OnboardingRequest['contacts'][number],
) {
  // A user adds the fieldsets one click at a time.
  // eslint-disable-next-line no-await-in-loop
  while (all(element, 'contact').length <= index) await click(get(element, 'contact-add'));
  const field = (dataId: string) => all(element, dataId)[index];
  await fire(field('contact-first-name'), 'change', { value: contact.firstName ?? '' });
  await fire(field('contact-last-name'), 'change', { value: contact.lastName });
  await fire(field('contact-email'), 'change', { value: contact.email });
  await fire(field('contact-title'), 'change', { value: contact.title ?? '' });
  await fire(field('contact-partner-user'), 'change', { checked: contact.partnerUser });
}

/** Walks from the readiness step to the review, entering the request as a user would. */
async function enter(element: HTMLElement, request: OnboardingRequest) {
  await next(element);
  await typeAccount(element, request.account.name, request.account.website);
  await next(element);
  for (const [index, contact] of request.contacts.entries()) {
    // One contact after another, as a user types them.
    // eslint-disable-next-line no-await-in-loop
    await typeContact(element, index, contact);
  }
  await next(element);
  if (request.contacts.some((c) => c.partnerUser)) {
    await fire(get(element, 'users-profile'), 'change', { value: request.profileName });
    await fire(get(element, 'users-queues'), 'change', { value: request.queueNames });
    await fire(get(element, 'users-permission-sets'), 'change', {
      value: request.permissionSetNames,
    });
  }
}

async function toReview(element: HTMLElement, request: OnboardingRequest = ACME) {
  await enter(element, request);
  await next(element);
}

const runStatus = (element: HTMLElement) =>
  Object.fromEntries(all(element, 'run-step').map((row) => [row.dataset.key, row.dataset.status]));

beforeEach(() => {
  toasts = [];
  mocked(getReadiness).mockResolvedValue(result('getReadiness', 'readiness'));
  mocked(searchAccounts).mockResolvedValue(result('searchAccounts', 'searchNone'));
  mocked(planOnboarding).mockResolvedValue(result('planOnboarding', 'planNew'));
  mocked(findOrCreateAccount).mockResolvedValue(result('findOrCreateAccount', 'stepAccount'));
  mocked(saveContacts).mockResolvedValue(result('saveContacts', 'stepContacts'));
  mocked(enablePartnerUsers).mockResolvedValue(result('enablePartnerUsers', 'stepUsers'));
  mocked(sendLoginEmail).mockResolvedValue(result('sendLoginEmail', 'email'));
  mocked(getPartnerStatus).mockResolvedValue(result('getPartnerStatus', 'statusAcme'));
});

afterEach(() => {
  while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  jest.resetAllMocks();
  jest.useRealTimers();
});

describe('readiness', () => {
  it('shows a spinner, then every check, the licences and that onboarding can go ahead', async () => {
    let answer: (value: Readiness) => void = () => undefined;
    mocked(getReadiness).mockReturnValue(new Promise((resolve) => (answer = resolve)));
    const element = await mount();
    expect(find(element, 'readiness-spinner')).not.toBeNull();
    expect(get(element, 'progress').currentStep).toBe('readiness');
    expect(text(element, 'step-heading')).toBe('Step 1 of 5: Readiness');

    answer(result('getReadiness', 'readiness'));
    await flush();

    expect(find(element, 'readiness-spinner')).toBeNull();
    expect(text(element, 'readiness-summary')).toBe('Ready to onboard, with 1 warning.');
    expect(all(element, 'readiness-item').map((item) => item.dataset.key)).toEqual([
      'partnerAccounts',
      'digitalExperiences',
      'liveSite',
      'partnerLicences',
      'siteMembers',
      'welcomeEmail',
      'runningUserRole',
      'leadAssignmentRule',
    ]);
    expect(texts(element, 'readiness-fix')[0]).toContain('select "Send welcome email"');
    expect(get(element, 'readiness-setup-link').getAttribute('href')).toBe(
      '/lightning/setup/SetupNetworks/home',
    );
    expect(text(element, 'readiness-licences')).toBe(
      'Partner Community: 40 of 60 left Partner Community Login: 10 of 20 left',
    );
    expect(get(element, 'nav-next').disabled).toBe(false);
    expect(get(element, 'nav-back').disabled).toBe(true);
    expect(text(element, 'announcer')).toBe('Ready to onboard, with 1 warning.');
    await expect(element).toBeAccessible();
  });

  it('holds the wizard at readiness while a check blocks onboarding, and checks again', async () => {
    mocked(getReadiness).mockResolvedValueOnce(result('getReadiness', 'readinessNoRole'));
    const element = await mount();
    expect(text(element, 'readiness-summary')).toBe(
      '1 check blocks onboarding: fix it in Setup, then check again.',
    );
    const role = all(element, 'readiness-item').find((i) => i.dataset.key === 'runningUserRole');
    expect(role?.textContent).toContain('You have no role');
    expect(role?.querySelector('a')?.getAttribute('href')).toBe(
      '/lightning/setup/ManageUsers/home',
    );
    expect(get(element, 'nav-next').disabled).toBe(true);
    await next(element);
    expect(get(element, 'progress').currentStep).toBe('readiness');

    await click(get(element, 'readiness-recheck'));
    expect(getReadiness).toHaveBeenCalledTimes(2);
    expect(get(element, 'nav-next').disabled).toBe(false);
  });

  it('says when the checks cannot be loaded, and tries again', async () => {
    mocked(getReadiness).mockRejectedValueOnce({
      status: 500,
      body: { message: 'Insufficient privileges', exceptionType: 'System.NoAccessException' },
    });
    const element = await mount();
    expect(text(element, 'readiness-error')).toContain(
      'The readiness checks could not be loaded: Insufficient privileges',
    );
    expect(get(element, 'nav-next').disabled).toBe(true);
    await expect(element).toBeAccessible();

    await click(get(element, 'readiness-retry'));
    expect(find(element, 'readiness-error')).toBeNull();
    expect(find(element, 'readiness-items')).not.toBeNull();
  });
});

describe('partner account', () => {
  it('requires the name and website before going on, and lists what is missing', async () => {
    const element = await mount();
    await next(element);
    expect(text(element, 'step-heading')).toBe('Step 2 of 5: Partner account');
    expect(get(element, 'account-name').required).toBe(true);
    expect(get(element, 'account-website').pattern).toBe('\\S+');

    await next(element);
    expect(get(element, 'progress').currentStep).toBe('account');
    expect(texts(element, 'step-error')).toEqual([
      'Enter the partner account’s name.',
      'Enter the partner’s website, like acme.com.',
    ]);
    expect(get(element, 'step-errors').getAttribute('role')).toBe('alert');
    expect(text(element, 'announcer')).toBe(
      '2 problems to fix before going on. Enter the partner account’s name.',
    );

    // The list follows the typing.
    await fire(get(element, 'account-name'), 'change', { value: 'Acme Partners' });
    await fire(get(element, 'account-website'), 'change', { value: 'acme example' });
    expect(texts(element, 'step-error')).toEqual([
      'Write the website without spaces, like acme.com or https://www.acme.com.',
    ]);
    await fire(get(element, 'account-website'), 'change', { value: 'acme.example' });
    expect(find(element, 'step-errors')).toBeNull();
    await next(element);
    expect(get(element, 'progress').currentStep).toBe('contacts');
  });

  it('searches once typing pauses and says a new account will be created', async () => {
    jest.useFakeTimers();
    const element = await mount();
    await next(element);
    await fire(get(element, 'account-name'), 'change', { value: 'A' });
    await fire(get(element, 'account-name'), 'change', { value: 'Acme Partners' });
    await fire(get(element, 'account-website'), 'change', { value: 'acme.example' });
    expect(searchAccounts).not.toHaveBeenCalled();

    await jest.advanceTimersByTimeAsync(300);
    await flush();
    expect(searchAccounts).toHaveBeenCalledTimes(1);
    expect(lastRequest(searchAccounts)).toEqual(example('searchAccounts', 'searchNone').request);
    expect(text(element, 'account-outcome')).toBe(
      'No existing account matches: the onboarding will create a new partner account, owned by you.',
    );
    expect(find(element, 'account-matches')).toBeNull();
  });

  it('says when the onboarding will reuse an existing partner account', async () => {
    mocked(searchAccounts).mockResolvedValue(result('searchAccounts', 'searchExact'));
    jest.useFakeTimers();
    const element = await mount();
    await next(element);
    await typeAccount(element, 'Acme Partners', 'acme.example');
    await jest.advanceTimersByTimeAsync(300);
    await flush();

    expect(text(element, 'account-outcome')).toBe(
      'Acme Partners exists as a partner account: the onboarding will reuse it.',
    );
    expect(all(element, 'account-match')).toHaveLength(1);
    expect(find(element, 'account-match-reused')).not.toBeNull();
    expect(text(element, 'account-match-note')).toBe(
      'The onboarding will reuse this partner account.',
    );
    expect(get(element, 'account-match-link').getAttribute('href')).toBe(
      '/lightning/r/Account/00100000000000DAAQ/view',
    );
    expect(text(element, 'announcer')).toBe(
      'Acme Partners exists as a partner account: the onboarding will reuse it.',
    );
    jest.useRealTimers();
    await expect(element).toBeAccessible();
  });

  it('offers the website of an account with the same name, and searches again with it', async () => {
    mocked(searchAccounts).mockResolvedValue(result('searchAccounts', 'searchOtherWebsite'));
    jest.useFakeTimers();
    const element = await mount();
    await next(element);
    await typeAccount(element, 'Northwind Traders', 'northwind.example');
    await jest.advanceTimersByTimeAsync(300);
    await flush();
    expect(text(element, 'account-outcome')).toBe(
      'An account has this name with another website: the review will refuse it until the website matches or the name differs.',
    );
    expect(text(element, 'account-match-note')).toContain(
      'use its website https://www.northwind.example.com',
    );

    mocked(searchAccounts).mockResolvedValue([
      { ...result('searchAccounts', 'searchOtherWebsite')[0], exact: true },
    ]);
    await click(get(element, 'account-match-use'));
    expect(get(element, 'account-website').value).toBe('https://www.northwind.example.com');
    expect(lastRequest(searchAccounts)).toEqual({
      name: 'Northwind Traders',
      website: 'https://www.northwind.example.com',
    });
    expect(text(element, 'account-outcome')).toBe(
      'Northwind Traders exists as a partner account: the onboarding will reuse it.',
    );
  });

  it('keeps only the answer to the latest search, and reports a failed search', async () => {
    let answerFirst: (value: unknown) => void = () => undefined;
    mocked(searchAccounts)
      .mockReturnValueOnce(new Promise((resolve) => (answerFirst = resolve)))
      .mockRejectedValueOnce({ body: { message: 'Search is unavailable.' } });
    jest.useFakeTimers();
    const element = await mount();
    await next(element);
    await typeAccount(element, 'Northwind', '');
    await jest.advanceTimersByTimeAsync(300);
    await fire(get(element, 'account-website'), 'change', { value: 'acme.example' });
    await jest.advanceTimersByTimeAsync(300);
    await flush();
    answerFirst(result('searchAccounts', 'searchOtherWebsite'));
    await flush();

    expect(find(element, 'account-matches')).toBeNull();
    expect(text(element, 'account-search-error')).toBe(
      'Existing accounts could not be searched: Search is unavailable.',
    );

    // Less than 2 characters and no website: no search, nothing shown.
    await typeAccount(element, 'N', '');
    await jest.advanceTimersByTimeAsync(300);
    await flush();
    expect(searchAccounts).toHaveBeenCalledTimes(2);
    expect(find(element, 'account-search-error')).toBeNull();
    expect(find(element, 'account-outcome')).toBeNull();
  });
});

describe('contacts', () => {
  async function toContacts(element: HTMLElement) {
    await next(element);
    await typeAccount(element, 'Acme Partners', 'acme.example');
    await next(element);
  }

  it('starts with one contact, and adds and removes several, each with a partner user toggle', async () => {
    const element = await mount();
    await toContacts(element);
    expect(all(element, 'contact')).toHaveLength(1);
    expect(get(element, 'contact-remove').disabled).toBe(true);
    expect(get(element, 'contact-partner-user').checked).toBe(true);
    expect(text(element, 'contact-count')).toBe('1 contact, 1 partner user.');

    await click(get(element, 'contact-add'));
    await click(get(element, 'contact-add'));
    expect(all(element, 'contact')).toHaveLength(3);
    expect(text(element, 'announcer')).toBe('Contact 3 added.');
    expect(all(element, 'contact-remove').map((b) => b.alternativeText)).toEqual([
      'Remove contact 1',
      'Remove contact 2',
      'Remove contact 3',
    ]);

    await typeContact(element, 1, ACME.contacts[1]);
    expect(text(element, 'contact-count')).toBe('3 contacts, 2 partner users.');
    expect(all(element, 'contact-title')[1].maxLength).toBe(128);
    expect(all(element, 'contact-title')[0].maxLength).toBe(80);

    await click(all(element, 'contact-remove')[1]);
    expect(all(element, 'contact')).toHaveLength(2);
    expect(text(element, 'announcer')).toBe('Contact 2 (Bob Stone) removed.');
    expect(all(element, 'contact-last-name').map((input) => input.value)).toEqual(['', '']);
    await expect(element).toBeAccessible();
  });

  it('checks required fields, the e-mail format and repeated e-mails as they are typed', async () => {
    const element = await mount();
    await toContacts(element);
    await click(get(element, 'contact-add'));
    const email = get(element, 'contact-email');
    expect(email.type).toBe('email');
    expect(email.required).toBe(true);
    expect(get(element, 'contact-last-name').required).toBe(true);

    await next(element);
    expect(get(element, 'progress').currentStep).toBe('contacts');
    expect(texts(element, 'step-error')).toEqual([
      'Contact 1: Enter the contact’s last name.',
      'Contact 1: Enter the contact’s e-mail address.',
      'Contact 2: Enter the contact’s last name.',
      'Contact 2: Enter the contact’s e-mail address.',
    ]);

    await typeContact(element, 0, { ...ACME.contacts[0], email: 'ada@acme' });
    await typeContact(element, 1, { ...ACME.contacts[1], email: 'ADA@acme.example' });
    expect(texts(element, 'step-error')).toEqual([
      'Contact 1: Write the e-mail address as name@company.com.',
    ]);
    await fire(all(element, 'contact-email')[0], 'change', { value: 'ada@acme.example' });
    expect(texts(element, 'step-error')).toEqual([
      'Contact 2: Contact 1 has this e-mail already: a contact can be entered only once.',
    ]);
    await fire(all(element, 'contact-email')[1], 'change', { value: 'bob@acme.example' });
    expect(find(element, 'step-errors')).toBeNull();
    await next(element);
    expect(get(element, 'progress').currentStep).toBe('users');
  });

  it('keeps everything entered when going back and forward', async () => {
    const element = await mount();
    await enter(element, ACME);
    await back(element);
    expect(all(element, 'contact-email').map((input) => input.value)).toEqual([
      'ada@acme.example',
      'bob@acme.example',
    ]);
    expect(all(element, 'contact-partner-user').map((input) => input.checked)).toEqual([
      true,
      false,
    ]);
    await back(element);
    expect(get(element, 'account-name').value).toBe('Acme Partners');
    expect(get(element, 'account-website').value).toBe('acme.example');
    await next(element);
    await next(element);
    expect(get(element, 'users-profile').value).toBe('Partner Community User');
    expect(get(element, 'users-queues').value).toEqual(['Adventure_Works_Leads']);
    expect(get(element, 'users-permission-sets').value).toEqual(['Channel_Kit_Partner']);
  });
});

describe('partner users', () => {
  it('offers the partner profiles (live-site ones first) with their licences, the queues and the permission sets', async () => {
    const readiness = result('getReadiness', 'readiness');
    // A third profile that is not on the live site comes last, however the server lists it.
    readiness.profiles.unshift({
      id: '00e000000000009AAA',
      name: 'Partner Off Site',
      licenceName: 'Partner Community',
      onLiveSite: false,
    });
    mocked(getReadiness).mockResolvedValue(readiness);
    const element = await mount();
    await next(element);
    await typeAccount(element, 'Acme Partners', 'acme.example');
    await next(element);
    await typeContact(element, 0, ACME.contacts[0]);
    await next(element);

    expect(text(element, 'users-summary')).toBe('1 partner user: Ada Lovelace.');
    const profile = get(element, 'users-profile');
    expect(profile.required).toBe(true);
    expect(profile.options).toEqual([
      {
        label: 'Partner Community Login User',
        value: 'Partner Community Login User',
        description: 'Partner Community Login licence, 10 left',
      },
      {
        label: 'Partner Community User',
        value: 'Partner Community User',
        description: 'Partner Community licence, 40 left',
      },
      {
        label: 'Partner Off Site (not on a live site)',
        value: 'Partner Off Site',
        description:
          'Partner Community licence, 40 left. Not a member of a live site: its users cannot log in.',
      },
    ]);
    const queues = get(element, 'users-queues').options as { label: string; value: string }[];
    expect(queues[0]).toEqual({ label: 'Adventure Works Leads', value: 'Adventure_Works_Leads' });
    expect(queues).toHaveLength(readiness.queues.length);
    expect(get(element, 'users-permission-sets').options).toEqual([
      { label: 'Channel Kit Manager', value: 'Channel_Manager' },
      { label: 'Channel Kit Partner', value: 'Channel_Kit_Partner' },
      { label: 'Channel Kit Partner Onboarding', value: 'Partner_Onboarding' },
    ]);

    await next(element);
    expect(texts(element, 'step-error')).toEqual(['Choose the partner users’ profile.']);

    await fire(profile, 'change', { value: 'Partner Community Login User' });
    expect(text(element, 'users-licence')).toBe('Partner Community Login: 10 of 20 left.');
    await fire(profile, 'change', { value: 'Partner Off Site' });
    expect(text(element, 'users-off-site')).toContain('not a member of a live site');
    await expect(element).toBeAccessible();
  });

  it('warns when the chosen profile has fewer licences left than new users', async () => {
    const readiness = result('getReadiness', 'readiness');
    readiness.licences[0].left = 0;
    mocked(getReadiness).mockResolvedValue(readiness);
    const element = await mount();
    await enter(element, ACME);
    expect(text(element, 'users-licence')).toBe(
      'Partner Community: 0 of 60 left: not enough for 1 new user (existing users need none).',
    );
  });

  it('has nothing to choose when no contact gets a user, and sends no user settings', async () => {
    const element = await mount();
    await enter(element, {
      ...ACME,
      contacts: [ACME.contacts[1]],
    });
    expect(text(element, 'users-none')).toContain('No contact gets a partner user');
    expect(find(element, 'users-profile')).toBeNull();
    await next(element);
    expect(lastRequest<OnboardingRequest>(planOnboarding)).toEqual({
      ...ACME,
      contacts: [ACME.contacts[1]],
      profileName: null,
      queueNames: [],
      permissionSetNames: [],
    });
  });
});

describe('review', () => {
  it('shows exactly what will be created, and creates nothing before the user confirms', async () => {
    const element = await mount();
    await toReview(element);

    expect(text(element, 'step-heading')).toBe('Step 5 of 5: Review and send');
    expect(planOnboarding).toHaveBeenCalledTimes(1);
    expect(lastRequest(planOnboarding)).toEqual(ACME);
    expect(text(element, 'review-account-text')).toBe(
      'Create the account Acme Partners (acme.example), owned by Maya Chen, and enable it as a partner account.',
    );
    const [ada, bob] = all(element, 'review-contact');
    const inRow = (row: HTMLElement, dataId: string) => {
      const node = row.querySelector(`[data-id="${dataId}"]`);
      return node ? words(node) : '';
    };
    expect(inRow(ada, 'review-contact-action')).toBe('Create the contact');
    expect(inRow(ada, 'review-user-action')).toBe('Create a partner user');
    expect(inRow(ada, 'review-user-details')).toBe(
      'Username ada@acme.example, nickname ada, alias alovelac',
    );
    expect(inRow(ada, 'review-login-email')).toBe(
      'Login e-mail: a password reset e-mail, sent after the user is created',
    );
    expect(inRow(ada, 'review-queues')).toBe('Joins Adventure Works Leads');
    expect(inRow(bob, 'review-user-action')).toBe('No partner user');
    expect(bob.querySelector('[data-id="review-user-details"]')).toBeNull();
    expect(text(element, 'review-permission-sets')).toBe(
      'New partner users get the permission set Channel Kit Partner.',
    );
    expect(text(element, 'review-creates')).toBe(
      'Will create 1 partner account, 2 contacts, 1 partner user, 1 queue membership and 1 permission set assignment.',
    );
    expect(find(element, 'review-resume')).toBeNull();
    expect(find(element, 'review-problem-summary')).toBeNull();
    expect(get(element, 'review-create').label).toBe('Create and send');
    expect(get(element, 'review-create').disabled).toBe(false);
    expect(find(element, 'nav-next')).toBeNull();
    for (const step of [findOrCreateAccount, saveContacts, enablePartnerUsers, sendLoginEmail]) {
      expect(step).not.toHaveBeenCalled();
    }
    await expect(element).toBeAccessible();
  });

  it('shows a problem beside its contact and field, and leads back to fix it', async () => {
    const planned = example('planOnboarding', 'planContactElsewhere');
    mocked(planOnboarding).mockResolvedValue(planned.result);
    const element = await mount();
    await toReview(element, planned.request);

    expect(text(element, 'review-problem-summary')).toBe(
      '1 problem must be fixed before anything is created.',
    );
    const [hiro, bob] = all(element, 'review-contact');
    expect(words(hiro.querySelector('[data-id="review-contact-problems"]') as Node)).toContain(
      'Email: A contact with this e-mail already exists under account "Northwind Traders" (001000000000001AAA), not under "Acme Partners" (acme.example).',
    );
    expect(hiro.textContent).toContain("Put that account's name and website on this contact");
    expect(hiro.textContent).toContain('Not planned until the problems below are fixed');
    expect(bob.querySelector('[data-id="review-contact-problems"]')).toBeNull();
    expect(text(element, 'review-creates')).toBe(
      'Nothing is created until the problems are fixed.',
    );
    expect(get(element, 'review-create').disabled).toBe(true);
    await expect(element).toBeAccessible();

    const change = get(element, 'review-problem-change');
    expect(change.label).toBe('Change in Contacts');
    await click(change);
    expect(get(element, 'progress').currentStep).toBe('contacts');
    expect(text(element, 'step-review-problems')).toContain(
      'Contact 1, Email: A contact with this e-mail already exists',
    );
  });

  it('shows account problems once in the account section, and general ones at the top', async () => {
    const wrongWebsite = example('planOnboarding', 'planWrongWebsite');
    mocked(planOnboarding).mockResolvedValueOnce(wrongWebsite.result);
    const element = await mount();
    await toReview(element, wrongWebsite.request);

    expect(all(element, 'review-problem')).toHaveLength(1);
    expect(text(element, 'review-account-problems')).toContain(
      'Contact 1, Website: An account named "Northwind Traders" already exists with https://www.northwind.example.com, not northwind.example.',
    );
    expect(text(element, 'review-account-text')).toBe(
      'The account is not planned until the problems below are fixed.',
    );
    await click(get(element, 'review-problem-change'));
    expect(get(element, 'progress').currentStep).toBe('account');
    expect(text(element, 'step-review-problems')).toContain(
      'Write https://www.northwind.example.com',
    );

    mocked(planOnboarding).mockResolvedValueOnce(result('planOnboarding', 'planNoRole'));
    await next(element);
    await next(element);
    await next(element);
    expect(text(element, 'review-general-problems')).toBe(
      'You have no role, and the owner of a partner account must have one, or its partner users cannot be created. Ask your administrator to give you a role (Setup > Users), then plan again.',
    );
    expect(find(element, 'review-problem-change')).toBeNull();
  });

  it('shows the server message when the review fails, and reviews again', async () => {
    mocked(planOnboarding).mockRejectedValueOnce(apexError('planNoContacts'));
    const element = await mount();
    await toReview(element);
    expect(text(element, 'review-error')).toContain('Add at least one contact of the partner.');
    expect(find(element, 'review-create')).toBeNull();
    expect(text(element, 'announcer')).toBe(
      'The review failed. Add at least one contact of the partner.',
    );

    await click(get(element, 'review-retry'));
    expect(planOnboarding).toHaveBeenCalledTimes(2);
    expect(find(element, 'review-error')).toBeNull();
    expect(find(element, 'review-create')).not.toBeNull();
  });
});

describe('running the onboarding', () => {
  it('runs the account, contacts and users steps in order, then e-mails the new user', async () => {
    mocked(planOnboarding)
      .mockResolvedValueOnce(result('planOnboarding', 'planNew'))
      .mockResolvedValueOnce(result('planOnboarding', 'planDone'));
    const element = await mount();
    await toReview(element);
    await click(get(element, 'review-create'));

    const order = [findOrCreateAccount, saveContacts, enablePartnerUsers, sendLoginEmail].map(
      (fn) => mocked(fn).mock.invocationCallOrder[0],
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const step of [findOrCreateAccount, saveContacts, enablePartnerUsers]) {
      expect(step).toHaveBeenCalledTimes(1);
      expect(lastRequest(step)).toEqual(ACME);
    }
    // The plan read after the users step finds the new user for the password reset e-mail.
    expect(mocked(planOnboarding).mock.invocationCallOrder[1]).toBeLessThan(order[3]);
    expect(lastRequest(sendLoginEmail)).toEqual(example('sendLoginEmail', 'email').request);

    expect(runStatus(element)).toEqual({
      account: 'done',
      contacts: 'done',
      users: 'done',
      email: 'done',
    });
    expect(texts(element, 'run-step-status')).toEqual([
      'Done: Created 1 account, enabled as a partner account.',
      'Done: Created 2 contacts.',
      'Done: Created 1 partner user, 1 queue membership and 1 permission set assignment.',
      'Done: Sent 1 password reset e-mail.',
    ]);
    expect(get(element, 'run-progress').value).toBe(100);

    expect(text(element, 'summary-heading')).toBe('Acme Partners is onboarded');
    expect(get(element, 'summary-account-link').getAttribute('href')).toBe(
      '/lightning/r/Account/00100000000000DAAQ/view',
    );
    expect(text(element, 'summary-account')).toContain(
      '(Created and enabled as a partner account)',
    );
    expect(all(element, 'summary-contact-link').map((a) => a.getAttribute('href'))).toEqual([
      '/lightning/r/Contact/00300000000000nAAA/view',
      '/lightning/r/Contact/00300000000000oAAA/view',
    ]);
    expect(get(element, 'summary-user-link').getAttribute('href')).toBe(
      '/lightning/r/User/00500000000000fAAA/view',
    );
    expect(texts(element, 'summary-email-state')).toEqual(['Password reset e-mail sent', '']);
    expect(text(element, 'summary-emails-text')).toBe('Sent 1 password reset e-mail.');
    expect(text(element, 'summary-email')).toBe('ada@acme.example: Password reset e-mail sent');
    expect(find(element, 'summary-resume')).toBeNull();
    expect(find(element, 'review-create')).toBeNull();
    expect(toasts).toEqual([
      {
        title: 'Acme Partners is onboarded',
        message: 'The records are linked in the summary.',
        variant: 'success',
        mode: 'dismissible',
      },
    ]);
    expect(text(element, 'announcer')).toBe(
      'Acme Partners is onboarded. Sent 1 password reset e-mail.',
    );
    // The partner's status, as it stands after the run.
    expect(lastRequest(getPartnerStatus)).toEqual({ accountId: '00100000000000DAAQ' });
    expect(find(element, 'status-table')).not.toBeNull();
    await expect(element).toBeAccessible();
  });

  it('shows per-row failures, sends no e-mail for a user that was not created, and resumes', async () => {
    mocked(planOnboarding)
      .mockResolvedValueOnce(result('planOnboarding', 'planEnable'))
      .mockResolvedValueOnce(result('planOnboarding', 'planAfterFailure'))
      .mockResolvedValueOnce(result('planOnboarding', 'planAfterFailure'));
    mocked(findOrCreateAccount).mockResolvedValue(
      result('findOrCreateAccount', 'stepAccountEnable'),
    );
    mocked(saveContacts).mockResolvedValue(result('saveContacts', 'stepContactsGlobex'));
    mocked(enablePartnerUsers).mockResolvedValue(result('enablePartnerUsers', 'stepUsersFailed'));
    const element = await mount();
    await toReview(element, GLOBEX);
    expect(text(element, 'review-account-text')).toBe(
      'Enable the existing account Globex Resellers (https://globex.example), owned by Lukas Weber, as a partner account.',
    );
    await click(get(element, 'review-create'));

    expect(sendLoginEmail).not.toHaveBeenCalled();
    expect(runStatus(element)).toEqual({
      account: 'done',
      contacts: 'done',
      users: 'failed',
      email: 'skipped',
    });
    expect(texts(element, 'run-step-status')).toEqual([
      'Done: Enabled Globex Resellers as a partner account.',
      'Done: Created 2 contacts.',
      'Failed: Nothing new to create; 1 failure.',
      'Not needed: No new partner user to e-mail.',
    ]);
    expect(text(element, 'summary-heading')).toBe(
      'The onboarding of Globex Resellers is not finished: 1 failure',
    );
    const [gina] = all(element, 'summary-contact');
    expect(gina.textContent).toContain('UNKNOWN_EXCEPTION: portal account owner must have a role');
    expect(gina.textContent).toContain('Partner user not created');
    expect(text(element, 'summary-account')).toContain('(Enabled as a partner account)');
    expect(toasts[0]).toMatchObject({ variant: 'warning', mode: 'sticky' });
    await expect(element).toBeAccessible();

    await click(get(element, 'summary-resume'));
    expect(planOnboarding).toHaveBeenCalledTimes(3);
    expect(find(element, 'summary')).toBeNull();
    expect(text(element, 'review-resume')).toBe(
      'This onboarding was started before: Globex Resellers and its contacts exist. It continues with the partner users; nothing that exists is created again.',
    );
    expect(get(element, 'review-create').label).toBe('Continue the onboarding');
  });

  it('stops at a step the server refuses, and runs nothing after it', async () => {
    mocked(saveContacts).mockRejectedValue(apexError('saveContactsBeforeAccount'));
    const element = await mount();
    await toReview(element);
    await click(get(element, 'review-create'));

    expect(enablePartnerUsers).not.toHaveBeenCalled();
    expect(sendLoginEmail).not.toHaveBeenCalled();
    expect(runStatus(element)).toEqual({
      account: 'done',
      contacts: 'failed',
      users: 'skipped',
      email: 'skipped',
    });
    expect(texts(element, 'run-step-status')[1]).toBe(
      'Failed: Create the partner account first (findOrCreateAccount).',
    );
    expect(text(element, 'summary-heading')).toBe(
      'The onboarding of Acme Partners stopped at: Contacts',
    );
    expect(toasts[0]).toMatchObject({ variant: 'error', mode: 'sticky' });
    expect(find(element, 'summary-resume')).not.toBeNull();
  });

  it('does not create users whose contacts were not saved', async () => {
    mocked(saveContacts).mockResolvedValue({
      created: [result('saveContacts', 'stepContacts').created[1]],
      failures: [{ contactIndex: 0, message: 'DUPLICATES_DETECTED: Use one of these records?' }],
    });
    const element = await mount();
    await toReview(element);
    await click(get(element, 'review-create'));

    expect(enablePartnerUsers).not.toHaveBeenCalled();
    expect(runStatus(element)).toMatchObject({ contacts: 'done', users: 'failed' });
    expect(texts(element, 'run-step-status')[2]).toBe(
      'Failed: 1 partner user cannot be created: their contacts were not saved.',
    );
    expect(text(element, 'summary-failure')).toBe('DUPLICATES_DETECTED: Use one of these records?');
  });
});

describe('running the onboarding: the login e-mails', () => {
  it('says when the new users cannot be read back, and sends no e-mail', async () => {
    mocked(planOnboarding)
      .mockResolvedValueOnce(result('planOnboarding', 'planNew'))
      .mockRejectedValueOnce({ body: { message: 'Request timed out.' } });
    const element = await mount();
    await toReview(element);
    await click(get(element, 'review-create'));

    expect(sendLoginEmail).not.toHaveBeenCalled();
    expect(runStatus(element)).toMatchObject({ users: 'done', email: 'failed' });
    expect(texts(element, 'run-step-status')[3]).toBe(
      'Failed: The new users could not be read back (Request timed out.): send their login e-mails from the status panel.',
    );
    // The account Id came from the account step itself.
    expect(get(element, 'summary-account-link').getAttribute('href')).toBe(
      '/lightning/r/Account/00100000000000DAAQ/view',
    );
  });

  it('reports a refused login e-mail, and an e-mail call that fails', async () => {
    mocked(planOnboarding)
      .mockResolvedValueOnce(result('planOnboarding', 'planNew'))
      .mockResolvedValueOnce(result('planOnboarding', 'planDone'));
    mocked(sendLoginEmail).mockResolvedValueOnce([
      {
        ...result('sendLoginEmail', 'emailInactive')[0],
        userId: '00500000000000fAAA',
        username: 'ada@acme.example',
      },
    ]);
    const element = await mount();
    await toReview(element);
    await click(get(element, 'review-create'));
    expect(runStatus(element)).toMatchObject({ email: 'failed' });
    expect(text(element, 'summary-email')).toBe(
      'ada@acme.example: The user is inactive: reactivate it before sending a login e-mail.',
    );
    expect(text(element, 'summary-heading')).toBe(
      'Acme Partners is onboarded, but 1 login e-mail was not sent',
    );

    mocked(planOnboarding)
      .mockResolvedValueOnce(result('planOnboarding', 'planNew'))
      .mockResolvedValueOnce(result('planOnboarding', 'planDone'));
    mocked(sendLoginEmail).mockRejectedValueOnce({ body: { message: 'Mail is off.' } });
    await click(get(element, 'summary-start-over'));
    expect(get(element, 'progress').currentStep).toBe('account');
    expect(get(element, 'account-name').value).toBe('');
    expect(find(element, 'summary')).toBeNull();
    await typeAccount(element, ACME.account.name, ACME.account.website);
    await next(element);
    for (const [index, contact] of ACME.contacts.entries()) {
      // eslint-disable-next-line no-await-in-loop
      await typeContact(element, index, contact);
    }
    await next(element);
    await fire(get(element, 'users-profile'), 'change', { value: ACME.profileName });
    await fire(get(element, 'users-queues'), 'change', { value: ACME.queueNames });
    await fire(get(element, 'users-permission-sets'), 'change', {
      value: ACME.permissionSetNames,
    });
    await next(element);
    await click(get(element, 'review-create'));
    expect(texts(element, 'run-step-status')[3]).toBe('Failed: Mail is off.');
    expect(text(element, 'summary-emails-text')).toBe('No login e-mail was sent.');
  });
});

describe('resuming', () => {
  it('says the onboarding was started before and continues from the contacts', async () => {
    mocked(planOnboarding)
      .mockResolvedValueOnce(result('planOnboarding', 'planAfterAccount'))
      .mockResolvedValueOnce(result('planOnboarding', 'planDone'));
    const element = await mount();
    await toReview(element);

    expect(text(element, 'review-resume')).toBe(
      'This onboarding was started before: Acme Partners is already a partner account. It continues with the contacts; nothing that exists is created again.',
    );
    expect(text(element, 'review-account-text')).toBe(
      'Reuse the partner account Acme Partners (acme.example), owned by Maya Chen.',
    );
    expect(get(element, 'review-account-link').getAttribute('href')).toBe(
      '/lightning/r/Account/00100000000000DAAQ/view',
    );
    await click(get(element, 'review-create'));

    expect(findOrCreateAccount).not.toHaveBeenCalled();
    expect(saveContacts).toHaveBeenCalledTimes(1);
    expect(enablePartnerUsers).toHaveBeenCalledTimes(1);
    expect(texts(element, 'run-step-status')[0]).toBe('Not needed: Done by an earlier run.');
    expect(text(element, 'summary-account')).toContain('(Existed)');
  });

  it('creates nothing when everything entered exists already', async () => {
    mocked(planOnboarding).mockResolvedValue(result('planOnboarding', 'planDone'));
    const element = await mount();
    await toReview(element);
    expect(text(element, 'review-resume')).toBe(
      'This onboarding was done before: Acme Partners, its contacts and their partner users exist. Nothing will be created.',
    );
    expect(text(element, 'review-creates')).toBe('Nothing new to create.');
    expect(get(element, 'review-create').disabled).toBe(true);
    await click(get(element, 'review-create'));
    expect(findOrCreateAccount).not.toHaveBeenCalled();
  });

  it('reviews again when the draft changed since the review', async () => {
    const element = await mount();
    await toReview(element);
    await back(element);
    await fire(get(element, 'users-profile'), 'change', { value: 'Partner Community Login User' });
    await next(element);
    expect(planOnboarding).toHaveBeenCalledTimes(2);
    expect(lastRequest<OnboardingRequest>(planOnboarding).profileName).toBe(
      'Partner Community Login User',
    );
  });
});

describe('status panel', () => {
  it('shows each contact, user, last login or never, queues and next action', async () => {
    mocked(searchAccounts).mockResolvedValue(result('searchAccounts', 'searchExact'));
    jest.useFakeTimers();
    const element = await mount();
    await next(element);
    await typeAccount(element, 'Acme Partners', 'acme.example');
    await jest.advanceTimersByTimeAsync(300);
    await flush();
    await click(get(element, 'account-match-status'));

    expect(lastRequest(getPartnerStatus)).toEqual({ accountId: '00100000000000DAAQ' });
    expect(text(element, 'status-summary')).toBe(
      'Acme Partners : Partner account, owned by Maya Chen, 2 contacts, 1 partner user; 1 user never logged in.',
    );
    expect(all(element, 'status-row').map((row) => row.dataset.key)).toEqual([
      '00300000000000nAAA',
      '00300000000000oAAA',
    ]);
    expect(texts(element, 'status-last-login')).toEqual(['Never', '']);
    expect(texts(element, 'status-queues')).toEqual(['Adventure Works Leads', '']);
    expect(texts(element, 'status-user')[0]).toContain(
      'Active, Partner Community User (Partner Community) Member of the live site',
    );
    expect(texts(element, 'status-next-action')).toEqual([
      'Never logged in: send the login e-mail again, or check the address.',
      'No partner user: enable one if this contact should work leads.',
    ]);
    jest.useRealTimers();
    await expect(element).toBeAccessible();

    await click(get(element, 'status-send-email'));
    expect(lastRequest(sendLoginEmail)).toEqual({ userIds: ['00500000000000fAAA'] });
    expect(text(element, 'status-email-result')).toBe(
      'Password reset e-mail sent to ada@acme.example.',
    );
    expect(toasts).toEqual([
      {
        title: 'Login e-mail sent',
        message: 'Password reset e-mail sent to ada@acme.example.',
        variant: 'success',
      },
    ]);

    // Bob has no user: he can join this onboarding, to get one.
    await click(get(element, 'status-add-contact'));
    expect(text(element, 'announcer')).toBe(
      'Bob Stone added to the contacts (step 3), with a partner user.',
    );
    await next(element);
    expect(all(element, 'contact-email').map((input) => input.value)).toEqual(['bob@acme.example']);
    expect(get(element, 'contact-first-name').value).toBe('Bob');
  });

  it('shows last logins, and why a login e-mail was not sent', async () => {
    mocked(getPartnerStatus).mockResolvedValue(result('getPartnerStatus', 'statusNorthwind'));
    mocked(sendLoginEmail).mockResolvedValue(result('sendLoginEmail', 'emailInactive'));
    const element = await mount({ recordId: '001000000000001AAA' });
    expect(texts(element, 'status-last-login')[0]).not.toBe('Never');
    expect(texts(element, 'status-last-login')[0]).toMatch(/2026/);
    expect(find(element, 'status-send-email')).toBeNull();
    expect(find(element, 'status-add-contact')).not.toBeNull();
  });

  it('reports a status that cannot be loaded, and tries again', async () => {
    mocked(getPartnerStatus)
      .mockRejectedValueOnce(apexError('statusBadId'))
      .mockResolvedValueOnce(result('getPartnerStatus', 'statusAcme'));
    const element = await mount({ recordId: '001000000000001AAA' });
    expect(text(element, 'status-error')).toBe(
      "The partner's status could not be loaded: Choose a partner account (an Account Id starting with 001).",
    );
    await expect(element).toBeAccessible();
    await click(get(element, 'status-retry'));
    expect(find(element, 'status-error')).toBeNull();
    expect(find(element, 'status-table')).not.toBeNull();

    await click(get(element, 'status-close'));
    expect(find(element, 'status')).toBeNull();
  });

  it('starts from the record it is opened on: the account is filled in and searched', async () => {
    mocked(searchAccounts).mockResolvedValue(result('searchAccounts', 'searchExact'));
    const element = await mount({ recordId: '00100000000000DAAQ' });
    expect(lastRequest(getPartnerStatus)).toEqual({ accountId: '00100000000000DAAQ' });
    expect(lastRequest(searchAccounts)).toEqual({ name: 'Acme Partners', website: 'acme.example' });
    await next(element);
    expect(get(element, 'account-name').value).toBe('Acme Partners');
    expect(get(element, 'account-website').value).toBe('acme.example');
    expect(text(element, 'account-outcome')).toBe(
      'Acme Partners exists as a partner account: the onboarding will reuse it.',
    );
  });

  it('takes a record Id given after it is on the page, and keeps only the latest status', async () => {
    let answerFirst: (value: unknown) => void = () => undefined;
    mocked(getPartnerStatus)
      .mockReturnValueOnce(new Promise((resolve) => (answerFirst = resolve)))
      .mockResolvedValueOnce(result('getPartnerStatus', 'statusAcme'));
    const element = await mount();
    expect(getPartnerStatus).not.toHaveBeenCalled();
    (element as unknown as { recordId: string }).recordId = '001000000000001AAA';
    await flush();
    expect(find(element, 'status-spinner')).not.toBeNull();
    (element as unknown as { recordId: string }).recordId = '00100000000000DAAQ';
    await flush();
    answerFirst(result('getPartnerStatus', 'statusNorthwind'));
    await flush();
    expect(text(element, 'status-summary')).toContain('Acme Partners');
    expect((element as unknown as { recordId: string }).recordId).toBe('00100000000000DAAQ');
    // The latest record wins.
    await next(element);
    expect(get(element, 'account-name').value).toBe('Acme Partners');
  });

  it('adds a contact from the status only once, and plans again on the review', async () => {
    mocked(planOnboarding).mockResolvedValue(result('planOnboarding', 'planNew'));
    const element = await mount({ recordId: '00100000000000DAAQ' });
    await toReview(element, { ...ACME, contacts: [ACME.contacts[0]] });
    expect(planOnboarding).toHaveBeenCalledTimes(1);
    await click(get(element, 'status-add-contact'));
    expect(planOnboarding).toHaveBeenCalledTimes(2);
    expect(lastRequest<OnboardingRequest>(planOnboarding).contacts).toHaveLength(2);
    // Bob is in the onboarding now: the panel no longer offers him.
    expect(find(element, 'status-add-contact')).toBeNull();
  });

  it('says when the account has no contacts yet, and a failed login e-mail', async () => {
    const status = result('getPartnerStatus', 'statusAcme');
    mocked(getPartnerStatus).mockResolvedValueOnce({ ...status, contacts: [] });
    mocked(sendLoginEmail).mockRejectedValue({ body: { message: 'Mail is off.' } });
    const element = await mount({ recordId: '00100000000000DAAQ' });
    expect(text(element, 'status-empty')).toBe('No contacts under this account yet.');

    mocked(getPartnerStatus).mockResolvedValueOnce(status);
    await click(get(element, 'status-refresh'));
    await click(get(element, 'status-send-email'));
    expect(text(element, 'status-email-result')).toBe('The e-mail was not sent: Mail is off.');
    expect(toasts[0]).toMatchObject({ title: 'Login e-mail not sent', variant: 'error' });
  });
});

describe('offboarding from the status panel', () => {
  const offboardingPlan = () =>
    JSON.parse(
      JSON.stringify(offboardingData.examples.plan.result),
    ) as PartnerOnboardingApi['planOffboarding']['result'];

  it('opens the offboarding of the partner shown, refreshes the status after each step, and closes', async () => {
    mocked(planOffboarding).mockResolvedValue(offboardingPlan());
    const element = await mount({ recordId: '00100000000000DAAQ' });
    expect(find(element, 'offboarding-panel')).toBeNull();
    const open = get(element, 'status-offboard');
    expect(open.label).toBe('Offboard partner');
    expect(open.title).toBe('Offboard Acme Partners');

    await click(open);
    const panel = get(element, 'offboarding-panel');
    expect(find(element, 'status-offboard')).toBeNull();
    expect(panel.accountId).toBe('00100000000000DAAQ');
    // The readiness queues may take the leads.
    expect(panel.queues).toEqual(result('getReadiness', 'readiness').queues);
    expect(lastRequest(planOffboarding)).toEqual({
      accountId: '00100000000000DAAQ',
      newOwnerId: null,
    });
    await expect(element).toBeAccessible();

    // A step ran: the status is read again, and the panel stays open with its progress.
    expect(getPartnerStatus).toHaveBeenCalledTimes(1);
    await fire(panel, 'offboardingchange', { accountId: '00100000000000DAAQ', nextStep: 'users' });
    expect(getPartnerStatus).toHaveBeenCalledTimes(2);
    expect(get(element, 'offboarding-panel')).toBe(panel);

    await fire(panel, 'close');
    expect(find(element, 'offboarding-panel')).toBeNull();
    expect(find(element, 'status-offboard')).not.toBeNull();
  });

  it('offers no offboarding for an account that is not a partner, and closes it with the status', async () => {
    mocked(planOffboarding).mockResolvedValue(offboardingPlan());
    const status = result('getPartnerStatus', 'statusAcme');
    const element = await mount({ recordId: '00100000000000DAAQ' });
    await click(get(element, 'status-offboard'));
    expect(find(element, 'offboarding-panel')).not.toBeNull();
    await click(get(element, 'status-close'));
    expect(find(element, 'offboarding-panel')).toBeNull();

    mocked(getPartnerStatus).mockResolvedValue({
      ...status,
      account: { ...status.account, isPartner: false },
    });
    const other = await mount({ recordId: '00100000000000DAAQ' });
    expect(find(other, 'status-table')).not.toBeNull();
    expect(find(other, 'status-offboard')).toBeNull();
  });
});
