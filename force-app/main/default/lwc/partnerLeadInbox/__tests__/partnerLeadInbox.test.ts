import { createElement } from 'lwc';
import PartnerLeadInbox from 'c/partnerLeadInbox';
import getInbox from '@salesforce/apex/PartnerLeadInboxController.getInbox';
import acceptLead from '@salesforce/apex/PartnerLeadInboxController.acceptLead';
import declineLead from '@salesforce/apex/PartnerLeadInboxController.declineLead';
import markRead from '@salesforce/apex/PartnerLeadInboxController.markRead';
import updateStatus from '@salesforce/apex/PartnerLeadInboxController.updateStatus';
import type { ShowToastEventDetail } from 'lightning/platformShowToastEvent';
import type {} from '@sa11y/jest';
import type { InboxLead, InboxPage } from '../../../../../../types/partnerLeadInbox';
import { ageText } from '../partnerLeadInbox';

jest.mock('@salesforce/apex/PartnerLeadInboxController.getInbox', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock(
  '@salesforce/apex/PartnerLeadInboxController.acceptLead',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
jest.mock(
  '@salesforce/apex/PartnerLeadInboxController.declineLead',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
jest.mock('@salesforce/apex/PartnerLeadInboxController.markRead', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock(
  '@salesforce/apex/PartnerLeadInboxController.updateStatus',
  () => ({ default: jest.fn() }),
  { virtual: true },
);

type Stub = HTMLElement & Record<string, unknown>;
const mocked = (fn: unknown) => fn as jest.Mock;

const { setImmediate: realSetImmediate } = jest.requireActual<typeof import('timers')>('timers');
const tick = () => new Promise((resolve) => realSetImmediate(resolve));
async function flush() {
  await tick();
  await tick();
  await tick();
  await tick();
  await tick();
  await tick();
}

const QUEUE_ID = '00G000000000001AAA';
const JONAS_ID = '005000000000001AAA';

function lead(n: number, inQueue: boolean, extra: Partial<InboxLead> = {}): InboxLead {
  return {
    id: `00Q00000000000${String(n).padStart(2, '0')}AA`,
    name: `Lead ${n}`,
    company: `Company ${n}`,
    country: 'Germany',
    status: 'Open - Not Contacted',
    createdDate: '2026-12-01T10:00:00.000Z',
    ageDays: n,
    ownerId: inQueue ? QUEUE_ID : JONAS_ID,
    ownerName: inQueue ? 'Wingtip Solutions Leads' : 'Jonas Becker',
    inQueue,
    unread: !inQueue,
    ...extra,
  };
}

function page(rows: InboxLead[], extra: Partial<InboxPage> = {}): InboxPage {
  return {
    rows,
    total: rows.length,
    counts: { mine: 2, queues: 1, unread: 1 },
    statuses: [
      { value: 'Open - Not Contacted', label: 'Open - Not Contacted' },
      { value: 'Working - Contacted', label: 'Working - Contacted' },
      { value: 'Closed - Not Converted', label: 'Closed - Not Converted' },
    ],
    declineReasons: [
      { value: 'Outside_Territory', label: 'Outside our territory' },
      { value: 'Other', label: 'Other' },
    ],
    ...extra,
  };
}

const LIST = page([lead(1, true), lead(2, false), lead(3, false, { unread: false })]);

let toasts: ShowToastEventDetail[] = [];

async function mount(props: Record<string, unknown> = {}): Promise<HTMLElement> {
  const element = createElement('c-partner-lead-inbox', { is: PartnerLeadInbox });
  Object.assign(element, props);
  element.addEventListener('lightning__showtoast', (event) => {
    toasts.push((event as CustomEvent<ShowToastEventDetail>).detail);
  });
  document.body.appendChild(element);
  await flush();
  return element;
}

const root = (element: HTMLElement) => element.shadowRoot as ShadowRoot;

function find(element: HTMLElement, dataId: string, scope?: ParentNode): Stub | null {
  return (scope ?? root(element)).querySelector<Stub>(`[data-id="${dataId}"]`);
}

function all(element: HTMLElement, dataId: string): Stub[] {
  return Array.from(root(element).querySelectorAll<Stub>(`[data-id="${dataId}"]`));
}

function get(element: HTMLElement, dataId: string, scope?: ParentNode): Stub {
  const found = find(element, dataId, scope);
  if (!found) throw new Error(`Nothing with data-id="${dataId}" is rendered.`);
  return found;
}

function row(element: HTMLElement, name: string): HTMLElement {
  const found = all(element, 'lead').find((item) => item.textContent?.includes(name));
  if (!found) throw new Error(`No row for ${name}.`);
  return found;
}

async function click(target: Stub): Promise<void> {
  target.click();
  await flush();
}

async function change(target: Stub, value: string): Promise<void> {
  target.value = value;
  target.dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flush();
}

const lastRequest = () => mocked(getInbox).mock.calls.at(-1)![0].request;

beforeEach(() => {
  toasts = [];
  mocked(getInbox).mockReset().mockResolvedValue(LIST);
  for (const fn of [acceptLead, declineLead, markRead, updateStatus]) mocked(fn).mockReset();
});

afterEach(() => {
  while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
});

describe('c-partner-lead-inbox', () => {
  it('shows a spinner while the leads load', async () => {
    let answer: (value: InboxPage) => void = () => {};
    mocked(getInbox).mockReturnValue(new Promise<InboxPage>((resolve) => (answer = resolve)));
    const element = await mount();
    expect(get(element, 'loading').querySelector('lightning-spinner')).not.toBeNull();
    expect(find(element, 'list')).toBeNull();
    await expect(element).toBeAccessible();
    answer(LIST);
    await flush();
    expect(find(element, 'loading')).toBeNull();
    expect(all(element, 'lead')).toHaveLength(3);
  });

  it("lists my leads and my queue's leads with their counts and actions", async () => {
    const element = await mount();
    expect(lastRequest()).toEqual({
      view: 'all',
      unreadOnly: false,
      status: null,
      maxAgeDays: null,
      minAgeDays: null,
      pageSize: 25,
      cursor: null,
    });
    const queued = row(element, 'Lead 1');
    expect(get(element, 'lead-owner', queued).textContent).toBe('In queue Wingtip Solutions Leads');
    expect(find(element, 'accept', queued)).not.toBeNull();
    expect(find(element, 'mark-read', queued)).toBeNull();
    expect(find(element, 'lead-status-picker', queued)).toBeNull();
    const mine = row(element, 'Lead 2');
    expect(get(element, 'lead-owner', mine).textContent).toBe('Mine');
    expect(mine.textContent).toContain('Unread');
    expect(mine.textContent).toContain('2 days old');
    // Owner, age and status read as one line, a space either side of each dot.
    expect(get(element, 'lead-owner', mine).parentElement!.textContent).toBe(
      'Mine · 2 days old · Open - Not Contacted',
    );
    expect(find(element, 'accept', mine)).toBeNull();
    expect(find(element, 'mark-read', mine)).not.toBeNull();
    expect(find(element, 'mark-read', row(element, 'Lead 3'))).toBeNull();
    const options = get(element, 'filter').options as { label: string }[];
    expect(options.map((o) => o.label)).toEqual([
      'All (3)',
      'My leads (2)',
      'My queues (1)',
      'Unread (1)',
    ]);
    expect(get(element, 'page-text').textContent).toContain('Page 1 · 3 leads');
    expect(find(element, 'paging')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('says so when there are no leads, and when none match the filters', async () => {
    mocked(getInbox).mockResolvedValue(page([], { counts: { mine: 0, queues: 0, unread: 0 } }));
    const element = await mount();
    expect(get(element, 'empty').textContent).toContain('No leads for you right now.');
    expect(find(element, 'list')).toBeNull();
    await expect(element).toBeAccessible();
    await change(get(element, 'age-filter'), 'older');
    expect(get(element, 'empty').textContent).toContain('No leads match these filters.');
  });

  it('shows why the leads could not be loaded and tries again', async () => {
    mocked(getInbox).mockRejectedValueOnce({
      status: 500,
      body: {
        message: 'The lead inbox is for partner users: your user belongs to no partner account.',
      },
    });
    const element = await mount();
    const error = get(element, 'error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain('your user belongs to no partner account.');
    expect(find(element, 'list')).toBeNull();
    await expect(element).toBeAccessible();
    await click(get(element, 'retry'));
    expect(find(element, 'error')).toBeNull();
    expect(all(element, 'lead')).toHaveLength(3);
  });

  it('filters by view, unread, status and age, each from the first page', async () => {
    const element = await mount({ defaultFilter: 'queues', pageSize: 10 });
    expect(lastRequest()).toMatchObject({ view: 'queues', unreadOnly: false, pageSize: 10 });
    await change(get(element, 'filter'), 'unread');
    expect(lastRequest()).toMatchObject({ view: 'mine', unreadOnly: true, cursor: null });
    await change(get(element, 'status-filter'), 'Working - Contacted');
    expect(lastRequest()).toMatchObject({ status: 'Working - Contacted' });
    await change(get(element, 'age-filter'), 'week');
    expect(lastRequest()).toMatchObject({ maxAgeDays: 7, minAgeDays: null });
    await change(get(element, 'age-filter'), 'older');
    expect(lastRequest()).toMatchObject({ maxAgeDays: null, minAgeDays: 30 });
    await change(get(element, 'status-filter'), '');
    expect(lastRequest()).toMatchObject({ status: null });
    await expect(element).toBeAccessible();
  });

  it('falls back to all leads and 25 a page for design attributes it does not know', async () => {
    await mount({ defaultFilter: 'everything', pageSize: 0 });
    expect(lastRequest()).toMatchObject({ view: 'all', pageSize: 25 });
  });

  it('pages forward with the cursor and back to the page before', async () => {
    mocked(getInbox)
      .mockResolvedValueOnce(page([lead(1, true), lead(2, false)], { total: 3, nextCursor: 'c2' }))
      .mockResolvedValueOnce(page([lead(3, false)], { total: 3 }))
      .mockResolvedValueOnce(page([lead(1, true), lead(2, false)], { total: 3, nextCursor: 'c2' }));
    const element = await mount({ pageSize: 2 });
    expect(get(element, 'previous').disabled).toBe(true);
    expect(get(element, 'next').disabled).toBe(false);
    await click(get(element, 'next'));
    expect(lastRequest()).toMatchObject({ cursor: 'c2', pageSize: 2 });
    expect(all(element, 'lead')).toHaveLength(1);
    expect(get(element, 'page-text').textContent).toBe('Page 2 · 3 leads');
    expect(get(element, 'next').disabled).toBe(true);
    await expect(element).toBeAccessible();
    await click(get(element, 'previous'));
    expect(lastRequest()).toMatchObject({ cursor: null });
    expect(get(element, 'page-text').textContent).toBe('Page 1 · 3 leads');
  });

  it('accepts a queue lead and shows it as mine', async () => {
    mocked(acceptLead).mockResolvedValue({
      leadId: lead(1, true).id,
      accepted: true,
      message: 'You accepted Lead 1. It is in My leads now.',
      ownerId: JONAS_ID,
      ownerName: 'Jonas Becker',
    });
    const element = await mount();
    mocked(getInbox).mockResolvedValue(page([lead(1, false), lead(2, false)]));
    await click(get(element, 'accept', row(element, 'Lead 1')));
    expect(mocked(acceptLead)).toHaveBeenCalledWith({ request: { leadId: lead(1, true).id } });
    expect(toasts).toEqual([
      expect.objectContaining({
        title: 'You accepted Lead 1. It is in My leads now.',
        variant: 'success',
      }),
    ]);
    expect(get(element, 'notice').textContent).toContain('You accepted Lead 1.');
    expect(get(element, 'announcer').textContent).toContain('You accepted Lead 1.');
    expect(get(element, 'lead-owner', row(element, 'Lead 1')).textContent).toBe('Mine');
    await expect(element).toBeAccessible();
  });

  it('tells me who was faster when another partner accepted the lead first', async () => {
    mocked(acceptLead).mockResolvedValue({
      leadId: lead(1, true).id,
      accepted: false,
      message: 'Too late: Mia Wolf accepted Lead 1 first.',
      ownerName: 'Mia Wolf',
    });
    const element = await mount();
    mocked(getInbox).mockResolvedValue(page([lead(2, false)]));
    await click(get(element, 'accept', row(element, 'Lead 1')));
    expect(toasts).toEqual([
      expect.objectContaining({
        title: 'Too late: Mia Wolf accepted Lead 1 first.',
        variant: 'warning',
      }),
    ]);
    expect(get(element, 'notice').className).toContain('slds-theme_warning');
    expect(all(element, 'lead')).toHaveLength(1);
    await expect(element).toBeAccessible();
  });

  it('shows an accept that fails as an error toast and reads the list again', async () => {
    mocked(acceptLead).mockRejectedValue({
      body: {
        message:
          'This lead is no longer in your queues: another partner accepted it, or it was reassigned.',
      },
    });
    const element = await mount();
    const before = mocked(getInbox).mock.calls.length;
    await click(get(element, 'accept', row(element, 'Lead 1')));
    expect(toasts).toEqual([
      expect.objectContaining({
        variant: 'error',
        message:
          'This lead is no longer in your queues: another partner accepted it, or it was reassigned.',
      }),
    ]);
    expect(find(element, 'notice')).toBeNull();
    expect(mocked(getInbox).mock.calls.length).toBe(before + 1);
  });

  it('declines a lead with a reason and a comment', async () => {
    mocked(declineLead).mockResolvedValue({
      leadId: lead(2, false).id,
      message: 'You declined Lead 2. It went back to EMEA Partner Pool.',
      ownerName: 'EMEA Partner Pool',
    });
    const element = await mount();
    await click(get(element, 'decline', row(element, 'Lead 2')));
    const dialog = get(element, 'decline-dialog');
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(dialog.textContent).toContain('Decline Lead 2');
    expect(get(element, 'decline-reason').options).toEqual(LIST.declineReasons);
    expect(get(element, 'decline-confirm').disabled).toBe(true);
    await expect(element).toBeAccessible();
    await change(get(element, 'decline-reason'), 'Outside_Territory');
    await change(get(element, 'decline-comment'), '  We only cover Bavaria ');
    expect(get(element, 'decline-confirm').disabled).toBe(false);
    mocked(getInbox).mockResolvedValue(page([lead(1, true), lead(3, false)]));
    await click(get(element, 'decline-confirm'));
    expect(mocked(declineLead)).toHaveBeenCalledWith({
      request: {
        leadId: lead(2, false).id,
        reason: 'Outside_Territory',
        comment: 'We only cover Bavaria',
      },
    });
    expect(find(element, 'decline-dialog')).toBeNull();
    expect(get(element, 'notice').textContent).toContain('It went back to EMEA Partner Pool.');
    expect(all(element, 'lead')).toHaveLength(2);
  });

  it('keeps the decline dialog open with the reason it failed, and cancels', async () => {
    mocked(declineLead).mockRejectedValue({
      body: { message: 'This lead is no longer in your inbox.' },
    });
    const element = await mount();
    await click(get(element, 'decline', row(element, 'Lead 1')));
    await change(get(element, 'decline-reason'), 'Other');
    await click(get(element, 'decline-confirm'));
    expect(get(element, 'decline-error').textContent).toContain(
      'This lead is no longer in your inbox.',
    );
    await expect(element).toBeAccessible();
    await click(get(element, 'decline-cancel'));
    expect(find(element, 'decline-dialog')).toBeNull();
    await click(get(element, 'decline', row(element, 'Lead 1')));
    get(element, 'decline-dialog').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await flush();
    expect(find(element, 'decline-dialog')).toBeNull();
  });

  it('marks my lead as read and changes its status', async () => {
    mocked(markRead).mockResolvedValue({ leadId: lead(2, false).id });
    mocked(updateStatus).mockResolvedValue({
      leadId: lead(2, false).id,
      message: 'Lead 2 is Working - Contacted now.',
    });
    const element = await mount();
    await click(get(element, 'mark-read', row(element, 'Lead 2')));
    expect(mocked(markRead)).toHaveBeenCalledWith({ request: { leadId: lead(2, false).id } });
    expect(toasts.at(-1)).toMatchObject({ title: 'Lead 2 is marked as read.', variant: 'success' });
    await change(get(element, 'lead-status-picker', row(element, 'Lead 2')), 'Working - Contacted');
    expect(mocked(updateStatus)).toHaveBeenCalledWith({
      request: { leadId: lead(2, false).id, status: 'Working - Contacted' },
    });
    expect(toasts.at(-1)).toMatchObject({ title: 'Lead 2 is Working - Contacted now.' });
  });

  it("words a lead's age", () => {
    expect(ageText(0)).toBe('Today');
    expect(ageText(1)).toBe('1 day old');
    expect(ageText(12)).toBe('12 days old');
  });
});
