import type { ChatConversation } from '../../storage/repositories';
import { forEachBackend } from './storage-backends';

forEachBackend('ConversationLogRepository', (name, getBackend) => {
  const log = () => getBackend().conversations;
  const createdAt = new Date('2025-03-04T05:06:07.089Z');
  const conversation: ChatConversation = { conversationId: 'conv-1', userId: 'dl_user-1', createdAt };

  const message = (text: string) => (sequence: number) => ({ id: `conv-1|${sequence}`, type: 'message', text });

  test('when a conversation is created, then it can be read back with its user and creation time', async () => {
    await expect(log().createConversation(conversation)).resolves.toBe(true);

    const found = await log().getConversation('conv-1');

    expect(found).toEqual(conversation);
    expect(found?.createdAt).toBeInstanceOf(Date);
    expect(found?.createdAt.getTime()).toBe(createdAt.getTime());
  });

  test('when a conversation is created twice, then the second call returns false and changes nothing', async () => {
    await log().createConversation(conversation);

    await expect(log().createConversation({ conversationId: 'conv-1', userId: 'someone-else', createdAt: new Date() })).resolves.toBe(false);

    await expect(log().getConversation('conv-1')).resolves.toEqual(conversation);
  });

  test('when a conversation has no user, then it reads back without userId', async () => {
    await log().createConversation({ conversationId: 'anonymous', createdAt });

    const found = await log().getConversation('anonymous');

    expect(found).toEqual({ conversationId: 'anonymous', createdAt });
    expect(found).not.toHaveProperty('userId');
  });

  test('when a conversation does not exist, then getConversation returns undefined', async () => {
    await expect(log().getConversation('unknown')).resolves.toBeUndefined();
  });

  test('when activities are appended, then they get sequences 1, 2, 3', async () => {
    await log().createConversation(conversation);

    const appended = [];
    for (const text of ['halo', 'cek resi', 'terima kasih']) appended.push(await log().appendActivity('conv-1', message(text)));

    expect(appended.map((stored) => stored.sequence)).toEqual([1, 2, 3]);
    expect(appended[2]).toEqual({
      conversationId: 'conv-1',
      sequence: 3,
      activity: { id: 'conv-1|3', type: 'message', text: 'terima kasih' },
    });
  });

  test('when an activity is built, then the builder receives the sequence it will be stored under', async () => {
    await log().createConversation(conversation);
    await log().appendActivity('conv-1', message('first'));
    const received: number[] = [];

    const stored = await log().appendActivity('conv-1', (sequence) => {
      received.push(sequence);
      return { id: `activity-${sequence}`, type: 'message' };
    });

    expect(received).toEqual([2]);
    expect(stored.activity).toEqual({ id: 'activity-2', type: 'message' });
    expect((await log().listActivities('conv-1', 1, 10))[0].activity).toEqual({ id: 'activity-2', type: 'message' });
  });

  test('when 50 activities are appended concurrently, then their sequences are distinct and gap-free', async () => {
    await log().createConversation(conversation);

    const appended = await Promise.all(
      Array.from({ length: 50 }, (_unused, index) => log().appendActivity('conv-1', (sequence) => ({ id: `a-${sequence}`, index }))),
    );

    const sequences = appended.map((stored) => stored.sequence).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 50 }, (_unused, index) => index + 1));
    const listed = await log().listActivities('conv-1', 0, 100);
    expect(listed.map((stored) => stored.sequence)).toEqual(sequences);
    for (const stored of listed) expect(stored.activity.id).toBe(`a-${stored.sequence}`);
  });

  test('when two conversations receive activities, then each has its own sequence', async () => {
    await log().createConversation(conversation);
    await log().createConversation({ conversationId: 'conv-2', createdAt });

    await log().appendActivity('conv-1', message('a'));
    await log().appendActivity('conv-1', message('b'));
    const other = await log().appendActivity('conv-2', message('c'));

    expect(other.sequence).toBe(1);
    expect((await log().listActivities('conv-2', 0, 10)).map((stored) => stored.activity.text)).toEqual(['c']);
  });

  test('when listing after a watermark with a limit, then the next activities come in order, at most limit', async () => {
    await log().createConversation(conversation);
    for (let turn = 1; turn <= 6; turn += 1) await log().appendActivity('conv-1', message(`turn ${turn}`));

    const page = await log().listActivities('conv-1', 2, 3);

    expect(page.map((stored) => stored.sequence)).toEqual([3, 4, 5]);
    expect(page.map((stored) => stored.activity.text)).toEqual(['turn 3', 'turn 4', 'turn 5']);
    expect(page.every((stored) => stored.conversationId === 'conv-1')).toBe(true);
    expect((await log().listActivities('conv-1', 5, 3)).map((stored) => stored.sequence)).toEqual([6]);
    await expect(log().listActivities('conv-1', 6, 3)).resolves.toEqual([]);
  });

  test('when the limit is 0, then no activity is listed', async () => {
    await log().createConversation(conversation);
    await log().appendActivity('conv-1', message('hidden'));

    await expect(log().listActivities('conv-1', 0, 0)).resolves.toEqual([]);
  });

  test('when the limit is negative, then listing is refused', async () => {
    await expect(log().listActivities('conv-1', 0, -1)).rejects.toBeInstanceOf(RangeError);
  });

  test('when the conversation is unknown, then listing returns nothing', async () => {
    await expect(log().listActivities('unknown', 0, 10)).resolves.toEqual([]);
  });

  if (name === 'sqlite') {
    test('when building an activity fails, then its sequence is not consumed', async () => {
      await log().createConversation(conversation);
      await log().appendActivity('conv-1', message('first'));

      await expect(
        log().appendActivity('conv-1', () => {
          throw new Error('cannot build');
        }),
      ).rejects.toThrow('cannot build');
      const next = await log().appendActivity('conv-1', message('second'));

      expect(next.sequence).toBe(2);
    });
  }

  test('when an activity is appended to an unknown conversation, then the append is refused', async () => {
    const build = jest.fn(() => ({ type: 'message' }));

    await expect(log().appendActivity('unknown', build)).rejects.toThrow(/conversation "unknown" does not exist/);

    expect(build).not.toHaveBeenCalled();
  });

  describe('redacting activities', () => {
    const ERASED = '[dihapus]';
    const user = { id: 'dl_user-1', name: 'Siti Aminah', role: 'user' };
    const bot = { id: 'tanya-pabean', name: 'Tanya Pabean', role: 'bot' };
    const where = { timestamp: '2025-03-04T05:06:07.089Z', channelId: 'webchat', serviceUrl: 'urn:tanya-pabean:webchat', conversation: { id: 'conv-1', isGroup: false, name: '' } };

    beforeEach(async () => {
      await log().createConversation(conversation);
      await log().appendActivity('conv-1', (sequence) => ({ id: `conv-1|${sequence}`, type: 'conversationUpdate', ...where, from: user, recipient: bot, membersAdded: [bot, user] }));
      await log().appendActivity('conv-1', (sequence) => ({
        id: `conv-1|${sequence}`,
        type: 'message',
        ...where,
        from: user,
        recipient: bot,
        text: 'NIK saya 3174015501900001',
        attachments: [{ contentType: 'application/pdf', contentUrl: 'http://127.0.0.1/v3/directline/attachments/att-1', name: 'ktp siti.pdf' }],
        channelData: { clientActivityID: 'abc', phone: '+6281234567890' },
        value: { nik: '3174015501900001' },
        entities: [{ type: 'ClientCapabilities', requiresBotState: true }],
      }));
      await log().appendActivity('conv-1', (sequence) => ({ id: `conv-1|${sequence}`, type: 'message', ...where, from: bot, recipient: user, replyToId: 'conv-1|2', text: 'Terima kasih, Bu Siti', speak: 'Terima kasih, Bu Siti', suggestedActions: { actions: [{ type: 'imBack', title: 'Ya', value: 'ya' }] } }));
      await log().appendActivity('conv-1', (sequence) => ({ id: `conv-1|${sequence}`, type: 'event', ...where, from: user, name: 'webchat/join', value: { language: 'id-ID', email: 'siti@example.test' } }));
    });

    test('when a conversation is redacted, then each activity keeps only where and when, and messages read as erased', async () => {
      const changed = await log().redactActivities('conv-1', ERASED);

      expect(changed).toBe(4);
      const kept = { timestamp: where.timestamp, channelId: 'webchat', serviceUrl: where.serviceUrl, conversation: { id: 'conv-1' } };
      const listed = await log().listActivities('conv-1', 0, 10);
      expect(listed.map((stored) => stored.sequence)).toEqual([1, 2, 3, 4]);
      expect(listed.map((stored) => stored.activity)).toEqual([
        { id: 'conv-1|1', type: 'conversationUpdate', ...kept, from: { id: 'dl_user-1', role: 'user' }, recipient: { id: 'tanya-pabean', role: 'bot' } },
        { id: 'conv-1|2', type: 'message', ...kept, from: { id: 'dl_user-1', role: 'user' }, recipient: { id: 'tanya-pabean', role: 'bot' }, text: ERASED },
        { id: 'conv-1|3', type: 'message', ...kept, replyToId: 'conv-1|2', from: { id: 'tanya-pabean', role: 'bot' }, recipient: { id: 'dl_user-1', role: 'user' }, text: ERASED },
        { id: 'conv-1|4', type: 'event', ...kept, name: 'webchat/join', from: { id: 'dl_user-1', role: 'user' } },
      ]);
      const everything = JSON.stringify(listed);
      for (const personal of ['Siti', '3174015501900001', '+6281234567890', 'siti@example.test', 'ktp']) expect(everything).not.toContain(personal);
    });

    test('when a conversation is redacted again, then nothing changes and 0 is returned', async () => {
      await log().redactActivities('conv-1', ERASED);
      const before = await log().listActivities('conv-1', 0, 10);

      await expect(log().redactActivities('conv-1', ERASED)).resolves.toBe(0);

      await expect(log().listActivities('conv-1', 0, 10)).resolves.toEqual(before);
    });

    test('when a conversation is redacted, then watermarks still page through it and later appends continue its sequence', async () => {
      await log().redactActivities('conv-1', ERASED);

      expect((await log().listActivities('conv-1', 2, 10)).map((stored) => stored.sequence)).toEqual([3, 4]);
      const next = await log().appendActivity('conv-1', message('setelah dihapus'));
      expect(next.sequence).toBe(5);
      expect((await log().listActivities('conv-1', 4, 10))[0].activity.text).toBe('setelah dihapus');
      await expect(log().getConversation('conv-1')).resolves.toEqual(conversation);
    });

    test('when one conversation is redacted, then another keeps its activities; an unknown one redacts nothing', async () => {
      await log().createConversation({ conversationId: 'conv-2', createdAt });
      await log().appendActivity('conv-2', message('punya orang lain'));

      await log().redactActivities('conv-1', ERASED);

      expect((await log().listActivities('conv-2', 0, 10))[0].activity).toEqual({ id: 'conv-1|1', type: 'message', text: 'punya orang lain' });
      await expect(log().redactActivities('unknown', ERASED)).resolves.toBe(0);
    });
  });
});
