/**
 * The plan and apply stages of a run that applies while it plans (StreamedApply), called in this
 * process against a local org whose Bulk API processes 20 rows a second, so a job is still with
 * the org while the next leads are planned: the first chunk goes early, the next waits to grow
 * (JOB_GROWTH times the largest, capped at the job size), each is journaled with the part of the
 * plan it covers, and a run stopped while planning resumes from its journal, planning only the
 * leads it had not reached.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LeadIdSet } from '../../lib/routing/leadRouting.ts';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { connectTargetOrg } from '../../scripts/cli/connect.ts';
import { CliError } from '../../scripts/cli/errors.ts';
import { parseReassignFlags } from '../../scripts/leads/flags.ts';
import { Journal } from '../../scripts/leads/journal.ts';
import type { JournalEntry } from '../../scripts/leads/journal.ts';
import type { OwnerFacts } from '../../scripts/leads/owners.ts';
import type { SelectedLead } from '../../scripts/leads/plan.ts';
import { StreamedApply } from '../../scripts/leads/stages/apply.ts';
import type { RunContext } from '../../scripts/leads/stages/context.ts';
import { startJournal } from '../../scripts/leads/stages/journal.ts';
import { planLeads, planModeOf } from '../../scripts/leads/stages/plan.ts';
import { selectLeads } from '../../scripts/leads/stages/select.ts';
import { capturedOutput, loginInProcess } from '../support/inProcessLeads.ts';
import { startTestOrg } from '../support/org.ts';
import { api, queryAll } from '../support/query.ts';

const dir = mkdtempSync(join(tmpdir(), 'streamed-apply-'));
let org: RunningLocalOrg;
let ctx: RunContext;
let out: ReturnType<typeof capturedOutput>;
let emea: OwnerFacts;
let leads: SelectedLead[];
let offset = 0;

before(async () => {
  org = await startTestOrg({ seed: 'leads=300', bulk: { recordsPerSecond: 20 } });
  await loginInProcess({ local: org });
  out = capturedOutput();
  ctx = {
    conn: await connectTargetOrg('local'),
    output: out.output,
    targetOrg: 'local',
    countCall: () => undefined,
  };
  const [queue] = await queryAll(org, "SELECT Id FROM Group WHERE Name = 'EMEA Partner Pool'");
  emea = {
    id: queue.Id,
    kind: 'Queue',
    name: 'EMEA Partner Pool',
    given: 'EMEA Partner Pool',
    partnerAccountId: null,
    eligibility: { supportsLead: true },
  };
  leads = (
    await queryAll(
      org,
      `SELECT Id, OwnerId FROM Lead WHERE IsConverted = false AND OwnerId != '${queue.Id}' ORDER BY Id LIMIT 80`,
    )
  ).map((r) => ({ id: r.Id, ownerId: r.OwnerId }));
  process.env.CHANNELKIT_ROWS_PER_JOB = '20';
  process.env.CHANNELKIT_FIRST_JOB_ROWS = '4';
});
after(async () => {
  delete process.env.CHANNELKIT_ROWS_PER_JOB;
  delete process.env.CHANNELKIT_FIRST_JOB_ROWS;
  await org.close();
});

const take = (n: number) => {
  const some = leads.slice(offset, offset + n);
  offset += n;
  return some;
};
async function* inBatches(some: SelectedLead[], size: number, failAfter = Infinity) {
  for (let i = 0; i < some.length; i += size) {
    if (i >= failAfter) throw new CliError('BulkQueryFailed', 'the selection stopped');
    yield some.slice(i, i + size);
  }
}
const entries = (path: string) =>
  readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as JournalEntry);
const ownersOf = async (some: SelectedLead[]) =>
  (
    await queryAll(
      org,
      `SELECT OwnerId FROM Lead WHERE Id IN ('${some.map((l) => l.id).join("','")}')`,
    )
  ).map((r) => r.OwnerId);
const request = parseReassignFlags({ ids: 'x.csv', to: 'EMEA Partner Pool', api: 'bulk' });
const streamed = (journalPath: string, planPath: string, resumed?: Journal) =>
  new StreamedApply(
    ctx,
    {
      api: 'bulk',
      start: () =>
        startJournal(journalPath, ctx.conn, org.orgId, request, planPath, {
          pool: [emea],
          closedStatuses: null,
        }),
    },
    resumed,
  );

describe('applying while planning (StreamedApply), in process', () => {
  it('sends the first chunk early, then chunks that grow up to the job size, each journaled with its plan', async () => {
    const some = take(40);
    const journalPath = join(dir, 'grow.jsonl');
    const planPath = join(dir, 'grow.plan.csv');
    const stream = streamed(journalPath, planPath);
    assert.equal(stream.started, null, 'nothing is sent before the first change');
    const summary = await planLeads(
      planModeOf(request, [emea]),
      planPath,
      async () => inBatches(some, 3),
      stream,
      null,
    );
    assert.equal(summary.toChange, 40);
    const journal = stream.started!;
    assert.equal(journal.path, journalPath);
    const applied = await stream.finish(summary.toChange);
    journal.close();
    assert.deepEqual(applied, { succeeded: 40, failed: [] });

    const log = entries(journalPath);
    // Two batches (6 rows) make the first chunk, sent while the org has none of the run's jobs;
    // with that job at the org the next waits for JOB_GROWTH x 6, capped at the job size (20);
    // the last holds what the selection had left.
    const chunks = log.filter((e) => e.type === 'chunk');
    assert.deepEqual(
      chunks.map((c) => [c.rows, c.plan.rows]),
      [
        [6, 6],
        [20, 26],
        [14, 40],
      ],
    );
    const listed = log.find((e) => e.type === 'chunks');
    assert.deepEqual(listed?.type === 'chunks' && listed.chunks.map((c) => c.rows), [6, 20, 14]);
    const planned = log.find((e) => e.type === 'planned');
    assert.deepEqual(planned?.type === 'planned' && [planned.rows, planned.toChange], [40, 40]);
    assert.ok(
      chunks.every((c) => readFileSync(planPath).length >= c.plan.bytes),
      'the plan on disk covers every chunk',
    );
    assert.deepEqual(
      await ownersOf(some),
      some.map(() => emea.id),
    );
    assert.match(out.stderr(), /^ {2}Bulk API: 40 processed, 0 failed$/m);
  });

  it('a run stopped while planning resumes: its chunks are kept and only the leads not planned are planned', async () => {
    const some = take(30);
    const journalPath = join(dir, 'resume.jsonl');
    const planPath = join(dir, 'resume.plan.csv');
    const first = streamed(journalPath, planPath);
    // The selection fails after 4 batches (12 leads): the plan and the chunk sent stay.
    await assert.rejects(
      planLeads(
        planModeOf(request, [emea]),
        planPath,
        async () => inBatches(some, 3, 12),
        first,
        null,
      ),
      /the selection stopped/,
    );
    await first.abandon();
    first.started!.close();
    const before = entries(journalPath).filter((e) => e.type === 'chunk');
    assert.deepEqual(
      before.map((c) => c.rows),
      [6],
      'the first chunk went before the selection stopped',
    );
    assert.equal(
      entries(journalPath).some((e) => e.type === 'planned'),
      false,
    );

    // The rerun: an --ids file of all 30, of which the plan's first 6 rows are vouched for.
    const ids = join(dir, 'resume.csv');
    writeFileSync(ids, `Id\n${some.map((l) => l.id).join('\n')}\n`);
    const journal = Journal.open(journalPath);
    const resumed = streamed(journalPath, planPath, journal);
    assert.equal(resumed.started, journal, 'a resumed stream is sending already');
    const seen: (LeadIdSet | null)[] = [];
    const summary = await planLeads(
      planModeOf(request, [emea]),
      planPath,
      async (planned) => {
        seen.push(planned);
        return selectLeads(ctx, { ids }, null, null, planPath, planned);
      },
      resumed,
      null,
      before[0].type === 'chunk' ? before[0].plan : undefined,
    );
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.size, 6, 'the leads planned before the stop are left out');
    assert.equal(summary.leads, 30);
    const applied = await resumed.finish(summary.toChange);
    journal.close();
    assert.equal(applied.succeeded, 30);
    const planRows = readFileSync(planPath, 'utf8').trim().split('\n').slice(1);
    assert.equal(planRows.length, 30, 'each lead planned once');
    assert.equal(new Set(planRows.map((r) => r.split(',')[0])).size, 30);
    const log = entries(journalPath);
    const chunks = log.find((e) => e.type === 'chunks');
    assert.equal(
      chunks?.type === 'chunks' && chunks.chunks.reduce((n, c) => n + c.rows, 0),
      30,
      'the chunks hold every lead once',
    );
    assert.deepEqual(
      await ownersOf(some),
      some.map(() => emea.id),
    );
    // Every row went to the org once: the kept chunk was not sent again.
    const jobs = (await api(org, '/services/data/v62.0/jobs/ingest')).body as {
      records: { id: string }[];
    };
    let processed = 0;
    for (const job of jobs.records) {
      const info = (await api(org, `/services/data/v62.0/jobs/ingest/${job.id}`)).body as {
        numberRecordsProcessed: number;
      };
      processed += info.numberRecordsProcessed;
    }
    assert.equal(processed, 40 + 30, 'both runs together sent 70 rows, none twice');
  });
});
