import { ActivityHandler, type ConversationState, type StatePropertyAccessor, type TurnContext, type UserState } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { AnswerRecord } from '../dialogs/knowledge-port';
import type { MainDialog } from '../dialogs/main-dialog';
import { isLanguage, messagesFor } from '../dialogs/messages';
import type { UserProfile } from '../dialogs/user-profile';

export const USER_PROFILE_PROPERTY = 'userProfile';
export const DIALOG_STATE_PROPERTY = 'dialogState';
/** Sent by the web chat page when the citizen flips the language switch. */
export const SET_LANGUAGE_EVENT = 'webchat/setLanguage';

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
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
    await this.userState.saveChanges(context, false);
  }
}

export const ANSWERS_GIVEN_PROPERTY = 'answersGiven';

export function createProfileAccessor(userState: UserState): StatePropertyAccessor<UserProfile> {
  return userState.createProperty<UserProfile>(USER_PROFILE_PROPERTY);
}

/** The entry ids and versions answered in this conversation (for reports and feedback). */
export function createAnswersAccessor(conversationState: ConversationState): StatePropertyAccessor<AnswerRecord[]> {
  return conversationState.createProperty<AnswerRecord[]>(ANSWERS_GIVEN_PROPERTY);
}
