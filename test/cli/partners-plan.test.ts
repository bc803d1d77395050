import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCsv } from '../../scripts/partners/csvFile.ts';
import { aliasFor, NameAllocator, usernameCandidate } from '../../scripts/partners/names.ts';
import type { OnboardingSnapshot } from '../../scripts/partners/orgState.ts';
import { needsRunningUserRole, planOnboarding } from '../../scripts/partners/plan.ts';
import { formatProblem } from '../../scripts/partners/problems.ts';
import { plannedReports, summarize } from '../../scripts/partners/report.ts';
import { checkRows } from '../../scripts/partners/rows.ts';
import { sharedQueueFindings } from '../../scripts/partners/sharedQueues.ts';
import type { OnboardRow } from '../../scripts/partners/rows.ts';

const HEADER = 'AccountName,Website,FirstName,LastName,Email,Title,PartnerUser,Profile,Queues';
const ME = '005000000000001AAA';
const PROFILE = { id: '00e000000000004AAA', name: 'Partner Community User' };
const LOGIN = { id: '00e000000000005AAA', name: 'Partner Community Login User' };

function snapshot(overrides: Partial<OnboardingSnapshot> = {}): OnboardingSnapshot {
  return {
    readiness: [],
    runningUser: {
      id: ME,
      username: 'admin@example.com',
      roleId: '00E000000000001AAA',
      timeZoneSidKey: 'GMT',
      localeSidKey: 'en_US',
      emailEncodingKey: 'UTF-8',
      languageLocaleKey: 'en_US',
    },
    partnerProfileNames: [PROFILE.name, LOGIN.name],
    licenses: [
      { name: 'Partner Community', key: 'PID_Partner_Community', total: 10, used: 8 },
      { name: 'Partner Community Login', key: 'PID_Partner_Community_Login', total: 5, used: 0 },
    ],
    sites: [
      {
        id: '0DB000000000001AAA',
        name: 'Partner Central',
        status: 'Live',
        sendWelcomeEmail: false,
        memberIds: [PROFILE.id, LOGIN.id],
      },
    ],
    profiles: [
      { ...PROFILE, licenseKey: 'PID_Partner_Community', licenseName: 'Partner Community' },
      {
        ...LOGIN,
        licenseKey: 'PID_Partner_Community_Login',
        licenseName: 'Partner Community Login',
      },
      {
        id: '00e000000000002AAA',
        name: 'Standard User',
        licenseKey: 'SFDC',
        licenseName: 'Salesforce',
      },
    ],
    queues: [
      { id: '00G000000000001AAA', name: 'EMEA Pool', developerName: 'EMEA_Pool', takesLeads: true },
      {
        id: '00G000000000002AAA',
        name: 'Acme Leads',
        developerName: 'Acme_Leads',
        takesLeads: true,
      },
      { id: '00G000000000003AAA', name: 'Cases', developerName: 'Cases', takesLeads: false },
      { id: '00G000000000004AAA', name: 'Twin', developerName: 'Twin_A', takesLeads: true },
      { id: '00G000000000005AAA', name: 'Twin', developerName: 'Twin_B', takesLeads: true },
    ],
    accounts: [
      {
        id: '001000000000001AAA',
        name: 'Acme',
        website: 'https://www.acme.com',
        isPartner: true,
        ownerId: '005000000000009AAA',
        ownerName: 'Maya Chen',
      },
      {
        id: '001000000000002AAA',
        name: 'Dormant Co',
        website: 'dormant.com/',
        isPartner: false,
        ownerId: ME,
        ownerName: 'Alex Admin',
      },
    ],
    contacts: [
      {
        id: '003000000000001AAA',
        accountId: '001000000000001AAA',
        accountName: 'Acme',
        email: 'ada@acme.com',
      },
      {
        id: '003000000000002AAA',
        accountId: '001000000000001AAA',
        accountName: 'Acme',
        email: 'ina@acme.com',
      },
      {
        id: '003000000000003AAA',
        accountId: '001000000000001AAA',
        accountName: 'Acme',
        email: 'moved@acme.com',
      },
    ],
    users: [
      {
        id: '005000000000011AAA',
        username: 'ada@acme.com',
        isActive: true,
        contactId: '003000000000001AAA',
        profileName: PROFILE.name,
      },
      {
        id: '005000000000012AAA',
        username: 'ina@acme.com',
        isActive: false,
        contactId: '003000000000002AAA',
        profileName: PROFILE.name,
      },
    ],
    memberships: [{ groupId: '00G000000000001AAA', userId: '005000000000011AAA' }],
    // Ada, an Acme partner user, is in the EMEA Pool: an Acme queue by the queue-account rule.
    partnerQueues: [
      {
        id: '00G000000000001AAA',
        name: 'EMEA Pool',
        developerName: 'EMEA_Pool',
        partnerMembers: [
          { userId: '005000000000011AAA', accountId: '001000000000001AAA', accountName: 'Acme' },
        ],
      },
    ],
    takenUsernames: ['new@acme.com', 'NEW@acme.com.channelkit'],
    takenNicknames: ['new', 'new1'],
    ...overrides,
  };
}

function rows(lines: string[]): OnboardRow[] {
  const read = readCsv(new TextEncoder().encode(`${HEADER}\n${lines.join('\n')}\n`));
  const check = checkRows(read.table!);
  assert.deepEqual([...read.problems, ...check.problems].map(formatProblem), []);
  return check.rows;
}

function plan(lines: string[], snap = snapshot()) {
  const allocator = new NameAllocator(snap.takenUsernames, snap.takenNicknames);
  return planOnboarding(rows(lines), snap, allocator);
}

describe('partners onboard: the plan', () => {
  it('matches accounts by name and normalised website, contacts by e-mail, users by contact', () => {
    const p = plan([
      'ACME,acme.com,Ada,Lovelace,ADA@acme.com,,yes,Partner Community User,EMEA Pool;Acme_Leads',
      'Acme,http://acme.com/,Ina,Active,ina@acme.com,,yes,Partner Community User,EMEA Pool',
      'Acme,acme.com,New,Person,new@acme.com,,yes,partner community login user,EMEA Pool',
      'Acme,acme.com,No,User,nouser@acme.com,,no,,',
    ]);
    assert.deepEqual(p.problems, []);
    assert.equal(p.accounts.length, 1);
    assert.deepEqual(p.accounts[0], {
      key: 'acme|acme.com',
      name: 'Acme',
      website: 'https://www.acme.com',
      id: '001000000000001AAA',
      enable: false,
      ownerId: '005000000000009AAA',
      ownerName: 'Maya Chen',
    });
    const [ada, ina, fresh, nouser] = p.rows;
    assert.deepEqual(ada.contact, { action: 'match', id: '003000000000001AAA' });
    assert.equal(ada.user.action, 'exists');
    // Existing users are left alone, but join the queues of the file they are not in yet.
    assert.deepEqual(
      ada.queuesToJoin.map((q) => q.name),
      ['Acme Leads'],
    );
    assert.deepEqual(
      ada.queuesAlready.map((q) => q.name),
      ['EMEA Pool'],
    );
    assert.equal(ina.user.action, 'inactive');
    assert.deepEqual(ina.queuesToJoin, []);
    assert.match(ina.notes[0], /inactive: reactivate it in Setup > Users .*never done for you/);
    assert.deepEqual(fresh.contact, { action: 'create' });
    assert.equal(fresh.user.action, 'create');
    if (fresh.user.action === 'create') {
      assert.equal(fresh.user.username.value, 'new@acme.com.channelkit2');
      assert.equal(fresh.user.nickname.value, 'new2');
      assert.equal(fresh.user.alias, 'nperson');
      assert.equal(fresh.user.profile.name, LOGIN.name);
      assert.equal(fresh.user.loginEmail, 'password-reset');
    }
    assert.deepEqual(nouser.user, { action: 'skip', reason: 'PartnerUser is no' });
    assert.equal(needsRunningUserRole(p, ME), false);
  });

  it('creates new accounts owned by the running user, and enables existing non-partner ones', () => {
    const p = plan([
      'Brand New Ltd,brandnew.com,Bo,Berg,bo@brandnew.com,,yes,Partner Community User,',
      'Dormant Co,https://www.dormant.com,Di,Dorm,di@dormant.com,,no,,',
    ]);
    assert.deepEqual(p.problems, []);
    assert.deepEqual(
      p.accounts.map((a) => [a.name, a.id, a.enable, a.ownerId]),
      [
        ['Brand New Ltd', null, true, ME],
        ['Dormant Co', '001000000000002AAA', true, ME],
      ],
    );
    assert.equal(needsRunningUserRole(p, ME), true);
    const summary = summarize(plannedReports(p), true);
    assert.deepEqual(summary.accounts, { created: 1, matched: 1, partnerEnabled: 2, failed: 0 });
    assert.equal(summary.changed, true);
  });

  it('says the site sends the welcome e-mail when a live site with welcome e-mails has the profile', () => {
    const snap = snapshot();
    snap.sites[0].sendWelcomeEmail = true;
    const p = plan(['Acme,acme.com,Zed,Z,zed@acme.com,,yes,Partner Community User,'], snap);
    assert.equal(p.rows[0].user.action === 'create' && p.rows[0].user.loginEmail, 'site-welcome');
    snap.sites[0].memberIds = [LOGIN.id];
    const off = plan(['Acme,acme.com,Zed,Z,zed@acme.com,,yes,Partner Community User,'], snap);
    assert.equal(
      off.rows[0].user.action === 'create' && off.rows[0].user.loginEmail,
      'password-reset',
    );
    assert.match(off.warnings[0], /Partner Community User is not a member of a live site/);
  });

  it('refuses what only the org reveals: profiles, queues, accounts and contacts that do not fit', () => {
    const p = plan([
      'Acme,acme.com,A,One,one@acme.com,,yes,Gold Partner,',
      'Acme,acme.com,A,Two,two@acme.com,,yes,Standard User,',
      'Acme,acme.com,A,Three,three@acme.com,,yes,Partner Community User,Nowhere;Cases;Twin',
      'Acme,acme.com,A,Four,four@acme.com,,yes,Partner Community User,Twin_B',
      'Other Co,other.com,A,Five,moved@acme.com,,no,,',
    ]);
    assert.deepEqual(p.problems.map(formatProblem), [
      'row 2, column Profile: no profile is named "Gold Partner"; use a partner profile: Partner Community User, Partner Community Login User',
      'row 3, column Profile: profile "Standard User" has the Salesforce licence, not a partner licence; use a partner profile: Partner Community User, Partner Community Login User',
      'row 4, column Queues: no queue is named "Nowhere"; check the spelling against Setup > Queues (the queue\'s label or API name), or remove it',
      'row 4, column Queues: queue "Cases" does not take leads; add Lead to its supported objects in Setup > Queues, or use another queue',
      'row 4, column Queues: 2 queues are named "Twin"; use the API name of the one you mean: Twin_A, Twin_B',
      'row 6, column Email: a contact with this e-mail already exists under account "Acme" (001000000000001AAA), not under "Other Co" (other.com); put that account\'s name and website on this row, or use another e-mail',
    ]);
    assert.deepEqual(
      p.rows.map((r) => r.input.row),
      [5],
    );
    const other = plan(['acme,www.acme.org,A,Five,five@acme.org,,no,,']);
    assert.deepEqual(other.problems.map(formatProblem), [
      'row 2, column Website: an account named "Acme" already exists with https://www.acme.com, not www.acme.org; write https://www.acme.com to add contacts to that account, or use another account name for another company',
    ]);
  });

  it('uses the oldest of duplicate accounts, and says to merge them', () => {
    const snap = snapshot();
    snap.accounts.push({ ...snap.accounts[0], id: '001000000000009AAA', website: 'acme.com' });
    const p = plan(['Acme,acme.com,Zed,Z,zed@acme.com,,no,,'], snap);
    assert.equal(p.accounts[0].id, '001000000000001AAA');
    assert.deepEqual(p.warnings, [
      'row 2: 2 accounts are named "Acme" with this website (001000000000001AAA, 001000000000009AAA); the oldest, 001000000000001AAA, is used: merge the duplicates',
    ]);
  });

  it('refuses more new users than licences left, naming how many are left', () => {
    const p = plan([
      'Acme,acme.com,A,One,one@acme.com,,yes,Partner Community User,',
      'Acme,acme.com,A,Two,two@acme.com,,yes,Partner Community User,',
      'Acme,acme.com,A,Three,three@acme.com,,yes,Partner Community User,',
      'Acme,acme.com,A,Four,four@acme.com,,yes,Partner Community Login User,',
      'Acme,acme.com,Ada,Lovelace,ada@acme.com,,yes,Partner Community User,',
    ]);
    assert.deepEqual(p.problems.map(formatProblem), [
      'row 4, column Profile: 3 rows need a new "Partner Community" user but only 2 licences are left (this row is the first one over); free licences (deactivate partner users who left) or buy more, or set PartnerUser to no on 1 of these rows',
    ]);
  });

  it('gives every new user a different username and nickname, also within the file', () => {
    const names = new NameAllocator(['a@x.com'], ['a']);
    assert.deepEqual(names.username('a@x.com'), { value: 'a@x.com.channelkit', index: 1 });
    assert.deepEqual(names.username('a@x.com'), { value: 'a@x.com.channelkit2', index: 2 });
    assert.deepEqual(names.nickname('a@x.com'), { value: 'a1', index: 1 });
    // After the platform refuses one (a username taken in another org), the next try starts above it.
    names.markTaken('username', 'b@x.com');
    assert.deepEqual(names.username('b@x.com', 1), { value: 'b@x.com.channelkit', index: 1 });
    const long = `${'l'.repeat(60)}@example.com`;
    assert.equal(new NameAllocator([long], []).username(long), null);
    assert.equal(usernameCandidate('a@x.com', 3), 'a@x.com.channelkit3');
    assert.equal(aliasFor('Zoë', "O'Neill-Smith", 'z@x.com'), 'zoneills');
    assert.equal(aliasFor('', '', 'x.y@x.com'), 'xy');
  });
});

describe('partners onboard: queues shared by partner accounts', () => {
  const findings = (lines: string[], allow = false) => {
    const snap = snapshot();
    return sharedQueueFindings(plan(lines, snap), snap.partnerQueues, allow);
  };

  it("refuses a partner user in a queue that holds another partner account's users, naming the row, queue and fix", () => {
    const found = findings([
      'Acme,acme.com,Al,Acme,al@acme.com,,yes,Partner Community User,EMEA Pool',
      'Globex,globex.com,Gil,Globe,gil@globex.com,,yes,Partner Community User,Acme Leads;EMEA Pool',
      'Globex,globex.com,Gus,Globe,gus@globex.com,,no,,EMEA Pool',
    ]);
    assert.deepEqual(found.problems.map(formatProblem), [
      'row 3, column Queues: queue "EMEA Pool" holds partner users of Acme: adding this Globex user lets each partner see the other\'s leads; give Globex its own queue, or remove "EMEA Pool" from this row; pass --allow-shared-queue only if these partners may see each other\'s leads',
    ]);
    assert.deepEqual(found.warnings, []);
  });

  it('judges each row against the rows above it: two new partners in one empty queue', () => {
    const found = findings([
      'Beta Ltd,beta.com,Bea,Beta,bea@beta.com,,yes,Partner Community User,Acme Leads',
      'Beta Ltd,beta.com,Ben,Beta,ben@beta.com,,yes,Partner Community User,Acme Leads',
      'Gamma Ltd,gamma.com,Gio,Gamma,gio@gamma.com,,yes,Partner Community User,Acme Leads',
    ]);
    assert.deepEqual(found.problems.map(formatProblem), [
      'row 4, column Queues: queue "Acme Leads" holds partner users of Beta Ltd: adding this Gamma Ltd user lets each partner see the other\'s leads; give Gamma Ltd its own queue, or remove "Acme Leads" from this row; pass --allow-shared-queue only if these partners may see each other\'s leads',
    ]);
  });

  it('with --allow-shared-queue, plans the memberships and warns about each', () => {
    const found = findings(
      [
        'Globex,globex.com,Gil,Globe,gil@globex.com,,yes,Partner Community User,EMEA Pool',
        'Initech,initech.com,Ivy,Init,ivy@initech.com,,yes,Partner Community User,EMEA Pool',
      ],
      true,
    );
    assert.deepEqual(found.problems, []);
    assert.deepEqual(found.warnings, [
      'row 2: queue "EMEA Pool" holds partner users of Acme: adding this Globex user lets each partner see the other\'s leads (allowed by --allow-shared-queue)',
      'row 3: queue "EMEA Pool" holds partner users of Acme and Globex: adding this Initech user lets each partner see the others\' leads (allowed by --allow-shared-queue)',
    ]);
  });
});
