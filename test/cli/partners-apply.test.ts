import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Connection } from '@salesforce/core';
import { applyPlan } from '../../scripts/partners/apply.ts';
import { insertRecords } from '../../scripts/partners/collections.ts';
import { readCsv } from '../../scripts/partners/csvFile.ts';
import { NameAllocator } from '../../scripts/partners/names.ts';
import type { OnboardingSnapshot } from '../../scripts/partners/orgState.ts';
import { planOnboarding } from '../../scripts/partners/plan.ts';
import { checkRows } from '../../scripts/partners/rows.ts';

interface Call {
  method: string;
  url: string;
  body: { allOrNone: boolean; records: Record<string, unknown>[] } | null;
}

/** A stand-in for the org's REST API: records every call, answers with `answer`. */
function fakeOrg(answer: (call: Call, n: number) => unknown) {
  const calls: Call[] = [];
  let ids = 0;
  const conn = {
    request: async (info: { method: string; url: string; body?: string }) => {
      const call: Call = {
        method: info.method,
        url: info.url,
        body: info.body ? (JSON.parse(info.body) as Call['body']) : null,
      };
      calls.push(call);
      const custom = answer(call, calls.length);
      if (custom !== undefined) return custom;
      return call.body?.records.map(() => ({ id: `id${++ids}`, success: true, errors: [] })) ?? {};
    },
  } as unknown as Connection;
  return { conn, calls };
}

const SNAPSHOT: OnboardingSnapshot = {
  readiness: [],
  runningUser: {
    id: '005000000000001AAA',
    username: 'admin@example.com',
    roleId: '00E000000000001AAA',
    timeZoneSidKey: 'Europe/Berlin',
    localeSidKey: 'de_DE',
    emailEncodingKey: 'UTF-8',
    languageLocaleKey: 'de',
  },
  partnerProfileNames: ['Partner Community User'],
  licenses: [{ name: 'Partner Community', key: 'PID_Partner_Community', total: 500, used: 0 }],
  sites: [],
  profiles: [
    {
      id: '00e000000000004AAA',
      name: 'Partner Community User',
      licenseKey: 'PID_Partner_Community',
      licenseName: 'Partner Community',
    },
  ],
  queues: [
    { id: '00G000000000001AAA', name: 'EMEA Pool', developerName: 'EMEA_Pool', takesLeads: true },
  ],
  accounts: [],
  contacts: [],
  users: [],
  memberships: [],
  partnerQueues: [],
  takenUsernames: [],
  takenNicknames: [],
};

function planFor(lines: string[]) {
  const header = 'AccountName,Website,FirstName,LastName,Email,Title,PartnerUser,Profile,Queues';
  const read = readCsv(new TextEncoder().encode(`${header}\n${lines.join('\n')}\n`));
  const rows = checkRows(read.table!).rows;
  const names = new NameAllocator([], []);
  return { plan: planOnboarding(rows, SNAPSHOT, names), names };
}

describe('partners onboard: applying a plan', () => {
  it('writes in mixed-DML-safe steps: accounts, partner flag, contacts, then users, members, resets', async () => {
    const { plan, names } = planFor([
      'Acme,acme.com,Ada,Lovelace,ada@acme.com,CEO,yes,Partner Community User,EMEA Pool',
      'Acme,acme.com,Bo,Berg,bo@acme.com,,no,,',
    ]);
    const { conn, calls } = fakeOrg(() => undefined);
    const reports = await applyPlan(conn, plan, SNAPSHOT.runningUser, names, () => undefined);
    assert.deepEqual(
      calls.map((c) =>
        `${c.method} ${c.url} ${c.body?.records.map((r) => (r.attributes as { type: string }).type).join(',') ?? ''}`.trim(),
      ),
      [
        'POST /composite/sobjects Account',
        'PATCH /composite/sobjects Account',
        'POST /composite/sobjects Contact,Contact',
        'POST /composite/sobjects User',
        'POST /composite/sobjects GroupMember',
        'DELETE /sobjects/User/id5/password',
      ],
    );
    assert.ok(calls.every((c) => c.body === null || c.body.allOrNone === false));
    assert.deepEqual(calls[0].body!.records[0], {
      attributes: { type: 'Account' },
      Name: 'Acme',
      Website: 'acme.com',
      OwnerId: '005000000000001AAA',
    });
    assert.deepEqual(calls[1].body!.records[0], {
      attributes: { type: 'Account' },
      Id: 'id1',
      IsPartner: true,
    });
    assert.deepEqual(calls[3].body!.records[0], {
      attributes: { type: 'User' },
      ContactId: 'id3',
      ProfileId: '00e000000000004AAA',
      Username: 'ada@acme.com',
      Email: 'ada@acme.com',
      FirstName: 'Ada',
      LastName: 'Lovelace',
      Alias: 'alovelac',
      CommunityNickname: 'ada',
      Title: 'CEO',
      CompanyName: 'Acme',
      TimeZoneSidKey: 'Europe/Berlin',
      LocaleSidKey: 'de_DE',
      EmailEncodingKey: 'UTF-8',
      LanguageLocaleKey: 'de',
    });
    assert.deepEqual(
      reports.map((r) => [
        r.ok,
        r.account.status,
        r.contact.status,
        r.user.status,
        r.queues.joined,
        r.loginEmail,
      ]),
      [
        [true, 'created', 'created', 'created', ['EMEA Pool'], 'password-reset'],
        [true, 'created', 'created', 'skipped', [], 'none'],
      ],
    );
  });

  it('retries a username or nickname the platform says is taken (e.g. in another org)', async () => {
    const { plan, names } = planFor([
      'Acme,acme.com,Ada,Lovelace,ada@acme.com,,yes,Partner Community User,',
    ]);
    let userCalls = 0;
    const { conn, calls } = fakeOrg((call) => {
      const type = (call.body?.records[0]?.attributes as { type?: string } | undefined)?.type;
      if (type !== 'User') return undefined;
      userCalls++;
      if (userCalls === 1) {
        return [
          {
            success: false,
            errors: [{ statusCode: 'DUPLICATE_USERNAME', message: 'Duplicate Username.' }],
          },
        ];
      }
      if (userCalls === 2) {
        return [
          {
            success: false,
            errors: [{ statusCode: 'DUPLICATE_COMMUNITY_NICKNAME', message: 'taken' }],
          },
        ];
      }
      return undefined;
    });
    const [report] = await applyPlan(conn, plan, SNAPSHOT.runningUser, names, () => undefined);
    const users = calls.filter(
      (c) => (c.body?.records[0]?.attributes as { type?: string })?.type === 'User',
    );
    assert.deepEqual(
      users.map((c) => [c.body!.records[0].Username, c.body!.records[0].CommunityNickname]),
      [
        ['ada@acme.com', 'ada'],
        ['ada@acme.com.channelkit', 'ada'],
        ['ada@acme.com.channelkit', 'ada1'],
      ],
    );
    assert.equal(report.ok, true);
    assert.equal(report.user.username, 'ada@acme.com.channelkit');
  });

  it('reports a failed step on its row only, with the platform error, and skips what depends on it', async () => {
    const { plan, names } = planFor([
      'Acme,acme.com,Ada,Lovelace,ada@acme.com,,yes,Partner Community User,EMEA Pool',
      'Beta,beta.com,Bo,Berg,bo@beta.com,,yes,Partner Community User,EMEA Pool',
    ]);
    const { conn } = fakeOrg((call) => {
      const type = (call.body?.records[0]?.attributes as { type?: string } | undefined)?.type;
      if (call.method === 'POST' && type === 'Account') {
        return [
          { id: 'acc1', success: true, errors: [] },
          {
            success: false,
            errors: [{ statusCode: 'DUPLICATES_DETECTED', message: 'Use one of these records?' }],
          },
        ];
      }
      if (call.method === 'DELETE')
        throw Object.assign(new Error('no e-mail today'), { errorCode: 'UNKNOWN_EXCEPTION' });
      return undefined;
    });
    const [ada, bo] = await applyPlan(conn, plan, SNAPSHOT.runningUser, names, () => undefined);
    assert.deepEqual(
      [bo.ok, bo.account.status, bo.contact.status, bo.user.status],
      [false, 'failed', 'skipped', 'skipped'],
    );
    assert.deepEqual(bo.errors, ['account: DUPLICATES_DETECTED: Use one of these records?']);
    assert.deepEqual([ada.ok, ada.user.status, ada.loginEmail], [false, 'created', 'failed']);
    assert.match(
      ada.errors[0],
      /^login e-mail: UNKNOWN_EXCEPTION: no e-mail today \(the user was created: send it from Setup > Users > Reset Password\)$/,
    );
  });

  it('sends at most 200 records per sObject Collections call, and fails a whole failed call per record', async () => {
    let n = 0;
    const { conn, calls } = fakeOrg(() => {
      n++;
      if (n === 2)
        throw Object.assign(new Error('Service Unavailable'), { errorCode: 'ERROR_HTTP_503' });
      return undefined;
    });
    const records = Array.from({ length: 450 }, (_, i) => ({ LastName: `L${i}` }));
    const results = await insertRecords(conn, 'Contact', records);
    assert.deepEqual(
      calls.map((c) => c.body!.records.length),
      [200, 200, 50],
    );
    assert.equal(results.length, 450);
    assert.deepEqual(
      results.slice(199, 201).map((r) => r.success),
      [true, false],
    );
    assert.deepEqual(results[200].errors, ['ERROR_HTTP_503: Service Unavailable']);
    assert.equal(results.filter((r) => !r.success).length, 200);
  });
});
