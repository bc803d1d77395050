// The wizard's pure modules, case by case: what the component tests reach only through the DOM.
import type {
  LoginEmailResult,
  OnboardingPlan,
  PartnerOnboardingApi,
  PartnerStatus,
  Readiness,
} from '../../../../../../types/partnerOnboarding';
import { accountOutcome, matchRows, searchRequest } from '../account';
import {
  draftProblems,
  emailProblem,
  emptyDraft,
  newContact,
  sameRequest,
  splitName,
  toRequest,
  type OnboardingDraft,
} from '../draft';
import { errorMessage } from '../errors';
import { formatDateTime, formatList, sentence } from '../format';
import {
  licenceOf,
  permissionSetOptions,
  profileOptions,
  queueOptions,
  readinessRows,
  readinessSummary,
} from '../readiness';
import { resumeText, reviewView, wizardWording } from '../review';
import {
  blockedUsers,
  emailDetail,
  initialSteps,
  passwordResetUserIds,
  runToast,
  stepDetail,
  summaryView,
  type RunOutcome,
} from '../run';
import { contactsWithoutUser, statusRows, statusSummary } from '../status';
import { neighbour, stepTitle } from '../steps';
import data from './data/partnerOnboarding.json';

type Method = keyof PartnerOnboardingApi;
const examples = data.examples as unknown as Record<string, { method: Method; result: unknown }>;
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const plan = (name: string): OnboardingPlan => copy(examples[name].result as OnboardingPlan);
const readiness = (): Readiness => copy(examples.readiness.result as Readiness);
const status = (name: string): PartnerStatus => copy(examples[name].result as PartnerStatus);

/**
 * A login e-mail the server did not send, as it answers for an Id it cannot find: no username
 * and no message (the contract types username as always there; the Apex leaves it out).
 */
const unsent = (userId: string) =>
  ({ userId, method: 'password-reset', sent: false }) as unknown as LoginEmailResult;

/** The Acme draft the recordings were made with. */
function acmeDraft(): OnboardingDraft {
  return {
    accountName: 'Acme Partners',
    website: 'acme.example',
    contacts: [
      newContact('c1', {
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada@acme.example',
        title: 'Partner Manager',
      }),
      newContact('c2', {
        firstName: 'Bob',
        lastName: 'Stone',
        email: 'bob@acme.example',
        partnerUser: false,
      }),
    ],
    profileName: 'Partner Community User',
    queueNames: ['Adventure_Works_Leads'],
    permissionSetNames: ['Channel_Kit_Partner'],
  };
}

describe('errorMessage', () => {
  it.each([
    ['an AuraHandledException body', { body: { message: 'No access.' } }, 'No access.'],
    ['a string', 'Plain text.', 'Plain text.'],
    [
      'page and field errors',
      { body: { pageErrors: [{ message: 'A' }], fieldErrors: { Name: [{ message: 'B' }] } } },
      'A B',
    ],
    ['a list of bodies', { body: [{ message: 'One.' }, { message: 'Two.' }] }, 'One. Two.'],
    ['a JavaScript error', new Error('Broken.'), 'Broken.'],
    ['a number', 42, '42'],
    ['nothing', null, 'Something went wrong. Try again.'],
    ['an array', ['x', 'x'], 'x'],
  ])('reads %s', (_label, error, expected) => {
    expect(errorMessage(error)).toBe(expected);
  });
});

describe('format and steps', () => {
  it('formats lists, sentences and dates', () => {
    expect(formatList([])).toBe('');
    expect(formatList(['a'])).toBe('a');
    expect(formatList(['a', 'b', 'c'])).toBe('a, b and c');
    expect(sentence('  ')).toBe('');
    expect(sentence('done!')).toBe('Done!');
    expect(sentence('fix it')).toBe('Fix it.');
    expect(formatDateTime('not a date')).toBe('not a date');
    expect(formatDateTime('2026-11-27T18:48:37.912Z')).toMatch(/2026/);
  });

  it('moves between the steps and stops at either end', () => {
    expect(neighbour('readiness', -1)).toBe('readiness');
    expect(neighbour('review', 1)).toBe('review');
    expect(neighbour('contacts', 1)).toBe('users');
    expect(stepTitle('users')).toBe('Step 4 of 5: Partner users');
  });
});

describe('account search', () => {
  it('searches with 2 characters of a name or with a website', () => {
    expect(searchRequest(' A ', '')).toBeNull();
    expect(searchRequest('A', 'acme.example')).toEqual({ name: null, website: 'acme.example' });
    expect(searchRequest('Acme', ' ')).toEqual({ name: 'Acme', website: null });
  });

  it('says what the onboarding does with each account found', () => {
    const [globex] = copy(
      examples.searchEnable.result as PartnerOnboardingApi['searchAccounts']['result'],
    );
    const exact = globex;
    const similar = { ...globex, exact: false };
    expect(matchRows([exact], 'Globex Resellers')[0]).toMatchObject({
      note: 'The onboarding will reuse this account and enable it as a partner account.',
      canUse: false,
      partnerText: 'Not a partner yet',
    });
    expect(accountOutcome([exact], 'Globex Resellers')).toBe(
      'Globex Resellers exists: the onboarding will reuse it and enable it as a partner account.',
    );
    const noWebsite = { ...similar, website: undefined };
    expect(matchRows([noWebsite], 'globex  resellers')[0]).toMatchObject({
      conflicts: true,
      canUse: false,
      website: 'No website',
      note: 'Same name and no website: set the website on the account first, or choose another name.',
    });
    expect(matchRows([similar], 'Globex')[0].note).toBe(
      'A similar account: the onboarding does not use it unless name and website match.',
    );
    expect(accountOutcome([similar], 'Globex')).toBe(
      'No account has this name and website: the onboarding will create a new partner account, owned by you.',
    );
  });
});

describe('draft', () => {
  it('checks titles, the number of contacts and blank drafts', () => {
    const draft = acmeDraft();
    draft.contacts[0].title = 'x'.repeat(81);
    draft.contacts[1].title = 'x'.repeat(129);
    expect(draftProblems(draft).map((p) => p.message)).toEqual([
      'Shorten the title to 80 characters (a user’s title is at most 80).',
      'Shorten the title to 128 characters.',
    ]);
    const many = { ...acmeDraft(), contacts: [] as OnboardingDraft['contacts'] };
    for (let i = 0; i < 51; i++) {
      many.contacts.push(
        newContact(`k${i}`, { lastName: `L${i}`, email: `p${i}@acme.example`, partnerUser: false }),
      );
    }
    expect(draftProblems(many).map((p) => p.message)).toEqual([
      "Onboard at most 50 contacts at a time (the CLI's partners onboard takes more).",
    ]);
    expect(draftProblems(emptyDraft()).map((p) => p.field)).toEqual([
      'accountName',
      'website',
      'contacts',
    ]);
  });

  it.each([
    ['ada@acme.example', null],
    ['', null],
    ['ada @acme.example', 'Write the e-mail address as name@company.com.'],
    ['ada@acme', 'Write the e-mail address as name@company.com.'],
    ['a@b@acme.example', 'Write the e-mail address as name@company.com.'],
    ['@acme.example', 'Write the e-mail address as name@company.com.'],
    ['ada@acme.e', 'Write the e-mail address as name@company.com.'],
    ['ada@ac_me.example', 'Write the e-mail address as name@company.com.'],
  ])('judges the e-mail %s as the server would', (email, expected) => {
    expect(emailProblem(email)).toBe(expected);
  });

  it('splits names and builds the request', () => {
    expect(splitName('Ben')).toEqual({ firstName: '', lastName: 'Ben' });
    expect(splitName('  ')).toEqual({ firstName: '', lastName: '' });
    expect(splitName('Mary Ann  Smith')).toEqual({ firstName: 'Mary Ann', lastName: 'Smith' });
    const draft = acmeDraft();
    draft.contacts[0].firstName = ' ';
    expect(toRequest(draft).contacts[0]).toEqual({
      firstName: null,
      lastName: 'Lovelace',
      email: 'ada@acme.example',
      title: 'Partner Manager',
      partnerUser: true,
    });
    expect(toRequest({ ...draft, profileName: '' }).profileName).toBeNull();
    expect(sameRequest(null, toRequest(draft))).toBe(false);
    expect(sameRequest(toRequest(draft), toRequest(draft))).toBe(true);
  });
});

describe('readiness', () => {
  it('summarises errors and warnings, and falls back for an unknown status', () => {
    const clean = readiness();
    clean.items = clean.items.map((item) => ({ ...item, status: 'ok' }));
    expect(readinessSummary(clean)).toBe('Ready to onboard.');
    const broken = readiness();
    broken.items[0].status = 'error';
    broken.items[1].status = 'error';
    expect(readinessSummary(broken)).toBe(
      '2 checks block onboarding: fix them in Setup, then check again.',
    );
    const odd = readiness();
    (odd.items[0] as { status: string }).status = 'unknown';
    expect(readinessRows(odd)[0]).toMatchObject({ iconName: 'utility:warning', fix: null });
  });

  it('offers nothing without readiness, and a profile without a licence row', () => {
    expect(profileOptions(null)).toEqual([]);
    expect(queueOptions(null)).toEqual([]);
    expect(permissionSetOptions(null)).toEqual([]);
    expect(licenceOf(null, 'Partner Community User')).toBeNull();
    const r = readiness();
    expect(licenceOf(r, 'Nobody')).toBeNull();
    r.licences = [];
    expect(licenceOf(r, 'Partner Community User')).toBeNull();
    expect(profileOptions(r)[0].description).toBe('Partner Community Login licence');
  });
});

describe('review', () => {
  it.each([
    [
      'a@x.com is already on row 3; a contact can appear only once',
      'a@x.com is already as contact 2; a contact can appear only once',
    ],
    [
      'row 2: Profile is ignored because PartnerUser is no',
      'contact 1: Profile is ignored because Partner user is off',
    ],
    [
      '3 rows need a new user (this row is the first one over)',
      '3 contacts need a new user (this contact is the first one over)',
    ],
    ['set PartnerUser to no on 1 of these rows', 'turn Partner user off on 1 of these contacts'],
    ['fill in LastName', 'fill in Last name'],
    ['the value is blank but PartnerUser is yes', 'the value is blank but Partner user is on'],
    ['delete one of the two rows', 'delete one of the two contacts'],
    [
      'the user has profile A, the file says B: left unchanged',
      'the user has profile A, you chose B: left unchanged',
    ],
    [
      'write yes or no in PartnerUser; FirstName too',
      'write yes or no in Partner user; First name too',
    ],
    ['fill in AccountName', 'fill in Account name'],
  ])('words "%s" for the wizard', (server, wizard) => {
    expect(wizardWording(server)).toBe(wizard);
  });

  it('describes existing, inactive and welcomed users, notes, and an enabled account', () => {
    const p = plan('planEnable');
    p.contacts[0] = { ...p.contacts[0], loginEmail: 'site-welcome' };
    p.contacts[1] = {
      ...p.contacts[1],
      contact: 'match',
      contactId: '003000000000001AAA',
      user: 'inactive',
      userId: '005000000000001AAA',
      username: 'hank@globex.example',
      notes: ['the partner user is inactive: reactivate it in Setup > Users'],
    };
    const draft = acmeDraft();
    const view = reviewView(p, draft);
    expect(view.contacts[0].loginEmailText).toBe(
      'Login e-mail: the site’s welcome e-mail, when the user is created',
    );
    expect(view.contacts[1]).toMatchObject({
      contactText: 'Exists: reused',
      userText: 'Has an inactive partner user: hank@globex.example (not reactivated)',
      userUrl: '/lightning/r/User/005000000000001AAA/view',
      notes: ['The partner user is inactive: reactivate it in Setup > Users.'],
    });
    expect(view.createsText).toBe(
      'Will enable the account as a partner account and create 1 contact, 1 partner user, 1 queue membership and 1 permission set assignment.',
    );
    p.contacts = [{ ...p.contacts[1], index: 0, user: 'exists' }];
    expect(reviewView(p, draft).contacts[0].userText).toBe(
      'Has a partner user: hank@globex.example',
    );
    expect(reviewView(p, draft).createsText).toBe(
      'Will enable the account as a partner account; nothing new to create.',
    );
  });

  it('puts a problem without a field or contact first, and one with an unknown field at its contact', () => {
    const p = plan('planNew');
    p.ready = false;
    p.problems = [
      { message: 'something is off', fix: 'ask your administrator' },
      { contactIndex: 1, field: 'Shoe size', message: 'too big', fix: 'pick another' },
      { contactIndex: 0, field: 'Queues', message: 'no queue is named "X"', fix: 'remove it' },
      { contactIndex: 1, field: 'Queues', message: 'no queue is named "X"', fix: 'remove it' },
    ];
    const view = reviewView(p, acmeDraft());
    expect(view.generalProblems.map((g) => g.message)).toEqual(['Something is off.']);
    expect(view.contacts[1].problems[0]).toMatchObject({ where: 'Shoe size', step: 'contacts' });
    expect(view.userProblems).toHaveLength(1);
    expect(view.userProblems[0]).toMatchObject({
      where: 'Contacts 1 and 2, Queues',
      changeLabel: 'Change in Partner users',
    });
    expect(view.problemCount).toBe(3);
    expect(view.resumeText).toBeNull();
  });

  it('names the contact from the draft when the plan has none, and the account by default', () => {
    const p = plan('planWrongWebsite');
    const draft = acmeDraft();
    draft.contacts.push(newContact('c3'));
    const view = reviewView(p, draft);
    expect(view.contacts.map((c) => c.heading)).toEqual([
      'Contact 1: Ada Lovelace',
      'Contact 2: Bob Stone',
      'Contact 3: (no name)',
    ]);
    expect(resumeText({ ...plan('planAfterAccount'), account: null })).toContain(
      'The partner account is already a partner account',
    );
  });
});

describe('run', () => {
  it('leaves out steps with nothing to do', () => {
    const welcome = plan('planNew');
    welcome.contacts[0].loginEmail = 'site-welcome';
    expect(initialSteps(welcome).map((s) => [s.key, s.status, s.detail])).toEqual([
      ['account', 'waiting', ''],
      ['contacts', 'waiting', ''],
      ['users', 'waiting', ''],
      ['email', 'skipped', 'The site sends its welcome e-mail when a user is created.'],
    ]);
    const noUsers = plan('planNew');
    noUsers.contacts = [noUsers.contacts[1]];
    expect(initialSteps(noUsers).map((s) => s.detail)).toEqual([
      '',
      '',
      'No partner user to create or add to a queue.',
      'No new partner user.',
    ]);
    expect(initialSteps(plan('planDone')).every((s) => s.status === 'skipped')).toBe(true);
    expect(initialSteps(plan('planAfterContacts'))[1].detail).toBe('Done by an earlier run.');
  });

  it('counts what a step created and failed', () => {
    const reviewed = plan('planNew');
    expect(
      stepDetail(
        'users',
        { created: [], failures: [{ message: 'x' }, { message: 'y' }] },
        reviewed,
      ),
    ).toBe('Nothing new to create; 2 failures.');
    expect(emailDetail([unsent('u')])).toBe('Sent 0 password reset e-mails; 1 not sent.');
    expect(
      blockedUsers(reviewed, [{ key: 'k', step: 'contacts', contactIndex: 1, message: 'm' }]),
    ).toBe(0);
  });

  it('e-mails only users this run created whose plan says password reset', () => {
    const reviewed = plan('planAfterContacts');
    const after = plan('planDone');
    const created = copy(
      examples.stepUsers.result as PartnerOnboardingApi['enablePartnerUsers']['result'],
    ).created;
    expect(passwordResetUserIds(reviewed, after, created)).toEqual(['00500000000000fAAA']);
    expect(passwordResetUserIds(reviewed, after, [])).toEqual([]);
    expect(passwordResetUserIds(plan('planDone'), after, created)).toEqual([]);
  });

  function outcome(change: Partial<RunOutcome> = {}): RunOutcome {
    return {
      reviewed: plan('planNew'),
      after: plan('planDone'),
      created: [],
      failures: [],
      emails: [],
      stopped: null,
      accountId: null,
      ...change,
    };
  }

  it('summarises a run whose plan could not be read back', () => {
    const view = summaryView(outcome({ after: null }), acmeDraft());
    expect(view.accountState).toBe('Not created');
    expect(view.contacts[0]).toMatchObject({
      name: 'Ada Lovelace',
      contactState: 'Not saved',
      userState: null,
      emailState: null,
    });
    expect(view.emailsText).toBe('No login e-mail was sent.');
    expect(view.outcome).toBe('success');
  });

  it('summarises welcome e-mails, existing records, failed e-mails and stops', () => {
    const reviewed = plan('planAfterContacts');
    reviewed.contacts[0].loginEmail = 'site-welcome';
    const welcomed = summaryView(
      outcome({ reviewed, accountId: '00100000000000DAAQ' }),
      acmeDraft(),
    );
    expect(welcomed.contacts[0]).toMatchObject({
      contactState: 'Existed',
      userState: 'Partner user existed',
      emailState: 'Welcome e-mail sent by the site',
    });
    expect(welcomed.accountState).toBe('Existed');
    expect(welcomed.emailsText).toBe(
      'No login e-mail to send: new users get the site’s welcome e-mail, or no user was created.',
    );

    const failedEmail = summaryView(
      outcome({
        emails: [unsent('00500000000000fAAA')],
        failures: [{ key: 'k', step: 'users', contactIndex: null, message: 'Lock' }],
      }),
      acmeDraft(),
    );
    expect(failedEmail.contacts[0].emailState).toBe('Login e-mail not sent: ');
    expect(failedEmail.emails[0]).toMatchObject({
      text: 'Not sent',
      username: '00500000000000fAAA',
    });
    expect(failedEmail.otherFailures).toHaveLength(1);
    expect(failedEmail.heading).toBe('The onboarding of Acme Partners is not finished: 1 failure');
    expect(runToast(failedEmail).variant).toBe('warning');

    const stopped = summaryView(
      outcome({
        after: null,
        reviewed: { ...plan('planNew'), account: null },
        stopped: { step: 'account', message: 'No.' },
      }),
      acmeDraft(),
    );
    expect(stopped.heading).toBe('The onboarding of Acme Partners stopped at: Partner account');
    expect(runToast(stopped)).toMatchObject({ variant: 'error' });
  });
});

describe('status', () => {
  it('describes inactive users, users off the site, and contacts without e-mail', () => {
    const s = status('statusNorthwind');
    const user = s.contacts[0].user;
    if (!user) throw new Error('Northwind has a user first.');
    s.contacts[0].user = {
      ...user,
      isActive: false,
      onLiveSite: false,
      queues: [],
      lastLogin: undefined,
    };
    s.contacts[3].email = undefined;
    const rows = statusRows(s);
    expect(rows[0]).toMatchObject({
      userText: 'Inactive, Partner Community Login User (Partner Community Login)',
      siteText: 'Not on a live site',
      queuesText: 'No queue',
      lastLoginText: 'Never',
      canSendEmail: false,
    });
    expect(rows[3]).toMatchObject({ email: '', hasUser: false, userText: 'No partner user' });
    expect(contactsWithoutUser(s)).toEqual([]);
    expect(statusSummary(status('statusNorthwind'))).toBe(
      'Partner account, owned by Maya Chen, 4 contacts, 3 partner users.',
    );
    expect(statusSummary({ ...s, account: { ...s.account, isPartner: false } })).toContain(
      'Not a partner account,',
    );
  });
});
