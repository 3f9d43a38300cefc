import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { type Activity, ActivityTypes, type Attachment, type ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import type { AttachmentRepository } from '../../storage/repositories';
import { channelServiceUrl } from '../channel/channel-adapter';
import {
  type ChannelPlatform,
  type InboundEvent,
  type InboundMeaning,
  type OutboundMessage,
  type ParsedWebhook,
  PlatformApiError,
  type PlatformLimits,
  type RequestHeaders,
  type SentMessage,
  type WindowDecision,
} from '../channel/channel-platform';
import { type ChoiceReference, choiceFingerprint } from '../channel/offered-choices';
import { TelegramBotApi } from './telegram-bot-api';
import { markdownToTelegramHtml } from './telegram-html';
import { chatIdOfUpdate, type TelegramCallbackQuery, type TelegramMessage, type TelegramUpdate, type TelegramUser, telegramUpdate } from './telegram-update';

export const TELEGRAM_CHANNEL_ID = 'telegram';
export const TELEGRAM_SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/** What the webhook and long polling ask Telegram for (setWebhook / getUpdates `allowed_updates`). */
export const TELEGRAM_ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;

/**
 * Telegram's limits (channels.md section 2.3): 4,096 characters of text. The Bot API documents no
 * count or length limit for inline keyboard buttons; a phone shows about 40 characters of a
 * full-width button, so offers with longer titles (the clarify step's questions) become numbered
 * text the citizen can read whole, and more than 8 buttons become numbered text too.
 */
export const TELEGRAM_LIMITS: PlatformLimits = { textMax: 4096, textUnit: 'chars', buttonsMax: 8, buttonTitleMax: 40, listRowsMax: 0, listRowTitleMax: 0 };

/** Telegram bots can download files up to 20 MB (https://core.telegram.org/bots/api#getfile). */
const TELEGRAM_DOWNLOAD_MAX_BYTES = 20 * 1024 * 1024;
/** callback_data holds 1-64 bytes (https://core.telegram.org/bots/api#inlinekeyboardbutton). */
const CALLBACK_DATA_MAX_BYTES = 64;

export interface TelegramPlatformOptions {
  botToken: string;
  webhookSecret: string;
  apiBaseUrl: string;
  /** Where downloaded photos and documents are kept; the console opens them at /v3/directline/attachments/<id>. */
  attachments: AttachmentRepository;
  /** PUBLIC_BASE_URL; unset: attachment URLs are relative to the service (the console is on the same origin). */
  publicBaseUrl?: string;
  /** Largest file taken from a citizen (UPLOAD_MAX_BYTES, as for web chat uploads); at most Telegram's 20 MB. */
  mediaMaxBytes?: number;
  logger: Logger;
  /** The Bot API client (tests may pass one with a short timeout). */
  api?: TelegramBotApi;
}

/**
 * Telegram as a ChannelPlatform (https://core.telegram.org/bots/api).
 *
 * - Webhook: `X-Telegram-Bot-Api-Secret-Token` must equal TELEGRAM_WEBHOOK_SECRET (compared in
 *   constant time); Telegram sends one Update per request; `update_id` is the de-duplication key.
 *   Conversation id `telegram:<chat.id>`; only private chats are served (groups are ignored).
 * - Inbound: text; `/start` is first contact (the welcome, as a conversationUpdate); other bot
 *   commands lose their slash ("/status" → "status"). Inline keyboard presses (`callback_query`)
 *   become the choice's value and are answered with answerCallbackQuery (else the button spins).
 *   Photos and documents are downloaded (getFile) into the attachment store and become activity
 *   attachments the console can open. A location becomes an attachment `application/vnd.location`
 *   (content {latitude, longitude}; contentUrl an OpenStreetMap link an officer can open), like a
 *   file without text: the bot acknowledges it the same way. Edits (`edited_message`), stickers,
 *   voice notes and the like get the polite "please send it as text". Telegram sends no delivery or
 *   read receipts; `my_chat_member` (the citizen blocked or unblocked the bot) and other update
 *   types are ignored.
 * - Outbound: sendMessage with `parse_mode: HTML` (telegram-html.ts), link previews off (answers end
 *   with their source URL), one inline keyboard button per row; sendChatAction typing.
 *   A button's callback_data is `v:<value>` when it fits 64 bytes, else `c:<index>:<fingerprint>`,
 *   resolved against the stored offer (adapters/channel/offered-choices.ts).
 * - No messaging window: an officer may answer at any time.
 */
export class TelegramPlatform implements ChannelPlatform {
  readonly channelId = TELEGRAM_CHANNEL_ID;
  readonly limits = TELEGRAM_LIMITS;
  readonly api: TelegramBotApi;
  private readonly secretDigest: Buffer;
  private readonly mediaMaxBytes: number;

  constructor(private readonly options: TelegramPlatformOptions) {
    this.api = options.api ?? new TelegramBotApi({ baseUrl: options.apiBaseUrl, token: options.botToken });
    this.secretDigest = digest(options.webhookSecret);
    this.mediaMaxBytes = Math.min(options.mediaMaxBytes ?? TELEGRAM_DOWNLOAD_MAX_BYTES, TELEGRAM_DOWNLOAD_MAX_BYTES);
  }

  formatText(markdown: string): string {
    return markdownToTelegramHtml(markdown);
  }

  verifySignature(_rawBody: Buffer, headers: RequestHeaders): boolean {
    const presented = headers[TELEGRAM_SECRET_HEADER];
    if (typeof presented !== 'string' || presented === '') return false;
    // Digests have equal lengths, so the comparison reveals nothing about the secret's length either.
    return timingSafeEqual(digest(presented), this.secretDigest);
  }

  parseWebhook(body: unknown): ParsedWebhook {
    const parsed = telegramUpdate.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      return { kind: 'malformed', message: `Not a Telegram Update: ${where}${issue?.message ?? 'invalid'}` };
    }
    const update = parsed.data;
    const chatId = chatIdOfUpdate(update);
    return {
      kind: 'events',
      events: [{ eventId: String(update.update_id), conversationId: `${TELEGRAM_CHANNEL_ID}:${chatId ?? '-'}`, payload: update as Record<string, unknown> }],
    };
  }

  async interpret(event: InboundEvent): Promise<InboundMeaning> {
    const update = telegramUpdate.parse(event.payload);
    if (update.message) return this.interpretMessage(update.message, event);
    if (update.edited_message) {
      const edited = update.edited_message;
      if (edited.chat.type !== 'private') return { kind: 'ignored', reason: 'edit in a group chat' };
      // The new text of an edit is not answered: the citizen may have changed an answer the bot already used.
      return { kind: 'unsupported', activity: this.baseActivity(edited, event), reason: 'edited message' };
    }
    if (update.callback_query) return this.interpretCallback(update.callback_query, event);
    const kinds = Object.keys(update).filter((key) => key !== 'update_id');
    return { kind: 'ignored', reason: `update type ${kinds.join(', ') || 'empty'}` };
  }

  async acknowledgeInteraction(event: InboundEvent): Promise<void> {
    const query = (event.payload as TelegramUpdate).callback_query;
    if (!query) return;
    await this.api.call('answerCallbackQuery', { callback_query_id: query.id });
  }

  conversationReference(conversationId: string): Partial<ConversationReference> {
    const chatId = chatIdOf(conversationId);
    return {
      channelId: TELEGRAM_CHANNEL_ID,
      serviceUrl: channelServiceUrl(TELEGRAM_CHANNEL_ID),
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
      user: { id: chatId, name: '', role: 'user' },
    };
  }

  async send(reference: Partial<ConversationReference>, message: OutboundMessage): Promise<SentMessage> {
    const params: Record<string, unknown> = {
      chat_id: chatIdOf(reference.conversation?.id),
      text: message.text,
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    };
    if (message.buttons?.length) {
      params.reply_markup = {
        inline_keyboard: message.buttons.map((button, index) => [{ text: button.title, callback_data: callbackDataFor(button.value, index) }]),
      };
    }
    const sent = await this.api.call<{ message_id: number }>('sendMessage', params);
    return { messageId: String(sent.message_id) };
  }

  async sendTyping(reference: Partial<ConversationReference>): Promise<void> {
    try {
      await this.api.call('sendChatAction', { chat_id: chatIdOf(reference.conversation?.id), action: 'typing' });
    } catch (error) {
      this.options.logger.debug({ err: error, channel: TELEGRAM_CHANNEL_ID }, 'typing indicator failed');
    }
  }

  windowFor(): WindowDecision {
    return { kind: 'send', options: {} };
  }

  private async interpretMessage(message: TelegramMessage, event: InboundEvent): Promise<InboundMeaning> {
    if (message.chat.type !== 'private') return { kind: 'ignored', reason: `message in a ${message.chat.type} chat` };
    if (message.from?.is_bot) return { kind: 'ignored', reason: 'message from a bot' };
    const base = this.baseActivity(message, event);

    if (message.text !== undefined) {
      const command = botCommandOf(message);
      if (command?.name === 'start') {
        // First contact: the welcome, as Web Chat's conversationUpdate gives it.
        return { kind: 'activity', activity: { ...base, type: ActivityTypes.ConversationUpdate, text: undefined, membersAdded: [base.from as NonNullable<Activity['from']>] } };
      }
      return { kind: 'activity', activity: { ...base, text: command ? `${command.name}${command.rest}` : message.text } };
    }

    const attachments: Attachment[] = [];
    if (message.photo?.length) {
      // Sizes come smallest first; take the largest one within the limit.
      const photo = [...message.photo].reverse().find((size) => (size.file_size ?? 0) <= this.mediaMaxBytes);
      if (!photo) return { kind: 'unsupported', activity: base, reason: 'photo too large' };
      attachments.push(await this.storeFile(event, message, photo.file_id, photo.file_unique_id, `photo-${message.message_id}.jpg`, 'image/jpeg'));
    } else if (message.document) {
      const file = message.document;
      if ((file.file_size ?? 0) > this.mediaMaxBytes) return { kind: 'unsupported', activity: base, reason: 'document too large' };
      attachments.push(
        await this.storeFile(event, message, file.file_id, file.file_unique_id, file.file_name ?? `document-${message.message_id}`, file.mime_type ?? 'application/octet-stream'),
      );
    } else if (message.location) {
      const { latitude, longitude } = message.location;
      attachments.push({
        contentType: 'application/vnd.location',
        name: `${latitude},${longitude}`,
        contentUrl: `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=17/${latitude}/${longitude}`,
        content: { latitude, longitude },
      });
    } else {
      const kind = Object.keys(message).find((key) => !['message_id', 'from', 'date', 'chat', 'entities', 'caption', 'caption_entities'].includes(key)) ?? 'unknown';
      return { kind: 'unsupported', activity: base, reason: `message with ${kind}` };
    }
    return { kind: 'activity', activity: { ...base, text: message.caption ?? '', attachments } };
  }

  private interpretCallback(query: TelegramCallbackQuery, event: InboundEvent): InboundMeaning {
    const chat = query.message?.chat ?? { id: query.from.id, type: 'private' };
    if (chat.type !== 'private') return { kind: 'ignored', reason: 'button press in a group chat' };
    const data = query.data ?? '';
    const pressed = query.message?.reply_markup?.inline_keyboard.flat().find((button) => button.callback_data === data);
    const base: Partial<Activity> = {
      type: ActivityTypes.Message,
      id: `callback:${query.id}`,
      timestamp: new Date(),
      from: userAccount(query.from),
      locale: query.from.language_code,
      conversation: { id: event.conversationId, isGroup: false, conversationType: 'personal', name: '' },
    };
    if (data.startsWith('v:')) return { kind: 'activity', activity: { ...base, text: data.slice(2) } };
    const positional = /^c:(\d{1,3}):([A-Za-z0-9_-]{10})$/.exec(data);
    if (positional) {
      const choiceReference: ChoiceReference = { index: Number(positional[1]), fingerprint: positional[2], title: pressed?.text };
      return { kind: 'activity', activity: { ...base, text: pressed?.text ?? '', channelData: { choiceReference } } };
    }
    if (!data) return { kind: 'ignored', reason: 'callback query without data' };
    return { kind: 'activity', activity: { ...base, text: data } };
  }

  private baseActivity(message: TelegramMessage, event: InboundEvent): Partial<Activity> {
    return {
      type: ActivityTypes.Message,
      id: String(message.message_id),
      timestamp: new Date(message.date * 1000),
      from: message.from ? userAccount(message.from) : { id: String(message.chat.id), name: '' },
      locale: message.from?.language_code,
      conversation: { id: event.conversationId, isGroup: false, conversationType: 'personal', name: '' },
      channelData: { telegram: { updateId: Number(event.eventId), chatId: message.chat.id, messageId: message.message_id } },
    };
  }

  /**
   * getFile, download, store. The attachment id is an HMAC of the file under the bot token: a retry
   * of the event finds the file already stored, and the id (the only key to the file) is unguessable.
   */
  private async storeFile(event: InboundEvent, message: TelegramMessage, fileId: string, fileUniqueId: string, name: string, contentType: string): Promise<Attachment> {
    const attachmentId = createHmac('sha256', this.options.botToken).update(`${event.eventId}:${fileUniqueId}`).digest('base64url').slice(0, 24);
    const contentUrl = `${this.options.publicBaseUrl ?? ''}/v3/directline/attachments/${attachmentId}`;
    const existing = await this.options.attachments.getAttachment(attachmentId);
    if (existing) return { contentType: existing.contentType, contentUrl, name: existing.name };
    const file = await this.api.call<{ file_path?: string; file_size?: number }>('getFile', { file_id: fileId });
    if (!file.file_path) throw new PlatformApiError('Telegram getFile: no file_path (the file is not available for download)', undefined, false);
    const download = await this.api.download(file.file_path, this.mediaMaxBytes);
    try {
      await this.options.attachments.saveAttachment({
        attachmentId,
        conversationId: event.conversationId,
        name,
        contentType,
        size: download.content.length,
        createdAt: new Date(message.date * 1000),
        content: download.content,
      });
    } catch (error) {
      // Another instance stored it first (the same event claimed twice after a lease expired).
      if (!(await this.options.attachments.getAttachment(attachmentId))) throw error;
    }
    return { contentType, contentUrl, name };
  }
}

/** `telegram:<chat id>` → the chat id. */
export function chatIdOf(conversationId: string | undefined): string {
  const prefix = `${TELEGRAM_CHANNEL_ID}:`;
  if (!conversationId?.startsWith(prefix) || conversationId.length === prefix.length) {
    throw new PlatformApiError(`Telegram: "${conversationId}" is not a Telegram conversation id`, undefined, false);
  }
  return conversationId.slice(prefix.length);
}

/** `v:<value>` when it fits callback_data's 64 bytes, else the choice's position and fingerprint. */
export function callbackDataFor(value: string, index: number): string {
  const direct = `v:${value}`;
  return Buffer.byteLength(direct, 'utf8') <= CALLBACK_DATA_MAX_BYTES ? direct : `c:${index}:${choiceFingerprint(value)}`;
}

function userAccount(user: TelegramUser): { id: string; name: string; role: string } {
  return { id: String(user.id), name: [user.first_name, user.last_name].filter(Boolean).join(' '), role: 'user' };
}

/** A message that starts with a bot command ("/status", "/start@TanyaPabeanBot payload"). */
function botCommandOf(message: TelegramMessage): { name: string; rest: string } | undefined {
  const entity = message.entities?.find((candidate) => candidate.type === 'bot_command' && candidate.offset === 0);
  const text = message.text ?? '';
  const match = /^\/([A-Za-z0-9_]{1,32})(?:@[A-Za-z0-9_]+)?(.*)$/s.exec(text);
  if (!match || (!entity && message.entities !== undefined)) return undefined;
  return { name: match[1].toLowerCase(), rest: match[2] };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
