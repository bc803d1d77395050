/**
 * `GET /services/data` (versions), the version root ("Resources by Version", with `identity`,
 * the caller's identity URL, as the REST API Developer Guide's "List Available REST Resources"
 * shows: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_discoveryresource.htm),
 * and `/limits`.
 */
import { MAX_API_VERSION, MIN_API_VERSION } from '../http/server.ts';
import type { Router } from '../http/router.ts';
import { sessionOf, versionOf } from '../http/types.ts';
import type { LocalOrg } from '../org.ts';

const SEASONS = ['Winter', 'Spring', 'Summer'];

/** Release label of an API version: v62.0 is Winter '25, v63.0 Spring '25, v65.0 Winter '26. */
export function releaseLabel(version: number): string {
  const k = version - 62;
  const season = SEASONS[((k % 3) + 3) % 3];
  const year = 25 + Math.floor(k / 3);
  return `${season} '${String(year).padStart(2, '0')}`;
}

export function versionList(): { label: string; url: string; version: string }[] {
  const out = [];
  for (let v = MIN_API_VERSION; v <= MAX_API_VERSION; v++) {
    out.push({ label: releaseLabel(v), url: `/services/data/v${v}.0`, version: `${v}.0` });
  }
  return out;
}

const RESOURCES = [
  'tooling',
  'metadata',
  'jobs',
  'sobjects',
  'connect',
  'query',
  'queryAll',
  'search',
  'composite',
  'limits',
  'recent',
  'localorg',
];

export function registerVersionRoutes(router: Router, org: LocalOrg): void {
  router.get('/services/data', () => ({ status: 200, body: versionList() }), { auth: false });
  router.get('/services/data/:version', (ctx) => {
    const version = versionOf(ctx);
    const session = sessionOf(ctx);
    const body: Record<string, string> = {};
    for (const name of RESOURCES) body[name] = `/services/data/v${version}/${name}`;
    // An absolute URL, unlike the others: the caller's identity URL (oauth.ts).
    body.identity = `${ctx.baseUrl}/id/${session.orgId}/${session.userId}`;
    return { status: 200, body };
  });
  router.get('/services/data/:version/limits', () => {
    const max = org.config.apiLimit;
    const remaining = Math.max(0, max - org.apiUsage());
    const quota = (n: number): { Max: number; Remaining: number } => ({ Max: n, Remaining: n });
    return {
      status: 200,
      body: {
        DailyApiRequests: { Max: max, Remaining: remaining },
        DailyAsyncApexExecutions: quota(250000),
        DailyBulkApiBatches: quota(15000),
        DailyBulkV2QueryFileStorageMB: quota(976562),
        DailyBulkV2QueryJobs: quota(10000),
        DataStorageMB: quota(5),
        FileStorageMB: quota(20),
        HourlyTimeBasedWorkflow: quota(50),
        MassEmail: quota(10),
        SingleEmail: quota(15),
      },
    };
  });
}
