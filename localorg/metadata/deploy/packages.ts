/**
 * From an unpacked zip to the work of a deploy: its packages' manifests read and checked, the
 * components they name, the deletions their destructive manifests name, and a failure for each
 * problem found on the way.
 */
import { resolveComponents } from '../package/components.ts';
import type { PackageComponent } from '../package/components.ts';
import { parseManifest } from '../package/manifest.ts';
import { packageRoots, decodeText } from '../package/zip.ts';
import type { ZipFiles } from '../package/zip.ts';
import { readDeletions } from './destructive.ts';
import type { Deletion } from './destructive.ts';
import { baseMessage, failureMessage } from './messages.ts';
import type { DeployMessage, DeployOptions } from './types.ts';

export interface PackageScan {
  components: PackageComponent[];
  deletions: Deletion[];
  /** One success per package.xml read. */
  successes: DeployMessage[];
  /** Manifest problems: each counts as a component error. */
  failures: DeployMessage[];
}

export function scanPackages(
  files: ZipFiles,
  options: DeployOptions,
  maxApiVersion: number,
  at: string,
): PackageScan {
  const scan: PackageScan = { components: [], deletions: [], successes: [], failures: [] };
  const manifestMessage = (fileName: string) => baseMessage('', 'package.xml', fileName, at);
  const roots = packageRoots(files);
  if (roots.length === 0) {
    scan.failures.push(failureMessage(manifestMessage('package.xml'), 'No package.xml found'));
    return scan;
  }
  if (options.singlePackage && roots.length > 1) {
    scan.failures.push(
      failureMessage(
        manifestMessage('package.xml'),
        'singlePackage is true but the zip holds more than one package.xml',
      ),
    );
    return scan;
  }
  for (const root of roots) {
    const manifestFile = `${root.prefix}package.xml`;
    const parsed = parseManifest(decodeText(root.files.get('package.xml')!));
    if (!parsed.ok) {
      scan.failures.push(
        failureMessage(manifestMessage(manifestFile), parsed.problem, parsed.line, parsed.column),
      );
      continue;
    }
    const version = parsed.manifest.version;
    if (version !== null && !(Number(version) <= maxApiVersion)) {
      scan.failures.push(
        failureMessage(
          manifestMessage(manifestFile),
          `The API version ${version} in package.xml is not supported: the latest is ${maxApiVersion}.0`,
        ),
      );
      continue;
    }
    scan.successes.push({ ...manifestMessage(manifestFile), changed: true, success: true });
    const resolved = resolveComponents(root, parsed.manifest, options.allowMissingFiles);
    for (const problem of resolved.problems) {
      scan.failures.push(
        failureMessage(
          baseMessage(problem.componentType, problem.fullName, problem.fileName, at),
          problem.problem,
        ),
      );
    }
    scan.components.push(...resolved.components);
    const destructive = readDeletions(root);
    for (const problem of destructive.problems) {
      scan.failures.push(
        failureMessage(
          baseMessage(problem.componentType, problem.fullName, problem.fileName, at),
          problem.problem,
          problem.line,
          problem.column,
        ),
      );
    }
    scan.deletions.push(...destructive.deletions);
  }
  return scan;
}
