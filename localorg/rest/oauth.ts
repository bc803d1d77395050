/**
 * OAuth 2.0 and identity: `POST /services/oauth2/token` (password, refresh_token,
 * client_credentials), `/services/oauth2/userinfo`, `/id/{orgId}/{userId}` (the identity URL,
 * which the version root lists as `identity` and jsforce's identity() reads) and revoke.
 */
import { createHmac } from 'node:crypto';
import { findClient } from '../auth/clients.ts';
import type { OAuthClient } from '../auth/clients.ts';
import { checkPassword } from '../auth/passwords.ts';
import { issueToken, lookupToken, revokeToken } from '../auth/tokens.ts';
import { formatDateTime } from '../dates.ts';
import { invalidSession, notFound } from '../errors.ts';
import { MAX_API_VERSION } from '../http/server.ts';
import { normalizeId } from '../ids.ts';
import type { Router } from '../http/router.ts';
import { sessionOf } from '../http/types.ts';
import type { HttpResponse, RequestContext } from '../http/types.ts';
import type { LocalOrg } from '../org.ts';
import type { Row } from '../store/store.ts';

const oauthError = (error: string, description: string, status = 400): HttpResponse => ({
  status,
  body: { error, error_description: description },
});

async function formParams(ctx: RequestContext): Promise<URLSearchParams> {
  const params = new URLSearchParams(ctx.query);
  const body = (await ctx.body()).toString('utf8');
  const type = String(ctx.headers['content-type'] ?? '');
  if (type.includes('application/json') && body.trim()) {
    for (const [k, v] of Object.entries(JSON.parse(body) as Record<string, unknown>))
      params.set(k, String(v));
  } else {
    for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
  }
  return params;
}

/**
 * Identity details shared by userinfo and the identity URL. `version` fills the API URLs; the
 * identity service leaves the literal `{version}` in them unless the caller asks for one.
 */
function identity(
  org: LocalOrg,
  user: Row,
  baseUrl: string,
  version: string = MAX_VERSION,
): Record<string, unknown> {
  const orgId = org.orgId();
  const userId = String(user.Id);
  const v = version;
  const urls = {
    enterprise: `${baseUrl}/services/Soap/c/${v}/${orgId}`,
    metadata: `${baseUrl}/services/Soap/m/${v}/${orgId}`,
    partner: `${baseUrl}/services/Soap/u/${v}/${orgId}`,
    rest: `${baseUrl}/services/data/v${v}/`,
    sobjects: `${baseUrl}/services/data/v${v}/sobjects/`,
    search: `${baseUrl}/services/data/v${v}/search/`,
    query: `${baseUrl}/services/data/v${v}/query/`,
    recent: `${baseUrl}/services/data/v${v}/recent/`,
    tooling_soap: `${baseUrl}/services/Soap/T/${v}/${orgId}`,
    tooling_rest: `${baseUrl}/services/data/v${v}/tooling/`,
    profile: `${baseUrl}/${userId}`,
    feeds: `${baseUrl}/services/data/v${v}/chatter/feeds`,
    groups: `${baseUrl}/services/data/v${v}/chatter/groups`,
    users: `${baseUrl}/services/data/v${v}/chatter/users`,
    feed_items: `${baseUrl}/services/data/v${v}/chatter/feed-items`,
    feed_elements: `${baseUrl}/services/data/v${v}/chatter/feed-elements`,
    custom_domain: baseUrl,
  };
  return {
    id: `${baseUrl}/id/${orgId}/${userId}`,
    asserted_user: true,
    user_id: userId,
    organization_id: orgId,
    username: String(user.Username),
    nick_name: String(user.CommunityNickname ?? ''),
    display_name: String(user.Name ?? ''),
    email: String(user.Email ?? ''),
    email_verified: true,
    first_name: user.FirstName,
    last_name: user.LastName,
    timezone: user.TimeZoneSidKey,
    photos: {
      picture: `${baseUrl}/profilephoto/005/F`,
      thumbnail: `${baseUrl}/profilephoto/005/T`,
    },
    addr_street: null,
    addr_city: null,
    addr_state: null,
    addr_country: null,
    addr_zip: null,
    mobile_phone: null,
    mobile_phone_verified: false,
    is_lightning_login_user: false,
    status: { created_date: null, body: null },
    urls,
    active: user.IsActive === 1,
    user_type: String(user.UserType ?? 'STANDARD').toUpperCase(),
    language: user.LanguageLocaleKey,
    locale: user.LocaleSidKey,
    utcOffset: 0,
    last_modified_date: user.LastModifiedDate,
    is_app_installed: true,
  };
}

const MAX_VERSION = `${MAX_API_VERSION}.0`;

/**
 * The identity service's `version` parameter: a version (`62.0` or `62`) or `latest`; without
 * one the URLs keep the literal `{version}`. The docs do not say what an unknown value does; the
 * local org ignores it like a missing one.
 */
function identityVersion(value: string | null): string {
  if (value === 'latest') return MAX_VERSION;
  const m = value ? /^(\d+)(?:\.0)?$/.exec(value) : null;
  return m ? `${Number(m[1])}.0` : '{version}';
}

export function registerOAuthRoutes(router: Router, org: LocalOrg): void {
  const tokenResponse = (
    ctx: RequestContext,
    userId: string,
    client: OAuthClient,
    extra: Record<string, string> = {},
  ) => {
    const orgId = org.orgId();
    const accessToken = issueToken(org.store, orgId, userId, 'access', client.clientId);
    const id = `${ctx.baseUrl}/id/${orgId}/${userId}`;
    const issuedAt = String(Date.now());
    const signature = createHmac('sha256', client.clientSecret ?? client.clientId)
      .update(id + issuedAt)
      .digest('base64');
    org.store.run(
      'UPDATE "User" SET "LastLoginDate" = ? WHERE "Id" = ?',
      formatDateTime(org.now()),
      userId,
    );
    return {
      status: 200,
      body: {
        access_token: accessToken,
        ...extra,
        signature,
        instance_url: ctx.baseUrl,
        id,
        token_type: 'Bearer',
        issued_at: issuedAt,
      },
      headers: { 'Cache-Control': 'no-cache,must-revalidate,max-age=0,no-store,private' },
    };
  };

  router.post(
    '/services/oauth2/token',
    async (ctx) => {
      const params = await formParams(ctx);
      const grant = params.get('grant_type');
      const clientId = params.get('client_id') ?? '';
      const client = findClient(org.store, clientId);
      if (!client) return oauthError('invalid_client_id', 'client identifier invalid');
      const secret = params.get('client_secret');
      const secretOk = client.clientSecret === null || secret === client.clientSecret;

      switch (grant) {
        case 'password': {
          if (!secretOk) return oauthError('invalid_client', 'invalid client credentials');
          const user = org.store.get(
            'SELECT "Id", "IsActive" FROM "User" WHERE lower("Username") = lower(?)',
            params.get('username') ?? '',
          );
          if (
            !user ||
            user.IsActive !== 1 ||
            !checkPassword(org.store, String(user.Id), params.get('password') ?? '')
          ) {
            return oauthError('invalid_grant', 'authentication failure');
          }
          return tokenResponse(ctx, String(user.Id), client);
        }
        case 'refresh_token': {
          const info = lookupToken(org.store, params.get('refresh_token') ?? '', 'refresh');
          if (
            !info ||
            !org.sessionForUser(info.userId) ||
            (info.clientId !== null && info.clientId !== client.clientId)
          ) {
            return oauthError('invalid_grant', 'expired access/refresh token');
          }
          if (!secretOk) return oauthError('invalid_client', 'invalid client credentials');
          return tokenResponse(ctx, info.userId, client, { scope: 'refresh_token api' });
        }
        case 'client_credentials': {
          if (client.clientSecret === null || !secretOk)
            return oauthError('invalid_client', 'invalid client credentials');
          if (!client.runAsUserId || !org.sessionForUser(client.runAsUserId)) {
            return oauthError('invalid_grant', 'no client credentials user enabled');
          }
          return tokenResponse(ctx, client.runAsUserId, client, { scope: 'api' });
        }
        default:
          return oauthError('unsupported_grant_type', 'grant type not supported');
      }
    },
    { auth: false },
  );

  router.post(
    '/services/oauth2/revoke',
    async (ctx) => {
      const params = await formParams(ctx);
      const ok = revokeToken(org.store, params.get('token') ?? '');
      return ok
        ? { status: 200, text: '' }
        : oauthError('unsupported_token_type', 'this token type is not supported');
    },
    { auth: false },
  );

  const userRow = (userId: string): Row => {
    const user = org.store.get('SELECT * FROM "User" WHERE "Id" = ?', userId);
    if (!user) throw notFound();
    return user;
  };

  router.get('/services/oauth2/userinfo', (ctx) => {
    const session = sessionOf(ctx);
    const info = identity(org, userRow(session.userId), ctx.baseUrl);
    return {
      status: 200,
      body: {
        sub: info.id,
        user_id: info.user_id,
        organization_id: info.organization_id,
        preferred_username: info.username,
        nickname: info.nick_name,
        name: info.display_name,
        email: info.email,
        email_verified: true,
        given_name: info.first_name,
        family_name: info.last_name,
        zoneinfo: info.timezone,
        profile: `${ctx.baseUrl}/${String(info.user_id)}`,
        picture: `${ctx.baseUrl}/img/userprofile/default_profile_200_v2.png`,
        address: {},
        urls: info.urls,
        active: info.active,
        user_type: info.user_type,
        language: info.language,
        locale: info.locale,
        utcOffset: 0,
        updated_at: info.last_modified_date,
        is_app_installed: true,
      },
    };
  });

  /**
   * The identity URL (Salesforce Help, "Identity URLs":
   * https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_using_openid.htm): the token
   * comes in the Authorization header or as the `oauth_token` parameter (jsforce's identity()
   * sends both, with `format=json`). The service also answers XML and URL-encoded forms; the local
   * org answers JSON only. The docs do not give the identity service's own error for a bad token;
   * the local org answers the REST API's 401 INVALID_SESSION_ID, which makes clients refresh.
   */
  router.get(
    '/id/:orgId/:userId',
    (ctx) => {
      const header = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(String(ctx.headers.authorization ?? ''));
      const token = header?.[1].trim() ?? ctx.query.get('oauth_token');
      const session = token ? org.sessionForToken(token) : undefined;
      if (!session) throw invalidSession();
      const orgId = normalizeId(ctx.params.orgId);
      const userId = normalizeId(ctx.params.userId);
      if (orgId !== session.orgId || !userId) throw notFound();
      const version = identityVersion(ctx.query.get('version'));
      return { status: 200, body: identity(org, userRow(userId), ctx.baseUrl, version) };
    },
    { auth: false },
  );
}
