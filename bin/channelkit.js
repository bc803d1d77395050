#!/usr/bin/env node
/**
 * The `channelkit` command's entry point (package.json "bin"). Plain JavaScript, so that any Node
 * can start it and be told what it needs, and it picks what to run:
 *
 * - Installed from the package (`npm pack`, then `npm install <tarball>`): the compiled CLI in
 *   dist/, on the Node that runs this file, which must be 22.20 or newer. Node does not strip
 *   types under node_modules, so an installed CLI has to be JavaScript.
 * - In a checkout (scripts/channelkit.ts is there): the TypeScript itself, never a stale build, on
 *   the checkout's pinned Node (node_modules/node), as `npm run` does. When another Node started
 *   this file (`npx --prefix <checkout> channelkit` from another folder runs the system's), the
 *   pinned one runs the command as a child, with the same arguments, terminal and exit code.
 */
import { spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Below 22.20, Node's SQLite (the local org's store) fails the local org's seeding. */
const MINIMUM_NODE = [22, 20, 0];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'scripts', 'channelkit.ts');
const compiled = join(root, 'dist', 'scripts', 'channelkit.js');
const pinnedNode = join(root, 'node_modules', 'node', 'bin', 'node');

function fail(message) {
  process.stderr.write(`channelkit: ${message}\n`);
  process.exit(1);
}

function supported(version) {
  const parts = version.split('.').map(Number);
  for (let i = 0; i < MINIMUM_NODE.length; i++) {
    if (parts[i] !== MINIMUM_NODE[i]) return parts[i] > MINIMUM_NODE[i];
  }
  return true;
}

function sameFile(a, b) {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/** Runs the checkout's TypeScript on its pinned Node as a child; exits as the child does. */
function runOnPinnedNode() {
  const child = spawn(pinnedNode, [source, ...process.argv.slice(2)], { stdio: 'inherit' });
  // Ctrl-C reaches the child too (same process group): wait for it to finish instead of dying.
  const ignore = () => undefined;
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', ignore);
  process.on('SIGTERM', forward);
  process.on('SIGHUP', forward);
  child.on('error', (error) => fail(`could not start ${pinnedNode}: ${error.message}`));
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code ?? 1);
  });
}

if (existsSync(source)) {
  if (existsSync(pinnedNode) && !sameFile(process.execPath, pinnedNode)) {
    runOnPinnedNode();
  } else if (process.features.typescript) {
    await import(pathToFileURL(source).href);
  } else {
    fail(`this checkout's Node is missing: run \`npm ci\` in ${root}.`);
  }
} else if (!supported(process.versions.node)) {
  fail(
    `needs Node.js ${MINIMUM_NODE.join('.')} or newer; this is ${process.version} (${process.execPath}).`,
  );
} else if (!existsSync(compiled)) {
  fail(`${compiled} is missing: this copy of Channel Kit was packed without its build.`);
} else {
  await import(pathToFileURL(compiled).href);
}
