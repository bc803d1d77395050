import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { startTestOrg, userOf } from '../support/org.ts';
import { api } from '../support/query.ts';

const run = promisify(execFile);

async function token(
  org: RunningLocalOrg,
  form: Record<string, string>,
): Promise<{ status: number; body: Record<string, string> }> {
  const res = await fetch(`${org.url}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe('OAuth, identity and real clients', () => {
  let org: RunningLocalOrg;
  before(async () => {
    org = await startTestOrg();
  });
  after(() => org.close());

  it('logs jsforce in with the OAuth password flow', async () => {
    const conn = new Connection({
      oauth2: { clientId: org.clientId, clientSecret: org.clientSecret, loginUrl: org.url },
      version: '62.0',
    });
    const info = await conn.login(org.admin.username, org.password);
    assert.equal(info.id, org.admin.userId);
    assert.equal(info.organizationId, org.orgId);
    assert.equal(conn.instanceUrl, org.url);
    assert.match(conn.accessToken ?? '', /^00D[0-9A-Za-z]{12}!AQ[0-9A-Za-z._]+$/);
    assert.equal((await conn.query('SELECT COUNT() FROM Lead')).totalSize, 5000);
    const wrong = await token(org, {
      grant_type: 'password',
      client_id: org.clientId,
      client_secret: org.clientSecret,
      username: org.admin.username,
      password: 'nope',
    });
    assert.deepEqual(wrong, {
      status: 400,
      body: { error: 'invalid_grant', error_description: 'authentication failure' },
    });
  });

  it('answers the token endpoint with the shape clients expect', async () => {
    const manager = userOf(org, 'channel-manager');
    const res = await token(org, {
      grant_type: 'password',
      client_id: org.clientId,
      client_secret: org.clientSecret,
      username: manager.username,
      password: org.password,
    });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body).sort(), [
      'access_token',
      'id',
      'instance_url',
      'issued_at',
      'signature',
      'token_type',
    ]);
    assert.equal(res.body.id, `${org.url}/id/${org.orgId}/${manager.userId}`);
    assert.equal(res.body.token_type, 'Bearer');
    assert.match(res.body.issued_at, /^\d{13}$/);
    const creds = await token(org, {
      grant_type: 'client_credentials',
      client_id: org.clientId,
      client_secret: org.clientSecret,
    });
    assert.equal(creds.status, 200);
    assert.ok(creds.body.id.endsWith(`/${org.admin.userId}`));
    const badClient = await token(org, {
      grant_type: 'password',
      client_id: 'nobody',
      username: 'x',
      password: 'y',
    });
    assert.equal(badClient.body.error, 'invalid_client_id');
  });

  it('refreshes an expired session with the refresh_token grant (jsforce refreshFn)', async () => {
    const refreshToken = org.refreshTokenFor(org.admin.username);
    const conn = new Connection({
      oauth2: { clientId: org.clientId, clientSecret: org.clientSecret, loginUrl: org.url },
      instanceUrl: org.url,
      accessToken: '00D000000000001!AQexpired',
      refreshToken,
      version: '62.0',
    });
    let refreshed = '';
    conn.on('refresh', (accessToken: string) => {
      refreshed = accessToken;
    });
    assert.equal((await conn.query('SELECT COUNT() FROM Account')).totalSize, 12);
    assert.match(refreshed, /^00D/);
  });

  it('serves userinfo and the identity URL', async () => {
    const info = await api(org, '/services/oauth2/userinfo');
    const body = info.body as Record<string, unknown>;
    assert.equal(body.user_id, org.admin.userId);
    assert.equal(body.organization_id, org.orgId);
    assert.equal(body.preferred_username, org.admin.username);
    const identity = await api(org, `/id/${org.orgId}/${org.admin.userId}`);
    assert.equal((identity.body as Record<string, unknown>).username, org.admin.username);
    const user = await api(org, `/services/data/v51.0/sobjects/User/${org.admin.userId}`);
    assert.equal((user.body as Record<string, unknown>).Username, org.admin.username);
  });

  it('gives each user a token of its own and ends sessions of deactivated users', async () => {
    const partner = userOf(org, 'partner');
    const mine = await api(org, '/services/oauth2/userinfo', { token: partner.accessToken! });
    assert.equal((mine.body as Record<string, unknown>).user_id, partner.userId);
    const extra = org.tokenFor(partner.username);
    const admin = new Connection({
      instanceUrl: org.url,
      accessToken: org.admin.accessToken,
      version: '62.0',
    });
    await admin.sobject('User').update({ Id: partner.userId, IsActive: false });
    assert.equal((await api(org, '/services/oauth2/userinfo', { token: extra })).status, 401);
  });

  it('works with @salesforce/core: AuthInfo from an access token, Org and Connection', async () => {
    const home = await mkdtemp(join(tmpdir(), 'localorg-core-'));
    try {
      const { stdout } = await run(
        process.execPath,
        [join(import.meta.dirname, 'fixtures', 'core-client.ts')],
        {
          env: {
            ...process.env,
            HOME: home,
            SF_DISABLE_TELEMETRY: 'true',
            SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
            LOCALORG_URL: org.url,
            LOCALORG_TOKEN: org.admin.accessToken,
          },
          timeout: 30_000,
        },
      );
      const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
      assert.equal(result.username, org.admin.username);
      assert.equal(result.orgId, org.orgId);
      assert.equal(result.apiVersion, '65.0', 'core picks the newest advertised version');
      assert.equal(result.rows, 5);
      assert.equal(typeof result.owner, 'string');
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
