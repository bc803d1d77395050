import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isPoll, RequestTally } from '../../localorg/http/requestTally.ts';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { JOB_GROWTH } from '../../scripts/leads/apply-bulk.ts';
import { channelkit, cliEnv, sfLogin } from '../support/cli.ts';
import { startTestOrg } from '../support/org.ts';

/**
 * The API calls of a Bulk run, endpoint by endpoint, counted by the org itself from its request
 * log. A smaller first job (CHANNELKIT_FIRST_JOB_ROWS) gives a 12,000-lead org the shape of a
 * million-lead run: the selection in one Bulk query and one result page, a few jobs that grow,
 * no result file read when no row failed, one REST query for overridden owners. Any call added
 * to that shape fails the test; only status polls may vary.
 */
describe('leads reassign: the API calls of a Bulk run', () => {
  const tally = new RequestTally();
  const env = { ...cliEnv(), CHANNELKIT_FIRST_JOB_ROWS: '1000' };
  const dir = mkdtempSync(join(tmpdir(), 'reassign-calls-'));
  let org: RunningLocalOrg;

  before(async () => {
    org = await startTestOrg({ seed: 'leads=12000', log: tally.log });
    await sfLogin(env, org.url, org.admin.accessToken, 'local');
  });
  after(() => org.close());

  it('makes 8 calls plus 3 a job, besides polls, and counts each of them; its undo as few', async () => {
    const journal = join(dir, 'run.jsonl');
    tally.reset();
    const run = await channelkit(
      [
        'leads',
        'reassign',
        '-o',
        'local',
        '--where',
        'Id != null',
        '--to',
        'EMEA Partner Pool',
        '--journal',
        journal,
        '--json',
      ],
      env,
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const doc = JSON.parse(run.stdout) as {
      result: { apiCalls: number; applied: { succeeded: number; failed: number } };
    };
    assert.equal(doc.result.applied.failed, 0);
    assert.ok(doc.result.applied.succeeded > 5000, `${doc.result.applied.succeeded} changed`);

    const entries = readFileSync(journal, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; chunks?: { rows: number }[] });
    const chunks = entries.find((e) => e.type === 'chunks')!.chunks!.map((c) => c.rows);
    // Each chunk sent while a job was with the org is JOB_GROWTH times the largest before it;
    // only the last, sent when the selection ended, may be smaller.
    for (let i = 1; i < chunks.length - 1; i += 1)
      assert.ok(chunks[i] >= JOB_GROWTH * chunks[i - 1], `chunk sizes ${chunks.join(', ')}`);
    const jobs = chunks.length;
    assert.ok(jobs >= 2 && jobs <= 3, `2 or 3 jobs, not ${jobs} (${chunks.join(', ')})`);

    const v = '/services/data/vXX';
    assert.deepEqual(tally.calls(), {
      [`DELETE ${v}/jobs/query/{id}`]: 1,
      [`GET ${v}/jobs/query/{id}/results`]: 1,
      // Closed statuses, the queue, the queue's Lead support, its open leads; overrides.
      [`GET ${v}/query`]: 5,
      [`PATCH ${v}/jobs/ingest/{id}`]: jobs,
      [`POST ${v}/jobs/ingest`]: jobs,
      [`POST ${v}/jobs/query`]: 1,
      [`PUT ${v}/jobs/ingest/{id}/batches`]: jobs,
    });
    const polls = tally.polls();
    assert.deepEqual(Object.keys(polls), [`GET ${v}/jobs/ingest/{id}`, `GET ${v}/jobs/query/{id}`]);
    assert.ok(polls[`GET ${v}/jobs/ingest/{id}`] >= jobs, 'each job polled until it ended');
    assert.equal(
      tally.total((e) => !isPoll(e)),
      8 + 3 * jobs,
    );
    // The run's own count, which it reports, is the org's.
    assert.equal(doc.result.apiCalls, tally.total());

    // Its undo: one Bulk query tells which leads still have the run's owner (no lookup of any
    // lead by Id), then jobs as the run's.
    tally.reset();
    const undo = await channelkit(['leads', 'undo', '-o', 'local', '--journal', journal], env);
    assert.equal(undo.code, 0, undo.stdout + undo.stderr);
    const undoChunks = readFileSync(journal, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; phase: string; chunks?: unknown[] })
      .find((e) => e.type === 'chunks' && e.phase === 'undo')!.chunks!.length;
    assert.deepEqual(tally.calls(), {
      [`DELETE ${v}/jobs/query/{id}`]: 1,
      [`GET ${v}/jobs/query/{id}/results`]: 1,
      [`PATCH ${v}/jobs/ingest/{id}`]: undoChunks,
      [`POST ${v}/jobs/ingest`]: undoChunks,
      [`POST ${v}/jobs/query`]: 1,
      [`PUT ${v}/jobs/ingest/{id}/batches`]: undoChunks,
    });
  });
});
