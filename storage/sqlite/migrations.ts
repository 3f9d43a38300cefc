/** One schema change of the SQLite database, applied once, in order, inside a transaction. */
export interface SqliteMigration {
  /** Strictly increasing; recorded in `schema_migrations` once applied. Never renumber a shipped migration. */
  version: number;
  name: string;
  sql: string;
}

/**
 * The SQLite schema, oldest first. Append new migrations; never edit one that has shipped, since
 * databases that already recorded its version will not run it again.
 */
export const migrations: readonly SqliteMigration[] = [
  {
    version: 1,
    name: 'documents, conversations, activities, attachments',
    sql: `
      create table documents (
        key text primary key,
        document text not null,
        etag text not null
      ) without rowid;

      create table conversations (
        conversation_id text primary key,
        user_id text,
        created_at integer not null,
        last_sequence integer not null default 0
      ) without rowid;

      create table activities (
        conversation_id text not null references conversations (conversation_id) on delete cascade,
        sequence integer not null,
        activity text not null,
        primary key (conversation_id, sequence)
      ) without rowid;

      create table attachments (
        attachment_id text primary key,
        conversation_id text not null,
        name text not null,
        content_type text not null,
        size integer not null,
        created_at integer not null,
        content blob not null
      );
    `,
  },
  {
    version: 2,
    name: 'knowledge base entries with version history',
    sql: `
      create table knowledge_entries (
        id text primary key,
        version integer not null,
        topic text not null,
        status text not null,
        entry text not null,
        updated_at integer not null,
        updated_by text not null
      ) without rowid;

      create table knowledge_entry_versions (
        id text not null,
        version integer not null,
        topic text not null,
        status text not null,
        entry text not null,
        updated_at integer not null,
        updated_by text not null,
        primary key (id, version)
      ) without rowid;

      create table knowledge_state (
        singleton integer primary key check (singleton = 1),
        revision integer not null,
        seeded_at integer
      );
      insert into knowledge_state (singleton, revision, seeded_at) values (1, 0, null);
    `,
  },
];
