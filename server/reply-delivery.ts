import { type ConversationReference, EventFactory, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { WEBCHAT_CHANNEL_ID, type WebChatAdapter } from '../adapters/webchat/webchat-adapter';
import type { HandoffStatusHandler } from '../bot/handoff-middleware';
import type { ReplyDelivery } from '../officers/reply-delivery';
import type { TicketRecord } from '../storage/repositories';

/** The channel adapters that can carry an officer's reply. Each channel joins here when its adapter exists. */
export interface ReplyChannels {
  webChat: WebChatAdapter;
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
  logger?: Logger;
}

/**
 * Officers' replies leave through the ticket's stored conversation reference and the channel's own
 * adapter (a proactive `continueConversation`), never through in-memory state, so they work after a
 * restart and from any instance. Web chat delivers at once: the reply is appended to the
 * conversation's log, from which the citizen's page reads (every instance's feed polls that log).
 * The hand-back to the bot goes the same way.
 */
export function createReplyDelivery(channels: ReplyChannels, options: ReplyDeliveryOptions): ReplyDelivery & ConversationHandback {
  /** Runs `logic` in a proactive turn on the ticket's conversation, through its channel's adapter. */
  const continueTicketConversation = async (ticket: TicketRecord, action: string, logic: (context: TurnContext) => Promise<void>): Promise<void> => {
    const reference = ticket.conversationReference as Partial<ConversationReference>;
    switch (ticket.channelId) {
      case WEBCHAT_CHANNEL_ID:
        await channels.webChat.continueConversation(reference, logic);
        return;
      default:
        throw new Error(`ReplyDelivery.${action}(): no adapter delivers to channel "${ticket.channelId}" yet.`);
    }
  };

  return {
    async deliver(ticket: TicketRecord, text: string): Promise<void> {
      await continueTicketConversation(ticket, 'deliver', async (context) => {
        await context.sendActivity(text);
      });
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
