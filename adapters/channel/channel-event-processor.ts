import type { Logger } from 'pino';
import type { ChannelEvent, ChannelEventRepository } from '../../storage/repositories';

/** What processes one persisted event of a channel (ChannelAdapter). Throwing makes the event retried. */
export interface ChannelEventHandler {
  readonly channelId: string;
  processEvent(event: ChannelEvent): Promise<void>;
}

export interface ChannelEventProcessorOptions {
  events: ChannelEventRepository;
  /** CHANNEL_MAX_ATTEMPTS: attempts before an event goes to the dead-letter list. */
  maxAttempts: number;
  logger: Logger;
  /** How long a claim holds (a crashed instance's events are claimed again after it). Default 2 min. */
  leaseMs?: number;
  /** How often to look for due events besides the pokes (retries, events left by a crash or another instance). Default 2 s. */
  pollIntervalMs?: number;
  /** Events processed at once (each of a different conversation). Default 8. */
  concurrency?: number;
  /** Delay before the retry after the n-th failed attempt. Default 15 s × 2^(n-1), at most 10 min. */
  retryDelayMs?: (attempts: number) => number;
  now?: () => Date;
}

const DEFAULT_LEASE_MS = 120_000;
const DEFAULT_POLL_INTERVAL_MS = 2_000;
const DEFAULT_CONCURRENCY = 8;
const ERROR_MAX_LENGTH = 500;

/** 15 s, 30 s, 1 min, 2 min … at most 10 min. */
export function defaultRetryDelayMs(attempts: number): number {
  return Math.min(15_000 * 2 ** Math.max(0, attempts - 1), 600_000);
}

/**
 * Runs the persisted inbound events of every channel (storage.channelEvents) through their
 * adapters: one processor per instance, shared by the channel adapters because the store hands out
 * due events of all channels at once. Webhooks poke it right after persisting; a timer (unref'd)
 * also looks for retries that came due and for events a crashed or other instance left behind (their
 * lease expired). Each claimed event is processed, then marked done, or failed with an exponential
 * backoff until CHANNEL_MAX_ATTEMPTS, then dead (logged at error; an admin can requeue it).
 * The store claims one event per conversation at a time, so a chat's messages are answered in order.
 */
export class ChannelEventProcessor {
  private readonly handlers = new Map<string, ChannelEventHandler>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly leaseMs: number;
  private readonly concurrency: number;
  private readonly retryDelayMs: (attempts: number) => number;
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private pumping = false;
  private pumpAgain = false;
  private stopped = false;

  constructor(private readonly options: ChannelEventProcessorOptions) {
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;
    this.now = options.now ?? (() => new Date());
  }

  register(handler: ChannelEventHandler): void {
    if (this.handlers.has(handler.channelId)) throw new Error(`ChannelEventProcessor.register(): channel "${handler.channelId}" is already registered.`);
    this.handlers.set(handler.channelId, handler);
  }

  /** Starts the timer. Pokes work without it (they process what a webhook just persisted). */
  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => this.poke(), this.options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS);
    this.timer.unref();
    this.poke();
  }

  /** Stops claiming (the timer and pokes); events under way finish (see drain). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Looks for due events now (after a webhook persisted new ones, or when one finished). */
  poke(): void {
    if (this.stopped) return;
    // After the current request's answer: SQLite claims synchronously.
    setImmediate(() => void this.pump());
  }

  /** Waits until the events under way are finished, or the timeout passes; true when all finished. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const finished = (async () => {
      while (this.inFlight.size > 0 || this.pumping) await Promise.allSettled([...this.inFlight, new Promise((resolve) => setImmediate(resolve))]);
      return true as const;
    })();
    const result = await Promise.race([finished, timeout]);
    clearTimeout(timer);
    return result;
  }

  get activeEvents(): number {
    return this.inFlight.size;
  }

  private async pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        const room = this.concurrency - this.inFlight.size;
        if (room <= 0 || this.stopped) break;
        const claimed = await this.options.events.claimDue(this.now(), this.leaseMs, room);
        for (const event of claimed) this.track(this.processOne(event));
        // A full batch may leave more due events behind.
        if (claimed.length === room) this.pumpAgain = true;
      } while (this.pumpAgain && !this.stopped);
    } catch (error) {
      this.options.logger.error({ err: error }, 'channel events could not be claimed');
    } finally {
      this.pumping = false;
    }
  }

  private track(processing: Promise<void>): void {
    this.inFlight.add(processing);
    void processing.finally(() => {
      this.inFlight.delete(processing);
      // The conversation's next event (held back while this one ran) may now be claimed.
      this.poke();
    });
  }

  private async processOne(event: ChannelEvent): Promise<void> {
    const { logger, maxAttempts, events } = this.options;
    const where = { channel: event.channel, eventId: event.eventId, conversationId: event.conversationId, attempts: event.attempts };
    try {
      // Earlier claims ran out without a result (the event may crash the process): give up without running it again.
      if (event.attempts > maxAttempts) throw new Error('earlier attempts did not finish');
      const handler = this.handlers.get(event.channel);
      if (!handler) throw new Error(`no adapter processes channel "${event.channel}" on this instance`);
      await handler.processEvent(event);
    } catch (error) {
      const message = ((error as Error)?.message || String(error)).slice(0, ERROR_MAX_LENGTH);
      const at = this.now();
      try {
        const status = await events.markFailed(event.channel, event.eventId, message, at, new Date(at.getTime() + this.retryDelayMs(event.attempts)), maxAttempts);
        if (status === 'dead') logger.error({ ...where, err: error }, 'channel event failed too often: moved to the dead-letter list');
        else logger.warn({ ...where, err: error }, 'channel event failed: it will be retried');
      } catch (markError) {
        logger.error({ ...where, err: markError }, 'channel event failure could not be recorded');
      }
      return;
    }
    try {
      await events.markDone(event.channel, event.eventId, this.now());
    } catch (error) {
      // The lease will expire and the event run again: rare, and a repeated turn is better than a lost one.
      logger.error({ ...where, err: error }, 'channel event could not be marked done');
    }
  }
}
