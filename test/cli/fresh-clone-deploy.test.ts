/**
 * An admin's habit (issue 14): a fresh clone, `npm ci`, then a plain `sf project deploy start`
 * with no flags but the org. The components' JavaScript is built from their TypeScript and never
 * committed, so a clone has none; npm runs the `prepare` script after `npm install` / `npm ci`, and
 * that builds it. The clone here is a copy of the tracked files (as `git clone` would give), with
 * node_modules linked instead of downloaded; `npm run prepare` is the step `npm ci` runs last. Then
 * the real sf CLI deploys every package directory of sfdx-project.json to a local org.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { findComponent } from '../../localorg/metadata/org/deployedComponents.ts';
import { startTestOrg } from '../support/org.ts';
import { cliEnv, run, sfLogin } from '../support/cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SF = join(ROOT, 'node_modules', '.bin', 'sf');
const ALIAS = 'fresh-clone-org';

/** The tracked files of this checkout, copied from its working tree into a new folder. */
async function cloneTrackedFiles(): Promise<string> {
  const clone = await mkdtemp(join(tmpdir(), 'channelkit-clone-'));
  const { stdout } = await promisify(execFile)('git', ['ls-files', '-z'], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  for (const path of stdout.split('\0').filter(Boolean)) {
    // A tracked file deleted in the working tree is not part of what would be committed next.
    if (!existsSync(join(ROOT, path))) continue;
    await mkdir(dirname(join(clone, path)), { recursive: true });
    await copyFile(join(ROOT, path), join(clone, path));
  }
  await symlink(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
  return clone;
}

/** Each LWC bundle of a package directory with the JavaScript file it deploys. */
async function lwcBundles(clone: string): Promise<{ name: string; js: string }[]> {
  const lwc = join(clone, 'force-app', 'main', 'default', 'lwc');
  const names = (await readdir(lwc, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  return names.map((name) => ({ name, js: join(lwc, name, `${name}.js`) }));
}

/** A user's shell: none of the npm_* variables the test runner's own `npm run` may have set. */
function shellEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(cliEnv()).filter(([name]) => !name.toLowerCase().startsWith('npm_')),
  );
}

interface DeployJson {
  status: number;
  result: { success: boolean; files: { type: string; fullName: string; state: string }[] };
}

describe('a fresh clone deploys with a plain `sf project deploy start`', () => {
  let org: RunningLocalOrg;
  let clone: string;
  const env = shellEnv();

  before(async () => {
    [org, clone] = await Promise.all([startTestOrg({ seed: 'none' }), cloneTrackedFiles()]);
    await sfLogin(env, org.url, org.admin.accessToken, ALIAS);
  });
  after(async () => {
    await org.close();
    await Promise.all([clone, env.HOME ?? ''].map((p) => rm(p, { recursive: true, force: true })));
  });

  it('npm’s prepare step builds the components’ JavaScript, then sf deploys the whole project', async (t) => {
    const bundles = await lwcBundles(clone);
    assert.ok(bundles.length > 0, 'the package has Lightning web components');
    assert.deepEqual(
      bundles.filter((b) => existsSync(b.js)).map((b) => b.name),
      [],
      'a clone holds no compiled JavaScript',
    );

    const prepare = await run('npm', ['run', 'prepare', '--silent'], env, clone);
    assert.equal(prepare.code, 0, prepare.stdout + prepare.stderr);
    for (const bundle of bundles) assert.ok(existsSync(bundle.js), `${bundle.name}.js was built`);

    const started = performance.now();
    const deploy = await run(
      process.execPath,
      [SF, 'project', 'deploy', 'start', '-o', ALIAS, '--json'],
      env,
      clone,
    );
    t.diagnostic(`sf project deploy start: ${Math.round(performance.now() - started)} ms`);
    assert.equal(deploy.code, 0, deploy.stdout.slice(0, 4000) + deploy.stderr);
    const doc = JSON.parse(deploy.stdout) as DeployJson;
    assert.equal(doc.result.success, true);
    const deployedBundles = doc.result.files
      .filter((f) => f.type === 'LightningComponentBundle')
      .map((f) => f.fullName);
    for (const bundle of bundles) {
      assert.ok(deployedBundles.includes(bundle.name), `${bundle.name} in the deploy`);
      const stored = findComponent(org.org.store, 'LightningComponentBundle', bundle.name);
      assert.ok(
        stored?.bundle && Object.keys(stored.bundle).some((f) => f.endsWith(`${bundle.name}.js`)),
        `the org holds ${bundle.name}.js`,
      );
    }
    const project = JSON.parse(await readFile(join(clone, 'sfdx-project.json'), 'utf8')) as {
      packageDirectories: { path: string }[];
    };
    t.diagnostic(
      `deployed ${doc.result.files.length} files from ${project.packageDirectories.map((p) => p.path).join(', ')}`,
    );
  });
});
