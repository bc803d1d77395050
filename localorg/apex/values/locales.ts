/**
 * The user-locale facts Apex's Date and Datetime methods use: the default date and time formats
 * (Date.format(), Datetime.format(), Datetime.formatLong(), Date.parse, Datetime.parse), the first
 * day of the week (Date.toStartOfWeek) and the minimal days of the first week (SimpleDateFormat's
 * w and Y), and month and day names for SimpleDateFormat text fields.
 *
 * Formats: en_US is the Apex Reference Guide's ("3/21/2001" for Date.format(), "6/6/1993 3:03:03
 * AM PDT" for formatLong()); the others are the JDK's SHORT formats with a four-digit year, which
 * is what Salesforce's locale table shows (JDK locale formats, not the newer ICU ones; unconfirmed
 * per locale). An unknown locale falls back to its language, then to en_US.
 */

export interface LocaleFormats {
  readonly date: string;
  readonly time: string;
}

const FORMATS: Record<string, LocaleFormats> = {
  en_US: { date: 'M/d/yyyy', time: 'h:mm a' },
  en_GB: { date: 'dd/MM/yyyy', time: 'HH:mm' },
  en_IE: { date: 'dd/MM/yyyy', time: 'HH:mm' },
  en_AU: { date: 'd/MM/yyyy', time: 'h:mm a' },
  en_NZ: { date: 'd/MM/yyyy', time: 'h:mm a' },
  en_CA: { date: 'dd/MM/yyyy', time: 'h:mm a' },
  en_IN: { date: 'd/M/yyyy', time: 'h:mm a' },
  de_DE: { date: 'dd.MM.yyyy', time: 'HH:mm' },
  de_AT: { date: 'dd.MM.yyyy', time: 'HH:mm' },
  de_CH: { date: 'dd.MM.yyyy', time: 'HH:mm' },
  fr_FR: { date: 'dd/MM/yyyy', time: 'HH:mm' },
  fr_BE: { date: 'd/MM/yyyy', time: 'H:mm' },
  fr_CA: { date: 'yyyy-MM-dd', time: 'HH:mm' },
  fr_CH: { date: 'dd.MM.yyyy', time: 'HH:mm' },
  es_ES: { date: 'd/MM/yyyy', time: 'H:mm' },
  es_MX: { date: 'd/MM/yyyy', time: 'hh:mm a' },
  it_IT: { date: 'dd/MM/yyyy', time: 'H.mm' },
  nl_NL: { date: 'd-M-yyyy', time: 'H:mm' },
  pt_BR: { date: 'dd/MM/yyyy', time: 'HH:mm' },
  pt_PT: { date: 'dd-MM-yyyy', time: 'H:mm' },
  sv_SE: { date: 'yyyy-MM-dd', time: 'HH:mm' },
  da_DK: { date: 'dd-MM-yyyy', time: 'HH:mm' },
  fi_FI: { date: 'd.M.yyyy', time: 'H:mm' },
  no_NO: { date: 'dd.MM.yyyy', time: 'HH:mm' },
  pl_PL: { date: 'dd.MM.yyyy', time: 'HH:mm' },
  ja_JP: { date: 'yyyy/MM/dd', time: 'H:mm' },
  zh_CN: { date: 'yyyy-M-d', time: 'ah:mm' },
  ko_KR: { date: 'yyyy. M. d', time: 'a h:mm' },
};

const BY_LANGUAGE: Record<string, string> = {
  en: 'en_US',
  de: 'de_DE',
  fr: 'fr_FR',
  es: 'es_ES',
  it: 'it_IT',
  nl: 'nl_NL',
  pt: 'pt_BR',
  sv: 'sv_SE',
  da: 'da_DK',
  fi: 'fi_FI',
  no: 'no_NO',
  pl: 'pl_PL',
  ja: 'ja_JP',
  zh: 'zh_CN',
  ko: 'ko_KR',
};

export function localeFormats(locale: string): LocaleFormats {
  return FORMATS[locale] ?? FORMATS[BY_LANGUAGE[locale.split('_')[0]] ?? 'en_US'];
}

/** The long time format: the short one with seconds and the zone name ('h:mm:ss a z'). */
export function longTimeFormat(time: string): string {
  return time.replace(/mm/, (mm) => `${mm}${time.includes('.') ? '.' : ':'}ss`) + ' z';
}

/** A BCP 47 tag for Intl from a Salesforce locale key ('de_DE' gives 'de-DE'). */
export function intlLocale(locale: string): string {
  const tag = locale.replaceAll('_', '-');
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? 'en-US';
  } catch {
    return 'en-US';
  }
}

interface WeekInfoLocale {
  getWeekInfo?: () => { firstDay: number };
  weekInfo?: { firstDay: number };
}

/** The first day of the week as java.util.Calendar numbers it (1 = Sunday ... 7 = Saturday). */
export function firstDayOfWeek(locale: string): number {
  const loc = new Intl.Locale(intlLocale(locale)) as unknown as WeekInfoLocale;
  const info = loc.getWeekInfo?.() ?? loc.weekInfo;
  const isoDay = info?.firstDay ?? 7; // Intl: 1 = Monday ... 7 = Sunday
  return (isoDay % 7) + 1;
}

/** Regions whose first week needs 4 days (CLDR minDays = 4, as java.util.Calendar uses). */
const MIN_DAYS_4 = new Set(
  'AD AN AT AX BE BG CH CZ DE DK EE ES FI FJ FO FR GB GF GG GI GP GR HU IE IM IS IT JE LI LT LU MC MQ NL NO PL PT RE RU SE SJ SK SM VA'.split(
    ' ',
  ),
);

export function minimalDaysInFirstWeek(locale: string): number {
  const region = locale.split('_')[1] ?? '';
  return MIN_DAYS_4.has(region) ? 4 : 1;
}

interface Names {
  readonly months: readonly string[];
  readonly monthsShort: readonly string[];
  readonly standaloneMonths: readonly string[];
  readonly standaloneMonthsShort: readonly string[];
  readonly weekdays: readonly string[]; // index 0 = Sunday
  readonly weekdaysShort: readonly string[];
  readonly amPm: readonly [string, string];
  readonly eras: readonly [string, string]; // BC, AD
}

const namesCache = new Map<string, Names>();

function part(tag: string, options: Intl.DateTimeFormatOptions, date: Date, type: string): string {
  const parts = new Intl.DateTimeFormat(tag, { timeZone: 'UTC', ...options }).formatToParts(date);
  return parts.find((p) => p.type === type)?.value ?? '';
}

/** Month, weekday, AM/PM and era names of a locale (Intl's CLDR data, as the JDK's). */
export function localeNames(locale: string): Names {
  const tag = intlLocale(locale);
  const cached = namesCache.get(tag);
  if (cached) return cached;
  const month = (m: number): Date => new Date(Date.UTC(2001, m, 15));
  const months = Array.from({ length: 12 }, (_, m) => m);
  // 2001-07-01 was a Sunday.
  const days = Array.from({ length: 7 }, (_, d) => new Date(Date.UTC(2001, 6, 1 + d)));
  const names: Names = {
    months: months.map((m) => part(tag, { month: 'long', day: 'numeric' }, month(m), 'month')),
    monthsShort: months.map((m) =>
      part(tag, { month: 'short', day: 'numeric' }, month(m), 'month'),
    ),
    standaloneMonths: months.map((m) => part(tag, { month: 'long' }, month(m), 'month')),
    standaloneMonthsShort: months.map((m) => part(tag, { month: 'short' }, month(m), 'month')),
    weekdays: days.map((d) => part(tag, { weekday: 'long' }, d, 'weekday')),
    weekdaysShort: days.map((d) => part(tag, { weekday: 'short' }, d, 'weekday')),
    amPm: [
      part(
        tag,
        { hour: 'numeric', hourCycle: 'h12' },
        new Date(Date.UTC(2001, 0, 1, 9)),
        'dayPeriod',
      ),
      part(
        tag,
        { hour: 'numeric', hourCycle: 'h12' },
        new Date(Date.UTC(2001, 0, 1, 21)),
        'dayPeriod',
      ),
    ],
    eras: [
      part(tag, { era: 'short', year: 'numeric' }, new Date(Date.UTC(-100, 0, 1)), 'era'),
      part(tag, { era: 'short', year: 'numeric' }, new Date(Date.UTC(2001, 0, 1)), 'era'),
    ],
  };
  namesCache.set(tag, names);
  return names;
}
