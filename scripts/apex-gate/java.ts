import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const JAVA_INSTALL_HINT =
  'install Java 17 (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless) or set JAVA_HOME';

/** PMD 7 needs Java 11; Java 17 is what the toolchain is tried with. */
const MINIMUM_MAJOR = 11;

/**
 * Every JVM here lives a few seconds, mostly starting up: compiling with C1 only roughly halves
 * the CPU time of apex-ls and PMD (measured on 2 cores). Code Analyzer spawns its own JVMs, so the
 * options go through the environment. A JAVA_TOOL_OPTIONS set by the user wins.
 */
export function useFastStartJvms(): void {
  process.env.JAVA_TOOL_OPTIONS ??= '-XX:TieredStopAtLevel=1';
}

export type JavaLookup =
  { ok: true; command: string; version: string } | { ok: false; error: string };

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the process could not be started (e.g. ENOENT). */
  spawnError?: Error;
}

export function run(command: string, args: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (spawnError) => resolve({ code: null, stdout, stderr, spawnError }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export async function findJava(): Promise<JavaLookup> {
  const javaHome = process.env.JAVA_HOME;
  const fromHome = javaHome ? path.join(javaHome, 'bin', 'java') : undefined;
  const command = fromHome && existsSync(fromHome) ? fromHome : 'java';
  const result = await run(command, ['-version'], 30_000);
  if (result.spawnError) {
    return {
      ok: false,
      error: `Java not found (${result.spawnError.message}): ${JAVA_INSTALL_HINT}`,
    };
  }
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(result.stderr + result.stdout);
  if (result.code !== 0 || !match) {
    return {
      ok: false,
      error: `'${command} -version' failed: ${result.stderr.trim()}; ${JAVA_INSTALL_HINT}`,
    };
  }
  // Java 8 and older report "1.8.0_x".
  const major = match[1] === '1' ? Number(match[2]) : Number(match[1]);
  // JVMs print "Picked up JAVA_TOOL_OPTIONS: ..." before the version.
  const version = result.stderr.split('\n').find((line) => line.includes('version')) ?? match[0];
  if (major < MINIMUM_MAJOR) {
    return {
      ok: false,
      error: `${command} is ${version}, need ${MINIMUM_MAJOR}+: ${JAVA_INSTALL_HINT}`,
    };
  }
  return { ok: true, command, version };
}
