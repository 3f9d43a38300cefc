import { PlatformApiError } from '../channel/channel-platform';
import { readBoundedBody } from '../channel/read-bounded-body';

export interface TelegramBotApiOptions {
  /** TELEGRAM_API_BASE_URL: https://api.telegram.org, or a loopback fake in tests. */
  baseUrl: string;
  token: string;
  /** Per request, unless a call says otherwise. Default 10 s. */
  timeoutMs?: number;
}

/** The Bot API's answer: `{ok:true, result}` or `{ok:false, error_code, description, parameters}`. */
interface BotApiAnswer<T> {
  ok: boolean;
  result?: T;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * A small client of the Telegram Bot API (https://core.telegram.org/bots/api#making-requests):
 * `POST <base>/bot<token>/<method>` with a JSON body, and file downloads from
 * `<base>/file/bot<token>/<file_path>`. Failures become PlatformApiError: 429 (with
 * `parameters.retry_after`, https://core.telegram.org/bots/faq#my-bot-is-hitting-limits), 5xx and
 * network errors are retryable; 4xx (403: the citizen blocked the bot) are not. The token is part
 * of every URL, so URLs never appear in errors or logs.
 */
export class TelegramBotApi {
  private readonly baseUrl: string;

  constructor(private readonly options: TelegramBotApiOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async call<T>(method: string, params: Record<string, unknown> = {}, request: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<T> {
    const signal = combineSignals(request.signal, request.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/bot${this.options.token}/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(params),
        signal,
      });
    } catch (error) {
      throw new PlatformApiError(`Telegram ${method}: ${networkReason(error)}`, undefined, true);
    }
    let answer: BotApiAnswer<T> | undefined;
    try {
      answer = (await response.json()) as BotApiAnswer<T>;
    } catch {
      answer = undefined;
    }
    if (response.ok && answer?.ok) return answer.result as T;
    const status = answer?.error_code ?? response.status;
    const description = answer?.description ?? `HTTP ${response.status}`;
    const retryAfterSeconds = answer?.parameters?.retry_after ?? Number(response.headers.get('retry-after') ?? NaN);
    const retryable = status === 429 || status >= 500;
    throw new PlatformApiError(
      `Telegram ${method}: ${description}`,
      status,
      retryable,
      retryable && Number.isFinite(retryAfterSeconds) ? retryAfterSeconds * 1000 : undefined,
      status,
    );
  }

  /** Downloads a file by its `file_path` (from getFile). Refuses more than `maxBytes`. */
  async download(filePath: string, maxBytes: number): Promise<{ content: Buffer; contentType?: string }> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/file/bot${this.options.token}/${filePath.split('/').map(encodeURIComponent).join('/')}`, {
        signal: AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch (error) {
      throw new PlatformApiError(`Telegram file download: ${networkReason(error)}`, undefined, true);
    }
    if (!response.ok) {
      throw new PlatformApiError(`Telegram file download: HTTP ${response.status}`, response.status, response.status === 429 || response.status >= 500);
    }
    const content = await readBoundedBody(response, maxBytes);
    if (!content) throw new PlatformApiError(`Telegram file download: the file is over the limit of ${maxBytes} bytes`, 413, false);
    return { content, contentType: response.headers.get('content-type') ?? undefined };
  }
}

function combineSignals(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

function networkReason(error: unknown): string {
  const name = (error as Error)?.name;
  if (name === 'TimeoutError') return 'timed out';
  if (name === 'AbortError') return 'aborted';
  const cause = (error as { cause?: { code?: string } })?.cause?.code;
  return cause ? `network error (${cause})` : 'network error';
}
