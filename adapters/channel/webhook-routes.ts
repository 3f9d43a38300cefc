import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import type { ChannelAdapter } from './channel-adapter';

/** The webhook request counter (server/metrics.ts ServiceMetrics.webhookRequest). */
export interface WebhookMetrics {
  webhookRequest(channel: string, status: number): void;
}

export interface ChannelWebhookOptions {
  /** 'telegram' | 'whatsapp' | 'messenger' | 'instagram': the route is /api/<channelId>. */
  channelId: string;
  /** Undefined when the channel is not configured: the route answers 404 ChannelOff. */
  adapter: ChannelAdapter | undefined;
  /** REQUEST_BODY_MAX_BYTES: a bigger body answers 413 (WhatsApp batches are at most 3 MB: raise it there). */
  bodyMaxBytes: number;
  logger: Logger;
  metrics: WebhookMetrics;
}

class BodyTooLargeError extends Error {}

/**
 * `GET|POST /api/<channel>`. The route reads the raw body itself (signatures are computed over the
 * bytes as sent: re-serialised JSON would not match), so no body parser may run before it.
 * GET is the platform's verification handshake (Meta's hub.challenge); POST is the webhook.
 */
export function registerChannelWebhook(server: Server, options: ChannelWebhookOptions): void {
  const { channelId, adapter, bodyMaxBytes, logger, metrics } = options;
  const path = `/api/${channelId}`;

  const answer = (res: Response, status: number, body: unknown) => {
    metrics.webhookRequest(channelId, status);
    if (typeof body === 'string') {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    } else {
      res.send(status, body);
    }
  };
  const channelOff = (res: Response) =>
    answer(res, 404, { error: { code: 'ChannelOff', message: `The ${channelId} channel is not configured on this service.` } });

  server.get(path, async (req: Request, res: Response) => {
    if (!adapter) return channelOff(res);
    const handshake = adapter.verifyHandshake(queryOf(req));
    if (!handshake) return answer(res, 404, { error: { code: 'NotFound', message: `The ${channelId} webhook has no GET handshake.` } });
    answer(res, handshake.status, handshake.body);
  });

  server.post(path, async (req: Request, res: Response) => {
    if (!adapter) {
      // Drain the body so the connection stays usable.
      req.resume();
      return channelOff(res);
    }
    let rawBody: Buffer;
    try {
      rawBody = await readRawBody(req, bodyMaxBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        res.setHeader('Connection', 'close');
        return answer(res, 413, { error: { code: 'PayloadTooLarge', message: `The body is larger than ${bodyMaxBytes} bytes.` } });
      }
      logger.warn({ err: error, channel: channelId }, 'webhook body could not be read');
      return answer(res, 400, { error: { code: 'BadArgument', message: 'The body could not be read.' } });
    }
    try {
      const result = await adapter.handleWebhook(rawBody, req.headers, queryOf(req));
      answer(res, result.status, result.body);
    } catch (error) {
      // Not persisted: a 500 makes the platform deliver it again.
      logger.error({ err: error, channel: channelId }, 'webhook could not be accepted');
      answer(res, 500, { error: { code: 'ServiceError', message: 'The service could not complete the request.' } });
    }
  });
}

function queryOf(req: Request): Record<string, string | undefined> {
  const query: Record<string, string | undefined> = {};
  const parsed = (req.query ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(parsed)) query[key] = Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
  // restify's queryParser (server/app.ts) may not run on every server: read the URL as a fallback.
  if (Object.keys(query).length === 0) {
    new URL(req.url ?? '/', 'http://localhost').searchParams.forEach((value, key) => {
      query[key] ??= value;
    });
  }
  return query;
}

function readRawBody(req: Request, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      req.resume();
      reject(new BodyTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        done = true;
        req.resume();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (done) return;
      done = true;
      reject(error);
    });
  });
}
