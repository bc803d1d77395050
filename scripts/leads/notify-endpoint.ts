/**
 * The Channel Kit Apex REST endpoint (ChannelKitLeadOwnerResource) that changes owners and sends
 * Salesforce's own owner-change e-mail, which REST and Bulk API updates cannot send. `--notify`
 * applies its changes through it, 200 a call, with the same per-row answers, journal and resume
 * as sObject Collections.
 */
import type { Connection } from '@salesforce/core';
import { CliError } from '../cli/errors.ts';
import type { CollectionResult, SendOwners } from './apply-collections.ts';

export const LEAD_OWNERS_ENDPOINT = '/services/apexrest/channelkit/v1/lead-owners';

interface EndpointResponse {
  results: {
    leadId: string | null;
    success: boolean;
    errors: { statusCode: string; message: string; fields: string[] }[];
  }[];
}

function missingEndpoint(targetOrg: string | undefined): CliError {
  return new CliError(
    'NotifyEndpointMissing',
    'This org has no Channel Kit lead-owner endpoint (the Apex class ChannelKitLeadOwnerResource is not deployed), so --notify cannot send the owner-change e-mail. Nothing was changed.',
    {
      hint: `Deploy Channel Kit first: channelkit deploy -o ${targetOrg ?? 'ORG'}; then run this command again.`,
    },
  );
}

async function post(
  conn: Connection,
  changes: { leadId: string; ownerId: string }[],
  notify: boolean,
  targetOrg: string | undefined,
): Promise<EndpointResponse> {
  try {
    return await conn.request<EndpointResponse>({
      method: 'POST',
      url: LEAD_OWNERS_ENDPOINT,
      body: JSON.stringify({ changes, notify }),
      headers: { 'Content-Type': 'application/json' },
    });
  } catch (error) {
    const e = error as { errorCode?: string; name?: string };
    if (e.errorCode === 'NOT_FOUND' || e.name === 'NOT_FOUND') throw missingEndpoint(targetOrg);
    throw error;
  }
}

/** Checks, with an empty call, that the endpoint is deployed; before anything is planned. */
export async function checkNotifyEndpoint(
  conn: Connection,
  targetOrg: string | undefined,
  countCall: () => void,
): Promise<void> {
  countCall();
  await post(conn, [], false, targetOrg);
}

/** A sender for applyByCollections that goes through the endpoint. */
export function notifySender(
  conn: Connection,
  options: { notify: boolean; targetOrg: string | undefined; countCall: () => void },
): SendOwners {
  return async (changes) => {
    options.countCall();
    const response = await post(
      conn,
      changes.map((c) => ({ leadId: c.id, ownerId: c.ownerId })),
      options.notify,
      options.targetOrg,
    );
    return response.results.map((r): CollectionResult => ({
      id: r.leadId ?? undefined,
      success: r.success,
      errors: r.errors,
    }));
  };
}
