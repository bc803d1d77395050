/**
 * The filter bar's specific-owner lookup: what the owner search found, as the lookup's options,
 * and the line under the field (a hint, progress, no match, how many, or why it failed).
 */
import type { LookupOption } from 'c/leadOwnerLookup';
import type { OwnerCandidate } from '../../../../../types/leadAssignment';
import { OWNER_TYPE_LABELS } from './columns';
import { formatCount } from './format';

/** The server refuses shorter search text (getOwnerCandidates, like searchLeads). */
export const MIN_OWNER_SEARCH = 2;

export interface OwnerSearch {
  text: string;
  searching: boolean;
  results: OwnerCandidate[];
  error: string | null;
}

export const NO_OWNER_SEARCH: Readonly<OwnerSearch> = Object.freeze({
  text: '',
  searching: false,
  results: [],
  error: null,
});

export function isOwnerSearchable(text: string): boolean {
  return text.trim().length >= MIN_OWNER_SEARCH;
}

/** Each owner with its type and its account (or username) on the second line. */
export function ownerLookupOptions(search: OwnerSearch): LookupOption[] {
  if (!isOwnerSearchable(search.text)) return [];
  return search.results.map((owner) => {
    const detail = owner.sharedAccountNames?.join(', ') ?? owner.accountName ?? owner.username;
    const type = OWNER_TYPE_LABELS[owner.type];
    return {
      id: owner.id,
      name: owner.name,
      meta: detail ? `${type} · ${detail}` : type,
    };
  });
}

export function ownerSearchMessage(search: OwnerSearch): string {
  if (search.error) return `Owners could not be searched: ${search.error}`;
  if (!isOwnerSearchable(search.text)) {
    return 'Type at least 2 characters of a user, queue or partner account name.';
  }
  if (search.searching) return 'Searching…';
  if (search.results.length === 0) return `No user or queue matches "${search.text.trim()}".`;
  return `${formatCount(search.results.length, 'owner')} found: choose one with the arrow keys.`;
}
