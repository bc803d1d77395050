/**
 * Readiness for partner onboarding and lead assignment, judged from facts read off the org.
 * Pure: every check is a function of OrgFacts, so each verdict is tested without an org.
 * Channel Kit never flips these settings itself (PRM cannot be turned off again): it reports
 * and says where in Setup to go.
 */
import { queueAccountOf } from '../../lib/routing/queueAccount.ts';
import type { OrgFacts } from './facts.ts';

export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  detail: string;
  /** What to do, for warn and fail. */
  fix: string | null;
}

/** Fewer partner licences left than this is worth a warning. */
export const LOW_LICENSES = 5;
const OPEN_EXTERNAL = new Set([
  'Read',
  'ReadWrite',
  'ReadWriteTransfer',
  'ReadSelect',
  'Edit',
  'All',
]);

const pass = (id: string, title: string, detail: string): CheckResult => ({
  id,
  title,
  status: 'pass',
  detail,
  fix: null,
});
const flag = (
  status: 'warn' | 'fail',
  id: string,
  title: string,
  detail: string,
  fix: string,
): CheckResult => ({
  id,
  title,
  status,
  detail,
  fix,
});

export function readinessChecks(facts: OrgFacts): CheckResult[] {
  const results: CheckResult[] = [];

  results.push(
    facts.accountHasIsPartner && facts.leadHasPartnerAccountId
      ? pass(
          'prm',
          'Partner Relationship Management',
          'Enabled: Account.IsPartner and Lead.PartnerAccountId exist.',
        )
      : flag(
          'fail',
          'prm',
          'Partner Relationship Management',
          'Not enabled: Account.IsPartner or Lead.PartnerAccountId is missing.',
          'Enable Digital Experiences (Setup > Digital Experiences > Settings) and ask Salesforce to enable PRM. It cannot be turned off again, so Channel Kit never enables it for you.',
        ),
  );

  results.push(
    facts.hasNetworkObject
      ? pass(
          'experience-cloud',
          'Experience Cloud (Digital Experiences)',
          'Enabled: the Network object exists.',
        )
      : flag(
          'fail',
          'experience-cloud',
          'Experience Cloud (Digital Experiences)',
          'Not enabled: the org has no Network object.',
          'Setup > Digital Experiences > Settings: select "Enable Digital Experiences" and save.',
        ),
  );

  const remaining = facts.partnerLicenses.reduce(
    (sum, l) => sum + Math.max(0, l.total - l.used),
    0,
  );
  const licenseDetail = facts.partnerLicenses
    .map((l) => `${l.name}: ${l.total - l.used} of ${l.total} left`)
    .join('; ');
  if (facts.partnerLicenses.length === 0 || remaining === 0) {
    results.push(
      flag(
        'fail',
        'partner-licenses',
        'Partner licences',
        facts.partnerLicenses.length === 0
          ? 'The org has no partner community licences.'
          : `None left (${licenseDetail}).`,
        'Buy Partner Community licences, or free some by deactivating partner users who left (Setup > Company Information shows the counts).',
      ),
    );
  } else if (remaining < LOW_LICENSES) {
    results.push(
      flag(
        'warn',
        'partner-licenses',
        'Partner licences',
        `Only ${remaining} left (${licenseDetail}).`,
        'Plan for more licences before the next onboarding wave.',
      ),
    );
  } else {
    results.push(
      pass('partner-licenses', 'Partner licences', `${remaining} left (${licenseDetail}).`),
    );
  }

  results.push(
    facts.partnerProfiles.length > 0
      ? pass(
          'partner-profiles',
          'Partner profiles',
          facts.partnerProfiles.map((p) => p.name).join(', '),
        )
      : flag(
          'fail',
          'partner-profiles',
          'Partner profiles',
          'No profile uses a partner community licence.',
          'Setup > Profiles: clone "Partner Community User" and give it the Lead and Account access partners need.',
        ),
  );

  const live = facts.sites.filter((s) => s.status === 'Live');
  if (live.length === 0) {
    const others = facts.sites.map((s) => `${s.name} (${s.status})`).join(', ');
    results.push(
      flag(
        'fail',
        'site-live',
        'Partner site is live',
        facts.sites.length === 0
          ? 'The org has no Experience Cloud site.'
          : `No site is live: ${others}.`,
        'Setup > All Sites: create a partner site (or open yours in Experience Builder) and publish it, then set its status to Live in Administration.',
      ),
    );
  } else {
    results.push(pass('site-live', 'Partner site is live', live.map((s) => s.name).join(', ')));
  }

  if (live.length > 0 && facts.partnerProfiles.length > 0) {
    const members = new Set(live.flatMap((s) => s.memberIds.map((id) => id.substring(0, 15))));
    const missing = facts.partnerProfiles.filter((p) => !members.has(p.id.substring(0, 15)));
    if (missing.length === facts.partnerProfiles.length) {
      results.push(
        flag(
          'fail',
          'site-members',
          'Partner profiles are site members',
          `No partner profile is a member of ${live.map((s) => s.name).join(', ')}: partner users could not log in.`,
          'Experience Builder > Administration > Members: add your partner profiles and save.',
        ),
      );
    } else if (missing.length > 0) {
      results.push(
        flag(
          'warn',
          'site-members',
          'Partner profiles are site members',
          `Not members of the live site: ${missing.map((p) => p.name).join(', ')}. Users with these profiles cannot log in or appear in lead owner pickers.`,
          'Experience Builder > Administration > Members: add these profiles, or stop using them for partners.',
        ),
      );
    } else {
      results.push(
        pass(
          'site-members',
          'Partner profiles are site members',
          'Every partner profile is a member of the live site.',
        ),
      );
    }
  }

  if (live.length > 0) {
    results.push(
      live.some((s) => s.sendWelcomeEmail)
        ? pass(
            'welcome-email',
            'Welcome e-mail',
            'The live site sends new members a welcome e-mail.',
          )
        : flag(
            'warn',
            'welcome-email',
            'Welcome e-mail',
            'The live site does not send welcome e-mails: new partner users get no login e-mail unless a password reset is sent.',
            '`channelkit partners onboard` sends a password reset instead; or turn on "Send welcome email" in Administration > Emails.',
          ),
    );
  }

  results.push(
    facts.runningUser.roleName
      ? pass(
          'running-user-role',
          'Your user has a role',
          `${facts.runningUser.username}: ${facts.runningUser.roleName}.`,
        )
      : flag(
          'fail',
          'running-user-role',
          'Your user has a role',
          `${facts.runningUser.username} has no role: accounts you own cannot get partner users ("portal account owner must have a role").`,
          'Setup > Users: edit your user and pick a role (any internal role will do).',
        ),
  );

  const active = facts.leadRules.filter((r) => r.active);
  results.push(
    active.length === 0
      ? pass(
          'assignment-rules',
          'Lead assignment rules',
          facts.leadRules.length === 0
            ? 'No lead assignment rule.'
            : 'No active lead assignment rule.',
        )
      : flag(
          'warn',
          'assignment-rules',
          'Lead assignment rules',
          `"${active[0].name}" is active: API updates run it and can overwrite the owner you set, unless the request says not to.`,
          'Nothing to do for Channel Kit (it always sends Sforce-Auto-Assign: FALSE); check other integrations that update leads.',
        ),
  );
  return results;
}

/** "A", "A and B", "A, B and C". */
export function namesText(names: readonly string[]): string {
  return names.length < 2
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * Queues whose partner members belong to two or more partner accounts (the rule of
 * lib/routing/queueAccount.ts, which the console applies too): each partner sees the others' leads.
 */
export function sharedQueueCheck(facts: OrgFacts): CheckResult {
  const shared = facts.partnerQueues
    .map((queue) => ({ queue, account: queueAccountOf(queue.partnerMembers) }))
    .filter(({ account }) => account.kind === 'shared');
  const title = 'Partner queues hold one partner each';
  if (shared.length === 0) {
    return pass(
      'shared-queues',
      title,
      `No queue holds partner users of two or more partner accounts (${facts.partnerQueues.length} partner queues).`,
    );
  }
  return flag(
    'warn',
    'shared-queues',
    title,
    shared
      .map(
        ({ queue, account }) =>
          `"${queue.name}" holds partner users of ${namesText(account.accountNames)}: each partner sees ${account.accountNames.length === 2 ? "the other's" : "the others'"} leads`,
      )
      .join('; ') + '.',
    `Setup > Queues: remove the other partners' users from ${shared.map(({ queue }) => `"${queue.name}"`).join(', ')} so that each queue holds one partner account's users (give each partner its own queue). \`channelkit partners onboard\` refuses such memberships unless told --allow-shared-queue.`,
  );
}

/**
 * Sharing review: external org-wide defaults that let one partner see another's records, and
 * queues shared by partner accounts.
 */
export function sharingChecks(facts: OrgFacts): CheckResult[] {
  return [...defaultsChecks(facts), sharedQueueCheck(facts)];
}

function defaultsChecks(facts: OrgFacts): CheckResult[] {
  if (facts.sharing === null) {
    return [
      flag(
        'warn',
        'sharing-defaults',
        'External sharing defaults',
        'Not checked: the org did not answer the EntityDefinition query.',
        'Setup > Sharing Settings: check that the external defaults of Lead, Account, Contact and Opportunity are Private.',
      ),
    ];
  }
  return facts.sharing.map((s) =>
    OPEN_EXTERNAL.has(s.external)
      ? flag(
          'warn',
          `sharing-${s.object.toLowerCase()}`,
          `External sharing of ${s.object}`,
          `External default is ${s.external}: every partner user can see other partners' ${s.object} records.`,
          `Setup > Sharing Settings: set the external default of ${s.object} to Private, and share with sharing rules where partners need more.`,
        )
      : pass(
          `sharing-${s.object.toLowerCase()}`,
          `External sharing of ${s.object}`,
          `External default is ${s.external} (internal ${s.internal}).`,
        ),
  );
}
