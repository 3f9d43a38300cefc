import type Database from 'better-sqlite3';
import { type KnowledgeEntryRecord, type KnowledgeRepository, type NewKnowledgeEntryVersion, VersionConflictError } from '../repositories';

interface EntryRow {
  id: string;
  version: number;
  topic: string;
  status: string;
  entry: string;
  updated_at: number;
  updated_by: string;
}

const COLUMNS = 'id, version, topic, status, entry, updated_at, updated_by';

function toRecord(row: EntryRow): KnowledgeEntryRecord {
  return {
    id: row.id,
    version: row.version,
    topic: row.topic,
    status: row.status,
    entry: JSON.parse(row.entry) as Record<string, unknown>,
    updatedAt: new Date(row.updated_at),
    updatedBy: row.updated_by,
  };
}

export class SqliteKnowledgeRepository implements KnowledgeRepository {
  private readonly selectCurrent: Database.Statement<[], EntryRow>;
  private readonly selectOne: Database.Statement<[string], EntryRow>;
  private readonly selectVersions: Database.Statement<[string], EntryRow>;
  private readonly upsertCurrent: Database.Statement<[string, number, string, string, string, number, string]>;
  private readonly insertVersion: Database.Statement<[string, number, string, string, string, number, string]>;
  private readonly bumpRevision: Database.Statement<[]>;
  private readonly selectState: Database.Statement<[], { revision: number; seeded_at: number | null }>;
  private readonly markSeeded: Database.Statement<[number]>;

  constructor(private readonly db: Database.Database) {
    this.selectCurrent = db.prepare(`select ${COLUMNS} from knowledge_entries order by id`);
    this.selectOne = db.prepare(`select ${COLUMNS} from knowledge_entries where id = ?`);
    this.selectVersions = db.prepare(`select ${COLUMNS} from knowledge_entry_versions where id = ? order by version`);
    this.upsertCurrent = db.prepare(
      `insert into knowledge_entries (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?)
       on conflict (id) do update set version = excluded.version, topic = excluded.topic, status = excluded.status,
         entry = excluded.entry, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    );
    this.insertVersion = db.prepare(`insert into knowledge_entry_versions (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?)`);
    this.bumpRevision = db.prepare('update knowledge_state set revision = revision + 1 where singleton = 1');
    this.selectState = db.prepare('select revision, seeded_at from knowledge_state where singleton = 1');
    this.markSeeded = db.prepare('update knowledge_state set seeded_at = ? where singleton = 1');
  }

  async listCurrent(): Promise<KnowledgeEntryRecord[]> {
    return this.selectCurrent.all().map(toRecord);
  }

  async getCurrent(id: string): Promise<KnowledgeEntryRecord | undefined> {
    const row = this.selectOne.get(id);
    return row ? toRecord(row) : undefined;
  }

  async listVersions(id: string): Promise<KnowledgeEntryRecord[]> {
    return this.selectVersions.all(id).map(toRecord);
  }

  async saveVersion(next: NewKnowledgeEntryVersion, expectedVersion: number): Promise<KnowledgeEntryRecord> {
    const save = this.db.transaction((): KnowledgeEntryRecord => {
      const current = this.selectOne.get(next.id)?.version ?? 0;
      if (current !== expectedVersion) throw new VersionConflictError(next.id, expectedVersion, current);
      const record = { ...next, version: current + 1 };
      this.write(record);
      this.bumpRevision.run();
      return record;
    });
    return save.immediate();
  }

  async seedIfEmpty(entries: NewKnowledgeEntryVersion[]): Promise<boolean> {
    const seed = this.db.transaction((): boolean => {
      if (this.selectState.get()?.seeded_at !== null) return false;
      for (const entry of entries) this.write({ ...entry, version: 1 });
      this.markSeeded.run(Date.now());
      this.bumpRevision.run();
      return true;
    });
    return seed.immediate();
  }

  async revision(): Promise<number> {
    return this.selectState.get()?.revision ?? 0;
  }

  private write(record: KnowledgeEntryRecord): void {
    const values = [record.id, record.version, record.topic, record.status, JSON.stringify(record.entry), record.updatedAt.getTime(), record.updatedBy] as const;
    this.upsertCurrent.run(...values);
    this.insertVersion.run(...values);
  }
}
