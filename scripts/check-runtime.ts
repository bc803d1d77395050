/**
 * Fails loudly when the project's pinned Node (the `node` devDependency, put first on PATH by
 * npm run) is not the one running: the system Node here is 20, on which jsforce,
 * @salesforce/core and source-deploy-retrieve crash at load.
 */
import { existsSync, readFileSync } from 'node:fs';

const pinned = JSON.parse(readFileSync('package.json', 'utf8')).devDependencies.node as string;
const wantedMajor = Number(/\d+/.exec(pinned)?.[0]);
const actualMajor = Number(process.versions.node.split('.')[0]);

if (!existsSync('node_modules/.bin/node')) {
  console.error('node_modules/.bin/node is missing: run `npm ci` (or `npm install`) first.');
  process.exit(1);
}
if (actualMajor !== wantedMajor) {
  console.error(
    `Running on Node ${process.version}, but the project pins Node ${wantedMajor} ("node": "${pinned}" in devDependencies).\n` +
      'Run the project through npm scripts (npm test, npm start), which put node_modules/.bin first on PATH.',
  );
  process.exit(1);
}
console.log(`Node ${process.version} (pinned ${pinned})`);
