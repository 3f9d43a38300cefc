import type Database from 'better-sqlite3';
import type { SqliteMigration } from './migrations';

/**
 * Applies the migrations the database has not recorded yet, each in its own transaction, and
 * returns the versions applied by this call. Safe when several processes open one file at once:
 * every migration re-checks `schema_migrations` under the write lock before it runs.
 */
export function applyMigrations(db: Database.Database, migrations: readonly SqliteMigration[]): number[] {
  migrations.forEach((migration, index) => {
    if (index > 0 && migration.version <= migrations[index - 1].version) {
      throw new Error(`applyMigrations(): migration versions must increase strictly; ${migration.version} follows ${migrations[index - 1].version}.`);
    }
  });

  db.exec('create table if not exists schema_migrations (version integer primary key, applied_at text not null)');
  const isApplied = db.prepare<[number], { version: number }>('select version from schema_migrations where version = ?');
  const recordApplied = db.prepare<[number, string]>('insert into schema_migrations (version, applied_at) values (?, ?)');

  const latestKnown = migrations.length > 0 ? migrations[migrations.length - 1].version : 0;
  const latestApplied = db.prepare<[], { version: number | null }>('select max(version) as version from schema_migrations').get()?.version ?? 0;
  if (latestApplied > latestKnown) {
    // An older build must not write into a schema it does not understand.
    throw new Error(`applyMigrations(): the database is at schema version ${latestApplied}, newer than this build knows (${latestKnown}).`);
  }

  const applied: number[] = [];
  for (const migration of migrations) {
    const applyOnce = db.transaction(() => {
      if (isApplied.get(migration.version)) return;
      db.exec(migration.sql);
      recordApplied.run(migration.version, new Date().toISOString());
      applied.push(migration.version);
    });
    try {
      applyOnce.immediate();
    } catch (error) {
      throw new Error(`applyMigrations(): migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`, { cause: error });
    }
  }
  return applied;
}
