import path from 'node:path';
import { loadOfficeCalendar, type OfficeCalendar } from '../../officers/office-calendar';
import { computeSla, escalateSla, evaluateSlaState, formatOfficeTime, type SlaState, type SlaTrack, warningAt } from '../../officers/sla-clock';
import { calendarVersion } from '../../officers/working-calendar';

const calendars = path.resolve(__dirname, '..', '..', 'officers', 'calendars');

/** The calendar of DESIGN.md section 3, exactly. */
const design: OfficeCalendar = {
  office: 'KPPBC TMP B Contoh',
  timezone: 'Asia/Makassar',
  hours: { mon: ['08:00', '16:30'], tue: ['08:00', '16:30'], wed: ['08:00', '16:30'], thu: ['08:00', '16:30'], fri: ['08:00', '17:00'] },
  holidays: ['2026-12-24', '2026-12-25'],
  policy: { directMinutes: 60, lateWindowMinutes: 120, escalationWorkingDays: 2 },
};

/** The shipped office (WITA) with every 2026 national holiday and cuti bersama. */
const shipped = loadOfficeCalendar(path.join(calendars, 'kppbc-contoh.json'));
const holidays2026 = shipped.holidays;

/** A WIB office whose Friday is shorter than the other days. */
const wib: OfficeCalendar = {
  office: 'KPPBC TMP A Contoh Jakarta',
  timezone: 'Asia/Jakarta',
  hours: { mon: ['08:00', '17:00'], tue: ['08:00', '17:00'], wed: ['08:00', '17:00'], thu: ['08:00', '17:00'], fri: ['08:00', '16:00'] },
  holidays: holidays2026,
  policy: { directMinutes: 60, lateWindowMinutes: 120, escalationWorkingDays: 2 },
};

/** A WIT office that also opens on Saturday mornings, later than on weekdays. */
const wit: OfficeCalendar = {
  office: 'KPPBC TMP C Contoh Jayapura',
  timezone: 'Asia/Jayapura',
  hours: { mon: ['08:00', '16:00'], tue: ['08:00', '16:00'], wed: ['08:00', '16:00'], thu: ['08:00', '16:00'], fri: ['08:00', '16:00'], sat: ['09:00', '12:00'] },
  holidays: holidays2026,
  policy: { directMinutes: 60, lateWindowMinutes: 120, escalationWorkingDays: 2 },
};

/** Not Indonesian (no DST there): proves the clock keeps local time of day across an offset change. */
const berlin: OfficeCalendar = {
  office: 'DST check office',
  timezone: 'Europe/Berlin',
  hours: { mon: ['08:00', '17:00'], tue: ['08:00', '17:00'], wed: ['08:00', '17:00'], thu: ['08:00', '17:00'], fri: ['08:00', '17:00'] },
  holidays: [],
  policy: { directMinutes: 60, lateWindowMinutes: 120, escalationWorkingDays: 2 },
};

interface SlaCase {
  name: string;
  calendar: OfficeCalendar;
  received: string;
  escalated?: boolean;
  track: SlaTrack;
  clockStartsAt: string;
  dueAt: string;
}

const cases: SlaCase[] = [
  // DESIGN.md section 3, the five worked examples.
  { name: 'a request on Monday 10:00 is direct and due at 11:00', calendar: design, received: '2026-12-07T10:00:00+08:00', track: 'direct', clockStartsAt: '2026-12-07T10:00:00.000+08:00', dueAt: '2026-12-07T11:00:00.000+08:00' },
  { name: 'a request on Monday 14:30 is escalation and due Wednesday 14:30', calendar: design, received: '2026-12-07T14:30:00+08:00', track: 'escalation', clockStartsAt: '2026-12-07T14:30:00.000+08:00', dueAt: '2026-12-09T14:30:00.000+08:00' },
  { name: 'a request on Saturday 10:00 starts Monday 08:00, direct, due 09:00', calendar: design, received: '2026-12-12T10:00:00+08:00', track: 'direct', clockStartsAt: '2026-12-14T08:00:00.000+08:00', dueAt: '2026-12-14T09:00:00.000+08:00' },
  { name: 'a request on Wednesday 23 Dec 15:00 skips the 24 and 25 Dec holidays and is due Tuesday 29 Dec 15:00', calendar: design, received: '2026-12-23T15:00:00+08:00', track: 'escalation', clockStartsAt: '2026-12-23T15:00:00.000+08:00', dueAt: '2026-12-29T15:00:00.000+08:00' },
  { name: "a request on Friday 16:45 is due Tuesday at Tuesday's 16:30 close", calendar: design, received: '2026-12-11T16:45:00+08:00', track: 'escalation', clockStartsAt: '2026-12-11T16:45:00.000+08:00', dueAt: '2026-12-15T16:30:00.000+08:00' },

  // Weekends.
  { name: 'a request on Sunday evening starts Monday at opening', calendar: design, received: '2026-12-13T20:00:00+08:00', track: 'direct', clockStartsAt: '2026-12-14T08:00:00.000+08:00', dueAt: '2026-12-14T09:00:00.000+08:00' },
  { name: 'an escalated request on Saturday is due two working days after Monday, at Monday’s opening time', calendar: design, received: '2026-12-12T10:00:00+08:00', escalated: true, track: 'escalation', clockStartsAt: '2026-12-14T08:00:00.000+08:00', dueAt: '2026-12-16T08:00:00.000+08:00' },
  { name: 'an escalation on Thursday afternoon skips the weekend and is due Monday', calendar: design, received: '2026-12-10T15:00:00+08:00', track: 'escalation', clockStartsAt: '2026-12-10T15:00:00.000+08:00', dueAt: '2026-12-14T15:00:00.000+08:00' },

  // The late window: close − 120 minutes is escalation, anything earlier is direct.
  { name: 'a request exactly 120 minutes before Monday closing is escalation', calendar: design, received: '2026-12-07T14:30:00.000+08:00', track: 'escalation', clockStartsAt: '2026-12-07T14:30:00.000+08:00', dueAt: '2026-12-09T14:30:00.000+08:00' },
  { name: 'a request one minute before the late window is direct', calendar: design, received: '2026-12-07T14:29:00+08:00', track: 'direct', clockStartsAt: '2026-12-07T14:29:00.000+08:00', dueAt: '2026-12-07T15:29:00.000+08:00' },
  { name: 'a request one millisecond before the late window is direct', calendar: design, received: '2026-12-07T14:29:59.999+08:00', track: 'direct', clockStartsAt: '2026-12-07T14:29:59.999+08:00', dueAt: '2026-12-07T15:29:59.999+08:00' },
  { name: "Friday's late window starts at 15:00 because Friday closes at 17:00", calendar: design, received: '2026-12-11T14:59:00+08:00', track: 'direct', clockStartsAt: '2026-12-11T14:59:00.000+08:00', dueAt: '2026-12-11T15:59:00.000+08:00' },
  { name: 'a request at Friday 15:00 is escalation and due Tuesday 15:00', calendar: design, received: '2026-12-11T15:00:00+08:00', track: 'escalation', clockStartsAt: '2026-12-11T15:00:00.000+08:00', dueAt: '2026-12-15T15:00:00.000+08:00' },

  // Before opening and after closing.
  { name: 'a request before opening starts at that day’s opening', calendar: design, received: '2026-12-07T07:59:59+08:00', track: 'direct', clockStartsAt: '2026-12-07T08:00:00.000+08:00', dueAt: '2026-12-07T09:00:00.000+08:00' },
  { name: 'a request at opening time starts at once', calendar: design, received: '2026-12-07T08:00:00+08:00', track: 'direct', clockStartsAt: '2026-12-07T08:00:00.000+08:00', dueAt: '2026-12-07T09:00:00.000+08:00' },
  { name: 'a request in the last minute before closing is escalation and keeps its time of day', calendar: design, received: '2026-12-07T16:29:00+08:00', track: 'escalation', clockStartsAt: '2026-12-07T16:29:00.000+08:00', dueAt: '2026-12-09T16:29:00.000+08:00' },
  { name: 'a request exactly at closing time starts the next working day', calendar: design, received: '2026-12-07T16:30:00+08:00', track: 'direct', clockStartsAt: '2026-12-08T08:00:00.000+08:00', dueAt: '2026-12-08T09:00:00.000+08:00' },
  { name: 'a request late at night starts the next morning', calendar: design, received: '2026-12-07T23:30:00+08:00', track: 'direct', clockStartsAt: '2026-12-08T08:00:00.000+08:00', dueAt: '2026-12-08T09:00:00.000+08:00' },
  { name: 'a request after Friday closing starts Monday', calendar: design, received: '2026-12-11T17:00:00+08:00', track: 'direct', clockStartsAt: '2026-12-14T08:00:00.000+08:00', dueAt: '2026-12-14T09:00:00.000+08:00' },
  { name: 'a UTC instant is judged by the office’s local date (23:30Z Monday is Tuesday 07:30 WITA)', calendar: design, received: '2026-12-07T23:30:00Z', track: 'direct', clockStartsAt: '2026-12-08T08:00:00.000+08:00', dueAt: '2026-12-08T09:00:00.000+08:00' },

  // Holidays.
  { name: 'a direct request the day before a holiday is due the same hour', calendar: design, received: '2026-12-23T10:00:00+08:00', track: 'direct', clockStartsAt: '2026-12-23T10:00:00.000+08:00', dueAt: '2026-12-23T11:00:00.000+08:00' },
  { name: 'a request on a holiday starts on the next working day after the holidays and the weekend', calendar: design, received: '2026-12-24T10:00:00+08:00', track: 'direct', clockStartsAt: '2026-12-28T08:00:00.000+08:00', dueAt: '2026-12-28T09:00:00.000+08:00' },
  { name: 'an escalation two days before the holidays counts the day before them and then Monday', calendar: design, received: '2026-12-22T15:00:00+08:00', track: 'escalation', clockStartsAt: '2026-12-22T15:00:00.000+08:00', dueAt: '2026-12-28T15:00:00.000+08:00' },
  { name: 'a late Friday request before the Imlek cuti bersama skips 16 and 17 Feb', calendar: shipped, received: '2026-02-13T15:30:00+08:00', track: 'escalation', clockStartsAt: '2026-02-13T15:30:00.000+08:00', dueAt: '2026-02-19T15:30:00.000+08:00' },
  { name: 'a request on a holiday that falls on a weekday with hours (1 May) starts Monday 4 May', calendar: shipped, received: '2026-05-01T09:00:00+08:00', track: 'direct', clockStartsAt: '2026-05-04T08:00:00.000+08:00', dueAt: '2026-05-04T09:00:00.000+08:00' },

  // The cuti bersama run of 18–24 March 2026 (Wed–Tue) around Nyepi and Idulfitri.
  { name: 'a direct request on Tuesday 17 March is due the same hour', calendar: shipped, received: '2026-03-17T10:00:00+08:00', track: 'direct', clockStartsAt: '2026-03-17T10:00:00.000+08:00', dueAt: '2026-03-17T11:00:00.000+08:00' },
  { name: 'an escalation on Tuesday 17 March is due Thursday 26 March, after the whole 18–24 March closure', calendar: shipped, received: '2026-03-17T15:00:00+08:00', track: 'escalation', clockStartsAt: '2026-03-17T15:00:00.000+08:00', dueAt: '2026-03-26T15:00:00.000+08:00' },
  { name: 'a request during the closure starts on Wednesday 25 March at opening', calendar: shipped, received: '2026-03-21T09:00:00+08:00', track: 'direct', clockStartsAt: '2026-03-25T08:00:00.000+08:00', dueAt: '2026-03-25T09:00:00.000+08:00' },
  { name: 'an escalated request on Monday 16 March counts Tuesday 17 and then Wednesday 25', calendar: shipped, received: '2026-03-16T10:00:00+08:00', escalated: true, track: 'escalation', clockStartsAt: '2026-03-16T10:00:00.000+08:00', dueAt: '2026-03-25T10:00:00.000+08:00' },
  { name: 'a late Friday request before the closure is due on Tuesday 17 March', calendar: shipped, received: '2026-03-13T16:00:00+08:00', track: 'escalation', clockStartsAt: '2026-03-13T16:00:00.000+08:00', dueAt: '2026-03-17T16:00:00.000+08:00' },

  // Clamping into the due day's hours.
  { name: "an escalation due on a shorter Friday is clamped to Friday's 16:00 close (WIB)", calendar: wib, received: '2026-12-09T16:30:00+07:00', track: 'escalation', clockStartsAt: '2026-12-09T16:30:00.000+07:00', dueAt: '2026-12-11T16:00:00.000+07:00' },
  { name: 'an escalation due on a Saturday that opens at 09:00 is clamped up to 09:00 (WIT)', calendar: wit, received: '2026-12-10T08:30:00+09:00', escalated: true, track: 'escalation', clockStartsAt: '2026-12-10T08:30:00.000+09:00', dueAt: '2026-12-12T09:00:00.000+09:00' },

  // WIB, WITA, WIT.
  { name: 'a WIB office answers in +07:00 whatever offset the instant was given in', calendar: wib, received: '2026-12-07T10:00:00+08:00', track: 'direct', clockStartsAt: '2026-12-07T09:00:00.000+07:00', dueAt: '2026-12-07T10:00:00.000+07:00' },
  { name: 'a WIB office’s late window starts at 15:00 on a 17:00 day', calendar: wib, received: '2026-12-07T15:00:00+07:00', track: 'escalation', clockStartsAt: '2026-12-07T15:00:00.000+07:00', dueAt: '2026-12-09T15:00:00.000+07:00' },
  { name: 'a WIB office is closed on the 2026 holidays too (Isra Mikraj, 16 Jan)', calendar: wib, received: '2026-01-16T10:00:00+07:00', track: 'direct', clockStartsAt: '2026-01-19T08:00:00.000+07:00', dueAt: '2026-01-19T09:00:00.000+07:00' },
  { name: 'a WIT office counts a Saturday with hours as a working day', calendar: wit, received: '2026-12-12T09:30:00+09:00', track: 'direct', clockStartsAt: '2026-12-12T09:30:00.000+09:00', dueAt: '2026-12-12T10:30:00.000+09:00' },
  { name: 'a WIT office’s short Saturday makes 10:00 already late', calendar: wit, received: '2026-12-12T10:00:00+09:00', track: 'escalation', clockStartsAt: '2026-12-12T10:00:00.000+09:00', dueAt: '2026-12-15T10:00:00.000+09:00' },
  { name: 'a WIT office turns 23:30Z Sunday into Monday 08:30 WIT', calendar: wit, received: '2026-12-13T23:30:00Z', track: 'direct', clockStartsAt: '2026-12-14T08:30:00.000+09:00', dueAt: '2026-12-14T09:30:00.000+09:00' },
  { name: 'the same instant is before opening in WIB but inside the period in WIT', calendar: wib, received: '2026-12-14T08:30:00+09:00', track: 'direct', clockStartsAt: '2026-12-14T08:00:00.000+07:00', dueAt: '2026-12-14T09:00:00.000+07:00' },

  // Daylight saving (not in Indonesia, but the clock must not depend on it).
  { name: 'across a daylight-saving change the due time keeps the local time of day', calendar: berlin, received: '2026-03-27T15:30:00+01:00', track: 'escalation', clockStartsAt: '2026-03-27T15:30:00.000+01:00', dueAt: '2026-03-31T15:30:00.000+02:00' },
];

function formatted(calendar: OfficeCalendar, sla: { track: SlaTrack; clockStartsAt: Date; dueAt: Date }) {
  return { track: sla.track, clockStartsAt: formatOfficeTime(calendar, sla.clockStartsAt), dueAt: formatOfficeTime(calendar, sla.dueAt) };
}

describe('computeSla follows DESIGN.md section 3', () => {
  it.each(cases)('$name', ({ calendar, received, escalated = false, track, clockStartsAt, dueAt }) => {
    const sla = computeSla(calendar, new Date(received), escalated);
    expect(formatted(calendar, sla)).toEqual({ track, clockStartsAt, dueAt });
    expect(sla.calendarVersion).toBe(calendarVersion(calendar));
  });

  it('when a request is escalated from the start, then the due time equals escalating its direct SLA later', () => {
    for (const { calendar, received } of cases) {
      const escalatedAtOnce = computeSla(calendar, new Date(received), true);
      const escalatedLater = escalateSla(calendar, computeSla(calendar, new Date(received), false));
      expect(escalatedLater).toEqual(escalatedAtOnce);
    }
  });

  it('when receivedAt is not a valid date, then computeSla says so', () => {
    expect(() => computeSla(design, new Date('not a date'), false)).toThrow('computeSla(): receivedAt is not a valid date');
  });

  it('when a calendar has no working day for over a year, then computeSla stops with an error instead of looping', () => {
    const sundays = Array.from({ length: 70 }, (_, week) => new Date(Date.UTC(2026, 11, 13 + week * 7)).toISOString().slice(0, 10));
    const neverOpen: OfficeCalendar = { ...design, hours: { sun: ['08:00', '09:00'] }, holidays: sundays };
    expect(() => computeSla(neverOpen, new Date('2026-12-07T10:00:00+08:00'), false)).toThrow(/no working day in the 400 days after/);
  });
});

describe('escalateSla (rule 6)', () => {
  interface EscalationCase {
    name: string;
    calendar: OfficeCalendar;
    received: string;
    directDueAt: string;
    escalatedDueAt: string;
  }
  const escalations: EscalationCase[] = [
    { name: 'a direct request from Monday 10:00 escalated later is due Wednesday 10:00', calendar: design, received: '2026-12-07T10:00:00+08:00', directDueAt: '2026-12-07T11:00:00.000+08:00', escalatedDueAt: '2026-12-09T10:00:00.000+08:00' },
    { name: 'a direct request received on Saturday escalated later counts from Monday 08:00', calendar: design, received: '2026-12-12T10:00:00+08:00', directDueAt: '2026-12-14T09:00:00.000+08:00', escalatedDueAt: '2026-12-16T08:00:00.000+08:00' },
    { name: 'a direct request before the Christmas holidays escalated later is due Tuesday 29 Dec', calendar: design, received: '2026-12-23T10:00:00+08:00', directDueAt: '2026-12-23T11:00:00.000+08:00', escalatedDueAt: '2026-12-29T10:00:00.000+08:00' },
    { name: 'a direct request on Tuesday 17 March escalated later skips the 18–24 March closure', calendar: shipped, received: '2026-03-17T09:00:00+08:00', directDueAt: '2026-03-17T10:00:00.000+08:00', escalatedDueAt: '2026-03-26T09:00:00.000+08:00' },
  ];

  it.each(escalations)('$name', ({ calendar, received, directDueAt, escalatedDueAt }) => {
    const direct = computeSla(calendar, new Date(received), false);
    expect(direct.track).toBe('direct');
    expect(formatOfficeTime(calendar, direct.dueAt)).toBe(directDueAt);

    const escalated = escalateSla(calendar, direct);
    expect(escalated.track).toBe('escalation');
    expect(escalated.clockStartsAt).toEqual(direct.clockStartsAt);
    expect(formatOfficeTime(calendar, escalated.dueAt)).toBe(escalatedDueAt);
  });

  it('when an escalation-track request is escalated again (next hop of the chain), then its due time does not move', () => {
    const escalation = computeSla(design, new Date('2026-12-07T14:30:00+08:00'), false);
    expect(escalateSla(design, escalation)).toEqual(escalation);
  });

  it('when the calendar changed since the ticket opened, then the escalation records the calendar used now', () => {
    const direct = computeSla(design, new Date('2026-12-21T10:00:00+08:00'), false);
    const withExtraHoliday: OfficeCalendar = { ...design, holidays: ['2026-12-22', ...design.holidays] };
    const escalated = escalateSla(withExtraHoliday, direct);
    expect(escalated.calendarVersion).toBe(calendarVersion(withExtraHoliday));
    expect(escalated.calendarVersion).not.toBe(direct.calendarVersion);
    expect(formatOfficeTime(design, escalated.dueAt)).toBe('2026-12-28T10:00:00.000+08:00');
  });
});

describe('evaluateSlaState', () => {
  const clockStartsAt = new Date('2026-12-07T10:00:00+08:00');
  const dueAt = new Date('2026-12-07T11:00:00+08:00');
  const at = (time: string) => new Date(`2026-12-07T${time}+08:00`);

  interface StateCase {
    name: string;
    now: Date;
    deliveredAt?: Date;
    warnFraction?: number;
    state: SlaState;
  }
  const states: StateCase[] = [
    { name: 'at clock start a direct request is on track', now: at('10:00:00'), state: 'on-track' },
    { name: 'before the clock starts (received on a weekend) a request is on track', now: new Date('2026-12-05T10:00:00+08:00'), state: 'on-track' },
    { name: 'just before 75% of the time a request is on track', now: at('10:44:59.999'), state: 'on-track' },
    { name: 'at 75% of the time a request shows a warning', now: at('10:45:00'), state: 'warning' },
    { name: 'exactly at the due time a request still shows a warning, not a breach', now: at('11:00:00'), state: 'warning' },
    { name: 'one millisecond after the due time an undelivered request is breached', now: at('11:00:00.001'), state: 'breached' },
    { name: 'an answer delivered before the due time meets it', now: at('12:00:00'), deliveredAt: at('10:59:00'), state: 'met' },
    { name: 'an answer delivered exactly at the due time meets it', now: at('11:30:00'), deliveredAt: at('11:00:00'), state: 'met' },
    { name: 'an answer delivered after the due time is met late', now: at('11:30:00'), deliveredAt: at('11:01:00'), state: 'met-late' },
    { name: 'delivery decides even when now is long after the due time', now: new Date('2027-01-01T00:00:00Z'), deliveredAt: at('10:10:00'), state: 'met' },
    { name: 'a configured warning fraction of 0.5 warns at half time', now: at('10:30:00'), warnFraction: 0.5, state: 'warning' },
    { name: 'a configured warning fraction of 0.9 is still on track at 75%', now: at('10:45:00'), warnFraction: 0.9, state: 'on-track' },
  ];

  it.each(states)('$name', ({ now, deliveredAt, warnFraction, state }) => {
    expect(evaluateSlaState({ clockStartsAt, dueAt, deliveredAt }, now, warnFraction)).toBe(state);
  });

  it('when an escalation runs over a weekend, then the warning comes at 75% of the wall-clock time', () => {
    // Friday 16:45 → Tuesday 16:30 is 95 h 45 min; 75% of it is 71 h 48 min 45 s.
    const sla = computeSla(design, new Date('2026-12-11T16:45:00+08:00'), false);
    expect(formatOfficeTime(design, warningAt(sla))).toBe('2026-12-14T16:33:45.000+08:00');
    expect(evaluateSlaState(sla, new Date('2026-12-14T16:33:44+08:00'))).toBe('on-track');
    expect(evaluateSlaState(sla, new Date('2026-12-14T16:33:45+08:00'))).toBe('warning');
  });

  it.each([0, -0.1, 1.5, Number.NaN])('when the warning fraction is %p, then it is refused', (warnFraction) => {
    expect(() => evaluateSlaState({ clockStartsAt, dueAt }, at('10:30:00'), warnFraction)).toThrow(RangeError);
  });

  it('when now is not a valid date, then it is refused', () => {
    expect(() => evaluateSlaState({ clockStartsAt, dueAt }, new Date('nope'))).toThrow('evaluateSlaState(): now is not a valid date');
  });
});
