/**
 * What `channelkit org setup` does, in order, before it touches an org: the flags checked (every
 * problem is bad input, exit 2) and the list of steps. Pure, so the plan of every flag
 * combination (the scratch org path included) is unit-tested without an org.
 */
import { badInput } from '../cli/errors.ts';

/** The scratch org definition the project ships (sf CLI's usual place). */
export const SCRATCH_DEFINITION_FILE = 'config/project-scratch-def.json';
/** Scratch orgs live 1 to 30 days (sf org create scratch --duration-days). */
export const DEFAULT_DURATION_DAYS = 7;
export const DEFAULT_PUBLISH_WAIT_MINUTES = 10;

export type StepId =
  | 'scratch-org'
  | 'role'
  | 'deploy'
  | 'permission-sets'
  | 'publish-site'
  | 'demo-data'
  | 'demo-partner';

export interface PlannedStep {
  id: StepId;
  title: string;
}

export interface ScratchRequest {
  devHub: string;
  definitionFile: string;
  durationDays: number;
  /** Alias for the new org; none when not given. */
  alias: string | undefined;
}

export interface SetupOptions {
  /** The org to prepare (alias or username); undefined until a scratch org is created. */
  targetOrg: string | undefined;
  scratch: ScratchRequest | null;
  demoData: boolean;
  redeploy: boolean;
  dryRun: boolean;
  publishWaitMinutes: number;
}

export interface SetupFlags {
  targetOrg?: string;
  scratch?: boolean;
  targetDevHub?: string;
  alias?: string;
  durationDays?: string;
  definitionFile?: string;
  demoData?: boolean;
  redeploy?: boolean;
  dryRun?: boolean;
  wait?: string;
  json?: boolean;
}

function positiveNumber(flag: string, raw: string, max?: number): number {
  const value = Number(raw);
  const fits = /^\d+(\.\d+)?$/.test(raw.trim()) && value > 0 && (max === undefined || value <= max);
  if (!fits) {
    throw badInput(
      'BadFlagValue',
      `${flag} must be a number above 0${max === undefined ? '' : ` and at most ${max}`}; got "${raw}".`,
      `For example ${flag} ${max === undefined ? DEFAULT_PUBLISH_WAIT_MINUTES : DEFAULT_DURATION_DAYS}.`,
    );
  }
  return value;
}

const SCRATCH_ONLY_FLAGS: [keyof SetupFlags, string][] = [
  ['targetDevHub', '-v/--target-dev-hub'],
  ['alias', '-a/--alias'],
  ['durationDays', '--duration-days'],
  ['definitionFile', '--definition-file'],
];

export function parseSetupFlags(flags: SetupFlags): SetupOptions {
  const scratch = flags.scratch === true;
  if (scratch && flags.targetOrg) {
    throw badInput(
      'ScratchWithTargetOrg',
      '--scratch creates a new org, so it takes no -o/--target-org.',
      'Drop -o to create a scratch org, or drop --scratch to set up an existing org.',
    );
  }
  if (scratch && !flags.targetDevHub) {
    throw badInput(
      'MissingDevHub',
      '--scratch needs the Dev Hub that creates the scratch org.',
      'Add -v/--target-dev-hub with its alias or username (see `sf org list`).',
    );
  }
  if (!scratch && !flags.targetOrg) {
    throw badInput(
      'MissingTargetOrg',
      'No target org: pass -o/--target-org, or --scratch -v DEVHUB to create one.',
      'Run `sf org list` to see the orgs you are logged in to.',
    );
  }
  for (const [flag, name] of SCRATCH_ONLY_FLAGS) {
    if (!scratch && flags[flag] !== undefined) {
      throw badInput(
        'ScratchOnlyFlag',
        `${name} only applies with --scratch.`,
        'Add --scratch to create a scratch org, or drop the flag.',
      );
    }
  }
  return {
    targetOrg: flags.targetOrg,
    scratch: scratch
      ? {
          devHub: flags.targetDevHub!,
          definitionFile: flags.definitionFile ?? SCRATCH_DEFINITION_FILE,
          durationDays:
            flags.durationDays === undefined
              ? DEFAULT_DURATION_DAYS
              : Math.floor(positiveNumber('--duration-days', flags.durationDays, 30)),
          alias: flags.alias,
        }
      : null,
    demoData: flags.demoData === true,
    redeploy: flags.redeploy === true,
    dryRun: flags.dryRun === true,
    publishWaitMinutes:
      flags.wait === undefined
        ? DEFAULT_PUBLISH_WAIT_MINUTES
        : positiveNumber('--wait', flags.wait),
  };
}

/** The steps, in the order they run. */
export function planSetup(options: SetupOptions): PlannedStep[] {
  const steps: PlannedStep[] = [];
  if (options.scratch) {
    const { devHub, definitionFile, durationDays, alias } = options.scratch;
    steps.push({
      id: 'scratch-org',
      title: `Create a scratch org from ${definitionFile} with Dev Hub ${devHub} (${durationDays} day${durationDays === 1 ? '' : 's'}${alias ? `, alias ${alias}` : ''})`,
    });
  }
  steps.push(
    { id: 'role', title: 'Give the running user a role (partner users need an owner with one)' },
    { id: 'deploy', title: 'Deploy the package and the partner site (channelkit deploy)' },
    { id: 'permission-sets', title: 'Assign Channel_Manager and Partner_Onboarding to you' },
    { id: 'publish-site', title: 'Publish the partner site and wait until it is live' },
  );
  if (options.demoData) steps.push({ id: 'demo-data', title: 'Create the demo leads' });
  steps.push({
    id: 'demo-partner',
    title: 'Onboard a demo partner with a partner user in the site (channelkit partners onboard)',
  });
  return steps;
}
