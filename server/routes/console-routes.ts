import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import type { AccountService, PublicAccount } from '../../officers/account-service';
import type { OfficeCalendar } from '../../officers/office-calendar';
import { formatOfficeTime } from '../../officers/sla-clock';
import type { TicketEvent, TicketRecord, TicketRepository, TicketStatus } from '../../storage/repositories';
import { type DeskAuthenticator, hasPermission, requirePermission } from '../auth';
import { projectRoot } from '../config';
import { sendRouteError } from '../http-errors';

/** How often the hub reads storage for changes made by any instance. */
export const DESK_EVENTS_POLL_MS = 1000;
/** A comment line keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** An ended, expired or disabled session ends its stream within this time. */
const SESSION_RECHECK_MS = 30_000;
/** Tickets watched per poll: the open queue, due-time first, as the console lists it. */
const WATCH_LIMIT = 500;
const WATCHED_STATUSES: TicketStatus[] = ['queued', 'assigned', 'escalated', 'answered', 'reopened'];

/**
 * What the stream tells a console. Notifications only: no transcript text and no collected data
 * travel here; the console reads the ticket through the API (which masks and checks roles).
 */
export interface DeskChange {
  type: 'ticket.created' | 'ticket.updated' | 'ticket.event';
  ticketId: string;
  number: string;
  unit: string;
  channelId: string;
  status: TicketStatus;
  revision: number;
  /** ticket.event: the event's place in the ticket and its kind (citizen-message, officer-reply …). */
  sequence?: number;
  kind?: TicketEvent['kind'];
  at: string;
}

interface Watched {
  ticket: TicketRecord;
  lastSequence: number;
}

type Listener = (change: DeskChange) => void;

/**
 * Desk changes for the officers' live console, from storage rather than from memory: every
 * DESK_EVENTS_POLL_MS it lists the open queue and reads the events appended after what it last
 * saw, so changes made by any instance sharing the store (the embedded SQLite file, or MongoDB)
 * reach every console. Changes made on this instance may `poke` it to poll at once. It polls only
 * while someone listens; one poll serves every stream of the instance.
 */
export class DeskEventHub {
  private readonly listeners = new Set<Listener>();
  private readonly watched = new Map<string, Watched>();
  private baseline: Promise<void> | undefined;
  /** The baseline is read: polls may now report differences. */
  private ready = false;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private pokedWhilePolling = false;
  /** Grows when polling stops, so a poll still running from before cannot touch the new state. */
  private generation = 0;
  private startedAt = new Date();
  private closed = false;
  private readonly closeHandlers = new Set<() => void>();

  constructor(
    private readonly tickets: TicketRepository,
    private readonly options: { pollIntervalMs: number; formatTime: (instant: Date) => string; logger: Logger },
  ) {}

  get listenerCount(): number {
    return this.listeners.size;
  }

  /**
   * Listens for changes; resolves once the hub knows the current state, so whatever the listener
   * reads after that and any later change are covered. Returns the unsubscribe function.
   */
  async subscribe(listener: Listener, onClose: () => void): Promise<() => void> {
    if (this.closed) throw new Error('DeskEventHub.subscribe(): the hub is closed.');
    this.listeners.add(listener);
    this.closeHandlers.add(onClose);
    const unsubscribe = () => {
      this.listeners.delete(listener);
      this.closeHandlers.delete(onClose);
      if (this.listeners.size === 0) this.stop();
    };
    if (!this.baseline) {
      this.startedAt = new Date();
      const baseline = this.poll(true, this.generation);
      this.baseline = baseline;
      baseline.then(
        () => {
          if (this.baseline !== baseline) return;
          this.ready = true;
          this.schedule();
        },
        () => {
          // Storage failed: the next subscriber tries again.
          if (this.baseline === baseline) this.baseline = undefined;
        },
      );
    }
    try {
      await this.baseline;
    } catch (error) {
      unsubscribe();
      throw error;
    }
    return unsubscribe;
  }

  /** A change was just made on this instance: poll now instead of at the next tick. */
  poke(): void {
    if (!this.ready || this.closed) return;
    if (this.polling) {
      this.pokedWhilePolling = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), 0);
    this.timer.unref();
  }

  /** Stops polling and ends every stream (service shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    for (const onClose of [...this.closeHandlers]) onClose();
    this.listeners.clear();
    this.closeHandlers.clear();
    this.stop();
    await this.polling?.catch(() => undefined);
  }

  private stop(): void {
    this.generation += 1;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.baseline = undefined;
    this.ready = false;
    this.watched.clear();
  }

  private schedule(): void {
    if (!this.ready || this.closed || this.timer) return;
    this.timer = setTimeout(() => this.tick(), this.options.pollIntervalMs);
    this.timer.unref();
  }

  private tick(): void {
    this.timer = undefined;
    if (!this.ready || this.closed || this.polling) return;
    this.polling = this.poll(false, this.generation)
      .catch((error) => this.options.logger.error({ err: error }, 'desk event poll failed'))
      .finally(() => {
        this.polling = undefined;
        if (this.pokedWhilePolling && this.ready && !this.closed) {
          this.pokedWhilePolling = false;
          this.timer = setTimeout(() => this.tick(), 0);
          this.timer.unref();
        } else {
          this.pokedWhilePolling = false;
          this.schedule();
        }
      });
  }

  private async poll(baseline: boolean, generation: number): Promise<void> {
    const current = () => generation === this.generation;
    const open = await this.tickets.list({ statuses: WATCHED_STATUSES }, WATCH_LIMIT);
    const listed = new Set<string>();
    for (const ticket of open) {
      listed.add(ticket.ticketId);
      const known = this.watched.get(ticket.ticketId);
      if (!known) {
        // A new ticket's transcript arrives with it: the console reads it with the ticket.
        const events = await this.tickets.listEvents(ticket.ticketId);
        if (!current()) return;
        this.watched.set(ticket.ticketId, { ticket, lastSequence: events.at(-1)?.sequence ?? 0 });
        // Not known before: just opened, or back in the queue (reopened, or moved up into the watched window).
        if (!baseline) this.emit(ticket.createdAt >= this.startedAt ? 'ticket.created' : 'ticket.updated', ticket);
        continue;
      }
      const events = await this.tickets.listEvents(ticket.ticketId, known.lastSequence);
      if (!current()) return;
      if (ticketChanged(known.ticket, ticket)) this.emit('ticket.updated', ticket);
      for (const event of events) this.emit('ticket.event', ticket, event);
      this.watched.set(ticket.ticketId, { ticket, lastSequence: events.at(-1)?.sequence ?? known.lastSequence });
    }
    for (const [ticketId, known] of [...this.watched]) {
      if (listed.has(ticketId)) continue;
      // Left the open queue: closed (or pushed out of the watched window). Told once, with its last events.
      const ticket = (await this.tickets.get(ticketId)) ?? known.ticket;
      const events = await this.tickets.listEvents(ticketId, known.lastSequence);
      if (!current()) return;
      this.watched.delete(ticketId);
      if (baseline) continue;
      for (const event of events) this.emit('ticket.event', ticket, event);
      this.emit('ticket.updated', ticket);
    }
  }

  private emit(type: DeskChange['type'], ticket: TicketRecord, event?: TicketEvent): void {
    const change: DeskChange = {
      type,
      ticketId: ticket.ticketId,
      number: ticket.number,
      unit: ticket.unit,
      channelId: ticket.channelId,
      status: ticket.status,
      revision: ticket.revision,
      ...(event ? { sequence: event.sequence, kind: event.kind } : {}),
      at: this.options.formatTime(event?.at ?? ticket.updatedAt),
    };
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.options.logger.warn({ err: error }, 'desk event listener failed');
      }
    }
  }
}

/** Changes a console shows: revision covers officers' changes; the sweeper's warning and breach marks leave it alone. */
function ticketChanged(before: TicketRecord, after: TicketRecord): boolean {
  return (
    before.revision !== after.revision ||
    before.status !== after.status ||
    before.warnedAt?.getTime() !== after.warnedAt?.getTime() ||
    before.breachedAt?.getTime() !== after.breachedAt?.getTime()
  );
}

/** Officers follow their own unit (every unit when the account has none); coordinators and supervisors every unit. */
function sees(account: PublicAccount, change: DeskChange): boolean {
  return hasPermission(account, 'tickets.all-units') || !account.unit || account.unit === change.unit;
}

export interface ConsoleRouteOptions {
  hub: DeskEventHub;
  auth: DeskAuthenticator;
  accounts: AccountService;
  logger: Logger;
}

function sendFile(res: Response, file: string, contentType: string): void {
  const size = statSync(file).size;
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': size, 'Cache-Control': 'no-cache' });
  createReadStream(file).pipe(res);
}

/** The hub's times in the office's zone, as the desk API writes them. */
export function officeTimeFormatter(calendar: OfficeCalendar): (instant: Date) => string {
  return (instant) => formatOfficeTime(calendar, instant);
}

/**
 * The officers' console: the page at /console (static HTML, external script and style: the CSP
 * allows no inline script) and its live stream GET /api/desk/events (server-sent events,
 * authenticated by the desk session cookie).
 */
export function registerConsoleRoutes(server: Server, options: ConsoleRouteOptions): { closeStreams(): Promise<void> } {
  const { hub, auth, accounts, logger } = options;
  const pageDir = path.join(projectRoot(), 'web', 'console');
  const log = (error: unknown) => logger.error({ err: error }, 'desk event stream failed');

  server.get('/console', async (_req: Request, res: Response) => sendFile(res, path.join(pageDir, 'index.html'), 'text/html; charset=utf-8'));
  server.get('/console/app.js', async (_req: Request, res: Response) => sendFile(res, path.join(pageDir, 'app.js'), 'text/javascript; charset=utf-8'));
  server.get('/console/style.css', async (_req: Request, res: Response) => sendFile(res, path.join(pageDir, 'style.css'), 'text/css; charset=utf-8'));

  server.get('/api/desk/events', async (req: Request, res: Response) => {
    res.header('Cache-Control', 'no-store');
    let caller;
    try {
      caller = await auth.requireSignedIn(req);
      requirePermission(caller.account, 'tickets.work');
    } catch (error) {
      sendRouteError(res, error, log);
      return;
    }
    const { account, token } = caller;
    let ended = false;
    let unsubscribe: (() => void) | undefined;
    const timers: NodeJS.Timeout[] = [];
    const write = (chunk: string) => {
      if (!ended) res.write(chunk);
    };
    const send = (event: string, data: unknown) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const end = () => {
      if (ended) return;
      ended = true;
      for (const timer of timers) clearInterval(timer);
      unsubscribe?.();
      res.end();
    };

    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      // nginx and similar proxies would otherwise hold the events back.
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    // The response closes when the client goes away (or the service ends the stream).
    res.on('close', end);
    // A console that reconnects reloads its queue on `ready`, so a short reconnect delay is enough.
    write('retry: 3000\n\n');

    try {
      unsubscribe = await hub.subscribe(
        (change) => {
          if (sees(account, change)) send(change.type, change);
        },
        end,
      );
    } catch (error) {
      log(error);
      end();
      return;
    }
    if (ended) {
      unsubscribe();
      return;
    }
    send('ready', { pollIntervalMs: DESK_EVENTS_POLL_MS });
    timers.push(setInterval(() => write(': ping\n\n'), HEARTBEAT_MS));
    timers.push(
      setInterval(() => {
        accounts
          .resolveSession(token)
          .then((current) => {
            if (current && !current.mustChangePassword) return;
            send('session.ended', { message: 'The session has ended; sign in again.' });
            end();
          })
          .catch((error) => logger.warn({ err: error }, 'desk event stream could not check its session'));
      }, SESSION_RECHECK_MS),
    );
    for (const timer of timers) timer.unref();
  });

  return { closeStreams: () => hub.close() };
}
