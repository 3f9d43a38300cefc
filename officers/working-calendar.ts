import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { type OfficeCalendar, WEEKDAYS } from './office-calendar';

/** A working day's period `[opensAt, closesAt)`, in the office's time zone. */
export interface WorkingPeriod {
  /** The local date, YYYY-MM-DD. */
  date: string;
  opensAt: DateTime;
  closesAt: DateTime;
}

/** More than a year of consecutive closed days means the calendar is wrong, not that the office is closed. */
const LONGEST_CLOSURE_DAYS = 400;

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A stable fingerprint of a calendar's content (first 12 hex digits of the SHA-256 of its canonical
 * JSON: sorted keys, sorted holidays), so a ticket records which calendar its due time came from.
 * Key order and holiday order in the file do not change it; any change of hours, holidays or policy does.
 */
export function calendarVersion(calendar: OfficeCalendar): string {
  const canonical = canonicalJson({ ...calendar, holidays: [...new Set(calendar.holidays)].sort() });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 12);
}

/** Working days and periods of one office calendar (DESIGN.md section 3, rule 1). */
export class WorkingCalendar {
  readonly version: string;
  readonly timezone: string;
  private readonly holidays: ReadonlySet<string>;

  constructor(private readonly calendar: OfficeCalendar) {
    this.version = calendarVersion(calendar);
    this.timezone = calendar.timezone;
    this.holidays = new Set(calendar.holidays);
  }

  /** The office's local date (YYYY-MM-DD) of an instant. */
  localDate(instant: Date | DateTime): string {
    return this.inZone(instant).toISODate() as string;
  }

  /** The instant in the office's time zone. */
  inZone(instant: Date | DateTime): DateTime {
    const dateTime = instant instanceof Date ? DateTime.fromJSDate(instant) : instant;
    return dateTime.setZone(this.timezone);
  }

  /** The working period of a local date, or undefined when the date is not a working day. */
  periodOn(date: string): WorkingPeriod | undefined {
    if (this.holidays.has(date)) return undefined;
    const midnight = this.midnightOf(date);
    const hours = this.calendar.hours[WEEKDAYS[midnight.weekday - 1]];
    if (!hours) return undefined;
    return { date, opensAt: this.at(date, hours[0]), closesAt: this.at(date, hours[1]) };
  }

  /** The working period that contains the instant (`opensAt <= instant < closesAt`), if any. */
  periodContaining(instant: Date | DateTime): WorkingPeriod | undefined {
    const local = this.inZone(instant);
    const period = this.periodOn(local.toISODate() as string);
    if (!period || local < period.opensAt || local >= period.closesAt) return undefined;
    return period;
  }

  /** The first working period that opens at or after the instant. */
  nextOpeningAtOrAfter(instant: Date | DateTime): WorkingPeriod {
    const local = this.inZone(instant);
    const today = this.periodOn(local.toISODate() as string);
    if (today && local <= today.opensAt) return today;
    return this.workingDayAfter(local.toISODate() as string, 1);
  }

  /** The `count`-th working day after a local date (count 1 = the next working day). */
  workingDayAfter(date: string, count: number): WorkingPeriod {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`WorkingCalendar.workingDayAfter(): count must be a positive integer, got ${count}`);
    let day = this.midnightOf(date);
    let found = 0;
    let closedInARow = 0;
    for (;;) {
      day = day.plus({ days: 1 });
      const period = this.periodOn(day.toISODate() as string);
      if (period) {
        found += 1;
        closedInARow = 0;
        if (found === count) return period;
      } else if (++closedInARow > LONGEST_CLOSURE_DAYS) {
        throw new Error(`WorkingCalendar.workingDayAfter(): calendar "${this.calendar.office}" has no working day in the ${LONGEST_CLOSURE_DAYS} days after ${date}`);
      }
    }
  }

  /** Holiday years the calendar lists, so callers can warn when a year's decree is missing. */
  holidayYears(): number[] {
    return [...new Set([...this.holidays].map((date) => Number(date.slice(0, 4))))].sort((a, b) => a - b);
  }

  private midnightOf(date: string): DateTime {
    const midnight = DateTime.fromISO(date, { zone: this.timezone });
    if (!midnight.isValid) throw new RangeError(`WorkingCalendar: invalid local date "${date}"`);
    return midnight;
  }

  /** A local wall-clock time on a local date; luxon moves a time inside a daylight-saving gap forward. */
  private at(date: string, time: string): DateTime {
    const [hour, minute] = time.split(':').map(Number);
    return this.midnightOf(date).set({ hour, minute, second: 0, millisecond: 0 });
  }
}

const workingCalendars = new WeakMap<OfficeCalendar, WorkingCalendar>();

/** The working calendar of a loaded office calendar, built once per calendar object. */
export function workingCalendarOf(calendar: OfficeCalendar): WorkingCalendar {
  let working = workingCalendars.get(calendar);
  if (!working) {
    working = new WorkingCalendar(calendar);
    workingCalendars.set(calendar, working);
  }
  return working;
}
