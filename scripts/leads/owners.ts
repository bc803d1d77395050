/**
 * Resolves and checks the owners a reassignment names (Ids, usernames or queue names) before any
 * lead changes: each becomes an OwnerCandidate for the routing core, with the eligibility facts
 * the org knows (active, logged in, member of the live partner site, queue takes leads) and its
 * current open-lead load. The facts and the load are read as the console's Apex reads them
 * (OwnerCandidateSelector, LeadSelector.openLeadCounts), so both show the same owner the same
 * way; the routing core alone judges them.
 */
import type { Connection } from '@salesforce/core';
import { DEFAULT_SITE_NAME, type OwnerCandidate } from '../../lib/routing/leadRouting.ts';
import { normalizeId } from '../../lib/salesforce-id.ts';
import { badInput } from '../cli/errors.ts';
import { soqlList } from '../cli/soql.ts';

export interface OwnerFacts extends OwnerCandidate {
  name: string;
  /** What the person typed. */
  given: string;
  /** Partner users: their account. */
  partnerAccountId: string | null;
}

/** The owners a run names, and the live partner site their messages speak of. */
export interface ResolvedOwners {
  owners: OwnerFacts[];
  /** The live partner site's name (the first by name), or "the partner site" when none is known. */
  siteName: string;
}

type UserRow = {
  Id: string;
  Name: string;
  Username: string;
  IsActive: boolean;
  UserType: string;
  AccountId: string | null;
  LastLoginDate: string | null;
};

const PARTNER_TYPES = new Set(['PowerPartner', 'Partner']);

/** Counts one API call (the run's `apiCalls`). */
type CountCall = () => void;

/** Queries in slices so a long owner list never makes an over-long URL; counts each call. */
async function queryAll<T extends Record<string, unknown>>(
  conn: Connection,
  build: (slice: string[]) => string,
  values: string[],
  countCall: CountCall,
): Promise<T[]> {
  const rows: T[] = [];
  for (let i = 0; i < values.length; i += 100) {
    countCall();
    const result = await conn.query<T>(build(values.slice(i, i + 100)));
    rows.push(...result.records);
  }
  return rows;
}

/**
 * Looks the owners up. `flag` names the option in errors (e.g. --round-robin). Unknown owners are
 * bad input (exit 2); eligibility is left to the routing core, which skips and explains.
 */
export async function resolveOwners(
  conn: Connection,
  given: string[],
  flag: string,
  countCall: CountCall,
): Promise<ResolvedOwners> {
  if (given.length === 0)
    throw badInput(
      'NoOwners',
      `${flag} names no owner.`,
      `Give user Ids (005...), usernames or queue names, separated by commas.`,
    );
  const ids = given.map((g) => normalizeId(g)).filter((id): id is string => id !== null);
  const names = given.filter((g) => normalizeId(g) === null);
  const userFields = 'Id, Name, Username, IsActive, UserType, AccountId, LastLoginDate';
  const users = [
    ...(await queryAll<UserRow>(
      conn,
      (slice) => `SELECT ${userFields} FROM User WHERE Id IN (${soqlList(slice)})`,
      ids.filter((id) => id.startsWith('005')),
      countCall,
    )),
    ...(await queryAll<UserRow>(
      conn,
      (slice) => `SELECT ${userFields} FROM User WHERE Username IN (${soqlList(slice)})`,
      names.filter((n) => n.includes('@')),
      countCall,
    )),
  ];
  type QueueRow = { Id: string; Name: string; DeveloperName: string };
  const queues = [
    ...(await queryAll<QueueRow>(
      conn,
      (slice) =>
        `SELECT Id, Name, DeveloperName FROM Group WHERE Type = 'Queue' AND Id IN (${soqlList(slice)})`,
      ids.filter((id) => id.startsWith('00G')),
      countCall,
    )),
    ...(await queryAll<QueueRow>(
      conn,
      (slice) =>
        `SELECT Id, Name, DeveloperName FROM Group WHERE Type = 'Queue' AND (DeveloperName IN (${soqlList(slice)}) OR Name IN (${soqlList(slice)}))`,
      names.filter((n) => !n.includes('@')),
      countCall,
    )),
  ];
  const leadQueues = new Set(
    (
      await queryAll<{ QueueId: string }>(
        conn,
        (slice) =>
          `SELECT QueueId FROM QueueSobject WHERE SobjectType = 'Lead' AND QueueId IN (${soqlList(slice)})`,
        queues.map((q) => q.Id),
        countCall,
      )
    ).map((r) => normalizeId(r.QueueId)),
  );
  const partnerIds = users.filter((u) => PARTNER_TYPES.has(u.UserType)).map((u) => u.Id);
  const site =
    partnerIds.length > 0
      ? await liveSite(conn, partnerIds, countCall)
      : { name: null, members: null };

  const owners: OwnerFacts[] = [];
  const seen = new Set<string>();
  for (const value of given) {
    const id = normalizeId(value);
    const user = users.find((u) =>
      id ? normalizeId(u.Id) === id : u.Username.toLowerCase() === value.toLowerCase(),
    );
    const queue = user
      ? undefined
      : queues.find((q) =>
          id ? normalizeId(q.Id) === id : q.DeveloperName === value || q.Name === value,
        );
    if (!user && !queue) {
      throw badInput(
        'UnknownOwner',
        `${flag}: no user or queue "${value}" in this org (or you cannot see it).`,
        'Give a User Id (005...), a username, or a queue Id (00G...), name or API name; `sf data query -q "SELECT Id, Name FROM Group WHERE Type = \'Queue\'"` lists queues.',
      );
    }
    const ownerId = normalizeId(user ? user.Id : queue!.Id)!;
    if (seen.has(ownerId))
      throw badInput(
        'DuplicateOwner',
        `${flag}: "${value}" is listed twice.`,
        'List each owner once; use --weights to give one owner more leads.',
      );
    seen.add(ownerId);
    if (user) {
      const partner = PARTNER_TYPES.has(user.UserType);
      owners.push({
        id: ownerId,
        kind: 'User',
        name: user.Name,
        given: value,
        partnerAccountId: user.AccountId,
        eligibility: {
          isActive: Boolean(user.IsActive),
          ...(partner
            ? {
                hasLoggedIn: user.LastLoginDate !== null,
                isSiteMember: site.members === null ? undefined : site.members.has(ownerId),
              }
            : {}),
        },
      });
    } else {
      owners.push({
        id: ownerId,
        kind: 'Queue',
        name: queue!.Name,
        given: value,
        partnerAccountId: null,
        eligibility: { supportsLead: leadQueues.has(ownerId) },
      });
    }
  }
  return { owners, siteName: site.name ?? DEFAULT_SITE_NAME };
}

/**
 * The live partner site's name (the first by name) and which of these partner users are its
 * members (NetworkMember), as OwnerCandidateSelector reads them. Without Experience Cloud, or
 * without access to its objects, both are unknown (null): unknown is not "not a member".
 */
async function liveSite(
  conn: Connection,
  partnerIds: string[],
  countCall: CountCall,
): Promise<{ name: string | null; members: Set<string> | null }> {
  let name: string | null = null;
  try {
    countCall();
    const sites = await conn.query<{ Name: string }>(
      "SELECT Name FROM Network WHERE Status = 'Live' ORDER BY Name LIMIT 1",
    );
    name = sites.records[0]?.Name ?? null;
  } catch {
    // No Experience Cloud in this org: the messages say "the partner site".
  }
  try {
    const members = await queryAll<{ MemberId: string }>(
      conn,
      (slice) =>
        `SELECT MemberId FROM NetworkMember WHERE MemberId IN (${soqlList(slice)}) AND Network.Status = 'Live'`,
      partnerIds,
      countCall,
    );
    return { name, members: new Set(members.map((m) => normalizeId(m.MemberId)!)) };
  } catch {
    return { name, members: null };
  }
}

/**
 * Open leads each owner holds now, from one aggregate query per 100 owners: not converted and
 * not in a closed status (`closedStatuses`, from closedLeadStatuses), as the console counts them
 * (LeadSelector.openLeadCounts), so "open leads" is one number in both.
 */
export async function openLeadLoads(
  conn: Connection,
  ownerIds: string[],
  closedStatuses: readonly string[],
  countCall: CountCall,
): Promise<Map<string, number>> {
  const notClosed =
    closedStatuses.length > 0 ? ` AND Status NOT IN (${soqlList(closedStatuses)})` : '';
  const rows = await queryAll<{ OwnerId: string; expr0: number }>(
    conn,
    (slice) =>
      `SELECT OwnerId, COUNT(Id) FROM Lead WHERE IsConverted = false${notClosed} AND OwnerId IN (${soqlList(slice)}) GROUP BY OwnerId`,
    ownerIds,
    countCall,
  );
  return new Map(rows.map((r) => [normalizeId(r.OwnerId)!, Number(r.expr0)]));
}
