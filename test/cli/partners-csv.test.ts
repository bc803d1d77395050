import assert from 'node:assert/strict';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CliError } from '../../scripts/cli/errors.ts';
import { columnLetter } from '../../scripts/partners/columns.ts';
import { readCsv } from '../../scripts/partners/csvFile.ts';
import { MAX_FILE_BYTES, readInputFile } from '../../scripts/partners/inputFile.ts';
import type { CsvTable } from '../../scripts/partners/csvFile.ts';
import { formatProblem } from '../../scripts/partners/problems.ts';
import { checkRows } from '../../scripts/partners/rows.ts';
import {
  emailError,
  normalizeWebsite,
  parseYesNo,
  splitQueues,
} from '../../scripts/partners/values.ts';

const HEADER = 'AccountName,Website,FirstName,LastName,Email,Title,PartnerUser,Profile,Queues';
const utf8 = (text: string) => new TextEncoder().encode(text);

function table(text: string): CsvTable {
  const read = readCsv(utf8(text));
  assert.deepEqual(read.problems, []);
  return read.table!;
}

/** The formatted problems of a file: file-level first, then row checks. */
function problemsOf(text: string | Uint8Array): string[] {
  const read = readCsv(typeof text === 'string' ? utf8(text) : text);
  const rows = read.table ? checkRows(read.table).problems : [];
  return [...read.problems, ...rows].map(formatProblem);
}

describe('partners onboard: reading the CSV file', () => {
  it('reads UTF-8 with a BOM, header names in any case and spacing, trimmed values', () => {
    const t = table(
      `\uFEFFaccount name, WEBSITE ,first_name,Last-Name,email,Title,PartnerUser,profile,QUEUES\n` +
        ' Acme , acme.com ,Ada,Lovelace,ada@acme.com,,yes,Partner Community User,A; B\n',
    );
    assert.deepEqual(t.columns, [
      'AccountName',
      'Website',
      'FirstName',
      'LastName',
      'Email',
      'Title',
      'PartnerUser',
      'Profile',
      'Queues',
    ]);
    assert.equal(t.rows[0].row, 2);
    assert.equal(t.rows[0].values.AccountName, 'Acme');
    assert.equal(t.rows[0].values.Queues, 'A; B');
  });

  it('numbers rows as a spreadsheet does: blank rows count, a quoted line break does not', () => {
    const t = table(
      `${HEADER}\r\nA,a.com,,L1,l1@a.com,,no,,\r\n\r\nA,a.com,,L2,l2@a.com,"Head of\nSales, EMEA",no,,\r\nA,a.com,,L3,l3@a.com,,no,,\r\n`,
    );
    assert.deepEqual(
      t.rows.map((r) => r.row),
      [2, 4, 5],
    );
    assert.equal(t.rows[1].values.Title, 'Head of\nSales, EMEA');
  });

  it('lets optional columns be left out', () => {
    const t = table('AccountName,Website,LastName,Email,PartnerUser\nA,a.com,L,l@a.com,no\n');
    assert.equal(t.rows[0].values.Queues, '');
    assert.equal(t.rows[0].values.Profile, '');
  });

  it('refuses UTF-16 and UTF-32, with or without a byte order mark', () => {
    const text = `${HEADER}\nA,a.com,,L,l@a.com,,no,,\n`;
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    assert.deepEqual(problemsOf(le), [
      'file: the file is UTF-16 encoded (Excel "Unicode Text" or a PowerShell redirect), not UTF-8; save the sheet as "CSV UTF-8 (Comma delimited) (*.csv)" and use that file',
    ]);
    assert.match(problemsOf(Buffer.from(text, 'utf16le'))[0], /looks UTF-16 encoded/);
    assert.match(
      problemsOf(Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('A\0\0\0')]))[0],
      /UTF-32/,
    );
  });

  it('refuses Windows-1252 text, naming the row of the first unreadable byte', () => {
    const latin1 = Buffer.from(`${HEADER}\nA,a.com,,Müller,m@a.com,,no,,\n`, 'latin1');
    assert.deepEqual(problemsOf(latin1), [
      'row 2: the file is not UTF-8: byte 0xFC cannot be read (probably Windows-1252 or Latin-1, e.g. an accented letter); save the sheet as "CSV UTF-8 (Comma delimited) (*.csv)" and use that file',
    ]);
  });

  it('refuses workbooks and binary files', () => {
    assert.match(problemsOf(Buffer.from('PK\x03\x04rest of a zip'))[0], /workbook/);
    assert.match(problemsOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x1a]))[0], /not text/);
  });

  it('refuses an empty file, a header without rows, and semicolon-separated columns', () => {
    assert.match(problemsOf('')[0], /^row 1: the file is empty; start it with the header row/);
    assert.match(problemsOf(' \n\n')[0], /the file is empty/);
    assert.deepEqual(problemsOf(`${HEADER}\n`), [
      'row 2: the file has a header but no rows; add one row per contact under the header',
    ]);
    assert.deepEqual(problemsOf(`${HEADER.replaceAll(',', ';')}\nA;a.com;;L;l@a.com;;no;;\n`), [
      'row 1: the columns are separated by semicolons, not commas; save the sheet as "CSV UTF-8 (Comma delimited) (*.csv)"',
    ]);
  });

  it('reports unknown, duplicate, missing and unnamed-but-used columns, all at once', () => {
    const problems = problemsOf(
      'AccountName,Website,LastName,Email,Phone,email,,\nA,a.com,L,l@a.com,555,,,x\n',
    );
    assert.deepEqual(problems, [
      'row 1, column Phone (E): "Phone" is not a known column; rename it to one of AccountName, Website, FirstName, LastName, Email, Title, PartnerUser, Profile, Queues, or delete the column',
      'row 1, column Email (F): Email appears twice (columns D and F); keep one of the two columns',
      'row 1, column H: the column has no name but row 2 has a value in it; name the column (AccountName, Website, FirstName, LastName, Email, Title, PartnerUser, Profile, Queues) or delete it',
      'row 1, column PartnerUser: the column is missing from the header; add a PartnerUser column (the header row is: AccountName,Website,FirstName,LastName,Email,Title,PartnerUser,Profile,Queues)',
    ]);
  });

  it('reports a row with more values than columns, and unclosed quotes', () => {
    assert.deepEqual(problemsOf(`${HEADER}\nAcme, Inc.,acme.com,,L,l@a.com,,no,,\n`), [
      'row 2: the row has 10 values but the header has 9 columns; put quotes around values that contain a comma (e.g. "Acme, Inc."), or delete the extra cells',
    ]);
    assert.match(
      problemsOf(`${HEADER}\nA,a.com,,L,l@a.com,,no,,\nA,a.com,,"L2,l2@a.com,,no,,\n`)[0],
      /^row 3: a quoted value starts here and is never closed; put quotes around the whole value/,
    );
  });

  it('names spreadsheet columns by letter', () => {
    assert.deepEqual([0, 8, 25, 26, 701].map(columnLetter), ['A', 'I', 'Z', 'AA', 'ZZ']);
  });
});

describe('partners onboard: checking rows', () => {
  it('reports every problem of every row as row N, column X: what; fix', () => {
    const problems = problemsOf(
      `${HEADER}\n` +
        ',acme,Ada,,ada@acme,x,maybe,,\n' +
        `Acme,acme.com,${'F'.repeat(41)},L,l @acme.com,${'T'.repeat(81)},yes,,\n` +
        'Acme,ftp://acme.com,,L,l2@acme.com,,no,,\n',
    );
    assert.deepEqual(problems, [
      'row 2, column AccountName: the value is blank; fill in AccountName',
      'row 2, column LastName: the value is blank; fill in LastName',
      'row 2, column PartnerUser: "maybe" is not yes or no; write yes, no, true or false (blank means no)',
      'row 2, column Email: "ada@acme" is not an e-mail address (the domain after @ has no dot); write it as name@company.com',
      'row 2, column Website: "acme" has no valid domain name; write it like acme.com or https://www.acme.com',
      'row 3, column FirstName: the value is 41 characters long; Salesforce allows 40; shorten it to 40 characters',
      'row 3, column Title: the value is 81 characters long; Salesforce allows 80 for a user; shorten it to 80 characters',
      'row 3, column Email: "l @acme.com" is not an e-mail address (contains a space); write it as name@company.com',
      "row 3, column Profile: the value is blank but PartnerUser is yes; name the partner user's profile (e.g. Partner Community User), or set PartnerUser to no",
      'row 4, column Website: "ftp://acme.com" starts with ftp:// (only http:// or https:// is allowed); write it like acme.com or https://www.acme.com',
    ]);
  });

  it('finds the same e-mail twice (any case) and one account with two websites', () => {
    const read = readCsv(
      utf8(
        `${HEADER}\n` +
          'Acme,https://www.acme.com/,,A,a@acme.com,,no,,\n' +
          'ACME ,acme.com,,B,A@Acme.com,,no,,\n' +
          'acme,acme.org,,C,c@acme.com,,no,,\n',
      ),
    );
    const check = checkRows(read.table!);
    assert.deepEqual(check.problems.map(formatProblem), [
      'row 3, column Email: A@Acme.com is already on row 2; a contact can appear only once; delete one of the two rows, or correct the e-mail',
      'row 4, column Website: account "acme" has website https://www.acme.com/ on row 2 but acme.org here; give every row of one account the same website (or use different account names for different companies)',
    ]);
    assert.deepEqual(
      check.rows.map((r) => r.valid),
      [true, false, false],
    );
    assert.equal(check.rows[0].accountKey, check.rows[1].accountKey);
  });

  it('turns values into an onboarding row, and warns about values a non-user row ignores', () => {
    const check = checkRows(
      table(
        `${HEADER}\nAcme  Resellers,acme.com,Ada,Lovelace,Ada@Acme.com,CEO,TRUE,Partner Community User,Q1;q1; Q2 ;\n` +
          'Acme  Resellers,acme.com,,Berg,bo@acme.com,,no,Partner Community User,Q1\n',
      ),
    );
    assert.deepEqual(check.problems, []);
    const [ada] = check.rows;
    assert.equal(ada.accountName, 'Acme Resellers');
    assert.equal(ada.accountKey, 'acme resellers|acme.com');
    assert.equal(ada.emailKey, 'ada@acme.com');
    assert.equal(ada.partnerUser, true);
    assert.deepEqual(ada.queues, ['Q1', 'Q2']);
    assert.deepEqual(check.warnings, [
      'row 3: Profile is ignored because PartnerUser is no',
      'row 3: Queues are ignored because PartnerUser is no (only users join queues)',
    ]);
  });

  it('does not plan any row when a required column is missing', () => {
    const read = readCsv(utf8('AccountName,LastName,Email,PartnerUser\nA,L,l@a.com,no\n'));
    const check = checkRows(read.table!);
    assert.deepEqual(check.problems, []);
    assert.equal(check.rows[0].valid, false);
    assert.equal(read.problems.length, 1);
  });
});

describe('partners onboard: single values', () => {
  it('normalises websites: scheme, www., trailing slash and case do not matter', () => {
    const keys = ['acme.com', 'https://www.acme.com/', 'HTTP://WWW.ACME.COM', 'www.acme.com//'].map(
      (w) => normalizeWebsite(w),
    );
    for (const key of keys) assert.deepEqual(key, { key: 'acme.com' });
    assert.deepEqual(normalizeWebsite('acme.com/Partners/'), { key: 'acme.com/partners' });
    assert.deepEqual(normalizeWebsite('https://Bücher.example.de/'), { key: 'bücher.example.de' });
    assert.deepEqual(normalizeWebsite('acme.com/?ref=1#top'), { key: 'acme.com' });
    assert.deepEqual(normalizeWebsite('xn--bcher-kva.example.de'), {
      key: 'xn--bcher-kva.example.de',
    });
    for (const bad of [
      'acme',
      'acme .com',
      'mailto://a@b.com',
      'acme.com:8080',
      'a..com',
      'https://',
      'user@acme.com',
      '-acme.com',
      'acme.c0m',
    ]) {
      assert.ok('error' in normalizeWebsite(bad), bad);
    }
  });

  it('checks e-mail addresses', () => {
    for (const good of ['a@b.co', "o'brien+x@mail.example.com", 'x_y@xn--bcher-kva.de']) {
      assert.equal(emailError(good), null, good);
    }
    assert.equal(emailError('a.b.com'), 'has no @');
    assert.equal(emailError('a@b@c.com'), 'has more than one @');
    assert.equal(emailError('.a@b.com'), 'the part before @ is not valid');
    assert.equal(emailError('a@b.c'), 'the domain after @ is not valid');
    assert.equal(emailError('a@-b.com'), 'the domain after @ is not valid');
  });

  it('reads yes/no flags and queue lists', () => {
    assert.deepEqual(['yes', 'TRUE', ' Yes ', 'no', 'False', '', 'y', '1'].map(parseYesNo), [
      true,
      true,
      true,
      false,
      false,
      false,
      null,
      null,
    ]);
    assert.deepEqual(splitQueues(' A ;;b; a ;C'), ['A', 'b', 'C']);
  });
});

describe('partners onboard: the --file flag', () => {
  it('refuses a missing flag, a missing file, a folder and a huge file as bad input', async () => {
    const refused = async (path: string | undefined) => {
      try {
        await readInputFile(path);
      } catch (error) {
        const e = error as CliError;
        assert.equal(e.exitCode, 2);
        return `${e.code}: ${e.message}`;
      }
      assert.fail('not refused');
    };
    const dir = mkdtempSync(join(tmpdir(), 'channelkit-file-'));
    const huge = join(dir, 'huge.csv');
    writeFileSync(huge, '');
    truncateSync(huge, MAX_FILE_BYTES + 1);
    assert.equal(
      await refused(undefined),
      'MissingFile: No file: pass --file with the CSV of partners to onboard.',
    );
    assert.equal(
      await refused(join(dir, 'nope.csv')),
      `UnreadableFile: Cannot read ${join(dir, 'nope.csv')}: there is no such file.`,
    );
    assert.equal(
      await refused(dir),
      `UnreadableFile: Cannot read ${dir}: it is a folder, not a file.`,
    );
    assert.match(
      await refused(huge),
      /^FileTooLarge: .* is 20\.0 MB; onboarding files are limited to 20 MB\./,
    );
    const ok = join(dir, 'ok.csv');
    writeFileSync(ok, HEADER);
    assert.equal(new TextDecoder().decode(await readInputFile(ok)), HEADER);
  });
});
