/**
 * Deploys an SFDX project's package directories to a local org in-process: source-deploy-retrieve
 * converts them to a Metadata API zip (as `sf project deploy start` would send it) and the org's
 * own deployer takes it. The org's start-up uses it to load the package (its Apex, objects,
 * permission sets and static resources), and so do the Apex test command and tests.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Session } from '../../auth/session.ts';
import { parseDeployOptions } from '../../metadata/deploy/options.ts';
import type { DeployRecord } from '../../metadata/deploy/types.ts';
import { metadataService } from '../../metadata/service.ts';
import type { LocalOrg } from '../../org.ts';

/**
 * What the org needs of the package to run it: Lightning web components are left out (the
 * browser preview builds them itself, and their compiled JavaScript may not exist yet).
 */
const SERVER_TYPES = new Set([
  'ApexClass',
  'ApexTrigger',
  'CustomObject',
  'CustomField',
  'PermissionSet',
  'StaticResource',
]);

/** A digest of every file under the package directories (what decides a new deploy). */
export function sourceDigest(packageDirectories: string[]): string {
  const hash = createHash('sha1');
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) visit(path);
      else if (!/\.(ts|js|html|css)$/.test(entry))
        hash.update(path).update('\0').update(readFileSync(path));
    }
  };
  for (const dir of packageDirectories) visit(dir);
  return hash.digest('hex');
}

const zips = new Map<string, Uint8Array>();

export async function projectZip(packageDirectories: string[]): Promise<Uint8Array> {
  const key = sourceDigest(packageDirectories);
  const cached = zips.get(key);
  if (cached) return cached;
  const { ComponentSet, MetadataConverter } = await import('@salesforce/source-deploy-retrieve');
  const all = ComponentSet.fromSource(packageDirectories);
  const components = new ComponentSet(
    all
      .getSourceComponents()
      .toArray()
      .filter((c) => SERVER_TYPES.has(c.type.name)),
  );
  const converted = await new MetadataConverter().convert(components, 'metadata', { type: 'zip' });
  if (!converted.zipBuffer) throw new Error('source-deploy-retrieve produced no zip');
  zips.set(key, converted.zipBuffer);
  return converted.zipBuffer;
}

export async function deployZip(
  org: LocalOrg,
  session: Session,
  zip: Uint8Array,
): Promise<DeployRecord> {
  const deployer = metadataService(org).deployer;
  const started = deployer.start(session, zip, parseDeployOptions({}));
  await deployer.idle();
  const record = deployer.status(started.id)!;
  if (record.status !== 'Succeeded') {
    const failures = record.componentFailures.map(
      (f) => `${f.fileName}:${f.lineNumber ?? ''}: ${f.problem}`,
    );
    throw new Error(
      `The deploy ${record.status}${record.errorMessage ? `: ${record.errorMessage}` : ''}\n${failures.join('\n')}`,
    );
  }
  return record;
}

const DEPLOYED_SETTING = 'package-digest';

/** Deploys the package when its sources changed since the org last took them. */
export async function deployPackage(
  org: LocalOrg,
  session: Session,
  packageDirectories: string[],
): Promise<boolean> {
  const digest = sourceDigest(packageDirectories);
  if (org.store.setting(DEPLOYED_SETTING) === digest) return false;
  await deployZip(org, session, await projectZip(packageDirectories));
  org.store.setSetting(DEPLOYED_SETTING, digest);
  return true;
}
