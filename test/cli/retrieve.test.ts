/**
 * The real sf CLI's `project retrieve start` against the local org: a small project (an Apex
 * class, an LWC, a custom object with a field, a permission set) is deployed with
 * `sf project deploy start`, then retrieved into empty projects by metadata name, by pattern and
 * by manifest, and into the project itself by source folder, and the files must equal what was
 * deployed; a standard object comes back as the org defines it; `--target-metadata-dir` writes
 * the Metadata API zip.
 */
import assert from 'node:assert/strict';
import { copyFile, cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { writeProject } from '../localorg/fixtures/metadata/project.ts';
import { startTestOrg } from '../support/org.ts';
import { cliEnv, run, sfLogin } from '../support/cli.ts';
import type { CliRun } from '../support/cli.ts';

const SF = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'sf');
const ALIAS = 'retrieve-org';

interface RetrieveJson {
  status: number;
  result: {
    status: string;
    success: boolean;
    fileProperties: { type: string; fullName: string; fileName: string }[];
    messages: { fileName: string; problem: string }[];
    files: { fullName: string; type: string; state: string; filePath?: string; error?: string }[];
  };
}

/** Every file under `dir`, by path relative to it. */
async function tree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.set(relative(dir, path), await readFile(path, 'utf8'));
  }
  return out;
}

describe('sf CLI: project retrieve start on the local org', () => {
  let org: RunningLocalOrg;
  let env: NodeJS.ProcessEnv;
  let deployed: string;
  const temporary: string[] = [];

  before(async () => {
    org = await startTestOrg({ seed: 'none' });
    env = cliEnv();
    await sfLogin(env, org.url, org.admin.accessToken, ALIAS);
    deployed = await writeProject();
    temporary.push(deployed);
    const deploy = await run(
      process.execPath,
      [SF, 'project', 'deploy', 'start', '--source-dir', 'force-app', '--json', '-o', ALIAS],
      env,
      deployed,
    );
    assert.equal(deploy.code, 0, deploy.stdout + deploy.stderr);
  });
  after(async () => {
    await org.close();
    for (const dir of temporary) await rm(dir, { recursive: true, force: true });
    await rm(env.HOME!, { recursive: true, force: true });
  });

  /** An empty project with the deployed one's sfdx-project.json. */
  async function emptyProject(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'retrieve-project-'));
    temporary.push(dir);
    await copyFile(join(deployed, 'sfdx-project.json'), join(dir, 'sfdx-project.json'));
    await mkdir(join(dir, 'force-app'));
    return dir;
  }

  const sf = (cwd: string, ...args: string[]): Promise<CliRun> =>
    run(process.execPath, [SF, ...args, '-o', ALIAS], env, cwd);

  const json = (result: CliRun): RetrieveJson => {
    try {
      return JSON.parse(result.stdout) as RetrieveJson;
    } catch {
      throw new Error(`not JSON (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
    }
  };

  it('--metadata ApexClass retrieves the deployed class as it was deployed', async () => {
    const project = await emptyProject();
    const result = await sf(project, 'project', 'retrieve', 'start', '--metadata', 'ApexClass');
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /Retrieved Source/);
    // The sf CLI draws column borders at some terminals and plain spaces at others (as in CI).
    assert.match(result.stdout, /Created\s+(│\s+)?Greeter\s+(│\s+)?ApexClass/);
    const classes = 'force-app/main/default/classes';
    assert.deepEqual(await tree(join(project, classes)), await tree(join(deployed, classes)));
  });

  it('--metadata ApexClass:Greeter retrieves it; a class the org lacks is a warning', async () => {
    const project = await emptyProject();
    const result = json(
      await sf(
        project,
        'project',
        'retrieve',
        'start',
        '--metadata',
        'ApexClass:Greeter',
        'ApexClass:Missing',
        '--json',
      ),
    );
    assert.equal(result.status, 0);
    assert.equal(result.result.status, 'Succeeded');
    assert.deepEqual(result.result.messages, [
      {
        fileName: 'unpackaged/package.xml',
        problem: "Entity of type 'ApexClass' named 'Missing' cannot be found",
      },
    ]);
    const missing = result.result.files.find((f) => f.fullName === 'Missing');
    assert.equal(missing?.state, 'Failed');
    assert.equal(missing?.type, 'ApexClass');
    assert.deepEqual(
      result.result.files
        .filter((f) => f.state === 'Created')
        .map((f) => relative(project, f.filePath!))
        .sort(),
      [
        'force-app/main/default/classes/Greeter.cls',
        'force-app/main/default/classes/Greeter.cls-meta.xml',
      ],
    );
    for (const file of ['Greeter.cls', 'Greeter.cls-meta.xml']) {
      const path = join('force-app/main/default/classes', file);
      assert.equal(
        await readFile(join(project, path), 'utf8'),
        await readFile(join(deployed, path), 'utf8'),
      );
    }
    const human = await sf(
      project,
      'project',
      'retrieve',
      'start',
      '--metadata',
      'ApexClass:Missing',
    );
    assert.equal(human.code, 0, human.stderr);
    assert.match(
      human.stdout,
      /Warnings[^]*unpackaged\/package\.xml[^]*Entity of type 'ApexClass' named 'Missing' cannot be found/,
    );
  });

  it('--manifest package.xml retrieves the whole project, files equal to what was deployed', async () => {
    const project = await emptyProject();
    const manifest = join(project, 'package.xml');
    await writeFile(
      manifest,
      `<?xml version="1.0" encoding="UTF-8"?>
<Package xmlns="http://soap.sforce.com/2006/04/metadata">
    <types><members>*</members><name>ApexClass</name></types>
    <types><members>Lead_Assignment_Log__c</members><name>CustomObject</name></types>
    <types><members>greeting</members><name>LightningComponentBundle</name></types>
    <types><members>Channel_Manager</members><name>PermissionSet</name></types>
    <version>65.0</version>
</Package>
`,
    );
    const result = json(
      await sf(project, 'project', 'retrieve', 'start', '--manifest', manifest, '--json'),
    );
    assert.equal(result.status, 0);
    assert.deepEqual(result.result.messages, []);
    assert.deepEqual(result.result.fileProperties.map((p) => `${p.type}:${p.fullName}`).sort(), [
      'ApexClass:Greeter',
      'CustomObject:Lead_Assignment_Log__c',
      'LightningComponentBundle:greeting',
      'Package:unpackaged/package.xml',
      'PermissionSet:Channel_Manager',
    ]);
    const retrieved = await tree(join(project, 'force-app'));
    const original = await tree(join(deployed, 'force-app'));
    assert.deepEqual([...retrieved.keys()].sort(), [...original.keys()].sort());
    for (const [path, content] of original) assert.equal(retrieved.get(path), content, path);
  });

  it('--source-dir in the deployed project retrieves every component back, changing no file', async () => {
    const project = await mkdtemp(join(tmpdir(), 'retrieve-project-'));
    temporary.push(project);
    await cp(deployed, project, { recursive: true });
    const result = json(
      await sf(project, 'project', 'retrieve', 'start', '--source-dir', 'force-app', '--json'),
    );
    assert.equal(result.status, 0);
    assert.deepEqual(
      [...new Set(result.result.files.map((f) => `${f.state} ${f.type}:${f.fullName}`))].sort(),
      [
        'Changed ApexClass:Greeter',
        'Changed CustomField:Lead_Assignment_Log__c.Note__c',
        'Changed CustomObject:Lead_Assignment_Log__c',
        'Changed LightningComponentBundle:greeting',
        'Changed PermissionSet:Channel_Manager',
      ],
    );
    assert.deepEqual(
      await tree(join(project, 'force-app')),
      await tree(join(deployed, 'force-app')),
    );
  });

  it('--metadata with a pattern resolves the names through listMetadata', async () => {
    const project = await emptyProject();
    const result = json(
      await sf(project, 'project', 'retrieve', 'start', '--metadata', 'ApexClass:Gree*', '--json'),
    );
    assert.equal(result.status, 0);
    assert.deepEqual(
      result.result.fileProperties.map((p) => p.fullName),
      ['Greeter', 'unpackaged/package.xml'],
    );
  });

  it('--metadata CustomObject:Account gives the standard object as the org defines it', async () => {
    const project = await emptyProject();
    const result = await sf(
      project,
      'project',
      'retrieve',
      'start',
      '--metadata',
      'CustomObject:Account',
    );
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const dir = join(project, 'force-app/main/default/objects/Account');
    assert.equal(
      await readFile(join(dir, 'Account.object-meta.xml'), 'utf8'),
      '<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">\n    <externalSharingModel>Private</externalSharingModel>\n    <sharingModel>ReadWrite</sharingModel>\n</CustomObject>\n',
    );
    assert.equal(
      await readFile(join(dir, 'fields/Industry.field-meta.xml'), 'utf8'),
      '<?xml version="1.0" encoding="UTF-8"?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">\n    <fullName>Industry</fullName>\n    <type>Picklist</type>\n</CustomField>\n',
    );
    const fields = (await readdir(join(dir, 'fields'))).sort();
    for (const name of ['Name', 'OwnerId', 'ParentId', 'Website']) {
      assert.ok(fields.includes(`${name}.field-meta.xml`), `${name} in ${fields.join(', ')}`);
    }
    assert.ok(!fields.includes('CreatedById.field-meta.xml'), 'no system fields');
    assert.ok(!fields.includes('Id.field-meta.xml'), 'no Id field');
  });

  it('--target-metadata-dir writes the Metadata API zip: unpackaged/ or, with --single-package, the root', async () => {
    const project = await emptyProject();
    const unpackaged = await sf(
      project,
      'project',
      'retrieve',
      'start',
      '--metadata',
      'ApexClass:Greeter',
      '--target-metadata-dir',
      'mdapi',
      '--unzip',
    );
    assert.equal(unpackaged.code, 0, unpackaged.stdout + unpackaged.stderr);
    assert.deepEqual([...(await tree(join(project, 'mdapi/unpackaged'))).keys()].sort(), [
      'unpackaged/classes/Greeter.cls',
      'unpackaged/classes/Greeter.cls-meta.xml',
      'unpackaged/package.xml',
    ]);
    const single = await sf(
      project,
      'project',
      'retrieve',
      'start',
      '--metadata',
      'ApexClass:Greeter',
      'CustomObject:Lead_Assignment_Log__c',
      '--target-metadata-dir',
      'single',
      '--single-package',
      '--unzip',
    );
    assert.equal(single.code, 0, single.stdout + single.stderr);
    const files = await tree(join(project, 'single/unpackaged'));
    assert.deepEqual([...files.keys()].sort(), [
      'classes/Greeter.cls',
      'classes/Greeter.cls-meta.xml',
      'objects/Lead_Assignment_Log__c.object',
      'package.xml',
    ]);
    assert.match(
      files.get('objects/Lead_Assignment_Log__c.object')!,
      /<fullName>Note__c<\/fullName>/,
    );
  });
});
