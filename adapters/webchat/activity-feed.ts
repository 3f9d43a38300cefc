import type { ConversationLogRepository, StoredActivity } from '../../storage/repositories';

export interface FeedListener {
  /** Persisted activities, in order, each delivered once per subscription. */
  onActivities(activities: StoredActivity[]): void;
  /** Activities that are streamed but never stored (typing). */
  onEphemeral(activity: Record<string, unknown>): void;
}

export interface FeedSubscription {
  close(): void;
}

interface Subscriber {
  conversationId: string;
  lastSequence: number;
  listener: FeedListener;
  fetching: Promise<void> | undefined;
  again: boolean;
  closed: boolean;
}

const PAGE_SIZE = 100;

/**
 * Pushes a conversation's new activities to its open streams. Writes made by this instance notify at
 * once; writes made by another instance (several processes sharing the database) are found by a
 * periodic poll, so every stream sees every activity whichever instance stored it.
 */
export class ActivityFeed {
  private readonly subscribers = new Set<Subscriber>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly conversations: ConversationLogRepository,
    private readonly pollIntervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  subscribe(conversationId: string, afterSequence: number, listener: FeedListener): FeedSubscription {
    const subscriber: Subscriber = { conversationId, lastSequence: afterSequence, listener, fetching: undefined, again: false, closed: false };
    this.subscribers.add(subscriber);
    this.ensureTimer();
    this.fetch(subscriber);
    return {
      close: () => {
        subscriber.closed = true;
        this.subscribers.delete(subscriber);
        if (this.subscribers.size === 0) this.stopTimer();
      },
    };
  }

  /** Called after this instance appended to the conversation's log. */
  notify(conversationId: string): void {
    for (const subscriber of this.subscribers) {
      if (subscriber.conversationId === conversationId) this.fetch(subscriber);
    }
  }

  publishEphemeral(conversationId: string, activity: Record<string, unknown>): void {
    for (const subscriber of this.subscribers) {
      if (subscriber.conversationId === conversationId) subscriber.listener.onEphemeral(activity);
    }
  }

  /** Waits for every fetch under way (tests and shutdown). */
  async settle(): Promise<void> {
    await Promise.all([...this.subscribers].map((subscriber) => subscriber.fetching));
  }

  close(): void {
    for (const subscriber of this.subscribers) subscriber.closed = true;
    this.subscribers.clear();
    this.stopTimer();
  }

  /** One fetch at a time per subscriber; a notification during a fetch schedules one more. */
  private fetch(subscriber: Subscriber): void {
    if (subscriber.fetching) {
      subscriber.again = true;
      return;
    }
    subscriber.fetching = (async () => {
      try {
        do {
          subscriber.again = false;
          let page: StoredActivity[];
          do {
            page = await this.conversations.listActivities(subscriber.conversationId, subscriber.lastSequence, PAGE_SIZE);
            if (subscriber.closed || page.length === 0) break;
            subscriber.lastSequence = page[page.length - 1].sequence;
            subscriber.listener.onActivities(page);
          } while (page.length === PAGE_SIZE);
        } while (subscriber.again && !subscriber.closed);
      } catch (error) {
        this.onError(error);
      } finally {
        subscriber.fetching = undefined;
      }
    })();
  }

  private ensureTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      for (const subscriber of this.subscribers) this.fetch(subscriber);
    }, this.pollIntervalMs);
    this.timer.unref();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
