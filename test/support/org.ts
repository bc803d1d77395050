/**
 * Starting a local org for a test: in memory on a free port, on a fixed clock, with the package
 * at hand to deploy; jsforce connections to it; its users and queues.
 */
import { join } from 'node:path';
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
