/**
 * A lookup of one owner (a user or a queue), as the SLDS combobox lookup: type to search, pick
 * from the list with the mouse or the keyboard (arrows, Enter, Escape), and the choice shows as a
 * pill that can be removed. Controlled, like the pool picker: it renders `options`, `message` and
 * the selection it is given, and reports what the user does as events: `search` (the text typed),
 * `select` (the owner chosen) and `clear` (the pill removed).
 */
import { LightningElement, api } from 'lwc';

export interface LookupOption {
  id: string;
  name: string;
  /** A second line: the owner's type and account or username. */
  meta: string;
}

export interface LookupSearchDetail {
  text: string;
}

export interface LookupSelectDetail {
  id: string;
  name: string;
}

export default class LeadOwnerLookup extends LightningElement {
  @api label = 'Owner';
  @api placeholder = 'Search users and queues…';
  @api options: LookupOption[] = [];
  /** Shown below the field: a hint, "searching", "no match" or an error. */
  @api message: string | null = null;
  @api selectedId: string | null = null;
  @api selectedName: string | null = null;

  text = '';
  open = false;
  activeIndex = -1;

  get hasSelection(): boolean {
    return Boolean(this.selectedId);
  }

  get expanded(): boolean {
    return this.open && this.options.length > 0;
  }

  get ariaExpanded(): string {
    return String(this.expanded);
  }

  get comboboxClass(): string {
    const base = 'slds-combobox slds-dropdown-trigger slds-dropdown-trigger_click';
    return this.expanded ? `${base} slds-is-open` : base;
  }

  get rows() {
    return this.options.map((option, index) => ({
      ...option,
      optionId: `owner-lookup-option-${index}`,
      ariaSelected: String(index === this.activeIndex),
      optionClass:
        index === this.activeIndex
          ? 'slds-media slds-listbox__option slds-listbox__option_entity slds-listbox__option_has-meta slds-has-focus'
          : 'slds-media slds-listbox__option slds-listbox__option_entity slds-listbox__option_has-meta',
    }));
  }

  get activeDescendant(): string | undefined {
    return this.expanded && this.activeIndex >= 0
      ? `owner-lookup-option-${this.activeIndex}`
      : undefined;
  }

  /** The message is about searching: with an owner chosen there is nothing to say. */
  get visibleMessage(): string | null {
    return this.hasSelection ? null : this.message;
  }

  get selectedPillLabel(): string {
    return this.selectedName ?? this.selectedId ?? '';
  }

  handleInput(event: Event) {
    this.text = (event.target as HTMLInputElement).value;
    this.open = true;
    this.activeIndex = -1;
    this.dispatchEvent(
      new CustomEvent<LookupSearchDetail>('search', { detail: { text: this.text } }),
    );
  }

  handleFocus() {
    this.open = true;
  }

  handleBlur() {
    this.open = false;
    this.activeIndex = -1;
  }

  handleKeyDown(event: KeyboardEvent) {
    const count = this.options.length;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        event.preventDefault();
        if (count === 0) return;
        this.open = true;
        const step = event.key === 'ArrowDown' ? 1 : -1;
        this.activeIndex =
          this.activeIndex < 0 && step < 0 ? count - 1 : (this.activeIndex + step + count) % count;
        break;
      }
      case 'Enter':
        if (this.expanded && this.activeIndex >= 0) {
          event.preventDefault();
          this.choose(this.options[this.activeIndex]);
        }
        break;
      case 'Escape':
        if (this.open) {
          event.preventDefault();
          this.open = false;
          this.activeIndex = -1;
        }
        break;
      default:
    }
  }

  /** Keeps the focus in the field while an option is clicked (blur would close the list first). */
  handleListMouseDown(event: MouseEvent) {
    event.preventDefault();
  }

  handleOptionClick(event: Event) {
    const id = (event.currentTarget as HTMLElement).dataset.ownerId;
    const option = this.options.find((candidate) => candidate.id === id);
    if (option) this.choose(option);
  }

  handleRemove() {
    this.text = '';
    this.dispatchEvent(new CustomEvent('clear'));
  }

  private choose(option: LookupOption) {
    this.open = false;
    this.activeIndex = -1;
    this.text = '';
    this.dispatchEvent(
      new CustomEvent<LookupSelectDetail>('select', {
        detail: { id: option.id, name: option.name },
      }),
    );
  }
}
