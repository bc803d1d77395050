/**
 * The real sf CLI against the local org: `sf project deploy start` with test levels (a failing
 * test fails the deploy and saves nothing; a class that does not compile fails with its line)
 * and `sf apex run test` synchronous and asynchronous, with code coverage, on the small Apex
 * package in test/localorg/fixtures/apex-tests (copied to a temporary project).
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { APEX_PROJECT } from '../localorg/fixtures/apexTests.ts';
import { startTestOrg } from '../support/org.ts';
import { queryAll } from '../support/query.ts';
import { cliEnv, run, sfLogin } from '../support/cli.ts';
import type { CliRun } from '../support/cli.ts';

const SF = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'sf');
const ALIAS = 'apex-tests';
const CLASSES = 'force-app/main/default/classes';

interface DeployJson {
  status: number;
  result: {
    status: string;
    numberTestsTotal: number;
    numberTestsCompleted: number;
    numberTestErrors: number;
    details: {
      componentFailures?: {
        fullName: string;
        problem: string;
        lineNumber: number;
        columnNumber: number;
      }[];
      runTestResult?: {
        numTestsRun: number;
        successes?: { name: string; methodName: string }[];
        failures?: { name: string; methodName: string }[];
      };
    };
  };
}

interface TestRunJson {
  status: number;
  result: {
    summary: {
      outcome: string;
      testsRan: number;
      passing: number;
      failing: number;
      testRunId: string;
      orgWideCoverage?: string;
    };
    tests: { FullName: string; Outcome: string; Message: string }[];
    coverage?: { coverage: { name: string; coveredPercent: number; totalLines: number }[] };
  };
}

describe('sf CLI: Apex tests on the local org', () => {
  let org: RunningLocalOrg;
  let env: NodeJS.ProcessEnv;
  let project: string;

  before(async () => {
    org = await startTestOrg({ seed: 'none' });
    env = cliEnv();
    await sfLogin(env, org.url, org.admin.accessToken, ALIAS);
    project = await mkdtemp(join(tmpdir(), 'apex-tests-project-'));
    await cp(APEX_PROJECT, project, { recursive: true });
  });
  after(async () => {
    await org.close();
    await rm(project, { recursive: true, force: true });
    await rm(env.HOME!, { recursive: true, force: true });
  });

  const sf = (...args: string[]): Promise<CliRun> =>
    run(process.execPath, [SF, ...args, '-o', ALIAS], env, project);

  const json = <T>(result: CliRun): T => {
    try {
      return JSON.parse(result.stdout) as T;
    } catch {
      throw new Error(`not JSON (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
    }
  };

  const classNames = async () =>
    (await queryAll(org, 'SELECT Name FROM ApexClass ORDER BY Name')).map((r) => r.Name);

  it('apex run test in an org without tests says there are none', async () => {
    const result = await sf('apex', 'run', 'test', '--wait', '1');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /There are no Apex tests to run in this org\./);
  });

  it('deploy --test-level RunLocalTests fails on the failing test and saves nothing', async () => {
    const deploy = (ci: boolean) => {
      const runEnv = { ...env };
      if (ci) runEnv.CI = 'true';
      else delete runEnv.CI;
      const args = ['project', 'deploy', 'start', '--source-dir', 'force-app'];
      return run(
        process.execPath,
        [SF, ...args, '--test-level', 'RunLocalTests', '-o', ALIAS],
        runEnv,
        project,
      );
    };
    for (const ci of [false, true]) {
      const failed = await deploy(ci);
      assert.equal(failed.code, 1, failed.stderr);
      // At a terminal sf lists the failures at the end; under CI it lists them in the Running
      // Tests stage, from a status poll that saw them while the deploy was still InProgress.
      const out = stripVTControlCharacters(failed.stdout);
      assert.match(
        out,
        ci ? /Running Tests…\s+Successful: 3\/4[^]*Failed: 1\/4/ : /Test Failures \[1\]/,
      );
      assert.match(out, /• GreeterFailingTest\.expectsTheOldGreeting/);
      assert.match(out, /message: System\.AssertException: Assertion Failed: the greeting changed/);
      assert.match(out, /Passing: 3\s+Failing: 1\s+Total: 4/);
      assert.match(failed.stderr, /Greeter - Test coverage of selected Apex Class is 43%/);
      assert.deepEqual(await classNames(), []);
    }
  });

  it('deploy passes without the failing test; RunSpecifiedTests runs only the named class', async () => {
    const passed = json<DeployJson>(
      await sf(
        'project',
        'deploy',
        'start',
        '--json',
        '--test-level',
        'RunLocalTests',
        '--source-dir',
        `${CLASSES}/Greeter.cls`,
        '--source-dir',
        `${CLASSES}/GreeterTest.cls`,
      ),
    );
    assert.equal(passed.status, 0, JSON.stringify(passed.result.details));
    assert.equal(passed.result.status, 'Succeeded');
    assert.equal(passed.result.numberTestsCompleted, 2);
    assert.equal(passed.result.numberTestErrors, 0);
    assert.deepEqual(await classNames(), ['Greeter', 'GreeterTest']);

    const specified = json<DeployJson>(
      await sf(
        'project',
        'deploy',
        'start',
        '--json',
        '--source-dir',
        'force-app',
        '--test-level',
        'RunSpecifiedTests',
        '--tests',
        'GreeterTest',
      ),
    );
    assert.equal(specified.status, 0);
    assert.equal(specified.result.numberTestsTotal, 2);
    const ran = specified.result.details.runTestResult?.successes?.map((s) => s.name) ?? [];
    assert.deepEqual([...new Set(ran)], ['GreeterTest']);
    assert.deepEqual(await classNames(), ['Greeter', 'GreeterFailingTest', 'GreeterTest']);
  });

  it('a class that does not compile fails the deploy with its line', async () => {
    const result = await sf('project', 'deploy', 'start', '--json', '--source-dir', 'broken');
    const broken = json<DeployJson>(result);
    assert.equal(broken.status, 1);
    const [failure] = broken.result.details.componentFailures ?? [];
    assert.equal(failure.fullName, 'Broken');
    assert.equal(failure.problem, 'Variable does not exist: missingCounter');
    assert.equal(Number(failure.lineNumber), 3);
    assert.ok(!(await classNames()).includes('Broken'));
  });

  it('apex run test --synchronous reports each outcome and exits 100 on a failure; -c shows coverage', async () => {
    const sync = await sf(
      'apex',
      'run',
      'test',
      '--synchronous',
      '--class-names',
      'GreeterFailingTest',
      '--result-format',
      'json',
    );
    assert.equal(sync.code, 100, sync.stderr);
    const result = json<TestRunJson>(sync).result;
    assert.equal(result.summary.outcome, 'Failed');
    assert.equal(result.summary.testsRan, 2);
    assert.equal(result.summary.passing, 1);
    assert.equal(result.summary.failing, 1);
    assert.deepEqual(result.tests.map((t) => `${t.FullName} ${t.Outcome}`).sort(), [
      'GreeterFailingTest.expectsTheOldGreeting Fail',
      'GreeterFailingTest.greetsStrangers Pass',
    ]);

    const covered = await sf(
      'apex',
      'run',
      'test',
      '--synchronous',
      '--class-names',
      'GreeterTest',
      '--code-coverage',
      '--result-format',
      'json',
    );
    assert.equal(covered.code, 0, covered.stderr);
    const coverage = json<TestRunJson>(covered).result;
    assert.equal(coverage.summary.outcome, 'Passed');
    const greeter = coverage.coverage?.coverage.find((c) => c.name === 'Greeter');
    assert.equal(greeter?.totalLines, 7);
    assert.equal(greeter?.coveredPercent, 29);
  });

  it('apex run test (asynchronous) with --wait polls the run to its end; -c adds coverage', async () => {
    const result = await sf(
      'apex',
      'run',
      'test',
      '--wait',
      '1',
      '--code-coverage',
      '--result-format',
      'json',
    );
    assert.equal(result.code, 100, result.stderr);
    const report = json<TestRunJson>(result).result;
    assert.match(report.summary.testRunId, /^707/);
    assert.equal(report.summary.outcome, 'Failed');
    assert.equal(report.summary.failing, 1);
    assert.equal(report.summary.passing, 4); // three tests and GreeterTest's @TestSetup
    assert.equal(report.summary.orgWideCoverage, '43%');
    assert.equal(report.coverage?.coverage.find((c) => c.name === 'Greeter')?.coveredPercent, 43);

    const human = await sf('apex', 'run', 'test', '--wait', '1', '--class-names', 'GreeterTest');
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /GreeterTest\.greetsByName\s+Pass/);
    assert.match(human.stdout, /Outcome\s+Passed/);
  });
});
