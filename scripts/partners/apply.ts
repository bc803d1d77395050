/**
 * Carries out a plan in the order the platform needs: accounts (created, then enabled as
 * partners), contacts, and then, in separate requests because User and GroupMember cannot share a
 * transaction with Account or Contact (mixed DML), partner users, queue memberships and login
 * e-mails. A failure stops only its own row; everything else goes on.
 */
import type { Connection } from '@salesforce/core';
import { insertRecords, updateRecords } from './collections.ts';
import type { WriteResult } from './collections.ts';
import { loginEmailFailure, sendPasswordResets } from './loginEmail.ts';
import type { NameAllocator } from './names.ts';
import type { RunningUser } from './orgState.ts';
import type { Plan, PlannedRow } from './plan.ts';
import { plannedReports } from './report.ts';
import type { RowReport } from './report.ts';

/** Rounds of retries for usernames or nicknames the platform says are taken. */
const NAME_RETRIES = 3;

interface Work {
  plan: PlannedRow;
  report: RowReport;
}

function fail(work: Work, step: string, errors: string[]): void {
  work.report.ok = false;
  for (const e of errors) work.report.errors.push(`${step}: ${explain(e, work.plan)}`);
}

/** The platform's message, plus what to do for the failures people meet most. */
export function explain(error: string, row: PlannedRow): string {
  if (/must have a role/i.test(error)) {
    return `${error} (give the account owner, ${row.account.ownerName}, a role in Setup > Users, then run the same file again)`;
  }
  if (/LICENSE_LIMIT_EXCEEDED/.test(error)) {
    return `${error} (free or buy partner licences, then run the same file again)`;
  }
  return error;
}

async function createAccounts(conn: Connection, plan: Plan, owner: RunningUser, works: Work[]) {
  const fresh = plan.accounts.filter((a) => a.id === null);
  const results = await insertRecords(
    conn,
    'Account',
    fresh.map((a) => ({ Name: a.name, Website: a.website, OwnerId: owner.id })),
  );
  fresh.forEach((account, i) => {
    const result = results[i];
    for (const w of works.filter((x) => x.plan.account.key === account.key)) {
      if (result.success) {
        w.report.account = { status: 'created', id: result.id, partnerEnabled: false };
      } else {
        w.report.account = { status: 'failed', id: null, partnerEnabled: false };
        fail(w, 'account', result.errors);
      }
    }
  });
}

async function enablePartners(conn: Connection, plan: Plan, works: Work[]) {
  const ids = new Map<string, string>();
  for (const account of plan.accounts) {
    if (!account.enable) continue;
    const id = works.find((w) => w.plan.account.key === account.key)?.report.account.id;
    if (id) ids.set(account.key, id);
  }
  const keys = [...ids.keys()];
  const results = await updateRecords(
    conn,
    'Account',
    keys.map((k) => ({ Id: ids.get(k)!, IsPartner: true })),
  );
  keys.forEach((key, i) => {
    for (const w of works.filter((x) => x.plan.account.key === key)) {
      if (results[i].success) w.report.account.partnerEnabled = true;
      else fail(w, 'enable as partner account', results[i].errors);
    }
  });
}

async function createContacts(conn: Connection, works: Work[]) {
  const todo = works.filter((w) => w.plan.contact.action === 'create');
  const ready = todo.filter((w) => w.report.account.id);
  for (const w of todo.filter((x) => !x.report.account.id)) {
    w.report.contact = { status: 'skipped', id: null };
  }
  const results = await insertRecords(
    conn,
    'Contact',
    ready.map((w) => {
      const r = w.plan.input;
      return {
        AccountId: w.report.account.id,
        ...(r.firstName ? { FirstName: r.firstName } : {}),
        LastName: r.lastName,
        Email: r.email,
        ...(r.title ? { Title: r.title } : {}),
      };
    }),
  );
  ready.forEach((w, i) => {
    if (results[i].success) w.report.contact = { status: 'created', id: results[i].id };
    else {
      w.report.contact = { status: 'failed', id: null };
      fail(w, 'contact', results[i].errors);
    }
  });
}

function userRecord(w: Work, owner: RunningUser, username: string, nickname: string) {
  const r = w.plan.input;
  const user = w.plan.user;
  if (user.action !== 'create') throw new Error('not a new user');
  return {
    ContactId: w.report.contact.id,
    ProfileId: user.profile.id,
    Username: username,
    Email: r.email,
    ...(r.firstName ? { FirstName: r.firstName } : {}),
    LastName: r.lastName,
    Alias: user.alias,
    CommunityNickname: nickname,
    ...(r.title ? { Title: r.title } : {}),
    CompanyName: [...w.plan.account.name].slice(0, 80).join(''),
    TimeZoneSidKey: owner.timeZoneSidKey,
    LocaleSidKey: owner.localeSidKey,
    EmailEncodingKey: owner.emailEncodingKey,
    LanguageLocaleKey: owner.languageLocaleKey,
  };
}

/** Inserts the users; usernames or nicknames taken elsewhere are replaced and retried. */
async function createUsers(
  conn: Connection,
  works: Work[],
  owner: RunningUser,
  names: NameAllocator,
) {
  const todo = works.filter((w) => w.plan.user.action === 'create');
  const pending: {
    work: Work;
    username: { value: string; index: number };
    nickname: { value: string; index: number };
  }[] = [];
  for (const w of todo) {
    const user = w.plan.user;
    if (user.action !== 'create') continue;
    const blocked = !w.report.contact.id
      ? 'the contact was not created'
      : !w.report.account.partnerEnabled && w.plan.account.enable
        ? 'the account is not a partner account'
        : null;
    if (blocked) {
      w.report.user = { ...w.report.user, status: 'skipped', username: null, reason: blocked };
      continue;
    }
    pending.push({ work: w, username: user.username, nickname: user.nickname });
  }
  for (let round = 0; round <= NAME_RETRIES && pending.length > 0; round++) {
    const results: WriteResult[] = await insertRecords(
      conn,
      'User',
      pending.map((p) => userRecord(p.work, owner, p.username.value, p.nickname.value)),
    );
    const retry: typeof pending = [];
    pending.forEach((p, i) => {
      const result = results[i];
      const report = p.work.report;
      if (result.success) {
        report.user = {
          ...report.user,
          status: 'created',
          id: result.id,
          username: p.username.value,
          reason: null,
        };
        return;
      }
      const clash = result.errors.every((e) => /^DUPLICATE_(USERNAME|COMMUNITY_NICKNAME)/.test(e));
      if (clash && round < NAME_RETRIES) {
        const email = p.work.plan.input.emailKey;
        let { username, nickname } = p;
        if (result.errors.some((e) => e.startsWith('DUPLICATE_USERNAME'))) {
          names.markTaken('username', username.value);
          username = names.username(email, username.index + 1) ?? username;
        }
        if (result.errors.some((e) => e.startsWith('DUPLICATE_COMMUNITY_NICKNAME'))) {
          names.markTaken('nickname', nickname.value);
          nickname = names.nickname(email, nickname.index + 1) ?? nickname;
        }
        if (username !== p.username || nickname !== p.nickname) {
          retry.push({ work: p.work, username, nickname });
          return;
        }
      }
      report.user = {
        ...report.user,
        status: 'failed',
        username: p.username.value,
        reason: result.errors.join('; '),
      };
      fail(p.work, 'partner user', result.errors);
    });
    pending.splice(0, pending.length, ...retry);
  }
}

async function joinQueues(conn: Connection, works: Work[]) {
  const memberships = works.flatMap((w) =>
    w.report.user.id && (w.report.user.status === 'created' || w.report.user.status === 'exists')
      ? w.plan.queuesToJoin.map((q) => ({ work: w, queue: q, userId: w.report.user.id! }))
      : [],
  );
  for (const w of works) w.report.queues.joined = [];
  const results = await insertRecords(
    conn,
    'GroupMember',
    memberships.map((m) => ({ GroupId: m.queue.id, UserOrGroupId: m.userId })),
  );
  memberships.forEach((m, i) => {
    if (results[i].success) m.work.report.queues.joined.push(m.queue.name);
    else if (results[i].errors.every((e) => e.startsWith('DUPLICATE_VALUE'))) {
      m.work.report.queues.already.push(m.queue.name);
    } else fail(m.work, `queue ${m.queue.name}`, results[i].errors);
  });
}

async function sendLoginEmails(conn: Connection, works: Work[]) {
  const created = works.filter((w) => w.report.user.status === 'created' && w.report.user.id);
  const resets = created.filter((w) => w.report.loginEmail === 'password-reset');
  const failures = await sendPasswordResets(
    conn,
    resets.map((w) => w.report.user.id!),
  );
  resets.forEach((w, i) => {
    const failure = failures[i];
    if (failure) {
      w.report.loginEmail = 'failed';
      fail(w, 'login e-mail', [loginEmailFailure(failure)]);
    }
  });
  for (const w of works) if (w.report.user.status !== 'created') w.report.loginEmail = 'none';
}

export async function applyPlan(
  conn: Connection,
  plan: Plan,
  owner: RunningUser,
  names: NameAllocator,
  progress: (line: string) => void,
): Promise<RowReport[]> {
  const reports = plannedReports(plan);
  const works: Work[] = plan.rows.map((p, i) => ({ plan: p, report: reports[i] }));
  for (const w of works) {
    const a = w.report.account;
    w.report.account = { status: a.id ? 'matched' : a.status, id: a.id, partnerEnabled: false };
    if (w.report.contact.status === 'match') w.report.contact.status = 'matched';
  }
  const count = (what: string, n: number) => progress(`${what}: ${n} ...`);

  count('Creating accounts', plan.accounts.filter((a) => a.id === null).length);
  await createAccounts(conn, plan, owner, works);
  count('Enabling partner accounts', plan.accounts.filter((a) => a.enable).length);
  await enablePartners(conn, plan, works);
  count('Creating contacts', works.filter((w) => w.plan.contact.action === 'create').length);
  await createContacts(conn, works);
  // Mixed DML: the setup objects below go in their own requests, after the sales objects.
  count('Creating partner users', works.filter((w) => w.plan.user.action === 'create').length);
  await createUsers(conn, works, owner, names);
  count(
    'Adding queue memberships',
    works.reduce((n, w) => n + w.plan.queuesToJoin.length, 0),
  );
  await joinQueues(conn, works);
  count(
    'Sending password-reset e-mails',
    works.filter(
      (w) => w.report.user.status === 'created' && w.report.loginEmail === 'password-reset',
    ).length,
  );
  await sendLoginEmails(conn, works);
  for (const w of works) {
    if (w.report.contact.status === 'create') w.report.contact = { status: 'skipped', id: null };
    if (w.report.user.status === 'create') {
      w.report.user = {
        ...w.report.user,
        status: 'skipped',
        reason: w.report.user.reason ?? 'not created',
      };
    }
  }
  return reports;
}
