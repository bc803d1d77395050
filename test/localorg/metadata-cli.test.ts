/**
 * The Metadata API judged by the real deploy tools: source-deploy-retrieve over a @salesforce/core
 * Connection, and the sf CLI's `project deploy start` (login with an access token first). Each runs
 * in a child process with a temporary HOME, as both write under ~/.sf and ~/.sfdx.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { componentExists } from '../../localorg/metadata/org/deployedComponents.ts';
import {
  BROKEN_GREETING_HTML,
  GREETING_HTML,
  GREETING_HTML_PATH,
  writeProject,
} from './fixtures/metadata/project.ts';
import { startTestOrg } from '../support/org.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const SF = join(ROOT, 'node_modules', '.bin', 'sf');

interface CliResult {
  code: number;
  json: Record<string, unknown>;
  ms: number;
}

interface FileResult {
  fullName: string;
  type: string;
  state: string;
  filePath?: string;
  lineNumber?: number;
  columnNumber?: number;
  error?: string;
}

describe('Metadata API: source-deploy-retrieve and the sf CLI', () => {
  let org: RunningLocalOrg;
  let home: string;
  let project: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    org = await startTestOrg({ seed: 'none' });
    home = await mkdtemp(join(tmpdir(), 'lo-metadata-home-'));
    project = await writeProject();
    env = {
      ...process.env,
      HOME: home,
      PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
      SF_DISABLE_TELEMETRY: 'true',
      SF_AUTOUPDATE_DISABLE: 'true',
      SF_DISABLE_AUTOUPDATE: 'true',
      SF_SKIP_NEW_VERSION_CHECK: 'true',
      SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
      SF_ACCESS_TOKEN: org.admin.accessToken,
    };
  });
  after(async () => {
    await org.close();
    await rm(home, { recursive: true, force: true });
    await rm(project, { recursive: true, force: true });
  });

  /** Runs `sf ... --json` in the project; a non-zero exit still yields the JSON document. */
  async function sf(...args: string[]): Promise<CliResult> {
    const started = Date.now();
    try {
      const { stdout } = await run(process.execPath, [SF, ...args, '--json'], {
        cwd: project,
        env,
        maxBuffer: 16 * 1024 * 1024,
      });
      return {
        code: 0,
        json: JSON.parse(stdout) as Record<string, unknown>,
        ms: Date.now() - started,
      };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      if (!failed.stdout) throw new Error(`sf ${args.join(' ')} failed: ${failed.stderr ?? ''}`);
      return {
        code: failed.code ?? 1,
        json: JSON.parse(failed.stdout) as Record<string, unknown>,
        ms: Date.now() - started,
      };
    }
  }

  it('deploys a source folder with SDR ComponentSet.deploy over a @salesforce/core Connection', async (t) => {
    const { stdout } = await run(
      process.execPath,
      [join(import.meta.dirname, 'fixtures', 'metadata', 'sdr-deploy.ts')],
      {
        env: {
          ...env,
          LOCALORG_URL: org.url,
          LOCALORG_TOKEN: org.admin.accessToken,
          SOURCE_DIR: join(project, 'force-app'),
        },
      },
    );
    const result = JSON.parse(stdout) as {
      status: string;
      numberComponentsTotal: number;
      numberComponentsDeployed: number;
      elapsedMs: number;
      files: { fullName: string; type: string; state: string; file: string }[];
    };
    t.diagnostic(`SDR deploy and poll: ${result.elapsedMs} ms`);
    assert.equal(result.status, 'Succeeded');
    // Class, bundle, object, its field and the permission set.
    assert.equal(result.numberComponentsTotal, 5);
    assert.equal(result.numberComponentsDeployed, 5);
    assert.deepEqual(
      result.files.map((f) => [f.type, f.fullName, f.state, f.file]),
      [
        ['ApexClass', 'Greeter', 'Created', 'main/default/classes/Greeter.cls'],
        ['ApexClass', 'Greeter', 'Created', 'main/default/classes/Greeter.cls-meta.xml'],
        [
          'LightningComponentBundle',
          'greeting',
          'Created',
          'main/default/lwc/greeting/greeting.html',
        ],
        [
          'LightningComponentBundle',
          'greeting',
          'Created',
          'main/default/lwc/greeting/greeting.js',
        ],
        [
          'LightningComponentBundle',
          'greeting',
          'Created',
          'main/default/lwc/greeting/greeting.js-meta.xml',
        ],
        [
          'CustomObject',
          'Lead_Assignment_Log__c',
          'Created',
          'main/default/objects/Lead_Assignment_Log__c/Lead_Assignment_Log__c.object-meta.xml',
        ],
        [
          'CustomField',
          'Lead_Assignment_Log__c.Note__c',
          'Created',
          'main/default/objects/Lead_Assignment_Log__c/fields/Note__c.field-meta.xml',
        ],
        [
          'PermissionSet',
          'Channel_Manager',
          'Created',
          'main/default/permissionsets/Channel_Manager.permissionset-meta.xml',
        ],
      ],
    );
    assert.ok(componentExists(org.org.store, 'ApexClass', 'Greeter'));
    const log = org.org.catalog.object('Lead_Assignment_Log__c');
    assert.ok(log && org.org.catalog.field(log, 'Note__c'));
  });

  it('sf project deploy start deploys the project; a broken LWC template fails naming the file and line', async (t) => {
    const login = await sf(
      'org',
      'login',
      'access-token',
      '--instance-url',
      org.url,
      '--no-prompt',
      '--alias',
      'local',
    );
    assert.equal(login.code, 0, JSON.stringify(login.json));
    assert.equal((login.json.result as { orgId: string }).orgId, org.orgId);

    await writeFile(join(project, GREETING_HTML_PATH), GREETING_HTML);
    const good = await sf('project', 'deploy', 'start', '-o', 'local', '--source-dir', 'force-app');
    t.diagnostic(`sf project deploy start (success), whole command: ${good.ms} ms`);
    assert.equal(good.code, 0, JSON.stringify(good.json).slice(0, 2000));
    const result = good.json.result as { status: string; id: string; files: FileResult[] };
    assert.equal(result.status, 'Succeeded');
    assert.match(result.id, /^0Af[0-9A-Za-z]{15}$/);
    // Deployed before by SDR: unchanged now.
    assert.ok(
      result.files.every((f) => f.state === 'Unchanged'),
      JSON.stringify(result.files),
    );
    assert.equal(result.files.length, 8);

    await writeFile(join(project, GREETING_HTML_PATH), BROKEN_GREETING_HTML);
    const broken = await sf(
      'project',
      'deploy',
      'start',
      '-o',
      'local',
      '--source-dir',
      'force-app',
    );
    t.diagnostic(`sf project deploy start (failure), whole command: ${broken.ms} ms`);
    assert.equal(broken.code, 1);
    const failed = broken.json.result as {
      status: string;
      files: FileResult[];
      details: { componentFailures: { fileName: string; problem: string }[] };
    };
    assert.equal(failed.status, 'Failed');
    const failure = failed.files.find((f) => f.state === 'Failed');
    assert.equal(failure?.type, 'LightningComponentBundle');
    assert.equal(failure?.filePath, join(project, GREETING_HTML_PATH));
    assert.equal(failure?.lineNumber, 3);
    assert.equal(failure?.columnNumber, 12);
    assert.match(
      failure?.error ?? '',
      /^LWC1034: Ambiguous attribute value title="\{greeting\.data\}"/,
    );
    const [detail] = failed.details.componentFailures;
    assert.equal(detail.fileName, 'lwc/greeting/greeting.html');
    assert.match(detail.problem, /^\[Line: 3, Col: 12\] LWC1034: /);
  });

  it('sf project deploy start over the REST deploy (org-metadata-rest-deploy) reports changes', async (t) => {
    await writeFile(
      join(project, GREETING_HTML_PATH),
      GREETING_HTML.replace('greeting"', 'hello"'),
    );
    env.SF_ORG_METADATA_REST_DEPLOY = 'true';
    try {
      const rest = await sf(
        'project',
        'deploy',
        'start',
        '-o',
        'local',
        '--source-dir',
        'force-app',
      );
      t.diagnostic(`sf project deploy start (REST), whole command: ${rest.ms} ms`);
      assert.equal(rest.code, 0, JSON.stringify(rest.json).slice(0, 2000));
      const result = rest.json.result as { status: string; files: FileResult[] };
      assert.equal(result.status, 'Succeeded');
      const states = new Set(
        result.files.filter((f) => f.type === 'LightningComponentBundle').map((f) => f.state),
      );
      assert.deepEqual([...states], ['Changed']);
    } finally {
      delete env.SF_ORG_METADATA_REST_DEPLOY;
    }
  });
});
