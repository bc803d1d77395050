/**
 * The sf CLI against the local org's Bulk API 2.0: one login, then `data update bulk` of 100,000
 * leads with a few bad rows, `data export bulk` across several result pages, and `data query`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { Connection } from 'jsforce';
import { KEY_PREFIX, makeId } from '../../localorg/ids.ts';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { lines, raw } from '../support/bulk.ts';
import { connect, startTestOrg, userOf } from '../support/org.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', 'node_modules', '.bin');
const LEADS = 100_000;

interface SfResult {
  code: number;
  json: { status: number; result?: Record<string, unknown>; message?: string; data?: unknown };
}

// The three commands run at once: each CLI start takes seconds, and the CLI polls every 5 s.
describe('the sf CLI on Bulk API 2.0', { concurrency: true }, () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  let home: string;

  const sf = async (args: string[], extraEnv: Record<string, string> = {}): Promise<SfResult> => {
    const env = {
      ...process.env,
      // The CLI's `#!/usr/bin/env node` must find Node 24.
      PATH: `${BIN}${delimiter}${process.env.PATH ?? ''}`,
      HOME: home,
      SF_DISABLE_TELEMETRY: 'true',
      SF_AUTOUPDATE_DISABLE: 'true',
      SF_DISABLE_AUTOUPDATE: 'true',
      SF_SKIP_NEW_VERSION_CHECK: 'true',
      SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
      SF_DISABLE_LOG_FILE: 'true',
      FORCE_COLOR: '0',
      ...extraEnv,
    };
    try {
      const { stdout } = await run(join(BIN, 'sf'), args, {
        env,
        cwd: home,
        timeout: 120_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      return { code: 0, json: JSON.parse(stdout) as SfResult['json'] };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      if (!failed.stdout) throw error;
      return { code: failed.code ?? 1, json: JSON.parse(failed.stdout) as SfResult['json'] };
    }
  };

  before(async () => {
    // Several result pages for the export; the sf CLI expects the header on each (see settings.ts).
    org = await startTestOrg({
      seed: `leads=${LEADS + 15_000}`,
      bulk: { queryPageSize: 30_000, repeatHeader: true },
    });
    conn = connect(org);
    home = await mkdtemp(join(tmpdir(), 'localorg-sf-'));
    const login = await sf(
      [
        'org',
        'login',
        'access-token',
        '--instance-url',
        org.url,
        '--no-prompt',
        '--alias',
        'local',
        '--json',
      ],
      { SF_ACCESS_TOKEN: org.admin.accessToken },
    );
    assert.equal(login.code, 0, JSON.stringify(login.json));
  });
  after(async () => {
    await org.close();
    await rm(home, { recursive: true, force: true });
  });

  it('data update bulk of 100,000 leads reports exactly the bad rows as failed', async () => {
    // Straight from the store: the REST paging of 100,000 Ids is not what is under test here.
    const leads = org.org.store
      .all(`SELECT "Id" FROM "Lead" WHERE "IsConverted" = 0 ORDER BY rowid LIMIT ${LEADS}`)
      .map((row) => ({ Id: String(row.Id) }));
    assert.equal(leads.length, LEADS);
    const owner = userOf(org, 'channel-manager').userId;
    const rows = leads.map((l) => [l.Id, owner]);
    const bad = new Map<string, string>([
      [
        makeId(KEY_PREFIX.Lead, 9_999_991),
        'INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--',
      ],
      [leads[500].Id, 'INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:OwnerId --'],
      [
        leads[77_777].Id,
        'FIELD_INTEGRITY_EXCEPTION:Owner ID: id value of incorrect type: 001000000000001AAA:OwnerId --',
      ],
    ]);
    rows[10][0] = makeId(KEY_PREFIX.Lead, 9_999_991);
    rows[500][1] = makeId(KEY_PREFIX.User, 999_999);
    rows[77_777][1] = makeId(KEY_PREFIX.Account, 1);
    const file = join(home, 'leads.csv');
    await writeFile(file, `Id,OwnerId\n${rows.map((r) => r.join(',')).join('\n')}\n`);

    const update = await sf([
      'data',
      'update',
      'bulk',
      '--sobject',
      'Lead',
      '--file',
      file,
      '--wait',
      '10',
      '-o',
      'local',
      '--json',
    ]);
    assert.equal(update.code, 1, JSON.stringify(update.json));
    assert.match(String(update.json.message), /failed to process 3 records/);
    const { jobId } = update.json.data as { jobId: string };
    const info = (await raw(org, 'GET', `/services/data/v65.0/jobs/ingest/${jobId}`)).text;
    assert.match(info, /"numberRecordsProcessed":100000,"numberRecordsFailed":3,/);
    const failed = lines(
      (await raw(org, 'GET', `/services/data/v65.0/jobs/ingest/${jobId}/failedResults`)).text,
    ).slice(1);
    const reported = new Map(
      failed.map((line) => {
        const [, error, id] = /^[^,]*,"(.*)",([^,]+),/.exec(line)!;
        return [id, error];
      }),
    );
    assert.deepEqual(reported, bad);
  });

  it('data export bulk writes every row once, with no header rows in the data', async () => {
    const out = join(home, 'out.csv');
    const exported = await sf([
      'data',
      'export',
      'bulk',
      '--query',
      'SELECT Id, Owner.Name FROM Lead',
      '--output-file',
      out,
      '--wait',
      '10',
      '-o',
      'local',
      '--json',
    ]);
    assert.equal(exported.code, 0, JSON.stringify(exported.json));
    const total = (await conn.query('SELECT COUNT() FROM Lead')).totalSize;
    assert.equal(exported.json.result?.totalSize, total);
    const text = await readFile(out, 'utf8');
    const [header, ...data] = lines(text);
    assert.equal(header, '"Id","Owner.Name"');
    assert.equal(data.length, total);
    assert.ok(
      data.every((line) => line.startsWith('"00Q')),
      'no header rows among the data',
    );
    assert.equal(new Set(data.map((line) => line.slice(0, 20))).size, total, 'each row once');
  });

  it('data query returns 5 rows', async () => {
    const query = await sf([
      'data',
      'query',
      '-q',
      'SELECT Id, Owner.Name FROM Lead LIMIT 5',
      '-o',
      'local',
      '--json',
    ]);
    assert.equal(query.code, 0, JSON.stringify(query.json));
    const records = (query.json.result as { records: { Owner: { Name: string } }[] }).records;
    assert.equal(records.length, 5);
    assert.ok(records.every((r) => typeof r.Owner.Name === 'string'));
  });
});
