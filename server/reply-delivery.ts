import { type ConversationReference, EventFactory, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { WEBCHAT_CHANNEL_ID, type WebChatAdapter } from '../adapters/webchat/webchat-adapter';
import type { HandoffStatusHandler } from '../bot/handoff-middleware';
import type { ChannelPlatform, WindowDecision } from '../adapters/channel/channel-platform';
import type { DeliveryReceipt, ReplyDelivery, WindowState } from '../officers/reply-delivery';
import type { TicketRecord } from '../storage/repositories';

/** A channel adapter as officers' replies use it: proactive turns, and its platform's window rules. */
export interface ProactiveChannel {
  continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
  readonly platform: Pick<ChannelPlatform, 'windowFor' | 'sendReengagementTemplate'>;
}

/** The channel adapters that can carry an officer's reply: web chat, and each configured platform by channel id. */
export interface ReplyChannels {
  webChat: WebChatAdapter;
  platforms?: ReadonlyMap<string, ProactiveChannel>;
}

/**
 * Gives a conversation back to the bot once the desk is done with it (resolved, or closed and
 * handed back): the Bot Framework `handoff.status` with state `completed` reaches the bot in a
 * proactive turn, so the bot tells the citizen and answers their next message itself.
 */
export interface ConversationHandback {
  handBack(ticket: TicketRecord): Promise<void>;
}

export interface ReplyDeliveryOptions {
  /** The bot's `handoff.status` handler (CustomsBot.onHandoffStatus), as HandoffMiddleware calls it. */
  onHandoffStatus: HandoffStatusHandler;
  /** When the citizen last wrote on the ticket's conversation (DeskService.lastCitizenMessageAt). */
  lastCitizenMessageAt?: (ticket: TicketRecord) => Promise<Date>;
  logger?: Logger;
  now?: () => Date;
}

const DAY_MS = 24 * 3_600_000;

/**
 * Officers' replies leave through the ticket's stored conversation reference and the channel's own
 * adapter (a proactive `continueConversation`), never through in-memory state, so they work after a
 * restart and from any instance. Web chat delivers at once: the reply is appended to the
 * conversation's log, from which the citizen's page reads (every instance's feed polls that log).
 * The hand-back to the bot goes the same way.
 */
export function createReplyDelivery(channels: ReplyChannels, options: ReplyDeliveryOptions): ReplyDelivery & ConversationHandback {
  const now = options.now ?? (() => new Date());
  const lastCitizenMessageAt = options.lastCitizenMessageAt ?? (async (ticket: TicketRecord) => ticket.receivedAt);

  /** Runs `logic` in a proactive turn on the ticket's conversation, through its channel's adapter. */
  const continueTicketConversation = async (ticket: TicketRecord, action: string, logic: (context: TurnContext) => Promise<void>): Promise<void> => {
    const reference = ticket.conversationReference as Partial<ConversationReference>;
    if (ticket.channelId === WEBCHAT_CHANNEL_ID) {
      await channels.webChat.continueConversation(reference, logic);
      return;
    }
    const platform = channels.platforms?.get(ticket.channelId);
    if (!platform) throw new Error(`ReplyDelivery.${action}(): channel "${ticket.channelId}" is not configured on this instance.`);
    await platform.continueConversation(reference, logic);
  };

  return {
    /**
     * Web chat and Telegram deliver at once. WhatsApp after 24 h sends the approved template and the
     * answer waits for the citizen's next message; Messenger/Instagram between 24 h and 7 days send
     * with the HUMAN_AGENT tag, and after 7 days refuse with the reason (DESIGN.md section 6).
     */
    async deliver(ticket: TicketRecord, text: string): Promise<DeliveryReceipt> {
      const channel = channels.platforms?.get(ticket.channelId);
      const decision: WindowDecision = channel ? channel.platform.windowFor(now().getTime() - (await lastCitizenMessageAt(ticket)).getTime()) : { kind: 'send', options: {} };
      switch (decision.kind) {
        case 'closed':
          throw new Error(decision.reason);
        case 'template': {
          if (!channel?.platform.sendReengagementTemplate) throw new Error(`channel "${ticket.channelId}" has no re-engagement template`);
          await channel.platform.sendReengagementTemplate(ticket.conversationReference as Partial<ConversationReference>, ticket.number);
          return { via: 'template', queued: true };
        }
        case 'send':
          await continueTicketConversation(ticket, 'deliver', async (context) => {
            await context.sendActivity({ type: 'message', text, ...(decision.options.tag ? { channelData: { tag: decision.options.tag } } : {}) });
          });
          return decision.options.tag ? { via: 'human-agent-tag' } : { via: 'message' };
      }
    },

    async windowOf(ticket: TicketRecord, at: Date): Promise<WindowState> {
      const lastWritten = await lastCitizenMessageAt(ticket);
      const channel = channels.platforms?.get(ticket.channelId);
      if (!channel) return { state: 'none', lastCitizenMessageAt: lastWritten };
      const since = at.getTime() - lastWritten.getTime();
      const decision = channel.platform.windowFor(since);
      const mark = (days: number) => new Date(lastWritten.getTime() + days * DAY_MS);
      switch (decision.kind) {
        case 'closed':
          return { state: 'closed', lastCitizenMessageAt: lastWritten, reason: decision.reason };
        case 'template':
          return { state: 'template', lastCitizenMessageAt: lastWritten };
        case 'send': {
          if (decision.options.tag) return { state: 'human-agent', lastCitizenMessageAt: lastWritten, changesAt: mark(7) };
          // A platform that still sends plainly a month later has no window (Telegram).
          const monthLater = channel.platform.windowFor(since + 30 * DAY_MS);
          if (monthLater.kind === 'send' && !monthLater.options.tag) return { state: 'none', lastCitizenMessageAt: lastWritten };
          return { state: 'open', lastCitizenMessageAt: lastWritten, changesAt: mark(1) };
        }
      }
    },

    async handBack(ticket: TicketRecord): Promise<void> {
      await continueTicketConversation(ticket, 'handBack', async (context) => {
        // The protocol's event, as a remote agent hub would send it back to the bot.
        const event = EventFactory.createHandoffStatus(context.activity.conversation, 'completed');
        options.logger?.info({ channel: ticket.channelId, conversationId: ticket.conversationId, state: 'completed', ticket: ticket.number }, event.name);
        await options.onHandoffStatus(context, { state: 'completed', ticket });
      });
    },
  };
}
