import MiniSearch from 'minisearch';
import type { EngineOptions } from '../engine-options';
import type { KnowledgeEntry } from '../knowledge-entry';
import type { Language } from '../language-detector';
import { normalizeMessage } from '../normalizer';
import { analyzeKnownLanguage, type QueryTerm, termOfWord } from './analyzer';
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
  /** Unique term ids of each question and variant (keywords are left out of phrase matching). */
  phrases: Uint32Array[];
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
  text: string;
}

interface PhraseText {
  text: string;
  language: Language;
  keyword: boolean;
}

function phraseTextsOf(entry: KnowledgeEntry): PhraseText[] {
  const texts: PhraseText[] = [];
  for (const language of ['id', 'en'] as const) {
    texts.push({ text: entry.question[language], language, keyword: false });
    for (const variant of entry.variants[language]) texts.push({ text: variant, language, keyword: false });
    for (const keyword of entry.keywords[language]) texts.push({ text: keyword, language, keyword: true });
  }
  return texts;
}

function phraseTextsOfOutOfScope(topic: OutOfScopeTopic): PhraseText[] {
  return (['id', 'en'] as const).flatMap((language) => topic.phrases[language].map((text) => ({ text, language, keyword: false })));
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

/**
 * Terms of knowledge-base phrases, kept across rebuilds: an edit re-analyses only the phrases it
 * changed. Bounded; cleared when full.
 */
const phraseTermCache: Record<Language, Map<string, { terms: string[]; surface: Array<[string, string]> }>> = { id: new Map(), en: new Map() };
const PHRASE_CACHE_LIMIT = 400_000;

function analyzePhrase(text: string, language: Language, surfaceWords: Map<string, string>): string[] {
  const cache = phraseTermCache[language];
  let cached = cache.get(text);
  if (!cached) {
    const normalized = normalizeMessage(text);
    const surface: Array<[string, string]> = [];
    for (const token of normalized.tokens) {
      if (token.startsWith('__')) continue;
      const term = termOfWord(token, language);
      if (term !== null) surface.push([token, term]);
    }
    cached = { terms: analyzeKnownLanguage(normalized.tokens, language), surface };
    if (cache.size >= PHRASE_CACHE_LIMIT) cache.clear();
    cache.set(text, cached);
  }
  for (const [token, term] of cached.surface) if (!surfaceWords.has(token)) surfaceWords.set(token, term);
  return cached.terms;
}

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
    const analyzed: Record<Language, Map<string, Uint32Array>> = { id: new Map(), en: new Map() };
    const termId = (term: string): number => {
      let id = this.termIds.get(term);
      if (id === undefined) {
        id = this.termNames.length;
        this.termIds.set(term, id);
        this.termNames.push(term);
        this.documentFrequency.push(0);
      }
      return id;
    };
    const analyze = (phrase: PhraseText): Uint32Array => {
      const cached = analyzed[phrase.language].get(phrase.text);
      if (cached) return cached;
      const terms = analyzePhrase(phrase.text, phrase.language, this.surfaceWords);
      const ids = Uint32Array.from(new Set(terms.map(termId)));
      analyzed[phrase.language].set(phrase.text, ids);
      return ids;
    };

    const documents: SearchDocument[] = [];
    // Marks the last entry that counted a term, so document frequency needs no set per entry.
    const lastCounted: number[] = [];
    const addEntry = (base: Omit<IndexedEntry, 'key' | 'phrases' | 'phraseMass' | 'terms'>, texts: PhraseText[]): void => {
      const key = this.entries.length;
      const phrases: Uint32Array[] = [];
      const repeats = new Map<number, number>();
      const words: string[] = [];
      for (const text of texts) {
        const ids = analyze(text);
        if (ids.length === 0) continue;
        if (!text.keyword) phrases.push(ids);
        for (const id of ids) {
          const seen = repeats.get(id) ?? 0;
          repeats.set(id, seen + 1);
          if (seen < MAX_TERM_REPEAT) words.push(this.termNames[id]);
          if (lastCounted[id] !== key + 1) {
            lastCounted[id] = key + 1;
            this.documentFrequency[id] += 1;
          }
        }
      }
      const terms = Uint32Array.from(repeats.keys()).sort();
      this.entries.push({ ...base, key, phrases, phraseMass: new Float64Array(phrases.length), terms });
      documents.push({ id: key, text: words.join(' ') });
    };

    for (const entry of entries) {
      if (entry.status !== 'published') continue;
      addEntry({ topic: entry.topic, entryId: entry.id, entryVersion: entry.version, kind: entry.kind }, phraseTextsOf(entry));
    }
    for (const topic of outOfScope) {
      addEntry({ topic: topic.topic, entryId: null, entryVersion: null, kind: 'outOfScope' }, phraseTextsOfOutOfScope(topic));
    }

    this.maxIdf = Math.log(1 + Math.max(1, this.entries.length));
    const idfById = this.documentFrequency.map((frequency) => Math.log(1 + this.entries.length / frequency));
    for (const entry of this.entries) {
      entry.phrases.forEach((phrase, index) => {
        let mass = 0;
        for (const id of phrase) mass += idfById[id];
        entry.phraseMass[index] = mass;
      });
    }

    const split = (text: string): string[] => (text.length === 0 ? [] : text.split(' '));
    this.search = new MiniSearch<SearchDocument>({
      fields: ['text'],
      idField: 'id',
      tokenize: split,
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
      entry.phrases.forEach((phrase, index) => {
        let shared = 0;
        let sharedWeighted = 0;
        for (const id of phrase) {
          const part = queryIds.get(id);
          if (!part) continue;
          shared += part.idf;
          sharedWeighted += part.weighted;
        }
        if (shared === 0) return;
        // F1 of "how much of the message the phrase explains" and "how much of the phrase the
        // message uses".
        const ofQuery = sharedWeighted / queryMass;
        const ofPhrase = shared / entry.phraseMass[index];
        const similarity = (2 * ofQuery * ofPhrase) / (ofQuery + ofPhrase);
        if (similarity > phraseSimilarity) phraseSimilarity = similarity;
      });
      const bm25Part = result.score / (result.score + this.options.bm25HalfScore);
      const confidence =
        this.options.phraseWeight * phraseSimilarity + this.options.coverageWeight * coverage + this.options.bm25Weight * bm25Part;
      scored.push({ entry, confidence: Math.max(0, Math.min(1, confidence)), bm25: result.score, phraseSimilarity, coverage, matchedTerms });
    }
    return scored.sort((left, right) => right.confidence - left.confidence).slice(0, limit);
  }
}
