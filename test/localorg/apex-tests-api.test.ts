/**
 * Apex tests through the APIs the sf CLI uses, with jsforce and raw HTTP: the Tooling API
 * (query, runTestsSynchronous, runTestsAsynchronous, coverage objects, abort) and Metadata API
 * deploys with a test level (compile check, tests against the org as the deploy leaves it,
 * nothing saved when a test fails, runTestResult in SOAP and REST).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from 'jsforce';
import { KEY_PREFIX } from '../../localorg/ids.ts';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { componentExists } from '../../localorg/metadata/org/deployedComponents.ts';
import { metadataService } from '../../localorg/metadata/service.ts';
import { setTestRunPause, testRunsIdle } from '../../localorg/tooling/asyncRun.ts';
import { apexPackage } from './fixtures/apexTests.ts';
import { LOG_OBJECT, apexClass, logObject, packageXml, zip } from './fixtures/metadata/packages.ts';
import type { Files } from './fixtures/metadata/packages.ts';
import { connect, startTestOrg } from '../support/org.ts';
import { api } from '../support/query.ts';
import { Lockstep, waitFor } from '../support/wait.ts';

type DeployResult = Awaited<ReturnType<Connection['metadata']['checkDeployStatus']>>;

const V = '65.0';
const TOOLING = `/services/data/v${V}/tooling`;

interface ToolingPage<T> {
  size: number;
  totalSize: number;
  done: boolean;
  queryLocator: string | null;
  entityTypeName: string | null;
  nextRecordsUrl?: string;
  records: T[];
}

async function waitForDeploy(conn: Connection, id: string): Promise<DeployResult> {
  for (let i = 0; i < 1000; i++) {
    const result = await conn.metadata.checkDeployStatus(id, true);
    if (result.done) return result;
    await sleep(10);
  }
  throw new Error(`deploy ${id} did not finish`);
}

async function deploy(conn: Connection, files: Files, options: Record<string, unknown> = {}) {
  const started = await conn.metadata.deploy(zip(files), { singlePackage: false, ...options });
  return waitForDeploy(conn, started.id);
}

async function tooling<T>(org: RunningLocalOrg, soql: string): Promise<ToolingPage<T>> {
  const response = await api(org, `${TOOLING}/query?q=${encodeURIComponent(soql)}`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body as ToolingPage<T>;
}

const post = (org: RunningLocalOrg, path: string, body: unknown) =>
  api(org, `${TOOLING}/${path}`, { method: 'POST', body: JSON.stringify(body) });

const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

describe('Metadata API deploys that run Apex tests', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startTestOrg({ seed: 'none' });
    conn = connect(org, org.admin.accessToken, V);
  });
  after(() => org.close());

  it('RunLocalTests: a failing test fails the deploy, saves nothing, and shows Running Tests while they run', async () => {
    const deployer = metadataService(org.org).deployer;
    const steps = new Lockstep();
    deployer.stepGate = steps.gate;
    const seen: DeployResult[] = [];
    let result: DeployResult;
    try {
      const started = await conn.metadata.deploy(
        zip(apexPackage(['Greeter', 'GreeterTest', 'GreeterFailingTest'])),
        { singlePackage: false, testLevel: 'RunLocalTests' },
      );
      // One step of the deploy per status read, so every stage of the run is seen.
      result = await waitFor('the deploy to finish', async () => {
        const status = await conn.metadata.checkDeployStatus(started.id, true);
        seen.push(status);
        steps.release();
        return status.done && status;
      });
    } finally {
      steps.open();
      deployer.stepGate = null;
    }
    const running = seen.find((r) => !r.done && Number(r.numberTestsTotal) > 0);
    assert.ok(running, 'an in-progress status with numberTestsTotal');
    assert.equal(Number(running.numberTestsTotal), 4);
    assert.equal(running.numberComponentsDeployed, running.numberComponentsTotal);
    assert.match(running.stateDetail ?? '', /^Running Test: Greeter/);

    assert.equal(result.status, 'Failed');
    assert.equal(result.success, false);
    assert.equal(result.numberComponentErrors, 0);
    assert.equal(result.numberTestsTotal, 4);
    assert.equal(result.numberTestsCompleted, 3);
    assert.equal(result.numberTestErrors, 1);
    const tests = result.details.runTestResult!;
    assert.equal(tests.numTestsRun, 4);
    assert.equal(tests.numFailures, 1);
    const [failure] = list(tests.failures);
    assert.equal(failure.name, 'GreeterFailingTest');
    assert.equal(failure.methodName, 'expectsTheOldGreeting');
    assert.match(
      failure.message,
      /^System\.AssertException: Assertion Failed: the greeting changed/,
    );
    assert.match(
      failure.stackTrace ?? '',
      /^Class\.GreeterFailingTest\.expectsTheOldGreeting: line 10, column \d+$/,
    );
    assert.match(failure.id, /^01p/);
    assert.deepEqual(
      list(tests.successes)
        .map((s) => `${s.name}.${s.methodName}`)
        .sort(),
      [
        'GreeterFailingTest.greetsStrangers',
        'GreeterTest.greetsByName',
        'GreeterTest.seesItsSetupRecord',
      ],
    );
    const [coverage] = list(tests.codeCoverage);
    assert.equal(coverage.name, 'Greeter');
    assert.equal(Number(coverage.numLocations), 7);
    assert.deepEqual(
      list(coverage.locationsNotCovered).map((l) => Number(l.line)),
      [10, 11, 12, 14],
    );
    assert.match(
      list(tests.codeCoverageWarnings)[0].message,
      /^Test coverage of selected Apex Class is 43%/,
    );

    for (const name of ['Greeter', 'GreeterTest', 'GreeterFailingTest']) {
      assert.equal(componentExists(org.org.store, 'ApexClass', name), false, name);
    }
    assert.equal((await tooling(org, 'SELECT Id FROM ApexClass')).totalSize, 0);

    // REST: the same result with JSON numbers and arrays (one-element lists stay lists).
    const rest = await conn.request<{ deployResult: Record<string, unknown> }>(
      `/services/data/v${V}/metadata/deployRequest/${result.id}?includeDetails=true`,
    );
    const restTests = (rest.deployResult.details as { runTestResult: Record<string, unknown> })
      .runTestResult;
    assert.equal(rest.deployResult.numberTestErrors, 1);
    assert.equal(restTests.numFailures, 1);
    assert.equal(typeof restTests.totalTime, 'number');
    assert.ok(Array.isArray(restTests.failures) && restTests.failures.length === 1);
    assert.ok(Array.isArray(restTests.codeCoverage) && restTests.codeCoverage.length === 1);
    assert.deepEqual(restTests.flowCoverage, []);
  });

  it('passes without the failing test, saves the classes and warns about coverage below 75%', async () => {
    const result = await deploy(conn, apexPackage(['Greeter', 'GreeterTest']), {
      testLevel: 'RunLocalTests',
    });
    assert.equal(result.status, 'Succeeded');
    assert.equal(result.numberTestsTotal, 2);
    assert.equal(result.numberTestsCompleted, 2);
    assert.equal(result.numberTestErrors, 0);
    assert.match(
      list(result.details.runTestResult?.codeCoverageWarnings)[0].message,
      /^Test coverage of selected Apex Class is 29%, at least 75% test coverage is required$/,
    );
    const classes = await tooling<{ Id: string; Name: string; Body: string; Status: string }>(
      org,
      'SELECT Id, Name, Body, Status, ApiVersion, IsValid FROM ApexClass ORDER BY Name',
    );
    assert.deepEqual(
      classes.records.map((c) => c.Name),
      ['Greeter', 'GreeterTest'],
    );
    assert.match(classes.records[0].Body, /public with sharing class Greeter/);
    assert.equal(classes.records[0].Status, 'Active');
    // The test's Account was rolled back with the rehearsal.
    assert.equal((await conn.query('SELECT Id FROM Account')).totalSize, 0);
  });

  it('RunSpecifiedTests runs only the named class; the failing one is deployed untested', async () => {
    const result = await deploy(
      conn,
      apexPackage(['Greeter', 'GreeterTest', 'GreeterFailingTest']),
      {
        testLevel: 'RunSpecifiedTests',
        runTests: ['GreeterTest'],
      },
    );
    assert.equal(result.status, 'Succeeded');
    assert.equal(result.numberTestsTotal, 2);
    assert.deepEqual(
      [...new Set(list(result.details.runTestResult?.successes).map((s) => s.name))],
      ['GreeterTest'],
    );
    assert.ok(componentExists(org.org.store, 'ApexClass', 'GreeterFailingTest'));
  });

  it('a class that does not compile fails with its line and column, whatever the test level', async () => {
    const result = await deploy(conn, apexPackage(['Broken']));
    assert.equal(result.status, 'Failed');
    const [failure] = list(result.details.componentFailures);
    assert.equal(failure.fullName, 'Broken');
    assert.equal(failure.fileName, 'unpackaged/classes/Broken.cls');
    assert.equal(failure.problem, 'Variable does not exist: missingCounter');
    assert.equal(Number(failure.lineNumber), 3);
    assert.equal(Number(failure.columnNumber), 12);
    assert.equal(componentExists(org.org.store, 'ApexClass', 'Broken'), false);
  });

  it('a class change that breaks another class fails on the broken class', async () => {
    const greeter =
      "public with sharing class Greeter {\n  public static String hello() {\n    return 'Hello';\n  }\n}\n";
    const result = await deploy(conn, {
      'package.xml': packageXml({ ApexClass: ['Greeter'] }),
      ...apexClass('Greeter', greeter),
    });
    assert.equal(result.status, 'Failed');
    const broken = list(result.details.componentFailures).map((f) => f.fullName);
    assert.ok(broken.includes('GreeterTest'), broken.join());
    assert.match(
      String(
        (await tooling<{ Body: string }>(org, "SELECT Body FROM ApexClass WHERE Name = 'Greeter'"))
          .records[0].Body,
      ),
      /greet\(String name\)/,
    );
  });

  it('tests see the objects the deploy adds; a checkOnly run leaves none of them', async () => {
    const logTest = `@IsTest
private class LogTest {
  @IsTest
  static void insertsALog() {
    insert new ${LOG_OBJECT}(Name = 'first', Note__c = 'n');
    System.assertEquals(1, [SELECT COUNT() FROM ${LOG_OBJECT}]);
  }
}
`;
    const files: Files = {
      'package.xml': packageXml({ CustomObject: [LOG_OBJECT], ApexClass: ['LogTest'] }),
      ...logObject(),
      ...apexClass('LogTest', logTest),
    };
    const result = await deploy(conn, files, {
      checkOnly: true,
      testLevel: 'RunSpecifiedTests',
      runTests: ['LogTest'],
    });
    assert.equal(result.status, 'Succeeded', JSON.stringify(result.details.runTestResult));
    assert.equal(result.numberTestsCompleted, 1);
    assert.equal(org.org.catalog.object(LOG_OBJECT), undefined);
    await assert.rejects(async () => conn.query(`SELECT Id FROM ${LOG_OBJECT}`), /INVALID_TYPE/);
    assert.equal(componentExists(org.org.store, 'ApexClass', 'LogTest'), false);
  });
});

describe('Tooling API: running Apex tests', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startTestOrg({ seed: 'none' });
    conn = connect(org, org.admin.accessToken, V);
    const deployed = await deploy(
      conn,
      apexPackage(['Greeter', 'GreeterTest', 'GreeterFailingTest']),
    );
    assert.equal(deployed.status, 'Succeeded');
  });
  after(async () => {
    await testRunsIdle(org.org);
    await org.close();
  });

  it('runTestsSynchronous answers the RunTestsResult of one class (trailing slash too)', async () => {
    const response = await post(org, 'runTestsSynchronous/', {
      tests: [{ className: 'GreeterFailingTest' }],
      testLevel: 'RunSpecifiedTests',
      skipCodeCoverage: true,
    });
    assert.equal(response.status, 200);
    const result = response.body as {
      numTestsRun: number;
      numFailures: number;
      failures: { name: string; methodName: string; id: string; namespace: null }[];
      successes: { methodName: string }[];
      codeCoverage: unknown[];
      totalTime: number;
    };
    assert.equal(result.numTestsRun, 2);
    assert.equal(result.numFailures, 1);
    assert.equal(result.failures[0].methodName, 'expectsTheOldGreeting');
    assert.equal(result.failures[0].namespace, null);
    assert.match(result.failures[0].id, /^01p/);
    assert.deepEqual(
      result.successes.map((s) => s.methodName),
      ['greetsStrangers'],
    );
    assert.deepEqual(result.codeCoverage, []);
    assert.equal(typeof result.totalTime, 'number');

    const only = await post(org, 'runTestsSynchronous', {
      tests: [{ className: 'GreeterFailingTest', testMethods: ['greetsStrangers'] }],
      skipCodeCoverage: true,
    });
    assert.equal((only.body as { numTestsRun: number; numFailures: number }).numTestsRun, 1);
    assert.equal((only.body as { numFailures: number }).numFailures, 0);
  });

  it('refuses unknown classes and runs with nothing to run, in the words the CLI knows', async () => {
    const unknown = await post(org, 'runTestsAsynchronous', { classNames: 'Greeter' });
    assert.equal(unknown.status, 403);
    assert.deepEqual(unknown.body, [
      {
        message:
          "This class name's value is invalid: Greeter. Provide the name of an Apex class that has test methods.",
        errorCode: 'INVALID_INPUT',
      },
    ]);
    const nothing = await post(org, 'runTestsSynchronous', { skipCodeCoverage: true });
    assert.equal(nothing.status, 400);
    assert.match(
      (nothing.body as { message: string }[])[0].message,
      /Always provide a classes, suites, tests, or testLevel property/,
    );
  });

  it('runTestsAsynchronous queues the run before answering, then records results and coverage', async () => {
    const response = await post(org, 'runTestsAsynchronous', {
      testLevel: 'RunLocalTests',
      skipCodeCoverage: false,
    });
    assert.equal(response.status, 200);
    const jobId = response.body as string;
    assert.match(jobId, /^707\w{15}$/);
    const queued = await tooling<{
      Status: string;
      MethodsEnqueued: number;
      ClassesEnqueued: number;
    }>(
      org,
      `SELECT AsyncApexJobId, Status, ClassesCompleted, ClassesEnqueued, MethodsEnqueued, StartTime, EndTime, TestTime, TestSetupTime, UserId FROM ApexTestRunResult WHERE AsyncApexJobId = '${jobId}'`,
    );
    assert.equal(queued.entityTypeName, 'ApexTestRunResult');
    assert.equal(queued.size, 1);
    assert.equal(queued.queryLocator, null);
    assert.equal(queued.records[0].ClassesEnqueued, 2);
    assert.equal(queued.records[0].MethodsEnqueued, 4);
    const items = await tooling<{ Id: string; ApexClassId: string }>(
      org,
      `SELECT Id, Status, ApexClassId, TestRunResultId, ParentJobId FROM ApexTestQueueItem WHERE ParentJobId = '${jobId}'`,
    );
    assert.equal(items.totalSize, 2);
    assert.ok(items.records.every((i) => i.ApexClassId.startsWith('01p')));

    await testRunsIdle(org.org);
    const done = await tooling<{ Status: string; ClassesCompleted: number; EndTime: string }>(
      org,
      `SELECT Status, ClassesCompleted, EndTime FROM ApexTestRunResult WHERE AsyncApexJobId = '${jobId}'`,
    );
    assert.equal(done.records[0].Status, 'Completed');
    assert.equal(done.records[0].ClassesCompleted, 2);
    assert.ok(done.records[0].EndTime);
    const ids = items.records.map((i) => `'${i.Id}'`).join(',');
    const results = await tooling<{
      MethodName: string;
      Outcome: string;
      IsTestSetup: boolean;
      ApexClass: { Id: string; Name: string; NamespacePrefix: null };
    }>(
      org,
      `SELECT Id, QueueItemId, StackTrace, Message, RunTime, TestTimestamp, AsyncApexJobId, MethodName, Outcome, ApexLogId, IsTestSetup, ApexClass.Id, ApexClass.Name, ApexClass.NamespacePrefix FROM ApexTestResult WHERE QueueItemId IN (${ids})`,
    );
    assert.deepEqual(
      results.records
        .map(
          (r) => `${r.ApexClass.Name}.${r.MethodName} ${r.Outcome}${r.IsTestSetup ? ' setup' : ''}`,
        )
        .sort(),
      [
        'GreeterFailingTest.expectsTheOldGreeting Fail',
        'GreeterFailingTest.greetsStrangers Pass',
        'GreeterTest.greetsByName Pass',
        'GreeterTest.makeData Pass setup',
        'GreeterTest.seesItsSetupRecord Pass',
      ],
    );

    const classIds = [...new Set(results.records.map((r) => `'${r.ApexClass.Id}'`))].join(',');
    const perMethod = await tooling<{
      TestMethodName: string;
      ApexClassOrTrigger: { Name: string };
      Coverage: { coveredLines: number[]; uncoveredLines: number[] };
    }>(
      org,
      `SELECT ApexTestClassId, ApexClassOrTrigger.Id, ApexClassOrTrigger.Name, TestMethodName, NumLinesCovered, NumLinesUncovered, Coverage FROM ApexCodeCoverage WHERE ApexTestClassId IN (${classIds})`,
    );
    const stranger = perMethod.records.find((r) => r.TestMethodName === 'greetsStrangers');
    assert.equal(stranger?.ApexClassOrTrigger.Name, 'Greeter');
    assert.deepEqual(stranger?.Coverage, {
      coveredLines: [3, 4],
      uncoveredLines: [6, 10, 11, 12, 14],
    });
    const greeterId = (
      await tooling<{ Id: string }>(org, "SELECT Id FROM ApexClass WHERE Name = 'Greeter'")
    ).records[0].Id;
    const aggregate = await tooling<{
      NumLinesCovered: number;
      NumLinesUncovered: number;
      Coverage: { coveredLines: number[]; uncoveredLines: number[] };
    }>(
      org,
      `SELECT ApexClassOrTrigger.Id, ApexClassOrTrigger.Name, NumLinesCovered, NumLinesUncovered, Coverage FROM ApexCodeCoverageAggregate WHERE ApexClassorTriggerId IN ('${greeterId}')`,
    );
    assert.deepEqual(aggregate.records[0].Coverage, {
      coveredLines: [3, 4, 6],
      uncoveredLines: [10, 11, 12, 14],
    });
    const orgWide = await tooling<{ PercentCovered: number }>(
      org,
      'SELECT PercentCovered FROM ApexOrgWideCoverage',
    );
    assert.equal(orgWide.records[0].PercentCovered, 43);
  });

  it('a run whose queue items are set to Aborted (as Ctrl-C does) ends Aborted', async () => {
    setTestRunPause(org.org, 40);
    try {
      const jobId = (
        await post(org, 'runTestsAsynchronous', {
          testLevel: 'RunLocalTests',
          skipCodeCoverage: true,
        })
      ).body as string;
      const items = await conn.tooling.query<{ Id: string; Status: string }>(
        `SELECT Id, Status FROM ApexTestQueueItem WHERE ParentJobId = '${jobId}'`,
      );
      const saved = await conn.tooling.update(
        'ApexTestQueueItem',
        items.records.map((r) => ({ Id: r.Id, Status: 'Aborted' })),
      );
      assert.ok(
        saved.every((s) => s.success),
        JSON.stringify(saved),
      );
      await testRunsIdle(org.org);
      const run = await tooling<{ Status: string }>(
        org,
        `SELECT Status FROM ApexTestRunResult WHERE AsyncApexJobId = '${jobId}'`,
      );
      assert.equal(run.records[0].Status, 'Aborted');
      const after = await tooling<{ Status: string }>(
        org,
        `SELECT Status FROM ApexTestQueueItem WHERE ParentJobId = '${jobId}'`,
      );
      assert.deepEqual(
        after.records.map((r) => r.Status),
        ['Aborted', 'Aborted'],
      );
      const refused = await api(
        org,
        `${TOOLING}/sobjects/ApexTestQueueItem/${items.records[0].Id}`,
        {
          method: 'PATCH',
          body: JSON.stringify({ Status: 'Completed' }),
        },
      );
      assert.equal(refused.status, 400);
    } finally {
      setTestRunPause(org.org, 0);
    }
  });

  it('pages tooling queries with queryMore under /tooling', async () => {
    const store = org.org.store;
    const object = org.org.catalog.object('ApexTestResult')!;
    store.transaction(() => {
      for (let i = 0; i < 205; i++) {
        store.insertRow(object, {
          Id: store.nextId(KEY_PREFIX.ApexTestResult),
          MethodName: `paged${i}`,
          Outcome: 'Pass',
          IsTestSetup: 0,
        });
      }
    });
    const first = await api(
      org,
      `${TOOLING}/query?q=${encodeURIComponent("SELECT Id, MethodName FROM ApexTestResult WHERE MethodName LIKE 'paged%'")}`,
      { headers: { 'Sforce-Query-Options': 'batchSize=200' } },
    );
    const page = first.body as ToolingPage<{ attributes: { url: string } }>;
    assert.equal(page.size, 200);
    assert.equal(page.totalSize, 205);
    assert.equal(page.done, false);
    assert.match(
      page.nextRecordsUrl ?? '',
      new RegExp(`^/services/data/v${V}/tooling/query/\\w+-200$`),
    );
    assert.equal(page.queryLocator, page.nextRecordsUrl?.split('/').pop());
    assert.match(
      page.records[0].attributes.url,
      /^\/services\/data\/v65\.0\/tooling\/sobjects\/ApexTestResult\/07M/,
    );
    const rest = (await api(org, page.nextRecordsUrl!)).body as ToolingPage<unknown>;
    assert.equal(rest.size, 5);
    assert.equal(rest.done, true);
    const all = await conn.tooling.query('SELECT Id FROM ApexTestResult', {
      autoFetch: true,
      maxFetch: 1000,
    });
    assert.ok(all.records.length >= 205);
  });

  it('describes the tooling objects and serves an ApexClass record; other objects are not tooling', async () => {
    const global = (await api(org, `${TOOLING}/sobjects`)).body as {
      sobjects: { name: string; urls: { sobject: string } }[];
    };
    const names = global.sobjects.map((o) => o.name);
    for (const name of [
      'ApexClass',
      'ApexTestQueueItem',
      'ApexCodeCoverageAggregate',
      'AsyncApexJob',
    ]) {
      assert.ok(names.includes(name), name);
    }
    assert.ok(!names.includes('Lead'));
    assert.equal(
      global.sobjects.find((o) => o.name === 'ApexClass')?.urls.sobject,
      `/services/data/v${V}/tooling/sobjects/ApexClass`,
    );
    const describe = (await api(org, `${TOOLING}/sobjects/ApexCodeCoverage/describe`)).body as {
      fields: { name: string }[];
    };
    assert.ok(describe.fields.some((f) => f.name === 'Coverage'));
    const [cls] = (
      await tooling<{ Id: string }>(org, "SELECT Id FROM ApexClass WHERE Name = 'Greeter'")
    ).records;
    const record = (await api(org, `${TOOLING}/sobjects/ApexClass/${cls.Id}`)).body as {
      Name: string;
      Body: string;
    };
    assert.equal(record.Name, 'Greeter');
    assert.match(record.Body, /class Greeter/);
    const lead = await api(org, `${TOOLING}/query?q=${encodeURIComponent('SELECT Id FROM Lead')}`);
    assert.equal(lead.status, 400);
    assert.equal((lead.body as { errorCode: string }[])[0].errorCode, 'INVALID_TYPE');
  });
});
