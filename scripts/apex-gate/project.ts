import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface ApexProject {
  root: string;
  sourceApiVersion: string | undefined;
  /** Absolute paths of the package directories named in sfdx-project.json. */
  packageDirs: string[];
  /** Absolute paths of every .cls and .trigger file, sorted. */
  sources: string[];
  /** Absolute paths of every .cls-meta.xml and .trigger-meta.xml file, sorted. */
  metaFiles: string[];
}

export const SOURCE_EXTENSIONS = ['.cls', '.trigger'];

export function isSource(file: string): boolean {
  return SOURCE_EXTENSIONS.some((ext) => file.endsWith(ext));
}

export function relativePath(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

interface SfdxProject {
  packageDirectories?: { path?: string }[];
  sourceApiVersion?: string;
}

export async function loadProject(root: string): Promise<ApexProject> {
  const projectFile = path.join(root, 'sfdx-project.json');
  let sfdx: SfdxProject;
  try {
    sfdx = JSON.parse(await readFile(projectFile, 'utf8')) as SfdxProject;
  } catch (error) {
    throw new Error(`cannot read ${projectFile}: ${(error as Error).message}`, { cause: error });
  }
  const packageDirs = (sfdx.packageDirectories ?? [])
    .map((dir) => dir.path)
    .filter((dir): dir is string => typeof dir === 'string')
    .map((dir) => path.resolve(root, dir));
  if (packageDirs.length === 0) {
    throw new Error(`${projectFile} names no packageDirectories`);
  }
  const sources: string[] = [];
  const metaFiles: string[] = [];
  for (const dir of packageDirs) {
    let entries: string[];
    try {
      entries = await readdir(dir, { recursive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    for (const entry of entries) {
      if (entry.split(path.sep).some((part) => part.startsWith('.') || part === 'node_modules')) {
        continue;
      }
      const file = path.join(dir, entry);
      if (isSource(file)) sources.push(file);
      else if (SOURCE_EXTENSIONS.some((ext) => file.endsWith(`${ext}-meta.xml`))) {
        metaFiles.push(file);
      }
    }
  }
  return {
    root,
    sourceApiVersion: sfdx.sourceApiVersion,
    packageDirs,
    sources: sources.sort(),
    metaFiles: metaFiles.sort(),
  };
}
