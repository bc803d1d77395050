import { readFileSync } from 'fs';
import { join } from 'path';
import { UNPLACED_REASON_LABELS } from '../../../force-app/main/default/lwc/leadAssignmentConsole/plan';
import {
  assessOwner,
  countProblem,
  createPicker,
  keyOf,
  LeadIdSet,
  MAX_COUNT,
  ownerIssueMessage,
  planRouting,
  REASON_BY_METHOD,
  RoutingError,
  summarizeOwners,
  UNPLACED_REASON_MESSAGES,
  type OwnerCandidate,
  type OwnerIssue,
  type RoutingPlan,
  type RoutingRequest,
} from '../leadRouting';

interface Vector {
  name: string;
  request: RoutingRequest;
  expected?: {
    assignments: [string, string, string][];
    unplaced: [string, string][];
    nextCursor: number | null;
    /** Each owner's fields to compare: those the vector gives. */
    owners: Partial<RoutingPlan['owners'][number]>[];
  };
  expectedError?: string;
}

const vectorFile = join(
  __dirname,
  '../../../force-app/main/default/staticresources/LeadRoutingVectors.json',
);
const { vectors } = JSON.parse(readFileSync(vectorFile, 'utf8')) as { vectors: Vector[] };

const userId = (n: number) => `005${String(n).padStart(12, '0')}AAA`;
const leadId = (n: number) => `00Q${String(n).padStart(12, '0')}AAA`;
const leads = (count: number) => Array.from({ length: count }, (_, i) => leadId(i + 1));

function errorCodeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof RoutingError ? error.code : `not a RoutingError: ${String(error)}`;
  }
  return undefined;
}

describe('routing vectors shared with LeadRouterTest.cls', () => {
  it('has at least 30 vectors, names unique, covering every method and the edge cases', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(30);
    expect(new Set(vectors.map((v) => v.name)).size).toBe(vectors.length);
    const methods = new Set(vectors.map((v) => v.request.method));
    expect([...methods]).toEqual(
      expect.arrayContaining(['direct', 'roundRobin', 'weighted', 'leastLoaded']),
    );
    const unplacedReasons = new Set(
      vectors.flatMap((v) => (v.expected?.unplaced ?? []).map(([, reason]) => reason)),
    );
    expect([...unplacedReasons].sort()).toEqual([
      'ALL_OWNERS_AT_CAPACITY',
      'DUPLICATE_LEAD',
      'INVALID_LEAD_ID',
      'NO_ELIGIBLE_OWNER',
    ]);
    expect(vectors.some((v) => v.request.pool.length === 0)).toBe(true);
    expect(vectors.some((v) => (v.request.cursor ?? 0) >= v.request.pool.length)).toBe(true);
  });

  const planVectors = vectors.filter((v) => !v.expectedError);
  const errorVectors = vectors.filter((v) => v.expectedError);

  it.each(planVectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const plan = planRouting(vector.request);
    const expected = vector.expected!;
    expect(plan.assignments.map((a) => [a.leadId, a.ownerId, a.reason])).toEqual(
      expected.assignments,
    );
    expect(plan.unplaced.map((u) => [u.leadId, u.reason])).toEqual(expected.unplaced);
    expect(plan.nextCursor).toBe(expected.nextCursor);
    expect(
      plan.owners.map((owner, i) =>
        Object.fromEntries(
          Object.keys(expected.owners[i] ?? {}).map((key) => [
            key,
            owner[key as keyof typeof owner],
          ]),
        ),
      ),
    ).toEqual(expected.owners);
  });

  it.each(errorVectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    expect(errorCodeOf(() => planRouting(vector.request))).toBe(vector.expectedError);
  });
});

describe('errors name the owner and the fix', () => {
  it('says which owner is not a user or queue', () => {
    expect(() =>
      planRouting({
        method: 'roundRobin',
        leadIds: [],
        pool: [
          { id: userId(1), kind: 'User' },
          { id: userId(2), kind: 'Queue' },
        ],
      }),
    ).toThrow(/Owner 2 \(005000000000002AAA\) is not a valid owner: use .*queue Id \(00G/);
  });

  it('says which field must be a whole number', () => {
    expect(() =>
      planRouting({
        method: 'leastLoaded',
        leadIds: [],
        pool: [{ id: userId(1), kind: 'User', load: -2 }],
      }),
    ).toThrow('Owner 1 (005000000000001AAA): load must be a whole number of 0 or more.');
  });
});

describe('count limits, for every caller that takes counts from people', () => {
  it('takes whole numbers from 0 to MAX_COUNT (Apex Integer) and the default', () => {
    expect(MAX_COUNT).toBe(2147483647);
    for (const fine of [0, 1, MAX_COUNT, null, undefined])
      expect(countProblem(fine, 'x')).toBeNull();
  });

  it('says what is wrong in the words planRouting throws', () => {
    expect(countProblem(MAX_COUNT + 1, '--cap')).toBe(
      '--cap must be a whole number from 0 to 2,147,483,647.',
    );
    for (const bad of [-1, 1.5, Number.NaN, '3'])
      expect(countProblem(bad, '--cap')).toBe('--cap must be a whole number of 0 or more.');
    expect(() =>
      planRouting({ method: 'roundRobin', leadIds: [], pool: [], cursor: MAX_COUNT + 1 }),
    ).toThrow(countProblem(MAX_COUNT + 1, 'cursor')!);
  });
});

describe('the message catalogue', () => {
  interface Issue {
    code: OwnerIssue;
    message: string;
  }
  const contract = JSON.parse(
    readFileSync(
      join(
        __dirname,
        '../../../force-app/main/default/staticresources/LeadAssignmentContract.json',
      ),
      'utf8',
    ),
  ) as { examples: { getOwnerCandidates: { result: { reasons: Issue[]; warnings: Issue[] }[] } } };

  it("words owner issues as the console's Apex does (the contract's examples)", () => {
    const issues = contract.examples.getOwnerCandidates.result.flatMap((c) => [
      ...c.reasons,
      ...c.warnings,
    ]);
    expect(issues.length).toBeGreaterThan(0);
    for (const { code, message } of issues) {
      expect(ownerIssueMessage(code, 'Partner Central')).toBe(message);
    }
  });

  it('has a message for every issue, naming the site where it matters', () => {
    const codes: OwnerIssue[] = [
      'INACTIVE_USER',
      'NO_LICENSE',
      'NEVER_LOGGED_IN',
      'NOT_SITE_MEMBER',
      'QUEUE_NOT_FOR_LEADS',
      'ZERO_WEIGHT',
      'AT_CAPACITY',
    ];
    const messages = codes.map((code) => ownerIssueMessage(code));
    expect(new Set(messages).size).toBe(codes.length);
    expect(messages.every((m) => /^[A-Z].*\.$/.test(m))).toBe(true);
    expect(ownerIssueMessage('NOT_SITE_MEMBER')).toBe('Is not a member of the partner site.');
    expect(ownerIssueMessage('NEVER_LOGGED_IN', 'Partner Hub')).toBe(
      'Has never logged in to Partner Hub.',
    );
  });

  it("words unplaced leads as the console's preview does", () => {
    for (const [reason, message] of Object.entries(UNPLACED_REASON_MESSAGES)) {
      expect(UNPLACED_REASON_LABELS[reason as keyof typeof UNPLACED_REASON_LABELS]).toBe(message);
    }
  });

  it('gives each method its assignment reason, as the plans carry it', () => {
    const plan = planRouting({
      method: 'weighted',
      leadIds: leads(1),
      pool: [{ id: userId(1), kind: 'User' }],
    });
    expect(plan.assignments[0].reason).toBe(REASON_BY_METHOD.weighted);
    expect(REASON_BY_METHOD).toEqual({
      direct: 'DIRECT',
      roundRobin: 'ROUND_ROBIN',
      weighted: 'WEIGHTED',
      leastLoaded: 'LEAST_LOADED',
    });
  });
});

describe('summaries', () => {
  it('summarizes a streaming picker as planRouting summarizes its plan', () => {
    const request: RoutingRequest = {
      method: 'leastLoaded',
      leadIds: leads(7),
      pool: [
        { id: userId(1), kind: 'User', name: 'Ana', cap: 6, load: 4 },
        { id: userId(2), kind: 'User', load: 1, eligibility: { hasLoggedIn: false } },
        { id: userId(3), kind: 'User', eligibility: { isActive: false } },
      ],
    };
    const picker = createPicker(request);
    request.leadIds.forEach(() => picker.next());
    expect(summarizeOwners(request.pool, picker)).toEqual(planRouting(request).owners);
  });

  it('reports weight, cap, name and loads for each owner', () => {
    const plan = planRouting({
      method: 'leastLoaded',
      leadIds: leads(3),
      pool: [{ id: userId(1), kind: 'User', name: 'Ana', weight: 2, cap: 10, load: 4 }],
    });
    expect(plan.owners).toEqual([
      {
        ownerId: userId(1),
        kind: 'User',
        name: 'Ana',
        eligible: true,
        reasons: [],
        warnings: [],
        weight: 2,
        cap: 10,
        loadBefore: 4,
        assigned: 3,
        unchanged: 0,
        loadAfter: 7,
      },
    ]);
  });

  it('lists every issue of an owner in a fixed order', () => {
    const owner: OwnerCandidate = {
      id: userId(1),
      kind: 'User',
      weight: 0,
      cap: 1,
      load: 1,
      eligibility: { isActive: false, hasLicense: false, hasLoggedIn: false, isSiteMember: false },
    };
    expect(assessOwner(owner, 'weighted')).toEqual({
      reasons: ['INACTIVE_USER', 'NO_LICENSE', 'ZERO_WEIGHT', 'AT_CAPACITY'],
      warnings: ['NEVER_LOGGED_IN', 'NOT_SITE_MEMBER'],
    });
    expect(assessOwner(owner, 'roundRobin', true).reasons).toEqual([
      'INACTIVE_USER',
      'NO_LICENSE',
      'NEVER_LOGGED_IN',
      'NOT_SITE_MEMBER',
      'AT_CAPACITY',
    ]);
  });
});

describe('picker', () => {
  it('routes lead by lead without holding the leads, for streaming callers', () => {
    const picker = createPicker({
      method: 'roundRobin',
      pool: [
        { id: userId(1), kind: 'User' },
        { id: userId(2), kind: 'User', cap: 1 },
      ],
      cursor: 1,
    });
    expect([picker.next(), picker.next(), picker.next()]).toEqual([1, 0, 0]);
    expect(picker.assigned).toEqual([2, 1]);
    expect(picker.cursor()).toBe(1);
  });
});

describe('LeadIdSet', () => {
  it('matches the 15- and 18-character forms, is case-sensitive, and grows past its first table', () => {
    const set = new LeadIdSet();
    const ids = leads(5000);
    expect(ids.every((id) => set.add(id))).toBe(true);
    expect(ids.some((id) => set.add(id.substring(0, 15)))).toBe(false);
    expect(set.add('00Q00000000000aAAA')).toBe(true);
    expect(set.add('00Q00000000000AAAA')).toBe(true);
    expect(set.add('00Qz0000000000AAAA')).toBe(true);
    expect(set.add('00Qz0000000000A')).toBe(false);
    expect(set.size).toBe(5003);
  });

  it('keys an Id by its 12 significant base-62 characters as two exact numbers', () => {
    // 0-9, A-Z, a-z are the digits 0 to 61; characters 3-8 make the first number (offset by 1
    // so that no key is 0, the empty slot), 9-14 the second; the 18-character suffix is ignored.
    expect(keyOf('00Q000000000000')).toEqual([1, 0]);
    expect(keyOf('00Q000009000009')).toEqual([10, 9]);
    expect(keyOf('00Q00000A00000Z')).toEqual([11, 35]);
    expect(keyOf('00Q00000a00000z')).toEqual([37, 61]);
    expect(keyOf('00Q100000000010')).toEqual([62 ** 5 + 1, 62]);
    expect(keyOf('00Qzzzzzzzzzzzz')).toEqual([62 ** 6, 62 ** 6 - 1]);
    expect(keyOf('00Qzzzzzzzzzzzzxyz')).toEqual(keyOf('00Qzzzzzzzzzzzz'));
  });

  it('answers has() for either form without adding', () => {
    const set = new LeadIdSet();
    const ids = leads(3000);
    ids.slice(0, 1500).forEach((id) => set.add(id));
    expect(ids.slice(0, 1500).every((id) => set.has(id) && set.has(id.substring(0, 15)))).toBe(
      true,
    );
    expect(ids.slice(1500).some((id) => set.has(id))).toBe(false);
    expect(set.has('00Q00000000000aAAA')).toBe(false);
    expect(set.size).toBe(1500);
  });
});
