/** Salesforce date and date-time formats (always UTC in the local org). */

/** `2026-01-10T19:31:08.000+0000`, the format REST returns for datetime fields. */
export function formatDateTime(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

/** `2026-01-10`, the format of date fields. */
export function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Parses an ISO-8601 date-time as clients send it (`2026-01-10T19:31:08Z`,
 * `2026-01-10T19:31:08.000+0000`, `...+01:00`) into the stored UTC format, or null when invalid.
 */
export function parseDateTime(value: string): string | null {
  const m =
    /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      value,
    );
  if (!m) return null;
  const time = m[2] ?? '00:00:00';
  let zone = m[3] ?? 'Z';
  if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const date = new Date(`${m[1]}T${time}${zone}`);
  return Number.isNaN(date.getTime()) ? null : formatDateTime(date);
}

/** Parses `YYYY-MM-DD` (a date-time is cut to its date), or null when invalid. */
export function parseDate(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return null;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || formatDate(date) !== m[0] ? null : m[0];
}

/** Midnight UTC of the day `days` after the day of `date`. */
export function startOfDay(date: Date, days = 0): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + days));
}
