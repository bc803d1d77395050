/**
 * The leads CSV reader: a record split across the pieces a file or a response arrives in parses
 * the same as whole, at every split point and across the 16 KB pieces files are read in.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { csvBatches, csvFileBatches, READ_PIECE } from '../../scripts/leads/csv.ts';

async function records(pieces: string[]): Promise<string[][]> {
  async function* source() {
    for (const piece of pieces) yield piece;
  }
  const out: string[][] = [];
  for await (const batch of csvBatches(source())) out.push(...batch);
  return out;
}

const TEXT =
  '\uFEFFId,OwnerId,Note\r\n' +
  '00Q000000000001AAA,005000000000001AAA,plain\r\n' +
  '"00Q000000000002AAA","005000000000002AAA","quoted"\n' +
  '\n' +
  '00Q000000000003AAA,005000000000003AAA,"a ""quote"", a comma\nand a line break"\n' +
  '00Q000000000004AAA,,last without a line break';
const EXPECTED = [
  ['Id', 'OwnerId', 'Note'],
  ['00Q000000000001AAA', '005000000000001AAA', 'plain'],
  ['00Q000000000002AAA', '005000000000002AAA', 'quoted'],
  ['00Q000000000003AAA', '005000000000003AAA', 'a "quote", a comma\nand a line break'],
  ['00Q000000000004AAA', '', 'last without a line break'],
];

describe('leads CSV reader', () => {
  it('parses the text whole and split in two at every point alike', async () => {
    assert.deepEqual(await records([TEXT]), EXPECTED);
    for (let at = 1; at < TEXT.length; at += 1) {
      assert.deepEqual(
        await records([TEXT.slice(0, at), TEXT.slice(at)]),
        EXPECTED,
        `split at ${at}`,
      );
    }
  });

  it('reads a file of many pieces without losing or splitting a record', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'leads-csv-'));
    try {
      const rows: string[][] = [['Id', 'Note']];
      // Quoted fields with commas and line breaks, long enough to straddle piece boundaries.
      for (let i = 0; i < 2000; i += 1)
        rows.push([
          `00Q${String(i).padStart(15, '0')}`,
          `note ${i}, with "quotes"\n${'x'.repeat(i % 97)}`,
        ]);
      const text = rows.map(([id, note]) => `${id},"${note.replaceAll('"', '""')}"\n`).join('');
      assert.ok(text.length > 8 * READ_PIECE, 'the file spans many pieces');
      const file = join(dir, 'plan.csv');
      await writeFile(file, text);
      const read: string[][] = [];
      let batches = 0;
      for await (const batch of csvFileBatches(file)) {
        batches += 1;
        read.push(...batch);
      }
      assert.deepEqual(read, rows);
      assert.ok(batches > 8, `read in ${batches} batches`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
