/**
 * Deploys an SFDX project's package directories to a local org in-process: source-deploy-retrieve
 * converts them to a Metadata API zip (as `sf project deploy start` would send it) and the org's
 * own deployer takes it. For the Apex test command and the runtime's tests, which need the
 * package's classes, objects, permission sets and static resources in a fresh org.
 */
import type { Session } from '../../auth/session.ts';
import { metadataService } from '../../metadata/service.ts';
import { parseDeployOptions } from '../../metadata/deploy/options.ts';
import type { DeployRecord } from '../../metadata/deploy/types.ts';
import type { LocalOrg } from '../../org.ts';

export async function projectZip(packageDirectories: string[]): Promise<Uint8Array> {
  const { ComponentSet, MetadataConverter } = await import('@salesforce/source-deploy-retrieve');
  const components = ComponentSet.fromSource(packageDirectories);
  const converted = await new MetadataConverter().convert(components, 'metadata', { type: 'zip' });
  if (!converted.zipBuffer) throw new Error('source-deploy-retrieve produced no zip');
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
