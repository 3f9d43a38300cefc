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
  {
    version: 3,
    name: 'officer desk: tickets, ticket events, ticket counters, accounts, sessions, audit log',
    sql: `
      -- One row per numbering scope (e.g. the month "2612"); bumped inside a write transaction.
      create table ticket_counters (
        scope text primary key,
        last_number integer not null
      ) without rowid;

      -- Times are epoch milliseconds; JSON columns hold objects as text.
      create table tickets (
        ticket_id text primary key,
        number text not null unique,
        channel_id text not null,
        conversation_id text not null,
        conversation_reference text not null,
        citizen_name text,
        topic text,
        unit text not null,
        collected_data text not null,
        status text not null,
        assignee_id text,
        received_at integer not null,
        track text not null,
        clock_starts_at integer not null,
        due_at integer not null,
        calendar_version text not null,
        delivered_at integer,
        warned_at integer,
        breached_at integer,
        created_at integer not null,
        updated_at integer not null,
        revision integer not null
      ) without rowid;
      create index tickets_due_at on tickets (due_at);
      create index tickets_conversation on tickets (conversation_id);
      create index tickets_assignee on tickets (assignee_id, due_at);
      -- The sweeper's claims scan only open, undelivered tickets.
      create index tickets_open_by_due_at on tickets (due_at)
        where delivered_at is null and status in ('queued', 'assigned', 'escalated', 'reopened');

      create table ticket_events (
        ticket_id text not null references tickets (ticket_id) on delete cascade,
        sequence integer not null,
        at integer not null,
        kind text not null,
        actor text not null,
        data text not null,
        primary key (ticket_id, sequence)
      ) without rowid;

      -- username_key is the lowercased username: the unique index makes usernames case-insensitive.
      create table accounts (
        account_id text primary key,
        username text not null,
        username_key text not null unique,
        display_name text not null,
        roles text not null,
        unit text,
        password_hash text not null,
        disabled integer not null,
        failed_attempts integer not null,
        locked_until integer,
        must_change_password integer not null,
        created_at integer not null,
        updated_at integer not null
      ) without rowid;

      create table sessions (
        token_hash text primary key,
        account_id text not null,
        created_at integer not null,
        expires_at integer not null
      ) without rowid;
      create index sessions_account on sessions (account_id);
      create index sessions_expires_at on sessions (expires_at);

      -- autoincrement: ids never reused, so id breaks ties between records of the same millisecond.
      create table audit_log (
        id integer primary key autoincrement,
        at integer not null,
        actor text not null,
        action text not null,
        target text not null,
        details text not null
      );
      create index audit_log_at on audit_log (at, id);
      create index audit_log_target on audit_log (target, at, id);
      create index audit_log_actor on audit_log (actor, at, id);
    `,
  },
  {
    version: 4,
    name: 'tickets: citizen id, answered time, rating, anonymisation',
    sql: `
      alter table tickets add column citizen_id text;
      alter table tickets add column answered_at integer;
      alter table tickets add column rating integer;
      alter table tickets add column rating_comment text;
      alter table tickets add column rated_at integer;
      alter table tickets add column anonymised_at integer;
      create index tickets_citizen on tickets (channel_id, citizen_id, created_at);
    `,
  },
  {
    version: 5,
    name: 'attachments by conversation (deletion requests)',
    sql: `
      create index attachments_conversation on attachments (conversation_id);
    `,
  },
  {
    version: 6,
    name: 'channel webhooks: inbound events (de-duplication, retries, dead letters)',
    sql: `
      -- seq orders events of the same received_at by insertion (autoincrement: never reused after a purge).
      -- Times are epoch milliseconds; payload is the platform event as JSON text.
      create table channel_events (
        seq integer primary key autoincrement,
        channel text not null,
        event_id text not null,
        conversation_id text not null,
        payload text not null,
        received_at integer not null,
        status text not null check (status in ('pending', 'processing', 'done', 'dead')),
        attempts integer not null,
        next_attempt_at integer not null,
        last_error text,
        claimed_until integer,
        completed_at integer,
        unique (channel, event_id)
      );
      -- Claims scan the unfinished events in order and look for an earlier one in the same conversation.
      create index channel_events_unfinished on channel_events (received_at, seq)
        where status in ('pending', 'processing');
      create index channel_events_unfinished_by_conversation on channel_events (channel, conversation_id, received_at, seq)
        where status in ('pending', 'processing');
      create index channel_events_dead on channel_events (channel, received_at, seq) where status = 'dead';
      create index channel_events_dead_all on channel_events (received_at, seq) where status = 'dead';
      create index channel_events_done on channel_events (completed_at) where status = 'done';
    `,
  },
];
