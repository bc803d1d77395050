/**
 * The package as a user gets it (issue 10, "Runs from anywhere"): `npm pack`, `npm install
 * <tarball>` into an empty folder, then the installed `channelkit` (the compiled dist/, through
 * bin/channelkit.js, under node_modules where Node will not strip types) runs `--help`,
 * `org local` and `leads reassign --dry-run` against a local org, logged in with the sf CLI.
 *
 * npm and the installed CLI run on the pinned Node (this process's), as they would for a user on
 * Node 24. The install resolves the tarball's dependencies like any user's (no lockfile) but from
 * the machine's npm cache (--prefer-offline), which `npm ci` filled, so that it needs the
 * registry only for what the cache lacks: 11 s here (12 s with an empty cache). Also checked:
 * `npx --prefix <checkout> channelkit` from another folder, on the Node that runs npm itself
 * (the system's), prints no EBADENGINE warning.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { builtinModules } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { ReadyLine } from '../../localorg/command.ts';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { startTestOrg } from '../support/org.ts';
import { api } from '../support/query.ts';
import { cliEnv, run, sfLogin } from '../support/cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** The machine's npm cache, where `npm ci` left every dependency's tarball. */
const NPM_CACHE = process.env.npm_config_cache ?? join(homedir(), '.npm');

/**
 * The environment of a user's shell: none of the npm_* variables `npm run` / `npx` set for this
 * test (they would point npm at the checkout), a HOME of its own (no user .npmrc, a fresh sf
 * store), and the given PATH: its first Node runs npm and `#!/usr/bin/env node`.
 */
function userEnv(home: string, path: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(cliEnv()).filter(([name]) => !name.toLowerCase().startsWith('npm_')),
  );
  return { ...env, HOME: home, PATH: path };
}

const npmFlags = ['--cache', NPM_CACHE, '--no-audit', '--no-fund', '--no-update-notifier'];

interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}

/** Bare module names the compiled files import (`from 'x'`, `import('x')`), Node's own left out. */
function importedPackages(dir: string): Set<string> {
  const names = new Set<string>();
  const builtins = new Set(builtinModules);
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const match of text.matchAll(
      /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)'([^'.][^']*)'/g,
    )) {
      const specifier = match[1]!;
      if (specifier.startsWith('node:') || builtins.has(specifier)) continue;
      const parts = specifier.split('/');
      names.add(specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
    }
  }
  return names;
}

describe('the packed channelkit CLI, installed into an empty folder', () => {
  const work = mkdtempSync(join(tmpdir(), 'channelkit-pack-'));
  const folder = join(work, 'empty');
  const home = join(work, 'home');
  // The pinned Node first, as for a user whose Node is 24.
  const env = userEnv(home, [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter));
  const installed = join(folder, 'node_modules', 'channel-kit');
  const channelkitBin = join(folder, 'node_modules', '.bin', 'channelkit');
  let packed: Packed;
  let tarball: string;
  let installLog: string;
  let org: RunningLocalOrg;

  before(async () => {
    mkdirSync(folder);
    mkdirSync(home);
    // prepack builds dist/ (npm run build:cli) first.
    const pack = await run(
      'npm',
      ['pack', '--pack-destination', work, '--json', ...npmFlags],
      env,
      ROOT,
    );
    assert.equal(pack.code, 0, pack.stderr);
    packed = (JSON.parse(pack.stdout) as Packed[])[0]!;
    tarball = join(work, packed.filename);
    const install = await run(
      'npm',
      ['install', tarball, '--prefer-offline', ...npmFlags],
      env,
      folder,
    );
    installLog = install.stdout + install.stderr;
    assert.equal(install.code, 0, installLog);
  });

  after(async () => {
    await org?.close();
    // The install is 130 MB: leave none of it in the temporary folder.
    rmSync(work, { recursive: true, force: true });
  });

  it('packs the compiled CLI and its entry point, no TypeScript, and stays small', (t) => {
    const paths = packed.files.map((f) => f.path);
    assert.ok(paths.includes('bin/channelkit.js'));
    assert.ok(paths.includes('dist/scripts/channelkit.js'));
    assert.ok(paths.includes('dist/localorg/main.js'), 'org local needs the local org');
    assert.deepEqual(
      paths.filter((p) => p.endsWith('.ts')),
      [],
    );
    assert.deepEqual(
      paths.filter((p) => !/^(bin|dist)\/|^(package\.json|README\.md)$/.test(p)),
      [],
    );
    assert.ok(packed.size < 1_000_000, `the tarball is ${packed.size} bytes`);
    t.diagnostic(
      `${packed.filename}: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ${paths.length} files`,
    );
  });

  it('installs with npm on Node 22+ without an engine warning, its imports all in dependencies', () => {
    assert.doesNotMatch(installLog, /EBADENGINE/);
    assert.ok(existsSync(join(installed, 'dist', 'scripts', 'channelkit.js')));
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const undeclared = [...importedPackages(join(installed, 'dist'))].filter(
      (name) => !(name in manifest.dependencies),
    );
    assert.deepEqual(undeclared, [], 'packages the CLI imports but "dependencies" lacks');
  });

  it('runs channelkit --help from the empty folder', async () => {
    const help = await run(channelkitBin, ['--help'], env, folder);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^Usage: channelkit/);
    for (const command of ['org', 'leads', 'partners', 'deploy']) {
      assert.match(help.stdout, new RegExp(`^\\s+${command}\\b`, 'm'));
    }
    assert.equal(help.stderr, '');
  });

  it('runs channelkit org local: ready line, a working API, a clean stop on SIGTERM', async () => {
    const child = spawn(channelkitBin, ['org', 'local', '--memory', '--port', '0'], {
      env,
      cwd: folder,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const ready = await new Promise<ReadyLine>((resolve, reject) => {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const line = stdout.split('\n')[0];
        if (stdout.includes('\n') && line) resolve(JSON.parse(line) as ReadyLine);
      });
      void exited.then((code) => reject(new Error(`org local exited ${code}: ${stderr}`)));
    });
    try {
      const response = await fetch(
        `${ready.instanceUrl}/services/data/v62.0/query?q=${encodeURIComponent('SELECT COUNT() FROM Lead')}`,
        { headers: { Authorization: `Bearer ${ready.accessToken}` } },
      );
      assert.equal(response.status, 200);
      assert.ok(((await response.json()) as { totalSize: number }).totalSize > 0);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0, stderr);
    assert.match(stderr, /local org stopped/);
  });

  it('runs channelkit leads reassign --dry-run against a local org logged in with sf', async () => {
    org = await startTestOrg({ seed: 'demo' });
    await sfLogin(env, org.url, org.admin.accessToken, 'local');
    const soql = "SELECT Id, OwnerId FROM Lead WHERE Country = 'Germany' ORDER BY Id";
    const owners = async () =>
      (
        (await api(org, `/services/data/v62.0/query?q=${encodeURIComponent(soql)}`)).body as {
          records: { Id: string; OwnerId: string }[];
        }
      ).records;
    const before = await owners();
    const result = await run(
      channelkitBin,
      [
        'leads',
        'reassign',
        '-o',
        'local',
        '--where',
        "Country = 'Germany'",
        '--round-robin',
        'Northwind Traders Leads,Contoso Ltd Leads',
        '--weights',
        '2,1',
        '--dry-run',
        '--json',
      ],
      env,
      folder,
    );
    assert.equal(result.code, 0, result.stderr + result.stdout);
    const doc = JSON.parse(result.stdout) as {
      result: { plan: string; summary: { leads: number; toChange: number } };
    };
    assert.ok(doc.result.summary.leads > 0);
    assert.ok(doc.result.summary.toChange > 0);
    assert.ok(doc.result.plan.startsWith(folder), `the plan is in ${folder}: ${doc.result.plan}`);
    assert.equal(
      readFileSync(doc.result.plan, 'utf8').split('\n')[0],
      'Id,OldOwnerId,NewOwnerId,Reason',
    );
    assert.deepEqual(await owners(), before, 'a dry run changes nothing');
  });

  it('npx --prefix <checkout> channelkit works from another folder, without EBADENGINE', async () => {
    // npm on the first Node of the PATH without the checkout's (the system's here, Node 20): the
    // Node whose version npm compares with "engines". A fresh cache makes npx install the
    // checkout's bin again, which is when it checks.
    const path = (process.env.PATH ?? '')
      .split(delimiter)
      .filter((dir) => dir && !dir.startsWith(ROOT) && !dir.includes(join('node_modules', '.bin')))
      .join(delimiter);
    const result = await run(
      'npx',
      ['--cache', join(work, 'npx-cache'), '--prefix', ROOT, 'channelkit', '--help'],
      userEnv(home, path),
      folder,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Usage: channelkit/);
    assert.doesNotMatch(result.stderr, /EBADENGINE/);
  });
});
