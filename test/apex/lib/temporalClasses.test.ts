/**
 * Date, Datetime and Time (lib/temporalClasses.ts), run as anonymous Apex on the harness's local
 * org. Local-time methods use the running user's time zone and locale, set on the harness's user
 * record per case. Each case cites the Apex Reference Guide section it follows ("Date Class",
 * "Datetime Class", "Time Class").
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newHarness, runAnonymous } from '../harness.ts';

const harness = newHarness();

/** Runs the snippet as a user with this time zone and locale; fails on an uncaught exception. */
function debugAs(timeZone: string, locale: string, source: string): string[] {
  const store = harness.org.store;
  const id = harness.admin.userId;
  const before = store.get(
    `SELECT "TimeZoneSidKey", "LocaleSidKey" FROM "User" WHERE "Id" = ?`,
    id,
  );
  const set = (tz: unknown, loc: unknown) =>
    store.run(
      `UPDATE "User" SET "TimeZoneSidKey" = ?, "LocaleSidKey" = ? WHERE "Id" = ?`,
      String(tz),
      String(loc),
      id,
    );
  set(timeZone, locale);
  try {
    const outcome = runAnonymous(source, harness.runtime);
    assert.equal(outcome.error, null, `unexpected ${outcome.error}`);
    return outcome.debug;
  } finally {
    set(before?.TimeZoneSidKey ?? 'GMT', before?.LocaleSidKey ?? 'en_US');
  }
}

const debug = (source: string): string[] => debugAs('GMT', 'en_US', source);
const la = (source: string): string[] => debugAs('America/Los_Angeles', 'en_US', source);

function error(source: string): string | null {
  return runAnonymous(source, harness.runtime).error;
}

describe('Date', () => {
  // Date Class, valueOf(stringDate): 'yyyy-MM-dd'; like java.sql.Date a day past the month's end
  // rolls over, so 2026-02-30 is 2026-03-02; a time part is ignored.
  it("valueOf('2026-02-30') rolls into March", () => {
    assert.deepEqual(
      debug(`
        System.debug(Date.valueOf('2026-02-30'));
        System.debug(Date.valueOf('2024-02-29'));
        System.debug(Date.valueOf('2026-01-10 23:59:59'));`),
      ['2026-03-02', '2024-02-29', '2026-01-10'],
    );
  });

  // Date Class, valueOf(stringDate): anything else is TypeException 'Invalid date: <s>'.
  it('valueOf rejects other formats', () => {
    assert.equal(
      error(`Date.valueOf('2026-13-01');`),
      'System.TypeException: Invalid date: 2026-13-01',
    );
    assert.equal(
      error(`Date.valueOf('01/10/2026');`),
      'System.TypeException: Invalid date: 01/10/2026',
    );
  });

  // Date Class, newInstance(year, month, day): lenient (month 27 of 2016 is March 2018).
  it('newInstance is lenient', () => {
    assert.deepEqual(
      debug(`
        System.debug(Date.newInstance(2016, 27, 7));
        System.debug(Date.newInstance(2026, 3, 0));`),
      ['2018-03-07', '2026-02-28'],
    );
  });

  // Date Class examples: addDays, addMonths (clamped to the month's end), addYears, dayOfYear
  // (1998-10-21 is day 294), daysBetween, monthsBetween (2006-12-02 to 2012-12-08 is 72),
  // daysInMonth (February 1960 has 29 days), isLeapYear, toStartOfMonth.
  it('arithmetic and fields', () => {
    assert.deepEqual(
      debug(`
        Date d = Date.newInstance(2026, 1, 31);
        System.debug(d.addDays(1) + ' ' + d.addMonths(1) + ' ' + Date.newInstance(2024, 2, 29).addYears(1));
        System.debug(Date.newInstance(1998, 10, 21).dayOfYear());
        Date firstDate = Date.newInstance(2006, 12, 2);
        Date secondDate = Date.newInstance(2012, 12, 8);
        System.debug(firstDate.monthsBetween(secondDate) + ' ' + secondDate.daysBetween(firstDate));
        System.debug(Date.daysInMonth(1960, 2) + ' ' + Date.isLeapYear(2000) + ' ' + Date.isLeapYear(1900));
        System.debug(d.year() + '/' + d.month() + '/' + d.day() + ' ' + d.toStartOfMonth());
        System.debug(d.isSameDay(Date.valueOf('2026-01-31')));`),
      [
        '2026-02-01 2026-02-28 2025-02-28',
        '294',
        '72 -2198',
        '29 true false',
        '2026/1/31 2026-01-01',
        'true',
      ],
    );
  });

  // Date Class, format() (en_US example '3/21/2001') and toStartOfWeek(): both follow the user's
  // locale (en_US weeks start on Sunday, de_DE on Monday); parse(stringDate) reads that format.
  it('format, toStartOfWeek and parse follow the locale', () => {
    const source = `
      Date d = Date.newInstance(2001, 3, 21);
      System.debug(d.format());
      System.debug(Date.newInstance(2026, 1, 7).toStartOfWeek());`;
    assert.deepEqual(debugAs('GMT', 'en_US', source), ['3/21/2001', '2026-01-04']);
    assert.deepEqual(debugAs('GMT', 'de_DE', source), ['21.03.2001', '2026-01-05']);
    assert.deepEqual(debug(`System.debug(Date.parse('12/27/2009'));`), ['2009-12-27']);
  });

  // Date Class, today(): the date in the user's time zone.
  it('today() is a Date', () => {
    assert.deepEqual(debug(`System.debug(Date.today() == Datetime.now().dateGmt());`), ['true']);
  });

  // A wrong argument type: Apex rejects the call at compile time; the runtime raises the
  // same wording as a TypeException.
  it('an argument of the wrong type raises TypeException', () => {
    assert.equal(
      error(`Date.newInstance(2026, 1, 1).addDays('1');`),
      'System.TypeException: Method does not exist or incorrect signature: void addDays(String) from the type Date',
    );
  });
});

describe('Datetime', () => {
  // Datetime Class, formatGmt(dateFormatString): java.text.SimpleDateFormat, where text in single
  // quotes is literal and '' is a quote.
  it('formatGmt with quoted literals', () => {
    assert.deepEqual(
      la(`
        Datetime dt = Datetime.newInstanceGmt(2026, 1, 10, 19, 31, 8);
        System.debug(dt.formatGmt('yyyy-MM-dd\\'T\\'HH:mm:ss.SSS\\'Z\\''));
        System.debug(dt.formatGmt('h \\'o\\'\\'clock\\' a, EEEE'));
        System.debug(dt.formatGmt('\\'\\''));`),
      ['2026-01-10T19:31:08.000Z', "7 o'clock PM, Saturday", "'"],
    );
  });

  // Datetime Class: newInstance(...) is in the user's time zone, newInstanceGmt(...) in GMT;
  // format(dateFormatString) uses the user's zone, format(dateFormatString, timezone) the given
  // one; getTime() is epoch milliseconds.
  it('local and GMT construction and formatting', () => {
    assert.deepEqual(
      la(`
        Datetime local = Datetime.newInstance(2026, 1, 10, 11, 31, 8);
        Datetime gmt = Datetime.newInstanceGmt(2026, 1, 10, 19, 31, 8);
        System.debug(local == gmt);
        System.debug(gmt.getTime());
        System.debug(gmt.format('yyyy-MM-dd HH:mm z'));
        System.debug(gmt.format('HH:mm z', 'Europe/Berlin'));
        System.debug(Datetime.newInstance(0L).formatGmt('yyyy-MM-dd HH:mm'));
        System.debug(Datetime.newInstance(Date.newInstance(2026, 1, 10), Time.newInstance(1, 2, 3, 0)).formatGmt('HH:mm:ss'));
        System.debug(Datetime.newInstance(2026, 1, 10).hourGmt());`),
      [
        'true',
        '1768073468000',
        '2026-01-10 11:31 PST',
        '20:31 CET',
        '1970-01-01 00:00',
        '09:02:03',
        '8',
      ],
    );
  });

  // Datetime Class: date(), day(), hour()... are in the user's zone, the ...Gmt methods in GMT
  // (03:00 GMT on January 10 is 19:00 on January 9 in Los Angeles).
  it('local fields and their Gmt twins', () => {
    assert.deepEqual(
      la(`
        Datetime dt = Datetime.newInstanceGmt(2026, 1, 10, 3, 4, 5);
        System.debug(dt.date() + ' ' + dt.dateGmt());
        System.debug(dt.day() + ' ' + dt.dayGmt() + ' ' + dt.hour() + ' ' + dt.hourGmt());
        System.debug(dt.minute() + ' ' + dt.second() + ' ' + dt.millisecondGmt());
        System.debug(dt.dayOfYear() + ' ' + dt.dayOfYearGmt() + ' ' + dt.year() + ' ' + dt.monthGmt());
        System.debug(dt.time() + ' ' + dt.timeGmt());
        System.debug(dt.isSameDay(Datetime.newInstanceGmt(2026, 1, 9, 12, 0, 0)));`),
      [
        '2026-01-09 2026-01-10',
        '9 10 19 3',
        '4 5 0',
        '9 10 2026 1',
        '19:04:05.000Z 03:04:05.000Z',
        'true',
      ],
    );
  });

  // String Class, valueOf(datetimeToConvert) prints local time; concatenation and System.debug
  // print GMT. Datetime Class, valueOf(dateTimeString) reads local time, valueOfGmt GMT.
  it('valueOf and valueOfGmt; String.valueOf is local', () => {
    assert.deepEqual(
      la(`
        Datetime dt = Datetime.valueOf('2026-01-10 11:31:08');
        System.debug(dt);
        System.debug(String.valueOf(dt));
        System.debug(Datetime.valueOfGmt('2026-01-10 19:31:08') == dt);`),
      ['2026-01-10 19:31:08', '2026-01-10 11:31:08', 'true'],
    );
    assert.equal(
      error(`Datetime.valueOf('2026-01-10T19:31:08Z');`),
      'System.TypeException: Invalid date/time: 2026-01-10T19:31:08Z',
    );
  });

  // Datetime Class, formatLong() example: '6/6/1993 3:03:03 AM PDT' in en_US; format() the
  // locale's short date and time; parse(datetimeString) reads that short format.
  it('formatLong, format() and parse use the locale', () => {
    assert.deepEqual(
      la(`
        Datetime dt = Datetime.newInstance(1993, 6, 6, 3, 3, 3);
        System.debug(dt.formatLong());
        System.debug(dt.format());
        System.debug(Datetime.parse('10/14/2011 11:46 AM').formatGmt('yyyy-MM-dd HH:mm'));`),
      ['6/6/1993 3:03:03 AM PDT', '6/6/1993 3:03 AM', '2011-10-14 18:46'],
    );
  });

  // Datetime Class: addDays/addMonths/addYears move the local calendar date, addHours and
  // smaller add elapsed time (across the DST change in Los Angeles on 2026-03-08).
  it('add methods', () => {
    assert.deepEqual(
      la(`
        Datetime dt = Datetime.newInstance(2026, 3, 7, 12, 0, 0);
        System.debug(dt.addDays(1).format('yyyy-MM-dd HH:mm z'));
        System.debug(dt.addHours(24).format('yyyy-MM-dd HH:mm z'));
        System.debug(Datetime.newInstance(2026, 1, 31, 8, 0, 0).addMonths(1).format('yyyy-MM-dd HH:mm'));
        System.debug(dt.addYears(1).addMinutes(90).addSeconds(-1).format('yyyy-MM-dd HH:mm:ss'));`),
      ['2026-03-08 12:00 PDT', '2026-03-08 13:00 PDT', '2026-02-28 08:00', '2027-03-07 13:29:59'],
    );
  });
});

describe('Time', () => {
  // Time Class examples: newInstance(1, 2, 3, 4).addHours(3) is 4:02:03.004,
  // newInstance(1, 2, 3, 0).addMilliseconds(1400) is 1:02:04.400, newInstance(1, 2, 55, 0)
  // .addSeconds(10) is 1:03:05; 18:30:02.020 has minute 30. Values past midnight wrap.
  it('Time follows the guide examples and wraps around midnight', () => {
    assert.deepEqual(
      debug(`
        System.debug(Time.newInstance(1, 2, 3, 4).addHours(3) == Time.newInstance(4, 2, 3, 4));
        System.debug(Time.newInstance(1, 2, 3, 0).addMilliseconds(1400));
        System.debug(Time.newInstance(1, 2, 55, 0).addSeconds(10));
        Time t = Time.newInstance(18, 30, 2, 20);
        System.debug(t.hour() + ' ' + t.minute() + ' ' + t.second() + ' ' + t.millisecond());
        System.debug(Time.newInstance(23, 0, 0, 0).addHours(2) + ' ' + Time.newInstance(0, 0, 0, 0).addMinutes(-1));`),
      ['true', '01:02:04.400Z', '01:03:05.000Z', '18 30 2 20', '01:00:00.000Z 23:59:00.000Z'],
    );
  });
});
