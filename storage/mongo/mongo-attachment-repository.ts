import { Binary, type Collection, type Db } from 'mongodb';
import type { AttachmentRepository, StoredAttachment } from '../repositories';
import { isDuplicateKeyError } from './is-duplicate-key-error';

interface AttachmentRecord {
  _id: string;
  conversationId: string;
  name: string;
  contentType: string;
  size: number;
  createdAt: Date;
  content: Binary;
}

export class MongoAttachmentRepository implements AttachmentRepository {
  private readonly collection: Collection<AttachmentRecord>;

  constructor(db: Db) {
    this.collection = db.collection<AttachmentRecord>('attachments');
  }

  /** Deletion requests find a conversation's files by this index. */
  async createIndexes(): Promise<void> {
    await this.collection.createIndex({ conversationId: 1 }, { name: 'conversation' });
  }

  async saveAttachment(attachment: StoredAttachment): Promise<void> {
    try {
      await this.collection.insertOne({
        _id: attachment.attachmentId,
        conversationId: attachment.conversationId,
        name: attachment.name,
        contentType: attachment.contentType,
        size: attachment.size,
        createdAt: attachment.createdAt,
        content: new Binary(attachment.content),
      });
    } catch (error) {
      // Uploaded files are immutable: an id collision must never replace someone else's file.
      if (isDuplicateKeyError(error)) {
        throw new Error(`MongoAttachmentRepository.saveAttachment(): attachment "${attachment.attachmentId}" already exists.`, { cause: error });
      }
      throw error;
    }
  }

  async getAttachment(attachmentId: string): Promise<StoredAttachment | undefined> {
    const record = await this.collection.findOne({ _id: attachmentId });
    if (!record) return undefined;
    return {
      attachmentId: record._id,
      conversationId: record.conversationId,
      name: record.name,
      contentType: record.contentType,
      size: record.size,
      createdAt: record.createdAt,
      content: Buffer.from(record.content.value()),
    };
  }

  async deleteByConversation(conversationId: string): Promise<number> {
    const result = await this.collection.deleteMany({ conversationId });
    return result.deletedCount;
  }
}
