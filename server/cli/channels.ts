import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PlatformApiError } from '../../adapters/channel/channel-platform';
import { TelegramBotApi } from '../../adapters/telegram/telegram-bot-api';
import { TELEGRAM_ALLOWED_UPDATES } from '../../adapters/telegram/telegram-platform';
import { InstagramPlatform } from '../../adapters/meta/instagram-platform';
import { MessengerPlatform } from '../../adapters/meta/messenger-platform';
import type { AttachmentRepository } from '../../storage/repositories';
import { type Config, ConfigError, loadConfig } from '../config';
import { createLogger } from '../logger';

const USAGE = `Usage: npm run --silent channels -- <command> [options]

Commands:
  telegram:set-webhook [--drop-pending-updates]
                   registers \${PUBLIC_BASE_URL}/api/telegram with Telegram (setWebhook), with
                   TELEGRAM_WEBHOOK_SECRET as its secret_token
  telegram:webhook-info
                   shows what Telegram has registered (URL, pending updates, last error)
  telegram:delete-webhook [--drop-pending-updates]
                   removes the webhook (TELEGRAM_MODE=polling needs that in development)
  messenger:subscribe
  instagram:subscribe
                   subscribes the app to the Page's / Instagram account's webhook fields again
                   (POST /me/subscribed_apps): after an hour of failed webhooks Meta unsubscribes
                   it (docs/meta-webhook-resubscription.md)

Reads the same settings as the service (.env, environment): TELEGRAM_BOT_TOKEN,
TELEGRAM_WEBHOOK_SECRET, TELEGRAM_API_BASE_URL and PUBLIC_BASE_URL (https); MESSENGER_* and
INSTAGRAM_* for the Meta commands.`;

/** Bad arguments or missing configuration: exit code 2. */
export class UsageError extends Error {}

interface WebhookInfo {
  url: string;
  has_custom_certificate?: boolean;
  pending_update_count?: number;
  ip_address?: string;
  last_error_date?: number;
  last_error_message?: string;
  max_connections?: number;
  allowed_updates?: string[];
}

export interface CliOutput {
  write(text: string): unknown;
}

export async function main(argv: string[], environment: NodeJS.ProcessEnv = process.env, out: CliOutput = process.stdout): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'drop-pending-updates': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
  });
  const [command, ...extra] = positionals;
  if (values.help) {
    out.write(`${USAGE}\n`);
    return 0;
  }
  if (!command) throw new UsageError('a command is needed');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (!['telegram:set-webhook', 'telegram:webhook-info', 'telegram:delete-webhook', 'messenger:subscribe', 'instagram:subscribe'].includes(command)) {
    throw new UsageError(`unknown command "${command}"`);
  }

  const config = loadConfig(environment);
  if (command === 'messenger:subscribe' || command === 'instagram:subscribe') return subscribeMeta(command, config, out);
  const telegram = config.channels.telegram;
  if (!telegram) throw new UsageError('Telegram is not configured: set TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET');
  const api = new TelegramBotApi({ baseUrl: telegram.apiBaseUrl, token: telegram.botToken, timeoutMs: 15_000 });

  switch (command) {
    case 'telegram:set-webhook': {
      if (!config.publicBaseUrl) throw new UsageError('PUBLIC_BASE_URL is not set: Telegram needs the public https:// address of this service');
      if (!config.publicBaseUrl.startsWith('https://')) throw new UsageError(`PUBLIC_BASE_URL must start with https:// for Telegram (got "${config.publicBaseUrl}")`);
      const url = `${config.publicBaseUrl.replace(/\/+$/, '')}/api/telegram`;
      await api.call('setWebhook', {
        url,
        secret_token: telegram.webhookSecret,
        allowed_updates: TELEGRAM_ALLOWED_UPDATES,
        drop_pending_updates: values['drop-pending-updates'],
      });
      out.write(`Telegram webhook set: ${url}\n`);
      if (telegram.mode === 'polling') out.write('Note: TELEGRAM_MODE is polling; a set webhook stops getUpdates. Use telegram:delete-webhook to poll.\n');
      return 0;
    }
    case 'telegram:webhook-info': {
      const info = await api.call<WebhookInfo>('getWebhookInfo');
      out.write(`url: ${info.url || '(none: long polling only)'}\n`);
      out.write(`pending updates: ${info.pending_update_count ?? 0}\n`);
      if (info.allowed_updates) out.write(`allowed updates: ${info.allowed_updates.join(', ')}\n`);
      if (info.max_connections) out.write(`max connections: ${info.max_connections}\n`);
      if (info.last_error_date) out.write(`last error: ${new Date(info.last_error_date * 1000).toISOString()} ${info.last_error_message ?? ''}\n`);
      return 0;
    }
    default: {
      await api.call('deleteWebhook', { drop_pending_updates: values['drop-pending-updates'] });
      out.write('Telegram webhook removed.\n');
      return 0;
    }
  }
}

/** Subscribes the app to the Messenger Page's or Instagram account's webhook fields. */
async function subscribeMeta(command: 'messenger:subscribe' | 'instagram:subscribe', config: Config, out: CliOutput): Promise<number> {
  const logger = createLogger('silent');
  const deps = { attachments: UNUSED_ATTACHMENTS, logger };
  if (command === 'messenger:subscribe') {
    if (!config.channels.messenger) throw new UsageError('Messenger is not configured: set MESSENGER_PAGE_ACCESS_TOKEN, MESSENGER_APP_SECRET and MESSENGER_VERIFY_TOKEN');
    await new MessengerPlatform(config.channels.messenger, deps).subscribeWebhooks();
    out.write('Messenger: the app is subscribed to the Page\'s webhook fields.\n');
    return 0;
  }
  if (!config.channels.instagram) throw new UsageError('Instagram is not configured: set INSTAGRAM_ACCESS_TOKEN, INSTAGRAM_APP_SECRET and INSTAGRAM_VERIFY_TOKEN');
  await new InstagramPlatform(config.channels.instagram, deps).subscribeWebhooks();
  out.write('Instagram: the app is subscribed to the account\'s webhook fields.\n');
  return 0;
}

/** Subscribing downloads no media: an attachment store that is never called. */
const UNUSED_ATTACHMENTS: AttachmentRepository = {
  saveAttachment: async () => {
    throw new Error('channels CLI: no attachments are stored here');
  },
  getAttachment: async () => undefined,
  deleteByConversation: async () => 0,
};

/** Runs a command and maps failures to exit codes: 2 for bad arguments or missing configuration, 1 for the API's refusals. */
export async function run(argv: string[], environment: NodeJS.ProcessEnv = process.env, out: CliOutput = process.stdout, err: CliOutput = process.stderr): Promise<number> {
  try {
    return await main(argv, environment, out);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err.write(`channels: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      err.write(`channels: ${error.message}\n`);
      return 2;
    }
    if (error instanceof PlatformApiError) {
      err.write(`channels: ${error.message}\n`);
      return 1;
    }
    err.write(`channels: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  // As `npm start`: values already in the environment win over the file.
  if (existsSync('.env')) process.loadEnvFile('.env');
  void run(process.argv.slice(2)).then((code) => process.exit(code));
}
