#!/usr/bin/env node
/** The `channelkit` command line. Exit codes: 0 success, 1 partial failure, 2 bad input. */
import { Command, CommanderError } from 'commander';
import { orgLocalCommand } from '../localorg/command.ts';
import { deployCommand } from './deploy/command.ts';
import { leadsCommand } from './leads/command.ts';
import { orgCheckCommand } from './org-check/command.ts';
import { orgSetupCommand } from './org-setup/command.ts';
import { partnersCommand } from './partners/command.ts';

const program = new Command('channelkit')
  .description('Channel Kit: partner onboarding, lead assignment and the local org')
  .showHelpAfterError()
  .exitOverride();

const org = new Command('org').description('Work with orgs').exitOverride();
org.addCommand(orgLocalCommand().exitOverride());
org.addCommand(orgCheckCommand().exitOverride());
org.addCommand(orgSetupCommand());
program.addCommand(org);
program.addCommand(partnersCommand());
program.addCommand(leadsCommand());
program.addCommand(deployCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exit(error.exitCode === 0 ? 0 : 2);
  }
  process.stderr.write(`channelkit: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
