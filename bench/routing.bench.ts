/**
 * Leads planned per second by the routing core, per method: 1M leads over 50 owners.
 * Run with `npm run bench:routing`. Prints a table; asserts nothing (a benchmark, not a test).
 */
import { performance } from 'node:perf_hooks';
import {
  createPicker,
  planRouting,
  type OwnerCandidate,
  type RoutingMethod,
} from '../lib/routing/leadRouting.ts';

const LEADS = Number(process.env.BENCH_LEADS ?? 1_000_000);
const OWNERS = Number(process.env.BENCH_OWNERS ?? 50);
const ROUNDS = 3;

const pad = (n: number) => String(n).padStart(12, '0');
const leadIds = Array.from({ length: LEADS }, (_, i) => `00Q${pad(i + 1)}AAA`);
// A realistic pool: mixed weights, a few caps and inactive users, uneven current loads.
const pool: OwnerCandidate[] = Array.from({ length: OWNERS }, (_, i) => ({
  id: `${i % 5 === 4 ? '00G' : '005'}${pad(i + 1)}AAA`,
  kind: i % 5 === 4 ? 'Queue' : 'User',
  weight: 1 + (i % 4),
  cap: i % 10 === 3 ? 5_000 : null,
  load: (i * 37) % 200,
  eligibility: i % 17 === 5 ? { isActive: false } : {},
}));

function best(run: () => void): number {
  let fastest = Infinity;
  for (let round = 0; round < ROUNDS; round += 1) {
    const start = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

const methods: RoutingMethod[] = ['roundRobin', 'weighted', 'leastLoaded'];
const rows = methods.flatMap((method) => {
  const planMs = best(() => planRouting({ method, leadIds, pool }));
  const pickMs = best(() => {
    const picker = createPicker({ method, pool });
    for (let i = 0; i < LEADS; i += 1) picker.next();
  });
  return [
    { method, api: 'planRouting (full plan)', ms: planMs },
    { method, api: 'createPicker (streaming)', ms: pickMs },
  ];
});
const direct = best(() => planRouting({ method: 'direct', leadIds, pool: [pool[0]] }));
rows.unshift({ method: 'direct', api: 'planRouting (full plan)', ms: direct });

console.log(
  `Lead routing, ${LEADS.toLocaleString('en-US')} leads, ${OWNERS} owners, best of ${ROUNDS}, Node ${process.version}`,
);
console.table(
  rows.map(({ method, api, ms }) => ({
    method,
    api,
    ms: Math.round(ms),
    'leads/s': Math.round((LEADS / ms) * 1000).toLocaleString('en-US'),
  })),
);
