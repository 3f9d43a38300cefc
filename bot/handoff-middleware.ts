import {
  type Activity,
  ActivityTypes,
  type ConversationReference,
  EventFactory,
  HandoffEventNames,
  type Middleware,
  type ResourceResponse,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { CitizenAttachment, HandoffRequest } from '../officers/desk-service';
import type { TicketRecord } from '../storage/repositories';

/** What the bot puts in `handoff.initiate` (EventFactory.createHandoffInitiation's handoffContext). */
export interface HandoffContext {
  topic?: string;
  unit: string;
  collectedData: Record<string, string>;
  /** ISO time of the citizen's first message of this request: the SLA clock starts there. */
  receivedAt: string;
  citizenName?: string;
}

/** The desk as the handoff middleware needs it (officers/desk-service.ts implements it). */
export interface HandoffDesk {
  openTicket(request: HandoffRequest): Promise<TicketRecord>;
  ticketsOfConversation(channelId: string, conversationId: string): Promise<TicketRecord[]>;
  owningTicketAmong(tickets: readonly TicketRecord[]): TicketRecord | undefined;
  recentlyAnsweredAmong(tickets: readonly TicketRecord[], at: Date): TicketRecord | undefined;
  reopen(ticket: TicketRecord, at: Date): Promise<TicketRecord>;
  recordCitizenMessage(ticketId: string, text: string, at: Date, attachments?: CitizenAttachment[]): Promise<unknown>;
  takeQueuedReplies(channelId: string, conversationId: string, conversationTickets?: readonly TicketRecord[]): Promise<Array<{ ticketId: string; text: string }>>;
}

/** `handoff.status` as the bot receives it, with the ticket it concerns. */
export interface HandoffStatus {
  /** `reopened`: the citizen followed up soon after the answer and the ticket went back to the desk. */
  state: 'accepted' | 'failed' | 'completed' | 'reopened';
  ticket?: TicketRecord;
  message?: string;
}

export type HandoffStatusHandler = (context: TurnContext, status: HandoffStatus) => Promise<void>;

/**
 * The officer desk's face in the bot pipeline, on every channel adapter (the agent hub of the Bot
 * Framework handoff protocol): it intercepts the bot's `handoff.initiate` event (never shown to the
 * citizen), opens a ticket with the transcript, and answers with `handoff.status`. While a ticket
 * owns the conversation, citizen messages go to the ticket and the bot stays silent.
 */
export class HandoffMiddleware implements Middleware {
  constructor(
    private readonly desk: HandoffDesk,
    private readonly onStatus: HandoffStatusHandler,
    private readonly logger: Logger,
    /**
     * Whether a message could be a follow-up on an answered case (the bot decides: thanks, a rating
     * or a command is not). Only follow-ups reopen a recently answered ticket.
     */
    private readonly isFollowUp: (context: TurnContext) => Promise<boolean> = async () => true,
    /** Commands the bot still answers while an officer owns the conversation ("status", "batal", "hapus data saya"). */
    private readonly isCommand: (context: TurnContext) => Promise<boolean> = async () => false,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    if (activity.type === ActivityTypes.Message && activity.conversation?.id) {
      // One read of the conversation's tickets serves the three checks below.
      const tickets = await this.desk.ticketsOfConversation(activity.channelId, activity.conversation.id);
      // An answer held back by the platform's window (WhatsApp template) goes out now that the citizen wrote.
      for (const queued of await this.desk.takeQueuedReplies(activity.channelId, activity.conversation.id, tickets)) {
        await context.sendActivity(queued.text);
      }
      const owner = this.desk.owningTicketAmong(tickets);
      if (owner) {
        await this.desk.recordCitizenMessage(owner.ticketId, activity.text ?? '', new Date(), citizenAttachments(activity));
        // The bot stays silent while an officer owns the conversation, except for the citizen's commands.
        if (!(await this.isCommand(context))) return;
        await next();
        return;
      }
      // Only a recently answered ticket can reopen; only then is the message read for a follow-up.
      const answered = this.desk.recentlyAnsweredAmong(tickets, new Date());
      if (answered && (await this.isFollowUp(context))) {
        const reopened = await this.desk.reopen(answered, new Date());
        await this.desk.recordCitizenMessage(reopened.ticketId, activity.text ?? '', new Date(), citizenAttachments(activity));
        this.logger.info({ channel: activity.channelId, conversationId: activity.conversation.id, ticket: reopened.number }, 'ticket reopened by the citizen');
        await this.onStatus(context, { state: 'reopened', ticket: reopened });
        return;
      }
    }

    const statuses: HandoffStatus[] = [];
    context.onSendActivities(async (turn, activities, nextSend): Promise<ResourceResponse[]> => {
      const initiations = activities.filter((outgoing) => outgoing.type === ActivityTypes.Event && outgoing.name === HandoffEventNames.InitiateHandoff);
      for (const initiation of initiations) {
        activities.splice(activities.indexOf(initiation), 1);
        statuses.push(await this.openTicket(turn, initiation));
      }
      return activities.length > 0 ? nextSend() : [];
    });
    await next();
    for (const status of statuses) {
      // The protocol's answer to the bot; the same event a remote agent hub would send back.
      const event = EventFactory.createHandoffStatus(activity.conversation, status.state, status.message);
      this.logger.info({ channel: activity.channelId, conversationId: activity.conversation?.id, state: status.state, ticket: status.ticket?.number }, event.name);
      await this.onStatus(context, status);
    }
  }

  private async openTicket(context: TurnContext, initiation: Partial<Activity>): Promise<HandoffStatus> {
    const handoff = initiation.value as HandoffContext;
    const transcriptAttachment = initiation.attachments?.find((attachment) => attachment.name === 'Transcript');
    const transcript = ((transcriptAttachment?.content as { activities?: Partial<Activity>[] } | undefined)?.activities ?? [])
      .filter((line) => line.type === ActivityTypes.Message && typeof line.text === 'string')
      .map((line) => ({ from: line.from?.role === 'bot' ? ('bot' as const) : ('citizen' as const), text: line.text as string, at: new Date(line.timestamp ?? Date.now()) }));
    const reference = JSON.parse(JSON.stringify(initiation.relatesTo ?? {})) as Partial<ConversationReference>;
    try {
      const ticket = await this.desk.openTicket({
        channelId: context.activity.channelId,
        conversationId: context.activity.conversation.id,
        conversationReference: reference as Record<string, unknown>,
        citizenName: handoff.citizenName ?? context.activity.from?.name ?? undefined,
        citizenId: context.activity.from?.id || undefined,
        topic: handoff.topic,
        unit: handoff.unit,
        collectedData: handoff.collectedData ?? {},
        receivedAt: new Date(handoff.receivedAt),
        transcript,
      });
      return { state: 'accepted', ticket };
    } catch (error) {
      this.logger.error({ err: error, channel: context.activity.channelId, conversationId: context.activity.conversation.id }, 'handoff failed');
      return { state: 'failed', message: 'the desk could not open a ticket' };
    }
  }
}

/** Files and locations in a citizen's message, as stored links the console can open (our own cards left out). */
function citizenAttachments(activity: Partial<Activity>): CitizenAttachment[] {
  return (activity.attachments ?? [])
    .filter((attachment) => typeof attachment.contentUrl === 'string' && attachment.contentType !== 'application/vnd.microsoft.card.adaptive')
    .map((attachment) => ({ ...(attachment.name ? { name: attachment.name } : {}), contentType: attachment.contentType, contentUrl: attachment.contentUrl as string }));
}
