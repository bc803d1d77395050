/**
 * Reads the --ids CSV of `channelkit leads reassign`: checks everything before anything changes
 * (encoding, header, line endings, blank lines, 15- and 18-character Ids and their checksum, the
 * Lead prefix, duplicates) and streams the lead Ids out in their 18-character form.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { parse } from 'csv-parse';
import { LeadIdSet } from '../../lib/routing/leadRouting.ts';
import { checksum, normalizeId } from '../../lib/salesforce-id.ts';
import { badInput } from '../cli/errors.ts';

/** One problem with the file, as a person would find it in a spreadsheet (header = row 1). */
export interface FileProblem {
  row: number | null;
  column: string | null;
  message: string;
}

export interface IdsFileResult {
  /** 18-character lead Ids in file order, duplicates removed. */
  count: number;
  problems: FileProblem[];
  /** Blank lines skipped. */
  blankLines: number;
}

/** Problems beyond this many are counted, not listed. */
export const MAX_LISTED_PROBLEMS = 50;

const OBJECT_BY_PREFIX: Record<string, string> = {
  '001': 'an Account',
  '003': 'a Contact',
  '005': 'a User',
  '006': 'an Opportunity',
  '00G': 'a queue or group',
  '500': 'a Case',
  '00T': 'a Task',
  '00U': 'an Event',
};

/**
 * Whether an 18-character Id's suffix can belong to its first 15 characters. With the case kept
 * it must be their checksum; a spreadsheet that changed the case leaves the suffix as the only
 * record of it, and then the suffix may only mark letters as upper case, never digits.
 */
function suffixFits(value: string): boolean {
  const head = value.substring(0, 15);
  const suffix = value.substring(15).toUpperCase();
  if (checksum(head) === suffix) return true;
  const caseLost = head === head.toLowerCase() || head === head.toUpperCase();
  if (!caseLost) return false;
  return [...suffix].every((char, chunk) => {
    const bits = SUFFIX.indexOf(char);
    if (bits < 0) return false;
    for (let i = 0; i < 5; i += 1) {
      if (bits & (1 << i) && !/[A-Za-z]/.test(head[chunk * 5 + i])) return false;
    }
    return true;
  });
}

const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** Why a value is not a usable lead Id, or null when it is one. */
export function leadIdProblem(value: string): string | null {
  if (value === '') return 'is empty; put a lead Id (00Q...) here or delete the row';
  if (!/^[0-9A-Za-z]+$/.test(value)) {
    return `"${value}" is not a Salesforce Id (letters and digits only, 15 or 18 of them)`;
  }
  if (value.length !== 15 && value.length !== 18) {
    return `"${value}" has ${value.length} characters; a Salesforce Id has 15 or 18`;
  }
  if (value.length === 18 && !suffixFits(value)) {
    return `"${value}" is not a valid 18-character Id (its last three characters do not match the first 15); copy it again from Salesforce`;
  }
  const prefix = normalizeId(value)!.substring(0, 3);
  if (prefix !== '00Q') {
    const what = OBJECT_BY_PREFIX[prefix] ?? `a record with prefix ${prefix}`;
    return `"${value}" is ${what} Id, not a lead (lead Ids start with 00Q); remove the row`;
  }
  return null;
}

/**
 * Refuses (exit 2) an --ids file that is missing, a folder or unreadable, before anything connects
 * or writes, naming the file and the fix.
 */
export async function checkIdsFileReadable(path: string): Promise<void> {
  let code: string;
  try {
    const handle = await open(path, 'r');
    try {
      if ((await handle.stat()).isFile()) return;
      code = 'EISDIR';
    } finally {
      await handle.close();
    }
  } catch (error) {
    code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  }
  const [problem, fix] = unreadable(path, code);
  throw badInput('IdsFileUnreadable', `--ids ${path}: ${problem}. Nothing was changed.`, fix);
}

function unreadable(path: string, code: string): [string, string] {
  const where = resolve(path);
  switch (code) {
    case 'ENOENT':
      return [
        `there is no such file (looked for ${where})`,
        `Check the name (a relative path starts in ${process.cwd()}); the file is a CSV with an Id column.`,
      ];
    case 'EISDIR':
      return [
        `it is a folder, not a file (${where})`,
        'Give the path of a CSV file with an Id column.',
      ];
    case 'EACCES':
    case 'EPERM':
      return [
        `it cannot be read, permission denied (${where})`,
        `Give yourself read access (chmod u+r ${path}) or copy the file somewhere you can read it.`,
      ];
    default:
      return [`it cannot be read (${code}, ${where})`, 'Check the file, or export the Ids again.'];
  }
}

/** Decodes UTF-8 strictly: a byte sequence that is not UTF-8 stops the read with a clear error. */
function strictUtf8(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      try {
        done(null, decoder.decode(chunk, { stream: true }));
      } catch {
        done(new Error('the file is not UTF-8 text; save it as "CSV UTF-8" and try again'));
      }
    },
    flush(done: TransformCallback) {
      try {
        done(null, decoder.decode());
      } catch {
        done(new Error('the file ends in the middle of a UTF-8 character; save it as "CSV UTF-8"'));
      }
    },
  });
}

/** UTF-16 and binary files look like text to nobody: say so before parsing. */
async function sniffEncoding(path: string): Promise<string | null> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const head = buffer.subarray(0, bytesRead);
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
      return 'the file is UTF-16; save it as "CSV UTF-8" and try again';
    }
    if (head.includes(0)) return 'the file is not text (it has NUL bytes); export the Ids as CSV';
    return null;
  } finally {
    await handle.close();
  }
}

/**
 * Validates the file and hands each lead Id (18 characters) to `onId` in file order. The caller
 * must not act on the Ids until this resolves with no problems.
 */
export async function readIdsFile(
  path: string,
  onId: (id: string, row: number) => void,
): Promise<IdsFileResult> {
  const problems: FileProblem[] = [];
  let problemCount = 0;
  const report = (problem: FileProblem) => {
    problemCount += 1;
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push(problem);
  };
  const encoding = await sniffEncoding(path);
  if (encoding)
    return { count: 0, problems: [{ row: null, column: null, message: encoding }], blankLines: 0 };

  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
    info: true,
    trim: true,
  });
  const source = createReadStream(path).pipe(strictUtf8());
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);

  const seen = new LeadIdSet();
  // Duplicates are rare: remember them (not every row) and find where each first appeared after.
  const duplicates: { problem: FileProblem; id: string; value: string }[] = [];
  let idColumn = -1;
  let count = 0;
  let blankLines = 0;
  let headerSeen = false;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const row = info.lines;
      if (record.every((cell) => cell === '')) {
        blankLines += 1;
        continue;
      }
      if (!headerSeen) {
        headerSeen = true;
        const names = record.map((cell) => cell.toLowerCase());
        idColumn = names.indexOf('id');
        if (idColumn === -1) {
          report({
            row,
            column: null,
            message: `no "Id" column in the header (${record.join(', ')}); the first line must name the columns, one of them Id`,
          });
          break;
        }
        if (names.indexOf('id', idColumn + 1) !== -1) {
          report({ row, column: 'Id', message: 'the header has two "Id" columns; keep one' });
          break;
        }
        continue;
      }
      const value = record[idColumn] ?? '';
      const problem = leadIdProblem(value);
      if (problem) {
        report({ row, column: 'Id', message: problem });
        continue;
      }
      const id = normalizeId(value)!;
      if (!seen.add(id)) {
        const problem: FileProblem = { row, column: 'Id', message: '' };
        duplicates.push({ problem, id, value });
        report(problem);
        continue;
      }
      count += 1;
      onId(id, row);
    }
  } catch (error) {
    report({ row: null, column: null, message: (error as Error).message });
  }
  if (duplicates.length > 0) await nameFirstRows(path, idColumn, duplicates);
  if (!headerSeen)
    report({
      row: null,
      column: null,
      message:
        'the file is empty; it needs a header line with an Id column and one lead Id per line',
    });
  if (problemCount > problems.length) {
    problems.push({
      row: null,
      column: null,
      message: `and ${problemCount - problems.length} more problems`,
    });
  }
  return { count, problems, blankLines };
}

/** Second, rare pass: the row where each duplicated lead first appears. */
async function nameFirstRows(
  path: string,
  idColumn: number,
  duplicates: { problem: FileProblem; id: string; value: string }[],
): Promise<void> {
  const wanted = new Map(duplicates.map((d) => [d.id, 0]));
  const parser = createReadStream(path).pipe(
    parse({ bom: true, relax_column_count: true, info: true, trim: true, from_line: 2 }),
  );
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    const id = normalizeId(record[idColumn] ?? '');
    if (id && wanted.get(id) === 0) wanted.set(id, info.lines);
  }
  for (const { problem, id, value } of duplicates) {
    problem.message = `"${value}" repeats the lead in row ${wanted.get(id)}; remove one of them`;
  }
}
