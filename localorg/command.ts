/**
 * `channelkit org local`: runs the local org in the foreground, prints one JSON line once it
 * listens, logs to stderr, and stops cleanly on SIGINT / SIGTERM.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { addBulkOptions, bulkOptions } from './bulk/cli.ts';
import type { BulkFlags } from './bulk/cli.ts';
import { addChoiceOptions, choiceOptions } from './choicesCli.ts';
import type { ChoiceFlags } from './choicesCli.ts';
import { addFaultOptions, faultOptions } from './faults/cli.ts';
import type { FaultFlags } from './faults/cli.ts';
import type { LocalOrgOptions } from './main.ts';
import { parseSeedSpec } from './seed/index.ts';

export interface OrgLocalFlags extends FaultFlags, BulkFlags, ChoiceFlags {
  port: number;
  data?: string;
  memory?: boolean;
  seed: string;
}

/** The line tools and scripts read to find the org. */
export interface ReadyLine {
  instanceUrl: string;
  accessToken: string;
  username: string;
  orgId: string;
}

function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    throw new InvalidArgumentError(
      'the port must be a number from 0 to 65535 (0 picks a free port)',
    );
  }
  return Number(value);
}

function parseSeed(value: string): string {
  if (!parseSeedSpec(value)) {
    throw new InvalidArgumentError('use demo, none or leads=N (N up to 5000000)');
  }
  return value;
}

export async function runOrgLocal(
  flags: OrgLocalFlags,
  extras: Pick<LocalOrgOptions, 'faults' | 'faultSeed' | 'bulk' | 'choices'> = {},
): Promise<void> {
  const log = (line: string): void => {
    process.stderr.write(`[localorg] ${line}\n`);
  };
  // Loaded here, not at the top: every other channelkit command would pay for the whole org.
  const { startLocalOrg } = await import('./main.ts');
  const running = await startLocalOrg({
    port: flags.port,
    dataDir: flags.data,
    memory: flags.memory ?? false,
    seed: flags.seed,
    // Every org this command starts gets its own org Id and admin username, in memory too, so
    // two of them can be logged in with the sf CLI side by side.
    identity: 'fresh',
    log,
    ...extras,
  });
  const ready: ReadyLine = {
    instanceUrl: running.url,
    accessToken: running.admin.accessToken,
    username: running.admin.username,
    orgId: running.orgId,
  };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`error while stopping: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

export function orgLocalCommand(): Command {
  const command = new Command('local')
    .description('Run a local org that speaks Salesforce APIs, in the foreground')
    .addOption(
      new Option('--port <n>', 'port to listen on (0 picks a free port)')
        .argParser(parsePort)
        .default(0),
    )
    .addOption(
      new Option('--data <dir>', 'folder for the org database (default: .localorg)').conflicts(
        'memory',
      ),
    )
    .addOption(new Option('--memory', 'keep the org in memory only').conflicts('data'))
    .addOption(
      new Option('--seed <seed>', 'demo, none or leads=N').argParser(parseSeed).default('demo'),
    );
  addFaultOptions(command);
  addBulkOptions(command);
  addChoiceOptions(command);
  return command.action(async (flags: OrgLocalFlags) => {
    const extras = (): Pick<LocalOrgOptions, 'faults' | 'faultSeed' | 'bulk' | 'choices'> => {
      try {
        return {
          ...faultOptions(flags, process.env),
          bulk: bulkOptions(flags, process.env),
          ...choiceOptions(flags, process.env),
        };
      } catch (error) {
        // Bad environment values are bad input, like bad flags: exit 2.
        return command.error(`error: ${error instanceof Error ? error.message : String(error)}`, {
          exitCode: 2,
          code: 'channelkit.invalidEnvironment',
        });
      }
    };
    await runOrgLocal(flags, extras());
  });
}
