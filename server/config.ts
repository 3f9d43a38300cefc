import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { type EngineOptions, resolveEngineOptions } from '../knowledge/engine-options';

/**
 * The one module that reads the environment (STYLE.md rule 7). Every setting has a name, a
 * description and a default here; `.env.example` and the README's table list the same settings
 * (tests/unit/config.test.ts keeps them in step).
 */

const booleanFromString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const positiveInteger = (max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: `expected a whole number from 1 to ${max}` })
    .transform(Number)
    .refine((value) => value >= 1 && value <= max, { message: `expected a whole number from 1 to ${max}` });

const secretString = z.string().min(32, { message: 'expected at least 32 characters' });
const encryptionKey = z
  .string()
  .refine((value) => decodeKey(value)?.length === 32, {
    message: 'expected a 32-byte key as 64 hex characters or 44 base64 characters',
  });

interface SettingSpec {
  description: string;
  /** Shown in .env.example; undefined means "unset by default". */
  default?: string;
  schema: z.ZodType<unknown>;
}

export const settings = {
  NODE_ENV: {
    description: 'development, test or production. Production refuses generated secrets.',
    default: 'development',
    schema: z.enum(['development', 'test', 'production']),
  },
  HOST: { description: 'Interface to listen on.', default: '0.0.0.0', schema: z.string().min(1) },
  PORT: { description: 'HTTP port.', default: '3978', schema: positiveInteger(65535) },
  PUBLIC_BASE_URL: {
    description: 'Public address of this service (https://…); used for stream and attachment URLs. Unset: taken from each request.',
    schema: z.url({ message: 'expected an absolute http(s) URL' }).transform((value) => value.replace(/\/+$/, '')),
  },
  DATA_DIR: {
    description: 'Folder for the embedded database and generated development secrets.',
    default: './data',
    schema: z.string().min(1),
  },
  MONGODB_URI: {
    description: 'MongoDB connection string. Unset: the embedded SQLite store under DATA_DIR.',
    schema: z.string().regex(/^mongodb(\+srv)?:\/\//, { message: 'expected a mongodb:// or mongodb+srv:// URI' }),
  },
  MONGODB_DATABASE: { description: 'MongoDB database name.', default: 'tanya-pabean', schema: z.string().min(1) },
  LOG_LEVEL: {
    description: 'fatal, error, warn, info, debug, trace or silent.',
    default: 'info',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  },
  TOKEN_SIGNING_SECRET: {
    description: 'Signs Direct Line tokens (32+ characters). Generated under DATA_DIR in development; required in production.',
    schema: secretString,
  },
  FIELD_ENCRYPTION_KEY: {
    description: 'AES-256 key for identity numbers at rest (64 hex or 44 base64 characters). Generated in development; required in production.',
    schema: encryptionKey,
  },
  DIRECTLINE_SECRET: {
    description: 'Secret for POST /v3/directline/tokens/generate and secret-authenticated conversations (32+ characters). Generated in development; required in production.',
    schema: secretString,
  },
  DIRECTLINE_TOKEN_TTL_SECONDS: {
    description: 'Lifetime of a Direct Line token in seconds (clients refresh at half of it).',
    default: '1800',
    schema: positiveInteger(86400),
  },
  WEBCHAT_TOKEN_REQUESTS_PER_MINUTE: {
    description: 'How many anonymous web chat tokens one client address may get per minute.',
    default: '10',
    schema: positiveInteger(10000),
  },
  TRUST_PROXY: {
    description: 'true when behind a reverse proxy: the client address is taken from X-Forwarded-For.',
    default: 'false',
    schema: booleanFromString,
  },
  REQUEST_BODY_MAX_BYTES: {
    description: 'Largest JSON request body accepted (bigger: 413).',
    default: '65536',
    schema: positiveInteger(16 * 1024 * 1024),
  },
  UPLOAD_MAX_BYTES: {
    description: 'Largest attachment upload accepted, all files together (bigger: 413).',
    default: '4194304',
    schema: positiveInteger(64 * 1024 * 1024),
  },
  ACTIVITY_POLL_INTERVAL_MS: {
    description: 'How often open web chat streams look for activities written by other instances.',
    default: '1000',
    schema: positiveInteger(60000),
  },
  SHUTDOWN_TIMEOUT_MS: {
    description: 'How long a graceful shutdown waits for running turns before closing storage.',
    default: '10000',
    schema: positiveInteger(600000),
  },
  OFFICE_CALENDAR_FILE: {
    description: 'The office calendar JSON (name, time zone, hours, holidays). Default: the shipped example office.',
    default: 'officers/calendars/kppbc-contoh.json',
    schema: z.string().min(1),
  },
  DESK_SWEEP_INTERVAL_MS: {
    description: 'How often each instance looks for SLA warnings and breaches that are due (each is claimed atomically, so every instance may sweep).',
    default: '15000',
    schema: positiveInteger(3600000),
  },
  DESK_WARN_FRACTION: {
    description: 'Share of the SLA time (more than 0, at most 1) after which officers see a warning.',
    default: '0.75',
    schema: z
      .string()
      .regex(/^(0?\.\d+|1(\.0+)?)$/, { message: 'expected a number above 0 and at most 1' })
      .transform(Number)
      .refine((value) => value > 0 && value <= 1, { message: 'expected a number above 0 and at most 1' }),
  },
  DESK_REOPEN_WINDOW_HOURS: {
    description: 'A citizen who writes again within this many hours after an officer\'s answer reopens the ticket (0: never reopen).',
    default: '72',
    schema: z
      .string()
      .regex(/^\d+$/, { message: 'expected a whole number of hours from 0 to 720' })
      .transform(Number)
      .refine((value) => value <= 720, { message: 'expected a whole number of hours from 0 to 720' }),
  },
  SESSION_TTL_MINUTES: {
    description: 'How long an officer stays signed in to the desk, in minutes.',
    default: '480',
    schema: positiveInteger(7 * 24 * 60),
  },
  KNOWLEDGE_REFRESH_INTERVAL_MS: {
    description: 'How often each instance checks the knowledge base for edits made elsewhere and rebuilds its index.',
    default: '2000',
    schema: positiveInteger(600000),
  },
  KNOWLEDGE_ENGINE_OPTIONS: {
    description: 'JSON object overriding answer-engine thresholds, e.g. {"answerThreshold":0.5}; keys and defaults are in the README. Unset: the tuned defaults.',
    schema: z
      .string()
      .transform((value, context) => {
        try {
          return resolveEngineOptions(z.record(z.string(), z.number()).parse(JSON.parse(value)) as Partial<EngineOptions>);
        } catch (error) {
          context.addIssue({ code: 'custom', message: `expected a JSON object of engine options: ${(error as Error).message.split('\n')[0]}` });
          return z.NEVER;
        }
      }),
  },
  CLU_ENDPOINT: {
    description: 'Azure AI Language endpoint (https://<resource>.cognitiveservices.azure.com). With CLU_KEY, CLU_PROJECT_NAME and CLU_DEPLOYMENT_NAME it turns on the CLU recognizer. Unset: local engine only.',
    schema: z.url({ message: 'expected an absolute http(s) URL' }).transform((value) => value.replace(/\/+$/, '')),
  },
  CLU_KEY: { description: 'Azure AI Language key.', schema: z.string().min(1) },
  CLU_PROJECT_NAME: { description: 'CLU project whose intents are the topic keys.', schema: z.string().min(1) },
  CLU_DEPLOYMENT_NAME: { description: 'CLU deployment name.', schema: z.string().min(1) },
  CLU_API_VERSION: { description: 'Language service API version.', default: '2023-04-01', schema: z.string().regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/, { message: 'expected a date like 2023-04-01' }) },
  CLU_TIMEOUT_MS: { description: 'How long to wait for CLU before keeping the local decision.', default: '1500', schema: positiveInteger(30000) },
  CLU_MIN_CONFIDENCE: {
    description: 'Lowest CLU intent confidence (0-1) that overrides the local engine.',
    default: '0.7',
    schema: z.string().regex(/^(0(\.\d+)?|1(\.0+)?)$/, { message: 'expected a number from 0 to 1' }).transform(Number),
  },
  MICROSOFT_APP_ID: {
    description: 'Azure Bot app id. With MICROSOFT_APP_PASSWORD it turns on /api/messages (CloudAdapter). Unset: off.',
    schema: z.string().min(1),
  },
  MICROSOFT_APP_PASSWORD: { description: 'Azure Bot app password (client secret).', schema: z.string().min(1) },
  MICROSOFT_APP_TYPE: {
    description: 'MultiTenant, SingleTenant or UserAssignedMSI.',
    default: 'MultiTenant',
    schema: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']),
  },
  MICROSOFT_APP_TENANT_ID: { description: 'Azure tenant id (SingleTenant only).', schema: z.string().min(1) },

  TELEGRAM_BOT_TOKEN: { description: 'Telegram bot token from @BotFather. With TELEGRAM_WEBHOOK_SECRET it turns on /api/telegram. Unset: Telegram is off (404).', schema: z.string().regex(/^\d+:[A-Za-z0-9_-]{20,}$/, { message: 'expected a BotFather token like 123456789:AA…' }) },
  TELEGRAM_WEBHOOK_SECRET: { description: 'Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token (1-256 of A-Z a-z 0-9 _ -); set it with `npm run channels -- telegram:set-webhook`.', schema: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, { message: 'expected 1-256 characters of A-Z, a-z, 0-9, _ and -' }) },
  TELEGRAM_API_BASE_URL: { description: 'Telegram Bot API base URL (a loopback fake in tests).', default: 'https://api.telegram.org', schema: z.url({ message: 'expected an http(s) URL' }) },
  TELEGRAM_MODE: { description: 'webhook (production) or polling (development without a public URL: getUpdates long polling).', default: 'webhook', schema: z.enum(['webhook', 'polling']) },

  WHATSAPP_ACCESS_TOKEN: { description: 'WhatsApp Cloud API system-user token. With WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN and WHATSAPP_PHONE_NUMBER_ID it turns on /api/whatsapp. Unset: off (404).', schema: z.string().min(1) },
  WHATSAPP_APP_SECRET: { description: 'Meta app secret: X-Hub-Signature-256 is checked with it.', schema: z.string().min(1) },
  WHATSAPP_VERIFY_TOKEN: { description: 'The verify token you type in the Meta app dashboard (GET hub.verify_token).', schema: z.string().min(1) },
  WHATSAPP_PHONE_NUMBER_ID: { description: 'The business phone number id that sends (Graph API /<id>/messages).', schema: z.string().regex(/^\d+$/, { message: 'expected the numeric phone number id' }) },
  WHATSAPP_TEMPLATE_NAME: { description: 'Approved UTILITY template that invites the citizen back after the 24 h window; its body variable {{1}} is the ticket number.', default: 'jawaban_tiket_tersedia', schema: z.string().regex(/^[a-z0-9_]{1,512}$/, { message: 'expected a template name of a-z, 0-9 and _' }) },
  WHATSAPP_TEMPLATE_LANGUAGE: { description: 'Language code of that template.', default: 'id', schema: z.string().regex(/^[a-z]{2}(_[A-Z]{2})?$/, { message: 'expected a language code like id or en_US' }) },
  WHATSAPP_API_BASE_URL: { description: 'Graph API base URL with version.', default: 'https://graph.facebook.com/v25.0', schema: z.url({ message: 'expected an http(s) URL' }) },

  MESSENGER_PAGE_ACCESS_TOKEN: { description: 'Facebook Page access token. With MESSENGER_APP_SECRET and MESSENGER_VERIFY_TOKEN it turns on /api/messenger. Unset: off (404).', schema: z.string().min(1) },
  MESSENGER_APP_SECRET: { description: 'Meta app secret for X-Hub-Signature-256.', schema: z.string().min(1) },
  MESSENGER_VERIFY_TOKEN: { description: 'Verify token of the Messenger webhook subscription.', schema: z.string().min(1) },
  MESSENGER_API_BASE_URL: { description: 'Graph API base URL with version.', default: 'https://graph.facebook.com/v25.0', schema: z.url({ message: 'expected an http(s) URL' }) },

  INSTAGRAM_ACCESS_TOKEN: { description: 'Instagram messaging token (Instagram Login, or the linked Page token). With INSTAGRAM_APP_SECRET and INSTAGRAM_VERIFY_TOKEN it turns on /api/instagram. Unset: off (404).', schema: z.string().min(1) },
  INSTAGRAM_APP_SECRET: { description: 'Meta app secret for X-Hub-Signature-256.', schema: z.string().min(1) },
  INSTAGRAM_VERIFY_TOKEN: { description: 'Verify token of the Instagram webhook subscription.', schema: z.string().min(1) },
  INSTAGRAM_API_BASE_URL: { description: 'Instagram Graph API base URL with version (graph.facebook.com for a Page-linked account).', default: 'https://graph.instagram.com/v25.0', schema: z.url({ message: 'expected an http(s) URL' }) },

  CHANNEL_MAX_ATTEMPTS: { description: 'How many times an inbound channel event is processed before it goes to the dead-letter list.', default: '5', schema: positiveInteger(50) },
} satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof settings;

type SettingValue<K extends SettingName> = z.output<(typeof settings)[K]['schema']>;

export interface Config {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  publicBaseUrl?: string;
  dataDir: string;
  mongodb?: { uri: string; databaseName: string };
  logLevel: SettingValue<'LOG_LEVEL'>;
  secrets: { tokenSigning: string; fieldEncryptionKey: string; directLine: string; generated: boolean };
  directLine: { tokenTtlSeconds: number; activityPollIntervalMs: number };
  webChat: { tokenRequestsPerMinute: number };
  http: { trustProxy: boolean; bodyMaxBytes: number; uploadMaxBytes: number; shutdownTimeoutMs: number };
  officeCalendarFile: string;
  desk: { sweepIntervalMs: number; warnFraction: number; reopenWindowHours: number; sessionTtlMinutes: number };
  knowledge: { refreshIntervalMs: number; engineOptions: EngineOptions };
  clu?: { endpoint: string; key: string; projectName: string; deploymentName: string; apiVersion: string; timeoutMs: number; minConfidence: number };
  azureBot?: { appId: string; appPassword: string; appType: string; tenantId?: string };
  /** Each channel is on when its required variables are set, off otherwise (its route answers 404). */
  channels: ChannelsConfig;
}

export interface ChannelsConfig {
  telegram?: { botToken: string; webhookSecret: string; apiBaseUrl: string; mode: 'webhook' | 'polling' };
  whatsapp?: { accessToken: string; appSecret: string; verifyToken: string; phoneNumberId: string; templateName: string; templateLanguage: string; apiBaseUrl: string };
  messenger?: { pageAccessToken: string; appSecret: string; verifyToken: string; apiBaseUrl: string };
  instagram?: { accessToken: string; appSecret: string; verifyToken: string; apiBaseUrl: string };
  maxAttempts: number;
}

/** The required variables of each channel: all or none (a half-configured channel stops start-up). */
const CHANNEL_REQUIRED: Record<'telegram' | 'whatsapp' | 'messenger' | 'instagram', SettingName[]> = {
  telegram: ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET'],
  whatsapp: ['WHATSAPP_ACCESS_TOKEN', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID'],
  messenger: ['MESSENGER_PAGE_ACCESS_TOKEN', 'MESSENGER_APP_SECRET', 'MESSENGER_VERIFY_TOKEN'],
  instagram: ['INSTAGRAM_ACCESS_TOKEN', 'INSTAGRAM_APP_SECRET', 'INSTAGRAM_VERIFY_TOKEN'],
};

/** A configuration value that cannot be used; the message names the variable and what is expected. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const GENERATED_SECRETS_FILE = 'secrets.json';

/**
 * Parses the environment once. In development and test, missing secrets are generated and kept in
 * DATA_DIR/secrets.json (mode 0600) so tokens stay valid across restarts; production requires them.
 */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const read = <K extends SettingName>(name: K): SettingValue<K> | undefined => {
    const spec: SettingSpec = settings[name];
    const raw = environment[name];
    const value = raw === undefined || raw === '' ? spec.default : raw;
    if (value === undefined) return undefined;
    const result = spec.schema.safeParse(value);
    if (!result.success) {
      const reason = result.error.issues[0]?.message ?? 'invalid value';
      const shown = /SECRET|KEY|PASSWORD|ACCESS_TOKEN|BOT_TOKEN|VERIFY_TOKEN/.test(name) ? '(hidden)' : JSON.stringify(value);
      throw new ConfigError(`Configuration error: ${name} is invalid: ${reason} (got ${shown}).`);
    }
    return result.data as SettingValue<K>;
  };

  const env = read('NODE_ENV') ?? 'development';
  const dataDir = path.resolve(read('DATA_DIR') ?? './data');
  const mongodbUri = read('MONGODB_URI');
  const appId = read('MICROSOFT_APP_ID');
  const appPassword = read('MICROSOFT_APP_PASSWORD');
  if (Boolean(appId) !== Boolean(appPassword)) {
    throw new ConfigError('Configuration error: MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD must be set together (or neither).');
  }

  const clu = {
    endpoint: read('CLU_ENDPOINT'),
    key: read('CLU_KEY'),
    projectName: read('CLU_PROJECT_NAME'),
    deploymentName: read('CLU_DEPLOYMENT_NAME'),
  };
  const cluSet = Object.values(clu).filter(Boolean).length;
  if (cluSet > 0 && cluSet < 4) {
    throw new ConfigError('Configuration error: CLU_ENDPOINT, CLU_KEY, CLU_PROJECT_NAME and CLU_DEPLOYMENT_NAME must be set together (or none).');
  }

  const given = {
    tokenSigning: read('TOKEN_SIGNING_SECRET'),
    fieldEncryptionKey: read('FIELD_ENCRYPTION_KEY'),
    directLine: read('DIRECTLINE_SECRET'),
  };
  const secrets = resolveSecrets(env, dataDir, given);

  return {
    env,
    host: read('HOST') ?? '0.0.0.0',
    port: read('PORT') ?? 3978,
    publicBaseUrl: read('PUBLIC_BASE_URL'),
    dataDir,
    mongodb: mongodbUri ? { uri: mongodbUri, databaseName: read('MONGODB_DATABASE') ?? 'tanya-pabean' } : undefined,
    logLevel: read('LOG_LEVEL') ?? 'info',
    secrets,
    directLine: {
      tokenTtlSeconds: read('DIRECTLINE_TOKEN_TTL_SECONDS') ?? 1800,
      activityPollIntervalMs: read('ACTIVITY_POLL_INTERVAL_MS') ?? 1000,
    },
    webChat: { tokenRequestsPerMinute: read('WEBCHAT_TOKEN_REQUESTS_PER_MINUTE') ?? 10 },
    http: {
      trustProxy: read('TRUST_PROXY') ?? false,
      bodyMaxBytes: read('REQUEST_BODY_MAX_BYTES') ?? 65536,
      uploadMaxBytes: read('UPLOAD_MAX_BYTES') ?? 4194304,
      shutdownTimeoutMs: read('SHUTDOWN_TIMEOUT_MS') ?? 10000,
    },
    officeCalendarFile: path.resolve(projectRoot(), read('OFFICE_CALENDAR_FILE') ?? 'officers/calendars/kppbc-contoh.json'),
    desk: {
      sweepIntervalMs: read('DESK_SWEEP_INTERVAL_MS') ?? 15000,
      warnFraction: read('DESK_WARN_FRACTION') ?? 0.75,
      reopenWindowHours: read('DESK_REOPEN_WINDOW_HOURS') ?? 72,
      sessionTtlMinutes: read('SESSION_TTL_MINUTES') ?? 480,
    },
    knowledge: {
      refreshIntervalMs: read('KNOWLEDGE_REFRESH_INTERVAL_MS') ?? 2000,
      engineOptions: read('KNOWLEDGE_ENGINE_OPTIONS') ?? resolveEngineOptions(),
    },
    clu:
      cluSet === 4
        ? {
            endpoint: clu.endpoint as string,
            key: clu.key as string,
            projectName: clu.projectName as string,
            deploymentName: clu.deploymentName as string,
            apiVersion: read('CLU_API_VERSION') ?? '2023-04-01',
            timeoutMs: read('CLU_TIMEOUT_MS') ?? 1500,
            minConfidence: read('CLU_MIN_CONFIDENCE') ?? 0.7,
          }
        : undefined,
    channels: readChannels(read),
    azureBot:
      appId && appPassword
        ? { appId, appPassword, appType: read('MICROSOFT_APP_TYPE') ?? 'MultiTenant', tenantId: read('MICROSOFT_APP_TENANT_ID') }
        : undefined,
  };
}

function readChannels(read: <K extends SettingName>(name: K) => SettingValue<K> | undefined): ChannelsConfig {
  const on = (channel: keyof typeof CHANNEL_REQUIRED): boolean => {
    const names = CHANNEL_REQUIRED[channel];
    const set = names.filter((name) => read(name) !== undefined);
    if (set.length > 0 && set.length < names.length) {
      const missing = names.filter((name) => !set.includes(name));
      throw new ConfigError(`Configuration error: ${channel} is half configured: set ${missing.join(', ')} too (or unset ${set.join(', ')}).`);
    }
    return set.length === names.length;
  };
  const text = (name: SettingName): string => read(name) as string;
  return {
    telegram: on('telegram')
      ? { botToken: text('TELEGRAM_BOT_TOKEN'), webhookSecret: text('TELEGRAM_WEBHOOK_SECRET'), apiBaseUrl: text('TELEGRAM_API_BASE_URL'), mode: read('TELEGRAM_MODE') ?? 'webhook' }
      : undefined,
    whatsapp: on('whatsapp')
      ? {
          accessToken: text('WHATSAPP_ACCESS_TOKEN'),
          appSecret: text('WHATSAPP_APP_SECRET'),
          verifyToken: text('WHATSAPP_VERIFY_TOKEN'),
          phoneNumberId: text('WHATSAPP_PHONE_NUMBER_ID'),
          templateName: text('WHATSAPP_TEMPLATE_NAME'),
          templateLanguage: text('WHATSAPP_TEMPLATE_LANGUAGE'),
          apiBaseUrl: text('WHATSAPP_API_BASE_URL'),
        }
      : undefined,
    messenger: on('messenger')
      ? { pageAccessToken: text('MESSENGER_PAGE_ACCESS_TOKEN'), appSecret: text('MESSENGER_APP_SECRET'), verifyToken: text('MESSENGER_VERIFY_TOKEN'), apiBaseUrl: text('MESSENGER_API_BASE_URL') }
      : undefined,
    instagram: on('instagram')
      ? { accessToken: text('INSTAGRAM_ACCESS_TOKEN'), appSecret: text('INSTAGRAM_APP_SECRET'), verifyToken: text('INSTAGRAM_VERIFY_TOKEN'), apiBaseUrl: text('INSTAGRAM_API_BASE_URL') }
      : undefined,
    maxAttempts: read('CHANNEL_MAX_ATTEMPTS') ?? 5,
  };
}

function resolveSecrets(
  env: Config['env'],
  dataDir: string,
  given: { tokenSigning?: string; fieldEncryptionKey?: string; directLine?: string },
): Config['secrets'] {
  const missing = (Object.keys(given) as Array<keyof typeof given>).filter((key) => !given[key]);
  if (missing.length === 0) {
    return { ...(given as Required<typeof given>), generated: false };
  }
  if (env === 'production') {
    const names = { tokenSigning: 'TOKEN_SIGNING_SECRET', fieldEncryptionKey: 'FIELD_ENCRYPTION_KEY', directLine: 'DIRECTLINE_SECRET' };
    throw new ConfigError(
      `Configuration error: ${missing.map((key) => names[key]).join(', ')} must be set in production (secrets are generated only in development).`,
    );
  }
  const file = path.join(dataDir, GENERATED_SECRETS_FILE);
  let stored: Partial<Record<keyof typeof given, string>> = {};
  if (existsSync(file)) {
    try {
      stored = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      throw new ConfigError(`Configuration error: ${file} is not valid JSON; delete it to generate new development secrets.`);
    }
  }
  const generated = {
    tokenSigning: stored.tokenSigning ?? randomBytes(32).toString('base64url'),
    fieldEncryptionKey: stored.fieldEncryptionKey ?? randomBytes(32).toString('base64'),
    directLine: stored.directLine ?? randomBytes(32).toString('base64url'),
  };
  if (Object.keys(generated).some((key) => !stored[key as keyof typeof given])) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(generated, null, 2) + '\n', { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return {
    tokenSigning: given.tokenSigning ?? generated.tokenSigning,
    fieldEncryptionKey: given.fieldEncryptionKey ?? generated.fieldEncryptionKey,
    directLine: given.directLine ?? generated.directLine,
    generated: true,
  };
}

/** Decodes a 32-byte key given as hex or base64; undefined when it is neither. */
export function decodeKey(value: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) return Buffer.from(value, 'base64');
  return undefined;
}

/** The folder holding package.json, from source (ts-jest) and from dist/ alike. */
export function projectRoot(): string {
  let folder = __dirname;
  while (!existsSync(path.join(folder, 'package.json'))) {
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error('projectRoot(): package.json not found above ' + __dirname);
    folder = parent;
  }
  return folder;
}
