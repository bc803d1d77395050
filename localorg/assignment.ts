/**
 * Lead assignment rules as data: an AssignmentRule record plus ordered entries, each a list of
 * criteria on Lead fields (all must match) and the user or queue that gets the lead.
 */
import { z } from 'zod';
import type { Store, Row } from './store/store.ts';

export const criterionSchema = z.object({
  field: z.string(),
  operator: z.enum([
    'equals',
    'notEqual',
    'in',
    'notIn',
    'startsWith',
    'contains',
    'isNull',
    'notNull',
  ]),
  value: z.union([z.string(), z.array(z.string())]).optional(),
});
export type RuleCriterion = z.infer<typeof criterionSchema>;

export interface RuleEntry {
  criteria: RuleCriterion[];
  assignedToId: string;
}

const DEFAULT_OWNER_SETTING = 'lead.defaultOwnerId';

export function setRuleEntries(store: Store, ruleId: string, entries: RuleEntry[]): void {
  store.transaction(() => {
    store.run('DELETE FROM _lo_rule_entry WHERE ruleId = ?', ruleId);
    entries.forEach((entry, i) => {
      store.run(
        'INSERT INTO _lo_rule_entry (ruleId, sortOrder, criteria, assignedToId) VALUES (?, ?, ?, ?)',
        ruleId,
        i + 1,
        JSON.stringify(entry.criteria),
        entry.assignedToId,
      );
    });
  });
}

export function ruleEntries(store: Store, ruleId: string): RuleEntry[] {
  return store
    .all(
      'SELECT criteria, assignedToId FROM _lo_rule_entry WHERE ruleId = ? ORDER BY sortOrder',
      ruleId,
    )
    .map((row) => ({
      criteria: z.array(criterionSchema).parse(JSON.parse(String(row.criteria))),
      assignedToId: String(row.assignedToId),
    }));
}

/** Lead Settings' default lead owner, used when no entry matches. */
export function setDefaultLeadOwner(store: Store, ownerId: string): void {
  store.setSetting(DEFAULT_OWNER_SETTING, ownerId);
}

export function activeRuleId(store: Store, sobjectType: string): string | undefined {
  const row = store.get(
    'SELECT "Id" FROM "AssignmentRule" WHERE "SobjectType" = ? AND "Active" = 1 LIMIT 1',
    sobjectType,
  );
  return row ? String(row.Id) : undefined;
}

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value).toLowerCase();
}

export function criterionMatches(criterion: RuleCriterion, record: Row): boolean {
  const actual = text(record[criterion.field]);
  const values = (Array.isArray(criterion.value) ? criterion.value : [criterion.value ?? '']).map(
    text,
  );
  switch (criterion.operator) {
    case 'equals':
      return actual === values[0];
    case 'notEqual':
      return actual !== values[0];
    case 'in':
      return values.includes(actual);
    case 'notIn':
      return !values.includes(actual);
    case 'startsWith':
      return values.some((v) => actual.startsWith(v));
    case 'contains':
      return values.some((v) => actual.includes(v));
    case 'isNull':
      return actual === '';
    case 'notNull':
      return actual !== '';
  }
}

/**
 * The owner a rule gives a record: the first matching entry's assignee, else the default lead
 * owner, else undefined (the owner stays).
 */
export function assignOwner(store: Store, ruleId: string, record: Row): string | undefined {
  for (const entry of ruleEntries(store, ruleId)) {
    if (entry.criteria.every((c) => criterionMatches(c, record))) return entry.assignedToId;
  }
  return store.setting(DEFAULT_OWNER_SETTING);
}
