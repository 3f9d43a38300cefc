import { PlatformApiError } from '../channel/channel-platform';
import { readBoundedBody } from '../channel/read-bounded-body';

/**
 * The Graph API calls the WhatsApp platform makes: JSON GET/POST with the system-user token, and
 * media downloads. Every failure becomes a PlatformApiError that says whether trying again helps.
 * Error shape and codes: https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes
 */

export interface GraphApiClientOptions {
  /** Base URL with the version, e.g. `https://graph.facebook.com/v25.0`. */
  apiBaseUrl: string;
  accessToken: string;
  fetch?: typeof fetch;
  /** Per request; downloads get four times as long. */
  timeoutMs?: number;
}

/** `{ error: { message, type, code, error_data: { details }, fbtrace_id } }` */
export interface GraphError {
  message?: string;
  type?: string;
  code?: number;
  error_data?: { details?: string };
  fbtrace_id?: string;
}

/** Error codes (channels.md §1.3). */
export const GRAPH_ERROR = {
  /** Cloud API throughput (80 msg/s per number by default) reached. */
  throughputLimit: 130429,
  /** Pair rate limit: too many messages to one user (about 1 per 6 s); Meta suggests waiting 4^X s. */
  pairRateLimit: 131056,
  /** The 24 h customer service window is closed: only a template may be sent. */
  reengagementRequired: 131047,
} as const;

/** App or business account call rate limits (Graph `4`, WABA `80007`): they reset within the hour. */
const CALL_RATE_LIMIT_CODES = new Set([4, 80007]);
/** Unknown error, service unavailable, "something went wrong", server temporarily unavailable. */
const TRANSIENT_CODES = new Set([1, 2, 131000, 131016, 133004]);

const THROUGHPUT_RETRY_MS = 1_000;
const PAIR_RATE_RETRY_MS = 6_000;
const CALL_RATE_RETRY_MS = 60_000;

export class GraphApiClient {
  private readonly fetch: typeof fetch;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: GraphApiClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.baseUrl = options.apiBaseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  async get(path: string, query: Record<string, string> = {}): Promise<unknown> {
    const url = new URL(`${this.baseUrl}/${path.replace(/^\/+/, '')}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return this.json(`GET /${path}`, url.toString(), { method: 'GET' });
  }

  async post(path: string, body: unknown): Promise<unknown> {
    return this.json(`POST /${path}`, `${this.baseUrl}/${path.replace(/^\/+/, '')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  /** GETs a media URL the Graph API returned (it needs the token too), refusing more than `maxBytes`. */
  async download(url: string, maxBytes: number): Promise<{ content: Buffer; contentType?: string }> {
    const operation = 'GET media';
    const response = await this.request(operation, url, { method: 'GET' }, this.timeoutMs * 4);
    if (!response.ok) throw await toPlatformApiError(operation, response);
    const content = await readBoundedBody(response, maxBytes);
    if (!content) throw new PlatformApiError(`${operation}: the file has more than the ${maxBytes} bytes allowed`, response.status, false);
    return { content, contentType: response.headers.get('content-type') ?? undefined };
  }

  private async json(operation: string, url: string, init: RequestInit): Promise<unknown> {
    const response = await this.request(operation, url, init, this.timeoutMs);
    if (!response.ok) throw await toPlatformApiError(operation, response);
    const text = await response.text();
    if (text === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new PlatformApiError(`${operation}: the answer is not JSON`, response.status, false);
    }
  }

  private async request(operation: string, url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
    try {
      return await this.fetch(url, {
        ...init,
        headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${this.options.accessToken}` },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      // Network failures and timeouts: the request may not have arrived, so trying again is right.
      const reason = error instanceof Error ? error.message : String(error);
      throw new PlatformApiError(`${operation}: ${reason}`, undefined, true);
    }
  }
}

/** Maps a failed Graph API answer to a PlatformApiError: rate limits and server trouble are retryable. */
export async function toPlatformApiError(operation: string, response: Response): Promise<PlatformApiError> {
  const text = await response.text().catch(() => '');
  let error: GraphError | undefined;
  try {
    const parsed = JSON.parse(text) as { error?: GraphError };
    if (parsed && typeof parsed.error === 'object') error = parsed.error;
  } catch {
    // Not Graph's error shape (a proxy's page, an empty body): the HTTP status decides.
  }
  const status = response.status;
  const code = typeof error?.code === 'number' ? error.code : undefined;
  const details = error?.error_data?.details;
  const message = `${operation}: HTTP ${status}${error?.message ? `, ${error.message}` : ''}${details ? ` (${details})` : ''}`;
  const retryAfterHeader = parseRetryAfter(response.headers.get('retry-after'));

  if (code === GRAPH_ERROR.pairRateLimit) return new PlatformApiError(message, status, true, retryAfterHeader ?? PAIR_RATE_RETRY_MS, code);
  if (code === GRAPH_ERROR.throughputLimit) return new PlatformApiError(message, status, true, retryAfterHeader ?? THROUGHPUT_RETRY_MS, code);
  if (code !== undefined && CALL_RATE_LIMIT_CODES.has(code)) return new PlatformApiError(message, status, true, retryAfterHeader ?? CALL_RATE_RETRY_MS, code);
  if (status === 429) return new PlatformApiError(message, status, true, retryAfterHeader ?? THROUGHPUT_RETRY_MS, code);
  if (status >= 500 || (code !== undefined && TRANSIENT_CODES.has(code))) return new PlatformApiError(message, status, true, retryAfterHeader, code);
  return new PlatformApiError(message, status, false, undefined, code);
}

/** Retry-After as seconds or an HTTP date, in milliseconds. */
function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
