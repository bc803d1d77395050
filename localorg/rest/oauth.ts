/**
 * OAuth 2.0 and identity: `POST /services/oauth2/token` (password, refresh_token,
 * client_credentials), `/services/oauth2/userinfo`, `/id/{orgId}/{userId}` and revoke.
 */
import { createHmac } from 'node:crypto';
import { findClient } from '../auth/clients.ts';
import type { OAuthClient } from '../auth/clients.ts';
import { checkPassword } from '../auth/passwords.ts';
import { issueToken, lookupToken, revokeToken } from '../auth/tokens.ts';
import { formatDateTime } from '../dates.ts';
import { notFound } from '../errors.ts';
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

/** Identity details shared by userinfo and the identity URL. */
function identity(org: LocalOrg, user: Row, baseUrl: string): Record<string, unknown> {
  const orgId = org.orgId();
  const userId = String(user.Id);
  const v = '65.0';
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
    users: `${baseUrl}/services/data/v${v}/chatter/users`,
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
    active: user.IsActive === 1,
    user_type: String(user.UserType ?? 'STANDARD').toUpperCase(),
    language: user.LanguageLocaleKey,
    locale: user.LocaleSidKey,
    utcOffset: 0,
    last_modified_date: user.LastModifiedDate,
    is_app_installed: true,
    urls,
  };
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

  router.get('/id/:orgId/:userId', (ctx) => {
    const session = sessionOf(ctx);
    const orgId = normalizeId(ctx.params.orgId);
    const userId = normalizeId(ctx.params.userId);
    if (orgId !== session.orgId || !userId) throw notFound();
    return { status: 200, body: identity(org, userRow(userId), ctx.baseUrl) };
  });
}
