/**
 * Apex's Time value (Apex Reference Guide, "Time Class"): milliseconds of the day, no time zone.
 * Re-exported by temporal.ts with Date and Datetime.
 */
import { raise } from './errors.ts';
import type { ApexSystemError } from './errors.ts';
import { MS_PER_DAY } from './timeZones.ts';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const wrapDay = (ms: number): number => ((ms % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;

/**
 * JSON.deserialize's error for a value its Date, Datetime or Time parser rejects; the wording is
 * the one orgs print for Time (salesforce.stackexchange.com q/220809), assumed for the others.
 */
export const deserializeError = (type: string, value: string): ApexSystemError =>
  raise.json(
    `Cannot deserialize instance of ${type} from VALUE_STRING value ${value} or request may be missing a required field`,
  );

export class ApexTime {
  readonly msOfDay: number;

  constructor(msOfDay: number) {
    this.msOfDay = wrapDay(msOfDay);
  }

  static fromMillisOfDay(ms: number): ApexTime {
    return new ApexTime(wrapDay(ms));
  }

  /** Time.newInstance(hour, minutes, seconds, milliseconds); out-of-range values wrap around the day. */
  static newInstance(hour: number, minute: number, second: number, millisecond: number): ApexTime {
    return new ApexTime(wrapDay(((hour * 60 + minute) * 60 + second) * 1000 + millisecond));
  }

  /**
   * JSON.deserialize of a Time: 'HH:mm:ss.SSSZ' as JSON.serialize writes it, also without 'Z',
   * milliseconds or seconds. Otherwise JSONException 'Cannot deserialize instance of time from
   * VALUE_STRING value <s> or request may be missing a required field' (salesforce.stackexchange.com
   * q/220809).
   */
  static fromJson(s: string): ApexTime {
    const m = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?Z?$/.exec(s);
    const [h, mi, sec] = m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : [99, 0, 0];
    if (!m || h > 23 || mi > 59 || sec > 59) throw deserializeError('time', s);
    return ApexTime.newInstance(h, mi, sec, m[4] ? Number(m[4].padEnd(3, '0')) : 0);
  }

  hour(): number {
    return Math.floor(this.msOfDay / 3_600_000);
  }
  minute(): number {
    return Math.floor(this.msOfDay / 60_000) % 60;
  }
  second(): number {
    return Math.floor(this.msOfDay / 1000) % 60;
  }
  millisecond(): number {
    return this.msOfDay % 1000;
  }

  /** addHours and friends wrap around midnight (23:00 plus 2 hours is 01:00). */
  addHours(hours: number): ApexTime {
    return ApexTime.fromMillisOfDay(this.msOfDay + hours * 3_600_000);
  }
  addMinutes(minutes: number): ApexTime {
    return ApexTime.fromMillisOfDay(this.msOfDay + minutes * 60_000);
  }
  addSeconds(seconds: number): ApexTime {
    return ApexTime.fromMillisOfDay(this.msOfDay + seconds * 1000);
  }
  addMilliseconds(milliseconds: number): ApexTime {
    return ApexTime.fromMillisOfDay(this.msOfDay + milliseconds);
  }

  /** String.valueOf(Time) and System.debug: 'HH:mm:ss.SSSZ' ('15:30:45.000Z'). */
  toString(): string {
    return `${pad(this.hour(), 2)}:${pad(this.minute(), 2)}:${pad(this.second(), 2)}.${pad(this.millisecond(), 3)}Z`;
  }

  /** JSON.serialize writes a Time as "10:10:10.010Z". */
  toJSON(): string {
    return this.toString();
  }

  equals(other: unknown): boolean {
    return other instanceof ApexTime && other.msOfDay === this.msOfDay;
  }

  compareTo(other: ApexTime): number {
    return Math.sign(this.msOfDay - other.msOfDay);
  }
}
