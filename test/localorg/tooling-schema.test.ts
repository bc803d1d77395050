/**
 * The Tooling API's schema and trigger records (issue 12, item 4): CustomObject, CustomField and
 * ApexTrigger mirror what was deployed, read with jsforce's tooling client and with the real
 * `sf data query --use-tooling-api`; describes come from /tooling/sobjects; FullName and Metadata
 * only for one row; the REST API does not know the Tooling-only objects.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { cliEnv, run, sfLogin } from '../support/cli.ts';
import { FORCE_APP, connect, startTestOrg } from '../support/org.ts';
import { api } from '../support/query.ts';

const SCHEMA = join(import.meta.dirname, 'fixtures', 'tooling-schema');
const SF = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'sf');

interface FieldRow {
  Id: string;
  DeveloperName: string;
  TableEnumOrId: string;
  EntityDefinitionId: string;
  NamespacePrefix: string | null;
  ManageableState: string;
  Description: string | null;
  InlineHelpText: string | null;
  Length: number | null;
}

describe('Tooling API: CustomObject, CustomField and ApexTrigger', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  let env: NodeJS.ProcessEnv;

  const sfJson = async <T>(args: string[]): Promise<{ code: number | null; json: T }> => {
    const result = await run(process.execPath, [SF, ...args, '-o', 'tooling', '--json'], {
      ...env,
      SF_DISABLE_LOG_FILE: 'true',
      FORCE_COLOR: '0',
    });
    try {
      return { code: result.code, json: JSON.parse(result.stdout) as T };
    } catch {
      throw new Error(`sf printed no JSON (exit ${result.code}): ${result.stderr}${result.stdout}`);
    }
  };

  before(async () => {
    org = await startTestOrg({ seed: 'none', deploy: [FORCE_APP, SCHEMA] });
    conn = connect(org);
    env = cliEnv();
    await sfLogin(env, org.url, org.admin.accessToken, 'tooling');
  });
  after(() => org.close());

  it('lists the deployed custom objects', async () => {
    const result = await conn.tooling.query<{
      Id: string;
      DeveloperName: string;
      NamespacePrefix: string | null;
      ManageableState: string;
      SharingModel: string;
    }>(
      'SELECT Id, DeveloperName, NamespacePrefix, ManageableState, SharingModel FROM CustomObject ORDER BY DeveloperName',
    );
    assert.deepEqual(
      result.records.map((r) => [
        r.DeveloperName,
        r.NamespacePrefix,
        r.ManageableState,
        r.SharingModel,
      ]),
      [
        ['Lead_Assignment_Batch', null, 'unmanaged', 'Private'],
        ['Lead_Assignment_Log', null, 'unmanaged', 'ControlledByParent'],
      ],
    );
    for (const r of result.records) assert.match(r.Id, /^01I[0-9A-Za-z]{15}$/);
  });

  it('lists custom fields with their object: a name for standard objects, the 01I Id for custom ones', async () => {
    const objects = await conn.tooling.query<{ Id: string; DeveloperName: string }>(
      'SELECT Id, DeveloperName FROM CustomObject',
    );
    const logId = objects.records.find((o) => o.DeveloperName === 'Lead_Assignment_Log')!.Id;
    const onLog = await conn.tooling.query<FieldRow>(
      `SELECT Id, DeveloperName, TableEnumOrId, EntityDefinitionId, ManageableState, Length FROM CustomField WHERE TableEnumOrId = '${logId}' ORDER BY DeveloperName`,
    );
    // Every field the package deploys on the log, read from its source folder.
    const deployed = readdirSync(
      join(FORCE_APP, 'main', 'default', 'objects', 'Lead_Assignment_Log__c', 'fields'),
    )
      .map((file) => file.replace(/__c\.field-meta\.xml$/, ''))
      .sort();
    assert.ok(deployed.includes('Reason') && deployed.includes('Decline_Reason'));
    assert.deepEqual(
      onLog.records.map((r) => r.DeveloperName),
      deployed,
    );
    for (const r of onLog.records) {
      assert.match(r.Id, /^00N[0-9A-Za-z]{15}$/);
      assert.equal(r.EntityDefinitionId, logId);
      assert.equal(r.ManageableState, 'unmanaged');
    }
    assert.equal(onLog.records.find((r) => r.DeveloperName === 'Reason')?.Length, 40);

    const onAccount = await conn.tooling.query<FieldRow>(
      "SELECT Id, DeveloperName, TableEnumOrId, NamespacePrefix, Description, InlineHelpText, Length FROM CustomField WHERE TableEnumOrId = 'Account'",
    );
    assert.deepEqual(
      onAccount.records.map((r) => [
        r.DeveloperName,
        r.TableEnumOrId,
        r.NamespacePrefix,
        r.Description,
        r.InlineHelpText,
        r.Length,
      ]),
      [['Tier', 'Account', null, 'Partner tier.', 'Gold, Silver or Bronze.', 20]],
    );
  });

  it('answers FullName and Metadata for one row only', async () => {
    const one = await conn.tooling.query<{ FullName: string; Metadata: Record<string, unknown> }>(
      "SELECT FullName, Metadata FROM CustomField WHERE DeveloperName = 'Tier'",
    );
    assert.equal(one.records[0].FullName, 'Account.Tier__c');
    assert.equal(one.records[0].Metadata.label, 'Tier');
    assert.equal(one.records[0].Metadata.length, 20);
    assert.equal(one.records[0].Metadata.required, false);
    const many = await api(
      org,
      `/services/data/v62.0/tooling/query?q=${encodeURIComponent('SELECT Id, FullName FROM CustomField')}`,
    );
    assert.equal(many.status, 400);
    const [error] = many.body as { errorCode: string; message: string }[];
    assert.equal(error.errorCode, 'MALFORMED_QUERY');
    assert.match(
      error.message,
      /^When retrieving results with Metadata or FullName fields, the query qualifications must specify no more than one row for retrieval\. Result size: \d+$/,
    );
  });

  it('reads triggers with their object and events', async () => {
    const result = await conn.tooling.query<Record<string, unknown>>(
      'SELECT Id, Name, TableEnumOrId, Status, ApiVersion, UsageBeforeInsert, UsageBeforeUpdate, UsageAfterInsert, LengthWithoutComments, Body FROM ApexTrigger',
    );
    assert.equal(result.records.length, 1);
    const trigger = result.records[0];
    assert.match(String(trigger.Id), /^01q/);
    assert.equal(trigger.Name, 'AccountTierTrigger');
    assert.equal(trigger.TableEnumOrId, 'Account');
    assert.equal(trigger.Status, 'Active');
    assert.equal(trigger.ApiVersion, 62);
    assert.equal(trigger.UsageBeforeInsert, true);
    assert.equal(trigger.UsageBeforeUpdate, true);
    assert.equal(trigger.UsageAfterInsert, false);
    assert.ok(Number(trigger.LengthWithoutComments) < String(trigger.Body).length);
    // ApexTrigger is a data API object too; CustomField and CustomObject are not.
    const rest = await conn.query<{ Name: string }>('SELECT Name FROM ApexTrigger');
    assert.deepEqual(
      rest.records.map((r) => r.Name),
      ['AccountTierTrigger'],
    );
  });

  it('describes the tooling objects under /tooling/sobjects only', async () => {
    const expected: Record<string, string[]> = {
      CustomField: [
        'Id',
        'DeveloperName',
        'NamespacePrefix',
        'TableEnumOrId',
        'FullName',
        'Metadata',
      ],
      CustomObject: ['Id', 'DeveloperName', 'NamespacePrefix', 'SharingModel', 'FullName'],
      ApexTrigger: ['Id', 'Name', 'NamespacePrefix', 'TableEnumOrId', 'Body', 'Status'],
    };
    for (const [type, fields] of Object.entries(expected)) {
      const described = await conn.tooling.sobject(type).describe();
      assert.equal(described.name, type);
      const names = described.fields.map((f) => f.name);
      for (const field of fields) assert.ok(names.includes(field), `${type}.${field}`);
    }
    const global = await conn.tooling.describeGlobal();
    const names = global.sobjects.map((o) => o.name);
    for (const type of ['CustomField', 'CustomObject', 'ApexTrigger', 'ApexClass']) {
      assert.ok(names.includes(type), type);
    }
    const restGlobal = await conn.describeGlobal();
    assert.ok(!restGlobal.sobjects.some((o) => o.name === 'CustomField'));
    const restDescribe = await api(org, '/services/data/v62.0/sobjects/CustomField/describe');
    assert.equal(restDescribe.status, 404);
    await assert.rejects(async () => conn.query('SELECT Id FROM CustomField'), {
      name: 'INVALID_TYPE',
    });
    const [field] = (await conn.tooling.query<{ Id: string }>('SELECT Id FROM CustomField LIMIT 1'))
      .records;
    const read = await api(org, `/services/data/v62.0/tooling/sobjects/CustomField/${field.Id}`);
    assert.equal(read.status, 200);
    assert.equal((read.body as { Id: string }).Id, field.Id);
  });

  it('answers sf data query --use-tooling-api', async () => {
    const classes = await sfJson<{
      status: number;
      result: { records: { Id: string; Name: string }[]; totalSize: number };
    }>(['data', 'query', '--use-tooling-api', '-q', 'SELECT Id, Name FROM ApexClass']);
    assert.equal(classes.code, 0, JSON.stringify(classes.json));
    const names = classes.json.result.records.map((r) => r.Name);
    assert.ok(names.includes('LeadRouter'));
    assert.equal(classes.json.result.totalSize, names.length);

    const fields = await sfJson<{
      result: { records: { DeveloperName: string; TableEnumOrId: string }[] };
    }>([
      'data',
      'query',
      '-t',
      '-q',
      "SELECT Id, DeveloperName, TableEnumOrId FROM CustomField WHERE TableEnumOrId = 'Account'",
    ]);
    assert.equal(fields.code, 0, JSON.stringify(fields.json));
    assert.deepEqual(
      fields.json.result.records.map((r) => [r.DeveloperName, r.TableEnumOrId]),
      [['Tier', 'Account']],
    );

    // The table output reads the columns (columns=true) first.
    const table = await run(
      process.execPath,
      [SF, 'data', 'query', '-t', '-o', 'tooling', '-q', 'SELECT DeveloperName FROM CustomObject'],
      { ...env, SF_DISABLE_LOG_FILE: 'true', FORCE_COLOR: '0' },
    );
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /DEVELOPERNAME/);
    assert.match(table.stdout, /Lead_Assignment_Batch/);

    const described = await sfJson<{ result: { name: string; fields: { name: string }[] } }>([
      'sobject',
      'describe',
      '--use-tooling-api',
      '--sobject',
      'CustomField',
    ]);
    assert.equal(described.code, 0, JSON.stringify(described.json));
    assert.ok(described.json.result.fields.some((f) => f.name === 'TableEnumOrId'));
  });
});
