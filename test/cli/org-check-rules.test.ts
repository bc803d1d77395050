import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readinessChecks, sharingChecks } from '../../scripts/org-check/checks.ts';
import type { CheckResult } from '../../scripts/org-check/checks.ts';
import type { OrgFacts } from '../../scripts/org-check/facts.ts';

const PROFILE = '00e000000000001AAA';
const LOGIN_PROFILE = '00e000000000002AAA';

const NORTHWIND = { accountId: '001000000000001AAA', accountName: 'Northwind Traders' };
const CONTOSO = { accountId: '001000000000002AAA', accountName: 'Contoso Ltd' };
const FABRIKAM = { accountId: '001000000000003AAA', accountName: 'Fabrikam Inc' };

function partnerQueue(
  name: string,
  accounts: { accountId: string; accountName: string }[],
): OrgFacts['partnerQueues'][number] {
  return {
    id: `00G${name.length.toString().padStart(12, '0')}AAA`,
    name,
    developerName: name.replace(/\W+/g, '_'),
    partnerMembers: accounts.map((account, i) => ({
      ...account,
      userId: `005${String(i + 1).padStart(12, '0')}AAA`,
    })),
  };
}

function ready(): OrgFacts {
  return {
    hasNetworkObject: true,
    accountHasIsPartner: true,
    leadHasPartnerAccountId: true,
    partnerLicenses: [
      { name: 'Partner Community', key: 'PID_Partner_Community', total: 20, used: 4 },
    ],
    partnerProfiles: [
      { id: PROFILE, name: 'Partner Community User' },
      { id: LOGIN_PROFILE, name: 'Partner Login User' },
    ],
    sites: [
      {
        id: '0DB000000000001AAA',
        name: 'Partners',
        status: 'Live',
        sendWelcomeEmail: true,
        memberIds: [PROFILE, LOGIN_PROFILE],
      },
    ],
    runningUser: {
      id: '005000000000001AAA',
      username: 'cm@example.com',
      roleName: 'Channel Manager',
    },
    leadRules: [{ id: '01Q000000000001AAA', name: 'Routing', active: false }],
    sharing: [{ object: 'Lead', internal: 'ReadWriteTransfer', external: 'Private' }],
    partnerQueues: [
      partnerQueue('Northwind Traders Leads', [NORTHWIND, NORTHWIND]),
      partnerQueue('Contoso Ltd Leads', [CONTOSO]),
    ],
  };
}

const status = (checks: CheckResult[], id: string) => checks.find((c) => c.id === id)?.status;

describe('readiness rules', () => {
  it('a fully set-up org passes every check', () => {
    const checks = readinessChecks(ready());
    assert.deepEqual(
      checks.filter((c) => c.status !== 'pass').map((c) => c.id),
      [],
    );
    assert.equal(checks.length, 9);
  });

  it('PRM or Experience Cloud missing blocks, and the fix never offers to enable PRM for you', () => {
    const checks = readinessChecks({
      ...ready(),
      accountHasIsPartner: false,
      hasNetworkObject: false,
    });
    assert.equal(status(checks, 'prm'), 'fail');
    assert.equal(status(checks, 'experience-cloud'), 'fail');
    assert.match(checks.find((c) => c.id === 'prm')?.fix ?? '', /cannot be turned off again/);
  });

  it('licences: none left blocks, a few left warns', () => {
    const used = (n: number) => ({
      ...ready(),
      partnerLicenses: [{ ...ready().partnerLicenses[0], used: n }],
    });
    assert.equal(status(readinessChecks(used(20)), 'partner-licenses'), 'fail');
    assert.equal(status(readinessChecks(used(17)), 'partner-licenses'), 'warn');
    assert.equal(status(readinessChecks(used(15)), 'partner-licenses'), 'pass');
    assert.equal(
      status(readinessChecks({ ...ready(), partnerLicenses: [] }), 'partner-licenses'),
      'fail',
    );
  });

  it('a site that is not live blocks; profiles missing from it block or warn', () => {
    const down = { ...ready(), sites: [{ ...ready().sites[0], status: 'DownForMaintenance' }] };
    const checks = readinessChecks(down);
    assert.equal(status(checks, 'site-live'), 'fail');
    assert.match(
      checks.find((c) => c.id === 'site-live')?.detail ?? '',
      /Partners \(DownForMaintenance\)/,
    );
    assert.equal(status(checks, 'site-members'), undefined, 'no member check without a live site');

    const some = {
      ...ready(),
      sites: [{ ...ready().sites[0], memberIds: [PROFILE.substring(0, 15)] }],
    };
    const partial = readinessChecks(some);
    assert.equal(status(partial, 'site-members'), 'warn', '15-character member Ids match');
    assert.match(partial.find((c) => c.id === 'site-members')?.detail ?? '', /Partner Login User/);

    const none = { ...ready(), sites: [{ ...ready().sites[0], memberIds: [] }] };
    assert.equal(status(readinessChecks(none), 'site-members'), 'fail');
  });

  it('no welcome e-mail warns; an active lead rule warns; no role blocks', () => {
    const facts: OrgFacts = {
      ...ready(),
      sites: [{ ...ready().sites[0], sendWelcomeEmail: false }],
      leadRules: [{ id: '01Q000000000001AAA', name: 'Routing', active: true }],
      runningUser: { ...ready().runningUser, roleName: null },
    };
    const checks = readinessChecks(facts);
    assert.equal(status(checks, 'welcome-email'), 'warn');
    assert.equal(status(checks, 'assignment-rules'), 'warn');
    assert.match(
      checks.find((c) => c.id === 'assignment-rules')?.detail ?? '',
      /"Routing" is active/,
    );
    assert.equal(status(checks, 'running-user-role'), 'fail');
  });
});

describe('sharing review', () => {
  it('flags external defaults that let partners see each other, and says when it could not look', () => {
    const open = sharingChecks({
      ...ready(),
      sharing: [
        { object: 'Lead', internal: 'ReadWrite', external: 'Read' },
        { object: 'Account', internal: 'ReadWrite', external: 'Private' },
      ],
    });
    assert.deepEqual(
      open.map((c) => [c.id, c.status]),
      [
        ['sharing-lead', 'warn'],
        ['sharing-account', 'pass'],
        ['shared-queues', 'pass'],
      ],
    );
    const unknown = sharingChecks({ ...ready(), sharing: null });
    assert.equal(unknown[0].status, 'warn');
    assert.match(unknown[0].detail, /Not checked/);
  });

  it('passes queues that hold one partner account each, and flags one shared by partners as a risk', () => {
    const clean = sharingChecks(ready()).find((c) => c.id === 'shared-queues');
    assert.equal(clean?.status, 'pass');
    assert.match(clean?.detail ?? '', /\(2 partner queues\)/);

    const facts: OrgFacts = {
      ...ready(),
      partnerQueues: [
        partnerQueue('Northwind Traders Leads', [NORTHWIND, CONTOSO, NORTHWIND]),
        partnerQueue('Contoso Ltd Leads', [CONTOSO]),
        partnerQueue('Americas Shared', [FABRIKAM, CONTOSO, NORTHWIND]),
      ],
    };
    const shared = sharingChecks(facts).find((c) => c.id === 'shared-queues');
    assert.equal(shared?.status, 'warn');
    assert.equal(
      shared?.detail,
      '"Northwind Traders Leads" holds partner users of Contoso Ltd and Northwind Traders: each partner sees the other\'s leads; "Americas Shared" holds partner users of Contoso Ltd, Fabrikam Inc and Northwind Traders: each partner sees the others\' leads.',
    );
    assert.match(
      shared?.fix ?? '',
      /^Setup > Queues: remove the other partners' users from "Northwind Traders Leads", "Americas Shared"/,
    );
    assert.match(shared?.fix ?? '', /--allow-shared-queue/);
    assert.equal(
      sharingChecks({ ...facts, sharing: null }).at(-1)?.status,
      'warn',
      'checked even when the sharing defaults could not be read',
    );
  });
});
