import type Database from 'better-sqlite3';
import type { ChannelEvent, ChannelEventRepository, ChannelEventStatus, NewChannelEvent } from '../repositories';
import { checkLimit, checkLease, checkMaxAttempts, unknownEvent } from '../argument-checks';

interface ChannelEventRow {
  seq: number;
  channel: string;
  event_id: string;
  conversation_id: string;
  payload: string;
  received_at: number;
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  claimed_until: number | null;
  completed_at: number | null;
}

const COLUMNS = [
  'seq', 'channel', 'event_id', 'conversation_id', 'payload', 'received_at', 'status', 'attempts', 'next_attempt_at', 'last_error', 'claimed_until', 'completed_at',
] as const satisfies readonly (keyof ChannelEventRow)[];
const SELECT_COLUMNS = COLUMNS.map((column) => `e.${column}`).join(', ');

function toRecord(row: ChannelEventRow): ChannelEvent {
  // Optional fields are left out rather than set to undefined, so records compare equal across backends.
  return {
    channel: row.channel,
    eventId: row.event_id,
    conversationId: row.conversation_id,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    receivedAt: new Date(row.received_at),
    status: row.status as ChannelEventStatus,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at),
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    ...(row.claimed_until === null ? {} : { claimedUntil: new Date(row.claimed_until) }),
    ...(row.completed_at === null ? {} : { completedAt: new Date(row.completed_at) }),
  };
}


/**
 * The inbound-event store on SQLite (table channel_events, migration 6). `seq` (autoincrement)
 * breaks ties between events of the same receivedAt in insertion order. Every read-then-write runs
 * in an IMMEDIATE transaction: processes sharing the file wait for the write lock (busy_timeout)
 * instead of failing on a read-to-write upgrade, and never see each other's half-done claims.
 */
export class SqliteChannelEventRepository implements ChannelEventRepository {
  private readonly insertEvent: Database.Statement<[string, string, string, string, number, number]>;
  private readonly selectEvent: Database.Statement<[string, string], ChannelEventRow>;
  private readonly selectDue: Database.Statement<{ now: number; limit: number }, ChannelEventRow>;
  private readonly markClaimed: Database.Statement<[number, number]>;
  private readonly setDone: Database.Statement<[number, string, string]>;
  private readonly setFailed: Database.Statement<{ status: string; error: string; retry_at: number; completed_at: number | null; channel: string; event_id: string }>;
  private readonly selectDead: Database.Statement<[number], ChannelEventRow>;
  private readonly selectDeadOfChannel: Database.Statement<[string, number], ChannelEventRow>;
  private readonly setRequeued: Database.Statement<[number, string, string]>;
  private readonly deleteDone: Database.Statement<[number]>;

  constructor(private readonly db: Database.Database) {
    this.insertEvent = db.prepare(
      `insert into channel_events (channel, event_id, conversation_id, payload, received_at, status, attempts, next_attempt_at)
       values (?, ?, ?, ?, ?, 'pending', 0, ?)
       on conflict (channel, event_id) do nothing`,
    );
    this.selectEvent = db.prepare(`select ${SELECT_COLUMNS} from channel_events e where e.channel = ? and e.event_id = ?`);
    // Due events, oldest first, each only when no earlier event of its conversation is unfinished:
    // so at most one event per conversation is claimed at a time, and in order.
    this.selectDue = db.prepare(
      `select ${SELECT_COLUMNS} from channel_events e
       where e.status in ('pending', 'processing')
         and ((e.status = 'pending' and e.next_attempt_at <= @now) or (e.status = 'processing' and e.claimed_until <= @now))
         and not exists (
           select 1 from channel_events earlier
           where earlier.channel = e.channel and earlier.conversation_id = e.conversation_id
             and earlier.status in ('pending', 'processing')
             and (earlier.received_at < e.received_at or (earlier.received_at = e.received_at and earlier.seq < e.seq))
         )
       order by e.received_at, e.seq
       limit @limit`,
    );
    this.markClaimed = db.prepare(`update channel_events set status = 'processing', claimed_until = ?, attempts = attempts + 1 where seq = ?`);
    this.setDone = db.prepare(
      `update channel_events set status = 'done', completed_at = ?, claimed_until = null
       where channel = ? and event_id = ? and status <> 'done'`,
    );
    this.setFailed = db.prepare(
      `update channel_events set status = @status, last_error = @error, next_attempt_at = @retry_at, completed_at = @completed_at, claimed_until = null
       where channel = @channel and event_id = @event_id`,
    );
    this.selectDead = db.prepare(`select ${SELECT_COLUMNS} from channel_events e where e.status = 'dead' order by e.received_at desc, e.seq desc limit ?`);
    this.selectDeadOfChannel = db.prepare(
      `select ${SELECT_COLUMNS} from channel_events e where e.status = 'dead' and e.channel = ? order by e.received_at desc, e.seq desc limit ?`,
    );
    this.setRequeued = db.prepare(
      `update channel_events set status = 'pending', attempts = 0, next_attempt_at = ?, completed_at = null, claimed_until = null
       where channel = ? and event_id = ? and status = 'dead'`,
    );
    this.deleteDone = db.prepare(`delete from channel_events where status = 'done' and completed_at < ?`);
  }

  async recordIfNew(event: NewChannelEvent): Promise<boolean> {
    const at = event.receivedAt.getTime();
    const payload = JSON.stringify(event.payload);
    // The unique key decides, so two processes recording one event insert it once; IMMEDIATE makes
    // the other process wait for the write lock (busy_timeout) like every write here.
    const record = this.db.transaction(() => this.insertEvent.run(event.channel, event.eventId, event.conversationId, payload, at, at).changes === 1);
    return record.immediate();
  }

  async claimDue(now: Date, leaseMs: number, limit: number): Promise<ChannelEvent[]> {
    const origin = 'SqliteChannelEventRepository.claimDue()';
    checkLimit(origin, limit);
    checkLease(origin, leaseMs);
    if (limit === 0) return [];
    const claimedUntil = now.getTime() + leaseMs;
    const claim = this.db.transaction((): ChannelEvent[] =>
      this.selectDue.all({ now: now.getTime(), limit }).map((row) => {
        this.markClaimed.run(claimedUntil, row.seq);
        return toRecord({ ...row, status: 'processing', claimed_until: claimedUntil, attempts: row.attempts + 1 });
      }),
    );
    // Select and mark under one write lock: another process's claim waits, then no longer sees these
    // events as due, so each event is claimed by one process at a time.
    return claim.immediate();
  }

  async markDone(channel: string, eventId: string, at: Date): Promise<void> {
    const done = this.db.transaction((): void => {
      if (!this.selectEvent.get(channel, eventId)) throw unknownEvent('SqliteChannelEventRepository.markDone()', channel, eventId);
      // An event already done keeps its first completedAt.
      this.setDone.run(at.getTime(), channel, eventId);
    });
    done.immediate();
  }

  async markFailed(channel: string, eventId: string, error: string, at: Date, retryAt: Date, maxAttempts: number): Promise<'pending' | 'dead'> {
    const origin = 'SqliteChannelEventRepository.markFailed()';
    checkMaxAttempts(origin, maxAttempts);
    const fail = this.db.transaction((): 'pending' | 'dead' => {
      const row = this.selectEvent.get(channel, eventId);
      if (!row) throw unknownEvent(origin, channel, eventId);
      if (row.status === 'done') throw new Error(`${origin}: event "${eventId}" of ${channel} is already done.`);
      const status = row.attempts >= maxAttempts ? 'dead' : 'pending';
      this.setFailed.run({ status, error, retry_at: retryAt.getTime(), completed_at: status === 'dead' ? at.getTime() : null, channel, event_id: eventId });
      return status;
    });
    // Read attempts and write the outcome under one write lock.
    return fail.immediate();
  }

  async listDead(limit: number, channel?: string): Promise<ChannelEvent[]> {
    checkLimit('SqliteChannelEventRepository.listDead()', limit);
    const rows = channel === undefined ? this.selectDead.all(limit) : this.selectDeadOfChannel.all(channel, limit);
    return rows.map(toRecord);
  }

  async requeue(channel: string, eventId: string, at: Date): Promise<boolean> {
    // One conditional update: only a dead event changes, whoever else is writing.
    const requeued = this.db.transaction(() => this.setRequeued.run(at.getTime(), channel, eventId).changes === 1);
    return requeued.immediate();
  }

  async purgeDone(before: Date): Promise<number> {
    const purge = this.db.transaction(() => this.deleteDone.run(before.getTime()).changes);
    return purge.immediate();
  }

  async get(channel: string, eventId: string): Promise<ChannelEvent | undefined> {
    const row = this.selectEvent.get(channel, eventId);
    return row ? toRecord(row) : undefined;
  }
}



