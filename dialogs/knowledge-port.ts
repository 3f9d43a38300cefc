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
  /** The citizen's "Ya"/"Tidak" to "Apakah jawaban ini membantu?", when they answered it. */
  helpful?: boolean;
}

/** One line of the conversation kept for a handoff's transcript. */
export interface TranscriptLine {
  role: 'user' | 'bot';
  text: string;
  timestamp: string;
}

/** The request in progress: when the citizen started it (the SLA clock's start) and what was said. */
export interface RequestState {
  startedAt?: string;
  transcript: TranscriptLine[];
}

/** Transcript lines kept per conversation for the officer. */
export const TRANSCRIPT_LIMIT = 30;
