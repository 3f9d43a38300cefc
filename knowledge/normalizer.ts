import { BM_EXPANSION, DOUBLE_LETTER_WORDS, NUMBER_NOUNS, PHRASE_MAP, TOKEN_MAP } from './engine/slang';
import { type IdentifierMatch, findIdentifiers } from './identifiers';

/** An amount of money found in a message, normalised: `5jt` → IDR 5000000, `usd500` → USD 500. */
export interface Amount {
  /** ISO 4217 code. */
  currency: string;
  value: number;
}

export interface NormalizedMessage {
  /** The normalised tokens joined by single spaces; identifiers appear only as placeholders. */
  text: string;
  tokens: string[];
  /** Identifiers found, in order. `value` is personal data: never log it (log `kind` only). */
  identifiers: IdentifierMatch[];
  amounts: Amount[];
  /** True when the message was longer than `maxLength` and only its start was read. */
  truncated: boolean;
}

export interface NormalizeOptions {
  /** Characters read from the message (default 4000); the rest is ignored. */
  maxLength?: number;
  /**
   * Extra known words (for example the search index's vocabulary) that decide how letters repeated
   * for emphasis are collapsed: `freeee` → `free`, `maaaf` → `maaf`, `bangettt` → `banget`.
   */
  knownWords?: ReadonlySet<string>;
}

const CURRENCY_CODES: Record<string, string> = {
  rp: 'IDR', 'rp.': 'IDR', idr: 'IDR', rupiah: 'IDR',
  usd: 'USD', 'us$': 'USD', $: 'USD', dolar: 'USD', dollar: 'USD', dollars: 'USD',
  sgd: 'SGD', 's$': 'SGD', myr: 'MYR', rm: 'MYR', ringgit: 'MYR',
  eur: 'EUR', '€': 'EUR', euro: 'EUR', euros: 'EUR', gbp: 'GBP', '£': 'GBP', pound: 'GBP', pounds: 'GBP',
  jpy: 'JPY', '¥': 'JPY', yen: 'JPY', cny: 'CNY', rmb: 'CNY', yuan: 'CNY', aud: 'AUD', 'a$': 'AUD', hkd: 'HKD', sar: 'SAR', riyal: 'SAR',
};

const SCALES: Record<string, number> = {
  rb: 1e3, ribu: 1e3, rbu: 1e3, k: 1e3, rebu: 1e3,
  jt: 1e6, juta: 1e6, jta: 1e6, jeti: 1e6, million: 1e6, mio: 1e6,
  m: 1e9, miliar: 1e9, milyar: 1e9, billion: 1e9, t: 1e12, triliun: 1e12,
};

const NUMBER = String.raw`\d+(?:[.,]\d+)*`;
const PREFIX = String.raw`(rp\.?|idr|usd|us\$|\$|sgd|s\$|myr|rm|eur|€|gbp|£|jpy|¥|cny|rmb|aud|a\$|hkd|sar)`;
const SUFFIX = String.raw`(rupiah|idr|rp|dolar|dollars?|usd|sgd|myr|ringgit|eur|euros?|gbp|pounds?|jpy|yen|cny|yuan|rmb|aud|hkd|sar|riyal)`;
const SCALE = String.raw`(rb|ribu|rbu|rebu|k|jt|juta|jta|jeti|million|mio|m|miliar|milyar|billion|t|triliun)`;
const PREFIXED_AMOUNT = new RegExp(String.raw`(?<![\p{L}\p{N}])${PREFIX}\s?(${NUMBER})(?:\s?${SCALE}(?![\p{L}\p{N}]))?`, 'gu');
const SUFFIXED_AMOUNT = new RegExp(String.raw`(?<![\p{L}\p{N}.,])(${NUMBER})\s?(?:${SCALE}\s?)?${SUFFIX}(?![\p{L}])`, 'gu');
/** A scaled number without a currency is rupiah in Indonesian chat ("5jt", "500rb", "1,5 juta"). */
const SCALED_AMOUNT = new RegExp(String.raw`(?<![\p{L}\p{N}.,])(${NUMBER})\s?(rb|ribu|rbu|rebu|jt|juta|jta|jeti|miliar|milyar)(?![\p{L}])`, 'gu');
const WORD_AMOUNT = /(?<![\p{L}])(se|satu |dua |tiga |lima |sepuluh |seratus )?(ratus ribu|ribu|juta|jutaan|miliar)(?![\p{L}])/gu;
const UNIT = /(?<![\p{L}\p{N}.,])(\d+(?:[.,]\d+)?)\s?(kg|kilo|gr|gram|grams|ml|mililiter|l|lt|ltr|liter|litre|liters|litres|cc|pcs|batang|bks|bungkus|btl|botol|unit|x)(?![\p{L}])/gu;
const PERCENT = /(\d+(?:[.,]\d+)?)\s?(%|persen|percent)/gu;
const GROUPED_NUMBER = /(?<![\p{L}\p{N}.,])\d+(?:[.,]\d+)+(?![\p{N}])/gu;
/**
 * Gates of the rewrites: PREFIXED_AMOUNT needs a number right after the last character of a
 * currency prefix; SUFFIXED_AMOUNT, SCALED_AMOUNT, UNIT and GROUPED_NUMBER a digit that is not glued
 * to a letter, digit, dot or comma (their look-behind); WORD_AMOUNT and PERCENT their words.
 */
const PREFIX_BEFORE_DIGIT = /[p.rdm$€£y¥b]\s?\d/u;
const FREE_DIGIT = /(?:^|[^\p{L}\p{N}.,])\d/u;
const SCALE_WORD = /ribu|juta|miliar/;
const PERCENT_WORD = /%|persen|percent/;

const UNIT_WORDS: Record<string, string> = {
  kg: 'kg', kilo: 'kg', gr: 'gram', gram: 'gram', grams: 'gram', g: 'gram', ml: 'ml', mililiter: 'ml', l: 'liter', lt: 'liter', ltr: 'liter',
  liter: 'liter', litre: 'liter', liters: 'liter', litres: 'liter', cc: 'ml', pcs: 'pcs', batang: 'batang', bks: 'bungkus', bungkus: 'bungkus',
  btl: 'botol', botol: 'botol', unit: 'unit', x: 'x',
};

/**
 * Parses a number as Indonesians and English speakers type it: `2.000.000` and `2,000,000` are
 * two million, `1,5` and `1.5` are one and a half.
 */
export function parseLocaleNumber(raw: string): number {
  const text = raw.trim();
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(text)) return Number(text.replace(/\./g, '').replace(',', '.'));
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) return Number(text.replace(/,/g, ''));
  if (/^\d+,\d+$/.test(text)) return Number(text.replace(',', '.'));
  if (/^\d+\.\d+$/.test(text)) return Number(text);
  return Number(text.replace(/[.,]/g, ''));
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '0';
  if (Number.isInteger(value)) return value.toFixed(0);
  return String(Math.round(value * 1000) / 1000);
}

function scaleFor(word: string | undefined, currency: string): number {
  if (!word) return 1;
  // "1m" is a billion rupiah but a million dollars.
  if (word === 'm' && currency !== 'IDR') return 1e6;
  return SCALES[word] ?? 1;
}

/** Rewrites amounts, units and percentages into canonical tokens and collects the amounts. */
function normalizeAmounts(text: string, amounts: Amount[]): string {
  if (!/\d|ribu|juta|miliar/.test(text)) return text;
  const emit = (currency: string, value: number): string => {
    amounts.push({ currency, value });
    return ` ${currency.toLowerCase()} ${formatNumber(value)} `;
  };
  // Each rewrite runs only when the text has what its pattern cannot match without (most text
  // has none): the gates are plain scans, much cheaper than the patterns.
  let result = text;
  if (PREFIX_BEFORE_DIGIT.test(result)) {
    result = result.replace(PREFIXED_AMOUNT, (_all, prefix: string, number: string, scale?: string) => {
      const currency = CURRENCY_CODES[prefix] ?? 'IDR';
      return emit(currency, parseLocaleNumber(number) * scaleFor(scale, currency));
    });
  }
  if (FREE_DIGIT.test(result)) {
    result = result.replace(SUFFIXED_AMOUNT, (_all, number: string, scale: string | undefined, suffix: string) => {
      const currency = CURRENCY_CODES[suffix] ?? 'IDR';
      return emit(currency, parseLocaleNumber(number) * scaleFor(scale, currency));
    });
  }
  if (FREE_DIGIT.test(result)) {
    result = result.replace(SCALED_AMOUNT, (_all, number: string, scale: string) => emit('IDR', parseLocaleNumber(number) * scaleFor(scale, 'IDR')));
  }
  if (SCALE_WORD.test(result)) {
    result = result.replace(WORD_AMOUNT, (all, count: string | undefined, scale: string) => {
      const counts: Record<string, number> = { se: 1, 'satu ': 1, 'dua ': 2, 'tiga ': 3, 'lima ': 5, 'sepuluh ': 10, 'seratus ': 100 };
      const scales: Record<string, number> = { 'ratus ribu': 1e5, ribu: 1e3, juta: 1e6, jutaan: 1e6, miliar: 1e9 };
      if (!count) return all;
      return emit('IDR', (counts[count] ?? 1) * (scales[scale] ?? 1));
    });
  }
  if (PERCENT_WORD.test(result)) result = result.replace(PERCENT, (_all, number: string) => ` ${formatNumber(parseLocaleNumber(number))} persen `);
  if (FREE_DIGIT.test(result)) {
    result = result.replace(UNIT, (_all, number: string, unit: string) => ` ${formatNumber(parseLocaleNumber(number))} ${UNIT_WORDS[unit] ?? unit} `);
  }
  // Remaining grouped numbers ("2.000", "1,5") become plain numbers.
  if (FREE_DIGIT.test(result)) result = result.replace(GROUPED_NUMBER, (number) => ` ${formatNumber(parseLocaleNumber(number))} `);
  return result;
}

const CONTRACTIONS: Array<[RegExp, string]> = [
  [/\bcan'?t\b/g, 'cannot'],
  [/\bwon'?t\b/g, 'will not'],
  [/\b(\w+)n't\b/g, '$1 not'],
  [/\b(i)'m\b/g, 'i am'],
  [/\b(\w+)'re\b/g, '$1 are'],
  [/\b(\w+)'ll\b/g, '$1 will'],
  [/\b(\w+)'ve\b/g, '$1 have'],
  [/\b(\w+)'d\b/g, '$1 would'],
  [/\b(\w+)'s\b/g, '$1'],
];

const TOKEN_PATTERN = /__[a-z0-9_]+__|\d+(?:\.\d+)?|[\p{L}\p{M}\p{N}]+(?:-[\p{L}\p{M}\p{N}]+)*/gu;

/** Collapses letters repeated for emphasis, keeping a real double letter when it makes a known word. */
function hasTripleLetter(token: string): boolean {
  for (let index = 2; index < token.length; index += 1) {
    const code = token.charCodeAt(index);
    if (code === token.charCodeAt(index - 1) && code === token.charCodeAt(index - 2)) return true;
  }
  return false;
}

function collapseRepeats(token: string, knownWords: ReadonlySet<string> | undefined): string {
  if (!hasTripleLetter(token) || !/(\p{L})\1{2,}/u.test(token)) return token;
  const isKnown = (word: string): boolean =>
    DOUBLE_LETTER_WORDS.has(word) || TOKEN_EXPANSIONS.has(word) || (knownWords?.has(word) ?? false);
  const twice = token.replace(/(\p{L})\1{2,}/gu, '$1$1');
  const once = token.replace(/(\p{L})\1+/gu, '$1');
  const runsToOne = token.replace(/(\p{L})\1{2,}/gu, '$1');
  if (isKnown(runsToOne)) return runsToOne;
  if (isKnown(twice)) return twice;
  if (isKnown(once)) return once;
  return runsToOne;
}

function hasDigitOrDash(token: string): boolean {
  for (let index = 0; index < token.length; index += 1) {
    const code = token.charCodeAt(index);
    if ((code >= 48 && code <= 57) || code === 45) return true;
  }
  return false;
}

/**
 * `barang2` → `barang barang`, `oleh-oleh` → `oleh oleh`, `e-cd` → `e cd` (the phrase map then
 * joins them); null when the token stays whole (most tokens: no allocation).
 */
function splitCompound(token: string): string[] | null {
  if (token.startsWith('__')) return null;
  if (!hasDigitOrDash(token)) return null;
  const reduplicated = /^(\p{L}{3,})2$/u.exec(token);
  if (reduplicated && !TOKEN_EXPANSIONS.has(token)) return [reduplicated[1], reduplicated[1]];
  if (token.includes('-')) return token.split('-').filter((part) => part.length > 0);
  // Letters glued to digits ("200batang", "pph22"): split so numbers and words stand alone.
  const glued = /^(\p{L}+)(\d+)$|^(\d+)(\p{L}+)$/u.exec(token);
  if (glued && !TOKEN_EXPANSIONS.has(token)) return glued[1] ? [glued[1], glued[2]] : [glued[3], glued[4]];
  return null;
}

interface PhraseRule {
  from: string[];
  to: string[];
}
const PHRASE_RULES: PhraseRule[] = PHRASE_MAP.map(([from, to]) => ({ from: from.split(' '), to: to.split(' ') })).sort(
  (left, right) => right.from.length - left.from.length,
);
const PHRASES_BY_FIRST = new Map<string, PhraseRule[]>();
for (const rule of PHRASE_RULES) {
  const list = PHRASES_BY_FIRST.get(rule.from[0]) ?? [];
  list.push(rule);
  PHRASES_BY_FIRST.set(rule.from[0], list);
}

function applyPhrases(tokens: string[]): string[] {
  const output: string[] = [];
  for (let index = 0; index < tokens.length; ) {
    const rules = PHRASES_BY_FIRST.get(tokens[index]);
    const rule = rules?.find((candidate) => candidate.from.every((word, offset) => tokens[index + offset] === word));
    if (rule) {
      output.push(...rule.to);
      index += rule.from.length;
    } else {
      output.push(tokens[index]);
      index += 1;
    }
  }
  return output;
}

const BLACK_MARKET_CONTEXT = new Set(['handphone', 'iphone', 'barang', 'laptop', 'tablet', 'samsung', 'xiaomi', 'jual', 'beli']);

/** TOKEN_MAP as a Map of token lists (a plain object lookup would find `constructor`). */
const TOKEN_EXPANSIONS = new Map<string, string[]>(
  Object.entries(TOKEN_MAP).map(([token, expansion]) => [token, expansion === '' ? [] : expansion.split(' ')]),
);

function applyTokenMap(tokens: string[]): string[] {
  const output: string[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index];
    const next = tokens[index + 1];
    if (token === 'bm') {
      const previous = output[output.length - 1];
      output.push(...(previous && BLACK_MARKET_CONTEXT.has(previous) ? ['black', 'market'] : BM_EXPANSION.split(' ')));
      continue;
    }
    if (token === 'bc') {
      // "bc 2.0", "bc 3.0", "bc 1.1" are document codes; otherwise Bea Cukai.
      output.push(...(next !== undefined && /^\d/.test(next) ? ['bc'] : ['bea', 'cukai']));
      continue;
    }
    if (token === 'no' && next !== undefined && (NUMBER_NOUNS.has(next) || next.startsWith('__'))) {
      output.push('nomor');
      continue;
    }
    const mapped = TOKEN_EXPANSIONS.get(token);
    if (mapped === undefined) output.push(token);
    else for (const word of mapped) output.push(word);
  }
  return output;
}

/**
 * Normalises a citizen's message for understanding: Unicode NFKC, lowercase, identifiers replaced
 * by placeholders (`__imei__`, `__s10__`, …), amounts and currencies in one form (`usd 500`,
 * `idr 5000000`), punctuation and emoji dropped, letters repeated for emphasis collapsed, and
 * chat slang and abbreviations expanded (customs-brief.md section 2). Never throws.
 */
export function normalizeMessage(input: string, options: NormalizeOptions = {}): NormalizedMessage {
  const { tokens, identifiers, amounts, truncated } = normalizeTokens(input, options);
  return { text: tokens.join(' '), tokens, identifiers, amounts, truncated };
}

/** `normalizeMessage` without the joined text, for callers that read only the tokens (the search index). */
export function normalizeTokens(input: string, options: NormalizeOptions = {}): Omit<NormalizedMessage, 'text'> {
  const maxLength = options.maxLength ?? 4000;
  const raw = typeof input === 'string' ? input : '';
  // NFKC leaves plain ASCII unchanged: skip it for the common case.
  const nfkc = /^[\x20-\x7e]*$/.test(raw) ? raw : raw.normalize('NFKC');
  const truncated = nfkc.length > maxLength;

  // Underscores are reserved for placeholders: a citizen typing "__imei__" gets no signal from it.
  const cut = truncated ? nfkc.slice(0, maxLength) : nfkc;
  const text = cut.includes('_') ? cut.replace(/_/g, ' ') : cut;
  const identifiers = findIdentifiers(text);
  let masked = '';
  let cursor = 0;
  for (const match of identifiers) {
    masked += `${text.slice(cursor, match.start)} ${match.placeholder} `;
    cursor = match.end;
  }
  masked += text.slice(cursor);

  let lower = masked.toLowerCase();
  if (/[’‘`´×]/.test(lower)) lower = lower.replace(/[’‘`´]/g, "'").replace(/×/g, ' x ');
  // Web addresses carry no meaning for routing; keep their site name only.
  if (/www\.|https?:|\.(?:go|co)\.id|\.com\b/.test(lower)) lower = lower.replace(/\b(?:https?:\/\/)?(?:www\.)?([a-z0-9-]+)\.(?:go\.id|co\.id|com|id|net|org)\S*/g, ' $1 ');
  if (lower.includes("'")) for (const [pattern, replacement] of CONTRACTIONS) lower = lower.replace(pattern, replacement);
  const amounts: Amount[] = [];
  lower = normalizeAmounts(lower, amounts);

  const split: string[] = [];
  for (const token of lower.match(TOKEN_PATTERN) ?? []) {
    const parts = splitCompound(token);
    if (parts === null) split.push(collapseRepeats(token, options.knownWords));
    else for (const part of parts) split.push(collapseRepeats(part, options.knownWords));
  }
  let tokens = applyPhrases(split);
  tokens = applyTokenMap(tokens);
  tokens = applyPhrases(tokens);
  // "barang barang" → "barang": reduplication adds nothing for retrieval.
  tokens = tokens.filter((token, index) => token !== tokens[index - 1]);
  return { tokens, identifiers, amounts, truncated };
}
