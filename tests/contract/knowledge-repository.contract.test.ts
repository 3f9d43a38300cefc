import { type NewKnowledgeEntryVersion, VersionConflictError } from '../../storage/repositories';
import { forEachBackend } from './storage-backends';

function draft(id: string, text: string, updatedBy = 'editor-a'): NewKnowledgeEntryVersion {
  return { id, topic: id.replace(/#case$/, ''), status: 'published', entry: { answer: { id: text, en: text } }, updatedAt: new Date('2026-11-01T00:00:00Z'), updatedBy };
}

forEachBackend('KnowledgeRepository', (_name, getBackend) => {
  test('when the store is empty, then seeding stores version 1 of every entry and bumps the revision', async () => {
    const knowledge = getBackend().knowledge;
    const before = await knowledge.revision();
    expect(await knowledge.seedIfEmpty([draft('passenger.allowance', 'a'), draft('imei.consignment#case', 'b')])).toBe(true);
    const current = await knowledge.listCurrent();
    expect(current.map((record) => [record.id, record.version, record.topic])).toEqual([
      ['imei.consignment#case', 1, 'imei.consignment'],
      ['passenger.allowance', 1, 'passenger.allowance'],
    ]);
    expect(await knowledge.revision()).toBeGreaterThan(before);
  });

  test('when the store was seeded before, then seeding again changes nothing, even after edits', async () => {
    const knowledge = getBackend().knowledge;
    await knowledge.seedIfEmpty([draft('passenger.allowance', 'seed')]);
    await knowledge.saveVersion(draft('passenger.allowance', 'edited'), 1);
    expect(await knowledge.seedIfEmpty([draft('passenger.allowance', 'seed'), draft('new.topic', 'x')])).toBe(false);
    const current = await knowledge.getCurrent('passenger.allowance');
    expect(current?.version).toBe(2);
    expect(current?.entry).toEqual({ answer: { id: 'edited', en: 'edited' } });
    expect(await knowledge.getCurrent('new.topic')).toBeUndefined();
  });

  test('when an editor saves from the current version, then a new version is stored and the history keeps every version', async () => {
    const knowledge = getBackend().knowledge;
    const first = await knowledge.saveVersion(draft('general.vat_rate', 'one'), 0);
    const second = await knowledge.saveVersion(draft('general.vat_rate', 'two', 'editor-b'), first.version);
    expect(second.version).toBe(2);
    const history = await knowledge.listVersions('general.vat_rate');
    expect(history.map((record) => [record.version, record.updatedBy, (record.entry.answer as { id: string }).id])).toEqual([
      [1, 'editor-a', 'one'],
      [2, 'editor-b', 'two'],
    ]);
    expect(history[0].updatedAt).toBeInstanceOf(Date);
  });

  test('when two editors save from the same version, then the second is refused and nothing of it is stored', async () => {
    const knowledge = getBackend().knowledge;
    await knowledge.saveVersion(draft('contact.channels', 'base'), 0);
    await knowledge.saveVersion(draft('contact.channels', 'first editor'), 1);
    const revision = await knowledge.revision();
    await expect(knowledge.saveVersion(draft('contact.channels', 'second editor'), 1)).rejects.toBeInstanceOf(VersionConflictError);
    await expect(knowledge.saveVersion(draft('contact.channels', 'again new'), 0)).rejects.toThrow(/is at version 2, not 0/);
    expect((await knowledge.getCurrent('contact.channels'))?.entry).toEqual({ answer: { id: 'first editor', en: 'first editor' } });
    expect(await knowledge.listVersions('contact.channels')).toHaveLength(2);
    expect(await knowledge.revision()).toBe(revision);
  });

  test('when entries are saved, then the revision grows with every save', async () => {
    const knowledge = getBackend().knowledge;
    const start = await knowledge.revision();
    await knowledge.saveVersion(draft('a.b', 'x'), 0);
    const middle = await knowledge.revision();
    await knowledge.saveVersion(draft('a.b', 'y'), 1);
    expect(middle).toBeGreaterThan(start);
    expect(await knowledge.revision()).toBeGreaterThan(middle);
  });
});
