import type { SeedEntry } from './faq-entry';

export type EntryStatus = 'draft' | 'published' | 'archived';

/** One version of an entry as stored; every answer given records `id` and `version`. */
export interface KnowledgeEntry extends SeedEntry {
  /** Stable id: `<topic>` for the general entry, `<topic>#case` for the case entry; editors' new entries get their own. */
  id: string;
  version: number;
  status: EntryStatus;
  updatedAt: string;
  updatedBy: string;
}

/** The id a seed entry gets in the store. */
export function seedEntryId(entry: Pick<SeedEntry, 'topic' | 'kind'>): string {
  return entry.kind === 'case' ? `${entry.topic}#case` : entry.topic;
}
