import { MongoClient, type Db } from 'mongodb';
import type { StorageBackend } from '../repositories';
import { MongoAccountRepository } from './mongo-account-repository';
import { MongoAttachmentRepository } from './mongo-attachment-repository';
import { MongoAuditLogRepository } from './mongo-audit-log-repository';
import { MongoChannelEventRepository } from './mongo-channel-event-repository';
import { MongoConversationLog } from './mongo-conversation-log';
import { MongoDocumentStore } from './mongo-document-store';
import { MongoKnowledgeRepository } from './mongo-knowledge-repository';
import { MongoSessionRepository } from './mongo-session-repository';
import { MongoTicketRepository } from './mongo-ticket-repository';

/** Options of {@link MongoBackend.connect}. */
export interface MongoBackendOptions {
  /** A `mongodb://` or `mongodb+srv://` connection string. */
  uri: string;
  /** Defaults to the database named in the URI's path, else {@link MongoBackend.defaultDatabaseName}. */
  databaseName?: string;
}

/** The MongoDB backend, for deployments that run several machines against one database. */
export class MongoBackend implements StorageBackend {
  static readonly defaultDatabaseName = 'tanya-pabean';

  readonly kind = 'mongodb' as const;
  readonly documents: MongoDocumentStore;
  readonly conversations: MongoConversationLog;
  readonly attachments: MongoAttachmentRepository;
  readonly knowledge: MongoKnowledgeRepository;
  readonly tickets: MongoTicketRepository;
  readonly accounts: MongoAccountRepository;
  readonly sessions: MongoSessionRepository;
  readonly audit: MongoAuditLogRepository;
  readonly channelEvents: MongoChannelEventRepository;
  private closed = false;

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {
    this.documents = new MongoDocumentStore(db);
    this.conversations = new MongoConversationLog(db);
    this.attachments = new MongoAttachmentRepository(db);
    this.knowledge = new MongoKnowledgeRepository(db);
    this.tickets = new MongoTicketRepository(db);
    this.accounts = new MongoAccountRepository(db);
    this.sessions = new MongoSessionRepository(db);
    this.audit = new MongoAuditLogRepository(db);
    this.channelEvents = new MongoChannelEventRepository(db);
  }

  /** Connects, checks the server answers, and creates the indexes the repositories rely on. */
  static async connect(options: MongoBackendOptions): Promise<MongoBackend> {
    let client: MongoClient;
    try {
      // ignoreUndefined: store documents as JSON would (an undefined field is absent, not null),
      // matching the SQLite backend.
      client = new MongoClient(options.uri, { ignoreUndefined: true });
    } catch (error) {
      // The URI itself stays out of the message: it may carry a password.
      throw new Error(`MongoBackend.connect(): invalid connection string: ${(error as Error).message}`, { cause: error });
    }
    // After the driver has validated the URI, so its path decodes safely.
    const databaseName = options.databaseName ?? databaseNameFromUri(options.uri) ?? MongoBackend.defaultDatabaseName;
    try {
      await client.connect();
      const backend = new MongoBackend(client, client.db(databaseName));
      await backend.ping();
      await backend.conversations.createIndexes();
      await backend.knowledge.createIndexes();
      await backend.tickets.createIndexes();
      await backend.accounts.createIndexes();
      await backend.sessions.createIndexes();
      await backend.audit.createIndexes();
      await backend.attachments.createIndexes();
      await backend.channelEvents.createIndexes();
      return backend;
    } catch (error) {
      await client.close().catch(() => undefined);
      throw new Error(`MongoBackend.connect(): cannot use database "${databaseName}": ${(error as Error).message}`, { cause: error });
    }
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close();
  }
}

/** The database in the connection string's path (`mongodb://host/<name>?…`), if any. */
function databaseNameFromUri(uri: string): string | undefined {
  // Credentials and hosts cannot contain an unescaped "/", so the first one after "://" starts the path.
  const match = /^mongodb(?:\+srv)?:\/\/[^/]*\/([^?]*)/.exec(uri);
  const name = match?.[1] ? decodeURIComponent(match[1]) : '';
  return name === '' ? undefined : name;
}
