import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { json, lines, openLeads, pollJob, raw } from '../support/bulk.ts';
import { connect, startTestOrg, userOf } from '../support/org.ts';
import { waitFor } from '../support/wait.ts';

const V = '/services/data/v62.0';

describe('faults: latency, 5xx answers and dropped connections', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startTestOrg({
      seed: 'none',
      faultSeed: 7,
      faults: [
        'latency=100',
        '5xx=GET:/services/data/*/query*:0.5',
        '5xx=POST:/services/data/*/jobs/ingest:1',
        'reset=GET:/services/data/*/sobjects/*/describe:0.5',
        'reset=/services/data/*/limits:1',
      ],
    });
    conn = connect(org);
  });
  after(() => org.close());

  it('delays every request', async () => {
    const started = performance.now();
    const res = await fetch(`${org.url}/services/data`);
    await res.text();
    assert.ok(performance.now() - started >= 95, 'latency=100 adds about 100 ms');
  });

  it('answers GETs with 503 at a rate, and jsforce retries them to success', async () => {
    // Until one query has met a 503 (the seed makes this the same every run).
    for (let i = 0; i < 6 && !org.faults.stats()['5xx']; i++) {
      const result = await conn.query('SELECT Id FROM User LIMIT 1');
      assert.equal(result.records.length, 1);
    }
    assert.ok((org.faults.stats()['5xx'] ?? 0) >= 1, 'some attempts were answered with 503');
    // Without a client's retries, each call is answered 503 exactly when the fault fires, with
    // Salesforce's body, and the rest succeed; the other paths (limits) are never hit.
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const fired = org.faults.stats()['5xx'] ?? 0;
      const res = await raw(org, 'GET', `${V}/query?q=SELECT+Id+FROM+User`);
      const firedNow = (org.faults.stats()['5xx'] ?? 0) - fired;
      statuses.push(res.status);
      if (res.status === 503) {
        assert.equal(firedNow, 1);
        assert.deepEqual(json(res), [
          { errorCode: 'SERVER_UNAVAILABLE', message: 'Server temporarily unavailable' },
        ]);
      } else {
        assert.equal(firedNow, 0);
        assert.equal(res.status, 200, res.text);
        assert.ok(json<{ totalSize: number }>(res).totalSize >= 1);
      }
    }
    const unavailable = statuses.filter((s) => s === 503).length;
    // At rate 0.5 both answers come up in 20 calls (the seed makes the draw the same every run).
    assert.ok(unavailable > 0 && unavailable < 20, statuses.join());
  });

  it('surfaces a 5xx on POST to the caller: jsforce does not retry it', async () => {
    const before = org.faults.stats()['5xx'] ?? 0;
    await assert.rejects(conn.bulk2.createJob({ object: 'Lead', operation: 'insert' }).open(), {
      errorCode: 'SERVER_UNAVAILABLE',
    });
    assert.equal(org.faults.stats()['5xx'], before + 1, 'exactly one attempt');
    const res = await raw(org, 'POST', `${V}/jobs/ingest`, {
      body: JSON.stringify({ object: 'Lead', operation: 'insert' }),
    });
    assert.equal(res.status, 503);
    assert.deepEqual(json<unknown>(res), [
      { errorCode: 'SERVER_UNAVAILABLE', message: 'Server temporarily unavailable' },
    ]);
  });

  it('drops connections without an answer; jsforce retries a GET through it', async () => {
    await assert.rejects(fetch(`${org.url}${V}/limits`), TypeError);
    for (let i = 0; i < 3; i++) assert.equal((await conn.describe('Lead')).name, 'Lead');
    assert.ok((org.faults.stats().reset ?? 0) >= 2, 'connections were dropped');
  });
});

describe('faults: session expiry', () => {
  let org: RunningLocalOrg;
  before(async () => {
    org = await startTestOrg({ seed: 'none', faults: ['expire-sessions=300ms'] });
  });
  after(() => org.close());

  it('ends every access token, and clients with a refresh token carry on', async () => {
    const conn = new Connection({
      oauth2: { clientId: org.clientId, clientSecret: org.clientSecret, loginUrl: org.url },
      instanceUrl: org.url,
      accessToken: org.tokenFor(org.admin.username),
      refreshToken: org.refreshTokenFor(org.admin.username),
      version: '62.0',
    });
    let refreshed = 0;
    conn.on('refresh', () => refreshed++);
    const token = org.tokenFor(org.admin.username);
    // The next expiry (one interval, 300 ms, at most) ends every token issued before it.
    const expiries = org.faults.stats()['expire-sessions'] ?? 0;
    await waitFor('the next session expiry', () => {
      return (org.faults.stats()['expire-sessions'] ?? 0) > expiries;
    });
    const expired = await raw(org, 'GET', `${V}/limits`, { token });
    assert.equal(expired.status, 401);
    assert.equal(json<{ errorCode: string }[]>(expired)[0].errorCode, 'INVALID_SESSION_ID');
    assert.equal((await conn.query('SELECT Id FROM User LIMIT 1')).records.length, 1);
    assert.ok(refreshed >= 1, 'jsforce refreshed the session');
    assert.ok((org.faults.stats()['expire-sessions'] ?? 0) >= 1);
  });

  it('expires sessions on demand too', async () => {
    const token = org.tokenFor(org.admin.username);
    assert.ok(org.faults.expireSessions() >= 1);
    assert.equal((await raw(org, 'GET', `${V}/limits`, { token })).status, 401);
  });
});

describe('faults: UNABLE_TO_LOCK_ROW at a rate', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startTestOrg({ seed: 'leads=6000', faults: ['lock-rows=0.05'], faultSeed: 3 });
    conn = connect(org);
    conn.bulk2.pollInterval = 50;
  });
  after(() => org.close());

  it('fails rows of a Bulk update with UNABLE_TO_LOCK_ROW, Id kept', async () => {
    const leads = await openLeads(conn, 1000);
    const manager = userOf(org, 'channel-manager').userId;
    const results = await conn.bulk2.loadAndWaitForResults({
      object: 'Lead',
      operation: 'update',
      input: leads.map((l) => ({ Id: l.Id, OwnerId: manager })),
    });
    const locked = results.failedResults;
    assert.ok(locked.length > 10 && locked.length < 100, `${locked.length} locked of 1,000`);
    assert.equal(locked.length, org.faults.stats()['lock-rows']);
    for (const row of locked) {
      assert.equal(
        row.sf__Error,
        'UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record:--',
      );
      assert.equal(row.sf__Id, (row as Record<string, unknown>).Id);
    }
    assert.equal(results.successfulResults.length, 1000 - locked.length);
  });

  it('fails records of sObject Collections too, but not single-record REST calls', async () => {
    const leads = await openLeads(conn, 200);
    const results = await conn.sobject('Lead').update(
      leads.map((l) => ({ Id: l.Id, Title: 'Contended' })),
      { allOrNone: false },
    );
    const errors = results.flatMap((r) => (r.success ? [] : r.errors));
    assert.ok(errors.length >= 1, 'some records were locked');
    for (const error of errors) {
      assert.deepEqual(error, {
        statusCode: 'UNABLE_TO_LOCK_ROW',
        message: 'unable to obtain exclusive access to this record',
        fields: [],
      });
    }
    const before = org.faults.stats()['lock-rows'];
    for (const lead of leads.slice(0, 20)) {
      const single = await raw(org, 'PATCH', `${V}/sobjects/Lead/${lead.Id}`, {
        body: JSON.stringify({ Title: 'Single' }),
      });
      assert.equal(single.status, 204, single.text);
    }
    assert.equal(org.faults.stats()['lock-rows'], before);
  });
});

describe('faults: failing Bulk jobs', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startTestOrg({
      seed: 'leads=6000',
      faults: ['fail-bulk-job=ingest:1', 'fail-bulk-job=query'],
      bulk: { batchSize: 1000 },
    });
    conn = connect(org);
    conn.bulk2.pollInterval = 50;
  });
  after(() => org.close());

  it('fails an ingest job after its first batch; the rest is unprocessed', async () => {
    const leads = await openLeads(conn, 2500);
    const job = conn.bulk2.createJob({ object: 'Lead', operation: 'update' });
    await job.open();
    await job.uploadData(leads.map((l) => ({ Id: l.Id, Title: 'Batch' })));
    await job.close();
    await assert.rejects(
      job.poll(50, 20_000),
      /Ingest job failed to complete due to: InternalServerError : Failed to process batch 2 after 10 retries/,
    );
    const info = await job.check();
    assert.equal(info.state, 'Failed');
    assert.equal(info.numberRecordsProcessed, 1000);
    assert.equal(info.retries, 10);
    const results = await job.getAllResults();
    assert.equal(results.successfulResults.length, 1000);
    assert.equal(results.unprocessedRecords.length, 1500);
    const text = await raw(org, 'GET', `${V}/jobs/ingest/${job.id}/unprocessedrecords`);
    assert.equal(lines(text.text)[0], 'Id,Title');
  });

  it('fails a query job', async () => {
    await assert.rejects(conn.bulk2.query('SELECT Id FROM Lead'), /Query job failed to complete/);
    const created = await raw(org, 'POST', `${V}/jobs/query`, {
      body: JSON.stringify({ query: 'SELECT Id FROM Lead', operation: 'query' }),
    });
    const { id } = json<{ id: string }>(created);
    const info = await pollJob(org, `${V}/jobs/query/${id}`, (i) => i.state === 'Failed');
    assert.equal(info.state, 'Failed');
    assert.match(String(info.errorMessage), /injected fault fail-bulk-job/);
  });
});
