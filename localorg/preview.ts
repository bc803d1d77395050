/**
 * The browser preview, served by the local org itself: `preview/dist` at `/preview/`, the SLDS
 * assets it copied at `/assets/` (where the base components look for icon sprites), the demo
 * personas at `/preview/personas.json`, and `/` sends a browser to `/preview/`. Same origin as
 * the APIs, so the page logs in and calls the Apex twins without CORS; loopback only, like the
 * whole server. No session needed: these are static files and demo usernames, never tokens.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Router } from './http/router.ts';
import type { HttpResponse, RequestContext } from './http/types.ts';
import type { LocalOrg } from './org.ts';

export const PREVIEW_DIST = fileURLToPath(new URL('../preview/dist/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html;charset=UTF-8',
  '.js': 'text/javascript;charset=UTF-8',
  '.map': 'application/json;charset=UTF-8',
  '.json': 'application/json;charset=UTF-8',
  '.css': 'text/css;charset=UTF-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/** What index.html may load: its own scripts only; LWC's synthetic shadow injects <style>. */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const notFound = (what: string): HttpResponse => ({
  status: 404,
  text: `${what}\n`,
  headers: { 'X-Content-Type-Options': 'nosniff' },
});

/** A file under root, or null when the path is not a plain relative path inside it. */
function safePath(root: string, relative: string): string | null {
  const parts = relative.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..' || /[\\\0]/.test(p))) return null;
  const path = resolve(root, ...parts);
  return path.startsWith(resolve(root) + sep) ? path : null;
}

/** A file's response, or null when there is no such file of a type we serve. */
async function serveFile(
  root: string,
  relative: string,
  ifNoneMatch: string | undefined,
): Promise<HttpResponse | null> {
  const path = safePath(root, relative);
  const type = path ? CONTENT_TYPES[extname(path).toLowerCase()] : undefined;
  const info = path && type ? await stat(path).catch(() => null) : null;
  if (!path || !type || !info?.isFile()) return null;
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const headers: Record<string, string> = {
    ETag: etag,
    // Revalidated on every load, so a rebuild shows at once.
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  };
  if (type.startsWith('text/html')) headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
  if (ifNoneMatch === etag) return { status: 304, text: '', headers };
  return { status: 200, text: await readFile(path), contentType: type, headers };
}

export type PreviewPersonaId =
  'channel-manager' | 'partner' | 'partner-colleague' | 'partner-other-account';

export interface PreviewPersona {
  id: PreviewPersonaId;
  role: string;
  name: string;
  username: string;
  accountName: string | null;
  /** The live partner site a partner persona belongs to (its shell's header); null for others. */
  siteName: string | null;
}

interface PartnerRow {
  Id: string;
  Name: string;
  Username: string;
  AccountId: string;
  AccountName: string;
  SiteName: string;
}

/**
 * The demo users the preview acts as: the channel manager Maya Chen; the first partner user of
 * the first partner account (active, has logged in, a member of a live site); a colleague of the
 * same account who shares a lead queue with that user (who sees the queue's leads too); and the
 * first such partner user of another account (who must see none of them).
 */
export function previewPersonas(org: LocalOrg): PreviewPersona[] {
  const personas: PreviewPersona[] = [];
  const manager = org.store.get(
    `SELECT "Name", "Username" FROM "User" WHERE lower("Username") = 'maya.chen@channelkit.localorg' AND "IsActive" = 1`,
  );
  if (manager) {
    personas.push({
      id: 'channel-manager',
      role: 'Channel manager',
      name: String(manager.Name),
      username: String(manager.Username),
      accountName: null,
      siteName: null,
    });
  }
  const partners = org.store.all(
    `SELECT u."Id", u."Name", u."Username", a."Id" AS "AccountId", a."Name" AS "AccountName",
            (SELECT n."Name" FROM "NetworkMember" m JOIN "Network" n ON n."Id" = m."NetworkId"
              WHERE m."MemberId" = u."Id" AND n."Status" = 'Live' ORDER BY n."Id" LIMIT 1) AS "SiteName"
       FROM "User" u JOIN "Account" a ON a."Id" = u."AccountId"
      WHERE u."UserType" = 'PowerPartner' AND u."IsActive" = 1 AND u."LastLoginDate" IS NOT NULL
      ORDER BY a."Id", u."Id"`,
  ) as unknown as PartnerRow[];
  const members = partners.filter((p) => p.SiteName !== null);
  const first = members[0];
  if (!first) return personas;
  const sharesQueueWithFirst = (userId: string): boolean =>
    org.store.get(
      `SELECT 1 FROM "GroupMember" mine
         JOIN "GroupMember" theirs ON theirs."GroupId" = mine."GroupId"
         JOIN "Group" q ON q."Id" = mine."GroupId" AND q."Type" = 'Queue'
        WHERE mine."UserOrGroupId" = ? AND theirs."UserOrGroupId" = ?`,
      first.Id,
      userId,
    ) !== undefined;
  const colleague = members.find(
    (p) => p.AccountId === first.AccountId && p.Id !== first.Id && sharesQueueWithFirst(p.Id),
  );
  const other = members.find((p) => p.AccountId !== first.AccountId);
  const partner = (id: PreviewPersonaId, role: string, row: PartnerRow): PreviewPersona => ({
    id,
    role,
    name: row.Name,
    username: row.Username,
    accountName: row.AccountName,
    siteName: row.SiteName,
  });
  personas.push(partner('partner', 'Partner user', first));
  if (colleague) personas.push(partner('partner-colleague', 'Partner colleague', colleague));
  if (other) personas.push(partner('partner-other-account', 'Other partner', other));
  return personas;
}

export function registerPreviewRoutes(router: Router, org: LocalOrg, root = PREVIEW_DIST): void {
  const open = { auth: false };
  const serve =
    (folder: string, file: (ctx: RequestContext) => string) =>
    async (ctx: RequestContext): Promise<HttpResponse> => {
      const header = ctx.headers['if-none-match'];
      const etag = Array.isArray(header) ? header[0] : header;
      const found = await serveFile(join(root, folder), file(ctx), etag);
      if (found) return found;
      const built = await stat(join(root, 'index.html')).catch(() => null);
      return notFound(
        built
          ? `Not found: ${ctx.path}`
          : 'The browser preview is not built yet: run `npm run build:preview` (npm start builds it).',
      );
    };
  router.get('/', () => ({ status: 302, text: '', headers: { Location: '/preview/' } }), open);
  router.get(
    '/preview/personas.json',
    () => ({ status: 200, body: { personas: previewPersonas(org) } }),
    open,
  );
  router.get(
    '/preview',
    serve('.', () => 'index.html'),
    open,
  );
  router.get(
    '/preview/*path',
    serve('.', (ctx) => ctx.params.path),
    open,
  );
  router.get(
    '/assets/*path',
    serve('assets', (ctx) => ctx.params.path),
    open,
  );
}
