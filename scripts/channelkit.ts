#!/usr/bin/env node
/** The `channelkit` command line. Exit codes: 0 success, 1 partial failure, 2 bad input. */
import { Command, CommanderError } from 'commander';

/**
 * Each top-level command, built from its module, in the order the help lists them. Only the
 * command being run is loaded (all of them for the help or an unknown name): `leads reassign`
 * has no use for the local org's server, the deploy or the partner onboarding, and their modules
 * would stay in its memory for the whole run.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  org: async () => {
    const [local, check, setup] = await Promise.all([
      import('../localorg/command.ts'),
      import('./org-check/command.ts'),
      import('./org-setup/command.ts'),
    ]);
    const org = new Command('org').description('Work with orgs').exitOverride();
    org.addCommand(local.orgLocalCommand().exitOverride());
    org.addCommand(check.orgCheckCommand().exitOverride());
    org.addCommand(setup.orgSetupCommand());
    return org;
  },
  partners: async () => (await import('./partners/command.ts')).partnersCommand(),
  leads: async () => (await import('./leads/command.ts')).leadsCommand(),
  deploy: async () => (await import('./deploy/command.ts')).deployCommand(),
};

const program = new Command('channelkit')
  .description('Channel Kit: partner onboarding, lead assignment and the local org')
  .showHelpAfterError()
  .exitOverride();

const named = process.argv[2];
const wanted = named !== undefined && named in COMMANDS ? [named] : Object.keys(COMMANDS);
for (const command of await Promise.all(wanted.map((name) => COMMANDS[name]!())))
  program.addCommand(command);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exit(error.exitCode === 0 ? 0 : 2);
  }
  process.stderr.write(`channelkit: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
