import { errorMessage } from '../errors';
import {
  canRun,
  leadsText,
  membershipRows,
  ownerOptions,
  previewSummary,
  stalled,
  stepRows,
} from '../offboarding';
import type { OffboardingPlan, OffboardingResult } from '../../../../../../types/partnerOnboarding';
import data from './data/partnerOffboarding.json';

// Recorded answers (see partnerOffboarding.json); a test changes a copy where it needs a case the
// demo org does not hold.
const examples = data.examples as unknown as Record<string, { result: unknown }>;
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const plan = (name: string) => copy(examples[name].result) as OffboardingPlan;
const step = (name: string) => copy(examples[name].result) as OffboardingResult;

describe('errorMessage', () => {
  it('reads Aura, DML, field and network errors, each message once', () => {
    expect(errorMessage({ body: { message: 'Refused.' } })).toBe('Refused.');
    expect(
      errorMessage({
        body: {
          pageErrors: [{ message: 'Locked.' }],
          fieldErrors: { IsActive: [{ message: 'Locked.' }, { message: 'No access.' }] },
        },
      }),
    ).toBe('Locked. No access.');
    expect(errorMessage([{ body: { message: 'A' } }, 'B'])).toBe('A B');
    expect(errorMessage(new TypeError('Failed to fetch'))).toBe('Failed to fetch');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(undefined)).toBe('Something went wrong. Try again.');
  });
});

describe('a step the platform refused rows of', () => {
  // Deactivating: one user saved, one refused, so the users step is still the next one.
  const result = step('stepUsers');
  result.changed = 1;
  result.message = '1 partner users deactivated.';
  result.failures = ['00500000000000DAAQ: UNABLE_TO_LOCK_ROW: unable to obtain exclusive access'];
  result.plan = plan('planAfterLeads');

  it('stops the run there and lists the refused rows under the step', () => {
    expect(stalled('users', result)).toBe(true);
    expect(stalled('leads', step('stepLeads'))).toBe(false);
    const users = stepRows(result.plan, { users: result }, null, null)[1];
    expect(users).toMatchObject({
      key: 'users',
      status: 'failed',
      statusLabel: 'Failed',
      detail: '1 partner users deactivated.',
      hasFailures: true,
    });
    expect(users.failures.map((f) => f.text)).toEqual(result.failures);
    // While it runs again, the old failures are not shown.
    expect(stepRows(result.plan, { users: result }, 'users', null)[1].failures).toEqual([]);
  });
});

describe('the preview in words', () => {
  it('says when leads cannot be placed and when they move in the background', () => {
    const p = plan('plan');
    p.unplacedLeads = 4;
    p.leadsRunAsBatch = true;
    expect(leadsText(p)).toBe(
      "134 open leads owned by the partner's users; 4 leads cannot be placed. They move in the background (Batch Apex); the offboarding continues once they have.",
    );
  });

  it('leaves out what there is none of, and the account step once it is not a partner', () => {
    const p = plan('planAfterLeads');
    p.memberships = [];
    p.account.isPartner = false;
    expect(previewSummary(p)).toBe('Offboarding Fabrikam Inc will deactivate 2 partner users.');
  });

  it('names a membership by its user, or by the Id when the user cannot be seen', () => {
    const p = plan('plan');
    delete p.memberships[0].userName;
    expect(membershipRows(p).map((m) => m.userName)).toEqual([
      p.memberships[0].userId,
      'Umar Schmidt',
      'Mei Costa',
    ]);
  });

  it("offers the account's owner even when its name is not visible", () => {
    const p = plan('plan');
    delete p.account.ownerName;
    expect(ownerOptions(p, [])).toEqual([{ label: "The account's owner", value: '' }]);
  });

  it('runs a later step whatever the lead problems, and nothing once done', () => {
    const p = plan('planAfterLeads');
    p.ready = false;
    expect(canRun(p)).toBe(true);
    expect(canRun(plan('planDone'))).toBe(false);
    expect(canRun(plan('planInactiveOwner'))).toBe(false);
  });
});
