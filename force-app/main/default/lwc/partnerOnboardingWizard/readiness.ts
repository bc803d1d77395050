/** The readiness step: each check as a row, and the choices the partner users step offers. */
import type {
  LicenceInfo,
  ProfileInfo,
  Readiness,
  ReadinessStatus,
} from '../../../../../types/partnerOnboarding';
import { formatCount, formatNumber } from './format';

const STATUS_VIEW: Record<ReadinessStatus, { iconName: string; variant: string; label: string }> = {
  ok: { iconName: 'utility:success', variant: 'success', label: 'OK' },
  warning: { iconName: 'utility:warning', variant: 'warning', label: 'Warning' },
  error: { iconName: 'utility:error', variant: 'error', label: 'Blocks onboarding' },
};

export interface ReadinessRow {
  key: string;
  title: string;
  detail: string;
  fix: string | null;
  setupPath: string | null;
  iconName: string;
  iconVariant: string;
  statusLabel: string;
}

export function readinessRows(readiness: Readiness): ReadinessRow[] {
  return readiness.items.map((item) => {
    const view = STATUS_VIEW[item.status] ?? STATUS_VIEW.warning;
    return {
      key: item.key,
      title: item.title,
      detail: item.detail,
      fix: item.fix ?? null,
      setupPath: item.setupPath ?? null,
      iconName: view.iconName,
      iconVariant: view.variant,
      statusLabel: view.label,
    };
  });
}

export function readinessSummary(readiness: Readiness): string {
  const errors = readiness.items.filter((item) => item.status === 'error').length;
  const warnings = readiness.items.filter((item) => item.status === 'warning').length;
  if (errors > 0) {
    return `${formatCount(errors, 'check')} ${errors === 1 ? 'blocks' : 'block'} onboarding: fix ${errors === 1 ? 'it' : 'them'} in Setup, then check again.`;
  }
  return warnings > 0
    ? `Ready to onboard, with ${formatCount(warnings, 'warning')}.`
    : 'Ready to onboard.';
}

/** "Partner Community: 40 of 60 left". */
export function licenceText(licence: LicenceInfo): string {
  return `${licence.name}: ${formatNumber(licence.left)} of ${formatNumber(licence.total)} left`;
}

export function licenceOf(readiness: Readiness | null, profileName: string): LicenceInfo | null {
  const profile = readiness?.profiles.find((p) => p.name === profileName);
  if (!profile) return null;
  return readiness?.licences.find((licence) => licence.name === profile.licenceName) ?? null;
}

/** Profiles on a live site first (their users can log in), each list in the server's order. */
export function sortedProfiles(profiles: ProfileInfo[]): ProfileInfo[] {
  return [...profiles.filter((p) => p.onLiveSite), ...profiles.filter((p) => !p.onLiveSite)];
}

export interface Option {
  label: string;
  value: string;
  description?: string;
}

export function profileOptions(readiness: Readiness | null): Option[] {
  if (!readiness) return [];
  return sortedProfiles(readiness.profiles).map((profile) => {
    const licence = readiness.licences.find((l) => l.name === profile.licenceName);
    const left = licence ? `, ${formatNumber(licence.left)} left` : '';
    return {
      label: profile.onLiveSite ? profile.name : `${profile.name} (not on a live site)`,
      value: profile.name,
      description: profile.onLiveSite
        ? `${profile.licenceName} licence${left}`
        : `${profile.licenceName} licence${left}. Not a member of a live site: its users cannot log in.`,
    };
  });
}

/** Lead queues by label; the request names them by API name, which is unique. */
export function queueOptions(readiness: Readiness | null): Option[] {
  return (readiness?.queues ?? []).map((queue) => ({
    label: queue.name,
    value: queue.developerName,
  }));
}

export function permissionSetOptions(readiness: Readiness | null): Option[] {
  return (readiness?.permissionSets ?? []).map((set) => ({ label: set.label, value: set.name }));
}
