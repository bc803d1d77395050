/** The local org serving the browser preview: static files, no traversal, personas, log-in. */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../../localorg/http/server.ts';
import type { ServerHandle } from '../../localorg/http/server.ts';
import { Router } from '../../localorg/http/router.ts';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { registerPreviewRoutes } from '../../localorg/preview.ts';
import type { PreviewPersona } from '../../localorg/preview.ts';
import { startTestOrg } from '../support/org.ts';

/** A raw GET, so paths with `..` reach the server exactly as written. */
function get(
  base: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/`, { method: 'GET', path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('preview routes', () => {
  let org: RunningLocalOrg;
  let work: string;
  let built: ServerHandle;
  let unbuilt: ServerHandle;

  before(async () => {
    org = await startTestOrg({ seed: 'leads=20' });
    work = mkdtempSync(join(tmpdir(), 'preview-routes-'));
    const dist = join(work, 'dist');
    mkdirSync(join(dist, 'assets', 'styles'), { recursive: true });
    mkdirSync(join(dist, 'assets', 'icons', 'utility-sprite', 'svg'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>preview</title>');
    writeFileSync(join(dist, 'app.js'), 'console.log(1);');
    writeFileSync(join(dist, 'notes.ts'), 'secret source');
    writeFileSync(join(dist, 'assets', 'styles', 'slds.css'), 'body{}');
    writeFileSync(join(dist, 'assets', 'icons', 'utility-sprite', 'svg', 'symbols.svg'), '<svg/>');
    writeFileSync(join(work, 'secret.js'), 'outside the preview');
    const serve = (root: string) => {
      const router = new Router();
      registerPreviewRoutes(router, org.org, root);
      return startServer(org.org, router, 0);
    };
    built = await serve(dist);
    unbuilt = await serve(join(work, 'missing'));
  });

  after(async () => {
    await built?.close();
    await unbuilt?.close();
    await org?.close();
    rmSync(work, { recursive: true, force: true });
  });

  test('serves index.html at /preview/ with its type, a CSP and an ETag that revalidates', async () => {
    const page = await get(built.url, '/preview/');
    assert.equal(page.status, 200);
    assert.equal(page.body, '<!doctype html><title>preview</title>');
    assert.equal(page.headers['content-type'], 'text/html;charset=UTF-8');
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    const again = await get(built.url, '/preview', { 'If-None-Match': String(page.headers.etag) });
    assert.equal(again.status, 304);
    assert.equal(again.body, '');
  });

  test('serves the bundle and the SLDS assets with their content types', async () => {
    const cases: [string, string, string][] = [
      ['/preview/app.js', 'text/javascript;charset=UTF-8', 'console.log(1);'],
      ['/assets/styles/slds.css', 'text/css;charset=UTF-8', 'body{}'],
      ['/assets/icons/utility-sprite/svg/symbols.svg', 'image/svg+xml', '<svg/>'],
    ];
    for (const [path, type, body] of cases) {
      const res = await get(built.url, path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers['content-type'], type, path);
      assert.equal(res.body, body, path);
    }
  });

  test('never serves a file outside the folder, nor a type it does not know', async () => {
    for (const path of [
      '/preview/../secret.js',
      '/preview/%2e%2e/secret.js',
      '/preview/..%2Fsecret.js',
      '/preview/%2e%2e%2fsecret.js',
      '/assets/..%2F..%2Fsecret.js',
      '/preview/..%5Csecret.js',
      '/preview/notes.ts',
      '/preview/missing.js',
    ]) {
      const res = await get(built.url, path);
      assert.equal(res.status, 404, path);
      assert.doesNotMatch(res.body, /outside the preview|secret source/, path);
    }
  });

  test('says how to build the preview when it is not built', async () => {
    const res = await get(unbuilt.url, '/preview/');
    assert.equal(res.status, 404);
    assert.match(res.body, /npm run build:preview/);
  });

  test('sends a browser at / to /preview/', async () => {
    const res = await get(built.url, '/');
    assert.equal(res.status, 302);
    assert.equal(res.headers.location, '/preview/');
  });

  test('leaves the API routes alone: an unknown API path is still Salesforce’s JSON 404', async () => {
    const res = await get(org.url, '/services/data/v62.0/nothing-here');
    assert.equal(res.status, 404);
    assert.equal(JSON.parse(res.body)[0].errorCode, 'NOT_FOUND');
  });

  test('lists the demo personas, and each logs in through the OAuth password flow', async () => {
    const res = await get(org.url, '/preview/personas.json');
    assert.equal(res.status, 200);
    const { personas } = JSON.parse(res.body) as { personas: PreviewPersona[] };
    assert.deepEqual(
      personas.map((p) => [p.id, p.role]),
      [
        ['channel-manager', 'Channel manager'],
        ['partner', 'Partner user'],
        ['partner-colleague', 'Partner colleague'],
        ['partner-other-account', 'Other partner'],
      ],
    );
    assert.equal(personas[0].name, 'Maya Chen');
    assert.equal(personas[0].username, 'maya.chen@channelkit.localorg');
    assert.equal(personas[0].siteName, null);
    // Two partners of one account who share its queue, and a partner of another account.
    assert.deepEqual(
      personas.slice(1).map((p) => [p.accountName, p.siteName]),
      [
        ['Northwind Traders', 'Partner Central'],
        ['Northwind Traders', 'Partner Central'],
        ['Contoso Ltd', 'Partner Central'],
      ],
    );
    assert.notEqual(personas[1].username, personas[2].username);
    const queuesOf = (username: string) =>
      org.org.store
        .all(
          `SELECT g."Name" FROM "GroupMember" m JOIN "Group" g ON g."Id" = m."GroupId"
             JOIN "User" u ON u."Id" = m."UserOrGroupId"
            WHERE g."Type" = 'Queue' AND u."Username" = ?`,
          username,
        )
        .map((row) => String(row.Name));
    assert.deepEqual(queuesOf(personas[1].username), ['Northwind Traders Leads']);
    assert.deepEqual(queuesOf(personas[2].username), ['Northwind Traders Leads']);
    assert.doesNotMatch(res.body, /token|password|secret/i);
    for (const persona of personas) {
      const login = await fetch(`${org.url}/services/oauth2/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'password',
          client_id: org.clientId,
          client_secret: org.clientSecret,
          username: persona.username,
          password: org.password,
        }),
      });
      assert.equal(login.status, 200, persona.username);
      const user = org.users.find((u) => u.username === persona.username);
      assert.equal(user?.kind, persona.id === 'channel-manager' ? 'channel-manager' : 'partner');
    }
  });

  test('lists no personas in an org without demo users', async () => {
    const empty = await startTestOrg({ seed: 'none' });
    try {
      const res = await get(empty.url, '/preview/personas.json');
      assert.deepEqual(JSON.parse(res.body), { personas: [] });
    } finally {
      await empty.close();
    }
  });
});
