import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Activity, Attachment, ChannelAccount, ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { AttachmentRepository, StoredAttachment } from '../../storage/repositories';
import {
  type ChannelPlatform,
  type InboundEvent,
  type InboundMeaning,
  type OutboundMessage,
  PlatformApiError,
  type PlatformLimits,
  type ParsedWebhook,
  type RequestHeaders,
  type SendOptions,
  type SentMessage,
  type WindowDecision,
} from '../channel/channel-platform';
import { type ChoiceReference, choiceFingerprint } from '../channel/offered-choices';
import { GRAPH_ERROR, GraphApiClient } from './graph-api-client';
import { markdownToWhatsApp } from './whatsapp-markdown';
import {
  type SkippedChange,
  type StoredWhatsAppEvent,
  WHATSAPP_CHANNEL_ID,
  type WhatsAppMessage,
  type WhatsAppPlatformError,
  type WhatsAppStatus,
  parseWhatsAppWebhook,
  storedWhatsAppEventSchema,
} from './whatsapp-webhook';

export { WHATSAPP_CHANNEL_ID } from './whatsapp-webhook';

/** Replies never go to this address: the platform module calls the Graph API itself. */
export const WHATSAPP_SERVICE_URL = 'urn:tanya-pabean:whatsapp';

/** `config.channels.whatsapp` (server/config.ts ChannelsConfig). */
export interface WhatsAppSettings {
  accessToken: string;
  appSecret: string;
  verifyToken: string;
  phoneNumberId: string;
  templateName: string;
  templateLanguage: string;
  apiBaseUrl: string;
}

export interface WhatsAppPlatformDependencies {
  /** Where downloaded images and documents are stored (served at /v3/directline/attachments/<id>). */
  attachments: AttachmentRepository;
  /** Prefix of attachment URLs; relative URLs when unknown. */
  publicBaseUrl?: string;
  logger: Logger;
  fetch?: typeof fetch;
  /** The bot's account in activities and references; left out by default (the ChannelAdapter fills in its own). */
  bot?: ChannelAccount;
  /** Largest inbound file downloaded; default 16 MB. */
  mediaMaxBytes?: number;
}

/** Limits of the Cloud API (channels.md §1.3, [WA-TXT] [WA-BTN] [WA-LIST]). */
export const WHATSAPP_LIMITS: PlatformLimits = {
  textMax: 4096,
  textUnit: 'chars',
  buttonsMax: 3,
  buttonTitleMax: 20,
  listRowsMax: 10,
  listRowTitleMax: 24,
};
const BUTTON_BODY_MAX = 1024;
const BUTTON_ID_MAX = 256;
const LIST_BODY_MAX = 4096;
const LIST_BUTTON_LABEL_MAX = 20;
const LIST_ROW_ID_MAX = 200;
const LIST_ROW_DESCRIPTION_MAX = 72;

const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;
const DEFAULT_MEDIA_MAX_BYTES = 16 * 1024 * 1024;
/** Conversations whose last inbound message id is remembered for the typing indicator. */
const REMEMBERED_CONVERSATIONS = 10_000;
/** Longest wait after repeated pair rate limit errors (4^X s, Meta's advice for 131056). */
const PAIR_RATE_MAX_WAIT_MS = 256_000;
/** How long a text sent ahead of its buttons counts as delivered, so a retried send does not repeat it. */
const LEAD_TEXT_MEMORY_MS = 15 * 60 * 1000;
/** A button or row id that names the choice by position, for a value longer than the id may be. */
const POSITIONAL_CHOICE_ID = /^choice:(\d{1,2}):([A-Za-z0-9_-]{10})$/;

const RECEIPT_STATUSES = new Set(['sent', 'delivered', 'read', 'failed']);
/**
 * Content a citizen sent that we cannot read [WA-OV]: answered with "please send it as text". Other
 * types (a reaction, a number change, "chat opened", and types we do not know) ask for no answer.
 */
const UNREADABLE_MESSAGE_TYPES = new Set(['audio', 'video', 'sticker', 'contacts', 'order']);

const mediaInfoSchema = z.object({ url: z.url(), mime_type: z.string().optional(), file_size: z.number().optional() }).loose();
const sendAnswerSchema = z.object({ messages: z.array(z.object({ id: z.string() }).loose()).min(1) }).loose();

/**
 * The WhatsApp Cloud API as a ChannelPlatform: webhook verification (GET handshake and
 * X-Hub-Signature-256), parsing of batched message and status changes, media download through the
 * Graph API, and sending text, reply buttons, lists, templates and the typing indicator.
 * Protocol facts: ../shared/domain/channels.md section 1.
 */
export class WhatsAppPlatform implements ChannelPlatform {
  readonly channelId = WHATSAPP_CHANNEL_ID;
  readonly limits = WHATSAPP_LIMITS;
  private readonly graph: GraphApiClient;
  private readonly bot?: ChannelAccount;
  private readonly mediaMaxBytes: number;
  /** Last inbound wamid per conversation: the typing indicator is a read receipt of a message. */
  private readonly lastInboundMessage = new Map<string, string>();
  /** Consecutive pair rate limit errors per recipient, for the 4^X s back-off. */
  private readonly pairRateFailures = new Map<string, number>();
  /** Texts sent ahead of their buttons whose buttons have not gone yet (digest → sent at). */
  private readonly leadTextsSent = new Map<string, number>();

  constructor(
    private readonly settings: WhatsAppSettings,
    private readonly dependencies: WhatsAppPlatformDependencies,
  ) {
    this.graph = new GraphApiClient({ apiBaseUrl: settings.apiBaseUrl, accessToken: settings.accessToken, fetch: dependencies.fetch });
    this.bot = dependencies.bot;
    this.mediaMaxBytes = dependencies.mediaMaxBytes ?? DEFAULT_MEDIA_MAX_BYTES;
  }

  formatText(markdown: string): string {
    return markdownToWhatsApp(markdown);
  }

  /** [WA-EP]: echo hub.challenge when hub.mode is subscribe and hub.verify_token is ours. */
  verifyHandshake(query: Record<string, string | undefined>): { status: number; body: string } {
    const mode = query['hub.mode'];
    const token = query['hub.verify_token'];
    const challenge = query['hub.challenge'];
    if (mode !== 'subscribe' || !token || !challenge || challenge.length > 1024) {
      return { status: 400, body: 'Expected hub.mode=subscribe, hub.verify_token and hub.challenge.' };
    }
    if (!sameSecret(token, this.settings.verifyToken)) return { status: 403, body: 'The verify token does not match.' };
    return { status: 200, body: challenge };
  }

  /** `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>` [WA-EP]. */
  verifySignature(rawBody: Buffer, headers: RequestHeaders): boolean {
    const header = headers['x-hub-signature-256'];
    const value = Array.isArray(header) ? (header.length === 1 ? header[0] : undefined) : header;
    if (typeof value !== 'string' || !value.startsWith('sha256=')) return false;
    const hex = value.slice('sha256='.length).trim();
    if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
    const expected = createHmac('sha256', this.settings.appSecret).update(rawBody).digest();
    return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
  }

  parseWebhook(body: unknown): ParsedWebhook {
    const skipped: SkippedChange[] = [];
    const parsed = parseWhatsAppWebhook(body, this.settings.phoneNumberId, skipped);
    for (const change of skipped) this.dependencies.logger.debug({ channel: this.channelId, field: change.field, reason: change.reason }, 'whatsapp change skipped');
    return parsed;
  }

  async interpret(event: InboundEvent): Promise<InboundMeaning> {
    const stored = storedWhatsAppEventSchema.safeParse(event.payload);
    if (!stored.success) return { kind: 'ignored', reason: 'not a stored WhatsApp event' };
    return stored.data.kind === 'status' ? interpretStatus(event.conversationId, stored.data.status) : this.interpretMessage(event.conversationId, stored.data);
  }

  conversationReference(conversationId: string): Partial<ConversationReference> {
    const waId = waIdOf(conversationId);
    return {
      channelId: this.channelId,
      serviceUrl: WHATSAPP_SERVICE_URL,
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
      user: { id: waId, name: '', role: 'user' },
      ...(this.bot ? { bot: this.bot } : {}),
    };
  }

  async send(reference: Partial<ConversationReference>, message: OutboundMessage, _options: SendOptions): Promise<SentMessage> {
    const to = recipientOf(reference);
    if (message.text.length > this.limits.textMax) {
      throw new PlatformApiError(`WhatsAppPlatform.send(): text of ${message.text.length} characters is over ${this.limits.textMax}; it must be split first.`, undefined, false);
    }
    if (message.buttons && message.buttons.length > 0) return this.sendButtons(to, message.text, message.buttons);
    if (message.list && message.list.rows.length > 0) return this.sendList(to, message.text, message.list);
    if (message.text.trim() === '') {
      this.dependencies.logger.warn({ channel: this.channelId }, 'empty message not sent');
      return {};
    }
    return this.sendMessage(to, { type: 'text', text: { body: message.text } });
  }

  /** [WA-TYP]: marks the citizen's last message read and shows "typing…" (up to 25 s or until we answer). */
  async sendTyping(reference: Partial<ConversationReference>): Promise<void> {
    const conversationId = reference.conversation?.id;
    const messageId =
      (conversationId ? this.lastInboundMessage.get(conversationId) : undefined) ??
      (reference.activityId?.startsWith('wamid.') ? reference.activityId : undefined);
    if (!messageId) {
      this.dependencies.logger.debug({ channel: this.channelId, conversationId }, 'no inbound message to show typing on');
      return;
    }
    try {
      await this.graph.post(`${this.settings.phoneNumberId}/messages`, {
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: messageId,
        typing_indicator: { type: 'text' },
      });
    } catch (error) {
      this.dependencies.logger.warn({ err: error, channel: this.channelId, conversationId }, 'typing indicator failed');
    }
  }

  /** Service messages within 24 h of the citizen's last message; after that only a template [WA-SM]. */
  windowFor(sinceLastCitizenMessageMs: number): WindowDecision {
    return sinceLastCitizenMessageMs <= SERVICE_WINDOW_MS ? { kind: 'send', options: {} } : { kind: 'template' };
  }

  /**
   * The approved UTILITY template ("Your request {{1}} has an answer" + a quick-reply button). The
   * button's payload asks for the ticket's status, so the tap both reopens the window (the queued
   * answer goes out) and gets the bot's status answer for that ticket.
   */
  async sendReengagementTemplate(reference: Partial<ConversationReference>, ticketNumber: string): Promise<SentMessage> {
    return this.sendMessage(recipientOf(reference), {
      type: 'template',
      template: {
        name: this.settings.templateName,
        language: { code: this.settings.templateLanguage },
        components: [
          { type: 'body', parameters: [{ type: 'text', text: ticketNumber }] },
          { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: `status ${ticketNumber}` }] },
        ],
      },
    });
  }

  private async interpretMessage(conversationId: string, stored: Extract<StoredWhatsAppEvent, { kind: 'message' }>): Promise<InboundMeaning> {
    const { message } = stored;
    this.rememberInboundMessage(conversationId, message.id);
    const base = this.baseActivity(conversationId, message, stored.contactName);
    switch (message.type) {
      case 'text':
        return { kind: 'activity', activity: { ...base, text: message.text?.body ?? '' } };
      case 'interactive': {
        const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
        if (!reply) return { kind: 'unsupported', activity: base, reason: `interactive ${message.interactive?.type ?? 'reply'}` };
        const positional = POSITIONAL_CHOICE_ID.exec(reply.id);
        if (positional) {
          // The value did not fit the id: the adapter looks it up in the offer by position.
          const choiceReference: ChoiceReference = { index: Number(positional[1]), fingerprint: positional[2], title: reply.title };
          return { kind: 'activity', activity: { ...base, text: reply.title, channelData: { choiceReference } } };
        }
        return { kind: 'activity', activity: { ...base, text: choiceValue(reply.id, reply.title) } };
      }
      case 'button':
        // A template's quick-reply button: its payload is what we put in the template.
        return { kind: 'activity', activity: { ...base, text: choiceValue(message.button?.payload ?? '', message.button?.text ?? '') } };
      case 'image':
      case 'document':
        return this.interpretMedia(conversationId, message, base);
      case 'location':
        return { kind: 'activity', activity: { ...base, ...locationParts(message) } };
      case 'unsupported': {
        const what = message.unsupported?.type;
        // An edit arrives without its new text [WA-UNS]: the citizen is asked to send it again.
        return { kind: 'unsupported', activity: base, reason: what === 'edit' ? 'edit' : `unsupported ${what ?? 'message'}${errorSuffix(message.errors)}` };
      }
      default:
        if (UNREADABLE_MESSAGE_TYPES.has(message.type)) return { kind: 'unsupported', activity: base, reason: `message type ${message.type}` };
        return { kind: 'ignored', reason: `message type ${message.type}${errorSuffix(message.errors)}` };
    }
  }

  private baseActivity(conversationId: string, message: WhatsAppMessage, contactName: string | undefined): Partial<Activity> {
    return {
      type: 'message',
      id: message.id,
      timestamp: new Date(Number(message.timestamp) * 1000),
      channelId: this.channelId,
      serviceUrl: WHATSAPP_SERVICE_URL,
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: message.from, name: contactName ?? '', role: 'user' },
      ...(this.bot ? { recipient: this.bot } : {}),
      textFormat: 'plain',
      ...(message.context?.id ? { replyToId: message.context.id } : {}),
    };
  }

  /** Images and documents are fetched through the Graph API [WA-MED] and stored as our attachments. */
  private async interpretMedia(conversationId: string, message: WhatsAppMessage, base: Partial<Activity>): Promise<InboundMeaning> {
    const part = message.type === 'image' ? message.image : message.document;
    if (!part) return { kind: 'unsupported', activity: base, reason: `${message.type} without media` };
    const caption = part.caption?.trim() ? { text: part.caption } : {};
    try {
      const attachment = await this.storeMedia(conversationId, message, part);
      return { kind: 'activity', activity: { ...base, ...caption, attachments: [attachment] } };
    } catch (error) {
      // Retryable failures go back to the adapter, which tries the event again later.
      if (!(error instanceof PlatformApiError) || error.retryable) throw error;
      this.dependencies.logger.warn({ err: error, channel: this.channelId, conversationId, mediaId: part.id }, 'whatsapp media not downloaded');
      return { kind: 'unsupported', activity: { ...base, ...caption }, reason: `media not downloaded: ${error.message}` };
    }
  }

  private async storeMedia(
    conversationId: string,
    message: WhatsAppMessage,
    part: NonNullable<WhatsAppMessage['image']>,
  ): Promise<Attachment> {
    // The id is derived from the message, so a retried event finds what an earlier attempt stored;
    // it is keyed with the app secret, so it cannot be guessed (attachment URLs need no token).
    const attachmentId = createHmac('sha256', this.settings.appSecret).update(`whatsapp-media:${message.id}:${part.id}`).digest('base64url').slice(0, 24);
    const existing = await this.dependencies.attachments.getAttachment(attachmentId);
    if (existing) return this.toAttachment(existing);

    let info = await this.mediaInfo(part.id);
    let download: { content: Buffer; contentType?: string };
    try {
      download = await this.graph.download(info.url, this.mediaMaxBytes);
    } catch (error) {
      // The URL lives 5 minutes: a 404 means ask for a fresh one [WA-MED].
      if (!(error instanceof PlatformApiError) || error.status !== 404) throw error;
      info = await this.mediaInfo(part.id);
      download = await this.graph.download(info.url, this.mediaMaxBytes);
    }
    const contentType = mediaType(part.mime_type ?? info.mime_type ?? download.contentType);
    const stored: StoredAttachment = {
      attachmentId,
      conversationId,
      name: fileName(part.filename, `whatsapp-${message.type}-${part.id}`, contentType),
      contentType,
      size: download.content.length,
      createdAt: new Date(),
      content: download.content,
    };
    try {
      await this.dependencies.attachments.saveAttachment(stored);
    } catch (error) {
      // Another instance stored it first (the same event claimed twice after a lease expired).
      if (!(await this.dependencies.attachments.getAttachment(attachmentId))) throw error;
    }
    return this.toAttachment(stored);
  }

  private async mediaInfo(mediaId: string): Promise<z.infer<typeof mediaInfoSchema>> {
    const answer = await this.graph.get(encodeURIComponent(mediaId), { phone_number_id: this.settings.phoneNumberId });
    const info = mediaInfoSchema.safeParse(answer);
    if (!info.success) throw new PlatformApiError(`GET /${mediaId}: the answer has no media url`, 200, false);
    if (info.data.file_size !== undefined && info.data.file_size > this.mediaMaxBytes) {
      throw new PlatformApiError(`GET /${mediaId}: the file has ${info.data.file_size} bytes, more than the ${this.mediaMaxBytes} allowed`, 200, false);
    }
    return info.data;
  }

  private toAttachment(stored: StoredAttachment): Attachment {
    const base = this.dependencies.publicBaseUrl?.replace(/\/+$/, '') ?? '';
    return { contentType: stored.contentType, contentUrl: `${base}/v3/directline/attachments/${stored.attachmentId}`, name: stored.name };
  }

  /** [WA-BTN]: up to 3 reply buttons; the id carries the choice's value, so a tap sends what Web Chat sends. */
  private async sendButtons(to: string, text: string, buttons: NonNullable<OutboundMessage['buttons']>): Promise<SentMessage> {
    if (buttons.length > this.limits.buttonsMax) {
      throw new PlatformApiError(`WhatsAppPlatform.send(): ${buttons.length} buttons; WhatsApp shows at most ${this.limits.buttonsMax}.`, undefined, false);
    }
    const body = await this.bodyWithin(to, text || buttons.map((button) => button.title).join(' / '), BUTTON_BODY_MAX);
    return this.sendAfterLead(to, text, {
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: body },
        action: {
          buttons: buttons.map((button, index) => ({
            type: 'reply',
            reply: { id: choiceId(button.value || button.title, index, BUTTON_ID_MAX), title: truncate(button.title, this.limits.buttonTitleMax) },
          })),
        },
      },
    });
  }

  /** [WA-LIST]: one section of up to 10 rows; a title cut to 24 characters is shown whole as the row's description. */
  private async sendList(to: string, text: string, list: NonNullable<OutboundMessage['list']>): Promise<SentMessage> {
    if (list.rows.length > this.limits.listRowsMax) {
      throw new PlatformApiError(`WhatsAppPlatform.send(): ${list.rows.length} list rows; WhatsApp shows at most ${this.limits.listRowsMax}.`, undefined, false);
    }
    const body = await this.bodyWithin(to, text || list.buttonLabel, LIST_BODY_MAX);
    return this.sendAfterLead(to, text, {
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: body },
        action: {
          button: truncate(list.buttonLabel, LIST_BUTTON_LABEL_MAX),
          sections: [
            {
              rows: list.rows.map((row, index) => {
                const title = truncate(row.title, this.limits.listRowTitleMax);
                return {
                  id: choiceId(row.value || row.title, index, LIST_ROW_ID_MAX),
                  title,
                  ...(title !== row.title ? { description: truncate(row.title, LIST_ROW_DESCRIPTION_MAX) } : {}),
                };
              }),
            },
          ],
        },
      },
    });
  }

  /**
   * An interactive body holds less than a text message (1024 characters for buttons): text beyond
   * that goes first as its own message, and the buttons come with the last sentences. When the
   * adapter retries the send (the buttons failed), the text that already went is not sent again.
   */
  private async bodyWithin(to: string, text: string, max: number): Promise<string> {
    if (text.length <= max) return text;
    const split = splitIndex(text, max);
    const key = leadKey(to, text);
    const sentAt = this.leadTextsSent.get(key);
    if (sentAt === undefined || Date.now() - sentAt > LEAD_TEXT_MEMORY_MS) {
      await this.sendMessage(to, { type: 'text', text: { body: text.slice(0, split).trimEnd() } });
      remember(this.leadTextsSent, key, Date.now());
    }
    return text.slice(split).trimStart();
  }

  private async sendAfterLead(to: string, text: string, content: Record<string, unknown>): Promise<SentMessage> {
    const sent = await this.sendMessage(to, content);
    this.leadTextsSent.delete(leadKey(to, text));
    return sent;
  }

  /** [WA-SM]: POST /<PHONE_NUMBER_ID>/messages; `messages[0].id` means accepted, not delivered. */
  private async sendMessage(to: string, content: Record<string, unknown>): Promise<SentMessage> {
    let answer: unknown;
    try {
      answer = await this.graph.post(`${this.settings.phoneNumberId}/messages`, { messaging_product: 'whatsapp', recipient_type: 'individual', to, ...content });
    } catch (error) {
      throw this.withPairRateBackoff(to, error);
    }
    this.pairRateFailures.delete(to);
    const sent = sendAnswerSchema.safeParse(answer);
    if (!sent.success) {
      this.dependencies.logger.warn({ channel: this.channelId }, 'whatsapp send answer has no message id');
      return {};
    }
    return { messageId: sent.data.messages[0].id };
  }

  /** 131056: wait 4^X s after the X-th consecutive error to that user (at least one 6 s pair interval). */
  private withPairRateBackoff(to: string, error: unknown): unknown {
    if (!(error instanceof PlatformApiError) || error.platformCode !== GRAPH_ERROR.pairRateLimit) return error;
    const failures = this.pairRateFailures.get(to) ?? 0;
    remember(this.pairRateFailures, to, failures + 1);
    const waitMs = Math.max(error.retryAfterMs ?? 0, Math.min(4 ** failures * 1000, PAIR_RATE_MAX_WAIT_MS));
    return new PlatformApiError(error.message, error.status, true, waitMs, error.platformCode);
  }

  private rememberInboundMessage(conversationId: string, messageId: string): void {
    remember(this.lastInboundMessage, conversationId, messageId);
  }
}

function interpretStatus(conversationId: string, status: WhatsAppStatus): InboundMeaning {
  if (!RECEIPT_STATUSES.has(status.status)) return { kind: 'ignored', reason: `status ${status.status}` };
  return {
    kind: 'status',
    conversationId,
    messageId: status.id,
    status: status.status as 'sent' | 'delivered' | 'read' | 'failed',
    at: new Date(Number(status.timestamp) * 1000),
    ...(status.errors && status.errors.length > 0 ? { error: describeErrors(status.errors) } : {}),
  };
}

/** Compares secrets in constant time, whatever their lengths (HMACs of both have equal length). */
function sameSecret(presented: string, expected: string): boolean {
  const key = 'whatsapp-verify-token';
  return timingSafeEqual(createHmac('sha256', key).update(presented).digest(), createHmac('sha256', key).update(expected).digest());
}

/**
 * The id of a button or row: the choice's value, which comes back as the reply's id, so a tap sends
 * what Web Chat sends. A value too long for the id is named by position and fingerprint instead.
 */
function choiceId(value: string, index: number, max: number): string {
  return value.length <= max && !POSITIONAL_CHOICE_ID.test(value) ? value : `choice:${index}:${choiceFingerprint(value)}`;
}

function leadKey(to: string, text: string): string {
  return createHash('sha256').update(`${to}\n${text}`).digest('base64url');
}

/** A button or list reply: the id we sent carries the value; the title when an id is missing. */
function choiceValue(id: string, title: string): string {
  return id.trim() !== '' ? id : title;
}

/** Locations become a GeoJSON attachment and a schema.org Place entity (as Bot Framework channels send places). */
function locationParts(message: WhatsAppMessage): Partial<Activity> {
  const location = message.location;
  if (!location) return {};
  const { latitude, longitude, name, address, url } = location;
  return {
    attachments: [
      {
        contentType: 'application/geo+json',
        name: name ?? 'location',
        content: { type: 'Feature', geometry: { type: 'Point', coordinates: [longitude, latitude] }, properties: { name, address, url } },
      },
    ],
    entities: [{ type: 'Place', name, address, geo: { type: 'GeoCoordinates', latitude, longitude } }],
  };
}

function describeErrors(errors: WhatsAppPlatformError[]): string {
  return errors
    .map((error) => `${error.code} ${error.title ?? error.message ?? ''}${error.error_data?.details ? `: ${error.error_data.details}` : ''}`.trim())
    .join('; ');
}

function errorSuffix(errors: WhatsAppPlatformError[] | undefined): string {
  return errors && errors.length > 0 ? ` (${describeErrors(errors)})` : '';
}

/** `whatsapp:<wa_id>` → wa_id. */
function waIdOf(conversationId: string | undefined): string {
  const prefix = `${WHATSAPP_CHANNEL_ID}:`;
  if (!conversationId?.startsWith(prefix) || conversationId.length === prefix.length) {
    throw new Error(`WhatsAppPlatform: "${conversationId ?? ''}" is not a WhatsApp conversation id (whatsapp:<wa_id>).`);
  }
  return conversationId.slice(prefix.length);
}

/**
 * `to`: the wa_id of the conversation (the user's id when the reference has no WhatsApp conversation),
 * with the + so the business number's country code is not prepended [WA-SM].
 */
function recipientOf(reference: Partial<ConversationReference>): string {
  const conversationId = reference.conversation?.id;
  const waId = conversationId?.startsWith(`${WHATSAPP_CHANNEL_ID}:`) ? waIdOf(conversationId) : reference.user?.id;
  if (!waId) throw new PlatformApiError(`WhatsAppPlatform: the reference names no WhatsApp user ("${conversationId ?? ''}").`, undefined, false);
  return /^\d+$/.test(waId) ? `+${waId}` : waId;
}

/** Where to cut a text so the rest fits `max`: after a paragraph, a sentence, a word, or anywhere. */
function splitIndex(text: string, max: number): number {
  const earliest = text.length - max;
  for (const boundary of [/\n\s*\n/g, /[.!?…]["')\]]?\s+/g, /\s+/g]) {
    for (const match of text.matchAll(boundary)) {
      const end = (match.index ?? 0) + match[0].length;
      if (end >= earliest && end < text.length) return end;
    }
  }
  return earliest;
}

/** Shortens to `max` UTF-16 units (Meta's limits are characters: this never exceeds them), ending in "…". */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const characters = Array.from(text);
  while (characters.join('').length > max - 1) characters.pop();
  return `${characters.join('').trimEnd()}…`;
}

/** The media type without parameters (`audio/ogg; codecs=opus` → `audio/ogg`). */
function mediaType(value: string | undefined): string {
  const type = value?.split(';')[0].trim().toLowerCase();
  return type && /^[\w.+-]+\/[\w.+-]+$/.test(type) ? type : 'application/octet-stream';
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};

/** The document's own file name (without any path), or a name made from the media id. */
function fileName(given: string | undefined, fallback: string, contentType: string): string {
  const cleaned = given
    ?.split(/[/\\]/)
    .pop()
    ?.replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 255);
  if (cleaned) return cleaned;
  const extension = EXTENSIONS[contentType];
  return extension ? `${fallback}.${extension}` : fallback;
}

/** Map insertion with a bound: the oldest entry goes when the map is full. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > REMEMBERED_CONVERSATIONS) map.delete(map.keys().next().value as string);
}
