import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Activity, ActivityTypes, type ConversationReference, TestAdapter, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { WebChatAdapter } from '../../adapters/webchat/webchat-adapter';
import { assembleBot } from '../../bot/assemble-bot';
import { BotStateStorage } from '../../bot/state-storage';
import type { KnowledgePort } from '../../dialogs/knowledge-port';
import { AnswerEngine } from '../../knowledge/answer-engine';
import { loadSeedEntries } from '../../knowledge/seed-loader';
import { DEFAULT_DESK_OPTIONS, type DeskActor, DeskService, ESCALATION_HOPS, type EscalationHop } from '../../officers/desk-service';
import { loadOfficeCalendar, type OfficeCalendar } from '../../officers/office-calendar';
import { PrivacyService } from '../../officers/privacy-service';
import { projectRoot } from '../../server/config';
import { createLogger } from '../../server/logger';
import { createReplyDelivery } from '../../server/reply-delivery';
import { FieldCipher } from '../../storage/field-cipher';
import type { TicketRecord } from '../../storage/repositories';
import { SqliteBackend } from '../../storage/sqlite/sqlite-backend';

/* ================================================================== transcript files (data) */

/** `{{ticket}}` in a step's text or patterns is the number of the conversation's latest ticket. */
const TICKET_VARIABLE = /\{\{\s*ticket\s*\}\}/g;

/**
 * A regular expression written as a string: `"USD 500.*PMK"` (compiled with the `s` and `u`
 * flags, so `.` crosses lines) or `"/^halo/i"` with explicit flags. A pattern that does not
 * compile is a schema error naming its place in the file.
 */
const regexString = z.string().min(1).superRefine((source, context) => {
  try {
    compilePattern(source.replace(TICKET_VARIABLE, 'TP-2612-0001'));
  } catch (error) {
    context.addIssue({ code: 'custom', message: `not a valid regular expression: ${(error as Error).message}` });
  }
});

export function compilePattern(source: string): RegExp {
  const literal = /^\/(.+)\/([dimsuy]*)$/s.exec(source);
  return literal ? new RegExp(literal[1], literal[2]) : new RegExp(source, 'su');
}

const isoInstant = z.string().refine((value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value), {
  message: 'an ISO 8601 time with its offset, e.g. "2026-12-07T10:00:00+08:00"',
});

const channelAccount = z.strictObject({ id: z.string().min(1), name: z.string().optional() });

/** An activity the citizen's client sends; only the fields a transcript needs, so a typo is an error. */
const userActivitySchema = z.strictObject({
  type: z.enum(['message', 'conversationUpdate', 'event', 'invoke', 'messageReaction']).default('message'),
  text: z.string().optional(),
  name: z.string().optional(),
  value: z.unknown().optional(),
  locale: z.string().optional(),
  attachments: z.array(z.strictObject({ contentType: z.string(), contentUrl: z.string().optional(), content: z.unknown().optional(), name: z.string().optional() })).optional(),
  membersAdded: z.array(channelAccount).optional(),
  channelData: z.record(z.string(), z.unknown()).optional(),
  /**
   * Another citizen writing from another conversation on the same channel (e.g. to open a ticket
   * that is not theirs to look up). Default: the transcript's user in the transcript's conversation.
   * Desk steps, ticket checks and `{{ticket}}` stay with the transcript's own conversation.
   */
  from: channelAccount.optional(),
  conversation: z.strictObject({ id: z.string().min(1) }).optional(),
});

const suggestedActionsSchema = z.union([
  z.array(z.string()).describe('the button titles, exactly and in order'),
  z.strictObject({
    count: z.number().int().min(0).optional(),
    min: z.number().int().min(0).optional(),
    includes: z.array(regexString).optional().describe('each pattern matches one of the titles'),
  }),
]);

/** What one bot reply must look like. Every field given must hold. */
const replySchema = z.strictObject({
  type: z.string().optional().describe('activity type; "message" when a text is expected'),
  name: z.string().optional(),
  text: regexString.optional(),
  notText: regexString.optional(),
  suggestedActions: suggestedActionsSchema.optional(),
  attachments: z.number().int().min(0).optional().describe('how many attachments'),
  inputHint: z.string().optional(),
});

/** What the desk's ticket for this conversation must look like after the step. */
const ticketExpectationSchema = z.strictObject({
  number: regexString.optional(),
  status: z.enum(['queued', 'assigned', 'escalated', 'answered', 'closed', 'reopened']).optional(),
  track: z.enum(['direct', 'escalation']).optional(),
  topic: z.string().optional(),
  unit: z.string().optional(),
  receivedAt: isoInstant.optional(),
  dueAt: isoInstant.optional(),
  /** The citizen's rating after the answer (1-5), and a pattern their comment must match. */
  rating: z.number().int().min(1).max(5).optional(),
  ratingComment: regexString.optional(),
  /** Patterns that must each match a line of the ticket's transcript (citizen, bot or officer). */
  transcript: z.array(regexString).optional(),
  /** Patterns that must match no line of the ticket's transcript (after an erasure, for example). */
  notTranscript: z.array(regexString).optional(),
});

const replies = z.array(replySchema).describe('every reply of the step, in order ([] for none)');

const userStepSchema = z.strictObject({
  user: z.union([z.string(), userActivitySchema]),
  bot: replies,
  ticket: ticketExpectationSchema.optional(),
});

const officer = z.string().min(1).optional().describe('display name of the acting officer');
/** A desk action with the bot replies it causes (what reached the citizen) and the ticket it leaves. */
const deskStep = <Action extends string, Shape extends z.ZodRawShape>(action: Action, shape: Shape) =>
  z.strictObject({ desk: z.literal(action), ...shape, bot: replies, ticket: ticketExpectationSchema.optional() });
const deskStepSchema = z.discriminatedUnion('desk', [
  deskStep('claim', { officer }),
  deskStep('note', { text: z.string().min(1), officer }),
  deskStep('reply', { text: z.string().min(1), officer }),
  deskStep('resolve', { text: z.string().min(1), officer }),
  deskStep('escalate', { hop: z.enum(ESCALATION_HOPS as unknown as [EscalationHop, ...EscalationHop[]]), note: z.string().min(1), officer }),
  deskStep('close', { officer }),
  deskStep('sweep', {}),
]);

const clockStepSchema = z.strictObject({ clock: isoInstant, ticket: ticketExpectationSchema.optional() });

type UserStep = z.output<typeof userStepSchema>;
type DeskStep = z.output<typeof deskStepSchema>;
type ClockStep = z.output<typeof clockStepSchema>;

/**
 * A step is chosen by its key (`user`, `desk` or `clock`) and then checked strictly, so a typo
 * gets an error about that field rather than "matches none of the step kinds".
 */
const stepSchema = z.unknown().transform((value, context): UserStep | DeskStep | ClockStep => {
  const keys = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : [];
  const kinds = ['user', 'desk', 'clock'].filter((key) => keys.includes(key));
  if (kinds.length !== 1) {
    context.addIssue({ code: 'custom', input: value, message: kinds.length === 0 ? 'a step needs one of "user", "desk" or "clock"' : `a step has one of "user", "desk" or "clock", not ${kinds.map((kind) => `"${kind}"`).join(' and ')}` });
    return z.NEVER;
  }
  const schema = kinds[0] === 'user' ? userStepSchema : kinds[0] === 'desk' ? deskStepSchema : clockStepSchema;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) context.addIssue({ ...issue, input: value, path: issue.path } as never);
  return z.NEVER;
});

export const transcriptSchema = z.strictObject({
  name: z.string().min(1),
  locale: z.string().min(2).describe('BCP-47 locale the citizen\'s client sends, e.g. "id-ID" or "en-US"'),
  setup: z
    .strictObject({
      /** The time when the transcript starts (default Monday 2026-12-07 10:00 WITA, inside office hours). */
      clock: isoInstant.optional(),
      user: channelAccount.optional(),
    })
    .optional(),
  steps: z.array(stepSchema).min(1),
});

export const transcriptFileSchema = z.array(transcriptSchema).min(1);

export type Transcript = z.infer<typeof transcriptSchema>;
export type TranscriptStep = z.infer<typeof stepSchema>;
export type ReplyExpectation = z.infer<typeof replySchema>;
export type TicketExpectation = z.infer<typeof ticketExpectationSchema>;
/** A desk step without its expectations (Omit distributed over the kinds of action). */
export type DeskAction = DeskStep extends infer Step ? (Step extends DeskStep ? Omit<Step, 'bot' | 'ticket'> : never) : never;

/** Reads and validates a transcript file; the error names the file and the path of the bad field. */
export function loadTranscriptFile(file: string): Transcript[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`loadTranscriptFile(): ${path.basename(file)}: ${(error as Error).message}`, { cause: error });
  }
  return parseTranscripts(raw, path.basename(file));
}

export function parseTranscripts(raw: unknown, origin: string): Transcript[] {
  const result = transcriptFileSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 5).map((issue) => `  at ${describePath(raw, issue.path)}: ${describeIssue(issue)}`);
  throw new Error(`loadTranscriptFile(): ${origin} is not a valid transcript file:\n${problems.join('\n')}`);
}

/** `[2].steps[4].bot[0].txet` plus the transcript's name, so the author finds the line. */
function describePath(raw: unknown, issuePath: readonly PropertyKey[]): string {
  const name = Array.isArray(raw) && typeof issuePath[0] === 'number' ? (raw[issuePath[0]] as { name?: unknown } | undefined)?.name : undefined;
  const where = issuePath.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
  return typeof name === 'string' ? `${where} (transcript "${name}")` : where || '(top level)';
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_union') {
    // Name the closest alternative's first problem instead of "Invalid input"; an alternative of
    // another kind altogether (a string where an object was written) is not close.
    const ofSameKind = issue.errors.filter((issues) => !issues.some((candidate) => candidate.code === 'invalid_type' && candidate.path.length === 0));
    const nested = (ofSameKind.length > 0 ? ofSameKind : issue.errors)
      .map((issues) => issues.filter((candidate) => candidate.code !== 'invalid_union'))
      .sort((left, right) => left.length - right.length)[0]?.[0];
    if (nested) return `${nested.path.length > 0 ? `${nested.path.join('.')}: ` : ''}${describeIssue(nested)}`;
  }
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  return issue.message;
}

/* ================================================================== the bot under test */

/** The default start of every transcript: Monday 2026-12-07 10:00 WITA, a working day, direct track (DESIGN.md section 3). */
export const DEFAULT_TRANSCRIPT_CLOCK = '2026-12-07T10:00:00+08:00';
const CHANNEL_ID = 'webchat';
const DEFAULT_OFFICER: DeskActor = { accountId: 'acc-petugas', displayName: 'Petugas Uji' };

/**
 * The time for the desk and for the bot. The desk gets it injected; the bot reads `new Date()`,
 * so while a harness is open only `Date` is faked (jest's modern timers with every other API real:
 * promises, setTimeout and SQLite behave as usual).
 */
export class TranscriptClock {
  /** `Date` is global: two clocks at once would fight over it. */
  private static running = false;
  private current: Date;

  constructor(start: string | Date) {
    if (TranscriptClock.running) throw new Error('TranscriptClock: another transcript clock is running; close its harness first.');
    this.current = new Date(start);
    if (Number.isNaN(this.current.getTime())) throw new Error(`TranscriptClock: "${String(start)}" is not a time.`);
    TranscriptClock.running = true;
    jest.useFakeTimers({
      now: this.current,
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
    });
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(at: string | Date): void {
    const next = new Date(at);
    if (Number.isNaN(next.getTime())) throw new Error(`TranscriptClock.set(): "${String(at)}" is not a time.`);
    this.current = next;
    jest.setSystemTime(next);
  }

  release(): void {
    jest.useRealTimers();
    TranscriptClock.running = false;
  }
}

/** TestAdapter with proactive messages (officers' replies and the hand-back), as a channel adapter runs them. */
class TranscriptAdapter extends TestAdapter {
  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const request = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'ContinueConversation' }, reference, true);
    await this.runMiddleware(this.createContext(request as Activity), logic);
  }
}

let sharedKnowledge: { calendar: OfficeCalendar; knowledge: KnowledgePort } | undefined;

/** The seed knowledge base and the example office calendar, built once per test file (the engine takes a moment). */
function defaultKnowledge(): { calendar: OfficeCalendar; knowledge: KnowledgePort } {
  if (!sharedKnowledge) {
    const calendar = loadOfficeCalendar(path.join(projectRoot(), 'officers/calendars/kppbc-contoh.json'));
    const entries = loadSeedEntries();
    const engine = new AnswerEngine(entries);
    const byId = new Map(entries.map((entry) => [entry.id, entry]));
    sharedKnowledge = { calendar, knowledge: { decide: async (text: string) => engine.decide(text), getEntry: (id: string) => byId.get(id) } };
  }
  return sharedKnowledge;
}

export interface TranscriptHarnessOptions {
  locale?: string;
  clock?: string | Date;
  user?: { id: string; name?: string };
  knowledge?: KnowledgePort;
  calendar?: OfficeCalendar;
}

/**
 * The real bot as the server wires it (bot/assemble-bot.ts, the one place that wires the bot): over
 * the seed knowledge, with bot state and tickets in a real SQLite backend (a temporary directory: the backend
 * insists on WAL mode, which an in-memory database cannot give), the HandoffMiddleware opening
 * tickets on a real DeskService, and officers' replies and hand-backs delivered as proactive
 * turns through server/reply-delivery.ts. Close it after use.
 */
export class TranscriptHarness {
  readonly desk: DeskService;
  readonly clock: TranscriptClock;
  private readonly adapter: TranscriptAdapter;
  private readonly delivery: ReturnType<typeof createReplyDelivery>;
  private readonly locale: string;

  private constructor(
    readonly backend: SqliteBackend,
    private readonly dataDir: string,
    options: TranscriptHarnessOptions,
  ) {
    const defaults = options.knowledge && options.calendar ? undefined : defaultKnowledge();
    const calendar = options.calendar ?? defaults!.calendar;
    const knowledge = options.knowledge ?? defaults!.knowledge;
    this.locale = options.locale ?? 'id-ID';
    const logger = createLogger('silent');

    const now = () => this.clock.now();
    this.desk = new DeskService(backend.tickets, backend.audit, calendar, new FieldCipher('ab'.repeat(32)), DEFAULT_DESK_OPTIONS, now);
    const { bot, handoff, onTurnError } = assembleBot({
      storage: new BotStateStorage(backend.documents),
      calendar,
      knowledge,
      desk: this.desk,
      privacy: new PrivacyService(backend.tickets, backend.conversations, backend.attachments, backend.audit),
      logger,
      ticketPrefix: DEFAULT_DESK_OPTIONS.ticketPrefix,
      now,
    });

    const user = { id: options.user?.id ?? 'citizen', name: options.user?.name ?? 'Citizen' };
    this.adapter = new TranscriptAdapter((context) => bot.run(context), { channelId: CHANNEL_ID });
    this.adapter.conversation = { ...this.adapter.conversation, channelId: CHANNEL_ID, user, bot: { id: 'bot', name: 'tanya-pabean' } };
    this.adapter.onTurnError = onTurnError;
    this.adapter.use(handoff);
    // The server's delivery code, addressed to this adapter as the web chat channel it stands in for.
    this.delivery = createReplyDelivery({ webChat: this.adapter as unknown as WebChatAdapter }, { onHandoffStatus: (context, status) => bot.onHandoffStatus(context, status), logger });
    // Last: nothing above reads the time, and a failure above leaves the real clock alone.
    this.clock = new TranscriptClock(options.clock ?? DEFAULT_TRANSCRIPT_CLOCK);
  }

  static create(options: TranscriptHarnessOptions = {}): TranscriptHarness {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tanya-pabean-transcript-'));
    let backend: SqliteBackend | undefined;
    try {
      backend = SqliteBackend.open({ dataDir });
      return new TranscriptHarness(backend, dataDir, options);
    } catch (error) {
      backend?.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Runs one turn from the citizen and returns the bot's replies (typing indicators left out). */
  async send(userSays: string | z.input<typeof userActivitySchema>): Promise<Partial<Activity>[]> {
    const activity: Partial<Activity> =
      typeof userSays === 'string' ? { type: ActivityTypes.Message, text: userSays } : { ...(userSays as Partial<Activity>), type: userSays.type ?? ActivityTypes.Message };
    activity.locale ??= this.locale;
    if (activity.type === ActivityTypes.ConversationUpdate && !activity.membersAdded && this.adapter.conversation.user) activity.membersAdded = [this.adapter.conversation.user];
    await this.adapter.receiveActivity(activity);
    return this.takeReplies();
  }

  /** An officer acts on the conversation's open ticket, as the desk routes do; returns what reached the citizen. */
  async deskAction(action: DeskAction): Promise<Partial<Activity>[]> {
    if (action.desk === 'sweep') {
      await this.desk.sweep();
      return this.takeReplies();
    }
    const actor = action.officer ? { accountId: `acc-${action.officer.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, displayName: action.officer } : DEFAULT_OFFICER;
    const ticket = await this.openTicket();
    if (!ticket) throw new Error(`TranscriptHarness.deskAction(): no open ticket in this conversation for "${action.desk}".`);
    switch (action.desk) {
      case 'claim':
        await this.desk.claim(ticket.ticketId, actor, ticket.revision);
        break;
      case 'note':
        await this.desk.addNote(ticket.ticketId, actor, action.text);
        break;
      case 'reply':
      case 'resolve': {
        const resolve = action.desk === 'resolve';
        await this.delivery.deliver(ticket, action.text);
        const updated = await this.desk.recordReply(ticket.ticketId, actor, action.text, ticket.revision, { resolve });
        if (resolve) await this.delivery.handBack(updated);
        break;
      }
      case 'escalate':
        await this.desk.escalate(ticket.ticketId, actor, action.hop, action.note, ticket.revision);
        break;
      case 'close': {
        const closed = await this.desk.close(ticket.ticketId, actor, ticket.revision);
        if (ticket.status !== 'answered') await this.delivery.handBack(closed);
        break;
      }
    }
    return this.takeReplies();
  }

  /** The ticket that owns the conversation now (an officer is handling it), if any. */
  async openTicket(): Promise<TicketRecord | undefined> {
    return this.desk.findOwningTicket(CHANNEL_ID, this.adapter.conversation.conversation.id);
  }

  /** The conversation's most recent ticket, whatever its status. */
  async latestTicket(): Promise<TicketRecord | undefined> {
    const tickets = await this.backend.tickets.list({ conversationId: this.adapter.conversation.conversation.id }, 50);
    return [...tickets].sort((left, right) => right.createdAt.getTime() - left.createdAt.getTime() || right.number.localeCompare(left.number))[0];
  }

  /** The text lines of a ticket's transcript (citizen, bot and officer). */
  async ticketLines(ticketId: string): Promise<string[]> {
    const events = await this.backend.tickets.listEvents(ticketId);
    return events.flatMap((event) => (typeof event.data.text === 'string' ? [event.data.text] : []));
  }

  async close(): Promise<void> {
    this.clock.release();
    try {
      await this.backend.close();
    } finally {
      rmSync(this.dataDir, { recursive: true, force: true });
    }
  }

  private takeReplies(): Partial<Activity>[] {
    const replies = this.adapter.activeQueue.splice(0).filter((activity) => activity.type !== ActivityTypes.Typing);
    return replies;
  }
}

/* ================================================================== running a transcript */

/** Runs a transcript against a fresh harness; throws an error naming the step and showing every reply. */
export async function runTranscript(transcript: Transcript, options: Omit<TranscriptHarnessOptions, 'locale' | 'clock' | 'user'> = {}): Promise<void> {
  const harness = TranscriptHarness.create({ ...options, locale: transcript.locale, clock: transcript.setup?.clock, user: transcript.setup?.user });
  try {
    for (const [index, step] of transcript.steps.entries()) {
      const ticketNumber = (await harness.latestTicket())?.number;
      const fill = (text: string): string => text.replace(TICKET_VARIABLE, () => {
        if (!ticketNumber) throw new Error(`step ${index + 1} uses {{ticket}} but no ticket has been opened yet`);
        return escapeForPattern(ticketNumber);
      });
      const fillText = (text: string): string => text.replace(TICKET_VARIABLE, () => ticketNumber ?? '{{ticket}}');
      let label: string;
      let replies: Partial<Activity>[] = [];
      if ('user' in step) {
        const userSays = typeof step.user === 'string' ? fillText(step.user) : { ...step.user, text: step.user.text === undefined ? undefined : fillText(step.user.text) };
        label = `user: ${JSON.stringify(userSays)}`;
        replies = await harness.send(userSays);
        checkReplies(label, index, step.bot, replies, fill);
      } else if ('desk' in step) {
        const action = ('text' in step ? { ...step, text: fillText(step.text) } : step) as DeskAction;
        label = `desk: ${step.desk}`;
        replies = await harness.deskAction(action);
        checkReplies(label, index, step.bot, replies, fill);
      } else {
        label = `clock: ${step.clock}`;
        harness.clock.set(step.clock);
      }
      if (step.ticket) await checkTicket(harness, label, index, step.ticket, fill);
    }
  } finally {
    await harness.close();
  }
}

function escapeForPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function describeReply(reply: Partial<Activity>): string {
  const actions = reply.suggestedActions?.actions?.map((action) => action.title ?? String(action.value));
  const parts = [reply.type === ActivityTypes.Message ? '' : `[${reply.type}${reply.name ? ` ${reply.name}` : ''}] `, JSON.stringify(reply.text ?? '')];
  if (actions && actions.length > 0) parts.push(` buttons: ${JSON.stringify(actions)}`);
  if (reply.attachments && reply.attachments.length > 0) parts.push(` attachments: ${reply.attachments.length}`);
  return parts.join('');
}

function failure(label: string, index: number, problem: string, replies: Partial<Activity>[]): Error {
  const shown = replies.length === 0 ? '  (no replies)' : replies.map((reply, position) => `  ${position + 1}. ${describeReply(reply)}`).join('\n');
  return new Error(`step ${index + 1} (${label}): ${problem}\nthe bot replied:\n${shown}`);
}

function checkReplies(label: string, index: number, expected: ReplyExpectation[], replies: Partial<Activity>[], fill: (text: string) => string): void {
  if (replies.length !== expected.length) throw failure(label, index, `expected ${expected.length} repl${expected.length === 1 ? 'y' : 'ies'}, got ${replies.length}`, replies);
  expected.forEach((expectation, position) => {
    const reply = replies[position];
    const problem = replyProblem(expectation, reply, fill);
    if (problem) throw failure(label, index, `reply ${position + 1}: ${problem}`, replies);
  });
}

function replyProblem(expectation: ReplyExpectation, reply: Partial<Activity>, fill: (text: string) => string): string | undefined {
  const type = expectation.type ?? (expectation.text !== undefined || expectation.suggestedActions !== undefined ? ActivityTypes.Message : undefined);
  if (type !== undefined && reply.type !== type) return `expected a ${type} activity, got ${reply.type}`;
  if (expectation.name !== undefined && reply.name !== expectation.name) return `expected name "${expectation.name}", got "${reply.name}"`;
  const text = reply.text ?? '';
  if (expectation.text !== undefined && !compilePattern(fill(expectation.text)).test(text)) return `text does not match ${expectation.text}`;
  if (expectation.notText !== undefined && compilePattern(fill(expectation.notText)).test(text)) return `text matches ${expectation.notText}, which it must not`;
  if (expectation.inputHint !== undefined && reply.inputHint !== expectation.inputHint) return `expected inputHint "${expectation.inputHint}", got "${reply.inputHint}"`;
  if (expectation.attachments !== undefined && (reply.attachments?.length ?? 0) !== expectation.attachments) {
    return `expected ${expectation.attachments} attachment(s), got ${reply.attachments?.length ?? 0}`;
  }
  if (expectation.suggestedActions !== undefined) {
    const titles = (reply.suggestedActions?.actions ?? []).map((action) => action.title ?? String(action.value ?? ''));
    const wanted = expectation.suggestedActions;
    if (Array.isArray(wanted)) {
      if (JSON.stringify(titles) !== JSON.stringify(wanted)) return `expected buttons ${JSON.stringify(wanted)}, got ${JSON.stringify(titles)}`;
    } else {
      if (wanted.count !== undefined && titles.length !== wanted.count) return `expected ${wanted.count} buttons, got ${titles.length}`;
      if (wanted.min !== undefined && titles.length < wanted.min) return `expected at least ${wanted.min} buttons, got ${titles.length}`;
      for (const pattern of wanted.includes ?? []) {
        if (!titles.some((title) => compilePattern(fill(pattern)).test(title))) return `no button matches ${pattern} (buttons: ${JSON.stringify(titles)})`;
      }
    }
  }
  return undefined;
}

async function checkTicket(harness: TranscriptHarness, label: string, index: number, expected: TicketExpectation, fill: (text: string) => string): Promise<void> {
  const ticket = await harness.latestTicket();
  const fail = (problem: string) => new Error(`step ${index + 1} (${label}): ticket: ${problem}`);
  if (!ticket) throw fail('no ticket was opened in this conversation');
  if (expected.number !== undefined && !compilePattern(fill(expected.number)).test(ticket.number)) throw fail(`number ${ticket.number} does not match ${expected.number}`);
  for (const field of ['status', 'track', 'topic', 'unit'] as const) {
    if (expected[field] !== undefined && ticket[field] !== expected[field]) throw fail(`${field} is "${String(ticket[field])}", expected "${expected[field]}"`);
  }
  for (const field of ['receivedAt', 'dueAt'] as const) {
    const wanted = expected[field];
    if (wanted !== undefined && ticket[field].getTime() !== new Date(wanted).getTime()) throw fail(`${field} is ${ticket[field].toISOString()}, expected ${new Date(wanted).toISOString()}`);
  }
  if (expected.rating !== undefined && ticket.rating !== expected.rating) throw fail(`rating is ${String(ticket.rating)}, expected ${expected.rating}`);
  if (expected.ratingComment !== undefined && !compilePattern(fill(expected.ratingComment)).test(ticket.ratingComment ?? '')) {
    throw fail(`rating comment ${JSON.stringify(ticket.ratingComment ?? null)} does not match ${expected.ratingComment}`);
  }
  if (expected.transcript || expected.notTranscript) {
    const lines = await harness.ticketLines(ticket.ticketId);
    const shown = () => lines.map((line) => `  ${JSON.stringify(line)}`).join('\n');
    for (const pattern of expected.transcript ?? []) {
      if (!lines.some((line) => compilePattern(fill(pattern)).test(line))) throw fail(`no transcript line matches ${pattern}; lines:\n${shown()}`);
    }
    for (const pattern of expected.notTranscript ?? []) {
      if (lines.some((line) => compilePattern(fill(pattern)).test(line))) throw fail(`a transcript line matches ${pattern}, which none may; lines:\n${shown()}`);
    }
  }
}
