/** lightning-datatable columns of the console's tables, and the list's sortable fields. */
import type { LeadSortField, OwnerType } from '../../../../../types/leadAssignment';

export interface DatatableColumn {
  label: string;
  fieldName: string;
  type?: 'text' | 'number' | 'date' | 'email';
  sortable?: boolean;
  wrapText?: boolean;
  hideDefaultActions?: boolean;
  typeAttributes?: Record<string, unknown>;
}

export const OWNER_TYPE_LABELS: Record<OwnerType, string> = {
  partnerUser: 'Partner user',
  partnerQueue: 'Partner queue',
  internalUser: 'User',
  internalQueue: 'Queue',
};

/** Lead list column → the searchLeads sort field it sorts by. */
const SORT_FIELDS: Record<string, LeadSortField> = {
  name: 'Name',
  company: 'Company',
  status: 'Status',
  country: 'Country',
  ownerName: 'OwnerName',
  createdDate: 'CreatedDate',
};

export function sortFieldOf(fieldName: string): LeadSortField | null {
  return Object.hasOwn(SORT_FIELDS, fieldName) ? SORT_FIELDS[fieldName] : null;
}

const column = (
  label: string,
  fieldName: string,
  extra: Partial<DatatableColumn> = {},
): DatatableColumn => ({
  label,
  fieldName,
  hideDefaultActions: true,
  ...extra,
});

/** Lead list columns; those searchLeads can sort by are sortable from their headers. */
export const LEAD_COLUMNS: DatatableColumn[] = [
  column('Name', 'name'),
  column('Company', 'company'),
  column('Email', 'email', { type: 'email' }),
  column('Status', 'status'),
  column('Source', 'leadSource'),
  column('Country', 'country'),
  column('Owner', 'ownerName'),
  column('Owner type', 'ownerTypeLabel'),
  column('Created', 'createdDate', {
    type: 'date',
    typeAttributes: { year: 'numeric', month: 'short', day: '2-digit' },
  }),
].map((leadColumn) => ({ ...leadColumn, sortable: sortFieldOf(leadColumn.fieldName) !== null }));

export const PLAN_OWNER_COLUMNS: DatatableColumn[] = [
  column('Owner', 'name'),
  column('Type', 'typeLabel'),
  column('Eligibility', 'eligibilityLabel', { wrapText: true }),
  column('Open leads (before → after)', 'loadChange'),
  column('Changing to it', 'assigned', { type: 'number' }),
  column('Unchanged', 'unchanged', { type: 'number' }),
];

export const PLAN_LEAD_COLUMNS: DatatableColumn[] = [
  column('Lead', 'leadName'),
  column('Company', 'company'),
  column('Current owner', 'oldOwnerName'),
  column('New owner', 'newOwnerLabel'),
  column('Method', 'reasonLabel'),
];

export const FAILURE_COLUMNS: DatatableColumn[] = [
  column('Lead', 'leadName'),
  column('Error', 'error', { wrapText: true }),
];

/** An opened batch's per-lead results in the Batches view. */
export const BATCH_RESULT_COLUMNS: DatatableColumn[] = [
  column('Lead', 'leadName'),
  column('From', 'fromLabel'),
  column('To', 'toLabel'),
  column('Result', 'status'),
  column('Error', 'error', { wrapText: true }),
];
