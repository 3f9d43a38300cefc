import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'server', 'cli', 'sla.js');
const shipped = path.join(root, 'officers', 'calendars', 'kppbc-contoh.json');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the compiled command as `npm run --silent sla -- ...` does. */
function sla(...args: string[]): Run {
  const { status, stdout, stderr } = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH } });
  return { status, stdout, stderr };
}

const folder = mkdtempSync(path.join(tmpdir(), 'tanya-pabean-sla-cli-'));

beforeAll(() => {
  // Like `npm run sla`: compile when dist/ is missing or older than the sources.
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-if-needed.js')], { cwd: root, stdio: 'inherit' });
}, 180_000);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('sla due', () => {
  const examples = [
    { received: '2026-12-07T10:00:00+08:00', expected: { track: 'direct', clockStartsAt: '2026-12-07T10:00:00.000+08:00', dueAt: '2026-12-07T11:00:00.000+08:00' } },
    { received: '2026-12-07T14:30:00+08:00', expected: { track: 'escalation', clockStartsAt: '2026-12-07T14:30:00.000+08:00', dueAt: '2026-12-09T14:30:00.000+08:00' } },
    { received: '2026-12-12T10:00:00+08:00', expected: { track: 'direct', clockStartsAt: '2026-12-14T08:00:00.000+08:00', dueAt: '2026-12-14T09:00:00.000+08:00' } },
    { received: '2026-12-23T15:00:00+08:00', expected: { track: 'escalation', clockStartsAt: '2026-12-23T15:00:00.000+08:00', dueAt: '2026-12-29T15:00:00.000+08:00' } },
    { received: '2026-12-11T16:45:00+08:00', expected: { track: 'escalation', clockStartsAt: '2026-12-11T16:45:00.000+08:00', dueAt: '2026-12-15T16:30:00.000+08:00' } },
  ];

  it.each(examples)('when received at $received, then it prints exactly one JSON object with the worked example’s answer', ({ received, expected }) => {
    const run = sla('due', '--calendar', shipped, '--received', received);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout.endsWith('\n')).toBe(true);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    const printed = JSON.parse(run.stdout);
    expect(printed).toEqual(expected);
    expect(Object.keys(printed)).toEqual(['track', 'clockStartsAt', 'dueAt']);
  });

  it('when --escalated is given, then a direct request is on the escalation track', () => {
    const run = sla('due', '--calendar', shipped, '--received', '2026-12-07T10:00:00+08:00', '--escalated');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ track: 'escalation', clockStartsAt: '2026-12-07T10:00:00.000+08:00', dueAt: '2026-12-09T10:00:00.000+08:00' });
  });

  it('when the instant is given in UTC, then the times are printed with the office’s offset', () => {
    const run = sla('due', '--received', '2026-03-17T07:00Z', '--calendar', shipped);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ track: 'escalation', clockStartsAt: '2026-03-17T15:00:00.000+08:00', dueAt: '2026-03-26T15:00:00.000+08:00' });
  });

  it('when the due time falls in a year without holidays, then stdout is still one JSON object and stderr warns', () => {
    const run = sla('due', '--calendar', shipped, '--received', '2026-12-31T15:00:00+08:00');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ track: 'escalation', clockStartsAt: '2026-12-31T15:00:00.000+08:00', dueAt: '2027-01-04T15:00:00.000+08:00' });
    expect(run.stderr).toBe(`sla: warning: ${shipped} lists no holidays for 2027; add them when decreed (officers/calendars/README.md)\n`);
  });
});

describe('sla check', () => {
  it('when the calendar is valid, then it prints its version and holiday years', () => {
    const run = sla('check', '--calendar', shipped);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ office: 'KPPBC TMP B Contoh', timezone: 'Asia/Makassar', calendarVersion: expect.stringMatching(/^[0-9a-f]{12}$/), holidays: 25, holidayYears: [2026] });
  });
});

describe('sla with bad arguments exits 2 with one line on stderr and nothing on stdout', () => {
  const badCalendar = () => {
    const file = path.join(folder, 'bad-office.json');
    const calendar = JSON.parse(readFileSync(shipped, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...calendar, policy: { ...calendar.policy, escalationWorkingDays: 0 } }));
    return file;
  };
  const cases: Array<{ name: string; args: () => string[]; message: string | RegExp }> = [
    { name: 'no command', args: () => [], message: 'a command is required: due or check' },
    { name: 'an unknown command', args: () => ['when', '--calendar', shipped], message: 'unknown command "when" (expected due or check)' },
    { name: 'a missing --calendar', args: () => ['due', '--received', '2026-12-07T10:00:00+08:00'], message: '--calendar FILE is required' },
    { name: 'a missing --received', args: () => ['due', '--calendar', shipped], message: '--received ISO8601 is required' },
    { name: '--received without its value', args: () => ['due', '--calendar', shipped, '--received'], message: "Option '--received <value>' argument missing" },
    { name: 'an unparseable date', args: () => ['due', '--calendar', shipped, '--received', 'next monday'], message: '--received "next monday" is not an ISO 8601 date and time' },
    { name: 'a date without a time', args: () => ['due', '--calendar', shipped, '--received', '2026-12-07'], message: '--received "2026-12-07" is not an ISO 8601 date and time' },
    { name: 'a date and time without an offset', args: () => ['due', '--calendar', shipped, '--received', '2026-12-07T10:00:00'], message: '--received "2026-12-07T10:00:00" has no time zone offset' },
    { name: 'an impossible date', args: () => ['due', '--calendar', shipped, '--received', '2026-02-30T10:00:00+08:00'], message: '--received "2026-02-30T10:00:00+08:00" is not a valid date and time' },
    { name: 'an unknown option', args: () => ['due', '--calendar', shipped, '--received', '2026-12-07T10:00:00+08:00', '--urgent'], message: "Unknown option '--urgent'" },
    { name: 'an extra argument', args: () => ['due', 'now', '--calendar', shipped, '--received', '2026-12-07T10:00:00+08:00'], message: 'unexpected argument "now"' },
    { name: 'a calendar file that does not exist', args: () => ['due', '--calendar', path.join(folder, 'missing.json'), '--received', '2026-12-07T10:00:00+08:00'], message: `loadOfficeCalendar(): cannot read ${path.join(folder, 'missing.json')}` },
    { name: 'a bad calendar file, naming the file and the field', args: () => ['due', '--calendar', badCalendar(), '--received', '2026-12-07T10:00:00+08:00'], message: `${path.join(folder, 'bad-office.json')}: field "policy.escalationWorkingDays"` },
  ];

  it.each(cases)('$name', ({ args, message }) => {
    const run = sla(...args());
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith('sla: ')).toBe(true);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('--help prints the usage on stdout and exits 0', () => {
    const run = sla('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('due --calendar FILE --received ISO8601 [--escalated]');
  });
});
