/**
 * A demo org in this process with only the Bulk API 2.0 ingest routes, called without a socket:
 * each request goes through the router, the route handlers and the error mapping the server uses,
 * so the ingest code runs exactly as over HTTP, in milliseconds (fast enough for mutation testing).
 */
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { Session } from '../../localorg/auth/session.ts';
import { bulkServiceFor } from '../../localorg/bulk/service.ts';
import type { BulkService } from '../../localorg/bulk/service.ts';
import { registerIngestRoutes } from '../../localorg/bulk/ingest/routes.ts';
import { resolveBulkSettings } from '../../localorg/bulk/settings.ts';
import type { BulkSettings } from '../../localorg/bulk/settings.ts';
import { standardCatalog } from '../../localorg/catalog/index.ts';
import type { FieldDef } from '../../localorg/catalog/index.ts';
import { FaultInjector } from '../../localorg/faults/injector.ts';
import { parseFaultSpecs } from '../../localorg/faults/spec.ts';
import { Router } from '../../localorg/http/router.ts';
import { errorResponse, parseJsonBody, resolveRoute } from '../../localorg/http/server.ts';
import type { RequestContext } from '../../localorg/http/types.ts';
import { applySchemaChange, ensureSchemaTable } from '../../localorg/metadata/org/customSchema.ts';
import { LocalOrg } from '../../localorg/org.ts';
import { ensurePlatformData } from '../../localorg/platformData.ts';
import { seedOrg, seededUsers } from '../../localorg/seed/index.ts';
import type { SeededUser } from '../../localorg/seed/index.ts';
import { Store } from '../../localorg/store/store.ts';

/** The fixed clock of support/org.ts (not imported: that module loads jsforce and the whole server). */
const NOW = new Date('2026-01-10T19:31:08.000Z');

export interface InProcessResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as sent (gzipped when the response says so). */
  bytes: Buffer;
  text: string;
}

export interface IngestOrg {
  org: LocalOrg;
  bulk: BulkService;
  users: SeededUser[];
  /** A session of a seeded user (by Id). */
  session(userId: string): Session;
  admin: Session;
  /** One request as a client would send it; `session` defaults to the admin's. */
  call(
    method: string,
    path: string,
    init?: { body?: string | Buffer; headers?: Record<string, string>; session?: Session },
  ): Promise<InProcessResponse>;
  close(): Promise<void>;
}

export interface IngestOrgOptions {
  leads?: number;
  bulk?: Partial<BulkSettings>;
  faults?: string[];
  /** Custom fields added as a metadata deploy adds them (table column and catalogue entry). */
  customFields?: { object: string; fields: FieldDef[] }[];
  /** The org's log lines (the command prints them on stderr). */
  log?: (line: string) => void;
}

export async function startIngestOrg(options: IngestOrgOptions = {}): Promise<IngestOrg> {
  const store = new Store(':memory:', standardCatalog());
  store.bulkLoad(() => {
    seedOrg(store, { kind: 'demo', leads: options.leads ?? 40 }, NOW, 'unused-password');
    store.createIndexes();
  });
  ensurePlatformData(store, NOW);
  const org = new LocalOrg(store, {
    apiLimit: 15000,
    now: () => NOW,
    log: options.log ?? (() => undefined),
  });
  const faults = new FaultInjector(parseFaultSpecs(options.faults ?? []), { store, seed: 1 });
  const bulk = bulkServiceFor(org, {
    settings: resolveBulkSettings(options.bulk),
    faults,
  });
  const router = new Router();
  registerIngestRoutes(router, bulk);
  const seeded = seededUsers(store);
  const session = (userId: string): Session => {
    const found = org.sessionForUser(userId);
    if (!found) throw new Error(`no session for ${userId}`);
    return found;
  };
  const admin = session(seeded.adminId);
  if (options.customFields?.length) ensureSchemaTable(store);
  for (const { object, fields } of options.customFields ?? []) {
    applySchemaChange(org, { objectName: object, fields })();
  }

  const call: IngestOrg['call'] = async (method, path, init = {}) => {
    const [pathname, search = ''] = path.split('?');
    const headers = Object.fromEntries(
      Object.entries(init.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const req = Readable.from(init.body === undefined ? [] : [Buffer.from(init.body)]);
    Object.assign(req, { headers });
    try {
      const match = resolveRoute(router, method, pathname);
      let body: Promise<Buffer> | null = null;
      const ctx: RequestContext = {
        req: req as unknown as IncomingMessage,
        method,
        path: pathname,
        params: match.params,
        query: new URLSearchParams(search),
        headers,
        apiVersion: match.apiVersion,
        session: init.session ?? admin,
        baseUrl: '',
        body: () =>
          (body ??= Readable.from(req)
            .toArray()
            .then((c) => Buffer.concat(c))),
        json: async () => parseJsonBody((await ctx.body()).toString('utf8')),
      };
      const response = await match.handler(ctx);
      const bytes = response.stream
        ? await buffer(response.stream)
        : Buffer.from(
            response.text ?? (response.body === undefined ? '' : JSON.stringify(response.body)),
          );
      const sent: Record<string, string> = {};
      if (response.contentType) sent['content-type'] = response.contentType;
      for (const [name, value] of Object.entries(response.headers ?? {})) {
        sent[name.toLowerCase()] = value;
      }
      return { status: response.status, headers: sent, bytes, text: bytes.toString('utf8') };
    } catch (error) {
      const response = errorResponse(org, error, method, path);
      const bytes = Buffer.from(JSON.stringify(response.body));
      return { status: response.status, headers: {}, bytes, text: bytes.toString('utf8') };
    }
  };

  return {
    org,
    bulk,
    users: seeded.users,
    session,
    admin,
    call,
    close: async () => {
      await bulk.close();
      store.close();
    },
  };
}
