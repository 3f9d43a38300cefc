import { type Activity, ActivityTypes, CardFactory, EventFactory, MessageFactory, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { ComponentDialog, DialogSet, DialogTurnStatus, type DialogState, type WaterfallStepContext, WaterfallDialog } from 'botbuilder-dialogs';
import type { KnowledgeEntry } from '../knowledge/knowledge-entry';
import type { OfficeCalendar } from '../officers/office-calendar';
import type { AnswerRecord, KnowledgeDecision, KnowledgePort, RequestState } from './knowledge-port';
import { type Language, languageFromLocale, messagesFor, officeFacts } from './messages';
import { recognizeSmallTalk } from './small-talk';
import type { UserProfile } from './user-profile';

export const MAIN_DIALOG = 'mainDialog';
const MAIN_WATERFALL = 'mainWaterfall';
/** At most three candidates are offered when a question is ambiguous. */
const MAX_CLARIFY_OPTIONS = 3;

/**
 * The citizen's entry point. It settles conversation control (language, greetings, help) itself,
 * then asks the knowledge base for a decision: answer, clarify (offer close candidates), handoff
 * (the citizen's own case) or fallback (not a customs matter).
 */
export class MainDialog extends ComponentDialog {
  constructor(
    private readonly profileAccessor: StatePropertyAccessor<UserProfile>,
    private readonly answersAccessor: StatePropertyAccessor<AnswerRecord[]>,
    private readonly calendar: OfficeCalendar,
    private readonly knowledge: KnowledgePort,
    private readonly requestAccessor: StatePropertyAccessor<RequestState>,
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

  /**
   * Whether a message soon after an officer's answer follows up on that case (and so reopens the
   * ticket): thanks, greetings and questions the knowledge base answers on its own do not.
   */
  async isCaseFollowUp(context: TurnContext): Promise<boolean> {
    const text = context.activity.text?.trim() ?? '';
    if (!text || recognizeSmallTalk(text)) return false;
    const decision = await this.knowledge.decide(text);
    return decision.decision !== 'answer';
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
        await this.respondFromKnowledge(context, text, language);
    }
    return step.endDialog();
  }

  private async respondFromKnowledge(context: TurnContext, text: string, profileLanguage: Language): Promise<void> {
    const noneChosen = (['id', 'en'] as const).find((candidate) => messagesFor(candidate).noneOfThese.toLowerCase() === text.trim().toLowerCase());
    if (noneChosen) {
      await context.sendActivity(messagesFor(noneChosen).noneOfTheseReply);
      return;
    }
    const decision = await this.knowledge.decide(text);
    // Answer in the language the citizen wrote in; a chosen language wins for our own prompts.
    const language = decision.language ?? profileLanguage;
    const messages = messagesFor(language);
    const entry = decision.entryId ? this.knowledge.getEntry(decision.entryId) : undefined;

    switch (decision.decision) {
      case 'answer':
        if (entry) {
          await this.sendAnswer(context, entry, language);
          return;
        }
        break;
      case 'clarify': {
        const options = this.clarifyOptions(decision, language);
        if (options.length >= 2) {
          await context.sendActivity(MessageFactory.suggestedActions([...options, messages.noneOfThese], messages.clarifyPrompt));
          return;
        }
        if (entry) {
          await this.sendAnswer(context, entry, language);
          return;
        }
        break;
      }
      case 'handoff':
        // A general answer of the same topic helps while the case waits for an officer.
        if (entry && entry.kind === 'general') await this.sendAnswer(context, entry, language, { endsRequest: false });
        await this.handOff(context, decision, entry);
        return;
      case 'fallback':
        await context.sendActivity(messages.outOfScope);
        return;
    }
    await context.sendActivity(messages.notAnsweredYet);
  }

  /**
   * Hands the conversation to an officer with the Bot Framework `handoff.initiate` event: the
   * desk opens a ticket from it and answers with `handoff.status`. The SLA clock starts at the
   * citizen's first message of this request.
   */
  private async handOff(context: TurnContext, decision: KnowledgeDecision, entry: KnowledgeEntry | undefined): Promise<void> {
    const request = await this.requestAccessor.get(context, { transcript: [] });
    const topicEntry = entry ?? (decision.topic ? this.knowledge.getEntry(decision.topic) : undefined);
    const transcript = {
      activities: request.transcript.map(
        (line): Partial<Activity> => ({ type: ActivityTypes.Message, text: line.text, from: { id: line.role, name: line.role, role: line.role }, timestamp: new Date(line.timestamp) }),
      ),
    };
    await context.sendActivity(
      EventFactory.createHandoffInitiation(
        context,
        {
          topic: decision.topic,
          unit: topicEntry?.unit ?? 'layanan-informasi',
          collectedData: {},
          receivedAt: request.startedAt ?? new Date().toISOString(),
          citizenName: context.activity.from?.name || undefined,
        },
        transcript as never,
      ),
    );
    await this.requestAccessor.set(context, { transcript: [] });
  }

  /** The entry's answer, its legal basis and source, and a record of which version was given. */
  private async sendAnswer(context: TurnContext, entry: KnowledgeEntry, language: Language, options = { endsRequest: true }): Promise<void> {
    const messages = messagesFor(language);
    const regulations = entry.legalBasis.map((basis) => basis.regulation).join('; ');
    await context.sendActivity(`${entry.answer[language]}\n\n${messages.answerSource(entry.sourceUrl, regulations)}`);
    const answers = await this.answersAccessor.get(context, []);
    await this.answersAccessor.set(context, [...answers, { entryId: entry.id, version: entry.version, topic: entry.topic, at: new Date().toISOString() }]);
    // An answered question ends the request: the next question starts a new one (and a new SLA clock).
    if (options.endsRequest) await this.requestAccessor.set(context, { transcript: [] });
  }

  /** The questions of the close candidates, one per topic, as the citizen would pick them. */
  private clarifyOptions(decision: KnowledgeDecision, language: Language): string[] {
    const seen = new Set<string>();
    const options: string[] = [];
    for (const candidate of decision.alternatives) {
      const entry = this.knowledge.getEntry(candidate.entryId);
      if (!entry || seen.has(entry.topic)) continue;
      seen.add(entry.topic);
      options.push(entry.question[language]);
      if (options.length === MAX_CLARIFY_OPTIONS) break;
    }
    return options;
  }
}
