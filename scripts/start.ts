/**
 * `npm start`: the local org on demo data, registered with the sf CLI under the alias
 * `channelkit-local` (as `sf org login access-token` would), so every command can be tried at
 * once, and the browser preview it serves at `/preview/` (built first when missing or older than
 * its sources; the build runs beside the org's start). Honours PORT. Tokens stay in the sf CLI's
 * auth files; nothing here prints them.
 */
import { join } from 'node:path';
import { AuthInfo } from '@salesforce/core';
import { startLocalOrg } from '../localorg/main.ts';
import { ensurePreviewBuilt } from '../preview/freshness.ts';

export const ALIAS = 'channelkit-local';

const port = process.env.PORT === undefined ? 0 : Number(process.env.PORT);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`PORT must be a number from 0 to 65535; got "${process.env.PORT}".\n`);
  process.exit(2);
}

// Built in a child process while the org starts; a failed build leaves the org running.
const preview = ensurePreviewBuilt({ log: (line) => process.stderr.write(`${line}\n`) }).then(
  () => null,
  (error: unknown) => (error instanceof Error ? error.message : String(error)),
);

const org = await startLocalOrg({
  port,
  dataDir: '.localorg',
  seed: 'demo',
  deploy: [join(import.meta.dirname, '..', 'force-app')],
  // Batch Apex chunks a second apart, as a real org runs them: the console's progress moves.
  batchPhaseMs: 1000,
  log: (line) => process.stderr.write(`[localorg] ${line}\n`),
});
const auth = await AuthInfo.create({
  accessTokenOptions: {
    accessToken: org.admin.accessToken,
    instanceUrl: org.url,
    loginUrl: org.url,
  },
});
await auth.save();
await auth.setAlias(ALIAS);
const previewFailure = await preview;

process.stdout.write(
  [
    `Channel Kit local org: ${org.url} (data in .localorg/; delete the folder for fresh demo data)`,
    ...(previewFailure
      ? [
          `The browser preview did not build, so ${org.url}/preview/ is not available:`,
          previewFailure,
        ]
      : [
          `Preview: ${org.url}/preview/`,
          '  (open it in a browser: the lead-assignment console on demo data as Maya Chen, channel manager; a partner user, from the bar at the top, gets the partner site and its lead inbox)',
        ]),
    `Logged in for the sf CLI and channelkit as ${org.admin.username}, alias ${ALIAS}. Try:`,
    `  npx channelkit org check -o ${ALIAS}`,
    `  npx channelkit leads reassign -o ${ALIAS} --where "Country = 'Germany'" --round-robin "Northwind Traders Leads,Contoso Ltd Leads" --dry-run`,
    `  npx sf data query -o ${ALIAS} -q "SELECT Id, Name, Owner.Name FROM Lead LIMIT 5"`,
    `  echo "System.debug([SELECT COUNT() FROM Lead]);" | npx sf apex run -o ${ALIAS}`,
    `  npx sf apex run test -o ${ALIAS} --class-names LeadRouterTest --synchronous --code-coverage`,
    'Press Ctrl+C to stop.',
    '',
  ].join('\n'),
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    org.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
