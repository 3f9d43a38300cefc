import type { KnowledgeEntry } from './knowledge-entry';
import { CONTRACT_TOPIC_KEYS } from './topic-keys';

/** Longest answer that still reads as one chat bubble on a phone. */
export const CHAT_ANSWER_MAX_CHARS = 700;

export type LintKind = 'unconfirmed' | 'missing-entry' | 'missing-translation' | 'variant-collision' | 'review-overdue' | 'answer-too-long';

export interface LintFinding {
  kind: LintKind;
  entryId?: string;
  topic?: string;
  message: string;
}

/** Unconfirmed facts come first: editors review those before anything else. */
const ORDER: LintKind[] = ['unconfirmed', 'missing-entry', 'missing-translation', 'variant-collision', 'review-overdue', 'answer-too-long'];

function comparable(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Checks the entries an editor is about to rely on; archived entries are left out. */
export function lintEntries(entries: KnowledgeEntry[], today: string = new Date().toISOString().slice(0, 10)): LintFinding[] {
  const active = entries.filter((entry) => entry.status !== 'archived');
  const findings: LintFinding[] = [];

  for (const topic of CONTRACT_TOPIC_KEYS) {
    if (!active.some((entry) => entry.topic === topic && entry.kind === 'general' && entry.status === 'published')) {
      findings.push({ kind: 'missing-entry', topic, message: `topic ${topic} has no published general entry` });
    }
  }

  const owners = new Map<string, KnowledgeEntry>();
  for (const entry of active) {
    for (const item of entry.unconfirmed) {
      findings.push({ kind: 'unconfirmed', entryId: entry.id, topic: entry.topic, message: item });
    }
    for (const field of ['question', 'answer'] as const) {
      if (comparable(entry[field].id) === comparable(entry[field].en)) {
        findings.push({ kind: 'missing-translation', entryId: entry.id, topic: entry.topic, message: `${field} is the same in Indonesian and English` });
      }
    }
    if (entry.reviewBy < today) {
      findings.push({ kind: 'review-overdue', entryId: entry.id, topic: entry.topic, message: `review was due on ${entry.reviewBy}` });
    }
    for (const language of ['id', 'en'] as const) {
      if (entry.answer[language].length > CHAT_ANSWER_MAX_CHARS) {
        findings.push({
          kind: 'answer-too-long',
          entryId: entry.id,
          topic: entry.topic,
          message: `${language} answer has ${entry.answer[language].length} characters (chat bubble: ${CHAT_ANSWER_MAX_CHARS})`,
        });
      }
    }
    for (const phrase of [entry.question.id, entry.question.en, ...entry.variants.id, ...entry.variants.en]) {
      const key = comparable(phrase);
      const owner = owners.get(key);
      if (owner && owner.topic !== entry.topic) {
        findings.push({
          kind: 'variant-collision',
          entryId: entry.id,
          topic: entry.topic,
          message: `"${phrase}" is also a question of ${owner.id}`,
        });
      } else if (!owner) {
        owners.set(key, entry);
      }
    }
  }
  return findings.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}
