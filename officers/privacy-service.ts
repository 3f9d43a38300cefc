import { isDeepStrictEqual } from 'node:util';
import {
  type AttachmentRepository,
  type AuditLogRepository,
  type ConversationLogRepository,
  StaleTicketError,
  type TicketEvent,
  type TicketRecord,
  type TicketRepository,
  type TicketStatus,
} from '../storage/repositories';

/** What replaces erased text in ticket transcripts and the web chat history (shown to officers and the citizen). */
export const ERASED_TEXT = '[dihapus atas permintaan warga]';

/** Event kinds whose data may hold free text (storage/redact-event-data.ts says which fields). */
const TEXT_EVENT_KINDS: TicketEvent['kind'][] = ['citizen-message', 'bot-message', 'officer-reply', 'internal-note', 'escalation', 'delivery-failed', 'delivery'];

/** Statuses in which officers still work on a ticket. */
const OPEN_STATUSES: readonly TicketStatus[] = ['queued', 'assigned', 'escalated', 'reopened'];

/**
 * More tickets than this for one citizen or conversation is not a real citizen's history: the
 * erasure refuses rather than silently leave the rest behind.
 */
const MAX_TICKETS = 1_000;

/** Whose data to erase: a citizen's identity on one channel and the conversations they had there. */
export interface ErasureRequest {
  channelId: string;
  /** The citizen's id on the channel (activity.from.id). */
  citizenId: string;
  /** The conversations of this citizen on the channel (e.g. the current one). */
  conversationIds: string[];
}

/** What an erasure changed; a second erasure of the same citizen reports zeros except ticketsFound. */
export interface ErasureReport {
  /** The citizen's tickets on the channel, anonymised now or before. */
  ticketsFound: number;
  /** Tickets whose record still held personal data (or was still open) and was anonymised now. */
  ticketsAnonymised: number;
  /** Open tickets closed, because officers cannot act on erased data. */
  ticketsClosed: number;
  eventsRedacted: number;
  activitiesRedacted: number;
  attachmentsDeleted: number;
  /** Given conversations left alone because they are bound to another channel user. */
  conversationsSkipped: number;
}

type TicketChanges = Parameters<TicketRepository['update']>[2];

/**
 * A citizen's right to erasure (UU 27/2022; DESIGN.md section 5): removes the personal data a
 * citizen left on a channel identity (collected fields, name, ids, comments, what was written in
 * tickets and in the web chat history, uploaded files) and keeps what statistics need (status,
 * times, SLA track and milestones, topic, unit, channel, rating score). Bot state is cleared by the
 * dialog itself. Safe to run again: what is already erased is left as it is.
 */
export class PrivacyService {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly conversations: ConversationLogRepository,
    private readonly attachments: AttachmentRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  async eraseCitizen(request: ErasureRequest, at: Date): Promise<ErasureReport> {
    if (!request.channelId || !request.citizenId) {
      throw new TypeError('PrivacyService.eraseCitizen(): channelId and citizenId are required.');
    }
    const conversationIds: string[] = [];
    let conversationsSkipped = 0;
    for (const conversationId of new Set(request.conversationIds)) {
      if (await this.belongsToCitizen(conversationId, request.citizenId)) conversationIds.push(conversationId);
      else conversationsSkipped += 1;
    }
    const tickets = await this.findTickets(request.channelId, request.citizenId, conversationIds);
    const report: ErasureReport = { ticketsFound: tickets.length, ticketsAnonymised: 0, ticketsClosed: 0, eventsRedacted: 0, activitiesRedacted: 0, attachmentsDeleted: 0, conversationsSkipped };
    for (const ticket of tickets) {
      const outcome = await this.anonymiseTicket(ticket, at);
      if (outcome !== 'unchanged') report.ticketsAnonymised += 1;
      if (outcome === 'closed') report.ticketsClosed += 1;
      report.eventsRedacted += await this.tickets.redactEvents(ticket.ticketId, TEXT_EVENT_KINDS, ERASED_TEXT);
    }
    for (const conversationId of conversationIds) {
      report.activitiesRedacted += await this.conversations.redactActivities(conversationId, ERASED_TEXT);
      report.attachmentsDeleted += await this.attachments.deleteByConversation(conversationId);
    }
    // Counts only: the citizen's id, their conversations and ticket numbers would tie the record to a person.
    await this.audit.append({ at, actor: 'citizen', action: 'privacy.erase', target: `channel:${request.channelId}`, details: { ...report } });
    return report;
  }

  /**
   * A web chat conversation bound to another channel user (its token's user) is not this citizen's
   * to erase. Conversations without a log (other channels) or without a bound user are.
   */
  private async belongsToCitizen(conversationId: string, citizenId: string): Promise<boolean> {
    const conversation = await this.conversations.getConversation(conversationId);
    return conversation?.userId === undefined || conversation.userId === citizenId;
  }

  /**
   * The citizen's tickets on the channel: those carrying their id, and those of their conversations,
   * since tickets opened before citizenId was recorded lack it. A ticket of one of the conversations
   * that names another citizen is someone else's and is left out.
   */
  private async findTickets(channelId: string, citizenId: string, conversationIds: string[]): Promise<TicketRecord[]> {
    const lists = [await this.tickets.list({ channelId, citizenId }, MAX_TICKETS)];
    for (const conversationId of conversationIds) lists.push(await this.tickets.list({ channelId, conversationId }, MAX_TICKETS));
    if (lists.some((list) => list.length === MAX_TICKETS)) {
      throw new Error(`PrivacyService.eraseCitizen(): ${MAX_TICKETS} or more tickets match one query; nothing was erased.`);
    }
    const found = new Map<string, TicketRecord>();
    for (const ticket of lists.flat()) {
      if (ticket.citizenId === undefined || ticket.citizenId === citizenId) found.set(ticket.ticketId, ticket);
    }
    return [...found.values()];
  }

  /**
   * Writes the anonymised ticket with the revision it was read at. An officer's change in between
   * makes it stale: it is read again and tried once more, and a second conflict is thrown.
   */
  private async anonymiseTicket(ticket: TicketRecord, at: Date): Promise<'unchanged' | 'anonymised' | 'closed'> {
    let current = ticket;
    for (let attempt = 1; ; attempt += 1) {
      const changes = anonymisingChanges(current, at);
      if (!changes) return 'unchanged';
      try {
        await this.tickets.update(current.ticketId, current.revision, changes);
        break;
      } catch (error) {
        if (!(error instanceof StaleTicketError) || attempt === 2) throw error;
        const reread = await this.tickets.get(current.ticketId);
        if (!reread) throw new Error(`PrivacyService.eraseCitizen(): ticket "${current.ticketId}" disappeared.`, { cause: error });
        current = reread;
      }
    }
    if (!OPEN_STATUSES.includes(current.status)) return 'anonymised';
    await this.tickets.appendEvent(current.ticketId, { at, kind: 'status', actor: 'system', data: { status: 'closed', reason: 'privacy-erasure' } });
    return 'closed';
  }
}

/**
 * The update that leaves a ticket without personal data, or undefined when it holds none and is not
 * open. Open tickets are closed: the officer can no longer act on the request once its data and
 * transcript are gone, and an open ticket would keep owning the conversation, so the citizen's next
 * messages would go to a desk that cannot help instead of to the bot. The status event's reason
 * lets reports tell these closures from an officer's. Answered and closed tickets keep their status.
 * citizenId is removed, not pseudonymised: statistics never group by citizen, and a pseudonym would
 * still be personal data (UU 27/2022); the citizen's later status look-ups no longer find these
 * tickets, as intended.
 */
function anonymisingChanges(ticket: TicketRecord, at: Date): TicketChanges | undefined {
  const reference = reducedReference(ticket.conversationReference);
  const open = OPEN_STATUSES.includes(ticket.status);
  const holdsPersonalData =
    Object.keys(ticket.collectedData).length > 0 ||
    ticket.citizenName !== undefined ||
    ticket.citizenId !== undefined ||
    ticket.ratingComment !== undefined ||
    !isDeepStrictEqual(reference, ticket.conversationReference);
  if (!holdsPersonalData && !open) return undefined;
  return {
    collectedData: {},
    citizenName: undefined,
    citizenId: undefined,
    ratingComment: undefined,
    conversationReference: reference,
    anonymisedAt: at,
    updatedAt: at,
    ...(open ? { status: 'closed' as const } : {}),
  };
}

/**
 * A conversation reference without the citizen: channel, service URL, the bot and the
 * conversation's id. `user` (id and name), `activityId`, `locale` and the conversation's name go.
 */
function reducedReference(reference: Record<string, unknown>): Record<string, unknown> {
  const reduced: Record<string, unknown> = {};
  for (const field of ['channelId', 'serviceUrl', 'bot'] as const) {
    if (reference[field] !== undefined) reduced[field] = reference[field];
  }
  const conversation = reference.conversation as { id?: unknown } | undefined;
  if (typeof conversation?.id === 'string') reduced.conversation = { id: conversation.id };
  return reduced;
}
