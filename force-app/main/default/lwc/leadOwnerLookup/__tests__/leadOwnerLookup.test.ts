import { createElement } from 'lwc';
import LeadOwnerLookup, {
  type LookupOption,
  type LookupSearchDetail,
  type LookupSelectDetail,
} from 'c/leadOwnerLookup';
import type {} from '@sa11y/jest';

const OPTIONS: LookupOption[] = [
  {
    id: '00GDn0000002001AAA',
    name: 'Wingtip Solutions Leads',
    meta: 'Partner queue · Wingtip Solutions',
  },
  { id: '005Dn0000001001AAA', name: 'Jonas Becker', meta: 'Partner user · Wingtip Solutions' },
  { id: '005Dn0000005001AAA', name: 'Lukas Weber', meta: 'User · lukas.weber@channelkit.localorg' },
];

type LookupElement = HTMLElement & {
  label: string;
  options: LookupOption[];
  message: string | null;
  selectedId: string | null;
  selectedName: string | null;
};

async function mount(props: Partial<LookupElement> = {}): Promise<LookupElement> {
  const element = createElement('c-lead-owner-lookup', { is: LeadOwnerLookup }) as LookupElement;
  Object.assign(element, { label: 'Specific owner', ...props });
  document.body.appendChild(element);
  await Promise.resolve();
  return element;
}

const root = (element: HTMLElement) => element.shadowRoot as ShadowRoot;
const input = (element: HTMLElement) =>
  root(element).querySelector('[data-id="owner-lookup-input"]') as HTMLInputElement;
const options = (element: HTMLElement) =>
  Array.from(root(element).querySelectorAll<HTMLElement>('[data-id="owner-lookup-option"]'));

function events<T>(element: HTMLElement, name: string): T[] {
  const seen: T[] = [];
  element.addEventListener(name, (event) => seen.push((event as CustomEvent<T>).detail));
  return seen;
}

async function key(element: HTMLElement, name: string) {
  input(element).dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true }));
  await Promise.resolve();
}

afterEach(() => {
  while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
});

describe('c-lead-owner-lookup', () => {
  it('is a labelled combobox that reports what is typed as a search event', async () => {
    const element = await mount();
    const field = input(element);
    expect(field.getAttribute('role')).toBe('combobox');
    expect(field.getAttribute('aria-autocomplete')).toBe('list');
    expect(field.getAttribute('aria-expanded')).toBe('false');
    const label = root(element).querySelector('label') as HTMLLabelElement;
    expect(label.textContent).toBe('Specific owner');
    expect(label.htmlFor).toBe(field.id);
    const listbox = root(element).querySelector('[role="listbox"]') as HTMLElement;
    expect(field.getAttribute('aria-controls')).toBe(listbox.id);

    const searches = events<LookupSearchDetail>(element, 'search');
    field.value = 'wing';
    field.dispatchEvent(new CustomEvent('input'));
    expect(searches).toEqual([{ text: 'wing' }]);
    await expect(element).toBeAccessible();
  });

  it('lists the options it is given, opens on focus, and says the message', async () => {
    const element = await mount({ options: OPTIONS, message: '3 owners found.' });
    input(element).dispatchEvent(new CustomEvent('focus'));
    await Promise.resolve();
    expect(input(element).getAttribute('aria-expanded')).toBe('true');
    expect(
      options(element).map((option) =>
        Array.from(option.querySelectorAll('.slds-media__body > span')).map((line) =>
          line.textContent?.trim(),
        ),
      ),
    ).toEqual([
      ['Wingtip Solutions Leads', 'Partner queue · Wingtip Solutions'],
      ['Jonas Becker', 'Partner user · Wingtip Solutions'],
      ['Lukas Weber', 'User · lukas.weber@channelkit.localorg'],
    ]);
    expect(options(element).every((option) => option.getAttribute('role') === 'option')).toBe(true);
    const message = root(element).querySelector('[data-id="owner-lookup-message"]') as HTMLElement;
    expect(message.textContent?.trim()).toBe('3 owners found.');
    expect(input(element).getAttribute('aria-describedby')).toBe(message.id);
    await expect(element).toBeAccessible();
  });

  it('moves through the options with the arrow keys and chooses with Enter', async () => {
    const element = await mount({ options: OPTIONS });
    const chosen = events<LookupSelectDetail>(element, 'select');
    input(element).dispatchEvent(new CustomEvent('focus'));
    await key(element, 'ArrowDown');
    await key(element, 'ArrowDown');
    expect(input(element).getAttribute('aria-activedescendant')).toBe(options(element)[1].id);
    expect(options(element).map((option) => option.getAttribute('aria-selected'))).toEqual([
      'false',
      'true',
      'false',
    ]);
    await key(element, 'ArrowUp');
    await key(element, 'ArrowUp');
    expect(input(element).getAttribute('aria-activedescendant')).toBe(options(element)[2].id);
    await key(element, 'Enter');
    expect(chosen).toEqual([{ id: '005Dn0000005001AAA', name: 'Lukas Weber' }]);
    expect(input(element).getAttribute('aria-expanded')).toBe('false');
  });

  it('closes with Escape without choosing, and chooses an option by click', async () => {
    const element = await mount({ options: OPTIONS });
    const chosen = events<LookupSelectDetail>(element, 'select');
    input(element).dispatchEvent(new CustomEvent('focus'));
    await key(element, 'ArrowDown');
    await key(element, 'Escape');
    expect(input(element).getAttribute('aria-expanded')).toBe('false');
    expect(input(element).getAttribute('aria-activedescendant')).toBeNull();
    await key(element, 'Enter');
    expect(chosen).toEqual([]);

    input(element).dispatchEvent(new CustomEvent('focus'));
    await Promise.resolve();
    options(element)[0].click();
    expect(chosen).toEqual([{ id: '00GDn0000002001AAA', name: 'Wingtip Solutions Leads' }]);
  });

  it('shows the chosen owner as a pill whose removal reports a clear event', async () => {
    const element = await mount({
      selectedId: '005Dn0000001001AAA',
      selectedName: 'Jonas Becker',
      message: 'Type at least 2 characters.',
    });
    expect(input(element)).toBeNull();
    const message = () =>
      root(element).querySelector('[data-id="owner-lookup-message"]')?.textContent?.trim();
    expect(message()).toBe('');
    const pill = root(element).querySelector('[data-id="owner-lookup-pill"]') as HTMLElement & {
      label: string;
    };
    expect(pill.label).toBe('Jonas Becker');
    let cleared = 0;
    element.addEventListener('clear', () => cleared++);
    pill.dispatchEvent(new CustomEvent('remove'));
    expect(cleared).toBe(1);
    await expect(element).toBeAccessible();

    element.selectedId = null;
    await Promise.resolve();
    expect(input(element)).not.toBeNull();
    expect(message()).toBe('Type at least 2 characters.');
  });
});
