import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { connect, startTestOrg } from '../support/org.ts';
import { api } from '../support/query.ts';
import { channelkit, cliEnv, sfLogin } from '../support/cli.ts';
import type { CliRun } from '../support/cli.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'partners');

interface ProblemDoc {
  status: number;
  result: { valid: false; problems: { row: number | null; column: string | null; text: string }[] };
}

const PARALLEL_RUNS = Math.max(2, availableParallelism() * 2);

/** The one file run without --json, to see what people see. */
const HUMAN = 'unknown-queue.csv';

/** Each broken file and the problems it must be refused with (exit 2, nothing changed). */
const CORPUS: Record<string, RegExp[]> = {
  'missing-column.csv': [
    /^row 1, column Website: the column is missing from the header; add a Website column/,
  ],
  'bad-email.csv': [
    /^row 3, column Email: "oscar\.orr@orbit" is not an e-mail address \(the domain after @ has no dot\); write it as name@company\.com$/,
  ],
  'unknown-profile.csv': [
    /^row 2, column Profile: no profile is named "Partner Gold User"; use a partner profile: Partner Community Login User, Partner Community User$/,
  ],
  'non-partner-profile.csv': [
    /^row 2, column Profile: profile "Standard User" has the Salesforce licence, not a partner licence; use a partner profile:/,
  ],
  'unknown-queue.csv': [
    /^row 2, column Queues: no queue is named "Antarctica Pool"; check the spelling against Setup > Queues/,
  ],
  'duplicate-email.csv': [
    /^row 3, column Email: OLGA\.ORR@orbit\.example\.com is already on row 2; a contact can appear only once; delete one of the two rows/,
  ],
  'utf16.csv': [
    /^file: the file is UTF-16 encoded .*not UTF-8; save the sheet as "CSV UTF-8 \(Comma delimited\) \(\*\.csv\)"/,
  ],
  'blank.csv': [/^row 1: the file is empty; start it with the header row \(AccountName,Website,/],
  'conflicting-websites.csv': [
    /^row 3, column Website: account "orbit partners" has website orbit\.example\.com on row 2 but https:\/\/www\.orbit-partners\.example\.com here; give every row of one account the same website/,
  ],
  'too-many-users.csv': [
    /^row 12, column Profile: 11 rows need a new "Partner Community Login" user but only 10 licences are left \(this row is the first one over\); free licences/,
  ],
  // Problems of the file and problems only the org reveals, all in one report.
  'many-problems.csv': [
    /^row 3, column AccountName: the value is blank/,
    /^row 3, column LastName: the value is blank/,
    /^row 3, column Email: "oscar@" is not an e-mail address/,
    /^row 3, column PartnerUser: "maybe" is not yes or no/,
    /^row 4, column Website: "not a website" contains a space/,
    /^row 4, column Profile: the value is blank but PartnerUser is yes/,
    /^row 5, column Profile: no profile is named "Gold Partner"/,
    /^row 5, column Queues: no queue is named "Atlantis Pool"/,
  ],
};

/** Record counts the command could change. */
async function counts(org: RunningLocalOrg, conn: Connection) {
  const n = async (object: string) => (await conn.query(`SELECT COUNT() FROM ${object}`)).totalSize;
  const outbox = await api(org, '/services/data/v62.0/localorg/outbox');
  return {
    accounts: await n('Account'),
    contacts: await n('Contact'),
    users: await n('User'),
    members: await n('GroupMember'),
    emails: (outbox.body as { totalSize: number }).totalSize,
  };
}

describe('channelkit partners onboard refuses bad input: exit 2, nothing changed', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  let countsBefore: Awaited<ReturnType<typeof counts>>;
  const runs = new Map<string, CliRun>();
  const env = cliEnv();

  before(async () => {
    org = await startTestOrg({ seed: 'demo' });
    conn = connect(org);
    await sfLogin(env, org.url, org.admin.accessToken, 'demo');
    countsBefore = await counts(org, conn);
    // The CLI's start-up dominates each run: run the corpus side by side.
    const cases: [string, string[]][] = [
      ...Object.keys(CORPUS).map((file): [string, string[]] => [
        file,
        [
          'partners',
          'onboard',
          '-o',
          'demo',
          '--file',
          join(FIXTURES, file),
          ...(file === HUMAN ? [] : ['--json']),
        ],
      ]),
      ['no --file', ['partners', 'onboard', '-o', 'demo', '--json']],
    ];
    // A few at a time: the machine's cores, not the number of files, bound the speed.
    const queue = [...cases];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        runs.set(next[0], await channelkit(next[1], env));
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_RUNS }, worker));
  });
  after(async () => {
    await org.close();
  });

  for (const [file, expected] of Object.entries(CORPUS)) {
    it(`${file}: every problem as row N, column X`, () => {
      const run = runs.get(file)!;
      assert.equal(run.code, 2, run.stderr + run.stdout);
      let texts: string[];
      if (file === HUMAN) {
        assert.equal(run.stdout, '');
        assert.match(run.stderr, /unknown-queue\.csv: 1 problem; nothing was changed\.\n/);
        assert.match(run.stderr, /\nFix the file and run the command again\.\n$/);
        texts = run.stderr
          .split('\n')
          .filter((line) => line.startsWith('  '))
          .map((line) => line.trim());
      } else {
        assert.equal(run.stderr, '');
        const doc = JSON.parse(run.stdout) as ProblemDoc;
        assert.equal(doc.status, 2);
        assert.equal(doc.result.valid, false);
        texts = doc.result.problems.map((p) => p.text);
      }
      assert.equal(texts.length, expected.length, texts.join('\n'));
      expected.forEach((pattern, i) => assert.match(texts[i], pattern));
    });
  }

  it('refuses a missing --file with exit 2 and what to do', () => {
    const missing = runs.get('no --file')!;
    assert.equal(missing.code, 2);
    assert.deepEqual(JSON.parse(missing.stdout), {
      status: 2,
      name: 'MissingFile',
      message: 'No file: pass --file with the CSV of partners to onboard.',
      hint: 'Run `channelkit partners onboard --help` for the columns and an example.',
      warnings: [],
    });
  });

  it('changed nothing in the org', async () => {
    assert.deepEqual(await counts(org, conn), countsBefore);
  });
});
