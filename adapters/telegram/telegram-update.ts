import { z } from 'zod';

/*
 * The parts of the Bot API's Update (https://core.telegram.org/bots/api#update) the bot reads. Every
 * object keeps fields it does not name (passthrough): the persisted event is the update as sent, and
 * update types the bot does not handle are acknowledged and ignored rather than refused.
 */

export const telegramUser = z
  .object({
    id: z.number().int(),
    is_bot: z.boolean(),
    first_name: z.string(),
    last_name: z.string().optional(),
    username: z.string().optional(),
    language_code: z.string().optional(),
  })
  .passthrough();

export const telegramChat = z.object({ id: z.number().int(), type: z.string() }).passthrough();

const inlineKeyboardMarkup = z
  .object({ inline_keyboard: z.array(z.array(z.object({ text: z.string(), callback_data: z.string().optional() }).passthrough())) })
  .passthrough();

const photoSize = z
  .object({ file_id: z.string(), file_unique_id: z.string(), width: z.number(), height: z.number(), file_size: z.number().optional() })
  .passthrough();

const document = z
  .object({ file_id: z.string(), file_unique_id: z.string(), file_name: z.string().optional(), mime_type: z.string().optional(), file_size: z.number().optional() })
  .passthrough();

const location = z.object({ latitude: z.number(), longitude: z.number() }).passthrough();

const messageEntity = z.object({ type: z.string(), offset: z.number().int(), length: z.number().int() }).passthrough();

export const telegramMessage = z
  .object({
    message_id: z.number().int(),
    from: telegramUser.optional(),
    date: z.number().int(),
    chat: telegramChat,
    text: z.string().optional(),
    entities: z.array(messageEntity).optional(),
    caption: z.string().optional(),
    photo: z.array(photoSize).optional(),
    document: document.optional(),
    location: location.optional(),
    reply_markup: inlineKeyboardMarkup.optional(),
  })
  .passthrough();

/** A callback query's `message` may be an InaccessibleMessage (date 0, no content) since Bot API 7.0. */
const callbackMessage = z
  .object({ message_id: z.number().int(), chat: telegramChat, date: z.number().int(), reply_markup: inlineKeyboardMarkup.optional() })
  .passthrough();

export const telegramCallbackQuery = z
  .object({
    id: z.string(),
    from: telegramUser,
    message: callbackMessage.optional(),
    chat_instance: z.string().optional(),
    data: z.string().optional(),
  })
  .passthrough();

export const telegramUpdate = z
  .object({
    update_id: z.number().int().nonnegative(),
    message: telegramMessage.optional(),
    edited_message: telegramMessage.optional(),
    callback_query: telegramCallbackQuery.optional(),
  })
  .passthrough();

export type TelegramUser = z.infer<typeof telegramUser>;
export type TelegramMessage = z.infer<typeof telegramMessage>;
export type TelegramCallbackQuery = z.infer<typeof telegramCallbackQuery>;
export type TelegramUpdate = z.infer<typeof telegramUpdate>;

/** Update fields that carry a chat; the event's conversation is that chat. */
const CHAT_FIELDS = ['message', 'edited_message', 'channel_post', 'edited_channel_post', 'business_message', 'my_chat_member', 'chat_member', 'chat_join_request', 'message_reaction', 'message_reaction_count', 'chat_boost', 'removed_chat_boost'];

/** The chat id an update belongs to, or undefined (inline queries, polls, …). */
export function chatIdOfUpdate(update: TelegramUpdate): number | undefined {
  if (update.callback_query) return update.callback_query.message?.chat.id ?? update.callback_query.from.id;
  const record = update as Record<string, unknown>;
  for (const field of CHAT_FIELDS) {
    const chat = (record[field] as { chat?: { id?: unknown } } | undefined)?.chat;
    if (typeof chat?.id === 'number') return chat.id;
  }
  return undefined;
}
