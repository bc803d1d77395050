#!/usr/bin/env node
/**
 * `npm run verify:org -- -o ALIAS`: runs against an org what the local org promises (the
 * package's Apex tests, error codes and wordings, Bulk query pages, the reassignment paths with
 * undo) and writes a report (verify-reports/<run>/report.md and report.json) that says, where the
 * org differs, what to change in the local org. Exit codes: 0 all as promised, 1 a difference or
 * a check that could not measure, 2 bad input or a production org refused (nothing changed).
 */
import { Command, CommanderError } from 'commander';
import { runCommand } from '../cli/run.ts';
import { allChecks } from './checks/index.ts';
import { verifyOrg } from './run.ts';
import type { VerifyFlags } from './run.ts';

const program = new Command('verify:org')
  .description("Check an org against the local org's promises and write a report")
  .option('-o, --target-org <org>', 'alias or username of the org (as the sf CLI knows it)')
  .option('--dry-run', 'list the checks and change nothing')
  .option('--only <checks>', 'run only these checks (ids, comma-separated; see --dry-run)')
  .option('--apex-tests <classes>', 'run only these Apex test classes (comma-separated)')
  .option('--out <dir>', 'where reports go (default: verify-reports)')
  .option(
    '--allow-production',
    'run on a production org too (it creates and deletes sample leads there)',
  )
  .option('--json', 'print one JSON document')
  .exitOverride()
  .action(async (flags: VerifyFlags) =>
    runCommand(flags, (output) => verifyOrg(flags, output, allChecks())),
  );

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
  throw error;
}
