import type { Collection, Db, Filter, ObjectId } from 'mongodb';
import type { AuditLogRepository, AuditRecord } from '../repositories';
import { checkLimit } from '../argument-checks';

interface AuditDocument extends AuditRecord {
  _id?: ObjectId;
}

/** Append-only: this repository has no method that updates or deletes a record. */
export class MongoAuditLogRepository implements AuditLogRepository {
  private readonly collection: Collection<AuditDocument>;

  constructor(db: Db) {
    this.collection = db.collection<AuditDocument>('audit_log');
  }

  async createIndexes(): Promise<void> {
    await this.collection.createIndex({ at: -1, _id: -1 }, { name: 'at' });
    await this.collection.createIndex({ target: 1, at: -1, _id: -1 }, { name: 'target_at' });
    await this.collection.createIndex({ actor: 1, at: -1, _id: -1 }, { name: 'actor_at' });
  }

  async append(record: AuditRecord): Promise<void> {
    // A fresh object: insertOne adds the generated _id to the document it is given.
    await this.collection.insertOne({ at: record.at, actor: record.actor, action: record.action, target: record.target, details: record.details });
  }

  async list(filter: { target?: string; actor?: string }, limit: number): Promise<AuditRecord[]> {
    checkLimit('MongoAuditLogRepository.list()', limit);
    // MongoDB reads limit(0) as "no limit".
    if (limit === 0) return [];
    const query: Filter<AuditDocument> = {};
    if (filter.target !== undefined) query.target = filter.target;
    if (filter.actor !== undefined) query.actor = filter.actor;
    // Newest first; within one millisecond the ObjectId breaks the tie (in insertion order per process).
    const documents = await this.collection.find(query).sort({ at: -1, _id: -1 }).limit(limit).toArray();
    return documents.map((document) => ({ at: document.at, actor: document.actor, action: document.action, target: document.target, details: document.details }));
  }
}
