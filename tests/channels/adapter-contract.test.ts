import { ActivityTypes, type Activity, type TurnContext } from 'botbuilder';
import type { ChannelAdapter } from '../../adapters/channel/channel-adapter';
import { renderActivity } from '../../adapters/channel/outbound-renderer';
import { BOT_ACCOUNT } from '../../server/app';
import type { TicketRecord } from '../../storage/repositories';
import { DirectLineTestClient } from '../support/direct-line-client';
import { intakeAnswerFor } from '../support/intake-answers';
import { eventually, type RunningService, startTestService } from '../support/test-service';
import type { ChannelContractSpec, FakePlatform, SentMessage } from './contract-spec';
import { instagramSpec } from './instagram.spec';
import { messengerSpec } from './messenger.spec';
import { telegramSpec } from './telegram.spec';
import { whatsappSpec } from './whatsapp.spec';

/**
 * The one contract every channel adapter passes (STYLE.md rule 3), driven by each channel's recorded
 * webhook bodies (tests/fixtures/<channel>/) against the real service and a loopback fake of the
 * platform's API. Each test boots its own service on a fresh DATA_DIR: fixtures carry fixed platform
 * ids, and a fixture posted in one test must not be a duplicate in the next.
 */
const SPECS: ChannelContractSpec[] = [telegramSpec, whatsappSpec, messengerSpec, instagramSpec];

const QUESTION = 'berapa batas bebas bea barang bawaan penumpang dari luar negeri?';
const UNIT = 'pelayanan-kiriman';
const PASSWORD = 'kata-sandi-rahasia-1';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

let nextId = 810_000_000;
/** A fresh platform event id (numeric: Telegram's update_id is an integer). */
const newEventId = () => String((nextId += 1));
let nextCitizen = 0;
/** A fresh citizen (numeric: a Telegram chat id, a WhatsApp number, a Messenger PSID). */
const newCitizenId = () => `62812345${String((nextCitizen += 1)).padStart(4, '0')}`;

/** Letters, digits and single spaces: compares texts across Markdown dialects and HTML. */
const plain = (text: string) => text.replace(/[*_~`]/g, '').replace(/\s+/g, ' ').trim();

describe.each(SPECS.map((spec) => [spec.channelId, spec] as const))('the %s adapter', (channelId, spec) => {
  let fake: FakePlatform;
  let running: RunningService;

  beforeAll(async () => {
    fake = await spec.startFake();
  });
  afterAll(() => fake.close());

  beforeEach(async () => {
    fake.calls.length = 0;
    running = await startTestService(spec.environment(fake));
  });
  afterEach(() => running.stop());

  const adapter = (): ChannelAdapter => {
    // Service.channelAdapters comes with the channel wiring in server/app.ts.
    const found = (running.service as { channelAdapters?: ReadonlyMap<string, ChannelAdapter> }).channelAdapters?.get(channelId);
    if (!found) throw new Error(`the service has no ${channelId} adapter: is the channel wired in server/app.ts?`);
    return found;
  };
  const post = async (body: Buffer, headers: Record<string, string> = spec.signedHeaders(body)) => {
    const response = await fetch(`${running.url}/api/${channelId}`, { method: 'POST', headers, body: new Uint8Array(body) });
    return { status: response.status, text: await response.text() };
  };
  const eventsOf = (body: Buffer) => {
    const parsed = adapter().platform.parseWebhook(JSON.parse(body.toString('utf8')));
    if (parsed.kind !== 'events') throw new Error(`fixture does not parse: ${parsed.message}`);
    return parsed.events;
  };
  const conversationOf = (citizenId: string) => eventsOf(spec.textBody('x', newEventId(), { citizenId }))[0].conversationId;
  /** Resolves once every event of the body is processed (done) or given up. */
  const processed = async (body: Buffer) => {
    for (const event of eventsOf(body)) {
      await eventually(async () => {
        const stored = await running.service.storage.channelEvents.get(channelId, event.eventId);
        return stored && (stored.status === 'done' || stored.status === 'dead') ? stored : undefined;
      });
    }
  };
  const sentTo = (chatId: string): SentMessage[] => spec.sentMessages(fake.calls).filter((message) => message.chatId === chatId);
  const waitForSent = (chatId: string, count: number, timeoutMs = 15_000) =>
    eventually(async () => {
      const sent = sentTo(chatId);
      return sent.length >= count ? sent : undefined;
    }, timeoutMs);
  const turns = async (): Promise<number> => {
    const metric = await running.service.metrics.registry.getSingleMetric('tanya_pabean_turns_total')?.get();
    return (metric?.values ?? []).filter((value) => value.labels.channel === channelId).reduce((sum, value) => sum + value.value, 0);
  };
  /** The activities the bot receives on this channel (a middleware after the handoff one). */
  const recordInbound = () => {
    const seen: Array<Partial<Activity>> = [];
    adapter().use({
      onTurn: async (context: TurnContext, next: () => Promise<void>) => {
        seen.push({ ...context.activity });
        await next();
      },
    });
    return seen;
  };
  /** A citizen's message, answered: resolves with what the bot sent to the chat because of it. */
  const say = async (citizenId: string, text: string): Promise<SentMessage[]> => {
    const before = sentTo(citizenId).length;
    const body = spec.textBody(text, newEventId(), { citizenId });
    expect((await post(body)).status).toBe(200);
    await processed(body);
    return (await waitForSent(citizenId, before + 1)).slice(before);
  };

  /** An officer of the ticket's unit, signed in to the desk API. */
  const officer = async () => {
    await running.service.accounts.createAccount({ username: 'rina', displayName: 'Rina', roles: ['officer'], unit: UNIT, password: PASSWORD }, 'test');
    const signIn = await fetch(`${running.url}/api/desk/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'tanya-pabean' },
      body: JSON.stringify({ username: 'rina', password: PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const cookie = String(signIn.headers.get('set-cookie')).split(';')[0];
    return {
      reply: async (ticket: TicketRecord, text: string) => {
        const current = await running.service.storage.tickets.get(ticket.ticketId);
        const response = await fetch(`${running.url}/api/desk/tickets/${ticket.ticketId}/reply`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-requested-with': 'tanya-pabean', cookie },
          body: JSON.stringify({ revision: current?.revision, text }),
        });
        return { status: response.status, json: (await response.json()) as any };
      },
      /** The ticket as the console reads it: events and the messaging window. */
      view: async (ticket: TicketRecord) => {
        const response = await fetch(`${running.url}/api/desk/tickets/${ticket.ticketId}`, { headers: { cookie } });
        return (await response.json()) as any;
      },
    };
  };
  /** A ticket on a citizen's conversation whose last citizen message was `ago` ms before now. */
  const ticketWrittenAgo = async (citizenId: string, ago: number): Promise<TicketRecord> => {
    const conversationId = conversationOf(citizenId);
    const at = new Date(Date.now() - ago);
    return running.service.desk.openTicket({
      channelId,
      conversationId,
      conversationReference: { ...adapter().conversationReference(conversationId), bot: BOT_ACCOUNT } as Record<string, unknown>,
      citizenName: 'Budi',
      citizenId,
      topic: 'consignment.held_documents',
      unit: UNIT,
      collectedData: {},
      receivedAt: at,
      transcript: [{ from: 'citizen', text: 'paket saya tertahan', at }],
    });
  };

  describe('inbound', () => {
    test('when the signature or secret is wrong, then 401, nothing is stored and no turn runs', async () => {
      const body = spec.fixture('text');
      const answer = await post(body, spec.badlySignedHeaders(body));
      expect(answer.status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const event of eventsOf(body)) expect(await running.service.storage.channelEvents.get(channelId, event.eventId)).toBeUndefined();
      expect(spec.sentMessages(fake.calls)).toEqual([]);
      expect(await turns()).toBe(0);
    });

    test('when the body is not JSON or not the platform\u2019s shape, then 400 and no turn', async () => {
      expect((await post(Buffer.from('{"update_id": 1, "message": '))).status).toBe(400);
      expect((await post(Buffer.from('{"unexpected": true}'))).status).toBe(400);
      expect(await turns()).toBe(0);
    });

    test('when the same delivery arrives twice, then one turn runs and one set of replies goes out', async () => {
      const body = spec.fixture('text');
      const [first, second] = await Promise.all([post(body), post(body)]);
      expect([first.status, second.status]).toEqual([200, 200]);
      await processed(body);
      const replies = await waitForSent(spec.fixtureChatId, 1);
      expect((await post(body)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await turns()).toBe(1);
      expect(sentTo(spec.fixtureChatId)).toHaveLength(replies.length);
      for (const event of eventsOf(body)) expect((await running.service.storage.channelEvents.get(channelId, event.eventId))?.attempts).toBe(1);
    });

    test('when a delivery is repeated after a restart on the same data, then it is still a duplicate', async () => {
      const body = spec.fixture('text');
      expect((await post(body)).status).toBe(200);
      await processed(body);
      const replies = (await waitForSent(spec.fixtureChatId, 1)).length;
      const dataDir = running.dataDir;
      await running.stop({ keepData: true });
      running = await startTestService(spec.environment(fake), dataDir);
      expect((await post(body)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(await turns()).toBe(0);
      expect(sentTo(spec.fixtureChatId)).toHaveLength(replies);
    });

    test('when a citizen writes, then the bot answers on the same chat with the typing indicator on', async () => {
      const body = spec.fixture('text');
      expect((await post(body)).status).toBe(200);
      const replies = await waitForSent(spec.fixtureChatId, 1);
      expect(replies.every((reply) => reply.text.trim() !== '')).toBe(true);
      expect(spec.typingCalls(fake.calls)).toBeGreaterThan(0);
    });

    test('when the citizen presses a button, then the dialogs get the value Web Chat sends and answer as they do on Web Chat', async () => {
      const seen = recordInbound();
      // The fixture's chat first asks a question: the feedback offer is then pending, as it is in Web Chat below.
      await say(spec.fixtureChatId, QUESTION);
      const before = sentTo(spec.fixtureChatId).length;
      const button = spec.fixture('button-reply');
      expect((await post(button)).status).toBe(200);
      await processed(button);
      const afterButton = (await waitForSent(spec.fixtureChatId, before + 1)).slice(before);
      const pressed = seen.at(-1);
      expect(pressed?.type).toBe(ActivityTypes.Message);
      expect(pressed?.text).toBeTruthy();

      const webChat = new DirectLineTestClient(running.url);
      await webChat.start();
      await eventually(async () => ((await webChat.botMessages()).length >= 2 ? true : undefined));
      const welcome = (await webChat.botMessages()).length;
      await webChat.send(QUESTION);
      const asked = await eventually(async () => {
        const messages = await webChat.botMessages();
        return messages.length >= welcome + 2 ? messages.length : undefined;
      });
      await webChat.send(String(pressed?.text));
      const webChatAnswer = await eventually(async () => {
        const messages = await webChat.botMessages();
        return messages.length >= asked + afterButton.length ? messages.slice(asked) : undefined;
      });
      expect(afterButton.map((message) => plain(message.text))).toEqual(webChatAnswer.map((message) => plain(String(message.text))));
    });

    test('when the citizen edits a message, then the bot asks politely for a new message as text', async () => {
      const body = spec.fixture('edit');
      expect((await post(body)).status).toBe(200);
      const [notice] = await waitForSent(spec.fixtureChatId, 1);
      expect(notice.text).toMatch(/Silakan kirim dalam bentuk teks|Please send it as text/);
    });

    test('when an update of an unknown type arrives, then it is acknowledged and no turn runs', async () => {
      const body = spec.fixture('unknown-type');
      expect((await post(body)).status).toBe(200);
      await processed(body);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await turns()).toBe(0);
      // An unknown event type is ignored; a message of a type the platform cannot show us gets the polite notice.
      for (const sent of spec.sentMessages(fake.calls)) expect(sent.text).toMatch(/Silakan kirim dalam bentuk teks|Please send it as text/);
    });

    test('when a delivery or read status (or the platform\u2019s nearest update) arrives, then it is acknowledged without a reply', async () => {
      const body = spec.fixture('status');
      expect((await post(body)).status).toBe(200);
      await processed(body);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(spec.sentMessages(fake.calls)).toEqual([]);
      expect(await turns()).toBe(0);
    });

    test('when a delivery or read status arrives for a chat with a ticket, then the ticket transcript records it', async () => {
      const body = spec.fixture('status');
      const [event] = eventsOf(body);
      const meaning = await adapter().platform.interpret(event);
      if (meaning.kind !== 'status') {
        console.warn(`${channelId}: the platform sends no delivery or read receipts (its status fixture is "${meaning.kind}"); nothing to record.`);
        return;
      }
      const citizen = meaning.conversationId === conversationOf(spec.fixtureChatId) ? spec.fixtureChatId : undefined;
      expect(citizen).toBeDefined();
      const ticket = await ticketWrittenAgo(spec.fixtureChatId, 60_000);
      expect((await post(body)).status).toBe(200);
      await processed(body);
      const receipt = await eventually(async () => (await running.service.storage.tickets.listEvents(ticket.ticketId)).find((line) => line.kind === 'delivery'));
      expect(receipt.data).toMatchObject({ state: meaning.status, messageId: meaning.messageId });
    });

    test('when an image arrives, then it is stored and the attachment opens from the service', async () => {
      const seen = recordInbound();
      const body = spec.fixture('image');
      expect((await post(body)).status).toBe(200);
      await processed(body);
      const withFile = await eventually(async () => seen.find((activity) => (activity.attachments?.length ?? 0) > 0));
      const attachment = withFile.attachments![0];
      expect(attachment.contentType).toMatch(/^image\//);
      const url = attachment.contentUrl!.startsWith('/') ? `${running.url}${attachment.contentUrl}` : attachment.contentUrl!;
      expect(url).toContain('/v3/directline/attachments/');
      const opened = await fetch(url.replace(/^https?:\/\/[^/]+/, running.url));
      expect(opened.status).toBe(200);
      expect(opened.headers.get('content-type')).toMatch(/^image\//);
      expect((await opened.arrayBuffer()).byteLength).toBeGreaterThan(0);
      // The bot answers it (a caption is read as the message; a bare file is acknowledged).
      await waitForSent(spec.fixtureChatId, 1);
    });

    test('when a citizen sends an image while an officer owns the conversation, then it is on the ticket as a link the console opens, and the bot stays silent', async () => {
      const ticket = await ticketWrittenAgo(spec.fixtureChatId, 60_000);
      const body = spec.fixture('image');
      expect((await post(body)).status).toBe(200);
      await processed(body);
      const line = await eventually(async () =>
        (await running.service.storage.tickets.listEvents(ticket.ticketId)).find((event) => event.kind === 'citizen-message' && Array.isArray(event.data.attachments)),
      );
      const [attachment] = line.data.attachments as Array<{ contentType: string; contentUrl: string }>;
      expect(attachment.contentType).toMatch(/^image\//);
      const opened = await fetch(attachment.contentUrl.replace(/^https?:\/\/[^/]+/, running.url).replace(/^\//, `${running.url}/`));
      expect(opened.status).toBe(200);
      expect(sentTo(spec.fixtureChatId).filter((message) => !/^$/.test(message.text))).toEqual([]);
    });

    test('when a batch arrives, then each of its events is processed', async () => {
      const body = spec.fixture('batch');
      expect((await post(body)).status).toBe(200);
      await processed(body);
      await waitForSent(spec.fixtureChatId, 1);
      expect(await turns()).toBeGreaterThanOrEqual(eventsOf(body).filter((event) => event.conversationId).length > 0 ? 1 : 0);
    });

    test('when the channel is not configured, then its route answers 404 ChannelOff', async () => {
      const off = await startTestService();
      try {
        const response = await fetch(`${off.url}/api/${channelId}`, { method: 'POST', headers: spec.signedHeaders(spec.fixture('text')), body: new Uint8Array(spec.fixture('text')) });
        expect(response.status).toBe(404);
        expect(((await response.json()) as any).error.code).toBe('ChannelOff');
      } finally {
        await off.stop();
      }
    });
  });

  describe('outbound', () => {
    test('when an offer fits the platform\u2019s buttons, then it is sent as buttons', async () => {
      const citizen = newCitizenId();
      const replies = await say(citizen, QUESTION);
      const offer = await eventually(async () => sentTo(citizen).find((message) => /membantu\?/.test(message.text)));
      expect(replies.length).toBeGreaterThan(0);
      expect(offer.buttons ?? offer.listRows).toEqual(['Ya', 'Tidak']);
    });

    test('when an offer does not fit as buttons, then it is a list or numbered text, and a number picks the choice', async () => {
      const citizen = newCitizenId();
      await say(citizen, 'IMEI');
      const clarify = await eventually(async () => sentTo(citizen).find((message) => /Maksud Anda yang mana\?/.test(message.text)));
      const shown = clarify.buttons ?? clarify.listRows ?? [...clarify.text.matchAll(/^\d+\. (.+)$/gm)].map((match) => match[1]);
      expect(shown).toHaveLength(4);
      expect(shown.at(-1)).toBe('Bukan semuanya');
      const answer = await say(citizen, '2');
      expect(plain(answer.map((message) => message.text).join(' '))).toMatch(/consignment note|perusahaan jasa titipan|kurir/i);
    });

    test('when choices exceed the button limits, then rendering switches to a list or numbered text', () => {
      const { limits } = adapter().platform;
      const offer = (count: number, title = (index: number) => `Pilihan ${index + 1}`): Partial<Activity> => ({
        type: 'message',
        text: 'Pilih salah satu.',
        suggestedActions: { to: [], actions: Array.from({ length: count }, (_unused, index) => ({ type: 'imBack', title: title(index), value: title(index) })) },
      });
      const format = (markdown: string) => adapter().platform.formatText(markdown);
      const within = renderActivity(offer(limits.buttonsMax), limits, format);
      expect(within.at(-1)?.buttons).toHaveLength(limits.buttonsMax);
      const beyond = renderActivity(offer(limits.buttonsMax + 1), limits, format).at(-1)!;
      expect(beyond.buttons).toBeUndefined();
      if (limits.listRowsMax >= limits.buttonsMax + 1) expect(beyond.list?.rows).toHaveLength(limits.buttonsMax + 1);
      else expect(beyond.text).toMatch(new RegExp(`^${limits.buttonsMax + 1}\\. Pilihan ${limits.buttonsMax + 1}$`, 'm'));
      const longTitles = renderActivity(offer(2, (index) => `${'x'.repeat(Math.max(limits.buttonTitleMax, limits.listRowTitleMax))} ${index}`), limits, format).at(-1)!;
      expect(longTitles.buttons).toBeUndefined();
      expect(longTitles.list).toBeUndefined();
      expect(longTitles.text).toMatch(/^1\. x+ 0\n2\. x+ 1$/m);
    });

    test('when a reply is 5,000 characters long, then it arrives split at sentence ends, each part within the limit, nothing lost', async () => {
      const citizen = newCitizenId();
      const sentences: string[] = [];
      for (let index = 1; sentences.join(' ').length < 5000; index += 1) sentences.push(`Kalimat nomor ${index} menjelaskan ketentuan pabean yang berlaku bagi barang kiriman.`);
      const long = sentences.join(' ').slice(0, 5000).replace(/\s+\S*$/, '.');
      const conversationId = conversationOf(citizen);
      await adapter().continueConversation({ ...adapter().conversationReference(conversationId), bot: BOT_ACCOUNT }, async (context) => {
        await context.sendActivity(long);
      });
      const parts = sentTo(citizen);
      expect(parts.length).toBeGreaterThan(1);
      const size = (text: string) => (spec.textLimit.unit === 'utf8-bytes' ? Buffer.byteLength(text) : text.length);
      for (const part of parts) expect(size(part.text)).toBeLessThanOrEqual(spec.textLimit.max);
      for (const part of parts.slice(0, -1)) expect(part.text).toMatch(/\.$/);
      expect(plain(parts.map((part) => part.text).join(' '))).toBe(plain(long));
    });

    test('when the platform answers 429 once, then the message is delivered once, after the wait it asked for', async () => {
      fake.failNextSends(429, 1, 1);
      const citizen = newCitizenId();
      const replies = await say(citizen, QUESTION);
      await waitForSent(citizen, 2);
      const texts = sentTo(citizen).map((message) => message.text);
      expect(new Set(texts).size).toBe(texts.length);
      expect(replies.length).toBeGreaterThan(0);
      const sendCalls = fake.calls.filter((call) => call.method === 'POST' && JSON.stringify(call.body ?? {}).includes('USD 500'));
      expect(sendCalls.length).toBe(2);
      expect(sendCalls[1].at.getTime() - sendCalls[0].at.getTime()).toBeGreaterThanOrEqual(900);
    });

    test('when the platform answers 500 once, then the message is delivered after a backoff', async () => {
      fake.failNextSends(500, 1);
      const citizen = newCitizenId();
      await say(citizen, QUESTION);
      const texts = (await waitForSent(citizen, 2)).map((message) => message.text);
      expect(new Set(texts).size).toBe(texts.length);
    });
  });

  describe('officer replies and the messaging window', () => {
    if (spec.window === undefined) {
      test.each([
        ['a minute', 60_000],
        ['30 days', 30 * DAY_MS],
      ])('when an officer answers %s after the citizen wrote, then it is delivered (no window)', async (_age, ago) => {
        const citizen = newCitizenId();
        const ticket = await ticketWrittenAgo(citizen, ago);
        const desk = await officer();
        expect((await desk.view(ticket)).window).toMatchObject({ state: 'none' });
        const answer = await desk.reply(ticket, 'Paket Anda sudah kami periksa.');
        expect(answer.status).toBe(200);
        expect(sentTo(citizen).map((message) => message.text)).toEqual(['Paket Anda sudah kami periksa.']);
      });
    }

    if (spec.window === 'human-agent-24h-7d') {
      test('when an officer answers within 24 hours, then it is a plain reply', async () => {
        const citizen = newCitizenId();
        const answer = await (await officer()).reply(await ticketWrittenAgo(citizen, 23 * HOUR_MS), 'Jawaban petugas.');
        expect(answer.status).toBe(200);
        expect(sentTo(citizen)).toEqual([expect.objectContaining({ text: 'Jawaban petugas.' })]);
        expect(sentTo(citizen)[0].tag).toBeUndefined();
      });
      test('when an officer answers between 24 hours and 7 days, then it carries the HUMAN_AGENT tag', async () => {
        const citizen = newCitizenId();
        const desk = await officer();
        const ticket = await ticketWrittenAgo(citizen, 3 * DAY_MS);
        expect((await desk.view(ticket)).window).toMatchObject({ state: 'human-agent' });
        const answer = await desk.reply(ticket, 'Jawaban petugas.');
        expect(answer.status).toBe(200);
        expect(sentTo(citizen)).toEqual([expect.objectContaining({ text: 'Jawaban petugas.', tag: 'HUMAN_AGENT' })]);
      });
      test('when an officer answers after 7 days, then nothing is sent and the desk says why', async () => {
        const citizen = newCitizenId();
        const desk = await officer();
        const ticket = await ticketWrittenAgo(citizen, 8 * DAY_MS);
        expect((await desk.view(ticket)).window).toMatchObject({ state: 'closed', reason: expect.stringMatching(/7 days/) });
        const answer = await desk.reply(ticket, 'Jawaban petugas.');
        expect(answer.status).toBe(502);
        expect(sentTo(citizen)).toEqual([]);
        // The ticket says the answer could not be delivered, and why.
        const failed = (await desk.view(ticket)).events.find((event: any) => event.kind === 'delivery-failed');
        expect(failed.data).toMatchObject({ text: 'Jawaban petugas.', error: expect.stringMatching(/7 days/) });
      });
    }

    if (spec.window === 'template-after-24h') {
      test('when an officer answers within 24 hours, then the answer is sent as it is', async () => {
        const citizen = newCitizenId();
        const answer = await (await officer()).reply(await ticketWrittenAgo(citizen, 23 * HOUR_MS), 'Jawaban petugas.');
        expect(answer.status).toBe(200);
        expect(sentTo(citizen)).toEqual([expect.objectContaining({ text: 'Jawaban petugas.' })]);
      });
      test('when an officer answers after 24 hours, then the template invites the citizen back and the answer follows their next message', async () => {
        const citizen = newCitizenId();
        const ticket = await ticketWrittenAgo(citizen, 25 * HOUR_MS);
        const desk = await officer();
        expect((await desk.view(ticket)).window).toMatchObject({ state: 'template' });
        const answer = await desk.reply(ticket, 'Jawaban petugas.');
        expect(answer.status).toBe(200);
        const [template] = sentTo(citizen);
        expect(template.template).toBeTruthy();
        expect(sentTo(citizen).some((message) => message.text === 'Jawaban petugas.')).toBe(false);
        await say(citizen, 'halo, saya sudah kembali');
        await eventually(async () => (sentTo(citizen).some((message) => message.text === 'Jawaban petugas.') ? true : undefined));
      });
    }
  });

  test('end to end: a citizen asks for an officer, the intake leads to a ticket, and the officer\u2019s reply reaches the same chat', async () => {
    const citizen = newCitizenId();
    let replies = await say(citizen, 'saya mau bicara dengan petugas, paket saya tertahan di bea cukai');
    let ticketNumber: string | undefined;
    for (let step = 0; step < 20 && !ticketNumber; step += 1) {
      const last = replies.at(-1)?.text ?? '';
      ticketNumber = /nomor tiket (TP-\d{4}-\d{4})/.exec(plain(replies.map((reply) => reply.text).join(' ')))?.[1];
      if (ticketNumber) break;
      const answer = intakeAnswerFor(plain(last));
      if (answer === undefined) throw new Error(`the intake asked something the test cannot answer: ${last}`);
      replies = await say(citizen, answer);
    }
    expect(ticketNumber).toBeDefined();
    const ticket = await running.service.desk.findOwningTicket(channelId, conversationOf(citizen));
    expect(ticket?.number).toBe(ticketNumber);
    expect(ticket?.conversationReference).toMatchObject({ channelId, conversation: { id: conversationOf(citizen) } });

    const answer = await (await officer()).reply(ticket!, 'Selamat siang, paket Anda sedang kami periksa.');
    expect(answer.status).toBe(200);
    await eventually(async () => (sentTo(citizen).some((message) => message.text === 'Selamat siang, paket Anda sedang kami periksa.') ? true : undefined));
  });
});
