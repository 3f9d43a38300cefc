import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { ETagConflictError, type DocumentChange, type DocumentStore, type VersionedDocument } from '../repositories';

interface DocumentRecord {
  _id: string;
  // Nested rather than spread at the top level, so a document's own fields can never collide
  // with `_id` or `eTag`.
  document: Record<string, unknown>;
  eTag: string;
}

export class MongoDocumentStore implements DocumentStore {
  private readonly collection: Collection<DocumentRecord>;

  constructor(db: Db) {
    this.collection = db.collection<DocumentRecord>('documents');
  }

  async read(keys: string[]): Promise<Record<string, VersionedDocument>> {
    if (keys.length === 0) return {};
    const found: Record<string, VersionedDocument> = {};
    for await (const record of this.collection.find({ _id: { $in: keys } })) {
      found[record._id] = { document: record.document, eTag: record.eTag };
    }
    return found;
  }

  async write(changes: DocumentChange[]): Promise<Record<string, string>> {
    const eTags: Record<string, string> = {};
    // One key at a time, each checked and written by a single atomic replaceOne: MongoDB without a
    // replica set has no multi-document transactions, so a conflict stops the batch but keeps
    // the keys already written (as the DocumentStore contract allows for this backend).
    for (const change of changes) {
      const eTag = randomUUID();
      const replacement = { document: change.document, eTag };
      if (change.expectedETag === undefined || change.expectedETag === '*') {
        await this.collection.replaceOne({ _id: change.key }, replacement, { upsert: true });
      } else {
        // No upsert: a missing document with a specific expected eTag is a conflict, so the
        // filter's miss covers both "changed since read" and "deleted since read".
        const result = await this.collection.replaceOne({ _id: change.key, eTag: change.expectedETag }, replacement);
        if (result.matchedCount === 0) throw new ETagConflictError(change.key);
      }
      eTags[change.key] = eTag;
    }
    return eTags;
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.collection.deleteMany({ _id: { $in: keys } });
  }
}
