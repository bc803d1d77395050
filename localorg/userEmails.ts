/**
 * E-mails the org sends users about their login, into the outbox (outbox.ts), written in the
 * caller's transaction so that a rolled-back transaction sends nothing:
 * - a password reset (REST `DELETE /sobjects/User/{id}/password`, Apex `System.resetPassword`):
 *   a new generated password;
 * - a new user's welcome (Apex DML with `EmailHeader.triggerUserEmail`): the welcome e-mail of
 *   the live site the user's profile is a member of when that site sends one, else Salesforce's
 *   new-user e-mail. Either sets a first password, so the demo's partner users can log in.
 * The password is in the e-mail only; it is never logged or returned anywhere else.
 */
import { randomBytes } from 'node:crypto';
import { setPassword } from './auth/passwords.ts';
import type { LocalOrg } from './org.ts';
import { sendEmail } from './outbox.ts';

export function generatedPassword(): string {
  return `Lo${randomBytes(9).toString('base64url')}1`;
}

interface UserRow {
  Id: string;
  Username: string;
  Email: string;
  ProfileId: string;
}

function userRow(org: LocalOrg, userId: string): UserRow | undefined {
  return org.store.get(
    'SELECT "Id", "Username", "Email", "ProfileId" FROM "User" WHERE "Id" = ?',
    userId,
  ) as UserRow | undefined;
}

/** A new password, e-mailed to the user when `email` (the password is returned either way). */
export function resetPassword(org: LocalOrg, userId: string, email: boolean): string | null {
  const user = userRow(org, userId);
  if (!user) return null;
  const password = generatedPassword();
  setPassword(org.store, user.Id, password);
  if (email) {
    sendEmail(
      org.store,
      {
        kind: 'password-reset',
        toUserId: user.Id,
        toAddress: user.Email,
        subject: 'Your password has been reset',
        body: `Your password for ${user.Username} has been reset.\nNew password: ${password}\nLog in at ${org.baseUrl}`,
      },
      org.now(),
    );
  }
  return password;
}

/** The live site that welcomes users of this profile, if any. */
function welcomingSite(org: LocalOrg, profileId: string): string | null {
  if (!org.catalog.object('Network') || !org.catalog.object('NetworkMemberGroup')) return null;
  const row = org.store.get(
    `SELECT n."Name" AS name FROM "Network" n JOIN "NetworkMemberGroup" m ON m."NetworkId" = n."Id"
      WHERE n."Status" = 'Live' AND n."OptionsSendWelcomeEmail" = 1 AND m."ParentId" = ?
      ORDER BY n."Name" LIMIT 1`,
    profileId,
  );
  return row ? String(row.name) : null;
}

/** A new user's welcome e-mail, with a first password. */
export function sendNewUserEmail(org: LocalOrg, userId: string): void {
  const user = userRow(org, userId);
  if (!user) return;
  const password = generatedPassword();
  setPassword(org.store, user.Id, password);
  const site = welcomingSite(org, user.ProfileId);
  sendEmail(
    org.store,
    {
      kind: site ? 'site-welcome' : 'new-user',
      toUserId: user.Id,
      toAddress: user.Email,
      subject: site ? `Welcome to ${site}` : 'Welcome to Salesforce',
      body: `Your username is ${user.Username}.\nPassword: ${password}\nLog in at ${org.baseUrl}`,
    },
    org.now(),
  );
}
