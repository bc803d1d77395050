/** `channelkit org check -o ORG [--json]`: can this org onboard partners and route them leads? */
import { Command } from 'commander';
import { connectTargetOrg } from '../cli/connect.ts';
import { EXIT_OK, EXIT_PARTIAL } from '../cli/errors.ts';
import { table } from '../cli/output.ts';
import { runCommand } from '../cli/run.ts';
import type { CommonFlags } from '../cli/run.ts';
import { readinessChecks, sharingChecks } from './checks.ts';
import type { CheckResult } from './checks.ts';
import { readOrgFacts } from './facts.ts';

const MARK = { pass: 'ok', warn: 'WARN', fail: 'FAIL' } as const;

function render(title: string, checks: CheckResult[]): string {
  const rows = checks.map((c) => [MARK[c.status], c.title, c.detail]);
  const fixes = checks
    .filter((c) => c.fix)
    .map((c) => `  ${c.title}: ${c.fix}`)
    .join('\n');
  return `${title}\n${table(['Status', 'Check', 'Detail'], rows)}${fixes ? `\n\nWhat to do:\n${fixes}` : ''}\n`;
}

export function orgCheckCommand(): Command {
  return new Command('check')
    .description(
      'Check that an org is ready for partner onboarding and lead assignment (read-only)',
    )
    .option('-o, --target-org <org>', 'alias or username of the org (as the sf CLI knows it)')
    .option('--json', 'print one JSON document')
    .action(async (flags: CommonFlags) =>
      runCommand(flags, async (output) => {
        const conn = await connectTargetOrg(flags.targetOrg);
        output.info(`Checking ${conn.getUsername() ?? 'the org'} at ${conn.instanceUrl} ...`);
        const facts = await readOrgFacts(conn);
        const readiness = readinessChecks(facts);
        const sharing = sharingChecks(facts);
        const ready = readiness.every((c) => c.status !== 'fail');
        output.print(render('Readiness', readiness));
        output.print(render('Sharing review', sharing));
        output.print(
          ready
            ? 'Ready: nothing blocks partner onboarding.'
            : `Not ready: ${readiness.filter((c) => c.status === 'fail').length} check(s) block partner onboarding.`,
        );
        return { result: { ready, readiness, sharing }, exitCode: ready ? EXIT_OK : EXIT_PARTIAL };
      }),
    );
}
