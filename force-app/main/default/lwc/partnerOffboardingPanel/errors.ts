/**
 * Turns what an imperative Apex call rejects with into text a channel manager can act on, in the
 * manner of lwc-recipes' reduceErrors (the same as the wizard's errors.ts: a bundle cannot
 * import another bundle's modules): AuraHandledException messages arrive as `error.body.message`, DML and field
 * errors as arrays inside `body`, and network or JavaScript failures as `message`.
 */
interface ErrorBody {
  message?: string;
  pageErrors?: { message?: string }[];
  fieldErrors?: Record<string, { message?: string }[]>;
}

function messagesOf(error: unknown): string[] {
  if (error === null || error === undefined) return [];
  if (typeof error === 'string') return [error];
  if (Array.isArray(error)) return error.flatMap(messagesOf);
  if (typeof error !== 'object') return [String(error)];
  const { body, message } = error as { body?: ErrorBody | ErrorBody[]; message?: unknown };
  if (Array.isArray(body)) return body.flatMap(messagesOf);
  if (body && typeof body === 'object') {
    const fromLists = [
      ...(body.pageErrors ?? []).map((entry) => entry.message),
      ...Object.values(body.fieldErrors ?? {}).flatMap((list) =>
        list.map((entry) => entry.message),
      ),
    ].filter((text): text is string => typeof text === 'string' && text.length > 0);
    if (fromLists.length > 0) return fromLists;
    if (typeof body.message === 'string' && body.message.length > 0) return [body.message];
  }
  return typeof message === 'string' && message.length > 0 ? [message] : [];
}

/** One readable message for any error an Apex call rejects with. */
export function errorMessage(error: unknown): string {
  const messages = [...new Set(messagesOf(error))];
  return messages.length > 0 ? messages.join(' ') : 'Something went wrong. Try again.';
}
