/** `channelkit leads reassign` and `channelkit leads undo`. */
import { Command } from 'commander';
import { favourSmallHeap } from '../cli/memory.ts';
import { runCommand } from '../cli/run.ts';
import type { ReassignFlags } from './flags.ts';
import type { UndoFlags } from './undo.ts';

const REASSIGN_HELP = `
Before changing anything:
  At a terminal (stdin and stdout), a run that is not --dry-run or --json prints the plan's
  summary and asks "Change the owner of N leads? [y/N]". Anything but y or yes cancels:
  "Cancelled; nothing was changed." and exit code 1 (the plan file is kept, no journal is
  started). --yes skips the question. Without a terminal (scripts, CI) or under --json the run
  goes ahead without asking and says so (a warning, and "confirmation" in the JSON document).

Exit codes: 0 done, 1 partial failure or cancelled, 2 bad input (nothing was changed).`;

export function leadsCommand(): Command {
  const leads = new Command('leads').description(
    'Move leads between owners, in bulk, with a plan, a journal and undo',
  );
  leads.addCommand(
    new Command('reassign')
      .description(
        "Reassign leads to a user or queue, round robin (even or weighted), least-loaded, or by the org's assignment rule",
      )
      .option('-o, --target-org <org>', 'alias or username of the org (as the sf CLI knows it)')
      .option(
        '--where <condition>',
        'which leads: one SOQL condition on Lead, e.g. "Country = \'Germany\'" (parsed: no ORDER BY, LIMIT or other clause; leads in a closed status are left out unless --include-closed)',
      )
      .option(
        '--include-closed',
        'with --where: select leads in a closed status too (a status that converts the lead or starts with "Closed")',
      )
      .option(
        '--ids <file>',
        'which leads: a CSV file with an Id column, taken as listed (closed leads are not filtered out)',
      )
      .option('--to <owner>', 'one owner: a user Id, username, queue Id or queue name')
      .option('--round-robin <owners>', 'owners to take turns, comma-separated')
      .option('--weights <numbers>', 'with --round-robin: a weight per owner, e.g. 3,1')
      .option(
        '--least-loaded <owners>',
        'owners; each lead goes to the one with the fewest open leads',
      )
      .option(
        '--assignment-rule <rule>',
        "let the org's lead assignment rule pick each owner: default (the active rule) or a rule Id (01Q...)",
      )
      .option('--cap <n>', 'most open leads any owner may hold after the change')
      .option(
        '--cursor <n>',
        'round robin: start with the owner at this position (0-based), as printed by the last run',
      )
      .option(
        '--strict',
        'skip partner users who never logged in or are not members of the live site',
      )
      .option('--dry-run', 'write the plan and change nothing')
      .option(
        '-y, --yes',
        'apply without asking (at a terminal a run shows the plan and asks first)',
      )
      .option('--plan <file>', 'where to write the plan CSV (Id, OldOwnerId, NewOwnerId, Reason)')
      .option('--journal <file>', 'journal of the run: run again with it to resume; undo reads it')
      .option('--api <api>', 'auto (default: Bulk API 2.0 above 2,000 leads), collections or bulk')
      .option(
        '--notify',
        "send Salesforce's owner-change e-mail to each new owner (through the Channel Kit Apex endpoint; deploy Channel Kit first)",
      )
      .option('--json', 'print one JSON document')
      .addHelpText('after', REASSIGN_HELP)
      .action(async (flags: ReassignFlags) => {
        // Before the run's modules load: see favourSmallHeap.
        favourSmallHeap();
        const { reassign } = await import('./reassign.ts');
        return runCommand(flags, (output) => reassign(flags, output));
      })
      .exitOverride(),
  );
  leads.addCommand(
    new Command('undo')
      .description('Put back the old owner of every lead a reassign run changed')
      .option('-o, --target-org <org>', 'alias or username of the org')
      .option('--journal <file>', 'the journal of the run to undo')
      .option(
        '--notify',
        "send Salesforce's owner-change e-mail to each restored owner (not sent unless given)",
      )
      .option('--api <api>', 'auto (default: Bulk API 2.0 above 2,000 leads), collections or bulk')
      .option('--json', 'print one JSON document')
      .action(async (flags: UndoFlags) => {
        favourSmallHeap();
        const { undo } = await import('./undo.ts');
        return runCommand(flags, (output) => undo(flags, output));
      })
      .exitOverride(),
  );
  return leads.exitOverride();
}
