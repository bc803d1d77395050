/**
 * Running `channelkit leads reassign` and `leads undo` inside the test process (their command
 * functions, not a child process) against local orgs, so a test costs milliseconds rather than a
 * CLI start, and a mutation run's coverage hook sees the code. The orgs are registered under
 * aliases the way `npm start` does it (AuthInfo saved in a temporary HOME), so -o resolves through
 * @salesforce/core exactly as in the CLI.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { CliError } from '../../scripts/cli/errors.ts';
import { Output } from '../../scripts/cli/output.ts';
import type { RunningLocalOrg } from '../../localorg/main.ts';

/**
 * Points @salesforce/core at a fresh HOME (its state folders are read from os.homedir() when
 * first used) and registers each org under its alias. Call once per test file, before any run.
 */
export async function loginInProcess(orgs: Record<string, RunningLocalOrg>): Promise<void> {
  process.env.HOME = mkdtempSync(join(tmpdir(), 'channelkit-home-'));
  process.env.SF_USE_GENERIC_UNIX_KEYCHAIN = 'true';
  process.env.SF_DISABLE_TELEMETRY = 'true';
  process.env.SF_DISABLE_LOG_FILE = 'true';
  const { AuthInfo } = await import('@salesforce/core');
  for (const [alias, org] of Object.entries(orgs)) {
    const auth = await AuthInfo.create({
      accessTokenOptions: {
        accessToken: org.admin.accessToken,
        instanceUrl: org.url,
        loginUrl: org.url,
      },
    });
    await auth.save();
    await auth.setAlias(alias);
  }
}

/** An Output whose stdout and stderr are kept as text (warnings on stderr, as in the CLI). */
export function capturedOutput(json = false): {
  output: Output;
  stdout: () => string;
  stderr: () => string;
} {
  let out = '';
  let err = '';
  const sink = (add: (text: string) => void) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        add(chunk.toString());
        done();
      },
    });
  const output = new Output({
    json,
    stdout: sink((t) => (out += t)),
    stderr: sink((t) => (err += t)),
  });
  return { output, stdout: () => out, stderr: () => err };
}

/** The CliError a command refused with (its code, message and hint), or a failed assertion. */
export async function refusal(run: Promise<unknown>): Promise<CliError> {
  try {
    await run;
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected the command to refuse, but it went ahead');
}
