/** E-mails the org "sends" (password resets, notifications): kept in a table the tests can read. */
import { formatDateTime } from './dates.ts';
import { KEY_PREFIX } from './ids.ts';
import type { Store } from './store/store.ts';

export interface OutboxMessage {
  id: string;
  sentAt: string;
  kind: string;
  toUserId: string | null;
  toAddress: string;
  subject: string;
  body: string;
}

export function sendEmail(
  store: Store,
  message: Omit<OutboxMessage, 'id' | 'sentAt'>,
  now: Date,
): OutboxMessage {
  const sent: OutboxMessage = {
    id: store.nextId(KEY_PREFIX.EmailMessage),
    sentAt: formatDateTime(now),
    ...message,
  };
  store.run(
    'INSERT INTO _lo_outbox (id, sentAt, kind, toUserId, toAddress, subject, body) VALUES (?, ?, ?, ?, ?, ?, ?)',
    sent.id,
    sent.sentAt,
    sent.kind,
    sent.toUserId,
    sent.toAddress,
    sent.subject,
    sent.body,
  );
  return sent;
}

export function listOutbox(store: Store): OutboxMessage[] {
  return store
    .all('SELECT id, sentAt, kind, toUserId, toAddress, subject, body FROM _lo_outbox ORDER BY seq')
    .map((row) => ({
      id: String(row.id),
      sentAt: String(row.sentAt),
      kind: String(row.kind),
      toUserId: row.toUserId === null ? null : String(row.toUserId),
      toAddress: String(row.toAddress),
      subject: String(row.subject),
      body: String(row.body),
    }));
}
