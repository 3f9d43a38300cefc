import { type EngineOptions, resolveEngineOptions } from './engine-options';
import { QueryAnalyzer } from './engine/analyzer';
import { EntryIndex, type ScoredEntry } from './engine/entry-index';
import { OUT_OF_SCOPE_TOPICS, type OutOfScopeTopic } from './engine/out-of-scope';
import { type MessageSignals, readSignals } from './engine/signals';
import type { KnowledgeEntry } from './knowledge-entry';
import { type Language, detectLanguage } from './language-detector';
import { normalizeMessage } from './normalizer';

export type DecisionKind = 'answer' | 'clarify' | 'handoff' | 'fallback';

export interface DecisionAlternative {
  topic: string;
  entryId: string;
  confidence: number;
}

/** What the dialogs do with a citizen's message, and why. */
export interface Decision {
  decision: DecisionKind;
  /** The citizen's language: answer in it. */
  language: Language;
  topic?: string;
  /** The entry to show (answer) or whose fields to collect (handoff); record it with its version. */
  entryId?: string;
  entryVersion?: number;
  /** Confidence of the chosen topic (or of the best candidate), in [0, 1]. */
  confidence: number;
  /** The best topics, best first (at most 3; the chosen one included): the buttons of a clarification. */
  alternatives: DecisionAlternative[];
  /** Why: matched terms and the signals that fired. Never contains identifier values. */
  reasons: string[];
  signals: MessageSignals;
}

/** A ranked candidate with its parts, for `kb ask` and debugging. */
export interface RankedCandidate {
  topic: string;
  entryId: string | null;
  kind: 'general' | 'case' | 'outOfScope';
  confidence: number;
  bm25: number;
  phraseSimilarity: number;
  coverage: number;
  matchedTerms: string[];
}

interface TopicCandidate {
  topic: string;
  best: ScoredEntry;
  general?: ScoredEntry;
  caseEntry?: ScoredEntry;
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

/**
 * The local answer engine (DESIGN.md section 4): normalise, detect the language, read the signals,
 * rank the published entries, and decide answer, clarify, handoff or fallback with the thresholds of
 * `EngineOptions`. Synchronous, no network; `decide` never throws.
 */
export class AnswerEngine {
  readonly options: EngineOptions;
  private index: EntryIndex;
  private analyzer: QueryAnalyzer;
  private knownWords: ReadonlySet<string>;
  /** Topics that have a published case entry, with that entry. */
  private caseEntries = new Map<string, { id: string; version: number }>();
  private generalEntries = new Map<string, { id: string; version: number }>();

  constructor(entries: readonly KnowledgeEntry[], options: Partial<EngineOptions> = {}, private readonly outOfScope: readonly OutOfScopeTopic[] = OUT_OF_SCOPE_TOPICS) {
    this.options = resolveEngineOptions(options);
    const built = this.build(entries);
    this.index = built.index;
    this.analyzer = built.analyzer;
    this.knownWords = built.knownWords;
  }

  /** Replaces the index with one over these entries (only `published` ones are used). */
  rebuild(entries: readonly KnowledgeEntry[]): void {
    const built = this.build(entries);
    this.index = built.index;
    this.analyzer = built.analyzer;
    this.knownWords = built.knownWords;
  }

  /** Number of published entries indexed. */
  get entryCount(): number {
    return this.generalEntries.size + this.caseEntries.size;
  }

  private build(entries: readonly KnowledgeEntry[]): { index: EntryIndex; analyzer: QueryAnalyzer; knownWords: ReadonlySet<string> } {
    const index = new EntryIndex(entries, this.outOfScope, this.options);
    const caseEntries = new Map<string, { id: string; version: number }>();
    const generalEntries = new Map<string, { id: string; version: number }>();
    for (const entry of entries) {
      if (entry.status !== 'published') continue;
      (entry.kind === 'case' ? caseEntries : generalEntries).set(entry.topic, { id: entry.id, version: entry.version });
    }
    this.caseEntries = caseEntries;
    this.generalEntries = generalEntries;
    const analyzer = new QueryAnalyzer(index, index.surfaceWords, this.options.typoThreshold, this.options.maxTypoLookups);
    return { index, analyzer, knownWords: new Set(index.surfaceWords.keys()) };
  }

  /** Candidates with their scores, best first (for `kb ask`). */
  rank(text: string, limit = 8): RankedCandidate[] {
    const normalized = normalizeMessage(typeof text === 'string' ? text : '', { maxLength: this.options.maxMessageLength, knownWords: this.knownWords });
    const language = detectLanguage(normalized.tokens).language;
    const query = this.analyzer.analyze(normalized, language, this.options.maxQueryTerms);
    return this.index.score(query, limit).map((scored) => ({
      topic: scored.entry.topic,
      entryId: scored.entry.entryId,
      kind: scored.entry.kind,
      confidence: round(scored.confidence),
      bm25: round(scored.bm25),
      phraseSimilarity: round(scored.phraseSimilarity),
      coverage: round(scored.coverage),
      matchedTerms: scored.matchedTerms,
    }));
  }

  /** The decision for one citizen message. Never throws: bad input gets a fallback. */
  decide(text: string): Decision {
    try {
      return this.decideUnsafe(typeof text === 'string' ? text : '');
    } catch (error) {
      return {
        decision: 'fallback',
        language: 'id',
        confidence: 0,
        alternatives: [],
        reasons: [`engine error: ${error instanceof Error ? error.name : 'unknown'}`],
        signals: { identifiers: [], ownCase: false, asksForHuman: false, complaint: false, scam: false },
      };
    }
  }

  private decideUnsafe(text: string): Decision {
    const options = this.options;
    const normalized = normalizeMessage(text, { maxLength: options.maxMessageLength, knownWords: this.knownWords });
    const language = detectLanguage(normalized.tokens).language;
    const report = readSignals(normalized);
    const { signals } = report;
    const reasons = [...report.reasons];
    if (normalized.truncated) reasons.push(`message truncated to ${options.maxMessageLength} characters`);

    if (normalized.tokens.length === 0) {
      return { decision: 'fallback', language, confidence: 0, alternatives: [], reasons: [...reasons, 'empty message'], signals };
    }

    const query = this.analyzer.analyze(normalized, language, options.maxQueryTerms);
    const typos = query.filter((term) => term.source === 'typo');
    if (typos.length > 0) reasons.push(`typo-corrected: ${typos.map((term) => term.term).join(', ')}`);
    const ranked = this.index.score(query, 16);
    const topics = groupByTopic(ranked.filter((scored) => scored.entry.kind !== 'outOfScope'));
    const outOfScope = ranked.find((scored) => scored.entry.kind === 'outOfScope');
    const top = topics[0];
    const second = topics[1];
    const topConfidence = top?.best.confidence ?? 0;
    const margin = topConfidence - (second?.best.confidence ?? 0);
    const alternatives = topics.slice(0, 3).map((candidate) => ({
      topic: candidate.topic,
      entryId: (candidate.general ?? candidate.best).entry.entryId ?? candidate.topic,
      confidence: round(candidate.best.confidence),
    }));
    if (top) reasons.push(`best: ${top.topic} ${round(topConfidence)} (matched: ${top.best.matchedTerms.join(', ') || 'none'})`);
    if (second) reasons.push(`margin over ${second.topic}: ${round(margin)}`);

    const base = { language, alternatives, signals };
    const handoff = (topic: TopicCandidate | undefined, why: string, minimum = options.handoffTopicThreshold): Decision => {
      const withTopic = topic && topic.best.confidence >= minimum ? topic : undefined;
      const entry = withTopic ? (this.caseEntries.get(withTopic.topic) ?? this.generalEntries.get(withTopic.topic)) : undefined;
      return {
        ...base,
        decision: 'handoff',
        topic: withTopic?.topic,
        entryId: entry?.id,
        entryVersion: entry?.version,
        confidence: round(withTopic?.best.confidence ?? topConfidence),
        reasons: [...reasons, why],
      };
    };

    // A request for a person carries a topic only when the message also names one clearly.
    if (signals.asksForHuman) return handoff(top, 'handoff: the citizen asks for a person', Math.max(options.handoffTopicThreshold, options.clarifyThreshold));
    if (signals.complaint) {
      const complaints = topics.find((candidate) => candidate.topic === 'contact.complaints');
      const entry = this.caseEntries.get('contact.complaints') ?? this.generalEntries.get('contact.complaints');
      if (entry) {
        return {
          ...base,
          decision: 'handoff',
          topic: 'contact.complaints',
          entryId: entry.id,
          entryVersion: entry.version,
          confidence: round(Math.max(complaints?.best.confidence ?? 0, options.answerThreshold)),
          reasons: [...reasons, 'handoff: complaint about service or officers'],
        };
      }
      return handoff(top, 'handoff: complaint about service or officers');
    }

    // Customs words or a document number make it a customs matter; an own-case signal alone does
    // not ("my flight is delayed" is a problem, but not ours).
    const customsMatter = report.customsVocabulary;
    if (outOfScope && outOfScope.confidence >= options.outOfScopeThreshold && outOfScope.confidence > topConfidence && !customsMatter) {
      return { ...base, decision: 'fallback', confidence: round(outOfScope.confidence), reasons: [...reasons, `fallback: ${outOfScope.entry.topic}`] };
    }
    if (report.chitChat && !customsMatter && topConfidence < options.answerThreshold) {
      return { ...base, decision: 'fallback', confidence: round(topConfidence), reasons: [...reasons, 'fallback: greeting or chat'] };
    }

    if (top && topConfidence >= options.answerThreshold && margin >= options.answerMargin) {
      return this.answerOrHandoff(top, base, reasons, signals.ownCase, report.hypothetical);
    }
    if (top && topConfidence >= options.clarifyThreshold && (customsMatter || signals.ownCase || topConfidence >= options.answerThreshold)) {
      if (signals.ownCase) return handoff(top, 'handoff: own case, topic uncertain');
      const close = topics.filter((candidate) => candidate.best.confidence >= options.clarifyThreshold && topConfidence - candidate.best.confidence < options.answerMargin * 2);
      if (close.length >= 2 || topConfidence < options.answerThreshold) {
        return {
          ...base,
          decision: 'clarify',
          topic: top.topic,
          entryId: (top.general ?? top.best).entry.entryId ?? undefined,
          confidence: round(topConfidence),
          alternatives: alternatives.filter((alternative) => alternative.confidence >= options.clarifyThreshold),
          reasons: [...reasons, 'clarify: close candidates'],
        };
      }
      return this.answerOrHandoff(top, base, reasons, signals.ownCase, report.hypothetical);
    }
    if (customsMatter || (signals.ownCase && topConfidence >= options.customsMatterThreshold)) {
      return handoff(top, 'handoff: a customs matter with no confident answer');
    }
    return {
      ...base,
      decision: 'fallback',
      confidence: round(Math.max(topConfidence, outOfScope?.confidence ?? 0)),
      reasons: [...reasons, outOfScope ? `fallback: not a customs matter (closest: ${outOfScope.entry.topic})` : 'fallback: not a customs matter'],
    };
  }

  private answerOrHandoff(top: TopicCandidate, base: Pick<Decision, 'language' | 'alternatives' | 'signals'>, reasons: string[], ownCase: boolean, hypothetical: boolean): Decision {
    const caseEntry = this.caseEntries.get(top.topic);
    // A case entry wins on its own only when it clearly leads the general one and the message does
    // not ask what would happen ("kalau tidak didaftarkan, apakah diblokir?" wants the general answer).
    const caseLeads =
      top.best.entry.kind === 'case' && (!top.general || (!hypothetical && top.best.confidence - top.general.confidence >= this.options.caseLead));
    if (caseEntry && (ownCase || caseLeads)) {
      return {
        ...base,
        decision: 'handoff',
        topic: top.topic,
        entryId: caseEntry.id,
        entryVersion: caseEntry.version,
        confidence: round(top.best.confidence),
        reasons: [...reasons, ownCase ? 'handoff: own case on a topic officers settle' : 'handoff: matched a case entry'],
      };
    }
    const general = this.generalEntries.get(top.topic);
    const entry = general ?? caseEntry;
    return {
      ...base,
      decision: 'answer',
      topic: top.topic,
      entryId: entry?.id,
      entryVersion: entry?.version,
      confidence: round(top.best.confidence),
      reasons: [...reasons, ownCase ? 'answer: own case, but the answer settles it (no case entry)' : 'answer'],
    };
  }
}

function groupByTopic(scored: readonly ScoredEntry[]): TopicCandidate[] {
  const byTopic = new Map<string, TopicCandidate>();
  for (const item of scored) {
    const candidate = byTopic.get(item.entry.topic) ?? { topic: item.entry.topic, best: item };
    if (item.confidence > candidate.best.confidence) candidate.best = item;
    if (item.entry.kind === 'case') {
      if (!candidate.caseEntry || item.confidence > candidate.caseEntry.confidence) candidate.caseEntry = item;
    } else if (!candidate.general || item.confidence > candidate.general.confidence) {
      candidate.general = item;
    }
    byTopic.set(item.entry.topic, candidate);
  }
  return [...byTopic.values()].sort((left, right) => right.best.confidence - left.best.confidence);
}
