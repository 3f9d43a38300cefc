import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAKE_WHATSAPP_ACCESS_TOKEN, FAKE_WHATSAPP_PHONE_NUMBER_ID, startWhatsAppFake, succeeded } from '../support/fakes/whatsapp-fake';
import type { ChannelContractSpec, RecordedCall, SentMessage } from './contract-spec';

/** What the WhatsApp fixtures and the fake agree on. */
export const WHATSAPP_TEST_SETTINGS = {
  accessToken: FAKE_WHATSAPP_ACCESS_TOKEN,
  appSecret: 'test-whatsapp-app-secret',
  verifyToken: 'test-whatsapp-verify-token',
  phoneNumberId: FAKE_WHATSAPP_PHONE_NUMBER_ID,
  templateName: 'jawaban_tiket_tersedia',
  templateLanguage: 'id',
  businessAccountId: '102290129340398',
  displayPhoneNumber: '6281150022500',
  citizenWaId: '6281234567890',
  citizenName: 'Ayu Lestari \u{1F338}',
} as const;

const FIXTURES = join(__dirname, '..', 'fixtures', 'whatsapp');

/** HMAC-SHA256 of the bytes as sent, hex, as Meta signs them [WA-EP]. */
export function signWhatsAppBody(body: Buffer, secret: string = WHATSAPP_TEST_SETTINGS.appSecret): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * The recorded body with its `"timestamp"` values moved to now, so a fixture conversation is inside
 * the 24 h window as it is when Meta delivers it live. Nothing else changes: the escaped unicode
 * (`\ud83c\udf38`) stays as Meta sends it, so a verifier that re-serialises the JSON fails.
 */
export function whatsappFixture(name: string, now: Date = new Date()): Buffer {
  const raw = readFileSync(join(FIXTURES, `${name}.json`), 'utf8');
  const seconds = String(Math.floor(now.getTime() / 1000));
  return Buffer.from(raw.replace(/"timestamp": "\d+"/g, `"timestamp": "${seconds}"`), 'utf8');
}

/** JSON as Meta writes it: non-ASCII characters escaped as \uXXXX. */
function metaJson(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value).replace(/[\u007f-\uffff]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`), 'utf8');
}

/** A citizen's text message webhook with the given text, wamid and sender. */
export function whatsappTextBody(text: string, eventId: string, options: { citizenId?: string; timestamp?: Date; name?: string } = {}): Buffer {
  const citizenId = options.citizenId ?? WHATSAPP_TEST_SETTINGS.citizenWaId;
  return metaJson({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WHATSAPP_TEST_SETTINGS.businessAccountId,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: WHATSAPP_TEST_SETTINGS.displayPhoneNumber, phone_number_id: WHATSAPP_TEST_SETTINGS.phoneNumberId },
              contacts: [{ profile: { name: options.name ?? WHATSAPP_TEST_SETTINGS.citizenName }, wa_id: citizenId }],
              messages: [
                {
                  from: citizenId,
                  id: eventId,
                  timestamp: String(Math.floor((options.timestamp ?? new Date()).getTime() / 1000)),
                  text: { body: text },
                  type: 'text',
                },
              ],
            },
            field: 'messages',
          },
        ],
      },
    ],
  });
}

const isMessagesPost = (call: RecordedCall): boolean => call.method === 'POST' && /\/messages$/.test(call.path.split('?')[0]);
const bodyOf = (call: RecordedCall): Record<string, any> => (call.body ?? {}) as Record<string, any>;

/** The citizen-visible messages among the recorded calls: text, interactive and template sends the API accepted. */
export function whatsappSentMessages(calls: RecordedCall[]): SentMessage[] {
  const sent: SentMessage[] = [];
  for (const call of calls) {
    if (!isMessagesPost(call) || !succeeded(call)) continue;
    const body = bodyOf(call);
    const chatId = String(body.to ?? '').replace(/^\+/, '');
    if (body.type === 'text') sent.push({ chatId, text: String(body.text?.body ?? '') });
    else if (body.type === 'interactive' && body.interactive?.type === 'button') {
      sent.push({ chatId, text: String(body.interactive.body?.text ?? ''), buttons: (body.interactive.action?.buttons ?? []).map((button: any) => String(button.reply?.title)) });
    } else if (body.type === 'interactive' && body.interactive?.type === 'list') {
      const rows = (body.interactive.action?.sections ?? []).flatMap((section: any) => section.rows ?? []);
      sent.push({ chatId, text: String(body.interactive.body?.text ?? ''), listRows: rows.map((row: any) => String(row.title)) });
    } else if (body.type === 'template') {
      // The template's own text lives at Meta; its body parameters are what we filled in.
      const parameters = (body.template?.components ?? [])
        .filter((component: any) => component.type === 'body')
        .flatMap((component: any) => component.parameters ?? [])
        .map((parameter: any) => String(parameter.text ?? ''));
      sent.push({ chatId, text: parameters.join(' '), template: String(body.template?.name ?? '') });
    }
  }
  return sent;
}

export const whatsappSpec: ChannelContractSpec = {
  channelId: 'whatsapp',
  environment: (fake) => ({
    WHATSAPP_ACCESS_TOKEN: WHATSAPP_TEST_SETTINGS.accessToken,
    WHATSAPP_APP_SECRET: WHATSAPP_TEST_SETTINGS.appSecret,
    WHATSAPP_VERIFY_TOKEN: WHATSAPP_TEST_SETTINGS.verifyToken,
    WHATSAPP_PHONE_NUMBER_ID: WHATSAPP_TEST_SETTINGS.phoneNumberId,
    WHATSAPP_TEMPLATE_NAME: WHATSAPP_TEST_SETTINGS.templateName,
    WHATSAPP_TEMPLATE_LANGUAGE: WHATSAPP_TEST_SETTINGS.templateLanguage,
    WHATSAPP_API_BASE_URL: fake.baseUrl,
  }),
  startFake: () => startWhatsAppFake({ accessToken: WHATSAPP_TEST_SETTINGS.accessToken, phoneNumberId: WHATSAPP_TEST_SETTINGS.phoneNumberId }),
  fixture: (name) => whatsappFixture(name),
  textBody: (text, eventId, options) => whatsappTextBody(text, eventId, options),
  signedHeaders: (body) => ({ 'content-type': 'application/json', 'x-hub-signature-256': signWhatsAppBody(body) }),
  badlySignedHeaders: (body) => ({ 'content-type': 'application/json', 'x-hub-signature-256': signWhatsAppBody(body, 'not-the-app-secret') }),
  fixtureChatId: WHATSAPP_TEST_SETTINGS.citizenWaId,
  sentMessages: whatsappSentMessages,
  typingCalls: (calls) => calls.filter((call) => isMessagesPost(call) && bodyOf(call).status === 'read' && bodyOf(call).typing_indicator !== undefined).length,
  textLimit: { max: 4096, unit: 'chars' },
  buttonsMax: 3,
  window: 'template-after-24h',
};
