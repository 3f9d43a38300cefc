import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb';
import { redactActivity } from '../redact-activity';
import type { ChatConversation, ConversationLogRepository, StoredActivity } from '../repositories';
import { isDuplicateKeyError } from './is-duplicate-key-error';
import { checkLimit } from '../argument-checks';

interface ConversationRecord {
  _id: string;
  userId?: string;
  createdAt: Date;
}

interface ActivityRecord {
  conversationId: string;
  sequence: number;
  activity: Record<string, unknown>;
}

/** Concurrent appends to one conversation retry on the unique index; a citizen's chat has few writers. */
const MAX_APPEND_ATTEMPTS = 50;

export class MongoConversationLog implements ConversationLogRepository {
  private readonly conversationCollection: Collection<ConversationRecord>;
  private readonly activityCollection: Collection<ActivityRecord>;

  constructor(db: Db) {
    this.conversationCollection = db.collection<ConversationRecord>('conversations');
    this.activityCollection = db.collection<ActivityRecord>('activities');
  }

  async createIndexes(): Promise<void> {
    // Unique, so that even a counter bug could never store two activities under one watermark.
    await this.activityCollection.createIndex({ conversationId: 1, sequence: 1 }, { unique: true, name: 'conversation_sequence' });
  }

  async createConversation(conversation: ChatConversation): Promise<boolean> {
    const record: ConversationRecord = { _id: conversation.conversationId, createdAt: conversation.createdAt };
    if (conversation.userId !== undefined) record.userId = conversation.userId;
    try {
      await this.conversationCollection.insertOne(record);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async getConversation(conversationId: string): Promise<ChatConversation | undefined> {
    const record = await this.conversationCollection.findOne({ _id: conversationId });
    if (!record) return undefined;
    return {
      conversationId: record._id,
      ...(record.userId === undefined ? {} : { userId: record.userId }),
      createdAt: record.createdAt,
    };
  }

  async appendActivity(
    conversationId: string,
    buildActivity: (sequence: number) => Record<string, unknown>,
  ): Promise<StoredActivity> {
    const exists = await this.conversationCollection.countDocuments({ _id: conversationId }, { limit: 1 });
    if (exists === 0) {
      throw new Error(`MongoConversationLog.appendActivity(): conversation "${conversationId}" does not exist.`);
    }
    // Sequence n+1 is inserted only once n exists (the unique index refuses a second n): a reader
    // never sees n+1 before n, so a stream's watermark cannot skip an activity, and a failed insert
    // leaves no gap. A counter document ($inc) would give neither without multi-document transactions.
    for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt += 1) {
      const last = await this.activityCollection.find({ conversationId }, { projection: { sequence: 1 } }).sort({ sequence: -1 }).limit(1).next();
      const sequence = (last?.sequence ?? 0) + 1;
      const activity = buildActivity(sequence);
      try {
        await this.activityCollection.insertOne({ conversationId, sequence, activity });
        return { conversationId, sequence, activity };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    throw new Error(`MongoConversationLog.appendActivity(): conversation "${conversationId}" is too busy: no free sequence after ${MAX_APPEND_ATTEMPTS} attempts.`);
  }

  async listActivities(conversationId: string, afterSequence: number, limit: number): Promise<StoredActivity[]> {
    checkLimit('MongoConversationLog.listActivities()', limit);
    // MongoDB reads limit(0) as "no limit".
    if (limit === 0) return [];
    const records = await this.activityCollection
      .find({ conversationId, sequence: { $gt: afterSequence } })
      .sort({ sequence: 1 })
      .limit(limit)
      .toArray();
    return records.map((record) => ({ conversationId: record.conversationId, sequence: record.sequence, activity: record.activity }));
  }

  async redactActivities(conversationId: string, replacementText: string): Promise<number> {
    const records = await this.activityCollection.find({ conversationId }).toArray();
    // Rows are rewritten, never deleted: sequences (the clients' watermarks) stay gap-free.
    const operations: AnyBulkWriteOperation<ActivityRecord>[] = records.map((record) => ({
      updateOne: { filter: { conversationId, sequence: record.sequence }, update: { $set: { activity: redactActivity(record.activity, replacementText) } } },
    }));
    // The driver refuses an empty bulk write.
    if (operations.length === 0) return 0;
    // Atomic per activity, not across them: after a failure, calling again finishes the rest. An
    // update that sets the activity it already holds does not count as modified.
    const result = await this.activityCollection.bulkWrite(operations, { ordered: false });
    return result.modifiedCount;
  }
}
