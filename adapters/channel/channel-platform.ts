import type { Activity, ConversationReference } from 'botbuilder';

/**
 * One messaging platform (Telegram, WhatsApp Cloud API, Messenger, Instagram) as the shared
 * ChannelAdapter (adapters/channel/channel-adapter.ts) drives it. A platform module knows the
 * platform's wire format, its signature scheme, its limits and its REST API; the adapter does the
 * rest the same way for all of them: verify, parse, persist and de-duplicate, acknowledge, run the
 * turn from the persisted event (with retries and a dead-letter list), render and send the bot's
 * replies with backoff, and apply the messaging window to late officer replies.
 *
 * Protocol facts: ../shared/domain/channels.md. Rules: DESIGN.md section 6.
 */

/** Headers as node gives them (lower-case names). */
export type RequestHeaders = Record<string, string | string[] | undefined>;

/** One inbound platform event, split out of a (possibly batched) webhook body. */
export interface InboundEvent {
  /** The platform's id, the de-duplication key: Telegram `update_id`, WhatsApp `wamid…` (or `<status id>:<status>`), Messenger/IG `mid`. */
  eventId: string;
  /** Our conversation id for the chat: `<channel>:<chat or user id>` (stable, so replies and tickets find it). */
  conversationId: string;
  /** The event as JSON, enough to rebuild the activity later (it is persisted and retried). */
  payload: Record<string, unknown>;
}

/** Result of parsing a verified webhook body. `malformed` answers 400 with the message. */
export type ParsedWebhook = { kind: 'events'; events: InboundEvent[] } | { kind: 'malformed'; message: string };

/** What an inbound event means for the bot. */
export type InboundMeaning =
  /** A message turn: text, a button/quick-reply/list/callback value (the same text Web Chat's suggested actions send), attachments. */
  | { kind: 'activity'; activity: Partial<Activity> }
  /** A delivery or read receipt of a message we sent: recorded on the ticket transcript, no turn. */
  | { kind: 'status'; conversationId: string; messageId: string; status: 'sent' | 'delivered' | 'read' | 'failed'; at: Date; error?: string }
  /** An edit, a sticker, a voice note…: the citizen gets the polite "please send it as text". */
  | { kind: 'unsupported'; activity: Partial<Activity>; reason: string }
  /** Anything else (echoes of our own sends, reactions, unknown update types): acknowledged, logged at debug. */
  | { kind: 'ignored'; reason: string };

/** The limits the outbound half renders within (channels.md). */
export interface PlatformLimits {
  /** Longest text of one message, counted in `textUnit`. */
  textMax: number;
  textUnit: 'chars' | 'utf8-bytes';
  /** Buttons (reply buttons / quick replies / inline keyboard) per message, and their title length. */
  buttonsMax: number;
  buttonTitleMax: number;
  /** A list (WhatsApp) when buttons do not fit: rows and row title length; 0 when the platform has none. */
  listRowsMax: number;
  listRowTitleMax: number;
}

/** One message as the platform will send it, after splitting and choice rendering. */
export interface OutboundMessage {
  text: string;
  /** Choices rendered as the platform's buttons (each fits the limits). */
  buttons?: Array<{ title: string; value: string }>;
  /** Choices rendered as a list (WhatsApp) when they did not fit as buttons. */
  list?: { buttonLabel: string; rows: Array<{ title: string; value: string }> };
}

/** How a message is sent: inside the window, or with a tag outside it (Messenger/Instagram HUMAN_AGENT). */
export interface SendOptions {
  tag?: 'HUMAN_AGENT';
}

/** A platform's answer to a send: its message id (for delivery/read receipts). */
export interface SentMessage {
  messageId?: string;
}

/**
 * A failed call to the platform API. `retryable` (429, 5xx, network) makes the adapter back off and
 * try again, honouring `retryAfterMs` when the platform says how long; otherwise the send fails and
 * is recorded on the ticket.
 */
export class PlatformApiError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    readonly platformCode?: string | number,
  ) {
    super(message);
    this.name = 'PlatformApiError';
  }
}

/** The window rule for a late officer reply (DESIGN.md section 6). */
export type WindowDecision =
  | { kind: 'send'; options: SendOptions }
  /** WhatsApp after 24 h: send the approved template inviting the citizen back; deliver the answer when they write. */
  | { kind: 'template' }
  /** Beyond what the platform allows (Messenger/Instagram after 7 days): not delivered, with the reason. */
  | { kind: 'closed'; reason: string };

export interface ChannelPlatform {
  /** The Bot Framework channel id and route name: 'telegram' | 'whatsapp' | 'messenger' | 'instagram'. */
  readonly channelId: string;
  readonly limits: PlatformLimits;
  /** How the platform renders text: converts the bot's light Markdown (**bold**, _italic_, links) to what the platform shows. */
  formatText(markdown: string): string;

  /** The GET verification handshake (Meta: hub.mode / hub.verify_token / hub.challenge); undefined when the platform has none. */
  verifyHandshake?(query: Record<string, string | undefined>): { status: number; body: string };
  /** Checks the signature or secret over the raw body, timing-safe. False → 401 and no turn. */
  verifySignature(rawBody: Buffer, headers: RequestHeaders): boolean;
  /** Parses a verified body with zod into events (a batch may hold many). */
  parseWebhook(body: unknown): ParsedWebhook;
  /** What a persisted event means; media are downloaded through the platform's API and stored here. */
  interpret(event: InboundEvent): Promise<InboundMeaning>;

  /** The conversation reference of a chat, for proactive replies (serviceUrl = `urn:tanya-pabean:<channel>`). */
  conversationReference(conversationId: string): Partial<ConversationReference>;
  /** Sends one rendered message to the chat of a conversation reference. Throws PlatformApiError. */
  send(reference: Partial<ConversationReference>, message: OutboundMessage, options: SendOptions): Promise<SentMessage>;
  /** Shows the typing indicator while a turn runs (best effort: failures are logged, never thrown). */
  sendTyping(reference: Partial<ConversationReference>): Promise<void>;
  /** Answers a button press where the platform requires it (Telegram answerCallbackQuery). */
  acknowledgeInteraction?(event: InboundEvent): Promise<void>;

  /** The messaging window for a reply `sinceLastCitizenMessageMs` after the citizen last wrote. */
  windowFor(sinceLastCitizenMessageMs: number): WindowDecision;
  /** WhatsApp: sends the approved template that invites the citizen back (ticket number as its variable). */
  sendReengagementTemplate?(reference: Partial<ConversationReference>, ticketNumber: string): Promise<SentMessage>;
}
