/**
 * The console's "Batches" view: loading, empty, the list (newest first, keyset pages), a batch
 * opened to its per-lead results, undo of an older batch (also with leads moved since), and errors.
 * The Apex mocks answer with the contract fixtures (staticresources/LeadAssignmentContract.json).
 */
import { createElement } from 'lwc';
import LeadAssignmentConsole from 'c/leadAssignmentConsole';
import getFilterOptions from '@salesforce/apex/LeadAssignmentController.getFilterOptions';
import searchLeads from '@salesforce/apex/LeadAssignmentController.searchLeads';
import getOwnerCandidates from '@salesforce/apex/LeadAssignmentController.getOwnerCandidates';
import getBatch from '@salesforce/apex/LeadAssignmentController.getBatch';
import getBatchResults from '@salesforce/apex/LeadAssignmentController.getBatchResults';
import getRecentBatches from '@salesforce/apex/LeadAssignmentController.getRecentBatches';
import getBatchHistory from '@salesforce/apex/LeadAssignmentController.getBatchHistory';
import getUndoCheck from '@salesforce/apex/LeadAssignmentController.getUndoCheck';
import undoBatch from '@salesforce/apex/LeadAssignmentController.undoBatch';
import type { ShowToastEventDetail } from 'lightning/platformShowToastEvent';
import type {
  AssignmentBatch,
  AssignmentResultRow,
  LeadAssignmentApi,
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
jest.mock(
  '@salesforce/apex/LeadAssignmentController.getBatchHistory',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
jest.mock(
  '@salesforce/apex/LeadAssignmentController.getUndoCheck',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
jest.mock('@salesforce/apex/LeadAssignmentController.undoBatch', () => ({ default: jest.fn() }), {
  virtual: true,
});

type Method = keyof LeadAssignmentApi;
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const examples = (contract as unknown as { examples: { [M in Method]: { result: unknown } } })
  .examples;
const result = <M extends Method>(method: M) =>
  copy(examples[method].result) as LeadAssignmentApi[M]['result'];

const mocked = (fn: unknown) => fn as jest.Mock;
type Stub = HTMLElement & Record<string, unknown>;

const { setImmediate: realSetImmediate } = jest.requireActual<typeof import('timers')>('timers');
const tick = () => new Promise((resolve) => realSetImmediate(resolve));
async function flush() {
  await tick();
  await tick();
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
const text = (element: HTMLElement, dataId: string) =>
  get(element, dataId).textContent?.replace(/\s+/g, ' ').trim();
async function click(target: HTMLElement) {
  target.click();
  await flush();
}

/** The example batch (a round robin) and an older one, both undoable. */
const newer = (): AssignmentBatch => result('getBatchHistory').rows[0];
const older = (): AssignmentBatch => ({
  ...newer(),
  batchId: 'a01Dn0000004000AAA',
  method: 'owner',
  total: 2,
  processed: 2,
  succeeded: 2,
  failed: 0,
  createdDate: '2026-01-09T09:00:00.000Z',
});
const undoOfOlder = (succeeded: number, failed: number) => {
  const undone = result('undoBatch');
  undone.batch = {
    ...undone.batch,
    undoOfBatchId: older().batchId,
    total: succeeded + failed,
    processed: succeeded + failed,
    succeeded,
    failed,
    status: 'Completed',
  };
  const moved: AssignmentResultRow = {
    leadId: '00QDn0000000009AAA',
    leadName: 'Ida Berg',
    oldOwnerId: '00GDn0000002002AAA',
    newOwnerId: '00GDn0000002002AAA',
    status: 'Failed',
    error: 'OWNER_CHANGED: Someone changed the owner since; the lead was left alone.',
  };
  undone.rows = [...undone.rows.slice(0, succeeded), ...(failed ? [moved] : [])];
  return undone;
};

async function openHistory(element: HTMLElement) {
  await click(get(element, 'history-toggle'));
}

beforeEach(() => {
  toasts = [];
  mocked(getFilterOptions).mockResolvedValue(result('getFilterOptions'));
  mocked(searchLeads).mockResolvedValue(result('searchLeads'));
  mocked(getOwnerCandidates).mockResolvedValue(result('getOwnerCandidates'));
  mocked(getRecentBatches).mockResolvedValue([]);
  mocked(getBatchHistory).mockResolvedValue({ rows: [newer(), older()], nextCursor: null });
  mocked(getBatch).mockResolvedValue(older());
  mocked(getUndoCheck).mockResolvedValue({
    ...result('getUndoCheck'),
    batchId: older().batchId,
  });
  mocked(getBatchResults).mockResolvedValue(result('getBatchResults'));
  mocked(undoBatch).mockResolvedValue(undoOfOlder(2, 0));
});

afterEach(() => {
  while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  jest.clearAllMocks();
});

describe('c-lead-assignment-console: Batches', () => {
  it('loads the batches only when shown, with a spinner meanwhile', async () => {
    let answer: (value: unknown) => void = () => undefined;
    mocked(getBatchHistory).mockReturnValue(new Promise((resolve) => (answer = resolve)));
    const element = await mount();
    expect(getBatchHistory).not.toHaveBeenCalled();
    expect(find(element, 'history-table')).toBeNull();

    await openHistory(element);
    expect(find(element, 'history-spinner')).not.toBeNull();
    expect(getBatchHistory).toHaveBeenCalledWith({ request: { pageSize: 20, cursor: null } });

    answer({ rows: [newer()], nextCursor: null });
    await flush();
    expect(find(element, 'history-spinner')).toBeNull();
    expect(all(element, 'history-row')).toHaveLength(1);
  });

  it('says so when there are no batches yet', async () => {
    mocked(getBatchHistory).mockResolvedValue({ rows: [], nextCursor: null });
    const element = await mount();
    await openHistory(element);
    expect(text(element, 'history-empty')).toContain('No batches yet');
    expect(find(element, 'history-table')).toBeNull();
  });

  it('lists who ran each batch, when, how, its counts and status, newest first, and pages on', async () => {
    const oldest: AssignmentBatch = {
      ...older(),
      batchId: 'a01Dn0000003999AAA',
      method: 'undo',
      canUndo: false,
      undoOfBatchId: 'a01Dn0000003998AAA',
    };
    mocked(getBatchHistory)
      .mockResolvedValueOnce({ rows: [newer(), older()], nextCursor: 'page-2' })
      .mockResolvedValueOnce({ rows: [oldest], nextCursor: null });
    const element = await mount();
    await openHistory(element);

    const rows = all(element, 'history-row');
    expect(rows.map((row) => row.dataset.batchId)).toEqual([newer().batchId, older().batchId]);
    expect(rows[0].textContent).toContain('Lukas Weber');
    expect(rows[0].textContent).toContain(new Date(newer().createdDate).toLocaleString());
    expect(all(element, 'history-method').map((cell) => cell.textContent)).toEqual([
      'Round robin',
      'One user',
    ]);
    expect(all(element, 'history-summary')[0].textContent).toBe(
      '2 of 3 leads reassigned; 1 failed.',
    );
    expect(all(element, 'history-status')[0].textContent).toBe('Completed');
    expect(all(element, 'history-undo')).toHaveLength(2);

    await click(get(element, 'history-more'));
    expect(getBatchHistory).toHaveBeenLastCalledWith({
      request: { pageSize: 20, cursor: 'page-2' },
    });
    expect(all(element, 'history-row')).toHaveLength(3);
    expect(all(element, 'history-status')[2].textContent).toBe(
      'Completed · undid an earlier batch',
    );
    // An undo is not undone again; two undo buttons still, none for the undo.
    expect(all(element, 'history-undo').map((button) => button.dataset.batchId)).toEqual([
      newer().batchId,
      older().batchId,
    ]);
    expect(find(element, 'history-more')).toBeNull();
  });

  it('opens a batch to its per-lead results with owner names and failures, and goes back', async () => {
    mocked(getBatch).mockResolvedValue(newer());
    mocked(getUndoCheck).mockResolvedValue(result('getUndoCheck'));
    const element = await mount();
    await openHistory(element);
    await click(all(element, 'history-open')[0]);

    expect(getBatchResults).toHaveBeenCalledWith({
      request: { batchId: newer().batchId, pageSize: 200, cursor: null },
    });
    expect(text(element, 'batch-detail-heading')).toContain('Round robin by Lukas Weber');
    expect(text(element, 'batch-detail-summary')).toBe(
      'Completed. 2 of 3 leads reassigned; 1 failed.',
    );
    expect(text(element, 'batch-detail-check')).toBe(
      '2 leads are still where this batch put them; an undo returns them to the previous owner.',
    );
    const [failed] = get(element, 'batch-detail-rows').data as {
      leadName: string;
      fromLabel: string;
      toLabel: string;
      status: string;
      error: string;
    }[];
    expect(failed).toMatchObject({
      leadName: 'Emma Silva',
      fromLabel: 'EMEA Partner Pool',
      toLabel: 'EMEA Partner Pool',
      status: 'Failed',
      error: 'UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record',
    });
    expect(find(element, 'batch-detail-undo')).not.toBeNull();
    expect(find(element, 'history-table')).toBeNull();

    await click(get(element, 'batch-detail-back'));
    expect(find(element, 'batch-detail')).toBeNull();
    expect(all(element, 'history-row')).toHaveLength(2);
  });

  it('offers no undo once none of the leads is where the batch put them', async () => {
    mocked(getUndoCheck).mockResolvedValue({
      batchId: older().batchId,
      canUndo: false,
      stillInPlace: 0,
      movedSince: 2,
    });
    const element = await mount();
    await openHistory(element);
    await click(all(element, 'history-open')[1]);
    expect(text(element, 'batch-detail-check')).toBe(
      'None of its leads is still where this batch put it: there is nothing to undo. 2 leads moved since; an undo leaves them where they are and reports them.',
    );
    expect(find(element, 'batch-detail-undo')).toBeNull();
  });

  it('undoes an older batch from the list, through the same undo as the last batch', async () => {
    const element = await mount();
    await openHistory(element);
    mocked(getBatchHistory).mockResolvedValue({
      rows: [{ ...older(), canUndo: false }],
      nextCursor: null,
    });

    await click(all(element, 'history-undo')[1]);

    expect(undoBatch).toHaveBeenCalledWith({ request: { batchId: older().batchId } });
    expect(text(element, 'results-summary')).toBe(
      '2 of 2 leads returned to their previous owners.',
    );
    expect(toasts).toEqual([expect.objectContaining({ title: 'Undo complete' })]);
    // The list is read again: the older batch now shows as undone, with no undo.
    expect(getBatchHistory).toHaveBeenCalledTimes(2);
    expect(all(element, 'history-status')[0].textContent).toBe('Completed · undone');
    expect(find(element, 'history-undo')).toBeNull();
  });

  it('undoes an opened batch whose leads partly moved, and reports the moved ones', async () => {
    mocked(getUndoCheck).mockResolvedValue({
      batchId: older().batchId,
      canUndo: true,
      stillInPlace: 2,
      movedSince: 1,
    });
    mocked(undoBatch).mockResolvedValue(undoOfOlder(2, 1));
    const element = await mount();
    await openHistory(element);
    await click(all(element, 'history-open')[1]);
    expect(text(element, 'batch-detail-check')).toBe(
      '2 leads are still where this batch put them; an undo returns them to the previous owner. 1 lead moved since; an undo leaves it where it is and reports it.',
    );

    await click(get(element, 'batch-detail-undo'));

    expect(undoBatch).toHaveBeenCalledWith({ request: { batchId: older().batchId } });
    expect(text(element, 'results-summary')).toBe(
      '2 of 3 leads returned to their previous owners; 1 failed.',
    );
    const failures = get(element, 'results-failures').data as AssignmentResultRow[];
    expect(failures.map((row) => [row.leadName, row.error])).toEqual([
      ['Ida Berg', 'OWNER_CHANGED: Someone changed the owner since; the lead was left alone.'],
    ]);
    expect(toasts).toEqual([
      expect.objectContaining({ title: 'Undo partly complete', variant: 'warning' }),
    ]);
    // The opened batch is read again after the undo.
    expect(getUndoCheck).toHaveBeenCalledTimes(2);
  });

  it('shows why the batches could not be loaded, and tries again', async () => {
    mocked(getBatchHistory).mockRejectedValueOnce({
      status: 500,
      body: { message: 'You need the Channel Kit Manager permission set to reassign leads.' },
    });
    const element = await mount();
    await openHistory(element);
    expect(text(element, 'history-error')).toContain(
      'The batches could not be loaded: You need the Channel Kit Manager permission set',
    );
    expect(find(element, 'history-table')).toBeNull();

    await click(get(element, 'history-retry'));
    expect(find(element, 'history-error')).toBeNull();
    expect(all(element, 'history-row')).toHaveLength(2);
  });

  it('shows why a batch could not be opened', async () => {
    mocked(getUndoCheck).mockRejectedValue({
      status: 500,
      body: { message: 'Assignment batch a01Dn0000009999AAA was not found.' },
    });
    const element = await mount();
    await openHistory(element);
    await click(all(element, 'history-open')[0]);
    expect(text(element, 'batch-detail-error')).toBe(
      'The batch could not be opened: Assignment batch a01Dn0000009999AAA was not found.',
    );
    expect(find(element, 'batch-detail')).toBeNull();
  });
});
