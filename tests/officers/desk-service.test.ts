import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DeskError, DeskService, type HandoffRequest } from '../../officers/desk-service';
import { loadOfficeCalendar } from '../../officers/office-calendar';
import { projectRoot } from '../../server/config';
import { FieldCipher } from '../../storage/field-cipher';
import { StaleTicketError } from '../../storage/repositories';
import { SqliteBackend } from '../../storage/sqlite/sqlite-backend';

const calendar = loadOfficeCalendar(path.join(projectRoot(), 'officers/calendars/kppbc-contoh.json'));
const officer = { accountId: 'acc-rina', displayName: 'Rina' };
const NIK = '3174015501900001';

function handoff(receivedAt: string, overrides: Partial<HandoffRequest> = {}): HandoffRequest {
  return {
    channelId: 'webchat',
    conversationId: 'conv-1',
    conversationReference: { channelId: 'webchat', conversation: { id: 'conv-1' } },
    citizenName: 'Budi',
    topic: 'consignment.held_documents',
    unit: 'pelayanan-kiriman',
    collectedData: { nik: NIK, trackingNumber: 'RR123456785ID' },
    receivedAt: new Date(receivedAt),
    transcript: [
      { from: 'citizen', text: 'paket saya tertahan, tolong dicek', at: new Date(receivedAt) },
      { from: 'bot', text: 'Baik, petugas akan memeriksa.', at: new Date(receivedAt) },
    ],
    ...overrides,
  };
}

describe('officer desk', () => {
  let dataDir: string;
  let backend: SqliteBackend;
  let clock: Date;
  let desk: DeskService;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tanya-pabean-desk-'));
    backend = SqliteBackend.open({ dataDir });
    clock = new Date('2026-12-07T02:05:00Z');
    desk = new DeskService(backend.tickets, backend.audit, calendar, new FieldCipher('ab'.repeat(32)), { warnFraction: 0.75, ticketPrefix: 'TP', reopenWindowMs: 72 * 3_600_000 }, () => clock);
  });
  afterEach(async () => {
    await backend.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('when the bot hands off, then a ticket opens with a readable number, its SLA from the first message, and the transcript', async () => {
    // Mon 2026-12-07 10:00 WITA: direct track, due 11:00 (DESIGN.md section 3).
    const first = await desk.openTicket(handoff('2026-12-07T10:00:00+08:00'));
    const second = await desk.openTicket(handoff('2026-12-07T10:01:00+08:00', { conversationId: 'conv-2' }));
    expect(first.number).toBe('TP-2612-0001');
    expect(second.number).toBe('TP-2612-0002');
    expect(first).toMatchObject({ status: 'queued', track: 'direct', unit: 'pelayanan-kiriman', calendarVersion: desk.calendarVersion });
    expect(first.dueAt.toISOString()).toBe('2026-12-07T03:00:00.000Z');
    const events = await backend.tickets.listEvents(first.ticketId);
    expect(events.map((event) => event.kind)).toEqual(['citizen-message', 'bot-message']);
  });

  test('identity numbers are encrypted at rest, masked for the console, and revealed only with an audit line', async () => {
    const ticket = await desk.openTicket(handoff('2026-12-07T10:00:00+08:00'));
    const stored = await backend.tickets.get(ticket.ticketId);
    expect(JSON.stringify(stored)).not.toContain(NIK);
    expect(desk.maskedData(stored!)).toEqual({ nik: '••••••••••••0001', trackingNumber: 'RR123456785ID' });
    expect(await desk.revealData(ticket.ticketId, officer)).toEqual({ nik: NIK, trackingNumber: 'RR123456785ID' });
    const audit = await backend.audit.list({ target: `ticket:${ticket.ticketId}` }, 10);
    expect(audit.map((record) => record.action)).toContain('ticket.reveal');
    expect(JSON.stringify(audit)).not.toContain(NIK);
  });

  test('when two officers claim from the same revision, then the second gets a conflict', async () => {
    const ticket = await desk.openTicket(handoff('2026-12-07T10:00:00+08:00'));
    const claimed = await desk.claim(ticket.ticketId, officer, ticket.revision);
    expect(claimed).toMatchObject({ status: 'assigned', assigneeId: 'acc-rina' });
    await expect(desk.claim(ticket.ticketId, { accountId: 'acc-eko', displayName: 'Eko' }, ticket.revision)).rejects.toBeInstanceOf(StaleTicketError);
  });

  test('when an officer answers before the due time, then the milestone is met and the ticket is answered', async () => {
    const ticket = await desk.openTicket(handoff('2026-12-07T10:00:00+08:00'));
    clock = new Date('2026-12-07T02:40:00Z');
    const answered = await desk.recordReply(ticket.ticketId, officer, 'Paket Anda sudah kami periksa.', ticket.revision, { resolve: true });
    expect(answered.status).toBe('answered');
    expect(answered.deliveredAt?.toISOString()).toBe('2026-12-07T02:40:00.000Z');
    const reply = (await backend.tickets.listEvents(ticket.ticketId)).find((event) => event.kind === 'officer-reply');
    expect(reply?.data).toMatchObject({ milestoneMet: true, resolved: true });
  });

  test('when a direct ticket is escalated, then it switches to the escalation track from the same clock start (rule 6)', async () => {
    const ticket = await desk.openTicket(handoff('2026-12-07T10:00:00+08:00'));
    clock = new Date('2026-12-07T02:30:00Z');
    const escalated = await desk.escalate(ticket.ticketId, officer, 'coordinator', 'Perlu cek ke gudang PJT', ticket.revision, 'acc-coordinator');
    expect(escalated).toMatchObject({ status: 'escalated', track: 'escalation', assigneeId: 'acc-coordinator' });
    expect(escalated.clockStartsAt.toISOString()).toBe(ticket.clockStartsAt.toISOString());
    expect(escalated.dueAt.toISOString()).toBe('2026-12-09T02:00:00.000Z'); // Wed 10:00 WITA
    expect(escalated.deliveredAt).toBeUndefined();
    const event = (await backend.tickets.listEvents(ticket.ticketId)).find((candidate) => candidate.kind === 'escalation');
    expect(event?.data).toMatchObject({ hop: 'coordinator', note: 'Perlu cek ke gudang PJT', directMilestoneMet: true });
    await expect(desk.escalate(ticket.ticketId, officer, 'superior', '   ', escalated.revision)).rejects.toBeInstanceOf(DeskError);
  });

  test('the sweeper warns at 75% and records a breach once, even when run again', async () => {
    const ticket = await desk.openTicket(handoff('2026-12-07T10:00:00+08:00'));
    clock = new Date('2026-12-07T02:46:00Z'); // 10:46 WITA: 76% of 60 minutes
    expect((await desk.sweep()).warned.map((warned) => warned.number)).toEqual([ticket.number]);
    expect((await desk.sweep()).warned).toEqual([]);
    clock = new Date('2026-12-07T03:01:00Z');
    expect((await desk.sweep()).breached.map((breached) => breached.number)).toEqual([ticket.number]);
    expect((await desk.sweep()).breached).toEqual([]);
    const statuses = (await backend.tickets.listEvents(ticket.ticketId)).filter((event) => event.kind === 'status').map((event) => event.data.sla);
    expect(statuses).toEqual(['warning', 'breached']);
  });

  test('when the citizen writes within the reopen window after the answer, then the ticket reopens with its officer; later, it does not', async () => {
    const ticket = await desk.openTicket(handoff('2026-12-07T10:00:00+08:00'));
    const claimed = await desk.claim(ticket.ticketId, officer, ticket.revision);
    clock = new Date('2026-12-07T02:40:00Z');
    const answered = await desk.recordReply(ticket.ticketId, officer, 'Paket Anda sudah kami periksa.', claimed.revision, { resolve: true });
    expect(answered.answeredAt?.toISOString()).toBe('2026-12-07T02:40:00.000Z');
    expect(await desk.findOwningTicket('webchat', 'conv-1')).toBeUndefined();

    // 71 hours later: inside the 72-hour window.
    const reopened = await desk.reopenIfRecentlyAnswered('webchat', 'conv-1', new Date('2026-12-10T01:40:00Z'));
    expect(reopened).toMatchObject({ ticketId: ticket.ticketId, status: 'reopened', assigneeId: 'acc-rina' });
    expect((await desk.findOwningTicket('webchat', 'conv-1'))?.ticketId).toBe(ticket.ticketId);
    // The milestone already delivered stays delivered: reopening does not start a new SLA clock.
    expect(reopened?.deliveredAt?.toISOString()).toBe('2026-12-07T02:40:00.000Z');
    const events = await backend.tickets.listEvents(ticket.ticketId);
    expect(events.at(-1)).toMatchObject({ kind: 'status', actor: 'citizen', data: { status: 'reopened' } });

    clock = new Date('2026-12-10T02:00:00Z');
    const answeredAgain = await desk.recordReply(ticket.ticketId, officer, 'Sudah kami jelaskan lagi.', reopened!.revision, { resolve: true });
    // 73 hours after the second answer: outside the window, so the bot keeps the conversation.
    await expect(desk.reopenIfRecentlyAnswered('webchat', 'conv-1', new Date(answeredAgain.answeredAt!.getTime() + 73 * 3_600_000))).resolves.toBeUndefined();
    // Another channel's conversation with the same id is not this citizen's.
    await expect(desk.reopenIfRecentlyAnswered('telegram', 'conv-1', answeredAgain.answeredAt!)).resolves.toBeUndefined();
  });

  test('when the ticket was closed or the window is zero, then a later message does not reopen it', async () => {
    const ticket = await desk.openTicket(handoff('2026-12-07T10:00:00+08:00'));
    await desk.close(ticket.ticketId, officer, ticket.revision);
    await expect(desk.reopenIfRecentlyAnswered('webchat', 'conv-1', clock)).resolves.toBeUndefined();

    const never = new DeskService(backend.tickets, backend.audit, calendar, new FieldCipher('ab'.repeat(32)), { warnFraction: 0.75, ticketPrefix: 'TP', reopenWindowMs: 0 }, () => clock);
    const other = await never.openTicket(handoff('2026-12-07T10:00:00+08:00', { conversationId: 'conv-2' }));
    await never.recordReply(other.ticketId, officer, 'Jawaban.', other.revision, { resolve: true });
    await expect(never.reopenIfRecentlyAnswered('webchat', 'conv-2', clock)).resolves.toBeUndefined();
  });

  test('delivery receipts go into the transcript of the conversation\'s latest ticket and never downgrade', async () => {
    const ticket = await desk.openTicket(handoff('2026-12-07T10:00:00+08:00', { channelId: 'whatsapp', conversationId: 'whatsapp:6281234567890' }));
    const at = new Date('2026-12-07T02:10:00Z');
    expect(await desk.recordDeliveryStatus('whatsapp', 'whatsapp:6281234567890', { messageId: 'wamid.1', status: 'read', at })).toBeDefined();
    expect(await desk.recordDeliveryStatus('whatsapp', 'whatsapp:6281234567890', { messageId: 'wamid.1', status: 'delivered', at })).toBeUndefined();
    expect(await desk.recordDeliveryStatus('whatsapp', 'whatsapp:nobody', { messageId: 'wamid.2', status: 'read', at })).toBeUndefined();
    const deliveries = (await backend.tickets.listEvents(ticket.ticketId)).filter((event) => event.kind === 'delivery');
    expect(deliveries.map((event) => event.data)).toEqual([{ state: 'read', messageId: 'wamid.1' }]);
  });

  test('a reply queued behind the window is taken once, when the citizen writes', async () => {
    const ticket = await desk.openTicket(handoff('2026-12-07T10:00:00+08:00', { channelId: 'whatsapp', conversationId: 'whatsapp:6281234567890' }));
    await desk.queueForWindow(ticket.ticketId, officer, 'Jawaban petugas');
    await expect(desk.takeQueuedReplies('whatsapp', 'whatsapp:6281234567890')).resolves.toEqual([{ ticketId: ticket.ticketId, text: 'Jawaban petugas' }]);
    await expect(desk.takeQueuedReplies('whatsapp', 'whatsapp:6281234567890')).resolves.toEqual([]);
  });

  test('a closed ticket takes no more actions', async () => {
    const ticket = await desk.openTicket(handoff('2026-12-07T10:00:00+08:00'));
    const closed = await desk.close(ticket.ticketId, officer, ticket.revision);
    await expect(desk.claim(ticket.ticketId, officer, closed.revision)).rejects.toMatchObject({ reason: 'closed' });
  });
});
