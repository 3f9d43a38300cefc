import Fuse from 'fuse.js';
import type { Decision } from './answer-engine';
import type { KnowledgeEntry } from './knowledge-entry';
import { detectLanguage } from './language-detector';

/**
 * The `--baseline` of `kb eval`: a plain fuse.js search over the same published entries (question,
 * variants, both languages; no normaliser, stemming, signals or margin) turned into a
 * decision with one threshold: a match within it is an answer (a handoff for a case entry), anything
 * else a fallback. It shows what the engine adds.
 */
export interface FuseBaselineOptions {
  /** fuse.js score (0 exact … 1 anything) a match must reach to be an answer. */
  threshold: number;
}

export const DEFAULT_FUSE_BASELINE_OPTIONS: FuseBaselineOptions = { threshold: 0.15 };

interface BaselineRecord {
  entry: KnowledgeEntry;
  phrases: string[];
}

export class FuseBaseline {
  private readonly fuse: Fuse<BaselineRecord>;

  constructor(entries: readonly KnowledgeEntry[], private readonly options: FuseBaselineOptions = DEFAULT_FUSE_BASELINE_OPTIONS) {
    const records = entries
      .filter((entry) => entry.status === 'published')
      .map((entry) => ({
        entry,
        phrases: [entry.question.id, entry.question.en, ...entry.variants.id, ...entry.variants.en],
      }));
    this.fuse = new Fuse(records, { keys: ['phrases'], includeScore: true, ignoreLocation: true, threshold: 1 });
  }

  decide(text: string): Decision {
    const message = typeof text === 'string' ? text.slice(0, 4000).toLowerCase() : '';
    const language = detectLanguage(message).language;
    const signals = { identifiers: [], ownCase: false, asksForHuman: false, complaint: false, scam: false };
    const results = message.trim() === '' ? [] : this.fuse.search(message, { limit: 3 });
    const alternatives = results.map((result) => ({ topic: result.item.entry.topic, entryId: result.item.entry.id, confidence: Math.round((1 - (result.score ?? 1)) * 1000) / 1000 }));
    const best = results[0];
    if (!best || (best.score ?? 1) > this.options.threshold) {
      return { decision: 'fallback', language, confidence: alternatives[0]?.confidence ?? 0, alternatives, reasons: ['baseline: no match within the threshold'], signals };
    }
    const entry = best.item.entry;
    return {
      decision: entry.kind === 'case' ? 'handoff' : 'answer',
      language,
      topic: entry.topic,
      entryId: entry.id,
      entryVersion: entry.version,
      confidence: alternatives[0].confidence,
      alternatives,
      reasons: ['baseline: best fuse.js match'],
      signals,
    };
  }
}
