import pino, { type Logger } from 'pino';

/**
 * Identity numbers (NIK, NPWP, IMEI, passport numbers, tracking and billing codes) are personal
 * data (UU 27/2022): any run of 8 or more digits in a logged string keeps only its last 4.
 */
export function maskDigitRuns(text: string): string {
  return text.replace(/\d(?:[\s.-]?\d){7,}/g, (run) => {
    const digits = run.replace(/\D/g, '');
    return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
  });
}

function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskDigitRuns(value);
  if (depth > 6 || value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, depth + 1));
  const masked: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) masked[key] = maskDeep(item, depth + 1);
  return masked;
}

/**
 * Structured JSON logs. Message texts and credentials are never logged (redacted by path), and
 * whatever else reaches a log line has its digit runs masked.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'tanya-pabean' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'text',
          '*.text',
          'activity.text',
          'token',
          '*.token',
          'secret',
          'password',
          '*.password',
          'req.headers.authorization',
          'req.headers.cookie',
          'headers.authorization',
        ],
        censor: '[redacted]',
      },
      formatters: {
        log: (object) => maskDeep(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((argument) => (typeof argument === 'string' ? maskDigitRuns(argument) : argument));
          return method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
