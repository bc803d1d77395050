/**
 * `channelkit org setup (-o ORG | --scratch -v DEVHUB) [--demo-data] [--redeploy] [--wait MIN]
 * [--dry-run] [--json]`: prepares an org for Channel Kit in order (plan.ts), each step doing only
 * what the org lacks (steps.ts). `--dry-run` prints the steps and, for an existing org, which of
 * them would run; it changes nothing and creates no scratch org.
 */
import { spawn } from 'node:child_process';
import { Command } from 'commander';
import { connectTargetOrg } from '../cli/connect.ts';
import { EXIT_OK } from '../cli/errors.ts';
import type { Output } from '../cli/output.ts';
import { runCommand } from '../cli/run.ts';
import { findProjectRoot, readProject } from '../deploy/project.ts';
import {
  DEFAULT_DURATION_DAYS,
  DEFAULT_PUBLISH_WAIT_MINUTES,
  SCRATCH_DEFINITION_FILE,
} from './plan.ts';
import { parseSetupFlags, planSetup } from './plan.ts';
import type { PlannedStep, SetupFlags, SetupOptions, StepId } from './plan.ts';
import { createScratchOrg } from './scratch.ts';
import { STEPS } from './steps.ts';
import type { ChildRun, ProjectComponents, SetupContext } from './steps.ts';

type StepStatus = 'planned' | 'would-run' | 'already-done' | 'done';

interface StepReport {
  id: StepId;
  title: string;
  status: StepStatus;
  detail: string;
}

/** Runs this same channelkit (same Node, same entry point) as a child, in `cwd`. */
function channelkitChild(cwd: string): (args: string[]) => Promise<ChildRun> {
  return (args) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [...process.execArgv, process.argv[1], ...args], {
        cwd,
        env: process.env,
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

/** The project's components the deploy step looks for in the org. */
async function projectComponents(packageDirectories: string[]): Promise<ProjectComponents> {
  const { ComponentSet } = await import('@salesforce/source-deploy-retrieve');
  const components = [...ComponentSet.fromSource(packageDirectories)];
  const of = (type: string) =>
    components
      .filter((c) => c.type.name === type)
      .map((c) => c.fullName)
      .sort();
  return {
    apexClasses: of('ApexClass'),
    customObjects: of('CustomObject').filter((n) => n.endsWith('__c')),
    permissionSets: of('PermissionSet'),
    sites: of('Network'),
  };
}

const MARK: Record<StepStatus, string> = {
  planned: '-',
  'would-run': '→',
  'already-done': '✓',
  done: '✓',
};

function line(report: StepReport): string {
  const what =
    report.status === 'already-done'
      ? 'already done'
      : report.status === 'would-run'
        ? 'would run'
        : report.status === 'done'
          ? 'done'
          : 'planned';
  return `${MARK[report.status]} ${report.title}: ${what}${report.detail ? ` (${report.detail})` : ''}`;
}

async function setup(options: SetupOptions, output: Output) {
  const root = findProjectRoot(process.cwd());
  const project = readProject(root);
  const planned = planSetup(options);
  const reports: StepReport[] = [];
  const record = (step: PlannedStep, status: StepStatus, detail: string) => {
    const report = { id: step.id, title: step.title, status, detail };
    reports.push(report);
    output.print(line(report));
  };

  // A dry run of the scratch path creates nothing, so there is no org to read: the plan only.
  if (options.dryRun && options.scratch) {
    for (const step of planned) record(step, 'planned', '');
    return { result: { targetOrg: null, dryRun: true, steps: reports }, exitCode: EXIT_OK };
  }

  let targetOrg = options.targetOrg;
  for (const step of planned.filter((s) => s.id === 'scratch-org')) {
    output.info(`${step.title} ...`);
    const created = await createScratchOrg(root, options.scratch!);
    for (const warning of created.warnings) output.warn(warning);
    targetOrg = created.username;
    record(step, 'done', `created ${created.username}`);
  }

  const conn = await connectTargetOrg(targetOrg);
  output.info(
    `Setting up ${conn.getUsername() ?? targetOrg} at ${conn.instanceUrl}${options.dryRun ? ' (dry run: nothing will change)' : ''}`,
  );
  const ctx: SetupContext = {
    conn,
    targetOrg: targetOrg!,
    options,
    project: await projectComponents(project.packageDirectories),
    channelkit: channelkitChild(root),
    report: (text) => output.info(text),
    deployed: false,
  };
  for (const plannedStep of planned.filter((s) => s.id !== 'scratch-org')) {
    const step = STEPS[plannedStep.id as Exclude<StepId, 'scratch-org'>];
    const check = await step.check(ctx);
    if (check.done) {
      record(plannedStep, 'already-done', check.detail);
      continue;
    }
    if (options.dryRun) {
      record(plannedStep, 'would-run', check.detail);
      continue;
    }
    output.info(`${plannedStep.title} ...`);
    record(plannedStep, 'done', await step.run(ctx));
  }
  return {
    result: { targetOrg: conn.getUsername() ?? targetOrg, dryRun: options.dryRun, steps: reports },
    exitCode: EXIT_OK,
  };
}

export function orgSetupCommand(): Command {
  return new Command('setup')
    .description(
      'Prepare an org for Channel Kit: a role for you, the package and the partner site, your permission sets, the site published, a demo partner',
    )
    .option('-o, --target-org <org>', 'alias or username of the org (as the sf CLI knows it)')
    .option('--scratch', `create a scratch org first, from ${SCRATCH_DEFINITION_FILE}`)
    .option('-v, --target-dev-hub <org>', 'with --scratch: the Dev Hub that creates it')
    .option('-a, --alias <alias>', 'with --scratch: an alias for the new org')
    .option(
      '--duration-days <days>',
      `with --scratch: days the org lives, 1 to 30 (default ${DEFAULT_DURATION_DAYS})`,
    )
    .option(
      '--definition-file <file>',
      `with --scratch: the definition (default ${SCRATCH_DEFINITION_FILE})`,
    )
    .option('--demo-data', 'also create demo leads')
    .option('--redeploy', 'deploy the package even when everything is already in the org')
    .option(
      '--wait <minutes>',
      `minutes to wait for the site to go live after publishing (default ${DEFAULT_PUBLISH_WAIT_MINUTES})`,
    )
    .option('--dry-run', 'print the steps and which would run; change nothing')
    .option('--json', 'print one JSON document')
    .exitOverride()
    .action(async (flags: SetupFlags) =>
      runCommand(flags, async (output) => setup(parseSetupFlags(flags), output)),
    );
}
