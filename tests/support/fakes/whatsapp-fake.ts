import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakePlatform, RecordedCall } from '../../channels/contract-spec';

/**
 * A loopback WhatsApp Cloud API (Graph API) speaking its documented REST shape:
 * - `POST /v25.0/<PHONE_NUMBER_ID>/messages` for text, interactive (button, list) and template
 *   messages, and the read receipt + typing indicator (`status: "read"`), checking the limits Meta
 *   enforces, so an outbound half that breaks them fails here as it would in production;
 * - `GET /v25.0/<MEDIA_ID>` → `{ url, mime_type, sha256, file_size, id }`, and that URL, which
 *   needs the bearer token too;
 * - Graph's error shape `{ error: { message, type, code, error_data: { details }, fbtrace_id } }`.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages,
 * …/business-phone-numbers/media, …/support/error-codes.
 */

export const GRAPH_API_VERSION = 'v25.0';
export const FAKE_WHATSAPP_ACCESS_TOKEN = 'test-whatsapp-system-user-token';
export const FAKE_WHATSAPP_PHONE_NUMBER_ID = '106540352242922';
/** The media id of tests/fixtures/whatsapp/image.json; the fake serves FIXTURE_IMAGE_BYTES for it. */
export const FIXTURE_IMAGE_MEDIA_ID = '1485217325865741';
/** A tiny JPEG-looking file (SOI marker, JFIF header, then fixed bytes, EOI marker). */
export const FIXTURE_IMAGE_BYTES = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]),
  Buffer.from('tanya-pabean whatsapp fixture image', 'utf8'),
  Buffer.from([0xff, 0xd9]),
]);

/** A recorded call with the status the fake answered (so a refused send is not counted as sent). */
export type WhatsAppCall = RecordedCall & { status?: number };

/** Whether the fake accepted the call. */
export function succeeded(call: RecordedCall): boolean {
  return (call as WhatsAppCall).status === 200;
}

/** A Graph error the fake answers a send with. */
export interface GraphErrorPlan {
  status: number;
  code: number;
  message: string;
  details?: string;
  /** Sent as a Retry-After header. */
  retryAfterSeconds?: number;
}

export interface WhatsAppFake extends FakePlatform {
  accessToken: string;
  phoneNumberId: string;
  /**
   * The next `times` send calls (not typing) answer with this Graph error, e.g. 131047 outside the
   * window; with `after`, that many sends succeed first.
   */
  rejectNextSends(plan: GraphErrorPlan, times: number, options?: { after?: number }): void;
  /** The next `times` media downloads answer 404, as a media URL older than 5 minutes does. */
  expireNextDownloads(times: number): void;
}

export interface WhatsAppFakeOptions {
  accessToken?: string;
  phoneNumberId?: string;
}

interface StoredMedia {
  content: Buffer;
  contentType: string;
}

export async function startWhatsAppFake(options: WhatsAppFakeOptions = {}): Promise<WhatsAppFake> {
  const accessToken = options.accessToken ?? FAKE_WHATSAPP_ACCESS_TOKEN;
  const phoneNumberId = options.phoneNumberId ?? FAKE_WHATSAPP_PHONE_NUMBER_ID;
  const calls: WhatsAppCall[] = [];
  const media = new Map<string, StoredMedia>([[FIXTURE_IMAGE_MEDIA_ID, { content: FIXTURE_IMAGE_BYTES, contentType: 'image/jpeg' }]]);
  const plannedFailures: GraphErrorPlan[] = [];
  let sendsBeforeFailures = 0;
  let expiredDownloads = 0;
  let sent = 0;
  let origin = '';

  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
    }
    const path = req.url ?? '/';
    const call: WhatsAppCall = { method: req.method ?? 'GET', path, headers: { ...req.headers }, body, at: new Date() };
    calls.push(call);
    answered.set(res, call);
    const url = new URL(path, 'http://fake');

    if (req.headers.authorization !== `Bearer ${accessToken}`) {
      sendGraphError(res, { status: 401, code: 190, message: 'Invalid OAuth access token - Cannot parse access token' }, 'OAuthException');
      return;
    }

    const download = /^\/media-download\/([^/]+)$/.exec(url.pathname);
    if (download && req.method === 'GET') {
      const item = media.get(decodeURIComponent(download[1]));
      if (!item || expiredDownloads > 0) {
        if (item) expiredDownloads -= 1;
        call.status = 404;
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('URL signature expired');
        return;
      }
      call.status = 200;
      res.writeHead(200, { 'content-type': item.contentType, 'content-length': String(item.content.length) });
      res.end(item.content);
      return;
    }

    const versioned = new RegExp(`^/${GRAPH_API_VERSION}/([^/]+)(/messages)?$`).exec(url.pathname);
    if (!versioned) {
      sendGraphError(res, { status: 404, code: 803, message: 'Unknown path components' });
      return;
    }
    const [, objectId, messages] = versioned;

    if (req.method === 'GET' && !messages) {
      const item = media.get(decodeURIComponent(objectId));
      if (!item) {
        sendGraphError(res, {
          status: 400,
          code: 100,
          message: 'Unsupported get request.',
          details: `Object with ID '${objectId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        });
        return;
      }
      sendJson(res, 200, {
        messaging_product: 'whatsapp',
        url: `${origin}/media-download/${encodeURIComponent(objectId)}?ext=${Date.now()}&hash=${randomBytes(6).toString('hex')}`,
        mime_type: item.contentType,
        sha256: createHash('sha256').update(item.content).digest('hex'),
        file_size: item.content.length,
        id: objectId,
      });
      return;
    }

    if (req.method === 'POST' && messages) {
      if (objectId !== phoneNumberId) {
        sendGraphError(res, { status: 400, code: 100, message: 'Unsupported post request.', details: `Object with ID '${objectId}' does not exist.` });
        return;
      }
      const request = (body ?? {}) as Record<string, unknown>;
      if (request.status === 'read') {
        const problem = checkReadReceipt(request);
        if (problem) sendGraphError(res, { status: 400, code: 100, message: 'Invalid parameter', details: problem });
        else sendJson(res, 200, { success: true });
        return;
      }
      const planned = sendsBeforeFailures > 0 ? undefined : plannedFailures.shift();
      if (sendsBeforeFailures > 0) sendsBeforeFailures -= 1;
      if (planned) {
        sendGraphError(res, planned);
        return;
      }
      const problem = checkSend(request);
      if (problem) {
        sendGraphError(res, { status: 400, code: 100, message: 'Invalid parameter', details: problem });
        return;
      }
      sent += 1;
      const to = String(request.to);
      sendJson(res, 200, {
        messaging_product: 'whatsapp',
        contacts: [{ input: to, wa_id: to.replace(/^\+/, '') }],
        messages: [{ id: `wamid.FAKE${String(sent).padStart(6, '0')}${randomBytes(6).toString('hex').toUpperCase()}`, ...(request.type === 'template' ? { message_status: 'accepted' } : {}) }],
      });
      return;
    }

    sendGraphError(res, { status: 400, code: 100, message: `Unsupported ${req.method ?? ''} request.` });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    baseUrl: `${origin}/${GRAPH_API_VERSION}`,
    accessToken,
    phoneNumberId,
    calls,
    failNextSends(status: number, times: number, retryAfterSeconds?: number) {
      const plan: GraphErrorPlan =
        status === 429
          ? { status, code: 130429, message: '(#130429) Rate limit hit', details: 'Cloud API message throughput has been reached.', retryAfterSeconds }
          : status >= 500
            ? { status, code: 131000, message: '(#131000) Something went wrong', details: 'Message failed to send due to an unknown error.', retryAfterSeconds }
            : { status, code: 100, message: '(#100) Invalid parameter', retryAfterSeconds };
      for (let index = 0; index < times; index += 1) plannedFailures.push(plan);
    },
    rejectNextSends(plan: GraphErrorPlan, times: number, rejectOptions: { after?: number } = {}) {
      sendsBeforeFailures = rejectOptions.after ?? 0;
      for (let index = 0; index < times; index += 1) plannedFailures.push(plan);
    },
    expireNextDownloads(times: number) {
      expiredDownloads = times;
    },
    addMedia(id: string, content: Buffer, contentType: string) {
      media.set(id, { content, contentType });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The call each response answers; its status is set before the answer is written. */
const answered = new WeakMap<ServerResponse, WhatsAppCall>();

// restify, loaded by other test files in the same worker, patches http.ServerResponse#writeHead
// so that it no longer returns the response: never chain `.end()` on it.
function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const call = answered.get(res);
  if (call) call.status = status;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function sendGraphError(res: ServerResponse, plan: GraphErrorPlan, type = 'OAuthException'): void {
  const headers: Record<string, string> = plan.retryAfterSeconds !== undefined ? { 'retry-after': String(plan.retryAfterSeconds) } : {};
  sendJson(
    res,
    plan.status,
    {
      error: {
        message: plan.message.startsWith('(#') ? plan.message : `(#${plan.code}) ${plan.message}`,
        type,
        code: plan.code,
        error_data: { messaging_product: 'whatsapp', details: plan.details ?? plan.message },
        fbtrace_id: randomBytes(9).toString('base64url'),
      },
    },
    headers,
  );
}

/** Characters as Meta counts them (code points). */
const length = (value: unknown): number => (typeof value === 'string' ? Array.from(value).length : -1);
const within = (value: unknown, min: number, max: number): boolean => length(value) >= min && length(value) <= max;

function checkReadReceipt(request: Record<string, unknown>): string | undefined {
  if (request.messaging_product !== 'whatsapp') return 'messaging_product must be whatsapp';
  if (!within(request.message_id, 1, 512)) return 'message_id must be the wamid of a received message';
  const typing = request.typing_indicator as { type?: unknown } | undefined;
  if (typing !== undefined && typing.type !== 'text') return 'typing_indicator.type must be text';
  return undefined;
}

/** The limits of [WA-TXT], [WA-BTN], [WA-LIST] and the template request shape. */
function checkSend(request: Record<string, unknown>): string | undefined {
  if (request.messaging_product !== 'whatsapp') return 'messaging_product must be whatsapp';
  if (typeof request.to !== 'string' || !/^\+?\d{5,20}$/.test(request.to)) return 'to must be a phone number';
  switch (request.type) {
    case 'text': {
      const text = request.text as { body?: unknown } | undefined;
      return within(text?.body, 1, 4096) ? undefined : 'text.body must have 1 to 4096 characters';
    }
    case 'interactive':
      return checkInteractive(request.interactive as Record<string, any> | undefined);
    case 'template': {
      const template = request.template as Record<string, any> | undefined;
      if (!within(template?.name, 1, 512)) return 'template.name is required';
      if (!within(template?.language?.code, 2, 15)) return 'template.language.code is required';
      if (template?.components !== undefined && !Array.isArray(template.components)) return 'template.components must be an array';
      return undefined;
    }
    default:
      return `type ${String(request.type)} is not supported by this fake`;
  }
}

function checkInteractive(interactive: Record<string, any> | undefined): string | undefined {
  if (!interactive) return 'interactive is required';
  if (interactive.type === 'button') {
    if (!within(interactive.body?.text, 1, 1024)) return 'interactive.body.text must have 1 to 1024 characters';
    const buttons = interactive.action?.buttons;
    if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) return 'interactive.action.buttons must hold 1 to 3 buttons';
    for (const button of buttons) {
      if (button?.type !== 'reply') return 'button type must be reply';
      if (!within(button.reply?.id, 1, 256)) return 'button reply.id must have 1 to 256 characters';
      if (!within(button.reply?.title, 1, 20)) return 'button reply.title must have 1 to 20 characters';
    }
    if (new Set(buttons.map((button: any) => button.reply.title)).size !== buttons.length) return 'button titles must be unique';
    if (new Set(buttons.map((button: any) => button.reply.id)).size !== buttons.length) return 'button ids must be unique';
    return undefined;
  }
  if (interactive.type === 'list') {
    if (!within(interactive.body?.text, 1, 4096)) return 'interactive.body.text must have 1 to 4096 characters';
    if (!within(interactive.action?.button, 1, 20)) return 'interactive.action.button must have 1 to 20 characters';
    const sections = interactive.action?.sections;
    if (!Array.isArray(sections) || sections.length < 1 || sections.length > 10) return 'interactive.action.sections must hold 1 to 10 sections';
    const rows = sections.flatMap((section: any) => (Array.isArray(section?.rows) ? section.rows : []));
    if (rows.length < 1 || rows.length > 10) return 'a list must hold 1 to 10 rows in all';
    for (const section of sections) {
      if (sections.length > 1 && !within(section?.title, 1, 24)) return 'section titles (1 to 24 characters) are required with more than one section';
    }
    for (const row of rows) {
      if (!within(row?.id, 1, 200)) return 'row id must have 1 to 200 characters';
      if (!within(row?.title, 1, 24)) return 'row title must have 1 to 24 characters';
      if (row.description !== undefined && !within(row.description, 0, 72)) return 'row description must have at most 72 characters';
    }
    if (new Set(rows.map((row: any) => row.id)).size !== rows.length) return 'row ids must be unique';
    return undefined;
  }
  return `interactive type ${String(interactive.type)} is not supported by this fake`;
}
