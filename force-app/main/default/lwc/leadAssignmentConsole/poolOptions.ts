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
        accountName: candidate.accountName ?? null,
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
