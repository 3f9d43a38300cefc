import type { TicketRecord } from '../storage/repositories';

/**
 * Sends an officer's reply to the citizen on the ticket's channel, through the stored conversation
 * reference (proactive message), so it works after a restart and from any instance. The server
 * wires it to the channel adapters; a failure throws and the desk records it for a retry.
 */
export interface ReplyDelivery {
  deliver(ticket: TicketRecord, text: string): Promise<void>;
}
