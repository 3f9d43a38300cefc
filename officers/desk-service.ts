import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { maskIdentifier } from '../knowledge/identifiers';
import type { FieldCipher } from '../storage/field-cipher';
import { type AuditLogRepository, StaleTicketError, type TicketEvent, type TicketRecord, type TicketRepository, type TicketStatus } from '../storage/repositories';
import type { OfficeCalendar } from './office-calendar';
import { computeSla, escalateSla } from './sla-clock';
import { calendarVersion } from './working-calendar';

/**
 * Collected fields that identify or reach a person (UU 27/2022): encrypted at rest, masked in lists,
 * transcripts and the console until an audited reveal. Names stay readable, so officers can greet
 * the citizen; shipment references (tracking, AWB, billing, PIB/PEB) are not personal data.
 */
export const IDENTITY_FIELDS = new Set(['nik', 'npwp', 'passport', 'imei', 'nppbkc', 'phone', 'email', 'contact']);
const SEALED_PREFIX = 'sealed:';

/** The escalation chain of the service standard. */
export type EscalationHop = 'coordinator' | 'superior' | 'unit';
export const ESCALATION_HOPS: readonly EscalationHop[] = ['coordinator', 'superior', 'unit'];

export interface DeskOptions {
  /** Fraction of the SLA time after which officers are warned (DESIGN.md: 0.75). */
  warnFraction: number;
  /** Ticket numbers are `<prefix>-<yyMM>-<nnnn>`, readable aloud. */
  ticketPrefix: string;
  /** A citizen who writes again within this time after the answer reopens the ticket (0: never). */
  reopenWindowMs: number;
}

/** Statuses in which a ticket owns its conversation (the bot stays silent). */
const OWNING_STATUSES: readonly TicketStatus[] = ['queued', 'assigned', 'escalated', 'reopened'];
/** More tickets than this in one conversation is not a citizen's chat. */
const CONVERSATION_TICKETS_LIMIT = 200;

export const DEFAULT_DESK_OPTIONS: DeskOptions = { warnFraction: 0.75, ticketPrefix: 'TP', reopenWindowMs: 72 * 3_600_000 };

/**
 * The handoff a dialog sends: who, where, what was collected, and when the request started
 * (`receivedAt`, the citizen's first message of this request: the SLA clock starts there).
 */
export type HandoffRequest = Pick<TicketRecord, 'channelId' | 'conversationId' | 'conversationReference' | 'unit' | 'collectedData' | 'receivedAt'> &
  Partial<Pick<TicketRecord, 'citizenName' | 'citizenId' | 'topic'>> & {
    transcript: Array<{ from: 'citizen' | 'bot'; text: string; at: Date }>;
  };

/** A file or location the citizen sent, stored by the channel adapter; the console opens `contentUrl`. */
export interface CitizenAttachment {
  name?: string;
  contentType: string;
  contentUrl: string;
}

/** Who acts on a ticket. */
export interface DeskActor {
  accountId: string;
  displayName: string;
}

/** A desk action that cannot be done in the ticket's state. */
export class DeskError extends Error {
  constructor(
    readonly reason: 'not-found' | 'closed' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'DeskError';
  }
}

/**
 * The officers' desk: opens tickets from handoffs with their number and SLA, and records what
 * officers do (claim, note, reply, escalate, resolve). Each change checks the ticket's revision,
 * so two officers acting at once get a conflict instead of overwriting each other.
 */
export class DeskService {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly audit: AuditLogRepository,
    private readonly calendar: OfficeCalendar,
    private readonly cipher: FieldCipher,
    private readonly options: DeskOptions = DEFAULT_DESK_OPTIONS,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async openTicket(request: HandoffRequest): Promise<TicketRecord> {
    const now = this.now();
    const scope = DateTime.fromJSDate(now, { zone: this.calendar.timezone }).toFormat('yyMM');
    const serial = await this.tickets.nextNumber(scope);
    const sla = computeSla(this.calendar, request.receivedAt, false);
    const ticket = await this.tickets.create({
      ticketId: randomUUID(),
      number: `${this.options.ticketPrefix}-${scope}-${String(serial).padStart(4, '0')}`,
      channelId: request.channelId,
      conversationId: request.conversationId,
      conversationReference: request.conversationReference,
      citizenName: request.citizenName,
      ...(request.citizenId ? { citizenId: request.citizenId } : {}),
      topic: request.topic,
      unit: request.unit,
      collectedData: this.seal(request.collectedData),
      status: 'queued',
      receivedAt: request.receivedAt,
      track: sla.track,
      clockStartsAt: sla.clockStartsAt,
      dueAt: sla.dueAt,
      calendarVersion: sla.calendarVersion,
      createdAt: now,
      updatedAt: now,
    });
    for (const line of request.transcript) {
      await this.tickets.appendEvent(ticket.ticketId, { at: line.at, kind: line.from === 'citizen' ? 'citizen-message' : 'bot-message', actor: line.from, data: { text: line.text } });
    }
    await this.audit.append({ at: now, actor: 'bot', action: 'ticket.open', target: `ticket:${ticket.ticketId}`, details: { number: ticket.number, track: ticket.track, dueAt: ticket.dueAt.toISOString() } });
    return ticket;
  }

  /** The open ticket that owns a conversation (an officer is handling it), if any. */
  async findOwningTicket(channelId: string, conversationId: string): Promise<TicketRecord | undefined> {
    return this.owningTicketAmong(await this.ticketsOfConversation(channelId, conversationId));
  }

  /** A conversation's tickets, read once per citizen message and handed to the checks below. */
  async ticketsOfConversation(channelId: string, conversationId: string): Promise<TicketRecord[]> {
    return this.tickets.list({ channelId, conversationId }, CONVERSATION_TICKETS_LIMIT);
  }

  /** The open ticket among a conversation's tickets (an officer is handling it), if any. */
  owningTicketAmong(tickets: readonly TicketRecord[]): TicketRecord | undefined {
    return tickets.find((ticket) => OWNING_STATUSES.includes(ticket.status));
  }

  /**
   * A citizen who writes again soon after the answer (within the reopen window) is following up on
   * the same case: the ticket goes back to the desk as `reopened`, with its last officer, and owns the
   * conversation again. The SLA milestone already delivered stays as it was.
   */
  async reopenIfRecentlyAnswered(channelId: string, conversationId: string, at: Date): Promise<TicketRecord | undefined> {
    const latest = this.recentlyAnsweredAmong(await this.ticketsOfConversation(channelId, conversationId), at);
    return latest ? this.reopen(latest, at) : undefined;
  }

  /** The ticket answered within the reopen window (not erased) among a conversation's tickets, if any. */
  recentlyAnsweredAmong(tickets: readonly TicketRecord[], at: Date): TicketRecord | undefined {
    if (this.options.reopenWindowMs <= 0) return undefined;
    return tickets
      .filter((ticket) => ticket.status === 'answered' && !ticket.anonymisedAt && ticket.answeredAt && at.getTime() - ticket.answeredAt.getTime() <= this.options.reopenWindowMs)
      .sort((a, b) => (b.answeredAt?.getTime() ?? 0) - (a.answeredAt?.getTime() ?? 0))[0];
  }

  /** Puts an answered ticket back in the queue as `reopened`, with its last officer. */
  async reopen(ticket: TicketRecord, at: Date): Promise<TicketRecord> {
    try {
      const reopened = await this.tickets.update(ticket.ticketId, ticket.revision, { status: 'reopened', updatedAt: at });
      await this.tickets.appendEvent(ticket.ticketId, { at, kind: 'status', actor: 'citizen', data: { status: 'reopened' } });
      await this.audit.append({ at, actor: 'citizen', action: 'ticket.reopen', target: `ticket:${ticket.ticketId}`, details: { number: ticket.number } });
      return reopened;
    } catch (error) {
      // Another instance reopened it in the same moment: the ticket owns the conversation either way.
      if (error instanceof StaleTicketError) return (await this.tickets.get(ticket.ticketId)) ?? ticket;
      throw error;
    }
  }

  /** The citizen's tickets on one channel identity, newest first (status look-ups show only these). */
  async ticketsOfCitizen(channelId: string, citizenId: string, limit = 20): Promise<TicketRecord[]> {
    const tickets = await this.tickets.list({ channelId, citizenId }, 200);
    return tickets.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).slice(0, limit);
  }

  /** The citizen withdraws a request: the ticket closes, with an event saying who closed it. */
  async cancelByCitizen(ticketId: string): Promise<TicketRecord> {
    return this.withCurrentRevision(ticketId, async (ticket) => {
      if (ticket.status === 'closed') return ticket;
      const now = this.now();
      const updated = await this.tickets.update(ticketId, ticket.revision, { status: 'closed', updatedAt: now });
      await this.tickets.appendEvent(ticketId, { at: now, kind: 'status', actor: 'citizen', data: { status: 'closed', reason: 'cancelled-by-citizen' } });
      await this.audit.append({ at: now, actor: 'citizen', action: 'ticket.cancel', target: `ticket:${ticketId}`, details: { number: ticket.number } });
      return updated;
    });
  }

  /** The citizen's 1-5 rating of the answer, with an optional comment, kept on the ticket for reports. */
  async recordRating(ticketId: string, rating: number, comment?: string): Promise<TicketRecord> {
    if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw new DeskError('invalid', 'A rating is a whole number from 1 to 5.');
    return this.withCurrentRevision(ticketId, async (ticket) => {
      const now = this.now();
      const updated = await this.tickets.update(ticketId, ticket.revision, { rating, ratedAt: now, ...(comment?.trim() ? { ratingComment: comment.trim() } : {}), updatedAt: now });
      await this.tickets.appendEvent(ticketId, { at: now, kind: 'status', actor: 'citizen', data: { rating, commented: Boolean(comment?.trim()) } });
      return updated;
    });
  }

  /** When the citizen last wrote on the ticket's conversation (the start of the platform's messaging window). */
  async lastCitizenMessageAt(ticket: TicketRecord): Promise<Date> {
    const events = await this.tickets.listEvents(ticket.ticketId);
    const citizen = events.filter((event) => event.kind === 'citizen-message').map((event) => event.at.getTime());
    return new Date(Math.max(ticket.receivedAt.getTime(), ...citizen));
  }

  /**
   * Records a reply held back by the platform's window (WhatsApp after 24 h): the re-engagement
   * template went out, and the answer is delivered when the citizen writes again.
   */
  async queueForWindow(ticketId: string, officer: DeskActor, text: string): Promise<TicketEvent> {
    return this.tickets.appendEvent(ticketId, { at: this.now(), kind: 'delivery', actor: officer.accountId, data: { state: 'queued', via: 'template', text } });
  }

  /**
   * Takes the replies queued on a conversation's tickets (oldest first) and marks each delivered:
   * the caller sends them now that the citizen's message has reopened the window.
   */
  async takeQueuedReplies(
    channelId: string,
    conversationId: string,
    conversationTickets?: readonly TicketRecord[],
  ): Promise<Array<{ ticketId: string; text: string }>> {
    const tickets = (conversationTickets ?? (await this.ticketsOfConversation(channelId, conversationId))).filter((ticket) => ticket.status !== 'closed');
    const taken: Array<{ ticketId: string; text: string }> = [];
    for (const ticket of tickets) {
      const events = await this.tickets.listEvents(ticket.ticketId);
      const done = new Set(events.filter((event) => event.kind === 'delivery' && event.data.state === 'delivered-after-window').map((event) => event.data.queuedSequence));
      for (const event of events) {
        if (event.kind !== 'delivery' || event.data.state !== 'queued' || done.has(event.sequence)) continue;
        await this.tickets.appendEvent(ticket.ticketId, { at: this.now(), kind: 'delivery', actor: 'system', data: { state: 'delivered-after-window', queuedSequence: event.sequence } });
        taken.push({ ticketId: ticket.ticketId, text: String(event.data.text ?? '') });
      }
    }
    return taken;
  }

  /**
   * A platform's delivery or read receipt of a message we sent goes into the transcript of the
   * conversation's latest ticket. Receipts arrive out of order: a state is never downgraded.
   */
  async recordDeliveryStatus(
    channelId: string,
    conversationId: string,
    receipt: { messageId: string; status: 'sent' | 'delivered' | 'read' | 'failed'; at: Date; error?: string },
  ): Promise<TicketEvent | undefined> {
    const tickets = await this.tickets.list({ channelId, conversationId }, 50);
    const latest = tickets.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
    if (!latest) return undefined;
    const rank = { sent: 1, delivered: 2, read: 3, failed: 3 } as const;
    const events = await this.tickets.listEvents(latest.ticketId);
    const known = events.filter((event) => event.kind === 'delivery' && event.data.messageId === receipt.messageId).map((event) => rank[event.data.state as keyof typeof rank] ?? 0);
    if (known.some((value) => value >= rank[receipt.status])) return undefined;
    return this.tickets.appendEvent(latest.ticketId, {
      at: receipt.at,
      kind: 'delivery',
      actor: 'system',
      data: { state: receipt.status, messageId: receipt.messageId, ...(receipt.error ? { error: receipt.error } : {}) },
    });
  }

  /** A later message of the citizen goes into the ticket's transcript. */
  async recordCitizenMessage(ticketId: string, text: string, at: Date, attachments: CitizenAttachment[] = []): Promise<TicketEvent> {
    return this.tickets.appendEvent(ticketId, { at, kind: 'citizen-message', actor: 'citizen', data: { text, ...(attachments.length > 0 ? { attachments } : {}) } });
  }

  async claim(ticketId: string, officer: DeskActor, expectedRevision: number): Promise<TicketRecord> {
    const ticket = await this.openTicketOrThrow(ticketId);
    const updated = await this.tickets.update(ticketId, expectedRevision, { assigneeId: officer.accountId, status: ticket.status === 'escalated' ? 'escalated' : 'assigned', updatedAt: this.now() });
    await this.record(updated, officer, 'assignment', { assigneeId: officer.accountId, assigneeName: officer.displayName });
    return updated;
  }

  /** Internal notes stay on the desk: they are never sent to the citizen. */
  async addNote(ticketId: string, officer: DeskActor, text: string): Promise<TicketEvent> {
    await this.openTicketOrThrow(ticketId);
    const event = await this.tickets.appendEvent(ticketId, { at: this.now(), kind: 'internal-note', actor: officer.accountId, data: { text } });
    await this.audit.append({ at: this.now(), actor: officer.accountId, action: 'ticket.note', target: `ticket:${ticketId}`, details: {} });
    return event;
  }

  /**
   * Records an officer's answer that reached the citizen. The first delivery meets (or, late, breaches)
   * the current milestone; `resolve` closes the ticket with it.
   */
  async recordReply(ticketId: string, officer: DeskActor, text: string, expectedRevision: number, options: { resolve: boolean }): Promise<TicketRecord> {
    const ticket = await this.openTicketOrThrow(ticketId);
    const now = this.now();
    const updated = await this.tickets.update(ticketId, expectedRevision, {
      deliveredAt: ticket.deliveredAt ?? now,
      status: options.resolve ? 'answered' : ticket.status,
      ...(options.resolve ? { answeredAt: now } : {}),
      assigneeId: ticket.assigneeId ?? officer.accountId,
      updatedAt: now,
    });
    await this.record(updated, officer, 'officer-reply', { text, resolved: options.resolve, milestoneMet: (ticket.deliveredAt ?? now) <= ticket.dueAt });
    return updated;
  }

  /** Records a reply that could not be delivered, for the console's retry button. */
  async recordDeliveryFailure(ticketId: string, officer: DeskActor, text: string, error: string): Promise<TicketEvent> {
    return this.tickets.appendEvent(ticketId, { at: this.now(), kind: 'delivery-failed', actor: officer.accountId, data: { text, error } });
  }

  /**
   * One hop of the escalation chain (officer → coordinator → direct superior → related unit). The
   * escalation notice counts as the direct track's milestone; the ticket then follows the
   * escalation track from the same clock start (DESIGN.md rule 6).
   */
  async escalate(ticketId: string, officer: DeskActor, hop: EscalationHop, note: string, expectedRevision: number, assigneeId?: string): Promise<TicketRecord> {
    if (!ESCALATION_HOPS.includes(hop)) throw new DeskError('invalid', `An escalation goes to ${ESCALATION_HOPS.join(', ')}.`);
    if (!note.trim()) throw new DeskError('invalid', 'An escalation needs a note.');
    const ticket = await this.openTicketOrThrow(ticketId);
    const now = this.now();
    const next = escalateSla(this.calendar, { track: ticket.track, clockStartsAt: ticket.clockStartsAt, dueAt: ticket.dueAt, calendarVersion: ticket.calendarVersion });
    const switchesTrack = ticket.track === 'direct';
    const updated = await this.tickets.update(ticketId, expectedRevision, {
      status: 'escalated',
      assigneeId,
      track: next.track,
      dueAt: next.dueAt,
      calendarVersion: next.calendarVersion,
      // A new milestone (the final answer) starts: its warning and breach are recorded afresh.
      ...(switchesTrack ? { deliveredAt: undefined, warnedAt: undefined, breachedAt: undefined } : {}),
      updatedAt: now,
    });
    await this.record(updated, officer, 'escalation', {
      hop,
      note,
      assigneeId: assigneeId ?? null,
      previousDueAt: ticket.dueAt.toISOString(),
      dueAt: next.dueAt.toISOString(),
      ...(switchesTrack ? { directMilestoneMet: now <= ticket.dueAt } : {}),
    });
    return updated;
  }

  async close(ticketId: string, officer: DeskActor, expectedRevision: number): Promise<TicketRecord> {
    await this.openTicketOrThrow(ticketId);
    const updated = await this.tickets.update(ticketId, expectedRevision, { status: 'closed', updatedAt: this.now() });
    await this.record(updated, officer, 'status', { status: 'closed' });
    return updated;
  }

  /** The collected data for lists and the console: identity numbers masked. */
  maskedData(ticket: TicketRecord): Record<string, string> {
    return Object.fromEntries(
      Object.entries(ticket.collectedData).map(([field, value]) => [field, IDENTITY_FIELDS.has(field) ? maskIdentifier(this.unseal(value)) : value]),
    );
  }

  /** The collected data in clear, for one officer, audited. */
  async revealData(ticketId: string, officer: DeskActor): Promise<Record<string, string>> {
    const ticket = await this.tickets.get(ticketId);
    if (!ticket) throw new DeskError('not-found', 'Ticket not found.');
    await this.tickets.appendEvent(ticketId, { at: this.now(), kind: 'reveal', actor: officer.accountId, data: { fields: Object.keys(ticket.collectedData).filter((field) => IDENTITY_FIELDS.has(field)) } });
    await this.audit.append({ at: this.now(), actor: officer.accountId, action: 'ticket.reveal', target: `ticket:${ticketId}`, details: {} });
    return Object.fromEntries(Object.entries(ticket.collectedData).map(([field, value]) => [field, this.unseal(value)]));
  }

  /**
   * The sweeper's work: warnings and breaches whose time has come, each claimed atomically in
   * storage so that several instances record each once. Safe to run from a timer on every instance.
   */
  async sweep(limit = 100): Promise<{ warned: TicketRecord[]; breached: TicketRecord[] }> {
    const now = this.now();
    const warned = await this.tickets.claimDeadlines('warning', now, this.options.warnFraction, limit);
    const breached = await this.tickets.claimDeadlines('breach', now, this.options.warnFraction, limit);
    for (const ticket of warned) {
      await this.tickets.appendEvent(ticket.ticketId, { at: now, kind: 'status', actor: 'system', data: { sla: 'warning', dueAt: ticket.dueAt.toISOString() } });
    }
    for (const ticket of breached) {
      await this.tickets.appendEvent(ticket.ticketId, { at: now, kind: 'status', actor: 'system', data: { sla: 'breached', dueAt: ticket.dueAt.toISOString(), track: ticket.track } });
      await this.audit.append({ at: now, actor: 'system', action: 'ticket.breach', target: `ticket:${ticket.ticketId}`, details: { number: ticket.number, track: ticket.track } });
    }
    return { warned, breached };
  }

  /** The calendar version new tickets record. */
  get calendarVersion(): string {
    return calendarVersion(this.calendar);
  }

  /**
   * Runs a citizen-side change against the ticket's current revision: the citizen has no revision to
   * offer, so a concurrent officer edit is re-read and the change retried (a few times).
   */
  private async withCurrentRevision(ticketId: string, change: (ticket: TicketRecord) => Promise<TicketRecord>): Promise<TicketRecord> {
    for (let attempt = 1; ; attempt += 1) {
      const ticket = await this.tickets.get(ticketId);
      if (!ticket) throw new DeskError('not-found', 'Ticket not found.');
      try {
        return await change(ticket);
      } catch (error) {
        if (!(error instanceof StaleTicketError) || attempt >= 5) throw error;
      }
    }
  }

  private async openTicketOrThrow(ticketId: string): Promise<TicketRecord> {
    const ticket = await this.tickets.get(ticketId);
    if (!ticket) throw new DeskError('not-found', 'Ticket not found.');
    if (ticket.status === 'closed') throw new DeskError('closed', `Ticket ${ticket.number} is closed.`);
    return ticket;
  }

  private async record(ticket: TicketRecord, officer: DeskActor, kind: TicketEvent['kind'], data: Record<string, unknown>): Promise<void> {
    await this.tickets.appendEvent(ticket.ticketId, { at: this.now(), kind, actor: officer.accountId, data });
    await this.audit.append({ at: this.now(), actor: officer.accountId, action: `ticket.${kind}`, target: `ticket:${ticket.ticketId}`, details: { number: ticket.number, status: ticket.status } });
  }

  private seal(data: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(data).map(([field, value]) => [field, IDENTITY_FIELDS.has(field) ? `${SEALED_PREFIX}${this.cipher.encrypt(value)}` : value]));
  }

  private unseal(value: string): string {
    return value.startsWith(SEALED_PREFIX) ? this.cipher.decrypt(value.slice(SEALED_PREFIX.length)) : value;
  }
}
