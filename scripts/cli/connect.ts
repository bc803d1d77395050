/**
 * Resolves -o/--target-org the way the sf CLI does (an alias or a username known to
 * @salesforce/core) and returns a connection at the newest API version both sides speak.
 */
import type { Connection, Org } from '@salesforce/core';
import { badInput, CliError } from './errors.ts';

/** The newest API version Channel Kit is built and tested for (sfdx-project.json). */
export const MAX_API_VERSION = '65.0';

export async function connectTargetOrg(aliasOrUsername: string | undefined): Promise<Connection> {
  if (!aliasOrUsername) {
    throw badInput(
      'MissingTargetOrg',
      'No target org: pass -o/--target-org with an alias or username.',
      'Run `sf org list` to see the orgs you are logged in to, or `sf org login web --alias my-org` to add one.',
    );
  }
  // @salesforce/core's root logger writes the sf CLI's log file from a worker thread of its own
  // (another Node runtime: about 20 MB, and its start and flush on exit take about 0.15 s of a
  // core). channelkit reports through its own output, so it keeps that logger in memory unless
  // SF_DISABLE_LOG_FILE says otherwise.
  process.env.SF_DISABLE_LOG_FILE ??= 'true';
  // Loaded here, not at start: it is most of the CLI's memory, and --help or a bad flag need none of it.
  const { Org: OrgClass } = await import('@salesforce/core');
  let org: Org;
  try {
    org = await OrgClass.create({ aliasOrUsername });
  } catch (error) {
    const name = (error as { name?: string }).name ?? '';
    if (/NamedOrgNotFound|NoAuthInfoFound|AuthInfoNotFound/i.test(name)) {
      throw badInput(
        'TargetOrgNotFound',
        `No org is known as "${aliasOrUsername}".`,
        'Check the alias with `sf org list`, or log in with `sf org login web --alias ' +
          `${aliasOrUsername}\` (or \`sf org login access-token\`).`,
      );
    }
    throw new CliError(
      'TargetOrgUnavailable',
      `Could not open the org "${aliasOrUsername}": ${(error as Error).message}`,
      {
        hint: 'Log in again with `sf org login web` and retry.',
      },
    );
  }
  const connection = org.getConnection();
  const max = await connection.retrieveMaxApiVersion();
  connection.setApiVersion(Number(max) < Number(MAX_API_VERSION) ? max : MAX_API_VERSION);
  return connection;
}
