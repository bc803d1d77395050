/**
 * `channelkit partners onboard -o ORG --file FILE [--dry-run] [--json]`: partner accounts,
 * contacts, partner users and queue memberships from a CSV file. Everything is checked before
 * anything changes (exit 2 on bad input), a second run with the same file changes nothing, and
 * each row is reported (exit 1 when some rows failed).
 */
import { Command } from 'commander';
import { connectTargetOrg } from '../cli/connect.ts';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_PARTIAL } from '../cli/errors.ts';
import type { Output } from '../cli/output.ts';
import { spinner } from '../cli/progress.ts';
import { runCommand } from '../cli/run.ts';
import type { CommonFlags } from '../cli/run.ts';
import { applyPlan } from './apply.ts';
import { COLUMNS, columnsHelp } from './columns.ts';
import { readCsv } from './csvFile.ts';
import { readInputFile } from './inputFile.ts';
import { NameAllocator } from './names.ts';
import { blockedBy, readSnapshot } from './orgState.ts';
import { needsRunningUserRole, planOnboarding } from './plan.ts';
import { formatProblem, sortProblems } from './problems.ts';
import type { Problem } from './problems.ts';
import { plannedReports, renderReport, summarize } from './report.ts';
import { checkRows } from './rows.ts';
import { sharedQueueFindings } from './sharedQueues.ts';

interface OnboardFlags extends CommonFlags {
  file?: string;
  dryRun?: boolean;
  allowSharedQueue?: boolean;
}

function refuse(output: Output, file: string, dryRun: boolean, found: Problem[]) {
  const problems = sortProblems(found, COLUMNS);
  output.info(
    `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was changed.\n${problems
      .map((p) => `  ${formatProblem(p)}`)
      .join('\n')}\nFix the file and run the command again.`,
  );
  return {
    result: {
      file,
      dryRun,
      valid: false,
      problems: problems.map((p) => ({ ...p, text: formatProblem(p) })),
    },
    exitCode: EXIT_BAD_INPUT,
  };
}

/** The apply steps on a spinner at a terminal, else as progress lines on stderr. */
async function withSteps<T>(
  output: Output,
  label: string,
  body: (step: (line: string) => void) => Promise<T>,
): Promise<T> {
  const steps = spinner(output, label);
  try {
    return await body((line) => (steps.active ? steps.update(line) : output.info(line)));
  } finally {
    steps.stop();
  }
}

async function onboard(flags: OnboardFlags, output: Output) {
  const dryRun = flags.dryRun ?? false;
  const bytes = await readInputFile(flags.file);
  const file = flags.file!;
  const csv = readCsv(bytes);
  if (!csv.table) return refuse(output, file, dryRun, csv.problems);
  const checked = checkRows(csv.table);

  const conn = await connectTargetOrg(flags.targetOrg);
  output.info(
    `Onboarding ${csv.table.rows.length} row${csv.table.rows.length === 1 ? '' : 's'} of ${file} into ${conn.getUsername() ?? 'the org'} at ${conn.instanceUrl}${dryRun ? ' (dry run)' : ''}`,
  );
  const snapshot = await readSnapshot(conn, checked.rows, (line) => output.info(line));
  const names = new NameAllocator(snapshot.takenUsernames, snapshot.takenNicknames);
  const plan = planOnboarding(checked.rows, snapshot, names);
  const shared = sharedQueueFindings(plan, snapshot.partnerQueues, flags.allowSharedQueue ?? false);
  const problems = [...csv.problems, ...checked.problems, ...plan.problems, ...shared.problems];
  if (problems.length > 0) return refuse(output, file, dryRun, problems);
  for (const warning of [...checked.warnings, ...plan.warnings, ...shared.warnings]) {
    output.warn(warning);
  }

  const role = snapshot.readiness.find((c) => c.id === 'running-user-role');
  if (role?.status === 'fail' && needsRunningUserRole(plan, snapshot.runningUser.id)) {
    throw blockedBy(role);
  }

  const reports = dryRun
    ? plannedReports(plan)
    : await withSteps(output, `Onboarding ${plan.rows.length} rows:`, (step) =>
        applyPlan(conn, plan, snapshot.runningUser, names, step),
      );
  const summary = summarize(reports, dryRun);
  output.print(renderReport(reports, summary, dryRun));
  return {
    result: { file, dryRun, valid: true, summary, rows: reports },
    exitCode: summary.failed > 0 ? EXIT_PARTIAL : EXIT_OK,
  };
}

export function onboardCommand(): Command {
  return new Command('onboard')
    .description(
      'Create partner accounts, contacts, partner users and their queue memberships from a CSV file; running it again changes nothing',
    )
    .option('-o, --target-org <org>', 'alias or username of the org (as the sf CLI knows it)')
    .option('--file <path>', 'the CSV file, one row per contact (columns below)')
    .option('--dry-run', 'check the file and print the plan; change nothing')
    .option(
      '--allow-shared-queue',
      "let a partner user join a queue that holds another partner account's users (each partner then sees the other's leads)",
    )
    .option('--json', 'print one JSON document')
    .addHelpText('after', columnsHelp())
    .action(async (flags: OnboardFlags) => runCommand(flags, (output) => onboard(flags, output)));
}

export function partnersCommand(): Command {
  const partners = new Command('partners')
    .description('Onboard partners: accounts, contacts, partner users, queues')
    .exitOverride();
  partners.addCommand(onboardCommand().exitOverride());
  return partners;
}
