import { ActivityTypes, MessageFactory } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';

/** One button of an offer: what it shows, the value the dialog returns, and other ways to say it. */
export interface OfferChoice {
  value: string;
  label: string;
  /** Lower-case words or phrases that also pick this choice ("iya", "yes", "1"). */
  synonyms?: string[];
}

export interface OfferOptions {
  prompt: string;
  choices: OfferChoice[];
  /** When true, "1", "2", … pick the choice at that position (for channels that show numbered text). */
  numbered?: boolean;
}

/**
 * How an offer ended: a choice, or a message that is none of them. A citizen never has to answer an
 * offer: anything else they type is handed back to the caller, which treats it as a new message.
 */
export type OfferResult = { kind: 'chosen'; value: string } | { kind: 'unrecognized'; text: string } | { kind: 'no-text' };

/** Lower case, no punctuation at the ends, single spaces: what citizens' replies are compared by. */
export function normalizeReply(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[!?.,;:~"'’]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The choice a reply names, by label, synonym or (when numbered) its position. */
export function matchOffer(options: OfferOptions, text: string): OfferChoice | undefined {
  const reply = normalizeReply(text);
  if (!reply) return undefined;
  const byWords = options.choices.find(
    (choice) => normalizeReply(choice.label) === reply || normalizeReply(choice.value) === reply || (choice.synonyms ?? []).some((synonym) => normalizeReply(synonym) === reply),
  );
  if (byWords) return byWords;
  if (options.numbered && /^\d{1,2}$/.test(reply)) return options.choices[Number(reply) - 1];
  return undefined;
}

/**
 * A question with buttons (suggested actions) that does not insist: the reply either picks one of
 * the choices or, being anything else, ends the offer so the caller can answer it as a new message.
 * This keeps "a question typed right away is answered right away" true in the middle of any flow.
 */
export class OfferDialog extends Dialog<OfferOptions> {
  async beginDialog(dc: DialogContext, options?: OfferOptions): Promise<DialogTurnResult> {
    if (!options || options.choices.length === 0) throw new Error('OfferDialog.beginDialog(): an offer needs a prompt and at least one choice.');
    dc.activeDialog!.state.options = options;
    await dc.context.sendActivity(
      MessageFactory.suggestedActions(
        options.choices.map((choice) => ({ type: 'imBack', title: choice.label, value: choice.label })),
        options.prompt,
      ),
    );
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const activity = dc.context.activity;
    if (activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const options = dc.activeDialog!.state.options as OfferOptions;
    const text = activity.text?.trim() ?? '';
    if (!text) return dc.endDialog({ kind: 'no-text' } satisfies OfferResult);
    const chosen = matchOffer(options, text);
    return dc.endDialog((chosen ? { kind: 'chosen', value: chosen.value } : { kind: 'unrecognized', text }) satisfies OfferResult);
  }

  /** After an interruption (a status look-up, a language switch) the offer is shown again. */
  override async repromptDialog(context: DialogContext['context'], instance: { state: Record<string, unknown> }): Promise<void> {
    const options = instance.state.options as OfferOptions;
    await context.sendActivity(
      MessageFactory.suggestedActions(
        options.choices.map((choice) => ({ type: 'imBack', title: choice.label, value: choice.label })),
        options.prompt,
      ),
    );
  }
}
