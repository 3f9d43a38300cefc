import type { KnowledgeEntry } from '../knowledge/knowledge-entry';

/** What the dialogs need from a knowledge decision (knowledge/answer-engine.ts produces it). */
export interface KnowledgeDecision {
  decision: 'answer' | 'clarify' | 'handoff' | 'fallback';
  language: 'id' | 'en';
  topic?: string;
  entryId?: string;
  confidence: number;
  alternatives: Array<{ topic: string; entryId: string; confidence: number }>;
}

/** The knowledge base as the dialogs see it: decide, and read entries by id. */
export interface KnowledgePort {
  decide(text: string): Promise<KnowledgeDecision>;
  getEntry(id: string): KnowledgeEntry | undefined;
}

/** One answer given to a citizen: which entry, which version (DESIGN.md section 4). */
export interface AnswerRecord {
  entryId: string;
  version: number;
  topic: string;
  at: string;
}
