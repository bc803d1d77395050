/**
 * Reassign benchmark: `node_modules/.bin/node bench/reassign.bench.ts [N ...]` (default
 * `100000 1000000`; 5000000 works too). For each N it seeds a file-backed local org with
 * `leads=N` (`channelkit org local --seed leads=N --data DIR --port 0 --bulk-rate 0`, one child
 * process kept for all runs of that N), registers it with `sf org login access-token` in a temp
 * HOME, then makes the same owner change three ways, each to a different queue so every run
 * really changes the owner of the same leads:
 *   1. `channelkit leads reassign --where "Id != null" --to "EMEA Partner Pool" --journal …`
 *      (its calls broken down by endpoint from the org's request log, polls apart), then
 *      `channelkit leads undo` of that run;
 *   2. `sf data update bulk --sobject Lead --file <Id,OwnerId CSV> --wait 60` (the CSV, built
 *      from run 1's plan file before the timer starts, moves the same leads to the Americas queue);
 *   2b. the same change end to end with sf alone, as a channel manager without channelkit would:
 *      `sf data export bulk` of the leads the condition selects, an Id,OwnerId CSV made from it,
 *      then `sf data update bulk` (to "Unassigned Leads"); the three times added;
 *   3. a plain loop of sObject Collections PATCH calls (200 records a call, Sforce-Auto-Assign:
 *      FALSE) moving them to the APAC queue, in a child process of its own (only for N ≤ 100,000).
 * Each is timed as a child process under `/usr/bin/time -f %M` (peak RSS of the client). API calls
 * are the org's DailyApiRequests used between two /limits reads (less the reads themselves); for
 * channelkit its own `apiCalls` count is shown beside it. Prints one console.table per N.
 * `--channelkit-only` runs 1 (reassign and undo) alone.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { RequestTally } from '../localorg/http/requestTally.ts';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'node_modules', '.bin');
const NODE = join(BIN, 'node');
const CLI = join(ROOT, 'scripts', 'channelkit.ts');
const SF = join(BIN, 'sf');
const V = 'v62.0';
const COLLECTIONS_MAX = 100_000;
const QUEUES = {
  channelkit: 'EMEA Partner Pool',
  sf: 'Americas Partner Pool',
  loop: 'APAC Partner Pool',
  sfExport: 'Unassigned Leads',
};

interface Ready {
  instanceUrl: string;
  accessToken: string;
}

async function api(ready: Ready, method: string, path: string, body?: unknown, headers = {}) {
  const response = await fetch(`${ready.instanceUrl}/services/data/${V}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${ready.accessToken}`,
      'Content-Type': 'application/json',
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as unknown;
}

// ---------------------------------------------------------------------------------------------
// Worker mode (method 3): `reassign.bench.ts --collections-loop <ids file> <ownerId>`, with the
// org's URL and token in the environment. Prints {"calls": n, "failed": n}.
if (process.argv[2] === '--collections-loop') {
  const ready: Ready = {
    instanceUrl: process.env.BENCH_INSTANCE_URL!,
    accessToken: process.env.BENCH_ACCESS_TOKEN!,
  };
  const [file, ownerId] = process.argv.slice(3);
  let calls = 0;
  let failed = 0;
  let batch: string[] = [];
  const send = async () => {
    const results = (await api(
      ready,
      'PATCH',
      '/composite/sobjects',
      {
        allOrNone: false,
        records: batch.map((Id) => ({ attributes: { type: 'Lead' }, Id, OwnerId: ownerId })),
      },
      { 'Sforce-Auto-Assign': 'FALSE' },
    )) as { success: boolean }[];
    calls++;
    failed += results.filter((r) => !r.success).length;
    batch = [];
  };
  for await (const line of createInterface({ input: createReadStream(file!) })) {
    if (line === '' || line.startsWith('Id')) continue;
    batch.push(line.split(',')[0]!);
    if (batch.length === 200) await send();
  }
  if (batch.length) await send();
  process.stdout.write(`${JSON.stringify({ calls, failed })}\n`);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
type Child = ChildProcessByStdio<null, Readable, Readable>;

/** Starts `org local`; its request log lines go to `tally`. */
async function startOrg(
  args: string[],
  tally: RequestTally,
): Promise<{ child: Child; ready: Ready }> {
  // BENCH_ORG_CPU_PROF=DIR writes a V8 CPU profile of the org to DIR when it stops.
  const profile = process.env.BENCH_ORG_CPU_PROF;
  const nodeArgs = profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [];
  const child = spawn(NODE, [...nodeArgs, CLI, 'org', 'local', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  createInterface({ input: child.stderr }).on('line', tally.log);
  const lines = createInterface({ input: child.stdout });
  const first = once(lines, 'line') as Promise<[string]>;
  const exited = once(child, 'exit').then(() => {
    throw new Error(`the org exited before it was ready:\n${stderr}`);
  });
  const [line] = await Promise.race([first, exited]);
  return { child, ready: JSON.parse(line) as Ready };
}

interface Timed {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  peakMB: number;
}

/** Runs a command under /usr/bin/time -f %M: wall seconds and the peak RSS of it and its children. */
function timed(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'MAXRSS_KB=%M', command, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const kb = Number(/MAXRSS_KB=(\d+)/.exec(stderr)?.[1] ?? NaN);
      resolve({ code, stdout, stderr, seconds, peakMB: Math.round(kb / 1024) });
    });
  });
}

async function used(ready: Ready): Promise<number> {
  const limits = (await api(ready, 'GET', '/limits')) as {
    DailyApiRequests: { Max: number; Remaining: number };
  };
  return limits.DailyApiRequests.Max - limits.DailyApiRequests.Remaining;
}

async function queueIds(ready: Ready): Promise<Map<string, string>> {
  const q = encodeURIComponent("SELECT Id, Name FROM Group WHERE Type = 'Queue'");
  const rows = (await api(ready, 'GET', `/query?q=${q}`)) as {
    records: { Id: string; Name: string }[];
  };
  return new Map(rows.records.map((r) => [r.Name, r.Id]));
}

/** `sf data update bulk` of an Id,OwnerId CSV into the org registered as `bench`. */
function sfUpdateBulk(csv: string, env: NodeJS.ProcessEnv) {
  return timed(
    NODE,
    [
      SF,
      'data',
      'update',
      'bulk',
      '--sobject',
      'Lead',
      '--file',
      csv,
      '--wait',
      '60',
      '-o',
      'bench',
      '--json',
    ],
    env,
  );
}

/** An Id,OwnerId CSV from an exported Id column, every lead going to `ownerId`; returns the rows. */
async function csvFromExport(exported: string, ownerId: string, out: string): Promise<number> {
  const ws = createWriteStream(out);
  ws.write('Id,OwnerId\n');
  let rows = 0;
  let header = true;
  for await (const line of createInterface({ input: createReadStream(exported) })) {
    if (header || line === '' || line === '"Id"' || line === 'Id') {
      header = false;
      continue;
    }
    if (!ws.write(`${line.replace(/"/g, '')},${ownerId}\n`)) await once(ws, 'drain');
    rows++;
  }
  ws.end();
  await once(ws, 'finish');
  return rows;
}

/** An Id,OwnerId CSV of the plan's changed leads, all going to `ownerId`; returns the row count. */
async function csvFromPlan(plan: string, ownerId: string, out: string): Promise<number> {
  const ws = createWriteStream(out);
  ws.write('Id,OwnerId\n');
  let rows = 0;
  let header = true;
  for await (const line of createInterface({ input: createReadStream(plan) })) {
    if (header) {
      header = false;
      continue;
    }
    const [id, oldOwner, newOwner] = line.split(',');
    if (!id || !newOwner || oldOwner === newOwner) continue;
    if (!ws.write(`${id},${ownerId}\n`)) await once(ws, 'drain');
    rows++;
  }
  ws.end();
  await once(ws, 'finish');
  return rows;
}

async function ownerCount(ready: Ready, ownerId: string): Promise<number> {
  const q = encodeURIComponent(`SELECT COUNT() FROM Lead WHERE OwnerId = '${ownerId}'`);
  return ((await api(ready, 'GET', `/query?q=${q}`)) as { totalSize: number }).totalSize;
}

/** Only channelkit's run and undo: their memory and time without sf's runs (no ratios then). */
const channelkitOnly = process.argv.includes('--channelkit-only');
const sizes = process.argv
  .slice(2)
  .filter((arg) => arg !== '--channelkit-only')
  .map(Number);
if (sizes.length === 0) sizes.push(100_000, 1_000_000);
if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
  console.error(
    'usage: node bench/reassign.bench.ts [--channelkit-only] [N ...]   (e.g. 100000 1000000 5000000)',
  );
  process.exit(2);
}

const round = (x: number, d = 1) => Number(x.toFixed(d));
const children: Child[] = [];
const temps: string[] = [];
const cleanup = async () => {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGTERM');
      await once(c, 'exit');
    }
  }
  for (const t of temps) await rm(t, { recursive: true, force: true });
};
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

console.log(
  `command: node bench/reassign.bench.ts ${channelkitOnly ? '--channelkit-only ' : ''}${sizes.join(' ')}`,
);
try {
  for (const n of sizes) {
    const dir = await mkdtemp(join(tmpdir(), 'reassign-bench-'));
    temps.push(dir);
    const home = join(dir, 'home');
    const data = join(dir, 'data');
    const work = join(dir, 'work');
    await Promise.all([home, data, work].map((d) => mkdir(d)));

    const seedStarted = performance.now();
    const tally = new RequestTally();
    const { child, ready } = await startOrg(
      ['--seed', `leads=${n}`, '--data', data, '--port', '0', '--bulk-rate', '0'],
      tally,
    );
    children.push(child);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    console.log(
      `\nN=${n}: org seeded and listening in ${round(seedSeconds)} s at ${ready.instanceUrl}`,
    );

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: home,
      PATH: `${BIN}:${process.env.PATH ?? ''}`,
      SF_DISABLE_TELEMETRY: 'true',
      SF_AUTOUPDATE_DISABLE: 'true',
      // oclif's update hook reads only SF_DISABLE_AUTOUPDATE; without it sf spawns `sf update --autoupdate`.
      SF_DISABLE_AUTOUPDATE: 'true',
      SF_SKIP_NEW_VERSION_CHECK: 'true',
      SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    };
    const login = await timed(
      NODE,
      [
        SF,
        'org',
        'login',
        'access-token',
        '--instance-url',
        ready.instanceUrl,
        '--no-prompt',
        '--alias',
        'bench',
      ],
      { ...env, SF_ACCESS_TOKEN: ready.accessToken },
    );
    if (login.code !== 0) throw new Error(`sf org login failed: ${login.stderr}${login.stdout}`);

    const queues = await queueIds(ready);
    for (const name of Object.values(QUEUES))
      if (!queues.has(name)) throw new Error(`no queue named ${name}`);
    // Two /limits reads back to back: how much a read itself adds to the count.
    const probe = await used(ready);
    const readCost = (await used(ready)) - probe;

    type Row = {
      method: string;
      'wall s': number | string;
      'API calls': number | string;
      'client peak MB': number | string;
      'vs channelkit': string;
      leads: number | string;
    };
    const rows: Row[] = [];

    // 1. channelkit leads reassign.
    const journal = join(work, 'reassign.jsonl');
    let before = await used(ready);
    tally.reset();
    const ck = await timed(
      NODE,
      [
        CLI,
        'leads',
        'reassign',
        '-o',
        'bench',
        '--where',
        'Id != null',
        '--to',
        QUEUES.channelkit,
        '--journal',
        journal,
        '--json',
      ],
      { ...env, CHANNELKIT_TIMING: '1' },
    );
    const [ckCalls, ckPolls] = [tally.calls(), tally.polls()];
    let delta = (await used(ready)) - before - readCost;
    // Where channelkit's time and calls went (its `timing:` lines; the org's request log).
    for (const line of ck.stderr.split('\n')) if (line.startsWith('timing:')) console.log(line);
    console.log('channelkit calls by endpoint, polls apart:', ckCalls, ckPolls);
    if (ck.code !== 0)
      throw new Error(`channelkit failed (${ck.code}): ${ck.stdout}\n${ck.stderr}`);
    const doc = JSON.parse(ck.stdout) as {
      result: {
        plan: string;
        apiCalls: number;
        summary: { leads: number; toChange: number };
        applied: { succeeded: number; failed: number };
      };
    };
    const changed = doc.result.applied.succeeded;
    rows.push({
      method: 'channelkit leads reassign',
      'wall s': round(ck.seconds),
      'API calls': `${delta} (own count ${doc.result.apiCalls})`,
      'client peak MB': ck.peakMB,
      'vs channelkit': '1.00',
      leads: changed,
    });
    const ckSeconds = ck.seconds;

    // 1b. channelkit leads undo of that run: every changed lead back to its owner.
    before = await used(ready);
    tally.reset();
    const undo = await timed(
      NODE,
      [CLI, 'leads', 'undo', '-o', 'bench', '--journal', journal, '--json'],
      env,
    );
    delta = (await used(ready)) - before - readCost;
    if (undo.code !== 0)
      throw new Error(`channelkit undo failed (${undo.code}): ${undo.stdout}\n${undo.stderr}`);
    const undone = JSON.parse(undo.stdout) as { result: { restored?: number } };
    rows.push({
      method: 'channelkit leads undo',
      'wall s': round(undo.seconds),
      'API calls': delta,
      'client peak MB': undo.peakMB,
      'vs channelkit': (undo.seconds / ckSeconds).toFixed(2),
      leads: undone.result.restored ?? '?',
    });

    // 2, 2b and 3: the same change by other means (left out with --channelkit-only).
    if (!channelkitOnly) {
      // 2. sf data update bulk with a CSV of the same leads (built before the timer starts).
      const csv = join(work, 'update.csv');
      const csvRows = await csvFromPlan(doc.result.plan, queues.get(QUEUES.sf)!, csv);
      before = await used(ready);
      const sf = await sfUpdateBulk(csv, env);
      delta = (await used(ready)) - before - readCost;
      if (sf.code !== 0)
        console.error(
          `sf data update bulk exited ${sf.code}: ${sf.stdout.slice(0, 2000)}\n${sf.stderr.slice(-2000)}`,
        );
      const sfMoved = await ownerCount(ready, queues.get(QUEUES.sf)!);
      rows.push({
        method: 'sf data update bulk',
        'wall s': round(sf.seconds),
        'API calls': delta,
        'client peak MB': sf.peakMB,
        'vs channelkit': (sf.seconds / ckSeconds).toFixed(2),
        leads: `${csvRows} (now owned: ${sfMoved})`,
      });

      // 2b. The same change end to end with sf alone: export the leads the condition selects,
      // build the CSV, update. (Row 2 was handed a ready CSV; a channel manager has to make it.)
      before = await used(ready);
      const exported = join(work, 'export.csv');
      const e2eCsv = join(work, 'update-e2e.csv');
      const exportRun = await timed(
        NODE,
        [
          SF,
          'data',
          'export',
          'bulk',
          '--query',
          'SELECT Id FROM Lead WHERE IsConverted = false AND (Id != null)',
          '--output-file',
          exported,
          '--result-format',
          'csv',
          '--wait',
          '60',
          '-o',
          'bench',
          '--json',
        ],
        env,
      );
      const buildStart = Date.now();
      const e2eRows =
        exportRun.code === 0
          ? await csvFromExport(exported, queues.get(QUEUES.sfExport)!, e2eCsv)
          : 0;
      const buildSeconds = (Date.now() - buildStart) / 1000;
      const updateRun = await sfUpdateBulk(e2eCsv, env);
      delta = (await used(ready)) - before - readCost;
      if (exportRun.code !== 0 || updateRun.code !== 0)
        console.error(
          `sf export/update exited ${exportRun.code}/${updateRun.code}: ${exportRun.stderr.slice(-1000)}\n${updateRun.stderr.slice(-1000)}`,
        );
      const e2eSeconds = exportRun.seconds + buildSeconds + updateRun.seconds;
      rows.push({
        method: 'sf data export bulk + CSV + sf data update bulk',
        'wall s': round(e2eSeconds),
        'API calls': delta,
        'client peak MB': Math.max(exportRun.peakMB, updateRun.peakMB),
        'vs channelkit': (e2eSeconds / ckSeconds).toFixed(2),
        leads: `${e2eRows} (now owned: ${await ownerCount(ready, queues.get(QUEUES.sfExport)!)})`,
      });

      // 3. A plain loop of sObject Collections calls, in its own process.
      if (n <= COLLECTIONS_MAX) {
        before = await used(ready);
        const loop = await timed(
          NODE,
          [
            join(import.meta.dirname, 'reassign.bench.ts'),
            '--collections-loop',
            csv,
            queues.get(QUEUES.loop)!,
          ],
          { ...env, BENCH_INSTANCE_URL: ready.instanceUrl, BENCH_ACCESS_TOKEN: ready.accessToken },
        );
        delta = (await used(ready)) - before - readCost;
        if (loop.code !== 0)
          throw new Error(`collections loop failed: ${loop.stdout}\n${loop.stderr}`);
        const result = JSON.parse(loop.stdout.trim().split('\n').pop()!) as {
          calls: number;
          failed: number;
        };
        const moved = await ownerCount(ready, queues.get(QUEUES.loop)!);
        rows.push({
          method: 'sObject Collections loop (200/call)',
          'wall s': round(loop.seconds),
          'API calls': `${delta} (own count ${result.calls})`,
          'client peak MB': loop.peakMB,
          'vs channelkit': (loop.seconds / ckSeconds).toFixed(2),
          leads: `${csvRows - result.failed} (now owned: ${moved})`,
        });
      } else {
        rows.push({
          method: 'sObject Collections loop (200/call)',
          'wall s': 'skipped (N > 100k)',
          'API calls': `would be ≥ ${Math.ceil(csvRows / 200)}`,
          'client peak MB': '-',
          'vs channelkit': '-',
          leads: '-',
        });
      }
    }

    // Each ingest job's processing as the org saw it: who sent it, rows, seconds, rows a second.
    const listing = (await api(ready, 'GET', '/jobs/ingest')) as { records: { id: string }[] };
    for (const { id } of listing.records) {
      const job = (await api(ready, 'GET', `/jobs/ingest/${id}`)) as {
        numberRecordsProcessed: number;
        totalProcessingTime: number;
        createdDate: string;
      };
      const seconds = job.totalProcessingTime / 1000;
      console.log(
        `ingest job ${id} created ${job.createdDate}: ${job.numberRecordsProcessed} rows in ${round(seconds)} s` +
          ` (${seconds > 0 ? Math.round(job.numberRecordsProcessed / seconds) : '-'} rows/s)`,
      );
    }

    const serverHwm = Number(
      /VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0,
    );
    console.log(
      `N=${n}: ${doc.result.summary.leads} leads selected, ${doc.result.summary.toChange} to change; ` +
        `server peak RSS ${Math.round(serverHwm / 1024)} MB; each /limits read counts ${readCost}`,
    );
    console.table(rows);

    child.kill('SIGTERM');
    await once(child, 'exit');
    await rm(dir, { recursive: true, force: true });
  }
} finally {
  await cleanup();
}
