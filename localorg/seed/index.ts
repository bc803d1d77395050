/** Seeds an empty store (`none`, `demo`, `leads=N`) and lists the seeded users of any store. */
import type { Store } from '../store/store.ts';
import { seedBase } from './base.ts';
import type { OrgIdentity } from './base.ts';
import { seedDemo } from './demo.ts';
import type { SeedResult, SeedSpec, SeededUser, SeededUserKind } from './types.ts';

export type { SeedResult, SeedSpec, SeededUser } from './types.ts';
export { parseSeedSpec } from './types.ts';

const SEEDED_SETTING = 'seed';

export function isSeeded(store: Store): boolean {
  return store.setting(SEEDED_SETTING) !== undefined;
}

/** True for a demo org (`demo`, `leads=N`), false for an empty one or an unseeded store. */
export function isDemoOrg(store: Store): boolean {
  const seed = store.setting(SEEDED_SETTING);
  return seed !== undefined && seed !== 'none';
}

export function seedOrg(
  store: Store,
  spec: SeedSpec,
  now: Date,
  password: string,
  identity?: OrgIdentity,
): void {
  store.transaction(() => {
    const base = seedBase(store, now, password, identity);
    if (spec.kind === 'demo') seedDemo(store, base, spec.leads, password);
    store.setSetting(SEEDED_SETTING, spec.kind === 'demo' ? `leads=${spec.leads}` : 'none');
  });
}

/** The org's users by role in the demo story: the admin, channel managers, partner users. */
export function seededUsers(store: Store): SeedResult {
  const org = store.get('SELECT "Id" FROM "Organization" LIMIT 1');
  const rows = store.all(
    `SELECT u."Id", u."Username", u."IsActive", u."UserType", u."AccountId", p."Name" AS profile,
            p."PermissionsModifyAllData" AS admin
       FROM "User" u JOIN "Profile" p ON p."Id" = u."ProfileId" ORDER BY u."Id"`,
  );
  const users: SeededUser[] = [];
  for (const row of rows) {
    const kind: SeededUserKind | null =
      row.admin === 1
        ? 'admin'
        : row.UserType === 'PowerPartner'
          ? 'partner'
          : row.profile === 'Channel Manager'
            ? 'channel-manager'
            : null;
    if (!kind) continue;
    users.push({
      userId: String(row.Id),
      username: String(row.Username),
      kind,
      active: row.IsActive === 1,
      accountId: row.AccountId === null ? null : String(row.AccountId),
    });
  }
  const admin = users.find((u) => u.kind === 'admin' && u.active);
  if (!org || !admin) throw new Error('the store holds no org with an active admin');
  return { orgId: String(org.Id), adminId: admin.userId, users };
}
