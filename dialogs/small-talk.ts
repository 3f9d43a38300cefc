import type { Language } from './messages';

/** Conversation control the bot handles itself, before any knowledge search. */
export type SmallTalk =
  | { kind: 'switchLanguage'; language: Language }
  | { kind: 'greeting' }
  | { kind: 'thanks' }
  | { kind: 'help' };

const patterns: Array<[RegExp, SmallTalk]> = [
  [/^(english( please| pls)?|in english( please)?|(can we|let'?s) (speak|talk|chat) (in )?english|bahasa inggris|pakai bahasa inggris)$/, { kind: 'switchLanguage', language: 'en' }],
  [/^((pakai |dalam |pake )?bahasa( indonesia)?|indonesian( please)?|in indonesian( please)?|bahasa indonesia (aja|saja) ?(ya|yah)?)$/, { kind: 'switchLanguage', language: 'id' }],
  [/^(h+a+l+o+|h+a+i+|h+e+l+l+o+|h+i+|hey|p|pagi|siang|sore|malam|selamat (pagi|siang|sore|malam)|assalamu['’ ]?alaikum( wr\.? ?wb\.?)?|good (morning|afternoon|evening)|min|admin|halo (min|admin|kak))$/, { kind: 'greeting' }],
  [
    /^(ok(e|ay)? |baik |siap )?(terima ?kasih|makasih|makasi|trims|tq|thx|thanks?( you)?|thank you)( (banyak|ya|yah|min|kak|pak|bu|bapak|ibu|mas|mbak|mba|bang|sir|madam|maam|so much|very much|a lot|sekali|atas (bantuannya|infonya|jawabannya)))*$/,
    { kind: 'thanks' },
  ],
  [/^(menu|help|bantuan|tolong bantu|apa yang bisa (kamu|anda) bantu|what can you do)$/, { kind: 'help' }],
];

/** Recognises whole-message small talk; a question that merely starts with "halo" is not small talk. */
export function recognizeSmallTalk(text: string): SmallTalk | undefined {
  const normalized = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[!?.,;:~"]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  for (const [pattern, result] of patterns) {
    if (pattern.test(normalized)) return result;
  }
  return undefined;
}
