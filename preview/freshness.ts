/**
 * Is `preview/dist` up to date with its sources, and building it when not. The build runs in a
 * child process (`node preview/build.ts`): Rollup with the LWC compiler takes about 1 GB, which a
 * long-running local org should not keep.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const PREVIEW_DIST = join(PROJECT_ROOT, 'preview', 'dist');
/** Written last by a successful build; its mtime is the build's time. */
export const BUILD_STAMP = join(PREVIEW_DIST, 'build.json');
export const BUILD_SCRIPT = join(PROJECT_ROOT, 'preview', 'build.ts');

/** Files and folders whose changes call for a rebuild. */
const SOURCES = [
  'preview/src',
  'preview/build.ts',
  'force-app/main/default/lwc',
  'types',
  'localorg/seed/base.ts',
  'package-lock.json',
];

/** Newest modification time (ms) under a path; folders count too, so deleted files are noticed. */
function newestMtime(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === '__tests__' || entry.name.startsWith('.')) continue;
    const child = join(path, entry.name);
    // tsc's .js output beside a component's .ts: the build reads the .ts.
    if (entry.name.endsWith('.js') && existsSync(child.replace(/\.js$/, '.ts'))) continue;
    newest = Math.max(newest, newestMtime(child));
  }
  return newest;
}

/** Why the preview needs building, or null when `preview/dist` is current. */
export function previewStaleReason(root = PROJECT_ROOT): string | null {
  const stamp = statSync(join(root, 'preview', 'dist', 'build.json'), { throwIfNoEntry: false });
  if (!stamp) return 'preview/dist is missing';
  const changed = SOURCES.find((source) => newestMtime(join(root, source)) > stamp.mtimeMs);
  return changed ? `${changed} changed since the last build` : null;
}

export interface EnsureOptions {
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
  /** Build even when current. */
  force?: boolean;
}

/** Builds the preview in a child process when it is missing or stale; resolves when it is current. */
export async function ensurePreviewBuilt(
  options: EnsureOptions = {},
): Promise<'built' | 'current'> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const reason = options.force ? 'a build was requested' : previewStaleReason();
  if (!reason) return 'current';
  log(`Building the browser preview (${reason}); this takes about 20 to 60 s ...`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [BUILD_SCRIPT], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const text = output.join('').trim();
      if (code === 0) {
        if (text) log(text);
        resolve();
      } else {
        reject(new Error(`the preview build failed (exit ${code}):\n${text}`));
      }
    });
  });
  return 'built';
}
