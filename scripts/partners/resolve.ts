/** Profiles and queues named in the file, looked up in the org: exist, partner licence, take leads. */
import { PARTNER_LICENSE_KEYS } from '../org-check/facts.ts';
import type { OnboardingSnapshot, OrgProfile, OrgQueue } from './orgState.ts';
import { problem } from './problems.ts';
import type { Problem } from './problems.ts';
import type { OnboardRow } from './rows.ts';

export type Resolved<T> = { value: T } | { problem: Problem };

export function resolveProfile(
  row: OnboardRow,
  snapshot: OnboardingSnapshot,
): Resolved<OrgProfile> {
  const partnerList = snapshot.partnerProfileNames.join(', ') || '(the org has none)';
  const found = snapshot.profiles.find((p) => p.name.toLowerCase() === row.profile.toLowerCase());
  if (!found) {
    return {
      problem: problem(
        row.row,
        'Profile',
        `no profile is named "${row.profile}"`,
        `use a partner profile: ${partnerList}`,
      ),
    };
  }
  if (!PARTNER_LICENSE_KEYS.includes(found.licenseKey)) {
    return {
      problem: problem(
        row.row,
        'Profile',
        `profile "${found.name}" has the ${found.licenseName || 'unknown'} licence, not a partner licence`,
        `use a partner profile: ${partnerList}`,
      ),
    };
  }
  return { value: found };
}

export function resolveQueue(
  row: OnboardRow,
  name: string,
  snapshot: OnboardingSnapshot,
): Resolved<OrgQueue> {
  const lower = name.toLowerCase();
  const byApiName = snapshot.queues.filter((q) => q.developerName.toLowerCase() === lower);
  const byName = snapshot.queues.filter((q) => q.name.toLowerCase() === lower);
  const matches = byApiName.length === 1 ? byApiName : byName;
  if (matches.length === 0) {
    return {
      problem: problem(
        row.row,
        'Queues',
        `no queue is named "${name}"`,
        "check the spelling against Setup > Queues (the queue's label or API name), or remove it",
      ),
    };
  }
  if (matches.length > 1) {
    return {
      problem: problem(
        row.row,
        'Queues',
        `${matches.length} queues are named "${name}"`,
        `use the API name of the one you mean: ${matches.map((q) => q.developerName).join(', ')}`,
      ),
    };
  }
  const queue = matches[0];
  if (!queue.takesLeads) {
    return {
      problem: problem(
        row.row,
        'Queues',
        `queue "${queue.name}" does not take leads`,
        'add Lead to its supported objects in Setup > Queues, or use another queue',
      ),
    };
  }
  return { value: queue };
}
