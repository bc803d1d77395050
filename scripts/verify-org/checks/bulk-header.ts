/**
 * Whether Bulk API 2.0 query result pages after the first start with the CSV header again. The
 * local org's answer is a setting (localorg/bulk/settings.ts, repeatHeader) because it was never
 * seen on a real org (wire.md §5.1); this check sees it: a read-only query of the profiles, read
 * two rows a page, and the query job deleted afterwards.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_BULK_SETTINGS } from '../../../localorg/bulk/settings.ts';
import { judged, skipped } from '../check.ts';
import type { CheckDef } from '../check.ts';
import { dataPath, jsonOf } from '../http.ts';
import type { OrgHttp } from '../http.ts';

// Every org has a few profiles and seldom more than a few hundred; no LIMIT, which some versions
// of the Bulk API 2.0 guide list as unsupported.
const SOQL = 'SELECT Id FROM Profile';
const ROWS_A_PAGE = 2;
const JOB_DEADLINE_MS = 5 * 60_000;

async function waitForJob(http: OrgHttp, jobPath: string): Promise<string> {
  const deadline = Date.now() + JOB_DEADLINE_MS;
  for (let wait = 250; ; wait = Math.min(wait * 2, 5000)) {
    const answer = await http.request(jobPath);
    const state = (jsonOf(answer) as { state?: string } | null)?.state ?? `HTTP ${answer.status}`;
    if (['JobComplete', 'Failed', 'Aborted'].includes(state)) return state;
    if (Date.now() > deadline) throw new Error(`the query job was still ${state} after 5 minutes`);
    await sleep(wait);
  }
}

const firstLine = (csv: string) => csv.split(/\r?\n/, 1)[0];

export function bulkHeaderCheck(): CheckDef {
  return {
    id: 'bulk-query-header',
    title: 'Bulk API 2.0 query pages and the CSV header',
    promise: `Query result pages after the first ${DEFAULT_BULK_SETTINGS.repeatHeader ? 'repeat' : 'do not repeat'} the CSV header line.`,
    references: [
      'localorg/bulk/settings.ts (repeatHeader)',
      'localorg/bulk/query/pages.ts',
      '../shared/docs/wire.md §5.1',
    ],
    measure: `A Bulk API 2.0 query job "${SOQL}", results read with maxRecords=${ROWS_A_PAGE}; the second page's first line compared with the first page's header; the job deleted.`,
    writes: false,
    async run(ctx) {
      const http = ctx.target;
      const jobs = `${dataPath(http)}/jobs/query`;
      const created = await http.request(jobs, {
        method: 'POST',
        body: JSON.stringify({ operation: 'query', query: SOQL }),
      });
      const id = (jsonOf(created) as { id?: string } | null)?.id;
      if (created.status !== 200 || !id)
        throw new Error(`the query job was refused (${created.status}): ${created.text}`);
      try {
        const state = await waitForJob(http, `${jobs}/${id}`);
        if (state !== 'JobComplete') throw new Error(`the query job ended ${state}`);
        const results = `${jobs}/${id}/results?maxRecords=${ROWS_A_PAGE}`;
        const first = await http.request(results, { headers: { Accept: 'text/csv' } });
        const locator = first.headers.get('Sforce-Locator');
        if (!locator || locator === 'null')
          return skipped(`The org has too few profiles for a second page (${ROWS_A_PAGE} a page).`);
        const second = await http.request(`${results}&locator=${encodeURIComponent(locator)}`, {
          headers: { Accept: 'text/csv' },
        });
        const header = firstLine(first.text);
        const repeats = firstLine(second.text) === header;
        const data = { header, secondPageFirstLine: firstLine(second.text), repeats };
        return judged(
          repeats === DEFAULT_BULK_SETTINGS.repeatHeader
            ? []
            : [
                {
                  what: 'the CSV header on result pages after the first',
                  localOrg: DEFAULT_BULK_SETTINGS.repeatHeader ? 'repeated' : 'not repeated',
                  targetOrg: repeats ? 'repeated' : 'not repeated',
                  change: `localorg/bulk/settings.ts: DEFAULT_BULK_SETTINGS.repeatHeader = ${repeats}`,
                },
              ],
          {
            same: `Later pages ${repeats ? 'repeat' : 'do not repeat'} the header, as in the local org.`,
            differs: `Later pages ${repeats ? 'repeat' : 'do not repeat'} the header; the local org does otherwise.`,
          },
          data,
        );
      } finally {
        await http.request(`${jobs}/${id}`, { method: 'DELETE' });
      }
    },
  };
}
