import type { ConversationReference } from 'botbuilder';
import { WEBCHAT_CHANNEL_ID, type WebChatAdapter } from '../adapters/webchat/webchat-adapter';
import type { ReplyDelivery } from '../officers/reply-delivery';
import type { TicketRecord } from '../storage/repositories';

/** The channel adapters that can carry an officer's reply. Each channel joins here when its adapter exists. */
export interface ReplyChannels {
  webChat: WebChatAdapter;
}

/**
 * Officers' replies leave through the ticket's stored conversation reference and the channel's own
 * adapter (a proactive `continueConversation`), never through in-memory state, so they work after a
 * restart and from any instance. Web chat delivers at once: the reply is appended to the
 * conversation's log, from which the citizen's page reads.
 */
export function createReplyDelivery(channels: ReplyChannels): ReplyDelivery {
  return {
    async deliver(ticket: TicketRecord, text: string): Promise<void> {
      const reference = ticket.conversationReference as Partial<ConversationReference>;
      switch (ticket.channelId) {
        case WEBCHAT_CHANNEL_ID:
          await channels.webChat.continueConversation(reference, async (context) => {
            await context.sendActivity(text);
          });
          return;
        default:
          throw new Error(`ReplyDelivery.deliver(): no adapter delivers officer replies to channel "${ticket.channelId}" yet.`);
      }
    },
  };
}
