/**
 * java.text.SimpleDateFormat, which Apex's Datetime.format(dateFormatString) and formatGmt take
 * ("For more information on the Java simple date format, see Java SimpleDateFormat", Apex
 * Reference Guide, Datetime Class): letters G y Y M L w W D d F E u a H k K h m s S z Z X, text in
 * single quotes, '' for a quote, other characters as they are. Week fields (w W Y) use the locale's
 * first day of week and minimal days (en_US: Sunday, 1; de_DE and en_GB: Monday, 4).
 *
 * A bad pattern is Java's IllegalArgumentException ("Illegal pattern character 'T'",
 * "Unterminated quote"); Apex raises it as a StringException (unconfirmed).
 */
import { ApexSystemError } from './errors.ts';
import { firstDayOfWeek, intlLocale, localeNames, minimalDaysInFirstWeek } from './locales.ts';
import { civilFromDays, daysFromCivil, MS_PER_DAY, zoneName, type Zone } from './timeZones.ts';

type Token = { readonly letter: string; readonly count: number } | { readonly literal: string };

const LETTERS = 'GyYMLwWDdFEuaHkKhmsSzZX';
const compiled = new Map<string, readonly Token[]>();

const illegal = (message: string): ApexSystemError =>
  new ApexSystemError('StringException', message);

/** SimpleDateFormat.compile: runs of one letter, quoted text, other characters. */
export function compilePattern(pattern: string): readonly Token[] {
  const cached = compiled.get(pattern);
  if (cached) return cached;
  const tokens: Token[] = [];
  let literal = '';
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i];
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        literal += "'";
        i += 2;
        continue;
      }
      i++;
      for (;;) {
        if (i >= pattern.length) throw illegal('Unterminated quote');
        if (pattern[i] === "'") {
          if (pattern[i + 1] === "'") {
            literal += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        literal += pattern[i++];
      }
    } else if (/[a-zA-Z]/.test(c)) {
      if (!LETTERS.includes(c)) throw illegal(`Illegal pattern character '${c}'`);
      let count = 1;
      while (pattern[i + count] === c) count++;
      if (c === 'X' && count > 3) throw illegal(`invalid ISO 8601 format: length=${count}`);
      if (literal) tokens.push({ literal });
      literal = '';
      tokens.push({ letter: c, count });
      i += count;
    } else {
      literal += c;
      i++;
    }
  }
  if (literal) tokens.push({ literal });
  compiled.set(pattern, tokens);
  return tokens;
}

/** java.util.Calendar day of week: 1 = Sunday ... 7 = Saturday (1970-01-01 was a Thursday). */
export const dayOfWeek = (epochDay: number): number => ((((epochDay + 4) % 7) + 7) % 7) + 1;

function onOrBefore(epochDay: number, dow: number): number {
  return epochDay - ((dayOfWeek(epochDay) - dow + 7) % 7);
}

/** Calendar.getWeekNumber: the week of date within the period starting at periodStart. */
function weekNumber(periodStart: number, date: number, firstDay: number, minDays: number): number {
  let weekStart = onOrBefore(periodStart + 6, firstDay);
  if (weekStart - periodStart >= minDays) weekStart -= 7;
  return Math.floor((date - weekStart) / 7) + 1;
}

/** WEEK_OF_YEAR and its week year, rolling into the previous or next year as GregorianCalendar does. */
export function weekOfYear(
  epochDay: number,
  year: number,
  firstDay: number,
  minDays: number,
): { week: number; weekYear: number } {
  const week = weekNumber(daysFromCivil(year, 1, 1), epochDay, firstDay, minDays);
  if (week === 0) {
    return {
      week: weekNumber(daysFromCivil(year - 1, 1, 1), epochDay, firstDay, minDays),
      weekYear: year - 1,
    };
  }
  if (week >= 52) {
    const nextStart = daysFromCivil(year + 1, 1, 1);
    let nextWeek1 = onOrBefore(nextStart + 6, firstDay);
    if (nextWeek1 - nextStart >= minDays) nextWeek1 -= 7;
    if (epochDay >= nextWeek1) return { week: 1, weekYear: year + 1 };
  }
  return { week, weekYear: year };
}

const pad = (n: number, width: number): string =>
  (n < 0 ? '-' : '') + String(Math.abs(n)).padStart(width, '0');

function offsetText(offsetMs: number, colon: boolean, withMinutes: boolean): string {
  const minutes = Math.abs(offsetMs) / 60_000;
  const hh = pad(Math.floor(minutes / 60), 2);
  const mm = pad(minutes % 60, 2);
  return (offsetMs < 0 ? '-' : '+') + hh + (withMinutes ? (colon ? ':' : '') + mm : '');
}

/** Formats an instant in a zone with a SimpleDateFormat pattern and a Salesforce locale key. */
export function formatPattern(
  pattern: string,
  epochMs: number,
  zone: Zone,
  locale: string,
): string {
  const tokens = compilePattern(pattern);
  const offset = zone.offsetAt(epochMs);
  const local = epochMs + offset;
  const epochDay = Math.floor(local / MS_PER_DAY);
  const msOfDay = local - epochDay * MS_PER_DAY;
  const { year, month, day } = civilFromDays(epochDay);
  const hour = Math.floor(msOfDay / 3_600_000);
  const dow = dayOfWeek(epochDay);
  const names = localeNames(locale);
  const week = (): { week: number; weekYear: number } =>
    weekOfYear(epochDay, year, firstDayOfWeek(locale), minimalDaysInFirstWeek(locale));
  const yearText = (y: number, count: number): string =>
    count === 2 ? pad(((y % 100) + 100) % 100, 2) : pad(y, count);
  const field = (letter: string, count: number): string => {
    switch (letter) {
      case 'G':
        return names.eras[year > 0 ? 1 : 0];
      case 'y':
        return yearText(year > 0 ? year : 1 - year, count);
      case 'Y':
        return yearText(week().weekYear, count);
      case 'M':
      case 'L': {
        const standalone = letter === 'L';
        if (count >= 4) return (standalone ? names.standaloneMonths : names.months)[month - 1];
        if (count === 3) {
          return (standalone ? names.standaloneMonthsShort : names.monthsShort)[month - 1];
        }
        return pad(month, count);
      }
      case 'w':
        return pad(week().week, count);
      case 'W':
        return pad(
          weekNumber(
            daysFromCivil(year, month, 1),
            epochDay,
            firstDayOfWeek(locale),
            minimalDaysInFirstWeek(locale),
          ),
          count,
        );
      case 'D':
        return pad(epochDay - daysFromCivil(year, 1, 1) + 1, count);
      case 'd':
        return pad(day, count);
      case 'F':
        return pad(Math.floor((day - 1) / 7) + 1, count);
      case 'E':
        return (count >= 4 ? names.weekdays : names.weekdaysShort)[dow - 1];
      case 'u':
        return pad(dow === 1 ? 7 : dow - 1, count);
      case 'a':
        return names.amPm[hour < 12 ? 0 : 1];
      case 'H':
        return pad(hour, count);
      case 'k':
        return pad(hour === 0 ? 24 : hour, count);
      case 'K':
        return pad(hour % 12, count);
      case 'h':
        return pad(hour % 12 === 0 ? 12 : hour % 12, count);
      case 'm':
        return pad(Math.floor(msOfDay / 60_000) % 60, count);
      case 's':
        return pad(Math.floor(msOfDay / 1000) % 60, count);
      case 'S':
        return pad(msOfDay % 1000, count);
      case 'z':
        return zoneName(zone, epochMs, count >= 4, intlLocale(locale));
      case 'Z':
        return offsetText(offset, false, true);
      default: // 'X'
        if (offset === 0) return 'Z';
        return offsetText(offset, count === 3, count > 1);
    }
  };
  return tokens.map((t) => ('literal' in t ? t.literal : field(t.letter, t.count))).join('');
}

export interface ParsedFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const NUMERIC = 'yYMLwWDdFuHkKhmsS';

/**
 * SimpleDateFormat.parse for the locale patterns Date.parse and Datetime.parse use: numeric fields,
 * month names, AM/PM. Lenient like DateFormat: out-of-range values roll over (the caller does
 * that) and text after the pattern is ignored. Null when the text does not fit.
 */
export function parsePattern(pattern: string, text: string, locale: string): ParsedFields | null {
  const fields: ParsedFields = {
    year: 1970,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
    millisecond: 0,
  };
  const names = localeNames(locale);
  let pos = 0;
  let pm: boolean | null = null;
  let hour12: number | null = null;
  let hourOfDay = false;
  const matchName = (list: readonly string[]): number => {
    let best = -1;
    for (let i = 0; i < list.length; i++) {
      const name = list[i];
      const candidate = text.slice(pos, pos + name.length);
      if (
        name &&
        candidate.toLowerCase() === name.toLowerCase() &&
        (best < 0 || name.length > list[best].length)
      ) {
        best = i;
      }
    }
    if (best >= 0) pos += list[best].length;
    return best;
  };
  for (const token of compilePattern(pattern)) {
    if ('literal' in token) {
      if (text.slice(pos, pos + token.literal.length) !== token.literal) return null;
      pos += token.literal.length;
      continue;
    }
    const { letter, count } = token;
    if ((letter === 'M' || letter === 'L') && count >= 3) {
      const i = Math.max(matchName(names.months), -1);
      const m = i >= 0 ? i : matchName(names.monthsShort);
      if (m < 0) return null;
      fields.month = m + 1;
      continue;
    }
    if (letter === 'a') {
      const i = matchName(names.amPm);
      if (i < 0) return null;
      pm = i === 1;
      continue;
    }
    if (letter === 'E') {
      if (matchName(names.weekdays) < 0 && matchName(names.weekdaysShort) < 0) return null;
      continue;
    }
    if (!NUMERIC.includes(letter)) return null;
    const digits = /^[+-]?\d+/.exec(text.slice(pos));
    if (!digits) return null;
    pos += digits[0].length;
    const value = Number(digits[0]);
    if (letter === 'y' || letter === 'Y') fields.year = value;
    else if (letter === 'M' || letter === 'L') fields.month = value;
    else if (letter === 'd') fields.day = value;
    else if (letter === 'H' || letter === 'k') {
      fields.hour = letter === 'k' && value === 24 ? 0 : value;
      hourOfDay = true;
    } else if (letter === 'h' || letter === 'K')
      hour12 = letter === 'h' && value === 12 ? 0 : value;
    else if (letter === 'm') fields.minute = value;
    else if (letter === 's') fields.second = value;
    else if (letter === 'S') fields.millisecond = value;
  }
  // HOUR_OF_DAY (H, k) wins over HOUR and AM_PM (h, K, a) as in Calendar.
  if (hour12 !== null && !hourOfDay) fields.hour = hour12 + (pm ? 12 : 0);
  return fields;
}
