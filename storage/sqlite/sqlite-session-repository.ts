import type Database from 'better-sqlite3';
import type { SessionRecord, SessionRepository } from '../repositories';

interface SessionRow {
  token_hash: string;
  account_id: string;
  created_at: number;
  expires_at: number;
}

function toRecord(row: SessionRow): SessionRecord {
  return { tokenHash: row.token_hash, accountId: row.account_id, createdAt: new Date(row.created_at), expiresAt: new Date(row.expires_at) };
}

export class SqliteSessionRepository implements SessionRepository {
  private readonly insertSession: Database.Statement<[string, string, number, number]>;
  private readonly selectSession: Database.Statement<[string], SessionRow>;
  private readonly deleteSession: Database.Statement<[string]>;
  private readonly deleteByAccount: Database.Statement<[string]>;
  private readonly deleteExpiredSessions: Database.Statement<[number]>;

  constructor(db: Database.Database) {
    this.insertSession = db.prepare('insert into sessions (token_hash, account_id, created_at, expires_at) values (?, ?, ?, ?) on conflict (token_hash) do nothing');
    this.selectSession = db.prepare('select token_hash, account_id, created_at, expires_at from sessions where token_hash = ?');
    this.deleteSession = db.prepare('delete from sessions where token_hash = ?');
    this.deleteByAccount = db.prepare('delete from sessions where account_id = ?');
    this.deleteExpiredSessions = db.prepare('delete from sessions where expires_at <= ?');
  }

  async create(session: SessionRecord): Promise<void> {
    const result = this.insertSession.run(session.tokenHash, session.accountId, session.createdAt.getTime(), session.expiresAt.getTime());
    // A token hash names one officer's session: a collision must never hand it to someone else.
    if (result.changes === 0) throw new Error('SqliteSessionRepository.create(): a session with this token hash already exists.');
  }

  /** Returns the session as stored, expired or not: the caller compares expiresAt with its clock. */
  async get(tokenHash: string): Promise<SessionRecord | undefined> {
    const row = this.selectSession.get(tokenHash);
    return row ? toRecord(row) : undefined;
  }

  async delete(tokenHash: string): Promise<void> {
    this.deleteSession.run(tokenHash);
  }

  async deleteForAccount(accountId: string): Promise<void> {
    this.deleteByAccount.run(accountId);
  }

  /** Deletes the sessions whose expiresAt is at or before `now`; returns how many. */
  async deleteExpired(now: Date): Promise<number> {
    return this.deleteExpiredSessions.run(now.getTime()).changes;
  }
}
