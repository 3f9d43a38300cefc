import { type Activity, ActivityTypes, CardFactory, EventFactory, MessageFactory, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  type DialogContext,
  DialogSet,
  type DialogState,
  type DialogTurnResult,
  DialogTurnStatus,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { CollectableField } from '../knowledge/faq-entry';
import type { KnowledgeEntry } from '../knowledge/knowledge-entry';
import type { OfficeCalendar } from '../officers/office-calendar';
import { computeSla } from '../officers/sla-clock';
import { workingCalendarOf } from '../officers/working-calendar';
import type { TicketRecord } from '../storage/repositories';
import type { ChannelCapabilities, CitizenDeskPort } from './citizen-desk-port';
import { type Command, parseRating, recognizeCommand } from './commands';
import { extractKnownFields } from './intake/fields';
import { INTAKE_DIALOG, IntakeDialog, type IntakeOptions, type IntakeResult } from './intake/intake-dialog';
import type { AnswerRecord, KnowledgeDecision, KnowledgePort, RequestState, TranscriptLine } from './knowledge-port';
import { formatOfficeDateTime, type Language, languageFromLocale, type MessageCatalog, messagesFor, officeFacts } from './messages';
import { matchOffer, type OfferChoice, OfferDialog, type OfferOptions, type OfferResult } from './offer-dialog';
import { detectScam } from './scam-guard';
import { recognizeSmallTalk } from './small-talk';
import type { UserProfile } from './user-profile';

export const MAIN_DIALOG = 'mainDialog';
const ROUTER = 'router';
const OFFER = 'offer';
const FEEDBACK = 'answerFeedback';
const CLARIFY = 'clarify';
const HANDOFF = 'handoff';
const COMPLAINT = 'complaint';
const DELETE_DATA = 'deleteData';
const RATING = 'rating';
/** At most three candidates are offered when a question is ambiguous. */
const MAX_CLARIFY_OPTIONS = 3;
/** The unit complaints about service or officers go to (the office's internal compliance unit). */
const COMPLAINT_UNIT = 'kepatuhan-internal';
const COMPLAINT_TOPIC = 'contact.complaints';
const DEFAULT_UNIT = 'layanan-informasi';
/** Tickets listed by "status" when no number is given. */
const STATUS_LIST_LIMIT = 5;

/** Everything the main dialog talks to; server/app.ts (and the tests) wire it. */
export interface MainDialogDependencies {
  profileAccessor: StatePropertyAccessor<UserProfile>;
  answersAccessor: StatePropertyAccessor<AnswerRecord[]>;
  requestAccessor: StatePropertyAccessor<RequestState>;
  calendar: OfficeCalendar;
  knowledge: KnowledgePort;
  desk: CitizenDeskPort;
  channels: ChannelCapabilities;
  /** The desk's ticket prefix, so "cek tiket TP-2612-0042" is read with the right prefix. */
  ticketPrefix?: string;
  now?: () => Date;
}

/** How the router is started: by a message (default), by a rerouted text, to ask for a rating, or to restart a flow. */
interface RouterOptions {
  text?: string;
  rating?: { ticketId: string; number: string };
  resume?: { id: string; options: unknown };
}

/** What a flow hands back to the router: nothing, or a message that was not an answer to its offer. */
interface FlowResult {
  reroute?: string;
}

interface HandoffOptions {
  topic?: string;
  unit: string;
  fields: CollectableField[];
  known: Record<string, string>;
  /** The request the handoff belongs to: its first message starts the SLA clock. */
  request: RequestState;
  /** Begun again after a language switch: the introduction was already given. */
  resumed?: boolean;
}

interface FeedbackOptions {
  entryId: string;
  version: number;
  topic: string;
  unit: string;
  collect: CollectableField[];
  request: RequestState;
}

interface ClarifyOptions {
  choices: Array<{ label: string; entryId: string }>;
  request: RequestState;
}

interface RatingOptions {
  ticketId: string;
  number: string;
}

const yesChoice = (messages: MessageCatalog): OfferChoice => ({ value: 'yes', label: messages.yes, synonyms: ['ya', 'iya', 'y', 'yes', 'yup', 'ok', 'oke', 'betul', 'sangat membantu', 'membantu', 'helpful'] });
const noChoice = (messages: MessageCatalog): OfferChoice => ({
  value: 'no',
  label: messages.no,
  synonyms: ['tidak', 'tdk', 'gak', 'ga', 'nggak', 'enggak', 'no', 'nope', 'tidak membantu', 'kurang membantu', 'not helpful', 'bukan'],
});

/**
 * The citizen's journey, the same on every channel. A message is routed to conversation control
 * (language, greetings, commands), the scam guard, and then the knowledge decision: an answer with a
 * feedback offer, close candidates to choose from, or intake and a handoff to an officer. Offers
 * never insist: anything else the citizen types is answered as a new message. Global commands
 * ("batal", "status", "petugas", "hapus data saya") and the language switch work in every flow.
 */
export class MainDialog extends ComponentDialog {
  private readonly profileAccessor: StatePropertyAccessor<UserProfile>;
  private readonly answersAccessor: StatePropertyAccessor<AnswerRecord[]>;
  private readonly requestAccessor: StatePropertyAccessor<RequestState>;
  private readonly calendar: OfficeCalendar;
  private readonly knowledge: KnowledgePort;
  private readonly desk: CitizenDeskPort;
  private readonly channels: ChannelCapabilities;
  private readonly ticketPrefix: string;
  private readonly now: () => Date;

  constructor(dependencies: MainDialogDependencies) {
    super(MAIN_DIALOG);
    this.profileAccessor = dependencies.profileAccessor;
    this.answersAccessor = dependencies.answersAccessor;
    this.requestAccessor = dependencies.requestAccessor;
    this.calendar = dependencies.calendar;
    this.knowledge = dependencies.knowledge;
    this.desk = dependencies.desk;
    this.channels = dependencies.channels;
    this.ticketPrefix = dependencies.ticketPrefix ?? 'TP';
    this.now = dependencies.now ?? (() => new Date());

    this.addDialog(new WaterfallDialog(ROUTER, [this.routeStep.bind(this), this.afterFlowStep.bind(this)]));
    this.addDialog(new OfferDialog(OFFER));
    this.addDialog(new WaterfallDialog(FEEDBACK, [this.askFeedbackStep.bind(this), this.onFeedbackStep.bind(this), this.onNotHelpfulStep.bind(this)]));
    this.addDialog(new WaterfallDialog(CLARIFY, [this.offerCandidatesStep.bind(this), this.onCandidateStep.bind(this), this.onNoneOfTheseStep.bind(this)]));
    this.addDialog(new WaterfallDialog(HANDOFF, [this.startIntakeStep.bind(this), this.sendHandoffStep.bind(this)]));
    this.addDialog(new WaterfallDialog(COMPLAINT, [this.offerComplaintTicketStep.bind(this), this.onComplaintTicketStep.bind(this)]));
    this.addDialog(new WaterfallDialog(DELETE_DATA, [this.confirmDeletionStep.bind(this), this.onDeletionStep.bind(this)]));
    this.addDialog(new WaterfallDialog(RATING, [this.askRatingStep.bind(this), this.onRatingStep.bind(this), this.onRatingCommentStep.bind(this)]));
    this.addDialog(new IntakeDialog(INTAKE_DIALOG));
    this.initialDialogId = ROUTER;
  }

  /** Runs the dialog stack for this turn, starting the main dialog when nothing is active. */
  async run(context: TurnContext, dialogStateAccessor: StatePropertyAccessor<DialogState>): Promise<void> {
    const dialogContext = await this.createDialogContext(context, dialogStateAccessor);
    const result = await dialogContext.continueDialog();
    if (result.status === DialogTurnStatus.empty) {
      await dialogContext.beginDialog(this.id);
    }
  }

  /** After an officer resolved a ticket the bot asks for a rating (called in the hand-back turn). */
  async beginRating(context: TurnContext, dialogStateAccessor: StatePropertyAccessor<DialogState>, ticket: Pick<TicketRecord, 'ticketId' | 'number'>): Promise<void> {
    const dialogContext = await this.createDialogContext(context, dialogStateAccessor);
    await dialogContext.cancelAllDialogs();
    await dialogContext.beginDialog(this.id, { rating: { ticketId: ticket.ticketId, number: ticket.number } } satisfies RouterOptions);
  }

  /** The language a reply should use: the citizen's choice, else the locale their client sent. */
  async languageOf(context: TurnContext): Promise<Language> {
    const profile = await this.profileAccessor.get(context, {});
    return profile.language ?? profile.detectedLanguage ?? languageFromLocale(context.activity.locale);
  }

  async setLanguage(context: TurnContext, language: Language): Promise<void> {
    const profile = await this.profileAccessor.get(context, {});
    await this.profileAccessor.set(context, { ...profile, language });
  }

  /**
   * Whether a message soon after an officer's answer follows up on that case (and so reopens the
   * ticket): thanks, greetings, commands, a rating, and questions the knowledge base answers on its
   * own do not.
   */
  async isCaseFollowUp(context: TurnContext, dialogStateAccessor?: StatePropertyAccessor<DialogState>): Promise<boolean> {
    const text = context.activity.text?.trim() ?? '';
    if (!text || recognizeSmallTalk(text) || recognizeCommand(text, { ticketPrefix: this.ticketPrefix })) return false;
    if (dialogStateAccessor) {
      const state = await dialogStateAccessor.get(context, { dialogStack: [] });
      if (JSON.stringify(state.dialogStack).includes(`"id":"${RATING}"`)) return false;
    }
    const decision = await this.knowledge.decide(text);
    return decision.decision !== 'answer';
  }

  /**
   * What the bot still answers while an officer owns the conversation: the citizen's commands
   * ("status", "batal", "hapus data saya") and the replies to the deletion confirmation they started.
   */
  async answersWhileOfficerOwns(context: TurnContext, dialogStateAccessor: StatePropertyAccessor<DialogState>): Promise<boolean> {
    const command = recognizeCommand(context.activity.text ?? '', { ticketPrefix: this.ticketPrefix });
    if (command?.kind === 'status' || command?.kind === 'cancel' || command?.kind === 'deleteData') return true;
    const state = await dialogStateAccessor.get(context, { dialogStack: [] });
    return JSON.stringify(state.dialogStack).includes(`"id":"${DELETE_DATA}"`);
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

  /**
   * Commands and the language switch interrupt whatever flow is active: "batal" ends it, "status"
   * answers and repeats the open question, "petugas" and "hapus data saya" start their own flow.
   */
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const activity = innerDc.context.activity;
    const text = activity.type === ActivityTypes.Message ? (activity.text?.trim() ?? '') : '';
    // A button of the open offer ("Bicara dengan petugas", "Ya, hapus data saya") answers the offer.
    const active = innerDc.activeDialog;
    const answersOffer = active?.id === OFFER && matchOffer(active.state.options as OfferOptions, text) !== undefined;
    if (text && !answersOffer) {
      const smallTalk = recognizeSmallTalk(text);
      if (smallTalk?.kind === 'switchLanguage') {
        await this.setLanguage(innerDc.context, smallTalk.language);
        await innerDc.context.sendActivity(messagesFor(smallTalk.language).languageSwitched);
        // The open flow starts again in the new language, keeping what the citizen already gave.
        const resume = await this.resumableFlow(innerDc);
        await innerDc.cancelAllDialogs();
        if (resume) return innerDc.beginDialog(ROUTER, { resume } satisfies RouterOptions);
        return { status: DialogTurnStatus.complete };
      }
      const command = recognizeCommand(text, { ticketPrefix: this.ticketPrefix });
      const activeIds = innerDc.stack.map((instance) => instance.id);
      switch (command?.kind) {
        case 'cancel': {
          const messages = messagesFor(await this.languageOf(innerDc.context));
          await innerDc.cancelAllDialogs();
          await innerDc.context.sendActivity(activeIds.includes(HANDOFF) ? messages.handoffCancelled : messages.cancelled);
          await this.endRequest(innerDc.context);
          return { status: DialogTurnStatus.complete };
        }
        case 'status':
          await this.sendStatus(innerDc.context, command.ticketNumber);
          await innerDc.repromptDialog();
          return { status: DialogTurnStatus.waiting };
        case 'human':
          if (activeIds.includes(HANDOFF)) break;
          await innerDc.cancelAllDialogs();
          return innerDc.beginDialog(ROUTER, { text } satisfies RouterOptions);
        case 'deleteData':
          if (activeIds.includes(DELETE_DATA)) break;
          await innerDc.cancelAllDialogs();
          return innerDc.beginDialog(ROUTER, { text } satisfies RouterOptions);
        default:
          break;
      }
    }
    return super.onContinueDialog(innerDc);
  }

  /**
   * The flow under way (the dialog just above the router) and its options, to begin it again after a
   * language switch. A handoff keeps the intake's answers and consent so far as known values.
   */
  private async resumableFlow(innerDc: DialogContext): Promise<RouterOptions['resume']> {
    // botbuilder keeps the stack bottom first: the router, then the flow it began.
    const stack = innerDc.stack;
    if (stack.length < 2 || stack[0].id !== ROUTER) return undefined;
    const flow = stack[1];
    const options = flow.state.options as unknown;
    if (flow.id !== HANDOFF) return { id: flow.id, options };
    const intake = findIntakeState(stack);
    if (intake?.consentGiven) {
      const profile = await this.profileAccessor.get(innerDc.context, {});
      await this.profileAccessor.set(innerDc.context, { ...profile, consentGiven: true });
    }
    const handoff = options as HandoffOptions;
    return { id: HANDOFF, options: { ...handoff, known: { ...handoff.known, ...(intake?.data ?? {}) }, resumed: true } satisfies HandoffOptions };
  }

  // --- Routing -----------------------------------------------------------------------------------

  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = (step.options ?? {}) as RouterOptions;
    if (options.rating) return step.beginDialog(RATING, options.rating satisfies RatingOptions);
    if (options.resume) return step.beginDialog(options.resume.id, options.resume.options as object);
    const context = step.context;
    const activity = context.activity;
    let language = await this.languageOf(context);
    let messages = messagesFor(language);

    if (options.text === undefined) {
      if (activity.type !== ActivityTypes.Message) return step.endDialog();
      const files = (activity.attachments ?? []).filter((attachment) => attachment.contentType !== CardFactory.contentTypes.adaptiveCard);
      if (!activity.text?.trim() && files.length > 0) {
        await context.sendActivity(messages.attachmentReceived(files.length));
        return step.endDialog();
      }
    }
    const text = (options.text ?? activity.text ?? '').trim();
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
        await this.endRequest(context);
        return step.endDialog();
      case 'greeting':
        await context.sendActivity(messages.greetingReply);
        await this.endRequest(context);
        return step.endDialog();
      case 'thanks':
        await context.sendActivity(messages.thanksReply);
        await this.endRequest(context);
        return step.endDialog();
      case 'help':
        await context.sendActivity(messages.helpReply(officeFacts(this.calendar, language)));
        await this.endRequest(context);
        return step.endDialog();
      default:
        break;
    }

    const command = recognizeCommand(text, { ticketPrefix: this.ticketPrefix });
    if (command) return this.runCommand(step, command, text, language);
    return this.respondFromKnowledge(step, text, language);
  }

  /** A flow ended; a message it did not take is answered now, as if it had come on its own. */
  private async afterFlowStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as FlowResult | undefined;
    if (result?.reroute) return step.replaceDialog(ROUTER, { text: result.reroute } satisfies RouterOptions);
    return step.endDialog();
  }

  private async runCommand(step: WaterfallStepContext, command: Command, text: string, language: Language): Promise<DialogTurnResult> {
    const context = step.context;
    const messages = messagesFor(language);
    switch (command.kind) {
      case 'human': {
        // "Mau bicara dengan petugas, paket saya tertahan": the case named with the request routes it.
        const decision = await this.knowledge.decide(text);
        const topical = decision.decision === 'handoff' && decision.entryId ? decision : undefined;
        return step.beginDialog(HANDOFF, await this.handoffOptions(context, topical, text));
      }
      case 'status':
        await this.sendStatus(context, command.ticketNumber);
        await this.endRequest(context);
        return step.endDialog();
      case 'cancel': {
        const owner = await this.desk.findOwningTicket(context.activity.channelId, context.activity.conversation.id);
        if (owner) {
          await this.desk.cancelByCitizen(owner.ticketId);
          await context.sendActivity(messages.ticketCancelledByCitizen(owner.number));
        } else {
          await context.sendActivity(messages.nothingToCancel);
        }
        await this.endRequest(context);
        return step.endDialog();
      }
      case 'complaint':
        return step.beginDialog(COMPLAINT, { aboutOfficer: command.aboutOfficer, text });
      case 'deleteData':
        return step.beginDialog(DELETE_DATA);
      case 'yes':
      case 'no':
        // A lone "ya"/"tidak" with nothing asked: invite the question.
        await context.sendActivity(messages.greetingReply);
        await this.endRequest(context);
        return step.endDialog();
    }
  }

  private async respondFromKnowledge(step: WaterfallStepContext, text: string, profileLanguage: Language): Promise<DialogTurnResult> {
    const context = step.context;
    const decision = await this.knowledge.decide(text);
    // Answer in the language the citizen wrote in; until they choose one, our own prompts follow it too.
    const language = decision.language ?? profileLanguage;
    const profile = await this.profileAccessor.get(context, {});
    if (!profile.language && decision.language && profile.detectedLanguage !== decision.language) {
      await this.profileAccessor.set(context, { ...profile, detectedLanguage: decision.language });
    }
    const messages = messagesFor(language);
    const entry = decision.entryId ? this.knowledge.getEntry(decision.entryId) : undefined;

    // The scam guard speaks first, whatever was asked: the warning may save someone's money.
    const scam = detectScam(text);
    const warningEntry = scam.suspected ? scam.entryIds.map((id) => this.knowledge.getEntry(id)).find((candidate) => candidate?.kind === 'general') : undefined;
    if (warningEntry) {
      await context.sendActivity(`${messages.scamWarning(warningEntry.answer[language])}\n\n${messages.answerSource(warningEntry.sourceUrl, regulationsOf(warningEntry))}`);
      await this.recordAnswer(context, warningEntry);
    }
    const alreadyShown = (candidate: KnowledgeEntry | undefined) => candidate !== undefined && candidate.id === warningEntry?.id;

    switch (decision.decision) {
      case 'answer':
        if (entry && !alreadyShown(entry)) return this.answerWithFeedback(step, entry, language);
        if (entry) return step.endDialog();
        break;
      case 'clarify': {
        const choices = this.clarifyChoices(decision, language).filter((choice) => choice.entryId !== warningEntry?.id);
        if (choices.length >= 2) return step.beginDialog(CLARIFY, { choices, request: await this.currentRequest(context) } satisfies ClarifyOptions);
        if (entry && !alreadyShown(entry)) return this.answerWithFeedback(step, entry, language);
        if (entry) return step.endDialog();
        break;
      }
      case 'handoff': {
        // A general answer of the same topic helps while the case waits for an officer.
        // A scam victim also gets what to do now (report, block the account) before the intake.
        const topicGeneral = decision.topic ? this.knowledge.getEntry(decision.topic) : undefined;
        const general = entry?.kind === 'general' ? entry : warningEntry && topicGeneral?.kind === 'general' ? topicGeneral : undefined;
        const handoff = await this.handoffOptions(context, decision, text);
        if (general && !alreadyShown(general)) await this.sendAnswer(context, general, language, { endsRequest: false });
        return step.beginDialog(HANDOFF, handoff);
      }
      case 'fallback':
        if (!warningEntry) await context.sendActivity(messages.outOfScope);
        return step.endDialog();
    }
    if (!warningEntry) await context.sendActivity(messages.notAnsweredYet);
    return step.endDialog();
  }

  // --- Answer and feedback -----------------------------------------------------------------------

  private async answerWithFeedback(step: WaterfallStepContext, entry: KnowledgeEntry, language: Language): Promise<DialogTurnResult> {
    const request = await this.currentRequest(step.context);
    await this.sendAnswer(step.context, entry, language);
    const options: FeedbackOptions = { entryId: entry.id, version: entry.version, topic: entry.topic, unit: entry.unit, collect: caseFieldsOf(this.knowledge, entry), request };
    return step.beginDialog(FEEDBACK, options);
  }

  private async askFeedbackStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const messages = messagesFor(await this.languageOf(step.context));
    return step.beginDialog(OFFER, { prompt: messages.feedbackPrompt, choices: [yesChoice(messages), noChoice(messages)] } satisfies OfferOptions);
  }

  private async onFeedbackStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as OfferResult;
    if (result.kind === 'unrecognized') return step.endDialog({ reroute: result.text } satisfies FlowResult);
    if (result.kind !== 'chosen') return step.endDialog();
    const options = step.options as FeedbackOptions;
    await this.recordFeedback(step.context, options, result.value === 'yes');
    const messages = messagesFor(await this.languageOf(step.context));
    if (result.value === 'yes') {
      await step.context.sendActivity(messages.feedbackThanks);
      await this.endRequest(step.context);
      return step.endDialog();
    }
    return step.beginDialog(OFFER, this.rephraseOrOfficer(messages, messages.notHelpfulPrompt));
  }

  private async onNotHelpfulStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as FeedbackOptions;
    return this.afterRephraseOrOfficer(step, { topic: options.topic, unit: options.unit, fields: options.collect, request: options.request });
  }

  // --- Clarify -----------------------------------------------------------------------------------

  private async offerCandidatesStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as ClarifyOptions;
    const language = await this.languageOf(step.context);
    const messages = messagesFor(language);
    // Labels in the language of the prompt (the citizen's choice), not of the message's detection.
    const choices: OfferChoice[] = options.choices.map((choice) => ({ value: choice.entryId, label: this.knowledge.getEntry(choice.entryId)?.question[language] ?? choice.label }));
    choices.push({ value: 'none', label: messages.noneOfThese, synonyms: ['bukan semuanya', 'none of these', 'bukan', 'tidak ada', 'none'] });
    return step.beginDialog(OFFER, { prompt: messages.clarifyPrompt, choices, numbered: true } satisfies OfferOptions);
  }

  private async onCandidateStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as OfferResult;
    if (result.kind === 'unrecognized') return step.endDialog({ reroute: result.text } satisfies FlowResult);
    if (result.kind !== 'chosen') return step.endDialog();
    const language = await this.languageOf(step.context);
    const messages = messagesFor(language);
    if (result.value === 'none') return step.beginDialog(OFFER, this.rephraseOrOfficer(messages, messages.noneOfTheseOffer));
    const entry = this.knowledge.getEntry(result.value);
    if (!entry) {
      await step.context.sendActivity(messages.notAnsweredYet);
      return step.endDialog();
    }
    const options = step.options as ClarifyOptions;
    await this.sendAnswer(step.context, entry, language);
    const feedback: FeedbackOptions = { entryId: entry.id, version: entry.version, topic: entry.topic, unit: entry.unit, collect: caseFieldsOf(this.knowledge, entry), request: options.request };
    return step.replaceDialog(FEEDBACK, feedback);
  }

  private async onNoneOfTheseStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as ClarifyOptions;
    return this.afterRephraseOrOfficer(step, { unit: DEFAULT_UNIT, fields: [], request: options.request });
  }

  private rephraseOrOfficer(messages: MessageCatalog, prompt: string): OfferOptions {
    return {
      prompt,
      choices: [
        { value: 'rephrase', label: messages.rephraseChoice, synonyms: ['tulis ulang', 'rephrase', 'ulang'] },
        { value: 'officer', label: messages.officerChoice, synonyms: ['petugas', 'officer', 'bicara dengan petugas', 'talk to an officer'] },
      ],
      numbered: true,
    };
  }

  private async afterRephraseOrOfficer(step: WaterfallStepContext, handoff: Omit<HandoffOptions, 'known'>): Promise<DialogTurnResult> {
    const result = step.result as OfferResult;
    if (result.kind === 'unrecognized') return step.endDialog({ reroute: result.text } satisfies FlowResult);
    if (result.kind !== 'chosen') return step.endDialog();
    if (result.value === 'officer') {
      const known = knownFrom(handoff.request.transcript);
      return step.replaceDialog(HANDOFF, { ...handoff, known } satisfies HandoffOptions);
    }
    await step.context.sendActivity(messagesFor(await this.languageOf(step.context)).rephraseInvite);
    await this.endRequest(step.context);
    return step.endDialog();
  }

  // --- Intake and handoff ------------------------------------------------------------------------

  private async handoffOptions(context: TurnContext, decision: KnowledgeDecision | undefined, text: string): Promise<HandoffOptions> {
    const topicEntry = decision ? this.caseEntryOf(decision) : undefined;
    const request = await this.currentRequest(context);
    return {
      topic: topicEntry?.topic ?? decision?.topic,
      unit: topicEntry?.unit ?? DEFAULT_UNIT,
      fields: topicEntry?.collect ?? [],
      known: { ...knownFrom(request.transcript), ...stringValues(extractKnownFields(text)) },
      request,
    };
  }

  /** The entry whose `collect` list and unit a handoff on this decision follows: the topic's case entry. */
  private caseEntryOf(decision: KnowledgeDecision): KnowledgeEntry | undefined {
    const entry = decision.entryId ? this.knowledge.getEntry(decision.entryId) : undefined;
    if (entry?.kind === 'case') return entry;
    const topic = entry?.topic ?? decision.topic;
    return (topic ? this.knowledge.getEntry(`${topic}#case`) : undefined) ?? entry;
  }

  private async startIntakeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as HandoffOptions;
    const context = step.context;
    const language = await this.languageOf(context);
    const messages = messagesFor(language);
    const now = this.now();
    const working = workingCalendarOf(this.calendar);
    if (!options.resumed) await context.sendActivity(messages.handoffIntro);
    if (!options.resumed && !working.periodContaining(now)) {
      const backAt = working.nextOpeningAtOrAfter(now).opensAt;
      const receivedAt = options.request.startedAt ? new Date(options.request.startedAt) : now;
      const due = computeSla(this.calendar, receivedAt, false).dueAt;
      await context.sendActivity(messages.outOfHours(formatOfficeDateTime(backAt.toJSDate(), this.calendar, language), formatOfficeDateTime(due, this.calendar, language)));
    }
    const needContact = this.channels.needsContactDetails(context);
    if (options.fields.length === 0 && !needContact) return step.next({ status: 'confirmed', data: {}, missing: [], consentGiven: false } satisfies IntakeResult);
    const profile = await this.profileAccessor.get(context, {});
    return step.beginDialog(INTAKE_DIALOG, {
      fields: options.fields,
      language,
      known: options.known,
      needContact,
      consentGiven: profile.consentGiven === true,
    } satisfies IntakeOptions);
  }

  private async sendHandoffStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as HandoffOptions;
    const result = step.result as IntakeResult;
    if (result.status === 'cancelled') {
      await this.endRequest(step.context);
      return step.endDialog();
    }
    const context = step.context;
    if (result.consentGiven) {
      const profile = await this.profileAccessor.get(context, {});
      await this.profileAccessor.set(context, { ...profile, consentGiven: true });
    }
    const current = await this.currentRequest(context);
    const transcript = mergeTranscripts(options.request.transcript, current.transcript);
    const receivedAt = options.request.startedAt ?? current.startedAt ?? this.now().toISOString();
    const handoffTranscript = {
      activities: transcript.map(
        (line): Partial<Activity> => ({ type: ActivityTypes.Message, text: line.text, from: { id: line.role, name: line.role, role: line.role }, timestamp: new Date(line.timestamp) }),
      ),
    };
    // The Bot Framework handoff protocol: the desk (bot/handoff-middleware.ts) opens the ticket and
    // answers with handoff.status, whose handler sends the receipt.
    await context.sendActivity(
      EventFactory.createHandoffInitiation(
        context,
        {
          topic: options.topic,
          unit: options.unit,
          collectedData: result.data,
          receivedAt,
          citizenName: result.data.name || context.activity.from?.name || undefined,
        },
        handoffTranscript as never,
      ),
    );
    await this.requestAccessor.set(context, { transcript: [] });
    return step.endDialog();
  }

  // --- Ticket status -----------------------------------------------------------------------------

  /** The citizen's own tickets on this channel identity; someone else's number is refused. */
  private async sendStatus(context: TurnContext, ticketNumber: string | undefined): Promise<void> {
    const language = await this.languageOf(context);
    const messages = messagesFor(language);
    const citizenId = context.activity.from?.id;
    const tickets = citizenId ? await this.desk.ticketsOfCitizen(context.activity.channelId, citizenId) : [];
    const line = (ticket: TicketRecord) => messages.statusLine(ticket.number, messages.statusLabels[ticket.status], formatOfficeDateTime(ticket.dueAt, this.calendar, language));
    if (ticketNumber) {
      const ticket = tickets.find((candidate) => candidate.number === ticketNumber);
      await context.sendActivity(ticket ? `${messages.statusHeader}\n${line(ticket)}` : messages.statusNotFound(ticketNumber));
      return;
    }
    if (tickets.length === 0) {
      await context.sendActivity(messages.statusNone);
      return;
    }
    await context.sendActivity(`${messages.statusHeader}\n${tickets.slice(0, STATUS_LIST_LIMIT).map(line).join('\n')}`);
  }

  // --- Complaints --------------------------------------------------------------------------------

  private async offerComplaintTicketStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { aboutOfficer } = step.options as { aboutOfficer: boolean };
    const messages = messagesFor(await this.languageOf(step.context));
    await step.context.sendActivity(messages.complaintChannels(aboutOfficer));
    return step.beginDialog(OFFER, { prompt: messages.complaintOfferPrompt, choices: [yesChoice(messages), noChoice(messages)] } satisfies OfferOptions);
  }

  private async onComplaintTicketStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as OfferResult;
    if (result.kind === 'unrecognized') return step.endDialog({ reroute: result.text } satisfies FlowResult);
    if (result.kind !== 'chosen') return step.endDialog();
    if (result.value === 'no') {
      await step.context.sendActivity(messagesFor(await this.languageOf(step.context)).complaintDeclined);
      await this.endRequest(step.context);
      return step.endDialog();
    }
    const caseEntry = this.knowledge.getEntry(`${COMPLAINT_TOPIC}#case`);
    const request = await this.currentRequest(step.context);
    return step.replaceDialog(HANDOFF, {
      topic: COMPLAINT_TOPIC,
      unit: caseEntry?.unit ?? COMPLAINT_UNIT,
      fields: caseEntry?.collect ?? ['name', 'phone'],
      known: knownFrom(request.transcript),
      request,
    } satisfies HandoffOptions);
  }

  // --- Personal data deletion --------------------------------------------------------------------

  private async confirmDeletionStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const messages = messagesFor(await this.languageOf(step.context));
    return step.beginDialog(OFFER, {
      prompt: messages.deleteConfirmPrompt,
      choices: [{ ...yesChoice(messages), label: messages.deleteConfirmChoice }, noChoice(messages)],
    } satisfies OfferOptions);
  }

  private async onDeletionStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as OfferResult;
    const language = await this.languageOf(step.context);
    const messages = messagesFor(language);
    if (result.kind === 'chosen' && result.value === 'yes') {
      const erased = await this.desk.eraseCitizen(step.context);
      await step.context.sendActivity(messages.deleteDone(erased.tickets));
      return step.endDialog();
    }
    await step.context.sendActivity(messages.deleteKept);
    await this.endRequest(step.context);
    return step.endDialog(result.kind === 'unrecognized' ? ({ reroute: result.text } satisfies FlowResult) : undefined);
  }

  // --- Rating after the officer's answer ---------------------------------------------------------

  private async askRatingStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as RatingOptions;
    const messages = messagesFor(await this.languageOf(step.context));
    const choices: OfferChoice[] = [1, 2, 3, 4, 5].map((score) => ({ value: String(score), label: String(score) }));
    return step.beginDialog(OFFER, { prompt: messages.ratingPrompt(options.number), choices } satisfies OfferOptions);
  }

  private async onRatingStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as OfferResult;
    const score = result.kind === 'chosen' ? Number(result.value) : result.kind === 'unrecognized' ? parseRating(result.text) : undefined;
    if (!score) return step.endDialog(result.kind === 'unrecognized' ? ({ reroute: result.text } satisfies FlowResult) : undefined);
    const options = step.options as RatingOptions;
    await this.desk.recordRating(options.ticketId, score);
    (step.values as { score?: number }).score = score;
    const messages = messagesFor(await this.languageOf(step.context));
    return step.beginDialog(OFFER, { prompt: messages.ratingCommentPrompt, choices: [{ value: 'skip', label: messages.skip, synonyms: ['lewati', 'skip', 'tidak', 'tidak ada', 'no', 'gak'] }] } satisfies OfferOptions);
  }

  private async onRatingCommentStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as OfferResult;
    const options = step.options as RatingOptions;
    if (result.kind === 'unrecognized') await this.desk.recordRating(options.ticketId, (step.values as { score: number }).score, result.text.slice(0, 1000));
    await step.context.sendActivity(messagesFor(await this.languageOf(step.context)).ratingThanks);
    await this.endRequest(step.context);
    return step.endDialog();
  }

  // --- Helpers -----------------------------------------------------------------------------------

  /** The entry's answer, its legal basis and source, and a record of which version was given. */
  private async sendAnswer(context: TurnContext, entry: KnowledgeEntry, language: Language, options = { endsRequest: true }): Promise<void> {
    const messages = messagesFor(language);
    await context.sendActivity(`${entry.answer[language]}\n\n${messages.answerSource(entry.sourceUrl, regulationsOf(entry))}`);
    await this.recordAnswer(context, entry);
    // An answered question ends the request: the next question starts a new one (and a new SLA clock).
    if (options.endsRequest) await this.requestAccessor.set(context, { transcript: [] });
  }

  /**
   * The exchange is over (thanks, a status look-up, a cancelled or finished flow): the citizen's
   * next message starts a new request, whose first message starts the SLA clock.
   */
  private async endRequest(context: TurnContext): Promise<void> {
    await this.requestAccessor.set(context, { transcript: [] });
  }

  private async recordAnswer(context: TurnContext, entry: KnowledgeEntry): Promise<void> {
    const answers = await this.answersAccessor.get(context, []);
    await this.answersAccessor.set(context, [...answers, { entryId: entry.id, version: entry.version, topic: entry.topic, at: this.now().toISOString() }]);
  }

  /** "Ya"/"Tidak" after an answer is kept with the record of that answer (for editors' reports). */
  private async recordFeedback(context: TurnContext, options: FeedbackOptions, helpful: boolean): Promise<void> {
    const answers = await this.answersAccessor.get(context, []);
    const index = answers.map((answer) => answer.entryId === options.entryId && answer.version === options.version).lastIndexOf(true);
    if (index < 0) return;
    const updated = [...answers];
    updated[index] = { ...updated[index], helpful };
    await this.answersAccessor.set(context, updated);
  }

  private async currentRequest(context: TurnContext): Promise<RequestState> {
    const request = await this.requestAccessor.get(context, { transcript: [] });
    return { ...request, transcript: [...request.transcript] };
  }

  /** The questions of the close candidates, one per topic, as the citizen would pick them. */
  private clarifyChoices(decision: KnowledgeDecision, language: Language): ClarifyOptions['choices'] {
    const seen = new Set<string>();
    const choices: ClarifyOptions['choices'] = [];
    for (const candidate of decision.alternatives) {
      const entry = this.knowledge.getEntry(candidate.entryId);
      if (!entry || seen.has(entry.topic)) continue;
      seen.add(entry.topic);
      choices.push({ label: entry.question[language], entryId: entry.id });
      if (choices.length === MAX_CLARIFY_OPTIONS) break;
    }
    return choices;
  }

  private async createDialogContext(context: TurnContext, dialogStateAccessor: StatePropertyAccessor<DialogState>): Promise<DialogContext> {
    const dialogSet = new DialogSet(dialogStateAccessor);
    dialogSet.add(this);
    return dialogSet.createContext(context);
  }
}

/** The intake's collected answers and consent, wherever they sit in the (nested) dialog stack. */
function findIntakeState(value: unknown): { data: Record<string, string>; consentGiven: boolean } | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findIntakeState(item);
      if (found) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.plan) && Array.isArray(record.queue) && record.data && typeof record.data === 'object') {
    return { data: record.data as Record<string, string>, consentGiven: record.consentGiven === true };
  }
  for (const child of Object.values(record)) {
    const found = findIntakeState(child);
    if (found) return found;
  }
  return undefined;
}

function regulationsOf(entry: KnowledgeEntry): string {
  return entry.legalBasis.map((basis) => basis.regulation).join('; ');
}

/** The fields the topic's case entry asks for before a handoff. */
function caseFieldsOf(knowledge: KnowledgePort, entry: KnowledgeEntry): CollectableField[] {
  if (entry.kind === 'case') return entry.collect;
  return knowledge.getEntry(`${entry.topic}#case`)?.collect ?? entry.collect;
}

/** Identifiers the citizen already typed in this request (an IMEI, a tracking number…): not asked again. */
function knownFrom(transcript: readonly TranscriptLine[]): Record<string, string> {
  const known: Record<string, string> = {};
  for (const line of transcript) {
    if (line.role === 'user') Object.assign(known, stringValues(extractKnownFields(line.text)));
  }
  return known;
}

function stringValues(values: Partial<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** The request's lines before an answer reset it, then the lines since, without repeats. */
function mergeTranscripts(before: readonly TranscriptLine[], after: readonly TranscriptLine[]): TranscriptLine[] {
  const seen = new Set(before.map((line) => `${line.timestamp}|${line.role}|${line.text}`));
  return [...before, ...after.filter((line) => !seen.has(`${line.timestamp}|${line.role}|${line.text}`))];
}
