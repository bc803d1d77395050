import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { leadIdProblem, readIdsFile } from '../../scripts/leads/ids-file.ts';
import { to18 } from '../../lib/salesforce-id.ts';

const dir = mkdtempSync(join(tmpdir(), 'ids-file-'));
let n = 0;
function file(content: string | Buffer): string {
  const path = join(dir, `ids-${(n += 1)}.csv`);
  writeFileSync(path, content);
  return path;
}
const lead = (i: number) => to18(`00Q${String(i).padStart(12, '0')}`);

async function read(content: string | Buffer) {
  const ids: string[] = [];
  const result = await readIdsFile(file(content), (id) => ids.push(id));
  return { ...result, ids };
}

describe('the --ids file', () => {
  it('accepts a header with an Id column among others, CRLF, a BOM, blank lines and 15-character Ids', async () => {
    const fifteen = lead(2).substring(0, 15);
    const csv = `\uFEFFName,ID,OwnerId\r\nA,${lead(1)},x\r\n\r\nB,${fifteen},y\r\n,,\r\nC,${lead(3).toLowerCase()},z\r\n`;
    const result = await read(csv);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.ids, [lead(1), lead(2), lead(3)], '18-character Ids, case restored');
    assert.equal(result.count, 3);
    assert.equal(result.blankLines, 2);
  });

  it('names the row, the column and the fix for each bad Id, all at once', async () => {
    const csv = [
      'Id',
      lead(1),
      '001000000000001AAA',
      '00Q12345',
      `${lead(2).substring(0, 15)}ZZZ`,
      '00Q-000000000001',
      lead(1),
      '',
      lead(4).substring(0, 15),
    ].join('\n');
    const { problems, count } = await read(csv);
    assert.equal(count, 2);
    assert.deepEqual(
      problems.map((p) => [p.row, p.column]),
      [
        [3, 'Id'],
        [4, 'Id'],
        [5, 'Id'],
        [6, 'Id'],
        [7, 'Id'],
      ],
    );
    assert.match(problems[0].message, /is an Account Id, not a lead .*remove the row/);
    assert.match(problems[1].message, /has 8 characters; a Salesforce Id has 15 or 18/);
    assert.match(problems[2].message, /last three characters do not match/);
    assert.match(problems[3].message, /letters and digits only/);
    assert.match(problems[4].message, /repeats the lead in row 2; remove one of them/);
  });

  it('treats the 15- and 18-character forms of one lead as duplicates', async () => {
    const { problems } = await read(`Id\n${lead(7)}\n${lead(7).substring(0, 15)}\n`);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].row, 3);
  });

  it('refuses a header without an Id column, an empty file and two Id columns', async () => {
    assert.match(
      (await read(`LeadId\n${lead(1)}\n`)).problems[0].message,
      /no "Id" column in the header \(LeadId\)/,
    );
    assert.match((await read('')).problems[0].message, /the file is empty/);
    assert.match((await read('\n\n')).problems[0].message, /the file is empty/);
    assert.match((await read(`Id,id\n${lead(1)},x\n`)).problems[0].message, /two "Id" columns/);
  });

  it('refuses UTF-16, binary and invalid UTF-8 with what to do', async () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`Id\n${lead(1)}\n`, 'utf16le'),
    ]);
    assert.match((await read(utf16)).problems[0].message, /UTF-16; save it as "CSV UTF-8"/);
    assert.match(
      (await read(Buffer.from([0x49, 0x64, 0x0a, 0x00, 0x01]))).problems[0].message,
      /NUL bytes/,
    );
    const latin1 = Buffer.from(`Id,Name\n${lead(1)},Jos\xe9\n`, 'latin1');
    assert.match((await read(latin1)).problems[0].message, /not UTF-8 text/);
  });

  it('lists the first 50 problems and counts the rest', async () => {
    const rows = Array.from({ length: 60 }, () => '001000000000001AAA');
    const { problems } = await read(`Id\n${rows.join('\n')}\n`);
    assert.equal(problems.length, 51);
    assert.equal(problems[50].message, 'and 10 more problems');
  });

  it('explains each kind of bad value', () => {
    assert.equal(leadIdProblem(lead(1)), null);
    assert.match(leadIdProblem('') ?? '', /is empty/);
    assert.match(leadIdProblem('005000000000001AAA') ?? '', /a User Id/);
    assert.match(leadIdProblem(to18('a0B000000000001')) ?? '', /a record with prefix a0B/);
  });
});
