/** Connected apps (OAuth clients) the token endpoint accepts. */
import type { Store } from '../store/store.ts';

export interface OAuthClient {
  clientId: string;
  /** Null for public clients (the sf CLI's PlatformCLI). */
  clientSecret: string | null;
  /** The user client_credentials runs as. */
  runAsUserId: string | null;
  name: string;
}

export function registerClient(store: Store, client: OAuthClient): void {
  store.run(
    `INSERT INTO _lo_client (clientId, clientSecret, runAsUserId, name) VALUES (?, ?, ?, ?)
       ON CONFLICT(clientId) DO UPDATE SET clientSecret = excluded.clientSecret, runAsUserId = excluded.runAsUserId,
       name = excluded.name`,
    client.clientId,
    client.clientSecret,
    client.runAsUserId,
    client.name,
  );
}

export function findClient(store: Store, clientId: string): OAuthClient | undefined {
  const row = store.get(
    'SELECT clientId, clientSecret, runAsUserId, name FROM _lo_client WHERE clientId = ?',
    clientId,
  );
  if (!row) return undefined;
  return {
    clientId: String(row.clientId),
    clientSecret: row.clientSecret === null ? null : String(row.clientSecret),
    runAsUserId: row.runAsUserId === null ? null : String(row.runAsUserId),
    name: String(row.name),
  };
}
