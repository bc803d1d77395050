import { createElement } from 'lwc';
import LeadDeclineLog from 'c/leadDeclineLog';
import getRecentDeclines from '@salesforce/apex/LeadAssignmentController.getRecentDeclines';
import type {} from '@sa11y/jest';
import type { DeclinedLead } from '../../../../../../types/leadDeclines';

jest.mock(
  '@salesforce/apex/LeadAssignmentController.getRecentDeclines',
  () => ({ default: jest.fn() }),
  { virtual: true },
);

const mocked = getRecentDeclines as unknown as jest.Mock;

const { setImmediate: realSetImmediate } = jest.requireActual<typeof import('timers')>('timers');
const tick = () => new Promise((resolve) => realSetImmediate(resolve));
async function flush() {
  await tick();
  await tick();
  await tick();
  await tick();
}

const DECLINED: DeclinedLead = {
  logId: 'a01000000000001AAA',
  leadId: '00Q000000000001AAA',
  leadName: 'Olga Walsh',
  company: 'Echo Finance',
  declinedBy: 'Hiro Brown',
  partnerAccount: 'Northwind Traders',
  reason: 'Outside_Territory',
  reasonLabel: 'Outside our territory',
  comment: 'We only cover the East Coast',
  sentToId: '005000000000002AAA',
  sentToName: 'Maya Chen',
  declinedAt: '2026-12-05T08:00:00.000Z',
};

async function render(maxRows?: number) {
  const element = createElement('c-lead-decline-log', { is: LeadDeclineLog });
  if (maxRows !== undefined) Object.assign(element, { maxRows });
  document.body.appendChild(element);
  await flush();
  return element;
}

const $ = (element: HTMLElement, dataId: string) =>
  element.shadowRoot!.querySelector<HTMLElement>(`[data-id="${dataId}"]`);
const $$ = (element: HTMLElement, dataId: string) =>
  Array.from(element.shadowRoot!.querySelectorAll<HTMLElement>(`[data-id="${dataId}"]`));

afterEach(() => {
  while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  jest.clearAllMocks();
});

describe('c-lead-decline-log', () => {
  it('shows each declined lead with the partner, the reason label, the comment and its new owner', async () => {
    mocked.mockResolvedValue([
      DECLINED,
      {
        logId: 'a01000000000002AAA',
        leadName: 'Liam Ito',
        declinedBy: 'Jonas Eriksen',
        reason: 'No_Capacity',
        declinedAt: '2026-12-04T08:00:00.000Z',
      },
    ]);
    const element = await render();
    expect(mocked).toHaveBeenCalledWith({ request: { maxRows: 10 } });
    const rows = $$(element, 'decline-row');
    expect(rows).toHaveLength(2);
    const first = rows[0];
    expect(first.querySelector('[data-id="decline-lead"]')!.textContent).toBe('Olga Walsh');
    expect(first.textContent).toContain('Echo Finance');
    expect(first.querySelector('[data-id="decline-by"]')!.textContent).toBe(
      'Hiro Brown (Northwind Traders)',
    );
    expect(first.querySelector('[data-id="decline-reason"]')!.textContent).toBe(
      'Outside our territory',
    );
    expect(first.querySelector('[data-id="decline-comment"]')!.textContent).toContain(
      'We only cover the East Coast',
    );
    expect(first.querySelector('[data-id="decline-sent-to"]')!.textContent).toBe(
      'Now with Maya Chen',
    );
    // Without a label the value shows; without a comment, no comment line.
    const second = rows[1];
    expect(second.querySelector('[data-id="decline-reason"]')!.textContent).toBe('No_Capacity');
    expect(second.querySelector('[data-id="decline-by"]')!.textContent).toBe('Jonas Eriksen');
    expect(second.querySelector('[data-id="decline-comment"]')).toBeNull();
    expect($(element, 'decline-empty')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('says when no partner has declined a lead', async () => {
    mocked.mockResolvedValue([]);
    const element = await render(5);
    expect(mocked).toHaveBeenCalledWith({ request: { maxRows: 5 } });
    expect($(element, 'decline-empty')!.textContent).toContain('No partner has sent a lead back.');
    expect($$(element, 'decline-row')).toHaveLength(0);
  });

  it('shows a failure in place, and Refresh reads the declines again', async () => {
    mocked.mockRejectedValueOnce({
      body: { message: 'maxRows must be between 1 and 200.' },
    });
    const element = await render();
    expect($(element, 'decline-error')!.textContent).toContain(
      'The declined leads could not be loaded: maxRows must be between 1 and 200.',
    );
    expect($(element, 'decline-empty')).toBeNull();

    mocked.mockResolvedValueOnce([DECLINED]);
    $(element, 'decline-refresh')!.click();
    await flush();
    expect(mocked).toHaveBeenCalledTimes(2);
    expect($(element, 'decline-error')).toBeNull();
    expect($$(element, 'decline-row')).toHaveLength(1);
  });

  it('reads a network failure by its message', async () => {
    mocked.mockRejectedValueOnce(new Error('Failed to fetch'));
    const element = await render();
    expect($(element, 'decline-error')!.textContent).toContain('Failed to fetch');
  });
});
