/** Shared setup for the Bulk API tests: raw HTTP calls, leads to work on, polling. */
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** A raw request with the admin's token (for exact shapes jsforce hides). */
export async function raw(
  org: RunningLocalOrg,
  method: string,
  path: string,
  init: { body?: string | Buffer; headers?: Record<string, string>; token?: string } = {},
): Promise<RawResponse> {
  const response = await fetch(org.url + path, {
    method,
    body: init.body,
    headers: {
      Authorization: `Bearer ${init.token ?? org.admin.accessToken}`,
      ...(typeof init.body === 'string' && init.body.startsWith('{')
        ? { 'Content-Type': 'application/json; charset=utf-8' }
        : {}),
      ...init.headers,
    },
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

export function json<T = Record<string, unknown>>(response: RawResponse): T {
  return JSON.parse(response.text) as T;
}

/** Leads that can be updated (not converted), in Id order. */
export async function openLeads(
  conn: Connection,
  count: number,
): Promise<{ Id: string; OwnerId: string }[]> {
  const result = await conn.query<{ Id: string; OwnerId: string }>(
    `SELECT Id, OwnerId FROM Lead WHERE IsConverted = false ORDER BY Id LIMIT ${count}`,
    { autoFetch: true, maxFetch: count },
  );
  return result.records.map((r) => ({ Id: r.Id, OwnerId: r.OwnerId }));
}

/** Polls a job until `until` says stop; throws with the last JobInfo if 20 s pass first. */
export async function pollJob(
  org: RunningLocalOrg,
  path: string,
  until: (info: Record<string, unknown>) => boolean,
  intervalMs = 20,
  timeoutMs = 20_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = json(await raw(org, 'GET', path));
    if (until(info)) return info;
    if (Date.now() > deadline) {
      throw new Error(`${path}: still not there after ${timeoutMs} ms: ${JSON.stringify(info)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export const TERMINAL = new Set(['JobComplete', 'Failed', 'Aborted']);

/** Lines of a CSV body without the final empty one. */
export function lines(text: string): string[] {
  const out = text.split(/\r?\n/);
  if (out.at(-1) === '') out.pop();
  return out;
}
