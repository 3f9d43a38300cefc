import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TELEGRAM_LIMITS } from '../../adapters/telegram/telegram-platform';
import { decodeEntities, succeeded, TelegramFake } from '../support/fakes/telegram-fake';
import type { ChannelContractSpec, FakePlatform, RecordedCall, SentMessage } from './contract-spec';

export const TELEGRAM_TEST_TOKEN = '123456789:AAF-test-token-for-the-loopback-fake_x';
export const TELEGRAM_TEST_SECRET = 'contract-suite-secret_0123456789';
const FIXTURE_CHAT_ID = '770011223';
/** The fixture's photo; the fake serves it for getFile and the download. */
export const FIXTURE_PHOTO = { fileId: 'AgACAgUAAxkBAAIB-fixture-photo-large', content: Buffer.from('\xff\xd8\xff\xe0 fixture photo bytes \xff\xd9', 'latin1'), contentType: 'image/jpeg' };

/** Telegram ids are integers: test ids that are not ("evt-3") map to a stable one. */
function integerId(id: string): number {
  if (/^\d+$/.test(id)) return Number(id);
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_000_000;
  return 100_000_000 + hash;
}

function fixtureBody(name: string): Buffer {
  return readFileSync(path.join(__dirname, '..', 'fixtures', 'telegram', `${name}.json`));
}

/**
 * Telegram in the adapter contract suite. Fixture notes (tests/fixtures/telegram/):
 * - `status`: Telegram sends no delivery or read receipts. The fixture is a `my_chat_member` update
 *   (the citizen blocked the bot), which is acknowledged and ignored like a receipt without a ticket.
 * - `batch`: Telegram posts one Update per request, so `batch` is a second, distinct text update.
 * - `button-reply`: a `callback_query` for the feedback offer's "Ya" (callback_data `v:Ya`).
 */
export const telegramSpec: ChannelContractSpec = {
  channelId: 'telegram',
  environment: (fake: FakePlatform) => ({
    TELEGRAM_BOT_TOKEN: TELEGRAM_TEST_TOKEN,
    TELEGRAM_WEBHOOK_SECRET: TELEGRAM_TEST_SECRET,
    TELEGRAM_API_BASE_URL: fake.baseUrl,
    TELEGRAM_MODE: 'webhook',
  }),
  startFake: async () => {
    const fake = await new TelegramFake(TELEGRAM_TEST_TOKEN).start();
    fake.addMedia(FIXTURE_PHOTO.fileId, FIXTURE_PHOTO.content, FIXTURE_PHOTO.contentType);
    return fake;
  },
  fixture: fixtureBody,
  textBody: (text, eventId, options = {}) => {
    const citizen = integerId(options.citizenId ?? FIXTURE_CHAT_ID);
    const date = Math.floor((options.timestamp ?? new Date()).getTime() / 1000);
    const user = { id: citizen, is_bot: false, first_name: 'Budi', last_name: 'Santoso', language_code: 'id' };
    return Buffer.from(
      JSON.stringify({
        update_id: integerId(eventId),
        message: { message_id: integerId(eventId) % 1_000_000, from: user, chat: { id: citizen, first_name: 'Budi', type: 'private' }, date, text },
      }),
    );
  },
  signedHeaders: () => ({ 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_TEST_SECRET }),
  badlySignedHeaders: () => ({ 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'not-the-secret' }),
  fixtureChatId: FIXTURE_CHAT_ID,
  sentMessages: (calls: RecordedCall[]): SentMessage[] =>
    calls
      .filter((call) => call.path.endsWith('/sendMessage') && succeeded(call))
      .map((call) => {
        const body = call.body as { chat_id: number | string; text: string; reply_markup?: { inline_keyboard?: Array<Array<{ text: string }>> } };
        const buttons = body.reply_markup?.inline_keyboard?.flat().map((button) => button.text);
        return { chatId: String(body.chat_id), text: decodeEntities(body.text.replace(/<[^>]+>/g, '')), ...(buttons ? { buttons } : {}) };
      }),
  typingCalls: (calls) => calls.filter((call) => call.path.endsWith('/sendChatAction')).length,
  textLimit: { max: TELEGRAM_LIMITS.textMax, unit: TELEGRAM_LIMITS.textUnit },
  buttonsMax: TELEGRAM_LIMITS.buttonsMax,
  window: undefined,
};

/** Which citizen chat a conversation id of the spec's textBody belongs to (for tests that look tickets up). */
export function telegramConversationId(citizenId: string): string {
  return `telegram:${integerId(citizenId)}`;
}
