/**
 * Lead-assignment console benchmark: `npm run bench:console -- [leads]` (default 100,000). Starts
 * an in-memory local org seeded with that many leads and measures, over HTTP as the console calls
 * the LeadAssignmentController (the package's Apex, run by the local org's Apex runtime): the first page of the list and the next 20 (ms each, to show
 * keyset paging stays flat), a page deep in the list, a filtered first page, planning 10,000
 * selected leads, and the batch path's throughput applying those 10,000 (leads/s).
 */
import { join } from 'node:path';

import { startLocalOrg } from '../localorg/main.ts';
import { roundRobinTenThousand } from './consoleRequests.ts';
import type { AssignmentBatch, LeadAssignmentApi } from '../types/leadAssignment.d.ts';

const leads = Number(process.argv[2] ?? 100_000);
const seedStart = performance.now();
const org = await startLocalOrg({
  memory: true,
  seed: `leads=${leads}`,
  deploy: [join(import.meta.dirname, '..', 'force-app')],
});
const seedSeconds = (performance.now() - seedStart) / 1000;
const manager = org.users.find((u) => u.kind === 'channel-manager' && u.active)!.accessToken!;

async function call<M extends keyof LeadAssignmentApi>(
  method: M,
  request: LeadAssignmentApi[M]['request'],
): Promise<{ ms: number; result: LeadAssignmentApi[M]['result'] }> {
  const started = performance.now();
  const response = await fetch(`${org.url}/localorg/apex/LeadAssignmentController/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${manager}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ request }),
  });
  const result = (await response.json()) as LeadAssignmentApi[M]['result'];
  if (response.status !== 200) throw new Error(`${method}: ${JSON.stringify(result)}`);
  return { ms: performance.now() - started, result };
}

/** KeysetCursor.encode()'s format, built here so the benchmark can start deep in the list. */
function cursorAfter(createdDate: unknown, id: unknown): string {
  const body = JSON.stringify({ v: new Date(String(createdDate)).toISOString(), id: String(id) });
  return Buffer.from(body).toString('base64url');
}

const round = (ms: number) => Math.round(ms * 10) / 10;
try {
  // Warm up the route and prepared statements once, as a console would after loading.
  await call('searchLeads', { filters: {}, pageSize: 50 });

  const first = await call('searchLeads', { filters: {}, pageSize: 50 });
  const pageMs = [first.ms];
  let cursor = first.result.nextCursor;
  for (let i = 0; i < 20 && cursor; i++) {
    const page = await call('searchLeads', { filters: {}, pageSize: 50, cursor });
    pageMs.push(page.ms);
    cursor = page.result.nextCursor;
  }

  // A cursor just past the row 80% down the default order (newest first).
  const deepAt = Math.floor(first.result.totalCount * 0.8);
  const deepRow = org.org.store.get(
    `SELECT "Id", "CreatedDate" FROM "Lead" WHERE "IsDeleted" = 0 AND "IsConverted" = 0
       AND "Status" NOT LIKE 'Closed%' ORDER BY "CreatedDate" DESC, "Id" DESC LIMIT 1 OFFSET ?`,
    deepAt,
  )!;
  const deep = await call('searchLeads', {
    filters: {},
    pageSize: 50,
    cursor: cursorAfter(deepRow.CreatedDate, deepRow.Id),
  });

  const filtered = await call('searchLeads', {
    filters: { countries: ['Germany', 'France'], ownerKind: 'partner', search: 'an' },
    sortBy: 'OwnerName',
    pageSize: 50,
  });

  const request = roundRobinTenThousand(org);
  const plan = await call('planAssignment', request);

  const applyStart = performance.now();
  const applied = await call('applyAssignment', request);
  let batch: AssignmentBatch = applied.result.batch;
  const progress: number[] = [];
  while (batch.status === 'Queued' || batch.status === 'Processing') {
    await new Promise((resolve) => setTimeout(resolve, 50));
    batch = (await call('getBatch', { batchId: batch.batchId })).result;
    progress.push(batch.processed);
  }
  const batchSeconds = (performance.now() - applyStart) / 1000;

  const figures = {
    leads,
    seedSeconds: +seedSeconds.toFixed(2),
    openLeads: first.result.totalCount,
    firstPageMs: round(first.ms),
    next20PagesMs: pageMs.slice(1).map(round),
    next20PagesMedianMs: round([...pageMs.slice(1)].sort((a, b) => a - b)[10]),
    deepPageMs: round(deep.ms),
    deepPageRow: deepAt,
    filteredOwnerNamePageMs: round(filtered.ms),
    filteredMatches: filtered.result.totalCount,
    plan10kMs: round(plan.ms),
    planTotal: plan.result.total,
    applyReturnsMs: round(applied.ms),
    batchStatus: batch.status,
    batchSucceeded: batch.succeeded,
    batchSeconds: +batchSeconds.toFixed(2),
    batchLeadsPerSecond: Math.round(batch.processed / batchSeconds),
    progressPolls: progress.length,
  };
  console.table(
    Object.entries(figures)
      .filter(([, v]) => !Array.isArray(v))
      .map(([figure, value]) => ({ figure, value })),
  );
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} finally {
  await org.close();
}
