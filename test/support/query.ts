/** Querying a local org over HTTP as its admin: raw REST calls, and every row of a SOQL query. */
import type { RunningLocalOrg } from '../../localorg/main.ts';

/** Raw fetch with the admin's token (for shapes jsforce hides). */
export async function api(
  org: RunningLocalOrg,
  path: string,
  init: RequestInit & { token?: string } = {},
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const { token = org.admin.accessToken, ...rest } = init;
  const response = await fetch(org.url + path, {
    ...rest,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      ...(rest.headers ?? {}),
    },
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as unknown) : null,
  };
}

/** Every row of a REST query as the admin, following nextRecordsUrl. */
export async function queryAll(
  org: RunningLocalOrg,
  soql: string,
): Promise<Record<string, string>[]> {
  const records: Record<string, string>[] = [];
  let path: string | undefined = `/services/data/v62.0/query?q=${encodeURIComponent(soql)}`;
  while (path) {
    const page = (await api(org, path)).body as {
      records: Record<string, string>[];
      nextRecordsUrl?: string;
    };
    records.push(...page.records);
    path = page.nextRecordsUrl;
  }
  return records;
}

/** Gives leads an owner as the admin, 200 a call, without running any assignment rule. */
export async function setLeadOwners(
  org: RunningLocalOrg,
  ids: string[],
  ownerId: string,
): Promise<void> {
  for (let i = 0; i < ids.length; i += 200) {
    const res = await api(org, '/services/data/v62.0/composite/sobjects', {
      method: 'PATCH',
      headers: { 'Sforce-Auto-Assign': 'FALSE' },
      body: JSON.stringify({
        allOrNone: true,
        records: ids
          .slice(i, i + 200)
          .map((id) => ({ attributes: { type: 'Lead' }, id, OwnerId: ownerId })),
      }),
    });
    if (res.status !== 200) throw new Error(`setting lead owners: ${JSON.stringify(res.body)}`);
  }
}
