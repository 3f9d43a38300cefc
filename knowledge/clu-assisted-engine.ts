import type { AnswerEngine, Decision } from './answer-engine';
import { type CluRecognizer, CluUnavailableError } from './clu-recognizer';
import type { DecisionEngine } from './knowledge-base';
import type { KnowledgeEntry } from './knowledge-entry';

/** What happened to one CLU consultation; the server counts these in its metrics. */
export type CluOutcome = 'used' | 'not-confident' | 'skipped' | 'timeout' | 'error';

export interface CluObserver {
  cluConsulted(outcome: CluOutcome): void;
}

/**
 * Azure CLU on top of the local engine. CLU names the topic when it is confident (its intents are
 * our topic keys); the local engine still decides what CLU cannot see: the citizen's own case, a
 * request for an officer, a complaint. Any CLU failure or timeout keeps the local decision.
 */
export class CluAssistedEngine implements DecisionEngine<Decision> {
  private readonly generalEntries: Map<string, KnowledgeEntry>;

  constructor(
    private readonly local: AnswerEngine,
    entries: readonly KnowledgeEntry[],
    private readonly clu: CluRecognizer,
    private readonly minConfidence: number,
    private readonly observer: CluObserver,
  ) {
    this.generalEntries = new Map(entries.filter((entry) => entry.kind === 'general').map((entry) => [entry.topic, entry]));
  }

  async decide(text: string): Promise<Decision> {
    const local = this.local.decide(text);
    const { signals } = local;
    if (text.trim() === '' || (local.decision === 'handoff' && (signals.ownCase || signals.asksForHuman || signals.complaint))) {
      this.observer.cluConsulted('skipped');
      return local;
    }
    let prediction;
    try {
      prediction = await this.clu.recognize(text, local.language);
    } catch (error) {
      this.observer.cluConsulted(error instanceof CluUnavailableError ? error.reason : 'error');
      return local;
    }
    const entry = this.generalEntries.get(prediction.topIntent);
    if (!entry || prediction.confidence < this.minConfidence) {
      this.observer.cluConsulted('not-confident');
      return local;
    }
    this.observer.cluConsulted('used');
    const alternatives = prediction.intents
      .map((intent) => ({ intent, entry: this.generalEntries.get(intent.intent) }))
      .filter((candidate): candidate is { intent: { intent: string; confidence: number }; entry: KnowledgeEntry } => Boolean(candidate.entry))
      .slice(0, 3)
      .map(({ intent, entry: candidate }) => ({ topic: candidate.topic, entryId: candidate.id, confidence: intent.confidence }));
    return {
      ...local,
      decision: 'answer',
      topic: entry.topic,
      entryId: entry.id,
      entryVersion: entry.version,
      confidence: prediction.confidence,
      alternatives,
      reasons: [`CLU intent ${entry.topic} (${prediction.confidence.toFixed(2)})`, ...local.reasons],
    };
  }
}
