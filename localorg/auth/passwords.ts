/** User passwords, stored as scrypt hashes. */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Store } from '../store/store.ts';

const KEY_LENGTH = 32;
// Low cost: these are local test credentials, and seeding sets dozens of them.
const COST = { N: 1024, r: 8, p: 1 };

export function setPassword(store: Store, userId: string, password: string): void {
  const salt = randomBytes(16).toString('hex');
  const hash = scryptSync(password, salt, KEY_LENGTH, COST).toString('hex');
  store.run(
    `INSERT INTO _lo_password (userId, salt, hash) VALUES (?, ?, ?)
       ON CONFLICT(userId) DO UPDATE SET salt = excluded.salt, hash = excluded.hash`,
    userId,
    salt,
    hash,
  );
}

export function checkPassword(store: Store, userId: string, password: string): boolean {
  const row = store.get('SELECT salt, hash FROM _lo_password WHERE userId = ?', userId);
  if (!row) return false;
  const expected = Buffer.from(String(row.hash), 'hex');
  const actual = scryptSync(password, String(row.salt), KEY_LENGTH, COST);
  return timingSafeEqual(expected, actual);
}

export function clearPassword(store: Store, userId: string): void {
  store.run('DELETE FROM _lo_password WHERE userId = ?', userId);
}
