import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import restify, { type Request, type Response, type Server } from 'restify';
import helmet from 'helmet';
import { createAzureBotAdapter } from '../adapters/azure/azure-bot-adapter';
import { ChannelAdapter } from '../adapters/channel/channel-adapter';
import { ChannelEventProcessor } from '../adapters/channel/channel-event-processor';
import type { ChannelPlatform } from '../adapters/channel/channel-platform';
import { OfferedChoicesStore } from '../adapters/channel/offered-choices';
import { registerChannelWebhook } from '../adapters/channel/webhook-routes';
import { TelegramPlatform } from '../adapters/telegram/telegram-platform';
import { TelegramPolling } from '../adapters/telegram/telegram-polling';
import { WhatsAppPlatform } from '../adapters/whatsapp/whatsapp-platform';
import { MessengerPlatform } from '../adapters/meta/messenger-platform';
import { InstagramPlatform } from '../adapters/meta/instagram-platform';
import { ActivityFeed } from '../adapters/webchat/activity-feed';
import { DirectLineTokens } from '../adapters/webchat/direct-line-tokens';
import { WebChatAdapter } from '../adapters/webchat/webchat-adapter';
import { assembleBot } from '../bot/assemble-bot';
import { AccountError, AccountService, DEFAULT_ACCOUNT_POLICY } from '../officers/account-service';
import { DEFAULT_DESK_OPTIONS, DeskService } from '../officers/desk-service';
import { PrivacyService } from '../officers/privacy-service';
import { FieldCipher } from '../storage/field-cipher';
import { BotStateStorage } from '../bot/state-storage';
import { formatServiceHours } from '../dialogs/messages';
import type { Decision } from '../knowledge/answer-engine';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import { loadSeedEntries } from '../knowledge/seed-loader';
import { loadOfficeCalendar } from '../officers/office-calendar';
import { openStorage } from '../storage/open-storage';
import type { Role, StorageBackend } from '../storage/repositories';
import { DeskAuthenticator } from './auth';
import type { Config } from './config';
import { errorBody } from './http-errors';
import { createKnowledgeBase } from './knowledge-wiring';
import { createLogger, maskDigitRuns } from './logger';
import { ServiceMetrics } from './metrics';
import { createReplyDelivery } from './reply-delivery';
import { registerAzureBotRoutes } from './routes/azure-bot-routes';
import { DESK_EVENTS_POLL_MS, DeskEventHub, officeTimeFormatter, registerConsoleRoutes } from './routes/console-routes';
import { registerChannelAdminRoutes } from './routes/channel-admin-routes';
import { registerDeskRoutes } from './routes/desk-routes';
import { registerDirectLineRoutes } from './routes/direct-line-routes';
import { registerHealthRoutes } from './routes/health-routes';
import { registerWebChatPageRoutes } from './routes/webchat-page-routes';

export const BOT_ACCOUNT = { id: 'tanya-pabean', name: 'Tanya Pabean', role: 'bot' };

export interface Service {
  config: Config;
  server: Server;
  storage: StorageBackend;
  webChatAdapter: WebChatAdapter;
  /** The configured platform channels (telegram, whatsapp, messenger, instagram) by channel id. */
  channelAdapters: ReadonlyMap<string, ChannelAdapter>;
  knowledge: KnowledgeBase<Decision>;
  /** Desk accounts, sessions and roles. */
  accounts: AccountService;
  desk: DeskService;
  /** Desk changes (from storage, any instance) for the officers' live console. */
  deskEvents: DeskEventHub;
  metrics: ServiceMetrics;
  logger: Logger;
  /** Starts listening; resolves with the base URL (http://host:port). */
  listen(port?: number, host?: string): Promise<string>;
  /** Graceful shutdown: stop accepting, close streams, let running turns finish, close storage. */
  close(): Promise<void>;
}

/** Which channel an HTTP path belongs to, for the webhook request counter. */
function channelOfPath(path: string): string | undefined {
  if (path.startsWith('/v3/directline') || path.startsWith('/api/webchat')) return 'webchat';
  if (path === '/api/messages') return 'azure';
  // Channel webhooks (/api/<channel>) count their requests themselves (adapters/channel/webhook-routes.ts).
  return undefined;
}

/** The platform channels, each at /api/<channel> (404 ChannelOff while not configured). */
const PLATFORM_CHANNELS = ['telegram', 'whatsapp', 'messenger', 'instagram'] as const;
/** WhatsApp batches up to 1,000 updates in one POST of at most 3 MB (channels.md section 1.1). */
const CHANNEL_WEBHOOK_BODY_MAX_BYTES = 3 * 1024 * 1024;

const DEMO_ROLES: readonly Role[] = ['officer', 'coordinator', 'supervisor', 'editor', 'admin'];
const DEMO_UNIT = 'pelayanan-kiriman';

/**
 * Development only: on a store without accounts, one demo account per role, each with a one-time
 * password printed once in the start log. When another instance starting at the same moment wins
 * the race, its accounts stand and this one prints nothing.
 */
async function createDemoAccounts(accounts: AccountService, logger: Logger): Promise<void> {
  if ((await accounts.listAccounts()).length > 0) return;
  const created: Array<{ username: string; role: Role; unit: string | null; oneTimePassword: string }> = [];
  try {
    for (const role of DEMO_ROLES) {
      const unit = role === 'officer' || role === 'coordinator' || role === 'supervisor' ? DEMO_UNIT : undefined;
      const username = `demo.${role}`;
      const result = await accounts.createAccount({ username, displayName: `Demo ${role}`, roles: [role], unit }, 'system:demo');
      let oneTimePassword = result.oneTimePassword as string;
      // The logger masks long digit runs (identity numbers); a password it would mask could not be read.
      while (maskDigitRuns(oneTimePassword) !== oneTimePassword) oneTimePassword = await accounts.resetPassword(username, 'system:demo');
      created.push({ username, role, unit: unit ?? null, oneTimePassword });
    }
  } catch (error) {
    if (error instanceof AccountError && error.reason === 'exists') return;
    throw error;
  }
  logger.warn({ demoAccounts: created }, 'development: demo desk accounts created; sign in at /api/desk/session, each password works once and must then be changed');
}

/**
 * The composition root (STYLE.md rule 7): config → storage → bot and dialogs → adapters → routes.
 * Nothing else wires modules together or reads configuration.
 */
/** How long processed channel webhook events (their de-duplication keys) are kept. */
const CHANNEL_EVENT_RETENTION_MS = 8 * 24 * 3_600_000;

export async function createService(config: Config, overrides: { logger?: Logger } = {}): Promise<Service> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const calendar = loadOfficeCalendar(config.officeCalendarFile);
  const storage = await openStorage({ dataDir: config.dataDir, mongodbUri: config.mongodb?.uri, mongodbDatabase: config.mongodb?.databaseName });
  const metrics = new ServiceMetrics();

  const knowledge = createKnowledgeBase(config, storage.knowledge, metrics);
  const { seeded } = await knowledge.initialize(loadSeedEntries());
  logger.info({ seeded, entries: knowledge.publishedEntries().length, clu: Boolean(config.clu) }, 'knowledge base ready');
  // Edits saved by an editor on any instance reach this one within the refresh interval.
  const knowledgeRefresh = setInterval(() => {
    knowledge.refreshIfChanged().catch((error) => logger.error({ err: error }, 'knowledge refresh failed'));
  }, config.knowledge.refreshIntervalMs);
  knowledgeRefresh.unref();

  const desk = new DeskService(storage.tickets, storage.audit, calendar, new FieldCipher(config.secrets.fieldEncryptionKey), {
    ...DEFAULT_DESK_OPTIONS,
    warnFraction: config.desk.warnFraction,
    reopenWindowMs: config.desk.reopenWindowHours * 3_600_000,
  });
  const accounts = new AccountService(storage.accounts, storage.sessions, storage.audit, { ...DEFAULT_ACCOUNT_POLICY, sessionTtlMinutes: config.desk.sessionTtlMinutes });
  if (config.env === 'development') await createDemoAccounts(accounts, logger);
  // Deadlines are stored, not timers: every instance sweeps, and storage hands each warning or breach to one of them.
  let sweeping: Promise<void> | undefined;
  const deskSweep = setInterval(() => {
    if (sweeping) return;
    // Done channel events are kept 8 days: their ids must outlive the platforms' retries (Meta: 7 days).
    const purgeBefore = new Date(Date.now() - CHANNEL_EVENT_RETENTION_MS);
    sweeping = Promise.all([desk.sweep(), accounts.purgeExpiredSessions(), storage.channelEvents.purgeDone(purgeBefore)])
      .then(
        ([{ warned, breached }, expiredSessions]) => {
          if (warned.length > 0 || breached.length > 0) logger.info({ warned: warned.length, breached: breached.length }, 'SLA sweep recorded warnings and breaches');
          if (expiredSessions > 0) logger.debug({ expiredSessions }, 'expired desk sessions removed');
        },
        (error) => logger.error({ err: error }, 'SLA sweep failed'),
      )
      .finally(() => {
        sweeping = undefined;
      });
  }, config.desk.sweepIntervalMs);
  deskSweep.unref();
  const { bot, handoff, onTurnError } = assembleBot({
    storage: new BotStateStorage(storage.documents),
    calendar,
    knowledge: {
      decide: async (text) => {
        const decision = await knowledge.decide(text);
        metrics.decisionMade(decision.decision);
        return decision;
      },
      getEntry: (id) => knowledge.getEntry(id),
    },
    desk,
    privacy: new PrivacyService(storage.tickets, storage.conversations, storage.attachments, storage.audit),
    logger,
    ticketPrefix: DEFAULT_DESK_OPTIONS.ticketPrefix,
  });

  const feed = new ActivityFeed(storage.conversations, config.directLine.activityPollIntervalMs, (error) =>
    logger.error({ err: error }, 'web chat feed could not read activities'),
  );
  const webChatAdapter = new WebChatAdapter({
    conversations: storage.conversations,
    feed,
    bot: BOT_ACCOUNT,
    observer: metrics,
    logger,
    runTurn: (context) => bot.run(context),
  });
  webChatAdapter.onTurnError = onTurnError;
  webChatAdapter.use(handoff);

  // Platform channels: one ChannelAdapter per configured platform, on the same bot and handoff
  // middleware as web chat. One processor per instance runs the persisted webhook events of them all.
  const channelEvents = new ChannelEventProcessor({ events: storage.channelEvents, maxAttempts: config.channels.maxAttempts, logger });
  const offeredChoices = new OfferedChoicesStore(storage.documents);
  const channelAdapters = new Map<string, ChannelAdapter>();
  const addChannel = (platform: ChannelPlatform): ChannelAdapter => {
    const adapter = new ChannelAdapter({
      platform,
      events: storage.channelEvents,
      processor: channelEvents,
      choices: offeredChoices,
      bot: BOT_ACCOUNT,
      observer: metrics,
      logger,
      runTurn: (context) => bot.run(context),
      onDeliveryStatus: async (status) => {
        await desk.recordDeliveryStatus(status.channelId, status.conversationId, { messageId: status.messageId, status: status.status, at: status.at, error: status.error });
      },
      onSendFailed: async (failure) => {
        const ticket = await desk.findOwningTicket(failure.channelId, failure.conversationId);
        if (ticket) await desk.recordDeliveryFailure(ticket.ticketId, { accountId: 'bot', displayName: BOT_ACCOUNT.name }, failure.text, failure.error.message);
      },
    });
    adapter.onTurnError = onTurnError;
    adapter.use(handoff);
    channelAdapters.set(platform.channelId, adapter);
    return adapter;
  };
  let telegramPolling: TelegramPolling | undefined;
  if (config.channels.telegram) {
    const telegram = config.channels.telegram;
    const platform = new TelegramPlatform({
      botToken: telegram.botToken,
      webhookSecret: telegram.webhookSecret,
      apiBaseUrl: telegram.apiBaseUrl,
      attachments: storage.attachments,
      publicBaseUrl: config.publicBaseUrl,
      mediaMaxBytes: config.http.uploadMaxBytes,
      logger,
    });
    const adapter = addChannel(platform);
    if (telegram.mode === 'polling') telegramPolling = new TelegramPolling({ api: platform.api, adapter, webhookSecret: telegram.webhookSecret, logger });
  }
  const media = { attachments: storage.attachments, publicBaseUrl: config.publicBaseUrl, mediaMaxBytes: config.http.uploadMaxBytes, logger };
  if (config.channels.whatsapp) addChannel(new WhatsAppPlatform(config.channels.whatsapp, media));
  if (config.channels.messenger) addChannel(new MessengerPlatform(config.channels.messenger, media));
  if (config.channels.instagram) addChannel(new InstagramPlatform(config.channels.instagram, media));
  channelEvents.start();
  telegramPolling?.start();
  const tokens = new DirectLineTokens(config.secrets.tokenSigning, config.secrets.directLine, config.directLine.tokenTtlSeconds);

  const server = restify.createServer({ name: 'tanya-pabean', handleUncaughtExceptions: false, log: logger as never });
  let shuttingDown = false;

  server.pre(restify.plugins.pre.sanitizePath());
  server.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          // Web Chat styles its React components at run time.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'media-src': ["'self'", 'blob:'],
          'connect-src': ["'self'", 'ws:', 'wss:'],
          'font-src': ["'self'", 'data:'],
          'frame-ancestors': ["'self'"],
        },
      },
      crossOriginEmbedderPolicy: false,
    }) as unknown as restify.RequestHandler,
  );
  server.pre((req: Request, res: Response, next: restify.Next) => {
    // Direct Line clients may be embedded on other sites; they authenticate with a bearer token, never cookies.
    if (req.path().startsWith('/v3/directline')) {
      res.header('Access-Control-Allow-Origin', '*');
      res.header('Access-Control-Allow-Headers', 'Authorization, Content-Type, x-ms-bot-agent');
      res.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      if (req.method === 'OPTIONS') {
        res.send(204);
        return next(false);
      }
    }
    return next();
  });
  server.use(restify.plugins.queryParser({ mapParams: false }));

  // Errors restify raises itself (unknown route, body too large, malformed JSON) get the same body
  // shape as ours: { error: { code, message } }.
  server.on('restifyError', (_req: Request, _res: Response, error: Error & { body?: { code?: string }; statusCode?: number }, callback: () => void) => {
    const code = error.body?.code ?? error.name ?? 'Error';
    const message = (error.statusCode ?? 500) >= 500 ? 'The service could not complete the request.' : error.message;
    if ((error.statusCode ?? 500) >= 500) logger.error({ err: error }, 'request failed');
    Object.assign(error, { toJSON: () => errorBody(code, message) });
    callback();
  });

  server.on('after', (req: Request, res: Response) => {
    const channel = channelOfPath(req.path());
    if (channel) metrics.webhookRequest(channel, res.statusCode);
  });

  registerHealthRoutes(server, storage, metrics, () => shuttingDown);
  for (const channelId of PLATFORM_CHANNELS) {
    registerChannelWebhook(server, { channelId, adapter: channelAdapters.get(channelId), bodyMaxBytes: Math.max(config.http.bodyMaxBytes, CHANNEL_WEBHOOK_BODY_MAX_BYTES), logger, metrics });
  }
  const streams = registerDirectLineRoutes(server, {
    adapter: webChatAdapter,
    tokens,
    conversations: storage.conversations,
    attachments: storage.attachments,
    feed,
    logger,
    publicBaseUrl: config.publicBaseUrl,
    bodyMaxBytes: config.http.bodyMaxBytes,
    uploadMaxBytes: config.http.uploadMaxBytes,
  });
  registerWebChatPageRoutes(server, {
    tokens,
    officeName: calendar.office,
    serviceHours: { id: formatServiceHours(calendar, 'id'), en: formatServiceHours(calendar, 'en') },
    tokenRequestsPerMinute: config.webChat.tokenRequestsPerMinute,
    trustProxy: config.http.trustProxy,
    logger,
  });
  const deskAuth = new DeskAuthenticator(accounts, { publicBaseUrl: config.publicBaseUrl, trustProxy: config.http.trustProxy });
  const deskEvents = new DeskEventHub(storage.tickets, { pollIntervalMs: DESK_EVENTS_POLL_MS, formatTime: officeTimeFormatter(calendar), logger });
  const replies = createReplyDelivery(
    { webChat: webChatAdapter, platforms: channelAdapters },
    { onHandoffStatus: (context, status) => bot.onHandoffStatus(context, status), lastCitizenMessageAt: (ticket) => desk.lastCitizenMessageAt(ticket), logger },
  );
  registerDeskRoutes(server, {
    accounts,
    desk,
    tickets: storage.tickets,
    delivery: replies,
    handback: replies,
    knowledge,
    onChange: () => deskEvents.poke(),
    auth: deskAuth,
    calendar,
    warnFraction: config.desk.warnFraction,
    bodyMaxBytes: config.http.bodyMaxBytes,
    trustProxy: config.http.trustProxy,
    logger,
  });
  const consoleStreams = registerConsoleRoutes(server, { hub: deskEvents, auth: deskAuth, accounts, logger });
  registerChannelAdminRoutes(server, { events: storage.channelEvents, auth: deskAuth, audit: storage.audit, calendar, logger });
  if (config.azureBot) {
    const azureAdapter = createAzureBotAdapter(config.azureBot, onTurnError);
    azureAdapter.use(handoff);
    registerAzureBotRoutes(server, azureAdapter, (context) => bot.run(context), config.http.bodyMaxBytes);
  }

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      shuttingDown = true;
      clearInterval(knowledgeRefresh);
      clearInterval(deskSweep);
      // Webhooks answer 503 from now on (the platform retries); no new persisted events are claimed.
      for (const adapter of channelAdapters.values()) adapter.stop();
      channelEvents.stop();
      await telegramPolling?.stop();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      streams.closeStreams();
      await consoleStreams.closeStreams();
      // Web chat turns, channel events and proactive channel turns finish side by side. A channel event
      // cut short stays claimed; its lease expires and another instance (or the next start) runs it again.
      const [finished, channelsFinished] = await Promise.all([
        webChatAdapter.drain(config.http.shutdownTimeoutMs),
        channelEvents.drain(config.http.shutdownTimeoutMs),
        ...[...channelAdapters.values()].map((adapter) => adapter.drain(config.http.shutdownTimeoutMs)),
      ]);
      if (!finished) logger.warn({ activeTurns: webChatAdapter.activeTurns }, 'shutdown timeout: some turns did not finish');
      if (!channelsFinished) logger.warn({ activeEvents: channelEvents.activeEvents }, 'shutdown timeout: some channel events did not finish');
      feed.close();
      server.server.closeAllConnections();
      await stopped;
      await sweeping;
      await storage.close();
    })();
    return closing;
  };

  return {
    config,
    server,
    storage,
    webChatAdapter,
    channelAdapters,
    knowledge,
    accounts,
    desk,
    deskEvents,
    metrics,
    logger,
    listen: (port = config.port, host = config.host) =>
      new Promise<string>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.removeListener('error', reject);
          const address = server.address() as AddressInfo;
          const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
          resolve(`http://${shownHost}:${address.port}`);
        });
      }),
    close,
  };
}
