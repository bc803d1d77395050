/**
 * Access and refresh tokens: `00D<org 15>!AQ<random>`, opaque, per user. Only their SHA-256 hashes
 * are stored, so a database file never holds a usable token.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../store/store.ts';

export type TokenKind = 'access' | 'refresh';

const hash = (token: string): string => createHash('sha256').update(token).digest('hex');

function randomTokenBody(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._';
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

export function issueToken(
  store: Store,
  orgId: string,
  userId: string,
  kind: TokenKind,
  clientId: string | null,
): string {
  const token =
    kind === 'access'
      ? `${orgId.slice(0, 15)}!AQ${randomTokenBody(96)}`
      : `5Aep86${randomTokenBody(80)}`;
  store.run(
    'INSERT INTO _lo_token (hash, kind, userId, clientId, issuedAt) VALUES (?, ?, ?, ?, ?)',
    hash(token),
    kind,
    userId,
    clientId,
    Date.now(),
  );
  return token;
}

export interface TokenInfo {
  userId: string;
  clientId: string | null;
}

export function lookupToken(store: Store, token: string, kind: TokenKind): TokenInfo | undefined {
  const row = store.get(
    'SELECT userId, clientId FROM _lo_token WHERE hash = ? AND kind = ?',
    hash(token),
    kind,
  );
  return row
    ? { userId: String(row.userId), clientId: row.clientId === null ? null : String(row.clientId) }
    : undefined;
}

export function revokeToken(store: Store, token: string): boolean {
  const before = lookupToken(store, token, 'access') ?? lookupToken(store, token, 'refresh');
  store.run('DELETE FROM _lo_token WHERE hash = ?', hash(token));
  return before !== undefined;
}

/** Ends every session of a user (e.g. when the user is deactivated). */
export function revokeUserTokens(store: Store, userId: string): void {
  store.run('DELETE FROM _lo_token WHERE userId = ?', userId);
}
