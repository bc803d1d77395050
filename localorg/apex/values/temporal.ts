/**
 * Apex's Date, Datetime and Time values (Apex Reference Guide: "Date Class", "Datetime Class",
 * "Time Class"), immutable:
 * - ApexDate: a calendar day (days since 1970-01-01, proleptic Gregorian);
 * - ApexDatetime: an instant (epoch milliseconds);
 * - ApexTime: milliseconds of the day (no time zone).
 *
 * The running user's time zone (TimeZoneSidKey, e.g. 'Europe/Berlin') and locale (LocaleSidKey,
 * e.g. 'en_US') come in as a UserContext; the clock as a function returning epoch milliseconds.
 * Construction from fields is lenient like java.util.GregorianCalendar, which Apex uses: month 13
 * or February 30 roll into the next year or March (Date.newInstance(2016, 27, 7) is 2018-03-07, as
 * orgs print: salesforce.stackexchange.com/q/167737; "Date.newInstance(year, month, 0)" is the
 * last day of the previous month).
 */
import { raise } from './errors.ts';
import { ApexTime, deserializeError } from './time.ts';

export { ApexTime };
import { localeFormats, firstDayOfWeek, longTimeFormat } from './locales.ts';
import { dayOfWeek, formatPattern, parsePattern } from './simpleDateFormat.ts';
import {
  civilFromDays,
  daysFromCivil,
  instantOfWall,
  MS_PER_DAY,
  wallMillis,
  zoneOf,
  type Zone,
} from './timeZones.ts';

export interface UserContext {
  /** TimeZoneSidKey: an IANA id such as 'America/Los_Angeles', or 'GMT'. */
  readonly timeZone: string;
  /** LocaleSidKey such as 'en_US', 'de_DE', 'en_GB'. */
  readonly locale: string;
}

/** Epoch milliseconds now. */
export type Clock = () => number;

const GMT = zoneOf('GMT');
const pad = (n: number, width: number): string =>
  (n < 0 ? '-' : '') + String(Math.abs(n)).padStart(width, '0');
const floorDiv = (a: number, b: number): number => Math.floor(a / b);

/** Normalizes a (year, month) pair whose month may be outside 1..12. */
function normalizeMonth(year: number, month: number): [number, number] {
  const total = year * 12 + (month - 1);
  return [floorDiv(total, 12), total - floorDiv(total, 12) * 12 + 1];
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  const [y, m] = normalizeMonth(year, month);
  return daysFromCivil(y + (m === 12 ? 1 : 0), m === 12 ? 1 : m + 1, 1) - daysFromCivil(y, m, 1);
}

/** Calendar.add(MONTH, n): the day is clamped to the last day of the target month. */
function addMonthsToDay(epochDay: number, months: number): number {
  const { year, month, day } = civilFromDays(epochDay);
  const [y, m] = normalizeMonth(year, month + months);
  return daysFromCivil(y, m, Math.min(day, daysInMonth(y, m)));
}

/** A lenient epoch day for (year, month, day), as GregorianCalendar in lenient mode. */
function lenientDay(year: number, month: number, day: number): number {
  const [y, m] = normalizeMonth(year, month);
  return daysFromCivil(y, m, 1) + (day - 1);
}

export class ApexDate {
  /** Days since 1970-01-01. */
  readonly epochDay: number;

  constructor(epochDay: number) {
    this.epochDay = epochDay;
  }

  static fromEpochDay(epochDay: number): ApexDate {
    return new ApexDate(epochDay);
  }

  /** Date.newInstance(year, month, day): lenient, so 2026-02-30 is 2026-03-02. */
  static newInstance(year: number, month: number, day: number): ApexDate {
    return new ApexDate(lenientDay(year, month, day));
  }

  /**
   * Date.valueOf(String): "yyyy-MM-dd", optionally followed by " HH:mm:ss", which is ignored (Apex
   * Reference Guide, Date.valueOf: "The specified string should use the standard date format
   * 'yyyy-MM-dd HH:mm:ss' in the local time zone"). Month and day may have one digit
   * ('2000-1-1'). Like java.sql.Date.valueOf, month must be 1-12 and day 1-31, and a day past the
   * month's end rolls over ('2026-02-30' is 2026-03-02). Otherwise TypeException
   * 'Invalid date: <s>' (the message orgs print).
   */
  static valueOf(s: string): ApexDate {
    const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?: \d{1,2}:\d{1,2}(?::\d{1,2}(?:\.\d{1,9})?)?)?$/.exec(
      s,
    );
    const month = m ? Number(m[2]) : 0;
    const day = m ? Number(m[3]) : 0;
    if (!m || month < 1 || month > 12 || day < 1 || day > 31)
      throw raise.type(`Invalid date: ${s}`);
    return ApexDate.newInstance(Number(m[1]), month, day);
  }

  /**
   * Date.parse(String): the user locale's date format (en_US '12/27/2009'). Salesforce's valid
   * range 1700-01-01..4000-12-31 applies (Date.parse('1699/1/1') is 'Invalid date: 1699/1/1').
   */
  static parse(s: string, ctx: UserContext): ApexDate {
    const fields = parsePattern(localeFormats(ctx.locale).date, s, ctx.locale);
    if (!fields) throw raise.type(`Invalid date: ${s}`);
    const date = ApexDate.newInstance(fields.year, fields.month, fields.day);
    if (date.year() < 1700 || date.year() > 4000) throw raise.type(`Invalid date: ${s}`);
    return date;
  }

  /** Date.today(): the current date in the user's time zone. */
  static today(ctx: UserContext, clock: Clock = Date.now): ApexDate {
    return ApexDatetime.now(clock).date(ctx);
  }

  static daysInMonth(year: number, month: number): number {
    return daysInMonth(year, month);
  }

  static isLeapYear(year: number): boolean {
    return isLeapYear(year);
  }

  /** JSON.deserialize of a Date: 'yyyy-MM-dd' (a time part after 'T' is ignored). */
  static fromJson(s: string): ApexDate {
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:T[0-9:.]*(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
    if (!m) throw deserializeError('date', s);
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      throw deserializeError('date', s);
    }
    return ApexDate.newInstance(year, month, day);
  }

  private civil(): { year: number; month: number; day: number } {
    return civilFromDays(this.epochDay);
  }

  year(): number {
    return this.civil().year;
  }

  month(): number {
    return this.civil().month;
  }

  day(): number {
    return this.civil().day;
  }

  /** Date.dayOfYear(): 1998-10-21 is day 294 (Apex Reference Guide example). */
  dayOfYear(): number {
    return this.epochDay - daysFromCivil(this.year(), 1, 1) + 1;
  }

  addDays(days: number): ApexDate {
    return new ApexDate(this.epochDay + days);
  }

  /** addMonths clamps to the month's end: 2026-01-31 plus one month is 2026-02-28. */
  addMonths(months: number): ApexDate {
    return new ApexDate(addMonthsToDay(this.epochDay, months));
  }

  /** addYears: 2024-02-29 plus one year is 2025-02-28. */
  addYears(years: number): ApexDate {
    return this.addMonths(years * 12);
  }

  /** daysBetween: negative when the other date is earlier. */
  daysBetween(other: ApexDate): number {
    return other.epochDay - this.epochDay;
  }

  /**
   * monthsBetween "ignoring the difference in days" (Apex Reference Guide: 2006-12-02 to
   * 2012-12-08 is 72).
   */
  monthsBetween(other: ApexDate): number {
    const a = this.civil();
    const b = other.civil();
    return b.year * 12 + b.month - (a.year * 12 + a.month);
  }

  isSameDay(other: ApexDate): boolean {
    return this.epochDay === other.epochDay;
  }

  toStartOfMonth(): ApexDate {
    return new ApexDate(this.epochDay - this.day() + 1);
  }

  /** toStartOfWeek: "depending on the context user's locale" (en_US: Sunday; de_DE, en_GB: Monday). */
  toStartOfWeek(ctx: UserContext): ApexDate {
    const first = firstDayOfWeek(ctx.locale);
    return new ApexDate(this.epochDay - ((dayOfWeek(this.epochDay) - first + 7) % 7));
  }

  /** Date.format(): the user locale's date format (en_US: 2001-03-21 is '3/21/2001'). */
  format(ctx: UserContext): string {
    return formatPattern(
      localeFormats(ctx.locale).date,
      this.epochDay * MS_PER_DAY,
      GMT,
      ctx.locale,
    );
  }

  /** String.valueOf(Date): 'yyyy-MM-dd'. */
  toString(): string {
    const { year, month, day } = this.civil();
    return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  }

  /** JSON.serialize writes a Date as "2026-01-10". */
  toJSON(): string {
    return this.toString();
  }

  equals(other: unknown): boolean {
    return other instanceof ApexDate && other.epochDay === this.epochDay;
  }

  compareTo(other: ApexDate): number {
    return Math.sign(this.epochDay - other.epochDay);
  }
}

const timeZoneOf = (ctx: UserContext): Zone => zoneOf(ctx.timeZone);

export class ApexDatetime {
  readonly epochMs: number;

  constructor(epochMs: number) {
    this.epochMs = epochMs;
  }

  /** Datetime.newInstance(Long milliseconds). */
  static fromEpochMillis(ms: number | bigint): ApexDatetime {
    return new ApexDatetime(Number(ms));
  }

  static now(clock: Clock = Date.now): ApexDatetime {
    return new ApexDatetime(clock());
  }

  /** Datetime.newInstance(year, month, day[, hour, minute, second]) in the user's time zone. */
  static newInstance(
    ctx: UserContext,
    year: number,
    month: number,
    day: number,
    hour = 0,
    minute = 0,
    second = 0,
  ): ApexDatetime {
    const wall =
      lenientDay(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000;
    return new ApexDatetime(instantOfWall(timeZoneOf(ctx), wall));
  }

  /** Datetime.newInstance(Date, Time): "in the local time zone". */
  static fromDateAndTime(ctx: UserContext, date: ApexDate, time: ApexTime): ApexDatetime {
    return new ApexDatetime(
      instantOfWall(timeZoneOf(ctx), date.epochDay * MS_PER_DAY + time.msOfDay),
    );
  }

  static newInstanceGmt(
    year: number,
    month: number,
    day: number,
    hour = 0,
    minute = 0,
    second = 0,
  ): ApexDatetime {
    return new ApexDatetime(
      lenientDay(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000,
    );
  }

  /** Datetime.newInstanceGmt(Date, Time). */
  static fromDateAndTimeGmt(date: ApexDate, time: ApexTime): ApexDatetime {
    return new ApexDatetime(date.epochDay * MS_PER_DAY + time.msOfDay);
  }

  /**
   * Datetime.valueOf(String): 'yyyy-MM-dd HH:mm:ss' in the user's time zone (Apex Reference
   * Guide). ISO strings with 'T' are not accepted (JSON.deserialize reads those); a bad string is
   * TypeException 'Invalid date/time: <s>'. Date-only and 'HH:mm' forms are accepted (unconfirmed).
   */
  static valueOf(s: string, ctx: UserContext): ApexDatetime {
    return new ApexDatetime(instantOfWall(timeZoneOf(ctx), ApexDatetime.wallOf(s)));
  }

  /** Datetime.valueOfGmt(String): the same format, read as GMT. */
  static valueOfGmt(s: string): ApexDatetime {
    return new ApexDatetime(ApexDatetime.wallOf(s));
  }

  private static wallOf(s: string): number {
    const m =
      /^(\d{4})-(\d{1,2})-(\d{1,2})(?: (\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?$/.exec(
        s,
      );
    const month = m ? Number(m[2]) : 0;
    const day = m ? Number(m[3]) : 0;
    if (!m || month < 1 || month > 12 || day < 1 || day > 31) {
      throw raise.type(`Invalid date/time: ${s}`);
    }
    const ms = m[7] ? Number(m[7].padEnd(3, '0').slice(0, 3)) : 0;
    return (
      lenientDay(Number(m[1]), month, day) * MS_PER_DAY +
      ((Number(m[4] ?? 0) * 60 + Number(m[5] ?? 0)) * 60 + Number(m[6] ?? 0)) * 1000 +
      ms
    );
  }

  /** Datetime.parse(String): the user locale's date and time format (en_US '10/14/2011 11:46 AM'). */
  static parse(s: string, ctx: UserContext): ApexDatetime {
    const formats = localeFormats(ctx.locale);
    const f = parsePattern(`${formats.date} ${formats.time}`, s, ctx.locale);
    if (!f) throw raise.type(`Invalid date/time: ${s}`);
    const wall =
      lenientDay(f.year, f.month, f.day) * MS_PER_DAY +
      ((f.hour * 60 + f.minute) * 60 + f.second) * 1000;
    return new ApexDatetime(instantOfWall(timeZoneOf(ctx), wall));
  }

  /**
   * JSON.deserialize of a Datetime: ISO 8601 as JSON.serialize writes it
   * ('2026-01-10T19:31:08.000Z') and the variants an ISO parser takes: '+0000' or '+00:00'
   * offsets, no milliseconds, no seconds, a date alone ('2000-01-01', read as GMT), a year alone
   * ('96598' gives 96598-01-01 as orgs print: salesforce.stackexchange.com/q/339236). Field ranges
   * are strict. The JSONException message follows the one orgs print for Time (unconfirmed here).
   */
  static fromJson(s: string): ApexDatetime {
    const m =
      /^([+-]?\d{4,})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/.exec(
        s,
      );
    if (!m) throw deserializeError('datetime', s);
    const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) =>
      Number(m[i] ?? (i <= 3 && i > 1 ? 1 : 0)),
    );
    if (
      month < 1 ||
      month > 12 ||
      day < 1 ||
      day > daysInMonth(year, month) ||
      hour > 23 ||
      minute > 59 ||
      second > 59
    ) {
      throw deserializeError('datetime', s);
    }
    const ms = m[7] ? Number(m[7].padEnd(3, '0').slice(0, 3)) : 0;
    let offset = 0;
    if (m[8] && m[8] !== 'Z') {
      const digits = m[8].replace(':', '');
      offset =
        (m[8][0] === '-' ? -1 : 1) *
        (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0)) *
        60_000;
    }
    return new ApexDatetime(wallMillis(year, month, day, hour, minute, second, ms) - offset);
  }

  /** getTime(): epoch milliseconds as a Long. */
  getTime(): bigint {
    return BigInt(this.epochMs);
  }

  private wall(zone: Zone): number {
    return this.epochMs + zone.offsetAt(this.epochMs);
  }

  private fields(zone: Zone): {
    year: number;
    month: number;
    day: number;
    msOfDay: number;
    epochDay: number;
  } {
    const wall = this.wall(zone);
    const epochDay = floorDiv(wall, MS_PER_DAY);
    return { ...civilFromDays(epochDay), msOfDay: wall - epochDay * MS_PER_DAY, epochDay };
  }

  /** Moves the wall-clock date in the user's zone, keeping the wall-clock time. */
  private shiftDays(ctx: UserContext, toDay: (epochDay: number) => number): ApexDatetime {
    const zone = timeZoneOf(ctx);
    const { epochDay, msOfDay } = this.fields(zone);
    return new ApexDatetime(instantOfWall(zone, toDay(epochDay) * MS_PER_DAY + msOfDay));
  }

  /**
   * addDays, addMonths, addYears work on the user's calendar, keeping the local time across a
   * daylight-saving change as java.util.Calendar.add does (unconfirmed for Apex); addMonths clamps
   * to the month's end.
   */
  addDays(days: number, ctx: UserContext): ApexDatetime {
    return this.shiftDays(ctx, (d) => d + days);
  }

  addMonths(months: number, ctx: UserContext): ApexDatetime {
    return this.shiftDays(ctx, (d) => addMonthsToDay(d, months));
  }

  addYears(years: number, ctx: UserContext): ApexDatetime {
    return this.addMonths(years * 12, ctx);
  }

  addHours(hours: number): ApexDatetime {
    return new ApexDatetime(this.epochMs + hours * 3_600_000);
  }

  addMinutes(minutes: number): ApexDatetime {
    return new ApexDatetime(this.epochMs + minutes * 60_000);
  }

  addSeconds(seconds: number): ApexDatetime {
    return new ApexDatetime(this.epochMs + seconds * 1000);
  }

  /** date(): the Date "in the local time zone of the context user"; dateGmt() in GMT. */
  date(ctx: UserContext): ApexDate {
    return ApexDate.fromEpochDay(this.fields(timeZoneOf(ctx)).epochDay);
  }

  dateGmt(): ApexDate {
    return ApexDate.fromEpochDay(this.fields(GMT).epochDay);
  }

  time(ctx: UserContext): ApexTime {
    return ApexTime.fromMillisOfDay(this.fields(timeZoneOf(ctx)).msOfDay);
  }

  timeGmt(): ApexTime {
    return ApexTime.fromMillisOfDay(this.fields(GMT).msOfDay);
  }

  year(ctx: UserContext): number {
    return this.fields(timeZoneOf(ctx)).year;
  }
  yearGmt(): number {
    return this.fields(GMT).year;
  }
  month(ctx: UserContext): number {
    return this.fields(timeZoneOf(ctx)).month;
  }
  monthGmt(): number {
    return this.fields(GMT).month;
  }
  day(ctx: UserContext): number {
    return this.fields(timeZoneOf(ctx)).day;
  }
  dayGmt(): number {
    return this.fields(GMT).day;
  }
  dayOfYear(ctx: UserContext): number {
    return this.date(ctx).dayOfYear();
  }
  dayOfYearGmt(): number {
    return this.dateGmt().dayOfYear();
  }
  hour(ctx: UserContext): number {
    return this.time(ctx).hour();
  }
  hourGmt(): number {
    return this.timeGmt().hour();
  }
  minute(ctx: UserContext): number {
    return this.time(ctx).minute();
  }
  minuteGmt(): number {
    return this.timeGmt().minute();
  }
  second(ctx: UserContext): number {
    return this.time(ctx).second();
  }
  secondGmt(): number {
    return this.timeGmt().second();
  }
  millisecond(ctx: UserContext): number {
    return this.time(ctx).millisecond();
  }
  millisecondGmt(): number {
    return this.timeGmt().millisecond();
  }

  /**
   * format() with no pattern: the user locale's date and time format in the user's zone (en_US
   * '2/3/2017 1:20 PM'); format(pattern): SimpleDateFormat in the user's zone; format(pattern,
   * timeZone): in that zone, GMT when it cannot be interpreted (Apex Reference Guide).
   */
  format(ctx: UserContext, pattern?: string, timeZone?: string): string {
    const p = pattern ?? `${localeFormats(ctx.locale).date} ${localeFormats(ctx.locale).time}`;
    return formatPattern(p, this.epochMs, zoneOf(timeZone ?? ctx.timeZone), ctx.locale);
  }

  /** formatGmt(pattern): SimpleDateFormat in GMT, the user's locale for names. */
  formatGmt(pattern: string, ctx: UserContext): string {
    return formatPattern(pattern, this.epochMs, GMT, ctx.locale);
  }

  /** formatLong(): en_US '6/6/1993 3:03:03 AM PDT' (Apex Reference Guide example). */
  formatLong(ctx: UserContext): string {
    const formats = localeFormats(ctx.locale);
    return this.format(ctx, `${formats.date} ${longTimeFormat(formats.time)}`);
  }

  /** isSameDay: the same date "in the local time zone of the context user". */
  isSameDay(other: ApexDatetime, ctx: UserContext): boolean {
    return this.date(ctx).isSameDay(other.date(ctx));
  }

  /**
   * String concatenation and System.debug print GMT 'yyyy-MM-dd HH:mm:ss'; String.valueOf(Datetime)
   * prints the user's zone (toLocalString). Both are commonly seen in orgs (e.g. albasfdc.com,
   * "Working with datetimes": "Concatenating a datetime ... will print GMT datetime, while
   * String.valueOf ... your time zone").
   */
  toString(): string {
    return this.formatGmt('yyyy-MM-dd HH:mm:ss', { timeZone: 'GMT', locale: 'en_US' });
  }

  toLocalString(ctx: UserContext): string {
    return this.format(ctx, 'yyyy-MM-dd HH:mm:ss');
  }

  /** JSON.serialize writes "2026-01-10T19:31:08.000Z". */
  toJSON(): string {
    return this.formatGmt("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", { timeZone: 'GMT', locale: 'en_US' });
  }

  equals(other: unknown): boolean {
    return other instanceof ApexDatetime && other.epochMs === this.epochMs;
  }

  compareTo(other: ApexDatetime): number {
    return Math.sign(this.epochMs - other.epochMs);
  }
}
