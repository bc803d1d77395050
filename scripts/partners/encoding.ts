/**
 * Turning the bytes of an onboarding file into text: UTF-8 with or without a byte order mark.
 * UTF-16/32 (what Excel's "Unicode Text" writes), spreadsheets saved as workbooks, other binary
 * files and legacy encodings (Windows-1252, Latin-1) are refused with what to do instead.
 */
import { problem } from './problems.ts';
import type { Problem } from './problems.ts';

const SAVE_AS = 'save the sheet as "CSV UTF-8 (Comma delimited) (*.csv)" and use that file';

export type Decoded = { text: string } | { problem: Problem };

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** The spreadsheet row holding a byte offset (rows counted by line breaks). */
function rowAt(bytes: Uint8Array, offset: number): number {
  let row = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) row++;
  return row;
}

/** Offset of the first byte that does not start or continue a UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const extra =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1;
    if (extra < 0) return i;
    for (let k = 1; k <= extra; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += extra + 1;
  }
  return 0;
}

export function decodeCsv(bytes: Uint8Array): Decoded {
  if (startsWith(bytes, [0xff, 0xfe, 0, 0]) || startsWith(bytes, [0, 0, 0xfe, 0xff])) {
    return {
      problem: problem(null, null, 'the file is UTF-32 encoded, not UTF-8', SAVE_AS),
    };
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return {
      problem: problem(
        null,
        null,
        'the file is UTF-16 encoded (Excel "Unicode Text" or a PowerShell redirect), not UTF-8',
        SAVE_AS,
      ),
    };
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    return {
      problem: problem(
        null,
        null,
        'the file is a spreadsheet workbook (.xlsx/.xls) or an archive, not a CSV file',
        SAVE_AS,
      ),
    };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const utf16 = bytes.length > 3 && (bytes[1] === 0 || bytes[0] === 0);
    return {
      problem: problem(
        null,
        null,
        utf16
          ? 'the file looks UTF-16 encoded (every other byte is zero), not UTF-8'
          : `the file is not text: it holds binary data (a zero byte at offset ${nul})`,
        SAVE_AS,
      ),
    };
  }
  const body = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    const offset = firstInvalidUtf8(body);
    return {
      problem: problem(
        rowAt(body, offset),
        null,
        `the file is not UTF-8: byte 0x${body[offset].toString(16).toUpperCase().padStart(2, '0')} cannot be read (probably Windows-1252 or Latin-1, e.g. an accented letter)`,
        SAVE_AS,
      ),
    };
  }
}
