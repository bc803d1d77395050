/**
 * `--assignment-rule default|ID`: the org's lead assignment rule picks each owner. The rule is
 * checked before anything changes; after the update the owners are read back, and the leads the
 * rule moved are written to a file the journal names, so undo puts back exactly those.
 */
import type { Connection } from '@salesforce/core';
import { normalizeId } from '../../lib/salesforce-id.ts';
import { badInput } from '../cli/errors.ts';
import { soqlString } from '../cli/soql.ts';
import type { Journal } from './journal.ts';
import { CsvFileWriter, ruleChangesOf } from './plan.ts';
import { ownersNow } from './verify.ts';

export interface AssignmentRuleFacts {
  id: string;
  name: string;
  active: boolean;
}

type RuleRow = { Id: string; Name: string; SobjectType: string; Active: boolean };
const RULES_QUERY =
  'sf data query -q "SELECT Id, Name, Active FROM AssignmentRule WHERE SobjectType = \'Lead\'"';

/** `default`: the active Lead rule; an Id: that rule, which must exist and be for Lead. */
export async function resolveAssignmentRule(
  conn: Connection,
  given: string,
  countCall: () => void,
): Promise<AssignmentRuleFacts> {
  countCall();
  if (given === 'default') {
    const active = await conn.query<RuleRow>(
      "SELECT Id, Name, SobjectType, Active FROM AssignmentRule WHERE SobjectType = 'Lead' AND Active = true",
    );
    const rule = active.records[0];
    if (!rule) {
      throw badInput(
        'NoActiveAssignmentRule',
        'This org has no active lead assignment rule, so --assignment-rule default has nothing to run.',
        `Activate one in Setup > Lead Assignment Rules, or pass a rule Id (${RULES_QUERY} lists them).`,
      );
    }
    return { id: normalizeId(rule.Id)!, name: rule.Name, active: true };
  }
  const found = await conn.query<RuleRow>(
    `SELECT Id, Name, SobjectType, Active FROM AssignmentRule WHERE Id = ${soqlString(given)}`,
  );
  const rule = found.records[0];
  if (!rule) {
    throw badInput(
      'UnknownAssignmentRule',
      `--assignment-rule: no assignment rule ${given} in this org (or you cannot see it).`,
      `Pass the Id of a lead assignment rule; ${RULES_QUERY} lists them.`,
    );
  }
  if (rule.SobjectType !== 'Lead') {
    throw badInput(
      'NotALeadRule',
      `--assignment-rule: ${given} ("${rule.Name}") is a ${rule.SobjectType} assignment rule, not a Lead rule.`,
      `Pass the Id of a lead assignment rule; ${RULES_QUERY} lists them.`,
    );
  }
  return { id: normalizeId(rule.Id)!, name: rule.Name, active: Boolean(rule.Active) };
}

const key = (id: string) => id.substring(0, 15);

/**
 * Reads every planned lead's owner back (except those that failed), writes the leads the rule
 * moved to `<base>.owners.csv` and every updated lead to the success file, and journals the
 * owners file. Returns how many leads the rule moved and how many kept their owner.
 */
export async function recordRuleOwners(
  conn: Connection,
  journal: Journal,
  files: { plan: string; base: string; success: string },
  failedIds: Set<string>,
  countCall: () => void,
): Promise<{ moved: number; kept: number }> {
  const ownersFile = `${files.base}.owners.csv`;
  const owners = new CsvFileWriter(ownersFile, ['Id', 'OldOwnerId', 'NewOwnerId']);
  const successes = new CsvFileWriter(files.success, ['Id', 'OwnerId', 'Status']);
  let moved = 0;
  let kept = 0;
  for await (const row of ownersNow(conn, ruleChangesOf(files.plan), countCall)) {
    if (failedIds.has(key(row.id))) continue;
    if (row.now !== null && key(row.now) !== key(row.before)) {
      moved += 1;
      await owners.write([row.id, row.before, row.now]);
    } else {
      kept += 1;
    }
    await successes.write([row.id, row.now ?? row.before, 'Item Updated']);
  }
  await owners.close();
  await successes.close();
  journal.append({ type: 'owners', phase: 'reassign', file: ownersFile, moved, kept });
  return { moved, kept };
}
