import { ConversationState, type Storage, type TurnContext, UserState } from 'botbuilder';
import type { Logger } from 'pino';
import type { ChannelCapabilities, CitizenDeskPort } from '../dialogs/citizen-desk-port';
import type { KnowledgePort } from '../dialogs/knowledge-port';
import { MainDialog } from '../dialogs/main-dialog';
import type { DeskService } from '../officers/desk-service';
import type { OfficeCalendar } from '../officers/office-calendar';
import { createAnswersAccessor, createProfileAccessor, createRequestAccessor, CustomsBot } from './customs-bot';
import { HandoffMiddleware } from './handoff-middleware';
import { createTurnErrorHandler } from './turn-error-handler';

/** Channels whose ids are a lasting address (a chat, a phone number, a page-scoped id): no contact details needed. */
const CHANNELS_WITH_LASTING_ADDRESS = new Set(['telegram', 'whatsapp', 'facebook', 'messenger', 'instagram']);

/** What the bot asks of channels, as capabilities (dialogs never branch on channel names). */
export const channelCapabilities: ChannelCapabilities = {
  needsContactDetails: (context: TurnContext) => !CHANNELS_WITH_LASTING_ADDRESS.has(context.activity.channelId),
};

/** Erases a citizen's personal data on one channel identity (officers/privacy-service.ts). */
export interface CitizenEraser {
  eraseCitizen(input: { channelId: string; citizenId: string; conversationIds: string[] }, at: Date): Promise<{ ticketsFound: number }>;
}

export interface BotAssemblyOptions {
  storage: Storage;
  calendar: OfficeCalendar;
  knowledge: KnowledgePort;
  desk: DeskService;
  privacy: CitizenEraser;
  logger: Logger;
  ticketPrefix?: string;
  now?: () => Date;
}

export interface AssembledBot {
  bot: CustomsBot;
  mainDialog: MainDialog;
  conversationState: ConversationState;
  userState: UserState;
  /** Goes on every channel adapter: the desk's side of the handoff protocol. */
  handoff: HandoffMiddleware;
  onTurnError: (context: TurnContext, error: Error) => Promise<void>;
}

/**
 * Builds the bot, its dialogs and the desk's handoff middleware over one bot-state storage: the one
 * place that wires them, for the server and the tests alike. botbuilder stays behind `bot/`.
 */
export function assembleBot(options: BotAssemblyOptions): AssembledBot {
  const conversationState = new ConversationState(options.storage);
  const userState = new UserState(options.storage);
  const requestAccessor = createRequestAccessor(conversationState);
  const citizenDesk: CitizenDeskPort = {
    ticketsOfCitizen: (channelId, citizenId) => options.desk.ticketsOfCitizen(channelId, citizenId),
    findOwningTicket: (channelId, conversationId) => options.desk.findOwningTicket(channelId, conversationId),
    cancelByCitizen: (ticketId) => options.desk.cancelByCitizen(ticketId),
    recordRating: async (ticketId, rating, comment) => {
      await options.desk.recordRating(ticketId, rating, comment);
    },
    eraseCitizen: async (context) => {
      const activity = context.activity;
      const report = await options.privacy.eraseCitizen(
        { channelId: activity.channelId, citizenId: activity.from?.id ?? '', conversationIds: [activity.conversation.id] },
        options.now?.() ?? new Date(),
      );
      // The bot's own memory of the citizen goes too: profile, answers given, request transcript.
      await conversationState.delete(context);
      await userState.delete(context);
      return { tickets: report.ticketsFound };
    },
  };
  const mainDialog = new MainDialog({
    profileAccessor: createProfileAccessor(userState),
    answersAccessor: createAnswersAccessor(conversationState),
    requestAccessor,
    calendar: options.calendar,
    knowledge: options.knowledge,
    desk: citizenDesk,
    channels: channelCapabilities,
    ticketPrefix: options.ticketPrefix,
    now: options.now,
  });
  const bot = new CustomsBot(conversationState, userState, mainDialog, requestAccessor, options.calendar);
  const handoff = new HandoffMiddleware(
    options.desk,
    (context, status) => bot.onHandoffStatus(context, status),
    options.logger,
    (context) => bot.isCaseFollowUp(context),
    (context) => bot.answersWhileOfficerOwns(context),
  );
  const onTurnError = createTurnErrorHandler(conversationState, mainDialog, options.logger);
  return { bot, mainDialog, conversationState, userState, handoff, onTurnError };
}
