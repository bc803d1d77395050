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
const SF_BIN = join(BIN, 'sf');

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
  // The sf CLI's code is not the project's: its processes skip c8's coverage collection
  // (NODE_V8_COVERAGE), which would only slow them and fill the coverage folder.
  const runsSf = command === SF_BIN || (command === process.execPath && args[0] === SF_BIN);
  const childEnv = { ...env };
  if (runsSf) delete childEnv.NODE_V8_COVERAGE;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: childEnv,
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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

const shellQuoted = (arg: string) => `'${arg.replace(/'/g, "'\\''")}'`;

/**
 * Runs channelkit at a pseudo-terminal (util-linux `script`), so stdin and stdout are TTYs as
 * for a person; once `prompt` shows on the screen, types `answer` and Enter. Returns everything
 * the terminal showed (stdout and stderr together, with the typed answer echoed). `beforeAnswer`
 * runs once the prompt shows and before the answer is typed (to change the world in between).
 */
export function channelkitAtTerminal(
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { cwd: string; prompt: RegExp; answer: string; beforeAnswer?: () => void },
): Promise<{ code: number | null; screen: string; prompted: boolean }> {
  const command = [process.execPath, CHANNELKIT, ...args].map(shellQuoted).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
      env: { ...env, SHELL: '/bin/sh', TERM: 'dumb' },
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    let prompted = false;
    const onOutput = (chunk: Buffer) => {
      screen += chunk.toString();
      if (!prompted && options.prompt.test(screen)) {
        prompted = true;
        options.beforeAnswer?.();
        child.stdin.write(`${options.answer}\r`);
      }
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, screen, prompted }));
  });
}
