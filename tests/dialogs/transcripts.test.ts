import { readdirSync } from 'node:fs';
import path from 'node:path';
import { loadTranscriptFile, parseTranscripts, runTranscript, TranscriptHarness } from '../support/transcript-harness';

const folder = path.join(__dirname, 'transcripts');
const files = readdirSync(folder).filter((name) => name.endsWith('.json')).sort();

describe('transcript files', () => {
  test('there is at least one transcript file', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    describe(file, () => {
      const transcripts = loadTranscriptFile(path.join(folder, file));
      test.each(transcripts.map((transcript) => [transcript.name, transcript] as const))('%s', async (_name, transcript) => {
        await runTranscript(transcript);
      });
    });
  }
});

describe('the transcript schema and runner', () => {
  const transcript = (steps: unknown[]) => [{ name: 'probe', locale: 'id-ID', steps }];
  const problemsOf = (raw: unknown): string => {
    try {
      parseTranscripts(raw, 'probe.json');
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('the transcript was accepted');
  };

  test('when a reply has a misspelt key, then the error names the file, the path, the transcript and the key', () => {
    const message = problemsOf(transcript([{ user: 'halo', bot: [{ txet: '^Halo' }] }]));
    expect(message).toMatch(/probe\.json is not a valid transcript file/);
    expect(message).toMatch(/\[0\]\.steps\[0\]\.bot\[0\] \(transcript "probe"\): unknown key "txet"/);
  });

  test('when a step has none of user, desk or clock, then the error says what a step needs', () => {
    expect(problemsOf(transcript([{ usr: 'halo', bot: [] }]))).toMatch(/steps\[0\].*a step needs one of "user", "desk" or "clock"/);
    expect(problemsOf(transcript([{ user: 'halo', clock: '2026-12-07T10:00:00+08:00', bot: [] }]))).toMatch(/not "user" and "clock"/);
  });

  test('when an activity the citizen sends has a misspelt field, then the error names it', () => {
    expect(problemsOf(transcript([{ user: { type: 'message', txt: 'halo' }, bot: [] }]))).toMatch(/steps\[0\]\.user.*unknown key "txt"/);
    expect(problemsOf(transcript([{ user: { type: 'conversationUpdated' }, bot: [] }]))).toMatch(/steps\[0\]\.user.*type/);
  });

  test('when a ticket check has a rating out of range or a bad pattern in notTranscript, then the error names it', () => {
    expect(problemsOf(transcript([{ user: 'halo', bot: [], ticket: { rating: 6 } }]))).toMatch(/steps\[0\]\.ticket\.rating/);
    expect(problemsOf(transcript([{ user: 'halo', bot: [], ticket: { notTranscript: ['Budi ('] } }]))).toMatch(/ticket\.notTranscript\[0\].*not a valid regular expression/);
  });

  test('when another citizen\'s activity names its conversation with a misspelt field, then the error names it', () => {
    const other = { text: 'halo', from: { id: 'warga-lain' }, conversation: { id: 'percakapan-lain', nama: 'x' } };
    expect(problemsOf(transcript([{ user: other, bot: [] }]))).toMatch(/steps\[0\]\.user.*unknown key "nama"/);
  });

  test('when a step forgets its expected replies, then the error names the missing field', () => {
    expect(problemsOf(transcript([{ user: 'halo' }]))).toMatch(/steps\[0\]\.bot/);
  });

  test('when a pattern does not compile or a time has no offset, then the error says so', () => {
    expect(problemsOf(transcript([{ user: 'halo', bot: [{ text: 'Halo (' }] }]))).toMatch(/bot\[0\]\.text.*not a valid regular expression/);
    expect(problemsOf(transcript([{ clock: '2026-12-07 10:00' }]))).toMatch(/steps\[0\]\.clock.*ISO 8601 time with its offset/);
  });

  test('when a desk step names an unknown action or misses its text, then the error names it', () => {
    expect(problemsOf(transcript([{ desk: 'answer', text: 'x', bot: [] }]))).toMatch(/steps\[0\]\.desk.*discriminator.*'claim'.*'sweep'/);
    expect(problemsOf(transcript([{ desk: 'resolve', bot: [] }]))).toMatch(/steps\[0\]\.text/);
    expect(problemsOf(transcript([{ desk: 'sweep', bot: [], officer: 'Rina' }]))).toMatch(/unknown key "officer"/);
  });

  test('when the bot sends other replies than expected, then the failure names the step and shows every reply', async () => {
    const [probe] = parseTranscripts(transcript([{ user: 'halo', bot: [{ text: '^Halo' }, { text: 'never' }] }]), 'probe.json');
    await expect(runTranscript(probe)).rejects.toThrow(/step 1 \(user: "halo"\): expected 2 replies, got 1\nthe bot replied:\n {2}1\. "Halo!/);
    const [wrongText] = parseTranscripts(transcript([{ user: 'halo', bot: [{ text: '^Selamat tinggal' }] }]), 'probe.json');
    await expect(runTranscript(wrongText)).rejects.toThrow(/reply 1: text does not match \^Selamat tinggal/);
  });

  test('when a desk step runs before any handoff, then the failure says there is no open ticket', async () => {
    const [probe] = parseTranscripts(transcript([{ desk: 'reply', text: 'Halo', bot: [] }]), 'probe.json');
    await expect(runTranscript(probe)).rejects.toThrow(/no open ticket in this conversation for "reply"/);
  });

  test('only one harness runs at a time, because the frozen Date is global', async () => {
    const first = TranscriptHarness.create();
    try {
      expect(() => TranscriptHarness.create()).toThrow(/another transcript clock is running/);
    } finally {
      await first.close();
    }
    await TranscriptHarness.create().close();
  });

  test('after a transcript, the clock runs again (only Date was frozen, and only while it ran)', async () => {
    const [probe] = parseTranscripts(transcript([{ user: 'halo', bot: [{ text: '^Halo' }] }]), 'probe.json');
    await runTranscript(probe);
    const before = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(Date.now()).toBeGreaterThan(before);
  });
});
