/**
 * Starting and stopping a local org: open (or create and seed) the store, listen on 127.0.0.1, and
 * hand back the instance URL, the users and their tokens, and a close function.
 */
import { join, resolve } from 'node:path';
import { issueToken } from './auth/tokens.ts';
import { bulkServiceFor } from './bulk/service.ts';
import type { BulkService } from './bulk/service.ts';
import { resolveBulkSettings } from './bulk/settings.ts';
import type { BulkSettings } from './bulk/settings.ts';
import { standardCatalog } from './catalog/index.ts';
import { CHOICES, CHOICE_NAMES, resolveChoices } from './choices.ts';
import type { ChoiceSettings } from './choices.ts';
import { startServer } from './http/server.ts';
import { FaultInjector } from './faults/injector.ts';
import { parseFaultSpecs } from './faults/spec.ts';
import type { FaultSpec } from './faults/spec.ts';
import { DEFAULT_API_LIMIT, LocalOrg } from './org.ts';
import { listOutbox } from './outbox.ts';
import type { OutboxMessage } from './outbox.ts';
import { buildRouter as routes } from './routes.ts';
import {
  ADMIN_USERNAME,
  DEFAULT_IDENTITY,
  DEFAULT_PASSWORD,
  LOCAL_CLIENT_ID,
  LOCAL_CLIENT_SECRET,
  freshIdentity,
} from './seed/base.ts';
import { isSeeded, parseSeedSpec, seedOrg, seededUsers } from './seed/index.ts';
import type { SeedSpec, SeededUser } from './seed/index.ts';
import { Store } from './store/store.ts';
import { ensurePlatformData } from './platformData.ts';
import { deployPackage } from './apex/org/deployProject.ts';

export const DEFAULT_DATA_DIR = '.localorg';
export { ADMIN_USERNAME, DEFAULT_PASSWORD, LOCAL_CLIENT_ID, LOCAL_CLIENT_SECRET };

export interface LocalOrgOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Folder for the database file (default `.localorg` in the working directory). */
  dataDir?: string;
  /** Keep everything in memory (tests). */
  memory?: boolean;
  /** `demo` (default), `none`, `leads=N`; ignored when the data folder already holds an org. */
  seed?: SeedSpec | string;
  /** The clock (tests pin it). */
  now?: () => Date;
  /** Password of every seeded user. */
  password?: string;
  /**
   * The org Id and admin username a new org is seeded with (seed/base.ts, OrgIdentity): `fresh`
   * (random, so orgs logged in side by side with the sf CLI do not replace each other) or
   * `default` (`admin@channelkit.localorg`, org `00D000000000001AAA`). Default: `fresh` for a
   * data folder, `default` in memory. An org already in the folder keeps its own.
   */
  identity?: 'fresh' | 'default';
  apiLimit?: number;
  log?: (line: string) => void;
  /** Bulk API 2.0: processing rate, result page size, header repetition, upload cap. */
  bulk?: Partial<BulkSettings>;
  /** Faults to inject, e.g. `['latency=200', 'lock-rows=0.01']` (syntax in faults/spec.ts). */
  faults?: (FaultSpec | string)[];
  /** Seed of the fault generators (default 1), so a faulty run repeats. */
  faultSeed?: number;
  /**
   * Doc-silent behaviours other than their defaults, e.g. `{ 'retrieve-missing': 'fail' }`
   * (the registry and each choice's evidence: choices.ts). A bad name or value throws.
   */
  choices?: ChoiceSettings;
  /**
   * Package directories (force-app) to deploy at start, so the org runs the package's Apex;
   * a file-backed org deploys again only when their sources changed.
   */
  deploy?: string[];
  /** Batch Apex: milliseconds between a background job's phases (OrgConfig.batchPhaseMs). */
  batchPhaseMs?: number;
}

export interface UserCredentials extends SeededUser {
  /** A fresh access token (active users only). */
  accessToken: string | null;
}

export interface RunningLocalOrg {
  url: string;
  port: number;
  orgId: string;
  admin: UserCredentials & { accessToken: string };
  users: UserCredentials[];
  password: string;
  clientId: string;
  clientSecret: string;
  /** The services, for in-process tests and tools. */
  org: LocalOrg;
  /** Issues a new access token for a user (by username or Id). */
  tokenFor(user: string): string;
  /** Issues a refresh token for a user (by username or Id). */
  refreshTokenFor(user: string): string;
  outbox(): OutboxMessage[];
  /** The fault injector (stats, expireSessions()); inert without faults. */
  faults: FaultInjector;
  /** The Bulk API 2.0 service (settings, jobs). */
  bulk: BulkService;
  close(): Promise<void>;
}

export function resolveSeed(seed: SeedSpec | string | undefined): SeedSpec {
  if (seed === undefined) return { kind: 'demo', leads: 5000 };
  if (typeof seed !== 'string') return seed;
  const spec = parseSeedSpec(seed);
  if (!spec) throw new Error(`unknown seed '${seed}': use demo, none or leads=N`);
  return spec;
}

export async function startLocalOrg(options: LocalOrgOptions = {}): Promise<RunningLocalOrg> {
  const log = options.log ?? (() => undefined);
  const now = options.now ?? (() => new Date());
  const password = options.password ?? DEFAULT_PASSWORD;
  // Bad fault specs or Bulk settings fail before anything is opened.
  const faultSpecs = parseFaultSpecs(options.faults ?? []);
  const bulkSettings = resolveBulkSettings(options.bulk);
  const choices = resolveChoices(options.choices);
  const path = options.memory
    ? ':memory:'
    : join(resolve(options.dataDir ?? DEFAULT_DATA_DIR), 'org.db');
  const store = new Store(path, standardCatalog());
  try {
    if (!isSeeded(store)) {
      if (store.get('SELECT 1 AS found FROM "Organization" LIMIT 1')) {
        throw new Error(
          `${path} holds an incompletely seeded org (seeding was interrupted): delete it and start again`,
        );
      }
      const spec = resolveSeed(options.seed);
      const started = Date.now();
      store.bulkLoad(() => {
        const identity = options.identity ?? (options.memory ? 'default' : 'fresh');
        seedOrg(
          store,
          spec,
          now(),
          password,
          identity === 'fresh' ? freshIdentity() : DEFAULT_IDENTITY,
        );
        store.createIndexes();
      });
      log(
        `seeded ${spec.kind === 'demo' ? `demo with ${spec.leads} leads` : 'an empty org'} in ${Date.now() - started}ms`,
      );
    } else {
      log(`using the org in ${path}`);
    }
    store.createIndexes();
    ensurePlatformData(store, now());
  } catch (error) {
    store.close();
    throw error;
  }

  const org = new LocalOrg(store, {
    apiLimit: options.apiLimit ?? DEFAULT_API_LIMIT,
    now,
    log,
    choices,
    batchPhaseMs: options.batchPhaseMs,
  });
  const faults = new FaultInjector(faultSpecs, { store, seed: options.faultSeed, log });
  if (faultSpecs.some((f) => f.kind === 'lock-rows')) {
    org.dml.lockContention = (id) => faults.lockContention(id);
  }
  const bulk = bulkServiceFor(org, { settings: bulkSettings, faults });
  const server = await startServer(
    org,
    routes(org),
    options.port ?? 0,
    faults.active ? faults.serverHooks() : {},
  );
  faults.start();
  if (faults.active) log(`faults: ${faultSpecs.map((f) => f.kind).join(', ')}`);
  const chosen = CHOICE_NAMES.filter((n) => choices[n] !== CHOICES[n].default);
  if (chosen.length) log(`choices: ${chosen.map((n) => `${n}=${choices[n]}`).join(', ')}`);
  const seeded = seededUsers(store);
  if (options.deploy?.length) {
    const adminSession = org.sessionForUser(seeded.adminId)!;
    try {
      const started = Date.now();
      if (await deployPackage(org, adminSession, options.deploy))
        log(`deployed the package in ${Date.now() - started}ms`);
    } catch (error) {
      await server.close();
      store.close();
      throw error;
    }
  }
  const userId = (user: string): string => {
    const found = seeded.users.find(
      (u) => u.userId === user || u.username.toLowerCase() === user.toLowerCase(),
    );
    const id =
      found?.userId ??
      String(
        store.get(
          'SELECT "Id" FROM "User" WHERE "Id" = ? OR lower("Username") = lower(?)',
          user,
          user,
        )?.Id ?? '',
      );
    if (!id) throw new Error(`no user ${user}`);
    return id;
  };
  const tokenFor = (user: string): string =>
    issueToken(store, seeded.orgId, userId(user), 'access', LOCAL_CLIENT_ID);
  const users: UserCredentials[] = seeded.users.map((u) => ({
    ...u,
    accessToken: u.active ? tokenFor(u.userId) : null,
  }));
  const admin = users.find((u) => u.userId === seeded.adminId)!;
  log(`local org listening on ${server.url}`);
  let closed = false;
  return {
    url: server.url,
    port: server.port,
    orgId: seeded.orgId,
    admin: { ...admin, accessToken: admin.accessToken! },
    users,
    password,
    clientId: LOCAL_CLIENT_ID,
    clientSecret: LOCAL_CLIENT_SECRET,
    org,
    tokenFor,
    refreshTokenFor: (user) =>
      issueToken(store, seeded.orgId, userId(user), 'refresh', LOCAL_CLIENT_ID),
    outbox: () => listOutbox(store),
    faults,
    bulk,
    close: async () => {
      if (closed) return;
      closed = true;
      faults.stop();
      await server.close();
      await bulk.close();
      store.close();
      log('local org stopped');
    },
  };
}
