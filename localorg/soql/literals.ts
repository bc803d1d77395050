/** SOQL literals: quoted strings with their escapes, and date literals as [start, end) ranges. */
import { startOfDay } from '../dates.ts';

const ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

/**
 * The value of a quoted SOQL string. In a LIKE pattern `\%` and `\_` stay escaped (and a backslash
 * becomes `\\`) so that SQLite's `LIKE ... ESCAPE '\'` reads them as literal characters.
 */
export function unquote(raw: string, like = false): string {
  const body = raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1) : raw;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\' || i === body.length - 1) {
      out += ch;
      continue;
    }
    const next = body[++i];
    if (next === '%' || next === '_') out += like ? `\\${next}` : next;
    else if (next === '\\' && like) out += '\\\\';
    else out += ESCAPES[next] ?? next;
  }
  return out;
}

export interface DayRange {
  /** First day in the range (UTC midnight). */
  start: Date;
  /** First day after the range. */
  end: Date;
}

function addMonths(year: number, month: number, delta: number): Date {
  return new Date(Date.UTC(year, month + delta, 1));
}

/**
 * The range a date literal covers, relative to `now` (UTC; weeks start on Sunday; fiscal periods are
 * calendar periods). Returns null for an unknown literal.
 */
export function dateLiteralRange(literal: string, now: Date, n = 0): DayRange | null {
  const today = startOfDay(now);
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth();
  const weekStart = startOfDay(today, -today.getUTCDay());
  const quarterStart = m - (m % 3);
  const days = (a: number, b: number): DayRange => ({
    start: startOfDay(today, a),
    end: startOfDay(today, b),
  });
  const weeks = (a: number, b: number): DayRange => ({
    start: startOfDay(weekStart, a * 7),
    end: startOfDay(weekStart, b * 7),
  });
  const months = (a: number, b: number): DayRange => ({
    start: addMonths(y, m, a),
    end: addMonths(y, m, b),
  });
  const quarters = (a: number, b: number): DayRange => ({
    start: addMonths(y, quarterStart, a * 3),
    end: addMonths(y, quarterStart, b * 3),
  });
  const years = (a: number, b: number): DayRange => ({
    start: new Date(Date.UTC(y + a, 0, 1)),
    end: new Date(Date.UTC(y + b, 0, 1)),
  });
  switch (literal.toUpperCase().replace(/_FISCAL/, '')) {
    case 'YESTERDAY':
      return days(-1, 0);
    case 'TODAY':
      return days(0, 1);
    case 'TOMORROW':
      return days(1, 2);
    case 'LAST_WEEK':
      return weeks(-1, 0);
    case 'THIS_WEEK':
      return weeks(0, 1);
    case 'NEXT_WEEK':
      return weeks(1, 2);
    case 'LAST_MONTH':
      return months(-1, 0);
    case 'THIS_MONTH':
      return months(0, 1);
    case 'NEXT_MONTH':
      return months(1, 2);
    case 'LAST_90_DAYS':
      return days(-90, 1);
    case 'NEXT_90_DAYS':
      return days(1, 91);
    case 'LAST_QUARTER':
      return quarters(-1, 0);
    case 'THIS_QUARTER':
      return quarters(0, 1);
    case 'NEXT_QUARTER':
      return quarters(1, 2);
    case 'LAST_YEAR':
      return years(-1, 0);
    case 'THIS_YEAR':
      return years(0, 1);
    case 'NEXT_YEAR':
      return years(1, 2);
    case 'LAST_N_DAYS':
      return days(-n, 1);
    case 'NEXT_N_DAYS':
      return days(1, n + 1);
    case 'N_DAYS_AGO':
      return days(-n, -n + 1);
    case 'LAST_N_WEEKS':
      return weeks(-n, 0);
    case 'NEXT_N_WEEKS':
      return weeks(1, n + 1);
    case 'N_WEEKS_AGO':
      return weeks(-n, -n + 1);
    case 'LAST_N_MONTHS':
      return months(-n, 0);
    case 'NEXT_N_MONTHS':
      return months(1, n + 1);
    case 'N_MONTHS_AGO':
      return months(-n, -n + 1);
    case 'LAST_N_QUARTERS':
      return quarters(-n, 0);
    case 'NEXT_N_QUARTERS':
      return quarters(1, n + 1);
    case 'N_QUARTERS_AGO':
      return quarters(-n, -n + 1);
    case 'LAST_N_YEARS':
      return years(-n, 0);
    case 'NEXT_N_YEARS':
      return years(1, n + 1);
    case 'N_YEARS_AGO':
      return years(-n, -n + 1);
    default:
      return null;
  }
}
