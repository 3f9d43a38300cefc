/**
 * Repository contracts. Every backend (the embedded SQLite default and MongoDB) implements these,
 * and one contract suite per repository (tests/contract/) runs against each.
 * Nothing here may import botbuilder, restify or a platform SDK.
 */

/** A stored document with its concurrency tag. */
export interface VersionedDocument {
  document: Record<string, unknown>;
  eTag: string;
}

/** A write to the key-value document store. */
export interface DocumentChange {
  key: string;
  document: Record<string, unknown>;
  /**
   * Optimistic concurrency: undefined or "*" writes unconditionally; any other value must equal the
   * stored eTag, and a missing document with a non-"*" eTag is also a conflict.
   */
  expectedETag?: string;
}

/** Thrown when a conditional write's eTag does not match what is stored. Nothing of the batch is written. */
export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`DocumentStore.write(): eTag conflict for key "${key}".`);
    this.name = 'ETagConflictError';
  }
}

/**
 * Key-value documents with eTag concurrency: the base of botbuilder's Storage (bot/state-storage.ts).
 * Keys are opaque strings up to 1,024 characters.
 */
export interface DocumentStore {
  /** Returns only the keys that exist. */
  read(keys: string[]): Promise<Record<string, VersionedDocument>>;
  /**
   * Writes the changes; returns the new eTag per key. Throws ETagConflictError on a mismatch. SQLite
   * writes a batch in one transaction (all or nothing); MongoDB checks and writes each key atomically.
   */
  write(changes: DocumentChange[]): Promise<Record<string, string>>;
  /** Deleting a missing key is not an error. */
  delete(keys: string[]): Promise<void>;
}

/** A web chat (Direct Line) conversation. */
export interface ChatConversation {
  conversationId: string;
  /** The channel user id bound to the conversation (from the token), if any. */
  userId?: string;
  createdAt: Date;
}

/** One activity in a conversation's log, with the position clients use as watermark. */
export interface StoredActivity {
  conversationId: string;
  /** 1, 2, 3 … per conversation, assigned atomically by the repository on append. */
  sequence: number;
  /** The Bot Framework activity as JSON (id, type, from, text, attachments, …). */
  activity: Record<string, unknown>;
}

/** Conversations and their persisted activity logs (Direct Line history, reconnects, watermarks). */
export interface ConversationLogRepository {
  /** Creates the conversation; returns false (and changes nothing) if it already exists. */
  createConversation(conversation: ChatConversation): Promise<boolean>;
  getConversation(conversationId: string): Promise<ChatConversation | undefined>;
  /**
   * Appends an activity and returns its sequence. `buildActivity` receives the sequence, so the
   * activity id can contain it. Concurrent appends to one conversation get distinct, gap-free sequences.
   */
  appendActivity(
    conversationId: string,
    buildActivity: (sequence: number) => Record<string, unknown>,
  ): Promise<StoredActivity>;
  /** Activities with sequence > afterSequence, in order, at most `limit`. */
  listActivities(conversationId: string, afterSequence: number, limit: number): Promise<StoredActivity[]>;
}

/** A file uploaded by a citizen (Direct Line upload), stored with its bytes. */
export interface StoredAttachment {
  attachmentId: string;
  conversationId: string;
  name: string;
  contentType: string;
  size: number;
  createdAt: Date;
  content: Buffer;
}

export interface AttachmentRepository {
  saveAttachment(attachment: StoredAttachment): Promise<void>;
  getAttachment(attachmentId: string): Promise<StoredAttachment | undefined>;
}

/** Everything a backend offers; the composition root holds one of these. */
export interface StorageBackend {
  readonly kind: 'sqlite' | 'mongodb';
  readonly documents: DocumentStore;
  readonly conversations: ConversationLogRepository;
  readonly attachments: AttachmentRepository;
  readonly knowledge: KnowledgeRepository;
  /** Resolves when the backend answers a trivial query; rejects otherwise (used by /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** One version of a knowledge-base entry. The entry's content is validated by knowledge/, not here. */
export interface KnowledgeEntryRecord {
  id: string;
  version: number;
  topic: string;
  status: string;
  /** The entry's content as JSON (question, answer, variants, legal basis, …). */
  entry: Record<string, unknown>;
  updatedAt: Date;
  updatedBy: string;
}

export type NewKnowledgeEntryVersion = Omit<KnowledgeEntryRecord, 'version'>;

/** Thrown when a save names a version that is no longer current (another editor saved first). */
export class VersionConflictError extends Error {
  constructor(
    readonly id: string,
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(`KnowledgeRepository.saveVersion(): entry "${id}" is at version ${currentVersion}, not ${expectedVersion}.`);
    this.name = 'VersionConflictError';
  }
}

/** The FAQ knowledge base: current entries, their full version history, and a change counter. */
export interface KnowledgeRepository {
  listCurrent(): Promise<KnowledgeEntryRecord[]>;
  getCurrent(id: string): Promise<KnowledgeEntryRecord | undefined>;
  /** Every version of an entry, oldest first. */
  listVersions(id: string): Promise<KnowledgeEntryRecord[]>;
  /**
   * Stores a new version. `expectedVersion` is 0 for a new entry, else the version the editor
   * started from; anything else throws VersionConflictError and stores nothing.
   */
  saveVersion(next: NewKnowledgeEntryVersion, expectedVersion: number): Promise<KnowledgeEntryRecord>;
  /** Stores the entries as version 1 when the knowledge base has never been seeded; true when it did. */
  seedIfEmpty(entries: NewKnowledgeEntryVersion[]): Promise<boolean>;
  /** A number that grows with every save: instances compare it to know when to rebuild their index. */
  revision(): Promise<number>;
}
