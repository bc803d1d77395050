/**
 * Lead-routing core: decides which owner each lead goes to, judges each owner's eligibility and
 * says why a lead or an owner is left out. Pure TypeScript with no DOM and no platform imports;
 * the channelkit CLI plans with it. Its Apex twin, LeadRouter.cls (which the console plans
 * through), is held equal to it by the vectors in
 * force-app/main/default/staticresources/LeadRoutingVectors.json, read by both test suites.
 */

export type RoutingMethod = 'direct' | 'roundRobin' | 'weighted' | 'leastLoaded';
export type OwnerKind = 'User' | 'Queue';

/** What is known about an owner's eligibility; a fact left out is taken as satisfied. */
export interface EligibilityFacts {
  /** Users only: User.IsActive. */
  isActive?: boolean;
  /** Users only: the user's licence is active and assigned. */
  hasLicense?: boolean;
  /** Users only: User.LastLoginDate is set. */
  hasLoggedIn?: boolean;
  /** Partner users only: the profile or a permission set is a member of the live partner site. */
  isSiteMember?: boolean;
  /** Queues only: a QueueSobject row for Lead exists. */
  supportsLead?: boolean;
}

export interface OwnerCandidate {
  /** 005 (User) or 00G (Queue) Id, 15 or 18 characters. */
  id: string;
  kind: OwnerKind;
  name?: string;
  /** Share in weighted round robin, and the tie-breaker in least-loaded. Whole number, default 1. */
  weight?: number | null;
  /** Most open leads the owner may hold, counting its current load; null or absent for no cap. */
  cap?: number | null;
  /** Open leads the owner holds now. Default 0. */
  load?: number | null;
  eligibility?: EligibilityFacts;
}

export interface RoutingRequest {
  method: RoutingMethod;
  leadIds: readonly string[];
  /**
   * Each lead's owner now, by position in `leadIds` (absent or null: not known). A lead planned
   * for the owner it already has is UNCHANGED: it keeps its owner, adds nothing to that owner's
   * load or cap, and is not counted as assigned; a lead that leaves a pool owner lowers that
   * owner's load.
   */
  currentOwnerIds?: readonly (string | null | undefined)[] | null;
  pool: readonly OwnerCandidate[];
  /** Round robin: pool index of the owner whose turn is next (a saved cursor). Default 0. */
  cursor?: number | null;
  /** Treat partner warnings (never logged in, not a site member) as blocking. Default false. */
  strictEligibility?: boolean;
}

export type AssignmentReason = 'DIRECT' | 'ROUND_ROBIN' | 'WEIGHTED' | 'LEAST_LOADED' | 'UNCHANGED';

/** The reason of a lead planned for the owner it already has: shown, never written. */
export const UNCHANGED = 'UNCHANGED';
export type UnplacedReason =
  'INVALID_LEAD_ID' | 'DUPLICATE_LEAD' | 'NO_ELIGIBLE_OWNER' | 'ALL_OWNERS_AT_CAPACITY';
/** Why an owner cannot take leads (blocking) or deserves a second look (warning). */
export type OwnerIssue =
  | 'INACTIVE_USER'
  | 'NO_LICENSE'
  | 'NEVER_LOGGED_IN'
  | 'NOT_SITE_MEMBER'
  | 'QUEUE_NOT_FOR_LEADS'
  | 'ZERO_WEIGHT'
  | 'AT_CAPACITY';

export interface Assignment {
  leadId: string;
  ownerId: string;
  reason: AssignmentReason;
}

export interface UnplacedLead {
  leadId: string;
  reason: UnplacedReason;
}

export interface OwnerSummary {
  ownerId: string;
  kind: OwnerKind;
  name: string | null;
  eligible: boolean;
  /** Blocking issues, in a fixed order. */
  reasons: OwnerIssue[];
  /** Issues that do not block unless strictEligibility is set. */
  warnings: OwnerIssue[];
  weight: number;
  cap: number | null;
  loadBefore: number;
  /** Leads that change owner to this one (real changes only). */
  assigned: number;
  /** Leads planned for this owner that already have it: they stay, and are not counted above. */
  unchanged: number;
  /** loadBefore + assigned, less the selected leads it holds that go to another owner. */
  loadAfter: number;
}

export interface RoutingPlan {
  method: RoutingMethod;
  assignments: Assignment[];
  unplaced: UnplacedLead[];
  owners: OwnerSummary[];
  /** Round robin: the cursor to save for the next run; null for the other methods. */
  nextCursor: number | null;
}

export type RoutingErrorCode =
  | 'INVALID_METHOD'
  | 'INVALID_OWNER'
  | 'DUPLICATE_OWNER'
  | 'INVALID_NUMBER'
  | 'DIRECT_NEEDS_ONE_OWNER';

/** Bad input to the router: names the owner or field at fault and how to fix it. */
export class RoutingError extends Error {
  readonly code: RoutingErrorCode;

  constructor(code: RoutingErrorCode, message: string) {
    super(message);
    this.name = 'RoutingError';
    this.code = code;
  }
}

const METHODS: readonly RoutingMethod[] = ['direct', 'roundRobin', 'weighted', 'leastLoaded'];
/** The reason an assignment carries, by the method that made it. */
export const REASON_BY_METHOD: Readonly<Record<RoutingMethod, AssignmentReason>> = {
  direct: 'DIRECT',
  roundRobin: 'ROUND_ROBIN',
  weighted: 'WEIGHTED',
  leastLoaded: 'LEAST_LOADED',
};

/** Where the owner issue messages name the partner site and no live site is known. */
export const DEFAULT_SITE_NAME = 'the partner site';

/**
 * What an owner issue means, in the words the console shows (LeadAssignmentService's messages,
 * pinned by the tests that compare them with the console's Apex). `siteName` is the live
 * partner site's name.
 */
export function ownerIssueMessage(issue: OwnerIssue, siteName = DEFAULT_SITE_NAME): string {
  switch (issue) {
    case 'INACTIVE_USER':
      return 'The user is inactive.';
    case 'NO_LICENSE':
      return 'The user has no active license.';
    case 'NEVER_LOGGED_IN':
      return `Has never logged in to ${siteName}.`;
    case 'NOT_SITE_MEMBER':
      return `Is not a member of ${siteName}.`;
    case 'QUEUE_NOT_FOR_LEADS':
      return 'The queue does not take leads: add Lead to its supported objects in Setup.';
    case 'ZERO_WEIGHT':
      return 'Has weight 0, so gets no leads in weighted round robin.';
    case 'AT_CAPACITY':
      return 'Already holds as many open leads as its cap.';
  }
}

/** Why a lead was left unplaced, in the words the console's preview shows. */
export const UNPLACED_REASON_MESSAGES: Readonly<Record<UnplacedReason, string>> = {
  INVALID_LEAD_ID: 'Not a lead Id.',
  DUPLICATE_LEAD: 'Selected twice.',
  NO_ELIGIBLE_OWNER: 'No eligible owner in the pool.',
  ALL_OWNERS_AT_CAPACITY: 'Every owner in the pool is at its cap.',
};
const LEAD_ID = /^00Q[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/;
const USER_ID = /^005[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/;
const QUEUE_ID = /^00G[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/;

export function isLeadId(value: string): boolean {
  return LEAD_ID.test(value);
}

/** The case-sensitive 15-character form, so a 15- and an 18-character Id of one record match. */
export function id15(value: string): string {
  return value.substring(0, 15);
}

function base62(code: number): number {
  if (code <= 57) return code - 48; // 0-9
  if (code <= 90) return code - 55; // A-Z
  return code - 61; // a-z
}

/**
 * A set of lead Ids that treats the 15- and 18-character forms of one record as equal. Each Id is
 * kept as two exact numbers (its 12 significant base-62 characters, six each) in a typed-array
 * hash table: a JavaScript Set of a million strings costs ten times the time and memory.
 * Only for Ids that passed isLeadId.
 */
/** An Id's 12 significant characters as two exact numbers (the first offset so it is never 0). */
export function keyOf(leadId: string): [number, number] {
  let hi = 0;
  let lo = 0;
  for (let i = 3; i < 9; i += 1) hi = hi * 62 + base62(leadId.charCodeAt(i));
  for (let i = 9; i < 15; i += 1) lo = lo * 62 + base62(leadId.charCodeAt(i));
  return [hi + 1, lo];
}

export class LeadIdSet {
  private slots = new Float64Array(1 << 12);
  private used = 0;

  get size(): number {
    return this.used;
  }

  /** Adds the Id; false when it (in either form) was already there. */
  add(leadId: string): boolean {
    if ((this.used + 1) * 4 > this.slots.length) this.grow();
    const [key, lo] = keyOf(leadId);
    return this.insert(key, lo);
  }

  /** Whether the Id, in either form, is in the set. */
  has(leadId: string): boolean {
    const [key, lo] = keyOf(leadId);
    return this.slots[this.slotOf(key, lo) * 2] !== 0;
  }

  /** The slot holding this key, or the empty slot where it would go. */
  private slotOf(key: number, lo: number): number {
    const mask = (this.slots.length >> 1) - 1;
    let slot = (Math.imul((key >>> 0) ^ Math.imul(lo >>> 0, 0x9e3779b1), 0x85ebca6b) >>> 0) & mask;
    for (;;) {
      const stored = this.slots[slot * 2];
      if (stored === 0 || (stored === key && this.slots[slot * 2 + 1] === lo)) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private insert(key: number, lo: number): boolean {
    const slot = this.slotOf(key, lo);
    if (this.slots[slot * 2] !== 0) return false;
    this.slots[slot * 2] = key;
    this.slots[slot * 2 + 1] = lo;
    this.used += 1;
    return true;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    this.used = 0;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] !== 0) this.insert(old[i], old[i + 1]);
    }
  }
}

/**
 * Blocking issues and warnings of one owner, before any lead is placed. Capacity counts as
 * blocking: an owner already at its cap can take nothing.
 */
export interface OwnerAssessment {
  reasons: OwnerIssue[];
  warnings: OwnerIssue[];
}

export function assessOwner(
  owner: OwnerCandidate,
  method: RoutingMethod,
  strictEligibility = false,
): OwnerAssessment {
  const facts = owner.eligibility ?? {};
  const reasons: OwnerIssue[] = [];
  const warnings: OwnerIssue[] = [];
  const soft = strictEligibility ? reasons : warnings;
  if (owner.kind === 'User') {
    if (facts.isActive === false) reasons.push('INACTIVE_USER');
    if (facts.hasLicense === false) reasons.push('NO_LICENSE');
    if (facts.hasLoggedIn === false) soft.push('NEVER_LOGGED_IN');
    if (facts.isSiteMember === false) soft.push('NOT_SITE_MEMBER');
  } else if (facts.supportsLead === false) {
    reasons.push('QUEUE_NOT_FOR_LEADS');
  }
  if (method === 'weighted' && weightOf(owner) === 0) reasons.push('ZERO_WEIGHT');
  const cap = owner.cap ?? null;
  if (cap !== null && loadOf(owner) >= cap) reasons.push('AT_CAPACITY');
  return { reasons, warnings };
}

function weightOf(owner: OwnerCandidate): number {
  return owner.weight ?? 1;
}

function loadOf(owner: OwnerCandidate): number {
  return owner.load ?? 0;
}

/**
 * The largest weight, cap, load or cursor: Apex's Integer range. LeadRouter.cls refuses larger
 * counts, so this core does too, and so do the callers that take counts from people.
 */
export const MAX_COUNT = 2147483647;

/**
 * What is wrong with a count (weight, cap, load, cursor), named `what`, or null when it is a
 * whole number from 0 to MAX_COUNT. Null and undefined are fine: they mean the default.
 */
export function countProblem(value: unknown, what: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_COUNT) {
    const range =
      typeof value === 'number' && value > MAX_COUNT ? 'from 0 to 2,147,483,647' : 'of 0 or more';
    return `${what} must be a whole number ${range}.`;
  }
  return null;
}

function requireCount(value: unknown, what: string): void {
  const problem = countProblem(value, what);
  if (problem !== null) throw new RoutingError('INVALID_NUMBER', problem);
}

function validatePool(pool: readonly OwnerCandidate[], method: RoutingMethod): void {
  if (!METHODS.includes(method)) {
    throw new RoutingError(
      'INVALID_METHOD',
      `Unknown routing method "${String(method)}": use one of ${METHODS.join(', ')}.`,
    );
  }
  if (method === 'direct' && pool.length !== 1) {
    throw new RoutingError(
      'DIRECT_NEEDS_ONE_OWNER',
      `Direct assignment needs exactly one owner; the pool has ${pool.length}.`,
    );
  }
  const seen = new Set<string>();
  pool.forEach((owner, index) => {
    const label = `Owner ${index + 1} (${String(owner.id)})`;
    const pattern = owner.kind === 'User' ? USER_ID : owner.kind === 'Queue' ? QUEUE_ID : null;
    if (pattern === null || typeof owner.id !== 'string' || !pattern.test(owner.id)) {
      throw new RoutingError(
        'INVALID_OWNER',
        `${label} is not a valid owner: use a User Id (005...) with kind "User" or a queue Id (00G...) with kind "Queue".`,
      );
    }
    const key = id15(owner.id);
    if (seen.has(key)) {
      throw new RoutingError(
        'DUPLICATE_OWNER',
        `${label} appears twice in the pool: list it once.`,
      );
    }
    seen.add(key);
    requireCount(owner.weight, `${label}: weight`);
    requireCount(owner.cap, `${label}: cap`);
    requireCount(owner.load, `${label}: load`);
  });
}

/**
 * Picks owners one lead at a time, so a caller can route millions of leads without holding them.
 * `next()` returns the pool index of the owner for the next lead, or -1 when no owner can take it.
 */
export interface OwnerPicker {
  /**
   * `currentOwnerId`: the lead's owner now, when known. Planned for that owner, the lead is
   * unchanged (no load, no cap room used); leaving a pool owner, it lowers that owner's load.
   */
  next(currentOwnerId?: string | null): number;
  /** Leads given to each pool index so far, unchanged ones included. */
  readonly assigned: readonly number[];
  /** Of those, the leads that already had that owner. */
  readonly unchanged: readonly number[];
  /** Each pool owner's issues, assessed once before the first lead. */
  readonly assessments: readonly OwnerAssessment[];
  /** Open leads of the owner at this pool index after the leads placed so far. */
  loadOf(index: number): number;
  /** Round robin: pool index of the owner whose turn is next. */
  cursor(): number;
  /** Why `next()` returned -1: nobody was ever eligible, or everybody filled up. */
  exhaustedReason(): UnplacedReason;
}

export function createPicker(request: Omit<RoutingRequest, 'leadIds'>): OwnerPicker {
  const { method, pool } = request;
  validatePool(pool, method);
  requireCount(request.cursor, 'cursor');
  const size = pool.length;
  const assigned = new Array<number>(size).fill(0);
  const unchanged = new Array<number>(size).fill(0);
  const indexById = new Map(pool.map((owner, index) => [id15(owner.id), index]));
  const load = pool.map(loadOf);
  const weight = pool.map(weightOf);
  const assessments = pool.map((owner) => assessOwner(owner, method, request.strictEligibility));
  // Remaining room per owner; Infinity when uncapped, 0 when blocked from the start.
  const room = pool.map((owner, index) => {
    if (assessments[index].reasons.length > 0) return 0;
    const cap = owner.cap ?? null;
    return cap === null ? Infinity : cap - loadOf(owner);
  });
  const everEligible = assessments.some(({ reasons }) =>
    reasons.every((reason) => reason === 'AT_CAPACITY'),
  );
  let open = room.filter((r) => r > 0).length;
  let pointer = size === 0 ? 0 : (request.cursor ?? 0) % size;

  let current = -1;

  // A lead that stays with its owner is counted as placed (for the weighted quota and the
  // rotation) but uses no room and adds no load; one that leaves a pool owner lowers its load
  // (its cap room is not given back within the run: a cap counts what an owner gains).
  function take(index: number): number {
    assigned[index] += 1;
    if (index === current) {
      unchanged[index] += 1;
      return index;
    }
    if (current !== -1) load[current] -= 1;
    load[index] += 1;
    room[index] -= 1;
    if (room[index] === 0) open -= 1;
    return index;
  }

  function nextRoundRobin(): number {
    for (let step = 0; step < size; step += 1) {
      const index = (pointer + step) % size;
      if (room[index] > 0) {
        pointer = (index + 1) % size;
        return take(index);
      }
    }
    return -1;
  }

  // Balinski and Young's quota method: among the open owners still below their upper quota
  // (count < (n + 1) * weight / total), pick the highest weight / (count + 1), ties to the earlier
  // pool position. Unlike smooth weighted round robin, which drifts past one lead, it keeps every
  // owner's count within one lead of its ideal share at every prefix. Integer cross-multiplication
  // keeps the comparisons exact (and equal to the Apex twin's).
  function nextWeighted(): number {
    let total = 0;
    let placed = 0;
    for (let index = 0; index < size; index += 1) {
      if (room[index] <= 0) continue;
      total += weight[index];
      placed += assigned[index];
    }
    let best = -1;
    for (let index = 0; index < size; index += 1) {
      if (room[index] <= 0 || assigned[index] * total >= (placed + 1) * weight[index]) continue;
      if (
        best === -1 ||
        weight[index] * (assigned[best] + 1) > weight[best] * (assigned[index] + 1)
      ) {
        best = index;
      }
    }
    return best === -1 ? -1 : take(best);
  }

  // Fewest open leads first; ties go to the higher weight, then to the earlier pool position.
  function nextLeastLoaded(): number {
    let best = -1;
    for (let index = 0; index < size; index += 1) {
      if (room[index] <= 0) continue;
      if (
        best === -1 ||
        load[index] < load[best] ||
        (load[index] === load[best] && weight[index] > weight[best])
      ) {
        best = index;
      }
    }
    return best === -1 ? -1 : take(best);
  }

  const pick =
    method === 'weighted'
      ? nextWeighted
      : method === 'leastLoaded'
        ? nextLeastLoaded
        : nextRoundRobin;

  return {
    next: (currentOwnerId?: string | null) => {
      if (open === 0) return -1;
      current =
        typeof currentOwnerId === 'string' ? (indexById.get(id15(currentOwnerId)) ?? -1) : -1;
      return pick();
    },
    assigned,
    unchanged,
    assessments,
    loadOf: (index: number) => load[index],
    cursor: () => pointer,
    exhaustedReason: () => (everEligible ? 'ALL_OWNERS_AT_CAPACITY' : 'NO_ELIGIBLE_OWNER'),
  };
}

/** Plans every lead of the request. The same request always gives the same plan. */
export function planRouting(request: RoutingRequest): RoutingPlan {
  const picker = createPicker(request);
  const { method, pool } = request;
  const reason = REASON_BY_METHOD[method];
  const assignments: Assignment[] = [];
  const unplaced: UnplacedLead[] = [];
  const seen = new LeadIdSet();
  const currentOwners = request.currentOwnerIds ?? [];
  request.leadIds.forEach((leadId, position) => {
    if (typeof leadId !== 'string' || !isLeadId(leadId)) {
      unplaced.push({ leadId: String(leadId), reason: 'INVALID_LEAD_ID' });
      return;
    }
    if (!seen.add(leadId)) {
      unplaced.push({ leadId, reason: 'DUPLICATE_LEAD' });
      return;
    }
    const currentOwnerId = currentOwners[position] ?? null;
    const index = picker.next(currentOwnerId);
    if (index === -1) {
      unplaced.push({ leadId, reason: picker.exhaustedReason() });
    } else {
      const ownerId = pool[index].id;
      assignments.push({
        leadId,
        ownerId,
        reason: isSameOwner(ownerId, currentOwnerId) ? UNCHANGED : reason,
      });
    }
  });
  return {
    method,
    assignments,
    unplaced,
    owners: summarizeOwners(pool, picker),
    nextCursor: method === 'roundRobin' ? picker.cursor() : null,
  };
}

/** Whether two owner Ids (15 or 18 characters) name the same record; false when one is null. */
export function isSameOwner(a: string | null | undefined, b: string | null | undefined): boolean {
  return typeof a === 'string' && typeof b === 'string' && id15(a) === id15(b);
}

/**
 * Each pool owner as the plan reports it: eligibility, weight, cap, and load before and after
 * the leads the picker has placed so far. Callers that stream leads through a picker summarize
 * with it when they are done.
 */
export function summarizeOwners(
  pool: readonly OwnerCandidate[],
  picker: OwnerPicker,
): OwnerSummary[] {
  const { assigned, unchanged, assessments } = picker;
  return pool.map((owner, index) => {
    const { reasons, warnings } = assessments[index];
    return {
      ownerId: owner.id,
      kind: owner.kind,
      name: owner.name ?? null,
      eligible: reasons.length === 0,
      reasons,
      warnings,
      weight: weightOf(owner),
      cap: owner.cap ?? null,
      loadBefore: loadOf(owner),
      assigned: assigned[index] - unchanged[index],
      unchanged: unchanged[index],
      loadAfter: picker.loadOf(index),
    };
  });
}
