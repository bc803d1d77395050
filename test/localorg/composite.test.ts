/**
 * The composite family with jsforce over HTTP: /composite (reference chaining, allOrNone and its
 * interplay with sObject Collections, the limits, malformed requests, the caller's sharing),
 * /composite/batch and /composite/tree.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { connect, startTestOrg, userOf } from '../support/org.ts';
import { api } from '../support/query.ts';

interface SubResult {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}

interface CompositeAnswer {
  compositeResponse: SubResult[];
}

const ROLLED_BACK = [
  {
    errorCode: 'PROCESSING_HALTED',
    message:
      'The transaction was rolled back since another operation in the same transaction failed.',
  },
];

async function failure(promise: Promise<unknown>): Promise<{ errorCode: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { errorCode: string; message: string };
  }
  throw new Error('expected a failure');
}

describe('composite resources', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  const count = async (soql: string) => (await conn.query(soql)).totalSize;

  before(async () => {
    org = await startTestOrg();
    conn = connect(org);
  });
  after(() => org.close());

  describe('/composite', () => {
    it('chains subrequests by referenceId and answers in the documented shape', async () => {
      const answer = await conn.requestPost<CompositeAnswer>('/composite', {
        compositeRequest: [
          {
            method: 'POST',
            url: '/services/data/v62.0/sobjects/Account',
            referenceId: 'refAccount',
            body: { Name: 'Composite Chain Co' },
          },
          {
            method: 'POST',
            url: '/services/data/v62.0/sobjects/Contact',
            referenceId: 'refContact',
            body: { LastName: 'Chained', AccountId: '@{refAccount.id}' },
          },
          {
            method: 'GET',
            url: '/services/data/v62.0/sobjects/Account/@{refAccount.id}?fields=Name',
            referenceId: 'NewAccountFields',
          },
          {
            method: 'GET',
            url: "/services/data/v62.0/query?q=SELECT Id, AccountId FROM Contact WHERE LastName = 'Chained'",
            referenceId: 'refQuery',
          },
          {
            method: 'PATCH',
            url: '/services/data/v62.0/sobjects/Contact/@{refQuery.records[0].Id}',
            referenceId: 'refUpdate',
            body: { Title: 'Name is @{NewAccountFields.Name}' },
          },
        ],
      });
      const [account, contact, fields, query, update] = answer.compositeResponse;
      assert.equal(account.httpStatusCode, 201);
      assert.equal(account.referenceId, 'refAccount');
      const accountId = (account.body as { id: string }).id;
      assert.deepEqual(account.body, { id: accountId, success: true, errors: [] });
      assert.deepEqual(account.httpHeaders, {
        Location: `/services/data/v62.0/sobjects/Account/${accountId}`,
      });
      assert.equal(contact.httpStatusCode, 201);
      assert.equal(fields.httpStatusCode, 200);
      assert.equal((fields.body as { Name: string }).Name, 'Composite Chain Co');
      assert.deepEqual(fields.httpHeaders, {});
      assert.equal(query.httpStatusCode, 200);
      assert.equal((query.body as { totalSize: number }).totalSize, 1);
      assert.deepEqual(update, {
        body: null,
        httpHeaders: {},
        httpStatusCode: 204,
        referenceId: 'refUpdate',
      });
      const saved = await conn.query<{ AccountId: string; Title: string }>(
        "SELECT AccountId, Title FROM Contact WHERE LastName = 'Chained'",
      );
      assert.equal(saved.records[0].AccountId, accountId);
      assert.equal(saved.records[0].Title, 'Name is Composite Chain Co');
    });

    it('lists the composite resources', async () => {
      assert.deepEqual(await conn.request('/composite'), {
        tree: '/services/data/v62.0/composite/tree',
        batch: '/services/data/v62.0/composite/batch',
        sobjects: '/services/data/v62.0/composite/sobjects',
      });
    });

    it('with allOrNone, rolls everything back and halts the other subrequests', async () => {
      const answer = await conn.requestPost<CompositeAnswer>('/composite', {
        allOrNone: true,
        compositeRequest: [
          {
            method: 'POST',
            url: '/services/data/v62.0/sobjects/Account',
            referenceId: 'okAccount',
            body: { Name: 'Rolled Back Co' },
          },
          {
            method: 'POST',
            url: '/services/data/v62.0/sobjects/Contact',
            referenceId: 'badContact',
            body: {
              LastName: 'Bad',
              AccountId: '@{okAccount.id}',
              Email: 'Not a real email address',
            },
          },
          {
            method: 'POST',
            url: '/services/data/v62.0/sobjects/Account',
            referenceId: 'laterAccount',
            body: { Name: 'Never Made Co' },
          },
        ],
      });
      const [first, bad, later] = answer.compositeResponse;
      assert.deepEqual(first, {
        body: ROLLED_BACK,
        httpHeaders: {},
        httpStatusCode: 400,
        referenceId: 'okAccount',
      });
      // The guide's example of a failed subrequest.
      assert.deepEqual(bad, {
        body: [
          {
            message: 'Email: invalid email address: Not a real email address',
            errorCode: 'INVALID_EMAIL_ADDRESS',
            fields: ['Email'],
          },
        ],
        httpHeaders: {},
        httpStatusCode: 400,
        referenceId: 'badContact',
      });
      assert.deepEqual(later.body, ROLLED_BACK);
      assert.equal(later.httpStatusCode, 400);
      assert.equal(
        await count("SELECT Id FROM Account WHERE Name IN ('Rolled Back Co', 'Never Made Co')"),
        0,
      );
    });

    it('without allOrNone, halts only the subrequests that depend on a failure', async () => {
      const answer = await conn.requestPost<CompositeAnswer>('/composite', {
        compositeRequest: [
          {
            method: 'POST',
            url: '/services/data/v62.0/sobjects/Account',
            referenceId: 'refNewAccount',
            body: { Industry: 'Banking' },
          },
          {
            method: 'POST',
            url: '/services/data/v62.0/sobjects/Contact',
            referenceId: 'refNewContact',
            body: { LastName: 'Orphan', AccountId: '@{refNewAccount.id}' },
          },
          {
            method: 'POST',
            url: '/services/data/v62.0/sobjects/Account',
            referenceId: 'refNewAccount2',
            body: { Name: 'Independent Co' },
          },
        ],
      });
      const [account, contact, other] = answer.compositeResponse;
      assert.equal(account.httpStatusCode, 400);
      assert.deepEqual(contact, {
        body: [
          {
            errorCode: 'PROCESSING_HALTED',
            message:
              "Invalid reference specified. No value for refNewAccount.id found in refNewAccount. Provided referenceId ('refNewAccount.id') must start with a letter or a number, and it can contain only letters, numbers and underscores ('_').",
          },
        ],
        httpHeaders: {},
        httpStatusCode: 400,
        referenceId: 'refNewContact',
      });
      assert.equal(other.httpStatusCode, 201);
      assert.equal(await count("SELECT Id FROM Account WHERE Name = 'Independent Co'"), 1);
      assert.equal(await count("SELECT Id FROM Contact WHERE LastName = 'Orphan'"), 0);
    });

    it('with allOrNone, an sObject Collections subrequest with a failed record rolls back the request', async () => {
      // The guide's fourth case: outer allOrNone true, inner false.
      const answer = await conn.requestPost<CompositeAnswer>('/composite', {
        allOrNone: true,
        collateSubrequests: false,
        compositeRequest: [
          {
            method: 'POST',
            url: '/services/data/v62.0/composite/sobjects',
            referenceId: 'collection1',
            body: {
              allOrNone: false,
              records: [
                { attributes: { type: 'Account' }, Name: 'Northern Trail Outfitters' },
                { attributes: { type: 'Account' }, BillingCity: 'Calgary' },
              ],
            },
          },
          {
            method: 'POST',
            url: '/services/data/v62.0/sobjects/Contact',
            referenceId: 'newContact',
            body: { FirstName: 'John', LastName: 'Smith-Composite' },
          },
        ],
      });
      const [collection, contact] = answer.compositeResponse;
      assert.equal(collection.httpStatusCode, 200);
      const records = collection.body as { success: boolean; errors: { statusCode: string }[] }[];
      assert.equal(records[0].success, true);
      assert.equal(records[1].errors[0].statusCode, 'REQUIRED_FIELD_MISSING');
      assert.deepEqual(contact.body, ROLLED_BACK);
      assert.equal(
        await count("SELECT Id FROM Account WHERE Name = 'Northern Trail Outfitters'"),
        0,
      );
      assert.equal(await count("SELECT Id FROM Contact WHERE LastName = 'Smith-Composite'"), 0);
    });

    it('uses a null value from API 52.0 and refuses it before', async () => {
      const contactId = (
        (await conn.sobject('Contact').create({ LastName: 'Wong-Null' })) as { id: string }
      ).id;
      const request = (v: string) => ({
        compositeRequest: [
          {
            method: 'GET',
            url: `/services/data/${v}/sobjects/Contact/${contactId}?fields=FirstName,LastName`,
            referenceId: 'refContact',
          },
          {
            method: 'POST',
            url: `/services/data/${v}/sobjects/Contact`,
            referenceId: 'newContact',
            body: { FirstName: '@{refContact.FirstName}', LastName: '@{refContact.LastName}' },
          },
        ],
      });
      const old = (
        await api(org, '/services/data/v51.0/composite', {
          method: 'POST',
          body: JSON.stringify(request('v51.0')),
        })
      ).body as CompositeAnswer;
      assert.equal(old.compositeResponse[1].httpStatusCode, 400);
      assert.match(
        (old.compositeResponse[1].body as { message: string }[])[0].message,
        /^Invalid reference specified\. No value for refContact\.FirstName found in refContact\./,
      );
      const now = await conn.requestPost<CompositeAnswer>('/composite', request('v62.0'));
      assert.equal(now.compositeResponse[1].httpStatusCode, 201);
      assert.equal(await count("SELECT Id FROM Contact WHERE LastName = 'Wong-Null'"), 2);
    });

    it('refuses more than 25 subrequests, or more than 5 queries, before running any', async () => {
      const create = (i: number) => ({
        method: 'POST',
        url: '/services/data/v62.0/sobjects/Account',
        referenceId: `a${i}`,
        body: { Name: `Over Limit ${i}` },
      });
      const tooMany = await failure(
        conn.requestPost('/composite', {
          compositeRequest: Array.from({ length: 26 }, (_, i) => create(i)),
        }),
      );
      assert.equal(tooMany.errorCode, 'LIMIT_EXCEEDED');
      assert.match(tooMany.message, /up to 25 subrequests/);
      const query = (i: number) => ({
        method: 'GET',
        url: '/services/data/v62.0/query?q=SELECT Id FROM Account LIMIT 1',
        referenceId: `q${i}`,
      });
      const queries = await failure(
        conn.requestPost('/composite', {
          compositeRequest: [create(0), ...Array.from({ length: 6 }, (_, i) => query(i))],
        }),
      );
      assert.equal(queries.errorCode, 'LIMIT_EXCEEDED');
      assert.equal(await count("SELECT Id FROM Account WHERE Name LIKE 'Over Limit%'"), 0);
      const exactly = await conn.requestPost<CompositeAnswer>('/composite', {
        compositeRequest: Array.from({ length: 25 }, (_, i) => create(i)),
      });
      assert.equal(exactly.compositeResponse.length, 25);
      assert.equal(await count("SELECT Id FROM Account WHERE Name LIKE 'Over Limit%'"), 25);
    });

    it('refuses a malformed request whole', async () => {
      const sub = {
        method: 'GET',
        url: '/services/data/v62.0/limits',
        referenceId: 'ok',
      };
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ ...sub, referenceId: 'bad-ref' }, /referenceId \('bad-ref'\) must start/],
        [{ ...sub, method: 'get' }, /Invalid method 'get'/],
        [{ ...sub, url: '/limits' }, /must start with \/services\/data\/vXX\.X\//],
        [{ ...sub, httpHeaders: { Authorization: 'Bearer x' } }, /Authorization header/],
      ];
      for (const [bad, message] of cases) {
        const error = await failure(conn.requestPost('/composite', { compositeRequest: [bad] }));
        assert.equal(error.errorCode, 'INVALID_INPUT', JSON.stringify(bad));
        assert.match(error.message, message);
      }
      const duplicate = await failure(
        conn.requestPost('/composite', { compositeRequest: [sub, sub] }),
      );
      assert.match(duplicate.message, /Duplicate referenceId 'ok'/);
      const shape = await failure(conn.requestPost('/composite', { compositeRequest: 'x' }));
      assert.equal(shape.errorCode, 'JSON_PARSER_ERROR');
    });

    it('answers a resource composite does not support as a halted subrequest', async () => {
      const answer = await conn.requestPost<CompositeAnswer>('/composite', {
        compositeRequest: [
          { method: 'GET', url: '/services/data/v62.0/limits', referenceId: 'limits' },
          {
            method: 'GET',
            url: '/services/data/v62.0/sobjects/Account/describe',
            referenceId: 'd',
          },
        ],
      });
      assert.equal(answer.compositeResponse[0].httpStatusCode, 400);
      assert.equal(
        (answer.compositeResponse[0].body as { errorCode: string }[])[0].errorCode,
        'PROCESSING_HALTED',
      );
      assert.equal(answer.compositeResponse[1].httpStatusCode, 200);
    });

    it('runs every subrequest as the caller, with the caller sharing', async () => {
      const partner = userOf(org, 'partner');
      const own = await conn.query<{ AccountId: string }>(
        `SELECT AccountId FROM User WHERE Id = '${partner.userId}'`,
      );
      const ownAccount = own.records[0].AccountId;
      const other = await conn.query<{ Id: string }>(
        `SELECT Id FROM Account WHERE Id != '${ownAccount}' AND IsPartner = true LIMIT 1`,
      );
      const answer = (
        await api(org, '/services/data/v62.0/composite', {
          method: 'POST',
          token: partner.accessToken ?? '',
          body: JSON.stringify({
            compositeRequest: [
              {
                method: 'GET',
                url: `/services/data/v62.0/sobjects/Account/${ownAccount}`,
                referenceId: 'mine',
              },
              {
                method: 'GET',
                url: `/services/data/v62.0/sobjects/Account/${other.records[0].Id}`,
                referenceId: 'theirs',
              },
            ],
          }),
        })
      ).body as CompositeAnswer;
      assert.equal(answer.compositeResponse[0].httpStatusCode, 200);
      assert.equal(answer.compositeResponse[1].httpStatusCode, 404);
    });

    it('counts as one API call, and passes a subrequest its own headers (If-Modified-Since)', async () => {
      const before = org.org.apiUsage();
      const answer = await conn.requestPost<CompositeAnswer>('/composite', {
        compositeRequest: [
          {
            method: 'GET',
            url: '/services/data/v62.0/sobjects/Account/describe',
            httpHeaders: { 'If-Modified-Since': 'Tue, 31 May 2099 18:00:00 GMT' },
            referenceId: 'AccountInfo',
          },
          { method: 'GET', url: '/services/data/v62.0/sobjects/Account', referenceId: 'basic' },
        ],
      });
      assert.equal(org.org.apiUsage(), before + 1);
      assert.equal(answer.compositeResponse[0].httpStatusCode, 304);
      assert.equal(answer.compositeResponse[0].body, null);
      assert.equal(answer.compositeResponse[1].httpStatusCode, 200);
    });
  });

  describe('/composite/batch', () => {
    it('runs independent subrequests, each committed and counted', async () => {
      const accountId = (
        (await conn.sobject('Account').create({ Name: 'Batch Target' })) as { id: string }
      ).id;
      const before = org.org.apiUsage();
      const answer = await conn.requestPost<{
        hasErrors: boolean;
        results: { statusCode: number; result: unknown }[];
      }>('/composite/batch', {
        batchRequests: [
          {
            method: 'PATCH',
            url: `v62.0/sobjects/Account/${accountId}`,
            richInput: { Name: 'NewName' },
          },
          { method: 'GET', url: `v62.0/sobjects/Account/${accountId}?fields=Name` },
          { method: 'GET', url: 'v62.0/sobjects/Account/001000000000000AAA' },
          { method: 'GET', url: '/services/data/v62.0/limits' },
        ],
      });
      assert.equal(org.org.apiUsage(), before + 4);
      assert.equal(answer.hasErrors, true);
      assert.deepEqual(answer.results[0], { statusCode: 204, result: null });
      assert.equal(answer.results[1].statusCode, 200);
      assert.equal((answer.results[1].result as { Name: string }).Name, 'NewName');
      assert.equal(answer.results[2].statusCode, 404);
      assert.deepEqual(answer.results[2].result, [
        { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' },
      ]);
      assert.equal(answer.results[3].statusCode, 200);
    });

    it('halts after a failure with haltOnError', async () => {
      const answer = await conn.requestPost<{
        hasErrors: boolean;
        results: { statusCode: number; result: { errorCode: string }[] | null }[];
      }>('/composite/batch', {
        haltOnError: true,
        batchRequests: [
          { method: 'POST', url: 'v62.0/sobjects/Account', richInput: { Name: 'Before Halt' } },
          { method: 'POST', url: 'v62.0/sobjects/Account', richInput: { Industry: 'Banking' } },
          { method: 'POST', url: 'v62.0/sobjects/Account', richInput: { Name: 'After Halt' } },
        ],
      });
      assert.equal(answer.hasErrors, true);
      assert.deepEqual(
        answer.results.map((r) => r.statusCode),
        [201, 400, 412],
      );
      assert.equal(answer.results[2].result?.[0].errorCode, 'BATCH_PROCESSING_HALTED');
      assert.equal(await count("SELECT Id FROM Account WHERE Name = 'Before Halt'"), 1);
      assert.equal(await count("SELECT Id FROM Account WHERE Name = 'After Halt'"), 0);
    });

    it('refuses more than 25 subrequests, later versions and unknown resources whole', async () => {
      const limits = { method: 'GET', url: 'v62.0/limits' };
      const tooMany = await failure(
        conn.requestPost('/composite/batch', { batchRequests: Array(26).fill(limits) }),
      );
      assert.equal(tooMany.errorCode, 'LIMIT_EXCEEDED');
      const later = await failure(
        conn.requestPost('/composite/batch', {
          batchRequests: [{ method: 'GET', url: 'v63.0/limits' }],
        }),
      );
      assert.equal(later.errorCode, 'INVALID_INPUT');
      const early = await failure(
        conn.requestPost('/composite/batch', {
          batchRequests: [{ method: 'GET', url: 'v33.0/limits' }],
        }),
      );
      assert.equal(early.errorCode, 'INVALID_INPUT');
      const jobs = await failure(
        conn.requestPost('/composite/batch', {
          batchRequests: [{ method: 'GET', url: 'v62.0/jobs/ingest' }],
        }),
      );
      assert.equal(jobs.errorCode, 'INVALID_INPUT');
      const ok = await conn.requestPost<{ results: unknown[] }>('/composite/batch', {
        batchRequests: Array(25).fill(limits),
      });
      assert.equal(ok.results.length, 25);
    });
  });

  describe('/composite/tree', () => {
    const tree = (suffix: string, contactOverrides: Record<string, unknown> = {}) => ({
      records: [
        {
          attributes: { type: 'Account', referenceId: `ref1${suffix}` },
          name: `SampleAccount${suffix}`,
          phone: '1234567890',
          website: 'www.salesforce.com',
          numberOfEmployees: '100',
          industry: 'Banking',
          Contacts: {
            records: [
              {
                attributes: { type: 'Contact', referenceId: `ref2${suffix}` },
                lastname: 'Smith',
                title: 'President',
                email: 'sample@salesforce.com',
              },
              {
                attributes: { type: 'Contact', referenceId: `ref3${suffix}` },
                lastname: 'Evans',
                title: 'Vice President',
                email: 'sample@salesforce.com',
                ...contactOverrides,
              },
            ],
          },
        },
        {
          attributes: { type: 'Account', referenceId: `ref4${suffix}` },
          name: `SampleAccount2${suffix}`,
          industry: 'Banking',
        },
      ],
    });

    it("creates the guide's example level by level, children under their parent", async () => {
      const answer = (await api(org, '/services/data/v62.0/composite/tree/Account', {
        method: 'POST',
        body: JSON.stringify(tree('A')),
      })) as {
        status: number;
        body: { hasErrors: boolean; results: { referenceId: string; id: string }[] };
      };
      assert.equal(answer.status, 201);
      assert.equal(answer.body.hasErrors, false);
      assert.deepEqual(
        answer.body.results.map((r) => r.referenceId),
        ['ref1A', 'ref4A', 'ref2A', 'ref3A'],
      );
      const [account, , president] = answer.body.results;
      assert.match(account.id, /^001/);
      assert.match(president.id, /^003/);
      const contacts = await conn.query<{ AccountId: string; LastName: string }>(
        `SELECT AccountId, LastName FROM Contact WHERE AccountId = '${account.id}' ORDER BY LastName`,
      );
      assert.deepEqual(
        contacts.records.map((c) => c.LastName),
        ['Evans', 'Smith'],
      );
    });

    it('creates nothing when a record fails, and names only that record', async () => {
      const answer = await api(org, '/services/data/v62.0/composite/tree/Account', {
        method: 'POST',
        body: JSON.stringify(tree('B', { email: '123' })),
      });
      assert.equal(answer.status, 400);
      assert.deepEqual(answer.body, {
        hasErrors: true,
        results: [
          {
            referenceId: 'ref3B',
            errors: [
              {
                statusCode: 'INVALID_EMAIL_ADDRESS',
                message: 'Email: invalid email address: 123',
                fields: ['Email'],
              },
            ],
          },
        ],
      });
      assert.equal(await count("SELECT Id FROM Account WHERE Name LIKE 'SampleAccount%B'"), 0);
    });

    it('refuses duplicate referenceIds, missing types, too many records and unknown fields', async () => {
      const post = (body: unknown, type = 'Account') =>
        api(org, `/services/data/v62.0/composite/tree/${type}`, {
          method: 'POST',
          body: JSON.stringify(body),
        });
      const duplicate = await post({
        records: [
          { attributes: { type: 'Account', referenceId: 'same' }, Name: 'One' },
          { attributes: { type: 'Account', referenceId: 'same' }, Name: 'Two' },
          { attributes: { referenceId: 'untyped' }, Name: 'Three' },
        ],
      });
      assert.equal(duplicate.status, 400);
      assert.deepEqual(duplicate.body, {
        hasErrors: true,
        results: [
          {
            referenceId: 'same',
            errors: [
              {
                statusCode: 'INVALID_INPUT',
                message: 'Duplicate ReferenceId provided in the request.',
                fields: [],
              },
            ],
          },
          {
            referenceId: 'same',
            errors: [
              {
                statusCode: 'INVALID_INPUT',
                message: 'Duplicate ReferenceId provided in the request.',
                fields: [],
              },
            ],
          },
          {
            referenceId: 'untyped',
            errors: [
              {
                statusCode: 'INVALID_INPUT',
                message: 'Include an entity type for each record in the request.',
                fields: [],
              },
            ],
          },
        ],
      });
      const many = await post({
        records: Array.from({ length: 201 }, (_, i) => ({
          attributes: { type: 'Account', referenceId: `r${i}` },
          Name: `Many ${i}`,
        })),
      });
      assert.equal(many.status, 400);
      assert.equal((many.body as { errorCode: string }[])[0].errorCode, 'EXCEEDED_ID_LIMIT');
      const unknown = await post({
        records: [
          { attributes: { type: 'Account', referenceId: 'r1' }, Name: 'X', Colour__c: 'red' },
        ],
      });
      assert.deepEqual(unknown.body, [
        {
          message: "No such column 'Colour__c' on sobject of type Account",
          errorCode: 'INVALID_FIELD',
        },
      ]);
      const noRef = await post({ records: [{ attributes: { type: 'Account' }, Name: 'X' }] });
      assert.deepEqual(noRef.body, [
        {
          message: 'Include a reference ID for each record in the request.',
          errorCode: 'INVALID_INPUT',
        },
      ]);
      const wrongRoot = await post({
        records: [{ attributes: { type: 'Contact', referenceId: 'c' }, LastName: 'X' }],
      });
      assert.equal(wrongRoot.status, 400);
      assert.equal((wrongRoot.body as { hasErrors: boolean }).hasErrors, true);
      assert.equal((await post({ records: [] }, 'NoSuchThing__c')).status, 404);
      assert.equal(await count("SELECT Id FROM Account WHERE Name IN ('One', 'Two', 'Three')"), 0);
      const exactly = await post({
        records: Array.from({ length: 200 }, (_, i) => ({
          attributes: { type: 'Account', referenceId: `r${i}` },
          Name: `Exactly ${i}`,
        })),
      });
      assert.equal(exactly.status, 201);
    });
  });
});
