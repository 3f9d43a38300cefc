import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { StorageBackend } from '../repositories';
import { applyMigrations } from './apply-migrations';
import { migrations } from './migrations';
import { SqliteAccountRepository } from './sqlite-account-repository';
import { SqliteAttachmentRepository } from './sqlite-attachment-repository';
import { SqliteAuditLogRepository } from './sqlite-audit-log-repository';
import { SqliteChannelEventRepository } from './sqlite-channel-event-repository';
import { SqliteConversationLog } from './sqlite-conversation-log';
import { SqliteDocumentStore } from './sqlite-document-store';
import { SqliteKnowledgeRepository } from './sqlite-knowledge-repository';
import { SqliteSessionRepository } from './sqlite-session-repository';
import { SqliteTicketRepository } from './sqlite-ticket-repository';

/** Options of {@link SqliteBackend.open}. */
export interface SqliteBackendOptions {
  /** Directory holding the database file; created if missing. */
  dataDir: string;
  /** File name inside dataDir; defaults to {@link SqliteBackend.defaultFileName}. */
  fileName?: string;
}

/** How long a writer waits for another process's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * The embedded default backend: one SQLite file in WAL mode, shareable by several processes on
 * one machine. Calls run synchronously on the event loop (better-sqlite3) and return settled promises.
 */
export class SqliteBackend implements StorageBackend {
  static readonly defaultFileName = 'tanya-pabean.sqlite';

  readonly kind = 'sqlite' as const;
  readonly documents: SqliteDocumentStore;
  readonly conversations: SqliteConversationLog;
  readonly attachments: SqliteAttachmentRepository;
  readonly knowledge: SqliteKnowledgeRepository;
  readonly tickets: SqliteTicketRepository;
  readonly accounts: SqliteAccountRepository;
  readonly sessions: SqliteSessionRepository;
  readonly audit: SqliteAuditLogRepository;
  readonly channelEvents: SqliteChannelEventRepository;
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    /** Absolute path of the database file. */
    readonly filePath: string,
  ) {
    this.documents = new SqliteDocumentStore(db);
    this.conversations = new SqliteConversationLog(db);
    this.attachments = new SqliteAttachmentRepository(db);
    this.knowledge = new SqliteKnowledgeRepository(db);
    this.tickets = new SqliteTicketRepository(db);
    this.accounts = new SqliteAccountRepository(db);
    this.sessions = new SqliteSessionRepository(db);
    this.audit = new SqliteAuditLogRepository(db);
    this.channelEvents = new SqliteChannelEventRepository(db);
  }

  /** Opens (creating if needed) the database file and brings its schema up to date. */
  static open(options: SqliteBackendOptions): SqliteBackend {
    const filePath = path.resolve(options.dataDir, options.fileName ?? SqliteBackend.defaultFileName);
    let db: Database.Database;
    try {
      mkdirSync(path.dirname(filePath), { recursive: true });
      db = new Database(filePath);
    } catch (error) {
      throw new Error(`SqliteBackend.open(): cannot open ${filePath}: ${(error as Error).message}`, { cause: error });
    }
    try {
      // busy_timeout first: switching to WAL needs a lock that another process may hold.
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      const journalMode = db.pragma('journal_mode = WAL', { simple: true });
      if (journalMode !== 'wal') {
        throw new Error(`journal_mode is "${String(journalMode)}", not "wal" (is ${filePath} on a network file system?)`);
      }
      db.pragma('foreign_keys = ON');
      applyMigrations(db, migrations);
    } catch (error) {
      db.close();
      throw new Error(`SqliteBackend.open(): cannot prepare ${filePath}: ${(error as Error).message}`, { cause: error });
    }
    return new SqliteBackend(db, filePath);
  }

  async ping(): Promise<void> {
    this.db.prepare('select 1').get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
