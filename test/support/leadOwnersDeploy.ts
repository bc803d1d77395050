/**
 * Deploys the package's real ChannelKitLeadOwnerResource class to a local org through the
 * Metadata API (jsforce), so its Apex REST endpoint answers: it exists only once deployed. With
 * it a permission set, Lead_Owner_Api, that gives access to the class (for users who are not
 * administrators).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { packageXml, zip } from '../localorg/fixtures/metadata/packages.ts';
import { connect } from './org.ts';

const CLASSES = join(import.meta.dirname, '..', '..', 'force-app', 'main', 'default', 'classes');
const NAME = 'ChannelKitLeadOwnerResource';
export const ACCESS = 'Lead_Owner_Api';

export async function deployLeadOwnerResource(org: RunningLocalOrg): Promise<void> {
  const conn = connect(org);
  const files = {
    'package.xml': packageXml({ ApexClass: [NAME], PermissionSet: [ACCESS] }),
    [`permissionsets/${ACCESS}.permissionset-meta.xml`]: `<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
  <classAccesses><apexClass>${NAME}</apexClass><enabled>true</enabled></classAccesses>
  <label>Lead Owner API</label>
</PermissionSet>`,
    [`classes/${NAME}.cls`]: readFileSync(join(CLASSES, `${NAME}.cls`), 'utf8'),
    [`classes/${NAME}.cls-meta.xml`]: readFileSync(join(CLASSES, `${NAME}.cls-meta.xml`), 'utf8'),
  };
  const started = await conn.metadata.deploy(zip(files), { singlePackage: false });
  const deadline = Date.now() + 20_000;
  for (;;) {
    const result = await conn.metadata.checkDeployStatus(started.id, true);
    if (result.done) {
      if (!result.success) throw new Error(`deploy failed: ${JSON.stringify(result.details)}`);
      return;
    }
    if (Date.now() > deadline) throw new Error(`deploy ${started.id} still ${result.status}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
