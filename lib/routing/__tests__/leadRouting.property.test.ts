import fc from 'fast-check';
import {
  assessOwner,
  planRouting,
  type OwnerCandidate,
  type RoutingMethod,
  type RoutingRequest,
} from '../leadRouting';

const id = (prefix: string, n: number) => `${prefix}${String(n).padStart(12, '0')}AAA`;
const leads = (count: number) => Array.from({ length: count }, (_, i) => id('00Q', i + 1));

/** Owners with unique Ids; facts, weights, caps and loads drawn at random. */
const ownerArb = fc.record(
  {
    kind: fc.constantFrom('User' as const, 'Queue' as const),
    weight: fc.nat({ max: 6 }),
    cap: fc.option(fc.nat({ max: 40 }), { nil: null }),
    load: fc.nat({ max: 30 }),
    eligibility: fc.record(
      {
        isActive: fc.boolean(),
        hasLicense: fc.boolean(),
        hasLoggedIn: fc.boolean(),
        isSiteMember: fc.boolean(),
        supportsLead: fc.boolean(),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['kind'] },
);
const poolArb = (min: number, max: number) =>
  fc.array(ownerArb, { minLength: min, maxLength: max }).map((owners) =>
    owners.map((owner, index): OwnerCandidate => ({
      ...owner,
      id: id(owner.kind === 'User' ? '005' : '00G', index + 1),
    })),
  );
/** Plain owners: eligible, uncapped, equally loaded, so fairness can be judged exactly. */
const plainPoolArb = (weights: fc.Arbitrary<number>) =>
  fc.array(weights, { minLength: 1, maxLength: 12 }).map((ws) =>
    ws.map((weight, index): OwnerCandidate => ({
      id: id('005', index + 1),
      kind: 'User',
      weight,
    })),
  );
const methodArb = fc.constantFrom<RoutingMethod>('roundRobin', 'weighted', 'leastLoaded');

function countsByOwner(plan: ReturnType<typeof planRouting>, pool: readonly OwnerCandidate[]) {
  const counts = new Map(pool.map((owner) => [owner.id, 0]));
  for (const a of plan.assignments) counts.set(a.ownerId, (counts.get(a.ownerId) ?? 0) + 1);
  return pool.map((owner) => counts.get(owner.id) ?? 0);
}

describe('routing properties', () => {
  it('even round robin: counts differ by at most 1', () => {
    fc.assert(
      fc.property(
        plainPoolArb(fc.nat({ max: 5 })),
        fc.nat({ max: 500 }),
        fc.nat(),
        (pool, n, cursor) => {
          const counts = countsByOwner(
            planRouting({ method: 'roundRobin', leadIds: leads(n), pool, cursor }),
            pool,
          );
          expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
          expect(counts.reduce((x, y) => x + y, 0)).toBe(n);
        },
      ),
    );
  });

  it('even round robin: a run continued from its cursor equals one run over both batches', () => {
    fc.assert(
      fc.property(poolArb(1, 8), fc.nat({ max: 60 }), fc.nat({ max: 60 }), (pool, a, b) => {
        const all = leads(a + b);
        // Caps would need the first run's counts fed back as loads; leave them out here.
        const uncapped = pool.map((owner) => ({ ...owner, cap: null }));
        const first = planRouting({
          method: 'roundRobin',
          leadIds: all.slice(0, a),
          pool: uncapped,
        });
        const second = planRouting({
          method: 'roundRobin',
          leadIds: all.slice(a),
          pool: uncapped,
          cursor: first.nextCursor!,
        });
        const wholeUncapped = planRouting({ method: 'roundRobin', leadIds: all, pool: uncapped });
        expect([...first.assignments, ...second.assignments]).toEqual(wholeUncapped.assignments);
      }),
    );
  });

  it('weighted: every owner stays within 1 lead of its ideal share at every prefix', () => {
    fc.assert(
      fc.property(plainPoolArb(fc.integer({ min: 1, max: 9 })), fc.nat({ max: 300 }), (pool, n) => {
        const plan = planRouting({ method: 'weighted', leadIds: leads(n), pool });
        const total = pool.reduce((sum, owner) => sum + (owner.weight ?? 1), 0);
        const index = new Map(pool.map((owner, i) => [owner.id, i]));
        const counts = pool.map(() => 0);
        plan.assignments.forEach((assignment, step) => {
          counts[index.get(assignment.ownerId)!] += 1;
          pool.forEach((owner, i) => {
            const ideal = ((step + 1) * (owner.weight ?? 1)) / total;
            expect(Math.abs(counts[i] - ideal)).toBeLessThan(1);
          });
        });
      }),
    );
  });

  it('least loaded: never picks an owner more loaded than the least loaded one with room', () => {
    fc.assert(
      fc.property(poolArb(1, 10), fc.nat({ max: 200 }), (pool, n) => {
        const plan = planRouting({ method: 'leastLoaded', leadIds: leads(n), pool });
        const byId = new Map(pool.map((owner, i) => [owner.id, i]));
        const load = pool.map((owner) => owner.load ?? 0);
        const room = pool.map((owner) => {
          if (assessOwner(owner, 'leastLoaded').reasons.length > 0) return 0;
          return owner.cap == null ? Infinity : owner.cap - (owner.load ?? 0);
        });
        for (const assignment of plan.assignments) {
          const picked = byId.get(assignment.ownerId)!;
          const lowest = Math.min(...load.filter((_, i) => room[i] > 0));
          expect(load[picked]).toBe(lowest);
          load[picked] += 1;
          room[picked] -= 1;
        }
        // A lead is left unplaced only when nobody had room left.
        expect(plan.unplaced.length === 0 || room.every((r) => r <= 0)).toBe(true);
      }),
    );
  });

  it('the same input gives the same plan', () => {
    fc.assert(
      fc.property(
        methodArb,
        poolArb(0, 10),
        fc.nat({ max: 100 }),
        fc.nat(),
        (method, pool, n, cursor) => {
          const request: RoutingRequest = { method, leadIds: leads(n), pool, cursor };
          expect(planRouting(JSON.parse(JSON.stringify(request)))).toEqual(planRouting(request));
        },
      ),
    );
  });

  it('no lead goes to an ineligible or full owner, and every lead is accounted for once', () => {
    fc.assert(
      fc.property(
        methodArb,
        poolArb(0, 10),
        fc.nat({ max: 150 }),
        fc.boolean(),
        (method, pool, n, strictEligibility) => {
          const plan = planRouting({ method, leadIds: leads(n), pool, strictEligibility });
          const counts = countsByOwner(plan, pool);
          pool.forEach((owner, i) => {
            const { reasons } = assessOwner(owner, method, strictEligibility);
            expect(reasons.length > 0 ? counts[i] : 0).toBe(0);
            // An owner already over its cap gets nothing; the others stop at their cap.
            const load = owner.load ?? 0;
            const limit = owner.cap == null ? Infinity : Math.max(owner.cap, load);
            expect(load + counts[i]).toBeLessThanOrEqual(limit);
            expect(plan.owners[i].assigned).toBe(counts[i]);
          });
          const placed = [
            ...plan.assignments.map((a) => a.leadId),
            ...plan.unplaced.map((u) => u.leadId),
          ];
          expect(placed.sort()).toEqual(leads(n).sort());
        },
      ),
    );
  });
});
