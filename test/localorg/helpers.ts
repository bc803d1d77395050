import { join } from 'node:path';
/** Shared test setup: an in-memory local org on a free port, and jsforce connections to it. */
import { Connection } from 'jsforce';
import { startLocalOrg } from '../../localorg/main.ts';
import type { LocalOrgOptions, RunningLocalOrg } from '../../localorg/main.ts';

/** A fixed clock so date literals and seeded dates are stable. */
export const NOW = new Date('2026-01-10T19:31:08.000Z');

/** The package, deployed at start by orgs whose tests run its Apex. */
export const FORCE_APP = join(import.meta.dirname, '..', '..', 'force-app');

export function startTestOrg(options: LocalOrgOptions = {}): Promise<RunningLocalOrg> {
  return startLocalOrg({ memory: true, now: () => NOW, ...options });
}

export function connect(
  org: RunningLocalOrg,
  accessToken = org.admin.accessToken,
  version = '62.0',
): Connection {
  return new Connection({ instanceUrl: org.url, accessToken, version });
}

/** The user of a kind, optionally filtered (e.g. active partner users of one account). */
export function userOf(
  org: RunningLocalOrg,
  kind: 'admin' | 'channel-manager' | 'partner',
  active = true,
) {
  const user = org.users.find((u) => u.kind === kind && u.active === active);
  if (!user) throw new Error(`no ${active ? 'active' : 'inactive'} ${kind} user`);
  return user;
}

/** The Id of a queue by name. */
export async function queueId(conn: Connection, name: string): Promise<string> {
  const result = await conn.query<{ Id: string }>(
    `SELECT Id FROM Group WHERE Type = 'Queue' AND Name = '${name}'`,
  );
  if (!result.records[0]) throw new Error(`no queue ${name}`);
  return result.records[0].Id;
}

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
