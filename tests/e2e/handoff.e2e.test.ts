import { DirectLineTestClient } from '../support/direct-line-client';
import { completeIntake } from '../support/intake-answers';
import { eventually, type RunningService, startTestService } from '../support/test-service';

describe('handoff from the bot to the officer desk over web chat', () => {
  let running: RunningService;

  beforeAll(async () => {
    running = await startTestService();
  });
  afterAll(() => running.stop());

  test('when a citizen asks for an officer, then a ticket opens and the citizen gets its number, due time and the free-of-charge statement', async () => {
    const client = new DirectLineTestClient(running.url);
    await client.start();
    const asked = await client.send('saya mau bicara dengan petugas, paket saya tertahan di bea cukai');
    // Web chat gives no lasting address: the intake asks consent, the case's data, a name and a contact first.
    const number = await completeIntake(client);
    const receipt = (await client.botMessages()).find((message) => /nomor tiket/.test(String(message.text)))!;
    const summary = (await client.botMessages()).find((message) => /Mohon periksa kembali data Anda/.test(String(message.text)))!;
    expect(summary.text).toContain('+62812••••7890');
    expect(summary.text).not.toContain('81234567890');
    expect(number).toBeDefined();
    expect(receipt.text).toMatch(/paling lambat (Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), \d{1,2} \w+ \d{4} pukul \d{2}\.\d{2} WITA/);
    expect(receipt.text).toMatch(/GRATIS/);
    expect(receipt.text).toMatch(/SIPUMA.*1500 225/s);
    // The handoff event itself never reaches the citizen.
    expect((await client.activities()).activities.some((activity) => activity.type === 'event')).toBe(false);

    const ticket = await running.service.desk.findOwningTicket('webchat', client.conversationId);
    expect(ticket?.number).toBe(number);
    expect(ticket?.conversationReference).toMatchObject({ channelId: 'webchat', conversation: { id: client.conversationId } });
    expect(ticket?.citizenName).toBe('Budi Santoso');
    expect(running.service.desk.maskedData(ticket!)).toMatchObject({ name: 'Budi Santoso' });
    const transcript = await running.service.storage.tickets.listEvents(ticket!.ticketId);
    expect(transcript.some((event) => event.kind === 'citizen-message' && String(event.data.text).includes('paket saya tertahan'))).toBe(true);
    expect(asked.status).toBe(200);

    // While the officer owns the conversation, the citizen's messages go to the ticket and the bot stays silent.
    const before = (await client.botMessages()).length;
    await client.send('nomor resinya RR123456785ID ya pak');
    await eventually(async () => {
      const events = await running.service.storage.tickets.listEvents(ticket!.ticketId);
      return events.some((event) => String(event.data.text).includes('RR123456785ID')) ? true : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await client.botMessages()).length).toBe(before);
  });
});
