/**
 * Settings of the local answer engine. Thresholds are tuned for the whole engine with `kb eval`
 * (never for one question); the config module exposes them with these defaults and descriptions.
 */
export interface EngineOptions {
  /** Confidence the best topic needs for an `answer` (0-1). */
  answerThreshold: number;
  /** How far the best topic must lead the second for an `answer`; closer candidates mean `clarify`. */
  answerMargin: number;
  /** Confidence a candidate needs to be offered in a `clarify` (0-1). */
  clarifyThreshold: number;
  /** Confidence an out-of-scope topic (immigration, income tax, police, weather, chat) needs to make a message `fallback`. */
  outOfScopeThreshold: number;
  /**
   * Without an own-case signal, a case entry wins over the general entry of its topic only when it
   * leads by this much (case entries are first-person variants; a general question that happens to
   * resemble one still gets the general answer).
   */
  caseLead: number;
  /** Confidence below which a handoff carries no topic (the officer sees the alternatives instead). */
  handoffTopicThreshold: number;
  /** Below this confidence a message with no customs vocabulary, identifier or own-case signal is `fallback`. */
  customsMatterThreshold: number;
  /** fuse.js threshold for correcting a typo to a word of the index (0 exact … 1 anything). */
  typoThreshold: number;
  /** Typo look-ups per message (bounds the time a long message of unknown words can take). */
  maxTypoLookups: number;
  /** Search terms read from one message (the first ones). */
  maxQueryTerms: number;
  /** Characters read from one message. */
  maxMessageLength: number;
  /** Weight of an unknown word (not in the index) relative to the rarest known word, in the coverage of a message. */
  unknownTermWeight: number;
  /** Blend of the confidence: best single phrase match, coverage of the message by the whole entry, and the BM25 score. */
  phraseWeight: number;
  coverageWeight: number;
  bm25Weight: number;
  /** BM25 score at which its part of the confidence reaches one half. */
  bm25HalfScore: number;
}

export interface EngineOptionSpec {
  description: string;
  default: number;
  min: number;
  max: number;
}

export const ENGINE_OPTION_SPECS: Readonly<Record<keyof EngineOptions, EngineOptionSpec>> = {
  answerThreshold: { description: 'Confidence the best topic needs for an answer (0-1).', default: 0.5, min: 0, max: 1 },
  answerMargin: { description: 'Lead over the second topic that an answer needs; closer candidates are offered as a clarification.', default: 0.03, min: 0, max: 1 },
  clarifyThreshold: { description: 'Confidence a candidate needs to be offered in a clarification (0-1).', default: 0.38, min: 0, max: 1 },
  outOfScopeThreshold: { description: 'Confidence an out-of-scope topic (immigration, income tax, police, weather, chat) needs to make a message a fallback.', default: 0.4, min: 0, max: 1 },
  caseLead: { description: 'Lead a case entry needs over the general entry of its topic to hand off without an own-case signal.', default: 0.08, min: 0, max: 1 },
  handoffTopicThreshold: { description: 'Confidence below which a handoff carries no topic.', default: 0.25, min: 0, max: 1 },
  customsMatterThreshold: { description: 'Below this confidence, a message without customs words, identifiers or an own-case signal is a fallback.', default: 0.3, min: 0, max: 1 },
  typoThreshold: { description: 'fuse.js threshold for correcting a typo to a word of the index (0 exact, 1 anything).', default: 0.3, min: 0, max: 1 },
  maxTypoLookups: { description: 'Typo look-ups per message.', default: 8, min: 0, max: 100 },
  maxQueryTerms: { description: 'Search terms read from one message.', default: 48, min: 1, max: 500 },
  maxMessageLength: { description: 'Characters read from one message.', default: 4000, min: 1, max: 100000 },
  unknownTermWeight: { description: 'Weight of a word the index does not know, relative to the rarest known word.', default: 0.6, min: 0, max: 2 },
  phraseWeight: { description: 'Share of the best single question/variant match in the confidence.', default: 0.45, min: 0, max: 1 },
  coverageWeight: { description: 'Share of the coverage of the message by the whole entry in the confidence.', default: 0.35, min: 0, max: 1 },
  bm25Weight: { description: 'Share of the BM25 score in the confidence.', default: 0.2, min: 0, max: 1 },
  bm25HalfScore: { description: 'BM25 score at which its share of the confidence reaches one half.', default: 8, min: 0.1, max: 1000 },
};

export const DEFAULT_ENGINE_OPTIONS: Readonly<EngineOptions> = Object.freeze(
  Object.fromEntries(Object.entries(ENGINE_OPTION_SPECS).map(([key, spec]) => [key, spec.default])) as unknown as EngineOptions,
);

/** Defaults overlaid with the given values; each value is checked against its range. */
export function resolveEngineOptions(overrides: Partial<EngineOptions> = {}): EngineOptions {
  const options = { ...DEFAULT_ENGINE_OPTIONS, ...overrides };
  for (const [key, spec] of Object.entries(ENGINE_OPTION_SPECS) as Array<[keyof EngineOptions, EngineOptionSpec]>) {
    const value = options[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < spec.min || value > spec.max) {
      throw new RangeError(`resolveEngineOptions(): ${key} must be a number from ${spec.min} to ${spec.max}.`);
    }
  }
  return options;
}
