import type { Activity } from 'botbuilder';
import { languageFromLocale, messagesFor } from '../../dialogs/messages';
import type { OutboundMessage, PlatformLimits } from './channel-platform';
import type { OfferedChoice, OfferRendering } from './offered-choices';


export interface RenderedActivity {
  messages: OutboundMessage[];
  /** The offer the messages carry and how it is shown; undefined when the activity offers no choices. */
  offer?: { rendering: OfferRendering; choices: OfferedChoice[] };
}

/**
 * The outbound half every channel shares (DESIGN.md section 6: channel limits live here, never in
 * dialogs): a bot message becomes one or more platform messages within the platform's limits.
 * - Text is converted with `formatText` and split at sentence boundaries (Intl.Segmenter), a sentence
 *   too long for one message at word boundaries, and a word too long at characters as a last resort.
 * - Suggested actions become buttons when their count and every title fit, else a list when the
 *   platform has one and it fits, else numbered lines ("1. …") appended to the last message, which
 *   the inbound half maps back (OfferedChoicesStore). Buttons and lists go on the last message.
 * Each button's value is what Web Chat's suggested action sends (the action's value, or its title).
 */
export function renderActivity(activity: Partial<Activity>, limits: PlatformLimits, formatText: (markdown: string) => string): OutboundMessage[] {
  return renderActivityWithOffer(activity, limits, formatText).messages;
}

/** renderActivity, also telling how the choices were shown (the adapter stores them for the reply). */
export function renderActivityWithOffer(activity: Partial<Activity>, limits: PlatformLimits, formatText: (markdown: string) => string): RenderedActivity {
  const locale = activity.locale ?? 'id';
  const text = (activity.text ?? '').trim();
  const choices = offeredChoicesOf(activity);
  const rendering = choices.length > 0 ? chooseRendering(choices, limits, text) : undefined;
  const splitter = new TextSplitter(limits, formatText, locale);
  const chunks = splitter.split(text);

  if (rendering === 'numbered') {
    const numbered = choices.map((choice, index) => `${index + 1}. ${choice.title}`).join('\n');
    const last = chunks.length > 0 ? chunks[chunks.length - 1] : undefined;
    const joined = last === undefined ? numbered : `${last.source}\n\n${numbered}`;
    if (splitter.fits(joined)) {
      if (last === undefined) chunks.push(splitter.chunk(joined));
      else chunks[chunks.length - 1] = splitter.chunk(joined);
    } else {
      chunks.push(...splitter.split(numbered));
    }
  }

  const messages: OutboundMessage[] = chunks.map((chunk) => ({ text: chunk.formatted }));
  const last = messages[messages.length - 1];
  if (last && rendering === 'buttons') last.buttons = choices.map((choice) => ({ ...choice }));
  if (last && rendering === 'list') {
    last.list = { buttonLabel: messagesFor(languageFromLocale(locale)).choiceListButton, rows: choices.map((choice) => ({ ...choice })) };
  }
  return { messages, offer: rendering ? { rendering, choices } : undefined };
}

/** The suggested actions of an activity as choices: the title shown, and the text Web Chat would send. */
export function offeredChoicesOf(activity: Partial<Activity>): OfferedChoice[] {
  return (activity.suggestedActions?.actions ?? []).flatMap((action) => {
    const value = typeof action.value === 'string' && action.value.trim() !== '' ? action.value : (action.title ?? '');
    const title = action.title?.trim() ? action.title : value;
    return value.trim() === '' ? [] : [{ title, value }];
  });
}

function chooseRendering(choices: OfferedChoice[], limits: PlatformLimits, text: string): OfferRendering {
  // A platform message with buttons needs a body; an offer without a prompt is shown as its lines.
  if (text === '') return 'numbered';
  const longestTitle = Math.max(...choices.map((choice) => choice.title.length));
  if (choices.length <= limits.buttonsMax && longestTitle <= limits.buttonTitleMax) return 'buttons';
  if (limits.listRowsMax > 0 && choices.length <= limits.listRowsMax && longestTitle <= limits.listRowTitleMax) return 'list';
  return 'numbered';
}

interface Chunk {
  /** The bot's text of this message (light Markdown). */
  source: string;
  /** As the platform renders it (formatText applied); within the limit. */
  formatted: string;
}

type Level = 'sentence' | 'word' | 'grapheme';
const NEXT_LEVEL: Record<Level, Level | undefined> = { sentence: 'word', word: 'grapheme', grapheme: undefined };

/**
 * Splits text into messages whose formatted form fits the limit. The limit is checked on the
 * formatted text (a Telegram `&` becomes `&amp;`), which over-counts markup the platform does not
 * count: a message may come out a little shorter than it could be, never longer.
 */
class TextSplitter {
  private readonly segmenters: Record<Level, Intl.Segmenter>;

  constructor(
    private readonly limits: PlatformLimits,
    private readonly formatText: (markdown: string) => string,
    locale: string,
  ) {
    const safeLocale = Intl.Segmenter.supportedLocalesOf([locale]).length > 0 ? locale : 'id';
    this.segmenters = {
      sentence: new Intl.Segmenter(safeLocale, { granularity: 'sentence' }),
      word: new Intl.Segmenter(safeLocale, { granularity: 'word' }),
      grapheme: new Intl.Segmenter(safeLocale, { granularity: 'grapheme' }),
    };
  }

  fits(source: string): boolean {
    return this.measure(this.formatText(source.trim())) <= this.limits.textMax;
  }

  chunk(source: string): Chunk {
    const trimmed = source.trim();
    return { source: trimmed, formatted: this.formatText(trimmed) };
  }

  split(text: string): Chunk[] {
    if (text.trim() === '') return [];
    if (this.fits(text)) return [this.chunk(text)];
    const chunks: Chunk[] = [];
    let current = '';
    for (const piece of this.pieces(text, 'sentence')) {
      if (this.fits(current + piece)) {
        current += piece;
        continue;
      }
      if (current.trim() !== '') chunks.push(this.chunk(current));
      current = piece;
    }
    if (current.trim() !== '') chunks.push(this.chunk(current));
    return chunks;
  }

  /** The text's segments at a level, each fitting alone: too long ones are cut at the next level. */
  private *pieces(text: string, level: Level): Generator<string> {
    for (const { segment } of this.segmenters[level].segment(text)) {
      if (this.fits(segment) || segment.trim() === '') {
        yield segment;
        continue;
      }
      const next = NEXT_LEVEL[level];
      if (next) yield* this.pieces(segment, next);
      else yield* this.hardCut(segment);
    }
  }

  /** Last resort for one grapheme that does not fit (only with an absurdly small limit): code points. */
  private *hardCut(segment: string): Generator<string> {
    let current = '';
    for (const codePoint of segment) {
      if (current !== '' && !this.fits(current + codePoint)) {
        yield current;
        current = '';
      }
      current += codePoint;
    }
    if (current) yield current;
  }

  private measure(text: string): number {
    return this.limits.textUnit === 'utf8-bytes' ? Buffer.byteLength(text, 'utf8') : text.length;
  }
}
