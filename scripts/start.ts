/**
 * `npm start`: the local org on demo data, registered with the sf CLI under the alias
 * `channelkit-local` (as `sf org login access-token` would), so every command can be tried at
 * once. Honours PORT. Tokens stay in the sf CLI's auth files; nothing here prints them.
 */
import { AuthInfo } from '@salesforce/core';
import { startLocalOrg } from '../localorg/main.ts';

export const ALIAS = 'channelkit-local';

const port = process.env.PORT === undefined ? 0 : Number(process.env.PORT);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`PORT must be a number from 0 to 65535; got "${process.env.PORT}".\n`);
  process.exit(2);
}

const org = await startLocalOrg({
  port,
  dataDir: '.localorg',
  seed: 'demo',
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

process.stdout.write(
  [
    `Channel Kit local org: ${org.url} (data in .localorg/; delete the folder for fresh demo data)`,
    `Logged in for the sf CLI and channelkit as ${org.admin.username}, alias ${ALIAS}. Try:`,
    `  npx channelkit org check -o ${ALIAS}`,
    `  npx channelkit leads reassign -o ${ALIAS} --where "Country = 'Germany'" --round-robin "Northwind Traders Leads,Contoso Ltd Leads" --dry-run`,
    `  npx sf data query -o ${ALIAS} -q "SELECT Id, Name, Owner.Name FROM Lead LIMIT 5"`,
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
