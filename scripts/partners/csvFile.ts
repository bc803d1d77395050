/**
 * Reads an onboarding CSV: decodes it, parses it with csv-parse and maps the header onto the known
 * columns. Rows keep the number a spreadsheet shows (header = row 1, blank rows counted).
 */
import { parse } from 'csv-parse/sync';
import { COLUMNS, REQUIRED_COLUMNS, columnFor, columnLetter } from './columns.ts';
import type { ColumnName } from './columns.ts';
import { decodeCsv } from './encoding.ts';
import { problem } from './problems.ts';
import type { Problem } from './problems.ts';

export type RowValues = Record<ColumnName, string>;

export interface CsvRow {
  /** Spreadsheet row number (header = 1). */
  row: number;
  values: RowValues;
}

export interface CsvTable {
  /** The known columns the header has. */
  columns: ColumnName[];
  rows: CsvRow[];
}

export interface CsvReadResult {
  /** Null when the file cannot be read as rows at all. */
  table: CsvTable | null;
  problems: Problem[];
}

const HEADER_EXAMPLE = COLUMNS.join(',');

interface ParsedRecord {
  record: string[];
  info: { records: number };
}

function parseRecords(text: string): { records: ParsedRecord[] } | { problem: Problem } {
  try {
    const records = parse(text, {
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as unknown as ParsedRecord[];
    return { records };
  } catch (error) {
    const e = error as { code?: string; records?: number; message: string };
    const row = (e.records ?? 0) + 1;
    return {
      problem: problem(
        row,
        null,
        e.code === 'CSV_QUOTE_NOT_CLOSED'
          ? 'a quoted value starts here and is never closed'
          : `the row cannot be read as CSV (${e.message})`,
        'put quotes around the whole value and write a quote inside it as two quotes (""), or remove the stray quote',
      ),
    };
  }
}

function mapHeader(
  header: string[],
  data: ParsedRecord[],
): { indexes: Map<ColumnName, number>; problems: Problem[] } {
  const indexes = new Map<ColumnName, number>();
  const problems: Problem[] = [];
  header.forEach((cell, index) => {
    const name = cell.trim();
    const letter = columnLetter(index);
    if (!name) {
      const used = data.find((r) => (r.record[index] ?? '').trim() !== '');
      if (used) {
        problems.push(
          problem(
            1,
            letter,
            `the column has no name but row ${used.info.records} has a value in it`,
            `name the column (${COLUMNS.join(', ')}) or delete it`,
          ),
        );
      }
      return;
    }
    const column = columnFor(name);
    if (!column) {
      problems.push(
        problem(
          1,
          `${name} (${letter})`,
          `"${name}" is not a known column`,
          `rename it to one of ${COLUMNS.join(', ')}, or delete the column`,
        ),
      );
    } else if (indexes.has(column)) {
      problems.push(
        problem(
          1,
          `${column} (${letter})`,
          `${column} appears twice (columns ${columnLetter(indexes.get(column)!)} and ${letter})`,
          'keep one of the two columns',
        ),
      );
    } else {
      indexes.set(column, index);
    }
  });
  for (const column of REQUIRED_COLUMNS) {
    if (!indexes.has(column)) {
      problems.push(
        problem(
          1,
          column,
          'the column is missing from the header',
          `add a ${column} column (the header row is: ${HEADER_EXAMPLE})`,
        ),
      );
    }
  }
  return { indexes, problems };
}

function looksDelimitedBy(header: string[]): string | null {
  if (header.length !== 1) return null;
  for (const [separator, label] of [
    [';', 'semicolons'],
    ['\t', 'tabs'],
  ]) {
    const cells = header[0].split(separator);
    if (cells.length > 1 && cells.some((c) => columnFor(c.trim()))) return label;
  }
  return null;
}

export function readCsv(bytes: Uint8Array): CsvReadResult {
  const decoded = decodeCsv(bytes);
  if ('problem' in decoded) return { table: null, problems: [decoded.problem] };
  if (decoded.text.trim() === '') {
    return {
      table: null,
      problems: [
        problem(
          1,
          null,
          'the file is empty',
          `start it with the header row (${HEADER_EXAMPLE}) and add one row per contact`,
        ),
      ],
    };
  }
  const parsed = parseRecords(decoded.text);
  if ('problem' in parsed) return { table: null, problems: [parsed.problem] };
  const [headerRecord, ...data] = parsed.records;
  const separator = looksDelimitedBy(headerRecord.record);
  if (separator) {
    return {
      table: null,
      problems: [
        problem(
          1,
          null,
          `the columns are separated by ${separator}, not commas`,
          'save the sheet as "CSV UTF-8 (Comma delimited) (*.csv)"',
        ),
      ],
    };
  }
  const { indexes, problems } = mapHeader(headerRecord.record, data);
  const width = headerRecord.record.length;
  const rows: CsvRow[] = [];
  for (const { record, info } of data) {
    if (record.every((cell) => cell.trim() === '')) continue;
    if (record.length > width) {
      problems.push(
        problem(
          info.records,
          null,
          `the row has ${record.length} values but the header has ${width} columns`,
          'put quotes around values that contain a comma (e.g. "Acme, Inc."), or delete the extra cells',
        ),
      );
      continue;
    }
    const values = Object.fromEntries(
      COLUMNS.map((c) => [c, indexes.has(c) ? (record[indexes.get(c)!] ?? '').trim() : '']),
    ) as RowValues;
    rows.push({ row: info.records, values });
  }
  if (rows.length === 0 && problems.length === 0) {
    problems.push(
      problem(
        2,
        null,
        'the file has a header but no rows',
        'add one row per contact under the header',
      ),
    );
  }
  return { table: { columns: [...indexes.keys()], rows }, problems };
}
