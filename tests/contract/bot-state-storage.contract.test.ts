import { ConversationState, TestAdapter, TurnContext, UserState } from 'botbuilder';
import { BotStateStorage } from '../../bot/state-storage';
import { ETagConflictError } from '../../storage/repositories';
import { forEachBackend } from './storage-backends';

forEachBackend('BotStateStorage', (_name, getBackend) => {
  const storage = () => new BotStateStorage(getBackend().documents);

  test('when keys were never written, then read returns no items', async () => {
    await expect(storage().read(['test/conversations/none/'])).resolves.toEqual({});
  });

  test('when an item is written, then read returns it with a string eTag', async () => {
    await storage().write({ 'item/1': { topic: 'cukai', steps: [1, 2] } });

    const items = await storage().read(['item/1', 'item/missing']);

    expect(Object.keys(items)).toEqual(['item/1']);
    expect(items['item/1']).toEqual({ topic: 'cukai', steps: [1, 2], eTag: expect.any(String) });
  });

  test('when an item is written, then its eTag is not stored inside the document', async () => {
    await storage().write({ 'item/1': { topic: 'cukai', eTag: '*' } });

    const stored = await getBackend().documents.read(['item/1']);

    expect(stored['item/1'].document).toEqual({ topic: 'cukai' });
    expect((await storage().read(['item/1']))['item/1'].eTag).toBe(stored['item/1'].eTag);
  });

  test('when an item is written, then the caller\'s object is left unchanged', async () => {
    const item = { topic: 'cukai', eTag: '*' };

    await storage().write({ 'item/1': item });

    expect(item).toEqual({ topic: 'cukai', eTag: '*' });
  });

  test('when the item read is written back, then the write succeeds and the eTag changes', async () => {
    await storage().write({ 'item/1': { count: 1 } });
    const read = (await storage().read(['item/1']))['item/1'];

    await storage().write({ 'item/1': { ...read, count: 2 } });

    const reread = (await storage().read(['item/1']))['item/1'];
    expect(reread.count).toBe(2);
    expect(reread.eTag).not.toBe(read.eTag);
  });

  test('when a stale eTag is written, then the write is refused as an eTag conflict', async () => {
    await storage().write({ 'item/1': { count: 1 } });
    const stale = (await storage().read(['item/1']))['item/1'];
    await storage().write({ 'item/1': { ...stale, count: 2 } });

    const attempt = storage().write({ 'item/1': { ...stale, count: 3 } });

    await expect(attempt).rejects.toThrow(/eTag conflict/);
    await expect(attempt).rejects.toMatchObject({ cause: expect.any(ETagConflictError) });
    expect((await storage().read(['item/1']))['item/1'].count).toBe(2);
  });

  test('when a specific eTag is written for a missing key, then the write is refused as an eTag conflict', async () => {
    await expect(storage().write({ 'item/ghost': { count: 1, eTag: 'made-up' } })).rejects.toThrow(/eTag conflict/);

    await expect(storage().read(['item/ghost'])).resolves.toEqual({});
  });

  test('when "*" is given as eTag, then the write overwrites the stored item', async () => {
    await storage().write({ 'item/1': { count: 1 } });
    await storage().write({ 'item/1': { count: 2 } });

    await storage().write({ 'item/1': { count: 3, eTag: '*' } });

    expect((await storage().read(['item/1']))['item/1'].count).toBe(3);
  });

  test('when no eTag is given, then the write overwrites the stored item', async () => {
    await storage().write({ 'item/1': { count: 1 } });

    await storage().write({ 'item/1': { count: 2 } });

    expect((await storage().read(['item/1']))['item/1'].count).toBe(2);
  });

  test('when an item is not an object, then the write is refused', async () => {
    await expect(storage().write({ 'item/1': 'text' })).rejects.toBeInstanceOf(TypeError);
  });

  test('when items are deleted, then they are gone and deleting missing keys is fine', async () => {
    await storage().write({ 'item/1': { count: 1 }, 'item/2': { count: 2 } });

    await storage().delete(['item/1', 'item/never']);

    expect(Object.keys(await storage().read(['item/1', 'item/2']))).toEqual(['item/2']);
  });

  test('when nothing is written or deleted, then the calls resolve', async () => {
    await expect(storage().write({})).resolves.toBeUndefined();
    await expect(storage().delete([])).resolves.toBeUndefined();
    await expect(storage().read([])).resolves.toEqual({});
  });

  test('when a bot saves ConversationState and UserState over turns, then a later load through a TurnContext sees them', async () => {
    const conversationState = new ConversationState(storage());
    const userState = new UserState(storage());
    const turnCount = conversationState.createProperty<number>('turnCount');
    const userName = userState.createProperty<string>('userName');
    const adapter = new TestAdapter(async (context) => {
      const turn = (await turnCount.get(context, 0)) + 1;
      await turnCount.set(context, turn);
      const name = await userName.get(context, context.activity.text ?? '');
      await userName.set(context, name);
      await context.sendActivity(`turn ${turn}, ${name}`);
      await conversationState.saveChanges(context);
      await userState.saveChanges(context);
    });

    await adapter.send('Siti').assertReply('turn 1, Siti').send('lagi').assertReply('turn 2, Siti').send('sekali lagi').assertReply('turn 3, Siti');

    const context = new TurnContext(adapter, TurnContext.applyConversationReference(adapter.makeActivity('check'), adapter.conversation, true));
    const freshStorage = storage();
    const conversation = await new ConversationState(freshStorage).load(context);
    const user = await new UserState(freshStorage).load(context);
    expect(conversation).toEqual({ turnCount: 3, eTag: expect.any(String) });
    expect(user).toEqual({ userName: 'Siti', eTag: expect.any(String) });
  });

  test('when ConversationState is deleted, then the next turn starts from empty state', async () => {
    const conversationState = new ConversationState(storage());
    const turnCount = conversationState.createProperty<number>('turnCount');
    const adapter = new TestAdapter(async (context) => {
      if (context.activity.text === 'reset') {
        await conversationState.delete(context);
        await context.sendActivity('reset');
        return;
      }
      const turn = (await turnCount.get(context, 0)) + 1;
      await turnCount.set(context, turn);
      await context.sendActivity(`turn ${turn}`);
      await conversationState.saveChanges(context);
    });

    await adapter.send('a').assertReply('turn 1').send('b').assertReply('turn 2').send('reset').assertReply('reset').send('c').assertReply('turn 1');
  });
});
