/**
 * Apex Date, Datetime and Time (Apex Reference Guide: "Date Class", "Datetime Class", "Time
 * Class"), java.text.SimpleDateFormat for format(pattern), and the JSON forms.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApexSystemError } from '../../../localorg/apex/values/errors.ts';
import {
  ApexDate,
  ApexDatetime,
  ApexTime,
  type UserContext,
} from '../../../localorg/apex/values/temporal.ts';

const LA: UserContext = { timeZone: 'America/Los_Angeles', locale: 'en_US' };
const BERLIN: UserContext = { timeZone: 'Europe/Berlin', locale: 'de_DE' };
const LONDON: UserContext = { timeZone: 'Europe/London', locale: 'en_GB' };
const GMT: UserContext = { timeZone: 'GMT', locale: 'en_US' };

const date = (y: number, m: number, d: number): string => ApexDate.newInstance(y, m, d).toString();

function throwsApex(fn: () => unknown, typeName: string, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ApexSystemError, `expected ApexSystemError, got ${String(e)}`);
    assert.equal(e.typeName, typeName);
    assert.equal(e.message, message);
    return true;
  });
}

describe('Date construction', () => {
  // Lenient like GregorianCalendar; orgs print 2018-03-07 for newInstance(2016, 27, 7).
  it('newInstance rolls over months and days', () => {
    assert.equal(date(2016, 27, 7), '2018-03-07');
    assert.equal(date(2026, 2, 30), '2026-03-02');
    assert.equal(date(2024, 2, 30), '2024-03-01');
    assert.equal(date(2020, 3, 0), '2020-02-29');
    assert.equal(date(2026, 1, 0), '2025-12-31');
  });

  // Date.valueOf: 'yyyy-MM-dd' (with an ignored time part); the project relies on the rollover.
  it("valueOf reads 'yyyy-MM-dd', rolls 2026-02-30 into March and ignores a time part", () => {
    assert.equal(ApexDate.valueOf('2026-02-30').toString(), '2026-03-02');
    assert.equal(ApexDate.valueOf('2000-1-1').toString(), '2000-01-01');
    assert.equal(ApexDate.valueOf('2008-10-5 12:30:45').toString(), '2008-10-05');
  });

  it("valueOf rejects other formats with TypeException 'Invalid date: ...'", () => {
    throwsApex(() => ApexDate.valueOf('10/11/1983'), 'TypeException', 'Invalid date: 10/11/1983');
    throwsApex(() => ApexDate.valueOf('2026-13-01'), 'TypeException', 'Invalid date: 2026-13-01');
    throwsApex(
      () => ApexDate.valueOf('2026-01-10T00:00:00Z'),
      'TypeException',
      'Invalid date: 2026-01-10T00:00:00Z',
    );
  });

  // Date.parse: the user locale's format (en_US '12/27/2009'); range 1700..4000.
  it('parse reads the user locale format', () => {
    assert.equal(ApexDate.parse('12/27/2009', LA).toString(), '2009-12-27');
    assert.equal(ApexDate.parse('27.12.2009', BERLIN).toString(), '2009-12-27');
    assert.equal(ApexDate.parse('27/12/2009', LONDON).toString(), '2009-12-27');
    throwsApex(() => ApexDate.parse('1983-10-11', LA), 'TypeException', 'Invalid date: 1983-10-11');
    throwsApex(() => ApexDate.parse('1/1/1699', LA), 'TypeException', 'Invalid date: 1/1/1699');
  });

  it("today() is the date in the user's time zone", () => {
    const clock = (): number => Date.UTC(2026, 0, 10, 5, 0, 0); // 05:00 GMT
    assert.equal(ApexDate.today(LA, clock).toString(), '2026-01-09');
    assert.equal(ApexDate.today(BERLIN, clock).toString(), '2026-01-10');
  });
});

describe('Date arithmetic and fields', () => {
  it('addMonths clamps to the end of the month; addYears from Feb 29', () => {
    assert.equal(ApexDate.newInstance(2026, 1, 31).addMonths(1).toString(), '2026-02-28');
    assert.equal(ApexDate.newInstance(2024, 1, 31).addMonths(1).toString(), '2024-02-29');
    assert.equal(ApexDate.newInstance(2026, 3, 31).addMonths(-1).toString(), '2026-02-28');
    // Apex Reference Guide, addMonths example: 1990-11-21 plus 3 months.
    assert.equal(ApexDate.newInstance(1990, 11, 21).addMonths(3).toString(), '1991-02-21');
    assert.equal(ApexDate.newInstance(2024, 2, 29).addYears(1).toString(), '2025-02-28');
    assert.equal(ApexDate.newInstance(2024, 2, 29).addYears(4).toString(), '2028-02-29');
    assert.equal(ApexDate.newInstance(2026, 12, 31).addDays(1).toString(), '2027-01-01');
  });

  it('daysBetween and monthsBetween (Reference Guide examples)', () => {
    assert.equal(
      ApexDate.newInstance(2008, 1, 1).daysBetween(ApexDate.newInstance(2008, 1, 30)),
      29,
    );
    assert.equal(
      ApexDate.newInstance(2008, 1, 30).daysBetween(ApexDate.newInstance(2008, 1, 1)),
      -29,
    );
    assert.equal(
      ApexDate.newInstance(2006, 12, 2).monthsBetween(ApexDate.newInstance(2012, 12, 8)),
      72,
    );
    assert.equal(
      ApexDate.newInstance(2026, 1, 31).monthsBetween(ApexDate.newInstance(2026, 2, 1)),
      1,
    );
  });

  it('fields, dayOfYear, leap years and daysInMonth', () => {
    const d = ApexDate.newInstance(1998, 10, 21);
    assert.deepEqual([d.year(), d.month(), d.day(), d.dayOfYear()], [1998, 10, 21, 294]);
    assert.equal(ApexDate.isLeapYear(2024), true);
    assert.equal(ApexDate.isLeapYear(1900), false);
    assert.equal(ApexDate.isLeapYear(2000), true);
    assert.equal(ApexDate.daysInMonth(1960, 2), 29);
    assert.equal(ApexDate.daysInMonth(2026, 2), 28);
    assert.equal(ApexDate.daysInMonth(2026, 4), 30);
  });

  it('toStartOfMonth and toStartOfWeek by locale (en_US Sunday, de_DE and en_GB Monday)', () => {
    const wednesday = ApexDate.newInstance(2026, 4, 15);
    assert.equal(wednesday.toStartOfMonth().toString(), '2026-04-01');
    assert.equal(wednesday.toStartOfWeek(LA).toString(), '2026-04-12');
    assert.equal(wednesday.toStartOfWeek(BERLIN).toString(), '2026-04-13');
    assert.equal(wednesday.toStartOfWeek(LONDON).toString(), '2026-04-13');
    const sunday = ApexDate.newInstance(2026, 4, 12);
    assert.equal(sunday.toStartOfWeek(LA).toString(), '2026-04-12');
    assert.equal(sunday.toStartOfWeek(BERLIN).toString(), '2026-04-06');
  });

  it('isSameDay, equals, compareTo', () => {
    assert.equal(ApexDate.newInstance(2026, 1, 1).isSameDay(ApexDate.valueOf('2026-01-01')), true);
    assert.equal(ApexDate.newInstance(2026, 1, 1).equals(ApexDate.newInstance(2026, 1, 2)), false);
    assert.equal(ApexDate.newInstance(2026, 1, 1).compareTo(ApexDate.newInstance(2026, 1, 2)), -1);
  });

  // Date.format(): en_US example '3/21/2001'; toString is 'yyyy-MM-dd'.
  it('format() uses the locale; toString is yyyy-MM-dd', () => {
    const d = ApexDate.newInstance(2001, 3, 21);
    assert.equal(d.format(LA), '3/21/2001');
    assert.equal(d.format(BERLIN), '21.03.2001');
    assert.equal(d.format(LONDON), '21/03/2001');
    assert.equal(d.toString(), '2001-03-21');
  });
});

describe('Datetime construction and time zones', () => {
  it('newInstance is local time; newInstanceGmt is GMT', () => {
    const local = ApexDatetime.newInstance(LA, 2026, 1, 10, 11, 31, 8);
    assert.equal(local.toString(), '2026-01-10 19:31:08');
    const gmt = ApexDatetime.newInstanceGmt(2026, 1, 10, 19, 31, 8);
    assert.equal(gmt.getTime(), local.getTime());
    assert.equal(typeof gmt.getTime(), 'bigint');
    assert.equal(ApexDatetime.fromEpochMillis(0n).toString(), '1970-01-01 00:00:00');
  });

  it('newInstance(Date, Time) and newInstanceGmt(Date, Time)', () => {
    const d = ApexDate.newInstance(2026, 7, 1);
    const t = ApexTime.newInstance(9, 0, 0, 0);
    assert.equal(ApexDatetime.fromDateAndTime(BERLIN, d, t).toString(), '2026-07-01 07:00:00');
    assert.equal(ApexDatetime.fromDateAndTimeGmt(d, t).toString(), '2026-07-01 09:00:00');
  });

  // Spring forward: 2:30 does not exist on 2021-03-14 in Los Angeles; Calendar moves it to 3:30 PDT.
  it('a time in the spring-forward gap (Los Angeles) moves forward an hour', () => {
    const gap = ApexDatetime.newInstance(LA, 2021, 3, 14, 2, 30, 0);
    assert.equal(gap.toString(), '2021-03-14 10:30:00');
    assert.equal(gap.format(LA, 'HH:mm z'), '03:30 PDT');
  });

  it('an ambiguous fall-back time (Los Angeles) is standard time', () => {
    const overlap = ApexDatetime.newInstance(LA, 2021, 11, 7, 1, 30, 0);
    assert.equal(overlap.toString(), '2021-11-07 09:30:00');
    assert.equal(overlap.format(LA, 'HH:mm z'), '01:30 PST');
  });

  it('Berlin DST: addDays keeps the wall-clock time, addHours adds elapsed hours', () => {
    const noon = ApexDatetime.newInstance(BERLIN, 2026, 3, 28, 12, 0, 0);
    assert.equal(noon.format(BERLIN, 'HH:mm z'), '12:00 CET');
    const nextDay = noon.addDays(1, BERLIN);
    assert.equal(nextDay.format(BERLIN, 'yyyy-MM-dd HH:mm z'), '2026-03-29 12:00 CEST');
    assert.equal(Number(nextDay.getTime() - noon.getTime()), 23 * 3_600_000);
    assert.equal(noon.addHours(24).format(BERLIN, 'HH:mm z'), '13:00 CEST');
    const autumn = ApexDatetime.newInstance(BERLIN, 2026, 10, 25, 2, 30, 0);
    assert.equal(autumn.format(BERLIN, 'HH:mm XXX'), '02:30 +01:00');
  });

  it('addMonths and addYears clamp in local time; addMinutes/addSeconds are exact', () => {
    const jan31 = ApexDatetime.newInstance(LA, 2026, 1, 31, 8, 0, 0);
    assert.equal(jan31.addMonths(1, LA).format(LA, 'yyyy-MM-dd HH:mm'), '2026-02-28 08:00');
    assert.equal(jan31.addYears(1, LA).format(LA, 'yyyy-MM-dd'), '2027-01-31');
    assert.equal(jan31.addMinutes(90).format(LA, 'HH:mm'), '09:30');
    assert.equal(jan31.addSeconds(-1).format(LA, 'HH:mm:ss'), '07:59:59');
  });

  it('date()/time()/hour() are local; the Gmt variants are GMT', () => {
    const dt = ApexDatetime.newInstanceGmt(2026, 1, 10, 3, 15, 0);
    assert.equal(dt.date(LA).toString(), '2026-01-09');
    assert.equal(dt.dateGmt().toString(), '2026-01-10');
    assert.equal(dt.hour(LA), 19);
    assert.equal(dt.hourGmt(), 3);
    assert.equal(dt.time(LA).toString(), '19:15:00.000Z');
    assert.equal(dt.timeGmt().toString(), '03:15:00.000Z');
    assert.equal(dt.day(LA), 9);
    assert.equal(dt.dayGmt(), 10);
    assert.equal(dt.dayOfYear(LA), 9);
    assert.equal(dt.minute(LA), 15);
    assert.equal(dt.isSameDay(ApexDatetime.newInstanceGmt(2026, 1, 9, 20, 0, 0), LA), true);
    assert.equal(dt.isSameDay(ApexDatetime.newInstanceGmt(2026, 1, 9, 20, 0, 0), GMT), false);
  });

  it("valueOf reads local 'yyyy-MM-dd HH:mm:ss'; valueOfGmt reads GMT", () => {
    assert.equal(
      ApexDatetime.valueOf('2026-07-01 09:00:00', BERLIN).toString(),
      '2026-07-01 07:00:00',
    );
    assert.equal(ApexDatetime.valueOfGmt('2026-07-01 09:00:00').toString(), '2026-07-01 09:00:00');
    throwsApex(
      () => ApexDatetime.valueOf('2026-07-01T09:00:00Z', LA),
      'TypeException',
      'Invalid date/time: 2026-07-01T09:00:00Z',
    );
  });

  it('parse reads the locale date and time format', () => {
    assert.equal(ApexDatetime.parse('10/14/2011 11:46 AM', LA).toString(), '2011-10-14 18:46:00');
    assert.equal(ApexDatetime.parse('10/14/2011 12:05 AM', LA).format(LA, 'HH:mm'), '00:05');
    assert.equal(ApexDatetime.parse('14.10.2011 11:46', BERLIN).toString(), '2011-10-14 09:46:00');
    throwsApex(
      () => ApexDatetime.parse('2011-10-14', LA),
      'TypeException',
      'Invalid date/time: 2011-10-14',
    );
  });
});

describe('Datetime formatting', () => {
  const dt = ApexDatetime.newInstanceGmt(2026, 1, 10, 19, 31, 8);

  // Datetime.formatLong example: Datetime.newInstance(1993, 6, 6, 3, 3, 3) gives '6/6/1993 3:03:03 AM PDT'.
  it('formatLong and format() use the locale defaults in the user zone', () => {
    const local = ApexDatetime.newInstance(LA, 1993, 6, 6, 3, 3, 3);
    assert.equal(local.formatLong(LA), '6/6/1993 3:03:03 AM PDT');
    assert.equal(local.format(LA), '6/6/1993 3:03 AM');
    assert.equal(dt.format(BERLIN), '10.01.2026 20:31');
    assert.equal(dt.format(LONDON), '10/01/2026 19:31');
    assert.equal(dt.formatLong(BERLIN), '10.01.2026 20:31:08 CET');
  });

  it('String.valueOf is local, concatenation (toString) is GMT', () => {
    assert.equal(dt.toString(), '2026-01-10 19:31:08');
    assert.equal(dt.toLocalString(LA), '2026-01-10 11:31:08');
  });

  it("SimpleDateFormat quoting: 'yyyy-MM-dd\\'T\\'HH:mm:ss.SSS\\'Z\\''", () => {
    assert.equal(dt.formatGmt("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", LA), '2026-01-10T19:31:08.000Z');
    assert.equal(dt.formatGmt("h 'o''clock' a, ''yy", LA), "7 o'clock PM, '26");
    assert.equal(dt.formatGmt("''", LA), "'");
  });

  it('format(pattern) uses the user zone, format(pattern, zone) the given one, GMT if unknown', () => {
    assert.equal(dt.format(LA, 'yyyy-MM-dd HH:mm:ss'), '2026-01-10 11:31:08');
    assert.equal(dt.format(LA, 'HH:mm z', 'Europe/Berlin'), '20:31 CET');
    assert.equal(dt.format(LA, 'HH:mm z', 'Not/AZone'), '19:31 GMT');
    assert.equal(dt.format(LA, 'HH:mm Z', 'GMT+05:30'), '01:01 +0530');
  });

  it('text fields follow the locale; numeric fields pad to the letter count', () => {
    assert.equal(dt.formatGmt('EEEE, MMMM d, yyyy', LA), 'Saturday, January 10, 2026');
    assert.equal(dt.formatGmt('EEE, d MMM yy', LA), 'Sat, 10 Jan 26');
    assert.equal(dt.formatGmt('EEEE, d. MMMM yyyy', BERLIN), 'Samstag, 10. Januar 2026');
    assert.equal(dt.formatGmt('G y yyyyy D DDD F u', LA), 'AD 2026 02026 10 010 2 6');
    assert.equal(dt.formatGmt('H k K h a', LA), '19 19 7 7 PM');
    assert.equal(
      ApexDatetime.newInstanceGmt(2026, 1, 1, 0, 5, 0).formatGmt('H k K h a', LA),
      '0 24 0 12 AM',
    );
    assert.equal(dt.formatGmt('S SS SSS', LA), '0 00 000');
    assert.equal(dt.format(LA, 'Z X XX XXX zzzz'), '-0800 -08 -0800 -08:00 Pacific Standard Time');
    assert.equal(dt.formatGmt('X', LA), 'Z');
  });

  // The week-year trap: 2020-12-31 formats as 12/31/2021 with YYYY in en_US.
  it('week fields use the locale week rules (YYYY trap, ISO weeks in de_DE)', () => {
    const dec31 = ApexDatetime.newInstanceGmt(2020, 12, 31, 12, 0, 0);
    assert.equal(dec31.formatGmt('MM/dd/YYYY', LA), '12/31/2021');
    assert.equal(dec31.formatGmt('MM/dd/yyyy', LA), '12/31/2020');
    assert.equal(dec31.formatGmt('YYYY-ww', BERLIN), '2020-53');
    assert.equal(
      ApexDatetime.newInstanceGmt(2021, 1, 3, 12, 0, 0).formatGmt('YYYY w', BERLIN),
      '2020 53',
    );
    assert.equal(ApexDatetime.newInstanceGmt(2026, 1, 10, 0, 0, 0).formatGmt('w W', LA), '2 2');
  });

  it('bad patterns throw', () => {
    throwsApex(
      () => dt.formatGmt('yyyy-MM-ddTHH', LA),
      'StringException',
      "Illegal pattern character 'T'",
    );
    throwsApex(() => dt.formatGmt("yyyy 'open", LA), 'StringException', 'Unterminated quote');
  });
});

describe('JSON forms', () => {
  it('serialize: Date, Datetime in GMT with milliseconds and Z, Time', () => {
    assert.equal(JSON.stringify(ApexDate.newInstance(2026, 1, 10)), '"2026-01-10"');
    assert.equal(
      JSON.stringify(ApexDatetime.newInstanceGmt(2026, 1, 10, 19, 31, 8)),
      '"2026-01-10T19:31:08.000Z"',
    );
    assert.equal(JSON.stringify(ApexTime.newInstance(10, 10, 10, 10)), '"10:10:10.010Z"');
  });

  it('deserialize Datetime: Z, +0000, +02:00, no milliseconds, date or year alone', () => {
    const expected = '2026-01-10T19:31:08.000Z';
    assert.equal(ApexDatetime.fromJson('2026-01-10T19:31:08.000Z').toJSON(), expected);
    assert.equal(ApexDatetime.fromJson('2026-01-10T19:31:08.000+0000').toJSON(), expected);
    assert.equal(ApexDatetime.fromJson('2026-01-10T21:31:08+02:00').toJSON(), expected);
    assert.equal(ApexDatetime.fromJson('2026-01-10T19:31:08Z').toJSON(), expected);
    assert.equal(ApexDatetime.fromJson('2000-01-01').toJSON(), '2000-01-01T00:00:00.000Z');
    assert.equal(ApexDatetime.fromJson('96598').toString(), '96598-01-01 00:00:00');
  });

  it('deserialize rejects bad values with JSONException', () => {
    throwsApex(
      () => ApexDatetime.fromJson('2026-01-10 19:31:08'),
      'JSONException',
      'Cannot deserialize instance of datetime from VALUE_STRING value 2026-01-10 19:31:08 or request may be missing a required field',
    );
    throwsApex(
      () => ApexDate.fromJson('2026-02-30'),
      'JSONException',
      'Cannot deserialize instance of date from VALUE_STRING value 2026-02-30 or request may be missing a required field',
    );
    throwsApex(
      () => ApexTime.fromJson('25:00:00.000Z'),
      'JSONException',
      'Cannot deserialize instance of time from VALUE_STRING value 25:00:00.000Z or request may be missing a required field',
    );
  });

  it('deserialize Date and Time', () => {
    assert.equal(ApexDate.fromJson('2026-01-10').toString(), '2026-01-10');
    assert.equal(ApexTime.fromJson('10:10:10.010Z').toString(), '10:10:10.010Z');
    assert.equal(ApexTime.fromJson('10:10').toString(), '10:10:00.000Z');
  });
});

describe('Time', () => {
  // Time Class examples: addHours(3), addMilliseconds(1400), addSeconds(10).
  it('newInstance, fields, Reference Guide examples', () => {
    const t = ApexTime.newInstance(18, 30, 2, 20);
    assert.deepEqual([t.hour(), t.minute(), t.second(), t.millisecond()], [18, 30, 2, 20]);
    assert.ok(
      ApexTime.newInstance(1, 2, 3, 4)
        .addHours(3)
        .equals(ApexTime.newInstance(4, 2, 3, 4)),
    );
    assert.ok(
      ApexTime.newInstance(1, 2, 3, 0)
        .addMilliseconds(1400)
        .equals(ApexTime.newInstance(1, 2, 4, 400)),
    );
    assert.ok(
      ApexTime.newInstance(1, 2, 55, 0)
        .addSeconds(10)
        .equals(ApexTime.newInstance(1, 3, 5, 0)),
    );
  });

  it('adding wraps around midnight both ways', () => {
    assert.equal(ApexTime.newInstance(23, 0, 0, 0).addHours(2).toString(), '01:00:00.000Z');
    assert.equal(ApexTime.newInstance(0, 10, 0, 0).addMinutes(-20).toString(), '23:50:00.000Z');
    assert.equal(
      ApexTime.newInstance(23, 59, 59, 999).addMilliseconds(1).toString(),
      '00:00:00.000Z',
    );
  });

  it("toString is 'HH:mm:ss.SSSZ'", () => {
    assert.equal(ApexTime.newInstance(15, 30, 45, 0).toString(), '15:30:45.000Z');
    assert.equal(ApexTime.newInstance(1, 2, 3, 4).toString(), '01:02:03.004Z');
  });
});
