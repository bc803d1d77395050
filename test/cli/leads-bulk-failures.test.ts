/**
 * `leads reassign` when Bulk API rows or jobs fail, against the local org's injected faults: rows
 * that met a row lock go once more and the rest are reported in the error CSV and counted as
 * failed; a job the org failed part-way, or one that was never closed, is picked up by a rerun
 * that sends only the rows the org did not process.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { LocalOrgOptions, RunningLocalOrg } from '../../localorg/main.ts';
import { channelkit, cliEnv, sfLogin } from '../support/cli.ts';
import { startTestOrg } from '../support/org.ts';
import { api, queryAll } from '../support/query.ts';
import { readPlan } from '../support/reassignRun.ts';

const V = '/services/data/v62.0';
const dir = mkdtempSync(join(tmpdir(), 'reassign-bulk-failures-'));

interface RunResult {
  resumed: boolean;
  applied: { succeeded: number; failed: number };
  errorFile: string | null;
  successFile: string | null;
}

interface JobEntry {
  type: 'job';
  chunk: string;
  jobId: string;
  state: string;
  rows: number;
  failed?: number;
  unprocessed?: { file: string; rows: number };
}

interface IngestJob {
  id: string;
  state: string;
  numberRecordsProcessed: number;
  numberRecordsFailed: number;
}

const orgs: RunningLocalOrg[] = [];
after(() => Promise.all(orgs.map((o) => o.close())));

async function loggedIn(options: LocalOrgOptions) {
  const org = await startTestOrg(options);
  orgs.push(org);
  const env = cliEnv();
  await sfLogin(env, org.url, org.admin.accessToken, 'local');
  return { org, env };
}

/** Every lead to EMEA Partner Pool through Bulk API 2.0, journaled. */
const reassignArgs = (journal: string) => [
  'leads',
  'reassign',
  '-o',
  'local',
  '--where',
  'Id != null',
  '--include-closed',
  '--to',
  'EMEA Partner Pool',
  '--api',
  'bulk',
  '--journal',
  journal,
  '--json',
];

function resultOf(stdout: string): RunResult {
  return (JSON.parse(stdout) as { result: RunResult }).result;
}

function jobEntries(journal: string): JobEntry[] {
  return readFileSync(journal, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string })
    .filter((e): e is JobEntry => e.type === 'job');
}

/** The planned changes: lead Id to [old owner, new owner]. */
function plannedChanges(journal: string): Map<string, [string, string]> {
  return new Map(
    readPlan(journal)
      .filter(([, , to, reason]) => to !== '' && reason !== 'UNCHANGED')
      .map(([id, from, to]) => [id, [from, to]]),
  );
}

async function owners(org: RunningLocalOrg): Promise<Map<string, string>> {
  const rows = await queryAll(org, 'SELECT Id, OwnerId FROM Lead');
  return new Map(rows.map((r) => [r.Id, r.OwnerId]));
}

async function ingestJobs(org: RunningLocalOrg): Promise<IngestJob[]> {
  const list = (await api(org, `${V}/jobs/ingest`)).body as { records: { id: string }[] };
  const jobs: IngestJob[] = [];
  for (const { id } of list.records)
    jobs.push((await api(org, `${V}/jobs/ingest/${id}`)).body as IngestJob);
  return jobs;
}

/** A CSV file's rows without its header (no quoted commas in these files' Ids and owners). */
function csvRows(file: string): string[][] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split(','));
}

describe('channelkit leads reassign: rows that fail in a Bulk job', () => {
  it('sends rows that met a row lock once more, reports those that failed again in the error CSV, and counts only what was saved', async () => {
    const { org, env } = await loggedIn({
      seed: 'leads=2500',
      faults: ['lock-rows=0.05'],
      faultSeed: 7,
    });
    const journal = join(dir, 'locks.jsonl');
    const run = await channelkit(reassignArgs(journal), env);
    assert.equal(run.code, 1, `some rows failed for good: a partial result\n${run.stderr}`);
    const result = resultOf(run.stdout);
    const changes = plannedChanges(journal);

    // The first job met locks; exactly those rows went again, in a job of their own.
    const jobs = jobEntries(journal).filter((j) => j.state === 'done');
    assert.deepEqual(
      jobs.map((j) => /chunk-(\d+|retry)/.exec(j.chunk)?.[0]),
      ['chunk-1', 'chunk-retry'],
    );
    const [first, retry] = jobs;
    assert.equal(first.rows, changes.size);
    assert.ok(first.failed! > 50, `the first job met locks (${first.failed})`);
    assert.equal(retry.rows, first.failed, 'every locked row went once more, and nothing else');
    assert.ok(retry.failed! > 0, `some met a lock again (${retry.failed})`);
    assert.equal(org.faults.stats()['lock-rows'], first.failed! + retry.failed!);

    // Failed for good: in the error CSV, counted as failed, and still with their old owner.
    assert.deepEqual(result.applied, {
      succeeded: changes.size - retry.failed!,
      failed: retry.failed,
      overridden: 0,
    });
    const errors = csvRows(result.errorFile!);
    assert.equal(errors.length, retry.failed);
    const now = await owners(org);
    const stillOld = [...changes].filter(([id, [from]]) => now.get(id) === from).map(([id]) => id);
    assert.deepEqual(errors.map(([id]) => id).sort(), stillOld.sort());
    for (const [id, owner, error] of errors) {
      assert.equal(owner, changes.get(id)![1], 'the error row names the owner it tried');
      assert.match(error, /^UNABLE_TO_LOCK_ROW:/);
    }
    // Everything else has its new owner, and the success CSV lists exactly those.
    const moved = [...changes].filter(([id, [, to]]) => now.get(id) === to).map(([id]) => id);
    assert.equal(moved.length, result.applied.succeeded);
    assert.deepEqual(
      csvRows(result.successFile!)
        .map(([id]) => id)
        .sort(),
      moved.sort(),
    );
  });
});

describe('channelkit leads reassign: resuming a failed or half-uploaded Bulk job', () => {
  it('a job the org failed part-way: the rerun sends only the rows it did not process', async () => {
    const { org, env } = await loggedIn({
      seed: 'leads=2500',
      bulk: { batchSize: 1000 },
      faults: ['fail-bulk-job=ingest:1'],
    });
    const journal = join(dir, 'failed-job.jsonl');
    const before = await owners(org);
    const failed = await channelkit(reassignArgs(journal), env);
    assert.notEqual(failed.code, 0);
    assert.match(failed.stdout + failed.stderr, /Bulk job 750\w+ ended Failed/);
    const changes = plannedChanges(journal);
    assert.ok(changes.size > 1000, `${changes.size} changes: more than one batch`);
    const [failedJob] = await ingestJobs(org);
    assert.deepEqual(
      [failedJob.state, failedJob.numberRecordsProcessed, failedJob.numberRecordsFailed],
      ['Failed', 1000, 0],
    );

    org.faults.clear();
    const rerun = await channelkit(reassignArgs(journal), env);
    assert.equal(rerun.code, 0, rerun.stdout + rerun.stderr);
    const result = resultOf(rerun.stdout);
    assert.equal(result.resumed, true);
    assert.deepEqual(result.applied, { succeeded: changes.size, failed: 0, overridden: 0 });

    // Two jobs: the failed one's 1,000 rows were kept, only the rest went again.
    const jobs = await ingestJobs(org);
    assert.deepEqual(
      jobs.map((j) => [j.state, j.numberRecordsProcessed]),
      [
        ['Failed', 1000],
        ['JobComplete', changes.size - 1000],
      ],
    );
    const entry = jobEntries(journal).find((j) => j.jobId === failedJob.id && j.state === 'done');
    assert.equal(entry?.unprocessed?.rows, changes.size - 1000);
    const now = await owners(org);
    for (const [id, [, to]] of changes) assert.equal(now.get(id), to, id);
    assert.equal(csvRows(result.successFile!).length, changes.size);
    assert.equal(existsSync(entry!.unprocessed!.file), false, 'the rest file is cleaned up');

    const undo = await channelkit(['leads', 'undo', '-o', 'local', '--journal', journal], env);
    assert.equal(undo.code, 0, undo.stdout + undo.stderr);
    assert.deepEqual(await owners(org), before, 'undo restores every owner');
  });

  it('a job created and uploaded but never closed: the rerun aborts it and sends its rows in a new job', async () => {
    const { org, env } = await loggedIn({
      seed: 'leads=2500',
      faults: ['5xx=PATCH:/services/data/*/jobs/ingest/*:1'],
    });
    const journal = join(dir, 'open-job.jsonl');
    const stopped = await channelkit(reassignArgs(journal), env);
    assert.notEqual(stopped.code, 0, 'closing the job failed');
    const changes = plannedChanges(journal);
    const [open] = await ingestJobs(org);
    assert.equal(open.state, 'Open');
    assert.deepEqual(
      jobEntries(journal).map((j) => [j.jobId, j.state]),
      [[open.id, 'created']],
    );

    org.faults.clear();
    const rerun = await channelkit(reassignArgs(journal), env);
    assert.equal(rerun.code, 0, rerun.stdout + rerun.stderr);
    const result = resultOf(rerun.stdout);
    assert.equal(result.resumed, true);
    assert.deepEqual(result.applied, { succeeded: changes.size, failed: 0, overridden: 0 });
    const jobs = await ingestJobs(org);
    assert.deepEqual(
      jobs.map((j) => [j.id === open.id, j.state, j.numberRecordsProcessed]),
      [
        [true, 'Aborted', 0],
        [false, 'JobComplete', changes.size],
      ],
    );
    const now = await owners(org);
    for (const [id, [, to]] of changes) assert.equal(now.get(id), to, id);
  });
});
