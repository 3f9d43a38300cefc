import { type Activity, CardFactory, MessageFactory } from 'botbuilder';
import { ComponentDialog, type DialogContext, type DialogTurnResult, type PromptValidatorContext, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { CollectableField } from '../../knowledge/faq-entry';
import type { Language } from '../messages/catalog';
import { type IntakeCatalog, intakeMessagesFor } from '../messages/intake-catalog';
import { alternativesOf, FIELD_DEFINITIONS, type FieldHint, type IntakeField, parseField, parseFieldAnswer } from './fields';

export const INTAKE_DIALOG = 'intakeDialog';
const COLLECT_WATERFALL = 'intakeCollect';
const CONFIRM_WATERFALL = 'intakeConfirm';
const FIELD_PROMPT = 'intakeFieldPrompt';
const CONSENT_PROMPT = 'intakeConsentPrompt';
const CONFIRM_PROMPT = 'intakeConfirmPrompt';
const CHANGE_PROMPT = 'intakeChangePrompt';
/** DESIGN.md section 5: at most three tries per question. */
export const MAX_TRIES = 3;

/** How a handoff starts the intake. */
export interface IntakeOptions {
  /** The fields the topic needs (its knowledge entry's `collect`), asked in this order. */
  fields: readonly CollectableField[];
  language: Language;
  /** Values the citizen already gave (see extractKnownFields); valid ones are not asked again. */
  known?: Partial<Record<string, string>>;
  /** The channel gives no way to reach the citizen later: ask a name and a phone number or e-mail too. */
  needContact?: boolean;
  /** The citizen already agreed to the consent notice earlier in the conversation. */
  consentGiven?: boolean;
}

/**
 * How the intake ends. `data` holds normalised values keyed by CollectableField (phone in E.164,
 * identity numbers as digits, in full: the desk encrypts them); `missing` lists what the citizen
 * skipped or could not give, for the officer to ask.
 */
export type IntakeResult =
  | { status: 'confirmed'; data: Record<string, string>; missing: IntakeField[]; consentGiven: boolean }
  | { status: 'cancelled'; reason: 'citizen' | 'consentRefused' };

/** What the intake carries from turn to turn (the waterfalls' options, persisted with the dialog stack). */
export interface IntakeState {
  language: Language;
  /** Every field of this intake in asking order: the summary lists them. */
  plan: IntakeField[];
  /** Fields still to ask. */
  queue: IntakeField[];
  data: Record<string, string>;
  missing: IntakeField[];
  consentGiven: boolean;
}

/** What a collecting waterfall remembers between its steps. */
interface StepValues {
  consentAsked?: boolean;
}

/** What a prompt's validator needs: prompts are shared, so the field and language travel with each prompt. */
interface PromptValidation {
  language: Language;
  field?: IntakeField;
  /** The fields offered by the "which one to change" prompt. */
  choices?: IntakeField[];
}

// ---------------------------------------------------------------------------------------------
// Reading the citizen's replies

export type ReplyKind = 'cancel' | 'skip' | 'yes' | 'no' | 'change';

/**
 * Whole-message replies, in both languages whatever the intake's language (citizens mix them), and
 * including every button label of the intake catalog. "batal" inside a longer answer is not a cancel.
 */
const REPLY_WORDS: Record<ReplyKind, readonly string[]> = {
  cancel: ['batal', 'batalkan', 'cancel', 'tidak jadi', 'gak jadi', 'ga jadi', 'nggak jadi', 'stop', 'berhenti'],
  skip: [
    'lewati', 'lewat', 'skip', 'tidak tahu', 'tidak tau', 'gak tahu', 'gak tau', 'ga tahu', 'ga tau', 'nggak tahu', 'nggak tau', 'tidak ada', 'gak ada',
    'ga ada', 'nggak ada', 'tidak punya', 'gak punya', 'belum ada', 'belum punya', 'lupa', 'dont know', 'i dont know', 'no idea', 'none',
    'not available', 'i dont have it', 'i dont have one', 'pass',
  ],
  yes: [
    'ya', 'iya', 'y', 'yes', 'yep', 'yup', 'ok', 'oke', 'okay', 'okey', 'setuju', 'saya setuju', 'ya setuju', 'boleh', 'baik', 'benar', 'sudah benar',
    'ya benar', 'betul', 'lanjut', 'kirim', 'ya kirim', 'agree', 'i agree', 'yes i agree', 'sure', 'correct', 'send', 'yes send',
  ],
  no: [
    'tidak', 'tdk', 'gak', 'ga', 'nggak', 'enggak', 'engga', 'no', 'nope', 'tidak setuju', 'saya tidak setuju', 'gak setuju', 'ga setuju', 'salah',
    'keliru', 'belum benar', 'disagree', 'i disagree', 'i do not agree', 'i dont agree', 'not correct', 'wrong',
  ],
  change: ['ubah', 'ganti', 'edit', 'change', 'perbaiki', 'koreksi', 'ralat', 'ubah data'],
};

/** Lower case, apostrophes dropped ("don't" → "dont"), other punctuation as spaces. */
export function normalizeReply(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}@+]+/gu, ' ')
    .trim();
}

/** What a whole-message reply means, if it is one of the intake's control words. */
export function classifyReply(text: string | undefined): ReplyKind | undefined {
  const normalized = normalizeReply(text ?? '');
  const kinds = Object.keys(REPLY_WORDS) as ReplyKind[];
  return kinds.find((kind) => REPLY_WORDS[kind].includes(normalized));
}

export type FieldAnswer = { kind: 'cancel' } | { kind: 'skip' } | { kind: 'value'; value: string } | { kind: 'invalid'; hint: FieldHint };

/** Files the citizen sent (photos of an invoice…), by name; adaptive cards are our own UI, not files. */
function attachmentNames(activity: Partial<Activity>): string[] {
  return (activity.attachments ?? [])
    .filter((attachment) => attachment.contentType !== CardFactory.contentTypes.adaptiveCard)
    .map((attachment) => attachment.name || attachment.contentType);
}

/** Reads one answer to a field's question: a control word, a valid value, or what is wrong with it. */
export function interpretFieldAnswer(field: IntakeField, activity: Partial<Activity>): FieldAnswer {
  const text = activity.text?.trim() ?? '';
  const reply = classifyReply(text);
  if (reply === 'cancel') return { kind: 'cancel' };
  if (reply === 'skip') return { kind: 'skip' };
  // A photo of a document answers the documents question: the officer gets the files with the transcript.
  const files = field === 'documents' ? attachmentNames(activity) : [];
  const answer = [text, ...files].filter(Boolean).join('; ');
  const parsed = parseFieldAnswer(field, answer);
  return parsed.ok ? { kind: 'value', value: parsed.value } : { kind: 'invalid', hint: parsed.hint };
}

// ---------------------------------------------------------------------------------------------
// The intake's state

function valueOf(state: IntakeState, field: IntakeField): string | undefined {
  return field === 'contact' ? (state.data.phone ?? state.data.email) : state.data[field];
}

/** The contact answer is stored where it belongs: an e-mail as `email`, a number as `phone`. */
function setValue(state: IntakeState, field: IntakeField, value: string): void {
  const key = field === 'contact' ? (value.includes('@') ? 'email' : 'phone') : field;
  state.data[key] = value;
}

function clearValue(state: IntakeState, field: IntakeField): void {
  for (const key of field === 'contact' ? ['phone', 'email'] : [field]) delete state.data[key];
  state.missing = state.missing.filter((missing) => missing !== field);
}

/** A field another of its group already answers (a tracking number makes the AWB unnecessary). */
function answeredByAlternative(state: IntakeState, field: IntakeField): boolean {
  return alternativesOf(field).some((other) => other !== field && state.plan.includes(other) && valueOf(state, other) !== undefined);
}

function pruneQueue(state: IntakeState): void {
  state.queue = state.queue.filter((field) => !answeredByAlternative(state, field));
}

/** A value the citizen gave before the intake started, if it passes the field's schema. */
function knownValue(field: IntakeField, known: Partial<Record<string, string>>): string | undefined {
  const given = field === 'contact' ? (known.phone ?? known.email) : known[field];
  if (given === undefined) return undefined;
  const parsed = parseField(field, given);
  return parsed.ok ? parsed.value : undefined;
}

/**
 * The topic's fields in order; with `needContact`, a name and a contact at the end (unless the
 * topic asks for a phone number or an e-mail itself). Known values fill their fields; known values
 * of fields the topic does not need are dropped (collect only what the topic needs).
 */
export function planIntake(options: IntakeOptions): IntakeState {
  const plan: IntakeField[] = [...new Set(options.fields)];
  if (options.needContact) {
    if (!plan.includes('name')) plan.push('name');
    if (!plan.includes('phone') && !plan.includes('email')) plan.push('contact');
  }
  const state: IntakeState = { language: options.language, plan, queue: [], data: {}, missing: [], consentGiven: options.consentGiven ?? false };
  for (const field of plan) {
    const value = knownValue(field, options.known ?? {});
    if (value !== undefined) setValue(state, field, value);
  }
  state.queue = plan.filter((field) => valueOf(state, field) === undefined);
  pruneQueue(state);
  return state;
}

/** The fields a summary lists: all of the plan except those an alternative made unnecessary. */
function summaryFields(state: IntakeState): IntakeField[] {
  return state.plan.filter((field) => valueOf(state, field) !== undefined || !answeredByAlternative(state, field));
}

/** The personal data this intake holds or will ask for: what the consent notice names. */
function personalFieldsInPlay(state: IntakeState): IntakeField[] {
  return summaryFields(state).filter((field) => FIELD_DEFINITIONS[field].personal && (valueOf(state, field) !== undefined || state.queue.includes(field)));
}

/** Consent comes before the first personal question, or before a summary of personal data the citizen volunteered. */
function needsConsent(state: IntakeState, next: IntakeField | undefined): boolean {
  if (state.consentGiven) return false;
  if (next) return FIELD_DEFINITIONS[next].personal;
  return personalFieldsInPlay(state).length > 0;
}

// ---------------------------------------------------------------------------------------------
// Messages

function withButtons(text: string, buttons: string[]): Partial<Activity> {
  return buttons.length > 0 ? MessageFactory.suggestedActions(buttons, text) : MessageFactory.text(text);
}

/** The masked summary: identity numbers and contacts never appear in full. */
export function summaryText(state: IntakeState, messages: IntakeCatalog): string {
  const lines = summaryFields(state).map((field) => {
    const value = valueOf(state, field);
    return `- ${messages.labels[field]}: ${value === undefined ? messages.notProvided : FIELD_DEFINITIONS[field].mask(value)}`;
  });
  return [messages.summaryHeader, ...lines, '', messages.summaryQuestion].join('\n');
}

/** The change prompt accepts a field's label (in either language) or its number in the list. */
function chosenField(text: string, choices: IntakeField[]): IntakeField | undefined {
  const normalized = normalizeReply(text);
  const byNumber = /^\d+$/.test(normalized) ? choices[Number(normalized) - 1] : undefined;
  return (
    byNumber ??
    choices.find((field) => (['id', 'en'] as const).some((language) => normalizeReply(intakeMessagesFor(language).labels[field]) === normalized))
  );
}

/**
 * Collects the fields a topic needs before a handoff, one question per turn, then shows a masked
 * summary to confirm (DESIGN.md section 5).
 *
 * - A consent notice (UU 27/2022, Ya/Tidak) comes before the first personal field; "Tidak" ends
 *   the intake as `cancelled` with reason `consentRefused`.
 * - A bad value gets a hint specific to what is wrong; after three tries the intake goes on without
 *   the field and says the officer will ask for it. Required and optional fields differ only in
 *   how "lewati" is taken: at once on optional fields (which show a Lewati button), after one
 *   reminder on required ones. The citizen is never stuck, and the handoff still happens.
 * - "batal"/"cancel" at any prompt ends the intake as `cancelled`, reason `citizen`.
 * - The summary offers "Ya, kirim" (confirm), "Ubah" (pick one field and answer it again, then the
 *   summary returns; "Tidak" means the same) and "Batal".
 * - The intake sends no message when it is confirmed: the caller's ticket receipt follows.
 */
export class IntakeDialog extends ComponentDialog<IntakeOptions> {
  constructor(id: string = INTAKE_DIALOG) {
    super(id);
    this.addDialog(new WaterfallDialog<IntakeState>(COLLECT_WATERFALL, [this.askConsentStep.bind(this), this.askFieldStep.bind(this), this.recordAnswerStep.bind(this)]));
    this.addDialog(new WaterfallDialog<IntakeState>(CONFIRM_WATERFALL, [this.showSummaryStep.bind(this), this.confirmOrChangeStep.bind(this), this.changeFieldStep.bind(this)]));
    this.addDialog(new TextPrompt(FIELD_PROMPT, this.validateFieldAnswer.bind(this)));
    this.addDialog(new TextPrompt(CONSENT_PROMPT, this.replyValidator(['yes', 'no', 'cancel'], (messages) => this.consentPrompt(messages, messages.consentUnclear))));
    this.addDialog(new TextPrompt(CONFIRM_PROMPT, this.replyValidator(['yes', 'no', 'change', 'cancel'], (messages) => this.confirmPrompt(messages, messages.confirmUnclear))));
    this.addDialog(new TextPrompt(CHANGE_PROMPT, this.validateChangeChoice.bind(this)));
    this.initialDialogId = COLLECT_WATERFALL;
  }

  protected override async onBeginDialog(innerContext: DialogContext, options?: IntakeOptions): Promise<DialogTurnResult> {
    if (!options) throw new Error('IntakeDialog.onBeginDialog(): Missing options.');
    const state = planIntake(options);
    if (state.queue.length > 0) await innerContext.context.sendActivity(intakeMessagesFor(state.language).intro);
    return innerContext.beginDialog(COLLECT_WATERFALL, state);
  }

  // --- Collecting ------------------------------------------------------------------------------

  private async askConsentStep(step: WaterfallStepContext<IntakeState>): Promise<DialogTurnResult> {
    const state = step.options;
    pruneQueue(state);
    const next = state.queue[0];
    // Nothing to ask and nothing known: there is nothing to confirm either.
    if (!next && Object.keys(state.data).length === 0) return step.endDialog(this.confirmed(state));
    if (!needsConsent(state, next)) return step.next();
    const messages = intakeMessagesFor(state.language);
    const labels = personalFieldsInPlay(state).map((field) => messages.labels[field]);
    (step.values as StepValues).consentAsked = true;
    return step.prompt(CONSENT_PROMPT, { prompt: this.consentPrompt(messages, messages.consentNotice(labels)), validations: { language: state.language } });
  }

  private async askFieldStep(step: WaterfallStepContext<IntakeState>): Promise<DialogTurnResult> {
    const state = step.options;
    if ((step.values as StepValues).consentAsked) {
      const reply = classifyReply(step.result as string | undefined);
      if (reply === 'cancel') return this.cancel(step, 'citizen');
      // "Tidak", or three answers that were neither: no consent, so no personal data.
      if (reply !== 'yes') return this.cancel(step, 'consentRefused');
      state.consentGiven = true;
    }
    const field = state.queue[0];
    if (!field) return step.replaceDialog(CONFIRM_WATERFALL, state);
    const messages = intakeMessagesFor(state.language);
    const question = FIELD_DEFINITIONS[field].optional ? `${messages.questions[field]} ${messages.optionalNote}` : messages.questions[field];
    const validations: PromptValidation = { language: state.language, field };
    return step.prompt(FIELD_PROMPT, { prompt: this.fieldPrompt(field, messages, question, false), validations });
  }

  private async recordAnswerStep(step: WaterfallStepContext<IntakeState>): Promise<DialogTurnResult> {
    const state = step.options;
    const field = state.queue.shift() as IntakeField;
    const answer = interpretFieldAnswer(field, step.context.activity);
    switch (answer.kind) {
      case 'cancel':
        return this.cancel(step, 'citizen');
      case 'value':
        setValue(state, field, answer.value);
        break;
      case 'skip':
        state.missing.push(field);
        break;
      case 'invalid': {
        // The validator lets an invalid answer through only after the last try.
        const messages = intakeMessagesFor(state.language);
        await step.context.sendActivity(messages.triesExhausted(messages.labels[field]));
        state.missing.push(field);
        break;
      }
    }
    return step.replaceDialog(COLLECT_WATERFALL, state);
  }

  // --- Confirming ------------------------------------------------------------------------------

  private async showSummaryStep(step: WaterfallStepContext<IntakeState>): Promise<DialogTurnResult> {
    const state = step.options;
    const messages = intakeMessagesFor(state.language);
    return step.prompt(CONFIRM_PROMPT, { prompt: this.confirmPrompt(messages, summaryText(state, messages)), validations: { language: state.language } });
  }

  private async confirmOrChangeStep(step: WaterfallStepContext<IntakeState>): Promise<DialogTurnResult> {
    const state = step.options;
    const reply = classifyReply(step.result as string | undefined);
    if (reply === 'yes') return step.endDialog(this.confirmed(state));
    // Three answers that were none of the buttons: the citizen has moved on, so let them go.
    if (reply !== 'change' && reply !== 'no') return this.cancel(step, 'citizen');
    const messages = intakeMessagesFor(state.language);
    const choices = summaryFields(state);
    const validations: PromptValidation = { language: state.language, choices };
    return step.prompt(CHANGE_PROMPT, { prompt: this.changePrompt(messages, choices, messages.chooseFieldToChange), validations });
  }

  /** Asks the chosen field (with its alternatives) again, then the summary comes back. */
  private async changeFieldStep(step: WaterfallStepContext<IntakeState>): Promise<DialogTurnResult> {
    const state = step.options;
    const text = (step.result as string | undefined) ?? '';
    if (classifyReply(text) === 'cancel') return this.cancel(step, 'citizen');
    const field = chosenField(text, summaryFields(state));
    if (!field) return step.replaceDialog(CONFIRM_WATERFALL, state);
    const group = state.plan.filter((candidate) => alternativesOf(field).includes(candidate));
    for (const member of group) clearValue(state, member);
    state.queue = group;
    return step.replaceDialog(COLLECT_WATERFALL, state);
  }

  // --- Validators ------------------------------------------------------------------------------

  /**
   * Accepts a value, a cancel, or a skip (optional fields; required ones after a reminder). A bad
   * value is answered with its specific hint, and accepted as a failure on the last try so the
   * waterfall can move on. The prompt does not re-prompt when the validator has replied.
   */
  private async validateFieldAnswer(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const { field, language } = prompt.options.validations as Required<Pick<PromptValidation, 'field' | 'language'>>;
    const messages = intakeMessagesFor(language);
    const promptState = prompt.state as { skipReminded?: boolean };
    const answer = interpretFieldAnswer(field, prompt.context.activity);
    if (answer.kind === 'cancel' || answer.kind === 'value') return true;
    if (answer.kind === 'skip') {
      if (FIELD_DEFINITIONS[field].optional || promptState.skipReminded) return true;
      promptState.skipReminded = true;
      await prompt.context.sendActivity(this.fieldPrompt(field, messages, messages.requiredReminder(messages.labels[field]), true));
      return false;
    }
    if (prompt.attemptCount >= MAX_TRIES) return true;
    await prompt.context.sendActivity(this.fieldPrompt(field, messages, messages.hints[answer.hint], promptState.skipReminded ?? false));
    return false;
  }

  /** A validator for button questions: accepts the listed kinds of reply; otherwise re-asks, up to MAX_TRIES. */
  private replyValidator(accepted: ReplyKind[], unclearPrompt: (messages: IntakeCatalog) => Partial<Activity>) {
    return async (prompt: PromptValidatorContext<string>): Promise<boolean> => {
      const reply = classifyReply(prompt.context.activity.text);
      if ((reply && accepted.includes(reply)) || prompt.attemptCount >= MAX_TRIES) return true;
      const { language } = prompt.options.validations as PromptValidation;
      await prompt.context.sendActivity(unclearPrompt(intakeMessagesFor(language)));
      return false;
    };
  }

  private async validateChangeChoice(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const { language, choices = [] } = prompt.options.validations as PromptValidation;
    const text = prompt.context.activity.text ?? '';
    if (classifyReply(text) === 'cancel' || chosenField(text, choices) || prompt.attemptCount >= MAX_TRIES) return true;
    const messages = intakeMessagesFor(language);
    await prompt.context.sendActivity(this.changePrompt(messages, choices, messages.chooseFieldUnclear));
    return false;
  }

  // --- Prompts and endings -------------------------------------------------------------------

  /** A field's question or hint; the Lewati button shows on optional fields and after a required field's reminder. */
  private fieldPrompt(field: IntakeField, messages: IntakeCatalog, text: string, skipReminded: boolean): Partial<Activity> {
    return withButtons(text, FIELD_DEFINITIONS[field].optional || skipReminded ? [messages.skip] : []);
  }

  private consentPrompt(messages: IntakeCatalog, text: string): Partial<Activity> {
    return withButtons(text, [messages.consentYes, messages.consentNo]);
  }

  private confirmPrompt(messages: IntakeCatalog, text: string): Partial<Activity> {
    return withButtons(text, [messages.confirmYes, messages.confirmChange, messages.confirmCancel]);
  }

  private changePrompt(messages: IntakeCatalog, choices: IntakeField[], text: string): Partial<Activity> {
    return withButtons(text, choices.map((field) => messages.labels[field]));
  }

  private confirmed(state: IntakeState): IntakeResult {
    // A field another of its group answers is not missing: the officer has what they need.
    const missing = state.missing.filter((field) => !answeredByAlternative(state, field));
    return { status: 'confirmed', data: { ...state.data }, missing, consentGiven: state.consentGiven };
  }

  private async cancel(step: WaterfallStepContext<IntakeState>, reason: 'citizen' | 'consentRefused'): Promise<DialogTurnResult> {
    const messages = intakeMessagesFor(step.options.language);
    await step.context.sendActivity(reason === 'citizen' ? messages.cancelled : messages.consentRefused);
    const result: IntakeResult = { status: 'cancelled', reason };
    return step.endDialog(result);
  }
}
