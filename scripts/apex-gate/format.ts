import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import type { ApexProject } from './project.ts';
import { relativePath } from './project.ts';
import type { Problem, StageOutcome } from './report.ts';
import { count } from './report.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The project's own Prettier config if it has one, else this repository's (a temporary copy of a
 * project made by the tests has none). Plugin names are resolved from this repository's
 * node_modules: Prettier resolves them from the current directory, which need not be either root.
 */
export async function prettierOptions(file: string): Promise<prettier.Options> {
  const configFile =
    (await prettier.resolveConfigFile(file)) ??
    (await prettier.resolveConfigFile(path.join(REPO_ROOT, path.basename(file))));
  if (!configFile) throw new Error(`no Prettier config found for ${file} or in ${REPO_ROOT}`);
  const options = (await prettier.resolveConfig(file, { config: configFile })) ?? {};
  const plugins = (options.plugins ?? []).map((plugin) => {
    if (typeof plugin !== 'string') return plugin;
    if (plugin.startsWith('.') || path.isAbsolute(plugin)) {
      return path.resolve(path.dirname(configFile), plugin);
    }
    return fileURLToPath(import.meta.resolve(plugin));
  });
  return { ...options, plugins, filepath: file };
}

/** Where the formatted text first differs from the source, 1-based. */
export function firstDifference(
  source: string,
  formatted: string,
): { line: number; column: number } {
  const a = source.split('\n');
  const b = formatted.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i] ?? '';
    if (x === b[i]) continue;
    // The source ended early, e.g. without its final newline: point past its last character.
    if (x === undefined) return { line: a.length, column: (a.at(-1)?.length ?? 0) + 1 };
    let column = 0;
    while (column < x.length && x[column] === y[column]) column++;
    return { line: i + 1, column: column + 1 };
  }
  return { line: 1, column: 1 };
}

async function checkFile(root: string, file: string): Promise<Problem | undefined> {
  const relative = relativePath(root, file);
  const info = await prettier.getFileInfo(file, { ignorePath: path.join(root, '.prettierignore') });
  if (info.ignored) return undefined;
  const source = await readFile(file, 'utf8');
  const problem = (line: number, column: number, message: string): Problem => ({
    file: relative,
    line,
    column,
    message,
    stage: 'format',
    rule: 'prettier',
    severity: 'error',
  });
  let formatted: string;
  try {
    formatted = await prettier.format(source, await prettierOptions(file));
  } catch (error) {
    const loc = (error as { loc?: { start?: { line?: number; column?: number } } }).loc?.start;
    const firstLine = (error as Error).message.split('\n')[0]?.replace(/\.+$/, '');
    return problem(
      loc?.line ?? 1,
      (loc?.column ?? 0) + 1,
      `Prettier cannot format this file: ${firstLine}`,
    );
  }
  if (formatted === source) return undefined;
  const at = firstDifference(source, formatted);
  return problem(at.line, at.column, 'not formatted (first difference here); run prettier --write');
}

export async function checkFormat(project: ApexProject): Promise<StageOutcome> {
  const problems: Problem[] = [];
  // prettier-plugin-apex starts a native parser process per file, so a few at a time pays off.
  const queue = [...project.sources];
  const worker = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      const problem = await checkFile(project.root, file);
      if (problem) problems.push(problem);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return { problems, checked: count(project.sources.length, 'source') };
}
