/**
 * Bulk API 2.0 ingest in process: the ingest routes of a demo org called without a socket
 * (test/support/ingestInProcess.ts), so each case takes milliseconds. What is asserted is what a
 * client sees: the JobInfo, the error bodies and the three result files, byte for byte, and the
 * records afterwards. Salesforce's behaviour as the Bulk API 2.0 Developer Guide documents it:
 * job validation ("Create a Job"), CSV rules ("Valid CSV Record Rows": empty values are left
 * alone, #N/A sets null, line ending and delimiter as the job says), per-row results
 * ("Get Job Successful/Failed Record Results"), upsert on an external Id, a job running as the
 * user who created it with that user's record access.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { assignOwner } from '../../localorg/assignment.ts';
import type { Session } from '../../localorg/auth/session.ts';
import { text } from '../../localorg/catalog/fields.ts';
import { KEY_PREFIX, makeId } from '../../localorg/ids.ts';
import { startIngestOrg } from '../support/ingestInProcess.ts';
import type { IngestOrg, InProcessResponse } from '../support/ingestInProcess.ts';

const V = '/services/data/v62.0';
const MISSING_LEAD = makeId(KEY_PREFIX.Lead, 9_999_999);
const MISSING_USER = makeId(KEY_PREFIX.User, 999_999);

type Json = Record<string, unknown>;

const json = <T = Json>(response: InProcessResponse): T => JSON.parse(response.text) as T;

/** The status, code and message of an error answer (Bulk errors are a one-element array). */
function error(response: InProcessResponse): [number, string, string] {
  const body = json<{ errorCode: string; message: string }[]>(response);
  assert.ok(Array.isArray(body), `not an error: ${response.status} ${response.text}`);
  return [response.status, body[0].errorCode, body[0].message];
}

interface Ran {
  id: string;
  info: Json;
  ok: string;
  failed: string;
  unprocessed: string;
}

/** Client calls against one org: open, upload, close, wait, read. */
function client(h: IngestOrg) {
  const open = async (body: Json, session?: Session, version = V): Promise<string> => {
    const res = await h.call('POST', `${version}/jobs/ingest`, {
      body: JSON.stringify(body),
      session,
    });
    assert.equal(res.status, 200, res.text);
    return json<{ id: string }>(res).id;
  };
  const put = (id: string, csv: string | Buffer, headers = {}, session?: Session) =>
    h.call('PUT', `${V}/jobs/ingest/${id}/batches`, { body: csv, headers, session });
  const patch = (id: string, state: string, session?: Session) =>
    h.call('PATCH', `${V}/jobs/ingest/${id}`, { body: JSON.stringify({ state }), session });
  const settle = async (id: string): Promise<void> => {
    await h.bulk.ingestJob(h.admin, id).settled;
  };
  const read = async (id: string, session?: Session, version = V): Promise<Ran> => {
    const get = async (kind: string) => {
      const res = await h.call('GET', `${version}/jobs/ingest/${id}/${kind}`, { session });
      assert.equal(res.status, 200, res.text);
      return res.text;
    };
    const info = json(await h.call('GET', `${version}/jobs/ingest/${id}`, { session }));
    return {
      id,
      info,
      ok: await get('successfulResults'),
      failed: await get('failedResults'),
      unprocessed: await get('unprocessedrecords'),
    };
  };
  /** One job from open to its end state, and what the client can read of it. */
  const run = async (
    body: Json,
    csv: string | Buffer | null,
    session?: Session,
    version = V,
  ): Promise<Ran> => {
    const id = await open(body, session, version);
    if (csv !== null) {
      const res = await h.call('PUT', `${version}/jobs/ingest/${id}/batches`, {
        body: csv,
        session,
      });
      assert.equal(res.status, 201, res.text);
    }
    const closed = await h.call('PATCH', `${version}/jobs/ingest/${id}`, {
      body: JSON.stringify({ state: 'UploadComplete' }),
      session,
    });
    assert.equal(closed.status, 200, closed.text);
    await settle(id);
    return read(id, session, version);
  };
  return { open, put, patch, settle, read, run };
}

describe('Bulk API 2.0 ingest in process', () => {
  let h: IngestOrg;
  let c: ReturnType<typeof client>;
  const logged: string[] = [];
  let manager: Session;
  let partner: Session;
  before(async () => {
    h = await startIngestOrg({
      leads: 80,
      // A custom external Id field, not unique, so a key can match two leads.
      customFields: [
        { object: 'Lead', fields: [text('Legacy_Key__c', { externalId: true, length: 40 })] },
      ],
      log: (line) => logged.push(line),
    });
    c = client(h);
    manager = h.session(h.users.find((u) => u.kind === 'channel-manager' && u.active)!.userId);
    partner = h.session(h.users.find((u) => u.kind === 'partner' && u.active)!.userId);
  });
  after(() => h.close());

  /** Open leads (not converted), in Id order. */
  const leads = (count: number, offset = 0): { Id: string; OwnerId: string; Title: string }[] =>
    h.org.store
      .all(
        'SELECT "Id", "OwnerId", "Title" FROM "Lead" WHERE "IsConverted" = 0 AND "IsDeleted" = 0 ORDER BY "Id" LIMIT ? OFFSET ?',
        count,
        offset,
      )
      .map((r) => ({ Id: String(r.Id), OwnerId: String(r.OwnerId), Title: String(r.Title) }));
  const lead = (id: string) =>
    h.org.store.get('SELECT * FROM "Lead" WHERE "Id" = ?', id) as Json | undefined;

  it('refuses job requests as Salesforce does, naming what is wrong', async () => {
    const rule = String(h.org.store.get('SELECT "Id" FROM "AssignmentRule" LIMIT 1')!.Id);
    const cases: [Json, [number, string, string], Session?][] = [
      [{ object: 'Lead' }, [400, 'INVALIDJOB', 'InvalidJob : Operation is required']],
      [
        { object: 'Lead', operation: 'merge' },
        [400, 'INVALIDJOB', 'InvalidJob : Invalid operation: merge'],
      ],
      [{ operation: 'insert' }, [400, 'INVALIDJOB', 'InvalidJob : Object is required']],
      [
        { object: 'Nope__c', operation: 'insert' },
        [404, 'NOT_FOUND', "sObject type 'Nope__c' is not supported."],
      ],
      [
        { object: 'EntityDefinition', operation: 'insert' },
        [404, 'NOT_FOUND', "sObject type 'EntityDefinition' is not supported."],
      ],
      [
        { object: 'organization', operation: 'insert' },
        [
          400,
          'INVALIDJOB',
          "InvalidJob : Entity 'Organization' is not supported by the Bulk API for insert.",
        ],
      ],
      [
        { object: 'GroupMember', operation: 'update' },
        [
          400,
          'INVALIDJOB',
          "InvalidJob : Entity 'GroupMember' is not supported by the Bulk API for update.",
        ],
      ],
      [
        { object: 'GroupMember', operation: 'upsert', externalIdFieldName: 'Id' },
        [
          400,
          'INVALIDJOB',
          "InvalidJob : Entity 'GroupMember' is not supported by the Bulk API for upsert.",
        ],
      ],
      [
        { object: 'User', operation: 'delete' },
        [
          400,
          'INVALIDJOB',
          "InvalidJob : Entity 'User' is not supported by the Bulk API for delete.",
        ],
      ],
      [
        { object: 'User', operation: 'hardDelete' },
        [
          400,
          'INVALIDJOB',
          "InvalidJob : Entity 'User' is not supported by the Bulk API for hardDelete.",
        ],
      ],
      [
        { object: 'Lead', operation: 'hardDelete' },
        [400, 'FEATURENOTENABLED', 'Bulk API Hard Delete permission is not enabled for this user'],
        manager,
      ],
      [
        { object: 'Lead', operation: 'upsert' },
        [
          400,
          'INVALIDJOB',
          'InvalidJob : External ID was blank for Lead. An External ID must be specified for upsert.',
        ],
      ],
      [
        { object: 'Lead', operation: 'upsert', externalIdFieldName: 'Title' },
        [
          400,
          'INVALIDJOB',
          'InvalidJob : Field name provided, Title does not match an External ID, Salesforce Id, or indexed field for Lead',
        ],
      ],
      [
        { object: 'Lead', operation: 'upsert', externalIdFieldName: 'Nope__c' },
        [
          400,
          'INVALIDJOB',
          'InvalidJob : Field name provided, Nope__c does not match an External ID, Salesforce Id, or indexed field for Lead',
        ],
      ],
      [
        { object: 'Lead', operation: 'insert', lineEnding: 'CR' },
        [400, 'INVALIDJOB', 'InvalidJob : Invalid line ending: CR. Use LF or CRLF'],
      ],
      [
        { object: 'Lead', operation: 'insert', columnDelimiter: 'SPACE' },
        [
          400,
          'INVALIDJOB',
          'InvalidJob : Invalid column delimiter: SPACE. Use COMMA, TAB, SEMICOLON, PIPE, CARET, BACKQUOTE',
        ],
      ],
      [
        { object: 'Lead', operation: 'insert', columnDelimiter: 'toString' },
        [
          400,
          'INVALIDJOB',
          'InvalidJob : Invalid column delimiter: toString. Use COMMA, TAB, SEMICOLON, PIPE, CARET, BACKQUOTE',
        ],
      ],
      [
        { object: 'Lead', operation: 'insert', contentType: 'JSON' },
        [400, 'INVALIDJOB', 'InvalidJob : Invalid content type: JSON. Only CSV is supported'],
      ],
      [
        { object: 'Lead', operation: 'update', assignmentRuleId: 'not-an-id' },
        [400, 'INVALIDJOB', 'InvalidJob : Invalid assignment rule id: not-an-id'],
      ],
      [
        { object: 'Lead', operation: 'update', assignmentRuleId: leads(1)[0].Id },
        [400, 'INVALIDJOB', `InvalidJob : Invalid assignment rule id: ${leads(1)[0].Id}`],
      ],
      [
        {
          object: 'Lead',
          operation: 'update',
          assignmentRuleId: makeId(KEY_PREFIX.AssignmentRule, 99),
        },
        [
          400,
          'INVALIDJOB',
          `InvalidJob : Invalid assignment rule id: ${makeId(KEY_PREFIX.AssignmentRule, 99)}`,
        ],
      ],
      [
        // A Lead rule named on a Contact job.
        { object: 'Contact', operation: 'update', assignmentRuleId: rule },
        [400, 'INVALIDJOB', `InvalidJob : Invalid assignment rule id: ${rule}`],
      ],
      [
        { object: 'Lead', operation: 5 },
        [
          400,
          'JSON_PARSER_ERROR',
          'Malformed request: Invalid input: expected string, received number',
        ],
      ],
    ];
    for (const [body, expected, session] of cases) {
      const res = await h.call('POST', `${V}/jobs/ingest`, { body: JSON.stringify(body), session });
      assert.deepEqual(error(res), expected, JSON.stringify(body));
    }
  });

  it('opens jobs with the defaults and the canonical names Salesforce answers with', async () => {
    const rule = String(
      h.org.store.get('SELECT "Id" FROM "AssignmentRule" WHERE "Active" = 1')!.Id,
    );
    const res = await h.call('POST', `${V}/jobs/ingest`, {
      body: JSON.stringify({
        object: 'lead',
        operation: 'upsert',
        externalIdFieldName: 'legacy_key__c',
        assignmentRuleId: rule.slice(0, 15),
        contentType: 'CSV',
      }),
      session: manager,
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers['content-type'], 'application/json;charset=UTF-8');
    const job = json(res);
    assert.match(String(job.id), /^750[0-9A-Za-z]{15}$/);
    assert.deepEqual(job, {
      id: job.id,
      operation: 'upsert',
      object: 'Lead',
      createdById: manager.userId,
      createdDate: '2026-01-10T19:31:08.000+0000',
      systemModstamp: '2026-01-10T19:31:08.000+0000',
      state: 'Open',
      externalIdFieldName: 'Legacy_Key__c',
      assignmentRuleId: rule,
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: 62,
      contentUrl: `services/data/v62.0/jobs/ingest/${job.id}/batches`,
      lineEnding: 'LF',
      columnDelimiter: 'COMMA',
    });
    assert.ok(logged.includes(`bulk ingest job ${job.id} opened: upsert Lead`), logged.join('\n'));
    // The other accepted forms: an Id upsert, a unique field, CRLF, each delimiter, an empty rule.
    const accepted: [Json, Json][] = [
      [
        { object: 'Lead', operation: 'upsert', externalIdFieldName: 'id' },
        { externalIdFieldName: 'Id' },
      ],
      [
        { object: 'User', operation: 'upsert', externalIdFieldName: 'Username' },
        { externalIdFieldName: 'Username' },
      ],
      [
        { object: 'Lead', operation: 'hardDelete', lineEnding: 'CRLF', assignmentRuleId: '' },
        { lineEnding: 'CRLF' },
      ],
      [
        { object: 'Lead', operation: 'delete', columnDelimiter: 'BACKQUOTE' },
        { columnDelimiter: 'BACKQUOTE' },
      ],
      [{ object: 'GroupMember', operation: 'insert' }, { object: 'GroupMember' }],
      [{ object: 'GroupMember', operation: 'delete' }, { operation: 'delete' }],
      [{ object: 'User', operation: 'update' }, { operation: 'update' }],
    ];
    for (const [body, expected] of accepted) {
      const created = await h.call('POST', `${V}/jobs/ingest`, { body: JSON.stringify(body) });
      assert.equal(created.status, 200, created.text);
      const summary = json(created);
      for (const [key, value] of Object.entries(expected)) {
        assert.equal(summary[key], value, `${JSON.stringify(body)}: ${key}`);
      }
      assert.equal('assignmentRuleId' in summary, false);
      await c.patch(String(summary.id), 'Aborted');
    }
    await c.patch(String(job.id), 'Aborted', manager);
  });

  it('has no Bulk API 2.0 before API version 41.0', async () => {
    const old = await h.call('POST', '/services/data/v40.0/jobs/ingest', {
      body: JSON.stringify({ object: 'Lead', operation: 'insert' }),
    });
    assert.deepEqual(error(old), [404, 'NOT_FOUND', 'The requested resource does not exist']);
    const list = await h.call('GET', '/services/data/v40.0/jobs/ingest');
    assert.deepEqual(error(list), [404, 'NOT_FOUND', 'The requested resource does not exist']);
    const id = await c.open(
      { object: 'Lead', operation: 'insert' },
      undefined,
      '/services/data/v41.0',
    );
    for (const path of ['', '/successfulResults', '/batches']) {
      const res = await h.call(
        path === '/batches' ? 'PUT' : 'GET',
        `/services/data/v40.0/jobs/ingest/${id}${path}`,
      );
      assert.deepEqual(error(res), [404, 'NOT_FOUND', 'The requested resource does not exist']);
    }
    const listed = json<{ records: Json[] }>(
      await h.call('GET', '/services/data/v41.0/jobs/ingest'),
    );
    assert.ok(listed.records.some((r) => r.id === id));
    await c.patch(id, 'Aborted');
  });

  it('updates row by row: each failure with its error, and sf__Id only when the Id was usable', async () => {
    const [first, second, third] = leads(3);
    const owner = manager.userId;
    const csv =
      'Id,OwnerId,Title\n' +
      `${first.Id},${owner},Updated\n` +
      `${MISSING_LEAD},${owner},Missing\n` +
      `${second.Id},${MISSING_USER},Bad owner\n` +
      `00Qbad,${owner},Malformed\n` +
      `,${owner},No id\n` +
      ` ${third.Id} ,${owner},Spaces\n`;
    const ran = await c.run({ object: 'Lead', operation: 'update' }, csv);
    assert.equal(ran.info.state, 'JobComplete');
    assert.equal(ran.info.numberRecordsProcessed, 6);
    assert.equal(ran.info.numberRecordsFailed, 4);
    assert.equal(
      ran.ok,
      '"sf__Id","sf__Created",Id,OwnerId,Title\n' +
        `${first.Id},false,${first.Id},${owner},Updated\n` +
        `${third.Id},false, ${third.Id} ,${owner},Spaces\n`,
    );
    assert.equal(
      ran.failed,
      '"sf__Id","sf__Error",Id,OwnerId,Title\n' +
        `"","INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--",${MISSING_LEAD},${owner},Missing\n` +
        `${second.Id},"INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:OwnerId --",${second.Id},${MISSING_USER},Bad owner\n` +
        `"","MALFORMED_ID:Lead ID: id value of incorrect type: 00Qbad:Id --",00Qbad,${owner},Malformed\n` +
        `"","MISSING_ARGUMENT:Id not specified in an update call:--",,${owner},No id\n`,
    );
    assert.equal(ran.unprocessed, 'Id,OwnerId,Title\n');
    assert.equal(lead(first.Id)!.Title, 'Updated');
    assert.equal(lead(first.Id)!.OwnerId, owner);
    assert.equal(lead(third.Id)!.Title, 'Spaces');
    assert.equal(lead(second.Id)!.Title, second.Title, 'a failed row changes nothing');
    assert.equal(lead(second.Id)!.OwnerId, second.OwnerId);

    // Before API 53.0 a failed row's sf__Id is always empty.
    const older = await c.run(
      { object: 'Lead', operation: 'update' },
      `Id,OwnerId\n${second.Id},${MISSING_USER}\n`,
      undefined,
      '/services/data/v52.0',
    );
    assert.equal(
      older.failed,
      '"sf__Id","sf__Error",Id,OwnerId\n' +
        `"","INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:OwnerId --",${second.Id},${MISSING_USER}\n`,
    );
    assert.equal(older.info.apiVersion, 52);
  });

  it('inserts with sf__Created true; an empty value leaves a field alone, #N/A sets null, an Id is refused', async () => {
    const ran = await c.run(
      { object: 'Lead', operation: 'insert' },
      'LastName,Company,Title,Rating\n' + 'Ng,Acme,,Hot\n' + 'Li,Acme,#N/A,Warm\n' + ',,CTO,Hot\n',
    );
    const lines = ran.ok.split('\n');
    assert.equal(lines[0], '"sf__Id","sf__Created",LastName,Company,Title,Rating');
    const [ng, li] = lines.slice(1, 3).map((line) => line.split(','));
    assert.match(ng[0], /^00Q[0-9A-Za-z]{15}$/);
    assert.deepEqual(ng.slice(1), ['true', 'Ng', 'Acme', '', 'Hot']);
    assert.deepEqual(li.slice(1), ['true', 'Li', 'Acme', '#N/A', 'Warm']);
    assert.equal(lines.length, 4);
    assert.equal(
      ran.failed,
      '"sf__Id","sf__Error",LastName,Company,Title,Rating\n' +
        '"","REQUIRED_FIELD_MISSING:Required fields are missing: [LastName, Company]:LastName,Company --",,,CTO,Hot\n',
    );
    assert.equal(lead(ng[0])!.Title, null);
    assert.equal(lead(ng[0])!.LastName, 'Ng');
    assert.equal(lead(li[0])!.Title, null);
    assert.equal(lead(li[0])!.Rating, 'Warm');

    // On update the difference shows: empty keeps the value, #N/A clears it.
    const kept = await c.run(
      { object: 'Lead', operation: 'update' },
      `Id,Title,Rating\n${ng[0]},Kept,Cold\n${li[0]},Gone,Cold\n`,
    );
    assert.equal(kept.info.numberRecordsFailed, 0);
    await c.run(
      { object: 'Lead', operation: 'update' },
      `Id,Title,Rating\n${ng[0]},,#N/A\n${li[0]},#N/A,\n`,
    );
    assert.deepEqual([lead(ng[0])!.Title, lead(ng[0])!.Rating], ['Kept', null]);
    assert.deepEqual([lead(li[0])!.Title, lead(li[0])!.Rating], [null, 'Cold']);

    const [existing] = leads(1);
    const withId = await c.run(
      { object: 'Lead', operation: 'insert' },
      `Id,LastName,Company\n${existing.Id},Again,Acme\n`,
    );
    assert.equal(
      withId.failed,
      '"sf__Id","sf__Error",Id,LastName,Company\n' +
        `"","INVALID_FIELD_FOR_INSERT_UPDATE:cannot specify Id in an insert call:Id --",${existing.Id},Again,Acme\n`,
    );
    assert.equal(withId.info.numberRecordsFailed, 1);
  });

  it('upserts on Id: a row with an Id updates it, a row without one inserts', async () => {
    const [existing] = leads(1);
    const ran = await c.run(
      { object: 'Lead', operation: 'upsert', externalIdFieldName: 'Id' },
      `Id,LastName,Company,Title\n${existing.Id},Upserted,Acme,By Id\n,Fresh,Acme,By Id\n`,
    );
    const [, updated, inserted] = ran.ok.split('\n').map((line) => line.split(','));
    assert.deepEqual(updated.slice(0, 2), [existing.Id, 'false']);
    assert.equal(inserted[1], 'true');
    assert.equal(lead(existing.Id)!.LastName, 'Upserted');
    assert.equal(lead(inserted[0])!.LastName, 'Fresh');
    assert.equal(ran.failed, '"sf__Id","sf__Error",Id,LastName,Company,Title\n');
  });

  it('upserts on an external Id: one match updates, none inserts, a blank, repeated or ambiguous key fails its row', async () => {
    const [one, two, three, gone] = leads(4, 10);
    const setKey = (id: string, key: string) =>
      h.org.store.run('UPDATE "Lead" SET "Legacy_Key__c" = ? WHERE "Id" = ?', key, id);
    setKey(one.Id, 'K-1');
    setKey(two.Id, 'K-2');
    setKey(three.Id, 'K-2');
    // A deleted record (in the recycle bin) is not matched.
    setKey(gone.Id, 'K-GONE');
    h.org.store.run('UPDATE "Lead" SET "IsDeleted" = 1 WHERE "Id" = ?', gone.Id);
    const ran = await c.run(
      { object: 'Lead', operation: 'upsert', externalIdFieldName: 'Legacy_Key__c' },
      'LastName,Legacy_Key__c,Company,Title\n' +
        'Known, K-1 ,Acme,Updated\n' +
        'Fresh,K-NEW,Acme,Inserted\n' +
        'Blank,,Acme,No key\n' +
        'Again,K-1,Acme,Second time\n' +
        'Two,K-2,Acme,Ambiguous\n' +
        'Revived,K-GONE,Acme,Not the deleted one\n',
    );
    assert.equal(ran.info.numberRecordsProcessed, 6);
    assert.equal(ran.info.numberRecordsFailed, 3);
    const ok = ran.ok.split('\n');
    assert.equal(ok[0], '"sf__Id","sf__Created",LastName,Legacy_Key__c,Company,Title');
    assert.equal(ok[1], `${one.Id},false,Known, K-1 ,Acme,Updated`);
    const fresh = ok[2].split(',')[0];
    assert.equal(ok[2], `${fresh},true,Fresh,K-NEW,Acme,Inserted`);
    const revived = ok[3].split(',')[0];
    assert.equal(ok[3], `${revived},true,Revived,K-GONE,Acme,Not the deleted one`);
    assert.notEqual(revived, gone.Id);
    assert.equal(ok.length, 5);
    const ids = [two.Id, three.Id].sort().join(', ');
    assert.equal(
      ran.failed,
      '"sf__Id","sf__Error",LastName,Legacy_Key__c,Company,Title\n' +
        '"","MISSING_ARGUMENT:Legacy_Key__c not specified:Legacy_Key__c --",Blank,,Acme,No key\n' +
        '"","DUPLICATE_EXTERNAL_ID:Duplicate external id specified: K-1:Legacy_Key__c --",Again,K-1,Acme,Second time\n' +
        `"","DUPLICATE_EXTERNAL_ID:Legacy_Key__c: more than 1 record found for external id field: [${ids}]:Legacy_Key__c --",Two,K-2,Acme,Ambiguous\n`,
    );
    assert.deepEqual(
      [lead(one.Id)!.LastName, lead(one.Id)!.Title, lead(one.Id)!.Legacy_Key__c],
      ['Known', 'Updated', 'K-1'],
    );
    assert.deepEqual([lead(fresh)!.Legacy_Key__c, lead(fresh)!.Title], ['K-NEW', 'Inserted']);
    assert.equal(lead(revived)!.Legacy_Key__c, 'K-GONE');
    for (const untouched of [two, three]) {
      assert.equal(lead(untouched.Id)!.Title, untouched.Title);
    }
  });

  it('deletes to the recycle bin, hard-deletes for good, and fails a row without an Id', async () => {
    const [soft, hard, other] = leads(3, 20);
    const deleted = await c.run(
      { object: 'Lead', operation: 'delete' },
      `Id\n${soft.Id}\n\n${MISSING_LEAD}\n`,
    );
    assert.equal(deleted.ok, `"sf__Id","sf__Created",Id\n${soft.Id},false,${soft.Id}\n`);
    assert.equal(
      deleted.failed,
      `"sf__Id","sf__Error",Id\n"","INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--",${MISSING_LEAD}\n`,
    );
    assert.equal(lead(soft.Id)!.IsDeleted, 1, 'a deleted lead stays, in the recycle bin');
    const purged = await c.run(
      { object: 'Lead', operation: 'hardDelete' },
      `Id,Title\n${hard.Id},x\n,y\n`,
    );
    assert.equal(purged.ok, `"sf__Id","sf__Created",Id,Title\n${hard.Id},false,${hard.Id},x\n`);
    assert.equal(
      purged.failed,
      '"sf__Id","sf__Error",Id,Title\n"","MISSING_ARGUMENT:Id not specified in a delete call:--",,y\n',
    );
    assert.equal(lead(hard.Id), undefined, 'a hard-deleted lead is gone, not in the recycle bin');
    assert.equal(lead(other.Id)!.IsDeleted, 0);
    const noId = await c.run({ object: 'Lead', operation: 'delete' }, `Id\n""\n`);
    assert.equal(
      noId.failed,
      '"sf__Id","sf__Error",Id\n"","MISSING_ARGUMENT:Id not specified in a delete call:--",""\n',
    );
  });

  it('fails the whole job on a bad header, every row unprocessed and nothing changed', async () => {
    const [target] = leads(1, 25);
    const cases: [Json, string, string][] = [
      [
        { object: 'Lead', operation: 'update' },
        `Id,Bogus__c\n${target.Id},x\n`,
        'InvalidBatch : Field name not found : Bogus__c',
      ],
      [
        { object: 'Lead', operation: 'update' },
        `Id,Title,title\n${target.Id},x,y\n`,
        'InvalidBatch : Duplicate field name: title',
      ],
      [
        { object: 'Lead', operation: 'update' },
        `Id,Id\n${target.Id},${target.Id}\n`,
        'InvalidBatch : Duplicate field name: Id',
      ],
      [
        { object: 'Lead', operation: 'update' },
        'Title\nx\n',
        'InvalidBatch : Field name not found : Id (required for update)',
      ],
      [
        { object: 'Lead', operation: 'delete' },
        'Title\nx\n',
        'InvalidBatch : Field name not found : Id (required for delete)',
      ],
      [
        { object: 'Lead', operation: 'hardDelete' },
        'Title\nx\n',
        'InvalidBatch : Field name not found : Id (required for hardDelete)',
      ],
      [
        { object: 'Lead', operation: 'upsert', externalIdFieldName: 'Legacy_Key__c' },
        `Id,Title\n${target.Id},x\n`,
        'InvalidBatch : The external ID field Legacy_Key__c is missing from the header',
      ],
    ];
    for (const [body, csv, message] of cases) {
      const ran = await c.run(body, csv);
      assert.equal(ran.info.state, 'Failed', csv);
      assert.equal(ran.info.errorMessage, message);
      assert.equal(ran.info.numberRecordsProcessed, 0);
      const [header] = csv.split('\n');
      assert.equal(ran.unprocessed, csv);
      assert.equal(ran.ok, `"sf__Id","sf__Created",${header}\n`);
      assert.equal(ran.failed, `"sf__Id","sf__Error",${header}\n`);
    }
    assert.equal(lead(target.Id)!.Title, target.Title);
    // Header names are trimmed and matched without regard to case; insert needs no Id column.
    const spaced = await c.run(
      { object: 'Lead', operation: 'update' },
      ` id , TITLE \n${target.Id},Trimmed\n`,
    );
    assert.equal(spaced.info.state, 'JobComplete');
    assert.equal(lead(target.Id)!.Title, 'Trimmed');
    const inserted = await c.run(
      { object: 'Lead', operation: 'insert' },
      'LastName,Company\nA,B\n',
    );
    assert.equal(inserted.info.state, 'JobComplete');
    assert.equal(inserted.info.numberRecordsFailed, 0);
  });

  it('reads and writes the line ending and delimiter the job names, and fails data with another line ending', async () => {
    const [a, b] = leads(2, 26);
    const crlf = await c.run(
      { object: 'Lead', operation: 'update', lineEnding: 'CRLF', columnDelimiter: 'SEMICOLON' },
      `Id;Title\r\n${a.Id};"Semi;colon"\r\n\r\n${b.Id};Plain\r\n`,
    );
    assert.equal(crlf.info.state, 'JobComplete');
    assert.equal(
      crlf.ok,
      `"sf__Id";"sf__Created";Id;Title\r\n${a.Id};false;${a.Id};"Semi;colon"\r\n${b.Id};false;${b.Id};Plain\r\n`,
    );
    b.Title = 'Plain';
    assert.equal(lead(a.Id)!.Title, 'Semi;colon');
    assert.equal(crlf.unprocessed, 'Id;Title\r\n');
    const delimiters: [string, string][] = [
      ['TAB', '\t'],
      ['PIPE', '|'],
      ['CARET', '^'],
      ['BACKQUOTE', '`'],
      ['COMMA', ','],
    ];
    for (const [name, d] of delimiters) {
      const ran = await c.run(
        { object: 'Lead', operation: 'update', columnDelimiter: name },
        `Id${d}Title${d}Rating\n${a.Id}${d}By ${name}${d}"Hot"\n`,
      );
      assert.equal(
        ran.ok,
        `"sf__Id"${d}"sf__Created"${d}Id${d}Title${d}Rating\n${a.Id}${d}false${d}${a.Id}${d}By ${name}${d}"Hot"\n`,
      );
      assert.equal(lead(a.Id)!.Title, `By ${name}`);
      assert.equal(lead(a.Id)!.Rating, 'Hot');
    }
    // A byte order mark before the header is not part of the first column's name.
    const bom = await c.run(
      { object: 'Lead', operation: 'update' },
      `\uFEFFId,Title\n${a.Id},Bom\n`,
    );
    assert.equal(bom.info.state, 'JobComplete');
    assert.equal(lead(a.Id)!.Title, 'Bom');

    const wrong: [string, string, string][] = [
      ['LF', `Id,Title\r\n${b.Id},Crlf\r\n`, `Id,Title\n${b.Id},Crlf\n`],
      ['CRLF', `Id,Title\n${b.Id},Lf\n`, `Id,Title\r\n${b.Id},Lf\r\n`],
    ];
    for (const [lineEnding, csv, unprocessed] of wrong) {
      const ran = await c.run({ object: 'Lead', operation: 'update', lineEnding }, csv);
      assert.equal(ran.info.state, 'Failed');
      assert.equal(
        ran.info.errorMessage,
        `ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is ${lineEnding}`,
      );
      assert.equal(ran.unprocessed, unprocessed);
      assert.equal(ran.info.numberRecordsProcessed, 0);
    }
    assert.equal(lead(b.Id)!.Title, b.Title);
    // A header without a line ending at all is fine with either setting.
    for (const lineEnding of ['LF', 'CRLF']) {
      const single = await c.run({ object: 'Lead', operation: 'update', lineEnding }, 'Id,Title');
      assert.equal(single.info.state, 'JobComplete', lineEnding);
      const nl = lineEnding === 'CRLF' ? '\r\n' : '\n';
      assert.equal(single.ok, `"sf__Id","sf__Created",Id,Title${nl}`);
      assert.equal(single.unprocessed, `Id,Title${nl}`);
    }
  });

  it('fails the job on CSV it cannot parse; rows read before the bad one are unprocessed', async () => {
    const [a, b] = leads(2, 28);
    const ran = await c.run(
      { object: 'Lead', operation: 'update' },
      `Id,Title\n${a.Id},One\n${b.Id},Two\n${b.Id},Three,extra\n`,
    );
    assert.equal(ran.info.state, 'Failed');
    assert.equal(
      ran.info.errorMessage,
      'InvalidBatch : Failed to parse CSV: Invalid Record Length: expect 2, got 3 on line 4',
    );
    assert.equal(ran.unprocessed, `Id,Title\n${a.Id},One\n${b.Id},Two\n`);
    assert.equal(ran.info.numberRecordsProcessed, 0);
    assert.deepEqual([lead(a.Id)!.Title, lead(b.Id)!.Title], [a.Title, b.Title]);
  });

  it('closes a job with no data: complete, with header-only results', async () => {
    const ran = await c.run({ object: 'Lead', operation: 'insert' }, null);
    assert.equal(ran.info.state, 'JobComplete');
    assert.equal(ran.ok, '"sf__Id","sf__Created"\n');
    assert.equal(ran.failed, '"sf__Id","sf__Error"\n');
    assert.equal(ran.unprocessed, '');
  });

  it('runs the assignment rule only when the job names it', async () => {
    const rows = leads(6, 30);
    const rule = String(
      h.org.store.get('SELECT "Id" FROM "AssignmentRule" WHERE "Active" = 1')!.Id,
    );
    const csv = `Id,OwnerId\n${rows.map((r) => `${r.Id},${manager.userId}`).join('\n')}\n`;
    await c.run({ object: 'Lead', operation: 'update' }, csv);
    assert.ok(rows.every((r) => lead(r.Id)!.OwnerId === manager.userId));
    await c.run({ object: 'Lead', operation: 'update', assignmentRuleId: rule }, csv);
    const owners = rows.map((r) => lead(r.Id)!.OwnerId);
    assert.deepEqual(
      owners,
      rows.map((r) => assignOwner(h.org.store, rule, { ...lead(r.Id)!, OwnerId: manager.userId })),
    );
    assert.ok(
      owners.every((o) => o !== manager.userId),
      'the rule chose the owners',
    );
  });

  it("runs as the user who created it: a partner's rows for another account's leads fail, its own succeed", async () => {
    const accountId = h.users.find((u) => u.userId === partner.userId)!.accountId;
    const own = h.org.store
      .all(
        'SELECT "Id" FROM "Lead" WHERE "OwnerId" = ? AND "IsConverted" = 0 AND "IsDeleted" = 0 ORDER BY "Id" LIMIT 1',
        partner.userId,
      )
      .map((r) => String(r.Id));
    const others = h.org.store
      .all(
        'SELECT "Id", "Title" FROM "Lead" WHERE "PartnerAccountId" IS NOT NULL AND "PartnerAccountId" != ? AND "IsConverted" = 0 AND "IsDeleted" = 0 ORDER BY "Id" LIMIT 2',
        accountId,
      )
      .map((r) => ({ Id: String(r.Id), Title: r.Title }));
    assert.equal(own.length, 1, 'the partner owns a lead');
    assert.equal(others.length, 2);
    const ran = await c.run(
      { object: 'Lead', operation: 'update' },
      `Id,Title\n${own[0]},Partner\n${others.map((o) => `${o.Id},Partner`).join('\n')}\n`,
      partner,
    );
    assert.equal(ran.info.createdById, partner.userId);
    assert.equal(ran.ok, `"sf__Id","sf__Created",Id,Title\n${own[0]},false,${own[0]},Partner\n`);
    assert.equal(
      ran.failed,
      '"sf__Id","sf__Error",Id,Title\n' +
        others
          .map(
            (o) =>
              `${o.Id},"INSUFFICIENT_ACCESS_OR_READONLY:insufficient access rights on object id:--",${o.Id},Partner\n`,
          )
          .join(''),
    );
    assert.equal(lead(own[0])!.Title, 'Partner');
    for (const o of others) assert.equal(lead(o.Id)!.Title, o.Title);
    // The admin sees every job; the partner sees only its own.
    const hidden = await h.call('GET', `${V}/jobs/ingest/${ran.id}`, { session: manager });
    assert.deepEqual(error(hidden), [404, 'NOT_FOUND', 'The requested resource does not exist']);
    assert.equal((await h.call('GET', `${V}/jobs/ingest/${ran.id}`)).status, 200);
  });

  it('refuses a job whose creator was deactivated before it ran', async () => {
    const user = h.users.find(
      (u) => u.kind === 'channel-manager' && u.active && u.userId !== manager.userId,
    )!;
    const session = h.session(user.userId);
    const [target] = leads(1, 36);
    const id = await c.open({ object: 'Lead', operation: 'update' }, session);
    assert.equal((await c.put(id, `Id,Title\n${target.Id},Late\n`, {}, session)).status, 201);
    h.org.store.run('UPDATE "User" SET "IsActive" = 0 WHERE "Id" = ?', user.userId);
    try {
      assert.equal((await c.patch(id, 'UploadComplete', session)).status, 200);
      await c.settle(id);
      const ran = await c.read(id);
      assert.equal(ran.info.state, 'Failed');
      assert.equal(
        ran.info.errorMessage,
        'InvalidUser : the user who created the job is not active',
      );
      assert.equal(ran.ok, '"sf__Id","sf__Created"\n');
      assert.equal(lead(target.Id)!.Title, target.Title);
    } finally {
      h.org.store.run('UPDATE "User" SET "IsActive" = 1 WHERE "Id" = ?', user.userId);
    }
  });

  it('moves jobs only through the states Salesforce allows, and gives results once a job has ended', async () => {
    const [target] = leads(1, 37);
    const id = await c.open({ object: 'Lead', operation: 'update' });
    const job = `${V}/jobs/ingest/${id}`;
    const early = await h.call('GET', `${job}/successfulResults`);
    assert.deepEqual(error(early), [
      400,
      'INVALIDJOBSTATE',
      `Job ${id} is Open: results are available once it is JobComplete, Failed or Aborted`,
    ]);
    const openDelete = await h.call('DELETE', job);
    assert.deepEqual(error(openDelete), [
      400,
      'INVALIDJOBSTATE',
      `Job ${id} is Open: only UploadComplete, JobComplete, Aborted or Failed jobs can be deleted`,
    ]);
    assert.deepEqual(error(await c.patch(id, 'JobComplete')), [
      400,
      'INVALIDJOBSTATE',
      `Invalid state transition for job ${id}: from Open to JobComplete`,
    ]);
    const noState = await h.call('PATCH', job, { body: '{}' });
    assert.deepEqual(error(noState), [
      400,
      'JSON_PARSER_ERROR',
      'Malformed request: state is required',
    ]);
    assert.equal((await c.put(id, `Id,Title\n${target.Id},Closed\n`)).status, 201);
    const closed = await c.patch(id, 'UploadComplete');
    assert.equal(json(closed).state, 'UploadComplete');
    assert.ok(logged.includes(`bulk ingest job ${id}: UploadComplete`));
    assert.deepEqual(error(await c.patch(id, 'UploadComplete')), [
      400,
      'INVALIDJOBSTATE',
      `Invalid state transition for job ${id}: from UploadComplete to UploadComplete`,
    ]);
    const late = await c.put(id, 'Id,Title\n');
    assert.deepEqual(error(late), [
      409,
      'INVALIDJOBSTATE',
      `Job ${id} is in state UploadComplete: data can only be uploaded to an Open job`,
    ]);
    await c.settle(id);
    const done = json(await h.call('GET', job));
    assert.equal(done.state, 'JobComplete');
    assert.equal(done.numberRecordsProcessed, 1);
    assert.deepEqual(error(await c.patch(id, 'Aborted')), [
      400,
      'INVALIDJOBSTATE',
      `Invalid state transition for job ${id}: from JobComplete to Aborted`,
    ]);
    assert.equal(lead(target.Id)!.Title, 'Closed');
    const removed = await h.call('DELETE', job);
    assert.equal(removed.status, 204);
    assert.deepEqual(error(await h.call('GET', job)), [
      404,
      'NOT_FOUND',
      'The requested resource does not exist',
    ]);

    // Aborting an open job: nothing runs, everything uploaded comes back unprocessed.
    const abortedId = await c.open({ object: 'Lead', operation: 'update' });
    await c.put(abortedId, `Id,Title\n${target.Id},Aborted\n`);
    const aborted = await c.patch(abortedId, 'Aborted');
    assert.equal(json(aborted).state, 'Aborted');
    await c.settle(abortedId);
    const ran = await c.read(abortedId);
    assert.equal(ran.info.state, 'Aborted');
    assert.equal(ran.unprocessed, `Id,Title\n${target.Id},Aborted\n`);
    assert.equal(ran.ok, '"sf__Id","sf__Created",Id,Title\n');
    assert.equal(lead(target.Id)!.Title, 'Closed');
    assert.deepEqual(error(await c.patch(abortedId, 'UploadComplete')), [
      400,
      'INVALIDJOBSTATE',
      `Invalid state transition for job ${abortedId}: from Aborted to UploadComplete`,
    ]);
    // An UploadComplete job deleted at once is aborted first: its data is never applied.
    const quick = await c.open({ object: 'Lead', operation: 'update' });
    await c.put(quick, `Id,Title\n${target.Id},Never\n`);
    await c.patch(quick, 'UploadComplete');
    assert.equal((await h.call('DELETE', `${V}/jobs/ingest/${quick}`)).status, 204);
    assert.equal(lead(target.Id)!.Title, 'Closed');
    assert.equal((await h.call('GET', `${V}/jobs/ingest/${quick}`)).status, 404);
  });

  it('takes one upload: gzip or identity, one at a time, and not a second before closing', async () => {
    const [a, b] = leads(2, 38);
    const zipped = await c.open({ object: 'Lead', operation: 'update' });
    const gz = await c.put(zipped, gzipSync(`Id,Title\n${a.Id},Zipped\n`), {
      'Content-Encoding': ' GZIP ',
    });
    assert.equal(gz.status, 201);
    assert.equal(gz.text, '');
    await c.patch(zipped, 'UploadComplete');
    await c.settle(zipped);
    assert.equal(lead(a.Id)!.Title, 'Zipped');
    const plain = await h.call('GET', `${V}/jobs/ingest/${zipped}/successfulResults`);
    const packed = await h.call('GET', `${V}/jobs/ingest/${zipped}/successfulResults`, {
      headers: { 'Accept-Encoding': 'gzip' },
    });
    assert.equal(packed.headers['content-encoding'], 'gzip');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers['content-type'], 'text/csv');
    assert.equal(gunzipSync(packed.bytes).toString('utf8'), plain.text);
    assert.equal(plain.text, `"sf__Id","sf__Created",Id,Title\n${a.Id},false,${a.Id},Zipped\n`);

    const identity = await c.open({ object: 'Lead', operation: 'update' });
    assert.equal(
      (await c.put(identity, `Id,Title\n${b.Id},Identity\n`, { 'Content-Encoding': 'identity' }))
        .status,
      201,
    );
    const deflate = await c.put(identity, 'Id,Title\n', { 'Content-Encoding': 'deflate' });
    assert.deepEqual(error(deflate), [
      400,
      'INVALID_REQUEST',
      'Unsupported Content-Encoding: deflate',
    ]);
    const broken = await c.put(identity, 'not gzip', { 'Content-Encoding': 'gzip' });
    assert.deepEqual(error(broken), [
      400,
      'CLIENTINPUTERROR',
      'The job data could not be read: incorrect header check',
    ]);
    // Neither refused upload counts: the job closes with its one good upload.
    await c.patch(identity, 'UploadComplete');
    await c.settle(identity);
    assert.equal(lead(b.Id)!.Title, 'Identity');

    const twice = await c.open({ object: 'Lead', operation: 'update' });
    const first = c.put(twice, `Id,Title\n${a.Id},First\n`);
    const during = await c.put(twice, 'Id,Title\n');
    assert.deepEqual(error(during), [
      409,
      'INVALIDJOBSTATE',
      `Job ${twice} is already receiving data`,
    ]);
    assert.deepEqual(error(await c.patch(twice, 'UploadComplete')), [
      400,
      'INVALIDJOBSTATE',
      `Invalid state transition for job ${twice}: from Open to UploadComplete`,
    ]);
    assert.equal((await first).status, 201);
    assert.equal((await c.put(twice, `Id,Title\n${a.Id},Second\n`)).status, 201);
    assert.deepEqual(error(await c.patch(twice, 'UploadComplete')), [
      400,
      'INVALIDJOB',
      `Found multipe contents for job: <${twice.slice(0, 15)}>, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and make sure you only do 'PUT' once on a given Job.`,
    ]);
    assert.equal(json(await c.patch(twice, 'Aborted')).state, 'Aborted');
    await c.settle(twice);
    assert.equal(lead(a.Id)!.Title, 'Zipped', 'an aborted job applies neither upload');
  });
});

describe('Bulk API 2.0 ingest in process: batches, the upload cap and a failing job', () => {
  let h: IngestOrg;
  let c: ReturnType<typeof client>;
  before(async () => {
    h = await startIngestOrg({
      bulk: { batchSize: 2, maxUploadBytes: 4096 },
      faults: ['fail-bulk-job=ingest:2'],
    });
    c = client(h);
  });
  after(() => h.close());

  const leadIds = (count: number): string[] =>
    h.org.store
      .all('SELECT "Id" FROM "Lead" WHERE "IsConverted" = 0 ORDER BY "Id" LIMIT ?', count)
      .map((r) => String(r.Id));
  const title = (id: string) =>
    h.org.store.get('SELECT "Title" FROM "Lead" WHERE "Id" = ?', id)!.Title;

  it('refuses an upload over the cap counted in base64 bytes, and keeps the job open', async () => {
    const id = await c.open({ object: 'Lead', operation: 'update' });
    // 3,072 bytes are 4,096 in base64: exactly the cap. One more byte is 4,100.
    const fits = `Id,Title\n${'x'.repeat(3072 - 9)}`;
    const over = `${fits}y`;
    const refused = await c.put(id, over);
    assert.deepEqual(error(refused), [
      400,
      'EXCEEDED_QUOTA',
      'The job data exceeds the maximum of 4096 bytes of base64-encoded content per job (3073 bytes were sent, 4100 encoded): split it into several jobs',
    ]);
    const gz = await c.put(id, gzipSync(over), { 'Content-Encoding': 'gzip' });
    assert.equal(error(gz)[1], 'EXCEEDED_QUOTA', 'the cap counts the data, not the gzip');
    assert.equal((await c.put(id, fits)).status, 201);
    assert.equal(json(await c.patch(id, 'UploadComplete')).state, 'UploadComplete');
    await c.settle(id);
  });

  it('processes in batches: counts move per batch, and the injected fault fails the job after two', async () => {
    const ids = leadIds(7);
    const csv = `Id,Title\n${ids.map((id, i) => `${id},Batch ${i}`).join('\n')}\n`;
    const ran = await c.run({ object: 'Lead', operation: 'update' }, csv);
    assert.equal(ran.info.state, 'Failed');
    assert.equal(
      ran.info.errorMessage,
      'InternalServerError : Failed to process batch 3 after 10 retries (injected fault fail-bulk-job)',
    );
    assert.equal(ran.info.retries, 10);
    assert.equal(ran.info.numberRecordsProcessed, 4);
    assert.equal(
      ran.ok,
      `"sf__Id","sf__Created",Id,Title\n${ids
        .slice(0, 4)
        .map((id, i) => `${id},false,${id},Batch ${i}\n`)
        .join('')}`,
    );
    assert.equal(
      ran.unprocessed,
      `Id,Title\n${ids
        .slice(4)
        .map((id, i) => `${id},Batch ${i + 4}\n`)
        .join('')}`,
    );
    assert.deepEqual(
      ids.map((id) => title(id)),
      ids.map((id, i) => (i < 4 ? `Batch ${i}` : title(id))),
    );
    assert.notEqual(title(ids[4]), 'Batch 4');
    // Four rows are two batches: the job completes.
    const fits = await c.run(
      { object: 'Lead', operation: 'update' },
      `Id,Title\n${ids
        .slice(0, 4)
        .map((id) => `${id},Fits`)
        .join('\n')}\n`,
    );
    assert.equal(fits.info.state, 'JobComplete');
    assert.equal(fits.info.retries, 0);
    assert.equal('errorMessage' in fits.info, false);
  });

  it('stops at the next batch when aborted while in progress', async () => {
    const ids = leadIds(4);
    let release: () => void = () => undefined;
    let reached: () => void = () => undefined;
    const atGate = new Promise<void>((resolve) => (reached = resolve));
    h.bulk.unitGate = () => {
      reached();
      return new Promise<void>((resolve) => (release = resolve));
    };
    try {
      const id = await c.open({ object: 'Lead', operation: 'update' });
      await c.put(id, `Id,Title\n${ids.map((i) => `${i},Held`).join('\n')}\n`);
      await c.patch(id, 'UploadComplete');
      await atGate;
      const mid = json(await h.call('GET', `${V}/jobs/ingest/${id}`));
      assert.deepEqual([mid.state, mid.numberRecordsProcessed], ['InProgress', 2]);
      const aborted = await c.patch(id, 'Aborted');
      assert.equal(json(aborted).state, 'Aborted');
      release();
      await c.settle(id);
      const ran = await c.read(id);
      assert.equal(ran.info.state, 'Aborted');
      assert.equal(ran.info.numberRecordsProcessed, 2);
      assert.equal(ran.unprocessed, `Id,Title\n${ids[2]},Held\n${ids[3]},Held\n`);
      assert.deepEqual(
        ids.map((i) => title(i) === 'Held'),
        [true, true, false, false],
      );
    } finally {
      h.bulk.unitGate = null;
      release();
    }
  });
});
