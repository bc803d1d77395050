/**
 * Date, Datetime and Time (Apex Reference Guide: "Date Class", "Datetime Class", "Time Class")
 * over values/temporal.ts and values/time.ts. Local-time methods use the running user's time
 * zone and locale (platform.current.user); the ...Gmt methods GMT. Every method of the three
 * classes is here; an argument of the wrong type raises the TypeException of a signature that
 * does not exist (Apex rejects those calls at compile time).
 */
import type { Frame } from '../runtime/context.ts';
import { raise } from '../runtime/invoke.ts';
import type { NativeClassSpec } from '../runtime/native.ts';
import { arity } from '../runtime/native.ts';
import { orgClock } from '../runtime/platform.ts';
import { ApexDate, ApexDatetime, ApexTime } from '../values/temporal.ts';
import {
  integerArg,
  noSuchSignature,
  present,
  stringArg,
  userContext,
  valueTypeName,
} from './primitives.ts';

function dateArg(frame: Frame, value: unknown, owner: string, method: string): ApexDate {
  if (present(frame, value) instanceof ApexDate) return value as ApexDate;
  return noSuchSignature(frame, owner, method, [value]);
}

function datetimeArg(frame: Frame, value: unknown, owner: string, method: string): ApexDatetime {
  if (present(frame, value) instanceof ApexDatetime) return value as ApexDatetime;
  return noSuchSignature(frame, owner, method, [value]);
}

function timeArg(frame: Frame, value: unknown, owner: string, method: string): ApexTime {
  if (present(frame, value) instanceof ApexTime) return value as ApexTime;
  return noSuchSignature(frame, owner, method, [value]);
}

/** Integer arguments of a static method, checked. */
function integers(frame: Frame, args: unknown[], owner: string, method: string): number[] {
  return args.map((a) => integerArg(frame, a, owner, method));
}

/** `(Date) x` and `(Datetime) x` failing in valueOf(Object). */
function invalidConversion(frame: Frame, value: unknown, target: string): never {
  return raise(
    frame,
    'TypeException',
    `Invalid conversion from runtime type ${valueTypeName(value)} to ${target}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Date
// ---------------------------------------------------------------------------------------------

const dateClass: NativeClassSpec = {
  name: 'Date',
  statics: {
    daysInMonth: (frame, args) => {
      arity(args, 2);
      const [year, month] = integers(frame, args, 'Date', 'daysInMonth');
      return ApexDate.daysInMonth(year, month);
    },
    isLeapYear: (frame, args) => {
      arity(args, 1);
      return ApexDate.isLeapYear(integerArg(frame, args[0], 'Date', 'isLeapYear'));
    },
    /** newInstance(year, month, day): lenient like GregorianCalendar (2026-02-30 is March 2). */
    newInstance: (frame, args) => {
      arity(args, 3);
      const [year, month, day] = integers(frame, args, 'Date', 'newInstance');
      return ApexDate.newInstance(year, month, day);
    },
    /** parse(stringDate): the user locale's format ('12/27/2009' in en_US). */
    parse: (frame, args) => {
      arity(args, 1);
      return ApexDate.parse(stringArg(frame, args[0], 'Date', 'parse'), userContext(frame));
    },
    today: (frame, args) => {
      arity(args, 0);
      return ApexDate.today(userContext(frame), orgClock);
    },
    /**
     * valueOf(stringDate): 'yyyy-MM-dd' (a time part is ignored); a day past the month's end rolls
     * over ('2026-02-30' is 2026-03-02); otherwise TypeException 'Invalid date: <s>'.
     * valueOf(fieldValue): a Date as is, a String as above; a Datetime gives its GMT date (the
     * platform converts java.util.Date that way: unconfirmed); null gives null.
     */
    valueOf: (frame: Frame, args: unknown[]) => {
      arity(args, 1);
      const value = args[0];
      if (value === null || value === undefined) return null;
      if (typeof value === 'string') return ApexDate.valueOf(value);
      if (value instanceof ApexDate) return value;
      if (value instanceof ApexDatetime) return value.dateGmt();
      return invalidConversion(frame, value, 'Date');
    },
  },
  methods: {
    addDays: (frame, self: ApexDate, args) => {
      arity(args, 1);
      return self.addDays(integerArg(frame, args[0], 'Date', 'addDays'));
    },
    /** addMonths clamps to the month's end (2026-01-31 + 1 month is 2026-02-28). */
    addMonths: (frame, self: ApexDate, args) => {
      arity(args, 1);
      return self.addMonths(integerArg(frame, args[0], 'Date', 'addMonths'));
    },
    addYears: (frame, self: ApexDate, args) => {
      arity(args, 1);
      return self.addYears(integerArg(frame, args[0], 'Date', 'addYears'));
    },
    day: (_frame, self: ApexDate) => self.day(),
    dayOfYear: (_frame, self: ApexDate) => self.dayOfYear(),
    /** daysBetween(secondDate): negative when secondDate is earlier. */
    daysBetween: (frame, self: ApexDate, args) => {
      arity(args, 1);
      return self.daysBetween(dateArg(frame, args[0], 'Date', 'daysBetween'));
    },
    /** format(): the user locale's date format ('3/21/2001' in en_US). */
    format: (frame, self: ApexDate, args) => {
      arity(args, 0);
      return self.format(userContext(frame));
    },
    isSameDay: (frame, self: ApexDate, args) => {
      arity(args, 1);
      return self.isSameDay(dateArg(frame, args[0], 'Date', 'isSameDay'));
    },
    month: (_frame, self: ApexDate) => self.month(),
    /** monthsBetween(secondDate): ignores the days (2006-12-02 to 2012-12-08 is 72). */
    monthsBetween: (frame, self: ApexDate, args) => {
      arity(args, 1);
      return self.monthsBetween(dateArg(frame, args[0], 'Date', 'monthsBetween'));
    },
    toStartOfMonth: (_frame, self: ApexDate) => self.toStartOfMonth(),
    /** toStartOfWeek(): Sunday in en_US, Monday in de_DE and en_GB (the user's locale). */
    toStartOfWeek: (frame, self: ApexDate) => self.toStartOfWeek(userContext(frame)),
    year: (_frame, self: ApexDate) => self.year(),
  },
};

// ---------------------------------------------------------------------------------------------
// Datetime
// ---------------------------------------------------------------------------------------------

/** newInstance(...) and newInstanceGmt(...): the overloads by argument count and type. */
function newDatetime(frame: Frame, args: unknown[], gmt: boolean): ApexDatetime {
  const method = gmt ? 'newInstanceGmt' : 'newInstance';
  arity(args, ...(gmt ? [2, 3, 6] : [1, 2, 3, 6]));
  if (args.length === 1) {
    // newInstance(milliseconds): a Long (an Integer widens) since 1970-01-01 00:00:00 GMT.
    const ms = present(frame, args[0]);
    if (typeof ms !== 'number' && typeof ms !== 'bigint') {
      return noSuchSignature(frame, 'Datetime', method, args);
    }
    return ApexDatetime.fromEpochMillis(ms);
  }
  if (args.length === 2) {
    const date = dateArg(frame, args[0], 'Datetime', method);
    const time = timeArg(frame, args[1], 'Datetime', method);
    return gmt
      ? ApexDatetime.fromDateAndTimeGmt(date, time)
      : ApexDatetime.fromDateAndTime(userContext(frame), date, time);
  }
  const [year, month, day, hour, minute, second] = integers(frame, args, 'Datetime', method);
  return gmt
    ? ApexDatetime.newInstanceGmt(year, month, day, hour, minute, second)
    : ApexDatetime.newInstance(userContext(frame), year, month, day, hour, minute, second);
}

/** Methods with a local form (the user's zone) and a ...Gmt form taking no arguments. */
function localAndGmt<R>(
  local: (dt: ApexDatetime, frame: Frame) => R,
  gmt: (dt: ApexDatetime) => R,
): [
  (frame: Frame, self: ApexDatetime, args: unknown[]) => R,
  (frame: Frame, self: ApexDatetime, args: unknown[]) => R,
] {
  return [
    (frame, self, args) => {
      arity(args, 0);
      return local(self, frame);
    },
    (_frame, self, args) => {
      arity(args, 0);
      return gmt(self);
    },
  ];
}

const [dateLocal, dateGmt] = localAndGmt(
  (dt, f) => dt.date(userContext(f)),
  (dt) => dt.dateGmt(),
);
const [dayLocal, dayGmt] = localAndGmt(
  (dt, f) => dt.day(userContext(f)),
  (dt) => dt.dayGmt(),
);
const [dayOfYearLocal, dayOfYearGmt] = localAndGmt(
  (dt, f) => dt.dayOfYear(userContext(f)),
  (dt) => dt.dayOfYearGmt(),
);
const [hourLocal, hourGmt] = localAndGmt(
  (dt, f) => dt.hour(userContext(f)),
  (dt) => dt.hourGmt(),
);
const [millisecondLocal, millisecondGmt] = localAndGmt(
  (dt, f) => dt.millisecond(userContext(f)),
  (dt) => dt.millisecondGmt(),
);
const [minuteLocal, minuteGmt] = localAndGmt(
  (dt, f) => dt.minute(userContext(f)),
  (dt) => dt.minuteGmt(),
);
const [monthLocal, monthGmt] = localAndGmt(
  (dt, f) => dt.month(userContext(f)),
  (dt) => dt.monthGmt(),
);
const [secondLocal, secondGmt] = localAndGmt(
  (dt, f) => dt.second(userContext(f)),
  (dt) => dt.secondGmt(),
);
const [timeLocal, timeGmt] = localAndGmt(
  (dt, f) => dt.time(userContext(f)),
  (dt) => dt.timeGmt(),
);
const [yearLocal, yearGmt] = localAndGmt(
  (dt, f) => dt.year(userContext(f)),
  (dt) => dt.yearGmt(),
);

const datetimeClass: NativeClassSpec = {
  name: 'Datetime',
  statics: {
    newInstance: (frame, args) => newDatetime(frame, args, false),
    newInstanceGmt: (frame, args) => newDatetime(frame, args, true),
    now: (_frame, args) => {
      arity(args, 0);
      return ApexDatetime.now(orgClock);
    },
    /** parse(datetimeString): the user locale's date and time format ('10/14/2011 11:46 AM'). */
    parse: (frame, args) => {
      arity(args, 1);
      return ApexDatetime.parse(stringArg(frame, args[0], 'Datetime', 'parse'), userContext(frame));
    },
    /**
     * valueOf(dateTimeString): 'yyyy-MM-dd HH:mm:ss' in the user's zone; TypeException 'Invalid
     * date/time: <s>' otherwise. valueOf(fieldValue): a Datetime as is, a String as above, a Date
     * at midnight in the user's zone (as casting a Date to Datetime does), null gives null.
     */
    valueOf: (frame: Frame, args: unknown[]) => {
      arity(args, 1);
      const value = args[0];
      if (value === null || value === undefined) return null;
      if (typeof value === 'string') return ApexDatetime.valueOf(value, userContext(frame));
      if (value instanceof ApexDatetime) return value;
      if (value instanceof ApexDate) {
        return ApexDatetime.fromDateAndTime(userContext(frame), value, new ApexTime(0));
      }
      return invalidConversion(frame, value, 'Datetime');
    },
    /** valueOfGmt(dateTimeString): the same format, read as GMT. */
    valueOfGmt: (frame, args) => {
      arity(args, 1);
      return ApexDatetime.valueOfGmt(stringArg(frame, args[0], 'Datetime', 'valueOfGmt'));
    },
  },
  methods: {
    /** addDays, addMonths, addYears: on the user's calendar, keeping the local time. */
    addDays: (frame, self: ApexDatetime, args) => {
      arity(args, 1);
      return self.addDays(integerArg(frame, args[0], 'Datetime', 'addDays'), userContext(frame));
    },
    addHours: (frame, self: ApexDatetime, args) => {
      arity(args, 1);
      return self.addHours(integerArg(frame, args[0], 'Datetime', 'addHours'));
    },
    addMinutes: (frame, self: ApexDatetime, args) => {
      arity(args, 1);
      return self.addMinutes(integerArg(frame, args[0], 'Datetime', 'addMinutes'));
    },
    addMonths: (frame, self: ApexDatetime, args) => {
      arity(args, 1);
      return self.addMonths(
        integerArg(frame, args[0], 'Datetime', 'addMonths'),
        userContext(frame),
      );
    },
    addSeconds: (frame, self: ApexDatetime, args) => {
      arity(args, 1);
      return self.addSeconds(integerArg(frame, args[0], 'Datetime', 'addSeconds'));
    },
    addYears: (frame, self: ApexDatetime, args) => {
      arity(args, 1);
      return self.addYears(integerArg(frame, args[0], 'Datetime', 'addYears'), userContext(frame));
    },
    date: dateLocal,
    dateGmt,
    day: dayLocal,
    dayGmt,
    dayOfYear: dayOfYearLocal,
    dayOfYearGmt,
    /**
     * format(): the user locale's date and time format in the user's zone ('6/6/1993 3:03 AM');
     * format(dateFormatString): java.text.SimpleDateFormat in the user's zone;
     * format(dateFormatString, timezone): in that zone (GMT when the zone is unknown).
     */
    format: (frame, self: ApexDatetime, args) => {
      arity(args, 0, 1, 2);
      const pattern = args.length > 0 ? stringArg(frame, args[0], 'Datetime', 'format') : undefined;
      const zone = args.length > 1 ? stringArg(frame, args[1], 'Datetime', 'format') : undefined;
      return self.format(userContext(frame), pattern, zone);
    },
    /** formatGmt(dateFormatString): SimpleDateFormat in GMT ('quoted' text is literal). */
    formatGmt: (frame, self: ApexDatetime, args) => {
      arity(args, 1);
      return self.formatGmt(stringArg(frame, args[0], 'Datetime', 'formatGmt'), userContext(frame));
    },
    /** formatLong(): the locale's date and long time format ('6/6/1993 3:03:03 AM PDT'). */
    formatLong: (frame, self: ApexDatetime, args) => {
      arity(args, 0);
      return self.formatLong(userContext(frame));
    },
    /** getTime(): milliseconds since 1970-01-01 00:00:00 GMT, a Long. */
    getTime: (_frame, self: ApexDatetime) => self.getTime(),
    hour: hourLocal,
    hourGmt,
    /** isSameDay(dateToCompare): the same date in the user's zone. */
    isSameDay: (frame, self: ApexDatetime, args) => {
      arity(args, 1);
      return self.isSameDay(
        datetimeArg(frame, args[0], 'Datetime', 'isSameDay'),
        userContext(frame),
      );
    },
    millisecond: millisecondLocal,
    millisecondGmt,
    minute: minuteLocal,
    minuteGmt,
    month: monthLocal,
    monthGmt,
    second: secondLocal,
    secondGmt,
    time: timeLocal,
    timeGmt,
    year: yearLocal,
    yearGmt,
  },
};

// ---------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------

const timeClass: NativeClassSpec = {
  name: 'Time',
  statics: {
    /** newInstance(hour, minutes, seconds, milliseconds); values past the day wrap around it. */
    newInstance: (frame, args) => {
      arity(args, 4);
      const [hour, minute, second, ms] = integers(frame, args, 'Time', 'newInstance');
      return ApexTime.newInstance(hour, minute, second, ms);
    },
  },
  methods: {
    /** The add methods wrap around midnight (23:00 plus 2 hours is 01:00). */
    addHours: (frame, self: ApexTime, args) => {
      arity(args, 1);
      return self.addHours(integerArg(frame, args[0], 'Time', 'addHours'));
    },
    addMilliseconds: (frame, self: ApexTime, args) => {
      arity(args, 1);
      return self.addMilliseconds(integerArg(frame, args[0], 'Time', 'addMilliseconds'));
    },
    addMinutes: (frame, self: ApexTime, args) => {
      arity(args, 1);
      return self.addMinutes(integerArg(frame, args[0], 'Time', 'addMinutes'));
    },
    addSeconds: (frame, self: ApexTime, args) => {
      arity(args, 1);
      return self.addSeconds(integerArg(frame, args[0], 'Time', 'addSeconds'));
    },
    hour: (_frame, self: ApexTime) => self.hour(),
    millisecond: (_frame, self: ApexTime) => self.millisecond(),
    minute: (_frame, self: ApexTime) => self.minute(),
    second: (_frame, self: ApexTime) => self.second(),
  },
};

export const temporalClassesClasses: NativeClassSpec[] = [dateClass, datetimeClass, timeClass];
