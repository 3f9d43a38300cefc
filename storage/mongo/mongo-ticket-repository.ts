import type { AnyBulkWriteOperation, Collection, Db, Filter, UpdateFilter } from 'mongodb';
import {
  StaleTicketError,
  type TicketEvent,
  type TicketFilter,
  type TicketRecord,
  type TicketRepository,
  type TicketStatus,
} from '../repositories';
import { redactEventData } from '../redact-event-data';
import { changesToUpdate, type UpdatableFields } from './changes-to-update';
import { isDuplicateKeyError } from './is-duplicate-key-error';
import { checkLimit } from '../argument-checks';

type TicketDocument = Omit<TicketRecord, 'ticketId'> & { _id: string };

interface CounterDocument {
  _id: string;
  lastNumber: number;
}

interface EventDocument extends TicketEvent {
  ticketId: string;
}

type TicketChanges = Parameters<TicketRepository['update']>[2];

/** A ticket waits for the SLA while it is in one of these statuses and its milestone is not delivered. */
const OPEN_STATUSES: TicketStatus[] = ['queued', 'assigned', 'escalated', 'reopened'];

const UPDATABLE: UpdatableFields<TicketRecord> = {
  required: ['channelId', 'conversationId', 'conversationReference', 'unit', 'collectedData', 'status', 'receivedAt', 'track', 'clockStartsAt', 'dueAt', 'calendarVersion', 'updatedAt'],
  optional: ['citizenName', 'citizenId', 'topic', 'assigneeId', 'deliveredAt', 'warnedAt', 'breachedAt', 'answeredAt', 'rating', 'ratingComment', 'ratedAt', 'anonymisedAt'],
};

/** Concurrent appends to one ticket retry on the unique index; a ticket has few writers at a time. */
const MAX_APPEND_ATTEMPTS = 50;
/** Two first calls of a new scope can both try to insert its counter; the loser retries as an update. */
const MAX_COUNTER_ATTEMPTS = 5;

function toRecord(document: TicketDocument): TicketRecord {
  // Optional fields are left out rather than set to undefined, so records compare equal to what was created.
  return {
    ticketId: document._id,
    number: document.number,
    channelId: document.channelId,
    conversationId: document.conversationId,
    conversationReference: document.conversationReference,
    ...(document.citizenName === undefined ? {} : { citizenName: document.citizenName }),
    ...(document.citizenId === undefined ? {} : { citizenId: document.citizenId }),
    ...(document.topic === undefined ? {} : { topic: document.topic }),
    unit: document.unit,
    collectedData: document.collectedData,
    status: document.status,
    ...(document.assigneeId === undefined ? {} : { assigneeId: document.assigneeId }),
    receivedAt: document.receivedAt,
    track: document.track,
    clockStartsAt: document.clockStartsAt,
    dueAt: document.dueAt,
    calendarVersion: document.calendarVersion,
    ...(document.deliveredAt === undefined ? {} : { deliveredAt: document.deliveredAt }),
    ...(document.warnedAt === undefined ? {} : { warnedAt: document.warnedAt }),
    ...(document.breachedAt === undefined ? {} : { breachedAt: document.breachedAt }),
    ...(document.answeredAt === undefined ? {} : { answeredAt: document.answeredAt }),
    ...(document.rating === undefined ? {} : { rating: document.rating }),
    ...(document.ratingComment === undefined ? {} : { ratingComment: document.ratingComment }),
    ...(document.ratedAt === undefined ? {} : { ratedAt: document.ratedAt }),
    ...(document.anonymisedAt === undefined ? {} : { anonymisedAt: document.anonymisedAt }),
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
    revision: document.revision,
  };
}


export class MongoTicketRepository implements TicketRepository {
  private readonly tickets: Collection<TicketDocument>;
  private readonly counters: Collection<CounterDocument>;
  private readonly events: Collection<EventDocument>;

  constructor(db: Db) {
    this.tickets = db.collection<TicketDocument>('tickets');
    this.counters = db.collection<CounterDocument>('ticket_counters');
    this.events = db.collection<EventDocument>('ticket_events');
  }

  async createIndexes(): Promise<void> {
    await this.tickets.createIndex({ number: 1 }, { unique: true, name: 'number' });
    await this.tickets.createIndex({ dueAt: 1 }, { name: 'due_at' });
    await this.tickets.createIndex({ status: 1, dueAt: 1 }, { name: 'status_due_at' });
    await this.tickets.createIndex({ conversationId: 1 }, { name: 'conversation' });
    await this.tickets.createIndex({ channelId: 1, citizenId: 1, createdAt: 1 }, { name: 'citizen' });
    await this.tickets.createIndex({ assigneeId: 1, dueAt: 1 }, { name: 'assignee_due_at' });
    // Unique, so that even a retry bug could never store two events under one sequence.
    await this.events.createIndex({ ticketId: 1, sequence: 1 }, { unique: true, name: 'ticket_sequence' });
  }

  async nextNumber(scope: string): Promise<number> {
    // One findOneAndUpdate is atomic on the counter document, whichever instance calls it.
    for (let attempt = 1; attempt <= MAX_COUNTER_ATTEMPTS; attempt += 1) {
      try {
        const counter = await this.counters.findOneAndUpdate({ _id: scope }, { $inc: { lastNumber: 1 } }, { upsert: true, returnDocument: 'after' });
        if (!counter) throw new Error(`MongoTicketRepository.nextNumber(): the counter of scope "${scope}" returned nothing.`);
        return counter.lastNumber;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    throw new Error(`MongoTicketRepository.nextNumber(): the counter of scope "${scope}" could not be created after ${MAX_COUNTER_ATTEMPTS} attempts.`);
  }

  async create(ticket: Omit<TicketRecord, 'revision'>): Promise<TicketRecord> {
    const { ticketId, ...fields } = ticket;
    const document: TicketDocument = { _id: ticketId, ...fields, revision: 1 };
    try {
      await this.tickets.insertOne(document);
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        throw new Error(`MongoTicketRepository.create(): ticket "${ticket.ticketId}" or number "${ticket.number}" already exists.`, { cause: error });
      }
      throw error;
    }
    return toRecord(document);
  }

  async get(ticketId: string): Promise<TicketRecord | undefined> {
    const document = await this.tickets.findOne({ _id: ticketId });
    return document ? toRecord(document) : undefined;
  }

  async getByNumber(number: string): Promise<TicketRecord | undefined> {
    const document = await this.tickets.findOne({ number });
    return document ? toRecord(document) : undefined;
  }

  async list(filter: TicketFilter, limit: number): Promise<TicketRecord[]> {
    checkLimit('MongoTicketRepository.list()', limit);
    // MongoDB reads limit(0) as "no limit"; an empty set of statuses matches nothing (not "any status").
    if (limit === 0 || filter.statuses?.length === 0) return [];
    const query: Filter<TicketDocument> = {};
    if (filter.statuses !== undefined) query.status = { $in: filter.statuses };
    if (filter.unit !== undefined) query.unit = filter.unit;
    if (filter.channelId !== undefined) query.channelId = filter.channelId;
    if (filter.assigneeId !== undefined) query.assigneeId = filter.assigneeId;
    if (filter.conversationId !== undefined) query.conversationId = filter.conversationId;
    if (filter.citizenId !== undefined) query.citizenId = filter.citizenId;
    const documents = await this.tickets.find(query).sort({ dueAt: 1, createdAt: 1, _id: 1 }).limit(limit).toArray();
    return documents.map(toRecord);
  }

  async update(ticketId: string, expectedRevision: number, changes: TicketChanges): Promise<TicketRecord> {
    const origin = 'MongoTicketRepository.update()';
    const { $set, $unset } = changesToUpdate(origin, changes, UPDATABLE);
    const update = {
      $inc: { revision: 1 },
      ...(Object.keys($set).length === 0 ? {} : { $set }),
      ...(Object.keys($unset).length === 0 ? {} : { $unset }),
    } as UpdateFilter<TicketDocument>;
    // The revision in the filter is the lock: of two writers starting from one revision, exactly one matches.
    const updated = await this.tickets.findOneAndUpdate({ _id: ticketId, revision: expectedRevision }, update, { returnDocument: 'after' });
    if (updated) return toRecord(updated);
    const exists = await this.tickets.countDocuments({ _id: ticketId }, { limit: 1 });
    if (exists === 0) throw new Error(`${origin}: ticket "${ticketId}" does not exist.`);
    throw new StaleTicketError(ticketId);
  }

  async appendEvent(ticketId: string, event: Omit<TicketEvent, 'sequence'>): Promise<TicketEvent> {
    const exists = await this.tickets.countDocuments({ _id: ticketId }, { limit: 1 });
    if (exists === 0) throw new Error(`MongoTicketRepository.appendEvent(): ticket "${ticketId}" does not exist.`);
    // As in MongoConversationLog: sequence n+1 is inserted only once n exists (the unique index refuses
    // a second n), so a failed insert leaves no gap and readers never see n+1 before n.
    for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt += 1) {
      const last = await this.events.find({ ticketId }, { projection: { sequence: 1 } }).sort({ sequence: -1 }).limit(1).next();
      const stored: TicketEvent = { sequence: (last?.sequence ?? 0) + 1, at: event.at, kind: event.kind, actor: event.actor, data: event.data };
      try {
        await this.events.insertOne({ ticketId, ...stored });
        return stored;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    throw new Error(`MongoTicketRepository.appendEvent(): ticket "${ticketId}" is too busy: no free sequence after ${MAX_APPEND_ATTEMPTS} attempts.`);
  }

  async listEvents(ticketId: string, afterSequence = 0): Promise<TicketEvent[]> {
    const documents = await this.events.find({ ticketId, sequence: { $gt: afterSequence } }).sort({ sequence: 1 }).toArray();
    return documents.map((document) => ({ sequence: document.sequence, at: document.at, kind: document.kind, actor: document.actor, data: document.data }));
  }

  async redactEvents(ticketId: string, kinds: TicketEvent['kind'][], replacementText: string): Promise<number> {
    if (kinds.length === 0) return 0;
    const documents = await this.events.find({ ticketId, kind: { $in: kinds } }).toArray();
    const operations: AnyBulkWriteOperation<EventDocument>[] = documents.map((document) => ({
      updateOne: { filter: { ticketId, sequence: document.sequence }, update: { $set: { data: redactEventData(document.data, replacementText) } } },
    }));
    // The driver refuses an empty bulk write.
    if (operations.length === 0) return 0;
    // Each update is atomic on its event, not across them (no multi-document transaction, which would
    // need a replica set): after a failure part of the events are redacted, and calling again finishes
    // the rest. An update that sets the data it already holds does not count as modified.
    const result = await this.events.bulkWrite(operations, { ordered: false });
    return result.modifiedCount;
  }

  async claimDeadlines(kind: 'warning' | 'breach', now: Date, warnFraction: number, limit: number): Promise<TicketRecord[]> {
    const origin = 'MongoTicketRepository.claimDeadlines()';
    checkLimit(origin, limit);
    if (!Number.isFinite(warnFraction) || warnFraction < 0 || warnFraction > 1) {
      throw new RangeError(`${origin}: warnFraction must be between 0 and 1, got ${warnFraction}.`);
    }
    const open: Filter<TicketDocument> = { status: { $in: OPEN_STATUSES }, deliveredAt: { $exists: false } };
    const filter: Filter<TicketDocument> =
      kind === 'warning'
        ? {
            ...open,
            warnedAt: { $exists: false },
            // The warning deadline lies warnFraction of the way from the clock's start to dueAt.
            $expr: { $lte: [{ $add: ['$clockStartsAt', { $multiply: [warnFraction, { $subtract: ['$dueAt', '$clockStartsAt'] }] }] }, now] },
          }
        : { ...open, breachedAt: { $exists: false }, dueAt: { $lte: now } };
    const mark = (kind === 'warning' ? { $set: { warnedAt: now } } : { $set: { breachedAt: now } }) as UpdateFilter<TicketDocument>;
    const claimed: TicketRecord[] = [];
    // One ticket per findOneAndUpdate: the filter's "not yet recorded" and the $set happen in one atomic
    // step, so of two instances claiming at once only one gets each ticket. Claims leave revision
    // alone: they touch only warnedAt/breachedAt, and must not make an officer's concurrent edit stale.
    while (claimed.length < limit) {
      const document = await this.tickets.findOneAndUpdate(filter, mark, { sort: { dueAt: 1, _id: 1 }, returnDocument: 'after' });
      if (!document) break;
      claimed.push(toRecord(document));
    }
    return claimed;
  }
}
