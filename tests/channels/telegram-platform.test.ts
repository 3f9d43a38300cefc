import { rmSync } from 'node:fs';
import { ActivityTypes, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import pino from 'pino';
import { ChannelAdapter, type SendFailure } from '../../adapters/channel/channel-adapter';
import { ChannelEventProcessor } from '../../adapters/channel/channel-event-processor';
import { PlatformApiError } from '../../adapters/channel/channel-platform';
import { OfferedChoicesStore } from '../../adapters/channel/offered-choices';
import { markdownToTelegramHtml } from '../../adapters/telegram/telegram-html';
import { callbackDataFor, TelegramPlatform } from '../../adapters/telegram/telegram-platform';
import { TelegramPolling } from '../../adapters/telegram/telegram-polling';
import { openStorage } from '../../storage/open-storage';
import type { StorageBackend } from '../../storage/repositories';
import { TelegramFake } from '../support/fakes/telegram-fake';
import { eventually, freshDataDir } from '../support/test-service';
import { TELEGRAM_TEST_SECRET, TELEGRAM_TEST_TOKEN } from './telegram.spec';

const CHAT = 5550001;
const user = { id: CHAT, is_bot: false, first_name: 'Siti', last_name: 'Aminah', language_code: 'id' };
const chat = { id: CHAT, type: 'private', first_name: 'Siti' };
const LONG_CHOICE = 'Bagaimana registrasi IMEI HP yang dikirim dari luar negeri lewat kurir atau pos?';

describe('markdownToTelegramHtml', () => {
  test('when the bot writes light Markdown, then Telegram gets HTML with the rest escaped', () => {
    expect(markdownToTelegramHtml('**Penting**: bawa _paspor_ & boarding pass <asli>.')).toBe('<b>Penting</b>: bawa <i>paspor</i> &amp; boarding pass &lt;asli&gt;.');
    expect(markdownToTelegramHtml('Lihat [laman resmi](https://www.beacukai.go.id/faq?a=1&b=2) atau `PMK_34`.')).toBe(
      'Lihat <a href="https://www.beacukai.go.id/faq?a=1&amp;b=2">laman resmi</a> atau <code>PMK_34</code>.',
    );
  });

  test('when underscores sit inside words or URLs, then they are not italics', () => {
    expect(markdownToTelegramHtml('Sumber: https://example.go.id/_data_/file_name.pdf dan nama_file_ini')).toBe('Sumber: https://example.go.id/_data_/file_name.pdf dan nama_file_ini');
  });

  test('when a marker is unpaired, then it stays as typed', () => {
    expect(markdownToTelegramHtml('2 ** 3 dan _ saja')).toBe('2 ** 3 dan _ saja');
  });
});

describe('callbackDataFor', () => {
  test('when the value fits 64 bytes, then it travels as is; otherwise as its position and fingerprint', () => {
    expect(callbackDataFor('Ya', 0)).toBe('v:Ya');
    expect(callbackDataFor(LONG_CHOICE, 2)).toMatch(/^c:2:[A-Za-z0-9_-]{10}$/);
    expect(Buffer.byteLength(callbackDataFor('é'.repeat(40), 0))).toBeLessThanOrEqual(64);
  });
});

describe('the Telegram platform in a ChannelAdapter', () => {
  let dataDir: string;
  let storage: StorageBackend;
  let fake: TelegramFake;
  let processor: ChannelEventProcessor;
  let adapter: ChannelAdapter;
  let platform: TelegramPlatform;
  let turn: (context: TurnContext) => Promise<void>;
  const seen: Array<Partial<Activity>> = [];
  const failures: SendFailure[] = [];
  let updateId = 1000;
  const logger = pino({ level: 'silent' });

  beforeEach(async () => {
    dataDir = freshDataDir();
    storage = await openStorage({ dataDir });
    fake = await new TelegramFake(TELEGRAM_TEST_TOKEN).start();
    seen.length = 0;
    failures.length = 0;
    turn = async () => undefined;
    platform = new TelegramPlatform({ botToken: TELEGRAM_TEST_TOKEN, webhookSecret: TELEGRAM_TEST_SECRET, apiBaseUrl: fake.baseUrl, attachments: storage.attachments, logger });
    processor = new ChannelEventProcessor({ events: storage.channelEvents, maxAttempts: 3, logger, pollIntervalMs: 20, retryDelayMs: () => 20 });
    adapter = new ChannelAdapter({
      platform,
      events: storage.channelEvents,
      processor,
      choices: new OfferedChoicesStore(storage.documents),
      bot: { id: 'tanya-pabean', name: 'Tanya Pabean', role: 'bot' },
      observer: { turnCompleted: () => undefined },
      logger,
      runTurn: async (context) => {
        seen.push({ ...context.activity });
        await turn(context);
      },
      onSendFailed: async (failure) => void failures.push(failure),
      sendRetry: { backoffBaseMs: 10, maxWaitMs: 2000 },
      typingIntervalMs: 40,
    });
    processor.start();
  });
  afterEach(async () => {
    processor.stop();
    await processor.drain(2000);
    await fake.close();
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const deliver = async (update: Record<string, unknown>) => {
    const id = (updateId += 1);
    const answer = await adapter.handleWebhook(Buffer.from(JSON.stringify({ update_id: id, ...update })), { 'x-telegram-bot-api-secret-token': TELEGRAM_TEST_SECRET });
    expect(answer.status).toBe(200);
    await eventually(async () => {
      const event = await storage.channelEvents.get('telegram', String(id));
      return event?.status === 'done' || event?.status === 'dead' ? event : undefined;
    }, 5000, 10);
  };
  const text = (body: string, extra: Record<string, unknown> = {}) => ({ message: { message_id: updateId, from: user, chat, date: 1781000000, text: body, ...extra } });
  const sent = () => fake.callsOf('sendMessage').filter((call) => (call as { status?: number }).status === 200).map((call) => call.body as Record<string, any>);

  test('when the secret is missing or wrong, then the webhook is refused', async () => {
    const body = Buffer.from(JSON.stringify({ update_id: 1, ...text('halo') }));
    expect((await adapter.handleWebhook(body, {})).status).toBe(401);
    expect((await adapter.handleWebhook(body, { 'x-telegram-bot-api-secret-token': `${TELEGRAM_TEST_SECRET}x` })).status).toBe(401);
    expect((await adapter.handleWebhook(body, { 'x-telegram-bot-api-secret-token': [TELEGRAM_TEST_SECRET] })).status).toBe(401);
  });

  test('when a citizen sends /start, then the bot gets first contact (the welcome), and other commands lose their slash', async () => {
    await deliver(text('/start', { entities: [{ type: 'bot_command', offset: 0, length: 6 }] }));
    await deliver(text('/status@TanyaPabeanBot TP-2612-0001', { entities: [{ type: 'bot_command', offset: 0, length: 22 }] }));
    expect(seen[0]).toMatchObject({ type: ActivityTypes.ConversationUpdate, membersAdded: [expect.objectContaining({ id: String(CHAT) })] });
    expect(seen[1]).toMatchObject({ type: 'message', text: 'status TP-2612-0001', channelId: 'telegram', conversation: { id: `telegram:${CHAT}` }, from: { id: String(CHAT), name: 'Siti Aminah' }, locale: 'id' });
  });

  test('when the bot offers a choice too long for callback_data, then the press still gives the dialogs its full value', async () => {
    // A short title fits a button; its value is longer than callback_data holds.
    turn = async (context) => {
      if (context.activity.text !== 'IMEI') return;
      await context.sendActivity({ type: 'message', text: 'Pilih:', suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'Ya', value: 'Ya' }, { type: 'imBack', title: 'Lewat kurir', value: LONG_CHOICE }] } });
    };
    await deliver(text('IMEI'));
    const keyboard = sent()[0].reply_markup.inline_keyboard as Array<Array<{ text: string; callback_data: string }>>;
    expect(keyboard.map((row) => row[0].text)).toEqual(['Ya', 'Lewat kurir']);
    expect(keyboard[0][0].callback_data).toBe('v:Ya');
    expect(keyboard[1][0].callback_data).toMatch(/^c:1:/);
    await deliver({ callback_query: { id: 'cb-1', from: user, chat_instance: '1', data: keyboard[1][0].callback_data, message: { message_id: 9, chat, date: 1781000000, reply_markup: { inline_keyboard: keyboard } } } });
    expect(seen.at(-1)?.text).toBe(LONG_CHOICE);
    expect(fake.callsOf('answerCallbackQuery').map((call) => call.body)).toEqual([{ callback_query_id: 'cb-1' }]);
  });

  test('when choices were shown as numbered text, then a bare number picks one; after a message without choices it is just a number', async () => {
    const choices = [LONG_CHOICE, 'Apakah wisatawan asing perlu mendaftarkan IMEI HP-nya?', 'Bukan semuanya'];
    turn = async (context) => {
      if (context.activity.text === 'IMEI') await context.sendActivity(MessageFactory.suggestedActions(choices, 'Maksud Anda yang mana?'));
      if (context.activity.text === 'berapa?') await context.sendActivity('Berapa jumlah HP yang Anda bawa?');
    };
    await deliver(text('IMEI'));
    expect(sent()[0].text).toBe(`Maksud Anda yang mana?\n\n1. ${choices[0]}\n2. ${choices[1]}\n3. ${choices[2]}`);
    expect(sent()[0].reply_markup).toBeUndefined();
    await deliver(text(' 2 '));
    expect(seen.at(-1)?.text).toBe(choices[1]);
    await deliver(text('berapa?'));
    await deliver(text('2'));
    expect(seen.at(-1)?.text).toBe('2');
  });

  test('when a turn takes a while, then the typing indicator is repeated until it ends', async () => {
    turn = () => new Promise((resolve) => setTimeout(resolve, 150));
    await deliver(text('halo'));
    const typing = fake.callsOf('sendChatAction');
    expect(typing.length).toBeGreaterThanOrEqual(3);
    expect(typing[0].body).toEqual({ chat_id: String(CHAT), action: 'typing' });
    const count = typing.length;
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(fake.callsOf('sendChatAction')).toHaveLength(count);
  });

  test('when the citizen blocked the bot, then the send fails at once (no retry) and the failure is reported', async () => {
    fake.failNextSends(403, 1);
    let error: unknown;
    turn = async (context) => {
      try {
        await context.sendActivity('Jawaban.');
      } catch (caught) {
        error = caught;
      }
    };
    await deliver(text('halo'));
    expect(error).toBeInstanceOf(PlatformApiError);
    expect(error).toMatchObject({ status: 403, retryable: false });
    expect(fake.callsOf('sendMessage')).toHaveLength(1);
    expect(failures).toEqual([expect.objectContaining({ channelId: 'telegram', conversationId: `telegram:${CHAT}`, text: 'Jawaban.' })]);
  });

  test('when Telegram asks to wait longer than the adapter waits, then the send fails instead of holding the turn', async () => {
    fake.failNextSends(429, 1, 60);
    turn = async (context) => void (await context.sendActivity('Jawaban.').catch(() => undefined));
    await deliver(text('halo'));
    expect(fake.callsOf('sendMessage')).toHaveLength(1);
    expect(failures).toHaveLength(1);
  });

  test('when Telegram fails with 5xx twice, then the adapter backs off and delivers once', async () => {
    fake.failNextSends(502, 2);
    turn = async (context) => void (await context.sendActivity('Jawaban.'));
    await deliver(text('halo'));
    expect(fake.callsOf('sendMessage')).toHaveLength(3);
    expect(sent().map((body) => body.text)).toEqual(['Jawaban.']);
  });

  test('when a document or a location arrives, then they become attachments the console can open', async () => {
    fake.addMedia('doc-1', Buffer.from('%PDF-1.4 invoice'), 'application/pdf');
    await deliver({ message: { message_id: 77, from: user, chat, date: 1781000000, caption: 'invoice saya', document: { file_id: 'doc-1', file_unique_id: 'udoc1', file_name: 'invoice.pdf', mime_type: 'application/pdf', file_size: 16 } } });
    const document = seen.at(-1)!;
    expect(document.text).toBe('invoice saya');
    expect(document.attachments).toEqual([{ contentType: 'application/pdf', name: 'invoice.pdf', contentUrl: expect.stringMatching(/^\/v3\/directline\/attachments\/[A-Za-z0-9_-]{24}$/) }]);
    const stored = await storage.attachments.getAttachment(document.attachments![0].contentUrl!.split('/').pop()!);
    expect(stored).toMatchObject({ name: 'invoice.pdf', contentType: 'application/pdf', conversationId: `telegram:${CHAT}` });
    expect(stored?.content.toString()).toBe('%PDF-1.4 invoice');

    await deliver({ message: { message_id: 78, from: user, chat, date: 1781000000, location: { latitude: -8.65, longitude: 115.22 } } });
    expect(seen.at(-1)?.attachments).toEqual([
      expect.objectContaining({ contentType: 'application/vnd.location', content: { latitude: -8.65, longitude: 115.22 }, contentUrl: expect.stringContaining('openstreetmap.org/?mlat=-8.65&mlon=115.22') }),
    ]);
  });

  test('when a file cannot be downloaded yet, then the event is retried, and the file is stored once', async () => {
    const update = { message: { message_id: 79, from: user, chat, date: 1781000000, photo: [{ file_id: 'late-photo', file_unique_id: 'ulate', width: 10, height: 10, file_size: 5 }] } };
    const id = (updateId += 1);
    const body = Buffer.from(JSON.stringify({ update_id: id, ...update }));
    expect((await adapter.handleWebhook(body, { 'x-telegram-bot-api-secret-token': TELEGRAM_TEST_SECRET })).status).toBe(200);
    await eventually(async () => ((await storage.channelEvents.get('telegram', String(id)))?.lastError ? true : undefined), 5000, 10);
    fake.addMedia('late-photo', Buffer.from('jpeg!'), 'image/jpeg');
    await eventually(async () => ((await storage.channelEvents.get('telegram', String(id)))?.status === 'done' ? true : undefined), 5000, 10);
    expect(seen.at(-1)?.attachments?.[0]).toMatchObject({ contentType: 'image/jpeg' });
  });

  test('when a sticker, a voice note or an edit arrives, then the citizen is asked politely to send text; group chats are ignored', async () => {
    await deliver({ message: { message_id: 80, from: user, chat, date: 1781000000, sticker: { file_id: 's', file_unique_id: 's', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false } } });
    await deliver({ edited_message: { message_id: 80, from: { ...user, language_code: 'en' }, chat, date: 1781000000, edit_date: 1781000100, text: 'changed' } });
    await deliver({ message: { message_id: 81, from: user, chat: { id: -100123, type: 'supergroup', title: 'Grup' }, date: 1781000000, text: 'halo bot' } });
    expect(sent().map((body) => [body.chat_id, body.text])).toEqual([
      [String(CHAT), 'Maaf, jenis pesan ini belum dapat kami proses. Silakan kirim dalam bentuk teks.'],
      [String(CHAT), 'Sorry, we cannot process this kind of message yet. Please send it as text.'],
    ]);
    expect(seen).toEqual([]);
  });

  test('when the adapter is stopped, then webhooks answer 503 so Telegram retries them', async () => {
    adapter.stop();
    const answer = await adapter.handleWebhook(Buffer.from(JSON.stringify({ update_id: 1, ...text('halo') })), { 'x-telegram-bot-api-secret-token': TELEGRAM_TEST_SECRET });
    expect(answer.status).toBe(503);
  });

  test('when polling for development, then updates take the webhook path and are confirmed with the next offset', async () => {
    const polling = new TelegramPolling({ api: platform.api, adapter, webhookSecret: TELEGRAM_TEST_SECRET, logger, timeoutSeconds: 1, retryDelayMs: 20 });
    polling.start();
    try {
      fake.pushUpdate({ update_id: 4001, ...text('halo dari polling') });
      fake.pushUpdate({ update_id: 4002, ...text('kedua') });
      await eventually(async () => (seen.length >= 2 ? true : undefined), 5000, 10);
      expect(seen.map((activity) => activity.text)).toEqual(['halo dari polling', 'kedua']);
      await eventually(async () => (fake.callsOf('getUpdates').some((call) => (call.body as { offset?: number }).offset === 4003) ? true : undefined), 5000, 10);
      // The same update polled again (an offset not yet confirmed) is a duplicate.
      fake.pushUpdate({ update_id: 4002, ...text('kedua') });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(seen).toHaveLength(2);
    } finally {
      await polling.stop();
    }
  });

  test('when a webhook is still set, then polling reports the conflict and keeps trying', async () => {
    fake.webhook = { url: 'https://example.test/api/telegram' };
    const polling = new TelegramPolling({ api: platform.api, adapter, webhookSecret: TELEGRAM_TEST_SECRET, logger, timeoutSeconds: 1, retryDelayMs: 20 });
    polling.start();
    await eventually(async () => (fake.callsOf('getUpdates').length >= 2 ? true : undefined), 5000, 10);
    await polling.stop();
    expect(fake.callsOf('getUpdates').every((call) => (call as { status?: number }).status === 409)).toBe(true);
  });
});
