/**
 * Seed and query benchmark: `npm run bench:seed -- [leads]` (default 1,000,000). Seeds a
 * file-backed org with that many leads, reports seed time and database size, then pages through
 * `SELECT Id, OwnerId FROM Lead` over HTTP with queryMore and reports the throughput.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalOrg } from '../localorg/main.ts';

const leads = Number(process.argv[2] ?? 1_000_000);
const dir = await mkdtemp(join(tmpdir(), 'localorg-bench-'));
try {
  const seedStart = performance.now();
  const org = await startLocalOrg({ dataDir: dir, seed: `leads=${leads}` });
  const seedMs = performance.now() - seedStart;
  let bytes = 0;
  for (const name of await readdir(dir)) bytes += (await stat(join(dir, name))).size;

  const headers = { Authorization: `Bearer ${org.admin.accessToken}` };
  const queryStart = performance.now();
  let url = `/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id, OwnerId FROM Lead')}`;
  let rows = 0;
  let pages = 0;
  for (;;) {
    const page = (await (await fetch(org.url + url, { headers })).json()) as {
      records: unknown[];
      nextRecordsUrl?: string;
    };
    rows += page.records.length;
    pages++;
    if (!page.nextRecordsUrl) break;
    url = page.nextRecordsUrl;
  }
  const queryMs = performance.now() - queryStart;
  await org.close();
  const rss = process.memoryUsage().rss;
  process.stdout.write(
    `${JSON.stringify({
      leads,
      seedSeconds: +(seedMs / 1000).toFixed(2),
      databaseMB: +(bytes / 1024 / 1024).toFixed(1),
      queryRows: rows,
      queryPages: pages,
      querySeconds: +(queryMs / 1000).toFixed(2),
      queryRowsPerSecond: Math.round(rows / (queryMs / 1000)),
      peakRssMB: Math.round(rss / 1024 / 1024),
    })}\n`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
