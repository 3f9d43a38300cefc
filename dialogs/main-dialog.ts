import { ActivityTypes, CardFactory, MessageFactory, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { ComponentDialog, DialogSet, DialogTurnStatus, type DialogState, type WaterfallStepContext, WaterfallDialog } from 'botbuilder-dialogs';
import type { OfficeCalendar } from '../officers/office-calendar';
import { type Language, languageFromLocale, messagesFor, officeFacts } from './messages';
import { recognizeSmallTalk } from './small-talk';
import type { UserProfile } from './user-profile';

export const MAIN_DIALOG = 'mainDialog';
const MAIN_WATERFALL = 'mainWaterfall';

/**
 * The citizen's entry point. It settles conversation control (language, greetings, help) itself and
 * says plainly what it cannot answer; the knowledge search, intake and handoff flows plug in here.
 */
export class MainDialog extends ComponentDialog {
  constructor(
    private readonly profileAccessor: StatePropertyAccessor<UserProfile>,
    private readonly calendar: OfficeCalendar,
  ) {
    super(MAIN_DIALOG);
    this.addDialog(new WaterfallDialog(MAIN_WATERFALL, [this.answerMessageStep.bind(this)]));
    this.initialDialogId = MAIN_WATERFALL;
  }

  /** Runs the dialog stack for this turn, starting the main dialog when nothing is active. */
  async run(context: TurnContext, dialogStateAccessor: StatePropertyAccessor<DialogState>): Promise<void> {
    const dialogSet = new DialogSet(dialogStateAccessor);
    dialogSet.add(this);
    const dialogContext = await dialogSet.createContext(context);
    const result = await dialogContext.continueDialog();
    if (result.status === DialogTurnStatus.empty) {
      await dialogContext.beginDialog(this.id);
    }
  }

  /** The language a reply should use: the citizen's choice, else the locale their client sent. */
  async languageOf(context: TurnContext): Promise<Language> {
    const profile = await this.profileAccessor.get(context, {});
    return profile.language ?? languageFromLocale(context.activity.locale);
  }

  async setLanguage(context: TurnContext, language: Language): Promise<void> {
    const profile = await this.profileAccessor.get(context, {});
    await this.profileAccessor.set(context, { ...profile, language });
  }

  /** The welcome: service, free of charge, hours, privacy notice, and the language choice. */
  async sendWelcome(context: TurnContext): Promise<void> {
    const language = await this.languageOf(context);
    const messages = messagesFor(language);
    await context.sendActivity(MessageFactory.text(messages.welcome(officeFacts(this.calendar, language))));
    await context.sendActivity(
      MessageFactory.suggestedActions(
        [messages.languageChoiceIndonesian, messages.languageChoiceEnglish],
        `${messages.privacyNotice}\n\n${messages.chooseLanguage}`,
      ),
    );
  }

  private async answerMessageStep(step: WaterfallStepContext) {
    const context = step.context;
    const activity = context.activity;
    let language = await this.languageOf(context);
    let messages = messagesFor(language);

    if (activity.type !== ActivityTypes.Message) return step.endDialog();
    const text = activity.text?.trim() ?? '';
    const files = (activity.attachments ?? []).filter((attachment) => attachment.contentType !== CardFactory.contentTypes.adaptiveCard);
    if (!text && files.length > 0) {
      await context.sendActivity(messages.attachmentReceived(files.length));
      return step.endDialog();
    }
    if (!text) {
      await context.sendActivity(messages.unsupportedActivity);
      return step.endDialog();
    }

    const smallTalk = recognizeSmallTalk(text);
    switch (smallTalk?.kind) {
      case 'switchLanguage':
        language = smallTalk.language;
        await this.setLanguage(context, language);
        messages = messagesFor(language);
        await context.sendActivity(messages.languageSwitched);
        break;
      case 'greeting':
        await context.sendActivity(messages.greetingReply);
        break;
      case 'thanks':
        await context.sendActivity(messages.thanksReply);
        break;
      case 'help':
        await context.sendActivity(messages.helpReply(officeFacts(this.calendar, language)));
        break;
      default:
        await context.sendActivity(messages.notAnsweredYet);
    }
    return step.endDialog();
  }
}
