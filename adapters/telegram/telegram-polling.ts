import type { Logger } from 'pino';
import type { WebhookAnswer } from '../channel/channel-adapter';
import type { RequestHeaders } from '../channel/channel-platform';
import { PlatformApiError } from '../channel/channel-platform';
import type { TelegramBotApi } from './telegram-bot-api';
import { TELEGRAM_ALLOWED_UPDATES, TELEGRAM_SECRET_HEADER } from './telegram-platform';

export interface TelegramPollingOptions {
  api: TelegramBotApi;
  /** The webhook path every update takes (ChannelAdapter.handleWebhook): verify, parse, persist, de-duplicate. */
  adapter: { handleWebhook(rawBody: Buffer, headers: RequestHeaders, query?: Record<string, string | undefined>): Promise<WebhookAnswer> };
  /** TELEGRAM_WEBHOOK_SECRET: put on each update so it passes the same check as a webhook request. */
  webhookSecret: string;
  logger: Logger;
  /** getUpdates long-poll timeout in seconds. Default 25. */
  timeoutSeconds?: number;
  /** Wait after a failed poll. Default 5 s. */
  retryDelayMs?: number;
}

/**
 * TELEGRAM_MODE=polling: development without a public HTTPS address. Long-polls getUpdates
 * (https://core.telegram.org/bots/api#getupdates) and feeds each update, as the body Telegram would
 * have posted, through the webhook path, so de-duplication, persistence and retries are the same.
 * The offset moves past an update only once it is persisted (or refused as malformed), so an update
 * is never lost; getUpdates answers 409 while a webhook is set (delete it with
 * `npm run channels -- telegram:delete-webhook`).
 */
export class TelegramPolling {
  private offset: number | undefined;
  private running: Promise<void> | undefined;
  private readonly abort = new AbortController();

  constructor(private readonly options: TelegramPollingOptions) {}

  start(): void {
    this.running ??= this.loop();
  }

  /** Ends the long poll under way and the loop. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    const { api, logger } = this.options;
    const timeout = this.options.timeoutSeconds ?? 25;
    logger.info({ channel: 'telegram' }, 'Telegram long polling started');
    while (!this.abort.signal.aborted) {
      try {
        const updates = await api.call<Array<Record<string, unknown>>>(
          'getUpdates',
          { offset: this.offset, timeout, allowed_updates: TELEGRAM_ALLOWED_UPDATES },
          { timeoutMs: (timeout + 10) * 1000, signal: this.abort.signal },
        );
        for (const update of updates) await this.accept(update);
      } catch (error) {
        if (this.abort.signal.aborted) break;
        if (error instanceof PlatformApiError && error.status === 409) {
          logger.error({ channel: 'telegram' }, 'getUpdates refused: a webhook is set; run `npm run channels -- telegram:delete-webhook` to poll in development');
        } else {
          logger.warn({ err: error, channel: 'telegram' }, 'Telegram getUpdates failed: retrying');
        }
        await this.pause(error instanceof PlatformApiError && error.retryAfterMs ? error.retryAfterMs : (this.options.retryDelayMs ?? 5000));
      }
    }
    logger.info({ channel: 'telegram' }, 'Telegram long polling stopped');
  }

  private async accept(update: Record<string, unknown>): Promise<void> {
    const headers: RequestHeaders = { 'content-type': 'application/json', [TELEGRAM_SECRET_HEADER]: this.options.webhookSecret };
    const answer = await this.options.adapter.handleWebhook(Buffer.from(JSON.stringify(update), 'utf8'), headers, {});
    if (answer.status >= 500) throw new Error(`update ${String(update.update_id)} could not be accepted (${answer.status})`);
    if (answer.status !== 200) this.options.logger.warn({ channel: 'telegram', status: answer.status, updateId: update.update_id }, 'polled update refused');
    if (typeof update.update_id === 'number') this.offset = update.update_id + 1;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.abort.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    });
  }
}
