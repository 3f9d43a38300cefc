import { randomUUID } from 'node:crypto';
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
import type { ConversationLogRepository } from '../../storage/repositories';
import type { TurnObserver } from '../turn-observer';
import type { ActivityFeed } from './activity-feed';
import { TurnsInFlight } from '../turns-in-flight';

export const WEBCHAT_CHANNEL_ID = 'webchat';
/** Replies never travel over HTTP to this address: the adapter stores them and streams them itself. */
export const WEBCHAT_SERVICE_URL = 'urn:tanya-pabean:webchat';

export type TurnLogic = (context: TurnContext) => Promise<void>;

export interface WebChatAdapterOptions {
  conversations: ConversationLogRepository;
  feed: ActivityFeed;
  bot: ChannelAccount;
  observer: TurnObserver;
  logger: Logger;
  /** The bot's turn handler (CustomsBot.run); continueConversation passes its own logic. */
  runTurn: TurnLogic;
}

/** Direct Line activity id: conversation id and zero-padded position, as the Azure service writes them. */
export function activityId(conversationId: string, sequence: number): string {
  return `${conversationId}|${String(sequence).padStart(7, '0')}`;
}

/**
 * The web chat channel: a BotAdapter whose inbound half is our Direct Line 3.0 endpoint
 * (server/routes/direct-line-routes.ts) and whose outbound half appends to the conversation's
 * persisted log, from which polling clients and WebSocket streams read. Because replies go to the
 * log, an officer's proactive reply reaches a citizen who reconnects days later.
 */
export class WebChatAdapter extends BotAdapter {
  private readonly turnsInFlight = new TurnsInFlight();

  constructor(private readonly options: WebChatAdapterOptions) {
    super();
  }

  /**
   * Creates the conversation if it is new and then runs the conversationUpdate turn (the welcome) in
   * the background. Returns false for a conversation that already existed.
   */
  async startConversation(conversationId: string, user: ChannelAccount, locale: string | undefined): Promise<boolean> {
    const created = await this.options.conversations.createConversation({ conversationId, userId: user.id, createdAt: new Date() });
    if (created) {
      const update: Partial<Activity> = {
        type: ActivityTypes.ConversationUpdate,
        id: randomUUID(),
        timestamp: new Date(),
        channelId: WEBCHAT_CHANNEL_ID,
        serviceUrl: WEBCHAT_SERVICE_URL,
        conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
        from: user,
        recipient: this.options.bot,
        membersAdded: [this.options.bot, user],
        locale,
      };
      this.runInBackground(update, this.options.runTurn);
    }
    return created;
  }

  /**
   * Stores a citizen's activity (it is echoed to the client with its id, as Direct Line does),
   * acknowledges it, and runs the turn after the caller has answered.
   */
  async acceptActivity(conversationId: string, incoming: Partial<Activity>): Promise<string> {
    const stored = await this.options.conversations.appendActivity(conversationId, (sequence) =>
      toJson({
        ...incoming,
        id: activityId(conversationId, sequence),
        timestamp: new Date(),
        channelId: WEBCHAT_CHANNEL_ID,
        serviceUrl: WEBCHAT_SERVICE_URL,
        conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
        recipient: this.options.bot,
      }),
    );
    this.options.feed.notify(conversationId);
    this.runInBackground(stored.activity as Partial<Activity>, this.options.runTurn);
    return String(stored.activity.id);
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const outgoing of activities) {
      const conversationId = outgoing.conversation?.id ?? context.activity.conversation.id;
      if (outgoing.type === 'delay') {
        await new Promise((resolve) => setTimeout(resolve, typeof outgoing.value === 'number' ? outgoing.value : 1000));
        responses.push({ id: '' });
        continue;
      }
      if (outgoing.type === ActivityTypes.Trace) {
        responses.push({ id: '' });
        continue;
      }
      if (outgoing.type === ActivityTypes.Typing) {
        // Direct Line streams typing over the WebSocket only and never stores it.
        this.options.feed.publishEphemeral(conversationId, toJson({ ...outgoing, id: randomUUID(), timestamp: new Date() }));
        responses.push({ id: '' });
        continue;
      }
      const stored = await this.options.conversations.appendActivity(conversationId, (sequence) =>
        toJson({
          ...outgoing,
          id: activityId(conversationId, sequence),
          timestamp: new Date(),
          channelId: WEBCHAT_CHANNEL_ID,
          from: outgoing.from ?? this.options.bot,
        }),
      );
      this.options.feed.notify(conversationId);
      responses.push({ id: String(stored.activity.id) });
    }
    return responses;
  }

  override async updateActivity(): Promise<void> {
    throw new Error('WebChatAdapter.updateActivity(): Direct Line clients cannot be sent edits.');
  }

  override async deleteActivity(): Promise<void> {
    throw new Error('WebChatAdapter.deleteActivity(): Direct Line clients cannot be sent deletions.');
  }

  /** Proactive messages (officer replies): the same event CloudAdapter builds, run through the middleware. */
  override async continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic): Promise<void> {
    const request = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'ContinueConversation' },
      reference,
      true,
    );
    await this.runTurn(request, logic);
  }

  /** Waits until the turns under way have finished, or the timeout passes; true when all finished. */
  drain(timeoutMs: number): Promise<boolean> {
    return this.turnsInFlight.drain(timeoutMs);
  }

  get activeTurns(): number {
    return this.turnsInFlight.size;
  }

  private runInBackground(activity: Partial<Activity>, logic: TurnLogic): void {
    const turn = this.runTurn(activity, logic).catch((error) => {
      this.options.logger.error({ err: error, channel: WEBCHAT_CHANNEL_ID, conversationId: activity.conversation?.id }, 'turn failed');
    });
    this.turnsInFlight.track(turn);
  }

  private async runTurn(activity: Partial<Activity>, logic: TurnLogic): Promise<void> {
    const started = process.hrtime.bigint();
    let outcome: 'ok' | 'error' = 'ok';
    try {
      const context = new TurnContext(this, activity);
      await this.runMiddleware(context, logic);
    } catch (error) {
      outcome = 'error';
      throw error;
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.options.observer.turnCompleted(WEBCHAT_CHANNEL_ID, seconds, outcome);
    }
  }
}

/** Activities are stored as plain JSON (dates as ISO strings), exactly as clients receive them. */
function toJson(activity: Partial<Activity>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(activity)) as Record<string, unknown>;
}
