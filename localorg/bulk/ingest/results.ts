/**
 * The three result files of an ingest job, written as it runs: successfulResults
 * (`"sf__Id","sf__Created",<uploaded columns>`), failedResults (`"sf__Id","sf__Error",...`) and
 * unprocessedrecords (the uploaded header and rows). Uploaded values are echoed as uploaded.
 */
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { RecordError } from '../../errors.ts';
import { delimiterOf, newlineOf } from '../jobs.ts';
import type { IngestJob } from '../jobs.ts';

export type ResultKind = 'successfulResults' | 'failedResults' | 'unprocessedrecords';

export function resultFile(job: IngestJob, kind: ResultKind): string {
  return join(job.dir, `${kind}.csv`);
}

export function quoted(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** `CODE:message:Field1,Field2 --`, or `CODE:message:--` without fields. */
export function sfError(error: RecordError): string {
  const fields = error.fields.length ? `${error.fields.join(',')} ` : '';
  return `${error.statusCode}:${error.message}:${fields}--`;
}

class Sink {
  private readonly stream: WriteStream;
  private pending: string[] = [];

  constructor(path: string) {
    this.stream = createWriteStream(path);
  }

  line(text: string): void {
    this.pending.push(text);
  }

  /** Writes what was queued, waiting when the file falls behind. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

export class ResultWriter {
  private readonly delimiter: string;
  private readonly newline: string;
  private readonly success: Sink;
  private readonly failure: Sink;
  private readonly unprocessed: Sink;
  private headerWritten = false;

  constructor(job: IngestJob) {
    this.delimiter = delimiterOf(job);
    this.newline = newlineOf(job);
    this.success = new Sink(resultFile(job, 'successfulResults'));
    this.failure = new Sink(resultFile(job, 'failedResults'));
    this.unprocessed = new Sink(resultFile(job, 'unprocessedrecords'));
  }

  /** The header lines; `rawHeader` is the uploaded header line (null when there was none). */
  header(rawHeader: string | null): void {
    if (this.headerWritten) return;
    this.headerWritten = true;
    const d = this.delimiter;
    const rest = rawHeader === null ? '' : `${d}${rawHeader}`;
    this.success.line(`${quoted('sf__Id')}${d}${quoted('sf__Created')}${rest}${this.newline}`);
    this.failure.line(`${quoted('sf__Id')}${d}${quoted('sf__Error')}${rest}${this.newline}`);
    if (rawHeader !== null) this.unprocessed.line(`${rawHeader}${this.newline}`);
  }

  succeeded(id: string, created: boolean, raw: string): void {
    const d = this.delimiter;
    this.success.line(`${id}${d}${created}${d}${raw}${this.newline}`);
  }

  /** `id` is '' when the row's Id was unusable. */
  failed(id: string, error: RecordError, raw: string): void {
    const d = this.delimiter;
    this.failure.line(
      `${id === '' ? quoted('') : id}${d}${quoted(sfError(error))}${d}${raw}${this.newline}`,
    );
  }

  notProcessed(raw: string): void {
    this.unprocessed.line(`${raw}${this.newline}`);
  }

  async flush(): Promise<void> {
    await Promise.all([this.success.flush(), this.failure.flush(), this.unprocessed.flush()]);
  }

  async close(): Promise<void> {
    this.header(null);
    await Promise.all([this.success.close(), this.failure.close(), this.unprocessed.close()]);
  }
}
