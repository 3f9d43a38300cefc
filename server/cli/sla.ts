import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { loadOfficeCalendar, type OfficeCalendar } from '../../officers/office-calendar';
import { computeSla, formatOfficeTime } from '../../officers/sla-clock';
import { workingCalendarOf } from '../../officers/working-calendar';

const USAGE = `Usage: npm run --silent sla -- <command> [options]

Commands:
  due --calendar FILE --received ISO8601 [--escalated]
        the SLA of a request received at that instant, as one JSON object:
        {"track":"direct"|"escalation","clockStartsAt":ISO8601,"dueAt":ISO8601}
        (times with the office's offset). --received needs an offset or Z,
        e.g. 2026-12-07T10:00+08:00 or 2026-12-07T02:00:00Z.
  check --calendar FILE
        validate a calendar file (and the holiday lists it references) and print
        its version and the years its holidays cover.

Exit codes: 0 done, 2 bad arguments or a bad calendar file, 1 anything else.`;

/** A wrong command line or input file: one line on stderr, exit code 2. */
class UsageError extends Error {}

// Date, 'T', time to at least minutes, then an explicit offset: a local time alone is ambiguous
// across WIB, WITA and WIT, so it is refused rather than guessed.
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;

function parseReceived(value: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) {
    throw new UsageError(`--received "${value}" is not an ISO 8601 date and time (expected e.g. 2026-12-07T10:00:00+08:00)`);
  }
  if (!ISO_WITH_OFFSET.test(value)) {
    throw new UsageError(`--received "${value}" has no time zone offset; add one (e.g. +07:00 WIB, +08:00 WITA, +09:00 WIT, or Z)`);
  }
  const parsed = DateTime.fromISO(value, { setZone: true });
  if (!parsed.isValid) throw new UsageError(`--received "${value}" is not a valid date and time (${parsed.invalidExplanation ?? parsed.invalidReason})`);
  return parsed.toJSDate();
}

function loadCalendar(file: string | undefined): OfficeCalendar {
  if (!file) throw new UsageError('--calendar FILE is required');
  try {
    return loadOfficeCalendar(file);
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\s*\n\s*/g, ' '));
  }
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

export function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      calendar: { type: 'string' },
      received: { type: 'string' },
      escalated: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [command, ...extra] = positionals;
  if (!command) throw new UsageError('a command is required: due or check');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);

  switch (command) {
    case 'due': {
      if (values.received === undefined) throw new UsageError('--received ISO8601 is required');
      const receivedAt = parseReceived(values.received);
      const calendar = loadCalendar(values.calendar);
      const sla = computeSla(calendar, receivedAt, values.escalated);
      warnAboutMissingHolidays(calendar, receivedAt, sla.dueAt, values.calendar as string);
      printJson({ track: sla.track, clockStartsAt: formatOfficeTime(calendar, sla.clockStartsAt), dueAt: formatOfficeTime(calendar, sla.dueAt) });
      return 0;
    }
    case 'check': {
      if (values.received !== undefined || values.escalated) throw new UsageError('check takes only --calendar FILE');
      const calendar = loadCalendar(values.calendar);
      const working = workingCalendarOf(calendar);
      printJson({ office: calendar.office, timezone: calendar.timezone, calendarVersion: working.version, holidays: calendar.holidays.length, holidayYears: working.holidayYears() });
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}" (expected due or check)`);
  }
}

/** A due time computed across a year whose holidays were never entered is probably too early; say so on stderr. */
function warnAboutMissingHolidays(calendar: OfficeCalendar, receivedAt: Date, dueAt: Date, file: string): void {
  const working = workingCalendarOf(calendar);
  const listed = new Set(working.holidayYears());
  const firstYear = Number(working.localDate(receivedAt).slice(0, 4));
  const lastYear = Number(working.localDate(dueAt).slice(0, 4));
  for (let year = firstYear; year <= lastYear; year += 1) {
    if (!listed.has(year)) process.stderr.write(`sla: warning: ${file} lists no holidays for ${year}; add them when decreed (officers/calendars/README.md)\n`);
  }
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`sla: ${(error as Error).message} (see --help)\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`sla: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
  }
}
