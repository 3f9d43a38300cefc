import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IANAZone } from 'luxon';
import { z } from 'zod';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const MINUTES_PER_DAY = 24 * 60;

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'expected HH:MM (24-hour)' });

const localDate = z.iso.date({ message: 'expected a real local date YYYY-MM-DD' });

/** Dates that appear twice are almost always a typo for another date, so they are refused rather than merged. */
const uniqueLocalDates = z.array(localDate).superRefine((dates, context) => {
  const firstIndex = new Map<string, number>();
  dates.forEach((date, index) => {
    const earlier = firstIndex.get(date);
    if (earlier === undefined) firstIndex.set(date, index);
    else context.addIssue({ code: 'custom', path: [index], message: `repeats ${date} (already at index ${earlier})` });
  });
});

const calendarFields = {
  office: z.string().min(1),
  timezone: z.string().refine((zone) => IANAZone.isValidZone(zone), { message: 'expected an IANA time zone such as Asia/Jakarta' }),
  hours: z
    .partialRecord(
      z.enum(WEEKDAYS),
      z.tuple([clockTime, clockTime]).refine(([open, close]) => open < close, { message: 'opening time must be before closing time' }),
    )
    .refine((hours) => Object.keys(hours).length > 0, { message: 'at least one weekday needs opening hours' }),
  policy: z
    .object({
      directMinutes: z.number().int().min(1).max(MINUTES_PER_DAY, { message: `at most ${MINUTES_PER_DAY} (one day)` }),
      lateWindowMinutes: z.number().int().min(0).max(MINUTES_PER_DAY, { message: `at most ${MINUTES_PER_DAY} (one day)` }),
      escalationWorkingDays: z.number().int().min(1).max(30, { message: 'at most 30 working days' }),
    })
    .strict(),
};

/**
 * The office calendar of DESIGN.md section 3 as the SLA clock uses it: hours per weekday, every
 * holiday and cuti bersama date (local dates), and the SLA policy.
 */
export const officeCalendarSchema = z.object({ ...calendarFields, holidays: uniqueLocalDates }).strict();

export type OfficeCalendar = z.infer<typeof officeCalendarSchema>;

/**
 * A calendar file: the calendar, where `holidayFiles` may name shared national holiday lists
 * (paths relative to the calendar file) and `holidays` may then be left out; see officers/calendars/README.md.
 */
export const officeCalendarFileSchema = z
  .object({
    ...calendarFields,
    holidays: uniqueLocalDates.optional(),
    holidayFiles: z.array(z.string().min(1)).optional(),
  })
  .strict()
  .superRefine((calendar, context) => {
    // A calendar without any holiday source would silently count every holiday as a working day.
    if (calendar.holidays === undefined && calendar.holidayFiles === undefined) {
      context.addIssue({ code: 'custom', path: ['holidays'], message: 'is required (or holidayFiles); write [] for an office that never closes on holidays' });
    }
  });

/** A shared list of the national holidays and cuti bersama of one year, as decreed. */
export const holidayListSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    source: z.string().min(1),
    holidays: z
      .array(
        z
          .object({
            date: localDate,
            name: z.string().min(1),
            kind: z.enum(['national-holiday', 'cuti-bersama']),
          })
          .strict(),
      )
      .min(1),
  })
  .strict()
  .superRefine((list, context) => {
    const seen = new Map<string, number>();
    list.holidays.forEach(({ date }, index) => {
      if (!date.startsWith(`${list.year}-`)) {
        context.addIssue({ code: 'custom', path: ['holidays', index, 'date'], message: `${date} is not in the list's year ${list.year}` });
      }
      const earlier = seen.get(date);
      if (earlier === undefined) seen.set(date, index);
      else context.addIssue({ code: 'custom', path: ['holidays', index, 'date'], message: `repeats ${date} (already at index ${earlier})` });
    });
  });

export type HolidayList = z.infer<typeof holidayListSchema>;

function readJson(file: string, origin: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${origin}: cannot read ${file}: ${(error as Error).message}`);
  }
}

function describeFirstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `field "${issue?.path.join('.') || '(root)'}" ${issue?.message ?? 'is invalid'}`;
}

/** Loads and validates a shared holiday list; the error names the file and the field. */
export function loadHolidayList(file: string): HolidayList {
  const result = holidayListSchema.safeParse(readJson(file, 'loadHolidayList()'));
  if (!result.success) throw new Error(`loadHolidayList(): ${file}: ${describeFirstIssue(result.error)}.`);
  return result.data;
}

/**
 * Loads and validates a calendar file, merging the holiday lists it references; the error names
 * the file and the field. Start-up calls this, so a bad calendar stops the service.
 */
export function loadOfficeCalendar(file: string): OfficeCalendar {
  const result = officeCalendarFileSchema.safeParse(readJson(file, 'loadOfficeCalendar()'));
  if (!result.success) throw new Error(`loadOfficeCalendar(): ${file}: ${describeFirstIssue(result.error)}.`);
  const { holidayFiles = [], holidays = [], ...calendar } = result.data;

  const allHolidays = new Set(holidays);
  holidayFiles.forEach((reference, index) => {
    const holidayFile = path.resolve(path.dirname(file), reference);
    let list: HolidayList;
    try {
      list = loadHolidayList(holidayFile);
    } catch (error) {
      throw new Error(`loadOfficeCalendar(): ${file}: field "holidayFiles.${index}": ${(error as Error).message}`);
    }
    for (const holiday of list.holidays) allHolidays.add(holiday.date);
  });
  return { ...calendar, holidays: [...allHolidays].sort() };
}

export interface OpeningPeriod {
  days: Weekday[];
  open: string;
  close: string;
}

/** Consecutive weekdays with the same hours, in week order: Mon–Thu 08:00–16:30, Fri 08:00–17:00. */
export function groupOpeningHours(calendar: OfficeCalendar): OpeningPeriod[] {
  const periods: OpeningPeriod[] = [];
  for (const day of WEEKDAYS) {
    const hours = calendar.hours[day];
    if (!hours) continue;
    const last = periods[periods.length - 1];
    const previousDay = WEEKDAYS[WEEKDAYS.indexOf(day) - 1];
    if (last && last.open === hours[0] && last.close === hours[1] && last.days[last.days.length - 1] === previousDay) {
      last.days.push(day);
    } else {
      periods.push({ days: [day], open: hours[0], close: hours[1] });
    }
  }
  return periods;
}
