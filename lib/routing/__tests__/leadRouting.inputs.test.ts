/**
 * Input the routing core must refuse or read exactly: Ids with anything before or after them,
 * owners of a kind it does not know, owner comparisons with an unknown owner, and the words of
 * each refusal (the CLI and the console show them as they are).
 */
import {
  RoutingError,
  isLeadId,
  isSameOwner,
  planRouting,
  UNPLACED_REASON_MESSAGES,
  type OwnerCandidate,
  type RoutingRequest,
} from '../leadRouting';

const USER = '005000000000001AAA';
const QUEUE = '00G000000000001AAA';
const LEAD = '00Q000000000001AAA';

function refusal(request: RoutingRequest): [string, string] {
  try {
    planRouting(request);
  } catch (error) {
    if (error instanceof RoutingError) return [error.code, error.message];
    throw error;
  }
  throw new Error('not refused');
}

describe('routing input', () => {
  it('takes a lead Id only when it is the whole value, 15 or 18 characters', () => {
    expect(isLeadId(LEAD)).toBe(true);
    expect(isLeadId(LEAD.slice(0, 15))).toBe(true);
    for (const bad of [`x${LEAD}`, `${LEAD}x`, ` ${LEAD}`, `${LEAD.slice(0, 15)}xx`]) {
      expect(isLeadId(bad)).toBe(false);
    }
    const plan = planRouting({
      method: 'direct',
      leadIds: [`x${LEAD}`, `${LEAD}9`],
      pool: [{ id: USER, kind: 'User' }],
    });
    expect(plan.assignments).toEqual([]);
    expect(plan.unplaced).toEqual([
      { leadId: `x${LEAD}`, reason: 'INVALID_LEAD_ID' },
      { leadId: `${LEAD}9`, reason: 'INVALID_LEAD_ID' },
    ]);
  });

  it('refuses an owner Id with anything around it, and an owner of another kind', () => {
    const owners: OwnerCandidate[] = [
      { id: `x${USER}`, kind: 'User' },
      { id: `${USER}x`, kind: 'User' },
      { id: `x${QUEUE}`, kind: 'Queue' },
      { id: `${QUEUE}x`, kind: 'Queue' },
      { id: QUEUE, kind: 'Group' as OwnerCandidate['kind'] },
      { id: QUEUE, kind: 'User' },
    ];
    for (const owner of owners) {
      expect(refusal({ method: 'direct', leadIds: [LEAD], pool: [owner] })).toEqual([
        'INVALID_OWNER',
        `Owner 1 (${owner.id}) is not a valid owner: use a User Id (005...) with kind "User" or a queue Id (00G...) with kind "Queue".`,
      ]);
    }
  });

  it('says what is wrong with a request in words a person can act on', () => {
    const user = { id: USER, kind: 'User' as const };
    const error = (() => {
      try {
        planRouting({ method: 'bogus' as RoutingRequest['method'], leadIds: [], pool: [] });
      } catch (caught) {
        return caught as Error;
      }
      return null;
    })();
    expect(String(error)).toBe(
      'RoutingError: Unknown routing method "bogus": use one of direct, roundRobin, weighted, leastLoaded.',
    );
    expect(refusal({ method: 'direct', leadIds: [], pool: [] })).toEqual([
      'DIRECT_NEEDS_ONE_OWNER',
      'Direct assignment needs exactly one owner; the pool has 0.',
    ]);
    expect(refusal({ method: 'roundRobin', leadIds: [], pool: [user, user] })).toEqual([
      'DUPLICATE_OWNER',
      `Owner 2 (${USER}) appears twice in the pool: list it once.`,
    ]);
    expect(refusal({ method: 'weighted', leadIds: [], pool: [{ ...user, weight: -2 }] })).toEqual([
      'INVALID_NUMBER',
      `Owner 1 (${USER}): weight must be a whole number of 0 or more.`,
    ]);
  });

  it('compares owners only when both are known', () => {
    expect(isSameOwner(USER, USER.slice(0, 15))).toBe(true);
    expect(isSameOwner(null, USER)).toBe(false);
    expect(isSameOwner(USER, undefined)).toBe(false);
    expect(isSameOwner(null, null)).toBe(false);
  });

  it('words every unplaced reason', () => {
    expect(UNPLACED_REASON_MESSAGES).toEqual({
      INVALID_LEAD_ID: 'Not a lead Id.',
      DUPLICATE_LEAD: 'Selected twice.',
      NO_ELIGIBLE_OWNER: 'No eligible owner in the pool.',
      ALL_OWNERS_AT_CAPACITY: 'Every owner in the pool is at its cap.',
    });
  });
});
