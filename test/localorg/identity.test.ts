/**
 * Each local org has its own identity (issue 12, item 5): two file-backed orgs get distinct org
 * Ids and admin usernames, so the real sf CLI keeps both logins side by side under two aliases
 * (it files logins by username); a data folder keeps its identity across restarts; in-memory
 * orgs keep the fixed default unless asked for a fresh one.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startLocalOrg } from '../../localorg/main.ts';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { ADMIN_USERNAME, DEFAULT_ORG_ID } from '../../localorg/seed/base.ts';
import { cliEnv, run, sfLogin } from '../support/cli.ts';

const SF = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'sf');

interface QueryJson {
  status: number;
  result?: { records: Record<string, unknown>[] };
  message?: string;
}

describe('two file-backed local orgs logged in side by side with the sf CLI', () => {
  let dirA: string;
  let dirB: string;
  let orgA: RunningLocalOrg;
  let orgB: RunningLocalOrg;
  let env: NodeJS.ProcessEnv;

  const sf = async (args: string[]): Promise<{ code: number | null; json: QueryJson }> => {
    const result = await run(process.execPath, [SF, ...args, '--json'], {
      ...env,
      SF_DISABLE_LOG_FILE: 'true',
      FORCE_COLOR: '0',
    });
    try {
      return { code: result.code, json: JSON.parse(result.stdout) as QueryJson };
    } catch {
      throw new Error(`sf printed no JSON (exit ${result.code}): ${result.stderr}${result.stdout}`);
    }
  };
  const whoAmI = async (alias: string) => {
    const { code, json } = await sf([
      'data',
      'query',
      '-o',
      alias,
      '-q',
      'SELECT Id, Name FROM Organization',
    ]);
    assert.equal(code, 0, JSON.stringify(json));
    return json.result!.records[0];
  };

  before(async () => {
    dirA = await mkdtemp(join(tmpdir(), 'lo-identity-a-'));
    dirB = await mkdtemp(join(tmpdir(), 'lo-identity-b-'));
    orgA = await startLocalOrg({ dataDir: dirA, seed: 'none' });
    orgB = await startLocalOrg({ dataDir: dirB, seed: 'none' });
    env = cliEnv();
  });
  after(async () => {
    await orgA?.close();
    await orgB?.close();
    await rm(dirA, { recursive: true, force: true });
    await rm(dirB, { recursive: true, force: true });
  });

  it('gives each data folder its own org Id and admin username', () => {
    assert.notEqual(orgA.orgId, orgB.orgId);
    assert.notEqual(orgA.admin.username, orgB.admin.username);
    for (const org of [orgA, orgB]) {
      assert.match(org.orgId, /^00D[0-9A-Za-z]{15}$/);
      assert.notEqual(org.orgId, DEFAULT_ORG_ID);
      assert.match(org.admin.username, /^admin-[a-z0-9]{8}@channelkit\.localorg$/);
      assert.ok(org.admin.accessToken.startsWith(`${org.orgId.slice(0, 15)}!AQ`));
    }
  });

  it('keeps both aliases: each answers as its own org', async () => {
    await sfLogin(env, orgA.url, orgA.admin.accessToken, 'first');
    await sfLogin(env, orgB.url, orgB.admin.accessToken, 'second');
    assert.equal((await whoAmI('first')).Id, orgA.orgId);
    assert.equal((await whoAmI('second')).Id, orgB.orgId);
    const list = await run(process.execPath, [SF, 'org', 'list', '--all', '--json'], env);
    const orgs = (
      JSON.parse(list.stdout) as {
        result: { other: { alias?: string; username: string; orgId: string }[] };
      }
    ).result.other;
    const byAlias = new Map(orgs.map((o) => [o.alias, o]));
    assert.equal(byAlias.get('first')?.username, orgA.admin.username);
    assert.equal(byAlias.get('first')?.orgId, orgA.orgId);
    assert.equal(byAlias.get('second')?.username, orgB.admin.username);
    assert.equal(byAlias.get('second')?.orgId, orgB.orgId);
  });

  it('keeps a data folder identity (and its logins) across a restart', async () => {
    const { orgId, port } = orgA;
    const username = orgA.admin.username;
    await orgA.close();
    orgA = await startLocalOrg({ dataDir: dirA, port });
    assert.equal(orgA.orgId, orgId);
    assert.equal(orgA.admin.username, username);
    // The alias saved before the restart still works: same URL, same stored token.
    assert.equal((await whoAmI('first')).Id, orgId);
    assert.equal((await whoAmI('second')).Id, orgB.orgId);
  });
});

describe('in-memory local orgs', () => {
  it('keep the default identity, or a fresh one when asked', async () => {
    const plain = await startLocalOrg({ memory: true, seed: 'none' });
    const fresh = await startLocalOrg({ memory: true, seed: 'none', identity: 'fresh' });
    try {
      assert.equal(plain.orgId, DEFAULT_ORG_ID);
      assert.equal(plain.admin.username, ADMIN_USERNAME);
      assert.notEqual(fresh.orgId, DEFAULT_ORG_ID);
      assert.match(fresh.admin.username, /^admin-[a-z0-9]{8}@channelkit\.localorg$/);
    } finally {
      await plain.close();
      await fresh.close();
    }
  });
});
