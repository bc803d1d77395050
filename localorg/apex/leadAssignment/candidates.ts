/**
 * getOwnerCandidates: partner users, partner queues, internal users and internal queues, each
 * with its eligibility (the routing core's assessment), human reasons and warnings, and its open
 * leads. A partner user only ever sees owners of its own account.
 */
import type { Session } from '../../auth/session.ts';
import type { LocalOrg } from '../../org.ts';
import { assessOwner } from '../../../force-app/main/default/lwc/leadRouting/leadRouting.ts';
import type {
  OwnerCandidate,
  OwnerCandidatesRequest,
  OwnerType,
} from '../../../types/leadAssignment.d.ts';
import { fail } from './errors.ts';
import { booleanAt, stringAt, stringListAt } from './input.ts';
import type { JsonObject } from './input.ts';
import { describeIssue, liveSiteName, loadOwners, openLeadLoads } from './owners.ts';

/** Listing order: partners first (queues, then people), then internal owners. */
const TYPE_ORDER: OwnerType[] = ['partnerQueue', 'partnerUser', 'internalUser', 'internalQueue'];

interface CandidateQuery {
  types: OwnerType[];
  search: string | null;
  includeIneligible: boolean;
}

function readQuery(request: JsonObject): CandidateQuery {
  const types = stringListAt(
    request as Record<keyof OwnerCandidatesRequest, unknown>,
    'types',
    'types',
  );
  for (const type of types ?? []) {
    if (!TYPE_ORDER.includes(type as OwnerType)) {
      fail(
        `Unknown owner type "${type}". Use partnerUser, partnerQueue, internalUser or internalQueue.`,
      );
    }
  }
  const search = stringAt(request, 'search', 'search')?.trim().toLowerCase() || null;
  return {
    types: (types as OwnerType[] | null) ?? TYPE_ORDER,
    search,
    includeIneligible: booleanAt(request, 'includeIneligible', 'includeIneligible') ?? true,
  };
}

export function getOwnerCandidates(
  org: LocalOrg,
  session: Session,
  request: JsonObject,
): OwnerCandidate[] {
  const query = readQuery(request);
  const owners = [...loadOwners(org.store, null).values()].filter(
    (owner) =>
      query.types.includes(owner.type) &&
      (!session.isExternal ||
        (owner.accountId !== null && owner.accountId === session.accountId)) &&
      (query.search === null ||
        owner.name.toLowerCase().includes(query.search) ||
        (owner.accountName ?? '').toLowerCase().includes(query.search)),
  );
  const loads = openLeadLoads(
    org.store,
    org.catalog,
    session,
    owners.map((o) => o.id),
  );
  const siteName = liveSiteName(org.store);
  const candidates: OwnerCandidate[] = owners.map((owner) => {
    const assessment = assessOwner(
      { id: owner.id, kind: owner.kind, eligibility: owner.eligibility },
      'direct',
    );
    return {
      id: owner.id,
      name: owner.name,
      type: owner.type,
      accountId: owner.accountId,
      accountName: owner.accountName,
      username: owner.username,
      eligible: assessment.reasons.length === 0,
      reasons: assessment.reasons.map((code) => describeIssue(code, { siteName })),
      warnings: assessment.warnings.map((code) => describeIssue(code, { siteName })),
      openLeadCount: loads.get(owner.id) ?? 0,
    };
  });
  return candidates
    .filter((c) => query.includeIneligible || c.eligible)
    .sort(
      (a, b) =>
        TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) ||
        a.name.localeCompare(b.name) ||
        (a.id < b.id ? -1 : 1),
    );
}
