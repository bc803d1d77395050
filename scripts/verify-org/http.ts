/**
 * Raw HTTP to an org, as the APIs answer (status, headers and body untouched), so a check sees
 * exactly the error codes and wordings a client receives. The target org's token is refreshed
 * once on a 401 by @salesforce/core, as its own requests do.
 */
import type { Connection } from '@salesforce/core';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

export interface RequestOptions {
  method?: string;
  body?: string;
  headers?: Record<string, string>;
}

export interface OrgHttp {
  /** The API version the paths below use, e.g. 65.0. */
  readonly version: string;
  /** `path` starts with /services/...; it is sent as is. */
  request(path: string, options?: RequestOptions): Promise<HttpAnswer>;
}

/** A JSON body of an answer, or null when it is not JSON. */
export function jsonOf(answer: HttpAnswer): unknown {
  try {
    return JSON.parse(answer.text) as unknown;
  } catch {
    return null;
  }
}

async function send(
  instanceUrl: string,
  token: string,
  path: string,
  options: RequestOptions,
): Promise<HttpAnswer> {
  const response = await fetch(instanceUrl + path, {
    method: options.method ?? 'GET',
    body: options.body,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      Accept: 'application/json',
      ...options.headers,
    },
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

export function targetHttp(conn: Connection): OrgHttp {
  return {
    version: conn.getApiVersion(),
    async request(path, options = {}) {
      const first = await send(conn.instanceUrl, conn.accessToken ?? '', path, options);
      if (first.status !== 401) return first;
      await conn.refreshAuth();
      return send(conn.instanceUrl, conn.accessToken ?? '', path, options);
    },
  };
}

export function tokenHttp(instanceUrl: string, accessToken: string, version: string): OrgHttp {
  return {
    version,
    request: (path, options = {}) => send(instanceUrl, accessToken, path, options),
  };
}

/** `/services/data/vX` of an org. */
export const dataPath = (http: OrgHttp): string => `/services/data/v${http.version}`;

/** A SOQL query through REST, every page; throws with the org's answer when it fails. */
export async function queryRecords<T>(http: OrgHttp, soql: string, tooling = false): Promise<T[]> {
  const records: T[] = [];
  let path: string | undefined =
    `${dataPath(http)}${tooling ? '/tooling' : ''}/query?q=${encodeURIComponent(soql)}`;
  while (path) {
    const answer = await http.request(path);
    if (answer.status !== 200) throw new Error(`query failed (${answer.status}): ${answer.text}`);
    const page = JSON.parse(answer.text) as { records: T[]; nextRecordsUrl?: string };
    records.push(...page.records);
    path = page.nextRecordsUrl;
  }
  return records;
}
