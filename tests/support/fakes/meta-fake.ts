import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakePlatform, RecordedCall, SentMessage } from '../../channels/contract-spec';

/** A Graph API error as the Send API answers it. */
export interface GraphError {
  message: string;
  type?: string;
  code: number;
  error_subcode?: number;
  is_transient?: boolean;
}

export interface MetaFakeOptions {
  platform: 'messenger' | 'instagram';
  /** When set, sends must carry it: Messenger as `?access_token=`, Instagram as `Authorization: Bearer`. */
  accessToken?: string;
}

/** A recorded call with the status the fake answered (so a retried send is counted once). */
export interface MetaRecordedCall extends RecordedCall {
  responseStatus: number;
}

export interface MetaFake extends FakePlatform {
  calls: MetaRecordedCall[];
  /** Origin of the fake (for media URLs), e.g. http://127.0.0.1:40123. */
  origin: string;
  /** The next `times` message sends answer `status` with this Graph error. */
  failNextSendsWith(status: number, error: GraphError, times?: number, retryAfterSeconds?: number): void;
}

/** A 1×1 PNG: the bytes the fake serves for the fixtures' media. */
export const FIXTURE_MEDIA_BYTES = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
/** The media ids the image fixtures name (the Messenger CDN file name, the Instagram asset_id). */
export const FIXTURE_MEDIA_IDS = ['messenger-fixture-photo.png', '17900000000000001'];
/** The CDN origins recorded in the fixtures; `pointMediaUrlsAt` swaps them for the fake. */
const FIXTURE_MEDIA_ORIGINS = ['https://scontent.xx.fbcdn.net', 'https://lookaside.fbsbx.com'];

const LIMITS = {
  messenger: { textMax: 2000, unit: 'chars' },
  instagram: { textMax: 1000, unit: 'utf8-bytes' },
} as const;

/**
 * A loopback server speaking the Graph API's Send API (`POST /<version>/<id>/messages`, documented
 * at developers.facebook.com/docs/messenger-platform/send-messages) and `POST /<id>/subscribed_apps`
 * for Messenger or Instagram: it
 * records every call, checks the access token and the documented limits (text length, 13 quick
 * replies of 20 characters) with Graph's own error JSON, fails sends on request, and serves media
 * downloads by file name or `asset_id`.
 */
export async function startMetaFake(options: MetaFakeOptions): Promise<MetaFake> {
  const calls: MetaRecordedCall[] = [];
  const media = new Map<string, { content: Buffer; contentType: string }>();
  for (const id of FIXTURE_MEDIA_IDS) media.set(id, { content: FIXTURE_MEDIA_BYTES, contentType: 'image/png' });
  const failures: Array<{ status: number; error: GraphError; retryAfterSeconds?: number }> = [];
  let sequence = 0;

  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    const url = new URL(req.url ?? '/', 'http://fake');
    const record = (responseStatus: number) =>
      calls.push({ method: req.method ?? 'GET', path: req.url ?? '', headers: req.headers, body, at: new Date(), responseStatus });
    // restify, loaded by other test files in the same worker, patches ServerResponse#writeHead so that it
    // no longer returns the response: never chain `.end()` on it.
    const answer = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      record(status);
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(json));
    };

    if (req.method === 'GET') {
      const id = url.searchParams.get('asset_id') ?? url.pathname.split('/').pop() ?? '';
      const file = media.get(id);
      if (!file) return answer(404, graphError({ message: 'Not found', code: 100 }));
      record(200);
      res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.content.length) });
      res.end(file.content);
      return;
    }

    const edge = /^\/v\d+\.\d+\/[^/]+\/(messages|subscribed_apps)$/.exec(url.pathname)?.[1];
    if (req.method !== 'POST' || !edge) {
      return answer(400, graphError({ message: `Unsupported request - method type: ${req.method?.toLowerCase()}`, code: 100 }));
    }
    if (options.accessToken !== undefined) {
      const presented = options.platform === 'messenger' ? url.searchParams.get('access_token') : bearerToken(req.headers.authorization);
      if (presented !== options.accessToken) {
        return answer(400, graphError({ message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190 }));
      }
    }
    if (edge === 'subscribed_apps') {
      if (!url.searchParams.get('subscribed_fields')) return answer(400, graphError({ message: '(#100) The parameter subscribed_fields is required', code: 100 }));
      return answer(200, { success: true });
    }
    const recipientId: unknown = body?.recipient?.id;
    if (typeof recipientId !== 'string' || recipientId === '') {
      return answer(400, graphError({ message: '(#100) The parameter recipient is required', code: 100 }));
    }
    if (body.sender_action !== undefined) return answer(200, { recipient_id: recipientId });

    const failure = failures.shift();
    if (failure) {
      return answer(failure.status, graphError(failure.error), failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {});
    }
    const problem = limitProblem(options.platform, body);
    if (problem) return answer(400, graphError({ message: `(#100) ${problem}`, code: 100 }));
    sequence += 1;
    return answer(200, { recipient_id: recipientId, message_id: `m_fake_${options.platform}_${String(sequence).padStart(4, '0')}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    baseUrl: `${origin}/v25.0`,
    origin,
    calls,
    failNextSends(status, times, retryAfterSeconds) {
      const error: GraphError =
        status === 429
          ? { message: '(#613) Calls to this api have exceeded the rate limit.', type: 'OAuthException', code: 613 }
          : status >= 500
            ? { message: 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', code: 2, is_transient: true }
            : { message: '(#100) Invalid parameter', type: 'OAuthException', code: 100 };
      for (let i = 0; i < times; i += 1) failures.push({ status, error, retryAfterSeconds });
    },
    failNextSendsWith(status, error, times = 1, retryAfterSeconds) {
      for (let i = 0; i < times; i += 1) failures.push({ status, error, retryAfterSeconds });
    },
    addMedia(id, content, contentType) {
      media.set(id, { content, contentType });
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * A recorded fixture as if Meta delivered it now: its times (`timestamp`, `time`, `watermark`, epoch
 * milliseconds) are moved by the same amount so the earliest is `now` (the 24 h window counts from
 * the citizen's message), and its CDN media URLs point at the running fake. Nothing else changes:
 * the escaped unicode stays as Meta sends it, so a verifier that re-serialises the JSON fails.
 */
export function loadMetaFixture(path: string, fake: { origin: string } | undefined, now: Date = new Date()): Buffer {
  return pointMediaUrlsAt(shiftTimesTo(readFileSync(path), now), fake);
}

function shiftTimesTo(body: Buffer, now: Date): Buffer {
  const text = body.toString('utf8');
  const pattern = /("(?:timestamp|time|watermark)": )(\d{13})\b/g;
  const times = [...text.matchAll(pattern)].map((match) => Number(match[2]));
  if (times.length === 0) return body;
  const offset = now.getTime() - Math.min(...times);
  return Buffer.from(text.replace(pattern, (_match, key: string, value: string) => `${key}${Number(value) + offset}`), 'utf8');
}

/**
 * A recorded fixture with its CDN media URLs pointed at the running fake (the bytes change, so sign
 * the result, not the file). Meta escapes `/` as `\/` in webhook bodies: both spellings are swapped.
 */
export function pointMediaUrlsAt(body: Buffer, fake: { origin: string } | undefined): Buffer {
  if (!fake) return body;
  let text = body.toString('utf8');
  for (const cdn of FIXTURE_MEDIA_ORIGINS) {
    text = text.split(cdn).join(fake.origin).split(cdn.replace(/\//g, '\\/')).join(fake.origin.replace(/\//g, '\\/'));
  }
  return Buffer.from(text, 'utf8');
}

/** `sha256=<hex HMAC-SHA256(body, app secret)>`, as Meta signs webhook bodies. */
export function metaSignature(body: Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/** A webhook body with one text message from a citizen. */
export function metaTextBody(
  object: 'page' | 'instagram',
  accountId: string,
  citizenId: string,
  text: string,
  mid: string,
  timestamp: Date = new Date(),
): Buffer {
  const at = timestamp.getTime();
  const json = JSON.stringify({
    object,
    entry: [{ id: accountId, time: at, messaging: [{ sender: { id: citizenId }, recipient: { id: accountId }, timestamp: at, message: { mid, text } }] }],
  });
  // As Meta writes it: non-ASCII escaped as \uXXXX, `/` as `\/`.
  return Buffer.from(json.replace(/[\u007f-\uffff]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(/\//g, '\\/'), 'utf8');
}

/** The messages the recorded calls delivered (answered 200), in order. */
export function metaSentMessages(calls: RecordedCall[]): SentMessage[] {
  return calls
    .filter((call) => isMessagesCall(call) && (call as Partial<MetaRecordedCall>).responseStatus === 200 && (call.body as any)?.message)
    .map((call) => {
      const body = call.body as any;
      const quickReplies: Array<{ title: string }> | undefined = body.message.quick_replies;
      return {
        chatId: body.recipient.id,
        text: body.message.text ?? '',
        ...(quickReplies ? { buttons: quickReplies.map((reply) => reply.title) } : {}),
        ...(body.tag ? { tag: body.tag } : {}),
      };
    });
}

/** How many `typing_on` sender actions were sent. */
export function metaTypingCalls(calls: RecordedCall[]): number {
  return calls.filter((call) => isMessagesCall(call) && (call.body as any)?.sender_action === 'typing_on').length;
}

function isMessagesCall(call: RecordedCall): boolean {
  return call.method === 'POST' && /\/messages(\?|$)/.test(call.path);
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  return match?.[1];
}

function graphError(error: GraphError): { error: GraphError & { fbtrace_id: string } } {
  return { error: { type: 'OAuthException', ...error, fbtrace_id: 'AFakeTraceId0123' } };
}

function limitProblem(platform: 'messenger' | 'instagram', body: any): string | undefined {
  const text: unknown = body?.message?.text;
  if (typeof text !== 'string' || text === '') return 'param message must be non-empty text';
  const limit = LIMITS[platform];
  const length = limit.unit === 'chars' ? [...text].length : Buffer.byteLength(text, 'utf8');
  if (length > limit.textMax) return `Length of param message[text] must be less than or equal to ${limit.textMax}`;
  const quickReplies: unknown = body.message.quick_replies;
  if (quickReplies !== undefined) {
    if (!Array.isArray(quickReplies) || quickReplies.length > 13) return 'param message[quick_replies] must have at most 13 elements';
    for (const reply of quickReplies) {
      if (reply?.content_type !== 'text' || typeof reply.title !== 'string' || [...reply.title].length > 20) return 'quick_replies title must be at most 20 characters';
      if (typeof reply.payload !== 'string' || reply.payload.length > 1000) return 'quick_replies payload must be at most 1000 characters';
    }
  }
  if (body.messaging_type === 'MESSAGE_TAG' && body.tag !== 'HUMAN_AGENT') return 'param tag must be HUMAN_AGENT here';
  return undefined;
}
