/**
 * `npm start` (scripts/start.ts) as a person runs it: the local org on demo data with the package
 * deployed, registered with the real sf CLI under `channelkit-local`, the browser preview served,
 * the banner's commands pointing at things that exist, a clean stop on Ctrl+C; a bad PORT is
 * refused before anything starts.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Connection } from 'jsforce';
import { cliEnv, run } from '../support/cli.ts';
import { waitFor } from '../support/wait.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const START = join(ROOT, 'scripts', 'start.ts');
const SF = join(ROOT, 'node_modules', '.bin', 'sf');

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address && typeof address === 'object');
  return address.port;
}

/** `promise`, or a failure naming `what` once `ms` pass first. */
async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

interface Started {
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
  exited: Promise<number | null>;
}

function start(env: NodeJS.ProcessEnv, cwd: string): Started {
  const child = spawn(process.execPath, [START], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
  return { child, output: () => ({ stdout, stderr }), exited };
}

describe('npm start', () => {
  it('starts the demo org, logs the sf CLI in as channelkit-local, serves the preview and stops on Ctrl+C', async () => {
    const env = { ...cliEnv(), PORT: String(await freePort()) };
    const cwd = mkdtempSync(join(tmpdir(), 'channelkit-start-'));
    const started = start(env, cwd);
    let exitCode: number | null | undefined;
    void started.exited.then((code) => (exitCode = code));
    try {
      const banner = await waitFor(
        'the start banner',
        () => {
          const { stdout, stderr } = started.output();
          if (exitCode !== undefined)
            throw new Error(`npm start exited with ${exitCode}:\n${stdout}${stderr}`);
          return stdout.includes('Press Ctrl+C to stop.') && stdout;
        },
        { timeoutMs: 240_000, intervalMs: 100 },
      );
      const url = `http://127.0.0.1:${env.PORT}`;
      assert.match(banner, new RegExp(`^Channel Kit local org: ${url} \\(data in \\.localorg/`));
      assert.match(banner, new RegExp(`\nPreview: ${url}/preview/\n`), banner);
      assert.match(banner, /alias channelkit-local\. Try:/);

      // The sf CLI resolves the alias to this org, and its stored token works.
      const sf = async (args: string[]) => {
        const result = await run(process.execPath, [SF, ...args, '--json'], env);
        assert.equal(result.code, 0, result.stderr + result.stdout);
        return (JSON.parse(result.stdout) as { result: Record<string, string> }).result;
      };
      const display = await sf(['org', 'display', '-o', 'channelkit-local']);
      assert.equal(display.instanceUrl, url);
      assert.equal(display.connectedStatus, 'Connected');
      assert.match(banner, new RegExp(`as ${display.username.replace(/[.+]/g, '\\$&')}, alias`));
      const { accessToken } = await sf([
        'org',
        'auth',
        'show-access-token',
        '-o',
        'channelkit-local',
      ]);

      // What the banner's example commands use is there: the demo queues and the package's Apex.
      const conn = new Connection({
        instanceUrl: url,
        accessToken,
        version: '62.0',
      });
      const queues = await conn.query<{ Name: string }>(
        "SELECT Name FROM Group WHERE Type = 'Queue' AND Name IN ('Northwind Traders Leads', 'Contoso Ltd Leads') ORDER BY Name",
      );
      assert.deepEqual(
        queues.records.map((q) => q.Name),
        ['Contoso Ltd Leads', 'Northwind Traders Leads'],
      );
      const german = await conn.query("SELECT COUNT() FROM Lead WHERE Country = 'Germany'");
      assert.ok(german.totalSize > 0, 'demo leads in Germany for the reassign example');
      const tests = await conn.tooling.query<{ Name: string }>(
        "SELECT Name FROM ApexClass WHERE Name = 'LeadRouterTest'",
      );
      assert.equal(tests.totalSize, 1, 'the package is deployed');

      const preview = await fetch(`${url}/preview/`);
      assert.equal(preview.status, 200);
      assert.match(preview.headers.get('content-type') ?? '', /text\/html/);
      assert.match(await preview.text(), /<script[^>]+src=/);

      // The token is in the sf CLI's auth files, never on the screen.
      const { stdout, stderr } = started.output();
      assert.ok(!(stdout + stderr).includes(accessToken), 'no token printed');

      started.child.kill('SIGINT');
      assert.equal(await withDeadline(started.exited, 60_000, 'npm start to stop'), 0);
      assert.ok(readdirSync(join(cwd, '.localorg')).length > 0, 'data kept in .localorg/');
    } finally {
      if (exitCode === undefined) started.child.kill('SIGKILL');
    }
  });

  it('refuses a PORT that is not a port, before starting anything', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'channelkit-start-port-'));
    const started = start({ ...cliEnv(), PORT: '70000' }, cwd);
    assert.equal(await withDeadline(started.exited, 120_000, 'npm start to refuse'), 2);
    assert.equal(started.output().stderr, 'PORT must be a number from 0 to 65535; got "70000".\n');
    assert.equal(existsSync(join(cwd, '.localorg')), false, 'no org started');
  });
});
