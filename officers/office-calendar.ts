import { readFileSync } from 'node:fs';
import { IANAZone } from 'luxon';
import { z } from 'zod';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'expected HH:MM (24-hour)' });

/** The office calendar of DESIGN.md section 3: hours per weekday, holidays and the SLA policy. */
export const officeCalendarSchema = z
  .object({
    office: z.string().min(1),
    timezone: z.string().refine((zone) => IANAZone.isValidZone(zone), { message: 'expected an IANA time zone such as Asia/Jakarta' }),
    hours: z.partialRecord(
      z.enum(WEEKDAYS),
      z.tuple([clockTime, clockTime]).refine(([open, close]) => open < close, { message: 'opening time must be before closing time' }),
    ),
    holidays: z.array(z.iso.date({ message: 'expected a local date YYYY-MM-DD' })),
    policy: z.object({
      directMinutes: z.number().int().positive(),
      lateWindowMinutes: z.number().int().nonnegative(),
      escalationWorkingDays: z.number().int().positive(),
    }),
  })
  .strict();

export type OfficeCalendar = z.infer<typeof officeCalendarSchema>;

/** Loads and validates a calendar file; the error names the file and the field. */
export function loadOfficeCalendar(file: string): OfficeCalendar {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`loadOfficeCalendar(): cannot read ${file}: ${(error as Error).message}`);
  }
  const result = officeCalendarSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`loadOfficeCalendar(): ${file}: field "${issue?.path.join('.') || '(root)'}" ${issue?.message ?? 'is invalid'}.`);
  }
  return result.data;
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
