import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakePlatform, RecordedCall } from '../../channels/contract-spec';

/** A recorded call with the status the fake answered (set once the answer is written). */
export type TelegramCall = RecordedCall & { status?: number };

/** Whether the fake accepted the call (a failed send is recorded too, for the retry tests). */
export function succeeded(call: RecordedCall): boolean {
  return (call as TelegramCall).status === 200;
}

/**
 * A loopback Telegram Bot API (https://core.telegram.org/bots/api) that records every call:
 * `POST /bot<token>/<method>` (JSON, form or query parameters) and `GET /file/bot<token>/<path>`.
 * It answers as Telegram does: `{ok:true, result}`, or `{ok:false, error_code, description,
 * parameters:{retry_after}}`; it refuses a wrong token (401), text over 4,096 characters and
 * callback_data over 64 bytes (400), getUpdates while a webhook is set (409).
 */
export class TelegramFake implements FakePlatform {
  baseUrl = '';
  readonly calls: TelegramCall[] = [];
  /** setWebhook's parameters, while a webhook is set. */
  webhook: Record<string, unknown> | undefined;
  private readonly server: Server;
  private readonly media = new Map<string, { content: Buffer; contentType: string; filePath: string }>();
  private readonly pendingUpdates: Array<Record<string, unknown>> = [];
  private readonly updateWaiters = new Set<() => void>();
  private sendFailures: Array<{ status: number; retryAfterSeconds?: number }> = [];
  private nextMessageId = 1000;

  constructor(readonly token: string) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error_code: 500, description: `fake: ${(error as Error).message}` }));
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  failNextSends(status: number, times: number, retryAfterSeconds?: number): void {
    for (let i = 0; i < times; i += 1) this.sendFailures.push({ status, retryAfterSeconds });
  }

  addMedia(id: string, content: Buffer, contentType: string): void {
    this.media.set(id, { content, contentType, filePath: `files/${id}` });
  }

  /** An update getUpdates will return (long polling). */
  pushUpdate(update: Record<string, unknown>): void {
    this.pendingUpdates.push(update);
    for (const wake of this.updateWaiters) wake();
  }

  /** The calls of one Bot API method, in order. */
  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.path.endsWith(`/${method}`));
  }

  async close(): Promise<void> {
    for (const wake of this.updateWaiters) wake();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readBody(req);
    const params = parseParameters(req, raw, url);
    const call: TelegramCall = { method: req.method ?? 'GET', path: `${url.pathname}${url.search}`, headers: { ...req.headers }, body: raw.length > 0 || req.method === 'POST' ? params : undefined, at: new Date() };
    this.calls.push(call);
    res.on('finish', () => {
      call.status = res.statusCode;
    });

    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) {
      const stored = file[1] === this.token ? [...this.media.values()].find((item) => item.filePath === decodeURIComponent(file[2])) : undefined;
      if (!stored) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error_code: 404, description: 'Not Found' }));
        return;
      }
      res.writeHead(200, { 'Content-Type': stored.contentType, 'Content-Length': stored.content.length });
      res.end(stored.content);
      return;
    }

    const method = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!method) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (method[1] !== this.token) return reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const name = method[2];
    switch (name) {
      case 'sendMessage':
        return this.sendMessage(res, params);
      case 'sendChatAction':
      case 'answerCallbackQuery':
        return ok(res, true);
      case 'getFile': {
        const item = this.media.get(String(params.file_id));
        if (!item) return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
        return ok(res, { file_id: params.file_id, file_unique_id: `u-${String(params.file_id)}`, file_size: item.content.length, file_path: item.filePath });
      }
      case 'getUpdates':
        return this.getUpdates(res, params);
      case 'setWebhook':
        this.webhook = String(params.url ?? '') === '' ? undefined : params;
        return reply(res, 200, { ok: true, result: true, description: this.webhook ? 'Webhook was set' : 'Webhook was deleted' });
      case 'deleteWebhook':
        this.webhook = undefined;
        return reply(res, 200, { ok: true, result: true, description: 'Webhook was deleted' });
      case 'getWebhookInfo':
        return ok(res, {
          url: String(this.webhook?.url ?? ''),
          has_custom_certificate: false,
          pending_update_count: this.pendingUpdates.length,
          ...(this.webhook?.allowed_updates ? { allowed_updates: this.webhook.allowed_updates } : {}),
        });
      case 'getMe':
        return ok(res, { id: Number(this.token.split(':')[0]), is_bot: true, first_name: 'Tanya Pabean', username: 'TanyaPabeanTestBot' });
      default:
        return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    }
  }

  private sendMessage(res: ServerResponse, params: Record<string, unknown>): void {
    const failure = this.sendFailures.shift();
    if (failure) {
      const retry = failure.retryAfterSeconds;
      if (failure.status === 429) {
        return reply(res, 429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retry ?? 1}`, parameters: { retry_after: retry ?? 1 } });
      }
      if (failure.status === 403) return reply(res, 403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
      return reply(res, failure.status, { ok: false, error_code: failure.status, description: failure.status >= 500 ? 'Internal Server Error' : 'Bad Request' });
    }
    const text = typeof params.text === 'string' ? params.text : '';
    if (params.chat_id === undefined || params.chat_id === '') return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: chat_id is empty' });
    if (text.trim() === '') return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
    if (visibleLength(text, params.parse_mode) > 4096) return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: message is too long' });
    const keyboard = (params.reply_markup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined)?.inline_keyboard ?? [];
    if (keyboard.flat().some((button) => Buffer.byteLength(button.callback_data ?? '', 'utf8') > 64 || (button.callback_data ?? '') === '')) {
      return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: BUTTON_DATA_INVALID' });
    }
    this.nextMessageId += 1;
    return ok(res, { message_id: this.nextMessageId, date: Math.floor(Date.now() / 1000), chat: { id: Number(params.chat_id), type: 'private' }, text });
  }

  private async getUpdates(res: ServerResponse, params: Record<string, unknown>): Promise<void> {
    if (this.webhook) return reply(res, 409, { ok: false, error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" });
    const offset = Number(params.offset ?? 0);
    // Telegram forgets updates below the offset: they are confirmed.
    while (this.pendingUpdates.length > 0 && Number(this.pendingUpdates[0].update_id) < offset) this.pendingUpdates.shift();
    if (this.pendingUpdates.length === 0) {
      const timeoutMs = Math.min(Number(params.timeout ?? 0), 2) * 1000;
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.updateWaiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, timeoutMs);
        this.updateWaiters.add(wake);
      });
    }
    return ok(res, this.pendingUpdates.slice(0, Number(params.limit ?? 100)));
  }
}

function ok(res: ServerResponse, result: unknown): void {
  reply(res, 200, { ok: true, result });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded) return;
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** What Telegram counts: the text after entity parsing (HTML tags do not count; entities count once). */
function visibleLength(text: string, parseMode: unknown): number {
  if (parseMode !== 'HTML') return text.length;
  return decodeEntities(text.replace(/<[^>]+>/g, '')).length;
}

export function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The Bot API takes parameters as a query string, urlencoded or JSON body. */
function parseParameters(req: IncomingMessage, raw: Buffer, url: URL): Record<string, unknown> {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const type = String(req.headers['content-type'] ?? '');
  if (raw.length === 0) return params;
  if (type.includes('application/json')) return { ...params, ...(JSON.parse(raw.toString('utf8')) as Record<string, unknown>) };
  if (type.includes('application/x-www-form-urlencoded')) return { ...params, ...Object.fromEntries(new URLSearchParams(raw.toString('utf8'))) };
  return params;
}
