import { Writable } from 'node:stream';
import { createLogger, maskDigitRuns } from '../../server/logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { logger: createLogger('info', destination), lines };
}

describe('logs never carry an identity number', () => {
  test('when a string has a long run of digits, then only the last four remain', () => {
    expect(maskDigitRuns('NIK 3174012501900001 dan IMEI 35-209900-176148-1')).toBe('NIK ************0001 dan IMEI ***********1481');
    expect(maskDigitRuns('tiket 1234567 jam 14.30')).toBe('tiket 1234567 jam 14.30');
  });

  test('when a log line has message text, tokens or digit runs in fields, then they are redacted or masked', () => {
    const { logger, lines } = capture();
    logger.info({ conversationId: 'c1', text: 'NIK saya 3174012501900001', token: 'secret-token', detail: { reference: 'RR123456789ID 3174012501900001' } }, 'citizen wrote from 081234567890');
    const line = JSON.parse(lines[0]);
    expect(line.text).toBe('[redacted]');
    expect(line.token).toBe('[redacted]');
    expect(line.detail.reference).toBe('RR*****6789ID ************0001');
    expect(line.msg).toBe('citizen wrote from ********7890');
    expect(lines[0]).not.toMatch(/3174012501900001|081234567890/);
  });
});
