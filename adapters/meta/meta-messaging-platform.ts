import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Activity, Attachment, ConversationAccount, ConversationReference, Entity } from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { AttachmentRepository, StoredAttachment } from '../../storage/repositories';
import {
  type ChannelPlatform,
  type InboundEvent,
  type InboundMeaning,
  type OutboundMessage,
  type ParsedWebhook,
  PlatformApiError,
  type PlatformLimits,
  type RequestHeaders,
  type SendOptions,
  type SentMessage,
  type WindowDecision,
} from '../channel/channel-platform';
import { toMetaPlainText } from './meta-plain-text';
import {
  type MetaMessage,
  type MetaMessagingItem,
  metaMessagingItemSchema,
  metaWebhookBodySchema,
  storedMetaEventSchema,
} from './meta-webhook-body';
import { readBoundedBody } from '../channel/read-bounded-body';

/** What the composition root hands a Meta platform module besides its config section. */
export interface MetaPlatformDependencies {
  /** Where media the citizen sends are stored (served at /v3/directline/attachments/<id>). */
  attachments: AttachmentRepository;
  /** PUBLIC_BASE_URL: prefixes attachment URLs; without it they are relative to this service. */
  publicBaseUrl?: string;
  logger: Logger;
  /** The HTTP client (tests may pass their own; the Graph API itself is faked by a loopback server). */
  fetch?: typeof fetch;
  /** Largest media file downloaded (default 25 MB, Meta's own limit for audio, video and files). */
  mediaMaxBytes?: number;
  /** Timeout of one Graph API call or media download (default 10 s). */
  requestTimeoutMs?: number;
}

/** What tells Messenger and Instagram apart for the shared code. */
export interface MetaPlatformSettings {
  channelId: 'messenger' | 'instagram';
  /** The platform's name in errors and logs. */
  platformName: string;
  /** The webhook body's `object`. */
  webhookObject: 'page' | 'instagram';
  appSecret: string;
  verifyToken: string;
  accessToken: string;
  /** Graph API base URL with version, e.g. https://graph.facebook.com/v25.0. */
  apiBaseUrl: string;
  /** Messenger: `?access_token=` with the Page token; Instagram Login: `Authorization: Bearer` (channels.md 4b). */
  authentication: 'query' | 'bearer';
  limits: PlatformLimits;
  /** Instagram: also read `entry[].changes[{field:"messages", value}]` (channels.md 4, UNCONFIRMED shape). */
  readsChanges: boolean;
  /** The webhook fields this module handles: what `subscribeWebhooks` asks for. */
  webhookFields: readonly string[];
}

const HOUR_MS = 3_600_000;
/** The standard messaging window (channels.md 3.4). */
export const META_STANDARD_WINDOW_MS = 24 * HOUR_MS;
/** HUMAN_AGENT: "within 7 days after a user message" (channels.md 3.4). */
export const META_HUMAN_AGENT_WINDOW_MS = 7 * 24 * HOUR_MS;
export const META_WINDOW_CLOSED_REASON =
  "Messenger/Instagram allow replies only within 7 days of the citizen's last message; the answer could not be delivered";

const DEFAULT_MEDIA_MAX_BYTES = 25 * 1024 * 1024;
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const MEDIA_TYPES = new Set(['image', 'audio', 'video', 'file']);
const FALLBACK_CONTENT_TYPE: Record<string, string> = {
  image: 'image/jpeg',
  audio: 'audio/mpeg',
  video: 'video/mp4',
  file: 'application/octet-stream',
};
const FILE_EXTENSION: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
  'audio/wav': 'wav',
  'application/pdf': 'pdf',
};

/*
 * Send API errors (channels.md 3.3). Graph's throttling codes 4 (app), 17 (user), 32 (Page) and
 * Messenger's 613 are worth waiting for; so are 1/2 and anything Graph flags `is_transient`.
 */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
const TRANSIENT_CODES = new Set([1, 2]);
/** Codes and subcodes that no retry fixes, with what they mean for the officer reading the ticket. */
const PERMANENT_ERRORS = new Map<number, string>([
  [1545041, 'outside the messaging window: the citizen has to write again first'],
  [2018278, 'outside the messaging window: the citizen has to write again first'],
  [551, 'the person is not available (blocked the account or cannot receive messages)'],
  [10, 'permission missing (a HUMAN_AGENT reply needs the Human Agent feature granted in App Review)'],
  [200, 'permission missing'],
  [190, 'the access token is invalid or has expired'],
  [100, 'invalid parameter'],
]);

const graphErrorBodySchema = z.object({
  error: z.looseObject({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.number().optional(),
    error_subcode: z.number().optional(),
    is_transient: z.boolean().optional(),
    fbtrace_id: z.string().optional(),
  }),
});
const sendAnswerSchema = z.looseObject({ message_id: z.string().optional() });

/**
 * The shared half of the Messenger and Instagram platform modules: both speak the Messenger
 * Platform's webhook (X-Hub-Signature-256, the hub.* handshake, `entry[].messaging[]`) and Send API
 * (`POST /me/messages`), and both allow late human replies with the HUMAN_AGENT tag for 7 days.
 * The subclasses only supply their config, limits and authentication.
 */
export abstract class MetaMessagingPlatform implements ChannelPlatform {
  readonly channelId: 'messenger' | 'instagram';
  readonly limits: PlatformLimits;
  private readonly serviceUrl: string;
  private readonly logger: Logger;
  private readonly fetch: typeof fetch;
  private readonly mediaMaxBytes: number;
  private readonly requestTimeoutMs: number;

  protected constructor(
    private readonly settings: MetaPlatformSettings,
    private readonly dependencies: MetaPlatformDependencies,
  ) {
    this.channelId = settings.channelId;
    this.limits = settings.limits;
    this.serviceUrl = `urn:tanya-pabean:${settings.channelId}`;
    this.logger = dependencies.logger.child({ channel: settings.channelId });
    this.fetch = dependencies.fetch ?? fetch;
    this.mediaMaxBytes = dependencies.mediaMaxBytes ?? DEFAULT_MEDIA_MAX_BYTES;
    this.requestTimeoutMs = dependencies.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  formatText(markdown: string): string {
    return toMetaPlainText(markdown);
  }

  verifyHandshake(query: Record<string, string | undefined>): { status: number; body: string } {
    const challenge = query['hub.challenge'];
    const verified =
      query['hub.mode'] === 'subscribe' &&
      sameSecret(query['hub.verify_token'] ?? '', this.settings.verifyToken) &&
      // Meta's challenge is a number; anything else is not echoed back into a response body.
      challenge !== undefined &&
      /^[A-Za-z0-9._~-]{1,512}$/.test(challenge);
    return verified ? { status: 200, body: challenge } : { status: 403, body: 'Forbidden: hub.mode or hub.verify_token is wrong.' };
  }

  /** `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(raw body, app secret)>` (channels.md 3.1). */
  verifySignature(rawBody: Buffer, headers: RequestHeaders): boolean {
    const header = headers['x-hub-signature-256'];
    if (typeof header !== 'string') return false;
    const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
    if (!match) return false;
    const expected = createHmac('sha256', this.settings.appSecret).update(rawBody).digest();
    return timingSafeEqual(Buffer.from(match[1], 'hex'), expected);
  }

  parseWebhook(body: unknown): ParsedWebhook {
    const name = this.settings.platformName;
    const parsed = metaWebhookBodySchema.safeParse(body);
    if (!parsed.success) return { kind: 'malformed', message: `${name} webhook body: ${z.prettifyError(parsed.error)}` };
    if (parsed.data.object !== this.settings.webhookObject) {
      return {
        kind: 'malformed',
        message: `${name} webhook body: object is "${parsed.data.object}", expected "${this.settings.webhookObject}" (is the subscription pointed at the right /api/<channel> route?)`,
      };
    }
    const collected: Array<{ at: number; event: InboundEvent }> = [];
    for (const [entryIndex, entry] of parsed.data.entry.entries()) {
      const items: MetaMessagingItem[] = [...(entry.messaging ?? [])];
      if (this.settings.readsChanges) {
        for (const [changeIndex, change] of (entry.changes ?? []).entries()) {
          if (change.field !== 'messages') continue;
          const value = metaMessagingItemSchema.safeParse(change.value);
          if (!value.success) {
            return { kind: 'malformed', message: `${name} webhook body: entry[${entryIndex}].changes[${changeIndex}].value: ${z.prettifyError(value.error)}` };
          }
          items.push(value.data);
        }
      }
      for (const item of items) {
        collected.push({
          at: item.timestamp ?? entry.time ?? 0,
          event: {
            eventId: eventIdOf(item),
            conversationId: `${this.channelId}:${citizenIdOf(item)}`,
            payload: { accountId: entry.id, entryTime: entry.time, item },
          },
        });
      }
    }
    // Meta may deliver events out of order (channels.md 3.1): turns run in timestamp order. The sort is stable.
    collected.sort((a, b) => a.at - b.at);
    return { kind: 'events', events: collected.map(({ event }) => event) };
  }

  async interpret(event: InboundEvent): Promise<InboundMeaning> {
    const stored = storedMetaEventSchema.safeParse(event.payload);
    if (!stored.success) {
      throw new Error(`${this.origin('interpret')}: event ${event.eventId} is not a persisted ${this.settings.platformName} event: ${z.prettifyError(stored.error)}`);
    }
    const { accountId, entryTime, item } = stored.data;
    const at = new Date(item.timestamp ?? entryTime ?? Date.now());
    const base = this.activityBase(event, accountId, item, at);

    if (item.message) return this.interpretMessage(event, base, item.message);
    if (item.postback) {
      // A button's payload is the value Web Chat's suggested action would send.
      const value = item.postback.payload ?? item.postback.title;
      return value ? { kind: 'activity', activity: { ...base, text: value } } : { kind: 'ignored', reason: 'postback without payload' };
    }
    if (item.message_edit) return { kind: 'unsupported', activity: base, reason: 'the citizen edited an earlier message (message_edit)' };
    if (item.delivery) {
      // Messenger reports "everything up to the watermark": the newest mid names it when given.
      const messageId = item.delivery.mids?.at(-1) ?? `watermark:${item.delivery.watermark}`;
      return { kind: 'status', conversationId: event.conversationId, messageId, status: 'delivered', at: new Date(item.delivery.watermark) };
    }
    if (item.read) {
      // Messenger message_reads carry a watermark; Instagram messaging_seen names the mid that was seen.
      const messageId = item.read.mid ?? `watermark:${item.read.watermark}`;
      return { kind: 'status', conversationId: event.conversationId, messageId, status: 'read', at: item.read.watermark ? new Date(item.read.watermark) : at };
    }
    return { kind: 'ignored', reason: `${this.settings.platformName} ${eventKindOf(item)} events are not handled` };
  }

  conversationReference(conversationId: string): Partial<ConversationReference> {
    const prefix = `${this.channelId}:`;
    if (!conversationId.startsWith(prefix) || conversationId.length === prefix.length) {
      throw new Error(`${this.origin('conversationReference')}: "${conversationId}" is not a ${this.channelId} conversation id.`);
    }
    return {
      channelId: this.channelId,
      serviceUrl: this.serviceUrl,
      conversation: personalConversation(conversationId),
      user: { id: conversationId.slice(prefix.length), name: '', role: 'user' },
    };
  }

  async send(reference: Partial<ConversationReference>, message: OutboundMessage, options: SendOptions): Promise<SentMessage> {
    const text = message.list
      ? // Never rendered for Meta (listRowsMax 0); numbered text rather than choices lost.
        [message.text, ...message.list.rows.map((row, index) => `${index + 1}. ${row.title}`)].join('\n')
      : message.text;
    const quickReplies = message.buttons?.map((button) => ({ content_type: 'text', title: button.title, payload: button.value }));
    const answer = await this.postGraph('send', '/me/messages', {
      recipient: { id: this.recipientOf(reference, 'send') },
      messaging_type: options.tag ? 'MESSAGE_TAG' : 'RESPONSE',
      ...(options.tag ? { tag: options.tag } : {}),
      message: { text, ...(quickReplies?.length ? { quick_replies: quickReplies } : {}) },
    });
    const parsed = sendAnswerSchema.safeParse(answer);
    return { messageId: parsed.success ? parsed.data.message_id : undefined };
  }

  /** `sender_action: typing_on` on Messenger and on Instagram (Instagram API with Instagram Login, "Sender Actions", Dec 2025). */
  async sendTyping(reference: Partial<ConversationReference>): Promise<void> {
    try {
      await this.postGraph('sendTyping', '/me/messages', { recipient: { id: this.recipientOf(reference, 'sendTyping') }, sender_action: 'typing_on' });
    } catch (error) {
      this.logger.debug({ err: error }, 'typing indicator not shown');
    }
  }

  /**
   * Subscribes the app to the account's webhook fields again (`POST /me/subscribed_apps`): Meta
   * unsubscribes the app after an hour of failed deliveries (channels.md 3.1). `me` is the Page for a
   * Page token and the Instagram account for an Instagram Login token. Operator note:
   * docs/meta-webhook-resubscription.md.
   */
  async subscribeWebhooks(): Promise<void> {
    await this.postGraph('subscribeWebhooks', '/me/subscribed_apps', undefined, { subscribed_fields: this.settings.webhookFields.join(',') });
  }

  windowFor(sinceLastCitizenMessageMs: number): WindowDecision {
    if (sinceLastCitizenMessageMs <= META_STANDARD_WINDOW_MS) return { kind: 'send', options: {} };
    if (sinceLastCitizenMessageMs <= META_HUMAN_AGENT_WINDOW_MS) return { kind: 'send', options: { tag: 'HUMAN_AGENT' } };
    return { kind: 'closed', reason: META_WINDOW_CLOSED_REASON };
  }

  private async interpretMessage(event: InboundEvent, base: Partial<Activity>, message: MetaMessage): Promise<InboundMeaning> {
    if (message.is_echo) return { kind: 'ignored', reason: 'echo of a message the account sent (ours or a reply from the inbox)' };
    if (message.is_deleted) return { kind: 'ignored', reason: 'the citizen unsent a message' };
    if (message.is_unsupported) return { kind: 'unsupported', activity: base, reason: `${this.settings.platformName} marked the message unsupported (a GIF or sticker, for instance)` };
    if (message.quick_reply) return { kind: 'activity', activity: { ...base, text: message.quick_reply.payload } };

    const attachments: Attachment[] = [];
    const entities: Entity[] = [];
    const left: string[] = [];
    for (const [index, attachment] of (message.attachments ?? []).entries()) {
      const coordinates = attachment.payload?.coordinates;
      if (attachment.type === 'location' && coordinates) {
        entities.push({ type: 'GeoCoordinates', latitude: coordinates.lat, longitude: coordinates.long, name: attachment.title ?? '' });
        continue;
      }
      // Messenger sends a sticker (the "like" thumb too) as an image with a sticker_id.
      const sticker = message.sticker_id !== undefined || attachment.payload?.sticker_id !== undefined;
      const url = attachment.payload?.url;
      if (MEDIA_TYPES.has(attachment.type) && url && !sticker) {
        const stored = await this.storeMedia(event, index, attachment.type, url);
        if (typeof stored === 'string') left.push(stored);
        else attachments.push(stored);
        continue;
      }
      left.push(sticker ? 'a sticker' : `a ${attachment.type} attachment`);
    }

    const hasText = (message.text ?? '').trim() !== '';
    if (!hasText && attachments.length === 0 && entities.length === 0) {
      return { kind: 'unsupported', activity: base, reason: left.length > 0 ? `message with ${left.join(', ')}` : 'empty message' };
    }
    if (left.length > 0) this.logger.debug({ eventId: event.eventId, left }, 'parts of a message left out');
    return {
      kind: 'activity',
      activity: {
        ...base,
        ...(hasText ? { text: message.text } : {}),
        ...(attachments.length > 0 ? { attachments } : {}),
        ...(entities.length > 0 ? { entities } : {}),
      },
    };
  }

  /**
   * Downloads one media attachment and stores it. The id is derived from the message (keyed with the
   * app secret, so it is not guessable: attachment URLs carry no other authorization), which makes a
   * retried event find the file it stored the first time. Returns the activity attachment, or why the
   * media was left out; throws a retryable PlatformApiError when trying again later may help.
   */
  private async storeMedia(event: InboundEvent, index: number, type: string, url: string): Promise<Attachment | string> {
    const attachmentId = createHmac('sha256', this.settings.appSecret)
      .update(`${this.channelId}\n${event.conversationId}\n${event.eventId}\n${index}`)
      .digest('base64url')
      .slice(0, 24);
    const existing = await this.dependencies.attachments.getAttachment(attachmentId);
    if (existing) return this.activityAttachment(existing);

    let location: URL;
    try {
      location = new URL(url);
    } catch {
      return `a ${type} with an unusable URL`;
    }
    if (location.protocol !== 'https:' && location.protocol !== 'http:') return `a ${type} with an unusable URL`;

    const name = this.settings.platformName;
    let response: Response;
    try {
      // CDN URLs are signed: the access token is never sent along.
      response = await this.fetch(location, { signal: AbortSignal.timeout(this.requestTimeoutMs) });
    } catch (error) {
      throw new PlatformApiError(`${this.origin('interpret')}: ${name} media download failed: ${errorText(error)}`, undefined, true);
    }
    if (!response.ok) {
      await response.body?.cancel();
      if (response.status === 429 || response.status >= 500) {
        throw new PlatformApiError(`${this.origin('interpret')}: ${name} media download answered ${response.status}`, response.status, true, retryAfterMs(response.headers));
      }
      return `a ${type} the platform no longer serves (HTTP ${response.status})`;
    }
    const content = await readBoundedBody(response, this.mediaMaxBytes);
    if (!content) return `a ${type} larger than ${Math.round(this.mediaMaxBytes / 1024 / 1024)} MB`;

    const contentType = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase() || FALLBACK_CONTENT_TYPE[type];
    const stored: StoredAttachment = {
      attachmentId,
      conversationId: event.conversationId,
      name: fileNameOf(location, type, contentType, index),
      contentType,
      size: content.length,
      createdAt: new Date(),
      content,
    };
    await this.dependencies.attachments.saveAttachment(stored);
    return this.activityAttachment(stored);
  }

  private activityAttachment(stored: StoredAttachment): Attachment {
    const base = (this.dependencies.publicBaseUrl ?? '').replace(/\/+$/, '');
    return { contentType: stored.contentType, contentUrl: `${base}/v3/directline/attachments/${stored.attachmentId}`, name: stored.name };
  }

  private activityBase(event: InboundEvent, accountId: string, item: MetaMessagingItem, at: Date): Partial<Activity> {
    return {
      type: 'message',
      id: event.eventId,
      timestamp: at,
      channelId: this.channelId,
      serviceUrl: this.serviceUrl,
      conversation: personalConversation(event.conversationId),
      from: { id: item.sender.id, name: '', role: 'user' },
      recipient: { id: accountId, name: '', role: 'bot' },
      channelData: item,
    };
  }

  private recipientOf(reference: Partial<ConversationReference>, method: string): string {
    const prefix = `${this.channelId}:`;
    const conversationId = reference.conversation?.id ?? '';
    const recipient = conversationId.startsWith(prefix) ? conversationId.slice(prefix.length) : reference.user?.id;
    if (!recipient) {
      throw new PlatformApiError(`${this.origin(method)}: the reference names no ${this.channelId} conversation ("${conversationId}").`, undefined, false);
    }
    return recipient;
  }

  /** `POST <base><path>`, e.g. `/me/messages`: `me` is the Page (Page token) or the Instagram account (Instagram token). */
  private async postGraph(method: string, path: string, body?: Record<string, unknown>, query: Record<string, string> = {}): Promise<unknown> {
    const url = new URL(`${this.settings.apiBaseUrl.replace(/\/+$/, '')}${path}`);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const headers: Record<string, string> = body ? { 'content-type': 'application/json' } : {};
    if (this.settings.authentication === 'query') url.searchParams.set('access_token', this.settings.accessToken);
    else headers.authorization = `Bearer ${this.settings.accessToken}`;

    const name = this.settings.platformName;
    let response: Response;
    try {
      response = await this.fetch(url, { method: 'POST', headers, body: body ? JSON.stringify(body) : undefined, signal: AbortSignal.timeout(this.requestTimeoutMs) });
    } catch (error) {
      // The URL is not quoted: it may hold the access token.
      throw new PlatformApiError(`${this.origin(method)}: ${name} Graph API unreachable: ${errorText(error)}`, undefined, true);
    }
    const text = await response.text();
    const answer = parseJson(text);
    if (response.ok) return answer;
    throw this.apiError(method, path, response, answer);
  }

  private apiError(method: string, path: string, response: Response, answer: unknown): PlatformApiError {
    const parsed = graphErrorBodySchema.safeParse(answer);
    const graph = parsed.success ? parsed.data.error : undefined;
    const code = graph?.code;
    const subcode = graph?.error_subcode;
    const permanentKey = [subcode, code].find((candidate) => candidate !== undefined && PERMANENT_ERRORS.has(candidate));
    const platformCode = permanentKey ?? code;
    const retryable =
      permanentKey === undefined &&
      (response.status === 429 ||
        (code !== undefined && RATE_LIMIT_CODES.has(code)) ||
        response.status >= 500 ||
        graph?.is_transient === true ||
        (code !== undefined && TRANSIENT_CODES.has(code)));
    const meaning = permanentKey !== undefined ? PERMANENT_ERRORS.get(permanentKey) : code !== undefined && RATE_LIMIT_CODES.has(code) ? 'rate limited' : undefined;
    const details = [
      graph?.message ?? 'no Graph error in the answer',
      code !== undefined ? `code ${code}${subcode !== undefined ? `/${subcode}` : ''}` : undefined,
      graph?.fbtrace_id ? `fbtrace_id ${graph.fbtrace_id}` : undefined,
    ].filter(Boolean);
    return new PlatformApiError(
      `${this.origin(method)}: ${this.settings.platformName} ${path} answered ${response.status}${meaning ? ` (${meaning})` : ''}: ${details.join(', ')}`,
      response.status,
      retryable,
      retryAfterMs(response.headers),
      platformCode,
    );
  }

  private origin(method: string): string {
    return `${this.constructor.name}.${method}()`;
  }
}

function personalConversation(conversationId: string): ConversationAccount {
  return { id: conversationId, isGroup: false, conversationType: 'personal', name: '' };
}

/** The citizen of the chat: the sender, or the recipient of an echo of what the account sent. */
function citizenIdOf(item: MetaMessagingItem): string {
  return item.message?.is_echo && item.recipient ? item.recipient.id : item.sender.id;
}

/**
 * The de-duplication key (channels.md 0): a message's `mid`; an edit keeps the mid of the message it
 * edits, so it gets its own key; events without an id are keyed by sender and time.
 */
function eventIdOf(item: MetaMessagingItem): string {
  const sender = item.sender.id;
  const at = item.timestamp !== undefined ? String(item.timestamp) : createHash('sha256').update(JSON.stringify(item)).digest('hex').slice(0, 32);
  if (item.message) return item.message.mid;
  if (item.message_edit) return `edit:${item.message_edit.mid}:${item.message_edit.num_edit ?? item.message_edit.num_edits ?? at}`;
  if (item.postback) return `postback:${sender}:${at}`;
  if (item.delivery) return `delivery:${sender}:${item.delivery.watermark}`;
  if (item.read) return `read:${sender}:${item.read.watermark ?? item.read.mid ?? at}`;
  return `${eventKindOf(item)}:${sender}:${at}`;
}

function eventKindOf(item: MetaMessagingItem): string {
  return Object.keys(item).find((key) => !['sender', 'recipient', 'timestamp'].includes(key)) ?? 'empty';
}

function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

function fileNameOf(location: URL, type: string, contentType: string, index: number): string {
  let last = '';
  try {
    last = decodeURIComponent(location.pathname.split('/').pop() ?? '');
  } catch {
    // A malformed escape: fall back to a made-up name.
  }
  if (/^[^\\/]{1,200}\.[A-Za-z0-9]{1,8}$/.test(last)) return last;
  const extension = FILE_EXTENSION[contentType];
  return `${type}-${index + 1}${extension ? `.${extension}` : ''}`;
}

function retryAfterMs(headers: Headers): number | undefined {
  const header = headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
