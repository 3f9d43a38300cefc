import {
  type Activity,
  ActivityTypes,
  BotAdapter,
  type ChannelAccount,
  type ConversationReference,
  type ResourceResponse,
  TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import { languageFromLocale, messagesFor } from '../../dialogs/messages';
import type { ChannelEvent, ChannelEventRepository } from '../../storage/repositories';
import type { TurnObserver } from '../turn-observer';
import type { ChannelEventHandler, ChannelEventProcessor } from './channel-event-processor';
import {
  type ChannelPlatform,
  type InboundEvent,
  type InboundMeaning,
  PlatformApiError,
  type RequestHeaders,
  type SendOptions,
  type SentMessage,
  type WindowDecision,
} from './channel-platform';
import type { ChoiceReference, OfferedChoicesStore } from './offered-choices';
import { renderActivityWithOffer } from './outbound-renderer';
import { TurnsInFlight } from '../turns-in-flight';

export type TurnLogic = (context: TurnContext) => Promise<void>;

/** A delivery or read receipt, for the desk's ticket transcript. */
export type DeliveryStatus = Extract<InboundMeaning, { kind: 'status' }> & { channelId: string };

/** A message that could not be sent in a bot turn (officer replies are recorded by the desk route). */
export interface SendFailure {
  channelId: string;
  conversationId: string;
  text: string;
  error: Error;
}

/** The answer to a webhook request. */
export interface WebhookAnswer {
  status: number;
  body: unknown;
}

export interface ChannelAdapterOptions {
  platform: ChannelPlatform;
  events: ChannelEventRepository;
  /** The instance's one processor of persisted events (shared by all channel adapters). */
  processor: ChannelEventProcessor;
  /** The latest offer per conversation, for replies by number or by a button that carries only a position. */
  choices: OfferedChoicesStore;
  bot: ChannelAccount;
  observer: TurnObserver;
  logger: Logger;
  /** The bot's turn handler (CustomsBot.run); continueConversation passes its own logic. */
  runTurn: TurnLogic;
  /** Delivery and read receipts (WhatsApp, Messenger): the lead wires them to the ticket transcript. */
  onDeliveryStatus?: (status: DeliveryStatus) => Promise<void>;
  /** A bot reply that could not be sent (blocked bot, retries exhausted): recorded on the ticket, if any. */
  onSendFailed?: (failure: SendFailure) => Promise<void>;
  /** Sends to the platform: attempts (first included), backoff base, and the longest wait honoured. */
  sendRetry?: { maxAttempts?: number; backoffBaseMs?: number; maxWaitMs?: number };
  /** How often the typing indicator is repeated while a turn runs (Telegram's lasts 5 s). Default 4 s. */
  typingIntervalMs?: number;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

/** `urn:tanya-pabean:<channel>`: replies never go over HTTP to a serviceUrl; the platform module sends them. */
export function channelServiceUrl(channelId: string): string {
  return `urn:tanya-pabean:${channelId}`;
}

const SEND_OPTIONS_KEY = Symbol('ChannelAdapter.sendOptions');
const PROACTIVE_KEY = Symbol('ChannelAdapter.proactive');
const DEFAULT_SEND_ATTEMPTS = 4;
const DEFAULT_BACKOFF_BASE_MS = 500;
const DEFAULT_MAX_WAIT_MS = 30_000;
const DEFAULT_TYPING_INTERVAL_MS = 4_000;

/**
 * One messaging platform (Telegram, WhatsApp, Messenger, Instagram) as a BotAdapter on the same bot
 * and dialogs as Web Chat. The platform module (ChannelPlatform) knows the wire format; this class
 * does the rest the same way for every platform (DESIGN.md section 6):
 *
 * Inbound: `handleWebhook` verifies the signature over the raw body (401, no turn), parses with zod
 * (400), persists every event with `recordIfNew` (the platform's id de-duplicates, across restarts),
 * answers 200, and pokes the processor, which runs each persisted event through `processEvent`:
 * interpret → the turn through the middleware (handoff) with the typing indicator on. A failure is
 * retried from the persisted event (ChannelEventProcessor).
 *
 * Outbound: `sendActivities` renders each message within the platform's limits (outbound-renderer)
 * and sends it, backing off on 429/5xx; a send that still fails throws, so the caller records it.
 */
export class ChannelAdapter extends BotAdapter implements ChannelEventHandler {
  readonly channelId: string;
  private readonly turnsInFlight = new TurnsInFlight();
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;
  private stopped = false;

  constructor(private readonly options: ChannelAdapterOptions) {
    super();
    this.channelId = options.platform.channelId;
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    options.processor.register(this);
  }

  get platform(): ChannelPlatform {
    return this.options.platform;
  }

  /* ----------------------------------------------------------------------------------------------
   * Inbound
   * -------------------------------------------------------------------------------------------- */

  /** The platform's GET verification handshake; undefined when the platform has none (the route answers 404). */
  verifyHandshake(query: Record<string, string | undefined>): { status: number; body: string } | undefined {
    return this.options.platform.verifyHandshake?.(query);
  }

  /**
   * A webhook request: verify, parse, persist and de-duplicate, acknowledge. The turns run after the
   * answer, from the persisted events. 503 after stop(), so the platform retries (another instance).
   */
  async handleWebhook(rawBody: Buffer, headers: RequestHeaders, _query: Record<string, string | undefined> = {}): Promise<WebhookAnswer> {
    const { platform, events, logger } = this.options;
    if (this.stopped) return { status: 503, body: errorBody('ShuttingDown', 'The service is shutting down; try again.') };
    if (!platform.verifySignature(rawBody, headers)) {
      logger.warn({ channel: this.channelId }, 'webhook rejected: bad signature or secret');
      return { status: 401, body: errorBody('Unauthorized', 'The request signature or secret is not valid.') };
    }
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return { status: 400, body: errorBody('BadArgument', 'The body is not valid JSON.') };
    }
    const parsed = platform.parseWebhook(body);
    if (parsed.kind === 'malformed') {
      logger.warn({ channel: this.channelId, reason: parsed.message }, 'webhook rejected: malformed body');
      return { status: 400, body: errorBody('BadArgument', parsed.message) };
    }
    const receivedAt = this.now();
    let recorded = 0;
    for (const event of parsed.events) {
      const isNew = await events.recordIfNew({ channel: this.channelId, eventId: event.eventId, conversationId: event.conversationId, payload: event.payload, receivedAt });
      if (isNew) recorded += 1;
      else logger.debug({ channel: this.channelId, eventId: event.eventId }, 'duplicate webhook event ignored');
    }
    if (recorded > 0) this.options.processor.poke();
    return { status: 200, body: { ok: true } };
  }

  /** Runs one persisted event (called by the processor). Throws to have it retried. */
  async processEvent(event: ChannelEvent): Promise<void> {
    const { platform, logger } = this.options;
    const inbound: InboundEvent = { eventId: event.eventId, conversationId: event.conversationId, payload: event.payload };
    const meaning = await platform.interpret(inbound);
    switch (meaning.kind) {
      case 'activity': {
        await this.acknowledgeInteraction(inbound);
        const activity = await this.completeActivity(meaning.activity, inbound);
        await this.runTurnWithTyping(activity, this.options.runTurn);
        return;
      }
      case 'status':
        await this.options.onDeliveryStatus?.({ ...meaning, channelId: this.channelId });
        return;
      case 'unsupported': {
        await this.acknowledgeInteraction(inbound);
        logger.info({ channel: this.channelId, conversationId: event.conversationId, reason: meaning.reason }, 'unsupported message: asked to send text');
        await this.sendUnsupportedNotice(await this.completeActivity(meaning.activity, inbound));
        return;
      }
      case 'ignored':
        logger.debug({ channel: this.channelId, eventId: event.eventId, reason: meaning.reason }, 'channel event ignored');
        return;
    }
  }

  /* ----------------------------------------------------------------------------------------------
   * Outbound
   * -------------------------------------------------------------------------------------------- */

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const sendOptions = (context.turnState.get(SEND_OPTIONS_KEY) as SendOptions | undefined) ?? {};
    const responses: ResourceResponse[] = [];
    for (const outgoing of activities) {
      const reference = this.referenceOf(context, outgoing);
      if (outgoing.type === 'delay') {
        await this.sleep(typeof outgoing.value === 'number' ? outgoing.value : 1000);
        responses.push({ id: '' });
      } else if (outgoing.type === ActivityTypes.Typing) {
        await this.sendTyping(reference);
        responses.push({ id: '' });
      } else if (outgoing.type === ActivityTypes.Message) {
        try {
          responses.push({ id: (await this.sendMessage(reference, outgoing, { ...sendOptions, ...sendOptionsOf(outgoing) })) ?? '' });
        } catch (error) {
          if (!context.turnState.get(PROACTIVE_KEY)) await this.reportSendFailure(reference, outgoing, error as Error);
          throw error;
        }
      } else {
        // Traces, and events other than the handoff (the middleware takes that), are not shown on a platform.
        responses.push({ id: '' });
      }
    }
    return responses;
  }

  override async updateActivity(): Promise<void> {
    throw new Error(`ChannelAdapter.updateActivity(): ${this.channelId} messages are not edited.`);
  }

  override async deleteActivity(): Promise<void> {
    throw new Error(`ChannelAdapter.deleteActivity(): ${this.channelId} messages are not deleted.`);
  }

  /**
   * Proactive messages (officer replies, the hand-back): the same event CloudAdapter builds, run
   * through the middleware. `sendOptions` applies to every message of the turn (Messenger/Instagram
   * HUMAN_AGENT outside the 24 h window: see windowFor); a message may also carry it as
   * `channelData.tag`, as server/reply-delivery.ts sends it.
   */
  override async continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic, sendOptions?: SendOptions): Promise<void> {
    const request = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'ContinueConversation' }, reference, true);
    await this.track(this.runTurn(request, logic, (context) => {
      context.turnState.set(PROACTIVE_KEY, true);
      if (sendOptions) context.turnState.set(SEND_OPTIONS_KEY, sendOptions);
    }));
  }

  /** The messaging window for a late officer reply (the platform's rule). */
  windowFor(sinceLastCitizenMessageMs: number): WindowDecision {
    return this.options.platform.windowFor(sinceLastCitizenMessageMs);
  }

  /** WhatsApp after 24 h: the approved template inviting the citizen back. */
  async sendReengagementTemplate(reference: Partial<ConversationReference>, ticketNumber: string): Promise<SentMessage> {
    const { platform } = this.options;
    if (!platform.sendReengagementTemplate) throw new Error(`ChannelAdapter.sendReengagementTemplate(): ${this.channelId} has no templates.`);
    return this.withRetries(() => platform.sendReengagementTemplate!(reference, ticketNumber));
  }

  /** The reference of a conversation id (`<channel>:<chat id>`), for replies without a stored one. */
  conversationReference(conversationId: string): Partial<ConversationReference> {
    return this.options.platform.conversationReference(conversationId);
  }

  /* ----------------------------------------------------------------------------------------------
   * Shutdown
   * -------------------------------------------------------------------------------------------- */

  /** Refuses new webhooks (503: the platform retries, perhaps on another instance). */
  stop(): void {
    this.stopped = true;
  }

  /** Waits until the turns under way have finished, or the timeout passes; true when all finished. */
  drain(timeoutMs: number): Promise<boolean> {
    return this.turnsInFlight.drain(timeoutMs);
  }

  get activeTurns(): number {
    return this.turnsInFlight.size;
  }

  /* ----------------------------------------------------------------------------------------------
   * Internals
   * -------------------------------------------------------------------------------------------- */

  /** Fills what the platform left out, and turns a reply by number or by position into the choice's value. */
  private async completeActivity(partial: Partial<Activity>, event: InboundEvent): Promise<Partial<Activity>> {
    const activity: Partial<Activity> = {
      type: ActivityTypes.Message,
      id: event.eventId,
      timestamp: this.now(),
      ...partial,
      channelId: this.channelId,
      serviceUrl: channelServiceUrl(this.channelId),
      conversation: { id: event.conversationId, isGroup: false, conversationType: 'personal', name: '', ...partial.conversation },
      from: { id: event.conversationId, name: '', ...partial.from, role: 'user' },
      recipient: partial.recipient ?? this.options.bot,
    };
    if (activity.type !== ActivityTypes.Message) return activity;
    const reference = (activity.channelData as { choiceReference?: ChoiceReference } | undefined)?.choiceReference;
    try {
      const value = await this.options.choices.resolve(event.conversationId, { text: activity.text, reference });
      if (value !== undefined) activity.text = value;
    } catch (error) {
      // The reply is still read as typed; the dialogs accept a number or the title too.
      this.options.logger.warn({ err: error, channel: this.channelId, conversationId: event.conversationId }, 'offered choices could not be read');
      if (reference?.title && !activity.text) activity.text = reference.title;
    }
    return activity;
  }

  private async acknowledgeInteraction(event: InboundEvent): Promise<void> {
    try {
      await this.options.platform.acknowledgeInteraction?.(event);
    } catch (error) {
      this.options.logger.warn({ err: error, channel: this.channelId, eventId: event.eventId }, 'button press could not be acknowledged');
    }
  }

  /** The polite "please send it as text", in the citizen's language as far as the adapter can tell. */
  private async sendUnsupportedNotice(activity: Partial<Activity>): Promise<void> {
    const text = messagesFor(languageFromLocale(activity.locale)).unsupportedActivity;
    const reference = TurnContext.getConversationReference(activity);
    try {
      await this.sendMessage(reference, { type: ActivityTypes.Message, text, locale: activity.locale }, {});
    } catch (error) {
      // Retryable trouble retries the event; a refusal (blocked bot) will not change on a retry.
      if (error instanceof PlatformApiError && !error.retryable) {
        this.options.logger.warn({ err: error, channel: this.channelId, conversationId: activity.conversation?.id }, 'unsupported-message notice could not be sent');
        return;
      }
      throw error;
    }
  }

  /** Renders and sends one message activity; remembers its offer. Returns the last platform message id. */
  private async sendMessage(reference: Partial<ConversationReference>, outgoing: Partial<Activity>, sendOptions: SendOptions): Promise<string | undefined> {
    const { platform } = this.options;
    const rendered = renderActivityWithOffer(outgoing, platform.limits, (markdown) => platform.formatText(markdown));
    let messageId: string | undefined;
    for (const message of rendered.messages) {
      const sent = await this.withRetries(() => platform.send(reference, message, sendOptions));
      messageId = sent.messageId ?? messageId;
    }
    await this.rememberOffer(reference, rendered.offer);
    return messageId;
  }

  private async rememberOffer(reference: Partial<ConversationReference>, offer: ReturnType<typeof renderActivityWithOffer>['offer']): Promise<void> {
    const conversationId = reference.conversation?.id;
    if (!conversationId) return;
    try {
      if (offer) await this.options.choices.remember(conversationId, offer.rendering, offer.choices, this.now());
      else await this.options.choices.forget(conversationId);
    } catch (error) {
      this.options.logger.warn({ err: error, channel: this.channelId, conversationId }, 'offered choices could not be stored');
    }
  }

  /**
   * Calls the platform, backing off on retryable errors (429, 5xx, network): the platform's
   * Retry-After when given, else base × 2^n with jitter; a wait longer than maxWaitMs is not waited.
   */
  private async withRetries<T>(call: () => Promise<T>): Promise<T> {
    const maxAttempts = this.options.sendRetry?.maxAttempts ?? DEFAULT_SEND_ATTEMPTS;
    const base = this.options.sendRetry?.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS;
    const maxWait = this.options.sendRetry?.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await call();
      } catch (error) {
        const retryable = error instanceof PlatformApiError ? error.retryable : false;
        if (!retryable || attempt >= maxAttempts) throw error;
        const platformWait = (error as PlatformApiError).retryAfterMs;
        const wait = platformWait ?? Math.round(base * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5));
        if (wait > maxWait) throw error;
        this.options.logger.warn({ channel: this.channelId, status: (error as PlatformApiError).status, attempt, waitMs: wait }, 'platform send failed: backing off');
        await this.sleep(wait);
      }
    }
  }

  private async sendTyping(reference: Partial<ConversationReference>): Promise<void> {
    try {
      await this.options.platform.sendTyping(reference);
    } catch (error) {
      this.options.logger.debug({ err: error, channel: this.channelId }, 'typing indicator could not be sent');
    }
  }

  private async reportSendFailure(reference: Partial<ConversationReference>, outgoing: Partial<Activity>, error: Error): Promise<void> {
    const conversationId = reference.conversation?.id ?? '';
    this.options.logger.error({ err: error, channel: this.channelId, conversationId }, 'bot reply could not be sent');
    try {
      await this.options.onSendFailed?.({ channelId: this.channelId, conversationId, text: outgoing.text ?? '', error });
    } catch (recordError) {
      this.options.logger.error({ err: recordError, channel: this.channelId, conversationId }, 'failed send could not be recorded');
    }
  }

  /** Where an outgoing activity goes: its own conversation (set by TurnContext), else the turn's. */
  private referenceOf(context: TurnContext, outgoing: Partial<Activity>): Partial<ConversationReference> {
    const incoming = TurnContext.getConversationReference(context.activity);
    return {
      ...incoming,
      channelId: this.channelId,
      serviceUrl: channelServiceUrl(this.channelId),
      conversation: outgoing.conversation ?? incoming.conversation,
      user: outgoing.recipient ?? incoming.user,
      bot: outgoing.from ?? incoming.bot,
      locale: outgoing.locale ?? incoming.locale,
    };
  }

  /** A message turn, with the typing indicator shown from its start and repeated until it ends. */
  private async runTurnWithTyping(activity: Partial<Activity>, logic: TurnLogic): Promise<void> {
    const reference = TurnContext.getConversationReference(activity);
    void this.sendTyping(reference);
    const typing = setInterval(() => void this.sendTyping(reference), this.options.typingIntervalMs ?? DEFAULT_TYPING_INTERVAL_MS);
    typing.unref();
    try {
      await this.track(this.runTurn(activity, logic));
    } finally {
      clearInterval(typing);
    }
  }

  private track(turn: Promise<void>): Promise<void> {
    this.turnsInFlight.track(turn);
    return turn;
  }

  private async runTurn(activity: Partial<Activity>, logic: TurnLogic, prepare?: (context: TurnContext) => void): Promise<void> {
    const started = process.hrtime.bigint();
    let outcome: 'ok' | 'error' = 'ok';
    try {
      const context = new TurnContext(this, activity);
      prepare?.(context);
      await this.runMiddleware(context, logic);
    } catch (error) {
      outcome = 'error';
      throw error;
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.options.observer.turnCompleted(this.channelId, seconds, outcome);
    }
  }
}

/**
 * Send options an activity carries itself: server/reply-delivery.ts puts the window's message tag in
 * `channelData.tag` (Messenger/Instagram HUMAN_AGENT between 24 h and 7 days).
 */
function sendOptionsOf(activity: Partial<Activity>): SendOptions {
  const tag = (activity.channelData as { tag?: unknown } | undefined)?.tag;
  return tag === 'HUMAN_AGENT' ? { tag } : {};
}

function errorBody(code: string, message: string) {
  return { error: { code, message } };
}
