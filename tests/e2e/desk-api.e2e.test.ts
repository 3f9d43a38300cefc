import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createService, type Service } from '../../server/app';
import { loadConfig, projectRoot } from '../../server/config';
import { createLogger } from '../../server/logger';
import type { HandoffRequest } from '../../officers/desk-service';
import { DirectLineTestClient } from '../support/direct-line-client';
import { eventually, freshDataDir } from '../support/test-service';

const NIK = '3174015501900001';
const NIK_MASKED = '••••••••••••0001';
const UNIT = 'pelayanan-kiriman';
const OTHER_UNIT = 'cukai';
const PASSWORD = 'kata-sandi-rahasia-1';
// Past: long breached. Far future: the clock has not started, so the ticket is on track.
const LONG_AGO = '2026-01-05T09:00:00+08:00';
const FAR_FUTURE = '2030-03-04T09:00:00+08:00';

interface DeskAnswer {
  status: number;
  json: Record<string, any>;
  text: string;
  headers: Headers;
}

/** An officer's browser: keeps the session cookie and sends the CSRF header on changes, as the console will. */
class DeskBrowser {
  cookie = '';

  constructor(readonly baseUrl: string) {}

  async request(method: string, urlPath: string, body?: unknown, options: { csrf?: boolean; rawBody?: string } = {}): Promise<DeskAnswer> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (method !== 'GET' && options.csrf !== false) headers['x-requested-with'] = 'tanya-pabean';
    let payload: string | undefined;
    if (options.rawBody !== undefined) payload = options.rawBody;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${urlPath}`, { method, headers, body: payload });
    const text = await response.text();
    const setCookie = response.headers.get('set-cookie');
    if (setCookie?.startsWith('tp_session=')) {
      const value = setCookie.split(';')[0];
      this.cookie = value === 'tp_session=' ? '' : value;
    }
    return { status: response.status, json: text ? JSON.parse(text) : undefined, text, headers: response.headers };
  }

  async signIn(username: string, password = PASSWORD): Promise<DeskAnswer> {
    return this.request('POST', '/api/desk/session', { username, password });
  }
}

describe('officer desk HTTP API, end to end', () => {
  const dataDir = freshDataDir();
  const logLines: string[] = [];
  let service: Service;
  let url: string;
  const ids: Record<string, string> = {};

  /** A handoff as the bot makes it; the bot's own wiring is tested in handoff.e2e.test.ts. */
  const handoff = (overrides: Partial<HandoffRequest> = {}): HandoffRequest => ({
    channelId: 'webchat',
    conversationId: `conv-${Math.random().toString(36).slice(2)}`,
    conversationReference: {},
    citizenName: 'Budi',
    topic: 'consignment.held_documents',
    unit: UNIT,
    collectedData: { nik: NIK, trackingNumber: 'RR123456785ID' },
    receivedAt: new Date(FAR_FUTURE),
    transcript: [
      { from: 'citizen', text: `paket saya tertahan, NIK saya ${NIK}`, at: new Date(FAR_FUTURE) },
      { from: 'bot', text: 'Baik, petugas akan memeriksa.', at: new Date(FAR_FUTURE) },
    ],
    ...overrides,
  });

  const signedIn = async (username: string) => {
    const browser = new DeskBrowser(url);
    const answer = await browser.signIn(username);
    expect(answer.status).toBe(200);
    return browser;
  };

  beforeAll(async () => {
    // As startTestService, with a logger whose lines the test reads (no identity number may reach them).
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'debug', ACTIVITY_POLL_INTERVAL_MS: '200', DESK_SWEEP_INTERVAL_MS: '200' });
    service = await createService(config, { logger: createLogger(config.logLevel, { write: (line: string) => void logLines.push(line) }) });
    url = await service.listen(0, '127.0.0.1');
    // Test (like production) starts without demo accounts.
    expect(await service.accounts.listAccounts()).toEqual([]);
    const people: Array<[string, 'officer' | 'coordinator' | 'admin', string | undefined]> = [
      ['rina', 'officer', UNIT],
      ['eko', 'officer', UNIT],
      ['sari', 'officer', OTHER_UNIT],
      ['dewi', 'coordinator', UNIT],
      ['admin', 'admin', undefined],
    ];
    for (const [username, role, unit] of people) {
      const created = await service.accounts.createAccount({ username, displayName: username.toUpperCase(), roles: [role], unit, password: PASSWORD }, 'test');
      ids[username] = created.account.accountId;
    }
  });

  afterAll(async () => {
    await service.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('sessions', () => {
    test('when an officer signs in, then an HttpOnly SameSite=Strict cookie for the desk API holds the session, and signing out ends it', async () => {
      const browser = new DeskBrowser(url);
      const answer = await browser.signIn('RINA');
      expect(answer.status).toBe(200);
      expect(answer.json.account).toMatchObject({ username: 'rina', roles: ['officer'], unit: UNIT, mustChangePassword: false });
      expect(answer.json.account).not.toHaveProperty('passwordHash');
      expect(answer.json.permissions).toEqual(['tickets.work']);
      const cookie = answer.headers.get('set-cookie') as string;
      expect(cookie).toMatch(/^tp_session=[A-Za-z0-9_-]{40,}; Path=\/api\/desk; Max-Age=28800; HttpOnly; SameSite=Strict$/);

      expect((await browser.request('GET', '/api/desk/me')).json.account.username).toBe('rina');
      expect((await browser.request('DELETE', '/api/desk/session')).status).toBe(204);
      const after = await browser.request('GET', '/api/desk/me');
      expect(after.status).toBe(401);
      expect(after.json).toEqual({ error: { code: 'Unauthenticated', message: expect.any(String) } });
    });

    test('when the password is wrong or the user does not exist, then both get the same 401', async () => {
      const wrong = await new DeskBrowser(url).signIn('eko', 'not-the-password');
      const unknown = await new DeskBrowser(url).signIn('nobody-here', 'not-the-password');
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.json).toEqual({ error: { code: 'BadCredentials', message: 'Wrong username or password.' } });
      expect(unknown.json).toEqual(wrong.json);
    });

    test('when an account fails too often, then it is locked (429) even for the right password', async () => {
      await service.accounts.createAccount({ username: 'guessed', displayName: 'Guessed', roles: ['officer'], password: PASSWORD }, 'test');
      for (let attempt = 0; attempt < 5; attempt += 1) expect((await new DeskBrowser(url).signIn('guessed', `wrong-${attempt}-password`)).status).toBe(401);
      const locked = await new DeskBrowser(url).signIn('guessed');
      expect(locked.status).toBe(429);
      expect(locked.json.error.code).toBe('TooManyAttempts');
    });

    test('when a state-changing request lacks X-Requested-With, then it is refused with 403 before anything happens', async () => {
      const browser = new DeskBrowser(url);
      const refused = await browser.request('POST', '/api/desk/session', { username: 'rina', password: PASSWORD }, { csrf: false });
      expect(refused.status).toBe(403);
      expect(refused.json.error.code).toBe('CsrfHeaderMissing');
      expect(browser.cookie).toBe('');

      const officer = await signedIn('rina');
      const ticket = await service.desk.openTicket(handoff());
      const claim = await officer.request('POST', `/api/desk/tickets/${ticket.ticketId}/claim`, { revision: ticket.revision }, { csrf: false });
      expect(claim.status).toBe(403);
      expect((await service.storage.tickets.get(ticket.ticketId))?.assigneeId).toBeUndefined();
    });

    test('when an account has a one-time password, then it must change it before working, and the old password stops working', async () => {
      const created = await service.accounts.createAccount({ username: 'baru', displayName: 'Baru', roles: ['officer'], unit: UNIT }, 'test');
      const browser = new DeskBrowser(url);
      expect((await browser.signIn('baru', created.oneTimePassword)).json.account.mustChangePassword).toBe(true);
      const blocked = await browser.request('GET', '/api/desk/tickets');
      expect(blocked.status).toBe(403);
      expect(blocked.json.error.code).toBe('PasswordChangeRequired');

      const short = await browser.request('POST', '/api/desk/me/password', { currentPassword: created.oneTimePassword, newPassword: 'short' });
      expect(short.status).toBe(400);
      expect(short.json.error.message).toMatch(/^newPassword: /);
      const wrong = await browser.request('POST', '/api/desk/me/password', { currentPassword: 'not-the-password', newPassword: PASSWORD });
      expect(wrong.status).toBe(400);
      expect(wrong.json.error.message).toMatch(/^currentPassword: /);

      const changed = await browser.request('POST', '/api/desk/me/password', { currentPassword: created.oneTimePassword, newPassword: PASSWORD });
      expect(changed.status).toBe(200);
      expect(changed.json.account.mustChangePassword).toBe(false);
      expect((await browser.request('GET', '/api/desk/tickets')).status).toBe(200);
      expect((await new DeskBrowser(url).signIn('baru', created.oneTimePassword)).status).toBe(401);
    });
  });

  describe('queue and tickets', () => {
    test('the queue is ordered by due time, shows SLA state and office-time due times, and never an identity number in clear', async () => {
      const late = await service.desk.openTicket(handoff({ receivedAt: new Date(LONG_AGO), citizenName: 'Late' }));
      const fresh = await service.desk.openTicket(handoff({ citizenName: 'Fresh' }));
      const elsewhere = await service.desk.openTicket(handoff({ unit: OTHER_UNIT, citizenName: 'Elsewhere' }));
      const officer = await signedIn('rina');

      const queue = await officer.request('GET', '/api/desk/tickets');
      expect(queue.status).toBe(200);
      expect(queue.headers.get('cache-control')).toBe('no-store');
      expect(queue.text).not.toContain(NIK);
      const numbers = queue.json.tickets.map((ticket: any) => ticket.number);
      expect(numbers).toEqual(expect.arrayContaining([late.number, fresh.number]));
      expect(numbers).not.toContain(elsewhere.number);
      const dueTimes = queue.json.tickets.map((ticket: any) => Date.parse(ticket.dueAt));
      expect(dueTimes).toEqual([...dueTimes].sort((a, b) => a - b));

      const shownLate = queue.json.tickets.find((ticket: any) => ticket.number === late.number);
      expect(shownLate).toMatchObject({ slaState: 'breached', track: 'direct', status: 'queued', unit: UNIT, citizenName: 'Late', dueAt: '2026-01-05T10:00:00.000+08:00' });
      expect(shownLate.collectedData).toEqual({ nik: NIK_MASKED, trackingNumber: 'RR123456785ID' });
      expect(shownLate).not.toHaveProperty('conversationReference');
      expect(queue.json.tickets.find((ticket: any) => ticket.number === fresh.number)).toMatchObject({ slaState: 'on-track', dueAt: '2030-03-04T10:00:00.000+08:00' });
      expect(queue.json.now).toMatch(/\+08:00$/);

      const otherUnit = await officer.request('GET', `/api/desk/tickets?unit=${OTHER_UNIT}`);
      expect(otherUnit.status).toBe(403);

      const coordinator = await signedIn('dewi');
      const everyUnit = await coordinator.request('GET', `/api/desk/tickets?unit=${OTHER_UNIT}`);
      expect(everyUnit.status).toBe(200);
      expect(everyUnit.json.tickets.map((ticket: any) => ticket.number)).toContain(elsewhere.number);
      expect(everyUnit.json.tickets.every((ticket: any) => ticket.unit === OTHER_UNIT)).toBe(true);
      expect(everyUnit.text).not.toContain(NIK);
    });

    test('filters by status, channel and assignee; a bad filter is a 400 naming it', async () => {
      const mine = await service.desk.openTicket(handoff({ channelId: 'telegram' }));
      const officer = await signedIn('rina');
      const claimed = await officer.request('POST', `/api/desk/tickets/${mine.ticketId}/claim`, { revision: mine.revision });
      expect(claimed.status).toBe(200);

      const own = await officer.request('GET', '/api/desk/tickets?assignee=me&status=assigned');
      expect(own.json.tickets.map((ticket: any) => ticket.ticketId)).toEqual([mine.ticketId]);
      const telegram = await officer.request('GET', '/api/desk/tickets?channel=telegram');
      expect(telegram.json.tickets.map((ticket: any) => ticket.ticketId)).toEqual([mine.ticketId]);
      const queued = await officer.request('GET', '/api/desk/tickets?status=queued,reopened');
      expect(queued.json.tickets.every((ticket: any) => ticket.status === 'queued')).toBe(true);

      const bad = await officer.request('GET', '/api/desk/tickets?status=lost');
      expect(bad.status).toBe(400);
      expect(bad.json.error).toMatchObject({ code: 'BadArgument', message: expect.stringMatching(/^status\.0: /) });
      expect((await officer.request('GET', '/api/desk/tickets?limit=0')).json.error.message).toMatch(/^limit: /);
    });

    test('a ticket shows its transcript with identity numbers masked; the audited reveal shows them', async () => {
      const ticket = await service.desk.openTicket(handoff());
      const officer = await signedIn('rina');
      const shown = await officer.request('GET', `/api/desk/tickets/${ticket.ticketId}`);
      expect(shown.status).toBe(200);
      expect(shown.text).not.toContain(NIK);
      expect(shown.json.ticket).toMatchObject({ number: ticket.number, collectedData: { nik: NIK_MASKED } });
      expect(shown.json.events.map((event: any) => event.kind)).toEqual(['citizen-message', 'bot-message']);
      expect(shown.json.events[0].data.text).toBe(`paket saya tertahan, NIK saya ${NIK_MASKED}`);

      const byNumber = await officer.request('GET', `/api/desk/tickets/${ticket.number}`);
      expect(byNumber.json.ticket.ticketId).toBe(ticket.ticketId);

      const revealed = await officer.request('POST', `/api/desk/tickets/${ticket.ticketId}/reveal`);
      expect(revealed.status).toBe(200);
      expect(revealed.json.collectedData).toEqual({ nik: NIK, trackingNumber: 'RR123456785ID' });
      expect(revealed.json.events).toEqual([{ sequence: 1, data: { text: `paket saya tertahan, NIK saya ${NIK}` } }]);
      const audit = await service.storage.audit.list({ target: `ticket:${ticket.ticketId}` }, 10);
      expect(audit.find((record) => record.action === 'ticket.reveal')).toMatchObject({ actor: ids.rina });
      const events = (await officer.request('GET', `/api/desk/tickets/${ticket.ticketId}`)).json.events;
      expect(events.at(-1)).toMatchObject({ kind: 'reveal', actor: ids.rina, actorName: 'RINA' });
    });

    test('an unknown ticket is 404, another unit\'s ticket is 403 for an officer, both with the JSON error shape', async () => {
      const officer = await signedIn('sari');
      const missing = await officer.request('GET', '/api/desk/tickets/no-such-ticket');
      expect(missing.status).toBe(404);
      expect(missing.json).toEqual({ error: { code: 'NotFound', message: 'Ticket not found.' } });
      const ticket = await service.desk.openTicket(handoff());
      const foreign = await officer.request('GET', `/api/desk/tickets/${ticket.ticketId}`);
      expect(foreign.status).toBe(403);
      expect(foreign.json.error.code).toBe('Forbidden');
    });
  });

  describe('desk actions', () => {
    test('when two officers claim from the same revision, then the second gets 409; an officer cannot act on a ticket another holds, a coordinator can', async () => {
      const ticket = await service.desk.openTicket(handoff());
      const rina = await signedIn('rina');
      const eko = await signedIn('eko');
      const first = await rina.request('POST', `/api/desk/tickets/${ticket.ticketId}/claim`, { revision: ticket.revision });
      expect(first.status).toBe(200);
      expect(first.json.ticket).toMatchObject({ status: 'assigned', assigneeId: ids.rina, assigneeName: 'RINA', revision: ticket.revision + 1 });

      const stale = await eko.request('POST', `/api/desk/tickets/${ticket.ticketId}/claim`, { revision: ticket.revision });
      expect(stale.status).toBe(409);
      expect(stale.json.error.code).toMatch(/^(StaleRevision|AlreadyClaimed)$/);
      const again = await eko.request('POST', `/api/desk/tickets/${ticket.ticketId}/claim`, { revision: first.json.ticket.revision });
      expect(again.status).toBe(409);
      expect(again.json.error.code).toBe('AlreadyClaimed');
      const reply = await eko.request('POST', `/api/desk/tickets/${ticket.ticketId}/reply`, { revision: first.json.ticket.revision, text: 'Halo' });
      expect(reply.status).toBe(403);

      const coordinator = await signedIn('dewi');
      const takenOver = await coordinator.request('POST', `/api/desk/tickets/${ticket.ticketId}/claim`, { revision: first.json.ticket.revision });
      expect(takenOver.status).toBe(200);
      expect(takenOver.json.ticket.assigneeId).toBe(ids.dewi);
    });

    test('a stale revision on reply, escalate or close is 409 and changes nothing', async () => {
      const ticket = await service.desk.openTicket(handoff());
      const officer = await signedIn('rina');
      const claimed = (await officer.request('POST', `/api/desk/tickets/${ticket.ticketId}/claim`, { revision: ticket.revision })).json.ticket;
      for (const [action, body] of [
        ['reply', { text: 'Jawaban', revision: ticket.revision }],
        ['escalate', { hop: 'coordinator', note: 'Perlu koordinasi', revision: ticket.revision }],
        ['close', { revision: ticket.revision }],
      ] as const) {
        const answer = await officer.request('POST', `/api/desk/tickets/${ticket.ticketId}/${action}`, body);
        expect(answer.status).toBe(409);
        expect(answer.json.error.code).toBe('StaleRevision');
      }
      expect((await service.storage.tickets.get(ticket.ticketId))?.revision).toBe(claimed.revision);
    });

    test('bad bodies are 400 naming the field; malformed JSON is 400 with the same error shape', async () => {
      const ticket = await service.desk.openTicket(handoff());
      const officer = await signedIn('rina');
      const base = `/api/desk/tickets/${ticket.ticketId}`;
      const cases: Array<[string, unknown, RegExp]> = [
        ['claim', {}, /^revision: /],
        ['claim', { revision: 'one' }, /^revision: /],
        ['notes', { text: '   ' }, /^text: /],
        ['notes', { text: 'x'.repeat(4001) }, /^text: /],
        ['reply', { revision: ticket.revision, text: 'ok', resolve: 'yes' }, /^resolve: /],
        ['escalate', { revision: ticket.revision, hop: 'minister', note: 'x' }, /^hop: /],
        ['escalate', { revision: ticket.revision, hop: 'coordinator', note: 'x', assigneeId: 'nobody' }, /^assigneeId: /],
      ];
      for (const [action, body, message] of cases) {
        const answer = await officer.request('POST', `${base}/${action}`, body);
        expect([action, answer.status]).toEqual([action, 400]);
        expect(answer.json.error).toMatchObject({ code: 'BadArgument', message: expect.stringMatching(message) });
      }
      const malformed = await officer.request('POST', `${base}/notes`, undefined, { rawBody: '{"text": ' });
      expect(malformed.status).toBe(400);
      expect(malformed.json).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
    });

    /** A citizen on web chat (welcome received) whose conversation has a ticket, as a handoff opens it. */
    const webChatCitizenWithTicket = async () => {
      const client = new DirectLineTestClient(url);
      await client.start();
      await eventually(async () => ((await client.botMessages()).length >= 2 ? true : undefined));
      const ticket = await service.desk.openTicket(
        handoff({
          conversationId: client.conversationId,
          conversationReference: {
            channelId: 'webchat',
            serviceUrl: 'urn:tanya-pabean:webchat',
            conversation: { id: client.conversationId },
            bot: { id: 'tanya-pabean', name: 'Tanya Pabean', role: 'bot' },
            user: { id: client.userId },
          },
        }),
      );
      return { client, ticket };
    };

    test('when an officer replies, then the citizen\'s web chat shows the reply, the milestone is recorded, and the ticket can be resolved and closed', async () => {
      const { client, ticket } = await webChatCitizenWithTicket();
      const officer = await signedIn('rina');
      const claimed = (await officer.request('POST', `/api/desk/tickets/${ticket.ticketId}/claim`, { revision: ticket.revision })).json.ticket;

      const answerText = 'Paket Anda sudah dapat diambil di kantor pos. Layanan ini gratis.';
      const replied = await officer.request('POST', `/api/desk/tickets/${ticket.ticketId}/reply`, { revision: claimed.revision, text: answerText });
      expect(replied.status).toBe(200);
      expect(replied.json.ticket).toMatchObject({ status: 'assigned', slaState: 'met' });
      expect(replied.json.ticket.deliveredAt).toMatch(/\+08:00$/);

      const delivered = await eventually(async () => (await client.botMessages()).find((message) => message.text === answerText));
      expect(delivered.from).toMatchObject({ id: 'tanya-pabean', role: 'bot' });

      const resolved = await officer.request('POST', `/api/desk/tickets/${ticket.ticketId}/reply`, { revision: replied.json.ticket.revision, text: 'Terima kasih.', resolve: true });
      expect(resolved.json.ticket.status).toBe('answered');
      await eventually(async () => ((await client.botMessages()).some((message) => message.text === 'Terima kasih.') ? true : undefined));

      const closed = await officer.request('POST', `/api/desk/tickets/${ticket.ticketId}/close`, { revision: resolved.json.ticket.revision });
      expect(closed.json.ticket.status).toBe('closed');
      const afterClose = await officer.request('POST', `/api/desk/tickets/${ticket.ticketId}/reply`, { revision: closed.json.ticket.revision, text: 'lagi' });
      expect(afterClose.status).toBe(409);
      expect(afterClose.json.error.code).toBe('TicketClosed');

      const events = (await officer.request('GET', `/api/desk/tickets/${ticket.ticketId}`)).json.events.map((event: any) => event.kind);
      expect(events).toEqual(['citizen-message', 'bot-message', 'assignment', 'officer-reply', 'officer-reply', 'status']);
      expect((await client.botMessages()).filter((message) => message.text === 'lagi')).toHaveLength(0);
    });

    test('when the citizen follows up soon after the answer, then the ticket reopens with the message; thanks and general questions do not reopen it', async () => {
      const { client, ticket } = await webChatCitizenWithTicket();
      const officer = await signedIn('rina');
      const claimed = (await officer.request('POST', `/api/desk/tickets/${ticket.ticketId}/claim`, { revision: ticket.revision })).json.ticket;
      const resolved = await officer.request('POST', `/api/desk/tickets/${ticket.ticketId}/reply`, { revision: claimed.revision, text: 'Paket Anda sudah bisa diambil.', resolve: true });
      expect(resolved.json.ticket.status).toBe('answered');
      await eventually(async () => ((await client.botMessages()).some((message) => /telah menyelesaikan tiket/.test(String(message.text))) ? true : undefined));

      // Thanks and a general question the knowledge base answers stay with the bot.
      await client.send('terima kasih banyak');
      await eventually(async () => ((await client.botMessages()).some((message) => /Sama-sama/.test(String(message.text))) ? true : undefined));
      await client.send('berapa batas pembebasan bea masuk barang kiriman?');
      await eventually(async () => ((await client.botMessages()).some((message) => /USD/.test(String(message.text))) ? true : undefined));
      expect((await service.storage.tickets.get(ticket.ticketId))?.status).toBe('answered');

      // A follow-up on the case goes back to the officer.
      await client.send('tapi di kantor pos katanya belum ada, tolong dicek lagi');
      const notice = await eventually(async () => (await client.botMessages()).find((message) => /teruskan ke petugas yang menangani tiket/.test(String(message.text))));
      expect(notice.text).toContain(ticket.number);
      const reopened = await officer.request('GET', `/api/desk/tickets/${ticket.ticketId}`);
      expect(reopened.json.ticket.status).toBe('reopened');
      const kinds = reopened.json.events.map((event: any) => [event.kind, event.data.status ?? event.data.text]);
      expect(kinds.slice(-2)).toEqual([['status', 'reopened'], ['citizen-message', 'tapi di kantor pos katanya belum ada, tolong dicek lagi']]);
      const queue = await officer.request('GET', '/api/desk/tickets?status=reopened');
      expect(queue.json.tickets.map((listed: any) => listed.ticketId)).toContain(ticket.ticketId);
    });

    test('when the channel cannot take the reply, then the answer is 502, the failure is on the ticket for a retry, and the milestone stays open', async () => {
      const ticket = await service.desk.openTicket(handoff({ channelId: 'whatsapp' }));
      const officer = await signedIn('rina');
      const failed = await officer.request('POST', `/api/desk/tickets/${ticket.ticketId}/reply`, { revision: ticket.revision, text: 'Jawaban untuk Anda' });
      expect(failed.status).toBe(502);
      expect(failed.json.error.code).toBe('DeliveryFailed');
      expect(failed.json.error.message).toContain('whatsapp');

      const shown = (await officer.request('GET', `/api/desk/tickets/${ticket.ticketId}`)).json;
      expect(shown.ticket).toMatchObject({ deliveredAt: null, revision: ticket.revision });
      expect(shown.events.at(-1)).toMatchObject({ kind: 'delivery-failed', actor: ids.rina, data: { text: 'Jawaban untuk Anda', error: expect.stringContaining('whatsapp') } });
    });

    test('notes stay on the desk; escalating to a coordinator moves the ticket to the escalation track and assigns it', async () => {
      const client = new DirectLineTestClient(url);
      await client.start();
      const ticket = await service.desk.openTicket(handoff({ conversationId: client.conversationId, conversationReference: { channelId: 'webchat', conversation: { id: client.conversationId } } }));
      const officer = await signedIn('rina');
      const note = await officer.request('POST', `/api/desk/tickets/${ticket.ticketId}/notes`, { text: 'Cek ke gudang dulu' });
      expect(note.status).toBe(201);
      expect(note.json.event).toMatchObject({ kind: 'internal-note', actor: ids.rina, data: { text: 'Cek ke gudang dulu' } });

      const escalated = await officer.request('POST', `/api/desk/tickets/${ticket.ticketId}/escalate`, { revision: ticket.revision, hop: 'coordinator', note: 'Butuh keputusan', assigneeId: ids.dewi });
      expect(escalated.status).toBe(200);
      expect(escalated.json.ticket).toMatchObject({ status: 'escalated', track: 'escalation', assigneeId: ids.dewi, assigneeName: 'DEWI' });
      expect(Date.parse(escalated.json.ticket.dueAt)).toBeGreaterThan(Date.parse(ticket.dueAt.toISOString()));
      // The escalated ticket is the coordinator's now.
      const notHers = await officer.request('POST', `/api/desk/tickets/${ticket.ticketId}/close`, { revision: escalated.json.ticket.revision });
      expect(notHers.status).toBe(403);

      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await client.botMessages()).some((message) => /gudang/.test(String(message.text)))).toBe(false);
    });

    test('the sweeper records a breach once for a ticket past its due time', async () => {
      const ticket = await service.desk.openTicket(handoff({ receivedAt: new Date(LONG_AGO) }));
      const coordinator = await signedIn('dewi');
      const shown = await eventually(async () => {
        const answer = await coordinator.request('GET', `/api/desk/tickets/${ticket.ticketId}`);
        return answer.json.ticket.breachedAt ? answer.json : undefined;
      });
      expect(shown.ticket.slaState).toBe('breached');
      await new Promise((resolve) => setTimeout(resolve, 500));
      const events = (await coordinator.request('GET', `/api/desk/tickets/${ticket.ticketId}`)).json.events;
      expect(events.filter((event: any) => event.kind === 'status' && event.data.sla === 'breached')).toHaveLength(1);
    });
  });

  describe('accounts', () => {
    test('an admin creates an account with a one-time password, resets, disables and enables it; disabling ends its sessions', async () => {
      const admin = await signedIn('admin');
      const created = await admin.request('POST', '/api/desk/accounts', { username: 'Budi.Petugas', displayName: 'Budi', roles: ['officer'], unit: UNIT });
      expect(created.status).toBe(201);
      expect(created.json.account).toMatchObject({ username: 'budi.petugas', mustChangePassword: true, disabled: false });
      expect(created.json.oneTimePassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
      expect((await admin.request('POST', '/api/desk/accounts', { username: 'budi.petugas', roles: ['officer'] })).status).toBe(409);
      expect((await admin.request('POST', '/api/desk/accounts', { username: 'x', roles: ['officer'] })).json.error.message).toMatch(/^username: /);
      expect((await admin.request('POST', '/api/desk/accounts', { username: 'valid.name', roles: ['janitor'] })).json.error.message).toMatch(/^roles\.0: /);

      const list = await admin.request('GET', '/api/desk/accounts');
      expect(list.json.accounts.map((account: any) => account.username)).toContain('budi.petugas');
      expect(list.text).not.toMatch(/passwordHash|scrypt/);

      const reset = await admin.request('POST', '/api/desk/accounts/budi.petugas/reset');
      expect(reset.status).toBe(200);
      const budi = new DeskBrowser(url);
      expect((await budi.signIn('budi.petugas', created.json.oneTimePassword)).status).toBe(401);
      expect((await budi.signIn('budi.petugas', reset.json.oneTimePassword)).status).toBe(200);

      const disabled = await admin.request('POST', '/api/desk/accounts/budi.petugas/disable');
      expect(disabled.json.account.disabled).toBe(true);
      expect((await budi.request('GET', '/api/desk/me')).status).toBe(401);
      expect((await budi.signIn('budi.petugas', reset.json.oneTimePassword)).status).toBe(401);
      expect((await admin.request('POST', '/api/desk/accounts/budi.petugas/enable')).json.account.disabled).toBe(false);
      expect((await budi.signIn('budi.petugas', reset.json.oneTimePassword)).status).toBe(200);

      expect((await admin.request('POST', '/api/desk/accounts/nobody/reset')).status).toBe(404);
      expect((await admin.request('POST', '/api/desk/accounts/admin/disable')).json.error.code).toBe('SelfLockout');
    });
  });

  test('in development, the first start creates one demo account per role and prints their one-time passwords once; over https the cookie is Secure', async () => {
    const demoDataDir = freshDataDir();
    const lines: string[] = [];
    const start = async () => {
      const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: demoDataDir, LOG_LEVEL: 'info', PUBLIC_BASE_URL: 'https://desk.example.go.id' });
      const demo = await createService(config, { logger: createLogger(config.logLevel, { write: (line: string) => void lines.push(line) }) });
      return { demo, demoUrl: await demo.listen(0, '127.0.0.1') };
    };
    try {
      const { demo, demoUrl } = await start();
      const printed = lines.map((line) => JSON.parse(line)).filter((line) => line.demoAccounts);
      expect(printed).toHaveLength(1);
      expect(printed[0].level).toBe(40);
      expect(printed[0].demoAccounts.map((account: any) => account.role)).toEqual(['officer', 'coordinator', 'supervisor', 'editor', 'admin']);
      const officer = printed[0].demoAccounts[0];
      const browser = new DeskBrowser(demoUrl);
      const signedInDemo = await browser.signIn(officer.username, officer.oneTimePassword);
      expect(signedInDemo.json.account).toMatchObject({ roles: ['officer'], mustChangePassword: true });
      expect(signedInDemo.headers.get('set-cookie')).toMatch(/; Secure$/);
      await demo.close();

      const { demo: again } = await start();
      expect(lines.map((line) => JSON.parse(line)).filter((line) => line.demoAccounts)).toHaveLength(1);
      await again.close();
    } finally {
      rmSync(demoDataDir, { recursive: true, force: true });
    }
  });

  test('openapi/desk.yaml describes every desk route the server registers', () => {
    const spec = readFileSync(path.join(projectRoot(), 'openapi', 'desk.yaml'), 'utf8');
    const described = new Set<string>();
    let current = '';
    for (const line of spec.split('\n')) {
      const pathLine = /^ {2}(\/\S*):$/.exec(line);
      if (pathLine) current = pathLine[1].startsWith('/api/desk') ? pathLine[1] : '';
      const methodLine = /^ {4}(get|post|put|patch|delete):$/.exec(line);
      if (methodLine && current) described.add(`${methodLine[1].toUpperCase()} ${current}`);
      if (/^\S/.test(line)) current = '';
    }
    const registered = (service.server.getDebugInfo() as { routes: Array<{ method: string; path: string }> }).routes
      .filter((route) => route.path.startsWith('/api/desk'))
      .map((route) => `${route.method.toUpperCase().replace(/^DEL$/, 'DELETE')} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(registered.length).toBeGreaterThan(15);
    expect([...described].sort()).toEqual([...new Set(registered)].sort());
  });

  test('no identity number reaches the logs', () => {
    expect(logLines.length).toBeGreaterThan(0);
    const logs = logLines.join('');
    expect(logs).not.toContain(NIK);
    expect(logs).not.toContain(PASSWORD);
  });
});
