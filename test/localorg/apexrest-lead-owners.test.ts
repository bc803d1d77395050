/**
 * The local org's twin of the Apex REST class ChannelKitLeadOwnerResource, over real HTTP: 404
 * until the class is deployed, per-row results in the Apex class's exact JSON, the lead-assignment
 * e-mail in the outbox only with notify, no assignment rule, one API call, and the caller's
 * sharing (a partner user cannot move leads it cannot see).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { connect, queueId, startTestOrg, userOf } from '../support/org.ts';
import { api } from '../support/query.ts';
import { ACCESS, deployLeadOwnerResource } from '../support/leadOwnersDeploy.ts';

const PATH = '/services/apexrest/channelkit/v1/lead-owners';

type Result = {
  leadId: string;
  success: boolean;
  errors: { statusCode: string; message: string; fields: string[] }[];
};

describe('Apex REST: POST /services/apexrest/channelkit/v1/lead-owners runs ChannelKitLeadOwnerResource', () => {
  let org: RunningLocalOrg;

  /** Posts a body (object or raw text) and returns the status, raw text and headers. */
  const post = async (body: unknown, token = org.admin.accessToken) => {
    const response = await fetch(org.url + PATH, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, text: await response.text(), headers: response.headers };
  };
  const results = (text: string) => (JSON.parse(text) as { results: Result[] }).results;
  const soql = async (q: string) =>
    (
      (await api(org, `/services/data/v62.0/query?q=${encodeURIComponent(q)}`)).body as {
        records: Record<string, string>[];
      }
    ).records;
  const ownersOf = async (ids: string[]) =>
    new Map(
      (await soql(`SELECT Id, OwnerId FROM Lead WHERE Id IN ('${ids.join("','")}')`)).map((r) => [
        r.Id,
        r.OwnerId,
      ]),
    );
  const openLeads = async (n: number, offset: number) =>
    (
      await soql(
        `SELECT Id FROM Lead WHERE IsConverted = false ORDER BY Id LIMIT ${n} OFFSET ${offset}`,
      )
    ).map((r) => r.Id);
  const outboxOf = (kind: string) => org.outbox().filter((m) => m.kind === kind);

  before(async () => {
    org = await startTestOrg({ seed: 'demo' });
  });
  after(() => org.close());

  it('answers 404 NOT_FOUND until the class is deployed', async () => {
    const missing = await post({ changes: [] });
    assert.equal(missing.status, 404);
    assert.equal((JSON.parse(missing.text) as { errorCode: string }[])[0].errorCode, 'NOT_FOUND');
    await deployLeadOwnerResource(org);
    const found = await post({ changes: [] });
    assert.equal(found.status, 200);
    assert.equal(found.text, '{"results":[]}');
  });

  it('moves 200 leads to a user in one API call, with one lead-assignment e-mail each when notify is on', async () => {
    const manager = userOf(org, 'channel-manager');
    const ids = (
      await soql(
        `SELECT Id FROM Lead WHERE IsConverted = false AND OwnerId != '${manager.userId}' ORDER BY Id LIMIT 200`,
      )
    ).map((r) => r.Id);
    assert.equal(ids.length, 200);
    const sentBefore = outboxOf('lead-assignment').length;
    const usage = Number(
      (await post({ changes: [] })).headers.get('Sforce-Limit-Info')!.split(/[=/]/)[1],
    );
    const run = await post({
      changes: ids.map((leadId) => ({ leadId, ownerId: manager.userId })),
      notify: true,
    });
    assert.equal(run.status, 200, run.text);
    assert.equal(
      Number(run.headers.get('Sforce-Limit-Info')!.split(/[=/]/)[1]),
      usage + 1,
      'one API call',
    );
    assert.deepEqual(
      results(run.text),
      ids.map((leadId) => ({ leadId, success: true, errors: [] })),
    );
    const owners = await ownersOf(ids);
    assert.ok(
      ids.every((id) => owners.get(id) === manager.userId),
      'no assignment rule ran',
    );
    const mails = outboxOf('lead-assignment').slice(sentBefore);
    assert.equal(mails.length, 200);
    assert.ok(mails.every((m) => m.toUserId === manager.userId && m.toAddress.includes('@')));
    assert.deepEqual(
      new Set(mails.map((m) => /\/(00Q\w+)$/.exec(m.body)?.[1])),
      new Set(ids),
      'one e-mail per lead, linking it',
    );

    const again = await post({
      changes: ids.slice(0, 3).map((leadId) => ({ leadId, ownerId: manager.userId })),
      notify: true,
    });
    assert.equal(again.status, 200);
    assert.equal(
      outboxOf('lead-assignment').length,
      sentBefore + 200,
      'no e-mail when the owner stays',
    );
  });

  it('sends nothing without notify, and mails queue members (no queue e-mail set) with notify', async () => {
    const ids = await openLeads(2, 300);
    const pool = await queueId(connect(org), 'EMEA Partner Pool');
    const before = org.outbox().length;
    const quiet = await post({ changes: [{ leadId: ids[0], ownerId: pool }], notify: false });
    assert.equal(quiet.status, 200);
    assert.equal(results(quiet.text)[0].success, true);
    assert.equal(org.outbox().length, before, 'notify false sends nothing');

    const members = (
      await soql(`SELECT UserOrGroupId FROM GroupMember WHERE GroupId = '${pool}'`)
    ).map((r) => r.UserOrGroupId);
    const loud = await post({ changes: [{ leadId: ids[1], ownerId: pool }], notify: true });
    assert.equal(results(loud.text)[0].success, true);
    const sent = org.outbox().slice(before);
    assert.deepEqual(
      sent.map((m) => [m.kind, m.toUserId]),
      members.map((m) => ['lead-queue-assignment', m]),
    );
  });

  it('fails bad rows one by one, in request order, in the Apex class exact JSON, and saves the rest', async () => {
    const [good, other, third] = await openLeads(3, 400);
    const manager = userOf(org, 'channel-manager').userId;
    const inactive = userOf(org, 'partner', false).userId;
    const before = await ownersOf([good, other, third]);
    const run = await post({
      changes: [
        { leadId: good, ownerId: manager },
        { leadId: 'not-an-id', ownerId: manager },
        { leadId: other, ownerId: third },
        { leadId: good, ownerId: manager },
        { leadId: other },
        { leadId: third, ownerId: inactive },
      ],
      notify: false,
    });
    assert.equal(run.status, 200);
    const ok = `{"leadId":"${good}","success":true,"errors":[]}`;
    assert.ok(run.text.startsWith(`{"results":[${ok},{"leadId":"not-an-id","success":false,`));
    assert.equal(
      run.text.split(`"leadId":"not-an-id"`)[1].split('}]}')[0],
      ',"success":false,"errors":[{"statusCode":"MALFORMED_ID","message":"leadId must be a Lead Id (00Q..., 15 or 18 characters); got not-an-id.","fields":["Id"]',
    );
    const rows = results(run.text);
    assert.deepEqual(
      rows.map((r) => [r.leadId, r.success, r.errors.map((e) => `${e.statusCode}:${e.fields}`)]),
      [
        [good, true, []],
        ['not-an-id', false, ['MALFORMED_ID:Id']],
        [other, false, ['MALFORMED_ID:OwnerId']],
        [good, false, ['DUPLICATE_VALUE:Id']],
        [other, false, ['MALFORMED_ID:OwnerId']],
        [third, false, ['INACTIVE_OWNER_OR_USER:OwnerId']],
      ],
    );
    assert.match(rows[5].errors[0].message, /inactive user/);
    const now = await ownersOf([good, other, third]);
    assert.equal(now.get(good), manager);
    assert.equal(now.get(other), before.get(other));
    assert.equal(now.get(third), before.get(third));
  });

  it('refuses a body it cannot apply with 400 and changes nothing', async () => {
    const ids = await openLeads(201, 600);
    const manager = userOf(org, 'channel-manager').userId;
    const before = await ownersOf(ids.slice(0, 200));
    const cases: [unknown, string, RegExp][] = [
      [
        { changes: ids.map((leadId) => ({ leadId, ownerId: manager })) },
        'TOO_MANY_CHANGES',
        /^At most 200 changes per call; got 201\. Send them in chunks of 200\.$/,
      ],
      ['not json', 'JSON_PARSER_ERROR', /The body is not JSON/],
      ['[1, 2]', 'BAD_REQUEST', /must be a JSON object/],
      [{ changes: 3 }, 'BAD_REQUEST', /"changes" must be a list/],
      [{ changes: [], notify: 'yes' }, 'BAD_REQUEST', /"notify" must be true or false; got yes/],
    ];
    for (const [body, code, message] of cases) {
      const run = await post(body);
      assert.equal(run.status, 400, run.text);
      const [error] = JSON.parse(run.text) as { errorCode: string; message: string }[];
      assert.equal(error.errorCode, code);
      assert.match(error.message, message);
      assert.ok(run.text.startsWith('[{"errorCode":'), 'errorCode first, as Apex serialises it');
    }
    assert.deepEqual(await ownersOf(ids.slice(0, 200)), before);
  });

  it("runs with the caller's sharing: a partner user cannot move a lead it cannot see", async () => {
    const partner = userOf(org, 'partner');
    const token = org.tokenFor(partner.userId);
    const [hidden] = (
      await soql(
        `SELECT Id FROM Lead WHERE IsConverted = false AND PartnerAccountId != null AND PartnerAccountId != '${partner.accountId}' LIMIT 1`,
      )
    ).map((r) => r.Id);
    const queues = (
      await soql(`SELECT GroupId FROM GroupMember WHERE UserOrGroupId = '${partner.userId}'`)
    ).map((r) => r.GroupId);
    const [visible] = (
      await soql(
        `SELECT Id FROM Lead WHERE IsConverted = false AND OwnerId IN ('${queues.join("','")}') LIMIT 1`,
      )
    ).map((r) => r.Id);
    const before = await ownersOf([hidden, visible]);
    const body = {
      changes: [
        { leadId: hidden, ownerId: partner.userId },
        { leadId: visible, ownerId: partner.userId },
      ],
      notify: true,
    };
    // Without access to the class the platform refuses the call before any Apex runs.
    const refusedCall = await post(body, token);
    assert.equal(refusedCall.status, 403, refusedCall.text);
    assert.match(
      refusedCall.text,
      /do not have access to the Apex class named 'ChannelKitLeadOwnerResource'/,
    );
    const [permissionSet] = await soql(`SELECT Id FROM PermissionSet WHERE Name = '${ACCESS}'`);
    const assigned = await api(org, '/services/data/v65.0/sobjects/PermissionSetAssignment', {
      method: 'POST',
      body: JSON.stringify({ AssigneeId: partner.userId, PermissionSetId: permissionSet.Id }),
    });
    assert.equal(assigned.status, 201, JSON.stringify(assigned.body));
    const run = await post(body, token);
    assert.equal(run.status, 200, run.text);
    const [refused, taken] = results(run.text);
    assert.equal(refused.success, false);
    assert.equal(refused.errors[0].statusCode, 'INSUFFICIENT_ACCESS_OR_READONLY');
    assert.equal(taken.success, true, JSON.stringify(taken));
    const now = await ownersOf([hidden, visible]);
    assert.equal(now.get(hidden), before.get(hidden), 'the hidden lead kept its owner');
    assert.equal(now.get(visible), partner.userId);
  });
});
