/**
 * `channelkit deploy -o ORG [--check-only] [--test-level L] [--tests A,B] [--wait MIN] [--json]`:
 * builds the TypeScript, converts the project's package directories with source-deploy-retrieve,
 * deploys them through the Metadata API, polls with live progress, and reports components, component
 * failures (by local file, line and column) and Apex test failures.
 */
import type {
  DeployResult,
  MetadataApiDeploy,
  MetadataApiDeployStatus,
} from '@salesforce/source-deploy-retrieve';
import { Command } from 'commander';
import { connectTargetOrg } from '../cli/connect.ts';
import { badInput, EXIT_OK, EXIT_PARTIAL } from '../cli/errors.ts';
import type { Output } from '../cli/output.ts';
import { progressBar, spinner } from '../cli/progress.ts';
import type { ProgressBar } from '../cli/progress.ts';
import { runCommand } from '../cli/run.ts';
import type { CommonFlags } from '../cli/run.ts';
import { buildTypeScript, findProjectRoot, readProject } from './project.ts';
import { buildReport, renderReport } from './report.ts';

export const TEST_LEVELS = [
  'NoTestRun',
  'RunSpecifiedTests',
  'RunLocalTests',
  'RunAllTestsInOrg',
] as const;
export type TestLevel = (typeof TEST_LEVELS)[number];

/** The sf CLI's default wait for `project deploy start`. */
const DEFAULT_WAIT_MINUTES = 33;
const POLL_MS = 1000;

interface DeployFlags extends CommonFlags {
  checkOnly?: boolean;
  testLevel?: string;
  tests?: string;
  wait?: string;
}

export interface DeployOptions {
  checkOnly: boolean;
  testLevel: TestLevel | undefined;
  runTests: string[];
  waitMinutes: number;
}

/** Checks the flags before anything runs: every problem is bad input (exit 2). */
export function parseDeployFlags(flags: DeployFlags): DeployOptions {
  let testLevel: TestLevel | undefined;
  if (flags.testLevel !== undefined) {
    const level = TEST_LEVELS.find((l) => l.toLowerCase() === flags.testLevel?.toLowerCase());
    if (!level) {
      throw badInput(
        'BadTestLevel',
        `--test-level must be one of ${TEST_LEVELS.join(', ')}; got "${flags.testLevel}".`,
        'Use --test-level RunLocalTests to run the project’s tests, or NoTestRun to skip them.',
      );
    }
    testLevel = level;
  }
  const runTests =
    flags.tests
      ?.split(',')
      .map((t) => t.trim())
      .filter(Boolean) ?? [];
  if (flags.tests !== undefined && testLevel !== 'RunSpecifiedTests') {
    throw badInput(
      'TestsWithoutRunSpecifiedTests',
      '--tests names the tests to run, which only --test-level RunSpecifiedTests does.',
      'Add --test-level RunSpecifiedTests, or drop --tests.',
    );
  }
  if (testLevel === 'RunSpecifiedTests' && runTests.length === 0) {
    throw badInput(
      'MissingTests',
      '--test-level RunSpecifiedTests needs the test classes to run.',
      'Name them with --tests, e.g. --tests LeadRouterTest,OtherTest.',
    );
  }
  let waitMinutes = DEFAULT_WAIT_MINUTES;
  if (flags.wait !== undefined) {
    waitMinutes = Number(flags.wait);
    if (!/^\d+(\.\d+)?$/.test(flags.wait.trim()) || !(waitMinutes > 0)) {
      throw badInput(
        'BadWait',
        `--wait is the number of minutes to wait for the deploy; got "${flags.wait}".`,
        `Give a positive number, e.g. --wait ${DEFAULT_WAIT_MINUTES}.`,
      );
    }
  }
  return { checkOnly: flags.checkOnly === true, testLevel, runTests, waitMinutes };
}

/**
 * Live progress on stderr for people at a terminal (silent under --json or without a TTY): a
 * spinner while the deploy waits in the org's queue, then a bar of components deployed.
 */
function progress(output: Output, deploy: MetadataApiDeploy): () => void {
  const waiting = spinner(output, 'Deploy queued');
  let bar: ProgressBar | null = null;
  deploy.onUpdate((status: MetadataApiDeployStatus) => {
    const total = Number(status.numberComponentsTotal ?? 0);
    const tests =
      Number(status.numberTestsTotal) > 0
        ? `, tests ${status.numberTestsCompleted}/${status.numberTestsTotal}`
        : '';
    if (total === 0) {
      waiting.update(`(${status.status})`);
      return;
    }
    waiting.stop();
    bar ??= progressBar(output, 'Components', total);
    bar.update(Number(status.numberComponentsDeployed ?? 0), {
      total,
      status: `${status.status}${tests}`,
    });
  });
  return () => {
    waiting.stop();
    bar?.stop();
  };
}

function isTimeout(error: unknown): boolean {
  const e = error as { name?: string; message?: string };
  return e.name === 'PollingClientTimeout' || /timed out/i.test(e.message ?? '');
}

export function deployCommand(): Command {
  return new Command('deploy')
    .description(
      'Build the TypeScript and deploy the project’s package directories to an org (Metadata API)',
    )
    .option('-o, --target-org <org>', 'alias or username of the org (as the sf CLI knows it)')
    .option('--check-only', 'validate the deploy without saving anything to the org')
    .option('--test-level <level>', `Apex tests to run: ${TEST_LEVELS.join(', ')}`)
    .option('--tests <names>', 'comma-separated test classes, with --test-level RunSpecifiedTests')
    .option('--wait <minutes>', `minutes to wait for the deploy (default ${DEFAULT_WAIT_MINUTES})`)
    .option('--json', 'print one JSON document')
    .exitOverride()
    .action(async (flags: DeployFlags) =>
      runCommand(flags, async (output) => {
        const options = parseDeployFlags(flags);
        const project = readProject(findProjectRoot(process.cwd()));
        const connection = await connectTargetOrg(flags.targetOrg);

        output.info('Building TypeScript (tsc -p tsconfig.lwc.json) ...');
        const build = await buildTypeScript(project.root);
        if (!build.built) output.info('No tsconfig.lwc.json: nothing to build.');

        // Loaded here, not at startup: the other channelkit commands do not need them.
        const { ComponentSet } = await import('@salesforce/source-deploy-retrieve');
        const { Duration } = await import('@salesforce/kit');
        const components = ComponentSet.fromSource(project.packageDirectories);
        if (project.sourceApiVersion) components.sourceApiVersion = project.sourceApiVersion;
        if (components.size === 0) {
          throw badInput(
            'NothingToDeploy',
            `No metadata found in ${project.packageDirectories.join(', ')}.`,
            'Check the package directories in sfdx-project.json and .forceignore.',
          );
        }
        output.info(
          `${options.checkOnly ? 'Validating' : 'Deploying'} ${components.size} component(s) to ` +
            `${connection.getUsername() ?? 'the org'} at ${connection.instanceUrl} ...`,
        );
        const deploy = await components.deploy({
          usernameOrConnection: connection,
          apiOptions: {
            checkOnly: options.checkOnly,
            rollbackOnError: true,
            ...(options.testLevel ? { testLevel: options.testLevel } : {}),
            ...(options.runTests.length ? { runTests: options.runTests } : {}),
          },
        });
        const endProgress = progress(output, deploy);
        let result: DeployResult;
        try {
          result = await deploy.pollStatus({
            frequency: Duration.milliseconds(POLL_MS),
            timeout: Duration.minutes(options.waitMinutes),
          });
        } catch (error) {
          endProgress();
          if (!isTimeout(error)) throw error;
          const id = deploy.id ?? '';
          const report = `sf project deploy report --job-id ${id}`;
          output.print(
            `The deploy ${id} did not finish within ${options.waitMinutes} minute(s); it is still running in the org.\n` +
              `Check on it later with: ${report}`,
          );
          return {
            result: {
              id,
              status: 'InProgress',
              success: false,
              checkOnly: options.checkOnly,
              timedOut: true,
              reportCommand: report,
              components: [],
              failures: [],
              tests: { total: 0, completed: 0, failed: 0, failures: [] },
            },
            exitCode: EXIT_PARTIAL,
          };
        }
        endProgress();
        const report = buildReport(result.response, result.getFileResponses(), project.root);
        output.print(renderReport(report));
        return { result: report, exitCode: report.success ? EXIT_OK : EXIT_PARTIAL };
      }),
    );
}
