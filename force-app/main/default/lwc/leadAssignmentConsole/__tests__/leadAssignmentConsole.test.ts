import { createElement } from 'lwc';
import LeadAssignmentConsole from 'c/leadAssignmentConsole';
import getFilterOptions from '@salesforce/apex/LeadAssignmentController.getFilterOptions';
import searchLeads from '@salesforce/apex/LeadAssignmentController.searchLeads';
import getOwnerCandidates from '@salesforce/apex/LeadAssignmentController.getOwnerCandidates';
import planAssignment from '@salesforce/apex/LeadAssignmentController.planAssignment';
import applyAssignment from '@salesforce/apex/LeadAssignmentController.applyAssignment';
import getBatch from '@salesforce/apex/LeadAssignmentController.getBatch';
import getBatchResults from '@salesforce/apex/LeadAssignmentController.getBatchResults';
import getRecentBatches from '@salesforce/apex/LeadAssignmentController.getRecentBatches';
import undoBatch from '@salesforce/apex/LeadAssignmentController.undoBatch';
import getAssignmentRules from '@salesforce/apex/LeadAssignmentController.getAssignmentRules';
import type { ShowToastEventDetail } from 'lightning/platformShowToastEvent';
import type {} from '@sa11y/jest';
import type {
  AssignmentBatch,
  AssignmentRequest,
  LeadAssignmentApi,
  LeadPage,
  LeadRow,
  LeadSearchRequest,
} from '../../../../../../types/leadAssignment';
import contract from '../../../staticresources/LeadAssignmentContract.json';

jest.mock(
  '@salesforce/apex/LeadAssignmentController.getFilterOptions',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
jest.mock('@salesforce/apex/LeadAssignmentController.searchLeads', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock(
  '@salesforce/apex/LeadAssignmentController.getOwnerCandidates',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
jest.mock(
  '@salesforce/apex/LeadAssignmentController.planAssignment',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
jest.mock(
  '@salesforce/apex/LeadAssignmentController.applyAssignment',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
jest.mock('@salesforce/apex/LeadAssignmentController.getBatch', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock(
  '@salesforce/apex/LeadAssignmentController.getBatchResults',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
jest.mock(
  '@salesforce/apex/LeadAssignmentController.getRecentBatches',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
jest.mock('@salesforce/apex/LeadAssignmentController.undoBatch', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock(
  '@salesforce/apex/LeadAssignmentController.getAssignmentRules',
  () => ({ default: jest.fn() }),
  { virtual: true },
);

// The contract fixtures (staticresources/LeadAssignmentContract.json), typed by the contract: the
// mocks answer with fresh copies of them, never with hand-written shapes.
type Method = keyof LeadAssignmentApi;

// jsdom has no structuredClone; the fixtures are plain JSON anyway.
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

interface ContractFile {
  examples: {
    [M in Method]: {
      request: LeadAssignmentApi[M]['request'];
      result: LeadAssignmentApi[M]['result'];
    };
  };
  errors: { method: Method; message: string; request: unknown }[];
}

const typed = contract as unknown as ContractFile;

/** A deep copy of one method's example result. */
function result<M extends Method>(method: M): LeadAssignmentApi[M]['result'] {
  return copy(typed.examples[method].result);
}

function request<M extends Method>(method: M): LeadAssignmentApi[M]['request'] {
  return copy(typed.examples[method].request);
}

/** What an Apex call rejects with for a contract error case (AuraHandledException). */
function apexError(method: Method, containing: string) {
  const entry = typed.errors.find(
    (candidate) => candidate.method === method && candidate.message.includes(containing),
  );
  if (!entry) throw new Error(`No ${method} error case mentions "${containing}".`);
  return {
    status: 400,
    body: { message: entry.message, exceptionType: 'System.AuraHandledException' },
  };
}

type Stub = HTMLElement & Record<string, unknown>;

const mocked = (fn: unknown) => fn as jest.Mock;

// The real setImmediate, untouched by fake timers: it runs once every pending promise has settled.
const { setImmediate: realSetImmediate } = jest.requireActual<typeof import('timers')>('timers');
const tick = () => new Promise((resolve) => realSetImmediate(resolve));
async function flush() {
  await tick();
  await tick();
  await tick();
}

let toasts: ShowToastEventDetail[] = [];

async function mount(): Promise<HTMLElement> {
  const element = createElement('c-lead-assignment-console', { is: LeadAssignmentConsole });
  element.addEventListener('lightning__showtoast', (event) => {
    toasts.push((event as CustomEvent<ShowToastEventDetail>).detail);
  });
  document.body.appendChild(element);
  await flush();
  return element;
}

function find(element: HTMLElement, dataId: string): Stub | null {
  return (element.shadowRoot as ShadowRoot).querySelector<Stub>(`[data-id="${dataId}"]`);
}

function get(element: HTMLElement, dataId: string): Stub {
  const found = find(element, dataId);
  if (!found) throw new Error(`Nothing with data-id="${dataId}" is rendered.`);
  return found;
}

const text = (element: HTMLElement, dataId: string) => get(element, dataId).textContent?.trim();

async function fire(target: HTMLElement, name: string, detail?: unknown) {
  target.dispatchEvent(new CustomEvent(name, { detail }));
  await flush();
}

async function click(element: HTMLElement, dataId: string) {
  get(element, dataId).click();
  await flush();
}

function pickerInput(element: HTMLElement, dataId: string, ownerId: string): HTMLInputElement {
  const picker = get(element, 'pool-picker').shadowRoot as ShadowRoot;
  const input = picker.querySelector<HTMLInputElement>(
    `[data-id="${dataId}"][data-owner-id="${ownerId}"]`,
  );
  if (!input) throw new Error(`The pool picker has no ${dataId} for ${ownerId}.`);
  return input;
}

/** Ticks (or unticks) owners in the pool picker, as a user clicking each would. */
async function chooseOwners(element: HTMLElement, ownerIds: string[], checked = true) {
  for (const ownerId of ownerIds) {
    const input = pickerInput(element, 'pool-option', ownerId);
    input.checked = checked;
    input.dispatchEvent(new CustomEvent('change'));
  }
  await flush();
}

async function typeInto(element: HTMLElement, dataId: string, ownerId: string, value: string) {
  const input = pickerInput(element, dataId, ownerId);
  input.value = value;
  input.dispatchEvent(new CustomEvent('change'));
  await flush();
}

async function selectRows(element: HTMLElement, leadIds: string[]) {
  const table = get(element, 'lead-table');
  const selectedRows = (table.data as LeadRow[]).filter((row) => leadIds.includes(row.id));
  await fire(table, 'rowselection', { selectedRows });
}

const lastRequest = <T>(fn: unknown): T => {
  const { calls } = mocked(fn).mock;
  return (calls[calls.length - 1][0] as { request: T }).request;
};

const plannedRequest = () => request('planAssignment');
const plannedLeadIds = () => plannedRequest().selection.leadIds as string[];
const plannedOwnerIds = () => (plannedRequest().pool ?? []).map((member) => member.ownerId);
const candidate = (name: string) => {
  const found = result('getOwnerCandidates').find((owner) => owner.name === name);
  if (!found) throw new Error(`No candidate ${name} in the fixtures.`);
  return found;
};

/** The example page plus the plan example's fourth lead, so a selection can match the plan. */
function pageOfFour(): LeadPage {
  const page = result('searchLeads');
  const fourth = result('planAssignment').assignments[3];
  const row: LeadRow = {
    ...page.rows[2],
    id: fourth.leadId,
    name: fourth.leadName,
    company: fourth.company,
  };
  return { ...page, rows: [...page.rows, row] };
}

/** Selects the plan example's leads and owners, and previews. */
async function previewExample(element: HTMLElement) {
  await selectRows(element, plannedLeadIds());
  await chooseOwners(element, plannedOwnerIds());
  await click(element, 'preview-button');
}

beforeEach(() => {
  toasts = [];
  mocked(getFilterOptions).mockResolvedValue(result('getFilterOptions'));
  mocked(searchLeads).mockResolvedValue(result('searchLeads'));
  mocked(getOwnerCandidates).mockResolvedValue(result('getOwnerCandidates'));
  mocked(getRecentBatches).mockResolvedValue([]);
  mocked(planAssignment).mockResolvedValue(result('planAssignment'));
  mocked(applyAssignment).mockResolvedValue(result('applyAssignment'));
  mocked(getBatch).mockResolvedValue(result('getBatch'));
  mocked(getBatchResults).mockResolvedValue(result('getBatchResults'));
  mocked(undoBatch).mockResolvedValue(result('undoBatch'));
  mocked(getAssignmentRules).mockResolvedValue(result('getAssignmentRules'));
});

afterEach(() => {
  while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  jest.resetAllMocks();
  jest.useRealTimers();
});

describe('lead list', () => {
  it('shows a spinner while the first page loads, then the rows and the total', async () => {
    let answer: (page: LeadPage) => void = () => undefined;
    mocked(searchLeads).mockReturnValue(new Promise((resolve) => (answer = resolve)));
    const element = await mount();

    expect(find(element, 'list-spinner')).not.toBeNull();
    expect(text(element, 'lead-count')).toBe('Loading leads…');
    expect(find(element, 'lead-table')).toBeNull();

    answer(result('searchLeads'));
    await flush();

    expect(find(element, 'list-spinner')).toBeNull();
    expect(text(element, 'lead-count')).toBe('57 leads');
    const table = get(element, 'lead-table');
    const rows = table.data as (LeadRow & { ownerTypeLabel: string })[];
    expect(rows.map((row) => row.name)).toEqual(['Noah Patel', 'Mia Rossi', 'Liam Novak']);
    expect(rows[0].ownerTypeLabel).toBe('Queue');
    expect(table.enableInfiniteLoading).toBe(true);
    expect(text(element, 'announcer')).toBe('57 leads match these filters.');
  });

  it('asks for open leads of any owner, newest first, 50 a page, on load', async () => {
    await mount();
    expect(searchLeads).toHaveBeenCalledTimes(1);
    expect(lastRequest<LeadSearchRequest>(searchLeads)).toEqual({
      filters: {
        statuses: null,
        sources: null,
        countries: null,
        states: null,
        createdFrom: null,
        createdTo: null,
        ownerKind: 'any',
        ownerId: null,
        search: null,
        includeClosed: false,
      },
      sortBy: 'CreatedDate',
      sortDirection: 'desc',
      pageSize: 50,
      cursor: null,
    });
    expect(getOwnerCandidates).toHaveBeenCalledWith({
      request: request('getOwnerCandidates'),
    });
    expect(getRecentBatches).toHaveBeenCalledWith({ request: request('getRecentBatches') });
  });

  it('turns the filter bar into the contract filters', async () => {
    const element = await mount();
    await fire(get(element, 'filter-country'), 'change', { value: 'Germany' });
    await fire(get(element, 'filter-owner-kind'), 'change', { value: 'unassigned' });
    await fire(get(element, 'filter-created-from'), 'change', { value: '2026-01-01' });
    await fire(get(element, 'filter-created-to'), 'change', { value: '2026-01-31' });

    const example = request('searchLeads');
    const sent = lastRequest<LeadSearchRequest>(searchLeads);
    expect(sent.filters).toEqual(example.filters);
    expect([sent.sortBy, sent.sortDirection, sent.cursor]).toEqual([
      example.sortBy,
      example.sortDirection,
      null,
    ]);

    await fire(get(element, 'filter-source'), 'change', { value: 'Web' });
    expect(lastRequest<LeadSearchRequest>(searchLeads).filters.sources).toEqual(['Web']);

    await click(element, 'filter-clear');
    expect(lastRequest<LeadSearchRequest>(searchLeads).filters).toMatchObject({
      countries: null,
      sources: null,
      ownerKind: 'any',
      createdFrom: null,
    });
    expect(get(element, 'filter-clear').disabled).toBe(true);
  });

  it('offers closed statuses only with closed leads included, and drops them when unticked', async () => {
    const element = await mount();
    const statuses = () =>
      (get(element, 'filter-status').options as { value: string }[]).map((o) => o.value);
    expect(statuses()).toEqual(['Open - Not Contacted', 'Working - Contacted']);

    await fire(get(element, 'filter-include-closed'), 'change', { checked: true });
    expect(statuses()).toHaveLength(4);
    await fire(get(element, 'filter-status'), 'change', {
      value: ['Working - Contacted', 'Closed - Not Converted'],
    });
    expect(lastRequest<LeadSearchRequest>(searchLeads).filters).toMatchObject({
      statuses: ['Working - Contacted', 'Closed - Not Converted'],
      includeClosed: true,
    });

    await fire(get(element, 'filter-include-closed'), 'change', { checked: false });
    expect(lastRequest<LeadSearchRequest>(searchLeads).filters).toMatchObject({
      statuses: ['Working - Contacted'],
      includeClosed: false,
    });
  });

  it('says what no ticked status means: every open status, or every status with closed leads', async () => {
    const element = await mount();
    expect(text(element, 'filter-status-hint')).toBe('None ticked: leads of every open status.');
    expect(lastRequest<LeadSearchRequest>(searchLeads).filters).toMatchObject({
      statuses: null,
      includeClosed: false,
    });
    await fire(get(element, 'filter-status'), 'change', { value: ['Working - Contacted'] });
    expect(text(element, 'filter-status-hint')).toBe('Only leads with this status.');
    await fire(get(element, 'filter-status'), 'change', { value: [] });
    await fire(get(element, 'filter-include-closed'), 'change', { checked: true });
    expect(text(element, 'filter-status-hint')).toBe(
      'None ticked: leads of every status, open and closed.',
    );
  });

  it('searches once typing pauses, and not with a single character', async () => {
    jest.useFakeTimers();
    const element = await mount();
    const search = get(element, 'filter-search');

    await fire(search, 'change', { value: 'h' });
    await fire(search, 'change', { value: 'ho' });
    await fire(search, 'change', { value: 'hoo' });
    expect(searchLeads).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(300);
    await flush();
    expect(searchLeads).toHaveBeenCalledTimes(2);
    expect(lastRequest<LeadSearchRequest>(searchLeads).filters.search).toBe('hoo');

    await fire(search, 'change', { value: 'h' });
    await jest.advanceTimersByTimeAsync(300);
    await flush();
    expect(searchLeads).toHaveBeenCalledTimes(2);
    expect(text(element, 'filter-error')).toBe(
      apexError('searchLeads', '2 characters').body.message,
    );
  });

  it('filters by one owner: searches users and queues once typing pauses, then lists their leads', async () => {
    jest.useFakeTimers();
    const element = await mount();
    const lookup = get(element, 'filter-owner');
    expect(lookup.message).toBe(
      'Type at least 2 characters of a user, queue or partner account name.',
    );
    mocked(getOwnerCandidates).mockClear();
    await fire(lookup, 'search', { text: 'w' });
    await fire(lookup, 'search', { text: 'wi' });
    await fire(lookup, 'search', { text: 'win' });
    expect(lookup.message).toBe('Searching…');
    expect(getOwnerCandidates).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(300);
    await flush();
    expect(getOwnerCandidates).toHaveBeenCalledTimes(1);
    expect(lastRequest(getOwnerCandidates)).toEqual({
      types: null,
      search: 'win',
      includeIneligible: true,
    });
    const options = lookup.options as { id: string; name: string; meta: string }[];
    expect(options.map((option) => option.name)).toEqual(
      result('getOwnerCandidates').map((owner) => owner.name),
    );
    expect(options[0]).toEqual({
      id: candidate('Wingtip Solutions Leads').id,
      name: 'Wingtip Solutions Leads',
      meta: 'Partner queue · Wingtip Solutions',
    });
    const meta = (name: string) => options.find((option) => option.name === name)?.meta;
    expect(meta('Northwind Traders Leads')).toBe('Partner queue · Globex, Northwind Traders');
    expect(meta('Lukas Weber')).toBe('User · lukas.weber@channelkit.localorg');
    expect(lookup.message).toBe('7 owners found: choose one with the arrow keys.');

    const jonas = candidate('Jonas Becker').id;
    const searches = mocked(searchLeads).mock.calls.length;
    await fire(lookup, 'select', { id: jonas, name: 'Jonas Becker' });
    expect(searchLeads).toHaveBeenCalledTimes(searches + 1);
    expect(lastRequest<LeadSearchRequest>(searchLeads).filters.ownerId).toBe(jonas);
    expect([lookup.selectedId, lookup.selectedName]).toEqual([jonas, 'Jonas Becker']);
    expect(lookup.options).toEqual([]);
    expect(get(element, 'filter-clear').disabled).toBe(false);

    await fire(lookup, 'clear');
    expect(lastRequest<LeadSearchRequest>(searchLeads).filters.ownerId).toBeNull();
    expect(lookup.selectedId).toBe('');

    await fire(lookup, 'select', { id: jonas, name: 'Jonas Becker' });
    await click(element, 'filter-clear');
    expect(lastRequest<LeadSearchRequest>(searchLeads).filters.ownerId).toBeNull();
    expect(lookup.selectedId).toBe('');
  });

  it('says when no owner matches, when the owner search fails, and keeps only the latest search', async () => {
    jest.useFakeTimers();
    const element = await mount();
    const lookup = get(element, 'filter-owner');
    mocked(getOwnerCandidates).mockResolvedValueOnce([]);
    await fire(lookup, 'search', { text: 'zz ' });
    await jest.advanceTimersByTimeAsync(300);
    await flush();
    expect(lookup.message).toBe('No user or queue matches "zz".');
    expect(lookup.options).toEqual([]);

    mocked(getOwnerCandidates).mockRejectedValueOnce(new Error('Network down'));
    await fire(lookup, 'search', { text: 'jonas' });
    await jest.advanceTimersByTimeAsync(300);
    await flush();
    expect(lookup.message).toBe('Owners could not be searched: Network down');

    let answer: (owners: ReturnType<typeof result<'getOwnerCandidates'>>) => void = () => undefined;
    mocked(getOwnerCandidates).mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    await fire(lookup, 'search', { text: 'lukas' });
    await jest.advanceTimersByTimeAsync(300);
    await fire(lookup, 'search', { text: 'l' });
    answer(result('getOwnerCandidates'));
    await flush();
    expect(lookup.options).toEqual([]);
    expect(lookup.message).toBe(
      'Type at least 2 characters of a user, queue or partner account name.',
    );
  });

  it('refuses a created-from date after the created-to date, naming the fix', async () => {
    const element = await mount();
    await fire(get(element, 'filter-created-from'), 'change', { value: '2026-02-01' });
    await fire(get(element, 'filter-created-to'), 'change', { value: '2026-01-01' });
    expect(searchLeads).toHaveBeenCalledTimes(2);
    expect(text(element, 'filter-error')).toBe(
      apexError('searchLeads', 'created-from').body.message,
    );
  });

  it('sorts by the clicked column header', async () => {
    const element = await mount();
    await fire(get(element, 'lead-table'), 'sort', { fieldName: 'name', sortDirection: 'asc' });
    expect(lastRequest<LeadSearchRequest>(searchLeads)).toMatchObject({
      sortBy: 'Name',
      sortDirection: 'asc',
      cursor: null,
    });
    const table = get(element, 'lead-table');
    expect([table.sortedBy, table.sortedDirection]).toEqual(['name', 'asc']);

    await fire(table, 'sort', { fieldName: 'email', sortDirection: 'asc' });
    expect(searchLeads).toHaveBeenCalledTimes(2);
  });

  it('loads the next page with the keyset cursor when the table asks for more', async () => {
    const first = result('searchLeads');
    const second: LeadPage = {
      rows: first.rows.map((row, i) => ({ ...row, id: `00QDn000000010${i}AAA` })),
      totalCount: first.totalCount,
      nextCursor: null,
    };
    mocked(searchLeads).mockResolvedValueOnce(first).mockResolvedValueOnce(second);
    const element = await mount();
    const firstRequest = lastRequest<LeadSearchRequest>(searchLeads);

    await fire(get(element, 'lead-table'), 'loadmore');

    expect(lastRequest<LeadSearchRequest>(searchLeads)).toEqual({
      ...firstRequest,
      cursor: first.nextCursor,
    });
    const table = get(element, 'lead-table');
    expect((table.data as LeadRow[]).length).toBe(6);
    expect(table.enableInfiniteLoading).toBe(false);
    expect(text(element, 'announcer')).toBe('6 of 57 leads loaded.');

    await fire(table, 'loadmore');
    expect(searchLeads).toHaveBeenCalledTimes(2);
  });

  it('treats a last page without nextCursor (Lightning drops null properties) as the end', async () => {
    const first = result('searchLeads');
    const last: Partial<LeadPage> = { ...first };
    delete last.nextCursor;
    mocked(searchLeads)
      .mockResolvedValueOnce(first)
      .mockResolvedValueOnce(last as LeadPage);
    const element = await mount();

    await fire(get(element, 'lead-table'), 'loadmore');
    const table = get(element, 'lead-table');
    expect(table.enableInfiniteLoading).toBe(false);
    await fire(table, 'loadmore');
    expect(searchLeads).toHaveBeenCalledTimes(2);
  });

  it('shows the empty state when nothing matches', async () => {
    mocked(searchLeads).mockResolvedValue({ rows: [], totalCount: 0, nextCursor: null });
    const element = await mount();
    expect(text(element, 'list-empty')).toContain('No leads match these filters');
    expect(find(element, 'lead-table')).toBeNull();
    expect(find(element, 'select-all-matching')).toBeNull();
    expect(text(element, 'lead-count')).toBe('0 leads');
    await expect(element).toBeAccessible();
  });

  it('shows the server message with a retry when the list fails', async () => {
    const failure = apexError('searchLeads', 'list changed');
    mocked(searchLeads).mockRejectedValueOnce(failure);
    const element = await mount();

    expect(text(element, 'list-error')).toContain(failure.body.message);
    expect(get(element, 'list-error').getAttribute('role')).toBe('alert');
    expect(find(element, 'lead-table')).toBeNull();
    expect(find(element, 'list-empty')).toBeNull();
    await expect(element).toBeAccessible();

    await click(element, 'list-retry');
    expect(find(element, 'list-error')).toBeNull();
    expect(find(element, 'lead-table')).not.toBeNull();
  });

  it('reports an error while loading more, and reloads from the first page on retry', async () => {
    const failure = apexError('searchLeads', 'list changed');
    mocked(searchLeads).mockResolvedValueOnce(result('searchLeads')).mockRejectedValueOnce(failure);
    const element = await mount();
    await fire(get(element, 'lead-table'), 'loadmore');
    expect(text(element, 'list-error')).toContain(failure.body.message);

    await click(element, 'list-retry');
    expect(lastRequest<LeadSearchRequest>(searchLeads).cursor).toBeNull();
    expect((get(element, 'lead-table').data as LeadRow[]).length).toBe(3);
  });

  it('keeps only the answer to the latest search when an older one returns late', async () => {
    let answerFirst: (page: LeadPage) => void = () => undefined;
    mocked(searchLeads)
      .mockReturnValueOnce(new Promise((resolve) => (answerFirst = resolve)))
      .mockResolvedValueOnce({ rows: [], totalCount: 0, nextCursor: null });
    const element = await mount();
    await fire(get(element, 'filter-country'), 'change', { value: 'Canada' });
    answerFirst(result('searchLeads'));
    await flush();
    expect(find(element, 'list-empty')).not.toBeNull();
    expect(text(element, 'lead-count')).toBe('0 leads');
  });

  it('ignores a failure of a search that a newer one replaced', async () => {
    let failFirst: (error: unknown) => void = () => undefined;
    mocked(searchLeads)
      .mockReturnValueOnce(new Promise((_resolve, reject) => (failFirst = reject)))
      .mockResolvedValueOnce(result('searchLeads'));
    const element = await mount();
    await fire(get(element, 'filter-country'), 'change', { value: 'Germany' });
    failFirst(apexError('searchLeads', 'list changed'));
    await flush();
    expect(find(element, 'list-error')).toBeNull();
    expect(text(element, 'lead-count')).toBe('57 leads');
  });

  it('drops a next page that arrives after the filters changed', async () => {
    let answerMore: (page: LeadPage) => void = () => undefined;
    mocked(searchLeads)
      .mockResolvedValueOnce(result('searchLeads'))
      .mockReturnValueOnce(new Promise((resolve) => (answerMore = resolve)))
      .mockResolvedValueOnce({ rows: [], totalCount: 0, nextCursor: null });
    const element = await mount();
    await fire(get(element, 'lead-table'), 'loadmore');
    await fire(get(element, 'filter-country'), 'change', { value: 'Canada' });
    answerMore(result('searchLeads'));
    await flush();
    expect(find(element, 'list-empty')).not.toBeNull();
    expect(find(element, 'list-spinner')).toBeNull();
  });
});

describe('selection', () => {
  it('selects rows, the loaded page, or all matching leads', async () => {
    const element = await mount();
    expect(text(element, 'selection-summary')).toBe('No leads selected.');
    expect(get(element, 'preview-button').disabled).toBe(true);
    expect(text(element, 'assignment-problem')).toBe(
      apexError('planAssignment', 'Select leads').body.message,
    );

    await selectRows(element, ['00QDn0000000002AAA']);
    expect(text(element, 'selection-summary')).toBe('1 lead selected.');

    await click(element, 'select-page');
    expect(text(element, 'selection-summary')).toBe('3 leads selected.');
    expect(get(element, 'lead-table').selectedRows).toHaveLength(3);

    expect(get(element, 'select-all-matching').label).toBe('Select all 57 matching');
    await click(element, 'select-all-matching');
    expect(text(element, 'selection-summary')).toBe('All 57 matching leads selected.');
    expect(find(element, 'select-all-matching')).toBeNull();

    await click(element, 'clear-selection');
    expect(text(element, 'selection-summary')).toBe('No leads selected.');
    expect(get(element, 'lead-table').selectedRows).toEqual([]);
  });

  it('plans all matching leads by their filters, and falls back to rows when one is unticked', async () => {
    const element = await mount();
    await fire(get(element, 'filter-country'), 'change', { value: 'Germany' });
    await click(element, 'select-all-matching');
    await chooseOwners(element, plannedOwnerIds());
    await fire(get(element, 'lead-table'), 'loadmore');
    expect(get(element, 'lead-table').selectedRows).toHaveLength(6);

    await click(element, 'preview-button');
    expect(lastRequest<AssignmentRequest>(planAssignment).selection).toEqual({
      leadIds: null,
      filters: lastRequest<LeadSearchRequest>(searchLeads).filters,
    });

    const rows = get(element, 'lead-table').data as LeadRow[];
    await fire(get(element, 'lead-table'), 'rowselection', { selectedRows: rows.slice(1) });
    expect(text(element, 'selection-summary')).toBe('5 leads selected.');
    expect(find(element, 'preview')).toBeNull();
  });
});

describe('method and pool', () => {
  it('lists every owner for round robin, with type, account, eligibility and load', async () => {
    const element = await mount();
    const picker = get(element, 'pool-picker');
    expect(picker.single).toBe(false);
    const options = picker.options as { name: string; blocked: boolean; issuesText: string }[];
    expect(options).toHaveLength(result('getOwnerCandidates').length);
    const sara = options.find((option) => option.name === 'Sara Lindqvist');
    expect(sara).toMatchObject({ blocked: true, issuesText: 'The user is inactive.' });
    expect(pickerInput(element, 'pool-option', candidate('Sara Lindqvist').id).disabled).toBe(true);
  });

  it('flags the shared partner queue in the owner list, naming both partners', async () => {
    const element = await mount();
    const options = get(element, 'pool-picker').options as {
      name: string;
      accountName: string | null;
      sharedText: string | null;
    }[];
    const shared = options.filter((option) => option.sharedText !== null);
    expect(shared).toEqual([
      expect.objectContaining({
        name: 'Northwind Traders Leads',
        accountName: 'Globex, Northwind Traders',
        sharedText:
          "Shared by Globex and Northwind Traders: each partner sees the other's leads. Keep one partner account per queue.",
      }),
    ]);
    expect(options.find((option) => option.name === 'Wingtip Solutions Leads')).toMatchObject({
      accountName: 'Wingtip Solutions',
      sharedText: null,
    });
  });

  it('assigns to one user: users only, one at a time', async () => {
    mocked(searchLeads).mockResolvedValue(pageOfFour());
    const element = await mount();
    await fire(get(element, 'method-picker'), 'change', { value: 'owner' });
    const picker = get(element, 'pool-picker');
    expect(picker.single).toBe(true);
    expect((picker.options as { name: string }[]).map((o) => o.name)).toEqual([
      'Jonas Becker',
      'Sara Lindqvist',
      'Lukas Weber',
    ]);
    await selectRows(element, plannedLeadIds());
    expect(text(element, 'assignment-problem')).toBe('Choose the user.');

    await chooseOwners(element, [candidate('Lukas Weber').id, candidate('Jonas Becker').id]);
    await click(element, 'preview-button');
    expect(lastRequest<AssignmentRequest>(planAssignment)).toMatchObject({
      method: 'owner',
      pool: [{ ownerId: candidate('Jonas Becker').id }],
    });
  });

  it('ignores a method it does not know', async () => {
    const element = await mount();
    await fire(get(element, 'method-picker'), 'change', { value: 'shuffle' });
    expect(get(element, 'method-picker').value).toBe('roundRobin');
  });

  it('keeps only the owners that fit when the method changes', async () => {
    const element = await mount();
    await chooseOwners(element, [candidate('Lukas Weber').id, ...plannedOwnerIds()]);
    await fire(get(element, 'method-picker'), 'change', { value: 'queue' });
    const chosen = (get(element, 'pool-picker').options as { id: string; selected: boolean }[])
      .filter((option) => option.selected)
      .map((option) => option.id);
    expect(chosen).toEqual([plannedOwnerIds()[0]]);
  });

  it('takes whole-number weights for weighted round robin', async () => {
    mocked(searchLeads).mockResolvedValue(pageOfFour());
    const element = await mount();
    await fire(get(element, 'method-picker'), 'change', { value: 'weighted' });
    await selectRows(element, plannedLeadIds());
    const [wingtip, tailspin] = plannedOwnerIds();
    await chooseOwners(element, [wingtip, tailspin]);

    await typeInto(element, 'pool-weight', wingtip, '-1');
    expect(text(element, 'assignment-problem')).toBe(
      apexError('planAssignment', 'The weight of').body.message,
    );
    expect(get(element, 'preview-button').disabled).toBe(true);

    await typeInto(element, 'pool-weight', wingtip, '3');
    await click(element, 'preview-button');
    expect(lastRequest<AssignmentRequest>(planAssignment)).toMatchObject({
      method: 'weighted',
      pool: [
        { ownerId: wingtip, weight: 3 },
        { ownerId: tailspin, weight: 1 },
      ],
    });
  });

  it('takes optional caps for least loaded', async () => {
    mocked(searchLeads).mockResolvedValue(pageOfFour());
    const element = await mount();
    await fire(get(element, 'method-picker'), 'change', { value: 'leastLoaded' });
    await selectRows(element, plannedLeadIds());
    const [wingtip, tailspin] = plannedOwnerIds();
    await chooseOwners(element, [wingtip, tailspin]);
    await typeInto(element, 'pool-cap', wingtip, '50');
    await click(element, 'preview-button');
    expect(lastRequest<AssignmentRequest>(planAssignment).pool).toEqual([
      { ownerId: wingtip, cap: 50 },
      { ownerId: tailspin },
    ]);
  });

  it('needs no pool for the assignment rule, and offers the rules to choose from, active first', async () => {
    mocked(searchLeads).mockResolvedValue(pageOfFour());
    const element = await mount();
    expect(getAssignmentRules).not.toHaveBeenCalled();
    await selectRows(element, plannedLeadIds());
    await fire(get(element, 'method-picker'), 'change', { value: 'assignmentRule' });
    expect(find(element, 'pool-picker')).toBeNull();
    expect(find(element, 'rule-id')).toBeNull();
    const picker = get(element, 'rule-picker');
    expect(picker.value).toBe('active');
    expect((picker.options as { label: string; value: string }[]).map((o) => o.label)).toEqual([
      'The active rule (Channel Lead Routing)',
      'Channel Lead Routing · active',
      'Round Robin (inactive) · inactive',
    ]);

    await click(element, 'preview-button');
    expect(lastRequest<AssignmentRequest>(planAssignment).assignmentRuleId).toBeNull();
    await fire(picker, 'change', { value: '01QDn0000000002AAA' });
    expect(find(element, 'preview')).toBeNull();
    await click(element, 'preview-button');
    expect(lastRequest<AssignmentRequest>(planAssignment).assignmentRuleId).toBe(
      '01QDn0000000002AAA',
    );
    // Read once, however often the method changes.
    await fire(get(element, 'method-picker'), 'change', { value: 'roundRobin' });
    await fire(get(element, 'method-picker'), 'change', { value: 'assignmentRule' });
    expect(getAssignmentRules).toHaveBeenCalledTimes(1);
  });

  it('takes a typed rule Id when the rules cannot be listed, and checks it', async () => {
    mocked(searchLeads).mockResolvedValue(pageOfFour());
    mocked(getAssignmentRules).mockRejectedValue({
      status: 500,
      body: { message: 'System.QueryException: No access to entity AssignmentRule' },
    });
    const element = await mount();
    await selectRows(element, plannedLeadIds());
    await fire(get(element, 'method-picker'), 'change', { value: 'assignmentRule' });
    expect(find(element, 'rule-picker')).toBeNull();
    expect(text(element, 'rules-error')).toBe(
      'The assignment rules could not be listed: System.QueryException: No access to entity AssignmentRule Type a rule Id instead.',
    );

    await fire(get(element, 'rule-id'), 'change', { value: 'not-an-id' });
    expect(text(element, 'assignment-problem')).toContain('01Q');
    await fire(get(element, 'rule-id'), 'change', { value: '' });
    await click(element, 'preview-button');
    expect(lastRequest<AssignmentRequest>(planAssignment)).toMatchObject({
      method: 'assignmentRule',
      pool: null,
      assignmentRuleId: null,
    });
  });

  it('sends the notification e-mail only when ticked', async () => {
    mocked(searchLeads).mockResolvedValue(pageOfFour());
    const element = await mount();
    await fire(get(element, 'notify-checkbox'), 'change', { checked: true });
    await previewExample(element);
    expect(lastRequest<AssignmentRequest>(planAssignment).notify).toBe(true);
    expect(get(element, 'preview').textContent).toContain(
      'New owners will get the notification e-mail.',
    );
  });

  it('blocks owners with warnings under strict eligibility', async () => {
    const element = await mount();
    const jonas = candidate('Jonas Becker').id;
    await selectRows(element, ['00QDn0000000001AAA']);
    await chooseOwners(element, [jonas]);
    expect(find(element, 'assignment-problem')).toBeNull();

    await fire(get(element, 'strict-eligibility'), 'change', { checked: true });
    expect(text(element, 'assignment-problem')).toBe(
      'Jonas Becker cannot take leads: Has never logged in to Partner Central. Remove it from the owners.',
    );
    const jonasInput = pickerInput(element, 'pool-option', jonas);
    expect(jonasInput.disabled).toBe(false);
    jonasInput.checked = false;
    jonasInput.dispatchEvent(new CustomEvent('change'));
    await flush();
    expect(pickerInput(element, 'pool-option', jonas).disabled).toBe(true);
  });

  it('reports owners that could not be loaded', async () => {
    mocked(getOwnerCandidates).mockRejectedValue(new Error('Network down'));
    mocked(getRecentBatches).mockRejectedValue({ body: { message: 'No access to batches.' } });
    const element = await mount();
    expect(text(element, 'candidates-error')).toBe('Owners could not be loaded: Network down');
    expect(text(element, 'recent-error')).toBe(
      'Recent batches could not be loaded: No access to batches.',
    );
  });
});

describe('who is looking', () => {
  const undoable = () => result('getRecentBatches');

  it('offers a manager the assign panel, the selection and undo, and no read-only note', async () => {
    mocked(getRecentBatches).mockResolvedValue(undoable());
    const element = await mount();
    expect(find(element, 'assignment')).not.toBeNull();
    expect(find(element, 'select-page')).not.toBeNull();
    expect(find(element, 'undo-button')).not.toBeNull();
    expect(get(element, 'lead-table').hideCheckboxColumn).toBe(false);
    expect(find(element, 'read-only')).toBeNull();
    // The leads partners sent back, with their reasons.
    expect(element.shadowRoot!.querySelector('c-lead-decline-log')).not.toBeNull();
  });

  it('shows a user without the permission set a read-only list that says why', async () => {
    mocked(getFilterOptions).mockResolvedValue({
      ...result('getFilterOptions'),
      canAssign: false,
      readOnlyReason: 'You need the Channel Kit Manager permission set to reassign leads.',
    });
    mocked(getRecentBatches).mockResolvedValue(undoable());
    const element = await mount();
    expect(text(element, 'read-only-reason')).toBe(
      'You can look at leads, but not assign them. You need the Channel Kit Manager permission set to reassign leads. Ask your Salesforce admin for it.',
    );
    expect(find(element, 'assignment')).toBeNull();
    expect(find(element, 'method-picker')).toBeNull();
    expect(find(element, 'preview-button')).toBeNull();
    expect(find(element, 'select-page')).toBeNull();
    expect(find(element, 'selection-summary')).toBeNull();
    expect(find(element, 'undo-button')).toBeNull();
    expect(element.shadowRoot!.querySelector('c-lead-decline-log')).toBeNull();
    expect(get(element, 'lead-table').hideCheckboxColumn).toBe(true);
    await expect(element).toBeAccessible();
  });

  it('is read-only, saying why, when the console cannot be used at all', async () => {
    const noAccess = "You do not have access to the Apex class named 'LeadAssignmentController'.";
    mocked(getFilterOptions).mockRejectedValue({ body: { message: noAccess } });
    mocked(searchLeads).mockRejectedValue({ body: { message: noAccess } });
    const element = await mount();
    expect(text(element, 'read-only-reason')).toBe(
      `Assigning leads is not available to you: ${noAccess}`,
    );
    expect(text(element, 'filter-options-error')).toBe(
      `Filter choices could not be loaded: ${noAccess}`,
    );
    expect(find(element, 'assignment')).toBeNull();
  });
});

describe('preview', () => {
  it('plans the selection and shows owners, leads and the apply button', async () => {
    mocked(searchLeads).mockResolvedValue(pageOfFour());
    const element = await mount();
    await previewExample(element);

    expect(planAssignment).toHaveBeenCalledWith({ request: plannedRequest() });
    // Liam Novak is in Wingtip's queue already: shown, counted once, never applied.
    const summary =
      '3 leads will go to 2 owners; 1 lead already has the planned owner and stays as it is.';
    expect(text(element, 'preview-summary')).toBe(summary);
    expect(get(element, 'preview-owners').data).toEqual([
      expect.objectContaining({
        name: 'Wingtip Solutions Leads',
        typeLabel: 'Partner queue',
        loadChange: '41 → 42',
        assigned: 1,
        unchanged: 1,
      }),
      expect.objectContaining({
        name: 'Tailspin Toys Leads',
        loadChange: '37 → 39',
        assigned: 2,
        unchanged: 0,
      }),
    ]);
    const leads = get(element, 'preview-leads').data as {
      leadName: string;
      newOwnerLabel: string;
      reasonLabel: string;
    }[];
    expect(leads.map((lead) => [lead.leadName, lead.newOwnerLabel, lead.reasonLabel])).toEqual([
      ['Noah Patel', 'Wingtip Solutions Leads', 'Round robin'],
      ['Mia Rossi', 'Tailspin Toys Leads', 'Round robin'],
      ['Liam Novak', 'Wingtip Solutions Leads', 'Unchanged: already with this owner'],
      ['Emma Silva', 'Tailspin Toys Leads', 'Round robin'],
    ]);
    expect(find(element, 'preview-unplaced')).toBeNull();
    expect(get(element, 'apply-button').label).toBe('Apply to 3 leads');
    expect(text(element, 'announcer')).toBe(`Preview ready. ${summary}`);
    await expect(element).toBeAccessible();

    await click(element, 'preview-cancel');
    expect(find(element, 'preview')).toBeNull();
  });

  it('lists unplaced leads with their reasons, and notes a truncated plan', async () => {
    const plan = result('planAssignment');
    plan.total = 2500;
    plan.toChange = 2497;
    plan.unplaced = [
      { leadId: '00QDn0000000003AAA', reason: 'ALL_OWNERS_AT_CAPACITY' },
      { leadId: '00QDn0000000009AAA', reason: 'NOT_FOUND' },
    ];
    mocked(planAssignment).mockResolvedValue(plan);
    mocked(searchLeads).mockResolvedValue(pageOfFour());
    const element = await mount();
    await previewExample(element);

    const unplaced = get(element, 'preview-unplaced').querySelectorAll('li');
    expect(Array.from(unplaced).map((item) => item.textContent)).toEqual([
      'Liam Novak: Every owner in the pool is at its cap.',
      '00QDn0000000009AAA: Not found, converted, or not visible to you.',
    ]);
    expect(text(element, 'preview-truncated')).toBe('Showing the first 4 of 2,498 planned leads.');
    expect(text(element, 'preview-summary')).toBe(
      '2,497 leads will go to 2 owners; 1 lead already has the planned owner and stays as it is; 2 leads cannot be placed.',
    );
  });

  it('shows why the server refused to plan', async () => {
    const refusal = apexError('planAssignment', 'exactly one owner');
    mocked(planAssignment).mockRejectedValue(refusal);
    mocked(searchLeads).mockResolvedValue(pageOfFour());
    const element = await mount();
    await previewExample(element);
    expect(text(element, 'preview-error')).toBe(refusal.body.message);
    expect(find(element, 'apply-button')).toBeNull();
    expect(text(element, 'announcer')).toBe(`The preview failed. ${refusal.body.message}`);
  });

  it('continues the round-robin rotation unless unticked, and says whose turn is first', async () => {
    mocked(searchLeads).mockResolvedValue(pageOfFour());
    mocked(planAssignment).mockResolvedValue({
      ...result('planAssignment'),
      rotation: {
        ownerId: '00GDn0000002002AAA',
        ownerName: 'Tailspin Toys Leads',
        continuesBatchId: 'a01Dn0000004001AAA',
      },
    });
    const element = await mount();
    expect(get(element, 'continue-rotation').checked).toBe(true);
    await previewExample(element);
    expect(lastRequest<AssignmentRequest>(planAssignment).continueRotation).toBe(true);
    expect(text(element, 'preview-rotation')).toBe(
      'The rotation continues where the last run with these owners stopped: Tailspin Toys Leads gets the first lead.',
    );

    await fire(get(element, 'continue-rotation'), 'change', { checked: false });
    expect(find(element, 'preview')).toBeNull();
    await click(element, 'preview-button');
    expect(lastRequest<AssignmentRequest>(planAssignment).continueRotation).toBe(false);

    await fire(get(element, 'method-picker'), 'change', { value: 'weighted' });
    expect(find(element, 'continue-rotation')).toBeNull();
  });

  it('drops the preview when the pool changes after it', async () => {
    mocked(searchLeads).mockResolvedValue(pageOfFour());
    const element = await mount();
    await previewExample(element);
    expect(find(element, 'preview')).not.toBeNull();
    await chooseOwners(element, [candidate('Lukas Weber').id]);
    expect(find(element, 'preview')).toBeNull();
  });
});

describe('apply, results, retry and undo', () => {
  it('applies synchronously, lists failures, toasts and refreshes', async () => {
    mocked(searchLeads).mockResolvedValue(pageOfFour());
    const element = await mount();
    await previewExample(element);
    await click(element, 'apply-button');

    expect(applyAssignment).toHaveBeenCalledWith({ request: request('applyAssignment') });
    expect(find(element, 'preview')).toBeNull();
    expect(find(element, 'batch-progress')).toBeNull();
    expect(text(element, 'results-summary')).toBe(
      '2 of 3 leads reassigned; 1 failed. 1 lead already had the planned owner and was left alone.',
    );
    const failures = get(element, 'results-failures').data as { leadName: string; error: string }[];
    expect(failures).toEqual([
      expect.objectContaining({
        leadName: 'Emma Silva',
        error: 'UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record',
      }),
    ]);
    expect(getBatchResults).not.toHaveBeenCalled();
    expect(toasts).toEqual([
      expect.objectContaining({
        title: 'Reassignment partly complete',
        message: '2 of 3 leads reassigned; 1 failed.',
        variant: 'warning',
      }),
    ]);
    expect(text(element, 'announcer')).toBe('Round robin: 2 of 3 leads reassigned; 1 failed.');
    expect(searchLeads).toHaveBeenCalledTimes(2);
    expect(getOwnerCandidates).toHaveBeenCalledTimes(2);
    expect(get(element, 'retry-failed').label).toBe('Retry 1 failed lead');
    expect(find(element, 'undo-button')).not.toBeNull();
    await expect(element).toBeAccessible();
  });

  it('re-plans just the failed leads with the same method and owners', async () => {
    mocked(searchLeads).mockResolvedValue(pageOfFour());
    const element = await mount();
    await previewExample(element);
    await click(element, 'apply-button');
    await click(element, 'retry-failed');

    expect(lastRequest<AssignmentRequest>(planAssignment)).toEqual({
      ...plannedRequest(),
      selection: { leadIds: ['00QDn0000000004AAA'], filters: null },
    });
    expect(text(element, 'preview')).toContain('Preview: retry the failed leads');

    await click(element, 'apply-button');
    expect(lastRequest<AssignmentRequest>(applyAssignment).selection.leadIds).toEqual([
      '00QDn0000000004AAA',
    ]);
  });

  it('says why a retry cannot be planned when the owners were removed', async () => {
    mocked(searchLeads).mockResolvedValue(pageOfFour());
    const element = await mount();
    await previewExample(element);
    await click(element, 'apply-button');
    await chooseOwners(element, plannedOwnerIds(), false);
    await click(element, 'retry-failed');
    expect(text(element, 'preview-error')).toBe(
      apexError('planAssignment', 'at least one owner').body.message,
    );
    expect(planAssignment).toHaveBeenCalledTimes(1);
  });

  it('follows a batch run with a progress bar until it finishes', async () => {
    jest.useFakeTimers();
    const plan = { ...result('planAssignment'), runsAsBatch: true };
    const processing = result('getBatch');
    const queued: AssignmentBatch = { ...processing, status: 'Queued', processed: 0, succeeded: 0 };
    const finished: AssignmentBatch = {
      ...processing,
      status: 'CompletedWithErrors',
      processed: 1200,
      succeeded: 1199,
      failed: 1,
    };
    mocked(planAssignment).mockResolvedValue(plan);
    mocked(applyAssignment).mockResolvedValue({ batch: queued, rows: [] });
    mocked(getBatch).mockResolvedValueOnce(processing).mockResolvedValueOnce(finished);
    mocked(searchLeads).mockResolvedValue(pageOfFour());
    const element = await mount();
    await previewExample(element);
    expect(text(element, 'preview-summary')).toContain('runs in the background');
    await click(element, 'apply-button');

    expect(get(element, 'batch-progress').value).toBe(0);
    expect(text(element, 'results-summary')).toBe('0 of 1,200 leads processed…');
    expect(get(element, 'preview-button').disabled).toBe(true);
    expect(getBatch).not.toHaveBeenCalled();

    await jest.advanceTimersByTimeAsync(2000);
    await flush();
    expect(getBatch).toHaveBeenCalledWith({ request: request('getBatch') });
    expect(get(element, 'batch-progress').value).toBe(33);
    expect(toasts).toEqual([]);

    await jest.advanceTimersByTimeAsync(2000);
    await flush();
    expect(getBatch).toHaveBeenCalledTimes(2);
    expect(getBatchResults).toHaveBeenCalledWith({ request: request('getBatchResults') });
    expect(find(element, 'batch-progress')).toBeNull();
    expect(text(element, 'results-summary')).toBe('1,199 of 1,200 leads reassigned; 1 failed.');
    expect((get(element, 'results-failures').data as unknown[]).length).toBe(1);
    expect(toasts).toEqual([expect.objectContaining({ variant: 'warning' })]);

    await jest.advanceTimersByTimeAsync(10000);
    expect(getBatch).toHaveBeenCalledTimes(2);
  });

  it('reads every page of failed leads, and says when a page cannot be read', async () => {
    jest.useFakeTimers();
    const running = result('getBatch');
    const finished: AssignmentBatch = {
      ...running,
      status: 'CompletedWithErrors',
      processed: 1200,
      succeeded: 1197,
      failed: 3,
    };
    const first = { ...result('getBatchResults'), nextCursor: 'page-2' };
    const second = {
      rows: first.rows.map((row) => ({
        ...row,
        leadId: '00QDn0000000005AAA',
        leadName: 'Ava Chen',
      })),
      nextCursor: 'page-3',
    };
    mocked(getRecentBatches).mockResolvedValue([running]);
    mocked(getBatch).mockResolvedValue(finished);
    mocked(getBatchResults)
      .mockResolvedValueOnce(first)
      .mockResolvedValueOnce(second)
      .mockRejectedValueOnce(new Error('Network down'));
    const element = await mount();
    await jest.advanceTimersByTimeAsync(2000);
    await flush();

    expect(mocked(getBatchResults).mock.calls.map(([arg]) => arg.request.cursor)).toEqual([
      null,
      'page-2',
      'page-3',
    ]);
    const failures = get(element, 'results-failures').data as { leadName: string }[];
    expect(failures.map((row) => row.leadName)).toEqual(['Emma Silva', 'Ava Chen']);
    expect(text(element, 'results-error')).toBe(
      'The failed leads could not be loaded: Network down',
    );
  });

  it('stops polling when the console is removed', async () => {
    jest.useFakeTimers();
    const running = result('getBatch');
    mocked(getRecentBatches).mockResolvedValue([running]);
    const element = await mount();
    expect(get(element, 'batch-progress').value).toBe(33);

    document.body.removeChild(element);
    await jest.advanceTimersByTimeAsync(10000);
    expect(getBatch).not.toHaveBeenCalled();
  });

  it('offers to check again when progress cannot be read', async () => {
    jest.useFakeTimers();
    const running = result('getBatch');
    const done: AssignmentBatch = {
      ...running,
      status: 'Completed',
      processed: 1200,
      succeeded: 1200,
    };
    mocked(getRecentBatches).mockResolvedValue([running]);
    mocked(getBatch)
      .mockRejectedValueOnce(apexError('getBatch', 'not found'))
      .mockResolvedValueOnce(done);
    const element = await mount();
    await jest.advanceTimersByTimeAsync(2000);
    await flush();
    expect(text(element, 'results-error')).toContain(
      'Progress could not be checked: Assignment batch a01Dn0000009999AAA was not found.',
    );

    await click(element, 'results-resume');
    expect(getBatch).toHaveBeenCalledTimes(2);
    expect(find(element, 'results-error')).toBeNull();
    expect(text(element, 'results-summary')).toBe('1,200 of 1,200 leads reassigned.');
    expect(toasts).toEqual([expect.objectContaining({ title: 'Reassignment complete' })]);
  });

  it('undoes the last batch, found again after a reload', async () => {
    mocked(getRecentBatches).mockResolvedValue(result('getRecentBatches'));
    const element = await mount();
    expect(text(element, 'last-batch')).toContain('Round robin by Lukas Weber, ');
    expect(text(element, 'last-batch')).toContain('3 of 4 leads reassigned; 1 failed.');

    await click(element, 'undo-button');

    expect(undoBatch).toHaveBeenCalledWith({ request: request('undoBatch') });
    expect(text(element, 'results-summary')).toBe(
      '3 of 3 leads returned to their previous owners.',
    );
    expect(toasts).toEqual([
      expect.objectContaining({ title: 'Undo complete', variant: 'success' }),
    ]);
    expect(find(element, 'undo-button')).toBeNull();
    expect(find(element, 'retry-failed')).toBeNull();
    expect(searchLeads).toHaveBeenCalledTimes(2);
  });

  it('reports a refused undo', async () => {
    mocked(getRecentBatches).mockResolvedValue(result('getRecentBatches'));
    const refusal = apexError('undoBatch', 'not found');
    mocked(undoBatch).mockRejectedValue(refusal);
    const element = await mount();
    await click(element, 'undo-button');
    expect(text(element, 'results-error')).toBe(refusal.body.message);
    expect(toasts).toEqual([
      expect.objectContaining({
        title: 'Undo failed',
        variant: 'error',
        message: refusal.body.message,
      }),
    ]);
    expect(find(element, 'undo-button')).not.toBeNull();
  });

  it('plans and applies once however often the buttons are pressed', async () => {
    mocked(searchLeads).mockResolvedValue(pageOfFour());
    const element = await mount();
    await selectRows(element, plannedLeadIds());
    await chooseOwners(element, plannedOwnerIds());
    get(element, 'preview-button').click();
    get(element, 'preview-button').click();
    await flush();
    expect(planAssignment).toHaveBeenCalledTimes(1);

    get(element, 'apply-button').click();
    get(element, 'apply-button').click();
    await flush();
    expect(applyAssignment).toHaveBeenCalledTimes(1);

    get(element, 'undo-button').click();
    get(element, 'undo-button').click();
    await flush();
    expect(undoBatch).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['answers after the console is removed', 'resolve'],
    ['fails after the console is removed', 'reject'],
  ])('does nothing when a progress check %s', async (_what, how) => {
    jest.useFakeTimers();
    const running = result('getBatch');
    let settle: (value: unknown) => void = () => undefined;
    mocked(getRecentBatches).mockResolvedValue([running]);
    mocked(getBatch).mockReturnValue(
      new Promise((resolve, reject) => (settle = how === 'resolve' ? resolve : reject)),
    );
    const element = await mount();
    await jest.advanceTimersByTimeAsync(2000);
    document.body.removeChild(element);
    settle({ ...running, status: 'Completed', processed: 1200, succeeded: 1200 });
    await flush();
    expect(toasts).toEqual([]);
    expect(searchLeads).toHaveBeenCalledTimes(1);
  });

  it('does not poll a batch whose apply returns after the console is removed', async () => {
    jest.useFakeTimers();
    let answer: (value: unknown) => void = () => undefined;
    mocked(applyAssignment).mockReturnValue(new Promise((resolve) => (answer = resolve)));
    mocked(searchLeads).mockResolvedValue(pageOfFour());
    const element = await mount();
    await previewExample(element);
    await click(element, 'apply-button');
    document.body.removeChild(element);
    answer({ batch: { ...result('getBatch'), status: 'Queued' }, rows: [] });
    await flush();
    await jest.advanceTimersByTimeAsync(10000);
    expect(getBatch).not.toHaveBeenCalled();
  });

  it('shows the permission error when the user may not reassign', async () => {
    const refusal = apexError('applyAssignment', 'permission set');
    mocked(applyAssignment).mockRejectedValue(refusal);
    mocked(searchLeads).mockResolvedValue(pageOfFour());
    const element = await mount();
    await previewExample(element);
    await click(element, 'apply-button');

    expect(text(element, 'results-error')).toBe(
      'You need the Channel Kit Manager permission set to reassign leads.',
    );
    expect(toasts).toEqual([
      expect.objectContaining({
        title: 'Reassignment failed',
        message: refusal.body.message,
        variant: 'error',
      }),
    ]);
    expect(find(element, 'apply-button')).not.toBeNull();
    expect(searchLeads).toHaveBeenCalledTimes(1);
    await expect(element).toBeAccessible();
  });
});
