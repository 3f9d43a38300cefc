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
  /**
   * Erases what people wrote or sent in a conversation while keeping every row, so Direct Line
   * watermarks stay continuous: each activity keeps only id, type, timestamp, channelId, serviceUrl,
   * replyToId, an event's name, conversation.id and from/recipient id and role (storage/redact-activity.ts);
   * a message's text becomes `replacementText`. Returns how many activities changed (0 when run again).
   */
  redactActivities(conversationId: string, replacementText: string): Promise<number>;
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
  /** Deletes every file uploaded in the conversation; returns how many were deleted. */
  deleteByConversation(conversationId: string): Promise<number>;
}

/** Everything a backend offers; the composition root holds one of these. */
export interface StorageBackend {
  readonly kind: 'sqlite' | 'mongodb';
  readonly documents: DocumentStore;
  readonly conversations: ConversationLogRepository;
  readonly attachments: AttachmentRepository;
  readonly knowledge: KnowledgeRepository;
  readonly tickets: TicketRepository;
  readonly accounts: AccountRepository;
  readonly sessions: SessionRepository;
  readonly audit: AuditLogRepository;
  /** Inbound channel webhook events: de-duplication, retries and the dead-letter list. */
  readonly channelEvents: ChannelEventRepository;
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

/* ---------------------------------------------------------------------------------------------
 * Officer desk: tickets, accounts, sessions, audit log, deadlines.
 * ------------------------------------------------------------------------------------------- */

export type TicketStatus = 'queued' | 'assigned' | 'escalated' | 'answered' | 'closed' | 'reopened';
export type SlaTrack = 'direct' | 'escalation';

/** One event in a ticket's life: transcript lines, notes, assignments, escalations, status changes. */
export interface TicketEvent {
  /** 1, 2, 3 … per ticket, assigned by the repository. */
  sequence: number;
  at: Date;
  kind: 'citizen-message' | 'bot-message' | 'officer-reply' | 'internal-note' | 'assignment' | 'escalation' | 'status' | 'delivery-failed' | 'delivery' | 'reveal';
  /** Account id of the officer, or 'citizen' / 'bot' / 'system'. */
  actor: string;
  /** Free data of the event (text, hop, assignee, error …). Identity numbers never appear here in clear. */
  data: Record<string, unknown>;
}

export interface TicketRecord {
  /** Internal id (UUID). */
  ticketId: string;
  /** Human-friendly number, unique across instances: e.g. "TP-2612-0042". */
  number: string;
  channelId: string;
  conversationId: string;
  /** The botbuilder ConversationReference as JSON, for proactive replies. */
  conversationReference: Record<string, unknown>;
  citizenName?: string;
  /** The citizen's id on the channel (activity.from.id): status look-ups show only their own tickets. */
  citizenId?: string;
  topic?: string;
  unit: string;
  /** Collected fields; identity numbers are stored encrypted (FieldCipher) by the desk service. */
  collectedData: Record<string, string>;
  status: TicketStatus;
  assigneeId?: string;
  receivedAt: Date;
  track: SlaTrack;
  clockStartsAt: Date;
  dueAt: Date;
  calendarVersion: string;
  /** When the milestone due at dueAt was delivered (answer, or escalation notice on the direct track). */
  deliveredAt?: Date;
  /** Set once when the SLA warning was raised / the breach was recorded (recorded once). */
  warnedAt?: Date;
  breachedAt?: Date;
  /** When an officer last resolved it (status answered): a citizen message soon after reopens it. */
  answeredAt?: Date;
  /** The citizen's 1-5 rating after the answer, and their optional comment (for reports). */
  rating?: number;
  ratingComment?: string;
  ratedAt?: Date;
  /** When the citizen's personal data was erased at their request (statistics are kept). */
  anonymisedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
  /** Optimistic concurrency: grows with every update. */
  revision: number;
}

export interface TicketFilter {
  statuses?: TicketStatus[];
  unit?: string;
  channelId?: string;
  assigneeId?: string;
  conversationId?: string;
  citizenId?: string;
}

/** Thrown when an update names a revision that is no longer current (someone else changed the ticket). */
export class StaleTicketError extends Error {
  constructor(readonly ticketId: string) {
    super(`TicketRepository.update(): ticket "${ticketId}" was changed by someone else.`);
    this.name = 'StaleTicketError';
  }
}

export interface TicketRepository {
  /** Atomic across instances: 1, 2, 3 … per `scope` (e.g. the month "2612"). */
  nextNumber(scope: string): Promise<number>;
  create(ticket: Omit<TicketRecord, 'revision'>): Promise<TicketRecord>;
  get(ticketId: string): Promise<TicketRecord | undefined>;
  getByNumber(number: string): Promise<TicketRecord | undefined>;
  /** Open and recent tickets matching the filter, ordered by dueAt ascending. */
  list(filter: TicketFilter, limit: number): Promise<TicketRecord[]>;
  /**
   * Applies `changes` when the stored revision equals `expectedRevision` (then revision + 1);
   * otherwise throws StaleTicketError and changes nothing.
   */
  update(ticketId: string, expectedRevision: number, changes: Partial<Omit<TicketRecord, 'ticketId' | 'number' | 'revision' | 'createdAt'>>): Promise<TicketRecord>;
  appendEvent(ticketId: string, event: Omit<TicketEvent, 'sequence'>): Promise<TicketEvent>;
  listEvents(ticketId: string, afterSequence?: number): Promise<TicketEvent[]>;
  /**
   * In the ticket's events of the given kinds, replaces every free-text field of `data` (`text`,
   * `note`, `error`: storage/redact-event-data.ts) with `replacementText`; sequence, at, kind, actor
   * and the other data fields stay. Returns how many events changed (0 when run again).
   */
  redactEvents(ticketId: string, kinds: TicketEvent['kind'][], replacementText: string): Promise<number>;
  /**
   * Deadline work for the sweeper, claimed atomically so two instances never both act on one
   * ticket: open tickets whose `warnAt`/`dueAt` passed and whose warning/breach is not yet recorded.
   * Sets `warnedAt` / `breachedAt` to `now` in the same atomic step and returns the claimed tickets.
   */
  claimDeadlines(kind: 'warning' | 'breach', now: Date, warnFraction: number, limit: number): Promise<TicketRecord[]>;
}

export type Role = 'officer' | 'coordinator' | 'supervisor' | 'editor' | 'admin';

export interface AccountRecord {
  accountId: string;
  username: string;
  displayName: string;
  roles: Role[];
  unit?: string;
  /** scrypt: "scrypt$N$r$p$salt$hash" (base64). Never logged, never returned by list APIs. */
  passwordHash: string;
  disabled: boolean;
  /** Consecutive failed sign-ins and when the account may try again (throttling). */
  failedAttempts: number;
  lockedUntil?: Date;
  mustChangePassword: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface AccountRepository {
  /** Throws when the username is taken. */
  create(account: AccountRecord): Promise<void>;
  get(accountId: string): Promise<AccountRecord | undefined>;
  getByUsername(username: string): Promise<AccountRecord | undefined>;
  list(): Promise<AccountRecord[]>;
  update(accountId: string, changes: Partial<Omit<AccountRecord, 'accountId' | 'username' | 'createdAt'>>): Promise<AccountRecord>;
}

export interface SessionRecord {
  /** sha256 of the session token (the token itself is only in the officer's cookie). */
  tokenHash: string;
  accountId: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface SessionRepository {
  create(session: SessionRecord): Promise<void>;
  get(tokenHash: string): Promise<SessionRecord | undefined>;
  delete(tokenHash: string): Promise<void>;
  deleteForAccount(accountId: string): Promise<void>;
  deleteExpired(now: Date): Promise<number>;
}

export interface AuditRecord {
  at: Date;
  actor: string;
  action: string;
  /** What was acted on: "ticket:<id>", "account:<id>", "entry:<id>" … */
  target: string;
  details: Record<string, unknown>;
}

export interface AuditLogRepository {
  append(record: AuditRecord): Promise<void>;
  /** Newest first. */
  list(filter: { target?: string; actor?: string }, limit: number): Promise<AuditRecord[]>;
}

/* ---------------------------------------------------------------------------------------------
 * Channel webhooks (Telegram, WhatsApp, Messenger, Instagram): the persisted inbound events.
 * ------------------------------------------------------------------------------------------- */

export type ChannelEventStatus = 'pending' | 'processing' | 'done' | 'dead';

/**
 * One inbound platform event, persisted before the webhook is answered. Its life:
 * pending → processing (claimed) → done, or → pending again (failed, retried later) → … → dead
 * (failed too often; an admin may requeue it).
 */
export interface ChannelEvent {
  /** 'telegram' | 'whatsapp' | 'messenger' | 'instagram'. */
  channel: string;
  /** The platform's id (update_id, wamid, mid …), unique per channel: the de-duplication key. */
  eventId: string;
  /** Our conversation id for the chat: events of one conversation are processed in order. */
  conversationId: string;
  /** The parsed platform event (one message/update), as JSON. */
  payload: Record<string, unknown>;
  receivedAt: Date;
  status: ChannelEventStatus;
  /** How many times the event was claimed (an expired claim counts too). */
  attempts: number;
  /** When it may be claimed (backoff after a failure). */
  nextAttemptAt: Date;
  /** The error of the last failed attempt (kept after a later success or a requeue). */
  lastError?: string;
  /** The claim's lease while processing: a crashed instance's claim expires then. */
  claimedUntil?: Date;
  /** When it was finished: processed (done), or given up (dead; cleared by a requeue). */
  completedAt?: Date;
}

export type NewChannelEvent = Pick<ChannelEvent, 'channel' | 'eventId' | 'conversationId' | 'payload' | 'receivedAt'>;

/**
 * The inbound-event store every channel adapter writes to before answering the platform's webhook,
 * shared by every instance (one SQLite file, or MongoDB). Events are ordered by receivedAt, then by
 * insertion order for equal receivedAt, so events recorded in order from one webhook keep their order
 * (on MongoDB insertion order is only known within one process: events of the same millisecond
 * recorded by two instances are ordered arbitrarily, but the same way for every claim).
 */
export interface ChannelEventRepository {
  /** Inserts the event as pending (attempts 0, due at receivedAt); returns false (and changes nothing) when (channel, eventId) already exists. */
  recordIfNew(event: NewChannelEvent): Promise<boolean>;
  /**
   * Atomically claims up to `limit` events, oldest receivedAt first: pending ones due at `now`
   * (nextAttemptAt <= now), and processing ones whose lease expired (claimedUntil <= now, a crashed
   * or stuck instance). Each claimed event becomes processing with claimedUntil = now + leaseMs and
   * attempts + 1; no other instance can claim it until then. A negative or fractional limit, or a
   * lease that is not positive, throws RangeError.
   *
   * Per-conversation order: a conversation's events are claimed one at a time. Only its oldest
   * unfinished (pending or processing) event may be claimed, and only once it is due; an earlier
   * event that is processing, or pending and waiting for its retry, holds back every later one.
   * Done and dead events hold nothing back (a dead event must not block the chat forever).
   * A requeued dead event is claimed when it is due, possibly after later events of its
   * conversation were already processed.
   *
   * Attempts count claims: a caller that finds attempts > its maxAttempts on a claimed event (its
   * earlier claims expired without a result, e.g. the event crashes the process) should call
   * markFailed without processing it again, which makes it dead.
   */
  claimDue(now: Date, leaseMs: number, limit: number): Promise<ChannelEvent[]>;
  /**
   * Records a successful processing: status done, completedAt = at, the lease cleared, whatever the
   * status was (an instance whose lease expired may still finish: the work was done). An event
   * already done keeps its first completedAt. Throws when the event does not exist.
   */
  markDone(channel: string, eventId: string, at: Date): Promise<void>;
  /**
   * After a failed attempt (at `at`): back to pending with nextAttemptAt = retryAt, or dead with
   * completedAt = at when attempts >= maxAttempts; lastError = error, the lease cleared. Returns
   * the new status. Throws when the event does not exist or is already done (another instance
   * finished it after this attempt's lease expired), and changes nothing then.
   */
  markFailed(channel: string, eventId: string, error: string, at: Date, retryAt: Date, maxAttempts: number): Promise<'pending' | 'dead'>;
  /** Dead events, newest receivedAt first, at most `limit`, of one channel when given. */
  listDead(limit: number, channel?: string): Promise<ChannelEvent[]>;
  /** An admin re-queues a dead event: pending, attempts 0, due at `at`, completedAt cleared. Returns false when it is not dead (or does not exist). */
  requeue(channel: string, eventId: string, at: Date): Promise<boolean>;
  /**
   * Housekeeping: deletes done events completed before `before`; returns how many. A deleted event
   * is no longer a duplicate, so the dedupe keys must outlive the platforms' retries (Meta retries
   * for up to 7 days, Telegram for 24 hours): callers keep done events at least 8 days.
   * Pending, processing and dead events are never purged.
   */
  purgeDone(before: Date): Promise<number>;
  get(channel: string, eventId: string): Promise<ChannelEvent | undefined>;
}
