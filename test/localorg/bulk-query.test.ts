import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { TERMINAL, json, lines, pollJob, raw } from '../support/bulk.ts';
import { connect, startTestOrg } from '../support/org.ts';
import { Lockstep } from '../support/wait.ts';

const V = '/services/data/v62.0';
const SOQL = 'SELECT Id, Owner.Name, IsConverted, CreatedDate FROM Lead';

async function completedQueryJob(org: RunningLocalOrg, query: string, operation = 'query') {
  const created = await raw(org, 'POST', `${V}/jobs/query`, {
    body: JSON.stringify({ query, operation }),
  });
  assert.equal(created.status, 200, created.text);
  const { id } = json<{ id: string }>(created);
  const info = await pollJob(org, `${V}/jobs/query/${id}`, (i) => TERMINAL.has(String(i.state)));
  assert.equal(info.state, 'JobComplete');
  return { id, info };
}

/** Every page of a job's results with the raw locator loop (as the sf CLI does it). */
async function pages(org: RunningLocalOrg, id: string, maxRecords?: number) {
  const out: { count: string | null; locator: string | null; rows: string[] }[] = [];
  let locator: string | null = null;
  do {
    const query = new URLSearchParams();
    if (locator) query.set('locator', locator);
    if (maxRecords) query.set('maxRecords', String(maxRecords));
    const res = await raw(org, 'GET', `${V}/jobs/query/${id}/results?${query}`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('content-type'), 'text/csv');
    locator = res.headers.get('sforce-locator');
    out.push({ count: res.headers.get('sforce-numberofrecords'), locator, rows: lines(res.text) });
  } while (locator !== 'null');
  return out;
}

/**
 * What the clients' ways of joining result pages make of 5,000 rows in 3 pages: jsforce's
 * `QueryJobV2.result()` feeds every page to one parser (concat), the sf CLI's `data export bulk`
 * drops the first line of every later page (skipFirstLine), a page-at-a-time reader parses each
 * page with its own header (perPage).
 */
function strategies(got: { rows: string[] }[]) {
  const records = (text: string) => parse(text, { columns: true }) as Record<string, string>[];
  const concat = records(got.map((p) => p.rows.join('\n') + '\n').join(''));
  const skipFirstLine = records(
    got.map((p, i) => (i === 0 ? p.rows : p.rows.slice(1)).join('\n') + '\n').join(''),
  );
  const perPage = got.flatMap((p) => records(p.rows.join('\n') + '\n'));
  const headerRows = (rows: Record<string, string>[]) => rows.filter((r) => r.Id === 'Id').length;
  return {
    concat: [concat.length, headerRows(concat)],
    skipFirstLine: [skipFirstLine.length, headerRows(skipFirstLine)],
    perPage: [perPage.length, headerRows(perPage)],
  };
}

describe('Bulk API 2.0 query, result pages repeating the header (the default)', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startTestOrg({ bulk: { queryPageSize: 2000 } });
    conn = connect(org);
    conn.bulk2.pollInterval = 50;
  });
  after(() => org.close());

  it('answers create and status with the V2Query JobInfo', async () => {
    const created = await raw(org, 'POST', `${V}/jobs/query`, {
      body: JSON.stringify({ query: SOQL, operation: 'query' }),
    });
    const job = json(created);
    assert.deepEqual(Object.keys(job), [
      'id',
      'operation',
      'object',
      'createdById',
      'createdDate',
      'systemModstamp',
      'state',
      'concurrencyMode',
      'contentType',
      'apiVersion',
      'jobType',
      'lineEnding',
      'columnDelimiter',
    ]);
    assert.equal(job.state, 'UploadComplete');
    assert.equal(job.object, 'Lead');
    const info = await pollJob(org, `${V}/jobs/query/${job.id}`, (i) => i.state === 'JobComplete');
    assert.equal(info.numberRecordsProcessed, 5000);
    assert.equal(typeof info.totalProcessingTime, 'number');
  });

  it('pages 5,000 rows with Sforce-Locator and Sforce-NumberOfRecords, null on the last', async () => {
    const { id } = await completedQueryJob(org, SOQL);
    const got = await pages(org, id);
    assert.deepEqual(
      got.map((p) => [p.count, p.locator]),
      [
        ['2000', 'MjAwMA'],
        ['2000', 'NDAwMA'],
        ['1000', 'null'],
      ],
    );
    const header = '"Id","Owner.Name","IsConverted","CreatedDate"';
    for (const page of got) assert.equal(page.rows[0], header, 'every page starts with the header');
    const ids = got.flatMap((p) => p.rows.slice(1).map((r) => r.split(',')[0]));
    assert.equal(ids.length, 5000);
    assert.equal(new Set(ids).size, 5000);
    const small = await pages(org, id, 1500);
    assert.deepEqual(
      small.map((p) => p.count),
      ['1500', '1500', '1500', '500'],
    );
  });

  it('writes relationship columns, booleans and UTC date-times as Bulk CSV does', async () => {
    const { id } = await completedQueryJob(org, `${SOQL} ORDER BY Id LIMIT 3`);
    const [page] = await pages(org, id);
    const rest = await conn.query<{
      Id: string;
      Owner: { Name: string };
      IsConverted: boolean;
      CreatedDate: string;
    }>(`${SOQL} ORDER BY Id LIMIT 3`);
    assert.deepEqual(
      page.rows.slice(1),
      rest.records.map(
        (r) =>
          `"${r.Id}","${r.Owner.Name}","${r.IsConverted}","${r.CreatedDate.replace('+0000', 'Z')}"`,
      ),
    );
  });

  it('with repeated headers: jsforce-style concatenation gets 2 header records, the sf CLI none', async () => {
    const { id } = await completedQueryJob(org, SOQL);
    assert.deepEqual(strategies(await pages(org, id)), {
      concat: [5002, 2],
      skipFirstLine: [5000, 0],
      perPage: [5000, 0],
    });
  });

  it('jsforce bulk2.query returns every row of a one-page result', async () => {
    const rows = await (await conn.bulk2.query(`${SOQL} LIMIT 1500`)).toArray();
    assert.equal(rows.length, 1500);
    assert.equal(new Set(rows.map((r) => r.Id)).size, 1500);
  });

  it('answers 409 for results asked with another API version, and deletes jobs', async () => {
    const { id } = await completedQueryJob(org, `${SOQL} LIMIT 10`);
    const other = await raw(org, 'GET', `/services/data/v61.0/jobs/query/${id}/results`);
    assert.equal(other.status, 409);
    assert.equal(json<{ errorCode: string }[]>(other)[0].errorCode, 'INVALIDJOB');
    const deleted = await raw(org, 'DELETE', `${V}/jobs/query/${id}`);
    assert.equal(deleted.status, 204);
    assert.equal((await raw(org, 'GET', `${V}/jobs/query/${id}`)).status, 404);
    const bad = await raw(org, 'GET', `${V}/jobs/query/${id.slice(0, 15)}XXX/results`);
    assert.equal(bad.status, 404);
  });

  it('refuses aggregate queries, OFFSET and bad SOQL when the job is created', async () => {
    const cases: [string, string][] = [
      ['SELECT COUNT() FROM Lead', 'INVALIDJOB'],
      ['SELECT Id FROM Lead LIMIT 10 OFFSET 5', 'INVALIDJOB'],
      ['SELECT Nope__c FROM Lead', 'INVALID_FIELD'],
      ['SELEKT Id FROM Lead', 'MALFORMED_QUERY'],
    ];
    for (const [query, code] of cases) {
      const res = await raw(org, 'POST', `${V}/jobs/query`, { body: JSON.stringify({ query }) });
      assert.equal(res.status, 400, query);
      assert.equal(json<{ errorCode: string }[]>(res)[0].errorCode, code, query);
    }
  });

  it('refuses a column delimiter Bulk does not name, even one that is a JavaScript object key', async () => {
    for (const columnDelimiter of ['COLON', 'toString', 'constructor']) {
      const res = await raw(org, 'POST', `${V}/jobs/query`, {
        body: JSON.stringify({ query: SOQL, columnDelimiter }),
      });
      assert.equal(res.status, 400, columnDelimiter);
      const [error] = json<{ errorCode: string; message: string }[]>(res);
      assert.equal(error.errorCode, 'INVALIDJOB', columnDelimiter);
      assert.equal(error.message, `InvalidJob : Invalid column delimiter: ${columnDelimiter}`);
    }
  });

  it('queryAll sees deleted rows, query does not', async () => {
    const [lead] = (await conn.query<{ Id: string }>('SELECT Id FROM Lead ORDER BY Id LIMIT 1'))
      .records;
    await conn.sobject('Lead').destroy(lead.Id);
    const soql = `SELECT Id, IsDeleted FROM Lead WHERE Id = '${lead.Id}'`;
    assert.deepEqual(await (await conn.bulk2.query(soql)).toArray(), []);
    assert.deepEqual(await (await conn.bulk2.query(soql, { scanAll: true })).toArray(), [
      { Id: lead.Id, IsDeleted: 'true' },
    ]);
  });

  it('lists query jobs', async () => {
    const list = json<{ done: boolean; records: { jobType: string }[] }>(
      await raw(org, 'GET', `${V}/jobs/query`),
    );
    assert.equal(list.done, true);
    assert.ok(list.records.length >= 5);
    assert.ok(list.records.every((r) => r.jobType === 'V2Query'));
  });
});

describe('Bulk API 2.0 query, header on the first page only', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startTestOrg({ bulk: { queryPageSize: 2000, repeatHeader: false } });
    conn = connect(org);
    conn.bulk2.pollInterval = 50;
  });
  after(() => org.close());

  it('starts only the first page with the header: concatenation is right, the sf CLI drops rows', async () => {
    const { id } = await completedQueryJob(org, SOQL);
    const got = await pages(org, id);
    assert.equal(got.length, 3);
    assert.equal(got[0].rows[0], '"Id","Owner.Name","IsConverted","CreatedDate"');
    assert.match(got[1].rows[0], /^"00Q/);
    assert.deepEqual(strategies(got), {
      concat: [5000, 0],
      // The first row of pages 2 and 3 is dropped, or read as a header.
      skipFirstLine: [4998, 0],
      perPage: [4998, 0],
    });
  });

  it('jsforce bulk2.query returns every row of a one-page result', async () => {
    const rows = await (await conn.bulk2.query(`${SOQL} LIMIT 1500`)).toArray();
    assert.equal(rows.length, 1500);
    assert.ok(rows.every((r) => String(r.Id).startsWith('00Q')));
  });
});

describe('Bulk API 2.0 query at a set processing rate', () => {
  let org: RunningLocalOrg;
  before(async () => {
    org = await startTestOrg({ bulk: { recordsPerSecond: 2000 } });
  });
  after(() => org.close());

  it('answers 412 JOB_NOT_COMPLETE while it runs, then aborts and deletes it', async (t) => {
    const steps = new Lockstep();
    org.bulk.unitGate = steps.gate;
    t.after(() => {
      steps.open();
      org.bulk.unitGate = null;
    });
    const created = await raw(org, 'POST', `${V}/jobs/query`, {
      body: JSON.stringify({ query: SOQL, operation: 'query' }),
    });
    const { id } = json<{ id: string }>(created);
    const early = await raw(org, 'GET', `${V}/jobs/query/${id}/results`);
    assert.equal(early.status, 412);
    assert.equal(json<{ errorCode: string }[]>(early)[0].errorCode, 'JOB_NOT_COMPLETE');
    // 2,000 rows a second: batches of 200 rows; the job waits after its first.
    const running = await pollJob(org, `${V}/jobs/query/${id}`, (i) => {
      return i.state === 'InProgress' && i.numberRecordsProcessed === 200;
    });
    const busy = await raw(org, 'DELETE', `${V}/jobs/query/${id}`);
    assert.equal(busy.status, 400);
    const aborted = await raw(org, 'PATCH', `${V}/jobs/query/${id}`, {
      body: JSON.stringify({ state: 'Aborted' }),
    });
    assert.equal(json(aborted).state, 'Aborted');
    steps.open();
    const info = await pollJob(org, `${V}/jobs/query/${id}`, () => true);
    assert.deepEqual(
      [running.state, info.state, info.numberRecordsProcessed],
      ['InProgress', 'Aborted', 200],
    );
    assert.equal((await raw(org, 'DELETE', `${V}/jobs/query/${id}`)).status, 204);
  });
});
