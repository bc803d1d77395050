/**
 * The stages of `leads reassign` and `leads undo` that need no org, on in-memory inputs and temp
 * files: the plan written from a selection (and taken back when the selection is refused), the
 * summary a person reads before saying yes, the result files and the outcome a run reports
 * (failures, OVERRIDDEN, partial plans, exit codes), which leads undo selects from a run's
 * journal, and when a run goes through Bulk API 2.0.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CliError, EXIT_OK, EXIT_PARTIAL } from '../../scripts/cli/errors.ts';
import type { ReassignRequest } from '../../scripts/leads/flags.ts';
import { Journal, JOURNAL_VERSION } from '../../scripts/leads/journal.ts';
import type { JournalEntry } from '../../scripts/leads/journal.ts';
import type { OwnerFacts } from '../../scripts/leads/owners.ts';
import type { OwnerPlanSummary, PlanSummary, SelectedLead } from '../../scripts/leads/plan.ts';
import { BULK_THRESHOLD, canStream, usesBulk } from '../../scripts/leads/stages/apply.ts';
import { baseOf } from '../../scripts/leads/stages/context.ts';
import {
  confirmationModeOf,
  confirmPlan,
  ownersFlag,
  planLeads,
  planModeOf,
} from '../../scripts/leads/stages/plan.ts';
import {
  alreadyFinished,
  alreadyUndone,
  renderRuleSummary,
  renderSummary,
  reportRun,
  reportUndo,
  unapplied,
  writeResultFiles,
  writeSuccesses,
} from '../../scripts/leads/stages/report.ts';
import { selectChangedByRun } from '../../scripts/leads/stages/select.ts';
import { capturedOutput } from '../support/inProcessLeads.ts';

const dir = mkdtempSync(join(tmpdir(), 'leads-stages-'));
let n = 0;
const fresh = (ext: string) => join(dir, `f${(n += 1)}${ext}`);

const lead = (i: number) => `00Q${String(i).padStart(12, '0')}AAA`;
const EMEA = '00G000000000003EAA';
const APAC = '00G000000000004EAA';
const MAYA = '005000000000002AAA';
const ORG = '00D000000000001EAA';

const queue = (id: string, name: string, extra: Partial<OwnerFacts> = {}): OwnerFacts => ({
  id,
  kind: 'Queue',
  name,
  given: name,
  partnerAccountId: null,
  weight: 1,
  cap: null,
  load: 0,
  eligibility: { supportsLead: true },
  ...extra,
});

const request = (method: ReassignRequest['method']): ReassignRequest => ({
  selection: { ids: 'x.csv' },
  method,
  owners: ['EMEA Partner Pool'],
  weights: null,
  cap: null,
  cursor: 0,
  strict: false,
  api: 'auto',
});

async function* batches(...groups: SelectedLead[][]): AsyncIterable<SelectedLead[]> {
  for (const group of groups) yield group;
}

const csv = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));

const ownerRow = (over: Partial<OwnerPlanSummary>): OwnerPlanSummary => ({
  ownerId: EMEA,
  kind: 'Queue',
  name: 'EMEA Partner Pool',
  eligible: true,
  reasons: [],
  warnings: [],
  weight: 1,
  cap: null,
  loadBefore: 3,
  assigned: 4,
  unchanged: 1,
  loadAfter: 7,
  changing: 4,
  ...over,
});

const summaryOf = (over: Partial<PlanSummary> = {}): PlanSummary => ({
  method: 'direct',
  leads: 6,
  toChange: 4,
  unchanged: 1,
  unplaced: {},
  owners: [ownerRow({})],
  nextCursor: null,
  ...over,
});

describe('plan: the plan file from a selection', () => {
  it('plans each lead, marks the ones that keep their owner, and sums up per owner', async () => {
    const plan = join(dir, 'made', 'deep', 'plan.csv');
    const pool = [queue(EMEA, 'EMEA Partner Pool', { load: 2 }), queue(APAC, 'APAC Partner Pool')];
    const mode = planModeOf({ ...request('roundRobin'), cursor: 1 }, pool);
    assert.deepEqual(mode, { method: 'roundRobin', pool, cursor: 1, strictEligibility: false });
    const selected: (boolean | null)[] = [];
    const summary = await planLeads(
      mode,
      plan,
      async (planned) => {
        selected.push(planned === null);
        return batches(
          [
            { id: lead(1), ownerId: MAYA },
            { id: lead(2), ownerId: MAYA },
          ],
          [{ id: lead(3), ownerId: APAC }],
        );
      },
      null,
      null,
    );
    assert.deepEqual(selected, [true], 'a new plan selects everything');
    assert.deepEqual(csv(plan), [
      ['Id', 'OldOwnerId', 'NewOwnerId', 'Reason'],
      [lead(1), MAYA, APAC, 'ROUND_ROBIN'],
      [lead(2), MAYA, EMEA, 'ROUND_ROBIN'],
      [lead(3), APAC, APAC, 'UNCHANGED'],
    ]);
    assert.equal(summary.leads, 3);
    assert.equal(summary.toChange, 2);
    assert.equal(summary.unchanged, 1);
    assert.deepEqual(
      summary.owners.map((o) => [o.name, o.loadBefore, o.changing, o.loadAfter]),
      [
        ['EMEA Partner Pool', 2, 1, 3],
        ['APAC Partner Pool', 0, 1, 1],
      ],
    );
    assert.equal(summary.nextCursor, 0, 'the turn after the third lead');
  });

  it('a rule run plans every lead for the rule, with its current owner', async () => {
    const plan = fresh('.csv');
    const summary = await planLeads(
      planModeOf(request('assignmentRule'), []),
      plan,
      async () => batches([{ id: lead(1), ownerId: MAYA }]),
      null,
      { id: '01Q000000000001EAA', name: 'Channel Lead Routing', active: true },
    );
    assert.equal(planModeOf(request('assignmentRule'), []), 'assignmentRule');
    assert.deepEqual(csv(plan).slice(1), [[lead(1), MAYA, '', 'ASSIGNMENT_RULE']]);
    assert.deepEqual([summary.leads, summary.toChange], [1, 1]);
  });

  it('a refused selection leaves no plan and no folder made for it; one it found stays', async () => {
    const base = fresh('');
    mkdirSync(base);
    const plan = join(base, 'a', 'b', 'plan.csv');
    const refusal = new CliError('BadIdsFile', 'row 2 is not a lead');
    await assert.rejects(
      planLeads(
        planModeOf(request('direct'), [queue(EMEA, 'EMEA')]),
        plan,
        async () => {
          throw refusal;
        },
        null,
        null,
      ),
      (error) => error === refusal,
    );
    assert.equal(existsSync(join(base, 'a')), false, 'the folders it made are gone');
    assert.equal(existsSync(base), true, 'the folder that was there stays');

    // Refused part-way (the selection fails after its first batch): the half plan goes too.
    const plan2 = join(base, 'plan2.csv');
    writeFileSync(`${plan2}.selection`, 'spool');
    await assert.rejects(
      planLeads(
        planModeOf(request('direct'), [queue(EMEA, 'EMEA')]),
        plan2,
        async () =>
          (async function* () {
            yield [{ id: lead(1), ownerId: MAYA }];
            throw refusal;
          })(),
        null,
        null,
      ),
      (error) => error === refusal,
    );
    assert.equal(existsSync(plan2), false, 'no half-written plan');
    assert.equal(existsSync(`${plan2}.selection`), false, 'the selection spool is removed');
  });

  it('the owners flag a run names, and whether it can go through Bulk API 2.0', () => {
    assert.equal(ownersFlag(request('direct')), '--to');
    assert.equal(ownersFlag(request('leastLoaded')), '--least-loaded');
    assert.equal(ownersFlag(request('roundRobin')), '--round-robin');
    assert.equal(ownersFlag(request('weighted')), '--round-robin');
    assert.equal(
      usesBulk('auto', false, BULK_THRESHOLD),
      false,
      'up to the threshold: Collections',
    );
    assert.equal(usesBulk('auto', false, BULK_THRESHOLD + 1), true);
    assert.equal(usesBulk('bulk', false, 1), true);
    assert.equal(usesBulk('collections', false, 1_000_000), false);
    assert.equal(usesBulk('bulk', true, 1_000_000), false, '--notify has its endpoint');
    assert.equal(canStream('auto', false), true);
    assert.equal(canStream('bulk', false), true);
    assert.equal(canStream('collections', false), false);
    assert.equal(canStream('auto', true), false);
    assert.equal(baseOf('/x/run.jsonl'), '/x/run');
    assert.equal(baseOf('/x/run.jsonl.bak'), '/x/run.jsonl.bak');
  });

  it('goes ahead without asking under --yes or --json, and says so when nobody was asked', async () => {
    const yes = capturedOutput();
    assert.equal(confirmationModeOf({ yes: true }, yes.output), 'yesFlag');
    const json = capturedOutput(true);
    assert.equal(confirmationModeOf({}, json.output), 'json');
    assert.equal(await confirmPlan('yesFlag', yes.output, summaryOf(), null), 'yesFlag');
    assert.equal(yes.stderr(), '', 'an explicit --yes needs no warning');
    const script = capturedOutput();
    assert.equal(await confirmPlan('notTerminal', script.output, summaryOf(), null), 'notTerminal');
    assert.match(script.stderr(), /^Warning: Not a terminal: applying without confirmation/);
  });
});

describe('report: what a person reads', () => {
  it('the plan summary: a row per owner, eligibility with its warnings or reasons, the counts', () => {
    const text = renderSummary(
      summaryOf({
        method: 'roundRobin',
        leads: 9,
        toChange: 4,
        unchanged: 1,
        unplaced: { ALL_OWNERS_AT_CAPACITY: 3, NO_ELIGIBLE_OWNER: 1 },
        owners: [
          ownerRow({ warnings: ['NEVER_LOGGED_IN'], kind: 'User', name: null, ownerId: MAYA }),
          ownerRow({ eligible: false, reasons: ['AT_CAPACITY', 'ZERO_WEIGHT'], loadBefore: 12 }),
          ownerRow({ name: 'APAC Partner Pool', ownerId: APAC }),
        ],
        nextCursor: 2,
      }),
    );
    const lines = text.split('\n');
    assert.match(lines[0], /^Owner +Kind +Eligible +Open leads +Planned +Changing +After$/);
    assert.deepEqual(lines[2].split(/ {2,}/), [
      MAYA,
      'User',
      'yes (NEVER_LOGGED_IN)',
      '3',
      '5',
      '4',
      '7',
    ]);
    assert.deepEqual(lines[3].split(/ {2,}/), [
      'EMEA Partner Pool',
      'Queue',
      'no (AT_CAPACITY, ZERO_WEIGHT)',
      '12',
      '5',
      '4',
      '7',
    ]);
    assert.deepEqual(lines[4].split(/ {2,}/), [
      'APAC Partner Pool',
      'Queue',
      'yes',
      '3',
      '5',
      '4',
      '7',
    ]);
    assert.equal(lines[5], '');
    assert.equal(
      lines[6],
      '9 leads: 4 to change, 1 already with their planned owner, 3 not placed: ALL_OWNERS_AT_CAPACITY (Every owner in the pool is at its cap.), 1 not placed: NO_ELIGIBLE_OWNER (No eligible owner in the pool.).',
    );
    assert.equal(
      lines[7],
      'Next round-robin cursor: 2 (pass --cursor 2 to continue the rotation).',
    );
    assert.equal(lines.length, 8);
    const plain = renderSummary(summaryOf()).split('\n');
    assert.equal(plain.at(-1), '6 leads: 4 to change, 1 already with their planned owner.');
    assert.equal(
      renderSummary(summaryOf({ nextCursor: 0 }))
        .split('\n')
        .at(-1)!
        .startsWith('Next'),
      true,
    );
  });

  it('a rule run: the leads and the rule, inactive or not', () => {
    const summary = summaryOf({ leads: 12 });
    assert.equal(
      renderRuleSummary(summary, { id: '01Q000000000002EAA', name: 'Round Robin', active: false }),
      '12 leads to run through the assignment rule "Round Robin" (01Q000000000002EAA, inactive); their new owners are known once it has run.',
    );
    assert.equal(
      renderRuleSummary(summary, { id: '01Q000000000001EAA', name: 'Channel', active: true }),
      '12 leads to run through the assignment rule "Channel" (01Q000000000001EAA); their new owners are known once it has run.',
    );
  });

  it('a run that changed nothing reports its plan and no journal', () => {
    const summary = summaryOf();
    assert.deepEqual(unapplied('/p.csv', summary, 5, 'answeredNo', EXIT_PARTIAL), {
      result: {
        journal: null,
        plan: '/p.csv',
        summary,
        applied: null,
        successFile: null,
        errorFile: null,
        apiCalls: 5,
        resumed: false,
        confirmation: 'answeredNo',
      },
      exitCode: EXIT_PARTIAL,
    });
  });
});

describe('report: result files and the outcome of a run', () => {
  const planFile = () => {
    const path = fresh('.plan.csv');
    writeFileSync(
      path,
      [
        'Id,OldOwnerId,NewOwnerId,Reason',
        `${lead(1)},${MAYA},${EMEA},DIRECT`,
        `${lead(2)},${MAYA},${EMEA},DIRECT`,
        `${lead(3)},${EMEA},${EMEA},UNCHANGED`,
        `${lead(4)},${MAYA},,NO_ELIGIBLE_OWNER`,
        `${lead(5)},${MAYA},${EMEA},DIRECT`,
        '',
      ].join('\n'),
    );
    return path;
  };

  it('the success file holds every planned change not refused (matched on 15 characters)', async () => {
    const success = fresh('.csv');
    await writeSuccesses(planFile(), success, new Set([lead(2).slice(0, 15)]));
    assert.deepEqual(csv(success), [
      ['Id', 'OwnerId', 'Status'],
      [lead(1), EMEA, 'Item Updated'],
      [lead(5), EMEA, 'Item Updated'],
    ]);
  });

  it('the error file holds failures then OVERRIDDEN leads; neither is a success', async () => {
    const files = { plan: planFile(), success: fresh('.csv'), error: fresh('.csv') };
    await writeResultFiles(
      files,
      {
        succeeded: 2,
        failed: [{ id: lead(1), ownerId: EMEA, error: 'UNABLE_TO_LOCK_ROW:busy:--' }],
      },
      [{ id: lead(5), planned: EMEA, actual: APAC }],
      false,
    );
    assert.deepEqual(readFileSync(files.error, 'utf8').trim().split('\n'), [
      'Id,OwnerId,Error',
      `${lead(1)},${EMEA},UNABLE_TO_LOCK_ROW:busy:--`,
      `${lead(5)},${EMEA},"OVERRIDDEN:the owner is now ${APAC} (an assignment rule, trigger or flow changed it after the update):OwnerId --"`,
    ]);
    assert.deepEqual(csv(files.success).slice(1), [[lead(2), EMEA, 'Item Updated']]);

    // When verify wrote the success file already, it is left alone.
    const kept = { ...files, success: fresh('.csv'), error: fresh('.csv') };
    writeFileSync(kept.success, 'written by the jobs\n');
    await writeResultFiles(kept, { succeeded: 3, failed: [] }, [], true);
    assert.equal(readFileSync(kept.success, 'utf8'), 'written by the jobs\n');
    assert.equal(readFileSync(kept.error, 'utf8'), 'Id,OwnerId,Error\n');
  });

  const journalWith = (...entries: JournalEntry[]) => {
    const journal = Journal.create(fresh('.jsonl'), {
      type: 'start',
      version: JOURNAL_VERSION,
      phase: 'reassign',
      createdAt: '2026-01-10T19:31:08.000Z',
      orgId: ORG,
      username: 'cm@example.com',
      request: {},
      plan: '/p.csv',
    });
    for (const e of entries) journal.append(e);
    return journal;
  };
  const finished = (
    phase: 'reassign' | 'undo',
    succeeded: number,
    failed: number,
  ): JournalEntry => ({
    type: 'finished',
    phase,
    at: `${phase}-time`,
    succeeded,
    failed,
  });

  it('reports an applied run: counts, where the failures are, how to undo, partial or not', () => {
    const journal = journalWith();
    const base = {
      journal,
      targetOrg: 'prod',
      planPath: '/p.csv',
      summary: summaryOf(),
      applied: { succeeded: 4, failed: [] },
      overridden: [],
      ruleOutcome: null,
      files: { success: '/s.csv', error: '/e.csv' },
      apiCalls: 9,
      resumed: false,
      confirmation: 'yesFlag' as const,
    };
    const clean = capturedOutput();
    const ok = reportRun(clean.output, base);
    assert.equal(ok.exitCode, EXIT_OK);
    assert.equal(
      clean.stdout(),
      `Done: 4 leads reassigned, 0 failed.\nUndo with: channelkit leads undo -o prod --journal ${journal.path}\n`,
    );
    assert.deepEqual(ok.result, {
      journal: journal.path,
      plan: '/p.csv',
      summary: base.summary,
      applied: { succeeded: 4, failed: 0, overridden: 0 },
      successFile: '/s.csv',
      errorFile: '/e.csv',
      apiCalls: 9,
      resumed: false,
      confirmation: 'yesFlag',
    });

    const failed = capturedOutput();
    const partial = reportRun(failed.output, {
      ...base,
      applied: { succeeded: 3, failed: [{ id: lead(1), ownerId: EMEA, error: 'x' }] },
    });
    assert.equal(partial.exitCode, EXIT_PARTIAL);
    assert.deepEqual(partial.result.applied, { succeeded: 3, failed: 1, overridden: 0 });
    assert.match(failed.stdout(), /^Done: 3 leads reassigned, 1 failed\.\nFailures: \/e\.csv\n/);

    const moved = capturedOutput();
    const overridden = reportRun(moved.output, {
      ...base,
      overridden: [{ id: lead(1), planned: EMEA, actual: APAC }],
    });
    assert.equal(overridden.exitCode, EXIT_PARTIAL);
    assert.equal(overridden.result.applied!.overridden, 1);
    assert.match(
      moved.stdout(),
      /^Done: 4 leads reassigned, 0 failed, 1 overridden after the update\.\nFailures: \/e\.csv\n/,
    );

    // A plan that could not place every lead is partial even when everything planned landed.
    const unplaced = reportRun(capturedOutput().output, {
      ...base,
      summary: summaryOf({ unplaced: { NO_ELIGIBLE_OWNER: 2 } }),
    });
    assert.equal(unplaced.exitCode, EXIT_PARTIAL);
    assert.equal(reportRun(capturedOutput().output, { ...base, summary: null }).exitCode, EXIT_OK);

    const rule = capturedOutput();
    const ruled = reportRun(rule.output, {
      ...base,
      ruleOutcome: { moved: 3, kept: 1 },
      resumed: true,
    });
    assert.equal(ruled.exitCode, EXIT_OK);
    assert.deepEqual(ruled.result.applied, {
      succeeded: 4,
      failed: 0,
      overridden: 0,
      movedByRule: 3,
      keptByRule: 1,
    });
    assert.equal(ruled.result.resumed, true);
    assert.match(
      rule.stdout(),
      /^Done: 4 leads ran through the assignment rule: 3 got a new owner, 1 kept theirs; 0 failed\.\n/,
    );
    journal.close();
  });

  it('a rerun of a finished run reports what it did, and the undo when there was one', () => {
    const done = journalWith(finished('reassign', 7, 0));
    const out = capturedOutput();
    const again = alreadyFinished(out.output, done, 2);
    assert.equal(
      out.stdout(),
      'This run already finished at reassign-time: 7 leads reassigned, 0 failed. Nothing to do.\n',
    );
    assert.deepEqual(again, {
      result: {
        journal: done.path,
        plan: '/p.csv',
        summary: null,
        applied: { succeeded: 7, failed: 0, overridden: 0 },
        successFile: null,
        errorFile: null,
        apiCalls: 2,
        resumed: true,
        confirmation: null,
      },
      exitCode: EXIT_OK,
    });
    const undone = journalWith(finished('reassign', 5, 2), finished('undo', 5, 0));
    const told = capturedOutput();
    assert.equal(alreadyFinished(told.output, undone, 0).exitCode, EXIT_PARTIAL);
    assert.equal(
      told.stdout(),
      'This run already finished at reassign-time: 5 leads reassigned, 2 failed. It was undone at undo-time. Nothing to do.\n',
    );

    const again2 = capturedOutput();
    assert.deepEqual(alreadyUndone(again2.output, undone, '/u.csv'), {
      result: {
        journal: undone.path,
        undoPlan: '/u.csv',
        restored: 5,
        alreadyRestored: 0,
        movedSince: [],
        failed: [],
      },
      exitCode: EXIT_OK,
    });
    assert.equal(
      again2.stdout(),
      'This run was already undone at undo-time: 5 leads restored. Nothing to do.\n',
    );
    const partly = journalWith(finished('reassign', 5, 0), finished('undo', 4, 1));
    assert.equal(alreadyUndone(capturedOutput().output, partly, '/u.csv').exitCode, EXIT_PARTIAL);
    for (const j of [done, undone, partly]) j.close();
  });

  it('an undo reports what it restored, what failed and what was moved since; either is partial', () => {
    const journal = journalWith(finished('reassign', 5, 0));
    const out = capturedOutput();
    const clean = reportUndo(out.output, journal, '/u.csv', { succeeded: 5, failed: [] }, 1, []);
    assert.equal(clean.exitCode, EXIT_OK);
    assert.deepEqual(clean.result, {
      journal: journal.path,
      undoPlan: '/u.csv',
      restored: 5,
      alreadyRestored: 1,
      movedSince: [],
      failed: [],
    });
    assert.equal(
      out.stdout(),
      'Undo: 5 leads have their old owner back, 0 failed, 0 moved since the run and left alone.\n',
    );
    const failure = { id: lead(1), ownerId: MAYA, error: 'x' };
    const failedOut = capturedOutput();
    const failed = reportUndo(
      failedOut.output,
      journal,
      '/u.csv',
      { succeeded: 4, failed: [failure] },
      0,
      [],
    );
    assert.equal(failed.exitCode, EXIT_PARTIAL);
    assert.deepEqual(failed.result.failed, [failure]);
    assert.match(failedOut.stdout(), /4 leads have their old owner back, 1 failed, 0 moved/);
    const moved = reportUndo(
      capturedOutput().output,
      journal,
      '/u.csv',
      { succeeded: 4, failed: [] },
      0,
      [{ id: lead(2), owner: APAC }],
    );
    assert.equal(moved.exitCode, EXIT_PARTIAL);
    journal.close();
  });
});

describe('select: the leads undo puts back, from a run journal', () => {
  const plan = () => {
    const path = fresh('.plan.csv');
    writeFileSync(
      path,
      [
        'Id,OldOwnerId,NewOwnerId,Reason',
        `${lead(1)},${MAYA},${EMEA},DIRECT`,
        `${lead(2)},${MAYA},${EMEA},DIRECT`,
        `${lead(3)},${EMEA},${EMEA},UNCHANGED`,
        `${lead(4)},${MAYA},,NO_ELIGIBLE_OWNER`,
        `${lead(5)},${APAC},${EMEA},DIRECT`,
        '',
      ].join('\n'),
    );
    return path;
  };
  const journalOf = (
    request: Record<string, unknown>,
    planPath: string,
    entries: JournalEntry[],
  ) => {
    const journal = Journal.create(fresh('.jsonl'), {
      type: 'start',
      version: JOURNAL_VERSION,
      phase: 'reassign',
      createdAt: 'x',
      orgId: ORG,
      username: 'u',
      request,
      plan: planPath,
    });
    for (const e of entries) journal.append(e);
    return journal;
  };
  const all = async (journal: Journal) => {
    const out = [];
    for await (const c of selectChangedByRun(journal)()) out.push(c);
    return out;
  };

  it('a Collections run: only the rows its batches saved, with the owner set (Ids on 15 characters)', async () => {
    const journal = journalOf({ method: 'direct' }, plan(), [
      {
        type: 'batch',
        phase: 'reassign',
        index: 0,
        state: 'started',
        ids: [lead(1), lead(2), lead(5)],
      },
      {
        type: 'batch',
        phase: 'reassign',
        index: 0,
        state: 'done',
        succeeded: [
          [lead(1).slice(0, 15), EMEA],
          [lead(5), EMEA],
        ],
        failed: [[lead(2), EMEA, 'UNABLE_TO_LOCK_ROW']],
      },
      // An undo batch of another phase says nothing about what the run changed.
      {
        type: 'batch',
        phase: 'undo',
        index: 0,
        state: 'done',
        succeeded: [[lead(2), EMEA]],
        failed: [],
      },
    ]);
    const expected = [
      { id: lead(1), from: MAYA, to: EMEA },
      { id: lead(5), from: APAC, to: EMEA },
    ];
    assert.deepEqual(await all(journal), expected);
    assert.deepEqual(await all(journal), expected, 'each call reads them again');
    journal.close();
  });

  it('a batch that started and never finished saved nothing undo can vouch for', async () => {
    const journal = journalOf({ method: 'direct' }, plan(), [
      { type: 'batch', phase: 'reassign', index: 0, state: 'started', ids: [lead(1)] },
    ]);
    assert.deepEqual(await all(journal), []);
    journal.close();
  });

  it('a Bulk run: every planned change is a candidate', async () => {
    const journal = journalOf({ method: 'direct' }, plan(), [
      { type: 'chunks', phase: 'reassign', chunks: [{ file: 'c1.csv', rows: 3 }] },
    ]);
    assert.deepEqual(await all(journal), [
      { id: lead(1), from: MAYA, to: EMEA },
      { id: lead(2), from: MAYA, to: EMEA },
      { id: lead(5), from: APAC, to: EMEA },
    ]);
    journal.close();
  });

  it('a rule run: the leads its read-back says the rule moved; none before the read-back', async () => {
    const owners = fresh('.owners.csv');
    writeFileSync(owners, `Id,OldOwnerId,NewOwnerId\n${lead(1)},${MAYA},${APAC}\n`);
    const journal = journalOf({ method: 'assignmentRule' }, plan(), [
      { type: 'owners', phase: 'reassign', file: owners, moved: 1, kept: 0 },
    ]);
    assert.deepEqual(await all(journal), [{ id: lead(1), from: MAYA, to: APAC }]);
    journal.close();
    const early = journalOf({ method: 'assignmentRule' }, plan(), []);
    assert.throws(
      () => selectChangedByRun(early),
      (error: CliError) =>
        error.code === 'RunNotFinished' &&
        /has not read the new owners back yet/.test(error.message),
    );
    early.close();
  });
});
