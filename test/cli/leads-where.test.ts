/**
 * `leads reassign --where`: the condition is parsed as one condition on Lead and composed into the
 * selection query from the parsed tree. Every malformed or hostile condition (the breakout
 * `Country = 'Spain') OR (Id != null` first) exits 2 with the person's text, the column in it and
 * an example, changes nothing and writes nothing; an org's refusal of a field is bad input too;
 * closed leads stay out unless --include-closed; a missing --ids file exits 2 and writes nothing.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import type { Connection } from '@salesforce/core';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { CliError, EXIT_BAD_INPUT } from '../../scripts/cli/errors.ts';
import { closedLeadStatuses, isClosedStatus } from '../../scripts/leads/closed-statuses.ts';
import {
  firstDroppedChar,
  parseLeadCondition,
  selectionQuery,
  WHERE_EXAMPLE,
} from '../../scripts/leads/where.ts';
import { startTestOrg } from '../support/org.ts';
import { queryAll } from '../support/query.ts';
import { channelkit, cliEnv, sfLogin } from '../support/cli.ts';

const BREAKOUT = "Country = 'Spain') OR (Id != null";

/** Conditions that must be refused: the text, the column to point at, what to say. */
const REFUSED: [string, number, RegExp][] = [
  [BREAKOUT, 18, /this "\)" closes a parenthesis that was never opened/],
  ["Country = 'Spain')) OR ((Id != null", 18, /closes a parenthesis that was never opened/],
  ["(Country = 'Spain'", 19, /a "\(" is never closed/],
  ["((Country = 'Spain') OR (Id != null)", 37, /a "\(" is never closed/],
  ["Country = 'x' OR Id != null)", 28, /closes a parenthesis that was never opened/],
  ["Country = 'x' -- and the rest", 15, /SOQL has no comments \("--"\)/],
  ["Country = 'x' /* note */", 15, /SOQL has no comments/],
  ["Country = 'x'; DELETE FROM Lead", 14, /a semicolon: --where takes one condition/],
  ["Country = 'x' LIMIT 5", 15, /not LIMIT: channelkit selects every lead that matches/],
  ["Country = 'x' ORDER BY Name", 15, /not ORDER BY/],
  ["Country = 'x' ORDER BY Name LIMIT 10 OFFSET 5", 15, /not ORDER BY, LIMIT or OFFSET/],
  ["Country = 'x' LIMIT 5 OFFSET 1", 15, /not LIMIT or OFFSET/],
  ["Country = 'x' GROUP BY Country HAVING COUNT(Id) > 1", 15, /not GROUP BY or HAVING/],
  ["Country = 'x' WITH SECURITY_ENFORCED", 15, /not WITH SECURITY_ENFORCED/],
  ["Country = 'x' WITH USER_MODE", 15, /not WITH USER_MODE/],
  ["Country = 'x' FOR UPDATE", 15, /not FOR UPDATE/],
  ["Country = 'x' FOR VIEW", 15, /not FOR VIEW/],
  ["Country = 'x' FOR REFERENCE", 15, /not FOR REFERENCE/],
  ["Country = 'x' UPDATE TRACKING", 15, /not UPDATE TRACKING/],
  ["Country = 'x' USING SCOPE mine", 15, /"USING" starts another clause/],
  ["Country = 'x' FROM Account", 15, /"FROM" starts another clause/],
  ["Country = 'x' SELECT Id FROM Lead", 15, /"SELECT" starts another clause/],
  ["Country = 'x' Status = 'Open'", 15, /not joined to the condition before it/],
  ["Country = 'x' garbage", 15, /"garbage" follows a complete condition/],
  ["AND Country = 'x'", 1, /a condition cannot start with AND or OR/],
  [" OR Country = 'x'", 2, /a condition cannot start with AND or OR/],
  ['Name', 5, /it stops short/],
  ["Country = 'x' AND", 18, /it stops short/],
  ['', 1, /it is empty/],
  ['   ', 1, /it is empty/],
  ["Country = 'Spain", 11, /this quote is never closed/],
  ["Name = 'O'Brien'", 16, /this quote is never closed .*written \\'/],
  ['Country = ‘Spain’', 11, /"‘" is a typographic quote; SOQL values take straight single quotes/],
  ['Country = “Spain”', 11, /"“" is a typographic quote/],
  ['Country = "Spain"', 11, /single quotes, not double/],
  ["Country == 'x'", 10, /"=" is not expected here/],
  ["Country = 'x' AND AND Status = 'y'", 19, /"AND" is not expected here/],
  ["Country = 'x' AND (SELECT Id FROM Lead)", 20, /"SELECT" is not expected here/],
  ['COUNT(Id) > 1', 1, /COUNT is an aggregate function/],
  ['Country = :country', 11, /":" is not expected here/],
];

/** Conditions that must be taken, each composed as itself inside one pair of parentheses. */
const TAKEN: [string, string][] = [
  ["Country = 'Germany'", "Country = 'Germany'"],
  [
    "Country = 'Germany' AND Status = 'Open - Not Contacted'",
    "Country = 'Germany' AND Status = 'Open - Not Contacted'",
  ],
  ["country = 'x' or status != 'y'", "country = 'x' OR status != 'y'"],
  ["NOT Country = 'x' OR Status = 'y'", "NOT Country = 'x' OR Status = 'y'"],
  [
    "(Country = 'a' OR Country = 'b') AND NOT (Status = 'c')",
    "(Country = 'a' OR Country = 'b') AND NOT (Status = 'c')",
  ],
  ["((Country='x'))AND(Status='y')", "((Country = 'x')) AND (Status = 'y')"],
  ["Country IN ( 'a' , 'b' )", "Country IN ('a', 'b')"],
  ["Country = 'x'\nAND Status = 'y'", "Country = 'x' AND Status = 'y'"],
  ["Name = 'O\\'Brien'", "Name = 'O\\'Brien'"],
  // A quote escaped at the end of a value keeps everything after it inside the value.
  ["Name = 'x\\' OR Id != null OR Name = '", "Name = 'x\\' OR Id != null OR Name = '"],
  ['CreatedDate = LAST_N_DAYS:30', 'CreatedDate = LAST_N_DAYS:30'],
  ['CreatedDate > 2024-01-01T00:00:00Z', 'CreatedDate > 2024-01-01T00:00:00Z'],
  ['CALENDAR_YEAR(CreatedDate) = 2024', 'CALENDAR_YEAR(CreatedDate) = 2024'],
  ['AnnualRevenue > -5.5', 'AnnualRevenue > -5.5'],
  ['Email = null', 'Email = NULL'],
  ["Owner.Name = 'Maya Chen'", "Owner.Name = 'Maya Chen'"],
  ["Account.Name = 'x'", "Account.Name = 'x'"],
  ['Id IN (SELECT Id FROM Account)', 'Id IN (SELECT Id FROM Account)'],
  [
    "Id IN (SELECT LeadId FROM CampaignMember WHERE Campaign.Name = 'Spring' ORDER BY LeadId LIMIT 5)",
    "Id IN (SELECT LeadId FROM CampaignMember WHERE Campaign.Name = 'Spring' ORDER BY LeadId LIMIT 5)",
  ],
];

function refusal(text: string): CliError {
  try {
    parseLeadCondition(text);
  } catch (error) {
    assert.ok(error instanceof CliError, String(error));
    return error;
  }
  assert.fail(`${JSON.stringify(text)} was taken`);
}

describe('--where is parsed as one condition on Lead', () => {
  for (const [text, column, problem] of REFUSED) {
    it(`refuses ${JSON.stringify(text)} at column ${column}`, () => {
      const error = refusal(text);
      assert.equal(error.exitCode, EXIT_BAD_INPUT);
      assert.equal(error.code, 'BadWhere');
      assert.match(error.message, problem);
      const lines = error.message.split('\n');
      assert.match(lines[0], new RegExp(`at column ${column},`));
      const shown = `  --where "${text.replace(/[\t\n\r]/g, ' ')}"`;
      assert.equal(lines[1], shown, "the person's own text");
      assert.equal(lines[2], `${' '.repeat('  --where "'.length + column - 1)}^`, 'the caret');
      assert.equal(error.hint, `Give a SOQL condition on Lead, e.g. ${WHERE_EXAMPLE}.`);
    });
  }

  it('takes conditions of every kind and composes each, unchanged, inside one pair of parentheses', () => {
    for (const [text, composed] of TAKEN) {
      const soql = selectionQuery(parseLeadCondition(text), null);
      assert.equal(
        soql,
        `SELECT Id, OwnerId FROM Lead WHERE IsConverted = FALSE AND (${composed})`,
        text,
      );
      assert.doesNotThrow(() => parseQuery(soql), soql);
    }
  });

  it('leaves closed statuses out with a NOT IN composed from values, quotes escaped', () => {
    const soql = selectionQuery(parseLeadCondition("Country = 'x'"), [
      'Closed - Converted',
      "Closed 'Lost') OR (Id != null",
    ]);
    assert.equal(
      soql,
      "SELECT Id, OwnerId FROM Lead WHERE IsConverted = FALSE AND Status NOT IN ('Closed - Converted', 'Closed \\'Lost\\') OR (Id != null') AND (Country = 'x')",
    );
    const where = parseQuery(soql).where as { right: { left: { value: string[] } } };
    assert.equal(where.right.left.value.length, 2, 'two values, one condition');
  });

  it('finds the first character the composed condition dropped, ignoring space and case', () => {
    assert.equal(firstDroppedChar("Country = 'x'", "country='x'"), null);
    assert.equal(firstDroppedChar("Country = 'x' Status = 'y'", "Country = 'x'"), 14);
    assert.equal(firstDroppedChar("AND Country = 'x'", "Country = 'x'"), 0);
    assert.equal(firstDroppedChar("Country = 'x' ", "Country = 'x' AND Id != null"), 13);
  });

  it('calls a status closed as the console does: converting, or starting with "Closed"', () => {
    assert.equal(isClosedStatus('Qualified', true), true);
    assert.equal(isClosedStatus('closed - lost', false), true);
    assert.equal(isClosedStatus('Open - Not Contacted', false), false);
  });

  it("reads the closed statuses from LeadStatus, else from Lead.Status's values by name", async () => {
    const picklist = ['Open', 'Closed - Lost', 'Qualified'].map((value) => ({ value }));
    const org = (
      statuses: (() => Promise<unknown>) | { ApiName: string; IsConverted: boolean }[],
    ) => {
      let calls = 0;
      const conn = {
        query: () => (typeof statuses === 'function' ? statuses() : { records: statuses }),
        describe: () => ({ fields: [{ name: 'Status', picklistValues: picklist }] }),
      } as unknown as Connection;
      return { conn, countCall: () => (calls += 1), calls: () => calls };
    };
    const real = org([
      { ApiName: 'Open', IsConverted: false },
      { ApiName: 'Qualified', IsConverted: true },
      { ApiName: 'Closed - Lost', IsConverted: false },
    ]);
    assert.deepEqual(await closedLeadStatuses(real.conn, real.countCall), [
      'Qualified',
      'Closed - Lost',
    ]);
    assert.equal(real.calls(), 1);
    const noObject = org(() =>
      Promise.reject(Object.assign(new Error('no'), { errorCode: 'INVALID_TYPE' })),
    );
    assert.deepEqual(await closedLeadStatuses(noObject.conn, noObject.countCall), [
      'Closed - Lost',
    ]);
    assert.equal(noObject.calls(), 2);
    const noRows = org([]);
    assert.deepEqual(await closedLeadStatuses(noRows.conn, noRows.countCall), ['Closed - Lost']);
    const failing = org(() =>
      Promise.reject(Object.assign(new Error('down'), { errorCode: 'SERVER_UNAVAILABLE' })),
    );
    await assert.rejects(closedLeadStatuses(failing.conn, failing.countCall), /down/);
  });
});

describe('channelkit leads reassign refuses a bad --where or --ids before anything changes', () => {
  let org: RunningLocalOrg;
  const env = cliEnv();
  const dir = mkdtempSync(join(tmpdir(), 'reassign-where-'));
  const allOwners = async () =>
    new Map((await queryAll(org, 'SELECT Id, OwnerId FROM Lead')).map((r) => [r.Id, r.OwnerId]));
  /** A fresh, empty working folder: the default channelkit-runs/ would go there. */
  let folders = 0;
  const freshFolder = () => {
    const folder = join(dir, `cwd-${(folders += 1)}`);
    mkdirSync(folder);
    return folder;
  };
  const reassign = (args: string[], cwd: string) =>
    channelkit(['leads', 'reassign', '-o', 'local', ...args], env, cwd);

  before(async () => {
    org = await startTestOrg({ seed: 'demo' });
    await sfLogin(env, org.url, org.admin.accessToken, 'local');
  });
  after(() => org.close());

  it('the breakout exits 2 with the text, the column and an example; no owner changes; nothing is written', async () => {
    const before = await allOwners();
    const cwd = freshFolder();
    const run = await reassign(['--where', BREAKOUT, '--to', 'EMEA Partner Pool'], cwd);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(
      run.stderr,
      /^Error \(BadWhere\): --where must be one condition on Lead; at column 18, /,
    );
    assert.ok(run.stderr.includes(`  --where "${BREAKOUT}"\n${' '.repeat(28)}^\n`), run.stderr);
    assert.ok(
      run.stderr.includes(`Try this: Give a SOQL condition on Lead, e.g. ${WHERE_EXAMPLE}.`),
    );
    assert.doesNotMatch(run.stderr, /UnexpectedError/);
    assert.deepEqual(await allOwners(), before);
    assert.deepEqual(readdirSync(cwd), [], 'no plan, journal or channelkit-runs/');
  });

  it('every malformed or hostile condition exits 2 through the real CLI, changing and writing nothing', async () => {
    const before = await allOwners();
    const cwd = freshFolder();
    const runs = await Promise.all(
      REFUSED.map(([text]) =>
        reassign(['--where', text, '--round-robin', 'EMEA Partner Pool,APAC Partner Pool'], cwd),
      ),
    );
    runs.forEach((run, i) => {
      const [text, column] = REFUSED[i];
      assert.equal(run.code, 2, `${text}: ${run.stderr}`);
      assert.match(run.stderr, new RegExp(`^Error \\(BadWhere\\): .*at column ${column},`), text);
    });
    assert.deepEqual(await allOwners(), before);
    assert.deepEqual(readdirSync(cwd), []);
  });

  it('--json: the refusal is one document with status 2 and name BadWhere', async () => {
    const run = await reassign(
      ['--where', BREAKOUT, '--to', 'EMEA Partner Pool', '--json'],
      freshFolder(),
    );
    assert.equal(run.code, 2);
    const doc = JSON.parse(run.stdout) as { status: number; name: string; message: string };
    assert.equal(doc.status, 2);
    assert.equal(doc.name, 'BadWhere');
    assert.ok(doc.message.includes(BREAKOUT));
  });

  it("an unknown field or relationship is the org's refusal, exit 2, pointed at in the person's text", async () => {
    const cwd = freshFolder();
    const cases: [string, number, RegExp][] = [
      [
        "Status = 'Open - Not Contacted' AND Countryy = 'Germany'",
        37,
        /No such column 'Countryy' on entity 'Lead'/,
      ],
      ["Account.Name = 'Contoso'", 1, /Didn't understand relationship 'Account'/],
      ['LeadSource = 5', 1, /must be of type string/],
    ];
    for (const [text, column, why] of cases) {
      const run = await reassign(
        ['--where', text, '--to', 'EMEA Partner Pool', '--journal', join(cwd, 'runs', 'r.jsonl')],
        cwd,
      );
      assert.equal(run.code, 2, `${text}: ${run.stderr}`);
      assert.match(
        run.stderr,
        new RegExp(
          `^Error \\(BadWhere\\): The org refused --where \\(\\w+\\); at column ${column}, `,
          'm',
        ),
      );
      assert.match(run.stderr, why);
      assert.ok(run.stderr.includes(`--where "${text}"`));
      assert.doesNotMatch(run.stderr, /UnexpectedError|ERROR at Row|IsConverted/);
    }
    assert.deepEqual(readdirSync(cwd), [], 'not even the folder of the journal');
  });

  it('a semi-join in the condition reaches another object, with ORDER BY and LIMIT inside it', async () => {
    const queue =
      "OwnerId IN (SELECT Id FROM Group WHERE Type = 'Queue' AND Name = 'EMEA Partner Pool')";
    const cases: [string, string][] = [
      [queue, `SELECT Id FROM Lead WHERE ${queue}`],
      [
        "OwnerId IN (SELECT Id FROM Group WHERE Type = 'Queue' ORDER BY Name LIMIT 1)",
        "SELECT Id FROM Lead WHERE OwnerId IN (SELECT Id FROM Group WHERE Type = 'Queue' ORDER BY Name LIMIT 1)",
      ],
      [
        'Id IN (SELECT Id FROM Account)',
        'SELECT Id FROM Lead WHERE Id IN (SELECT Id FROM Account)',
      ],
    ];
    for (const [where, expected] of cases) {
      const plan = join(dir, `semi-${Math.random()}.csv`);
      const run = await reassign(
        [
          '--where',
          where,
          '--to',
          'APAC Partner Pool',
          '--include-closed',
          '--dry-run',
          '--plan',
          plan,
        ],
        freshFolder(),
      );
      assert.equal(run.code, 0, run.stderr);
      const wanted = (
        await queryAll(org, `${expected.replace('WHERE', 'WHERE IsConverted = false AND')}`)
      )
        .map((r) => r.Id)
        .sort();
      assert.deepEqual(planIds(plan), wanted, where);
    }
  });

  it('leaves leads in a closed status out by default, as the console does; --include-closed takes them', async () => {
    const germany = await queryAll(
      org,
      "SELECT Id, Status FROM Lead WHERE Country = 'Germany' AND IsConverted = false",
    );
    const open = germany
      .filter((l) => !isClosedStatus(l.Status, false))
      .map((l) => l.Id)
      .sort();
    assert.ok(
      open.length > 0 && open.length < germany.length,
      'the demo has open and closed leads',
    );
    const byDefault = join(dir, 'closed-default.csv');
    const run = await reassign(
      [
        '--where',
        "Country = 'Germany'",
        '--to',
        'EMEA Partner Pool',
        '--dry-run',
        '--plan',
        byDefault,
      ],
      freshFolder(),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(planIds(byDefault), open);

    const included = join(dir, 'closed-included.csv');
    const all = await reassign(
      [
        '--where',
        "Country = 'Germany'",
        '--include-closed',
        '--to',
        'EMEA Partner Pool',
        '--dry-run',
        '--plan',
        included,
      ],
      freshFolder(),
    );
    assert.equal(all.code, 0, all.stderr);
    assert.deepEqual(planIds(included), germany.map((l) => l.Id).sort());
  });

  it('--include-closed does not go with --ids (an explicit list is taken as it is)', async () => {
    const cwd = freshFolder();
    const run = await reassign(
      ['--ids', 'leads.csv', '--include-closed', '--to', 'EMEA Partner Pool'],
      cwd,
    );
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--include-closed goes with --where/);
    assert.deepEqual(readdirSync(cwd), []);
  });

  it('a missing --ids file or a folder exits 2 naming the file and the fix, and writes nothing', async () => {
    const cwd = freshFolder();
    const missing = await reassign(
      ['--ids', 'no-such-leads.csv', '--to', 'EMEA Partner Pool'],
      cwd,
    );
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(
      missing.stderr,
      new RegExp(
        `^Error \\(IdsFileUnreadable\\): --ids no-such-leads\\.csv: there is no such file \\(looked for ${cwd}/no-such-leads\\.csv\\)\\. Nothing was changed\\.`,
      ),
    );
    assert.match(
      missing.stderr,
      /Try this: Check the name \(a relative path starts in .*\); the file is a CSV with an Id column\./,
    );
    assert.doesNotMatch(missing.stderr, /ENOENT|UnexpectedError/);
    mkdirSync(join(cwd, 'folder.csv'));
    const folder = await reassign(['--ids', 'folder.csv', '--to', 'EMEA Partner Pool'], cwd);
    assert.equal(folder.code, 2, folder.stderr);
    assert.match(folder.stderr, /--ids folder\.csv: it is a folder, not a file/);
    assert.deepEqual(readdirSync(cwd), ['folder.csv'], 'no channelkit-runs/ or spool file');
  });

  it('an --ids file with a bad row exits 2 and takes back the folder and spool it wrote', async () => {
    const cwd = freshFolder();
    writeFileSync(join(cwd, 'bad.csv'), 'Id\n001000000000001AAA\n');
    const run = await reassign(
      ['--ids', 'bad.csv', '--to', 'EMEA Partner Pool', '--journal', 'runs/deep/r.jsonl'],
      cwd,
    );
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /row 2, column Id: .* is an Account Id/);
    assert.deepEqual(readdirSync(cwd), ['bad.csv'], 'no runs/deep/, plan or spool');
  });
});

/** The lead Ids of a plan CSV, sorted. */
function planIds(plan: string): string[] {
  return readFileSync(plan, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .filter((line) => line !== '')
    .map((line) => line.split(',')[0])
    .sort();
}
