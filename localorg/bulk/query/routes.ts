/** Bulk API 2.0 query routes under `/services/data/vXX.X/jobs/query`. */
import { z } from 'zod';
import type { Router } from '../../http/router.ts';
import { sessionOf, versionOf } from '../../http/types.ts';
import type { RequestContext } from '../../http/types.ts';
import { bulkError, csvResponse, jobJson } from '../http.ts';
import { TERMINAL_STATES, jobInfo, jobSummary, touch } from '../jobs.ts';
import type { QueryJob } from '../jobs.ts';
import { listJobs } from '../listing.ts';
import type { BulkService } from '../service.ts';
import { newQueryJob } from './create.ts';
import { resultPage } from './pages.ts';
import { runQueryJob } from './runner.ts';

const BASE = '/services/data/:version/jobs/query';
const MIN_VERSION = 47;

const stateBody = z.object({ state: z.string() });

function checkVersion(ctx: RequestContext): void {
  if (Number(versionOf(ctx)) < MIN_VERSION) {
    throw bulkError(404, 'NOT_FOUND', 'The requested resource does not exist');
  }
}

export function registerQueryJobRoutes(router: Router, service: BulkService): void {
  const { org, settings } = service;
  const job = (ctx: RequestContext): QueryJob => {
    checkVersion(ctx);
    return service.queryJob(sessionOf(ctx), ctx.params.id);
  };

  router.post(BASE, async (ctx) => {
    checkVersion(ctx);
    const created = newQueryJob(org, sessionOf(ctx), versionOf(ctx), await ctx.json());
    const full: QueryJob = { ...created, dir: await service.createJobDir(created.id) };
    service.add(full);
    service.run(full, () => runQueryJob(service, full));
    org.config.log(`bulk query job ${full.id} created on ${full.object}`);
    return jobJson(200, jobSummary(full));
  });

  router.get(BASE, (ctx) => {
    checkVersion(ctx);
    return listJobs(ctx, service, 'query');
  });

  router.get(`${BASE}/:id`, (ctx) => jobJson(200, jobInfo(job(ctx))));

  router.patch(`${BASE}/:id`, async (ctx) => {
    const target = job(ctx);
    const parsed = stateBody.safeParse(await ctx.json());
    if (!parsed.success || parsed.data.state !== 'Aborted' || TERMINAL_STATES.has(target.state)) {
      throw bulkError(
        400,
        'INVALIDJOBSTATE',
        `Invalid state transition for job ${target.id}: from ${target.state} to ${parsed.data?.state ?? '(none)'}`,
      );
    }
    target.state = 'Aborted';
    touch(target, org.now());
    return jobJson(200, jobSummary(target));
  });

  router.delete(`${BASE}/:id`, async (ctx) => {
    const target = job(ctx);
    if (target.state === 'InProgress') {
      throw bulkError(
        400,
        'INVALIDJOBSTATE',
        `Job ${target.id} is InProgress: abort it before deleting it`,
      );
    }
    if (target.state === 'UploadComplete') target.state = 'Aborted';
    await target.settled;
    await service.remove(target);
    return { status: 204 };
  });

  router.get(`${BASE}/:id/results`, async (ctx) => {
    const target = job(ctx);
    if (versionOf(ctx) !== target.apiVersion) {
      throw bulkError(
        409,
        'INVALIDJOB',
        `The job was created with API version ${target.apiVersion}: get its results with the same version`,
      );
    }
    if (target.state === 'Aborted' || target.state === 'Failed') {
      throw bulkError(
        400,
        'INVALIDJOBSTATE',
        `Job ${target.id} is ${target.state}: it has no results`,
      );
    }
    if (target.state !== 'JobComplete') {
      throw bulkError(
        412,
        'JOB_NOT_COMPLETE',
        `Job ${target.id} is not complete yet: ${target.state}`,
      );
    }
    const page = await resultPage(
      target,
      { locator: ctx.query.get('locator'), maxRecords: ctx.query.get('maxRecords') },
      settings.queryPageSize,
      settings.repeatHeader,
    );
    return csvResponse(ctx, page.body, {
      'Sforce-NumberOfRecords': String(page.count),
      'Sforce-Locator': page.next,
    });
  });
}
