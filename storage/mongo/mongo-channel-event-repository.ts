import { type Collection, type Db, type Document, type Filter, ObjectId } from 'mongodb';
import type { ChannelEvent, ChannelEventRepository, NewChannelEvent } from '../repositories';
import { isDuplicateKeyError } from './is-duplicate-key-error';
import { checkLimit, checkLease, checkMaxAttempts, unknownEvent } from '../argument-checks';

/**
 * `_id` is generated here, in the recording process: ObjectIds of one process increase, so sorting by
 * (receivedAt, _id) keeps the insertion order of events recorded with the same receivedAt.
 */
type ChannelEventDocument = ChannelEvent & { _id: ObjectId };

const UNFINISHED: ChannelEvent['status'][] = ['pending', 'processing'];

function toRecord(document: ChannelEventDocument): ChannelEvent {
  // Optional fields are left out rather than set to undefined, so records compare equal across backends.
  return {
    channel: document.channel,
    eventId: document.eventId,
    conversationId: document.conversationId,
    payload: document.payload,
    receivedAt: document.receivedAt,
    status: document.status,
    attempts: document.attempts,
    nextAttemptAt: document.nextAttemptAt,
    ...(document.lastError === undefined ? {} : { lastError: document.lastError }),
    ...(document.claimedUntil === undefined ? {} : { claimedUntil: document.claimedUntil }),
    ...(document.completedAt === undefined ? {} : { completedAt: document.completedAt }),
  };
}





/** Pending events due at `now`, and processing ones whose lease has expired. */
function dueFilter(now: Date): Filter<ChannelEventDocument> {
  return { $or: [{ status: 'pending', nextAttemptAt: { $lte: now } }, { status: 'processing', claimedUntil: { $lte: now } }] };
}

/**
 * The inbound-event store on MongoDB (collection channel_events). A unique index on
 * (channel, eventId) de-duplicates; every state change is one atomic single-document update whose
 * filter re-checks the state it starts from, so of two instances only one claims an event.
 */
export class MongoChannelEventRepository implements ChannelEventRepository {
  private readonly events: Collection<ChannelEventDocument>;

  constructor(db: Db) {
    this.events = db.collection<ChannelEventDocument>('channel_events');
  }

  async createIndexes(): Promise<void> {
    // The de-duplication key: a second insert of one platform event fails on it.
    await this.events.createIndex({ channel: 1, eventId: 1 }, { unique: true, name: 'channel_event_id' });
    // Claims (per status, in order) and the dead-letter list.
    await this.events.createIndex({ status: 1, receivedAt: 1, _id: 1 }, { name: 'status_received_at' });
    // A conversation's earlier unfinished events, which hold back its later ones.
    await this.events.createIndex({ channel: 1, conversationId: 1, status: 1, receivedAt: 1, _id: 1 }, { name: 'conversation_status_received_at' });
    await this.events.createIndex({ status: 1, completedAt: 1 }, { name: 'status_completed_at' });
  }

  async recordIfNew(event: NewChannelEvent): Promise<boolean> {
    const document: ChannelEventDocument = {
      _id: new ObjectId(),
      channel: event.channel,
      eventId: event.eventId,
      conversationId: event.conversationId,
      payload: event.payload,
      receivedAt: event.receivedAt,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: event.receivedAt,
    };
    try {
      await this.events.insertOne(document);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async claimDue(now: Date, leaseMs: number, limit: number): Promise<ChannelEvent[]> {
    const origin = 'MongoChannelEventRepository.claimDue()';
    checkLimit(origin, limit);
    checkLease(origin, leaseMs);
    const claimed: ChannelEvent[] = [];
    if (limit === 0) return claimed;
    const claimedUntil = new Date(now.getTime() + leaseMs);
    /** Conversations already looked at in this pass: their later events are held back by the first. */
    const seen = new Set<string>();
    const candidates = this.events.find(dueFilter(now), { projection: { _id: 1, channel: 1, conversationId: 1, receivedAt: 1 } }).sort({ receivedAt: 1, _id: 1 });
    try {
      for await (const candidate of candidates) {
        const conversation = JSON.stringify([candidate.channel, candidate.conversationId]);
        if (seen.has(conversation)) continue;
        seen.add(conversation);
        if (await this.hasEarlierUnfinished(candidate)) continue;
        // The claim itself is atomic: the filter re-checks that the event is still due, so of two
        // instances racing for it only one gets a document back.
        const document = await this.events.findOneAndUpdate(
          { _id: candidate._id, ...dueFilter(now) },
          { $set: { status: 'processing', claimedUntil }, $inc: { attempts: 1 } },
          { returnDocument: 'after' },
        );
        if (document) claimed.push(toRecord(document));
        if (claimed.length >= limit) break;
      }
    } finally {
      await candidates.close();
    }
    return claimed;
  }

  /**
   * Whether an earlier event of the candidate's conversation is pending or processing. Checked just
   * before the claim, not in the same atomic step (MongoDB has no multi-document atomicity without
   * a replica set's transactions): an unfinished event only ever turns finished, except for a late
   * insert with an earlier receivedAt or an admin's requeue, so the check can only go stale then.
   */
  private async hasEarlierUnfinished(candidate: Pick<ChannelEventDocument, '_id' | 'channel' | 'conversationId' | 'receivedAt'>): Promise<boolean> {
    const earlier = await this.events.countDocuments(
      {
        channel: candidate.channel,
        conversationId: candidate.conversationId,
        status: { $in: UNFINISHED },
        $or: [{ receivedAt: { $lt: candidate.receivedAt } }, { receivedAt: candidate.receivedAt, _id: { $lt: candidate._id } }],
      },
      { limit: 1 },
    );
    return earlier > 0;
  }

  async markDone(channel: string, eventId: string, at: Date): Promise<void> {
    // An event already done keeps its first completedAt.
    const result = await this.events.updateOne({ channel, eventId, status: { $ne: 'done' } }, { $set: { status: 'done', completedAt: at }, $unset: { claimedUntil: '' } });
    if (result.matchedCount === 0 && !(await this.exists(channel, eventId))) throw unknownEvent('MongoChannelEventRepository.markDone()', channel, eventId);
  }

  async markFailed(channel: string, eventId: string, error: string, at: Date, retryAt: Date, maxAttempts: number): Promise<'pending' | 'dead'> {
    const origin = 'MongoChannelEventRepository.markFailed()';
    checkMaxAttempts(origin, maxAttempts);
    const exhausted = { $gte: ['$attempts', maxAttempts] };
    // A pipeline update compares attempts and writes the outcome in one atomic step. $literal keeps an
    // error text starting with "$" from being read as a field path.
    const pipeline: Document[] = [
      {
        $set: {
          status: { $cond: [exhausted, 'dead', 'pending'] },
          lastError: { $literal: error },
          nextAttemptAt: retryAt,
          completedAt: { $cond: [exhausted, at, '$$REMOVE'] },
        },
      },
      { $unset: 'claimedUntil' },
    ];
    const document = await this.events.findOneAndUpdate({ channel, eventId, status: { $ne: 'done' } }, pipeline, { returnDocument: 'after' });
    if (document) return document.status === 'dead' ? 'dead' : 'pending';
    if (!(await this.exists(channel, eventId))) throw unknownEvent(origin, channel, eventId);
    throw new Error(`${origin}: event "${eventId}" of ${channel} is already done.`);
  }

  async listDead(limit: number, channel?: string): Promise<ChannelEvent[]> {
    checkLimit('MongoChannelEventRepository.listDead()', limit);
    // MongoDB reads limit(0) as "no limit".
    if (limit === 0) return [];
    const filter: Filter<ChannelEventDocument> = channel === undefined ? { status: 'dead' } : { status: 'dead', channel };
    const documents = await this.events.find(filter).sort({ receivedAt: -1, _id: -1 }).limit(limit).toArray();
    return documents.map(toRecord);
  }

  async requeue(channel: string, eventId: string, at: Date): Promise<boolean> {
    // The status in the filter makes it atomic: only a dead event changes.
    const result = await this.events.updateOne(
      { channel, eventId, status: 'dead' },
      { $set: { status: 'pending', attempts: 0, nextAttemptAt: at }, $unset: { completedAt: '', claimedUntil: '' } },
    );
    return result.matchedCount === 1;
  }

  async purgeDone(before: Date): Promise<number> {
    return (await this.events.deleteMany({ status: 'done', completedAt: { $lt: before } })).deletedCount;
  }

  async get(channel: string, eventId: string): Promise<ChannelEvent | undefined> {
    const document = await this.events.findOne({ channel, eventId });
    return document ? toRecord(document) : undefined;
  }

  private async exists(channel: string, eventId: string): Promise<boolean> {
    return (await this.events.countDocuments({ channel, eventId }, { limit: 1 })) > 0;
  }
}
