/**
 * `channelkit deploy` end to end: the CLI as a child process in a temporary SFDX project (one Apex
 * class and one LWC written in TypeScript, so the build step runs), against the local org over
 * HTTP, with -o resolved from a `sf org login access-token` in a temporary HOME. Also deploys a copy
 * of this repository's own force-app.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { MetadataApiDeployStatus } from '@salesforce/source-deploy-retrieve';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { componentExists } from '../../localorg/metadata/org/deployedComponents.ts';
import { buildReport, renderReport } from '../../scripts/deploy/report.ts';
import { startTestOrg } from '../support/org.ts';
import { CHANNELKIT, cliEnv, sfLogin } from '../support/cli.ts';
import type { CliRun } from '../support/cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const API_VERSION = '65.0';
const LWC = 'force-app/main/default/lwc/hello';
const HTML_PATH = `${LWC}/hello.html`;
const TS_PATH = `${LWC}/hello.ts`;

const HELLO_TS = `import { LightningElement } from 'lwc';

export default class Hello extends LightningElement {
  greeting: string = 'Hello, partner';
}
`;
/** Line 3 declares a number and assigns a string: TS2322 at (3,9). */
const BROKEN_HELLO_TS = `import { LightningElement } from 'lwc';

const count: number = 'three';

export default class Hello extends LightningElement {
  greeting: string = \`Hello, \${count} partners\`;
}
`;
const HELLO_HTML = `<template>
    <p class="greeting">{greeting}</p>
</template>
`;
/** A quoted expression on line 2, column 8: LWC1034. */
const BROKEN_HELLO_HTML = `<template>
    <p title="{greeting}">{greeting}</p>
</template>
`;

function metaXml(root: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<${root} xmlns="http://soap.sforce.com/2006/04/metadata">
    ${body}
</${root}>
`;
}

async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

/** A small project: sfdx-project.json, the repo's .forceignore, a tsconfig.lwc.json, a class, an LWC. */
async function writeSmallProject(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'channelkit-deploy-'));
  const repoTsconfig = JSON.parse(await readFile(join(ROOT, 'tsconfig.lwc.json'), 'utf8')) as {
    compilerOptions: Record<string, unknown>;
  };
  // The repo's options without its `paths` (they name the repo's own components).
  const compilerOptions = { ...repoTsconfig.compilerOptions };
  delete compilerOptions.paths;
  await writeFiles(root, {
    'sfdx-project.json': `${JSON.stringify(
      {
        packageDirectories: [{ path: 'force-app', default: true }],
        name: 'deploy-fixture',
        namespace: '',
        sourceApiVersion: API_VERSION,
      },
      null,
      2,
    )}\n`,
    '.forceignore': await readFile(join(ROOT, '.forceignore'), 'utf8'),
    'tsconfig.lwc.json': `${JSON.stringify(
      { compilerOptions, include: ['force-app/**/lwc/**/*.ts', 'types/**/*.d.ts'] },
      null,
      2,
    )}\n`,
    'types/lwc.d.ts': `declare module 'lwc' {\n  export class LightningElement {}\n}\n`,
    'force-app/main/default/classes/Hello.cls': `public with sharing class Hello {
    public static String greet(String who) {
        return 'Hello ' + who;
    }
}
`,
    'force-app/main/default/classes/Hello.cls-meta.xml': metaXml(
      'ApexClass',
      `<apiVersion>${API_VERSION}</apiVersion>\n    <status>Active</status>`,
    ),
    [TS_PATH]: HELLO_TS,
    [HTML_PATH]: HELLO_HTML,
    [`${LWC}/hello.js-meta.xml`]: metaXml(
      'LightningComponentBundle',
      `<apiVersion>${API_VERSION}</apiVersion>\n    <isExposed>false</isExposed>`,
    ),
  });
  return root;
}

/** A copy of this repository's deployable project, without its compiled JS or node_modules. */
async function copyRepoProject(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'channelkit-deploy-repo-'));
  for (const entry of [
    'force-app',
    'site',
    'types',
    'sfdx-project.json',
    '.forceignore',
    'tsconfig.lwc.json',
  ]) {
    await cp(join(ROOT, entry), join(root, entry), {
      recursive: true,
      filter: (source) => !/\/lwc\/[^/]+\/[^/]+\.js$/.test(source),
    });
  }
  // As in a real checkout: the components' TypeScript needs the `lwc` types from node_modules.
  await symlink(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

function channelkitIn(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHANNELKIT, ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface DeployDoc {
  status: number;
  result: {
    id: string;
    status: string;
    success: boolean;
    checkOnly: boolean;
    components: { type: string; fullName: string; state: string }[];
    failures: {
      type: string;
      fullName: string;
      file: string;
      line: number | null;
      column: number | null;
      problem: string;
    }[];
    tests: { total: number; completed: number; failed: number; failures: unknown[] };
  };
  warnings: string[];
}

interface ErrorDoc {
  status: number;
  name: string;
  message: string;
  hint: string | null;
}

describe('channelkit deploy against the local org', () => {
  let org: RunningLocalOrg;
  let project: string;
  let repoProject: string;
  const env = cliEnv();
  const deploy = (args: string[], cwd = project) =>
    channelkitIn(cwd, ['deploy', '-o', 'local', ...args], env);
  const deployed = (type: string, name: string) => componentExists(org.org.store, type, name);

  before(async () => {
    [org, project, repoProject] = await Promise.all([
      startTestOrg({ seed: 'none' }),
      writeSmallProject(),
      copyRepoProject(),
    ]);
    await sfLogin(env, org.url, org.admin.accessToken, 'local');
  });
  after(async () => {
    await org.close();
    await Promise.all(
      [project, repoProject, env.HOME ?? ''].map((p) => rm(p, { recursive: true, force: true })),
    );
  });

  it('refuses bad flags with exit 2 before building or deploying anything', async () => {
    const cases: [string[], string][] = [
      [['--test-level', 'RunSomeTests'], 'BadTestLevel'],
      [['--tests', 'HelloTest'], 'TestsWithoutRunSpecifiedTests'],
      [['--test-level', 'RunSpecifiedTests'], 'MissingTests'],
      [['--wait', '0'], 'BadWait'],
    ];
    const [runs, unknown, noOrg, outside] = await Promise.all([
      Promise.all(cases.map(([args]) => deploy([...args, '--json']))),
      deploy(['--force']),
      channelkitIn(project, ['deploy'], env),
      channelkitIn(tmpdir(), ['deploy', '-o', 'local'], env),
    ]);
    runs.forEach((run, i) => {
      assert.equal(run.code, 2, `${cases[i][0].join(' ')}: ${run.stdout}${run.stderr}`);
      const doc = JSON.parse(run.stdout) as ErrorDoc;
      assert.equal(doc.name, cases[i][1]);
      assert.ok(doc.hint, 'says what to do');
    });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown option '--force'/);
    assert.equal(noOrg.code, 2);
    assert.match(noOrg.stderr, /pass -o\/--target-org/);
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /No sfdx-project\.json/);
    assert.ok(!existsSync(join(project, LWC, 'hello.js')), 'nothing was built');
    assert.ok(!deployed('ApexClass', 'Hello'), 'nothing was deployed');
  });

  it('--check-only builds and validates, says nothing was saved, and leaves the org unchanged', async () => {
    const run = await deploy(['--check-only']);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.ok(existsSync(join(project, LWC, 'hello.js')), 'tsc built hello.js');
    assert.match(run.stdout, /^Validated 2 component\(s\)/m);
    assert.match(run.stdout, /nothing was saved to the org/);
    assert.ok(!deployed('ApexClass', 'Hello'));
    assert.ok(!deployed('LightningComponentBundle', 'hello'));
  });

  it('deploys the class and the built LWC, prints what was deployed, exit 0', async () => {
    const run = await deploy([]);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /^Deployed 2 component\(s\) \(deploy 0Af[0-9A-Za-z]{15}\)\./m);
    assert.match(run.stdout, /^ApexClass\s+Hello\s+Created$/m);
    assert.match(run.stdout, /^LightningComponentBundle\s+hello\s+Created$/m);
    assert.doesNotMatch(run.stdout, /nothing was saved/);
    assert.ok(deployed('ApexClass', 'Hello'));
    assert.ok(deployed('LightningComponentBundle', 'hello'));
    assert.ok(
      !run.stdout.includes(org.admin.accessToken) && !run.stderr.includes(org.admin.accessToken),
    );
  });

  it('--json prints one document: id, status, success, checkOnly, components, failures, tests', async () => {
    const run = await deploy(['--json', '--test-level', 'NoTestRun', '--wait', '2']);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.equal(run.stderr, '', 'nothing but the document under --json');
    const doc = JSON.parse(run.stdout) as DeployDoc;
    assert.equal(doc.status, 0);
    assert.match(doc.result.id, /^0Af[0-9A-Za-z]{15}$/);
    assert.equal(doc.result.status, 'Succeeded');
    assert.equal(doc.result.success, true);
    assert.equal(doc.result.checkOnly, false);
    assert.deepEqual(doc.result.components.map((c) => [c.type, c.fullName, c.state]).sort(), [
      ['ApexClass', 'Hello', 'Unchanged'],
      ['LightningComponentBundle', 'hello', 'Unchanged'],
    ]);
    assert.deepEqual(doc.result.failures, []);
    assert.deepEqual(doc.result.tests, { total: 0, completed: 0, failed: 0, failures: [] });
  });

  it('a broken LWC template fails with exit 1, naming the .html file, line and column', async () => {
    await writeFile(join(project, HTML_PATH), BROKEN_HELLO_HTML);
    try {
      const run = await deploy([]);
      assert.equal(run.code, 1, run.stderr + run.stdout);
      assert.match(run.stdout, /Failed: nothing was saved to the org/);
      assert.match(
        run.stdout,
        new RegExp(
          `^${HTML_PATH.replace(/\./g, '\\.')}:2:\\d+  LWC1034: Ambiguous attribute value`,
          'm',
        ),
      );
      const json = await deploy(['--json']);
      assert.equal(json.code, 1);
      const doc = JSON.parse(json.stdout) as DeployDoc;
      assert.equal(doc.result.success, false);
      assert.equal(doc.result.status, 'Failed');
      const [failure] = doc.result.failures;
      assert.equal(failure.type, 'LightningComponentBundle');
      assert.equal(failure.fullName, 'hello');
      assert.equal(failure.file, HTML_PATH);
      assert.equal(failure.line, 2);
      assert.match(failure.problem, /^LWC1034: /);
      // rollbackOnError: the good template stays in the org.
      const stored = org.org.store.get(
        "SELECT bundle FROM _lo_metadata_component WHERE type = 'LightningComponentBundle' AND fullNameKey = 'hello'",
      );
      assert.match(String(stored?.bundle), /class=\\"greeting\\"/);
    } finally {
      await writeFile(join(project, HTML_PATH), HELLO_HTML);
    }
  });

  it('a TypeScript error stops before the deploy with exit 2, naming the .ts file and line', async () => {
    await writeFile(join(project, TS_PATH), BROKEN_HELLO_TS);
    try {
      const run = await deploy([]);
      assert.equal(run.code, 2, run.stderr + run.stdout);
      assert.match(run.stderr, /TypeScriptBuildFailed/);
      assert.match(
        run.stderr,
        new RegExp(`${TS_PATH.replace(/\./g, '\\.')}\\(3,7\\): error TS2322`),
      );
      assert.doesNotMatch(run.stderr, /Deploying/, 'nothing was sent to the org');
    } finally {
      await writeFile(join(project, TS_PATH), HELLO_TS);
    }
  });

  it("deploys this repository's own force-app (built from TypeScript)", async () => {
    const run = await deploy(['--json'], repoProject);
    assert.equal(run.code, 0, run.stdout.slice(0, 3000) + run.stderr);
    const doc = JSON.parse(run.stdout) as DeployDoc;
    assert.equal(doc.result.success, true);
    const names = doc.result.components.map((c) => `${c.type}:${c.fullName}`);
    for (const expected of [
      'ApexClass:LeadRouter',
      'ApexClass:LeadRouterTest',
      'StaticResource:LeadRoutingVectors',
      'ApexClass:LeadAssignmentController',
      'ApexClass:ChannelKitLeadOwnerResource',
      'LightningComponentBundle:leadAssignmentConsole',
      'CustomObject:Lead_Assignment_Log__c',
      'PermissionSet:Channel_Manager',
      'FlexiPage:Lead_Assignment',
      'CustomApplication:Channel_Kit',
    ]) {
      assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
    }
    assert.ok(
      existsSync(
        join(
          repoProject,
          'force-app/main/default/lwc/leadAssignmentConsole/leadAssignmentConsole.js',
        ),
      ),
    );
    assert.ok(deployed('ApexClass', 'LeadRouter'));
    assert.ok(deployed('LightningComponentBundle', 'leadAssignmentConsole'));
    // The routing core is a library of the CLI (lib/routing), not a component of the package.
    assert.ok(!names.includes('LightningComponentBundle:leadRouting'));
  });
});

describe('channelkit deploy report', () => {
  it('shows failures SDR could not map by zip path, and Apex test failures by name and method', () => {
    const response = {
      id: '0Af000000000001AAA',
      status: 'Failed',
      success: false,
      done: true,
      checkOnly: true,
      numberTestsTotal: 2,
      numberTestsCompleted: 1,
      numberTestErrors: 1,
      details: {
        componentFailures: {
          componentType: 'ApexClass',
          fullName: 'Broken',
          fileName: 'classes/Broken.cls',
          problem: 'Unexpected token',
          lineNumber: '4',
          columnNumber: '9',
          changed: 'false',
          created: 'false',
          deleted: 'false',
          createdDate: '',
          success: 'false',
        },
        runTestResult: {
          numFailures: '1',
          numTestsRun: '2',
          totalTime: '10',
          failures: {
            id: '01p',
            name: 'LeadRouterTest',
            methodName: 'routesRoundRobin',
            message: 'System.AssertException: Assertion Failed',
            stackTrace: 'Class.LeadRouterTest.routesRoundRobin: line 12, column 1',
            packageName: 'LeadRouterTest',
            time: '5',
            type: 'Class',
          },
        },
      },
    } as unknown as MetadataApiDeployStatus;
    const report = buildReport(response, [], '/project');
    assert.deepEqual(report.failures, [
      {
        type: 'ApexClass',
        fullName: 'Broken',
        file: 'classes/Broken.cls',
        line: 4,
        column: 9,
        problem: 'Unexpected token',
      },
    ]);
    assert.deepEqual(report.tests.failures, [
      {
        name: 'LeadRouterTest',
        method: 'routesRoundRobin',
        message: 'System.AssertException: Assertion Failed',
        stackTrace: 'Class.LeadRouterTest.routesRoundRobin: line 12, column 1',
      },
    ]);
    const text = renderReport(report);
    assert.match(text, /^classes\/Broken\.cls:4:9  Unexpected token$/m);
    assert.match(text, /^Apex tests: 1\/2 run, 1 failed\.$/m);
    assert.match(
      text,
      /^LeadRouterTest\.routesRoundRobin  System\.AssertException: Assertion Failed$/m,
    );
    assert.match(text, /nothing was saved to the org\.$/);
  });
});
