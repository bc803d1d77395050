/**
 * The journal of a `leads reassign` run as a file, without an org: what it refuses to open (a
 * damaged line before the last, a file that is not a journal), what it tolerates (a last line a
 * crash cut short), never overwriting one that exists, each entry on disk as it is appended, the
 * lookups resume and undo rely on, and the checks a resume and an undo make of it.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { CliError } from '../../scripts/cli/errors.ts';
import type { ReassignRequest } from '../../scripts/leads/flags.ts';
import { Journal, JOURNAL_VERSION } from '../../scripts/leads/journal.ts';
import type { JournalEntry, JournalStart } from '../../scripts/leads/journal.ts';
import {
  checkSomethingToUndo,
  checkUndoJournal,
  finishJournal,
  journalPathOf,
  planPathOf,
  recordPlanned,
  resumeJournal,
} from '../../scripts/leads/stages/journal.ts';
import type { PlanSummary } from '../../scripts/leads/plan.ts';

const dir = mkdtempSync(join(tmpdir(), 'journal-file-'));
let n = 0;
const fresh = () => join(dir, `run-${(n += 1)}.jsonl`);

const request: ReassignRequest = {
  selection: { where: "Country = 'Germany'" },
  method: 'direct',
  owners: ['EMEA Partner Pool'],
  weights: null,
  cap: null,
  cursor: 0,
  strict: false,
  api: 'auto',
};
const ORG = '00D000000000001EAA';

const start = (overrides: Partial<JournalStart> = {}): JournalStart => ({
  type: 'start',
  version: JOURNAL_VERSION,
  phase: 'reassign',
  createdAt: '2026-01-10T19:31:08.000Z',
  orgId: ORG,
  username: 'admin@channelkit.localorg',
  request: request as unknown as Record<string, unknown>,
  plan: join(dir, 'plan.csv'),
  ...overrides,
});

const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as JournalEntry);

/** The error a call refused with (name, message, hint): a CliError, never anything else. */
function refused(call: () => unknown): CliError {
  try {
    call();
  } catch (error) {
    assert.ok(error instanceof CliError, String(error));
    return error;
  }
  assert.fail('expected a refusal');
}

const planned: JournalEntry = {
  type: 'planned',
  phase: 'reassign',
  plan: 'plan.csv',
  rows: 3,
  toChange: 2,
};

describe('the journal file', () => {
  it('is created with its start line on disk, and each appended entry is a line at once', () => {
    const path = fresh();
    assert.equal(Journal.exists(path), false);
    const journal = Journal.create(path, start());
    assert.equal(Journal.exists(path), true);
    assert.deepEqual(lines(path), [start()]);
    journal.append(planned);
    assert.deepEqual(lines(path), [start(), planned], 'written before append returns');
    assert.deepEqual(journal.entries, [start(), planned]);
    assert.deepEqual(journal.start, start());
    assert.equal(journal.path, path);
    journal.close();
    assert.throws(() => journal.append(planned), /EBADF|bad file descriptor/i, 'closed');
  });

  it('never overwrites a journal that exists: JournalExists, the file untouched', () => {
    const path = fresh();
    writeFileSync(path, '{"type":"start","note":"another run"}\n');
    const error = refused(() => Journal.create(path, start()));
    assert.equal(error.code, 'JournalExists');
    assert.equal(error.exitCode, 2);
    assert.equal(error.message, `The journal ${path} already exists.`);
    assert.match(error.hint!, /Run the same command again to resume it, or pass a new --journal/);
    assert.equal(readFileSync(path, 'utf8'), '{"type":"start","note":"another run"}\n');
  });

  it('reopens with every entry, and appends after them', () => {
    const path = fresh();
    const first = Journal.create(path, start());
    first.append(planned);
    first.close();
    const again = Journal.open(path);
    assert.deepEqual(again.entries, [start(), planned]);
    again.append({ type: 'finished', phase: 'reassign', at: 'x', succeeded: 2, failed: 0 });
    again.close();
    assert.equal(lines(path).length, 3);
    assert.equal(lines(path)[2].type, 'finished');
  });

  it('tolerates a last line a crash cut short, and blank lines, and drops the cut line', () => {
    const path = fresh();
    const text = `${JSON.stringify(start())}\n\n${JSON.stringify(planned)}\n{"type":"finished","phase":"reas`;
    writeFileSync(path, text);
    const journal = Journal.open(path);
    assert.deepEqual(journal.entries, [start(), planned]);
    assert.equal(journal.find('finished', 'reassign'), undefined);
    // The next entry starts a line of its own: reopened, the journal has it and nothing damaged.
    const finished: JournalEntry = {
      type: 'finished',
      phase: 'reassign',
      at: 'x',
      succeeded: 2,
      failed: 0,
    };
    journal.append(finished);
    journal.close();
    assert.deepEqual(Journal.open(path).entries, [start(), planned, finished]);
    assert.equal(
      readFileSync(path, 'utf8'),
      `${text.slice(0, text.lastIndexOf('\n') + 1)}${JSON.stringify(finished)}\n`,
    );
  });

  it('takes a damaged last line as cut short even when its newline made it to disk', () => {
    const path = fresh();
    writeFileSync(path, `${JSON.stringify(start())}\n${JSON.stringify(planned)}\n{"type":"fin\n`);
    const journal = Journal.open(path);
    assert.deepEqual(journal.entries, [start(), planned]);
    journal.close();
  });

  it('refuses a damaged line before the last, naming the line: JournalDamaged', () => {
    const path = fresh();
    writeFileSync(
      path,
      [JSON.stringify(start()), 'not json {', JSON.stringify(planned), ''].join('\n'),
    );
    const error = refused(() => Journal.open(path));
    assert.equal(error.code, 'JournalDamaged');
    assert.equal(error.exitCode, 2);
    assert.equal(error.message, `Line 2 of the journal ${path} is not JSON.`);
    assert.match(error.hint!, /Restore the journal from a backup/);
  });

  it('refuses a damaged line just before a good last line', () => {
    const path = fresh();
    writeFileSync(
      path,
      [JSON.stringify(start()), JSON.stringify(planned), 'cut{', JSON.stringify(planned), ''].join(
        '\n',
      ),
    );
    assert.equal(
      refused(() => Journal.open(path)).message,
      `Line 3 of the journal ${path} is not JSON.`,
    );
  });

  it('refuses a file that is not a journal: no start line, another version, empty', () => {
    for (const text of [
      `${JSON.stringify(planned)}\n`,
      `${JSON.stringify({ ...planned, version: JOURNAL_VERSION })}\n`,
      `${JSON.stringify(start({ version: JOURNAL_VERSION + 1 }))}\n`,
      '',
    ]) {
      const path = fresh();
      writeFileSync(path, text);
      const error = refused(() => Journal.open(path));
      assert.equal(error.code, 'JournalDamaged', text);
      assert.equal(error.message, `${path} is not a channelkit journal (version 1).`);
      assert.match(error.hint!, /Pass the --journal file a reassign run printed/);
    }
  });

  it('refuses a journal it cannot read: JournalNotFound', () => {
    const path = join(dir, 'missing.jsonl');
    const error = refused(() => Journal.open(path));
    assert.equal(error.code, 'JournalNotFound');
    assert.equal(error.message, `Cannot read the journal ${path}.`);
    assert.equal(error.hint, 'Pass the --journal file a reassign run printed.');
    assert.equal(existsSync(path), false, 'nothing is created');
  });

  it('finds entries by type and phase, all of them in order, and the last state of each batch', () => {
    const path = fresh();
    const journal = Journal.create(path, start());
    const entries: JournalEntry[] = [
      { type: 'planned', phase: 'undo', plan: 'u.csv', rows: 1, toChange: 1 },
      planned,
      { type: 'batch', phase: 'reassign', index: 0, state: 'started', ids: ['a'] },
      { type: 'batch', phase: 'undo', index: 0, state: 'started', ids: ['u'] },
      { type: 'batch', phase: 'reassign', index: 1, state: 'started', ids: ['b'] },
      {
        type: 'batch',
        phase: 'reassign',
        index: 0,
        state: 'done',
        succeeded: [['a', 'o']],
        failed: [],
      },
      { type: 'job', phase: 'reassign', chunk: 'c1', jobId: 'j1', state: 'created', rows: 5 },
      { type: 'job', phase: 'undo', chunk: 'u1', jobId: 'j9', state: 'created', rows: 1 },
      { type: 'job', phase: 'reassign', chunk: 'c1', jobId: 'j1', state: 'done', rows: 5 },
    ];
    for (const e of entries) journal.append(e);
    assert.equal(journal.find('planned', 'reassign'), planned);
    assert.equal(journal.find('planned', 'undo'), entries[0]);
    assert.equal(journal.find('finished', 'reassign'), undefined);
    assert.deepEqual(
      journal.all('job', 'reassign').map((j) => j.state),
      ['created', 'done'],
    );
    assert.deepEqual(
      journal.all('job', 'undo').map((j) => j.jobId),
      ['j9'],
    );
    assert.deepEqual(journal.all('chunk', 'reassign'), []);
    const batches = journal.batches('reassign');
    assert.deepEqual([...batches.keys()], [0, 1]);
    assert.equal(batches.get(0)!.state, 'done', 'the last state of batch 0');
    assert.equal(batches.get(1)!.state, 'started');
    assert.deepEqual(
      [...journal.batches('undo').values()].map((b) => b.state),
      ['started'],
    );
    journal.close();
  });
});

describe('where a run keeps its journal and plan', () => {
  it('--journal as given (made absolute), none for --dry-run, else a stamped file in channelkit-runs/', () => {
    assert.equal(journalPathOf({ journal: 'runs/a.jsonl' }), resolve('runs/a.jsonl'));
    assert.equal(journalPathOf({ journal: 'a.jsonl', dryRun: true }), null);
    const path = journalPathOf({})!;
    assert.equal(path.startsWith(resolve('channelkit-runs')), true, path);
    assert.match(path, /\/channelkit-runs\/reassign-\d{8}-\d{6}\.jsonl$/);
    const stamp = /reassign-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(path)!.slice(1);
    const at = Date.UTC(+stamp[0], +stamp[1] - 1, +stamp[2], +stamp[3], +stamp[4], +stamp[5]);
    assert.ok(Math.abs(Date.now() - at) < 60_000, 'stamped with the time now (UTC)');
  });

  it('the plan: --plan, else beside the journal, else channelkit-plan.csv for a dry run', () => {
    assert.equal(planPathOf({ plan: 'p.csv' }, '/x/j.jsonl'), resolve('p.csv'));
    assert.equal(planPathOf({}, '/x/run.jsonl'), '/x/run.plan.csv');
    assert.equal(planPathOf({}, '/x/run.log'), '/x/run.log.plan.csv');
    assert.equal(planPathOf({}, '/x/a.jsonl.d/run.jsonl'), '/x/a.jsonl.d/run.plan.csv');
    assert.equal(planPathOf({}, null), resolve('channelkit-plan.csv'));
  });
});

describe('resuming and undoing: the checks of the journal', () => {
  const written = (entries: JournalEntry[], first = start()) => {
    const path = fresh();
    const journal = Journal.create(path, first);
    for (const e of entries) journal.append(e);
    journal.close();
    return path;
  };

  it('resumes only the same change on the same org: JournalMismatch otherwise', () => {
    const path = written([planned]);
    const resumed = resumeJournal(path, { ...request }, ORG);
    assert.deepEqual(resumed.entries, [start(), planned]);
    resumed.close();
    for (const [other, org] of [
      [{ ...request, owners: ['APAC Partner Pool'] }, ORG],
      [{ ...request, selection: { where: "Country = 'Germany'", includeClosed: true } }, ORG],
      [request, '00D0000Wh654JOyEEM'],
    ] as const) {
      const error = refused(() => resumeJournal(path, other as ReassignRequest, org));
      assert.equal(error.code, 'JournalMismatch');
      assert.equal(
        error.message,
        `The journal ${path} belongs to a different reassignment (other flags or another org).`,
      );
      assert.match(error.hint!, /flags of the original run/);
    }
  });

  it('records the plan: its rows, the changes, the rule of a rule run', () => {
    const path = written([]);
    const journal = Journal.open(path);
    const summary = { leads: 7, toChange: 5 } as PlanSummary;
    recordPlanned(journal, summary, null);
    recordPlanned(journal, summary, { id: '01Q000000000001AAA', name: 'Rule', active: true });
    journal.close();
    const [, plain, rule] = lines(path);
    assert.deepEqual(plain, {
      type: 'planned',
      phase: 'reassign',
      plan: start().plan,
      rows: 7,
      toChange: 5,
    });
    assert.deepEqual(rule, { ...plain, ruleId: '01Q000000000001AAA' });
  });

  it('finishes a phase with its counts and closes the journal', () => {
    const path = written([planned]);
    const journal = Journal.open(path);
    const before = Date.now();
    finishJournal(journal, 'undo', { succeeded: 4, failed: 1 });
    const finished = lines(path).at(-1) as Extract<JournalEntry, { type: 'finished' }>;
    assert.equal(finished.phase, 'undo');
    assert.equal(finished.succeeded, 4);
    assert.equal(finished.failed, 1);
    assert.ok(Date.parse(finished.at) >= before - 1000 && Date.parse(finished.at) <= Date.now());
    assert.throws(() => journal.append(planned), /EBADF|bad file descriptor/i, 'closed');
  });

  it('undo needs --journal, and a journal that exists', () => {
    const none = refused(() => checkUndoJournal(undefined));
    assert.equal(none.code, 'BadFlag');
    assert.equal(none.message, 'Say which run to undo: --journal FILE.');
    assert.equal(none.hint, 'Pass the journal path that `channelkit leads reassign` printed.');
    assert.equal(refused(() => checkUndoJournal('')).code, 'BadFlag');
    const missing = join(dir, 'nope.jsonl');
    const error = refused(() => checkUndoJournal(missing));
    assert.equal(error.code, 'JournalNotFound');
    assert.equal(error.message, `No journal at ${missing}.`);
    assert.equal(error.hint, 'Pass the journal path that `channelkit leads reassign` printed.');
    checkUndoJournal(written([]));
  });

  it('undo needs a run that planned its changes; one cut short while selecting is not finished', () => {
    const check = (entries: JournalEntry[]) => {
      const journal = Journal.open(written(entries));
      try {
        checkSomethingToUndo(journal);
        return null;
      } catch (error) {
        return (error as CliError).code;
      } finally {
        journal.close();
      }
    };
    const chunk: JournalEntry = {
      type: 'chunk',
      phase: 'reassign',
      file: 'c1.csv',
      rows: 10,
      plan: { rows: 10, bytes: 500 },
    };
    const finished: JournalEntry = {
      type: 'finished',
      phase: 'reassign',
      at: 'x',
      succeeded: 1,
      failed: 0,
    };
    assert.equal(check([]), 'NothingToUndo');
    assert.equal(check([chunk]), 'RunNotFinished');
    assert.equal(check([chunk, planned]), null);
    assert.equal(check([planned]), null);
    assert.equal(check([finished]), null);
    const journal = Journal.open(written([chunk]));
    const unfinished = refused(() => checkSomethingToUndo(journal));
    assert.match(unfinished.message, /still selecting leads/);
    assert.equal(
      unfinished.hint,
      'Run the same reassign command again with the same --journal to finish it, then undo.',
    );
    journal.close();
    const empty = Journal.open(written([]));
    const nothing = refused(() => checkSomethingToUndo(empty));
    assert.equal(nothing.message, 'That run never got as far as changing a lead.');
    assert.equal(nothing.hint, 'Nothing to undo.');
    empty.close();
  });
});
