import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { groupOpeningHours, loadHolidayList, loadOfficeCalendar, type OfficeCalendar } from '../../officers/office-calendar';
import { computeSla, formatOfficeTime } from '../../officers/sla-clock';
import { calendarVersion } from '../../officers/working-calendar';
import { createService } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/logger';

const calendars = path.resolve(__dirname, '..', '..', 'officers', 'calendars');
const shippedFile = path.join(calendars, 'kppbc-contoh.json');

const validCalendar = {
  office: 'KPPBC TMP B Contoh',
  timezone: 'Asia/Makassar',
  hours: { mon: ['08:00', '16:30'], tue: ['08:00', '16:30'], wed: ['08:00', '16:30'], thu: ['08:00', '16:30'], fri: ['08:00', '17:00'] },
  holidays: ['2026-12-24', '2026-12-25'],
  policy: { directMinutes: 60, lateWindowMinutes: 120, escalationWorkingDays: 2 },
};

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'tanya-pabean-calendar-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

function writeJson(name: string, value: unknown): string {
  const file = path.join(folder, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
}

describe('the shipped calendars', () => {
  it('the example office calendar loads and lists the 25 dates of 2026 (17 holidays, 8 cuti bersama)', () => {
    const calendar = loadOfficeCalendar(shippedFile);
    expect(calendar.holidays).toHaveLength(25);
    expect(groupOpeningHours(calendar)).toEqual([
      { days: ['mon', 'tue', 'wed', 'thu'], open: '08:00', close: '16:30' },
      { days: ['fri'], open: '08:00', close: '17:00' },
    ]);
  });

  it('the shared 2026 list has 17 national holidays and 8 cuti bersama, the same dates as the example office', () => {
    const list = loadHolidayList(path.join(calendars, 'holidays-2026.json'));
    expect(list.holidays.filter((holiday) => holiday.kind === 'national-holiday')).toHaveLength(17);
    expect(list.holidays.filter((holiday) => holiday.kind === 'cuti-bersama').map((holiday) => holiday.date)).toEqual([
      '2026-02-16', '2026-03-18', '2026-03-20', '2026-03-23', '2026-03-24', '2026-05-15', '2026-05-28', '2026-12-24',
    ]);
    expect(list.holidays.map((holiday) => holiday.date)).toEqual(loadOfficeCalendar(shippedFile).holidays);
  });
});

describe('holiday files referenced by a calendar', () => {
  it('when a calendar references the shared 2026 list, then its holidays are that list merged with its own dates, sorted and unique', () => {
    writeFileSync(path.join(folder, 'holidays-2026.json'), readFileSync(path.join(calendars, 'holidays-2026.json')));
    const file = writeJson('office.json', { ...validCalendar, holidays: ['2026-12-31', '2026-12-25'], holidayFiles: ['holidays-2026.json'] });
    const calendar = loadOfficeCalendar(file);
    expect(calendar.holidays).toHaveLength(26);
    expect(calendar.holidays.at(-1)).toBe('2026-12-31');
    expect([...calendar.holidays].sort()).toEqual(calendar.holidays);
    expect(calendar).not.toHaveProperty('holidayFiles');
  });

  it('when the 2027 holidays are added as a second list, then a due date across the new year skips them', () => {
    writeFileSync(path.join(folder, 'holidays-2026.json'), readFileSync(path.join(calendars, 'holidays-2026.json')));
    const before = loadOfficeCalendar(writeJson('office.json', { ...validCalendar, holidays: [], holidayFiles: ['holidays-2026.json'] }));
    writeJson('holidays-2027.json', { year: 2027, source: 'test decree', holidays: [{ date: '2027-01-01', name: 'Tahun Baru 2027 Masehi', kind: 'national-holiday' }] });
    const after = loadOfficeCalendar(writeJson('office.json', { ...validCalendar, holidays: [], holidayFiles: ['holidays-2026.json', 'holidays-2027.json'] }));

    const receivedAt = new Date('2026-12-31T15:00:00+08:00');
    expect(formatOfficeTime(before, computeSla(before, receivedAt, false).dueAt)).toBe('2027-01-04T15:00:00.000+08:00');
    expect(formatOfficeTime(after, computeSla(after, receivedAt, false).dueAt)).toBe('2027-01-05T15:00:00.000+08:00');
    expect(computeSla(after, receivedAt, false).calendarVersion).not.toBe(computeSla(before, receivedAt, false).calendarVersion);
  });

  it('when a calendar has holidayFiles and no holidays field, then it loads', () => {
    writeJson('holidays-2026.json', { year: 2026, source: 'test', holidays: [{ date: '2026-12-25', name: 'Natal', kind: 'national-holiday' }] });
    const { holidays: _omitted, ...withoutHolidays } = validCalendar;
    expect(loadOfficeCalendar(writeJson('office.json', { ...withoutHolidays, holidayFiles: ['holidays-2026.json'] })).holidays).toEqual(['2026-12-25']);
  });
});

describe('a bad calendar file is refused, naming the file and the field', () => {
  const badCalendars: Array<{ name: string; calendar: unknown; field: string }> = [
    { name: 'a holiday listed twice', calendar: { ...validCalendar, holidays: ['2026-12-24', '2026-12-25', '2026-12-24'] }, field: 'holidays.2' },
    { name: 'a holiday that is not a real date', calendar: { ...validCalendar, holidays: ['2026-02-30'] }, field: 'holidays.0' },
    { name: 'a holiday in another format', calendar: { ...validCalendar, holidays: ['25/12/2026'] }, field: 'holidays.0' },
    { name: 'an unknown time zone', calendar: { ...validCalendar, timezone: 'Asia/Bandung' }, field: 'timezone' },
    { name: 'no weekday with hours', calendar: { ...validCalendar, hours: {} }, field: 'hours' },
    { name: 'a closing time before the opening time', calendar: { ...validCalendar, hours: { mon: ['16:30', '08:00'] } }, field: 'hours.mon' },
    { name: 'a time that is not HH:MM', calendar: { ...validCalendar, hours: { mon: ['8:00', '16:30'] } }, field: 'hours.mon.0' },
    { name: 'a weekday name in capitals', calendar: { ...validCalendar, hours: { Mon: ['08:00', '16:30'] } }, field: 'hours' },
    { name: 'a direct deadline of zero minutes', calendar: { ...validCalendar, policy: { ...validCalendar.policy, directMinutes: 0 } }, field: 'policy.directMinutes' },
    { name: 'a direct deadline longer than a day', calendar: { ...validCalendar, policy: { ...validCalendar.policy, directMinutes: 1441 } }, field: 'policy.directMinutes' },
    { name: 'a negative late window', calendar: { ...validCalendar, policy: { ...validCalendar.policy, lateWindowMinutes: -1 } }, field: 'policy.lateWindowMinutes' },
    { name: 'a fractional number of escalation days', calendar: { ...validCalendar, policy: { ...validCalendar.policy, escalationWorkingDays: 1.5 } }, field: 'policy.escalationWorkingDays' },
    { name: 'an absurd number of escalation days', calendar: { ...validCalendar, policy: { ...validCalendar.policy, escalationWorkingDays: 200 } }, field: 'policy.escalationWorkingDays' },
    { name: 'a misspelt policy key', calendar: { ...validCalendar, policy: { ...validCalendar.policy, directMinute: 60 } }, field: 'policy' },
    { name: 'a missing policy', calendar: { ...validCalendar, policy: undefined }, field: 'policy' },
    { name: 'neither holidays nor holidayFiles', calendar: { ...validCalendar, holidays: undefined }, field: 'holidays' },
    { name: 'an unknown top-level key', calendar: { ...validCalendar, holiday: [] }, field: '(root)' },
  ];

  it.each(badCalendars)('$name', ({ calendar, field }) => {
    const file = writeJson('office.json', calendar);
    expect(() => loadOfficeCalendar(file)).toThrow(`loadOfficeCalendar(): ${file}: field "${field}"`);
  });

  it('a file that is not JSON', () => {
    const file = writeJson('office.json', '{ "office": ');
    expect(() => loadOfficeCalendar(file)).toThrow(`loadOfficeCalendar(): cannot read ${file}`);
  });

  it('a missing file', () => {
    const file = path.join(folder, 'missing.json');
    expect(() => loadOfficeCalendar(file)).toThrow(`loadOfficeCalendar(): cannot read ${file}`);
  });

  it('a referenced holiday file that does not exist', () => {
    const file = writeJson('office.json', { ...validCalendar, holidayFiles: ['holidays-2027.json'] });
    expect(() => loadOfficeCalendar(file)).toThrow(`loadOfficeCalendar(): ${file}: field "holidayFiles.0": loadHolidayList(): cannot read ${path.join(folder, 'holidays-2027.json')}`);
  });

  const badHolidayLists: Array<{ name: string; list: unknown; field: string }> = [
    { name: 'a holiday list with an impossible date', list: { year: 2027, source: 's', holidays: [{ date: '2027-02-29', name: 'x', kind: 'national-holiday' }] }, field: 'holidays.0.date' },
    { name: 'a holiday list with a date of another year', list: { year: 2027, source: 's', holidays: [{ date: '2026-01-01', name: 'x', kind: 'national-holiday' }] }, field: 'holidays.0.date' },
    { name: 'a holiday list with a date twice', list: { year: 2027, source: 's', holidays: [{ date: '2027-01-01', name: 'x', kind: 'national-holiday' }, { date: '2027-01-01', name: 'y', kind: 'cuti-bersama' }] }, field: 'holidays.1.date' },
    { name: 'a holiday list with an unknown kind', list: { year: 2027, source: 's', holidays: [{ date: '2027-01-01', name: 'x', kind: 'holiday' }] }, field: 'holidays.0.kind' },
    { name: 'a holiday list without its source', list: { year: 2027, holidays: [{ date: '2027-01-01', name: 'x', kind: 'national-holiday' }] }, field: 'source' },
  ];

  it.each(badHolidayLists)('$name', ({ list, field }) => {
    const holidayFile = writeJson('holidays-2027.json', list);
    const file = writeJson('office.json', { ...validCalendar, holidayFiles: ['holidays-2027.json'] });
    expect(() => loadOfficeCalendar(file)).toThrow(`loadOfficeCalendar(): ${file}: field "holidayFiles.0": loadHolidayList(): ${holidayFile}: field "${field}"`);
  });

  it('when the service starts with a bad calendar file, then start-up stops naming the file and the field', async () => {
    const file = writeJson('office.json', { ...validCalendar, holidays: ['2026-12-25', '2026-12-25'] });
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: folder, LOG_LEVEL: 'silent', OFFICE_CALENDAR_FILE: file });
    await expect(createService(config, { logger: createLogger('silent') })).rejects.toThrow(`${file}: field "holidays.1" repeats 2026-12-25 (already at index 0)`);
  });
});

describe('calendarVersion', () => {
  const calendar = validCalendar as OfficeCalendar;

  it('is 12 hexadecimal digits and the same for the same content', () => {
    expect(calendarVersion(calendar)).toMatch(/^[0-9a-f]{12}$/);
    expect(calendarVersion(JSON.parse(JSON.stringify(calendar)))).toBe(calendarVersion(calendar));
  });

  it('does not depend on key order or holiday order in the file', () => {
    const reordered: OfficeCalendar = { policy: { escalationWorkingDays: 2, lateWindowMinutes: 120, directMinutes: 60 }, holidays: ['2026-12-25', '2026-12-24'], hours: calendar.hours, timezone: calendar.timezone, office: calendar.office };
    expect(calendarVersion(reordered)).toBe(calendarVersion(calendar));
  });

  it('changes when a holiday, the hours or the policy change', () => {
    const versions = new Set([
      calendarVersion(calendar),
      calendarVersion({ ...calendar, holidays: [...calendar.holidays, '2026-12-31'] }),
      calendarVersion({ ...calendar, hours: { ...calendar.hours, fri: ['08:00', '16:30'] } }),
      calendarVersion({ ...calendar, policy: { ...calendar.policy, lateWindowMinutes: 90 } }),
    ]);
    expect(versions.size).toBe(4);
  });

  it('is the same whether the holidays come inline or from a holiday file', () => {
    writeJson('holidays-2026.json', { year: 2026, source: 'test', holidays: [{ date: '2026-12-24', name: 'Cuti bersama Natal', kind: 'cuti-bersama' }, { date: '2026-12-25', name: 'Natal', kind: 'national-holiday' }] });
    const fromFile = loadOfficeCalendar(writeJson('office.json', { ...validCalendar, holidays: [], holidayFiles: ['holidays-2026.json'] }));
    expect(calendarVersion(fromFile)).toBe(calendarVersion(calendar));
  });
});
