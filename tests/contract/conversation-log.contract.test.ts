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
});
