/**
 * What kind of org the target is, and whether the run may go on: the kit creates and deletes
 * sample leads and runs the package's tests, which has no place in production unless asked for.
 */
import { badInput } from '../cli/errors.ts';
import { queryRecords } from './http.ts';
import type { OrgHttp } from './http.ts';

export interface OrgKind {
  orgId: string;
  organizationType: string;
  isSandbox: boolean;
  /** Scratch and trial orgs expire. */
  expires: string | null;
  production: boolean;
}

export async function orgKind(http: OrgHttp): Promise<OrgKind> {
  const [org] = await queryRecords<{
    Id: string;
    IsSandbox: boolean;
    OrganizationType: string;
    TrialExpirationDate: string | null;
  }>(http, 'SELECT Id, IsSandbox, OrganizationType, TrialExpirationDate FROM Organization');
  if (!org) throw new Error('the Organization record is not readable');
  return {
    orgId: org.Id,
    organizationType: org.OrganizationType,
    isSandbox: org.IsSandbox,
    expires: org.TrialExpirationDate,
    production:
      !org.IsSandbox &&
      org.TrialExpirationDate === null &&
      org.OrganizationType !== 'Developer Edition',
  };
}

export function refuseProduction(kind: OrgKind, targetOrg: string): void {
  throw badInput(
    'ProductionOrg',
    `${targetOrg} is a production org (${kind.organizationType}, not a sandbox, no expiry date): verify:org creates and deletes sample leads and runs Apex tests there, so it does not run on production unless asked. Nothing was sent beyond reading the Organization record.`,
    'Run it against a sandbox or scratch org, or add --allow-production if you mean it.',
  );
}
