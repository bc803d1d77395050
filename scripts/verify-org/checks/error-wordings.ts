/**
 * The errors the local org reproduces word for word: each probe is sent to the reference local
 * org and to the target org, and the status, errorCode, fields and message are compared (Ids and
 * the running user's username written as placeholders, since they differ between orgs). None of
 * the probes creates anything when the org answers as the local org does; if one does, the record
 * is noted and removed with the sample data.
 */
import { judged } from '../check.ts';
import type { CheckDef, Difference } from '../check.ts';
import { dataPath, jsonOf, queryRecords } from '../http.ts';
import type { HttpAnswer, OrgHttp, RequestOptions } from '../http.ts';
import type { VerifyContext } from '../context.ts';

interface ProbeUser {
  id: string;
  username: string;
  email: string;
  profileId: string;
}

export interface Probe {
  id: string;
  /** What is sent, in words. */
  what: string;
  /** The local org's file that produces the answer. */
  change: string;
  request(http: OrgHttp, user: ProbeUser, marker: string): { path: string } & RequestOptions;
  /** The object a successful answer would have created, to remove it again. */
  creates?: string;
}

const query = (soql: string) => (http: OrgHttp) => ({
  path: `${dataPath(http)}/query?q=${encodeURIComponent(soql)}`,
});

export const PROBES: Probe[] = [
  {
    id: 'unknown-sobject',
    what: 'SOQL on an sObject that does not exist (SELECT Id FROM ChannelKitNoSuchObject)',
    change: 'localorg/soql/compile.ts',
    request: query('SELECT Id FROM ChannelKitNoSuchObject'),
  },
  {
    id: 'unknown-field',
    what: 'SOQL naming a field Lead does not have',
    change: 'localorg/soql/compile.ts',
    request: query('SELECT ChannelKitNoSuchField__c FROM Lead'),
  },
  {
    id: 'count-with-order-by',
    what: 'SELECT COUNT() with ORDER BY',
    change: 'localorg/soql/compile.ts',
    request: query('SELECT COUNT() FROM Lead ORDER BY Name'),
  },
  {
    id: 'for-update-over-rest',
    what: 'FOR UPDATE in a REST query (outside Apex)',
    change: 'localorg/soql/compile.ts',
    request: query('SELECT Id FROM Lead LIMIT 1 FOR UPDATE'),
  },
  {
    id: 'describe-unknown-sobject',
    what: 'describe of an sObject that does not exist',
    change: 'localorg/rest/common.ts (notFound from localorg/errors.ts)',
    request: (http) => ({ path: `${dataPath(http)}/sobjects/ChannelKitNoSuchObject/describe` }),
  },
  {
    id: 'describe-bad-if-modified-since',
    what: 'describe of Lead with an If-Modified-Since that is not a date',
    change:
      "localorg/choices.ts (choice 'describe-bad-if-modified-since') and localorg/rest/common.ts",
    request: (http) => ({
      path: `${dataPath(http)}/sobjects/Lead/describe`,
      headers: { 'If-Modified-Since': 'not a date' },
    }),
  },
  {
    id: 'required-field-missing',
    what: 'insert of a Lead without LastName',
    change: 'localorg/dml/engine.ts',
    creates: 'Lead',
    request: (http, _user, marker) => ({
      path: `${dataPath(http)}/sobjects/Lead`,
      method: 'POST',
      body: JSON.stringify({ Company: marker }),
    }),
  },
  {
    id: 'bad-owner-id',
    what: 'insert of a Lead whose OwnerId is a user Id no user has',
    change: 'localorg/dml/leadRules.ts (checkLeadOwner)',
    creates: 'Lead',
    request: (http, _user, marker) => ({
      path: `${dataPath(http)}/sobjects/Lead`,
      method: 'POST',
      headers: { 'Sforce-Auto-Assign': 'FALSE' },
      body: JSON.stringify({ LastName: 'Verify', Company: marker, OwnerId: '005000000000000AAA' }),
    }),
  },
  {
    id: 'duplicate-username',
    what: "insert of a User with the running user's own username",
    change: 'localorg/dml/userRules.ts (checkUnique)',
    creates: 'User',
    request: (http, user) => ({
      path: `${dataPath(http)}/sobjects/User`,
      method: 'POST',
      body: JSON.stringify({
        Username: user.username,
        LastName: 'Verify',
        Alias: 'ckverify',
        Email: user.email,
        ProfileId: user.profileId,
        TimeZoneSidKey: 'GMT',
        LocaleSidKey: 'en_US',
        EmailEncodingKey: 'UTF-8',
        LanguageLocaleKey: 'en_US',
      }),
    }),
  },
];

/** What is compared: the status, and for an error its code, fields and message. */
export interface Answer {
  status: number;
  errorCode: string | null;
  fields: string[] | null;
  message: string | null;
}

const ID = /\b(?=[0-9A-Za-z]*\d)[0-9A-Za-z]{15}(?:[0-9A-Za-z]{3})?\b/g;

export function answerOf(raw: HttpAnswer, user: ProbeUser): Answer {
  const body = jsonOf(raw);
  const first = Array.isArray(body) ? (body[0] as Record<string, unknown> | undefined) : undefined;
  if (raw.status < 300 || !first) {
    return { status: raw.status, errorCode: null, fields: null, message: null };
  }
  const message = typeof first.message === 'string' ? first.message : null;
  return {
    status: raw.status,
    errorCode: typeof first.errorCode === 'string' ? first.errorCode : null,
    fields: Array.isArray(first.fields) ? (first.fields as string[]) : null,
    message:
      message === null ? null : message.split(user.username).join('<username>').replace(ID, '<Id>'),
  };
}

export const describeAnswer = (a: Answer): string =>
  a.errorCode === null
    ? `${a.status} (no error)`
    : `${a.status} ${a.errorCode}${a.fields ? ` [${a.fields.join(', ')}]` : ''}: ${JSON.stringify(a.message)}`;

function compare(probe: Probe, local: Answer, target: Answer): Difference | null {
  const same =
    local.status === target.status &&
    local.errorCode === target.errorCode &&
    local.message === target.message &&
    JSON.stringify(local.fields) === JSON.stringify(target.fields);
  if (same) return null;
  return {
    what: `${probe.id}: ${probe.what}`,
    localOrg: describeAnswer(local),
    targetOrg: describeAnswer(target),
    change: probe.change,
  };
}

async function probeUser(http: OrgHttp, userId: string): Promise<ProbeUser> {
  const [row] = await queryRecords<{
    Id: string;
    Username: string;
    Email: string;
    ProfileId: string;
  }>(http, `SELECT Id, Username, Email, ProfileId FROM User WHERE Id = '${userId}'`);
  if (!row) throw new Error(`the running user ${userId} is not readable`);
  return { id: row.Id, username: row.Username, email: row.Email, profileId: row.ProfileId };
}

async function send(
  ctx: VerifyContext,
  http: OrgHttp,
  probe: Probe,
  user: ProbeUser,
  isTarget: boolean,
): Promise<Answer> {
  const { path, ...options } = probe.request(http, user, ctx.sample.marker);
  const raw = await http.request(path, options);
  const created = probe.creates && raw.status < 300 ? (jsonOf(raw) as { id?: string }) : null;
  if (created?.id && isTarget)
    ctx.sample.noteCreated(probe.creates!, created.id, `probe ${probe.id}`);
  return answerOf(raw, user);
}

export function errorWordingsCheck(probes: Probe[] = PROBES): CheckDef {
  return {
    id: 'error-wordings',
    title: 'Error codes and wordings',
    promise:
      'The local org answers these requests with the platform’s status, errorCode, fields and message, word for word.',
    references: [
      'README.md: channelkit org local (its doc-silent choices)',
      'localorg/soql/compile.ts (header: the refusals and their wordings)',
      'localorg/dml/',
      'localorg/choices.ts',
    ],
    measure: `${probes.length} requests (${probes.map((p) => p.id).join(', ')}) sent to a fresh local org and to the target org; the answers compared with Ids and the username as placeholders.`,
    writes: false,
    async run(ctx) {
      const reference = await ctx.reference.get();
      const localUser = await probeUser(reference.http, reference.userId);
      const targetUser = await probeUser(ctx.target, ctx.me.id);
      const differences: Difference[] = [];
      const answers: Record<string, { localOrg: Answer; targetOrg: Answer; ms: number }> = {};
      for (const probe of probes) {
        const started = Date.now();
        const local = await send(ctx, reference.http, probe, localUser, false);
        const target = await send(ctx, ctx.target, probe, targetUser, true);
        answers[probe.id] = { localOrg: local, targetOrg: target, ms: Date.now() - started };
        const difference = compare(probe, local, target);
        if (difference) differences.push(difference);
      }
      return judged(
        differences,
        {
          same: `All ${probes.length} answers match the local org's.`,
          differs: `${differences.length} of ${probes.length} answers differ from the local org's.`,
        },
        answers,
      );
    },
  };
}
