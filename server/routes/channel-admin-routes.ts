import type { Logger } from 'pino';
import type { Next, Request, Response, Server } from 'restify';
import { z } from 'zod';
import { maskIdentityNumbers } from '../../officers/identity-masking';
import type { OfficeCalendar } from '../../officers/office-calendar';
import { formatOfficeTime } from '../../officers/sla-clock';
import type { AuditLogRepository, ChannelEvent, ChannelEventRepository } from '../../storage/repositories';
import { type DeskAuthenticator, type DeskCaller, requireCsrfHeader } from '../auth';
import { handleRoute, HttpError, type RouteHandler, sendRouteError } from '../http-errors';

const DEAD_DEFAULT_LIMIT = 100;
const DEAD_MAX_LIMIT = 500;

export interface ChannelAdminRouteOptions {
  events: ChannelEventRepository;
  /** The desk's session check: the same cookie and accounts as /api/desk. */
  auth: Pick<DeskAuthenticator, 'requireSignedIn'>;
  /** When given, each requeue is written to the audit log (who re-queued which event). */
  audit?: AuditLogRepository;
  /** When given, times are shown with the office's offset like the desk API; otherwise in UTC. */
  calendar?: OfficeCalendar;
  /** Where unexpected errors are logged; defaults to the request's logger. */
  logger?: Logger;
  now?: () => Date;
}

const channelName = z
  .string({ message: 'expected a channel name' })
  .regex(/^[a-z][a-z0-9_-]{0,31}$/, { message: 'expected a channel name such as telegram, whatsapp, messenger or instagram' });
const deadQuery = z.object({
  channel: channelName.optional(),
  limit: z
    .string()
    .regex(/^\d+$/, { message: `expected a whole number from 1 to ${DEAD_MAX_LIMIT}` })
    .transform(Number)
    .pipe(z.number().min(1).max(DEAD_MAX_LIMIT))
    .optional(),
});
const requeueParams = z.object({
  channel: channelName,
  eventId: z.string().min(1, { message: 'eventId must not be empty' }).max(500, { message: 'eventId must be at most 500 characters' }),
});

/** Identity numbers (NIK, NPWP, passport, phone, e-mail …) in the payload's strings are masked, as everywhere on the desk. */
function maskedPayload(value: unknown): unknown {
  if (typeof value === 'string') return maskIdentityNumbers(value);
  if (Array.isArray(value)) return value.map(maskedPayload);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskedPayload(item)]));
  }
  return value;
}


/**
 * Admin visibility of the channel webhooks' dead letters (openapi/desk.yaml): the inbound events
 * that failed too often, and re-queuing one once the cause is fixed. Only accounts with the admin
 * role: 401 without a session, 403 for other roles. Answers are JSON, errors `{ error: { code, message } }`.
 */
export function registerChannelAdminRoutes(server: Server, options: ChannelAdminRouteOptions): void {
  const { events, auth } = options;
  const now = options.now ?? (() => new Date());
  const time = (instant: Date | undefined) => {
    if (!instant) return null;
    return options.calendar ? formatOfficeTime(options.calendar, instant) : instant.toISOString();
  };

  const logError = (req: Request, error: unknown): void => {
    if (options.logger) options.logger.error({ err: error }, 'channel admin request failed');
    else req.log.error({ err: error }, 'channel admin request failed');
  };

  /** Every answer is no-store (payloads are citizens' messages); errors go through the central mapping. */
  const handle = (handler: RouteHandler) => handleRoute(handler, (error, req) => logError(req, error), { noStore: true });

  /** Checked before anything else: a request from another site is refused without looking at it. */
  const csrf = (req: Request, res: Response, next: Next) => {
    res.header('Cache-Control', 'no-store');
    try {
      requireCsrfHeader(req);
      return next();
    } catch (error) {
      sendRouteError(res, error, () => undefined);
      return next(false);
    }
  };

  /** 401 without a session, 403 unless the account holds the admin role. */
  const requireAdmin = async (req: Request): Promise<DeskCaller> => {
    const caller = await auth.requireSignedIn(req);
    if (!caller.account.roles.includes('admin')) {
      throw new HttpError(403, 'Forbidden', `Your role (${caller.account.roles.join(', ')}) does not allow this; channel events are for administrators.`);
    }
    return caller;
  };

  const eventView = (event: ChannelEvent) => ({
    channel: event.channel,
    eventId: event.eventId,
    conversationId: event.conversationId,
    status: event.status,
    attempts: event.attempts,
    receivedAt: time(event.receivedAt),
    nextAttemptAt: time(event.nextAttemptAt),
    lastError: event.lastError ?? null,
    completedAt: time(event.completedAt),
    payload: maskedPayload(event.payload),
  });

  server.get('/api/desk/admin/channel-events/dead', handle(async (req, res) => {
    await requireAdmin(req);
    // Read from the URL itself, so the route does not depend on the server's query parser plugin.
    const query = deadQuery.parse(Object.fromEntries(new URLSearchParams(req.getQuery())));
    const dead = await events.listDead(query.limit ?? DEAD_DEFAULT_LIMIT, query.channel);
    res.send(200, { events: dead.map(eventView) });
  }));

  server.post('/api/desk/admin/channel-events/:channel/:eventId/requeue', csrf, handle(async (req, res) => {
    const caller = await requireAdmin(req);
    const { channel, eventId } = requeueParams.parse(req.params ?? {});
    const at = now();
    if (!(await events.requeue(channel, eventId, at))) {
      const current = await events.get(channel, eventId);
      if (!current) throw new HttpError(404, 'NotFound', `No ${channel} event "${eventId}".`);
      throw new HttpError(409, 'NotDead', `The ${channel} event "${eventId}" is ${current.status}, not dead: only dead events can be re-queued.`);
    }
    await options.audit?.append({ at, actor: caller.account.accountId, action: 'channel-event.requeue', target: `channel-event:${channel}:${eventId}`, details: {} });
    const requeued = await events.get(channel, eventId);
    if (!requeued) throw new HttpError(404, 'NotFound', `No ${channel} event "${eventId}".`);
    res.send(200, { event: eventView(requeued) });
  }));
}
