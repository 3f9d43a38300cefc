import Fuse from 'fuse.js';
import type { Language } from '../language-detector';
import type { NormalizedMessage } from '../normalizer';
import { isStopWord, stemEnglish, stemIndonesian } from '../stemming';

/**
 * Turns normalised tokens into search terms: stop words out, stems in. Knowledge-base text is
 * stemmed by its known language; a citizen's token gets whichever stem (Indonesian, English or
 * the word itself) the index knows, so mixed-language messages still match. Tokens the index
 * does not know are matched to a close vocabulary word with fuse.js (typos: "pabaen", "registasi").
 */

/** One query term with why it is there. */
export interface QueryTerm {
  term: string;
  /** The token as normalised. */
  token: string;
  /** 1 for an exact term; less for a typo correction or a hint derived from an identifier. */
  weight: number;
  source: 'exact' | 'typo' | 'identifier' | 'unknown';
}

/** Terms an identifier placeholder adds, so "490154203237518 blocked" reads as an IMEI question. */
const IDENTIFIER_HINTS = new Map<string, string[]>([
  ['__imei__', ['imei']],
  ['__s10__', ['resi']],
  ['__tracking_number__', ['resi']],
  ['__awb__', ['awb']],
  ['__billing_code__', ['billing']],
  ['__npwp__', ['npwp']],
  ['__nik__', ['nik']],
  ['__submission_number__', ['aju']],
  ['__nppbkc__', ['nppbkc']],
  ['__passport__', ['paspor']],
]);

const tokenTerms: Record<Language, Map<string, string | null>> = { id: new Map(), en: new Map() };

const CURRENCY_TOKENS = new Set(['idr', 'usd', 'sgd', 'myr', 'eur', 'gbp', 'jpy', 'cny', 'aud', 'hkd', 'sar']);
const UNIT_TOKENS = new Set(['liter', 'ml', 'gram', 'kg', 'batang', 'bungkus', 'botol', 'pcs', 'unit', 'persen', 'cigarettes', 'cigars', 'sticks', 'bottles']);

/** A number is a term only as an amount or a quantity ("usd 500", "200 batang"); "10 hari" is not. */
function isMeaningfulNumber(tokens: readonly string[], index: number): boolean {
  return CURRENCY_TOKENS.has(tokens[index - 1] ?? '') || UNIT_TOKENS.has(tokens[index + 1] ?? '');
}

/** The term of one word of knowledge-base text in a known language, or null for a stop word. */
export function termOfWord(token: string, language: Language): string | null {
  const cache = tokenTerms[language];
  const cached = cache.get(token);
  if (cached !== undefined) return cached;
  let term: string | null;
  if (isStopWord(token) || token.length < 2) term = null;
  else if (/^\d/.test(token)) term = token;
  else term = language === 'en' ? stemEnglish(token) : stemIndonesian(token);
  if (cache.size > 100_000) cache.clear();
  cache.set(token, term);
  return term;
}

/** What `readKnownLanguage` reports, token by token. */
export interface KnownLanguageReader {
  /**
   * A word or number (identifier placeholders aside). Its term, when `termOfWord` gives one, is a
   * word of the knowledge base (typo correction, repeated letters), and a search term only when
   * `isTerm`: false for a number that is not an amount or a quantity ("10 hari").
   */
  word(token: string, isTerm: boolean): void;
  /** An identifier placeholder or one of the hints it adds, as a search term. */
  identifier(term: string): void;
}

/**
 * Reads knowledge-base text whose language is known: stop words have no term, numbers are search
 * terms only as amounts or quantities, identifier placeholders bring their hints.
 */
export function readKnownLanguage(tokens: readonly string[], reader: KnownLanguageReader): void {
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index];
    if (token.startsWith('__')) {
      reader.identifier(token);
      for (const hint of IDENTIFIER_HINTS.get(token) ?? []) reader.identifier(hint);
      continue;
    }
    const code = token.charCodeAt(0);
    reader.word(token, !(code >= 48 && code <= 57) || isMeaningfulNumber(tokens, index));
  }
}

/** Damerau-Levenshtein (optimal string alignment) distance, stopping early above `limit`. */
export function editDistance(left: string, right: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(left.length - right.length) > limit) return limit + 1;
  const rows = left.length + 1;
  const columns = right.length + 1;
  const table: number[][] = Array.from({ length: rows }, (_, row) => Array.from({ length: columns }, (_, column) => (row === 0 ? column : column === 0 ? row : 0)));
  for (let row = 1; row < rows; row += 1) {
    let rowMinimum = Number.POSITIVE_INFINITY;
    for (let column = 1; column < columns; column += 1) {
      const cost = left[row - 1] === right[column - 1] ? 0 : 1;
      let value = Math.min(table[row - 1][column] + 1, table[row][column - 1] + 1, table[row - 1][column - 1] + cost);
      if (row > 1 && column > 1 && left[row - 1] === right[column - 2] && left[row - 2] === right[column - 1]) {
        value = Math.min(value, table[row - 2][column - 2] + 1);
      }
      table[row][column] = value;
      if (value < rowMinimum) rowMinimum = value;
    }
    if (rowMinimum > limit) return limit + 1;
  }
  return table[rows - 1][columns - 1];
}

interface VocabularyWord {
  word: string;
  term: string;
}

export class QueryAnalyzer {
  /** Built on first use per initial letter: most messages need no typo look-up at all. */
  private readonly fuseByInitial = new Map<string, Fuse<VocabularyWord>>();
  private wordsByInitial: Map<string, VocabularyWord[]> | null = null;

  /**
   * @param vocabulary the index's terms
   * @param surfaceToTerm normalised words of the knowledge base mapped to their term (for typo lookup)
   */
  constructor(
    private readonly vocabulary: { has(term: string): boolean },
    private readonly surfaceToTerm: ReadonlyMap<string, string>,
    private readonly typoThreshold: number,
    private readonly maxTypoLookups: number,
  ) {}

  private fuseFor(initial: string): Fuse<VocabularyWord> | undefined {
    if (!this.wordsByInitial) {
      this.wordsByInitial = new Map();
      for (const [word, term] of this.surfaceToTerm) {
        if (word.length < 4 || /\d|_/.test(word)) continue;
        const list = this.wordsByInitial.get(word[0]) ?? [];
        list.push({ word, term });
        this.wordsByInitial.set(word[0], list);
      }
    }
    let fuse = this.fuseByInitial.get(initial);
    const words = this.wordsByInitial.get(initial);
    if (!fuse && words) {
      fuse = new Fuse(words, { keys: ['word'], includeScore: true, threshold: this.typoThreshold, ignoreLocation: true, minMatchCharLength: 3 });
      this.fuseByInitial.set(initial, fuse);
    }
    return fuse;
  }

  /** The terms of a citizen's message (at most `maxTerms`, the first ones). */
  analyze(message: NormalizedMessage, language: Language, maxTerms = 48): QueryTerm[] {
    const terms: QueryTerm[] = [];
    const seen = new Set<string>();
    let typoLookups = 0;
    const push = (term: QueryTerm): void => {
      if (seen.has(term.term)) return;
      seen.add(term.term);
      terms.push(term);
    };
    for (let index = 0; index < message.tokens.length; index += 1) {
      const token = message.tokens[index];
      if (terms.length >= maxTerms) break;
      if (isStopWord(token)) continue;
      if (token.startsWith('__')) {
        push({ term: token, token, weight: 1, source: 'identifier' });
        for (const hint of IDENTIFIER_HINTS.get(token) ?? []) push({ term: hint, token, weight: 0.6, source: 'identifier' });
        continue;
      }
      if (/^\d/.test(token)) {
        if (isMeaningfulNumber(message.tokens, index) && this.vocabulary.has(token)) push({ term: token, token, weight: 0.7, source: 'exact' });
        continue;
      }
      if (token.length < 2) continue;
      const candidates =
        language === 'en'
          ? [stemEnglish(token), stemIndonesian(token), token]
          : [stemIndonesian(token), stemEnglish(token), token];
      const known = candidates.find((candidate) => this.vocabulary.has(candidate)) ?? this.surfaceToTerm.get(token);
      if (known !== undefined) {
        push({ term: known, token, weight: 1, source: 'exact' });
        continue;
      }
      if (token.length >= 5 && typoLookups < this.maxTypoLookups && /^\p{L}+$/u.test(token)) {
        typoLookups += 1;
        const correction = this.correct(token);
        if (correction) {
          push({ term: correction.term, token, weight: correction.weight, source: 'typo' });
          continue;
        }
      }
      push({ term: candidates[0], token, weight: 1, source: 'unknown' });
    }
    return terms;
  }

  /**
   * fuse.js shortlists close vocabulary words; an edit distance check then keeps only a real typo
   * (one edit for short words, two for long ones), so "diperlukan" never becomes "ditemukan".
   */
  private correct(token: string): { term: string; weight: number } | null {
    const fuse = this.fuseFor(token[0]);
    if (!fuse) return null;
    const allowed = token.length >= 8 ? 2 : 1;
    let best: { term: string; distance: number; score: number } | null = null;
    for (const result of fuse.search(token, { limit: 5 })) {
      if (result.score === undefined || result.score > this.typoThreshold) continue;
      const distance = editDistance(token, result.item.word, allowed);
      if (distance > allowed) continue;
      if (!best || distance < best.distance || (distance === best.distance && result.score < best.score)) {
        best = { term: result.item.term, distance, score: result.score };
      }
    }
    return best ? { term: best.term, weight: best.distance === 1 ? 0.8 : 0.65 } : null;
  }
}
