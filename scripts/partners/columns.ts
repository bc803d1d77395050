/**
 * The columns of an onboarding file. Header names are matched ignoring case, spaces, `_` and `-`
 * ("Account Name", "account_name" and "ACCOUNTNAME" are all AccountName).
 */
export const COLUMNS = [
  'AccountName',
  'Website',
  'FirstName',
  'LastName',
  'Email',
  'Title',
  'PartnerUser',
  'Profile',
  'Queues',
] as const;

export type ColumnName = (typeof COLUMNS)[number];

/** Columns the header must have; the others may be left out (their values are then blank). */
export const REQUIRED_COLUMNS: readonly ColumnName[] = [
  'AccountName',
  'Website',
  'LastName',
  'Email',
  'PartnerUser',
];

export const COLUMN_HELP: Record<ColumnName, string> = {
  AccountName: 'partner account name (required)',
  Website:
    "account website (required), e.g. acme.com; 'https://', 'www.' and a final '/' are ignored",
  FirstName: 'contact first name',
  LastName: 'contact last name (required)',
  Email: 'contact e-mail (required, once per file); the username is made from it',
  Title: 'contact job title',
  PartnerUser: 'yes / no / true / false (blank = no): create a partner user for the contact',
  Profile: 'partner user profile with a partner licence (required when PartnerUser is yes)',
  Queues: "lead queues the partner user joins, separated by ';' (label or API name)",
};

export function headerKey(name: string): string {
  return name.replace(/[\s_-]+/g, '').toLowerCase();
}

const BY_KEY = new Map<string, ColumnName>(COLUMNS.map((c) => [headerKey(c), c]));

/** The column a header cell names, or undefined. */
export function columnFor(header: string): ColumnName | undefined {
  return BY_KEY.get(headerKey(header));
}

/** Spreadsheet column letter of a 0-based index: 0 = A, 26 = AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** The column list for --help. */
export function columnsHelp(): string {
  const width = Math.max(...COLUMNS.map((c) => c.length));
  const lines = COLUMNS.map((c) => `  ${c.padEnd(width)}  ${COLUMN_HELP[c]}`);
  return [
    '',
    'CSV columns (UTF-8, header row first; names are not case-sensitive; one row per contact):',
    ...lines,
    '',
    `The header must have ${REQUIRED_COLUMNS.join(', ')}; the other columns may be left out.`,
    'Every problem in the file is reported as "row N, column X: ..." before anything changes (exit 2).',
    'Accounts match by name and website, contacts by e-mail, partner users by contact: running the',
    'same file again changes nothing. New accounts are owned by you (your user needs a role) and',
    'enabled as partner accounts; new users get a password-reset e-mail unless the site sends a',
    'welcome e-mail. Existing users are never changed or reactivated, only added to missing queues.',
    'Exit codes: 0 every row done, 1 some rows failed (the others are done), 2 bad input.',
    '',
    'Example:',
    '  AccountName,Website,FirstName,LastName,Email,Title,PartnerUser,Profile,Queues',
    '  Acme Resellers,acme.example.com,Ada,Lovelace,ada@acme.example.com,Sales Lead,yes,Partner Community User,EMEA Partner Pool',
    '  Acme Resellers,acme.example.com,Bo,Berg,bo@acme.example.com,Marketing,no,,',
  ].join('\n');
}
