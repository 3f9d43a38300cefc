import * as crypto from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { ConversationReference } from 'botbuilder';
import { type InboundEvent, type InboundMeaning, PlatformApiError } from '../../adapters/channel/channel-platform';
import { choiceFingerprint } from '../../adapters/channel/offered-choices';
import { WhatsAppPlatform, type WhatsAppSettings } from '../../adapters/whatsapp/whatsapp-platform';
import { type ChannelsConfig, loadConfig } from '../../server/config';
import type { AttachmentRepository, StoredAttachment } from '../../storage/repositories';
import { FIXTURE_IMAGE_BYTES, FIXTURE_IMAGE_MEDIA_ID, type WhatsAppFake, startWhatsAppFake } from '../support/fakes/whatsapp-fake';
import { WHATSAPP_TEST_SETTINGS, signWhatsAppBody, whatsappFixture, whatsappSentMessages, whatsappSpec, whatsappTextBody } from './whatsapp.spec';

// Wrapped so a test can see what the signature check compares.
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

// The platform is built from config.channels.whatsapp as it is.
const fromConfig: (config: NonNullable<ChannelsConfig['whatsapp']>) => WhatsAppSettings = (config) => config;

class MemoryAttachments implements AttachmentRepository {
  readonly saved = new Map<string, StoredAttachment>();
  saves = 0;
  async saveAttachment(attachment: StoredAttachment): Promise<void> {
    this.saves += 1;
    this.saved.set(attachment.attachmentId, attachment);
  }
  async getAttachment(attachmentId: string): Promise<StoredAttachment | undefined> {
    return this.saved.get(attachmentId);
  }
  async deleteByConversation(conversationId: string): Promise<number> {
    let deleted = 0;
    for (const [id, attachment] of this.saved) {
      if (attachment.conversationId === conversationId) {
        this.saved.delete(id);
        deleted += 1;
      }
    }
    return deleted;
  }
}

const CITIZEN = WHATSAPP_TEST_SETTINGS.citizenWaId;
const CONVERSATION = `whatsapp:${CITIZEN}`;
const PUBLIC_BASE_URL = 'https://tanya.beacukai.example.go.id';
const HOUR = 60 * 60 * 1000;

let fake: WhatsAppFake;
let attachments: MemoryAttachments;
let platform: WhatsAppPlatform;

function settingsFor(apiBaseUrl: string, overrides: Partial<WhatsAppSettings> = {}): WhatsAppSettings {
  return fromConfig({
    accessToken: WHATSAPP_TEST_SETTINGS.accessToken,
    appSecret: WHATSAPP_TEST_SETTINGS.appSecret,
    verifyToken: WHATSAPP_TEST_SETTINGS.verifyToken,
    phoneNumberId: WHATSAPP_TEST_SETTINGS.phoneNumberId,
    templateName: WHATSAPP_TEST_SETTINGS.templateName,
    templateLanguage: WHATSAPP_TEST_SETTINGS.templateLanguage,
    apiBaseUrl,
    ...overrides,
  });
}

function newPlatform(options: { publicBaseUrl?: string; settings?: Partial<WhatsAppSettings> } = {}): WhatsAppPlatform {
  return new WhatsAppPlatform(settingsFor(fake.baseUrl, options.settings), {
    attachments,
    publicBaseUrl: 'publicBaseUrl' in options ? options.publicBaseUrl : PUBLIC_BASE_URL,
    logger: pino({ level: 'silent' }),
  });
}

beforeEach(async () => {
  fake = await startWhatsAppFake();
  attachments = new MemoryAttachments();
  platform = newPlatform();
});

afterEach(async () => {
  await fake.close();
});

const parsedBody = (buffer: Buffer): unknown => JSON.parse(buffer.toString('utf8'));

function eventsOf(body: unknown): InboundEvent[] {
  const parsed = platform.parseWebhook(body);
  if (parsed.kind !== 'events') throw new Error(`expected events, got: ${parsed.message}`);
  return parsed.events;
}

async function interpretFixture(name: string): Promise<InboundMeaning> {
  const [event] = eventsOf(parsedBody(whatsappFixture(name)));
  return platform.interpret(event);
}

/** A one-message webhook body from the fixture citizen. */
function messageBody(message: Record<string, unknown>, phoneNumberId: string = WHATSAPP_TEST_SETTINGS.phoneNumberId): unknown {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WHATSAPP_TEST_SETTINGS.businessAccountId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: WHATSAPP_TEST_SETTINGS.displayPhoneNumber, phone_number_id: phoneNumberId },
              contacts: [{ profile: { name: 'Budi' }, wa_id: CITIZEN }],
              messages: [{ from: CITIZEN, id: `wamid.TEST${Math.random().toString(36).slice(2)}`, timestamp: '1764410000', ...message }],
            },
          },
        ],
      },
    ],
  };
}

async function interpretMessage(message: Record<string, unknown>): Promise<InboundMeaning> {
  const [event] = eventsOf(messageBody(message));
  return platform.interpret(event);
}

function activityOf(meaning: InboundMeaning) {
  if (meaning.kind !== 'activity') throw new Error(`expected an activity, got ${meaning.kind}: ${'reason' in meaning ? meaning.reason : ''}`);
  return meaning.activity;
}

const reference = (): Partial<ConversationReference> => platform.conversationReference(CONVERSATION);
const sendCalls = () => fake.calls.filter((call) => call.method === 'POST' && call.path.endsWith('/messages'));

async function sendError(run: () => Promise<unknown>): Promise<PlatformApiError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof PlatformApiError) return error;
    throw error;
  }
  throw new Error('expected a PlatformApiError');
}

describe('X-Hub-Signature-256', () => {
  const body = whatsappFixture('text');

  test('when the raw body is signed with the app secret, then the signature is accepted', () => {
    expect(platform.verifySignature(body, { 'x-hub-signature-256': signWhatsAppBody(body) })).toBe(true);
  });

  test('when one byte of the body changed after signing, then it is rejected', () => {
    const tampered = Buffer.from(body);
    tampered[tampered.length - 3] ^= 1;
    expect(platform.verifySignature(tampered, { 'x-hub-signature-256': signWhatsAppBody(body) })).toBe(false);
  });

  test('when the JSON is re-serialised, then the signature over the escaped bytes Meta sent no longer matches', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
    expect(platform.verifySignature(reserialised, { 'x-hub-signature-256': signWhatsAppBody(body) })).toBe(false);
  });

  test('when the body is signed with another secret, then it is rejected', () => {
    expect(platform.verifySignature(body, { 'x-hub-signature-256': signWhatsAppBody(body, 'another-secret') })).toBe(false);
  });

  test('when the header is missing, empty or repeated, then the body is rejected', () => {
    expect(platform.verifySignature(body, {})).toBe(false);
    expect(platform.verifySignature(body, { 'x-hub-signature-256': '' })).toBe(false);
    const signature = signWhatsAppBody(body);
    expect(platform.verifySignature(body, { 'x-hub-signature-256': [signature, signature] })).toBe(false);
    expect(platform.verifySignature(body, { 'x-hub-signature-256': [signature] })).toBe(true);
  });

  test('when the prefix is not sha256=, then the right digest is still rejected', () => {
    const hex = signWhatsAppBody(body).slice('sha256='.length);
    expect(platform.verifySignature(body, { 'x-hub-signature-256': `sha1=${hex}` })).toBe(false);
    expect(platform.verifySignature(body, { 'x-hub-signature-256': hex })).toBe(false);
    expect(platform.verifySignature(body, { 'x-hub-signature': `sha256=${hex}` })).toBe(false);
  });

  test('when the digest has the wrong length or is not hex, then it is rejected without throwing', () => {
    const hex = signWhatsAppBody(body).slice('sha256='.length);
    expect(platform.verifySignature(body, { 'x-hub-signature-256': `sha256=${hex.slice(0, 62)}` })).toBe(false);
    expect(platform.verifySignature(body, { 'x-hub-signature-256': `sha256=${hex}00` })).toBe(false);
    expect(platform.verifySignature(body, { 'x-hub-signature-256': `sha256=${'z'.repeat(64)}` })).toBe(false);
  });

  test('the digests are compared with timingSafeEqual over two 32-byte buffers', () => {
    const compare = crypto.timingSafeEqual as jest.MockedFunction<typeof crypto.timingSafeEqual>;
    compare.mockClear();
    expect(platform.verifySignature(body, { 'x-hub-signature-256': signWhatsAppBody(body, 'another-secret') })).toBe(false);
    expect(compare).toHaveBeenCalledTimes(1);
    const [presented, expected] = compare.mock.calls[0] as [Buffer, Buffer];
    expect(presented.length).toBe(32);
    expect(expected.length).toBe(32);
  });
});

describe('GET verification handshake', () => {
  const query = (overrides: Record<string, string | undefined> = {}) => ({
    'hub.mode': 'subscribe',
    'hub.verify_token': WHATSAPP_TEST_SETTINGS.verifyToken,
    'hub.challenge': '1158201444',
    ...overrides,
  });

  test('when the verify token is ours, then the challenge is echoed with 200', () => {
    expect(platform.verifyHandshake(query())).toEqual({ status: 200, body: '1158201444' });
  });

  test('when the verify token differs, then 403 and no challenge', () => {
    const answer = platform.verifyHandshake(query({ 'hub.verify_token': 'guess' }));
    expect(answer.status).toBe(403);
    expect(answer.body).not.toContain('1158201444');
  });

  test('when hub.mode is not subscribe or a parameter is missing, then 400', () => {
    expect(platform.verifyHandshake(query({ 'hub.mode': 'unsubscribe' })).status).toBe(400);
    expect(platform.verifyHandshake(query({ 'hub.challenge': undefined })).status).toBe(400);
    expect(platform.verifyHandshake(query({ 'hub.verify_token': undefined })).status).toBe(400);
  });
});

describe('parsing webhook bodies', () => {
  test.each([
    ['text', 'wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFDNBMDFGQjQ5QzI2RjQ1QkYyQzFEAA=='],
    ['button-reply', 'wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFDNBNzBFNkU0OTM5MjFCQzhDNDg0AA=='],
    ['image', 'wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFDNBQjU1RDBDRTc4NkZFMUM1QjQ2AA=='],
    ['edit', 'wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFDNBOUMyRjE3QTA0NUQ2RTk4QjIxAA=='],
    ['unknown-type', 'wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFDNBMkQ4RTVCNzE5QzA0RjZBMzNFAA=='],
  ])('the %s fixture is one event keyed by its wamid in the citizen\'s conversation', (name, wamid) => {
    const events = eventsOf(parsedBody(whatsappFixture(name)));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ eventId: wamid, conversationId: CONVERSATION });
  });

  test('a status is keyed by "<wamid>:<status>", so each state of one message is its own event', () => {
    const events = eventsOf(parsedBody(whatsappFixture('status')));
    expect(events).toEqual([
      expect.objectContaining({ eventId: 'wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABEYEjQyQjE5RkFFRjNCNjA5QzY1QQA=:delivered', conversationId: CONVERSATION }),
    ]);
  });

  test('a batch of two entries gives two events in order', () => {
    const events = eventsOf(parsedBody(whatsappFixture('batch')));
    expect(events.map((event) => event.eventId)).toEqual([
      'wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFDNBNUYwQTkyRDY4QjE3QzNFMDlBAA==',
      'wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFDNBRTcxQjNDOTA1MkY4RDYxNEI3AA==',
    ]);
  });

  test('the persisted payload is plain JSON that survives a round trip', async () => {
    const [event] = eventsOf(parsedBody(whatsappFixture('text')));
    const restored: InboundEvent = JSON.parse(JSON.stringify(event));
    expect(activityOf(await platform.interpret(restored)).text).toBe('berapa batas bebas bea barang bawaan penumpang dari luar negeri?');
  });

  test('changes of other fields and messages to another phone number of the account give no events', () => {
    const otherField = {
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'message_template_status_update', value: { event: 'APPROVED', message_template_id: 1 } }] }],
    };
    expect(platform.parseWebhook(otherField)).toEqual({ kind: 'events', events: [] });
    expect(platform.parseWebhook(messageBody({ type: 'text', text: { body: 'hi' } }, '999999'))).toEqual({ kind: 'events', events: [] });
  });

  test.each<[string, unknown, RegExp]>([
    ['null', null, /Not a WhatsApp webhook body/],
    ['a string', 'hello', /Not a WhatsApp webhook body/],
    ['an array', [], /Not a WhatsApp webhook body/],
    ['a Messenger body', { object: 'page', entry: [] }, /object must be "whatsapp_business_account"/],
    ['a body without entry', { object: 'whatsapp_business_account' }, /entry/],
    ['a change without value fields', { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: {} }] }] }, /entry\.0\.changes\.0\.value\.messaging_product/],
    ['a message without id', messageBody({ id: undefined, type: 'text', text: { body: 'hi' } }), /messages\.0\.id/],
    ['a text message without its text', messageBody({ type: 'text' }), /messages\.0\.text: a text message needs its "text" object/],
    ['a button_reply without its reply', messageBody({ type: 'interactive', interactive: { type: 'button_reply' } }), /interactive\.button_reply/],
    ['an image without a media id', messageBody({ type: 'image', image: { mime_type: 'image/jpeg' } }), /messages\.0\.image\.id/],
    ['a timestamp that is not Unix seconds', messageBody({ timestamp: 'yesterday', type: 'text', text: { body: 'hi' } }), /timestamp/],
    ['a status without recipient', { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: WHATSAPP_TEST_SETTINGS.phoneNumberId }, statuses: [{ id: 'wamid.X', status: 'read', timestamp: '1' }] } }] }] }, /statuses\.0\.recipient_id/],
  ])('%s is malformed, with a message that says where', (_name, body, message) => {
    const parsed = platform.parseWebhook(body);
    expect(parsed.kind).toBe('malformed');
    if (parsed.kind === 'malformed') expect(parsed.message).toMatch(message);
  });
});

describe('what inbound events mean', () => {
  test('a text is a message activity from the citizen, keyed by its wamid', async () => {
    const meaning = await interpretFixture('text');
    expect(meaning.kind).toBe('activity');
    const activity = activityOf(meaning);
    expect(activity).toMatchObject({
      type: 'message',
      id: 'wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFDNBMDFGQjQ5QzI2RjQ1QkYyQzFEAA==',
      channelId: 'whatsapp',
      serviceUrl: 'urn:tanya-pabean:whatsapp',
      conversation: { id: CONVERSATION },
      from: { id: CITIZEN, name: 'Ayu Lestari \u{1F338}', role: 'user' },
      text: 'berapa batas bebas bea barang bawaan penumpang dari luar negeri?',
    });
    expect(activity.timestamp).toBeInstanceOf(Date);
  });

  test('a reply button tap sends the button id, which carries the value Web Chat sends', async () => {
    expect(activityOf(await interpretFixture('button-reply'))).toMatchObject({
      text: 'Ya',
      replyToId: 'wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABEYEjQyQjE5RkFFRjNCNjA5QzY1QQA=',
    });
    const shortened = await interpretMessage({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'Bicara dengan petugas', title: 'Bicara dengan petu…' } } });
    expect(activityOf(shortened).text).toBe('Bicara dengan petugas');
  });

  test('a list row and a template quick reply send their id and payload', async () => {
    const row = await interpretMessage({ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'Barang kiriman dari luar negeri', title: 'Barang kiriman dari lua…', description: 'Barang kiriman dari luar negeri' } } });
    expect(activityOf(row).text).toBe('Barang kiriman dari luar negeri');
    const quickReply = await interpretMessage({ type: 'button', button: { payload: 'status TP-2612-0042', text: 'Lihat jawaban' } });
    expect(activityOf(quickReply).text).toBe('status TP-2612-0042');
    const withoutPayload = await interpretMessage({ type: 'button', button: { text: 'Lihat jawaban' } });
    expect(activityOf(withoutPayload).text).toBe('Lihat jawaban');
  });

  test('an image is downloaded through the Graph API, stored, and given as an attachment with its caption', async () => {
    const activity = activityOf(await interpretFixture('image'));
    expect(activity.text).toBe('ini resi paket saya yang tertahan');
    expect(activity.attachments).toHaveLength(1);
    const [attachment] = activity.attachments!;
    expect(attachment.contentType).toBe('image/jpeg');
    const match = /^https:\/\/tanya\.beacukai\.example\.go\.id\/v3\/directline\/attachments\/([A-Za-z0-9_-]{24})$/.exec(attachment.contentUrl ?? '');
    expect(match).not.toBeNull();
    const stored = await attachments.getAttachment(match![1]);
    expect(stored).toMatchObject({ conversationId: CONVERSATION, contentType: 'image/jpeg', size: FIXTURE_IMAGE_BYTES.length });
    expect(stored!.content.equals(FIXTURE_IMAGE_BYTES)).toBe(true);

    const [lookup, download] = fake.calls.filter((call) => call.method === 'GET');
    expect(lookup.path).toBe(`/v25.0/${FIXTURE_IMAGE_MEDIA_ID}?phone_number_id=${WHATSAPP_TEST_SETTINGS.phoneNumberId}`);
    expect(lookup.headers.authorization).toBe(`Bearer ${WHATSAPP_TEST_SETTINGS.accessToken}`);
    expect(download.path).toMatch(/^\/media-download\//);
    expect(download.headers.authorization).toBe(`Bearer ${WHATSAPP_TEST_SETTINGS.accessToken}`);
  });

  test('when an image event is interpreted again (a retry), then the stored file is reused, not downloaded twice', async () => {
    const [event] = eventsOf(parsedBody(whatsappFixture('image')));
    const first = activityOf(await platform.interpret(event));
    const second = activityOf(await platform.interpret(event));
    expect(second.attachments).toEqual(first.attachments);
    expect(attachments.saves).toBe(1);
    expect(fake.calls.filter((call) => call.method === 'GET')).toHaveLength(2);
  });

  test('when the media URL has expired (404), then a fresh URL is asked for and the download succeeds', async () => {
    fake.expireNextDownloads(1);
    const activity = activityOf(await interpretFixture('image'));
    expect(activity.attachments).toHaveLength(1);
    const paths = fake.calls.filter((call) => call.method === 'GET').map((call) => call.path.split('?')[0]);
    expect(paths).toEqual([`/v25.0/${FIXTURE_IMAGE_MEDIA_ID}`, `/media-download/${FIXTURE_IMAGE_MEDIA_ID}`, `/v25.0/${FIXTURE_IMAGE_MEDIA_ID}`, `/media-download/${FIXTURE_IMAGE_MEDIA_ID}`]);
  });

  test('when the public base URL is unknown, then the attachment URL is relative', async () => {
    platform = newPlatform({ publicBaseUrl: undefined });
    const [attachment] = activityOf(await interpretFixture('image')).attachments!;
    expect(attachment.contentUrl).toMatch(/^\/v3\/directline\/attachments\/[A-Za-z0-9_-]{24}$/);
  });

  test('a document keeps its file name (without any path) and type', async () => {
    fake.addMedia('998877', Buffer.from('%PDF-1.7 invoice'), 'application/pdf');
    const activity = activityOf(await interpretMessage({ type: 'document', document: { id: '998877', filename: '../../invoice DHL.pdf', mime_type: 'application/pdf' } }));
    const [attachment] = activity.attachments!;
    expect(attachment).toMatchObject({ contentType: 'application/pdf', name: 'invoice DHL.pdf' });
    const stored = await attachments.getAttachment(attachment.contentUrl!.split('/').pop()!);
    expect(stored!.content.toString()).toBe('%PDF-1.7 invoice');
  });

  test('when the media cannot be fetched (unknown id), then the citizen is asked to send it again', async () => {
    const meaning = await interpretMessage({ type: 'image', image: { id: 'no-such-media', mime_type: 'image/jpeg' } });
    expect(meaning.kind).toBe('unsupported');
    expect(attachments.saves).toBe(0);
  });

  test('when the Graph API is unreachable, then interpret throws a retryable error so the event is tried again', async () => {
    await fake.close();
    const error = await sendError(() => interpretFixture('image'));
    expect(error.retryable).toBe(true);
    fake = await startWhatsAppFake();
  });

  test('a location becomes a GeoJSON attachment and a Place entity', async () => {
    const activity = activityOf(await interpretMessage({ type: 'location', location: { latitude: -6.1275, longitude: 106.6537, name: 'Bandara Soekarno-Hatta', address: 'Tangerang' } }));
    expect(activity.attachments).toEqual([
      expect.objectContaining({ contentType: 'application/geo+json', content: expect.objectContaining({ geometry: { type: 'Point', coordinates: [106.6537, -6.1275] } }) }),
    ]);
    expect(activity.entities).toEqual([expect.objectContaining({ type: 'Place', geo: { type: 'GeoCoordinates', latitude: -6.1275, longitude: 106.6537 } })]);
  });

  test('a delivered status is a receipt of our message, not a turn', async () => {
    const meaning = await interpretFixture('status');
    expect(meaning).toEqual({
      kind: 'status',
      conversationId: CONVERSATION,
      messageId: 'wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABEYEjQyQjE5RkFFRjNCNjA5QzY1QQA=',
      status: 'delivered',
      at: expect.any(Date),
    });
  });

  test('a failed status carries the error; a played status is ignored', async () => {
    const statusBody = (status: Record<string, unknown>) => ({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: WHATSAPP_TEST_SETTINGS.phoneNumberId }, statuses: [{ id: 'wamid.OUT1', timestamp: '1764410000', recipient_id: CITIZEN, ...status }] } }] }],
    });
    const [failed] = eventsOf(statusBody({ status: 'failed', errors: [{ code: 131047, title: 'Re-engagement message', error_data: { details: 'More than 24 hours have passed' } }] }));
    expect(await platform.interpret(failed)).toMatchObject({ kind: 'status', status: 'failed', error: '131047 Re-engagement message: More than 24 hours have passed' });
    const [played] = eventsOf(statusBody({ status: 'played' }));
    expect(played.eventId).toBe('wamid.OUT1:played');
    expect((await platform.interpret(played)).kind).toBe('ignored');
  });

  test('an edit arrives without its new text and is answered as unsupported', async () => {
    const meaning = await interpretFixture('edit');
    expect(meaning).toMatchObject({ kind: 'unsupported', reason: 'edit', activity: { from: { id: CITIZEN }, conversation: { id: CONVERSATION } } });
  });

  test('a sticker, a voice note and a video are unsupported; a reaction and a type we do not know are ignored', async () => {
    expect(await interpretFixture('unknown-type')).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('unknown') });
    expect((await interpretMessage({ type: 'video', video: { id: '3', mime_type: 'video/mp4' } })).kind).toBe('unsupported');
    expect((await interpretMessage({ type: 'hologram', hologram: {} })).kind).toBe('ignored');
    expect((await interpretMessage({ type: 'sticker', sticker: { id: '1', mime_type: 'image/webp' } })).kind).toBe('unsupported');
    expect((await interpretMessage({ type: 'audio', audio: { id: '2', voice: true } })).kind).toBe('unsupported');
    expect((await interpretMessage({ type: 'reaction', reaction: { message_id: 'wamid.OUT1', emoji: '\u{1F44D}' } })).kind).toBe('ignored');
  });

  test('a stored payload that is not a WhatsApp event is ignored, not thrown', async () => {
    expect((await platform.interpret({ eventId: 'x', conversationId: CONVERSATION, payload: { something: 'else' } })).kind).toBe('ignored');
  });
});

describe('sending', () => {
  test('a text goes to +<wa_id> and answers with the wamid', async () => {
    const sent = await platform.send(reference(), { text: 'Batas bebas bea adalah *USD 500* per orang.' }, {});
    expect(sent.messageId).toMatch(/^wamid\./);
    expect(sendCalls().map((call) => call.body)).toEqual([
      { messaging_product: 'whatsapp', recipient_type: 'individual', to: `+${CITIZEN}`, type: 'text', text: { body: 'Batas bebas bea adalah *USD 500* per orang.' } },
    ]);
    expect(sendCalls()[0].path).toBe(`/v25.0/${WHATSAPP_TEST_SETTINGS.phoneNumberId}/messages`);
    expect(sendCalls()[0].headers.authorization).toBe(`Bearer ${WHATSAPP_TEST_SETTINGS.accessToken}`);
  });

  test('reply buttons carry the value as id and the title cut to 20 characters', async () => {
    await platform.send(
      reference(),
      {
        text: 'Apakah jawaban ini membantu?',
        buttons: [
          { title: 'Ya', value: 'Ya' },
          { title: 'Tidak', value: 'Tidak' },
          { title: 'Bicara dengan petugas', value: 'Bicara dengan petugas' },
        ],
      },
      {},
    );
    const [call] = sendCalls();
    expect((call.body as any).interactive).toEqual({
      type: 'button',
      body: { text: 'Apakah jawaban ini membantu?' },
      action: {
        buttons: [
          { type: 'reply', reply: { id: 'Ya', title: 'Ya' } },
          { type: 'reply', reply: { id: 'Tidak', title: 'Tidak' } },
          { type: 'reply', reply: { id: 'Bicara dengan petugas', title: 'Bicara dengan petug…' } },
        ],
      },
    });
    expect(whatsappSentMessages(fake.calls)).toEqual([{ chatId: CITIZEN, text: 'Apakah jawaban ini membantu?', buttons: ['Ya', 'Tidak', 'Bicara dengan petug…'] }]);
  });

  test('when the text with buttons is over the 1024-character body, then the first part goes as a text and the buttons come with the rest', async () => {
    const sentence = 'Barang bawaan penumpang dibebaskan sampai nilai tertentu per orang. ';
    const text = `${sentence.repeat(20)}Apakah jawaban ini membantu?`;
    await platform.send(reference(), { text, buttons: [{ title: 'Ya', value: 'Ya' }, { title: 'Tidak', value: 'Tidak' }] }, {});
    const [first, second] = whatsappSentMessages(fake.calls);
    expect(first.buttons).toBeUndefined();
    expect(second.buttons).toEqual(['Ya', 'Tidak']);
    expect(second.text.length).toBeLessThanOrEqual(1024);
    expect(second.text).toMatch(/^Barang bawaan/);
    expect(`${first.text} ${second.text}`).toBe(text);
  });

  test('a list has one section of rows whose ids are the values; a cut title is shown whole as the description', async () => {
    const rows = Array.from({ length: 10 }, (_, index) => ({ title: `Pilihan ${index + 1}`, value: `Pilihan ${index + 1}` }));
    rows[0] = { title: 'Barang kiriman dari luar negeri', value: 'Barang kiriman dari luar negeri' };
    await platform.send(reference(), { text: 'Maksud Anda yang mana?', list: { buttonLabel: 'Lihat pilihan', rows } }, {});
    const interactive = (sendCalls()[0].body as any).interactive;
    expect(interactive.type).toBe('list');
    expect(interactive.action.button).toBe('Lihat pilihan');
    expect(interactive.action.sections).toHaveLength(1);
    expect(interactive.action.sections[0].rows[0]).toEqual({ id: 'Barang kiriman dari luar negeri', title: 'Barang kiriman dari lua…', description: 'Barang kiriman dari luar negeri' });
    expect(interactive.action.sections[0].rows[9]).toEqual({ id: 'Pilihan 10', title: 'Pilihan 10' });
    expect(whatsappSentMessages(fake.calls)[0].listRows).toHaveLength(10);
  });

  test('when the buttons fail after the leading text went, then the retried send does not repeat the text', async () => {
    const text = `${'Barang bawaan penumpang dibebaskan sampai nilai tertentu per orang. '.repeat(20)}Apakah jawaban ini membantu?`;
    const message = { text, buttons: [{ title: 'Ya', value: 'Ya' }, { title: 'Tidak', value: 'Tidak' }] };
    fake.rejectNextSends({ status: 429, code: 130429, message: 'Rate limit hit' }, 1, { after: 1 });
    expect((await sendError(() => platform.send(reference(), message, {}))).retryable).toBe(true);
    await platform.send(reference(), message, {});
    const kinds = () => whatsappSentMessages(fake.calls).map((item) => (item.buttons ? 'buttons' : 'text'));
    expect(kinds()).toEqual(['text', 'buttons']);
    expect(sendCalls()).toHaveLength(3);
    // Once the buttons went, the same message sent again is a new message, lead included.
    await platform.send(reference(), message, {});
    expect(kinds()).toEqual(['text', 'buttons', 'text', 'buttons']);
  });

  test('a value too long for a button id is sent by position, and the reply names the choice for the adapter to look up', async () => {
    const question = `Bagaimana cara mengurus ${'pembebasan bea masuk barang hibah untuk keperluan ibadah umum, '.repeat(5)}?`;
    expect(question.length).toBeGreaterThan(256);
    await platform.send(reference(), { text: 'Maksud Anda?', buttons: [{ title: 'Barang hibah', value: question }, { title: 'Bukan semuanya', value: 'Bukan semuanya' }] }, {});
    const buttons = (sendCalls()[0].body as any).interactive.action.buttons;
    expect(buttons[0].reply.id).toBe(`choice:0:${choiceFingerprint(question)}`);
    expect(buttons[1].reply.id).toBe('Bukan semuanya');
    const reply = await interpretMessage({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: buttons[0].reply.id, title: 'Barang hibah' } } });
    expect(activityOf(reply)).toMatchObject({ text: 'Barang hibah', channelData: { choiceReference: { index: 0, fingerprint: choiceFingerprint(question), title: 'Barang hibah' } } });
  });

  test('more buttons or rows than WhatsApp shows are refused before any call', async () => {
    const four = Array.from({ length: 4 }, (_, index) => ({ title: `P${index}`, value: `P${index}` }));
    expect((await sendError(() => platform.send(reference(), { text: 'x', buttons: four }, {}))).retryable).toBe(false);
    const eleven = Array.from({ length: 11 }, (_, index) => ({ title: `P${index}`, value: `P${index}` }));
    expect((await sendError(() => platform.send(reference(), { text: 'x', list: { buttonLabel: 'Pilih', rows: eleven } }, {}))).retryable).toBe(false);
    expect((await sendError(() => platform.send(reference(), { text: 'x'.repeat(4097) }, {}))).retryable).toBe(false);
    expect(sendCalls()).toHaveLength(0);
  });

  test('a reference without a user id is sent to the wa_id of its conversation', async () => {
    await platform.send({ channelId: 'whatsapp', conversation: { id: CONVERSATION, isGroup: false, conversationType: 'personal', name: '' } }, { text: 'Halo' }, {});
    expect((sendCalls()[0].body as any).to).toBe(`+${CITIZEN}`);
  });

  test('the re-engagement template names the ticket in its body and asks for its status from the quick reply', async () => {
    const sent = await platform.sendReengagementTemplate(reference(), 'TP-2612-0042');
    expect(sent.messageId).toMatch(/^wamid\./);
    expect((sendCalls()[0].body as any)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: `+${CITIZEN}`,
      type: 'template',
      template: {
        name: 'jawaban_tiket_tersedia',
        language: { code: 'id' },
        components: [
          { type: 'body', parameters: [{ type: 'text', text: 'TP-2612-0042' }] },
          { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'status TP-2612-0042' }] },
        ],
      },
    });
    expect(whatsappSentMessages(fake.calls)).toEqual([{ chatId: CITIZEN, text: 'TP-2612-0042', template: 'jawaban_tiket_tersedia' }]);
  });
});

describe('send errors', () => {
  test('429 with error 130429 is retryable after the Retry-After, or a second without one', async () => {
    fake.failNextSends(429, 1, 2);
    const withHeader = await sendError(() => platform.send(reference(), { text: 'Halo' }, {}));
    expect(withHeader).toMatchObject({ status: 429, retryable: true, retryAfterMs: 2000, platformCode: 130429 });
    fake.failNextSends(429, 1);
    const withoutHeader = await sendError(() => platform.send(reference(), { text: 'Halo' }, {}));
    expect(withoutHeader).toMatchObject({ retryable: true, retryAfterMs: 1000, platformCode: 130429 });
    await expect(platform.send(reference(), { text: 'Halo' }, {})).resolves.toMatchObject({ messageId: expect.any(String) });
  });

  test('130429 is retryable whatever the HTTP status Meta gives it', async () => {
    fake.rejectNextSends({ status: 400, code: 130429, message: 'Rate limit hit' }, 1);
    expect(await sendError(() => platform.send(reference(), { text: 'Halo' }, {}))).toMatchObject({ status: 400, retryable: true, retryAfterMs: 1000 });
  });

  test('the pair rate limit (131056) backs off 4^X s per recipient, at least 6 s, and resets after a success', async () => {
    const pairLimit = { status: 400, code: 131056, message: '(Business Account, Consumer Account) pair rate limit hit' };
    fake.rejectNextSends(pairLimit, 3);
    const waits: Array<number | undefined> = [];
    for (let attempt = 0; attempt < 3; attempt += 1) waits.push((await sendError(() => platform.send(reference(), { text: 'Halo' }, {}))).retryAfterMs);
    expect(waits).toEqual([6000, 6000, 16000]);
    await platform.send(reference(), { text: 'Halo' }, {});
    fake.rejectNextSends(pairLimit, 1);
    expect((await sendError(() => platform.send(reference(), { text: 'Halo' }, {}))).retryAfterMs).toBe(6000);
  });

  test('131047 (the 24 h window closed) is not retryable and says so in platformCode', async () => {
    fake.rejectNextSends({ status: 400, code: 131047, message: 'Re-engagement message', details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' }, 1);
    const error = await sendError(() => platform.send(reference(), { text: 'Jawaban petugas' }, {}));
    expect(error).toBeInstanceOf(PlatformApiError);
    expect(error).toMatchObject({ status: 400, retryable: false, platformCode: 131047 });
    expect(error.message).toContain('more than 24 hours');
  });

  test('a server error is retryable; a bad token is not', async () => {
    fake.failNextSends(503, 1);
    expect(await sendError(() => platform.send(reference(), { text: 'Halo' }, {}))).toMatchObject({ status: 503, retryable: true, platformCode: 131000 });
    platform = newPlatform({ settings: { accessToken: 'revoked' } });
    expect(await sendError(() => platform.send(reference(), { text: 'Halo' }, {}))).toMatchObject({ status: 401, retryable: false, platformCode: 190 });
  });

  test('when the Graph API cannot be reached, then the send is retryable without an HTTP status', async () => {
    await fake.close();
    const error = await sendError(() => platform.send(reference(), { text: 'Halo' }, {}));
    expect(error).toMatchObject({ status: undefined, retryable: true });
    fake = await startWhatsAppFake();
  });
});

describe('typing indicator', () => {
  test('it marks the last inbound message of the conversation read with typing_indicator', async () => {
    const [first] = eventsOf(parsedBody(whatsappTextBody('halo', 'wamid.FIRST')));
    const [second] = eventsOf(parsedBody(whatsappTextBody('berapa batas rokok?', 'wamid.SECOND')));
    await platform.interpret(first);
    await platform.interpret(second);
    await platform.sendTyping(reference());
    expect(sendCalls().map((call) => call.body)).toEqual([
      { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.SECOND', typing_indicator: { type: 'text' } },
    ]);
    expect(whatsappSentMessages(fake.calls)).toEqual([]);
  });

  test('conversations keep their own last message', async () => {
    const [mine] = eventsOf(parsedBody(whatsappTextBody('halo', 'wamid.MINE')));
    const [theirs] = eventsOf(parsedBody(whatsappTextBody('halo', 'wamid.THEIRS', { citizenId: '6289876543210' })));
    await platform.interpret(mine);
    await platform.interpret(theirs);
    await platform.sendTyping(reference());
    expect((sendCalls()[0].body as any).message_id).toBe('wamid.MINE');
  });

  test('without an inbound message it uses the reference\'s activity id, or does nothing', async () => {
    await platform.sendTyping(reference());
    expect(sendCalls()).toHaveLength(0);
    await platform.sendTyping({ ...reference(), activityId: 'wamid.FROM_REFERENCE' });
    expect((sendCalls()[0].body as any).message_id).toBe('wamid.FROM_REFERENCE');
  });

  test('a failing typing call is logged, never thrown', async () => {
    const [event] = eventsOf(parsedBody(whatsappTextBody('halo', 'wamid.ANY')));
    await platform.interpret(event);
    await fake.close();
    await expect(platform.sendTyping(reference())).resolves.toBeUndefined();
    fake = await startWhatsAppFake();
  });
});

describe('messaging window', () => {
  test('23 h 59 min after the citizen wrote, a reply is sent as is', () => {
    expect(platform.windowFor(23 * HOUR + 59 * 60 * 1000)).toEqual({ kind: 'send', options: {} });
  });

  test('24 h 01 min after, only the template may go', () => {
    expect(platform.windowFor(24 * HOUR + 60 * 1000)).toEqual({ kind: 'template' });
  });
});

describe('formatText', () => {
  test.each([
    ['**USD 500** per orang', '*USD 500* per orang'],
    ['__penting__: bawa paspor', '*penting*: bawa paspor'],
    ['ini *miring* saja', 'ini _miring_ saja'],
    ['ini _miring_ juga', 'ini _miring_ juga'],
    ['**tebal** dan *miring*', '*tebal* dan _miring_'],
    ['~~dulu~~ sekarang', '~dulu~ sekarang'],
    ['Lihat [PMK 34/2025](https://jdih.kemenkeu.go.id/pmk_34_2025)', 'Lihat PMK 34/2025 (https://jdih.kemenkeu.go.id/pmk_34_2025)'],
    ['[https://beacukai.go.id](https://beacukai.go.id)', 'https://beacukai.go.id'],
    ['Sumber: https://www.beacukai.go.id/faq/barang__kiriman.html', 'Sumber: https://www.beacukai.go.id/faq/barang__kiriman.html'],
    ['## Barang bawaan', '*Barang bawaan*'],
    ['* poin satu\n* poin dua', '* poin satu\n* poin dua'],
    ['2 * 3 = 6', '2 * 3 = 6'],
    ['kode `**bukan tebal**` tetap', 'kode `**bukan tebal**` tetap'],
    ['tanda \\*bintang\\*', 'tanda *bintang*'],
    ['nama_file_ini tetap', 'nama_file_ini tetap'],
  ])('%j becomes %j', (markdown, whatsapp) => {
    expect(platform.formatText(markdown)).toBe(whatsapp);
  });
});

describe('conversation references', () => {
  test('a reference names the channel, the conversation and the wa_id as user', () => {
    expect(reference()).toEqual({
      channelId: 'whatsapp',
      serviceUrl: 'urn:tanya-pabean:whatsapp',
      conversation: { id: CONVERSATION, isGroup: false, conversationType: 'personal', name: '' },
      user: { id: CITIZEN, name: '', role: 'user' },
    });
  });

  test('with a bot account given, references and activities name it; without, the adapter fills in its own', async () => {
    expect(activityOf(await interpretFixture('text')).recipient).toBeUndefined();
    const bot = { id: 'tanya-pabean', name: 'Tanya Pabean', role: 'bot' };
    platform = new WhatsAppPlatform(settingsFor(fake.baseUrl), { attachments, logger: pino({ level: 'silent' }), bot });
    expect(platform.conversationReference(CONVERSATION).bot).toEqual(bot);
    expect(activityOf(await interpretFixture('text')).recipient).toEqual(bot);
  });

  test('an id of another channel is refused', () => {
    expect(() => platform.conversationReference('telegram:12345')).toThrow(/not a WhatsApp conversation id/);
  });

  test('the limits are the Cloud API\'s', () => {
    expect(platform.limits).toEqual({ textMax: 4096, textUnit: 'chars', buttonsMax: 3, buttonTitleMax: 20, listRowsMax: 10, listRowTitleMax: 24 });
  });
});

describe('the contract suite\'s WhatsApp spec', () => {
  test('its environment turns WhatsApp on, and the platform built from that config verifies and parses every fixture', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'whatsapp-spec-'));
    try {
      const config = loadConfig({
        ...whatsappSpec.environment(fake),
        DATA_DIR: dataDir,
        TOKEN_SIGNING_SECRET: crypto.randomBytes(32).toString('base64url'),
        FIELD_ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64'),
        DIRECTLINE_SECRET: crypto.randomBytes(32).toString('base64url'),
      });
      expect(config.channels.whatsapp).toBeDefined();
      const configured = new WhatsAppPlatform(config.channels.whatsapp!, { attachments, logger: pino({ level: 'silent' }) });
      for (const name of ['text', 'button-reply', 'image', 'status', 'edit', 'unknown-type', 'batch'] as const) {
        const body = whatsappSpec.fixture(name);
        expect(configured.verifySignature(body, whatsappSpec.signedHeaders(body))).toBe(true);
        expect(configured.verifySignature(body, whatsappSpec.badlySignedHeaders(body))).toBe(false);
        const parsed = configured.parseWebhook(JSON.parse(body.toString('utf8')));
        expect(parsed.kind).toBe('events');
        if (parsed.kind === 'events') {
          expect(parsed.events.length).toBe(name === 'batch' ? 2 : 1);
          for (const event of parsed.events) expect(event.conversationId).toBe(`whatsapp:${whatsappSpec.fixtureChatId}`);
        }
      }
      const [event] = (configured.parseWebhook(JSON.parse(whatsappSpec.fixture('image').toString('utf8'))) as { events: InboundEvent[] }).events;
      expect(activityOf(await configured.interpret(event)).attachments).toHaveLength(1);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('fixture timestamps are moved to now, so a fixture conversation is inside the window', async () => {
    const activity = activityOf(await interpretFixture('text'));
    expect(Math.abs(Date.now() - (activity.timestamp as Date).getTime())).toBeLessThan(5_000);
  });

  test('a text body from textBody is signed over its escaped bytes and read back with its text and id', async () => {
    const body = whatsappSpec.textBody('halo \u{1F64F}', 'wamid.CUSTOM', { citizenId: '6281122334455', timestamp: new Date('2026-12-07T02:00:00Z') });
    expect(body.toString('utf8')).toContain('\\ud83d\\ude4f');
    expect(platform.verifySignature(body, whatsappSpec.signedHeaders(body))).toBe(true);
    const [event] = eventsOf(JSON.parse(body.toString('utf8')));
    expect(event).toMatchObject({ eventId: 'wamid.CUSTOM', conversationId: 'whatsapp:6281122334455' });
    expect(activityOf(await platform.interpret(event))).toMatchObject({ text: 'halo \u{1F64F}', timestamp: new Date('2026-12-07T02:00:00Z') });
  });

  test('sentMessages reads sends only, and typingCalls counts typing calls', async () => {
    const [event] = eventsOf(parsedBody(whatsappFixture('text')));
    await platform.interpret(event);
    await platform.sendTyping(reference());
    await platform.send(reference(), { text: 'Halo' }, {});
    expect(whatsappSpec.sentMessages(fake.calls)).toEqual([{ chatId: whatsappSpec.fixtureChatId, text: 'Halo' }]);
    expect(whatsappSpec.typingCalls(fake.calls)).toBe(1);
  });
});
