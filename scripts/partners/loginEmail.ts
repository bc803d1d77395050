/**
 * Login e-mails for new partner users whose site does not send a welcome e-mail: a password reset
 * (`DELETE /sobjects/User/{id}/password`), which e-mails the user a link. The response carries the
 * new password: it is dropped unread, never printed or kept.
 */
import type { Connection } from '@salesforce/core';
import { redact } from '../cli/errors.ts';

const PARALLEL = 4;

/** One entry per user: null when the reset was sent, else the error. */
export async function sendPasswordResets(conn: Connection, userIds: string[]): Promise<unknown[]> {
  const failures: unknown[] = userIds.map(() => null);
  let next = 0;
  const worker = async () => {
    while (next < userIds.length) {
      const i = next++;
      try {
        await conn.request({ method: 'DELETE', url: `/sobjects/User/${userIds[i]}/password` });
      } catch (error) {
        failures[i] = error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, userIds.length) }, worker));
  return failures;
}

export function loginEmailFailure(error: unknown): string {
  const e = error as { errorCode?: string; message?: string };
  return `${redact(`${e.errorCode ?? 'ERROR'}: ${e.message ?? String(error)}`)} (the user was created: send it from Setup > Users > Reset Password)`;
}
