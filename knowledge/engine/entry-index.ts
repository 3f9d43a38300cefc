import MiniSearch from 'minisearch';
import type { EngineOptions } from '../engine-options';
import type { KnowledgeEntry } from '../knowledge-entry';
import type { Language } from '../language-detector';
import { normalizeTokens } from '../normalizer';
import { type KnownLanguageReader, type QueryTerm, readKnownLanguage, termOfWord } from './analyzer';
import type { OutOfScopeTopic } from './out-of-scope';

/**
 * The search index over the published entries (and the out-of-scope pseudo-topics): BM25 with
 * minisearch over each entry's question, variants and keywords in both languages, plus per-phrase
 * term sets for the phrase-level part of the confidence.
 */

export type IndexedKind = 'general' | 'case' | 'outOfScope';

export interface IndexedEntry {
  key: number;
  topic: string;
  /** Null for an out-of-scope pseudo-topic. */
  entryId: string | null;
  entryVersion: number | null;
  kind: IndexedKind;
  /**
   * Unique term ids of each question and variant, phrase after phrase (keywords are left out of
   * phrase matching); phrase `i` ends at `phraseEnds[i]`.
   */
  phraseTerms: Uint32Array;
  phraseEnds: Uint32Array;
  /** Σ idf of each phrase's terms. */
  phraseMass: Float64Array;
  /** Every term id of the entry (questions, variants, keywords), sorted. */
  terms: Uint32Array;
}

export interface ScoredEntry {
  entry: IndexedEntry;
  /** Confidence in [0, 1]. */
  confidence: number;
  bm25: number;
  phraseSimilarity: number;
  coverage: number;
  /** Query terms this entry matched. */
  matchedTerms: string[];
}

interface SearchDocument {
  id: number;
  /** The entry's terms, analysed already (see `MAX_TERM_REPEAT`). */
  words: string[];
}

/** A term repeated more often than this in one entry adds nothing more to its BM25 document. */
const MAX_TERM_REPEAT = 1;

/**
 * Above this many entries, candidates come from the message's most informative terms only: BM25 over
 * every common word of a 10,000-entry base would score thousands of entries for each message.
 */
const LARGE_INDEX = 2000;

function sortedHas(terms: Uint32Array, id: number): boolean {
  let low = 0;
  let high = terms.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const value = terms[middle];
    if (value === id) return true;
    if (value < id) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/** A typed array at least `size` long, keeping the contents (new slots are 0). */
function ensureLength<T extends Int32Array<ArrayBuffer> | Uint32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>(array: T, size: number): T {
  if (array.length >= size) return array;
  const grown = new (array.constructor as new (length: number) => T)(Math.max(size, array.length * 2));
  grown.set(array);
  return grown;
}

/**
 * Analyses of knowledge-base phrases (normalised, stemmed), kept across builds: an edit re-analyses
 * only the phrases it changed, and a rebuild reads each phrase with one look-up. Words and terms
 * get numbers, and each phrase is a run of numbers in one array, so the cache holds no object per
 * phrase for the garbage collector to trace. Bounded: emptied, between builds, once it holds more
 * than `PHRASE_CACHE_LIMIT` phrases.
 */
class PhraseAnalyses {
  /** Words and terms, numbered. */
  private readonly numbers = new Map<string, number>();
  readonly strings: string[] = [];
  /**
   * Each word met in a language's text, numbered: the number of the word and of its term (-1 for a
   * stop word), so a phrase's words need one look-up each.
   */
  private readonly wordNumbers: Record<Language, Map<string, number>> = { id: new Map(), en: new Map() };
  readonly wordString: number[] = [];
  readonly wordTerm: number[] = [];
  /** Phrase text → phrase number, per language. */
  private readonly phraseNumbers: Record<Language, Map<string, number>> = { id: new Map(), en: new Map() };
  /** Where each phrase's run starts in `data`: [term count, word count, term numbers…, word numbers…]. */
  private starts = new Int32Array(1024);
  data = new Int32Array(1 << 16);
  private used = 0;
  private phraseCount = 0;

  // The phrase being analysed: its unique terms (marked in `seenInPhrase`) and its words with a term.
  private terms: number[] = [];
  private words: number[] = [];
  private seenInPhrase = new Int32Array(1024);
  private phraseStamp = 0;
  private language: Language = 'id';
  private readonly reader: KnownLanguageReader = {
    word: (token, isTerm) => {
      const word = this.word(token);
      const term = this.wordTerm[word];
      if (term < 0) return;
      this.words.push(word);
      if (isTerm) this.addTerm(term);
    },
    identifier: (term) => this.addTerm(this.number(term)),
  };

  /** Phrases analysed. */
  get size(): number {
    return this.phraseCount;
  }

  private number(text: string): number {
    let number = this.numbers.get(text);
    if (number === undefined) {
      number = this.strings.length;
      this.numbers.set(text, number);
      this.strings.push(text);
    }
    return number;
  }

  private word(token: string): number {
    const words = this.wordNumbers[this.language];
    let word = words.get(token);
    if (word === undefined) {
      const term = termOfWord(token, this.language);
      word = this.wordString.length;
      this.wordString.push(this.number(token));
      this.wordTerm.push(term === null ? -1 : this.number(term));
      words.set(token, word);
    }
    return word;
  }

  private addTerm(term: number): void {
    this.seenInPhrase = ensureLength(this.seenInPhrase, term + 1);
    if (this.seenInPhrase[term] === this.phraseStamp) return;
    this.seenInPhrase[term] = this.phraseStamp;
    this.terms.push(term);
  }

  /** The phrase number of a knowledge-base text, analysing it when it is new. */
  phrase(text: string, language: Language): number {
    const known = this.phraseNumbers[language].get(text);
    if (known !== undefined) return known;
    this.language = language;
    this.phraseStamp += 1;
    this.terms = [];
    this.words = [];
    readKnownLanguage(normalizeTokens(text).tokens, this.reader);
    const phrase = this.phraseCount;
    this.phraseCount += 1;
    this.starts = ensureLength(this.starts, this.phraseCount);
    this.starts[phrase] = this.used;
    this.data = ensureLength(this.data, this.used + 2 + this.terms.length + this.words.length);
    const data = this.data;
    data[this.used] = this.terms.length;
    data[this.used + 1] = this.words.length;
    data.set(this.terms, this.used + 2);
    data.set(this.words, this.used + 2 + this.terms.length);
    this.used += 2 + this.terms.length + this.words.length;
    this.phraseNumbers[language].set(text, phrase);
    return phrase;
  }

  /** Where the phrase's run starts in `data`. */
  start(phrase: number): number {
    return this.starts[phrase];
  }
}

const PHRASE_CACHE_LIMIT = 400_000;
let phraseAnalyses = new PhraseAnalyses();

export class EntryIndex {
  readonly entries: IndexedEntry[] = [];
  /** Normalised words of the knowledge base and the term each became (typo correction, repeated letters). */
  readonly surfaceWords = new Map<string, string>();
  private readonly termIds = new Map<string, number>();
  private readonly termNames: string[] = [];
  private readonly documentFrequency: number[] = [];
  private readonly search: MiniSearch<SearchDocument>;
  private maxIdf = 1;

  constructor(entries: readonly KnowledgeEntry[], outOfScope: readonly OutOfScopeTopic[], private readonly options: EngineOptions) {
    if (phraseAnalyses.size > PHRASE_CACHE_LIMIT) phraseAnalyses = new PhraseAnalyses();
    const cache = phraseAnalyses;
    // Per phrase of the cache, whether this index has met it; per string, its term id here plus one
    // (0: not a term here yet) and whether it is a surface word here already.
    let phraseMet = new Uint8Array(cache.size + 1024);
    let termIdPlusOne = new Int32Array(cache.strings.length + 1024);
    let isSurfaceWord = new Uint8Array(cache.strings.length + 1024);

    // The entry being indexed: its phrases' term ids and ends, its unique term ids, its BM25 words.
    // Per term id, the last entry (key + 1) that counted it and how often that entry has it, so
    // document frequency and repeats need no set per entry.
    let key = 0;
    let phraseTerms = new Uint32Array(1024);
    let phraseTermCount = 0;
    let phraseEnds = new Uint32Array(64);
    let phraseCount = 0;
    let entryTerms = new Uint32Array(1024);
    let entryTermCount = 0;
    let words: string[] = [];
    let lastCounted = new Int32Array(1024);
    let repeats = new Int32Array(1024);
    const documents: SearchDocument[] = [];

    const addPhrase = (text: string, language: Language, keyword: boolean): void => {
      const phrase = cache.phrase(text, language);
      const strings = cache.strings;
      const data = cache.data;
      const start = cache.start(phrase);
      const termCount = data[start];
      if (phrase >= phraseMet.length || phraseMet[phrase] === 0) {
        // First time in this index: the phrase's words join the surface words (the first phrase
        // that has a word decides its term) and its new terms get the next ids.
        phraseMet = ensureLength(phraseMet, phrase + 1);
        phraseMet[phrase] = 1;
        termIdPlusOne = ensureLength(termIdPlusOne, strings.length);
        isSurfaceWord = ensureLength(isSurfaceWord, strings.length);
        const surfaceStart = start + 2 + termCount;
        const surfaceEnd = surfaceStart + data[start + 1];
        for (let at = surfaceStart; at < surfaceEnd; at += 1) {
          const word = cache.wordString[data[at]];
          if (isSurfaceWord[word] === 1) continue;
          isSurfaceWord[word] = 1;
          this.surfaceWords.set(strings[word], strings[cache.wordTerm[data[at]]]);
        }
        for (let at = start + 2; at < surfaceStart; at += 1) {
          const term = data[at];
          if (termIdPlusOne[term] !== 0) continue;
          termIdPlusOne[term] = this.termNames.length + 1;
          this.termIds.set(strings[term], this.termNames.length);
          this.termNames.push(strings[term]);
          this.documentFrequency.push(0);
        }
        lastCounted = ensureLength(lastCounted, this.termNames.length);
        repeats = ensureLength(repeats, this.termNames.length);
      }
      if (termCount === 0) return;
      if (!keyword) {
        phraseTerms = ensureLength(phraseTerms, phraseTermCount + termCount);
        phraseEnds = ensureLength(phraseEnds, phraseCount + 1);
        phraseEnds[phraseCount] = phraseTermCount + termCount;
        phraseCount += 1;
      }
      entryTerms = ensureLength(entryTerms, entryTermCount + termCount);
      for (let at = start + 2; at < start + 2 + termCount; at += 1) {
        const id = termIdPlusOne[data[at]] - 1;
        if (!keyword) {
          phraseTerms[phraseTermCount] = id;
          phraseTermCount += 1;
        }
        let seen = 0;
        if (lastCounted[id] !== key + 1) {
          lastCounted[id] = key + 1;
          this.documentFrequency[id] += 1;
          entryTerms[entryTermCount] = id;
          entryTermCount += 1;
        } else {
          seen = repeats[id];
        }
        repeats[id] = seen + 1;
        if (seen < MAX_TERM_REPEAT) words.push(this.termNames[id]);
      }
    };
    const addEntry = (base: Pick<IndexedEntry, 'topic' | 'entryId' | 'entryVersion' | 'kind'>): void => {
      this.entries.push({
        ...base,
        key,
        phraseTerms: phraseTerms.slice(0, phraseTermCount),
        phraseEnds: phraseEnds.slice(0, phraseCount),
        phraseMass: new Float64Array(phraseCount),
        terms: entryTerms.slice(0, entryTermCount).sort(),
      });
      documents.push({ id: key, words });
      key += 1;
      phraseTermCount = 0;
      phraseCount = 0;
      entryTermCount = 0;
      words = [];
    };

    for (const entry of entries) {
      if (entry.status !== 'published') continue;
      for (const language of ['id', 'en'] as const) {
        addPhrase(entry.question[language], language, false);
        for (const variant of entry.variants[language]) addPhrase(variant, language, false);
        for (const keyword of entry.keywords[language]) addPhrase(keyword, language, true);
      }
      addEntry({ topic: entry.topic, entryId: entry.id, entryVersion: entry.version, kind: entry.kind });
    }
    for (const topic of outOfScope) {
      for (const language of ['id', 'en'] as const) for (const text of topic.phrases[language]) addPhrase(text, language, false);
      addEntry({ topic: topic.topic, entryId: null, entryVersion: null, kind: 'outOfScope' });
    }

    this.maxIdf = Math.log(1 + Math.max(1, this.entries.length));
    const idfById = this.documentFrequency.map((frequency) => Math.log(1 + this.entries.length / frequency));
    for (const entry of this.entries) {
      let from = 0;
      for (let index = 0; index < entry.phraseEnds.length; index += 1) {
        const to = entry.phraseEnds[index];
        let mass = 0;
        for (let at = from; at < to; at += 1) mass += idfById[entry.phraseTerms[at]];
        entry.phraseMass[index] = mass;
        from = to;
      }
    }

    const split = (text: string): string[] => (text.length === 0 ? [] : text.split(' '));
    this.search = new MiniSearch<SearchDocument>({
      fields: ['words'],
      idField: 'id',
      // Documents come tokenised: the word list passes through as it is.
      stringifyField: (words) => words,
      tokenize: (words: string | string[]) => (typeof words === 'string' ? split(words) : words),
      processTerm: (term) => term,
      searchOptions: { tokenize: split, processTerm: (term) => term },
    });
    this.search.addAll(documents);
  }

  /** True when the index knows the term. */
  has(term: string): boolean {
    return this.termIds.has(term);
  }

  /** Every term of the index. */
  get vocabulary(): ReadonlySet<string> {
    return new Set(this.termNames);
  }

  /** Inverse document frequency over entries; a word the index does not know counts as rare. */
  idf(term: string): number {
    const id = this.termIds.get(term);
    if (id === undefined) return this.maxIdf * this.options.unknownTermWeight;
    return Math.log(1 + this.entries.length / this.documentFrequency[id]);
  }

  /** Entries ranked by confidence (best first), at most `limit`. */
  score(query: readonly QueryTerm[], limit = 12): ScoredEntry[] {
    if (query.length === 0) return [];
    const weights = new Map(query.map((term) => [term.term, term.weight]));
    const known = query.filter((term) => this.termIds.has(term.term));
    if (known.length === 0) return [];
    let searchTerms = known;
    if (this.entries.length > LARGE_INDEX) {
      const byRarity = [...known].sort((left, right) => this.idf(right.term) - this.idf(left.term));
      const rare = byRarity.filter((term) => (this.documentFrequency[this.termIds.get(term.term) as number] ?? 0) <= this.entries.length * 0.05);
      searchTerms = rare.length >= 2 ? rare.slice(0, 6) : byRarity.slice(0, 3);
    }
    const results = this.search.search(searchTerms.map((term) => term.term).join(' '), {
      boostTerm: (term) => weights.get(term) ?? 1,
      combineWith: 'OR',
      bm25: { k: 1.2, b: 0.5, d: 0.5 },
    });

    // Query terms as ids with weight × idf; unknown words only add to the message's mass.
    const queryMass = query.reduce((sum, term) => sum + term.weight * this.idf(term.term), 0);
    const queryIds = new Map<number, { weighted: number; idf: number; term: string }>();
    for (const term of known) {
      const idf = this.idf(term.term);
      queryIds.set(this.termIds.get(term.term) as number, { weighted: term.weight * idf, idf, term: term.term });
    }

    const scored: ScoredEntry[] = [];
    for (const result of results.slice(0, Math.max(limit * 2, 24))) {
      const entry = this.entries[result.id as number];
      let matchedMass = 0;
      const matchedTerms: string[] = [];
      for (const [id, part] of queryIds) {
        if (!sortedHas(entry.terms, id)) continue;
        matchedMass += part.weighted;
        matchedTerms.push(part.term);
      }
      const coverage = queryMass > 0 ? matchedMass / queryMass : 0;
      let phraseSimilarity = 0;
      let from = 0;
      for (let index = 0; index < entry.phraseEnds.length; index += 1) {
        const to = entry.phraseEnds[index];
        let shared = 0;
        let sharedWeighted = 0;
        for (let at = from; at < to; at += 1) {
          const part = queryIds.get(entry.phraseTerms[at]);
          if (!part) continue;
          shared += part.idf;
          sharedWeighted += part.weighted;
        }
        from = to;
        if (shared === 0) continue;
        // F1 of "how much of the message the phrase explains" and "how much of the phrase the
        // message uses".
        const ofQuery = sharedWeighted / queryMass;
        const ofPhrase = shared / entry.phraseMass[index];
        const similarity = (2 * ofQuery * ofPhrase) / (ofQuery + ofPhrase);
        if (similarity > phraseSimilarity) phraseSimilarity = similarity;
      }
      const bm25Part = result.score / (result.score + this.options.bm25HalfScore);
      const confidence =
        this.options.phraseWeight * phraseSimilarity + this.options.coverageWeight * coverage + this.options.bm25Weight * bm25Part;
      scored.push({ entry, confidence: Math.max(0, Math.min(1, confidence)), bm25: result.score, phraseSimilarity, coverage, matchedTerms });
    }
    return scored.sort((left, right) => right.confidence - left.confidence).slice(0, limit);
  }
}
