/**
 * `PUT /jobs/ingest/{id}/batches`: streams the CSV (gunzipped when sent with
 * `Content-Encoding: gzip`) to a file in the job's folder, never holding it in memory, and refuses
 * uploads over the cap. The cap counts base64-encoded bytes, as Salesforce does (150 MB).
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { RequestContext } from '../../http/types.ts';
import { bulkError } from '../http.ts';
import type { IngestJob } from '../jobs.ts';

/** Base64 length of `bytes` raw bytes. */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/** Counts bytes and stops passing them on past the cap (the rest is read and dropped). */
class CappedCounter extends Transform {
  bytes = 0;
  exceeded = false;
  private readonly cap: number;

  constructor(cap: number) {
    super();
    this.cap = cap;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (!this.exceeded && base64Length(this.bytes) > this.cap) this.exceeded = true;
    callback(null, this.exceeded ? undefined : chunk);
  }
}

export function uploadFile(job: IngestJob, index: number): string {
  return join(job.dir, index === 0 ? 'data.csv' : `data-${index}.csv`);
}

function contentEncoding(ctx: RequestContext): string {
  const value = ctx.headers['content-encoding'];
  return (Array.isArray(value) ? value.join(',') : (value ?? '')).trim().toLowerCase();
}

/** Receives one upload into the job's folder; answers 201 with no body. */
export async function receiveUpload(
  ctx: RequestContext,
  job: IngestJob,
  maxUploadBytes: number,
): Promise<void> {
  if (job.state !== 'Open' || job.uploading) {
    throw bulkError(
      409,
      'INVALIDJOBSTATE',
      job.uploading
        ? `Job ${job.id} is already receiving data`
        : `Job ${job.id} is in state ${job.state}: data can only be uploaded to an Open job`,
    );
  }
  const encoding = contentEncoding(ctx);
  if (encoding !== '' && encoding !== 'identity' && encoding !== 'gzip') {
    throw bulkError(400, 'INVALID_REQUEST', `Unsupported Content-Encoding: ${encoding}`);
  }
  const file = uploadFile(job, job.uploads);
  const counter = new CappedCounter(maxUploadBytes);
  job.uploading = true;
  try {
    const stages = encoding === 'gzip' ? [ctx.req, createGunzip(), counter] : [ctx.req, counter];
    await pipeline([...stages, createWriteStream(file)]);
  } catch (error) {
    await rm(file, { force: true });
    const message = error instanceof Error ? error.message : String(error);
    throw bulkError(400, 'CLIENTINPUTERROR', `The job data could not be read: ${message}`);
  } finally {
    job.uploading = false;
  }
  if (counter.exceeded) {
    await rm(file, { force: true });
    throw bulkError(
      400,
      'EXCEEDED_QUOTA',
      `The job data exceeds the maximum of ${maxUploadBytes} bytes of base64-encoded content per job ` +
        `(${counter.bytes} bytes were sent, ${base64Length(counter.bytes)} encoded): split it into several jobs`,
    );
  }
  job.uploads++;
}
