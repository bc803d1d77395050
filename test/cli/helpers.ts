/**
 * Running the channelkit CLI the way a person does: as a child process, with the org registered
 * by the real `sf org login access-token` in a temporary HOME, so -o resolves exactly as it would.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'node_modules', '.bin');
export const CHANNELKIT = join(ROOT, 'scripts', 'channelkit.ts');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A fresh HOME for the sf CLI and @salesforce/core, with the pinned Node first on PATH. */
export function cliEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: mkdtempSync(join(tmpdir(), 'channelkit-home-')),
    PATH: `${BIN}:${process.env.PATH ?? ''}`,
    SF_DISABLE_TELEMETRY: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
    // sf's update hook reads only this one; without it each run leaves an 'sf update' process.
    SF_DISABLE_AUTOUPDATE: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
  };
}

/** Registers an org under an alias with the sf CLI itself. */
export async function sfLogin(
  env: NodeJS.ProcessEnv,
  instanceUrl: string,
  accessToken: string,
  alias: string,
): Promise<void> {
  const result = await run(
    process.execPath,
    [
      join(BIN, 'sf'),
      'org',
      'login',
      'access-token',
      '--instance-url',
      instanceUrl,
      '--no-prompt',
      '--alias',
      alias,
    ],
    { ...env, SF_ACCESS_TOKEN: accessToken },
  );
  if (result.code !== 0) throw new Error(`sf org login failed: ${result.stderr}${result.stdout}`);
}

/** Runs channelkit; `cwd` (default: this process's) is where relative paths and runs go. */
export function channelkit(args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<CliRun> {
  return run(process.execPath, [CHANNELKIT, ...args], env, cwd);
}
