import { createElement } from 'lwc';
import LeadOwnerPoolPicker, {
  type OwnerSelectDetail,
  type OwnerValueDetail,
  type PoolOption,
} from 'c/leadOwnerPoolPicker';
import type {} from '@sa11y/jest';

const option = (overrides: Partial<PoolOption>): PoolOption => ({
  id: '00GDn0000002001AAA',
  name: 'Wingtip Solutions Leads',
  username: null,
  typeLabel: 'Partner queue',
  accountName: 'Wingtip Solutions',
  sharedText: null,
  openLeadCount: 1041,
  selected: false,
  blocked: false,
  statusLabel: 'Eligible',
  statusVariant: 'success',
  issuesText: '',
  weight: '1',
  cap: '',
  ...overrides,
});

const OPTIONS: PoolOption[] = [
  option({ selected: true, weight: '3', cap: '40' }),
  option({
    id: '005Dn0000001001AAA',
    name: 'Jonas Becker',
    username: 'jonas.becker50@wingtip.partner.localorg',
    typeLabel: 'Partner user',
    openLeadCount: 12,
    statusLabel: 'Eligible, check warnings',
    statusVariant: 'warning',
    issuesText: 'Has never logged in to Partner Central.',
  }),
  option({
    id: '005Dn0000001002AAA',
    name: 'Sara Lindqvist',
    username: 'sara.lindqvist40@tailspin.partner.localorg',
    typeLabel: 'Partner user',
    accountName: 'Tailspin Toys',
    openLeadCount: 0,
    blocked: true,
    statusLabel: 'Not eligible',
    statusVariant: 'error',
    issuesText: 'The user is inactive.',
  }),
];

type PickerElement = HTMLElement & {
  options: PoolOption[];
  single: boolean;
  showWeights: boolean;
  showCaps: boolean;
  label: string;
};

async function mount(props: Partial<PickerElement>): Promise<PickerElement> {
  const element = createElement('c-lead-owner-pool-picker', {
    is: LeadOwnerPoolPicker,
  }) as PickerElement;
  Object.assign(element, { options: OPTIONS, ...props });
  document.body.appendChild(element);
  await Promise.resolve();
  return element;
}

const all = (element: HTMLElement, dataId: string) =>
  Array.from(
    (element.shadowRoot as ShadowRoot).querySelectorAll<HTMLInputElement>(`[data-id="${dataId}"]`),
  );
const one = (element: HTMLElement, dataId: string, ownerId: string) =>
  (element.shadowRoot as ShadowRoot).querySelector<HTMLInputElement>(
    `[data-id="${dataId}"][data-owner-id="${ownerId}"]`,
  ) as HTMLInputElement;
const rowNames = (element: HTMLElement) =>
  all(element, 'pool-row').map(
    (row) => row.querySelector('th')?.textContent?.trim().split(/\s+/)[0],
  );

afterEach(() => {
  while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
});

describe('c-lead-owner-pool-picker', () => {
  it('lists owners with type, account, eligibility, reasons and load; blocked ones disabled', async () => {
    const element = await mount({});
    const rows = all(element, 'pool-row');
    expect(rows).toHaveLength(3);
    const cells = (row: Element) =>
      Array.from(row.querySelectorAll('td')).map((cell) => cell.textContent?.trim());
    expect(cells(rows[0]).slice(1)).toEqual(['Partner queue', 'Wingtip Solutions', '', '1,041']);
    expect(cells(rows[0])[0]).toBe('Choose Wingtip Solutions Leads');
    const badge = rows[2].querySelector('lightning-badge') as HTMLElement & { label: string };
    expect(badge.label).toBe('Not eligible');
    expect(badge.className).toBe('slds-theme_error');
    expect(rows[2].textContent).toContain('The user is inactive.');

    const inputs = all(element, 'pool-option');
    expect(inputs.map((input) => input.type)).toEqual(['checkbox', 'checkbox', 'checkbox']);
    expect(inputs.map((input) => input.checked)).toEqual([true, false, false]);
    expect(inputs.map((input) => input.disabled)).toEqual([false, false, true]);
    expect((element.shadowRoot as ShadowRoot).textContent).toContain('1 owner chosen');
    await expect(element).toBeAccessible();
  });

  it('flags a shared partner queue with a warning badge that says why, read with the choice', async () => {
    const sharedText =
      "Shared by Globex and Northwind Traders: each partner sees the other's leads. Keep one partner account per queue.";
    const element = await mount({
      options: [
        ...OPTIONS,
        option({
          id: '00GDn0000002004AAA',
          name: 'Northwind Traders Leads',
          accountName: 'Globex, Northwind Traders',
          sharedText,
        }),
      ],
    });
    const rows = all(element, 'pool-row');
    expect(all(element, 'pool-shared')).toHaveLength(1);
    const badge = rows[3].querySelector('[data-id="pool-shared"]') as HTMLElement & {
      label: string;
      iconName: string;
    };
    expect(badge.label).toBe('Shared queue');
    expect(badge.iconName).toBe('utility:warning');
    expect(badge.className).toBe('slds-theme_warning');
    const explanation = rows[3].querySelector('[data-id="pool-shared-text"]') as HTMLElement;
    expect(explanation.textContent?.trim()).toBe(sharedText);
    expect(rows[3].textContent).toContain('Globex, Northwind Traders');

    const input = one(element, 'pool-option', '00GDn0000002004AAA');
    const described = (input.getAttribute('aria-describedby') ?? '').split(' ');
    expect(described).toHaveLength(2);
    expect(described).toContain(explanation.id);
    expect(
      one(element, 'pool-option', '00GDn0000002001AAA').getAttribute('aria-describedby'),
    ).not.toContain(' ');
    await expect(element).toBeAccessible();
  });

  it('uses radio buttons when one owner is to be chosen', async () => {
    const element = await mount({ single: true });
    expect(all(element, 'pool-option').map((input) => input.type)).toEqual([
      'radio',
      'radio',
      'radio',
    ]);
    await expect(element).toBeAccessible();
  });

  it('reports a choice as an ownerselect event', async () => {
    const element = await mount({});
    const events: OwnerSelectDetail[] = [];
    element.addEventListener('ownerselect', (event) =>
      events.push((event as CustomEvent<OwnerSelectDetail>).detail),
    );
    const jonas = one(element, 'pool-option', '005Dn0000001001AAA');
    jonas.click();
    const wingtip = one(element, 'pool-option', '00GDn0000002001AAA');
    wingtip.click();
    expect(events).toEqual([
      { ownerId: '005Dn0000001001AAA', selected: true },
      { ownerId: '00GDn0000002001AAA', selected: false },
    ]);
  });

  it('shows weight and cap inputs for chosen owners only, and reports their changes', async () => {
    const element = await mount({ showWeights: true, showCaps: true });
    expect(all(element, 'pool-weight').map((input) => input.value)).toEqual(['3']);
    expect(all(element, 'pool-cap').map((input) => input.value)).toEqual(['40']);
    expect(one(element, 'pool-weight', '00GDn0000002001AAA').getAttribute('aria-label')).toBe(
      'Weight for Wingtip Solutions Leads',
    );

    const changes: [string, OwnerValueDetail][] = [];
    for (const name of ['weightchange', 'capchange']) {
      element.addEventListener(name, (event) =>
        changes.push([name, (event as CustomEvent<OwnerValueDetail>).detail]),
      );
    }
    const weight = one(element, 'pool-weight', '00GDn0000002001AAA');
    weight.value = '5';
    weight.dispatchEvent(new CustomEvent('change'));
    const cap = one(element, 'pool-cap', '00GDn0000002001AAA');
    cap.value = '';
    cap.dispatchEvent(new CustomEvent('change'));
    expect(changes).toEqual([
      ['weightchange', { ownerId: '00GDn0000002001AAA', value: '5' }],
      ['capchange', { ownerId: '00GDn0000002001AAA', value: '' }],
    ]);
    await expect(element).toBeAccessible();
  });

  it('hides weights and caps when the method has none', async () => {
    const element = await mount({});
    expect(all(element, 'pool-weight')).toHaveLength(0);
    expect(all(element, 'pool-cap')).toHaveLength(0);
  });

  it('filters by name, account or username, and keeps chosen owners in view', async () => {
    const element = await mount({});
    const filter = (element.shadowRoot as ShadowRoot).querySelector(
      '[data-id="pool-filter"]',
    ) as HTMLElement;

    filter.dispatchEvent(new CustomEvent('change', { detail: { value: 'tailspin' } }));
    await Promise.resolve();
    expect(rowNames(element)).toEqual(['Wingtip', 'Sara']);

    filter.dispatchEvent(new CustomEvent('change', { detail: { value: 'JONAS.BECKER' } }));
    await Promise.resolve();
    expect(rowNames(element)).toEqual(['Wingtip', 'Jonas']);
  });

  it('says when no owner matches, and when the method has no owners', async () => {
    const element = await mount({
      options: OPTIONS.map((entry) => ({ ...entry, selected: false })),
    });
    const filter = (element.shadowRoot as ShadowRoot).querySelector(
      '[data-id="pool-filter"]',
    ) as HTMLElement;
    filter.dispatchEvent(new CustomEvent('change', { detail: { value: 'nobody' } }));
    await Promise.resolve();
    const empty = () =>
      (element.shadowRoot as ShadowRoot)
        .querySelector('[data-id="pool-empty"]')
        ?.textContent?.trim();
    expect(empty()).toBe('No owner matches this filter.');
    expect((element.shadowRoot as ShadowRoot).textContent).toContain('0 owners chosen');

    element.options = [];
    await Promise.resolve();
    expect(empty()).toBe('No owners can take leads with this method.');
  });
});
