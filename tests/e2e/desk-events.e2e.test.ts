import { DirectLineTestClient } from '../support/direct-line-client';
import { completeIntake } from '../support/intake-answers';
import { eventually, type RunningService, startTestService } from '../support/test-service';

// The officers' live stream (GET /api/desk/events): new tickets and citizen messages arrive as
// server-sent events, from storage, so a second instance on the same DATA_DIR sees what the first
// did; and the hand-back to the bot when an officer resolves or closes a ticket.

const UNIT = 'pelayanan-kiriman';
const PASSWORD = 'kata-sandi-rahasia-1';
const ASK_FOR_OFFICER = 'saya mau bicara dengan petugas, paket saya tertahan';

interface StreamEvent {
  event: string;
  data: any;
}

/** An EventSource in a few lines: reads the stream and keeps every event. */
class EventStream {
  readonly events: StreamEvent[] = [];
  readonly raw: string[] = [];
  ended = false;
  private readonly controller = new AbortController();
  private finished: Promise<void> = Promise.resolve();

  static async open(baseUrl: string, cookie: string | undefined): Promise<{ status: number; stream?: EventStream; body?: any; contentType: string | null }> {
    const stream = new EventStream();
    const response = await fetch(`${baseUrl}/api/desk/events`, { headers: cookie ? { cookie, accept: 'text/event-stream' } : {}, signal: stream.controller.signal });
    const contentType = response.headers.get('content-type');
    if (response.status !== 200) return { status: response.status, body: await response.json(), contentType };
    stream.finished = stream.read(response.body as ReadableStream<Uint8Array>);
    return { status: 200, stream, contentType };
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let boundary: number;
        while ((boundary = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          this.raw.push(block);
          const lines = block.split('\n');
          const event = lines.find((line) => line.startsWith('event: '))?.slice(7);
          const data = lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n');
          if (event) this.events.push({ event, data: data ? JSON.parse(data) : undefined });
        }
      }
    } catch {
      // Aborted by close().
    } finally {
      this.ended = true;
    }
  }

  waitFor(predicate: (event: StreamEvent) => boolean, timeoutMs = 10_000): Promise<StreamEvent> {
    return eventually(async () => this.events.find(predicate), timeoutMs);
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.finished;
  }
}

async function signIn(baseUrl: string, username: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/desk/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'tanya-pabean' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') as string).split(';')[0];
}

async function desk(baseUrl: string, cookie: string, method: string, urlPath: string, body?: unknown): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = { cookie };
  if (method !== 'GET') headers['x-requested-with'] = 'tanya-pabean';
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${urlPath}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

/** A citizen on web chat asks for an officer; resolves with the ticket number from the bot's receipt. */
async function citizenAsksForOfficer(baseUrl: string): Promise<{ client: DirectLineTestClient; number: string }> {
  const client = new DirectLineTestClient(baseUrl);
  await client.start();
  await client.send(ASK_FOR_OFFICER);
  return { client, number: await completeIntake(client) };
}

describe('desk events: the live stream of the officers console', () => {
  let first: RunningService;
  let second: RunningService;
  const streams: EventStream[] = [];
  const open = async (running: RunningService, cookie: string) => {
    const answer = await EventStream.open(running.url, cookie);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/event-stream/);
    streams.push(answer.stream!);
    await answer.stream!.waitFor((event) => event.event === 'ready');
    return answer.stream!;
  };

  beforeAll(async () => {
    first = await startTestService();
    for (const [username, roles, unit] of [
      ['rina', ['officer'], UNIT],
      ['sari', ['officer'], 'cukai'],
      ['dewi', ['coordinator'], UNIT],
      ['edi', ['editor'], undefined],
    ] as const) {
      await first.service.accounts.createAccount({ username, displayName: username.toUpperCase(), roles: [...roles], unit, password: PASSWORD }, 'test');
    }
    // A second instance on the same DATA_DIR, as a second process on the machine would be.
    second = await startTestService({}, first.dataDir);
  });

  afterAll(async () => {
    await Promise.all(streams.map((stream) => stream.close()));
    await second?.stop({ keepData: true });
    await first?.stop();
  });

  test('without a session the stream is 401, and an editor (no desk access) gets 403, both as JSON errors', async () => {
    const anonymous = await EventStream.open(first.url, undefined);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('Unauthenticated');
    const editor = await EventStream.open(first.url, await signIn(first.url, 'edi'));
    expect(editor.status).toBe(403);
    expect(editor.body.error.code).toBe('Forbidden');
  });

  test('a new ticket and a citizen message reach the stream of this instance and of a second instance on the same DATA_DIR, but not an officer of another unit', async () => {
    const rinaFirst = await open(first, await signIn(first.url, 'rina'));
    const rinaSecond = await open(second, await signIn(second.url, 'rina'));
    const sariFirst = await open(first, await signIn(first.url, 'sari'));

    const { client, number } = await citizenAsksForOfficer(first.url);
    const created = await rinaFirst.waitFor((event) => event.event === 'ticket.created' && event.data.number === number);
    expect(created.data).toMatchObject({ type: 'ticket.created', number, unit: UNIT, channelId: 'webchat', status: 'queued' });
    expect(created.data.at).toMatch(/[+-]\d{2}:\d{2}$/);
    const ticketId = created.data.ticketId as string;
    await rinaSecond.waitFor((event) => event.event === 'ticket.created' && event.data.ticketId === ticketId);

    await client.send('nomor resinya RR123456785ID, mohon dibantu');
    const message = await rinaFirst.waitFor((event) => event.event === 'ticket.event' && event.data.ticketId === ticketId && event.data.kind === 'citizen-message');
    expect(message.data.sequence).toBeGreaterThan(1);
    await rinaSecond.waitFor((event) => event.event === 'ticket.event' && event.data.ticketId === ticketId && event.data.sequence === message.data.sequence);

    // Changes made on the second instance reach the first instance's stream.
    const cookie = await signIn(second.url, 'rina');
    const ticket = (await desk(second.url, cookie, 'GET', `/api/desk/tickets/${ticketId}`)).json.ticket;
    expect((await desk(second.url, cookie, 'POST', `/api/desk/tickets/${ticketId}/claim`, { revision: ticket.revision })).status).toBe(200);
    await rinaFirst.waitFor((event) => event.event === 'ticket.updated' && event.data.ticketId === ticketId && event.data.status === 'assigned');
    await rinaFirst.waitFor((event) => event.event === 'ticket.event' && event.data.ticketId === ticketId && event.data.kind === 'assignment');

    // Notifications only: no transcript text, tracking number or collected data travel on the stream.
    expect(rinaFirst.raw.join('\n')).not.toContain('RR123456785ID');
    expect(rinaFirst.raw.join('\n')).not.toContain('tertahan');
    // Officers follow their own unit.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(sariFirst.events.filter((event) => event.data?.ticketId === ticketId)).toEqual([]);
  });

  test('when an officer resolves a ticket, the citizen gets the answer and then the bot says the officer has finished (handoff.status completed); the bot answers the next message', async () => {
    const stream = await open(first, await signIn(first.url, 'dewi'));
    const { client, number } = await citizenAsksForOfficer(first.url);
    await stream.waitFor((event) => event.event === 'ticket.created' && event.data.number === number);
    const cookie = await signIn(second.url, 'dewi');
    const ticket = (await desk(second.url, cookie, 'GET', `/api/desk/tickets/${number}`)).json.ticket;
    const reply = await desk(second.url, cookie, 'POST', `/api/desk/tickets/${number}/reply`, {
      revision: ticket.revision,
      text: 'Paket Anda sedang diperiksa; dokumen tambahan tidak diperlukan.',
      resolve: true,
    });
    expect(reply.status).toBe(200);
    expect(reply.json.ticket.status).toBe('answered');
    await eventually(async () => ((await client.botMessages()).some((activity) => /sedang diperiksa/.test(String(activity.text))) ? true : undefined));
    const finished = await eventually(async () => (await client.botMessages()).find((activity) => /Petugas telah menyelesaikan tiket/.test(String(activity.text))));
    expect(finished.text).toContain(number);
    await stream.waitFor((event) => event.event === 'ticket.updated' && event.data.number === number && event.data.status === 'answered');

    // The conversation is the bot's again: the next message gets a bot answer, not a ticket line.
    const before = (await client.botMessages()).length;
    await client.send('berapa batas bebas bea barang penumpang?');
    await eventually(async () => ((await client.botMessages()).length > before ? true : undefined));
    const events = await first.service.storage.tickets.listEvents(ticket.ticketId);
    expect(events.some((event) => String(event.data.text ?? '').includes('batas bebas bea'))).toBe(false);
  });

  test('when an officer hands a ticket back to the bot (close), the citizen is told and the stream says it closed', async () => {
    const stream = await open(second, await signIn(second.url, 'rina'));
    const { client, number } = await citizenAsksForOfficer(first.url);
    await stream.waitFor((event) => event.event === 'ticket.created' && event.data.number === number);
    const cookie = await signIn(first.url, 'rina');
    const ticket = (await desk(first.url, cookie, 'GET', `/api/desk/tickets/${number}`)).json.ticket;
    expect((await desk(first.url, cookie, 'POST', `/api/desk/tickets/${number}/close`, { revision: ticket.revision })).status).toBe(200);
    await eventually(async () => ((await client.botMessages()).some((activity) => String(activity.text).includes(`menyelesaikan tiket ${number}`)) ? true : undefined));
    await stream.waitFor((event) => event.event === 'ticket.updated' && event.data.number === number && event.data.status === 'closed');
  });

  test('GET /api/desk/kb/search suggests published answers for a citizen question', async () => {
    const cookie = await signIn(first.url, 'rina');
    const found = await desk(first.url, cookie, 'GET', `/api/desk/kb/search?q=${encodeURIComponent('paket kiriman saya tertahan di bea cukai')}&limit=3`);
    expect(found.status).toBe(200);
    expect(found.json.entries.length).toBeGreaterThan(0);
    expect(found.json.entries.length).toBeLessThanOrEqual(3);
    expect(found.json.entries[0]).toMatchObject({ question: { id: expect.any(String), en: expect.any(String) }, answer: { id: expect.any(String), en: expect.any(String) } });
    expect(found.json.entries.map((entry: any) => entry.topic).join(' ')).toMatch(/consignment/);
    expect((await desk(first.url, cookie, 'GET', '/api/desk/kb/search?q=')).status).toBe(400);
    expect((await fetch(`${first.url}/api/desk/kb/search?q=paket`)).status).toBe(401);
  });

  test('a stream is let go when the client disconnects, and ended when the service closes', async () => {
    const cookie = await signIn(first.url, 'rina');
    const before = first.service.deskEvents.listenerCount;
    const stream = await open(first, cookie);
    expect(first.service.deskEvents.listenerCount).toBe(before + 1);
    await stream.close();
    await eventually(async () => (first.service.deskEvents.listenerCount === before ? true : undefined));

    const third = await startTestService({}, first.dataDir);
    const lasting = await open(third, await signIn(third.url, 'rina'));
    await third.stop({ keepData: true });
    await eventually(async () => (lasting.ended ? true : undefined), 5000);
    expect(third.service.deskEvents.listenerCount).toBe(0);
  });
});
