import { ActivityHandler, type ConversationState, type StatePropertyAccessor, type TurnContext, type UserState } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { ActivityTypes } from 'botbuilder';
import { type AnswerRecord, type RequestState, TRANSCRIPT_LIMIT } from '../dialogs/knowledge-port';
import { formatOfficeDateTime, languageFromLocale } from '../dialogs/messages';
import type { OfficeCalendar } from '../officers/office-calendar';
import { workingCalendarOf } from '../officers/working-calendar';
import type { HandoffStatus } from './handoff-middleware';
import type { MainDialog } from '../dialogs/main-dialog';
import { isLanguage, messagesFor } from '../dialogs/messages';
import type { UserProfile } from '../dialogs/user-profile';

export const USER_PROFILE_PROPERTY = 'userProfile';
export const REQUEST_STATE_PROPERTY = 'request';
export const DIALOG_STATE_PROPERTY = 'dialogState';
/** Sent by the web chat page when the citizen flips the language switch. */
export const SET_LANGUAGE_EVENT = 'webchat/setLanguage';
/** After this long without a message, the citizen's next message starts a new request. */
export const REQUEST_IDLE_MS = 30 * 60_000;

/**
 * The bot every channel runs: welcome on first contact, the main dialog for messages, and state saved
 * after each turn. Which party owns a conversation (bot or officer) is decided here as the desk lands.
 */
export class CustomsBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
    private readonly mainDialog: MainDialog,
    private readonly requestAccessor: StatePropertyAccessor<RequestState>,
    private readonly calendar: OfficeCalendar,
  ) {
    super();
    this.dialogState = conversationState.createProperty<DialogState>(DIALOG_STATE_PROPERTY);

    this.onMembersAdded(async (context, next) => {
      const joined = context.activity.membersAdded ?? [];
      if (joined.some((member) => member.id !== context.activity.recipient?.id)) {
        await this.mainDialog.sendWelcome(context);
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      await this.mainDialog.run(context, this.dialogState);
      await next();
    });

    this.onEvent(async (context, next) => {
      if (context.activity.name === SET_LANGUAGE_EVENT && isLanguage(context.activity.value)) {
        await this.mainDialog.setLanguage(context, context.activity.value);
        await context.sendActivity(messagesFor(context.activity.value).languageSwitched);
      }
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await this.recordTranscript(context);
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
    await this.userState.saveChanges(context, false);
  }

  /** The desk's answer to a handoff: the ticket receipt, or an apology when no ticket could be opened. */
  async onHandoffStatus(context: TurnContext, status: HandoffStatus): Promise<void> {
    let language = languageFromLocale(context.activity.locale);
    try {
      language = await this.mainDialog.languageOf(context);
    } catch {
      // The locale is good enough for the receipt.
    }
    const messages = messagesFor(language);
    if (status.state === 'accepted' && status.ticket) {
      await context.sendActivity(messages.ticketReceipt(status.ticket.number, formatOfficeDateTime(status.ticket.dueAt, this.calendar, language)));
      // Fake-fee scams cluster before weekends and holidays (customs-brief.md section 4).
      if (this.dayBeforeClosure(new Date())) await context.sendActivity(messages.scamSeasonReminder);
    } else if (status.state === 'failed') {
      await context.sendActivity(messages.handoffFailed);
    } else if (status.state === 'reopened' && status.ticket) {
      await context.sendActivity(messages.ticketReopened(status.ticket.number));
    } else if (status.state === 'completed' && status.ticket) {
      await context.sendActivity(messages.officerFinished(status.ticket.number));
      // A resolved ticket (not a plain hand-back) asks the citizen to rate the answer.
      if (status.ticket.status === 'answered') await this.mainDialog.beginRating(context, this.dialogState, status.ticket);
    }
    await this.conversationState.saveChanges(context, false);
  }

  /** Whether a message soon after an officer's answer follows up on that case (see HandoffMiddleware). */
  async isCaseFollowUp(context: TurnContext): Promise<boolean> {
    return this.mainDialog.isCaseFollowUp(context, this.dialogState);
  }

  /** Whether the bot answers this message although an officer owns the conversation (see HandoffMiddleware). */
  async answersWhileOfficerOwns(context: TurnContext): Promise<boolean> {
    return this.mainDialog.answersWhileOfficerOwns(context, this.dialogState);
  }

  /** True when the office's next calendar day is not a working day (a weekend or holiday follows). */
  private dayBeforeClosure(now: Date): boolean {
    const working = workingCalendarOf(this.calendar);
    const tomorrow = working.inZone(now).plus({ days: 1 }).toISODate();
    return tomorrow !== null && working.periodOn(tomorrow) === undefined;
  }

  /** Keeps the request's start time and the recent lines (citizen and bot) for a handoff transcript. */
  private async recordTranscript(context: TurnContext): Promise<void> {
    const append = async (role: 'user' | 'bot', text: string) => {
      let request = await this.requestAccessor.get(context, { transcript: [] });
      const now = new Date().toISOString();
      // A citizen who comes back after a long pause starts a new request (and a new SLA clock).
      const last = request.transcript.at(-1);
      if (role === 'user' && last && Date.parse(now) - Date.parse(last.timestamp) > REQUEST_IDLE_MS) request = { transcript: [] };
      await this.requestAccessor.set(context, {
        startedAt: request.startedAt ?? (role === 'user' ? now : undefined),
        transcript: [...request.transcript, { role, text, timestamp: now }].slice(-TRANSCRIPT_LIMIT),
      });
    };
    if (context.activity.type === ActivityTypes.Message && context.activity.text) await append('user', context.activity.text);
    context.onSendActivities(async (_turn, activities, next) => {
      for (const outgoing of activities) {
        if (outgoing.type === ActivityTypes.Message && outgoing.text) await append('bot', outgoing.text);
      }
      return next();
    });
  }
}

export function createRequestAccessor(conversationState: ConversationState): StatePropertyAccessor<RequestState> {
  return conversationState.createProperty<RequestState>(REQUEST_STATE_PROPERTY);
}

export const ANSWERS_GIVEN_PROPERTY = 'answersGiven';

export function createProfileAccessor(userState: UserState): StatePropertyAccessor<UserProfile> {
  return userState.createProperty<UserProfile>(USER_PROFILE_PROPERTY);
}

/** The entry ids and versions answered in this conversation (for reports and feedback). */
export function createAnswersAccessor(conversationState: ConversationState): StatePropertyAccessor<AnswerRecord[]> {
  return conversationState.createProperty<AnswerRecord[]>(ANSWERS_GIVEN_PROPERTY);
}
