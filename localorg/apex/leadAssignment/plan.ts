/**
 * planAssignment: checks an AssignmentRequest, selects its leads, and plans their owners with the
 * routing core the component and the CLI use (planRouting), fed with the org's facts: each pool
 * owner's eligibility and open-lead load. Assignment rules are planned without an owner: the
 * rule decides when the change is applied.
 */
import type { Session } from '../../auth/session.ts';
import { normalizeId } from '../../ids.ts';
import type { LocalOrg } from '../../org.ts';
import {
  RoutingError,
  planRouting,
} from '../../../force-app/main/default/lwc/leadRouting/leadRouting.ts';
import type {
  OwnerCandidate,
  RoutingMethod,
} from '../../../force-app/main/default/lwc/leadRouting/leadRouting.ts';
import type {
  AssignmentMethod,
  AssignmentPlan,
  PlanOwnerSummary,
  PlanReason,
  PlannedAssignment,
} from '../../../types/leadAssignment.d.ts';
import { ContractFailure, fail } from './errors.ts';
import { booleanAt, isObject, listAt, stringAt } from './input.ts';
import type { JsonObject } from './input.ts';
import { describeIssue, liveSiteName, loadOwners, openLeadLoads } from './owners.ts';
import type { OwnerInfo } from './owners.ts';
import { requireReassign } from './permission.ts';
import { readSelection } from './selection.ts';
import type { Selection } from './selection.ts';

/** Assignments a plan lists for display; `total` counts them all. */
export const MAX_LISTED = 2000;
/** Above this many leads, applying runs as a batch. */
export const SYNC_LIMIT = 200;
const MAX_COUNT = 2147483647;

const METHODS: AssignmentMethod[] = [
  'owner',
  'queue',
  'roundRobin',
  'weighted',
  'leastLoaded',
  'assignmentRule',
];
const ROUTING: Record<Exclude<AssignmentMethod, 'assignmentRule'>, RoutingMethod> = {
  owner: 'direct',
  queue: 'direct',
  roundRobin: 'roundRobin',
  weighted: 'weighted',
  leastLoaded: 'leastLoaded',
};
const METHOD_NAMES: Record<string, string> = {
  roundRobin: 'round robin',
  weighted: 'weighted round robin',
  leastLoaded: 'least-loaded assignment',
};

interface PoolEntry {
  ownerId: string;
  weight: number | null;
  cap: number | null;
}

/** One lead's change, for every selected lead (the plan lists only the first MAX_LISTED). */
export interface LeadChange {
  leadId: string;
  leadName: string;
  company: string | null;
  oldOwnerId: string;
  /** Null for assignment rules. */
  newOwnerId: string | null;
  reason: PlanReason;
}

export interface PlannedWork {
  method: AssignmentMethod;
  notify: boolean;
  /** Sforce-Auto-Assign for the owner updates: false, or the rule to run. */
  assignmentRule: false | string;
  plan: AssignmentPlan;
  changes: LeadChange[];
}

function readMethod(request: JsonObject): AssignmentMethod {
  const method = stringAt(request, 'method', 'method') ?? '';
  if (!METHODS.includes(method as AssignmentMethod)) {
    fail(
      `Unknown method "${method}". Use owner, queue, roundRobin, weighted, leastLoaded or assignmentRule.`,
    );
  }
  return method as AssignmentMethod;
}

function readPool(request: JsonObject): PoolEntry[] {
  return (listAt(request, 'pool', 'pool') ?? []).map((entry, index) => {
    if (!isObject(entry)) fail(`Owner ${index + 1} of the pool must be an object.`);
    const ownerId = stringAt(entry, 'ownerId', `pool[${index}].ownerId`) ?? '';
    if (ownerId.trim() === '') fail(`Owner ${index + 1} of the pool has no ownerId.`);
    const number = (key: 'weight' | 'cap'): number | null => {
      const value = entry[key];
      if (value === undefined || value === null) return null;
      return typeof value === 'number' ? value : Number.NaN;
    };
    return { ownerId, weight: number('weight'), cap: number('cap') };
  });
}

function checkPoolSize(method: AssignmentMethod, pool: PoolEntry[]): void {
  if (method === 'owner' || method === 'queue') {
    if (pool.length !== 1) fail('Choose exactly one owner for this method.');
  } else if (method === 'assignmentRule') {
    if (pool.length > 0)
      fail('The assignment rule chooses the owners: leave the owner list empty.');
  } else if (pool.length === 0) {
    fail(`Choose at least one owner for ${METHOD_NAMES[method]}.`);
  }
}

function checkCount(value: number | null, what: string, name: string): void {
  if (value === null) return;
  if (!Number.isInteger(value) || value < 0) {
    fail(`The ${what} of ${name} must be a whole number of 0 or more.`);
  }
  if (value > MAX_COUNT) {
    fail(`The ${what} of ${name} must be a whole number from 0 to 2,147,483,647.`);
  }
}

/** Pool owners as the routing core's candidates, after checking each exists and fits the method. */
function resolvePool(
  org: LocalOrg,
  session: Session,
  method: AssignmentMethod,
  pool: PoolEntry[],
): { candidates: OwnerCandidate[]; owners: Map<string, OwnerInfo> } {
  const ids = pool.map((entry) => {
    const id = normalizeId(entry.ownerId.trim());
    if (!id || !['005', '00G'].includes(id.slice(0, 3))) {
      fail(`Owner ${entry.ownerId} is not a user or a queue.`);
    }
    return id;
  });
  const owners = loadOwners(org.store, ids);
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    const owner = owners.get(id);
    if (!owner) fail(`Owner ${pool[index].ownerId} was not found, or you cannot see it.`);
    if (seen.has(id)) fail(`${owner.name} appears twice in the pool: list it once.`);
    seen.add(id);
    if (method === 'queue' && owner.kind !== 'Queue') {
      fail(`${owner.name} is a user: choose a queue for this method, or use owner.`);
    }
    checkCount(pool[index].weight, 'weight', owner.name);
    checkCount(pool[index].cap, 'cap', owner.name);
  });
  const loads = openLeadLoads(org.store, org.catalog, session, ids);
  const candidates = ids.map((id, index) => {
    const owner = owners.get(id)!;
    return {
      id,
      kind: owner.kind,
      name: owner.name,
      weight: pool[index].weight,
      cap: pool[index].cap,
      load: loads.get(id) ?? 0,
      eligibility: owner.eligibility,
    };
  });
  return { candidates, owners };
}

function checkRule(org: LocalOrg, request: JsonObject): string {
  const given = stringAt(request, 'assignmentRuleId', 'assignmentRuleId')?.trim();
  if (given) {
    const id = normalizeId(given);
    const rule = id?.startsWith('01Q')
      ? org.store.get(
          `SELECT "Id" FROM "AssignmentRule" WHERE "Id" = ? AND "SobjectType" = 'Lead'`,
          id,
        )
      : undefined;
    if (!rule) fail(`Assignment rule ${given} is not a lead assignment rule.`);
    return String(rule.Id);
  }
  const active = org.store.get(
    `SELECT "Id" FROM "AssignmentRule" WHERE "SobjectType" = 'Lead' AND "Active" = 1 LIMIT 1`,
  );
  if (!active)
    fail('There is no active lead assignment rule. Choose a rule, or activate one in Setup.');
  return String(active.Id);
}

function planned(
  changes: LeadChange[],
  owners: Map<string, OwnerInfo>,
  org: LocalOrg,
): PlannedAssignment[] {
  const listed = changes.slice(0, MAX_LISTED);
  const oldOwners = loadOwners(org.store, [...new Set(listed.map((c) => c.oldOwnerId))]);
  return listed.map((change) => ({
    leadId: change.leadId,
    leadName: change.leadName,
    company: change.company,
    oldOwnerId: change.oldOwnerId,
    oldOwnerName: oldOwners.get(change.oldOwnerId)?.name ?? '',
    newOwnerId: change.newOwnerId,
    newOwnerName: change.newOwnerId === null ? null : (owners.get(change.newOwnerId)?.name ?? ''),
    reason: change.reason,
  }));
}

function ruleChanges(selection: Selection): LeadChange[] {
  return selection.leads.map((lead) => ({
    leadId: lead.id,
    leadName: lead.name,
    company: lead.company,
    oldOwnerId: lead.ownerId,
    newOwnerId: null,
    reason: 'ASSIGNMENT_RULE',
  }));
}

function routeLeads(
  org: LocalOrg,
  session: Session,
  method: Exclude<AssignmentMethod, 'assignmentRule'>,
  selection: Selection,
  pool: PoolEntry[],
  strict: boolean,
): {
  changes: LeadChange[];
  owners: Map<string, OwnerInfo>;
  summaries: PlanOwnerSummary[];
  unplaced: AssignmentPlan['unplaced'];
} {
  const { candidates, owners } = resolvePool(org, session, method, pool);
  let routed;
  try {
    routed = planRouting({
      method: ROUTING[method],
      leadIds: selection.leads.map((l) => l.id),
      pool: candidates,
      strictEligibility: strict,
    });
  } catch (error) {
    if (error instanceof RoutingError) throw new ContractFailure(error.message);
    throw error;
  }
  const byId = new Map(selection.leads.map((l) => [l.id, l]));
  const changes: LeadChange[] = routed.assignments.map((a) => {
    const lead = byId.get(a.leadId)!;
    return {
      leadId: lead.id,
      leadName: lead.name,
      company: lead.company,
      oldOwnerId: lead.ownerId,
      newOwnerId: a.ownerId,
      reason: a.reason,
    };
  });
  const siteName = liveSiteName(org.store);
  const summaries: PlanOwnerSummary[] = routed.owners.map((summary) => {
    const owner = owners.get(summary.ownerId)!;
    const context = { siteName, cap: summary.cap };
    return {
      ownerId: summary.ownerId,
      name: owner.name,
      type: owner.type,
      eligible: summary.eligible,
      reasons: summary.reasons.map((code) => describeIssue(code, context)),
      warnings: summary.warnings.map((code) => describeIssue(code, context)),
      weight: summary.weight,
      cap: summary.cap,
      loadBefore: summary.loadBefore,
      assigned: summary.assigned,
      loadAfter: summary.loadAfter,
    };
  });
  return { changes, owners, summaries, unplaced: routed.unplaced };
}

/** Checks the request and plans it; `applyAssignment` runs exactly this plan. */
export function planWork(org: LocalOrg, session: Session, request: JsonObject): PlannedWork {
  requireReassign(org.store, session);
  const method = readMethod(request);
  const notify = booleanAt(request, 'notify', 'notify') ?? false;
  const strict = booleanAt(request, 'strictEligibility', 'strictEligibility') ?? false;
  const selection = readSelection(org, session, request.selection);
  const pool = readPool(request);
  checkPoolSize(method, pool);
  const ruleId = method === 'assignmentRule' ? checkRule(org, request) : null;
  const routed =
    method === 'assignmentRule'
      ? { changes: ruleChanges(selection), owners: new Map(), summaries: [], unplaced: [] }
      : routeLeads(org, session, method, selection, pool, strict);
  return {
    method,
    notify,
    assignmentRule: ruleId ?? false,
    changes: routed.changes,
    plan: {
      method,
      total: selection.total,
      assignments: planned(routed.changes, routed.owners, org),
      unplaced: [...selection.unplaced, ...routed.unplaced],
      owners: routed.summaries,
      runsAsBatch: selection.total > SYNC_LIMIT,
    },
  };
}

export function planAssignment(
  org: LocalOrg,
  session: Session,
  request: JsonObject,
): AssignmentPlan {
  return planWork(org, session, request).plan;
}
