import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import restify, { type Server } from 'restify';
import { AccountService } from '../../officers/account-service';
import { DeskAuthenticator } from '../../server/auth';
import { registerChannelAdminRoutes } from '../../server/routes/channel-admin-routes';
import type { NewChannelEvent, Role } from '../../storage/repositories';
import { SqliteBackend } from '../../storage/sqlite/sqlite-backend';

const PASSWORD = 'kata-sandi-rahasia-1';
const NOW = new Date('2026-12-01T03:00:00.000Z');

interface Answer {
  status: number;
  headers: Headers;
  json: any;
}

let dataDir: string;
let backend: SqliteBackend;
let server: Server;
let baseUrl: string;
/** Session cookies by role, signed in through the real AccountService. */
const cookies: Partial<Record<Role, string>> = {};

async function request(method: 'GET' | 'POST', urlPath: string, options: { as?: Role; csrf?: boolean } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.as) headers.cookie = cookies[options.as] as string;
  if (method === 'POST' && options.csrf !== false) headers['x-requested-with'] = 'tanya-pabean';
  const response = await fetch(`${baseUrl}${urlPath}`, { method, headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

/** Records the event and lets its only allowed attempt fail, so it is dead. */
async function deadEvent(event: NewChannelEvent, error: string): Promise<void> {
  await backend.channelEvents.recordIfNew(event);
  const claimed = await backend.channelEvents.claimDue(event.receivedAt, 30_000, 1);
  expect(claimed.map((candidate) => candidate.eventId)).toEqual([event.eventId]);
  await backend.channelEvents.markFailed(event.channel, event.eventId, error, new Date(event.receivedAt.getTime() + 1000), NOW, 1);
}

const telegramEvent: NewChannelEvent = {
  channel: 'telegram',
  eventId: '900001',
  conversationId: 'tg:1001',
  payload: { update_id: 900001, message: { chat: { id: 1001 }, text: 'NIK saya 3174015501900001, tolong dicek' } },
  receivedAt: new Date('2026-12-01T01:00:00.000Z'),
};
const whatsappEvent: NewChannelEvent = {
  channel: 'whatsapp',
  eventId: 'wamid.HBgLNjI4MTIzNDU2Nzg5FQIAEhgUM0E=',
  conversationId: 'wa:62811',
  payload: { id: 'wamid.HBgLNjI4MTIzNDU2Nzg5FQIAEhgUM0E=', type: 'text', text: { body: 'halo' } },
  receivedAt: new Date('2026-12-01T02:00:00.000Z'),
};

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'tanya-pabean-channel-admin-'));
  backend = SqliteBackend.open({ dataDir });
  const accounts = new AccountService(backend.accounts, backend.sessions, backend.audit);
  for (const role of ['admin', 'officer', 'supervisor', 'editor'] as const) {
    await accounts.createAccount({ username: `user-${role}`, displayName: role, roles: [role], password: PASSWORD }, 'test');
    cookies[role] = `tp_session=${(await accounts.signIn(`user-${role}`, PASSWORD)).token}`;
  }
  server = restify.createServer({ handleUncaughtExceptions: false });
  registerChannelAdminRoutes(server, {
    events: backend.channelEvents,
    auth: new DeskAuthenticator(accounts, { trustProxy: false }),
    audit: backend.audit,
    logger: pino({ level: 'silent' }),
    now: () => NOW,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await deadEvent(telegramEvent, 'HTTP 400 from Telegram: chat not found');
  await deadEvent(whatsappEvent, 'media download failed');
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await backend.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('GET /api/desk/admin/channel-events/dead', () => {
  test('when an admin asks, then the dead events come newest first, with identity numbers masked and no caching', async () => {
    const answer = await request('GET', '/api/desk/admin/channel-events/dead', { as: 'admin' });

    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.json.events.map((event: any) => event.eventId)).toEqual([whatsappEvent.eventId, telegramEvent.eventId]);
    const telegram = answer.json.events[1];
    expect(telegram).toEqual({
      channel: 'telegram',
      eventId: '900001',
      conversationId: 'tg:1001',
      status: 'dead',
      attempts: 1,
      receivedAt: '2026-12-01T01:00:00.000Z',
      nextAttemptAt: NOW.toISOString(),
      lastError: 'HTTP 400 from Telegram: chat not found',
      completedAt: '2026-12-01T01:00:01.000Z',
      payload: { update_id: 900001, message: { chat: { id: 1001 }, text: 'NIK saya ••••••••••••0001, tolong dicek' } },
    });
  });

  test('when a channel or limit is given, then only that channel, at most that many, come', async () => {
    const telegram = await request('GET', '/api/desk/admin/channel-events/dead?channel=telegram', { as: 'admin' });
    const limited = await request('GET', '/api/desk/admin/channel-events/dead?limit=1', { as: 'admin' });
    const none = await request('GET', '/api/desk/admin/channel-events/dead?channel=instagram', { as: 'admin' });

    expect(telegram.json.events.map((event: any) => event.eventId)).toEqual(['900001']);
    expect(limited.json.events.map((event: any) => event.eventId)).toEqual([whatsappEvent.eventId]);
    expect(none.json).toEqual({ events: [] });
  });

  test('when the query is malformed, then the answer is 400 naming the field', async () => {
    for (const query of ['limit=0', 'limit=501', 'limit=abc', 'channel=Tele%20gram']) {
      const answer = await request('GET', `/api/desk/admin/channel-events/dead?${query}`, { as: 'admin' });
      expect(answer.status).toBe(400);
      expect(answer.json.error.code).toBe('BadArgument');
      expect(answer.json.error.message).toMatch(/^(limit|channel): /);
    }
  });

  test('when nobody is signed in, then 401; when the account is not an admin, then 403', async () => {
    const anonymous = await request('GET', '/api/desk/admin/channel-events/dead');
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error.code).toBe('Unauthenticated');
    for (const role of ['officer', 'supervisor', 'editor'] as const) {
      const answer = await request('GET', '/api/desk/admin/channel-events/dead', { as: role });
      expect(answer.status).toBe(403);
      expect(answer.json.error.code).toBe('Forbidden');
    }
  });
});

describe('POST /api/desk/admin/channel-events/:channel/:eventId/requeue', () => {
  const requeuePath = (channel: string, eventId: string) => `/api/desk/admin/channel-events/${channel}/${encodeURIComponent(eventId)}/requeue`;

  test('when an admin requeues a dead event, then it is pending again with no attempts, and the audit log says who did it', async () => {
    const answer = await request('POST', requeuePath('whatsapp', whatsappEvent.eventId), { as: 'admin' });

    expect(answer.status).toBe(200);
    expect(answer.json.event).toMatchObject({ channel: 'whatsapp', eventId: whatsappEvent.eventId, status: 'pending', attempts: 0, nextAttemptAt: NOW.toISOString(), completedAt: null, lastError: 'media download failed' });
    expect(await backend.channelEvents.get('whatsapp', whatsappEvent.eventId)).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: NOW });
    const admin = await backend.accounts.getByUsername('user-admin');
    const [line] = await backend.audit.list({ target: `channel-event:whatsapp:${whatsappEvent.eventId}` }, 10);
    expect(line).toMatchObject({ actor: admin?.accountId, action: 'channel-event.requeue', at: NOW });
    const dead = await request('GET', '/api/desk/admin/channel-events/dead', { as: 'admin' });
    expect(dead.json.events.map((event: any) => event.eventId)).toEqual(['900001']);
  });

  test('when the event is not dead, then 409; when it does not exist, then 404; nothing changes', async () => {
    await request('POST', requeuePath('telegram', '900001'), { as: 'admin' });

    const again = await request('POST', requeuePath('telegram', '900001'), { as: 'admin' });
    const unknown = await request('POST', requeuePath('telegram', '123'), { as: 'admin' });

    expect(again.status).toBe(409);
    expect(again.json.error).toEqual({ code: 'NotDead', message: expect.stringContaining('pending') });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('NotFound');
    expect(await backend.channelEvents.get('telegram', '123')).toBeUndefined();
  });

  test('when the caller is not an admin, has no session or sends no CSRF header, then the event stays dead', async () => {
    const url = requeuePath('telegram', '900001');
    expect((await request('POST', url)).status).toBe(401);
    expect((await request('POST', url, { as: 'officer' })).status).toBe(403);
    expect((await request('POST', url, { as: 'supervisor' })).status).toBe(403);
    const withoutHeader = await request('POST', url, { as: 'admin', csrf: false });
    expect(withoutHeader.status).toBe(403);
    expect(withoutHeader.json.error.code).toBe('CsrfHeaderMissing');

    expect((await backend.channelEvents.get('telegram', '900001'))?.status).toBe('dead');
  });
});
