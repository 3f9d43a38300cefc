import type { TicketRecord } from '../storage/repositories';

/**
 * How a reply left: as a normal message, with the platform's human-agent tag (Messenger/Instagram
 * between 24 h and 7 days), or queued behind WhatsApp's re-engagement template (after 24 h: the
 * template invites the citizen back and the answer goes out when they write).
 */
export type DeliveryReceipt = { via: 'message' } | { via: 'human-agent-tag' } | { via: 'template'; queued: true };

/** Where a conversation stands in its platform's messaging window, for the console. */
export interface WindowState {
  /** none: the channel has no window (web chat, Telegram). */
  state: 'none' | 'open' | 'human-agent' | 'template' | 'closed';
  lastCitizenMessageAt: Date;
  /** When the state next changes (the 24 h or 7 day mark), if it will. */
  changesAt?: Date;
  /** Why a reply cannot be delivered (closed). */
  reason?: string;
}

/**
 * Sends an officer's reply to the citizen on the ticket's channel, through the stored conversation
 * reference (proactive message), so it works after a restart and from any instance. The server
 * wires it to the channel adapters; a failure throws and the desk records it for a retry.
 */
export interface ReplyDelivery {
  deliver(ticket: TicketRecord, text: string): Promise<DeliveryReceipt>;
  /** The messaging window of the ticket's conversation now. */
  windowOf(ticket: TicketRecord, now: Date): Promise<WindowState>;
}
