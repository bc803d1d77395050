/**
 * A local org in memory without a server: seeded with the platform's records only (no demo data)
 * unless a seed says otherwise, for in-process work such as running the package's Apex tests.
 */
import { sessionFor } from './auth/session.ts';
import type { Session } from './auth/session.ts';
import { standardCatalog } from './catalog/index.ts';
import { LocalOrg } from './org.ts';
import { ensurePlatformData } from './platformData.ts';
import { seedOrg } from './seed/index.ts';
import type { SeedSpec } from './seed/index.ts';
import { Store } from './store/store.ts';

export interface ScratchOrg {
  org: LocalOrg;
  /** The org's System Administrator. */
  admin: Session;
}

export function scratchOrg(
  log: (line: string) => void = () => undefined,
  seed: SeedSpec = { kind: 'none' },
): ScratchOrg {
  const store = new Store(':memory:', standardCatalog());
  const now = () => new Date();
  seedOrg(store, seed, now(), 'scratch-org-password-1');
  store.createIndexes();
  ensurePlatformData(store, now());
  const org = new LocalOrg(store, { apiLimit: 1_000_000, now, log });
  const row = store.get(
    `SELECT u."Id" FROM "User" u JOIN "Profile" p ON p."Id" = u."ProfileId"
      WHERE p."PermissionsModifyAllData" = 1 AND u."IsActive" = 1 ORDER BY u."Id" LIMIT 1`,
  );
  return { org, admin: sessionFor(store, String(row!.Id))! };
}
