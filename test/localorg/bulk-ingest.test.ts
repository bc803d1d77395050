import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { Connection } from 'jsforce';
import { assignOwner } from '../../localorg/assignment.ts';
import { KEY_PREFIX, makeId } from '../../localorg/ids.ts';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { TERMINAL, json, lines, openLeads, pollJob, raw } from '../support/bulk.ts';
import { connect, startTestOrg, userOf } from '../support/org.ts';
import { Lockstep } from '../support/wait.ts';

const V = '/services/data/v62.0';

/** Opens an ingest job with a raw request and returns its id. */
async function openJob(org: RunningLocalOrg, body: Record<string, unknown>): Promise<string> {
  const res = await raw(org, 'POST', `${V}/jobs/ingest`, { body: JSON.stringify(body) });
  assert.equal(res.status, 200, res.text);
  return json<{ id: string }>(res).id;
}

async function upload(org: RunningLocalOrg, id: string, csv: string | Buffer, headers = {}) {
  return raw(org, 'PUT', `${V}/jobs/ingest/${id}/batches`, {
    body: csv,
    headers: { 'Content-Type': 'text/csv', ...headers },
  });
}

async function closeAndWait(org: RunningLocalOrg, id: string): Promise<Record<string, unknown>> {
  const closed = await raw(org, 'PATCH', `${V}/jobs/ingest/${id}`, {
    body: JSON.stringify({ state: 'UploadComplete' }),
  });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(json(closed).state, 'UploadComplete');
  return pollJob(org, `${V}/jobs/ingest/${id}`, (info) => TERMINAL.has(String(info.state)));
}

describe('Bulk API 2.0 ingest with jsforce', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  let manager: string;
  before(async () => {
    org = await startTestOrg({ seed: 'leads=6000' });
    conn = connect(org);
    conn.bulk2.pollInterval = 50;
    conn.bulk2.pollTimeout = 60_000;
    manager = userOf(org, 'channel-manager').userId;
  });
  after(() => org.close());

  it('updates 5,000 leads with one bad Id and one bad OwnerId: 4,998 successful, 2 failed', async () => {
    const leads = await openLeads(conn, 5000);
    assert.equal(leads.length, 5000);
    const ownedCount = async () =>
      (await conn.query(`SELECT COUNT() FROM Lead WHERE OwnerId = '${manager}'`)).totalSize;
    const ownedBefore = await ownedCount();
    const input = leads.map((l) => ({ Id: l.Id, OwnerId: manager }));
    const missing = makeId(KEY_PREFIX.Lead, 9_999_999);
    input[100].Id = missing;
    const badOwner = makeId(KEY_PREFIX.User, 999_999);
    input[200].OwnerId = badOwner;
    const results = await conn.bulk2.loadAndWaitForResults({
      object: 'Lead',
      operation: 'update',
      input,
    });
    assert.equal(results.successfulResults.length, 4998);
    assert.equal(results.failedResults.length, 2);
    assert.deepEqual(results.unprocessedRecords, []);
    const failed = [...results.failedResults].sort((a, b) =>
      String((a as Record<string, unknown>).Id).localeCompare(
        String((b as Record<string, unknown>).Id),
      ),
    );
    assert.deepEqual(failed, [
      {
        sf__Id: leads[200].Id,
        sf__Error: 'INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:OwnerId --',
        Id: leads[200].Id,
        OwnerId: badOwner,
      },
      {
        sf__Id: '',
        sf__Error: 'INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--',
        Id: missing,
        OwnerId: manager,
      },
    ]);
    assert.deepEqual(results.successfulResults[0], {
      sf__Id: leads[0].Id,
      sf__Created: 'false',
      Id: leads[0].Id,
      OwnerId: manager,
    });
    // The manager gained exactly the updated leads it did not own; the two failed rows' leads
    // (the one whose Id was swapped out and the one with the bad owner) kept their owners.
    const gained = leads.filter((l, i) => i !== 100 && i !== 200 && l.OwnerId !== manager);
    assert.equal(await ownedCount(), ownedBefore + gained.length);
    const untouched = await conn.query<{ Id: string; OwnerId: string }>(
      `SELECT Id, OwnerId FROM Lead WHERE Id IN ('${leads[100].Id}', '${leads[200].Id}') ORDER BY Id`,
    );
    assert.deepEqual(
      untouched.records.map((r) => [r.Id, r.OwnerId]),
      [leads[100], leads[200]].map((l) => [l.Id, l.OwnerId]),
    );
  });

  it("answers with Salesforce's JobInfo fields and exact result CSVs", async () => {
    const [lead] = await openLeads(conn, 1);
    const created = await raw(org, 'POST', `${V}/jobs/ingest`, {
      body: JSON.stringify({
        object: 'Lead',
        operation: 'update',
        lineEnding: 'LF',
        columnDelimiter: 'COMMA',
      }),
    });
    assert.match(created.headers.get('content-type') ?? '', /^application\/json/);
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
      'contentUrl',
      'lineEnding',
      'columnDelimiter',
    ]);
    assert.match(String(job.id), /^750[0-9A-Za-z]{15}$/);
    assert.match(created.text, /"apiVersion":62\.0,/);
    assert.equal(job.contentUrl, `services/data/v62.0/jobs/ingest/${job.id}/batches`);
    const csv = `Id,OwnerId\n${lead.Id},${manager}\n00Qbad,${manager}\n`;
    const put = await upload(org, String(job.id), csv);
    assert.equal(put.status, 201);
    assert.equal(put.text, '');
    const info = await closeAndWait(org, String(job.id));
    assert.deepEqual(Object.keys(info), [
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
      'contentUrl',
      'lineEnding',
      'columnDelimiter',
      'numberRecordsProcessed',
      'numberRecordsFailed',
      'retries',
      'totalProcessingTime',
      'apiActiveProcessingTime',
      'apexProcessingTime',
    ]);
    assert.equal(info.state, 'JobComplete');
    assert.equal(info.jobType, 'V2Ingest');
    assert.equal(info.numberRecordsProcessed, 2);
    assert.equal(info.numberRecordsFailed, 1);
    const ok = await raw(org, 'GET', `${V}/jobs/ingest/${job.id}/successfulResults`);
    assert.equal(ok.headers.get('content-type'), 'text/csv');
    assert.equal(
      ok.text,
      `"sf__Id","sf__Created",Id,OwnerId\n${lead.Id},false,${lead.Id},${manager}\n`,
    );
    const bad = await raw(org, 'GET', `${V}/jobs/ingest/${job.id}/failedResults`);
    assert.equal(
      bad.text,
      `"sf__Id","sf__Error",Id,OwnerId\n"","MALFORMED_ID:Lead ID: id value of incorrect type: 00Qbad:Id --",00Qbad,${manager}\n`,
    );
    const none = await raw(org, 'GET', `${V}/jobs/ingest/${job.id}/unprocessedrecords`);
    assert.equal(none.text, 'Id,OwnerId\n');
  });

  it('inserts with sf__Created true; an empty value leaves a field alone and #N/A clears it', async () => {
    const inserted = await conn.bulk2.loadAndWaitForResults({
      object: 'Lead',
      operation: 'insert',
      input: [
        { LastName: 'Bulk', Company: 'Acme', Title: 'CTO', OwnerId: manager },
        { LastName: 'Two', Company: 'Acme', Title: 'CFO', OwnerId: manager },
        { LastName: '', Company: 'NoName', Title: 'x', OwnerId: manager },
      ],
    });
    assert.equal(inserted.successfulResults.length, 2);
    for (const row of inserted.successfulResults) {
      assert.equal(row.sf__Created, 'true');
      assert.match(String(row.sf__Id), /^00Q/);
    }
    assert.deepEqual(
      inserted.failedResults.map((r) => r.sf__Error),
      ['REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --'],
    );
    const [first, second] = inserted.successfulResults.map((r) => String(r.sf__Id));
    // jsforce writes null as #N/A; an empty string is sent as an empty value.
    await conn.bulk2.loadAndWaitForResults({
      object: 'Lead',
      operation: 'update',
      input: [
        { Id: first, Title: null },
        { Id: second, Title: '' },
      ],
    });
    const titles = await conn.query<{ Id: string; Title: string | null }>(
      `SELECT Id, Title FROM Lead WHERE Id IN ('${first}', '${second}') ORDER BY Title`,
    );
    assert.deepEqual(
      titles.records.map((r) => [r.Id, r.Title]),
      [
        [first, null],
        [second, 'CFO'],
      ],
    );
  });

  it('upserts on Id: rows with an Id update, rows without insert', async () => {
    const [lead] = await openLeads(conn, 1);
    const result = await conn.bulk2.loadAndWaitForResults({
      object: 'Lead',
      operation: 'upsert',
      externalIdFieldName: 'Id',
      input: `Id,LastName,Company\n${lead.Id},Upserted,Acme\n,Fresh,Acme\n`,
    });
    assert.deepEqual(result.successfulResults.map((r) => r.sf__Created).sort(), ['false', 'true']);
  });

  it('deletes leads; a queryAll job still sees them, a query job does not', async () => {
    const leads = (await openLeads(conn, 5010)).slice(5000);
    const result = await conn.bulk2.loadAndWaitForResults({
      object: 'Lead',
      operation: 'delete',
      input: leads.map((l) => ({ Id: l.Id })),
    });
    assert.equal(result.successfulResults.length, 10);
    const ids = leads.map((l) => `'${l.Id}'`).join(',');
    const soql = `SELECT Id, IsDeleted FROM Lead WHERE Id IN (${ids})`;
    const live = await (await conn.bulk2.query(soql)).toArray();
    assert.equal(live.length, 0);
    const all = await (await conn.bulk2.query(soql, { scanAll: true })).toArray();
    assert.equal(all.length, 10);
    assert.ok(all.every((r) => r.IsDeleted === 'true'));
  });

  it('runs the assignment rule only when the job names it (REST runs it by default)', async () => {
    const leads = (await openLeads(conn, 5040)).slice(5010);
    const ruleId = String(
      (await conn.query<{ Id: string }>('SELECT Id FROM AssignmentRule WHERE Active = true'))
        .records[0].Id,
    );
    const input = leads.map((l) => ({ Id: l.Id, OwnerId: manager }));
    await conn.bulk2.loadAndWaitForResults({ object: 'Lead', operation: 'update', input });
    const ids = leads.map((l) => `'${l.Id}'`).join(',');
    const without = await conn.query<{ OwnerId: string }>(
      `SELECT OwnerId FROM Lead WHERE Id IN (${ids})`,
    );
    assert.ok(
      without.records.every((r) => r.OwnerId === manager),
      'no rule without assignmentRuleId',
    );

    await conn.bulk2.loadAndWaitForResults({
      object: 'Lead',
      operation: 'update',
      assignmentRuleId: ruleId,
      input,
    });
    const rows = org.org.store.all(`SELECT * FROM "Lead" WHERE "Id" IN (${ids}) ORDER BY "Id"`);
    assert.equal(rows.length, 30);
    for (const row of rows) {
      assert.equal(row.OwnerId, assignOwner(org.org.store, ruleId, { ...row, OwnerId: manager }));
    }
    assert.ok(
      rows.some((r) => r.OwnerId !== manager),
      'the rule overrode the uploaded owners',
    );
  });

  it('aborts an open job (everything unprocessed) and deletes jobs', async () => {
    const [lead] = await openLeads(conn, 1);
    const id = await openJob(org, { object: 'Lead', operation: 'update' });
    await upload(org, id, `Id,Title\n${lead.Id},Aborted\n`);
    const aborted = await raw(org, 'PATCH', `${V}/jobs/ingest/${id}`, {
      body: JSON.stringify({ state: 'Aborted' }),
    });
    assert.equal(json(aborted).state, 'Aborted');
    const unprocessed = await raw(org, 'GET', `${V}/jobs/ingest/${id}/unprocessedrecords`);
    assert.equal(unprocessed.text, `Id,Title\n${lead.Id},Aborted\n`);
    const again = await raw(org, 'PATCH', `${V}/jobs/ingest/${id}`, {
      body: JSON.stringify({ state: 'UploadComplete' }),
    });
    assert.equal(again.status, 400);
    assert.equal(json<{ errorCode: string }[]>(again)[0].errorCode, 'INVALIDJOBSTATE');

    const job = conn.bulk2.job('ingest', { id });
    await job.delete();
    const gone = await raw(org, 'GET', `${V}/jobs/ingest/${id}`);
    assert.equal(gone.status, 404);
    assert.equal(json<{ errorCode: string }[]>(gone)[0].errorCode, 'NOT_FOUND');

    const open = await openJob(org, { object: 'Lead', operation: 'update' });
    const refused = await raw(org, 'DELETE', `${V}/jobs/ingest/${open}`);
    assert.equal(refused.status, 400, 'an Open job must be closed or aborted first');
  });

  it('refuses uploads to a closed job and a second upload at close', async () => {
    const id = await openJob(org, { object: 'Lead', operation: 'update' });
    await upload(org, id, 'Id,Title\n');
    await upload(org, id, 'Id,Title\n');
    const close = await raw(org, 'PATCH', `${V}/jobs/ingest/${id}`, {
      body: JSON.stringify({ state: 'UploadComplete' }),
    });
    assert.equal(close.status, 400);
    const [error] = json<{ errorCode: string; message: string }[]>(close);
    assert.equal(error.errorCode, 'INVALIDJOB');
    assert.match(error.message, /^Found multipe contents for job: <750[0-9A-Za-z]{12}>/);

    const other = await openJob(org, { object: 'Lead', operation: 'update' });
    await upload(org, other, 'Id,Title\n');
    await closeAndWait(org, other);
    const late = await upload(org, other, 'Id,Title\n');
    assert.equal(late.status, 409);
    assert.equal(json<{ errorCode: string }[]>(late)[0].errorCode, 'INVALIDJOBSTATE');
  });

  it('takes a gzipped upload and gzips results for clients that accept it', async () => {
    const leads = await openLeads(conn, 3);
    const id = await openJob(org, { object: 'Lead', operation: 'update' });
    const csv = `Id,Title\n${leads.map((l) => `${l.Id},Zipped`).join('\n')}\n`;
    const put = await upload(org, id, gzipSync(csv), { 'Content-Encoding': 'gzip' });
    assert.equal(put.status, 201, put.text);
    const info = await closeAndWait(org, id);
    assert.equal(info.numberRecordsProcessed, 3);
    const zipped = await raw(org, 'GET', `${V}/jobs/ingest/${id}/successfulResults`, {
      headers: { 'Accept-Encoding': 'gzip' },
    });
    assert.equal(zipped.headers.get('content-encoding'), 'gzip');
    assert.equal(lines(zipped.text).length, 4);
    const plain = await raw(org, 'GET', `${V}/jobs/ingest/${id}/successfulResults`, {
      headers: { 'Accept-Encoding': 'identity' },
    });
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.equal(plain.text, zipped.text);
  });

  it('fails the job on an unknown column or the wrong line ending, rows unprocessed', async () => {
    const [lead] = await openLeads(conn, 1);
    await assert.rejects(
      conn.bulk2.loadAndWaitForResults({
        object: 'Lead',
        operation: 'update',
        input: `Id,Bogus__c\n${lead.Id},x\n`,
      }),
      /Ingest job failed to complete due to: InvalidBatch : Field name not found : Bogus__c/,
    );
    const id = await openJob(org, { object: 'Lead', operation: 'update', lineEnding: 'LF' });
    await upload(org, id, `Id,Title\r\n${lead.Id},Crlf\r\n`);
    const info = await closeAndWait(org, id);
    assert.equal(info.state, 'Failed');
    assert.equal(
      info.errorMessage,
      'ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is LF',
    );
    const unprocessed = await raw(org, 'GET', `${V}/jobs/ingest/${id}/unprocessedrecords`);
    assert.equal(unprocessed.text, `Id,Title\n${lead.Id},Crlf\n`);
  });

  it('validates job requests as Salesforce does', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ object: 'Nope', operation: 'insert' }, 404, 'NOT_FOUND'],
      [{ object: 'Lead', operation: 'merge' }, 400, 'INVALIDJOB'],
      [{ object: 'Lead', operation: 'upsert' }, 400, 'INVALIDJOB'],
      [{ object: 'Lead', operation: 'insert', columnDelimiter: 'SPACE' }, 400, 'INVALIDJOB'],
      [
        { object: 'Lead', operation: 'update', assignmentRuleId: '01Q000000000000AAA' },
        400,
        'INVALIDJOB',
      ],
    ];
    for (const [body, status, code] of cases) {
      const res = await raw(org, 'POST', `${V}/jobs/ingest`, { body: JSON.stringify(body) });
      assert.equal(res.status, status, JSON.stringify(body));
      assert.equal(json<{ errorCode: string }[]>(res)[0].errorCode, code);
    }
    const partner = userOf(org, 'partner');
    const hard = await raw(org, 'POST', `${V}/jobs/ingest`, {
      body: JSON.stringify({ object: 'Lead', operation: 'hardDelete' }),
      token: partner.accessToken!,
    });
    assert.equal(json<{ errorCode: string }[]>(hard)[0].errorCode, 'FEATURENOTENABLED');
  });

  it('lists jobs as Salesforce shapes the listing, each user seeing its own', async () => {
    const list = json<{ done: boolean; records: Record<string, unknown>[]; nextRecordsUrl: null }>(
      await raw(org, 'GET', `${V}/jobs/ingest`),
    );
    assert.equal(list.done, true);
    assert.equal(list.nextRecordsUrl, null);
    assert.ok(list.records.length >= 10);
    assert.ok(
      list.records.every((r) => r.jobType === 'V2Ingest' && String(r.id).startsWith('750')),
    );
    const pk = json<{ records: unknown[] }>(
      await raw(org, 'GET', `${V}/jobs/ingest?isPkChunkingEnabled=true`),
    );
    assert.deepEqual(pk.records, [], 'PK chunking is Bulk API 1.0 only');
    const classic = json<{ records: unknown[] }>(
      await raw(org, 'GET', `${V}/jobs/ingest?jobType=Classic`),
    );
    assert.deepEqual(classic.records, []);
    const partner = userOf(org, 'partner');
    const theirs = json<{ records: unknown[] }>(
      await raw(org, 'GET', `${V}/jobs/ingest`, { token: partner.accessToken! }),
    );
    assert.deepEqual(theirs.records, []);
    const someone = String(list.records[0].id);
    const hidden = await raw(org, 'GET', `${V}/jobs/ingest/${someone}`, {
      token: partner.accessToken!,
    });
    assert.equal(hidden.status, 404);
  });
});

describe('Bulk API 2.0 ingest upload cap', () => {
  let org: RunningLocalOrg;
  before(async () => {
    org = await startTestOrg({ seed: 'none', bulk: { maxUploadBytes: 4096 } });
  });
  after(() => org.close());

  it('refuses an upload over the cap (counted in base64 bytes) with EXCEEDED_QUOTA', async () => {
    const row = `${makeId(KEY_PREFIX.Lead, 1)},Title\n`;
    const id = await openJob(org, { object: 'Lead', operation: 'update' });
    // 2,900 raw bytes are 3,868 in base64: under the cap.
    const fits = `Id,Title\n${row.repeat(Math.floor(2890 / row.length))}`;
    assert.equal((await upload(org, id, fits)).status, 201);
    const other = await openJob(org, { object: 'Lead', operation: 'update' });
    const big = await upload(org, other, `Id,Title\n${row.repeat(200)}`);
    assert.equal(big.status, 400);
    const [error] = json<{ errorCode: string; message: string }[]>(big);
    assert.equal(error.errorCode, 'EXCEEDED_QUOTA');
    assert.match(error.message, /maximum of 4096 bytes of base64-encoded content/);
    // The job stays open and takes a smaller upload.
    assert.equal((await upload(org, other, 'Id,Title\n')).status, 201);
  });
});

describe('Bulk API 2.0 ingest at a set processing rate', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startTestOrg({ seed: 'leads=6000', bulk: { recordsPerSecond: 4000 } });
    conn = connect(org);
  });
  after(() => org.close());

  it('shows live counts while InProgress, and an abort stops it mid-way', async () => {
    const leads = await openLeads(conn, 3000);
    // 4,000 rows a second: units of 400 rows, each let through by the test.
    const steps = new Lockstep();
    org.bulk.unitGate = steps.gate;
    try {
      const id = await openJob(org, { object: 'Lead', operation: 'update' });
      await upload(org, id, `Id,Title\n${leads.map((l) => `${l.Id},Paced`).join('\n')}\n`);
      await raw(org, 'PATCH', `${V}/jobs/ingest/${id}`, {
        body: JSON.stringify({ state: 'UploadComplete' }),
      });
      const seen = new Set<number>();
      const countsAfter = async (units: number) => {
        const info = await pollJob(org, `${V}/jobs/ingest/${id}`, (i) => {
          seen.add(Number(i.numberRecordsProcessed));
          return Number(i.numberRecordsProcessed) === units * 400;
        });
        assert.equal(info.state, 'InProgress');
        return info;
      };
      await countsAfter(1);
      steps.release();
      await countsAfter(2);
      steps.release();
      const mid = await countsAfter(3);
      assert.equal(mid.numberRecordsFailed, 0);
      assert.deepEqual(
        [...seen].filter((n) => n % 400 !== 0),
        [],
        'counts move a unit at a time',
      );
      await raw(org, 'PATCH', `${V}/jobs/ingest/${id}`, {
        body: JSON.stringify({ state: 'Aborted' }),
      });
      steps.open();
      const ended = await pollJob(org, `${V}/jobs/ingest/${id}`, (i) => {
        return TERMINAL.has(String(i.state));
      });
      assert.equal(ended.state, 'Aborted');
      assert.equal(ended.numberRecordsProcessed, 1200, 'nothing processed after the abort');
      const ok = lines((await raw(org, 'GET', `${V}/jobs/ingest/${id}/successfulResults`)).text);
      const rest = lines((await raw(org, 'GET', `${V}/jobs/ingest/${id}/unprocessedrecords`)).text);
      assert.deepEqual(
        ok.slice(1).map((line) => line.split(',')[0]),
        leads.slice(0, 1200).map((l) => l.Id),
      );
      assert.deepEqual(
        rest.slice(1).map((line) => line.split(',')[0]),
        leads.slice(1200).map((l) => l.Id),
      );
    } finally {
      steps.open();
      org.bulk.unitGate = null;
    }
  });
});
