/**
 * The real sf CLI reading relationship queries from the local org (issue 12, item 2):
 * `sf data query` prints child subqueries and TYPEOF fields, `sf data export tree` writes
 * accounts with their contacts (nested, and as a --plan), the plan imports into a second local
 * org with `sf data import tree`, and a query a real org refuses fails in the CLI with the org's
 * error code.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { connect, startTestOrg } from '../support/org.ts';
import { cliEnv, run, sfLogin } from '../support/cli.ts';

const SF = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'sf');
const ACCOUNTS = "Name IN ('Northwind Traders', 'Contoso Ltd')";

interface TreeRecord {
  attributes: { type: string; referenceId: string };
  [field: string]: unknown;
}

describe('sf data query and sf data export tree on the local org', () => {
  let source: RunningLocalOrg;
  let target: RunningLocalOrg;
  let env: NodeJS.ProcessEnv;
  let dir: string;

  const sf = (args: string[]) =>
    run(
      process.execPath,
      [SF, ...args],
      { ...env, SF_DISABLE_LOG_FILE: 'true', FORCE_COLOR: '0' },
      dir,
    );
  const sfJson = async <T>(args: string[]): Promise<{ code: number | null; json: T }> => {
    const result = await sf([...args, '--json']);
    try {
      return { code: result.code, json: JSON.parse(result.stdout) as T };
    } catch {
      throw new Error(`sf printed no JSON (exit ${result.code}): ${result.stderr}${result.stdout}`);
    }
  };

  before(async () => {
    source = await startTestOrg();
    // Its own identity, so the sf CLI keeps both logins (item 5).
    target = await startTestOrg({ seed: 'none', identity: 'fresh' });
    env = cliEnv();
    dir = await mkdtemp(join(tmpdir(), 'data-export-'));
    await sfLogin(env, source.url, source.admin.accessToken, 'source');
    await sfLogin(env, target.url, target.admin.accessToken, 'target');
  });
  after(async () => {
    await source.close();
    await target.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints child subqueries and TYPEOF fields', async () => {
    const nested = await sf([
      'data',
      'query',
      '-o',
      'source',
      '-q',
      "SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName) FROM Account WHERE Name = 'Northwind Traders'",
    ]);
    assert.equal(nested.code, 0, nested.stderr);
    assert.match(nested.stdout, /CONTACTS\.LASTNAME/);
    const contacts = await connect(source).query<{ LastName: string }>(
      "SELECT LastName FROM Contact WHERE Account.Name = 'Northwind Traders' ORDER BY LastName",
    );
    for (const { LastName } of contacts.records) assert.match(nested.stdout, new RegExp(LastName));

    const typed = await sfJson<{
      result: { records: { Owner: { attributes: { type: string }; Name: string } }[] };
    }>([
      'data',
      'query',
      '-o',
      'source',
      '-q',
      'SELECT Id, TYPEOF Owner WHEN User THEN Name, Email WHEN Group THEN Name END FROM Lead',
    ]);
    assert.equal(typed.code, 0);
    const types = new Set(typed.json.result.records.map((r) => r.Owner.attributes.type));
    assert.deepEqual([...types].sort(), ['Group', 'User']);
    const table = await sf([
      'data',
      'query',
      '-o',
      'source',
      '-q',
      "SELECT Id, TYPEOF Owner WHEN User THEN Name, Email WHEN Group THEN Name END FROM Lead WHERE Owner.Type = 'User' LIMIT 2",
    ]);
    assert.equal(table.code, 0, table.stderr);
    // The sf CLI draws column borders at some terminals and plain spaces at others (as in CI).
    assert.match(table.stdout, /OWNER\.NAME\s+(│\s+)?OWNER\.EMAIL/);
  });

  it('exports accounts with their contacts, nested and as a plan that imports into another org', async () => {
    const query = `SELECT Id, Name, Website, (SELECT Id, FirstName, LastName, Email FROM Contacts ORDER BY LastName) FROM Account WHERE ${ACCOUNTS} ORDER BY Name`;
    const tree = await sfJson<{ status: number }>([
      'data',
      'export',
      'tree',
      '-o',
      'source',
      '-q',
      query,
      '--output-dir',
      'tree',
    ]);
    assert.equal(tree.code, 0, JSON.stringify(tree.json));
    const [file] = await readdir(join(dir, 'tree'));
    const nested = JSON.parse(await readFile(join(dir, 'tree', file), 'utf8')) as {
      records: (TreeRecord & { Contacts?: { records: TreeRecord[] } })[];
    };
    assert.deepEqual(
      nested.records.map((r) => [r.Name, r.Contacts?.records.length]),
      [
        ['Contoso Ltd', 4],
        ['Northwind Traders', 4],
      ],
    );

    const plan = await sfJson<{ result: { sobject: string; files: string[] }[] }>([
      'data',
      'export',
      'tree',
      '-o',
      'source',
      '-q',
      query,
      '--plan',
      '--output-dir',
      'plan',
    ]);
    assert.equal(plan.code, 0, JSON.stringify(plan.json));
    assert.deepEqual(
      plan.json.result.map((p) => p.sobject),
      ['Account', 'Contact'],
    );
    const contacts = JSON.parse(await readFile(join(dir, 'plan', 'Contact.json'), 'utf8')) as {
      records: TreeRecord[];
    };
    assert.equal(contacts.records.length, 8);
    // The CLI turned each child's parent into a reference through describe's relationship.
    for (const c of contacts.records) assert.match(String(c.AccountId), /^@AccountRef[12]$/);

    const planFile = (await readdir(join(dir, 'plan'))).find((f) => f.endsWith('plan.json'))!;
    const imported = await sfJson<{ result: { refId: string; type: string }[] }>([
      'data',
      'import',
      'tree',
      '-o',
      'target',
      '--plan',
      join('plan', planFile),
    ]);
    assert.equal(imported.code, 0, JSON.stringify(imported.json));
    assert.equal(imported.json.result.length, 10);

    const read = (org: RunningLocalOrg) =>
      connect(org).query<{
        Name: string;
        Contacts: { records: { LastName: string; Email: string }[] } | null;
      }>(
        `SELECT Name, (SELECT LastName, Email FROM Contacts ORDER BY LastName) FROM Account WHERE ${ACCOUNTS} ORDER BY Name`,
      );
    const shape = (rows: Awaited<ReturnType<typeof read>>) =>
      rows.records.map((a) => [a.Name, a.Contacts?.records.map((c) => [c.LastName, c.Email])]);
    assert.deepEqual(shape(await read(target)), shape(await read(source)));
  });

  it('fails a query a real org refuses, with the org’s error code', async () => {
    const refused = await sfJson<{ name: string; message: string }>([
      'data',
      'query',
      '-o',
      'source',
      '-q',
      'SELECT COUNT() FROM Lead ORDER BY Name',
    ]);
    assert.notEqual(refused.code, 0);
    assert.equal(refused.json.name, 'MALFORMED_QUERY');
    assert.match(refused.json.message, /COUNT\(\) and ORDER BY may not be used together/);
  });
});
