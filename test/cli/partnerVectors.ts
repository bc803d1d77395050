/**
 * The onboarding rules' shared vectors (force-app/main/default/staticresources/
 * PartnerOnboardingVectors.json): an org state and rows in, the plan out. The CLI's
 * `partners onboard` (scripts/partners) and the wizard's Apex (PartnerOnboardingRules) must both
 * produce each vector's `expect`; this module runs the CLI side and projects its plan onto the
 * vectors' format, which PartnerOnboardingRulesTest builds the same way in Apex.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLUMNS } from '../../scripts/partners/columns.ts';
import type { ColumnName } from '../../scripts/partners/columns.ts';
import type { CsvTable, RowValues } from '../../scripts/partners/csvFile.ts';
import { NameAllocator } from '../../scripts/partners/names.ts';
import type { OnboardingSnapshot } from '../../scripts/partners/orgState.ts';
import { needsRunningUserRole, planOnboarding } from '../../scripts/partners/plan.ts';
import type { PlannedUser } from '../../scripts/partners/plan.ts';
import { sortProblems } from '../../scripts/partners/problems.ts';
import { checkRows } from '../../scripts/partners/rows.ts';

export const VECTORS_FILE = join(
  import.meta.dirname,
  '..',
  '..',
  'force-app',
  'main',
  'default',
  'staticresources',
  'PartnerOnboardingVectors.json',
);

/** The org as the rules see it: OnboardingSnapshot without the CLI-only readiness checks. */
export type VectorOrg = Omit<OnboardingSnapshot, 'readiness' | 'runningUser'> & {
  runningUser: { id: string; username: string };
};

export interface Vector {
  name: string;
  org: VectorOrg;
  /** Rows as a file has them (columns left out are blank); row numbers start at 2. */
  rows: Partial<RowValues>[];
  expect: VectorPlan;
}

export interface VectorPlan {
  problems: { row: number | null; column: string | null; message: string; fix: string }[];
  warnings: string[];
  accounts: {
    name: string;
    website: string;
    id: string | null;
    enable: boolean;
    ownerId: string;
  }[];
  rows: {
    row: number;
    account: string;
    /** "create", or "match" and the contact's Id. */
    contact: string;
    /** "create username nickname alias loginEmail", "exists Id", "inactive Id" or "skip". */
    user: string;
    queuesToJoin: string[];
    queuesAlready: string[];
    notes: string[];
  }[];
  needsRunningUserRole: boolean;
}

export function readVectors(): Vector[] {
  return (JSON.parse(readFileSync(VECTORS_FILE, 'utf8')) as { vectors: Vector[] }).vectors;
}

function userText(user: PlannedUser): string {
  switch (user.action) {
    case 'create':
      return `create ${user.username.value} ${user.nickname.value} ${user.alias} ${user.loginEmail}`;
    case 'exists':
    case 'inactive':
      return `${user.action} ${user.id}`;
    case 'skip':
      return 'skip';
  }
}

/** Plans a vector's rows against its org with the CLI's rules, in the vectors' format. */
export function planVector(vector: Pick<Vector, 'org' | 'rows'>): VectorPlan {
  const table: CsvTable = {
    columns: [...COLUMNS],
    rows: vector.rows.map((values, i) => ({
      row: i + 2,
      values: Object.fromEntries(COLUMNS.map((c: ColumnName) => [c, values[c] ?? ''])) as RowValues,
    })),
  };
  const checked = checkRows(table);
  const snapshot: OnboardingSnapshot = {
    ...vector.org,
    readiness: [],
    runningUser: {
      ...vector.org.runningUser,
      roleId: null,
      timeZoneSidKey: 'GMT',
      localeSidKey: 'en_US',
      emailEncodingKey: 'UTF-8',
      languageLocaleKey: 'en_US',
    },
  };
  const names = new NameAllocator(vector.org.takenUsernames, vector.org.takenNicknames);
  const plan = planOnboarding(
    checked.rows.filter((r) => r.valid),
    snapshot,
    names,
  );
  return {
    problems: sortProblems([...checked.problems, ...plan.problems], COLUMNS),
    warnings: [...checked.warnings, ...plan.warnings],
    accounts: plan.accounts.map((a) => ({
      name: a.name,
      website: a.website,
      id: a.id,
      enable: a.enable,
      ownerId: a.ownerId,
    })),
    rows: plan.rows.map((r) => ({
      row: r.input.row,
      account: r.account.name,
      contact: r.contact.action === 'match' ? `match ${r.contact.id}` : 'create',
      user: userText(r.user),
      queuesToJoin: r.queuesToJoin.map((q) => q.name),
      queuesAlready: r.queuesAlready.map((q) => q.name),
      notes: r.notes,
    })),
    needsRunningUserRole: needsRunningUserRole(plan, vector.org.runningUser.id),
  };
}
