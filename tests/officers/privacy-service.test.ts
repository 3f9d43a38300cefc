import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DeskService, type HandoffRequest } from '../../officers/desk-service';
import { loadOfficeCalendar } from '../../officers/office-calendar';
import { ERASED_TEXT, PrivacyService } from '../../officers/privacy-service';
import { projectRoot } from '../../server/config';
import { FieldCipher } from '../../storage/field-cipher';
import { StaleTicketError, type TicketRecord, type TicketRepository } from '../../storage/repositories';
import { SqliteBackend } from '../../storage/sqlite/sqlite-backend';

const calendar = loadOfficeCalendar(path.join(projectRoot(), 'officers/calendars/kppbc-contoh.json'));
const officer = { accountId: 'acc-rina', displayName: 'Rina' };

/** The citizen who asks for erasure, and what they left behind. */
const CITIZEN_ID = 'dl_7f3a';
const NAME = 'Budi Santoso';
const NIK = '3174015501900001';
const TRACKING = 'RR123456785ID';
const EMAIL = 'budi.santoso@example.test';
const PHONE = '+6281234567890';
const PERSONAL = [NAME, 'Budi', NIK, TRACKING, EMAIL, PHONE, 'paket saya tertahan', 'KTP', 'sealed:', 'Pak Budi', 'rumah saya'];

/** Another citizen, whose data must stay. */
const OTHER_ID = 'dl_9c1e';
const OTHER_NAME = 'Ani Wijaya';

/** Fields the reports are computed from: erasure must leave them as they were. */
const STATISTICS = ['number', 'channelId', 'conversationId', 'topic', 'unit', 'assigneeId', 'receivedAt', 'track', 'clockStartsAt', 'dueAt', 'calendarVersion', 'deliveredAt', 'warnedAt', 'breachedAt', 'answeredAt', 'rating', 'ratedAt', 'createdAt'] as const;
const statistics = (ticket: TicketRecord | undefined) => Object.fromEntries(STATISTICS.map((field) => [field, ticket?.[field]]));

function handoff(conversationId: string, overrides: Partial<HandoffRequest> = {}): HandoffRequest {
  const receivedAt = new Date('2026-12-07T10:00:00+08:00');
  return {
    channelId: 'webchat',
    conversationId,
    conversationReference: {
      activityId: `${conversationId}|0000002`,
      user: { id: CITIZEN_ID, name: NAME, role: 'user' },
      bot: { id: 'tanya-pabean', name: 'Tanya Pabean', role: 'bot' },
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
      channelId: 'webchat',
      locale: 'id-ID',
      serviceUrl: 'urn:tanya-pabean:webchat',
    },
    citizenName: NAME,
    citizenId: CITIZEN_ID,
    topic: 'consignment.held_documents',
    unit: 'pelayanan-kiriman',
    collectedData: { nik: NIK, trackingNumber: TRACKING, email: EMAIL },
    receivedAt,
    transcript: [
      { from: 'citizen', text: `paket saya tertahan, NIK ${NIK}, resi ${TRACKING}`, at: receivedAt },
      { from: 'bot', text: `Baik Pak Budi, petugas akan memeriksa ${TRACKING}.`, at: receivedAt },
    ],
    ...overrides,
  };
}

/** A ticket repository whose updates are each preceded, `times` times, by another writer's change. */
function withConcurrentEdits(tickets: TicketRepository, times: number): TicketRepository {
  let edits = 0;
  return new Proxy(tickets, {
    get(target, property) {
      if (property === 'update') {
        return async (...args: Parameters<TicketRepository['update']>) => {
          if (edits < times) {
            edits += 1;
            const current = await target.get(args[0]);
            await target.update(args[0], current!.revision, { updatedAt: new Date() });
          }
          return target.update(...args);
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('erasing a citizen\'s personal data ("hapus data saya")', () => {
  let dataDir: string;
  let backend: SqliteBackend;
  let clock: Date;
  let desk: DeskService;
  let privacy: PrivacyService;
  const erasedAt = new Date('2026-12-09T01:00:00Z');

  /** The citizen's tickets: answered and rated, still open with notes, and an old one without citizenId. */
  let answered: TicketRecord;
  let open: TicketRecord;
  let old: TicketRecord;
  /** Other citizens' tickets: one elsewhere, one in the citizen's own conversation. */
  let others: TicketRecord[];

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tanya-pabean-privacy-'));
    backend = SqliteBackend.open({ dataDir });
    clock = new Date('2026-12-07T02:05:00Z');
    desk = new DeskService(backend.tickets, backend.audit, calendar, new FieldCipher('ab'.repeat(32)), { warnFraction: 0.75, ticketPrefix: 'TP', reopenWindowMs: 72 * 3_600_000 }, () => clock);
    privacy = new PrivacyService(backend.tickets, backend.conversations, backend.attachments, backend.audit);

    answered = await desk.openTicket(handoff('conv-1'));
    answered = await desk.claim(answered.ticketId, officer, answered.revision);
    open = await desk.openTicket(handoff('conv-2'));
    await desk.addNote(open.ticketId, officer, `Pak Budi minta dihubungi di ${PHONE}`);
    const { citizenId: _unrecorded, ...withoutCitizenId } = handoff('conv-1', { collectedData: { passport: 'B1234567' } });
    old = await desk.openTicket(withoutCitizenId);
    old = await desk.close(old.ticketId, officer, old.revision);
    others = [
      await desk.openTicket(handoff('conv-other', { citizenId: OTHER_ID, citizenName: OTHER_NAME, collectedData: { nik: '3174015501900002' } })),
      await desk.openTicket(handoff('conv-1', { citizenId: OTHER_ID, citizenName: OTHER_NAME, collectedData: { email: 'ani@example.test' } })),
    ];

    // Past the due time: warnings and breaches are recorded; then the answer comes, late, and a rating.
    clock = new Date('2026-12-07T03:01:00Z');
    await desk.sweep();
    clock = new Date('2026-12-07T03:10:00Z');
    answered = (await backend.tickets.get(answered.ticketId))!;
    answered = await desk.recordReply(answered.ticketId, officer, `Paket Pak Budi ${TRACKING} sudah dirilis.`, answered.revision, { resolve: true });
    answered = await backend.tickets.update(answered.ticketId, answered.revision, { rating: 5, ratingComment: 'Cepat, terima kasih. Kirim ke rumah saya ya', ratedAt: clock });
    open = (await backend.tickets.get(open.ticketId))!;
    open = await desk.escalate(open.ticketId, officer, 'coordinator', `Cek NIK ${NIK} atas nama ${NAME}`, open.revision);
    await desk.recordDeliveryFailure(open.ticketId, officer, 'Mohon tunggu, Pak Budi', `recipient ${PHONE} unreachable`);
    others = await Promise.all(others.map(async (ticket) => (await backend.tickets.get(ticket.ticketId))!));

    await backend.conversations.createConversation({ conversationId: 'conv-1', userId: CITIZEN_ID, createdAt: clock });
    const user = { id: CITIZEN_ID, name: NAME, role: 'user' };
    await backend.conversations.appendActivity('conv-1', (sequence) => ({ id: `conv-1|${sequence}`, type: 'message', from: user, text: `paket saya tertahan, NIK ${NIK}` }));
    await backend.conversations.appendActivity('conv-1', (sequence) => ({ id: `conv-1|${sequence}`, type: 'message', from: { id: 'tanya-pabean', role: 'bot' }, recipient: user, text: 'Terima kasih, Pak Budi.' }));
    await backend.conversations.appendActivity('conv-1', (sequence) => ({ id: `conv-1|${sequence}`, type: 'message', from: user, attachments: [{ contentType: 'image/jpeg', contentUrl: '/v3/directline/attachments/att-ktp', name: 'KTP Budi.jpg' }], channelData: { email: EMAIL } }));
    await backend.attachments.saveAttachment({ attachmentId: 'att-ktp', conversationId: 'conv-1', name: 'KTP Budi.jpg', contentType: 'image/jpeg', size: 20, createdAt: clock, content: Buffer.from(`NIK ${NIK}`) });
    await backend.conversations.createConversation({ conversationId: 'conv-other', userId: OTHER_ID, createdAt: clock });
    await backend.conversations.appendActivity('conv-other', (sequence) => ({ id: `conv-other|${sequence}`, type: 'message', from: { id: OTHER_ID, name: OTHER_NAME }, text: 'saya Ani' }));
    await backend.attachments.saveAttachment({ attachmentId: 'att-ani', conversationId: 'conv-other', name: 'invoice Ani.pdf', contentType: 'application/pdf', size: 3, createdAt: clock, content: Buffer.from('Ani') });
  });

  afterEach(async () => {
    await backend.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const request = { channelId: 'webchat', citizenId: CITIZEN_ID, conversationIds: ['conv-1', 'conv-2'] };

  /** Everything stored about the given tickets and conversations, as read back through the repositories. */
  async function readBack(ticketIds: string[], conversationIds: string[], attachmentIds: string[]): Promise<unknown> {
    return {
      tickets: await Promise.all(ticketIds.map((id) => backend.tickets.get(id))),
      events: await Promise.all(ticketIds.map((id) => backend.tickets.listEvents(id))),
      activities: await Promise.all(conversationIds.map((id) => backend.conversations.listActivities(id, 0, 100))),
      attachments: await Promise.all(attachmentIds.map(async (id) => {
        const attachment = await backend.attachments.getAttachment(id);
        return attachment && { ...attachment, content: attachment.content.toString('utf8') };
      })),
    };
  }
  const citizensData = () => readBack([answered.ticketId, open.ticketId, old.ticketId], ['conv-1', 'conv-2'], ['att-ktp']);
  const othersData = () => readBack(others.map((ticket) => ticket.ticketId), ['conv-other'], ['att-ani']);

  test('before erasure, the personal data is there to be found (the checks below are not vacuous)', async () => {
    const everything = JSON.stringify(await citizensData());
    for (const personal of [NAME, NIK, TRACKING, PHONE, 'KTP', 'sealed:', 'rumah saya']) expect(everything).toContain(personal);
  });

  test('when a citizen asks for erasure, then no name, identity number or message text of theirs remains in tickets, events, chat log or files', async () => {
    const report = await privacy.eraseCitizen(request, erasedAt);

    expect(report).toEqual({ ticketsFound: 3, ticketsAnonymised: 3, ticketsClosed: 1, eventsRedacted: 10, activitiesRedacted: 3, attachmentsDeleted: 1, conversationsSkipped: 0 });
    const everything = JSON.stringify(await citizensData());
    for (const personal of PERSONAL) expect(everything).not.toContain(personal);
    expect(everything).toContain(ERASED_TEXT);
    for (const ticket of await Promise.all([answered, open, old].map((before) => backend.tickets.get(before.ticketId)))) {
      expect(ticket).toMatchObject({ collectedData: {}, anonymisedAt: erasedAt, updatedAt: erasedAt });
      for (const field of ['citizenName', 'citizenId', 'ratingComment']) expect(ticket).not.toHaveProperty(field);
      expect(ticket?.conversationReference).toEqual({
        channelId: 'webchat',
        serviceUrl: 'urn:tanya-pabean:webchat',
        bot: { id: 'tanya-pabean', name: 'Tanya Pabean', role: 'bot' },
        conversation: { id: ticket?.conversationId },
      });
    }
    await expect(backend.attachments.getAttachment('att-ktp')).resolves.toBeUndefined();
    await expect(backend.tickets.list({ channelId: 'webchat', citizenId: CITIZEN_ID }, 10)).resolves.toEqual([]);
  });

  test('when a citizen asks for erasure, then the statistics of their tickets are unchanged and the event history keeps its shape', async () => {
    const eventsBefore = await Promise.all([answered, open, old].map((ticket) => backend.tickets.listEvents(ticket.ticketId)));

    await privacy.eraseCitizen(request, erasedAt);

    for (const before of [answered, open, old]) expect(statistics(await backend.tickets.get(before.ticketId))).toEqual(statistics(before));
    expect(answered).toMatchObject({ rating: 5, track: 'direct' });
    expect(answered.breachedAt).toBeInstanceOf(Date);
    expect(answered.deliveredAt).toBeInstanceOf(Date);
    expect((await backend.tickets.get(answered.ticketId))?.status).toBe('answered');
    expect((await backend.tickets.get(old.ticketId))?.status).toBe('closed');
    for (const [index, before] of [answered, open, old].entries()) {
      const after = await backend.tickets.listEvents(before.ticketId);
      const shape = (events: typeof after) => events.map(({ sequence, at, kind, actor }) => ({ sequence, at, kind, actor }));
      expect(shape(after).slice(0, eventsBefore[index].length)).toEqual(shape(eventsBefore[index]));
    }
    const escalation = (await backend.tickets.listEvents(open.ticketId)).find((event) => event.kind === 'escalation');
    expect(escalation?.data).toMatchObject({ hop: 'coordinator', note: ERASED_TEXT, dueAt: expect.any(String) });
  });

  test('when an open ticket is erased, then it is closed with an event saying why, so the bot answers the citizen again', async () => {
    await privacy.eraseCitizen(request, erasedAt);

    const closed = await backend.tickets.get(open.ticketId);
    expect(closed?.status).toBe('closed');
    const events = await backend.tickets.listEvents(open.ticketId);
    expect(events[events.length - 1]).toMatchObject({ at: erasedAt, kind: 'status', actor: 'system', data: { status: 'closed', reason: 'privacy-erasure' } });
    await expect(desk.findOwningTicket('webchat', 'conv-2')).resolves.toBeUndefined();
  });

  test("when a citizen's data is erased, then other citizens' tickets, chat log and files are untouched, even in the same conversation", async () => {
    const before = await othersData();

    await privacy.eraseCitizen(request, erasedAt);

    await expect(othersData()).resolves.toEqual(before);
    expect(JSON.stringify(before)).toContain(OTHER_NAME);
  });

  test('when a given conversation is bound to another user, then it is skipped with its tickets, log and files', async () => {
    const { citizenId: _none, ...anonymousHandoff } = handoff('conv-other', { citizenName: OTHER_NAME });
    const othersOldTicket = await desk.openTicket(anonymousHandoff);
    const before = await readBack([othersOldTicket.ticketId, others[0].ticketId], ['conv-other'], ['att-ani']);

    const report = await privacy.eraseCitizen({ channelId: 'webchat', citizenId: CITIZEN_ID, conversationIds: ['conv-other'] }, erasedAt);

    expect(report.conversationsSkipped).toBe(1);
    await expect(readBack([othersOldTicket.ticketId, others[0].ticketId], ['conv-other'], ['att-ani'])).resolves.toEqual(before);
  });

  test('when the erasure is recorded in the audit log, then the record holds counts only, no personal data', async () => {
    await privacy.eraseCitizen(request, erasedAt);

    const records = await backend.audit.list({ actor: 'citizen' }, 10);
    const erasure = records.find((record) => record.action === 'privacy.erase');
    expect(erasure).toEqual({ at: erasedAt, actor: 'citizen', action: 'privacy.erase', target: 'channel:webchat', details: { ticketsFound: 3, ticketsAnonymised: 3, ticketsClosed: 1, eventsRedacted: 10, activitiesRedacted: 3, attachmentsDeleted: 1, conversationsSkipped: 0 } });
    const wholeLog = JSON.stringify(await backend.audit.list({}, 1000));
    for (const personal of [...PERSONAL, CITIZEN_ID]) expect(wholeLog).not.toContain(personal);
  });

  test('when the citizen asks again, then nothing more changes, revisions stay, and the request is audited again', async () => {
    await privacy.eraseCitizen(request, erasedAt);
    const afterFirst = await citizensData();
    const othersAfterFirst = await othersData();

    const second = await privacy.eraseCitizen(request, new Date(erasedAt.getTime() + 60_000));

    expect(second).toEqual({ ticketsFound: 3, ticketsAnonymised: 0, ticketsClosed: 0, eventsRedacted: 0, activitiesRedacted: 0, attachmentsDeleted: 0, conversationsSkipped: 0 });
    await expect(citizensData()).resolves.toEqual(afterFirst);
    await expect(othersData()).resolves.toEqual(othersAfterFirst);
    expect((await backend.audit.list({ actor: 'citizen' }, 10)).filter((record) => record.action === 'privacy.erase')).toHaveLength(2);
  });

  test('when an officer changes a ticket during the erasure, then the erasure reads it again and succeeds', async () => {
    const racing = new PrivacyService(withConcurrentEdits(backend.tickets, 1), backend.conversations, backend.attachments, backend.audit);

    const report = await racing.eraseCitizen(request, erasedAt);

    expect(report.ticketsAnonymised).toBe(3);
    expect(JSON.stringify(await citizensData())).not.toContain(NAME);
  });

  test('when a ticket keeps changing under the erasure, then the second conflict is thrown rather than overwriting', async () => {
    const racing = new PrivacyService(withConcurrentEdits(backend.tickets, 2), backend.conversations, backend.attachments, backend.audit);

    await expect(racing.eraseCitizen(request, erasedAt)).rejects.toBeInstanceOf(StaleTicketError);
  });

  test('when the citizen id is missing, then nothing is erased', async () => {
    await expect(privacy.eraseCitizen({ channelId: 'webchat', citizenId: '', conversationIds: ['conv-1'] }, erasedAt)).rejects.toThrow(/citizenId are required/);

    expect(JSON.stringify(await citizensData())).toContain(NAME);
  });
});
