import type { AddressInfo } from 'node:net';
import pino from 'pino';
import restify, { type Server } from 'restify';
import type { ChannelAdapter } from '../../adapters/channel/channel-adapter';
import { registerChannelWebhook } from '../../adapters/channel/webhook-routes';

/** The route alone, in front of a stand-in adapter: raw bytes in, the adapter's answer out, counted. */
describe('registerChannelWebhook', () => {
  let server: Server;
  let url: string;
  const counted: Array<[string, number]> = [];
  const received: Buffer[] = [];
  let answer: () => Promise<{ status: number; body: unknown }>;

  const standIn = {
    handleWebhook: async (rawBody: Buffer) => {
      received.push(rawBody);
      return answer();
    },
    verifyHandshake: (query: Record<string, string | undefined>) =>
      query['hub.mode'] === 'subscribe' ? { status: query['hub.verify_token'] === 'ok' ? 200 : 403, body: String(query['hub.challenge']) } : undefined,
  } as unknown as ChannelAdapter;

  beforeAll(async () => {
    server = restify.createServer({ handleUncaughtExceptions: false });
    server.use(restify.plugins.queryParser({ mapParams: false }));
    const options = { bodyMaxBytes: 64, logger: pino({ level: 'silent' }), metrics: { webhookRequest: (channel: string, status: number) => void counted.push([channel, status]) } };
    registerChannelWebhook(server, { ...options, channelId: 'whatsapp', adapter: standIn });
    registerChannelWebhook(server, { ...options, channelId: 'instagram', adapter: undefined });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    counted.length = 0;
    received.length = 0;
    answer = async () => ({ status: 200, body: { ok: true } });
  });

  test('when a webhook arrives, then the adapter gets the body byte for byte and its answer goes back, counted', async () => {
    const body = Buffer.from('{"a":"\\u00e4 ä"}');
    const response = await fetch(`${url}/api/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array(body) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(received[0].equals(body)).toBe(true);
    expect(counted).toEqual([['whatsapp', 200]]);
  });

  test('when the body is over the limit, then 413 and the adapter never sees it', async () => {
    const big = new Uint8Array(Buffer.alloc(65, 'x'));
    expect((await fetch(`${url}/api/whatsapp`, { method: 'POST', body: big })).status).toBe(413);
    // Without Content-Length (chunked), the limit is enforced while reading.
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new Uint8Array(40));
        controller.enqueue(new Uint8Array(40));
        controller.close();
      },
    });
    expect((await fetch(`${url}/api/whatsapp`, { method: 'POST', body: stream, duplex: 'half' } as RequestInit)).status).toBe(413);
    expect(received).toEqual([]);
    expect(counted).toEqual([['whatsapp', 413], ['whatsapp', 413]]);
  });

  test('when the channel is not configured, then 404 ChannelOff for POST and GET', async () => {
    const post = await fetch(`${url}/api/instagram`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(404);
    expect(((await post.json()) as any).error.code).toBe('ChannelOff');
    expect((await fetch(`${url}/api/instagram?hub.mode=subscribe`)).status).toBe(404);
  });

  test('when the platform verifies the webhook with GET, then the handshake answers with the challenge as text', async () => {
    const ok = await fetch(`${url}/api/whatsapp?hub.mode=subscribe&hub.verify_token=ok&hub.challenge=12345`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await ok.text()).toBe('12345');
    expect((await fetch(`${url}/api/whatsapp?hub.mode=subscribe&hub.verify_token=no&hub.challenge=1`)).status).toBe(403);
    expect((await fetch(`${url}/api/whatsapp`)).status).toBe(404);
  });

  test('when the event cannot be persisted, then 500 so the platform delivers it again', async () => {
    answer = async () => Promise.reject(new Error('database is locked'));
    const response = await fetch(`${url}/api/whatsapp`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(500);
    expect(((await response.json()) as any).error.code).toBe('ServiceError');
  });
});
