/**
 * CSV for the files a run reads and writes by the million (Bulk query pages, the plan, chunks,
 * results): RFC 4180 (quoted fields with "" inside, commas and line breaks in quotes, LF or CRLF,
 * a byte-order mark, blank lines skipped), with a fast path for the lines these files are made of:
 * a line without quotes is split on commas, and a line whose fields are each wholly quoted
 * (Salesforce's Bulk query results) is split and unquoted. Any other line is parsed character by
 * character. csv-parse and csv-stringify did the same work at about a quarter of the speed, and
 * their per-record streams were most of a million-lead run's client time.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

/**
 * Read and write in small pieces. A streamed run keeps V8's young generation at 1 MB a semi-space
 * (cli/memory.ts), and what is alive when a scavenge comes (the piece being parsed, its records,
 * the writer's buffer) is promoted to the old generation the second time. With 1 MB reads and
 * 256 KB buffers a batch never fit, every one was promoted, and the old generation filled with
 * dead rows between full collections: a mark-compact every 80 ms and 40 MB more peak memory on a
 * million-lead undo (227 MB against 182 MB), and reading a plan three times took 2.4 s against 1.5.
 */
export const READ_PIECE = 1 << 14;
const WRITE_BUFFER = 1 << 16;

const QUOTE = 34;
const CR = 13;

/** Splits a line whose fields are unquoted or wholly quoted with no quote inside; else null. */
function splitSimpleQuoted(line: string): string[] | null {
  const fields = line.split(',');
  for (let i = 0; i < fields.length; i += 1) {
    const field = fields[i];
    if (field.length === 0 || field.charCodeAt(0) !== QUOTE) {
      if (field.indexOf('"') !== -1) return null;
      continue;
    }
    const last = field.length - 1;
    if (last === 0 || field.charCodeAt(last) !== QUOTE || field.indexOf('"', 1) !== last)
      return null;
    fields[i] = field.slice(1, last);
  }
  return fields;
}

/**
 * Parses one record starting at `pos`, character by character. Returns the fields and where the
 * next record starts, or null when the text ends before the record does.
 */
function parseRecord(text: string, pos: number): { fields: string[]; next: number } | null {
  const fields: string[] = [];
  const n = text.length;
  let i = pos;
  for (;;) {
    let field = '';
    if (i < n && text.charCodeAt(i) === QUOTE) {
      i += 1;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close === -1) return null;
        field += text.slice(i, close);
        if (close + 1 < n && text.charCodeAt(close + 1) === QUOTE) {
          field += '"';
          i = close + 2;
        } else {
          if (close + 1 >= n) return null;
          i = close + 1;
          break;
        }
      }
      // Text between a closing quote and the delimiter is kept, as csv-parse's relax mode does.
      let end = i;
      while (end < n && text[end] !== ',' && text[end] !== '\n') end += 1;
      if (end >= n) return null;
      field += text.slice(i, end).replace(/\r$/, '');
      i = end;
    } else {
      let end = i;
      while (end < n && text[end] !== ',' && text[end] !== '\n') end += 1;
      if (end >= n) return null;
      field = text.slice(i, end);
      if (text[end] === '\n' && field.charCodeAt(field.length - 1) === CR)
        field = field.slice(0, -1);
      i = end;
    }
    fields.push(field);
    if (text[i] === ',') {
      i += 1;
      continue;
    }
    return { fields, next: i + 1 };
  }
}

/** Turns text, pushed in pieces, into records (arrays of fields). */
export class CsvParser {
  private rest = '';
  private started = false;

  /** Appends the complete records in `chunk` (and what was left of the last one) to `out`. */
  push(chunk: string, out: string[][]): void {
    let text = this.rest.length ? this.rest + chunk : chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const n = text.length;
    let pos = 0;
    while (pos < n) {
      const nl = text.indexOf('\n', pos);
      if (nl === -1) break;
      let end = nl;
      if (end > pos && text.charCodeAt(end - 1) === CR) end -= 1;
      if (end === pos) {
        pos = nl + 1;
        continue;
      }
      const line = text.slice(pos, end);
      if (line.indexOf('"') === -1) {
        out.push(line.split(','));
        pos = nl + 1;
        continue;
      }
      const simple = splitSimpleQuoted(line);
      if (simple) {
        out.push(simple);
        pos = nl + 1;
        continue;
      }
      const record = parseRecord(text, pos);
      if (!record) break;
      out.push(record.fields);
      pos = record.next;
    }
    this.rest = pos === 0 ? text : text.slice(pos);
  }

  /** The last record, when the text does not end with a line break. */
  end(out: string[][]): void {
    if (this.rest.replace(/[\r\n]/g, '') === '') return;
    this.push('\n', out);
    if (this.rest !== '') throw new Error('CSV ends inside a quoted field');
  }
}

/** Records of text arriving in pieces, in batches (one per piece). */
export async function* csvBatches(
  source: AsyncIterable<string | Buffer>,
): AsyncGenerator<string[][]> {
  const parser = new CsvParser();
  const decoder = new TextDecoder('utf-8');
  for await (const piece of source) {
    const out: string[][] = [];
    parser.push(typeof piece === 'string' ? piece : decoder.decode(piece, { stream: true }), out);
    if (out.length) yield out;
  }
  const out: string[][] = [];
  parser.push(decoder.decode(), out);
  parser.end(out);
  if (out.length) yield out;
}

/** A CSV file's records in batches. */
export function csvFileBatches(path: string): AsyncGenerator<string[][]> {
  return csvBatches(createReadStream(path, { encoding: 'utf8', highWaterMark: READ_PIECE }));
}

/** A CSV file's rows as objects keyed by its header. */
export async function* readCsvObjects<T extends Record<string, string>>(
  path: string,
): AsyncGenerator<T> {
  let header: string[] | null = null;
  for await (const batch of csvFileBatches(path)) {
    for (const record of batch) {
      if (!header) {
        header = record;
        continue;
      }
      const row: Record<string, string> = {};
      for (let i = 0; i < header.length; i += 1) row[header[i]] = record[i] ?? '';
      yield row as T;
    }
  }
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV line (LF), quoting only the fields that need it. */
export function csvLine(fields: readonly string[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i += 1) {
    const field = fields[i];
    if (i > 0) line += ',';
    line += NEEDS_QUOTES.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
  }
  return `${line}\n`;
}

/**
 * Writes CSV lines to a file through a buffer. `bytes` is how much the file holds once flushed;
 * flush(true) also waits for the disk, so a journal entry written after it can rely on the rows.
 */
export class CsvFileWriter {
  private readonly handle: Promise<FileHandle>;
  private buffer = '';
  private written: Promise<unknown> = Promise.resolve();
  private flushedBytes = 0;

  /** `appendAt`: add to the file, which holds that many bytes; else the file starts empty. */
  constructor(path: string, header: readonly string[] | null, options: { appendAt?: number } = {}) {
    this.handle = open(path, options.appendAt === undefined ? 'w' : 'a');
    this.flushedBytes = options.appendAt ?? 0;
    // Opening failures surface at the next write or flush.
    this.handle.catch(() => undefined);
    if (header) this.buffer = csvLine(header);
  }

  /** Bytes in the file plus those still buffered. */
  get bytes(): number {
    return this.flushedBytes + Buffer.byteLength(this.buffer);
  }

  /** Queues a row; the promise (when there is one) resolves once the buffer is handed over. */
  write(row: readonly string[]): Promise<void> | undefined {
    this.buffer += csvLine(row);
    return this.buffer.length >= WRITE_BUFFER ? this.drain() : undefined;
  }

  /** Queues text that is already CSV lines; resolves once the buffer is handed over when full. */
  async writeText(text: string): Promise<void> {
    this.buffer += text;
    if (this.buffer.length >= WRITE_BUFFER) await this.drain();
  }

  private async drain(): Promise<void> {
    const text = this.buffer;
    this.buffer = '';
    if (text === '') {
      await this.written;
      return;
    }
    this.flushedBytes += Buffer.byteLength(text);
    const handle = await this.handle;
    this.written = this.written.then(() => handle.write(text));
    await this.written;
  }

  /** Writes out the buffer; `durable` also syncs the file to disk. */
  async flush(durable = false): Promise<void> {
    await this.drain();
    if (durable) await (await this.handle).datasync();
  }

  async close(): Promise<void> {
    await this.drain();
    await (await this.handle).close();
  }
}
