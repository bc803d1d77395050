/**
 * Checks every row of an onboarding file on its own and against the other rows (no org needed):
 * required values, lengths, e-mail and website syntax, PartnerUser values, the same e-mail twice,
 * one account name with two websites.
 */
import { REQUIRED_COLUMNS } from './columns.ts';
import type { ColumnName } from './columns.ts';
import type { CsvRow, CsvTable } from './csvFile.ts';
import { problem } from './problems.ts';
import type { Problem } from './problems.ts';
import { accountNameKey, emailError, normalizeWebsite, parseYesNo, splitQueues } from './values.ts';

export interface OnboardRow {
  /** Spreadsheet row number (header = 1). */
  row: number;
  /** False when the row has a problem; only valid rows are planned. */
  valid: boolean;
  accountName: string;
  website: string;
  /** Account identity: name (case and spaces ignored) plus normalised website. */
  accountKey: string;
  websiteKey: string;
  firstName: string;
  lastName: string;
  email: string;
  /** The e-mail in lower case: contacts are matched on it, the username is made from it. */
  emailKey: string;
  title: string;
  partnerUser: boolean;
  profile: string;
  queues: string[];
}

export interface RowCheck {
  rows: OnboardRow[];
  problems: Problem[];
  warnings: string[];
}

/** Field lengths of Account, Contact and User. */
const MAX_LENGTH: Partial<Record<ColumnName, number>> = {
  AccountName: 255,
  Website: 255,
  FirstName: 40,
  LastName: 80,
  Email: 80,
  Title: 128,
  Profile: 255,
};
const USER_TITLE_LENGTH = 80;

const REQUIRED_VALUES: ColumnName[] = ['AccountName', 'Website', 'LastName', 'Email'];

function checkRow(csv: CsvRow, present: Set<ColumnName>): { row: OnboardRow; problems: Problem[] } {
  const v = csv.values;
  const problems: Problem[] = [];
  const add = (column: ColumnName, message: string, fix: string) =>
    problems.push(problem(csv.row, column, message, fix));

  for (const column of REQUIRED_VALUES) {
    if (present.has(column) && !v[column]) add(column, 'the value is blank', `fill in ${column}`);
  }
  const partnerUser = parseYesNo(v.PartnerUser);
  if (partnerUser === null) {
    add(
      'PartnerUser',
      `"${v.PartnerUser}" is not yes or no`,
      'write yes, no, true or false (blank means no)',
    );
  }
  for (const [column, max] of Object.entries(MAX_LENGTH) as [ColumnName, number][]) {
    const limit = column === 'Title' && partnerUser ? USER_TITLE_LENGTH : max;
    if ([...v[column]].length > limit) {
      add(
        column,
        `the value is ${[...v[column]].length} characters long; Salesforce allows ${limit}${column === 'Title' && partnerUser ? ' for a user' : ''}`,
        `shorten it to ${limit} characters`,
      );
    }
  }
  if (v.Email) {
    const error = emailError(v.Email);
    if (error)
      add(
        'Email',
        `"${v.Email}" is not an e-mail address (${error})`,
        'write it as name@company.com',
      );
  }
  let websiteKey = '';
  if (v.Website) {
    const website = normalizeWebsite(v.Website);
    if ('error' in website) {
      add(
        'Website',
        `"${v.Website}" ${website.error}`,
        'write it like acme.com or https://www.acme.com',
      );
    } else {
      websiteKey = website.key;
    }
  }
  if (partnerUser && !v.Profile) {
    add(
      'Profile',
      'the value is blank but PartnerUser is yes',
      "name the partner user's profile (e.g. Partner Community User), or set PartnerUser to no",
    );
  }
  return {
    problems,
    row: {
      row: csv.row,
      valid: problems.length === 0,
      accountName: v.AccountName.replace(/\s+/g, ' '),
      website: v.Website,
      accountKey: `${accountNameKey(v.AccountName)}|${websiteKey}`,
      websiteKey,
      firstName: v.FirstName,
      lastName: v.LastName,
      email: v.Email,
      emailKey: v.Email.toLowerCase(),
      title: v.Title,
      partnerUser: partnerUser ?? false,
      profile: v.Profile,
      queues: splitQueues(v.Queues),
    },
  };
}

/** The same e-mail twice, and one account name given two different websites. */
function checkAcrossRows(rows: OnboardRow[]): Problem[] {
  const problems: Problem[] = [];
  const emails = new Map<string, number>();
  const websites = new Map<string, OnboardRow>();
  for (const r of rows) {
    if (r.emailKey) {
      const first = emails.get(r.emailKey);
      if (first !== undefined) {
        problems.push(
          problem(
            r.row,
            'Email',
            `${r.email} is already on row ${first}; a contact can appear only once`,
            'delete one of the two rows, or correct the e-mail',
          ),
        );
      } else emails.set(r.emailKey, r.row);
    }
    if (r.websiteKey && r.accountName) {
      const name = accountNameKey(r.accountName);
      const first = websites.get(name);
      if (first && first.websiteKey !== r.websiteKey) {
        problems.push(
          problem(
            r.row,
            'Website',
            `account "${r.accountName}" has website ${first.website} on row ${first.row} but ${r.website} here`,
            'give every row of one account the same website (or use different account names for different companies)',
          ),
        );
      } else if (!first) websites.set(name, r);
    }
  }
  return problems;
}

export function checkRows(table: CsvTable): RowCheck {
  const present = new Set(table.columns);
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const rows = table.rows.map((csv) => {
    const checked = checkRow(csv, present);
    problems.push(...checked.problems);
    const r = checked.row;
    if (!r.partnerUser && r.profile && checked.problems.length === 0) {
      warnings.push(`row ${r.row}: Profile is ignored because PartnerUser is no`);
    }
    if (!r.partnerUser && r.queues.length > 0 && checked.problems.length === 0) {
      warnings.push(
        `row ${r.row}: Queues are ignored because PartnerUser is no (only users join queues)`,
      );
    }
    return r;
  });
  // Without a required column no row can be planned (the header problem says which).
  if (REQUIRED_COLUMNS.some((c) => !present.has(c))) for (const r of rows) r.valid = false;
  const across = checkAcrossRows(rows);
  for (const p of across) {
    const r = rows.find((row) => row.row === p.row);
    if (r) r.valid = false;
  }
  return { rows, problems: [...problems, ...across], warnings };
}
