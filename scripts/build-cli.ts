/**
 * `npm run build:cli` (and `npm pack`'s prepack): compiles the channelkit CLI, scripts/channelkit.ts
 * and everything it imports (scripts/, lib/, localorg/), to JavaScript in dist/ with tsc
 * (tsconfig.cli.json; `.ts` import specifiers become `.js`). The package's bin (bin/channelkit.js)
 * runs dist/ when installed; a checkout runs the TypeScript and never needs this.
 *
 * The build goes to a folder of its own and replaces dist/ only once it is complete, so a failed
 * build leaves the last good one, and no file of a removed source stays behind.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');
const building = join(root, `.dist-build-${process.pid}`);
const replaced = join(root, `.dist-old-${process.pid}`);
const entry = join('scripts', 'channelkit.js');

const started = Date.now();
const tsc = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    join(root, 'tsconfig.cli.json'),
    '--outDir',
    building,
  ],
  { cwd: root, stdio: 'inherit' },
);
if (tsc.status !== 0 || !existsSync(join(building, entry))) {
  rmSync(building, { recursive: true, force: true });
  console.error('build:cli: tsc failed; dist/ is unchanged.');
  process.exit(1);
}
if (existsSync(dist)) renameSync(dist, replaced);
renameSync(building, dist);
rmSync(replaced, { recursive: true, force: true });
// stderr: `npm pack --json` prints its JSON on stdout, after this.
console.error(`build:cli: dist/${entry} and its imports in ${Date.now() - started} ms`);
