/**
 * Bulk API 2.0 benchmark: `node_modules/.bin/node bench/localorg-bulk.bench.ts [leads]` (default
 * 1,000,000). Runs the local org as a child process (`channelkit org local --data DIR`), seeds it,
 * restarts it on the seeded folder, then measures against it over HTTP:
 *   1. a Bulk query export of every lead (`SELECT Id, OwnerId FROM Lead`) with the locator loop
 *      the sf CLI uses, streamed to a file;
 *   2. a Bulk ingest owner update of every exported lead with jsforce (create, streamed upload,
 *      close, poll) and a streamed download of its successful and failed results;
 *   3. a second export with a relationship column (`SELECT Id, Owner.Name FROM Lead`).
 * The server's memory is sampled from /proc/PID/status (VmRSS every 200 ms, VmHWM at the end of
 * each phase; the restart keeps seeding out of the peak). Prints one JSON line.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { WriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Connection } from 'jsforce';

const ROOT = join(import.meta.dirname, '..');
const NODE = join(ROOT, 'node_modules', '.bin', 'node');
const CLI = join(ROOT, 'scripts', 'channelkit.ts');
const leads = Number(process.argv[2] ?? 1_000_000);
const V = 'v62.0';

interface Ready {
  instanceUrl: string;
  accessToken: string;
}

type Child = ChildProcessByStdio<null, Readable, Readable>;

async function startOrg(args: string[]): Promise<{ child: Child; ready: Ready }> {
  const child = spawn(NODE, [CLI, 'org', 'local', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout });
  const first = once(lines, 'line') as Promise<[string]>;
  const exited = once(child, 'exit').then(() => {
    throw new Error(`the org exited before it was ready:\n${stderr}`);
  });
  const [line] = await Promise.race([first, exited]);
  return { child, ready: JSON.parse(line) as Ready };
}

async function stopOrg(child: Child): Promise<void> {
  child.kill('SIGTERM');
  await once(child, 'exit');
}

/** VmRSS and VmHWM of a process, in MB. */
async function memory(pid: number): Promise<{ rss: number; hwm: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), hwm: Math.round(kb('VmHWM') / 1024) };
}

/** Samples a process's RSS until stopped; returns the highest sample. */
function sampleRss(pid: number): { stop(): Promise<number> } {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, (await memory(pid)).rss);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}

function newlines(buffer: Buffer): number {
  let n = 0;
  for (let i = buffer.indexOf(10); i >= 0; i = buffer.indexOf(10, i + 1)) n++;
  return n;
}

/** Streams a response body into `out` (without its first line when `skipFirstLine`); counts lines. */
async function drain(response: Response, out: WriteStream | null, skipFirstLine: boolean) {
  let lines = 0;
  let skip = skipFirstLine;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    let buffer = Buffer.from(chunk);
    if (skip) {
      const at = buffer.indexOf(10);
      if (at < 0) continue;
      buffer = buffer.subarray(at + 1);
      skip = false;
    }
    lines += newlines(buffer);
    if (out && !out.write(buffer)) await once(out, 'drain');
  }
  return lines;
}

async function api(ready: Ready, method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${ready.instanceUrl}/services/data/${V}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${ready.accessToken}`,
      'Content-Type': 'application/json',
      'Accept-Encoding': 'gzip',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response;
}

/** A Bulk query job exported page by page to `file`; returns rows, pages and seconds. */
async function exportQuery(ready: Ready, soql: string, file: string) {
  const started = performance.now();
  const job = (await (await api(ready, 'POST', '/jobs/query', { query: soql })).json()) as {
    id: string;
  };
  for (;;) {
    const info = (await (await api(ready, 'GET', `/jobs/query/${job.id}`)).json()) as {
      state: string;
    };
    if (info.state === 'JobComplete') break;
    if (info.state === 'Failed' || info.state === 'Aborted') throw new Error(info.state);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const jobSeconds = (performance.now() - started) / 1000;
  const out = createWriteStream(file);
  let lines = 0;
  let locator: string | null = null;
  let pages = 0;
  do {
    const query = locator ? `?locator=${locator}` : '';
    const response = await api(ready, 'GET', `/jobs/query/${job.id}/results${query}`);
    // Later pages repeat the header (the org's default, what the sf CLI expects): drop it.
    lines += await drain(response, out, pages > 0);
    locator = response.headers.get('sforce-locator');
    pages++;
  } while (locator !== 'null');
  out.end();
  await once(out, 'finish');
  const seconds = (performance.now() - started) / 1000;
  return { rows: lines - 1, pages, jobSeconds, seconds };
}

const dir = await mkdtemp(join(tmpdir(), 'localorg-bulk-bench-'));
try {
  // Phase 0: seed, in a process of its own so its memory stays out of the measurements.
  const seedStarted = performance.now();
  const seeding = await startOrg(['--data', dir, '--seed', `leads=${leads}`]);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  await stopOrg(seeding.child);
  let databaseBytes = 0;
  for (const name of await readdir(dir)) {
    const info = await stat(join(dir, name));
    if (info.isFile()) databaseBytes += info.size;
  }

  const { child, ready } = await startOrg(['--data', dir]);
  const pid = child.pid!;
  const idle = await memory(pid);

  // Phase 1: export every lead.
  let sampler = sampleRss(pid);
  const exportFile = join(dir, 'export.csv');
  const firstExport = await exportQuery(ready, 'SELECT Id, OwnerId FROM Lead', exportFile);
  const exportPeakRss = await sampler.stop();

  // Phase 2: reassign every exported lead to another owner with jsforce.
  const owners = (
    (await (
      await api(
        ready,
        'GET',
        `/query?q=${encodeURIComponent("SELECT Id FROM User WHERE IsActive = true AND UserType = 'Standard'")}`,
      )
    ).json()) as { records: { Id: string }[] }
  ).records.map((r) => r.Id);
  const csvFile = join(dir, 'update.csv');
  let n = 0;
  async function* updateRows(): AsyncGenerator<string> {
    yield 'Id,OwnerId\n';
    let batch: string[] = [];
    let header = true;
    for await (const line of createInterface({ input: createReadStream(exportFile) })) {
      if (header) {
        header = false;
        continue;
      }
      // `"00Q…","005…"` becomes `00Q…,<the next owner in turn>`.
      batch.push(`${line.slice(1, 19)},${owners[n++ % owners.length]}`);
      if (batch.length === 10_000) {
        yield `${batch.join('\n')}\n`;
        batch = [];
      }
    }
    if (batch.length) yield `${batch.join('\n')}\n`;
  }
  await pipeline(Readable.from(updateRows()), createWriteStream(csvFile));
  const csvMB = (await stat(csvFile)).size / 1024 / 1024;
  const conn = new Connection({
    instanceUrl: ready.instanceUrl,
    accessToken: ready.accessToken,
    version: '62.0',
  });
  sampler = sampleRss(pid);
  const updateStarted = performance.now();
  const job = conn.bulk2.createJob({ object: 'Lead', operation: 'update' });
  await job.open();
  await job.uploadData(createReadStream(csvFile));
  const uploadSeconds = (performance.now() - updateStarted) / 1000;
  await job.close();
  await job.poll(1000, 30 * 60_000);
  const info = await job.check();
  const processedSeconds = (performance.now() - updateStarted) / 1000;
  const resultLines: Record<string, number> = {};
  for (const kind of ['successfulResults', 'failedResults']) {
    const response = await api(ready, 'GET', `/jobs/ingest/${job.id}/${kind}`);
    resultLines[kind] = (await drain(response, null, false)) - 1;
  }
  const updateSeconds = (performance.now() - updateStarted) / 1000;
  const updatePeakRss = await sampler.stop();
  const afterUpdate = await memory(pid);

  // Phase 3: export with a relationship column.
  sampler = sampleRss(pid);
  const secondExport = await exportQuery(
    ready,
    'SELECT Id, Owner.Name FROM Lead',
    join(dir, 'owners.csv'),
  );
  const secondPeakRss = await sampler.stop();
  const end = await memory(pid);
  await stopOrg(child);

  const round = (x: number, d = 1) => Number(x.toFixed(d));
  process.stdout.write(
    `${JSON.stringify({
      leads,
      seedSeconds: round(seedSeconds),
      databaseMB: round(databaseBytes / 1024 / 1024),
      serverIdleRssMB: idle.rss,
      export: {
        rows: firstExport.rows,
        pages: firstExport.pages,
        jobSeconds: round(firstExport.jobSeconds),
        seconds: round(firstExport.seconds),
        rowsPerSecond: Math.round(firstExport.rows / firstExport.seconds),
        serverPeakRssMB: exportPeakRss,
      },
      update: {
        rows: n,
        csvMB: round(csvMB),
        uploadSeconds: round(uploadSeconds),
        processedSeconds: round(processedSeconds),
        secondsWithResults: round(updateSeconds),
        rowsPerSecond: Math.round(n / processedSeconds),
        numberRecordsProcessed: info.numberRecordsProcessed,
        numberRecordsFailed: info.numberRecordsFailed,
        successfulResultRows: resultLines.successfulResults,
        failedResultRows: resultLines.failedResults,
        serverPeakRssMB: updatePeakRss,
        serverVmHWMAfterUpdateMB: afterUpdate.hwm,
      },
      exportWithOwnerName: {
        rows: secondExport.rows,
        pages: secondExport.pages,
        seconds: round(secondExport.seconds),
        rowsPerSecond: Math.round(secondExport.rows / secondExport.seconds),
        serverPeakRssMB: secondPeakRss,
      },
      serverVmHWMMB: end.hwm,
    })}\n`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
