/**
 * The filter bar's state and how it becomes the `LeadFilters` of searchLeads. Checked here first
 * with the server's own messages, so a search that would fail is not sent.
 */
import type {
  FilterOptions,
  LeadFilters,
  LeadOwnerFilter,
} from '../../../../../types/leadAssignment';

export interface FilterForm {
  statuses: string[];
  /** '' for any. */
  source: string;
  /** '' for any. */
  country: string;
  /** `YYYY-MM-DD` or ''. */
  createdFrom: string;
  createdTo: string;
  ownerKind: LeadOwnerFilter;
  /** One user or queue, '' for any; its name is for the lookup's pill. */
  ownerId: string;
  ownerName: string;
  search: string;
  includeClosed: boolean;
}

export interface Option {
  label: string;
  value: string;
}

export interface FilterProblem {
  field: 'search' | 'createdTo';
  message: string;
}

export const MIN_SEARCH_LENGTH = 2;

export const EMPTY_FORM: Readonly<FilterForm> = Object.freeze({
  statuses: [],
  source: '',
  country: '',
  createdFrom: '',
  createdTo: '',
  ownerKind: 'any',
  ownerId: '',
  ownerName: '',
  search: '',
  includeClosed: false,
});

export const OWNER_KIND_OPTIONS: Option[] = [
  { label: 'Any owner', value: 'any' },
  { label: 'Users', value: 'user' },
  { label: 'Partners (users and partner queues)', value: 'partner' },
  { label: 'Queues', value: 'queue' },
  { label: 'Unassigned (pools and inactive users)', value: 'unassigned' },
];

const OWNER_KINDS = new Set(OWNER_KIND_OPTIONS.map((option) => option.value));

export function isOwnerKind(value: string): value is LeadOwnerFilter {
  return OWNER_KINDS.has(value);
}

/** Closed statuses are offered only when closed leads are included. */
export function statusOptions(options: FilterOptions | null, includeClosed: boolean): Option[] {
  return (options?.statuses ?? [])
    .filter((status) => includeClosed || !status.isClosed)
    .map(({ label, value }) => ({ label, value }));
}

export function sourceOptions(options: FilterOptions | null): Option[] {
  return [
    { label: 'Any source', value: '' },
    ...(options?.sources ?? []).map(({ label, value }) => ({ label, value })),
  ];
}

export function countryOptions(options: FilterOptions | null): Option[] {
  return [
    { label: 'Any country', value: '' },
    ...(options?.countries ?? []).map((country) => ({ label: country, value: country })),
  ];
}

/** Unticking "include closed" drops the closed statuses it had offered. */
export function withIncludeClosed(
  form: FilterForm,
  includeClosed: boolean,
  options: FilterOptions | null,
): FilterForm {
  const allowed = new Set(statusOptions(options, includeClosed).map((option) => option.value));
  return {
    ...form,
    includeClosed,
    statuses: form.statuses.filter((status) => allowed.has(status)),
  };
}

/** What stops this form from being searched, naming the field and the fix; null when nothing. */
export function filterProblem(form: FilterForm): FilterProblem | null {
  const search = form.search.trim();
  if (search.length > 0 && search.length < MIN_SEARCH_LENGTH) {
    return { field: 'search', message: 'Search needs at least 2 characters.' };
  }
  if (form.createdFrom && form.createdTo && form.createdFrom > form.createdTo) {
    return {
      field: 'createdTo',
      message: 'The created-from date must be on or before the created-to date.',
    };
  }
  return null;
}

const listOrNull = (values: string[]): string[] | null => (values.length > 0 ? [...values] : null);
const valueOrNull = (value: string): string | null => (value.trim() ? value.trim() : null);

export function toLeadFilters(form: FilterForm): LeadFilters {
  return {
    statuses: listOrNull(form.statuses),
    sources: form.source ? [form.source] : null,
    countries: form.country ? [form.country] : null,
    states: null,
    createdFrom: valueOrNull(form.createdFrom),
    createdTo: valueOrNull(form.createdTo),
    ownerKind: form.ownerKind,
    ownerId: valueOrNull(form.ownerId),
    search: valueOrNull(form.search),
    includeClosed: form.includeClosed,
  };
}

export function isFiltered(form: FilterForm): boolean {
  return (
    form.statuses.length > 0 ||
    form.includeClosed ||
    form.ownerKind !== 'any' ||
    [form.source, form.country, form.createdFrom, form.createdTo, form.search, form.ownerId].some(
      (value) => value.trim() !== '',
    )
  );
}

/**
 * What the status boxes select, in words. None ticked is no status filter (as in a Lightning list
 * view's filter): every open status, or every status with closed leads included.
 */
export function statusHint(form: Pick<FilterForm, 'statuses' | 'includeClosed'>): string {
  if (form.statuses.length > 0) {
    return `Only leads with ${form.statuses.length === 1 ? 'this status' : 'these statuses'}.`;
  }
  return form.includeClosed
    ? 'None ticked: leads of every status, open and closed.'
    : 'None ticked: leads of every open status.';
}
