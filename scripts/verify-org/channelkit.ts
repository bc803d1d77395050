/** Runs `channelkit` as a person would (a child process, --json), for the reassignment checks. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const CHANNELKIT = join(import.meta.dirname, '..', 'channelkit.ts');

export interface ChannelkitRun {
  code: number | null;
  /** The --json document, or null when stdout was not one. */
  doc: Record<string, unknown> | null;
  stderr: string;
  ms: number;
}

/** A run that takes longer is stopped (and reported as failed), so the kit never hangs. */
const RUN_DEADLINE_MS = 15 * 60_000;

export function runChannelkit(
  args: string[],
  cwd: string,
  deadlineMs = RUN_DEADLINE_MS,
): Promise<ChannelkitRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHANNELKIT, ...args, '--json'], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      stderr += `\nstopped after ${deadlineMs / 1000} s`;
      child.kill();
    }, deadlineMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      let doc: Record<string, unknown> | null = null;
      try {
        doc = JSON.parse(stdout) as Record<string, unknown>;
      } catch {
        doc = null;
      }
      resolve({ code, doc, stderr, ms: Date.now() - started });
    });
  });
}

/** The error a failed --json run reported, in one line. */
export function failureOf(run: ChannelkitRun): string {
  const doc = run.doc as { name?: string; message?: string } | null;
  if (doc?.message) return `${doc.name ?? 'Error'}: ${doc.message}`;
  return `exit ${run.code}: ${run.stderr.trim().split('\n').slice(-3).join(' ')}`;
}
