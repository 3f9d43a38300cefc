import type Database from 'better-sqlite3';
import type { AuditLogRepository, AuditRecord } from '../repositories';
import { checkLimit } from '../argument-checks';

interface AuditRow {
  at: number;
  actor: string;
  action: string;
  target: string;
  details: string;
}

/** Append-only: this repository has no statement that updates or deletes a record. */
export class SqliteAuditLogRepository implements AuditLogRepository {
  private readonly insertRecord: Database.Statement<[number, string, string, string, string]>;

  constructor(private readonly db: Database.Database) {
    this.insertRecord = db.prepare('insert into audit_log (at, actor, action, target, details) values (?, ?, ?, ?, ?)');
  }

  async append(record: AuditRecord): Promise<void> {
    this.insertRecord.run(record.at.getTime(), record.actor, record.action, record.target, JSON.stringify(record.details));
  }

  async list(filter: { target?: string; actor?: string }, limit: number): Promise<AuditRecord[]> {
    checkLimit('SqliteAuditLogRepository.list()', limit);
    const conditions: string[] = [];
    const values: string[] = [];
    if (filter.target !== undefined) {
      conditions.push('target = ?');
      values.push(filter.target);
    }
    if (filter.actor !== undefined) {
      conditions.push('actor = ?');
      values.push(filter.actor);
    }
    const where = conditions.length === 0 ? '' : `where ${conditions.join(' and ')}`;
    // Newest first; records of the same millisecond in reverse order of appending (id never reused).
    const rows = this.db
      .prepare<(string | number)[], AuditRow>(`select at, actor, action, target, details from audit_log ${where} order by at desc, id desc limit ?`)
      .all(...values, limit);
    return rows.map((row) => ({
      at: new Date(row.at),
      actor: row.actor,
      action: row.action,
      target: row.target,
      details: JSON.parse(row.details) as Record<string, unknown>,
    }));
  }
}
