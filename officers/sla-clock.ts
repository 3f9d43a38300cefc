import { DateTime } from 'luxon';
import type { OfficeCalendar } from './office-calendar';
import { workingCalendarOf } from './working-calendar';

export type SlaTrack = 'direct' | 'escalation';

/** What a ticket stores about its SLA (DESIGN.md section 3). */
export interface SlaComputation {
  track: SlaTrack;
  clockStartsAt: Date;
  dueAt: Date;
  /** `calendarVersion()` of the calendar the due time was computed with. */
  calendarVersion: string;
}

export type SlaState = 'on-track' | 'warning' | 'breached' | 'met' | 'met-late';

export interface SlaTimes {
  clockStartsAt: Date;
  dueAt: Date;
  /** When the milestone (the answer, or the escalation notice with its ticket number) reached the citizen. */
  deliveredAt?: Date;
}

/** DESIGN.md section 3: officers see a warning once 75% of the time has passed. */
export const DEFAULT_WARN_FRACTION = 0.75;

function requireValidDate(value: Date, origin: string, name: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new RangeError(`${origin}: ${name} is not a valid date`);
}

/** Rule 5: the escalationWorkingDays-th working day after the start's day, at the start's local time of day, clamped into that day's hours. */
function escalationDueAt(calendar: OfficeCalendar, clockStartsAt: Date): Date {
  const working = workingCalendarOf(calendar);
  const start = working.inZone(clockStartsAt);
  const dueDay = working.workingDayAfter(start.toISODate() as string, calendar.policy.escalationWorkingDays);
  const sameTimeOfDay = dueDay.opensAt.set({ hour: start.hour, minute: start.minute, second: start.second, millisecond: start.millisecond });
  const clamped = DateTime.min(DateTime.max(sameTimeOfDay, dueDay.opensAt), dueDay.closesAt);
  return clamped.toJSDate();
}

/**
 * The SLA of a request received at `receivedAt` (the citizen's first message of the request),
 * following DESIGN.md section 3 rules 1–5. Pure: the same inputs give the same answer.
 */
export function computeSla(calendar: OfficeCalendar, receivedAt: Date, escalated: boolean): SlaComputation {
  requireValidDate(receivedAt, 'computeSla()', 'receivedAt');
  const working = workingCalendarOf(calendar);

  // Rule 2: inside a working period the clock starts at once; otherwise at the next opening.
  const period = working.periodContaining(receivedAt) ?? working.nextOpeningAtOrAfter(receivedAt);
  const clockStartsAt = DateTime.max(working.inZone(receivedAt), period.opensAt).toJSDate();

  // Rule 3: escalated, or started within the late window before that day's closing.
  const lateWindowStartsAt = period.closesAt.minus({ minutes: calendar.policy.lateWindowMinutes });
  const track: SlaTrack = escalated || clockStartsAt.getTime() >= lateWindowStartsAt.toMillis() ? 'escalation' : 'direct';

  const dueAt =
    track === 'direct'
      ? new Date(clockStartsAt.getTime() + calendar.policy.directMinutes * 60_000) // rule 4
      : escalationDueAt(calendar, clockStartsAt); // rule 5
  return { track, clockStartsAt, dueAt, calendarVersion: working.version };
}

/**
 * Rule 6: escalating a direct request recomputes `dueAt` with rule 5 from the same `clockStartsAt`,
 * using (and recording) the calendar in force now. A request already on the escalation track keeps
 * its due time: further hops of the chain (coordinator → superior → related unit) do not move it.
 */
export function escalateSla(calendar: OfficeCalendar, current: SlaComputation): SlaComputation {
  requireValidDate(current.clockStartsAt, 'escalateSla()', 'clockStartsAt');
  if (current.track === 'escalation') return { ...current };
  return {
    track: 'escalation',
    clockStartsAt: current.clockStartsAt,
    dueAt: escalationDueAt(calendar, current.clockStartsAt),
    calendarVersion: workingCalendarOf(calendar).version,
  };
}

/** The instant from which a milestone shows a warning: `warnFraction` of the time from clock start to due. */
export function warningAt(times: Pick<SlaTimes, 'clockStartsAt' | 'dueAt'>, warnFraction = DEFAULT_WARN_FRACTION): Date {
  if (!(warnFraction > 0 && warnFraction <= 1)) throw new RangeError(`warningAt(): warnFraction must be in (0, 1], got ${warnFraction}`);
  const start = times.clockStartsAt.getTime();
  return new Date(start + Math.round((times.dueAt.getTime() - start) * warnFraction));
}

/**
 * The SLA state of a milestone at `now` (injected, never read from the system clock). Delivery
 * decides met or late; before delivery the due time decides breached, then the warning fraction
 * (of wall-clock time from clock start to due) decides warning. Delivering exactly at `dueAt` meets it.
 */
export function evaluateSlaState(times: SlaTimes, now: Date, warnFraction = DEFAULT_WARN_FRACTION): SlaState {
  requireValidDate(now, 'evaluateSlaState()', 'now');
  const warnsAt = warningAt(times, warnFraction);
  if (times.deliveredAt) return times.deliveredAt.getTime() <= times.dueAt.getTime() ? 'met' : 'met-late';
  if (now.getTime() > times.dueAt.getTime()) return 'breached';
  if (now.getTime() >= warnsAt.getTime()) return 'warning';
  return 'on-track';
}

/** An instant as ISO 8601 with the office's offset, e.g. 2026-12-07T11:00:00.000+08:00. */
export function formatOfficeTime(calendar: OfficeCalendar, instant: Date): string {
  return workingCalendarOf(calendar).inZone(instant).toISO({ suppressMilliseconds: false, includeOffset: true }) as string;
}
