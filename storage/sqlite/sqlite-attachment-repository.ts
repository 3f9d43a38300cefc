import type Database from 'better-sqlite3';
import type { AttachmentRepository, StoredAttachment } from '../repositories';

interface AttachmentRow {
  attachment_id: string;
  conversation_id: string;
  name: string;
  content_type: string;
  size: number;
  created_at: number;
  content: Buffer;
}

export class SqliteAttachmentRepository implements AttachmentRepository {
  private readonly insertAttachment: Database.Statement<[string, string, string, string, number, number, Buffer]>;
  private readonly selectAttachment: Database.Statement<[string], AttachmentRow>;
  private readonly deleteConversationAttachments: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    this.insertAttachment = db.prepare(
      'insert into attachments (attachment_id, conversation_id, name, content_type, size, created_at, content) values (?, ?, ?, ?, ?, ?, ?) on conflict (attachment_id) do nothing',
    );
    this.selectAttachment = db.prepare(
      'select attachment_id, conversation_id, name, content_type, size, created_at, content from attachments where attachment_id = ?',
    );
    this.deleteConversationAttachments = db.prepare('delete from attachments where conversation_id = ?');
  }

  async saveAttachment(attachment: StoredAttachment): Promise<void> {
    const result = this.insertAttachment.run(
      attachment.attachmentId,
      attachment.conversationId,
      attachment.name,
      attachment.contentType,
      attachment.size,
      attachment.createdAt.getTime(),
      attachment.content,
    );
    // Uploaded files are immutable: an id collision must never replace someone else's file.
    if (result.changes === 0) {
      throw new Error(`SqliteAttachmentRepository.saveAttachment(): attachment "${attachment.attachmentId}" already exists.`);
    }
  }

  async getAttachment(attachmentId: string): Promise<StoredAttachment | undefined> {
    const row = this.selectAttachment.get(attachmentId);
    if (!row) return undefined;
    return {
      attachmentId: row.attachment_id,
      conversationId: row.conversation_id,
      name: row.name,
      contentType: row.content_type,
      size: row.size,
      createdAt: new Date(row.created_at),
      content: row.content,
    };
  }

  async deleteByConversation(conversationId: string): Promise<number> {
    // One statement is its own transaction: all of the conversation's files go, or none.
    return this.deleteConversationAttachments.run(conversationId).changes;
  }
}
