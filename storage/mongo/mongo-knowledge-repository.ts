import type { Collection, Db } from 'mongodb';
import { type KnowledgeEntryRecord, type KnowledgeRepository, type NewKnowledgeEntryVersion, VersionConflictError } from '../repositories';
import { isDuplicateKeyError } from './is-duplicate-key-error';

interface EntryDocument {
  _id: string;
  version: number;
  topic: string;
  status: string;
  entry: Record<string, unknown>;
  updatedAt: Date;
  updatedBy: string;
}

interface VersionDocument extends Omit<EntryDocument, '_id'> {
  _id: string;
  id: string;
}

interface StateDocument {
  _id: string;
  revision?: number;
  seededAt?: Date;
}

const STATE_ID = 'knowledge';
const SEEDED_MARKER_ID = 'knowledge-seeded';

function toRecord(document: EntryDocument | VersionDocument): KnowledgeEntryRecord {
  return {
    id: 'id' in document ? document.id : document._id,
    version: document.version,
    topic: document.topic,
    status: document.status,
    entry: document.entry,
    updatedAt: document.updatedAt,
    updatedBy: document.updatedBy,
  };
}

export class MongoKnowledgeRepository implements KnowledgeRepository {
  private readonly entries: Collection<EntryDocument>;
  private readonly versions: Collection<VersionDocument>;
  private readonly state: Collection<StateDocument>;

  constructor(db: Db) {
    this.entries = db.collection<EntryDocument>('knowledge_entries');
    this.versions = db.collection<VersionDocument>('knowledge_entry_versions');
    this.state = db.collection<StateDocument>('knowledge_state');
  }

  async createIndexes(): Promise<void> {
    await this.versions.createIndex({ id: 1, version: 1 }, { unique: true, name: 'entry_version' });
    await this.entries.createIndex({ topic: 1 }, { name: 'topic' });
  }

  async listCurrent(): Promise<KnowledgeEntryRecord[]> {
    return (await this.entries.find().sort({ _id: 1 }).toArray()).map(toRecord);
  }

  async getCurrent(id: string): Promise<KnowledgeEntryRecord | undefined> {
    const document = await this.entries.findOne({ _id: id });
    return document ? toRecord(document) : undefined;
  }

  async listVersions(id: string): Promise<KnowledgeEntryRecord[]> {
    return (await this.versions.find({ id }).sort({ version: 1 }).toArray()).map(toRecord);
  }

  async saveVersion(next: NewKnowledgeEntryVersion, expectedVersion: number): Promise<KnowledgeEntryRecord> {
    const record: KnowledgeEntryRecord = { ...next, version: expectedVersion + 1 };
    const fields = { version: record.version, topic: record.topic, status: record.status, entry: record.entry, updatedAt: record.updatedAt, updatedBy: record.updatedBy };
    // The conditional write on the current entry is the lock: of two editors saving from the same
    // version, exactly one matches. History is written after it, so a crash in between can lose a
    // history line but never blocks the entry.
    if (expectedVersion === 0) {
      try {
        await this.entries.insertOne({ _id: record.id, ...fields });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        throw new VersionConflictError(record.id, expectedVersion, (await this.getCurrent(record.id))?.version ?? 0);
      }
    } else {
      const result = await this.entries.updateOne({ _id: record.id, version: expectedVersion }, { $set: fields });
      if (result.matchedCount === 0) {
        throw new VersionConflictError(record.id, expectedVersion, (await this.getCurrent(record.id))?.version ?? 0);
      }
    }
    await this.versions.insertOne({ _id: `${record.id}@${record.version}`, id: record.id, ...fields });
    await this.bumpRevision();
    return record;
  }

  async seedIfEmpty(entries: NewKnowledgeEntryVersion[]): Promise<boolean> {
    try {
      await this.state.insertOne({ _id: SEEDED_MARKER_ID, seededAt: new Date() });
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
    if (entries.length > 0) {
      const documents = entries.map((entry) => ({ _id: entry.id, version: 1, topic: entry.topic, status: entry.status, entry: entry.entry, updatedAt: entry.updatedAt, updatedBy: entry.updatedBy }));
      await this.entries.insertMany(documents, { ordered: false });
      await this.versions.insertMany(
        documents.map(({ _id, ...rest }) => ({ ...rest, _id: `${_id}@1`, id: _id })),
        { ordered: false },
      );
    }
    await this.bumpRevision();
    return true;
  }

  async revision(): Promise<number> {
    return (await this.state.findOne({ _id: STATE_ID }))?.revision ?? 0;
  }

  private async bumpRevision(): Promise<void> {
    await this.state.updateOne({ _id: STATE_ID }, { $inc: { revision: 1 } }, { upsert: true });
  }
}
