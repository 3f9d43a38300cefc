import { type SeedEntry, seedEntrySchema } from './faq-entry';
import type { EntryStatus, KnowledgeEntry } from './knowledge-entry';
import type { KnowledgeEntryRecord, KnowledgeRepository, NewKnowledgeEntryVersion } from '../storage/repositories';

/** Anything that turns a message into a decision over a set of entries (the local engine, CLU on top of it). */
export interface DecisionEngine<TDecision> {
  decide(text: string): Promise<TDecision>;
}

export type EngineFactory<TDecision> = (entries: KnowledgeEntry[]) => DecisionEngine<TDecision>;

/** Content and status an editor saves; the store adds the version, time and author. */
export interface EntryDraft {
  id: string;
  status: EntryStatus;
  content: SeedEntry;
}

export class EntryValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EntryValidationError';
  }
}

function toEntry(record: KnowledgeEntryRecord): KnowledgeEntry {
  return {
    ...(record.entry as unknown as SeedEntry),
    id: record.id,
    version: record.version,
    status: record.status as EntryStatus,
    updatedAt: record.updatedAt.toISOString(),
    updatedBy: record.updatedBy,
  };
}

/** Validates content with the entry schema; the error names the field. */
export function validateEntryContent(content: unknown, where = 'entry'): SeedEntry {
  const result = seedEntrySchema.safeParse(content);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new EntryValidationError(`${where}: field "${issue?.path.join('.') || '(entry)'}" ${issue?.message ?? 'is invalid'}`);
  }
  return result.data;
}

/**
 * The knowledge base as the bot and the editors use it: entries from storage (seeded once from
 * knowledge/seed), the decision engine built over the published ones, and edits that take effect
 * in every instance: each instance compares the store's revision and rebuilds when it moved.
 */
export class KnowledgeBase<TDecision> {
  private engine: DecisionEngine<TDecision> | undefined;
  private entries: KnowledgeEntry[] = [];
  private loadedRevision = -1;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly repository: KnowledgeRepository,
    private readonly createEngine: EngineFactory<TDecision>,
  ) {}

  /** Seeds an empty store (never overwriting edits) and builds the index. */
  async initialize(seed: KnowledgeEntry[]): Promise<{ seeded: boolean }> {
    const seeded = await this.repository.seedIfEmpty(seed.map((entry) => toRecordInput(entry, entry.updatedBy)));
    await this.reload();
    return { seeded };
  }

  async decide(text: string): Promise<TDecision> {
    if (!this.engine) throw new Error('KnowledgeBase.decide(): initialize() first.');
    return this.engine.decide(text);
  }

  /** Every current entry (all statuses), as last loaded. */
  currentEntries(): KnowledgeEntry[] {
    return this.entries;
  }

  publishedEntries(): KnowledgeEntry[] {
    return this.entries.filter((entry) => entry.status === 'published');
  }

  getEntry(id: string): KnowledgeEntry | undefined {
    return this.entries.find((entry) => entry.id === id);
  }

  async history(id: string): Promise<KnowledgeEntry[]> {
    return (await this.repository.listVersions(id)).map(toEntry);
  }

  /** Rebuilds when another instance (or editor) changed the store since the last load. */
  async refreshIfChanged(): Promise<boolean> {
    if (this.refreshing) {
      await this.refreshing;
      return false;
    }
    const revision = await this.repository.revision();
    if (revision === this.loadedRevision) return false;
    await this.reload();
    return true;
  }

  /**
   * Saves a new version of an entry (validated), starting from `expectedVersion` (0 for a new entry),
   * and rebuilds this instance's index at once.
   */
  async saveEntry(draft: EntryDraft, expectedVersion: number, author: string): Promise<KnowledgeEntry> {
    const content = validateEntryContent(draft.content, draft.id);
    const record = await this.repository.saveVersion(
      { id: draft.id, topic: content.topic, status: draft.status, entry: content as unknown as Record<string, unknown>, updatedAt: new Date(), updatedBy: author },
      expectedVersion,
    );
    await this.reload();
    return toEntry(record);
  }

  /**
   * Stores validated entries (see parseImportFile): a new entry starts at version 1, a changed one
   * gets a new version, an unchanged one is left alone. Returns what happened to each.
   */
  async importEntries(entries: Array<{ id: string; status: EntryStatus; content: SeedEntry }>, author: string): Promise<{ created: string[]; updated: string[]; unchanged: string[] }> {
    const outcome = { created: [] as string[], updated: [] as string[], unchanged: [] as string[] };
    const changes: Array<{ draft: EntryDraft; expectedVersion: number; bucket: string[] }> = [];
    for (const entry of entries) {
      const current = await this.repository.getCurrent(entry.id);
      if (current && current.status === entry.status && JSON.stringify(current.entry) === JSON.stringify(entry.content)) {
        outcome.unchanged.push(entry.id);
        continue;
      }
      changes.push({ draft: entry, expectedVersion: current?.version ?? 0, bucket: current ? outcome.updated : outcome.created });
    }
    for (const change of changes) {
      const content = validateEntryContent(change.draft.content, change.draft.id);
      await this.repository.saveVersion(
        { id: change.draft.id, topic: content.topic, status: change.draft.status, entry: content as unknown as Record<string, unknown>, updatedAt: new Date(), updatedBy: author },
        change.expectedVersion,
      );
      change.bucket.push(change.draft.id);
    }
    await this.reload();
    return outcome;
  }

  private reload(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const revision = await this.repository.revision();
        const records = await this.repository.listCurrent();
        this.entries = records.map(toEntry);
        this.engine = this.createEngine(this.publishedEntries());
        this.loadedRevision = revision;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }
}

/** The content fields of an entry, as stored (id, version, status and authorship live beside them). */
export function entryContent(entry: KnowledgeEntry): SeedEntry {
  const { id: _id, version: _version, status: _status, updatedAt: _updatedAt, updatedBy: _updatedBy, ...content } = entry;
  return content;
}

function toRecordInput(entry: KnowledgeEntry, author: string): NewKnowledgeEntryVersion {
  return {
    id: entry.id,
    topic: entry.topic,
    status: entry.status,
    entry: entryContent(entry) as unknown as Record<string, unknown>,
    updatedAt: new Date(entry.updatedAt === new Date(0).toISOString() ? Date.now() : entry.updatedAt),
    updatedBy: author,
  };
}
