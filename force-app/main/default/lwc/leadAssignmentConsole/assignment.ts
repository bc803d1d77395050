/**
 * The assignment panel's state (method, pool draft, options) and the AssignmentRequest it makes.
 * Problems are found here before planAssignment is called, worded as the server words them.
 */
import type {
  AssignmentMethod,
  AssignmentRequest,
  AssignmentRuleOption,
  LeadFilters,
  LeadSelection,
  OwnerCandidate,
  OwnerType,
  PoolMember,
} from '../../../../../types/leadAssignment';

const METHODS: Record<AssignmentMethod, { label: string; description: string }> = {
  owner: { label: 'One user', description: 'Every lead goes to the user you choose.' },
  queue: { label: 'One queue', description: 'Every lead goes to the queue you choose.' },
  roundRobin: {
    label: 'Round robin',
    description: 'Leads are dealt in turn to the owners you choose.',
  },
  weighted: {
    label: 'Weighted round robin',
    description: 'Owners receive leads in proportion to their weights.',
  },
  leastLoaded: {
    label: 'Least loaded',
    description: 'Each lead goes to the owner with the fewest open leads, up to their cap.',
  },
  assignmentRule: {
    label: 'Assignment rule',
    description: "Salesforce's lead assignment rule chooses each owner when the change is applied.",
  },
};

export const METHOD_OPTIONS = Object.entries(METHODS).map(([value, { label }]) => ({
  label,
  value,
}));

export function isMethod(value: string): value is AssignmentMethod {
  return Object.hasOwn(METHODS, value);
}

export function methodLabel(method: AssignmentMethod): string {
  return METHODS[method].label;
}

export function methodDescription(method: AssignmentMethod): string {
  return METHODS[method].description;
}

/** The rule picker's value for "the active rule" (an empty assignmentRuleId). */
export const ACTIVE_RULE = 'active';

/** The rule picker's choices: the active rule, then each rule (the server lists active first). */
export function ruleOptions(rules: AssignmentRuleOption[]): { label: string; value: string }[] {
  const active = rules.find((rule) => rule.active);
  return [
    {
      label: active ? `The active rule (${active.name})` : 'The active rule',
      value: ACTIVE_RULE,
    },
    ...rules.map((rule) => ({
      label: rule.active ? `${rule.name} · active` : `${rule.name} · inactive`,
      value: rule.id,
    })),
  ];
}

/** How many owners a method takes: owner and queue one, the rules none, the rest one or more. */
export type PoolArity = 'one' | 'many' | 'none';

export function poolArity(method: AssignmentMethod): PoolArity {
  if (method === 'owner' || method === 'queue') return 'one';
  return method === 'assignmentRule' ? 'none' : 'many';
}

const USER_TYPES: OwnerType[] = ['partnerUser', 'internalUser'];
const QUEUE_TYPES: OwnerType[] = ['partnerQueue', 'internalQueue'];

/** The owner types a method can assign to. */
export function candidateTypesFor(method: AssignmentMethod): OwnerType[] {
  if (method === 'owner') return USER_TYPES;
  if (method === 'queue') return QUEUE_TYPES;
  return method === 'assignmentRule' ? [] : [...USER_TYPES, ...QUEUE_TYPES];
}

export const usesWeights = (method: AssignmentMethod): boolean => method === 'weighted';
export const usesCaps = (method: AssignmentMethod): boolean => method === 'leastLoaded';

/** An owner cannot be chosen when ineligible, or when strict and it has warnings. */
export function blockingIssues(candidate: OwnerCandidate, strictEligibility: boolean): string[] {
  const issues = strictEligibility
    ? [...candidate.reasons, ...candidate.warnings]
    : candidate.reasons;
  if (issues.length > 0) return issues.map((issue) => issue.message);
  return candidate.eligible ? [] : ['Not eligible to own leads.'];
}

/** One chosen owner as typed in the panel: weights and caps are the raw input text. */
export interface PoolDraftMember {
  ownerId: string;
  weight: string;
  cap: string;
}

export function toggleMember(
  pool: PoolDraftMember[],
  ownerId: string,
  selected: boolean,
  arity: PoolArity,
): PoolDraftMember[] {
  const others = pool.filter((member) => member.ownerId !== ownerId);
  if (!selected) return others;
  const member = pool.find((entry) => entry.ownerId === ownerId) ?? {
    ownerId,
    weight: '1',
    cap: '',
  };
  return arity === 'one' ? [member] : [...others, member];
}

export function updateMember(
  pool: PoolDraftMember[],
  ownerId: string,
  change: Partial<Pick<PoolDraftMember, 'weight' | 'cap'>>,
): PoolDraftMember[] {
  return pool.map((member) => (member.ownerId === ownerId ? { ...member, ...change } : member));
}

/** The members that still fit after switching method (types and count). */
export function poolForMethod(
  pool: PoolDraftMember[],
  method: AssignmentMethod,
  candidates: OwnerCandidate[],
): PoolDraftMember[] {
  const types = new Set(candidateTypesFor(method));
  const typeOf = new Map(candidates.map((candidate) => [candidate.id, candidate.type]));
  const fitting = pool.filter((member) => types.has(typeOf.get(member.ownerId) as OwnerType));
  return poolArity(method) === 'one' ? fitting.slice(0, 1) : fitting;
}

/** The console's selection: picked rows, or every lead matching the list's filters. */
export type ConsoleSelection =
  { mode: 'rows'; leadIds: string[] } | { mode: 'filters'; filters: LeadFilters; total: number };

export function selectionSize(selection: ConsoleSelection): number {
  return selection.mode === 'rows' ? selection.leadIds.length : selection.total;
}

export function toLeadSelection(selection: ConsoleSelection): LeadSelection {
  return selection.mode === 'rows'
    ? { leadIds: [...selection.leadIds], filters: null }
    : { leadIds: null, filters: selection.filters };
}

export interface AssignmentDraft {
  selection: ConsoleSelection;
  method: AssignmentMethod;
  pool: PoolDraftMember[];
  notify: boolean;
  strictEligibility: boolean;
  /** `assignmentRule` only; blank for the active rule. */
  assignmentRuleId: string;
  /** `roundRobin` only: start where the last run with these owners stopped. */
  continueRotation: boolean;
}

const WHOLE_NUMBER = /^\d+$/;
const RULE_ID = /^01Q[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?$/;

function problemOfMember(
  member: PoolDraftMember,
  method: AssignmentMethod,
  candidate: OwnerCandidate | undefined,
  strictEligibility: boolean,
): string | null {
  const name = candidate?.name ?? member.ownerId;
  const blocking = candidate ? blockingIssues(candidate, strictEligibility) : [];
  if (blocking.length > 0) {
    return `${name} cannot take leads: ${blocking.join(' ')} Remove it from the owners.`;
  }
  if (usesWeights(method) && !WHOLE_NUMBER.test(member.weight.trim())) {
    return `The weight of ${name} must be a whole number of 0 or more.`;
  }
  if (usesCaps(method) && member.cap.trim() !== '' && !WHOLE_NUMBER.test(member.cap.trim())) {
    return `The cap of ${name} must be a whole number of 0 or more, or blank for no cap.`;
  }
  return null;
}

/** What stops this draft from being planned, with the fix; null when nothing. */
export function assignmentProblem(
  draft: AssignmentDraft,
  candidates: OwnerCandidate[],
): string | null {
  if (selectionSize(draft.selection) === 0) {
    return 'Select leads, or choose all leads matching the filters.';
  }
  const arity = poolArity(draft.method);
  if (arity === 'none') {
    return draft.assignmentRuleId.trim() === '' || RULE_ID.test(draft.assignmentRuleId.trim())
      ? null
      : 'The assignment rule Id must start with 01Q; leave it blank for the active rule.';
  }
  if (draft.pool.length === 0) {
    if (arity === 'one') return `Choose the ${draft.method === 'owner' ? 'user' : 'queue'}.`;
    return `Choose at least one owner for ${methodLabel(draft.method).toLowerCase()}.`;
  }
  if (arity === 'one' && draft.pool.length > 1) return 'Choose exactly one owner for this method.';
  const byId = new Map(candidates.map((candidate) => [candidate.id, candidate]));
  for (const member of draft.pool) {
    const problem = problemOfMember(
      member,
      draft.method,
      byId.get(member.ownerId),
      draft.strictEligibility,
    );
    if (problem) return problem;
  }
  if (usesWeights(draft.method) && draft.pool.every((member) => Number(member.weight) === 0)) {
    return 'Give at least one owner a weight above 0.';
  }
  return null;
}

function toPoolMember(member: PoolDraftMember, method: AssignmentMethod): PoolMember {
  const poolMember: PoolMember = { ownerId: member.ownerId };
  if (usesWeights(method)) poolMember.weight = Number(member.weight.trim());
  if (usesCaps(method) && member.cap.trim() !== '') poolMember.cap = Number(member.cap.trim());
  return poolMember;
}

/** The request planAssignment and applyAssignment take; call only when assignmentProblem is null. */
export function toAssignmentRequest(draft: AssignmentDraft): AssignmentRequest {
  const rule = draft.method === 'assignmentRule';
  return {
    selection: toLeadSelection(draft.selection),
    method: draft.method,
    pool: rule ? null : draft.pool.map((member) => toPoolMember(member, draft.method)),
    assignmentRuleId: rule && draft.assignmentRuleId.trim() ? draft.assignmentRuleId.trim() : null,
    notify: draft.notify,
    strictEligibility: draft.strictEligibility,
    ...(draft.method === 'roundRobin' ? { continueRotation: draft.continueRotation } : {}),
  };
}
