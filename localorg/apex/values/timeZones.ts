/**
 * Time-zone arithmetic for Apex Datetimes over Intl (no dependency: Node's ICU carries the IANA
 * database, and Salesforce's TimeZoneSidKey values are IANA ids such as 'Europe/Berlin', plus
 * 'GMT'). Local wall-clock times resolve as java.util.GregorianCalendar does (lenient): a time in
 * a spring-forward gap is read with the offset before the gap (02:30 becomes 03:30 DST), an
 * ambiguous fall-back time takes the offset after the transition (standard time).
 */

export const MS_PER_DAY = 86_400_000;

export interface Zone {
  /** The id as given (or 'GMT' when it was not recognised). */
  readonly id: string;
  /** Offset from GMT in milliseconds at an instant. */
  offsetAt(epochMs: number): number;
}

const zoneCache = new Map<string, Zone>();

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1-12; any day, it is added). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5);
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468 + (day - 1);
}

export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Wall-clock fields as milliseconds "as if GMT". */
export function wallMillis(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  ms = 0,
): number {
  return (
    daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + ms
  );
}

const GMT: Zone = { id: 'GMT', offsetAt: () => 0 };

function fixedZone(id: string, offsetMs: number): Zone {
  return { id, offsetAt: () => offsetMs };
}

function ianaZone(id: string): Zone | null {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: id,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    return null;
  }
  const offsetAt = (epochMs: number): number => {
    const seconds = Math.floor(epochMs / 1000) * 1000;
    const fields: Record<string, string> = {};
    for (const part of format.formatToParts(new Date(seconds))) fields[part.type] = part.value;
    const year =
      fields.era === 'BC' || fields.era === 'B' ? 1 - Number(fields.year) : Number(fields.year);
    const wall = wallMillis(
      year,
      Number(fields.month),
      Number(fields.day),
      Number(fields.hour),
      Number(fields.minute),
      Number(fields.second),
    );
    return wall - seconds;
  };
  return { id, offsetAt };
}

/** java.util.TimeZone custom ids: GMT+h, GMT+hh, GMT+hh:mm, GMT+hhmm. */
function customZone(id: string): Zone | null {
  const m = /^GMT([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(id);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? 0);
  if (hours > 23 || minutes > 59) return null;
  const sign = m[1] === '-' ? -1 : 1;
  const normalized = `GMT${m[1]}${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
  return fixedZone(normalized, sign * (hours * 60 + minutes) * 60_000);
}

/**
 * A zone by TimeZoneSidKey / Java id. Like java.util.TimeZone.getTimeZone, an id it does not know
 * is GMT (Apex Reference Guide, Datetime.format(dateFormatString, timezone): "If the time zone
 * cannot be interpreted, GMT is used").
 */
export function zoneOf(id: string): Zone {
  const cached = zoneCache.get(id);
  if (cached) return cached;
  const zone =
    id === 'GMT' || id === 'UTC'
      ? { id, offsetAt: () => 0 }
      : (customZone(id) ?? (/^[A-Za-z]/.test(id) ? ianaZone(id) : null) ?? GMT);
  zoneCache.set(id, zone);
  return zone;
}

export function isKnownZone(id: string): boolean {
  return zoneOf(id) !== GMT || id === 'GMT';
}

/** The instant of a wall-clock time in a zone (GregorianCalendar's gap and overlap rules). */
export function instantOfWall(zone: Zone, wall: number): number {
  const before = zone.offsetAt(wall - MS_PER_DAY);
  const after = zone.offsetAt(wall + MS_PER_DAY);
  if (zone.offsetAt(wall - after) === after) return wall - after;
  return wall - before;
}

/** Java's English short names ('z') for the zones a business org uses; others come from Intl. */
const SHORT_NAMES: Record<string, readonly [string, string]> = {
  'America/Los_Angeles': ['PST', 'PDT'],
  'America/Vancouver': ['PST', 'PDT'],
  'America/Tijuana': ['PST', 'PDT'],
  'America/Denver': ['MST', 'MDT'],
  'America/Phoenix': ['MST', 'MDT'],
  'America/Chicago': ['CST', 'CDT'],
  'America/Mexico_City': ['CST', 'CDT'],
  'America/New_York': ['EST', 'EDT'],
  'America/Toronto': ['EST', 'EDT'],
  'America/Halifax': ['AST', 'ADT'],
  'America/Anchorage': ['AKST', 'AKDT'],
  'Pacific/Honolulu': ['HST', 'HDT'],
  'America/Sao_Paulo': ['BRT', 'BRST'],
  'Europe/London': ['GMT', 'BST'],
  'Europe/Dublin': ['GMT', 'IST'],
  'Europe/Lisbon': ['WET', 'WEST'],
  'Europe/Moscow': ['MSK', 'MSK'],
  'Asia/Kolkata': ['IST', 'IST'],
  'Asia/Tokyo': ['JST', 'JDT'],
  'Asia/Shanghai': ['CST', 'CDT'],
  'Asia/Hong_Kong': ['HKT', 'HKST'],
  'Asia/Singapore': ['SGT', 'SGT'],
  'Asia/Dubai': ['GST', 'GST'],
  'Australia/Sydney': ['AEST', 'AEDT'],
  'Australia/Melbourne': ['AEST', 'AEDT'],
  'Australia/Brisbane': ['AEST', 'AEDT'],
  'Australia/Perth': ['AWST', 'AWDT'],
  'Pacific/Auckland': ['NZST', 'NZDT'],
};
const CET = ['CET', 'CEST'] as const;
for (const city of 'Berlin Paris Madrid Rome Amsterdam Brussels Vienna Zurich Stockholm Oslo Copenhagen Prague Warsaw Budapest Luxembourg Belgrade Zagreb Ljubljana Bratislava Monaco Malta Andorra'.split(
  ' ',
)) {
  SHORT_NAMES[`Europe/${city}`] = CET;
}
for (const city of 'Athens Helsinki Kiev Kyiv Bucharest Sofia Riga Tallinn Vilnius'.split(' ')) {
  SHORT_NAMES[`Europe/${city}`] = ['EET', 'EEST'];
}

/** "GMT+05:30" (Java's fallback form) for an offset. */
export function gmtOffsetName(offsetMs: number): string {
  if (offsetMs === 0) return 'GMT';
  const minutes = Math.abs(offsetMs) / 60_000;
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `GMT${offsetMs < 0 ? '-' : '+'}${hh}:${mm}`;
}

/** Whether the zone observes daylight saving at the instant (its offset exceeds the year's minimum). */
function isDaylight(zone: Zone, epochMs: number): boolean {
  const offset = zone.offsetAt(epochMs);
  const year = civilFromDays(Math.floor((epochMs + offset) / MS_PER_DAY)).year;
  const jan = zone.offsetAt(wallMillis(year, 1, 15));
  const jul = zone.offsetAt(wallMillis(year, 7, 15));
  return offset > Math.min(jan, jul);
}

/** SimpleDateFormat 'z' (short) and 'zzzz' (long) names. */
export function zoneName(zone: Zone, epochMs: number, long: boolean, locale: string): string {
  const offset = zone.offsetAt(epochMs);
  if (!long) {
    const pair = SHORT_NAMES[zone.id];
    if (pair) return pair[isDaylight(zone, epochMs) ? 1 : 0];
    if (zone.id === 'GMT' || zone.id === 'UTC') return zone.id;
  }
  if (zone.id.startsWith('GMT')) return long ? zone.id : gmtOffsetName(offset);
  try {
    const parts = new Intl.DateTimeFormat(long ? locale : 'en-US', {
      timeZone: zone.id,
      timeZoneName: long ? 'long' : 'short',
    }).formatToParts(new Date(epochMs));
    const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
    return /^(GMT|UTC)([+-]|$)/.test(name) ? gmtOffsetName(offset) : name;
  } catch {
    return gmtOffsetName(offset);
  }
}
