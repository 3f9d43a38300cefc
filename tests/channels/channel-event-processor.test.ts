import { rmSync } from 'node:fs';
import pino from 'pino';
import { ChannelEventProcessor, defaultRetryDelayMs } from '../../adapters/channel/channel-event-processor';
import { openStorage } from '../../storage/open-storage';
import type { ChannelEvent, StorageBackend } from '../../storage/repositories';
import { eventually, freshDataDir } from '../support/test-service';

describe('ChannelEventProcessor over the SQLite event store', () => {
  let dataDir: string;
  let storage: StorageBackend;
  let processor: ChannelEventProcessor | undefined;
  const logLines: Array<{ level: number; msg: string }> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(JSON.parse(line)) });

  beforeEach(async () => {
    dataDir = freshDataDir();
    storage = await openStorage({ dataDir });
    logLines.length = 0;
  });
  afterEach(async () => {
    processor?.stop();
    await processor?.drain(2000);
    processor = undefined;
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const record = (eventId: string, conversationId = 'telegram:1', receivedAt = new Date()) =>
    storage.channelEvents.recordIfNew({ channel: 'telegram', eventId, conversationId, payload: { eventId }, receivedAt });
  const statusOf = async (eventId: string) => (await storage.channelEvents.get('telegram', eventId))?.status;
  const until = (eventId: string, status: string) => eventually(async () => ((await statusOf(eventId)) === status ? true : undefined), 5000, 10);

  test('when processing fails, then the event is retried after a backoff and is done once it succeeds', async () => {
    let calls = 0;
    processor = new ChannelEventProcessor({ events: storage.channelEvents, maxAttempts: 5, logger, retryDelayMs: () => 30, pollIntervalMs: 10 });
    processor.register({
      channelId: 'telegram',
      processEvent: async () => {
        calls += 1;
        if (calls < 3) throw new Error(`temporary failure ${calls}`);
      },
    });
    processor.start();
    await record('1');
    processor.poke();
    await until('1', 'done');
    const event = await storage.channelEvents.get('telegram', '1');
    expect(event).toMatchObject({ status: 'done', attempts: 3, lastError: 'temporary failure 2' });
    expect(logLines.filter((line) => line.level === 40 && /will be retried/.test(line.msg))).toHaveLength(2);
  });

  test('when processing keeps failing, then the event goes to the dead-letter list after CHANNEL_MAX_ATTEMPTS, logged at error', async () => {
    processor = new ChannelEventProcessor({ events: storage.channelEvents, maxAttempts: 3, logger, retryDelayMs: () => 10, pollIntervalMs: 10 });
    processor.register({ channelId: 'telegram', processEvent: async () => Promise.reject(new Error('the platform is down')) });
    processor.start();
    await record('7');
    await until('7', 'dead');
    expect(await storage.channelEvents.listDead(10, 'telegram')).toEqual([expect.objectContaining({ eventId: '7', attempts: 3, lastError: 'the platform is down' })]);
    expect(logLines.some((line) => line.level === 50 && /dead-letter/.test(line.msg))).toBe(true);
  });

  test('when a conversation has several events, then they are processed one at a time, in order', async () => {
    const seen: string[] = [];
    let running = 0;
    let overlapped = false;
    processor = new ChannelEventProcessor({ events: storage.channelEvents, maxAttempts: 3, logger, pollIntervalMs: 10 });
    processor.register({
      channelId: 'telegram',
      processEvent: async (event: ChannelEvent) => {
        running += 1;
        if (running > 1) overlapped = true;
        await new Promise((resolve) => setTimeout(resolve, 15));
        seen.push(event.eventId);
        running -= 1;
      },
    });
    const start = Date.now();
    for (let index = 1; index <= 5; index += 1) await record(String(index), 'telegram:42', new Date(start + index));
    processor.start();
    await until('5', 'done');
    expect(seen).toEqual(['1', '2', '3', '4', '5']);
    expect(overlapped).toBe(false);
  });

  test('when an instance crashed while processing, then its event is processed again once the lease expires', async () => {
    await record('9');
    // The crashed instance: it claimed the event and never finished.
    expect(await storage.channelEvents.claimDue(new Date(), 50, 10)).toHaveLength(1);
    const processed: string[] = [];
    processor = new ChannelEventProcessor({ events: storage.channelEvents, maxAttempts: 3, logger, pollIntervalMs: 20 });
    processor.register({ channelId: 'telegram', processEvent: async (event) => void processed.push(event.eventId) });
    processor.start();
    await until('9', 'done');
    expect(processed).toEqual(['9']);
    expect((await storage.channelEvents.get('telegram', '9'))?.attempts).toBe(2);
  });

  test('when no adapter on this instance handles the channel, then the event fails and is kept for a retry', async () => {
    processor = new ChannelEventProcessor({ events: storage.channelEvents, maxAttempts: 3, logger, pollIntervalMs: 10, retryDelayMs: () => 60_000 });
    processor.start();
    await storage.channelEvents.recordIfNew({ channel: 'whatsapp', eventId: 'wamid.1', conversationId: 'whatsapp:1', payload: {}, receivedAt: new Date() });
    await eventually(async () => ((await storage.channelEvents.get('whatsapp', 'wamid.1'))?.lastError ? true : undefined), 5000, 10);
    expect(await storage.channelEvents.get('whatsapp', 'wamid.1')).toMatchObject({ status: 'pending', lastError: expect.stringContaining('no adapter') });
  });

  test('when stopped, then nothing new is claimed and drain waits for the event under way', async () => {
    let release: () => void = () => undefined;
    processor = new ChannelEventProcessor({ events: storage.channelEvents, maxAttempts: 3, logger, pollIntervalMs: 10 });
    processor.register({ channelId: 'telegram', processEvent: () => new Promise<void>((resolve) => (release = resolve)) });
    processor.start();
    await record('1', 'telegram:1');
    await until('1', 'processing');
    processor.stop();
    await record('2', 'telegram:2');
    processor.poke();
    expect(await processor.drain(50)).toBe(false);
    release();
    expect(await processor.drain(1000)).toBe(true);
    expect(await statusOf('1')).toBe('done');
    expect(await statusOf('2')).toBe('pending');
  });

  test('the default backoff doubles from 15 seconds up to 10 minutes', () => {
    expect([1, 2, 3, 4, 10].map(defaultRetryDelayMs)).toEqual([15_000, 30_000, 60_000, 120_000, 600_000]);
  });
});
