/**
 * The per-row report and the summary, for people (tables) and for --json (the same facts). A dry
 * run reports what would happen (create, match); a run reports what happened (created, matched).
 */
import { table } from '../cli/output.ts';
import type { LoginEmail, Plan, PlannedRow } from './plan.ts';

export interface RowReport {
  row: number;
  accountName: string;
  email: string;
  /** False when any step of the row failed. */
  ok: boolean;
  account: {
    status: 'create' | 'created' | 'match' | 'matched' | 'failed';
    id: string | null;
    /** IsPartner set (or to be set) by this run. */
    partnerEnabled: boolean;
  };
  contact: {
    status: 'create' | 'created' | 'match' | 'matched' | 'failed' | 'skipped';
    id: string | null;
  };
  user: {
    status: 'create' | 'created' | 'exists' | 'inactive' | 'skipped' | 'failed';
    id: string | null;
    username: string | null;
    profile: string | null;
    reason: string | null;
  };
  /** Queues joined (or to join) by this run, and those the user was already in. */
  queues: { joined: string[]; already: string[] };
  loginEmail: LoginEmail | 'none' | 'failed';
  /** What failed and what to do, one line each. */
  errors: string[];
  notes: string[];
}

export interface Summary {
  rows: number;
  succeeded: number;
  failed: number;
  accounts: { created: number; matched: number; partnerEnabled: number; failed: number };
  contacts: { created: number; matched: number; failed: number };
  users: { created: number; existing: number; inactive: number; skipped: number; failed: number };
  queueMemberships: number;
  loginEmails: { passwordReset: number; siteWelcome: number; failed: number };
  /** Whether the run changed (or the dry run would change) anything in the org. */
  changed: boolean;
}

/** The report of a dry run: what would happen. */
export function plannedReports(plan: Plan): RowReport[] {
  return plan.rows.map((r: PlannedRow) => ({
    row: r.input.row,
    accountName: r.account.name,
    email: r.input.email,
    ok: true,
    account: {
      status: r.account.id ? 'match' : 'create',
      id: r.account.id,
      partnerEnabled: r.account.enable,
    },
    contact: {
      status: r.contact.action,
      id: r.contact.action === 'match' ? r.contact.id : null,
    },
    user:
      r.user.action === 'create'
        ? {
            status: 'create',
            id: null,
            username: r.user.username.value,
            profile: r.user.profile.name,
            reason: null,
          }
        : r.user.action === 'skip'
          ? { status: 'skipped', id: null, username: null, profile: null, reason: r.user.reason }
          : {
              status: r.user.action,
              id: r.user.id,
              username: r.user.username,
              profile: r.user.action === 'exists' ? r.user.profileName : null,
              reason: null,
            },
    queues: {
      joined: r.queuesToJoin.map((q) => q.name),
      already: r.queuesAlready.map((q) => q.name),
    },
    loginEmail: r.user.action === 'create' ? r.user.loginEmail : 'none',
    errors: [],
    notes: [...r.notes],
  }));
}

const count = <T>(items: T[], test: (item: T) => boolean) => items.filter(test).length;

export function summarize(reports: RowReport[], dryRun: boolean): Summary {
  const created = dryRun ? 'create' : 'created';
  const matched = dryRun ? 'match' : 'matched';
  // Accounts appear on every row of theirs: count each once (by Id, or by name when new).
  const accounts = new Map<string, RowReport['account']>();
  for (const r of reports)
    accounts.set(r.account.id ?? `new:${r.accountName.toLowerCase()}`, r.account);
  const accountList = [...accounts.values()];
  const summary: Summary = {
    rows: reports.length,
    succeeded: count(reports, (r) => r.ok),
    failed: count(reports, (r) => !r.ok),
    accounts: {
      created: count(accountList, (a) => a.status === created),
      matched: count(accountList, (a) => a.status === matched),
      partnerEnabled: count(accountList, (a) => a.partnerEnabled),
      failed: count(accountList, (a) => a.status === 'failed'),
    },
    contacts: {
      created: count(reports, (r) => r.contact.status === created),
      matched: count(reports, (r) => r.contact.status === matched),
      failed: count(reports, (r) => r.contact.status === 'failed'),
    },
    users: {
      created: count(reports, (r) => r.user.status === created),
      existing: count(reports, (r) => r.user.status === 'exists'),
      inactive: count(reports, (r) => r.user.status === 'inactive'),
      skipped: count(reports, (r) => r.user.status === 'skipped'),
      failed: count(reports, (r) => r.user.status === 'failed'),
    },
    queueMemberships: reports.reduce((n, r) => n + r.queues.joined.length, 0),
    loginEmails: {
      passwordReset: count(reports, (r) => r.loginEmail === 'password-reset'),
      siteWelcome: count(reports, (r) => r.loginEmail === 'site-welcome'),
      failed: count(reports, (r) => r.loginEmail === 'failed'),
    },
    changed: false,
  };
  summary.changed =
    summary.accounts.created +
      summary.accounts.partnerEnabled +
      summary.contacts.created +
      summary.users.created +
      summary.queueMemberships +
      summary.loginEmails.passwordReset >
    0;
  return summary;
}

const EMAIL_LABEL: Record<RowReport['loginEmail'], string> = {
  'password-reset': 'password reset',
  'site-welcome': 'site welcome',
  none: '-',
  failed: 'FAILED',
};

function userCell(r: RowReport): string {
  const u = r.user;
  if (u.status === 'skipped') return `skipped (${u.reason ?? ''})`;
  if (u.status === 'failed') return 'FAILED';
  return `${u.status} ${u.username ?? ''}`.trim();
}

export function renderReport(reports: RowReport[], summary: Summary, dryRun: boolean): string {
  const rows = reports.map((r) => [
    String(r.row),
    `${r.accountName} (${r.account.status}${r.account.partnerEnabled && r.account.status !== 'failed' ? ', partner' : ''})`,
    `${r.email} (${r.contact.status})`,
    userCell(r),
    [...r.queues.joined, ...r.queues.already.map((q) => `${q} (already)`)].join('; ') || '-',
    EMAIL_LABEL[r.loginEmail],
  ]);
  const [create, enable, add] = dryRun
    ? ['to create', 'to enable as partner', 'to add']
    : ['created', 'enabled as partner', 'added'];
  const s = summary;
  const summaryRows = [
    [
      'Accounts',
      `${s.accounts.created} ${create}, ${s.accounts.matched} matched, ${s.accounts.partnerEnabled} ${enable}${s.accounts.failed ? `, ${s.accounts.failed} failed` : ''}`,
    ],
    [
      'Contacts',
      `${s.contacts.created} ${create}, ${s.contacts.matched} matched${s.contacts.failed ? `, ${s.contacts.failed} failed` : ''}`,
    ],
    [
      'Partner users',
      `${s.users.created} ${create}, ${s.users.existing} existing, ${s.users.inactive} inactive, ${s.users.skipped} skipped, ${s.users.failed} failed`,
    ],
    ['Queue memberships', `${s.queueMemberships} ${add}`],
    [
      'Login e-mails',
      `${s.loginEmails.passwordReset} password reset, ${s.loginEmails.siteWelcome} site welcome${s.loginEmails.failed ? `, ${s.loginEmails.failed} failed` : ''}`,
    ],
    ['Rows', dryRun ? `${s.rows} planned` : `${s.succeeded} succeeded, ${s.failed} failed`],
  ];
  const details = reports.flatMap((r) => [
    ...r.errors.map((e) => `  row ${r.row}: FAILED ${e}`),
    ...r.notes.map((n) => `  row ${r.row}: ${n}`),
  ]);
  const lines = [
    table(['Row', 'Account', 'Contact', 'Partner user', 'Queues', 'Login e-mail'], rows),
    '',
    table(['Summary', ''], summaryRows),
  ];
  if (details.length > 0) lines.push('', 'Details:', ...details);
  lines.push(
    '',
    dryRun
      ? s.changed
        ? 'Dry run: nothing was changed. Run without --dry-run to apply this plan.'
        : 'Dry run: nothing to change, every row is already onboarded.'
      : !s.changed && s.failed === 0
        ? 'Nothing to change: every row was already onboarded.'
        : s.failed === 0
          ? `Done: all ${s.rows} rows onboarded.`
          : `${s.failed} of ${s.rows} rows failed (the others are done); fix what the details say and run the same file again.`,
  );
  return lines.join('\n');
}
