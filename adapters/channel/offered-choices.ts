import { createHash } from 'node:crypto';
import type { DocumentStore } from '../../storage/repositories';

/** One choice the bot offered (a suggested action): what the citizen saw, and the text Web Chat would send. */
export interface OfferedChoice {
  title: string;
  value: string;
}

/** How the last offer was shown: as the platform's buttons, as a list, or as numbered text lines. */
export type OfferRendering = 'buttons' | 'list' | 'numbered';

/** The choices of the bot's latest message in a conversation, as stored. */
export interface OfferedChoices {
  rendering: OfferRendering;
  choices: OfferedChoice[];
  offeredAt: string;
}

/**
 * A reply that names one of the offered choices by its position, as a platform returns it when the
 * value itself did not fit the button's payload (Telegram's callback_data holds 64 bytes: an entry's
 * question does not fit). The platform's `interpret` puts it in `activity.channelData.choiceReference`;
 * the adapter replaces the activity's text with the choice's value.
 */
export interface ChoiceReference {
  /** 0-based position in the offer. */
  index: number;
  /** choiceFingerprint(value) of the choice as sent, so a tap on an older keyboard is not mistaken for the newest offer. */
  fingerprint: string;
  /** The button's title when the platform echoes it (a fallback when the offer is no longer stored). */
  title?: string;
}

/** A short, stable digest of a choice's value (10 base64url characters). */
export function choiceFingerprint(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url').slice(0, 10);
}

/** `channel-choices/<conversationId>`: the document key of a conversation's latest offer. */
export function offeredChoicesKey(conversationId: string): string {
  return `channel-choices/${conversationId}`;
}

/**
 * The latest choices the bot offered in each channel conversation, kept in the document store
 * (storage/repositories.ts DocumentStore, key `channel-choices/<conversationId>`) so they survive a
 * restart and are shared by every instance. The inbound half reads them to turn a bare number
 * ("2", when the choices were shown as numbered text) or a button that carries only a position back
 * into the value Web Chat's suggested action would have sent; the dialogs then see the same input on
 * every channel. Every bot message replaces the stored offer (a message without choices removes it),
 * so a number typed later, e.g. a quantity, is read as the text it is.
 */
export class OfferedChoicesStore {
  constructor(private readonly documents: DocumentStore) {}

  async remember(conversationId: string, rendering: OfferRendering, choices: OfferedChoice[], at: Date): Promise<void> {
    const document: OfferedChoices = { rendering, choices, offeredAt: at.toISOString() };
    await this.documents.write([{ key: offeredChoicesKey(conversationId), document: { ...document } }]);
  }

  async forget(conversationId: string): Promise<void> {
    await this.documents.delete([offeredChoicesKey(conversationId)]);
  }

  async latest(conversationId: string): Promise<OfferedChoices | undefined> {
    const key = offeredChoicesKey(conversationId);
    const stored = (await this.documents.read([key]))[key];
    if (!stored) return undefined;
    const document = stored.document as Partial<OfferedChoices>;
    if (!Array.isArray(document.choices) || !document.rendering) return undefined;
    return document as OfferedChoices;
  }

  /**
   * The value a reply stands for: a choice reference resolved against the stored offer (or its echoed
   * title), or a bare number when the offer was shown as numbered text; undefined when the reply is
   * to be taken as typed.
   */
  async resolve(conversationId: string, reply: { text?: string; reference?: ChoiceReference }): Promise<string | undefined> {
    const { reference } = reply;
    if (reference) {
      const offer = await this.latest(conversationId);
      const choice = offer?.choices[reference.index];
      if (choice && choiceFingerprint(choice.value) === reference.fingerprint) return choice.value;
      // An older keyboard: the title is what the citizen pressed, and what imBack sends for our offers.
      return reference.title;
    }
    const number = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(reply.text ?? '');
    if (!number) return undefined;
    const offer = await this.latest(conversationId);
    if (offer?.rendering !== 'numbered') return undefined;
    return offer.choices[Number(number[1]) - 1]?.value;
  }
}
