/**
 * The real `sf data import tree` against the local org's sObject Tree resource: accounts with
 * nested contacts from `--files`, a `--plan` whose contact file points at the accounts through
 * `@AccountRef` references, and a failing record reported the way the CLI reports a real org's.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { connect, startTestOrg } from '../support/org.ts';
import { cliEnv, run, sfLogin } from '../support/cli.ts';

const SF = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'sf');

interface SfJson {
  status: number;
  result?: { refId: string; type: string; id: string }[];
  message?: string;
  name?: string;
  data?: { referenceId: string; StatusCode: string; Message: string; fields: string }[];
}

describe('sf data import tree on the local org', { concurrency: true }, () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  let env: NodeJS.ProcessEnv;
  let dir: string;

  const sf = async (args: string[]): Promise<{ code: number | null; json: SfJson }> => {
    const result = await run(
      process.execPath,
      [SF, ...args, '--target-org', 'tree', '--json'],
      { ...env, SF_DISABLE_LOG_FILE: 'true', FORCE_COLOR: '0' },
      dir,
    );
    try {
      return { code: result.code, json: JSON.parse(result.stdout) as SfJson };
    } catch {
      throw new Error(`sf printed no JSON (exit ${result.code}): ${result.stderr}${result.stdout}`);
    }
  };

  const file = async (name: string, content: unknown): Promise<string> => {
    await writeFile(join(dir, name), JSON.stringify(content, null, 2));
    return name;
  };

  before(async () => {
    org = await startTestOrg({ seed: 'none' });
    conn = connect(org);
    env = cliEnv();
    dir = await mkdtemp(join(tmpdir(), 'data-tree-'));
    await sfLogin(env, org.url, org.admin.accessToken, 'tree');
  });
  after(async () => {
    await org.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('imports accounts with nested contacts from --files', async () => {
    const accounts = await file('Account-Contact.json', {
      records: [
        {
          attributes: { type: 'Account', referenceId: 'AccountRef1' },
          Name: 'Tree Files Alpha',
          Industry: 'Banking',
          Contacts: {
            records: [
              {
                attributes: { type: 'Contact', referenceId: 'ContactRef1' },
                LastName: 'Adams',
                Email: 'adams@alpha.example.com',
              },
              {
                attributes: { type: 'Contact', referenceId: 'ContactRef2' },
                LastName: 'Baker',
              },
            ],
          },
        },
        {
          attributes: { type: 'Account', referenceId: 'AccountRef2' },
          Name: 'Tree Files Beta',
          Contacts: {
            records: [
              { attributes: { type: 'Contact', referenceId: 'ContactRef3' }, LastName: 'Clark' },
            ],
          },
        },
      ],
    });
    const { code, json } = await sf(['data', 'import', 'tree', '--files', accounts]);
    assert.equal(code, 0, JSON.stringify(json));
    assert.deepEqual(
      json.result?.map((r) => [r.refId, r.type]),
      [
        ['AccountRef1', 'Account'],
        ['AccountRef2', 'Account'],
        ['ContactRef1', 'Contact'],
        ['ContactRef2', 'Contact'],
        ['ContactRef3', 'Contact'],
      ],
    );
    const rows = await conn.query<{ LastName: string; Account: { Name: string } }>(
      "SELECT LastName, Account.Name FROM Contact WHERE Account.Name LIKE 'Tree Files%' ORDER BY LastName",
    );
    assert.deepEqual(
      rows.records.map((r) => [r.LastName, r.Account.Name]),
      [
        ['Adams', 'Tree Files Alpha'],
        ['Baker', 'Tree Files Alpha'],
        ['Clark', 'Tree Files Beta'],
      ],
    );
  });

  it('imports a --plan whose contacts reference the accounts saved before them', async () => {
    const accounts = await file('Plan-Account.json', {
      records: [
        { attributes: { type: 'Account', referenceId: 'AccountRef1' }, Name: 'Tree Plan One' },
        { attributes: { type: 'Account', referenceId: 'AccountRef2' }, Name: 'Tree Plan Two' },
      ],
    });
    const contacts = await file('Plan-Contact.json', {
      records: [
        {
          attributes: { type: 'Contact', referenceId: 'ContactRef1' },
          LastName: 'Ng',
          AccountId: '@AccountRef1',
        },
        {
          attributes: { type: 'Contact', referenceId: 'ContactRef2' },
          LastName: 'Okafor',
          AccountId: '@AccountRef2',
        },
        {
          attributes: { type: 'Contact', referenceId: 'ContactRef3' },
          LastName: 'Park',
          AccountId: '@AccountRef2',
        },
      ],
    });
    const plan = await file('plan.json', [
      { sobject: 'Account', files: [accounts] },
      { sobject: 'Contact', files: [contacts] },
    ]);
    const { code, json } = await sf(['data', 'import', 'tree', '--plan', plan]);
    assert.equal(code, 0, JSON.stringify(json));
    assert.equal(json.result?.length, 5);
    const ids = new Map(json.result?.map((r) => [r.refId, r.id]));
    const rows = await conn.query<{ LastName: string; AccountId: string }>(
      "SELECT LastName, AccountId FROM Contact WHERE LastName IN ('Ng', 'Okafor', 'Park') ORDER BY LastName",
    );
    assert.deepEqual(
      rows.records.map((r) => [r.LastName, r.AccountId]),
      [
        ['Ng', ids.get('AccountRef1')],
        ['Okafor', ids.get('AccountRef2')],
        ['Park', ids.get('AccountRef2')],
      ],
    );
  });

  it('reports a failing record by referenceId and saves nothing of its file', async () => {
    const bad = await file('Bad-Account.json', {
      records: [
        {
          attributes: { type: 'Account', referenceId: 'AccountRef1' },
          Name: 'Tree Bad Account',
          Contacts: {
            records: [
              {
                attributes: { type: 'Contact', referenceId: 'ContactRef1' },
                LastName: 'Bad',
                Email: 'not an address',
              },
            ],
          },
        },
      ],
    });
    const { code, json } = await sf(['data', 'import', 'tree', '--files', bad]);
    assert.notEqual(code, 0);
    assert.equal(json.message, 'Data Import failed');
    assert.deepEqual(json.data, [
      {
        referenceId: 'ContactRef1',
        StatusCode: 'INVALID_EMAIL_ADDRESS',
        Message: 'Email: invalid email address: not an address',
        fields: 'Email',
      },
    ]);
    const left = await conn.query("SELECT Id FROM Account WHERE Name = 'Tree Bad Account'");
    assert.equal(left.totalSize, 0);
  });

  it('refuses a field the object does not have, worded as the CLI parses it', async () => {
    const unknown = await file('Unknown-Field.json', {
      records: [
        {
          attributes: { type: 'Account', referenceId: 'AccountRef1' },
          Name: 'Tree Unknown Field',
          Colour__c: 'red',
        },
      ],
    });
    const { code, json } = await sf(['data', 'import', 'tree', '--files', unknown]);
    assert.notEqual(code, 0);
    // The CLI reads field and object out of the org's INVALID_FIELD message.
    assert.match(json.message ?? '', /don't have access to Colour__c on Account\./);
  });
});
