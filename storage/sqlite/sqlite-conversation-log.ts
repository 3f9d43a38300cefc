import type Database from 'better-sqlite3';
import { redactActivity } from '../redact-activity';
import type { ChatConversation, ConversationLogRepository, StoredActivity } from '../repositories';
import { checkLimit } from '../argument-checks';

interface ConversationRow {
  conversation_id: string;
  user_id: string | null;
  created_at: number;
}

interface ActivityRow {
  sequence: number;
  activity: string;
}

export class SqliteConversationLog implements ConversationLogRepository {
  private readonly insertConversation: Database.Statement<[string, string | null, number]>;
  private readonly selectConversation: Database.Statement<[string], ConversationRow>;
  private readonly nextSequence: Database.Statement<[string], { last_sequence: number }>;
  private readonly insertActivity: Database.Statement<[string, number, string]>;
  private readonly selectActivities: Database.Statement<[string, number, number], ActivityRow>;
  private readonly selectAllActivities: Database.Statement<[string], ActivityRow>;
  private readonly replaceActivity: Database.Statement<[string, string, number]>;

  constructor(private readonly db: Database.Database) {
    this.insertConversation = db.prepare(
      'insert into conversations (conversation_id, user_id, created_at) values (?, ?, ?) on conflict (conversation_id) do nothing',
    );
    this.selectConversation = db.prepare('select conversation_id, user_id, created_at from conversations where conversation_id = ?');
    this.nextSequence = db.prepare(
      'update conversations set last_sequence = last_sequence + 1 where conversation_id = ? returning last_sequence',
    );
    this.insertActivity = db.prepare('insert into activities (conversation_id, sequence, activity) values (?, ?, ?)');
    this.selectActivities = db.prepare(
      'select sequence, activity from activities where conversation_id = ? and sequence > ? order by sequence limit ?',
    );
    this.selectAllActivities = db.prepare('select sequence, activity from activities where conversation_id = ? order by sequence');
    this.replaceActivity = db.prepare('update activities set activity = ? where conversation_id = ? and sequence = ?');
  }

  async createConversation(conversation: ChatConversation): Promise<boolean> {
    const result = this.insertConversation.run(conversation.conversationId, conversation.userId ?? null, conversation.createdAt.getTime());
    return result.changes === 1;
  }

  async getConversation(conversationId: string): Promise<ChatConversation | undefined> {
    const row = this.selectConversation.get(conversationId);
    if (!row) return undefined;
    return {
      conversationId: row.conversation_id,
      ...(row.user_id === null ? {} : { userId: row.user_id }),
      createdAt: new Date(row.created_at),
    };
  }

  async appendActivity(
    conversationId: string,
    buildActivity: (sequence: number) => Record<string, unknown>,
  ): Promise<StoredActivity> {
    const append = this.db.transaction((): StoredActivity => {
      const counter = this.nextSequence.get(conversationId);
      if (!counter) {
        throw new Error(`SqliteConversationLog.appendActivity(): conversation "${conversationId}" does not exist.`);
      }
      const sequence = counter.last_sequence;
      const activity = buildActivity(sequence);
      this.insertActivity.run(conversationId, sequence, JSON.stringify(activity));
      return { conversationId, sequence, activity };
    });
    // The counter increment and the insert commit together, so a failed append (buildActivity
    // throwing, a crash) leaves no gap; IMMEDIATE makes other processes wait rather than fail.
    return append.immediate();
  }

  async listActivities(conversationId: string, afterSequence: number, limit: number): Promise<StoredActivity[]> {
    checkLimit('SqliteConversationLog.listActivities()', limit);
    return this.selectActivities.all(conversationId, afterSequence, limit).map((row) => ({
      conversationId,
      sequence: row.sequence,
      activity: JSON.parse(row.activity) as Record<string, unknown>,
    }));
  }

  async redactActivities(conversationId: string, replacementText: string): Promise<number> {
    const redact = this.db.transaction((): number => {
      let changed = 0;
      for (const row of this.selectAllActivities.all(conversationId)) {
        const activity = JSON.stringify(redactActivity(JSON.parse(row.activity) as Record<string, unknown>, replacementText));
        if (activity === row.activity) continue;
        this.replaceActivity.run(activity, conversationId, row.sequence);
        changed += 1;
      }
      return changed;
    });
    // Rows are rewritten, never deleted: sequences (the clients' watermarks) stay gap-free.
    return redact.immediate();
  }
}
