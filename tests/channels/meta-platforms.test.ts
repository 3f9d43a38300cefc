import pino from 'pino';
import { InstagramPlatform } from '../../adapters/meta/instagram-platform';
import { META_WINDOW_CLOSED_REASON, type MetaMessagingPlatform } from '../../adapters/meta/meta-messaging-platform';
import { MessengerPlatform } from '../../adapters/meta/messenger-platform';
import { type InboundEvent, PlatformApiError } from '../../adapters/channel/channel-platform';
import type { AttachmentRepository, StoredAttachment } from '../../storage/repositories';
import { FIXTURE_MEDIA_BYTES, metaSentMessages, metaSignature, metaTypingCalls, type MetaFake } from '../support/fakes/meta-fake';
import type { ChannelContractSpec } from './contract-spec';
import { instagramSecrets, instagramSpec } from './instagram.spec';
import { messengerSecrets, messengerSpec } from './messenger.spec';

class MemoryAttachments implements AttachmentRepository {
  readonly files = new Map<string, StoredAttachment>();
  async saveAttachment(attachment: StoredAttachment): Promise<void> {
    if (this.files.has(attachment.attachmentId)) throw new Error(`attachment ${attachment.attachmentId} already exists`);
    this.files.set(attachment.attachmentId, attachment);
  }
  async getAttachment(attachmentId: string): Promise<StoredAttachment | undefined> {
    return this.files.get(attachmentId);
  }
  async deleteByConversation(conversationId: string): Promise<number> {
    const ids = [...this.files.values()].filter((file) => file.conversationId === conversationId).map((file) => file.attachmentId);
    ids.forEach((id) => this.files.delete(id));
    return ids.length;
  }
}

interface PlatformCase {
  name: 'Messenger' | 'Instagram';
  spec: ChannelContractSpec;
  appSecret: string;
  verifyToken: string;
  accountId: string;
  accessToken: string;
  object: 'page' | 'instagram';
  create(apiBaseUrl: string, attachments: AttachmentRepository): MetaMessagingPlatform;
  /** The access token as the fake's recorded call shows it. */
  presentedToken(call: MetaFake['calls'][number]): string | undefined;
  /** What the status fixture means. */
  status: { status: 'delivered' | 'read'; messageId: string };
}

const logger = pino({ level: 'silent' });
const PUBLIC_BASE_URL = 'https://chat.beacukai.example';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MINUTE = 60_000;

const cases: PlatformCase[] = [
  {
    name: 'Messenger',
    spec: messengerSpec,
    appSecret: messengerSecrets.appSecret,
    verifyToken: messengerSecrets.verifyToken,
    accountId: messengerSecrets.pageId,
    accessToken: messengerSecrets.pageAccessToken,
    object: 'page',
    create: (apiBaseUrl, attachments) =>
      new MessengerPlatform(
        { pageAccessToken: messengerSecrets.pageAccessToken, appSecret: messengerSecrets.appSecret, verifyToken: messengerSecrets.verifyToken, apiBaseUrl },
        { attachments, publicBaseUrl: PUBLIC_BASE_URL, logger },
      ),
    presentedToken: (call) => new URL(call.path, 'http://fake').searchParams.get('access_token') ?? undefined,
    status: { status: 'delivered', messageId: 'm_Zz9yXwVu8tSrQpOnMlKjIh-sent-0001' },
  },
  {
    name: 'Instagram',
    spec: instagramSpec,
    appSecret: instagramSecrets.appSecret,
    verifyToken: instagramSecrets.verifyToken,
    accountId: instagramSecrets.accountId,
    accessToken: instagramSecrets.accessToken,
    object: 'instagram',
    create: (apiBaseUrl, attachments) =>
      new InstagramPlatform(
        { accessToken: instagramSecrets.accessToken, appSecret: instagramSecrets.appSecret, verifyToken: instagramSecrets.verifyToken, apiBaseUrl },
        { attachments, publicBaseUrl: PUBLIC_BASE_URL, logger },
      ),
    presentedToken: (call) => /^Bearer (.+)$/.exec(String(call.headers.authorization ?? ''))?.[1],
    status: { status: 'read', messageId: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMDAwMDAwMDAx-sent-0001' },
  },
];

describe.each(cases)('$name platform module', (platformCase) => {
  const { spec } = platformCase;
  let fake: MetaFake;
  let attachments: MemoryAttachments;
  let platform: MetaMessagingPlatform;

  beforeEach(async () => {
    fake = (await spec.startFake()) as MetaFake;
    attachments = new MemoryAttachments();
    platform = platformCase.create(fake.baseUrl, attachments);
  });

  afterEach(async () => {
    await fake.close();
  });

  const parseFixture = (name: Parameters<ChannelContractSpec['fixture']>[0]): InboundEvent[] => {
    const parsed = platform.parseWebhook(JSON.parse(spec.fixture(name).toString('utf8')));
    if (parsed.kind !== 'events') throw new Error(`fixture ${name} is malformed: ${parsed.message}`);
    return parsed.events;
  };
  const interpretFixture = async (name: Parameters<ChannelContractSpec['fixture']>[0]) => {
    const events = parseFixture(name);
    expect(events).toHaveLength(1);
    return platform.interpret(events[0]);
  };
  const reference = () => platform.conversationReference(`${spec.channelId}:${spec.fixtureChatId}`);

  describe('signature', () => {
    test('when X-Hub-Signature-256 is the HMAC-SHA256 of the raw bytes with the app secret, then it verifies', () => {
      const body = spec.fixture('text');
      expect(platform.verifySignature(body, spec.signedHeaders(body))).toBe(true);
    });

    test('when the signature was made with another secret, then it does not verify', () => {
      const body = spec.fixture('text');
      expect(platform.verifySignature(body, spec.badlySignedHeaders(body))).toBe(false);
    });

    test('when the header is missing, malformed or repeated, then it does not verify', () => {
      const body = spec.fixture('text');
      const good = metaSignature(body, platformCase.appSecret);
      expect(platform.verifySignature(body, {})).toBe(false);
      expect(platform.verifySignature(body, { 'x-hub-signature-256': good.slice(0, -2) })).toBe(false);
      expect(platform.verifySignature(body, { 'x-hub-signature-256': good.replace('sha256=', 'sha1=') })).toBe(false);
      expect(platform.verifySignature(body, { 'x-hub-signature-256': [good, good] })).toBe(false);
    });

    test('when the body is re-serialised JSON instead of the escaped-unicode bytes Meta signed, then it does not verify', () => {
      const body = spec.fixture('text');
      const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))), 'utf8');
      expect(platform.verifySignature(reserialised, spec.signedHeaders(body))).toBe(false);
    });
  });

  describe('verification handshake', () => {
    test('when hub.mode is subscribe and hub.verify_token matches, then it answers 200 with the challenge', () => {
      expect(platform.verifyHandshake({ 'hub.mode': 'subscribe', 'hub.verify_token': platformCase.verifyToken, 'hub.challenge': '1158201444' })).toEqual({ status: 200, body: '1158201444' });
    });

    test('when the verify token or the mode is wrong, or the challenge missing, then it answers 403', () => {
      expect(platform.verifyHandshake({ 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1' }).status).toBe(403);
      expect(platform.verifyHandshake({ 'hub.mode': 'unsubscribe', 'hub.verify_token': platformCase.verifyToken, 'hub.challenge': '1' }).status).toBe(403);
      expect(platform.verifyHandshake({ 'hub.mode': 'subscribe', 'hub.verify_token': platformCase.verifyToken }).status).toBe(403);
      expect(platform.verifyHandshake({ 'hub.mode': 'subscribe', 'hub.verify_token': platformCase.verifyToken, 'hub.challenge': '<script>' }).status).toBe(403);
      expect(platform.verifyHandshake({}).status).toBe(403);
    });
  });

  describe('parsing', () => {
    test.each(['text', 'button-reply', 'image', 'status', 'edit', 'unknown-type'] as const)('when the %s fixture arrives, then it is one event of the citizen’s conversation', (name) => {
      const [event] = parseFixture(name);
      expect(event.conversationId).toBe(`${spec.channelId}:${spec.fixtureChatId}`);
      expect(event.eventId).not.toBe('');
      expect(event.payload).toMatchObject({ accountId: platformCase.accountId });
    });

    test('when a message arrives, then its event id is the message mid (the de-duplication key)', () => {
      const [event] = parseFixture('text');
      expect(event.eventId).toMatch(/-text-0001$/);
      const body = spec.textBody('halo', 'm_chosen-id');
      const parsed = platform.parseWebhook(JSON.parse(body.toString('utf8')));
      expect(parsed).toMatchObject({ kind: 'events', events: [{ eventId: 'm_chosen-id' }] });
    });

    test('when the batch fixture arrives, then it is two events in timestamp order', () => {
      const events = parseFixture('batch');
      expect(events.map((event) => event.eventId)).toEqual([expect.stringMatching(/batch-000[45]$/), expect.stringMatching(/batch-000[56]$/)]);
      expect(new Set(events.map((event) => event.conversationId))).toEqual(new Set([`${spec.channelId}:${spec.fixtureChatId}`]));
    });

    test('when entries arrive out of order, then the events are sorted by timestamp', () => {
      const item = (mid: string, timestamp: number) => ({ sender: { id: spec.fixtureChatId }, recipient: { id: platformCase.accountId }, timestamp, message: { mid, text: mid } });
      const parsed = platform.parseWebhook({
        object: platformCase.object,
        entry: [
          { id: platformCase.accountId, time: 3, messaging: [item('m_late', 2000)] },
          { id: platformCase.accountId, time: 3, messaging: [item('m_early', 1000)] },
        ],
      });
      expect(parsed).toMatchObject({ kind: 'events', events: [{ eventId: 'm_early' }, { eventId: 'm_late' }] });
    });

    test('when postbacks, edits and receipts arrive, then each has a stable key of its own', () => {
      const base = { sender: { id: 'C1' }, recipient: { id: platformCase.accountId }, timestamp: 1767225600000 };
      const parsed = platform.parseWebhook({
        object: platformCase.object,
        entry: [
          {
            id: platformCase.accountId,
            messaging: [
              { ...base, postback: { title: 'English', payload: 'English' } },
              { ...base, message_edit: { mid: 'm_1', text: 'x', num_edit: 2 } },
              { ...base, read: { watermark: 1767225500000 } },
              { ...base, delivery: { watermark: 1767225400000 } },
            ],
          },
        ],
      });
      expect(parsed).toMatchObject({
        kind: 'events',
        events: [
          { eventId: 'postback:C1:1767225600000' },
          { eventId: 'edit:m_1:2' },
          { eventId: 'read:C1:1767225500000' },
          { eventId: 'delivery:C1:1767225400000' },
        ],
      });
    });

    test('when the body is not a webhook of this platform, then it is malformed with a message that says why', () => {
      const malformed = (body: unknown) => {
        const parsed = platform.parseWebhook(body);
        expect(parsed.kind).toBe('malformed');
        return parsed.kind === 'malformed' ? parsed.message : '';
      };
      expect(malformed('text')).toContain(platformCase.name);
      expect(malformed({ object: platformCase.object })).toContain('entry');
      expect(malformed({ object: platformCase.object === 'page' ? 'instagram' : 'page', entry: [] })).toContain(`expected "${platformCase.object}"`);
      expect(malformed({ object: platformCase.object, entry: [{ id: '1', messaging: [{ recipient: { id: '1' }, message: { mid: 'm', text: 'x' } }] }] })).toContain('sender');
      expect(malformed({ object: platformCase.object, entry: [{ id: '1', messaging: [{ sender: { id: '2' }, message: { text: 'no mid' } }] }] })).toContain('mid');
    });
  });

  describe('interpreting', () => {
    test('when the text fixture is interpreted, then it is a message activity from the citizen with the text as sent', async () => {
      const meaning = await interpretFixture('text');
      expect(meaning).toMatchObject({
        kind: 'activity',
        activity: {
          type: 'message',
          channelId: spec.channelId,
          text: 'Berapa batas nilai barang kiriman yang bebas bea masuk? Terima kasih 🙏',
          from: { id: spec.fixtureChatId },
          recipient: { id: platformCase.accountId },
          conversation: { id: `${spec.channelId}:${spec.fixtureChatId}` },
          timestamp: expect.any(Date),
        },
      });
      // The spec moves fixture times to now, so the 24 h window counts from "now".
      const timestamp = meaning.kind === 'activity' ? (meaning.activity.timestamp as Date) : new Date(0);
      expect(Math.abs(timestamp.getTime() - Date.now())).toBeLessThan(60_000);
    });

    test('when a quick reply is tapped, then the activity text is its payload, the value Web Chat’s suggested action sends', async () => {
      expect(await interpretFixture('button-reply')).toMatchObject({ kind: 'activity', activity: { text: 'English' } });
    });

    test('when a postback arrives, then the activity text is its payload', async () => {
      const meaning = await platform.interpret({
        eventId: 'postback:C1:1',
        conversationId: `${spec.channelId}:C1`,
        payload: { accountId: platformCase.accountId, item: { sender: { id: 'C1' }, recipient: { id: platformCase.accountId }, timestamp: 1, postback: { title: 'Mulai', payload: 'Bahasa Indonesia' } } },
      });
      expect(meaning).toMatchObject({ kind: 'activity', activity: { text: 'Bahasa Indonesia' } });
    });

    test('when an image arrives, then it is downloaded, stored, and linked under /v3/directline/attachments/ on the public base URL', async () => {
      const [event] = parseFixture('image');
      const meaning = await platform.interpret(event);
      expect(meaning.kind).toBe('activity');
      const attachment = meaning.kind === 'activity' ? meaning.activity.attachments?.[0] : undefined;
      expect(attachment).toMatchObject({ contentType: 'image/png', contentUrl: expect.stringMatching(new RegExp(`^${PUBLIC_BASE_URL}/v3/directline/attachments/[A-Za-z0-9_-]{24}$`)) });
      const stored = [...attachments.files.values()];
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ conversationId: event.conversationId, contentType: 'image/png', size: FIXTURE_MEDIA_BYTES.length });
      expect(stored[0].content.equals(FIXTURE_MEDIA_BYTES)).toBe(true);
      expect(attachment?.contentUrl?.endsWith(stored[0].attachmentId)).toBe(true);
      // The CDN URL is signed: no access token travels with the download.
      const download = fake.calls.find((call) => call.method === 'GET');
      expect(download?.headers.authorization).toBeUndefined();
      expect(download?.path).not.toContain('access_token');
    });

    test('when an image event is interpreted again (a retry), then the stored file is reused, not duplicated', async () => {
      const [event] = parseFixture('image');
      const first = await platform.interpret(event);
      const second = await platform.interpret(event);
      expect(attachments.files.size).toBe(1);
      expect(second).toEqual(first);
    });

    test('when the media URL no longer serves the file, then the message is unsupported; when the CDN fails, then interpreting throws a retryable error', async () => {
      const item = (url: string) => ({ sender: { id: 'C1' }, recipient: { id: platformCase.accountId }, timestamp: 1, message: { mid: 'm_media', attachments: [{ type: 'file', payload: { url } }] } });
      const gone = await platform.interpret({ eventId: 'm_media', conversationId: `${spec.channelId}:C1`, payload: { accountId: platformCase.accountId, item: item(`${fake.origin}/v/unknown.pdf`) } });
      expect(gone).toMatchObject({ kind: 'unsupported', reason: expect.stringContaining('HTTP 404') });

      await expect(
        platform.interpret({ eventId: 'm_media2', conversationId: `${spec.channelId}:C1`, payload: { accountId: platformCase.accountId, item: item('http://127.0.0.1:1/v/file.pdf') } }),
      ).rejects.toMatchObject({ name: 'PlatformApiError', retryable: true });
    });

    test('when a location is shared, then the activity carries a GeoCoordinates entity', async () => {
      const meaning = await platform.interpret({
        eventId: 'm_loc',
        conversationId: `${spec.channelId}:C1`,
        payload: {
          accountId: platformCase.accountId,
          item: { sender: { id: 'C1' }, timestamp: 1, message: { mid: 'm_loc', attachments: [{ type: 'location', title: 'Kantor', payload: { coordinates: { lat: -6.2, long: 106.8 } } }] } },
        },
      });
      expect(meaning).toMatchObject({ kind: 'activity', activity: { entities: [{ type: 'GeoCoordinates', latitude: -6.2, longitude: 106.8 }] } });
    });

    test('when a sticker arrives, then it is unsupported', async () => {
      const meaning = await platform.interpret({
        eventId: 'm_sticker',
        conversationId: `${spec.channelId}:C1`,
        payload: { accountId: platformCase.accountId, item: { sender: { id: 'C1' }, timestamp: 1, message: { mid: 'm_sticker', sticker_id: 369239263222822, attachments: [{ type: 'image', payload: { url: `${fake.origin}/v/sticker.png`, sticker_id: 369239263222822 } }] } } },
      });
      expect(meaning).toMatchObject({ kind: 'unsupported', reason: expect.stringContaining('sticker') });
      expect(attachments.files.size).toBe(0);
    });

    test('when the status fixture is interpreted, then it is a receipt of the message we sent, with no turn', async () => {
      expect(await interpretFixture('status')).toMatchObject({ kind: 'status', conversationId: `${spec.channelId}:${spec.fixtureChatId}`, ...platformCase.status });
    });

    test('when the edit fixture is interpreted, then it is unsupported with the citizen’s activity', async () => {
      expect(await interpretFixture('edit')).toMatchObject({ kind: 'unsupported', activity: { from: { id: spec.fixtureChatId } }, reason: expect.any(String) });
    });

    test('when the unknown-type fixture (a reaction) is interpreted, then it is ignored', async () => {
      expect(await interpretFixture('unknown-type')).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('reaction') });
    });

    test('when the echo of our own send arrives, then it belongs to the citizen’s conversation and is ignored', async () => {
      const parsed = platform.parseWebhook({
        object: platformCase.object,
        entry: [{ id: platformCase.accountId, messaging: [{ sender: { id: platformCase.accountId }, recipient: { id: 'C9' }, timestamp: 5, message: { mid: 'm_echo', text: 'Terima kasih', is_echo: true } }] }],
      });
      expect(parsed).toMatchObject({ kind: 'events', events: [{ eventId: 'm_echo', conversationId: `${spec.channelId}:C9` }] });
      const events = parsed.kind === 'events' ? parsed.events : [];
      expect(await platform.interpret(events[0])).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('echo') });
    });
  });

  describe('sending', () => {
    test('when a text is sent, then the Send API gets POST /me/messages with the recipient, RESPONSE and the token, and its message id comes back', async () => {
      const sent = await platform.send(reference(), { text: 'Batasnya USD 3.' }, {});
      expect(sent.messageId).toMatch(/^m_fake_/);
      const [call] = fake.calls;
      expect(call.method).toBe('POST');
      expect(new URL(call.path, 'http://fake').pathname).toBe('/v25.0/me/messages');
      expect(platformCase.presentedToken(call)).toBe(platformCase.accessToken);
      expect(call.body).toEqual({ recipient: { id: spec.fixtureChatId }, messaging_type: 'RESPONSE', message: { text: 'Batasnya USD 3.' } });
      expect(spec.sentMessages(fake.calls)).toEqual([{ chatId: spec.fixtureChatId, text: 'Batasnya USD 3.' }]);
    });

    test('when buttons are sent, then they are text quick replies whose payload is the Web Chat value', async () => {
      await platform.send(reference(), { text: 'Pilih bahasa', buttons: [{ title: 'Bahasa Indonesia', value: 'Bahasa Indonesia' }, { title: 'English', value: 'English' }] }, {});
      expect(fake.calls[0].body).toMatchObject({
        message: {
          text: 'Pilih bahasa',
          quick_replies: [
            { content_type: 'text', title: 'Bahasa Indonesia', payload: 'Bahasa Indonesia' },
            { content_type: 'text', title: 'English', payload: 'English' },
          ],
        },
      });
      expect(metaSentMessages(fake.calls)).toEqual([{ chatId: spec.fixtureChatId, text: 'Pilih bahasa', buttons: ['Bahasa Indonesia', 'English'] }]);
    });

    test('when an officer reply goes out with the HUMAN_AGENT tag, then it is a MESSAGE_TAG send with that tag', async () => {
      await platform.send(reference(), { text: 'Jawaban petugas.' }, { tag: 'HUMAN_AGENT' });
      expect(fake.calls[0].body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'Jawaban petugas.' } });
      expect(metaSentMessages(fake.calls)).toEqual([{ chatId: spec.fixtureChatId, text: 'Jawaban petugas.', tag: 'HUMAN_AGENT' }]);
    });

    test('when a turn runs, then typing_on is sent as a sender action; when that fails, then nothing is thrown', async () => {
      await platform.sendTyping(reference());
      expect(fake.calls[0].body).toEqual({ recipient: { id: spec.fixtureChatId }, sender_action: 'typing_on' });
      expect(metaTypingCalls(fake.calls)).toBe(1);
      const unreachable = platformCase.create('http://127.0.0.1:1/v25.0', attachments);
      await expect(unreachable.sendTyping(reference())).resolves.toBeUndefined();
    });

    test('when the reference names no conversation of this channel, then send fails without a call', async () => {
      await expect(platform.send({ conversation: { id: 'telegram:1', isGroup: false, conversationType: 'personal', name: '' } }, { text: 'x' }, {})).rejects.toMatchObject({ retryable: false });
      expect(fake.calls).toHaveLength(0);
      expect(() => platform.conversationReference('telegram:1')).toThrow(/conversationReference/);
    });

    test('when the limits are read, then they are the platform’s: quick replies 13 of 20 characters, no lists', () => {
      expect(platform.limits).toMatchObject({ buttonsMax: 13, buttonTitleMax: 20, listRowsMax: 0 });
      expect({ max: platform.limits.textMax, unit: platform.limits.textUnit }).toEqual(spec.textLimit);
    });

    test('when the bot’s light Markdown is formatted, then the bold markers go and links stay as text', () => {
      expect(platform.formatText('**Penting:** lihat [situs resmi](https://www.beacukai.go.id) dan _PMK_199_ ya')).toBe('Penting: lihat situs resmi (https://www.beacukai.go.id) dan PMK_199 ya');
      expect(platform.formatText('Kode PMK_199/PMK.010/2019 dan 2 * 3 tetap')).toBe('Kode PMK_199/PMK.010/2019 dan 2 * 3 tetap');
    });
  });

  describe('Send API errors', () => {
    test('when the Send API answers 429, then the error is retryable with Retry-After, and the citizen sees the retried message once', async () => {
      fake.failNextSends(429, 1, 7);
      const error = await platform.send(reference(), { text: 'a' }, {}).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PlatformApiError);
      expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 7000, platformCode: 613 });
      await platform.send(reference(), { text: 'a' }, {});
      expect(metaSentMessages(fake.calls)).toHaveLength(1);
    });

    test('when the Send API answers code 613 with HTTP 400, then the error is retryable', async () => {
      fake.failNextSendsWith(400, { message: '(#613) Calls to this api have exceeded the rate limit.', code: 613 });
      await expect(platform.send(reference(), { text: 'a' }, {})).rejects.toMatchObject({ status: 400, retryable: true, platformCode: 613 });
    });

    test('when the Send API fails with 5xx, then the error is retryable', async () => {
      fake.failNextSends(503, 1);
      await expect(platform.send(reference(), { text: 'a' }, {})).rejects.toMatchObject({ status: 503, retryable: true });
    });

    test('when the window is closed (1545041), then the error is not retryable and says so', async () => {
      fake.failNextSendsWith(400, { message: '(#551) This person isn\'t available right now.', code: 551, error_subcode: 1545041 });
      const error = await platform.send(reference(), { text: 'a' }, { tag: 'HUMAN_AGENT' }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ status: 400, retryable: false, platformCode: 1545041 });
      expect((error as Error).message).toContain('messaging window');
      fake.failNextSendsWith(400, { message: '(#1545041) Message not sent', code: 1545041 });
      await expect(platform.send(reference(), { text: 'a' }, {})).rejects.toMatchObject({ retryable: false, platformCode: 1545041 });
    });

    test('when the person is unavailable (551) or a permission is missing (10), then the error is not retryable with that code', async () => {
      fake.failNextSendsWith(400, { message: '(#551) This person isn\'t available right now.', code: 551 });
      await expect(platform.send(reference(), { text: 'a' }, {})).rejects.toMatchObject({ retryable: false, platformCode: 551 });
      fake.failNextSendsWith(403, { message: '(#10) Application does not have permission for this action', code: 10 });
      await expect(platform.send(reference(), { text: 'a' }, { tag: 'HUMAN_AGENT' })).rejects.toMatchObject({ status: 403, retryable: false, platformCode: 10 });
    });

    test('when the Graph API cannot be reached, then the error is retryable and does not quote the token', async () => {
      const unreachable = platformCase.create('http://127.0.0.1:1/v25.0', attachments);
      const error = await unreachable.send(reference(), { text: 'a' }, {}).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ retryable: true, status: undefined });
      expect((error as Error).message).not.toContain(platformCase.accessToken);
    });

    test('when a text is longer than the platform allows, then the fake answers like Graph (code 100, not retryable)', async () => {
      const tooLong = platformCase.name === 'Instagram' ? 'é'.repeat(501) : 'a'.repeat(2001);
      await expect(platform.send(reference(), { text: tooLong }, {})).rejects.toMatchObject({ retryable: false, platformCode: 100 });
    });
  });

  describe('webhook subscription', () => {
    test('when the app is subscribed again after Meta disabled the webhook, then POST /me/subscribed_apps names the fields the module handles', async () => {
      await platform.subscribeWebhooks();
      const [call] = fake.calls;
      const url = new URL(call.path, 'http://fake');
      expect(call.method).toBe('POST');
      expect(url.pathname).toBe('/v25.0/me/subscribed_apps');
      expect(url.searchParams.get('subscribed_fields')?.split(',')).toEqual(expect.arrayContaining(['messages', 'messaging_postbacks']));
      expect(platformCase.presentedToken(call)).toBe(platformCase.accessToken);
    });
  });

  describe('messaging window', () => {
    test.each([
      { label: '23h59', since: 23 * HOUR + 59 * MINUTE, outcome: 'a RESPONSE send', decision: { kind: 'send', options: {} } },
      { label: '24h01', since: 24 * HOUR + MINUTE, outcome: 'a HUMAN_AGENT send', decision: { kind: 'send', options: { tag: 'HUMAN_AGENT' } } },
      { label: '6d23h', since: 6 * DAY + 23 * HOUR, outcome: 'a HUMAN_AGENT send', decision: { kind: 'send', options: { tag: 'HUMAN_AGENT' } } },
      { label: '7d01h', since: 7 * DAY + HOUR, outcome: 'closed with the reason', decision: { kind: 'closed', reason: META_WINDOW_CLOSED_REASON } },
    ])('when an officer replies $label after the citizen last wrote, then it is $outcome', ({ since, decision }) => {
      expect(platform.windowFor(since)).toEqual(decision);
    });
  });
});

describe('Instagram specifics', () => {
  test('when a message arrives in the entry[].changes shape, then it is parsed like messaging; other change fields are skipped', async () => {
    const fake = await instagramSpec.startFake();
    try {
      const platform = new InstagramPlatform(
        { accessToken: instagramSecrets.accessToken, appSecret: instagramSecrets.appSecret, verifyToken: instagramSecrets.verifyToken, apiBaseUrl: fake.baseUrl },
        { attachments: new MemoryAttachments(), logger },
      );
      const parsed = platform.parseWebhook({
        object: 'instagram',
        entry: [
          {
            id: instagramSecrets.accountId,
            time: 10,
            changes: [
              { field: 'comments', value: { id: 'c1', text: 'nice', from: { id: '5', username: 'x' } } },
              { field: 'messages', value: { sender: { id: '777' }, recipient: { id: instagramSecrets.accountId }, timestamp: 9, message: { mid: 'm_changes', text: 'halo' } } },
            ],
          },
        ],
      });
      expect(parsed).toMatchObject({ kind: 'events', events: [{ eventId: 'm_changes', conversationId: 'instagram:777' }] });
      const events = parsed.kind === 'events' ? parsed.events : [];
      expect(await platform.interpret(events[0])).toMatchObject({ kind: 'activity', activity: { text: 'halo', from: { id: '777' } } });
      expect(platform.parseWebhook({ object: 'instagram', entry: [{ id: '1', changes: [{ field: 'messages', value: { message: { mid: 'x' } } }] }] })).toMatchObject({
        kind: 'malformed',
        message: expect.stringContaining('changes[0].value'),
      });
    } finally {
      await fake.close();
    }
  });

  test('when an image arrives and no public base URL is known, then the attachment link is relative', async () => {
    const fake = await instagramSpec.startFake();
    try {
      const platform = new InstagramPlatform(
        { accessToken: instagramSecrets.accessToken, appSecret: instagramSecrets.appSecret, verifyToken: instagramSecrets.verifyToken, apiBaseUrl: fake.baseUrl },
        { attachments: new MemoryAttachments(), logger },
      );
      const parsed = platform.parseWebhook(JSON.parse(instagramSpec.fixture('image').toString('utf8')));
      const events = parsed.kind === 'events' ? parsed.events : [];
      const meaning = await platform.interpret(events[0]);
      expect(meaning).toMatchObject({ kind: 'activity', activity: { attachments: [{ contentUrl: expect.stringMatching(/^\/v3\/directline\/attachments\/[A-Za-z0-9_-]{24}$/) }] } });
    } finally {
      await fake.close();
    }
  });

  test('when the Instagram limit is declared, then it counts UTF-8 bytes, not characters', () => {
    const platform = new InstagramPlatform({ accessToken: 't', appSecret: 's', verifyToken: 'v', apiBaseUrl: 'http://127.0.0.1:1/v25.0' }, { attachments: new MemoryAttachments(), logger });
    expect(platform.limits).toMatchObject({ textMax: 1000, textUnit: 'utf8-bytes' });
    expect(new MessengerPlatform({ pageAccessToken: 't', appSecret: 's', verifyToken: 'v', apiBaseUrl: 'http://127.0.0.1:1/v25.0' }, { attachments: new MemoryAttachments(), logger }).limits).toMatchObject({
      textMax: 2000,
      textUnit: 'chars',
    });
  });
});
