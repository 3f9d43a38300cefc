import type Database from 'better-sqlite3';
import {
  StaleTicketError,
  type TicketEvent,
  type TicketFilter,
  type TicketRecord,
  type TicketRepository,
  type TicketStatus,
} from '../repositories';
import { redactEventData } from '../redact-event-data';
import { mergeChanges, type UpdatableFields } from './merge-changes';
import { checkLimit } from '../argument-checks';

interface TicketRow {
  ticket_id: string;
  number: string;
  channel_id: string;
  conversation_id: string;
  conversation_reference: string;
  citizen_name: string | null;
  citizen_id: string | null;
  topic: string | null;
  unit: string;
  collected_data: string;
  status: string;
  assignee_id: string | null;
  received_at: number;
  track: string;
  clock_starts_at: number;
  due_at: number;
  calendar_version: string;
  delivered_at: number | null;
  warned_at: number | null;
  breached_at: number | null;
  answered_at: number | null;
  rating: number | null;
  rating_comment: string | null;
  rated_at: number | null;
  anonymised_at: number | null;
  created_at: number;
  updated_at: number;
  revision: number;
}

interface EventRow {
  sequence: number;
  at: number;
  kind: string;
  actor: string;
  data: string;
}

type TicketChanges = Parameters<TicketRepository['update']>[2];

const COLUMNS = [
  'ticket_id', 'number', 'channel_id', 'conversation_id', 'conversation_reference', 'citizen_name', 'topic', 'unit',
  'collected_data', 'status', 'assignee_id', 'received_at', 'track', 'clock_starts_at', 'due_at', 'calendar_version',
  'delivered_at', 'warned_at', 'breached_at', 'created_at', 'updated_at', 'revision',
  'citizen_id', 'answered_at', 'rating', 'rating_comment', 'rated_at', 'anonymised_at',
] as const satisfies readonly (keyof TicketRow)[];

/** A ticket waits for the SLA while it is in one of these statuses and its milestone is not delivered. */
const OPEN_STATUSES: readonly TicketStatus[] = ['queued', 'assigned', 'escalated', 'reopened'];
const OPEN_CONDITION = `delivered_at is null and status in (${OPEN_STATUSES.map((status) => `'${status}'`).join(', ')})`;

const UPDATABLE: UpdatableFields<TicketRecord> = {
  required: ['channelId', 'conversationId', 'conversationReference', 'unit', 'collectedData', 'status', 'receivedAt', 'track', 'clockStartsAt', 'dueAt', 'calendarVersion', 'updatedAt'],
  optional: ['citizenName', 'citizenId', 'topic', 'assigneeId', 'deliveredAt', 'warnedAt', 'breachedAt', 'answeredAt', 'rating', 'ratingComment', 'ratedAt', 'anonymisedAt'],
};

function toRow(ticket: TicketRecord): TicketRow {
  return {
    ticket_id: ticket.ticketId,
    number: ticket.number,
    channel_id: ticket.channelId,
    conversation_id: ticket.conversationId,
    conversation_reference: JSON.stringify(ticket.conversationReference),
    citizen_name: ticket.citizenName ?? null,
    citizen_id: ticket.citizenId ?? null,
    topic: ticket.topic ?? null,
    unit: ticket.unit,
    collected_data: JSON.stringify(ticket.collectedData),
    status: ticket.status,
    assignee_id: ticket.assigneeId ?? null,
    received_at: ticket.receivedAt.getTime(),
    track: ticket.track,
    clock_starts_at: ticket.clockStartsAt.getTime(),
    due_at: ticket.dueAt.getTime(),
    calendar_version: ticket.calendarVersion,
    delivered_at: ticket.deliveredAt?.getTime() ?? null,
    warned_at: ticket.warnedAt?.getTime() ?? null,
    breached_at: ticket.breachedAt?.getTime() ?? null,
    answered_at: ticket.answeredAt?.getTime() ?? null,
    rating: ticket.rating ?? null,
    rating_comment: ticket.ratingComment ?? null,
    rated_at: ticket.ratedAt?.getTime() ?? null,
    anonymised_at: ticket.anonymisedAt?.getTime() ?? null,
    created_at: ticket.createdAt.getTime(),
    updated_at: ticket.updatedAt.getTime(),
    revision: ticket.revision,
  };
}

function toRecord(row: TicketRow): TicketRecord {
  // Optional fields are left out rather than set to undefined, so records compare equal to what was created.
  return {
    ticketId: row.ticket_id,
    number: row.number,
    channelId: row.channel_id,
    conversationId: row.conversation_id,
    conversationReference: JSON.parse(row.conversation_reference) as Record<string, unknown>,
    ...(row.citizen_name === null ? {} : { citizenName: row.citizen_name }),
    ...(row.citizen_id === null ? {} : { citizenId: row.citizen_id }),
    ...(row.topic === null ? {} : { topic: row.topic }),
    unit: row.unit,
    collectedData: JSON.parse(row.collected_data) as Record<string, string>,
    status: row.status as TicketStatus,
    ...(row.assignee_id === null ? {} : { assigneeId: row.assignee_id }),
    receivedAt: new Date(row.received_at),
    track: row.track as TicketRecord['track'],
    clockStartsAt: new Date(row.clock_starts_at),
    dueAt: new Date(row.due_at),
    calendarVersion: row.calendar_version,
    ...(row.delivered_at === null ? {} : { deliveredAt: new Date(row.delivered_at) }),
    ...(row.warned_at === null ? {} : { warnedAt: new Date(row.warned_at) }),
    ...(row.breached_at === null ? {} : { breachedAt: new Date(row.breached_at) }),
    ...(row.answered_at === null ? {} : { answeredAt: new Date(row.answered_at) }),
    ...(row.rating === null ? {} : { rating: row.rating }),
    ...(row.rating_comment === null ? {} : { ratingComment: row.rating_comment }),
    ...(row.rated_at === null ? {} : { ratedAt: new Date(row.rated_at) }),
    ...(row.anonymised_at === null ? {} : { anonymisedAt: new Date(row.anonymised_at) }),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    revision: row.revision,
  };
}


export class SqliteTicketRepository implements TicketRepository {
  private readonly bumpCounter: Database.Statement<[string], { last_number: number }>;
  private readonly insertTicket: Database.Statement<TicketRow>;
  private readonly replaceTicket: Database.Statement<TicketRow & { expected_revision: number }>;
  private readonly selectTicket: Database.Statement<[string], TicketRow>;
  private readonly selectByNumber: Database.Statement<[string], TicketRow>;
  private readonly selectLastSequence: Database.Statement<[string], { last: number | null }>;
  private readonly insertEvent: Database.Statement<[string, number, number, string, string, string]>;
  private readonly selectEvents: Database.Statement<[string, number], EventRow>;
  private readonly replaceEventData: Database.Statement<[string, string, number]>;
  private readonly selectWarningDue: Database.Statement<{ now: number; fraction: number; limit: number }, TicketRow>;
  private readonly selectBreachDue: Database.Statement<{ now: number; limit: number }, TicketRow>;
  private readonly markWarned: Database.Statement<[number, string]>;
  private readonly markBreached: Database.Statement<[number, string]>;

  constructor(private readonly db: Database.Database) {
    this.bumpCounter = db.prepare(
      `insert into ticket_counters (scope, last_number) values (?, 1)
       on conflict (scope) do update set last_number = last_number + 1
       returning last_number`,
    );
    this.insertTicket = db.prepare(`insert into tickets (${COLUMNS.join(', ')}) values (${COLUMNS.map((column) => `@${column}`).join(', ')})`);
    this.replaceTicket = db.prepare(
      `update tickets set ${COLUMNS.filter((column) => column !== 'ticket_id' && column !== 'number' && column !== 'created_at')
        .map((column) => `${column} = @${column}`)
        .join(', ')}
       where ticket_id = @ticket_id and revision = @expected_revision`,
    );
    this.selectTicket = db.prepare(`select ${COLUMNS.join(', ')} from tickets where ticket_id = ?`);
    this.selectByNumber = db.prepare(`select ${COLUMNS.join(', ')} from tickets where number = ?`);
    this.selectLastSequence = db.prepare('select max(sequence) as last from ticket_events where ticket_id = ?');
    this.insertEvent = db.prepare('insert into ticket_events (ticket_id, sequence, at, kind, actor, data) values (?, ?, ?, ?, ?, ?)');
    this.selectEvents = db.prepare('select sequence, at, kind, actor, data from ticket_events where ticket_id = ? and sequence > ? order by sequence');
    this.replaceEventData = db.prepare('update ticket_events set data = ? where ticket_id = ? and sequence = ?');
    // The warning deadline lies warnFraction of the way from the clock's start to dueAt. Claimed in
    // dueAt order, as the MongoDB backend does (its findOneAndUpdate cannot sort by a computed deadline).
    this.selectWarningDue = db.prepare(
      `select ${COLUMNS.join(', ')} from tickets
       where ${OPEN_CONDITION} and warned_at is null
         and clock_starts_at + @fraction * (due_at - clock_starts_at) <= @now
       order by due_at, ticket_id
       limit @limit`,
    );
    this.selectBreachDue = db.prepare(
      `select ${COLUMNS.join(', ')} from tickets
       where ${OPEN_CONDITION} and breached_at is null and due_at <= @now
       order by due_at, ticket_id
       limit @limit`,
    );
    this.markWarned = db.prepare('update tickets set warned_at = ? where ticket_id = ?');
    this.markBreached = db.prepare('update tickets set breached_at = ? where ticket_id = ?');
  }

  async nextNumber(scope: string): Promise<number> {
    // A single upsert statement is atomic; IMMEDIATE makes another process wait for the write lock
    // (busy_timeout) instead of failing on a read-to-write upgrade.
    const next = this.db.transaction(() => this.bumpCounter.get(scope));
    const row = next.immediate();
    if (!row) throw new Error(`SqliteTicketRepository.nextNumber(): the counter of scope "${scope}" returned nothing.`);
    return row.last_number;
  }

  async create(ticket: Omit<TicketRecord, 'revision'>): Promise<TicketRecord> {
    const row = toRow({ ...ticket, revision: 1 });
    try {
      this.insertTicket.run(row);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new Error(`SqliteTicketRepository.create(): ticket "${ticket.ticketId}" or number "${ticket.number}" already exists.`, { cause: error });
      }
      throw error;
    }
    return toRecord(row);
  }

  async get(ticketId: string): Promise<TicketRecord | undefined> {
    const row = this.selectTicket.get(ticketId);
    return row ? toRecord(row) : undefined;
  }

  async getByNumber(number: string): Promise<TicketRecord | undefined> {
    const row = this.selectByNumber.get(number);
    return row ? toRecord(row) : undefined;
  }

  async list(filter: TicketFilter, limit: number): Promise<TicketRecord[]> {
    checkLimit('SqliteTicketRepository.list()', limit);
    const conditions: string[] = [];
    const values: (string | number)[] = [];
    if (filter.statuses !== undefined) {
      // An empty set of statuses matches nothing (it is not "any status").
      if (filter.statuses.length === 0) return [];
      conditions.push(`status in (${filter.statuses.map(() => '?').join(', ')})`);
      values.push(...filter.statuses);
    }
    const equalities: [keyof TicketFilter, string][] = [['unit', 'unit'], ['channelId', 'channel_id'], ['assigneeId', 'assignee_id'], ['conversationId', 'conversation_id'], ['citizenId', 'citizen_id']];
    for (const [field, column] of equalities) {
      const value = filter[field];
      if (value === undefined) continue;
      conditions.push(`${column} = ?`);
      values.push(value as string);
    }
    const where = conditions.length === 0 ? '' : `where ${conditions.join(' and ')}`;
    // Built per call from fixed column names only; every value is a bound parameter.
    const rows = this.db
      .prepare<(string | number)[], TicketRow>(`select ${COLUMNS.join(', ')} from tickets ${where} order by due_at, created_at, ticket_id limit ?`)
      .all(...values, limit);
    return rows.map(toRecord);
  }

  async update(ticketId: string, expectedRevision: number, changes: TicketChanges): Promise<TicketRecord> {
    const origin = 'SqliteTicketRepository.update()';
    const apply = this.db.transaction((): TicketRecord => {
      const row = this.selectTicket.get(ticketId);
      if (!row) throw new Error(`${origin}: ticket "${ticketId}" does not exist.`);
      if (row.revision !== expectedRevision) throw new StaleTicketError(ticketId);
      const next = mergeChanges(origin, toRecord(row), changes, UPDATABLE);
      next.revision = row.revision + 1;
      const nextRow = toRow(next);
      // The revision condition is redundant under the write lock, but keeps the statement safe on its own.
      if (this.replaceTicket.run({ ...nextRow, expected_revision: expectedRevision }).changes !== 1) throw new StaleTicketError(ticketId);
      return toRecord(nextRow);
    });
    // Read, compare and write under one write lock, so two processes cannot both pass the check.
    return apply.immediate();
  }

  async appendEvent(ticketId: string, event: Omit<TicketEvent, 'sequence'>): Promise<TicketEvent> {
    const append = this.db.transaction((): TicketEvent => {
      if (!this.selectTicket.get(ticketId)) {
        throw new Error(`SqliteTicketRepository.appendEvent(): ticket "${ticketId}" does not exist.`);
      }
      const sequence = (this.selectLastSequence.get(ticketId)?.last ?? 0) + 1;
      this.insertEvent.run(ticketId, sequence, event.at.getTime(), event.kind, event.actor, JSON.stringify(event.data));
      return { sequence, at: event.at, kind: event.kind, actor: event.actor, data: event.data };
    });
    // max + 1 and the insert under one write lock: distinct, gap-free sequences across processes.
    return append.immediate();
  }

  async listEvents(ticketId: string, afterSequence = 0): Promise<TicketEvent[]> {
    return this.selectEvents.all(ticketId, afterSequence).map((row) => ({
      sequence: row.sequence,
      at: new Date(row.at),
      kind: row.kind as TicketEvent['kind'],
      actor: row.actor,
      data: JSON.parse(row.data) as Record<string, unknown>,
    }));
  }

  async redactEvents(ticketId: string, kinds: TicketEvent['kind'][], replacementText: string): Promise<number> {
    const redact = this.db.transaction((): number => {
      let changed = 0;
      for (const row of this.selectEvents.all(ticketId, 0)) {
        if (!kinds.includes(row.kind as TicketEvent['kind'])) continue;
        const data = JSON.stringify(redactEventData(JSON.parse(row.data) as Record<string, unknown>, replacementText));
        if (data === row.data) continue;
        this.replaceEventData.run(data, ticketId, row.sequence);
        changed += 1;
      }
      return changed;
    });
    // Read and rewrite under one write lock: another process's append waits until the redaction commits.
    return redact.immediate();
  }

  async claimDeadlines(kind: 'warning' | 'breach', now: Date, warnFraction: number, limit: number): Promise<TicketRecord[]> {
    const origin = 'SqliteTicketRepository.claimDeadlines()';
    checkLimit(origin, limit);
    if (!Number.isFinite(warnFraction) || warnFraction < 0 || warnFraction > 1) {
      throw new RangeError(`${origin}: warnFraction must be between 0 and 1, got ${warnFraction}.`);
    }
    if (limit === 0) return [];
    const at = now.getTime();
    const claim = this.db.transaction((): TicketRecord[] => {
      const rows = kind === 'warning' ? this.selectWarningDue.all({ now: at, fraction: warnFraction, limit }) : this.selectBreachDue.all({ now: at, limit });
      const mark = kind === 'warning' ? this.markWarned : this.markBreached;
      return rows.map((row) => {
        mark.run(at, row.ticket_id);
        return toRecord(kind === 'warning' ? { ...row, warned_at: at } : { ...row, breached_at: at });
      });
    });
    // Select and mark under one write lock: another process's claim waits, then no longer sees these
    // tickets, so each warning or breach is claimed exactly once. Claims leave revision alone: they
    // touch only warnedAt/breachedAt, and must not make an officer's concurrent edit stale.
    return claim.immediate();
  }
}
