import type { TurnContext } from 'botbuilder';
import type { TicketRecord } from '../storage/repositories';

/**
 * What the dialogs need from the officer desk, on behalf of the citizen in the current turn
 * (officers/desk-service.ts and officers/privacy-service.ts implement it; server/app.ts wires it).
 * Every look-up is scoped to the channel and the citizen's id on it: a citizen sees only their own
 * tickets.
 */
export interface CitizenDeskPort {
  /** The citizen's tickets on this channel, newest first. */
  ticketsOfCitizen(channelId: string, citizenId: string): Promise<TicketRecord[]>;
  /** The open ticket that owns this conversation (an officer is handling it), if any. */
  findOwningTicket(channelId: string, conversationId: string): Promise<TicketRecord | undefined>;
  /** The citizen withdraws a request an officer has not finished. */
  cancelByCitizen(ticketId: string): Promise<TicketRecord>;
  /** The citizen's 1-5 rating of an answered ticket and their optional comment. */
  recordRating(ticketId: string, rating: number, comment?: string): Promise<void>;
  /** Erases the citizen's personal data on this channel (UU 27/2022); returns how many tickets were anonymised. */
  eraseCitizen(context: TurnContext): Promise<{ tickets: number }>;
}

/**
 * What the dialogs may ask about the channel a turn came from, as capabilities rather than channel
 * names, so no dialog branches on the channel.
 */
export interface ChannelCapabilities {
  /**
   * True when the channel gives the office no lasting way to reach the citizen (an anonymous web
   * chat tab): the intake then also asks for a name and a phone number or e-mail.
   */
  needsContactDetails(context: TurnContext): boolean;
}
