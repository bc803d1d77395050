/**
 * The SFDX project a deploy works on: its root (the folder holding sfdx-project.json, from the
 * working directory upward), its package directories and source API version, and the TypeScript
 * build (`tsc -p tsconfig.lwc.json`) that turns each LWC's `x.ts` into the `x.js` that is deployed.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { badInput } from '../cli/errors.ts';

export interface SfdxProject {
  root: string;
  /** Absolute paths of the package directories, in sfdx-project.json order. */
  packageDirectories: string[];
  sourceApiVersion: string | undefined;
}

/** The nearest folder, from `start` upward, that holds sfdx-project.json. */
export function findProjectRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'sfdx-project.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw badInput(
        'NotInProject',
        `No sfdx-project.json in ${resolve(start)} or any folder above it.`,
        'Run channelkit deploy from inside the Salesforce DX project (the folder with sfdx-project.json).',
      );
    }
    dir = parent;
  }
}

export function readProject(root: string): SfdxProject {
  const file = join(root, 'sfdx-project.json');
  let json: { packageDirectories?: { path?: unknown }[]; sourceApiVersion?: unknown };
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as typeof json;
  } catch (error) {
    throw badInput(
      'BadProjectFile',
      `${file} is not valid JSON: ${(error as Error).message}`,
      'Fix sfdx-project.json and run the deploy again.',
    );
  }
  const dirs = (json.packageDirectories ?? [])
    .map((p) => p.path)
    .filter((p): p is string => typeof p === 'string' && p.length > 0);
  if (dirs.length === 0) {
    throw badInput(
      'NoPackageDirectories',
      `${file} lists no packageDirectories.`,
      'Add one, e.g. "packageDirectories": [{ "path": "force-app", "default": true }].',
    );
  }
  const packageDirectories = dirs.map((p) => (isAbsolute(p) ? p : join(root, p)));
  const missing = packageDirectories.find((p) => !existsSync(p));
  if (missing) {
    throw badInput(
      'PackageDirectoryMissing',
      `The package directory ${missing} (from sfdx-project.json) does not exist.`,
      'Create it or remove it from packageDirectories in sfdx-project.json.',
    );
  }
  const version = json.sourceApiVersion;
  return {
    root,
    packageDirectories,
    sourceApiVersion: typeof version === 'string' && version ? version : undefined,
  };
}

/** The TypeScript compiler: the project's own if it has one, else the one Channel Kit ships with. */
function tscPath(root: string): string {
  const own = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  if (existsSync(own)) return own;
  return join(import.meta.dirname, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');
}

export interface BuildResult {
  /** False when the project has no tsconfig.lwc.json (nothing to build). */
  built: boolean;
}

/**
 * Runs `tsc -p tsconfig.lwc.json` in the project root. A compile error is bad input (exit 2); its
 * message carries tsc's own lines (`file(line,col): error TSnnnn: ...`).
 */
export async function buildTypeScript(root: string): Promise<BuildResult> {
  if (!existsSync(join(root, 'tsconfig.lwc.json'))) return { built: false };
  const { code, output } = await new Promise<{ code: number | null; output: string }>(
    (done, fail) => {
      const child = spawn(
        process.execPath,
        [tscPath(root), '-p', 'tsconfig.lwc.json', '--pretty', 'false'],
        { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.on('error', fail);
      child.on('close', (exit) => done({ code: exit, output: text }));
    },
  );
  if (code !== 0) {
    const lines = output.trim().split('\n').filter(Boolean);
    const errors = lines.filter((l) => /error TS\d+/.test(l)).length;
    throw badInput(
      'TypeScriptBuildFailed',
      `The TypeScript build failed${errors ? ` with ${errors} error(s)` : ''} (tsc -p tsconfig.lwc.json); nothing was deployed:\n${lines.join('\n')}`,
      'Fix the errors above (file(line,column): message) and run the deploy again.',
    );
  }
  return { built: true };
}
