/**
 * The Connect REST API's site resources (Connect REST API Developer Guide, "Communities
 * Resources"): `GET /connect/communities` (optionally `?status=`), `GET
 * /connect/communities/{id}` (a Community: id, name, description, status, urlPathPrefix,
 * sendWelcomeEmail, siteUrl, url) and `POST /connect/communities/{id}/publish` (a Community
 * Publish: id, message, name, url). An administrator sees every site; another user sees the live
 * sites they are a member of. Publishing, as the guide's message says, is confirmed by e-mail
 * when the changes are live: the local org sends that e-mail to the publisher's outbox once the
 * request has been answered.
 */
import { ApiError } from '../errors.ts';
import type { Router } from '../http/router.ts';
import type { RequestContext } from '../http/types.ts';
import { sessionOf, versionOf } from '../http/types.ts';
import type { LocalOrg } from '../org.ts';
import { sendEmail } from '../outbox.ts';
import type { Row } from '../store/store.ts';

const STATUSES = ['Live', 'Inactive', 'UnderConstruction'];
export const PUBLISH_MESSAGE =
  'We are publishing your changes now. You will receive an email confirmation when your changes are live.';

interface Community {
  id: string;
  name: string;
  description: string | null;
  status: string;
  urlPathPrefix: string | null;
  sendWelcomeEmail: boolean;
  siteUrl: string;
  url: string;
}

function communityOf(ctx: RequestContext, row: Row): Community {
  const prefix = row.UrlPathPrefix === null ? null : String(row.UrlPathPrefix);
  return {
    id: String(row.Id),
    name: String(row.Name),
    description: row.Description === null ? null : String(row.Description),
    // The Connect API has no DownForMaintenance; a site down for maintenance is not live.
    status: row.Status === 'DownForMaintenance' ? 'Inactive' : String(row.Status),
    urlPathPrefix: prefix,
    sendWelcomeEmail: row.OptionsSendWelcomeEmail === 1,
    siteUrl: prefix ? `${ctx.baseUrl}/${prefix}` : ctx.baseUrl,
    url: `/services/data/v${versionOf(ctx)}/connect/communities/${String(row.Id)}`,
  };
}

/** The sites the caller may see: all for an administrator, else live sites they belong to. */
function visibleSites(org: LocalOrg, ctx: RequestContext, id?: string): Row[] {
  const session = sessionOf(ctx);
  const byId = id ? ' AND n."Id" = ?' : '';
  const args = id ? [id] : [];
  if (session.isAdmin) {
    return org.store.all(`SELECT * FROM "Network" n WHERE 1 = 1${byId} ORDER BY n."Name"`, ...args);
  }
  return org.store.all(
    `SELECT n.* FROM "Network" n WHERE n."Status" = 'Live'
        AND EXISTS (SELECT 1 FROM "NetworkMember" m WHERE m."NetworkId" = n."Id" AND m."MemberId" = ?)${byId}
      ORDER BY n."Name"`,
    session.userId,
    ...args,
  );
}

function siteOr404(org: LocalOrg, ctx: RequestContext): Row {
  const row = visibleSites(org, ctx, ctx.params.id)[0];
  if (!row) throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
  return row;
}

export function registerConnectSiteRoutes(router: Router, org: LocalOrg): void {
  router.get('/services/data/:version/connect/communities', (ctx) => {
    const status = ctx.query.get('status');
    if (status !== null && !STATUSES.includes(status)) {
      throw new ApiError(
        400,
        'INVALID_PARAMETER_VALUE',
        `Invalid parameter value "${status}" for parameter "status": expected one of ${STATUSES.join(', ')}.`,
      );
    }
    const communities = visibleSites(org, ctx)
      .map((row) => communityOf(ctx, row))
      .filter((c) => status === null || c.status === status);
    return { status: 200, body: { communities, total: communities.length } };
  });

  router.get('/services/data/:version/connect/communities/:id', (ctx) => ({
    status: 200,
    body: communityOf(ctx, siteOr404(org, ctx)),
  }));

  router.post('/services/data/:version/connect/communities/:id/publish', (ctx) => {
    const session = sessionOf(ctx);
    if (!session.isAdmin) {
      throw new ApiError(
        403,
        'INSUFFICIENT_ACCESS',
        'You do not have permission to publish this site',
      );
    }
    const site = communityOf(ctx, siteOr404(org, ctx));
    setImmediate(() => {
      if (!org.store.db.isOpen) return;
      const admin = org.store.get('SELECT "Email" FROM "User" WHERE "Id" = ?', session.userId);
      sendEmail(
        org.store,
        {
          kind: 'site-published',
          toUserId: session.userId,
          toAddress: String(admin?.Email ?? session.username),
          subject: `Your changes to ${site.name} are live`,
          body: `The changes you published to ${site.name} are live at ${site.siteUrl}.`,
        },
        org.now(),
      );
    });
    return {
      status: 200,
      body: { id: site.id, message: PUBLISH_MESSAGE, name: site.name, url: site.siteUrl },
    };
  });
}
