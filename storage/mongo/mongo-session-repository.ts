import type { Collection, Db } from 'mongodb';
import type { SessionRecord, SessionRepository } from '../repositories';
import { isDuplicateKeyError } from './is-duplicate-key-error';

interface SessionDocument {
  _id: string;
  accountId: string;
  createdAt: Date;
  expiresAt: Date;
}

export class MongoSessionRepository implements SessionRepository {
  private readonly collection: Collection<SessionDocument>;

  constructor(db: Db) {
    this.collection = db.collection<SessionDocument>('sessions');
  }

  async createIndexes(): Promise<void> {
    await this.collection.createIndex({ accountId: 1 }, { name: 'account' });
    // A plain index, not a TTL one: deleteExpired() must see and count what it removes, and the
    // server's TTL monitor would delete behind its back.
    await this.collection.createIndex({ expiresAt: 1 }, { name: 'expires_at' });
  }

  async create(session: SessionRecord): Promise<void> {
    try {
      await this.collection.insertOne({ _id: session.tokenHash, accountId: session.accountId, createdAt: session.createdAt, expiresAt: session.expiresAt });
    } catch (error) {
      // A token hash names one officer's session: a collision must never hand it to someone else.
      if (isDuplicateKeyError(error)) throw new Error('MongoSessionRepository.create(): a session with this token hash already exists.', { cause: error });
      throw error;
    }
  }

  /** Returns the session as stored, expired or not: the caller compares expiresAt with its clock. */
  async get(tokenHash: string): Promise<SessionRecord | undefined> {
    const document = await this.collection.findOne({ _id: tokenHash });
    if (!document) return undefined;
    return { tokenHash: document._id, accountId: document.accountId, createdAt: document.createdAt, expiresAt: document.expiresAt };
  }

  async delete(tokenHash: string): Promise<void> {
    await this.collection.deleteOne({ _id: tokenHash });
  }

  async deleteForAccount(accountId: string): Promise<void> {
    await this.collection.deleteMany({ accountId });
  }

  /** Deletes the sessions whose expiresAt is at or before `now`; returns how many. */
  async deleteExpired(now: Date): Promise<number> {
    return (await this.collection.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
  }
}
