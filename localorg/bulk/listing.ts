/**
 * `GET /jobs/ingest` and `GET /jobs/query`: the jobs the caller may see, 1,000 a page, filtered by
 * `isPkChunkingEnabled` (Bulk API 1.0 jobs only, so never a 2.0 job), `jobType` and
 * `concurrencyMode`, paged with `queryLocator` as `{"done","records","nextRecordsUrl"}`.
 */
import { sessionOf, versionOf } from '../http/types.ts';
import type { HttpResponse, RequestContext } from '../http/types.ts';
import { makeId } from '../ids.ts';
import { bulkError, jobJson } from './http.ts';
import { jobSummary } from './jobs.ts';
import type { BulkJob } from './jobs.ts';
import type { BulkService } from './service.ts';

export const JOBS_PER_PAGE = 1000;
const LOCATOR = makeId('01g', 1);

const JOB_TYPES: Record<BulkJob['kind'], { own: string; known: string[] }> = {
  ingest: { own: 'V2Ingest', known: ['BigObjectIngest', 'Classic', 'V2Ingest'] },
  query: { own: 'V2Query', known: ['Classic', 'V2Query', 'V2Ingest'] },
};

function offsetOf(locator: string | null): number {
  if (locator === null) return 0;
  const m = /^(.+)-(\d+)$/.exec(locator);
  if (!m || m[1] !== LOCATOR) {
    throw bulkError(400, 'INVALID_QUERY_LOCATOR', `Invalid query locator: ${locator}`);
  }
  return Number(m[2]);
}

function matchesFilters(ctx: RequestContext, kind: BulkJob['kind']): boolean {
  const pk = ctx.query.get('isPkChunkingEnabled');
  if (pk !== null && pk.toLowerCase() === 'true') return false;
  const jobType = ctx.query.get('jobType');
  if (jobType !== null) {
    if (!JOB_TYPES[kind].known.includes(jobType)) {
      throw bulkError(
        400,
        'INVALIDJOB',
        `Invalid jobType: ${jobType}. Valid values are ${JOB_TYPES[kind].known.join(', ')}`,
      );
    }
    if (jobType !== JOB_TYPES[kind].own) return false;
  }
  const mode = ctx.query.get('concurrencyMode');
  return mode === null || mode.toLowerCase() === 'parallel';
}

export function listJobs(
  ctx: RequestContext,
  service: BulkService,
  kind: BulkJob['kind'],
): HttpResponse {
  const offset = offsetOf(ctx.query.get('queryLocator'));
  const jobs = matchesFilters(ctx, kind) ? service.list(sessionOf(ctx), kind) : [];
  const page = jobs.slice(offset, offset + JOBS_PER_PAGE);
  const next = offset + page.length;
  const done = next >= jobs.length;
  return jobJson(200, {
    done,
    records: page.map((job) => ({ ...jobSummary(job), jobType: JOB_TYPES[kind].own })),
    nextRecordsUrl: done
      ? null
      : `/services/data/v${versionOf(ctx)}/jobs/${kind}?queryLocator=${LOCATOR}-${next}`,
  });
}
