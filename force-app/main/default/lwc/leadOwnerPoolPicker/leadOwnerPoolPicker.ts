/**
 * The pool picker of the lead-assignment console: owners with their type, account, eligibility and
 * open-lead load; one or several can be chosen (ineligible ones are disabled, with the reason), with
 * a weight or a cap per chosen owner. A shared partner queue (partners of two or more accounts) gets a
 * warning badge that says why it is a risk. Controlled: it renders `options` and reports each change as an
 * event (`ownerselect`, `weightchange`, `capchange`) for the console to apply.
 */
import { LightningElement, api } from 'lwc';

export interface PoolOption {
  id: string;
  name: string;
  username: string | null;
  typeLabel: string;
  accountName: string | null;
  /** A shared partner queue: why it is a sharing risk and what to do; null otherwise. */
  sharedText: string | null;
  openLeadCount: number;
  selected: boolean;
  /** Cannot be chosen (ineligible, or warnings under strict eligibility). */
  blocked: boolean;
  statusLabel: string;
  statusVariant: 'success' | 'warning' | 'error';
  /** Reasons and warnings, as sentences. */
  issuesText: string;
  weight: string;
  cap: string;
}

export interface OwnerSelectDetail {
  ownerId: string;
  selected: boolean;
}

export interface OwnerValueDetail {
  ownerId: string;
  value: string;
}

const BADGE_CLASSES: Record<PoolOption['statusVariant'], string> = {
  success: 'slds-theme_success',
  warning: 'slds-theme_warning',
  error: 'slds-theme_error',
};

const loadFormat = new Intl.NumberFormat();

export default class LeadOwnerPoolPicker extends LightningElement {
  @api label = 'Owners';
  @api options: PoolOption[] = [];
  /** One owner only (radio buttons) instead of several (checkboxes). */
  @api single = false;
  @api showWeights = false;
  @api showCaps = false;

  filterText = '';

  get rows() {
    const text = this.filterText.trim().toLowerCase();
    const matches = (option: PoolOption) =>
      option.selected ||
      [option.name, option.accountName, option.username].some((value) =>
        value?.toLowerCase().includes(text),
      );
    return this.options.filter(matches).map((option) => ({
      ...option,
      inputId: `pool-option-${option.id}`,
      issuesId: `pool-issues-${option.id}`,
      sharedId: `pool-shared-${option.id}`,
      describedBy: option.sharedText
        ? `pool-issues-${option.id} pool-shared-${option.id}`
        : `pool-issues-${option.id}`,
      selectLabel: `Choose ${option.name}`,
      weightLabel: `Weight for ${option.name}`,
      capLabel: `Cap for ${option.name} (blank for no cap)`,
      accountLabel: option.accountName ?? '—',
      loadLabel: loadFormat.format(option.openLeadCount),
      badgeClass: BADGE_CLASSES[option.statusVariant],
      rowClass: option.blocked ? 'slds-hint-parent pool-blocked' : 'slds-hint-parent',
      showValues: option.selected,
    }));
  }

  get hasRows(): boolean {
    return this.rows.length > 0;
  }

  get emptyText(): string {
    return this.options.length === 0
      ? 'No owners can take leads with this method.'
      : 'No owner matches this filter.';
  }

  get chosenText(): string {
    const chosen = this.options.filter((option) => option.selected).length;
    return chosen === 1 ? '1 owner chosen' : `${chosen} owners chosen`;
  }

  handleFilter(event: CustomEvent<{ value: string }>) {
    this.filterText = event.detail.value;
  }

  handleSelect(event: Event) {
    const input = event.target as HTMLInputElement;
    this.dispatchEvent(
      new CustomEvent<OwnerSelectDetail>('ownerselect', {
        detail: { ownerId: input.dataset.ownerId as string, selected: input.checked },
      }),
    );
  }

  handleWeight(event: Event) {
    this.dispatchValue('weightchange', event);
  }

  handleCap(event: Event) {
    this.dispatchValue('capchange', event);
  }

  private dispatchValue(name: 'weightchange' | 'capchange', event: Event) {
    const input = event.target as HTMLInputElement;
    this.dispatchEvent(
      new CustomEvent<OwnerValueDetail>(name, {
        detail: { ownerId: input.dataset.ownerId as string, value: input.value },
      }),
    );
  }
}
