import type { Logger } from 'pino';
import restify, { type Next, type Request, type Response, type Server } from 'restify';
import { z } from 'zod';
import { AccountError, type AccountService, MIN_PASSWORD_LENGTH, type PublicAccount, ROLES } from '../../officers/account-service';
import { type DeskActor, DeskError, type DeskService, ESCALATION_HOPS } from '../../officers/desk-service';
import { maskIdentityNumbers } from '../../officers/identity-masking';
import type { OfficeCalendar } from '../../officers/office-calendar';
import type { DeliveryReceipt, ReplyDelivery } from '../../officers/reply-delivery';
import type { Decision } from '../../knowledge/answer-engine';
import type { KnowledgeBase } from '../../knowledge/knowledge-base';
import type { KnowledgeEntry } from '../../knowledge/knowledge-entry';
import { evaluateSlaState, formatOfficeTime, warningAt } from '../../officers/sla-clock';
import { StaleTicketError, type TicketEvent, type TicketRecord, type TicketRepository, type TicketStatus } from '../../storage/repositories';
import { type DeskAuthenticator, type DeskCaller, hasPermission, permissionsOf, requireCsrfHeader, requirePermission } from '../auth';
import { handleRoute, HttpError, type RouteHandler, sendRouteError } from '../http-errors';
import type { ConversationHandback } from '../reply-delivery';

const DESK_TEXT_MAX_LENGTH = 4000;
const QUEUE_DEFAULT_LIMIT = 200;
const QUEUE_MAX_LIMIT = 500;
const DELIVERY_ERROR_MAX_LENGTH = 500;
/** Everything but closed: what an officer's queue shows when no status is asked for. */
const OPEN_STATUSES: TicketStatus[] = ['queued', 'assigned', 'escalated', 'answered', 'reopened'];
const TICKET_NUMBER = /^[A-Z]+-\d{4}-\d{4,}$/;
/**
 * Sign-in attempts per client address, beside AccountService's per-account lock, so guessing across
 * many usernames is slowed too. Generous: a whole office may reach us from one address at shift start.
 */
const SIGN_IN_REQUESTS_PER_MINUTE = 60;

export interface DeskRouteOptions {
  accounts: AccountService;
  desk: DeskService;
  /** Reads for the queue and ticket pages; every change goes through DeskService. */
  tickets: TicketRepository;
  delivery: ReplyDelivery;
  /** Gives the conversation back to the bot (`handoff.status` completed) after resolve or close. */
  handback: ConversationHandback;
  /** Published answers, for the console's suggested replies. */
  knowledge: KnowledgeSearch;
  /** Called after a desk change made here, so this instance's live console stream tells at once. */
  onChange?: (ticketId: string) => void;
  auth: DeskAuthenticator;
  calendar: OfficeCalendar;
  warnFraction: number;
  bodyMaxBytes: number;
  trustProxy: boolean;
  logger: Logger;
}

const ticketStatus = z.enum(['queued', 'assigned', 'escalated', 'answered', 'closed', 'reopened']);
const revision = z.number({ message: 'expected the ticket revision you last saw (a number)' }).int().nonnegative();
const deskText = (name: string) =>
  z
    .string({ message: `expected ${name} as a string` })
    .trim()
    .min(1, { message: `${name} must not be empty` })
    .max(DESK_TEXT_MAX_LENGTH, { message: `${name} must be at most ${DESK_TEXT_MAX_LENGTH} characters` });
const oneOrMany = z.union([z.string(), z.array(z.string())]).transform((value) => (Array.isArray(value) ? value : [value]));

const signInBody = z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(1000) });
const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(1000),
  newPassword: z.string().min(MIN_PASSWORD_LENGTH, { message: `a password has at least ${MIN_PASSWORD_LENGTH} characters` }).max(1000),
});
const queueQuery = z.object({
  status: oneOrMany
    .transform((values) => values.flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean))
    .pipe(z.array(ticketStatus))
    .optional(),
  unit: z.string().trim().min(1).max(100).optional(),
  channel: z.string().trim().min(1).max(50).optional(),
  assignee: z.string().trim().min(1).max(100).optional(),
  limit: z
    .string()
    .regex(/^\d+$/, { message: `expected a whole number from 1 to ${QUEUE_MAX_LIMIT}` })
    .transform(Number)
    .pipe(z.number().min(1).max(QUEUE_MAX_LIMIT))
    .optional(),
});
const claimBody = z.strictObject({ revision });
const noteBody = z.strictObject({ text: deskText('text') });
const replyBody = z.strictObject({ revision, text: deskText('text'), resolve: z.boolean().optional() });
const escalateBody = z.strictObject({
  revision,
  hop: z.enum(ESCALATION_HOPS, { message: `expected one of ${ESCALATION_HOPS.join(', ')}` }),
  note: deskText('note'),
  assigneeId: z.string().min(1).max(100).optional(),
});
const closeBody = z.strictObject({ revision });
const createAccountBody = z.strictObject({
  username: z.string().trim().toLowerCase().regex(/^[a-z0-9._-]{3,40}$/, { message: 'expected 3-40 characters: a-z, 0-9, dot, dash, underscore' }),
  displayName: z.string().trim().min(1).max(100).optional(),
  roles: z.array(z.enum(ROLES, { message: `expected roles among ${ROLES.join(', ')}` })).min(1, { message: 'expected at least one role' }),
  unit: z.string().trim().min(1).max(100).optional(),
});

const KB_SEARCH_DEFAULT_LIMIT = 5;
const KB_SEARCH_MAX_LIMIT = 10;
const kbSearchQuery = z.object({
  q: z.string({ message: 'expected the search text' }).trim().min(1, { message: 'q must not be empty' }).max(500, { message: 'q must be at most 500 characters' }),
  limit: z
    .string()
    .regex(/^\d+$/, { message: `expected a whole number from 1 to ${KB_SEARCH_MAX_LIMIT}` })
    .transform(Number)
    .pipe(z.number().min(1).max(KB_SEARCH_MAX_LIMIT))
    .optional(),
});

/** The knowledge base as the console's suggested answers need it. */
export type KnowledgeSearch = Pick<KnowledgeBase<Decision>, 'publishedEntries' | 'decide'>;

export interface SuggestedAnswer {
  entryId: string;
  topic: string;
  unit: string;
  version: number;
  question: { id: string; en: string };
  answer: { id: string; en: string };
  sourceUrl: string;
  /** `engine`: among the answer engine's best topics for the text; `text`: words of the text found in the entry. */
  source: 'engine' | 'text';
  /** The engine's confidence, or the share of the text's words found in the entry. */
  score: number;
}

const SEARCH_STOPWORDS = new Set([
  'yang', 'dan', 'atau', 'saya', 'kami', 'anda', 'untuk', 'dari', 'dengan', 'ini', 'itu', 'apa', 'apakah', 'bagaimana', 'mau', 'ingin', 'bisa', 'tidak', 'sudah', 'belum', 'ada', 'pak', 'bu', 'mohon', 'tolong',
  'the', 'and', 'for', 'with', 'what', 'how', 'can', 'does', 'this', 'that', 'have', 'you', 'are', 'my',
]);

function searchTokens(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((token) => token.length >= 3 && !SEARCH_STOPWORDS.has(token));
}

function suggestion(entry: KnowledgeEntry, source: SuggestedAnswer['source'], score: number): SuggestedAnswer {
  return {
    entryId: entry.id,
    topic: entry.topic,
    unit: entry.unit,
    version: entry.version,
    question: entry.question,
    answer: entry.answer,
    sourceUrl: entry.sourceUrl,
    source,
    score: Math.round(score * 1000) / 1000,
  };
}

/**
 * Suggested answers for an officer's reply: the answer engine's best topics for the text first (the
 * same engine that answers citizens, so the officer sees what the bot would have chosen), then
 * published entries whose question, keywords or paraphrases share the most words with the text.
 * Only general entries: a case entry's answer is the bot's "an officer will look at it".
 */
export async function suggestAnswers(knowledge: KnowledgeSearch, text: string, limit: number): Promise<SuggestedAnswer[]> {
  const general = new Map(knowledge.publishedEntries().filter((entry) => entry.kind === 'general').map((entry) => [entry.topic, entry]));
  const found = new Map<string, SuggestedAnswer>();
  const decision = await knowledge.decide(text);
  for (const alternative of decision.alternatives) {
    const entry = general.get(alternative.topic);
    if (entry && !found.has(entry.topic)) found.set(entry.topic, suggestion(entry, 'engine', alternative.confidence));
  }
  const wanted = [...new Set(searchTokens(text))];
  if (wanted.length > 0) {
    const scored: Array<{ entry: KnowledgeEntry; score: number }> = [];
    for (const entry of general.values()) {
      if (found.has(entry.topic)) continue;
      const words = new Set(
        searchTokens([entry.question.id, entry.question.en, ...entry.keywords.id, ...entry.keywords.en, ...entry.variants.id, ...entry.variants.en].join(' ')),
      );
      let hits = 0;
      for (const token of wanted) {
        if (words.has(token)) hits += 1;
        else if (token.length >= 4 && [...words].some((word) => word.length >= 4 && (word.startsWith(token) || token.startsWith(word)))) hits += 0.5;
      }
      if (hits > 0) scored.push({ entry, score: hits / wanted.length });
    }
    scored.sort((a, b) => b.score - a.score || a.entry.topic.localeCompare(b.entry.topic));
    for (const { entry, score } of scored) found.set(entry.topic, suggestion(entry, 'text', score));
  }
  return [...found.values()].slice(0, limit);
}

/** Event fields officers and citizens write freely. */
const FREE_TEXT_FIELDS = ['text', 'note'] as const;


function maskedEventData(data: Record<string, unknown>): Record<string, unknown> {
  const masked = { ...data };
  for (const field of FREE_TEXT_FIELDS) {
    const value = masked[field];
    if (typeof value === 'string') masked[field] = maskIdentityNumbers(value);
  }
  return masked;
}

/** An account as the desk API shows it: never the password hash. */
function accountView(account: PublicAccount, calendar: OfficeCalendar) {
  return {
    accountId: account.accountId,
    username: account.username,
    displayName: account.displayName,
    roles: account.roles,
    unit: account.unit ?? null,
    disabled: account.disabled,
    mustChangePassword: account.mustChangePassword,
    lockedUntil: account.lockedUntil ? formatOfficeTime(calendar, account.lockedUntil) : null,
    createdAt: formatOfficeTime(calendar, account.createdAt),
    updatedAt: formatOfficeTime(calendar, account.updatedAt),
  };
}

/**
 * The officers' HTTP API under /api/desk (openapi/desk.yaml): sign-in with a session cookie, the
 * queue with each ticket's SLA state, the ticket with its transcript, and the desk actions (claim,
 * note, reply, escalate, close, reveal), plus account administration. Answers are JSON; errors
 * are `{ error: { code, message } }`.
 */
export function registerDeskRoutes(server: Server, options: DeskRouteOptions): void {
  const { accounts, desk, tickets, delivery, handback, knowledge, auth, calendar, logger } = options;
  const jsonBody = restify.plugins.jsonBodyParser({ maxBodySize: options.bodyMaxBytes, mapParams: false } as restify.plugins.BodyParserOptions);
  const signInThrottle = restify.plugins.throttle({
    burst: SIGN_IN_REQUESTS_PER_MINUTE,
    rate: SIGN_IN_REQUESTS_PER_MINUTE / 60,
    ip: !options.trustProxy,
    xff: options.trustProxy,
  });
  const log = (error: unknown) => logger.error({ err: error }, 'desk request failed');
  const officeTime = (instant: Date | undefined) => (instant ? formatOfficeTime(calendar, instant) : null);

  /** Checked before the body is read: a request from another site is refused without looking at it. */
  const csrf = (req: Request, res: Response, next: Next) => {
    try {
      requireCsrfHeader(req);
      return next();
    } catch (error) {
      sendRouteError(res, error, log);
      return next(false);
    }
  };

  // Desk answers carry personal data: no browser or proxy may keep them.
  const handle = (handler: RouteHandler) => handleRoute(handler, log, { noStore: true, mapError: toHttpError });

  const signedIn = async (req: Request, permission?: Parameters<typeof requirePermission>[1]): Promise<DeskCaller> => {
    const caller = await auth.requireSignedIn(req);
    if (permission) requirePermission(caller.account, permission);
    return caller;
  };

  const actorOf = (caller: DeskCaller): DeskActor => ({ accountId: caller.account.accountId, displayName: caller.account.displayName });

  const accountNames = async (): Promise<Map<string, string>> => new Map((await accounts.listAccounts()).map((account) => [account.accountId, account.displayName]));

  const loadTicket = async (idOrNumber: string): Promise<TicketRecord> => {
    const ticket = TICKET_NUMBER.test(idOrNumber) ? await tickets.getByNumber(idOrNumber) : await tickets.get(idOrNumber);
    if (!ticket) throw new HttpError(404, 'NotFound', 'Ticket not found.');
    return ticket;
  };

  /** Officers see their own unit's tickets (all of them when the account has no unit); coordinators and supervisors see every unit. */
  const requireVisible = (caller: DeskCaller, ticket: TicketRecord): void => {
    const { account } = caller;
    if (hasPermission(account, 'tickets.all-units') || !account.unit || account.unit === ticket.unit) return;
    throw new HttpError(403, 'Forbidden', `Ticket ${ticket.number} belongs to the unit "${ticket.unit}".`);
  };

  /** Officers act on tickets they hold or that nobody holds; coordinators and supervisors on any. */
  const requireActionable = (caller: DeskCaller, ticket: TicketRecord): void => {
    requireVisible(caller, ticket);
    if (hasPermission(caller.account, 'tickets.take-over') || !ticket.assigneeId || ticket.assigneeId === caller.account.accountId) return;
    throw new HttpError(403, 'Forbidden', `Ticket ${ticket.number} is held by another officer; a coordinator can reassign it.`);
  };

  const ticketView = (ticket: TicketRecord, names: Map<string, string>, now: Date) => ({
    ticketId: ticket.ticketId,
    number: ticket.number,
    channelId: ticket.channelId,
    citizenName: ticket.citizenName ?? null,
    topic: ticket.topic ?? null,
    unit: ticket.unit,
    status: ticket.status,
    assigneeId: ticket.assigneeId ?? null,
    assigneeName: ticket.assigneeId ? (names.get(ticket.assigneeId) ?? null) : null,
    track: ticket.track,
    slaState: evaluateSlaState(ticket, now, options.warnFraction),
    receivedAt: officeTime(ticket.receivedAt),
    clockStartsAt: officeTime(ticket.clockStartsAt),
    warnAt: officeTime(warningAt(ticket, options.warnFraction)),
    dueAt: officeTime(ticket.dueAt),
    deliveredAt: officeTime(ticket.deliveredAt),
    warnedAt: officeTime(ticket.warnedAt),
    breachedAt: officeTime(ticket.breachedAt),
    calendarVersion: ticket.calendarVersion,
    // Identity numbers are masked here; only POST …/reveal shows them, with an audit line.
    collectedData: desk.maskedData(ticket),
    revision: ticket.revision,
    createdAt: officeTime(ticket.createdAt),
    updatedAt: officeTime(ticket.updatedAt),
  });

  const eventView = (event: TicketEvent, names: Map<string, string>) => ({
    sequence: event.sequence,
    at: officeTime(event.at),
    kind: event.kind,
    actor: event.actor,
    actorName: names.get(event.actor) ?? null,
    data: maskedEventData(event.data),
  });

  const ticketAnswer = async (ticket: TicketRecord) => ({ ticket: ticketView(ticket, await accountNames(), new Date()) });

  /** Tells this instance's live streams at once; other instances see the change when they poll storage. */
  const changed = (ticketId: string) => options.onChange?.(ticketId);

  /**
   * The desk is done with the conversation: the bot gets `handoff.status` completed and tells the
   * citizen. The ticket change already stands, so a channel that cannot be reached is only logged.
   */
  const handBack = async (ticket: TicketRecord): Promise<void> => {
    try {
      await handback.handBack(ticket);
    } catch (error) {
      logger.warn({ err: error, ticketId: ticket.ticketId, channel: ticket.channelId }, 'the conversation could not be handed back to the bot');
    }
  };

  /* ------------------------------------------------------------------ session and own account */

  server.post('/api/desk/session', csrf, signInThrottle, jsonBody, handle(async (req, res) => {
    const body = signInBody.parse(req.body ?? {});
    try {
      const session = await accounts.signIn(body.username, body.password);
      res.header('Set-Cookie', auth.sessionCookie(req, session.token, session.expiresAt));
      res.send(200, { account: accountView(session.account, calendar), permissions: permissionsOf(session.account), expiresAt: officeTime(session.expiresAt) });
    } catch (error) {
      if (error instanceof AccountError && error.reason === 'locked') throw new HttpError(429, 'TooManyAttempts', error.message);
      // A disabled account gets the same answer as a wrong password: sign-in never says which usernames exist.
      if (error instanceof AccountError) throw new HttpError(401, 'BadCredentials', 'Wrong username or password.');
      throw error;
    }
  }));

  server.del('/api/desk/session', csrf, handle(async (req, res) => {
    res.header('Set-Cookie', auth.clearedSessionCookie(req));
    const caller = await auth.requireSignedIn(req, { allowPendingPasswordChange: true });
    await accounts.signOut(caller.token);
    res.send(204);
  }));

  server.get('/api/desk/me', handle(async (req, res) => {
    const caller = await auth.requireSignedIn(req, { allowPendingPasswordChange: true });
    res.send(200, { account: accountView(caller.account, calendar), permissions: permissionsOf(caller.account) });
  }));

  server.post('/api/desk/me/password', csrf, jsonBody, handle(async (req, res) => {
    const caller = await auth.requireSignedIn(req, { allowPendingPasswordChange: true });
    const body = changePasswordBody.parse(req.body ?? {});
    if (body.newPassword === body.currentPassword) throw new HttpError(400, 'BadArgument', 'newPassword: must differ from the current password');
    // Checking the current password through a sign-in counts wrong guesses toward the account's lock,
    // so a session left open on a shared computer cannot be used to guess it.
    let check: { token: string };
    try {
      check = await accounts.signIn(caller.account.username, body.currentPassword);
    } catch (error) {
      if (error instanceof AccountError && error.reason === 'locked') throw new HttpError(429, 'TooManyAttempts', error.message);
      if (error instanceof AccountError) throw new HttpError(400, 'BadCredentials', 'currentPassword: the current password is wrong');
      throw error;
    }
    await accounts.signOut(check.token);
    await accounts.changePassword(caller.account.accountId, body.newPassword);
    const account = await accounts.resolveSession(caller.token);
    res.send(200, { account: accountView(account ?? { ...caller.account, mustChangePassword: false }, calendar), permissions: permissionsOf(caller.account) });
  }));

  /* ------------------------------------------------------------------ queue and tickets */

  server.get('/api/desk/tickets', handle(async (req, res) => {
    const caller = await signedIn(req, 'tickets.work');
    const query = queueQuery.parse(req.query ?? {});
    const { account } = caller;
    let unit = query.unit;
    if (!hasPermission(account, 'tickets.all-units') && account.unit) {
      if (unit !== undefined && unit !== account.unit) throw new HttpError(403, 'Forbidden', `Officers see the queue of their own unit ("${account.unit}").`);
      unit = account.unit;
    }
    const found = await tickets.list(
      {
        statuses: query.status && query.status.length > 0 ? (query.status as TicketStatus[]) : OPEN_STATUSES,
        unit,
        channelId: query.channel,
        assigneeId: query.assignee === 'me' ? account.accountId : query.assignee,
      },
      query.limit ?? QUEUE_DEFAULT_LIMIT,
    );
    const names = await accountNames();
    const now = new Date();
    res.send(200, { now: officeTime(now), tickets: found.map((ticket) => ticketView(ticket, names, now)) });
  }));

  server.get('/api/desk/tickets/:ticketId', handle(async (req, res) => {
    const caller = await signedIn(req, 'tickets.work');
    const ticket = await loadTicket(String(req.params.ticketId));
    requireVisible(caller, ticket);
    const names = await accountNames();
    const events = await tickets.listEvents(ticket.ticketId);
    const window = await delivery.windowOf(ticket, new Date());
    res.send(200, {
      ticket: ticketView(ticket, names, new Date()),
      events: events.map((event) => eventView(event, names)),
      window: { ...window, lastCitizenMessageAt: officeTime(window.lastCitizenMessageAt), changesAt: officeTime(window.changesAt) },
    });
  }));

  server.post('/api/desk/tickets/:ticketId/reveal', csrf, handle(async (req, res) => {
    const caller = await signedIn(req, 'tickets.work');
    const ticket = await loadTicket(String(req.params.ticketId));
    requireVisible(caller, ticket);
    const collectedData = await desk.revealData(ticket.ticketId, actorOf(caller));
    changed(ticket.ticketId);
    // The same audited reveal shows the transcript lines whose identity numbers were masked.
    const events = (await tickets.listEvents(ticket.ticketId)).flatMap((event) => {
      const masked = maskedEventData(event.data);
      const clear = FREE_TEXT_FIELDS.filter((field) => masked[field] !== event.data[field]).map((field) => [field, event.data[field]]);
      return clear.length > 0 ? [{ sequence: event.sequence, data: Object.fromEntries(clear) }] : [];
    });
    res.send(200, { collectedData, events });
  }));

  server.post('/api/desk/tickets/:ticketId/claim', csrf, jsonBody, handle(async (req, res) => {
    const caller = await signedIn(req, 'tickets.work');
    const body = claimBody.parse(req.body ?? {});
    const ticket = await loadTicket(String(req.params.ticketId));
    requireVisible(caller, ticket);
    if (ticket.assigneeId && ticket.assigneeId !== caller.account.accountId && !hasPermission(caller.account, 'tickets.take-over')) {
      throw new HttpError(409, 'AlreadyClaimed', `Ticket ${ticket.number} was claimed by someone else.`);
    }
    const updated = await desk.claim(ticket.ticketId, actorOf(caller), body.revision);
    changed(ticket.ticketId);
    res.send(200, await ticketAnswer(updated));
  }));

  server.post('/api/desk/tickets/:ticketId/notes', csrf, jsonBody, handle(async (req, res) => {
    const caller = await signedIn(req, 'tickets.work');
    const body = noteBody.parse(req.body ?? {});
    const ticket = await loadTicket(String(req.params.ticketId));
    requireVisible(caller, ticket);
    const event = await desk.addNote(ticket.ticketId, actorOf(caller), body.text);
    changed(ticket.ticketId);
    res.send(201, { event: eventView(event, await accountNames()) });
  }));

  server.post('/api/desk/tickets/:ticketId/reply', csrf, jsonBody, handle(async (req, res) => {
    const caller = await signedIn(req, 'tickets.work');
    const body = replyBody.parse(req.body ?? {});
    const ticket = await loadTicket(String(req.params.ticketId));
    requireActionable(caller, ticket);
    // Refuse before sending: a reply on a closed or changed ticket must not reach the citizen.
    if (ticket.status === 'closed') throw new DeskError('closed', `Ticket ${ticket.number} is closed.`);
    if (ticket.revision !== body.revision) throw new StaleTicketError(ticket.ticketId);
    const actor = actorOf(caller);
    let receipt: DeliveryReceipt;
    try {
      receipt = await delivery.deliver(ticket, body.text);
    } catch (error) {
      const reason = ((error as Error).message || 'delivery failed').replace(/\.$/, '').slice(0, DELIVERY_ERROR_MAX_LENGTH);
      await desk.recordDeliveryFailure(ticket.ticketId, actor, body.text, reason);
      changed(ticket.ticketId);
      logger.warn({ err: error, ticketId: ticket.ticketId, channel: ticket.channelId }, 'officer reply could not be delivered');
      throw new HttpError(502, 'DeliveryFailed', `The reply did not reach the citizen (${reason}). It is kept on the ticket; try again.`);
    }
    let updated: TicketRecord;
    try {
      updated = await desk.recordReply(ticket.ticketId, actor, body.text, body.revision, { resolve: body.resolve ?? false });
    } catch (error) {
      if (!(error instanceof StaleTicketError)) throw error;
      // The citizen already has the reply: record it on the ticket as it is now rather than lose it.
      const current = await loadTicket(ticket.ticketId);
      updated = await desk.recordReply(ticket.ticketId, actor, body.text, current.revision, { resolve: body.resolve ?? false });
    }
    // Outside WhatsApp's 24 h window the template went out; the answer follows the citizen's next message.
    if (receipt.via === 'template') await desk.queueForWindow(ticket.ticketId, actor, body.text);
    changed(ticket.ticketId);
    // Resolved with this answer: the conversation goes back to the bot.
    if (body.resolve) await handBack(updated);
    res.send(200, await ticketAnswer(updated));
  }));

  server.post('/api/desk/tickets/:ticketId/escalate', csrf, jsonBody, handle(async (req, res) => {
    const caller = await signedIn(req, 'tickets.work');
    const body = escalateBody.parse(req.body ?? {});
    const ticket = await loadTicket(String(req.params.ticketId));
    requireActionable(caller, ticket);
    if (body.assigneeId !== undefined) {
      const assignee = (await accounts.listAccounts()).find((account) => account.accountId === body.assigneeId);
      if (!assignee || assignee.disabled || !hasPermission(assignee, 'tickets.work')) {
        throw new HttpError(400, 'BadArgument', 'assigneeId: no active desk account has this id');
      }
    }
    const updated = await desk.escalate(ticket.ticketId, actorOf(caller), body.hop, body.note, body.revision, body.assigneeId);
    changed(ticket.ticketId);
    res.send(200, await ticketAnswer(updated));
  }));

  server.post('/api/desk/tickets/:ticketId/close', csrf, jsonBody, handle(async (req, res) => {
    const caller = await signedIn(req, 'tickets.work');
    const body = closeBody.parse(req.body ?? {});
    const ticket = await loadTicket(String(req.params.ticketId));
    requireActionable(caller, ticket);
    const updated = await desk.close(ticket.ticketId, actorOf(caller), body.revision);
    changed(ticket.ticketId);
    // Handed back to the bot; an answered ticket's conversation is the bot's already (and the citizen was told).
    if (ticket.status !== 'answered') await handBack(updated);
    res.send(200, await ticketAnswer(updated));
  }));

  /* ------------------------------------------------------------------ suggested answers */

  server.get('/api/desk/kb/search', handle(async (req, res) => {
    await signedIn(req, 'tickets.work');
    const query = kbSearchQuery.parse(req.query ?? {});
    res.send(200, { query: query.q, entries: await suggestAnswers(knowledge, query.q, query.limit ?? KB_SEARCH_DEFAULT_LIMIT) });
  }));

  /* ------------------------------------------------------------------ account administration */

  server.get('/api/desk/accounts', handle(async (req, res) => {
    await signedIn(req, 'accounts.manage');
    res.send(200, { accounts: (await accounts.listAccounts()).map((account) => accountView(account, calendar)) });
  }));

  server.post('/api/desk/accounts', csrf, jsonBody, handle(async (req, res) => {
    const caller = await signedIn(req, 'accounts.manage');
    const body = createAccountBody.parse(req.body ?? {});
    const created = await accounts.createAccount(
      { username: body.username, displayName: body.displayName ?? body.username, roles: body.roles, unit: body.unit },
      caller.account.accountId,
    );
    res.send(201, { account: accountView(created.account, calendar), oneTimePassword: created.oneTimePassword });
  }));

  for (const action of ['disable', 'enable'] as const) {
    server.post(`/api/desk/accounts/:username/${action}`, csrf, handle(async (req, res) => {
      const caller = await signedIn(req, 'accounts.manage');
      const username = String(req.params.username).toLowerCase();
      if (action === 'disable' && username === caller.account.username) {
        throw new HttpError(409, 'SelfLockout', 'An administrator cannot disable their own account.');
      }
      const account = await accounts.setDisabled(username, action === 'disable', caller.account.accountId);
      res.send(200, { account: accountView(account, calendar) });
    }));
  }

  server.post('/api/desk/accounts/:username/reset', csrf, handle(async (req, res) => {
    const caller = await signedIn(req, 'accounts.manage');
    const username = String(req.params.username).toLowerCase();
    const oneTimePassword = await accounts.resetPassword(username, caller.account.accountId);
    res.send(200, { username, oneTimePassword });
  }));
}

/** Desk and account errors as HTTP answers; everything else goes on to the central mapping. */
function toHttpError(error: unknown): unknown {
  if (error instanceof StaleTicketError) return new HttpError(409, 'StaleRevision', 'The ticket was changed by someone else; reload it and try again.');
  if (error instanceof DeskError) {
    if (error.reason === 'not-found') return new HttpError(404, 'NotFound', error.message);
    if (error.reason === 'closed') return new HttpError(409, 'TicketClosed', error.message);
    return new HttpError(400, 'BadArgument', error.message);
  }
  if (error instanceof AccountError) {
    if (error.reason === 'not-found') return new HttpError(404, 'NotFound', error.message);
    if (error.reason === 'exists') return new HttpError(409, 'AccountExists', error.message);
    if (error.reason === 'locked') return new HttpError(429, 'TooManyAttempts', error.message);
    return new HttpError(400, 'BadArgument', error.message);
  }
  return error;
}
