/**
 * Salesforce's lead-assignment e-mail (DMLOptions.EmailHeader.triggerUserEmail), put in the
 * outbox after an owner change: to a new user owner; for a queue, to the queue's e-mail address
 * and, when it has none or "Send Email to Members" is on, to each active user member. Every
 * twin that applies owner changes with notify sends it through here.
 */
import type { LocalOrg } from './org.ts';
import { sendEmail } from './outbox.ts';

export function sendLeadAssignmentEmail(org: LocalOrg, leadId: string, ownerId: string): void {
  const store = org.store;
  const lead = store.get('SELECT "Name", "Company" FROM "Lead" WHERE "Id" = ?', leadId);
  const name = lead?.Name === null || lead?.Name === undefined ? 'null' : String(lead.Name);
  const about = `${name}${lead?.Company ? ` (${String(lead.Company)})` : ''}`;
  const link = `${org.baseUrl}/${leadId}`;
  if (ownerId.startsWith('005')) {
    const user = store.get('SELECT "Email" FROM "User" WHERE "Id" = ?', ownerId);
    sendEmail(
      store,
      {
        kind: 'lead-assignment',
        toUserId: ownerId,
        toAddress: String(user?.Email ?? ''),
        subject: 'Lead transferred to you.',
        body: `Lead ${about} has been assigned to you.\n${link}`,
      },
      org.now(),
    );
    return;
  }
  const queue = store.get(
    'SELECT "Name", "Email", "DoesSendEmailToMembers" FROM "Group" WHERE "Id" = ?',
    ownerId,
  );
  if (!queue) return;
  const message = {
    kind: 'lead-queue-assignment',
    subject: `Lead transferred to queue ${String(queue.Name)}.`,
    body: `Lead ${about} has been assigned to the queue ${String(queue.Name)}.\n${link}`,
  };
  const address = queue.Email === null ? '' : String(queue.Email);
  if (address !== '')
    sendEmail(store, { ...message, toUserId: null, toAddress: address }, org.now());
  if (address !== '' && queue.DoesSendEmailToMembers !== 1) return;
  const members = store.all(
    `SELECT u."Id", u."Email" FROM "GroupMember" m JOIN "User" u ON u."Id" = m."UserOrGroupId"
      WHERE m."GroupId" = ? AND u."IsActive" = 1 ORDER BY u."Id"`,
    ownerId,
  );
  for (const member of members) {
    sendEmail(
      store,
      { ...message, toUserId: String(member.Id), toAddress: String(member.Email) },
      org.now(),
    );
  }
}
