/**
 * `org setup --scratch -v DEVHUB`: a scratch org from the project's definition file through the sf
 * CLI's own library (@salesforce/core's scratchOrgCreate, what `sf org create scratch` calls), so
 * it is authorized and aliased exactly as the sf CLI would leave it.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { Org, ScratchOrgCreateOptions, ScratchOrgCreateResult } from '@salesforce/core';
import { badInput, CliError } from '../cli/errors.ts';
import type { ScratchRequest } from './plan.ts';

/** How long to wait for the Dev Hub to create the org (sf org create scratch's default is 5). */
const CREATE_WAIT_MINUTES = 10;

/** The library calls, injectable so the request they get is unit-tested without a Dev Hub. */
export interface ScratchDeps {
  hubOrg(devHub: string): Promise<Org>;
  create(options: ScratchOrgCreateOptions): Promise<ScratchOrgCreateResult>;
}

async function defaultDeps(): Promise<ScratchDeps> {
  process.env.SF_DISABLE_LOG_FILE ??= 'true';
  const core = await import('@salesforce/core');
  return {
    hubOrg: (devHub) => core.Org.create({ aliasOrUsername: devHub, isDevHub: true }),
    create: core.scratchOrgCreate,
  };
}

/** The definition file as JSON, with a clear error for a missing or broken file. */
export async function readDefinition(
  projectRoot: string,
  file: string,
): Promise<Record<string, unknown>> {
  const path = isAbsolute(file) ? file : join(projectRoot, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw badInput(
      'DefinitionFileMissing',
      `No scratch org definition at ${path}.`,
      'Pass --definition-file with the path of one (the project ships config/project-scratch-def.json).',
    );
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw badInput(
      'BadDefinitionFile',
      `${path} is not valid JSON: ${(error as Error).message}`,
      'Fix the file and run the command again.',
    );
  }
}

/** Creates the scratch org; returns its username (what -o takes from then on). */
export async function createScratchOrg(
  projectRoot: string,
  request: ScratchRequest,
  deps?: ScratchDeps,
): Promise<{ username: string; warnings: string[] }> {
  const orgConfig = await readDefinition(projectRoot, request.definitionFile);
  const lib = deps ?? (await defaultDeps());
  let hubOrg: Org;
  try {
    hubOrg = await lib.hubOrg(request.devHub);
  } catch (error) {
    throw badInput(
      'DevHubNotFound',
      `Could not open the Dev Hub "${request.devHub}": ${(error as Error).message}`,
      `Log in to it with \`sf org login web --set-default-dev-hub --alias ${request.devHub}\`.`,
    );
  }
  const { Duration } = await import('@salesforce/kit');
  const result = await lib.create({
    hubOrg,
    orgConfig,
    durationDays: request.durationDays,
    alias: request.alias,
    setDefault: false,
    wait: Duration.minutes(CREATE_WAIT_MINUTES),
  });
  if (!result.username) {
    throw new CliError(
      'ScratchOrgNotCreated',
      `The Dev Hub ${request.devHub} did not return the new scratch org's username.`,
      { hint: 'Check `sf org list --all` and run `channelkit org setup -o <its username>`.' },
    );
  }
  return { username: result.username, warnings: result.warnings };
}
