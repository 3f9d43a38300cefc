import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import Busboy from 'busboy';
import type { Activity } from 'botbuilder';
import type { Logger } from 'pino';
import restify, { type Request, type Server } from 'restify';
import { WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import type { ActivityFeed } from '../../adapters/webchat/activity-feed';
import { type DirectLineCaller, DirectLineAuthError, type DirectLineTokens } from '../../adapters/webchat/direct-line-tokens';
import type { WebChatAdapter } from '../../adapters/webchat/webchat-adapter';
import type { AttachmentRepository, ConversationLogRepository, StoredActivity } from '../../storage/repositories';
import { errorBody, handleRoute, HttpError, type RouteHandler } from '../http-errors';

export const MAX_TEXT_LENGTH = 4000;
const ACTIVITY_PAGE_SIZE = 500;
const WEBSOCKET_PING_MS = 30_000;
const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;

export interface DirectLineRouteOptions {
  adapter: WebChatAdapter;
  tokens: DirectLineTokens;
  conversations: ConversationLogRepository;
  attachments: AttachmentRepository;
  feed: ActivityFeed;
  logger: Logger;
  publicBaseUrl?: string;
  bodyMaxBytes: number;
  uploadMaxBytes: number;
}

const channelAccount = z.object({ id: z.string().min(1).max(256), name: z.string().max(256).optional(), role: z.string().max(32).optional() });

// Web Chat sends `{"user": {}}` when the user id lives in the token, as Azure's Direct Line allows.
const startConversationBody = z
  .object({ user: channelAccount.partial().optional(), locale: z.string().max(35).optional() })
  .passthrough()
  .optional();

const attachmentSchema = z
  .object({ contentType: z.string().min(1).max(255), contentUrl: z.string().max(2048).optional(), name: z.string().max(255).optional(), content: z.unknown().optional() })
  .passthrough();

const inboundActivity = z
  .object({
    type: z.enum(['message', 'event', 'typing'], { message: 'type must be message, event or typing' }),
    from: channelAccount,
    text: z.string().max(MAX_TEXT_LENGTH, { message: `text must be at most ${MAX_TEXT_LENGTH} characters` }).optional(),
    textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
    locale: z.string().max(35).optional(),
    name: z.string().max(256).optional(),
    value: z.unknown().optional(),
    attachments: z.array(attachmentSchema).max(10).optional(),
    channelData: z.record(z.string(), z.unknown()).optional(),
    entities: z.array(z.record(z.string(), z.unknown())).max(20).optional(),
    replyToId: z.string().max(256).optional(),
  })
  .refine((activity) => activity.type !== 'message' || (activity.text?.trim() ?? '') !== '' || (activity.attachments?.length ?? 0) > 0, {
    message: 'a message needs text or attachments',
    path: ['text'],
  })
  .refine((activity) => activity.type !== 'event' || Boolean(activity.name), { message: 'an event needs a name', path: ['name'] });

type InboundActivity = z.infer<typeof inboundActivity>;

/** Conversation ids look like Azure's: URL-safe, unguessable. */
export function newConversationId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * The Direct Line 3.0 API (https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-direct-line-3-0-api-reference)
 * served by this process, so botframework-webchat and any Direct Line client talk to our bot without Azure.
 */
export function registerDirectLineRoutes(server: Server, options: DirectLineRouteOptions): { closeStreams(): void } {
  const { adapter, tokens, conversations, attachments, feed, logger } = options;
  const jsonBody = restify.plugins.jsonBodyParser({ maxBodySize: options.bodyMaxBytes, mapParams: false } as restify.plugins.BodyParserOptions);
  const bodyReader = restify.plugins.bodyReader({ maxBodySize: options.bodyMaxBytes });
  const log = (error: unknown) => logger.error({ err: error }, 'direct line request failed');

  const handle = (handler: RouteHandler) => handleRoute(handler, log);

  const requireConversation = async (conversationId: string) => {
    const conversation = await conversations.getConversation(conversationId);
    if (!conversation) throw new HttpError(404, 'BadArgument', 'Conversation not found.');
    return conversation;
  };

  const baseUrl = (req: IncomingMessage) => {
    if (options.publicBaseUrl) return options.publicBaseUrl;
    const forwardedProto = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim();
    const secure = forwardedProto === 'https' || Boolean((req.socket as { encrypted?: boolean }).encrypted);
    return `${secure ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`;
  };

  const streamUrl = (req: IncomingMessage, conversationId: string, token: string, watermark?: string) => {
    const url = new URL(`${baseUrl(req).replace(/^http/, 'ws')}/v3/directline/conversations/${encodeURIComponent(conversationId)}/stream`);
    url.searchParams.set('t', token);
    if (watermark) url.searchParams.set('watermark', watermark);
    return url.toString();
  };

  /** The token a conversation's responses carry: the caller's own, or a new one for a secret caller. */
  const tokenFor = (req: Request, caller: DirectLineCaller, conversationId: string, userId?: string) => {
    if (caller.kind === 'token') {
      const presented = String(req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
      return { token: presented, expires_in: Math.max(0, Math.round((caller.expiresAt.getTime() - Date.now()) / 1000)) };
    }
    return tokens.issue(conversationId, userId);
  };

  /** Bodies that may be empty (start conversation, generate token) are read raw and parsed here. */
  const parseOptionalJson = (req: Request): unknown => {
    const body: unknown = req.body;
    const raw = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : undefined;
    if (raw === undefined) return body ?? undefined;
    if (raw.trim() === '') return undefined;
    try {
      return JSON.parse(raw);
    } catch {
      throw new HttpError(400, 'BadArgument', 'The request body is not valid JSON.');
    }
  };

  server.post('/v3/directline/tokens/generate', bodyReader, handle(async (req, res) => {
    const caller = tokens.authenticate(req.headers.authorization);
    if (caller.kind !== 'secret') throw new DirectLineAuthError(403, 'BadCredentials', 'tokens/generate needs the Direct Line secret.');
    const body = startConversationBody.parse(parseOptionalJson(req));
    const conversationId = newConversationId();
    res.send(200, tokens.issue(conversationId, body?.user?.id));
  }));

  server.post('/v3/directline/tokens/refresh', handle(async (req, res) => {
    const caller = tokens.authenticate(req.headers.authorization);
    if (caller.kind !== 'token') throw new DirectLineAuthError(403, 'BadCredentials', 'tokens/refresh needs a token, not the secret.');
    res.send(200, tokens.issue(caller.conversationId, caller.userId));
  }));

  server.post('/v3/directline/conversations', bodyReader, handle(async (req, res) => {
    const caller = tokens.authenticate(req.headers.authorization);
    const body = startConversationBody.parse(parseOptionalJson(req));
    const conversationId = caller.kind === 'token' ? caller.conversationId : newConversationId();
    const userId = (caller.kind === 'token' ? caller.userId : undefined) ?? body?.user?.id ?? `dl_${randomBytes(8).toString('hex')}`;
    const created = await adapter.startConversation(conversationId, { id: userId, name: body?.user?.name ?? '', role: 'user' }, body?.locale);
    const credential = tokenFor(req, caller, conversationId, userId);
    res.send(created ? 201 : 200, {
      conversationId,
      token: credential.token,
      expires_in: credential.expires_in,
      streamUrl: streamUrl(req, conversationId, credential.token),
    });
  }));

  server.get('/v3/directline/conversations/:conversationId', handle(async (req, res) => {
    const conversationId = String(req.params.conversationId);
    const caller = tokens.authorizeConversation(req.headers.authorization, conversationId);
    await requireConversation(conversationId);
    const credential = tokenFor(req, caller, conversationId);
    const watermark = typeof req.query?.watermark === 'string' && /^\d+$/.test(req.query.watermark) ? req.query.watermark : undefined;
    res.send(200, {
      conversationId,
      token: credential.token,
      expires_in: credential.expires_in,
      streamUrl: streamUrl(req, conversationId, credential.token, watermark),
    });
  }));

  server.post('/v3/directline/conversations/:conversationId/activities', jsonBody, handle(async (req, res) => {
    const conversationId = String(req.params.conversationId);
    const caller = tokens.authorizeConversation(req.headers.authorization, conversationId);
    await requireConversation(conversationId);
    const activity = inboundActivity.parse(req.body ?? {});
    const id = await accept(conversationId, caller, activity);
    res.send(200, { id });
  }));

  server.get('/v3/directline/conversations/:conversationId/activities', handle(async (req, res) => {
    const conversationId = String(req.params.conversationId);
    tokens.authorizeConversation(req.headers.authorization, conversationId);
    await requireConversation(conversationId);
    const rawWatermark = req.query?.watermark;
    if (rawWatermark !== undefined && rawWatermark !== '' && !/^\d+$/.test(String(rawWatermark))) {
      throw new HttpError(400, 'BadArgument', 'watermark must be a number returned by an earlier call.');
    }
    const after = rawWatermark ? Number(rawWatermark) : 0;
    const page = await conversations.listActivities(conversationId, after, ACTIVITY_PAGE_SIZE);
    res.send(200, activitySet(page, after));
  }));

  server.post('/v3/directline/conversations/:conversationId/upload', handle(async (req, res) => {
    const conversationId = String(req.params.conversationId);
    const caller = tokens.authorizeConversation(req.headers.authorization, conversationId);
    await requireConversation(conversationId);
    const upload = await readUpload(req, options.uploadMaxBytes);
    const userId = typeof req.query?.userId === 'string' ? req.query.userId : undefined;
    const described = upload.activity ? inboundActivityBase(upload.activity) : {};
    const saved = [];
    for (const file of upload.files) {
      const attachmentId = randomBytes(18).toString('base64url');
      await attachments.saveAttachment({
        attachmentId,
        conversationId,
        name: file.name,
        contentType: file.contentType,
        size: file.content.length,
        createdAt: new Date(),
        content: file.content,
      });
      saved.push({ contentType: file.contentType, contentUrl: `${baseUrl(req)}/v3/directline/attachments/${attachmentId}`, name: file.name });
    }
    const activity = inboundActivity.parse({
      type: 'message',
      ...described,
      from: (described as { from?: unknown }).from ?? { id: userId ?? 'user' },
      attachments: saved,
    });
    const id = await accept(conversationId, caller, activity);
    res.send(200, { id });
  }));

  server.get('/v3/directline/attachments/:attachmentId', handle(async (req, res) => {
    const attachment = await attachments.getAttachment(String(req.params.attachmentId));
    if (!attachment) throw new HttpError(404, 'NotFound', 'Attachment not found.');
    const inline = /^image\/(png|jpeg|gif|webp)$/.test(attachment.contentType);
    res.writeHead(200, {
      'Content-Type': attachment.contentType,
      'Content-Length': attachment.size,
      'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(attachment.name)}`,
      'Cache-Control': 'private, max-age=3600',
    });
    res.end(attachment.content);
  }));

  const accept = async (conversationId: string, caller: DirectLineCaller, activity: InboundActivity): Promise<string> => {
    // A token bound to a user speaks for that user only, whatever the client put in `from`.
    const from = caller.kind === 'token' && caller.userId ? { ...activity.from, id: caller.userId } : activity.from;
    const incoming = { ...activity, from: { ...from, role: 'user' } } as Partial<Activity>;
    if (activity.type === 'typing') {
      feed.publishEphemeral(conversationId, { ...incoming, conversation: { id: conversationId }, timestamp: new Date().toISOString() });
      return `${conversationId}|typing`;
    }
    return adapter.acceptActivity(conversationId, incoming);
  };

  // WebSocket streams: one per conversation on this instance; a newer stream replaces an older one
  // (a reloaded page should not wait for its dead predecessor to time out).
  const sockets = new Map<string, WebSocket>();
  const webSocketServer = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

  server.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) {
      rejectUpgrade(socket, 404, 'Not Found');
      return;
    }
    const conversationId = decodeURIComponent(match[1]);
    void (async () => {
      try {
        tokens.authorizeConversation(url.searchParams.get('t') ?? undefined, conversationId);
        await requireConversation(conversationId);
      } catch (error) {
        const status = error instanceof DirectLineAuthError ? error.status : error instanceof HttpError ? error.status : 500;
        rejectUpgrade(socket, status, status === 404 ? 'Not Found' : status === 403 ? 'Forbidden' : status === 401 ? 'Unauthorized' : 'Error');
        return;
      }
      const watermark = Number(url.searchParams.get('watermark') ?? '0');
      webSocketServer.handleUpgrade(req, socket, head, (webSocket) => {
        openStream(conversationId, Number.isFinite(watermark) ? watermark : 0, webSocket);
      });
    })();
  });

  const openStream = (conversationId: string, watermark: number, webSocket: WebSocket) => {
    sockets.get(conversationId)?.close(4000, 'collision');
    sockets.set(conversationId, webSocket);
    let alive = true;
    const subscription = feed.subscribe(conversationId, watermark, {
      onActivities: (page) => {
        if (webSocket.readyState === WebSocket.OPEN) webSocket.send(JSON.stringify(activitySet(page, watermark)));
      },
      onEphemeral: (activity) => {
        if (webSocket.readyState === WebSocket.OPEN) webSocket.send(JSON.stringify({ activities: [activity] }));
      },
    });
    const ping = setInterval(() => {
      if (!alive) {
        webSocket.terminate();
        return;
      }
      alive = false;
      webSocket.ping();
    }, WEBSOCKET_PING_MS);
    ping.unref();
    webSocket.on('pong', () => {
      alive = true;
    });
    // Clients send "" as keep-alive; nothing else is expected on the stream.
    webSocket.on('message', () => {
      alive = true;
    });
    webSocket.on('close', () => {
      clearInterval(ping);
      subscription.close();
      if (sockets.get(conversationId) === webSocket) sockets.delete(conversationId);
    });
    webSocket.on('error', (error) => logger.debug({ err: error, conversationId }, 'web chat stream error'));
  };

  return {
    closeStreams: () => {
      for (const webSocket of sockets.values()) webSocket.close(1001, 'server shutting down');
      sockets.clear();
      webSocketServer.close();
    },
  };
}

/** An ActivitySet; the watermark is the last sequence returned (or the one asked for when none is new). */
function activitySet(page: StoredActivity[], after: number) {
  const last = page.length > 0 ? page[page.length - 1].sequence : after;
  return { activities: page.map((stored) => stored.activity), watermark: String(last) };
}

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = JSON.stringify(errorBody(reason.replace(/\s/g, ''), reason));
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** The fields of an upload's `activity` part that describe the message; the files come from the other parts. */
function inboundActivityBase(raw: unknown): Record<string, unknown> {
  if (!raw || typeof raw !== 'object') return {};
  const { type: _type, attachments: _attachments, ...rest } = raw as Record<string, unknown>;
  return rest;
}

interface UploadedFile {
  name: string;
  contentType: string;
  content: Buffer;
}

/** Reads a Direct Line upload: an optional `activity` JSON part and one or more file parts, all within the size limit. */
function readUpload(req: Request, maxBytes: number): Promise<{ activity?: unknown; files: UploadedFile[] }> {
  return new Promise((resolve, reject) => {
    let busboy: Busboy.Busboy;
    try {
      busboy = Busboy({ headers: req.headers, limits: { fileSize: maxBytes, files: 10, fields: 5, fieldSize: 64 * 1024 } });
    } catch {
      reject(new HttpError(400, 'BadArgument', 'An upload must be multipart/form-data.'));
      return;
    }
    const files: UploadedFile[] = [];
    let activity: unknown;
    let total = 0;
    let failure: HttpError | undefined;
    const fail = (error: HttpError) => {
      failure ??= error;
    };
    busboy.on('file', (fieldName, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > maxBytes) fail(new HttpError(413, 'PayloadTooLarge', `Uploads may total at most ${maxBytes} bytes.`));
        else chunks.push(chunk);
      });
      stream.on('limit', () => fail(new HttpError(413, 'PayloadTooLarge', `Uploads may total at most ${maxBytes} bytes.`)));
      stream.on('end', () => {
        const content = Buffer.concat(chunks);
        if (fieldName === 'activity' && info.mimeType === 'application/vnd.microsoft.activity') {
          try {
            activity = JSON.parse(content.toString('utf8'));
          } catch {
            fail(new HttpError(400, 'BadArgument', 'The activity part is not valid JSON.'));
          }
          return;
        }
        files.push({ name: info.filename || fieldName || 'file', contentType: info.mimeType || 'application/octet-stream', content });
      });
    });
    busboy.on('field', (fieldName, value) => {
      if (fieldName !== 'activity') return;
      try {
        activity = JSON.parse(value);
      } catch {
        fail(new HttpError(400, 'BadArgument', 'The activity part is not valid JSON.'));
      }
    });
    busboy.on('filesLimit', () => fail(new HttpError(413, 'PayloadTooLarge', 'At most 10 files per upload.')));
    busboy.on('error', () => fail(new HttpError(400, 'BadArgument', 'The multipart body could not be read.')));
    busboy.on('close', () => {
      if (failure) reject(failure);
      else if (files.length === 0) reject(new HttpError(400, 'BadArgument', 'An upload needs at least one file part.'));
      else resolve({ activity, files });
    });
    req.pipe(busboy);
  });
}
