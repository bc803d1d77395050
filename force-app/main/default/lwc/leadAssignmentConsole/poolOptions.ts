/** The owners the pool picker lists for a method, with eligibility, load and what is chosen. */
import type { PoolOption } from 'c/leadOwnerPoolPicker';
import type { AssignmentMethod, OwnerCandidate } from '../../../../../types/leadAssignment';
import { blockingIssues, candidateTypesFor, type PoolDraftMember } from './assignment';
import { OWNER_TYPE_LABELS } from './columns';

function status(blocking: string[], candidate: OwnerCandidate) {
  if (blocking.length > 0) return { statusLabel: 'Not eligible', statusVariant: 'error' } as const;
  return candidate.warnings.length > 0
    ? ({ statusLabel: 'Eligible, check warnings', statusVariant: 'warning' } as const)
    : ({ statusLabel: 'Eligible', statusVariant: 'success' } as const);
}

/** "A", "A and B", "A, B and C". */
function namesText(names: string[]): string {
  return names.length < 2
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Why a shared partner queue is a sharing risk, and the fix; null for any other owner. */
export function sharedQueueText(candidate: OwnerCandidate): string | null {
  const names = candidate.sharedAccountNames ?? [];
  if (names.length < 2) return null;
  const others = names.length === 2 ? "the other's" : "the others'";
  return `Shared by ${namesText(names)}: each partner sees ${others} leads. Keep one partner account per queue.`;
}

export function poolOptions(
  candidates: OwnerCandidate[],
  method: AssignmentMethod,
  pool: PoolDraftMember[],
  strictEligibility: boolean,
): PoolOption[] {
  const types = new Set(candidateTypesFor(method));
  const chosen = new Map(pool.map((member) => [member.ownerId, member]));
  return candidates
    .filter((candidate) => types.has(candidate.type))
    .map((candidate) => {
      const blocking = blockingIssues(candidate, strictEligibility);
      const member = chosen.get(candidate.id);
      const issues = new Set([...blocking, ...candidate.warnings.map((issue) => issue.message)]);
      return {
        id: candidate.id,
        name: candidate.name,
        username: candidate.username ?? null,
        typeLabel: OWNER_TYPE_LABELS[candidate.type],
        accountName: candidate.sharedAccountNames?.join(', ') ?? candidate.accountName ?? null,
        sharedText: sharedQueueText(candidate),
        openLeadCount: candidate.openLeadCount,
        selected: member !== undefined,
        // A chosen owner stays enabled so it can be removed after strict eligibility blocks it.
        blocked: blocking.length > 0 && member === undefined,
        ...status(blocking, candidate),
        issuesText: [...issues].join(' '),
        weight: member?.weight ?? '1',
        cap: member?.cap ?? '',
      };
    });
}
