/** Bulk API 2.0 ingest routes under `/services/data/vXX.X/jobs/ingest`. */
import { createReadStream } from 'node:fs';
import { z } from 'zod';
import type { Router } from '../../http/router.ts';
import { sessionOf, versionOf } from '../../http/types.ts';
import type { RequestContext } from '../../http/types.ts';
import { bulkError, csvResponse, jobJson } from '../http.ts';
import { TERMINAL_STATES, jobInfo, jobSummary, touch } from '../jobs.ts';
import type { IngestJob } from '../jobs.ts';
import { listJobs } from '../listing.ts';
import type { BulkService } from '../service.ts';
import { newIngestJob } from './create.ts';
import { processIngestJob } from './processor.ts';
import { resultFile } from './results.ts';
import type { ResultKind } from './results.ts';
import { receiveUpload } from './upload.ts';

const BASE = '/services/data/:version/jobs/ingest';
const MIN_VERSION = 41;

const stateBody = z.object({ state: z.string() });

function checkVersion(ctx: RequestContext): void {
  if (Number(versionOf(ctx)) < MIN_VERSION) {
    throw bulkError(404, 'NOT_FOUND', 'The requested resource does not exist');
  }
}

function multipleUploads(job: IngestJob) {
  return bulkError(
    400,
    'INVALIDJOB',
    `Found multipe contents for job: <${job.id.slice(0, 15)}>, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and make sure you only do 'PUT' once on a given Job.`,
  );
}

function invalidTransition(job: IngestJob, state: string) {
  return bulkError(
    400,
    'INVALIDJOBSTATE',
    `Invalid state transition for job ${job.id}: from ${job.state} to ${state}`,
  );
}

export function registerIngestRoutes(router: Router, service: BulkService): void {
  const { org } = service;
  const job = (ctx: RequestContext): IngestJob => {
    checkVersion(ctx);
    return service.ingestJob(sessionOf(ctx), ctx.params.id);
  };

  router.post(BASE, async (ctx) => {
    checkVersion(ctx);
    const created = newIngestJob(org, sessionOf(ctx), versionOf(ctx), await ctx.json());
    const full: IngestJob = { ...created, dir: await service.createJobDir(created.id) };
    service.add(full);
    org.config.log(`bulk ingest job ${full.id} opened: ${full.operation} ${full.object}`);
    return jobJson(200, jobSummary(full));
  });

  router.get(BASE, (ctx) => {
    checkVersion(ctx);
    return listJobs(ctx, service, 'ingest');
  });

  router.get(`${BASE}/:id`, (ctx) => jobJson(200, jobInfo(job(ctx))));

  router.add('PUT', `${BASE}/:id/batches`, async (ctx) => {
    await receiveUpload(ctx, job(ctx), service.settings.maxUploadBytes);
    return { status: 201 };
  });

  router.patch(`${BASE}/:id`, async (ctx) => {
    const target = job(ctx);
    const parsed = stateBody.safeParse(await ctx.json());
    if (!parsed.success)
      throw bulkError(400, 'JSON_PARSER_ERROR', 'Malformed request: state is required');
    const { state } = parsed.data;
    if (state === 'UploadComplete') {
      if (target.state !== 'Open' || target.uploading) throw invalidTransition(target, state);
      if (target.uploads > 1) throw multipleUploads(target);
      target.state = 'UploadComplete';
      touch(target, org.now());
      service.run(target, () => processIngestJob(service, target));
    } else if (state === 'Aborted') {
      if (TERMINAL_STATES.has(target.state)) throw invalidTransition(target, state);
      const neverClosed = target.state === 'Open';
      target.state = 'Aborted';
      touch(target, org.now());
      // Processing stops at its next unit; a job never closed still gets its result files
      // (everything uploaded is unprocessed).
      if (neverClosed) service.run(target, () => processIngestJob(service, target));
    } else {
      throw invalidTransition(target, state);
    }
    org.config.log(`bulk ingest job ${target.id}: ${state}`);
    return jobJson(200, jobSummary(target));
  });

  router.delete(`${BASE}/:id`, async (ctx) => {
    const target = job(ctx);
    if (target.state === 'Open' || target.state === 'InProgress') {
      throw bulkError(
        400,
        'INVALIDJOBSTATE',
        `Job ${target.id} is ${target.state}: only UploadComplete, JobComplete, Aborted or Failed jobs can be deleted`,
      );
    }
    // An UploadComplete job is aborted so its processing stops before the folder goes.
    if (target.state === 'UploadComplete') target.state = 'Aborted';
    await target.settled;
    await service.remove(target);
    return { status: 204 };
  });

  const results = (kind: ResultKind) => async (ctx: RequestContext) => {
    const target = job(ctx);
    if (!TERMINAL_STATES.has(target.state)) {
      throw bulkError(
        400,
        'INVALIDJOBSTATE',
        `Job ${target.id} is ${target.state}: results are available once it is JobComplete, Failed or Aborted`,
      );
    }
    await target.settled;
    return csvResponse(ctx, createReadStream(resultFile(target, kind)));
  };
  router.get(`${BASE}/:id/successfulResults`, results('successfulResults'));
  router.get(`${BASE}/:id/failedResults`, results('failedResults'));
  router.get(`${BASE}/:id/unprocessedrecords`, results('unprocessedrecords'));
}
