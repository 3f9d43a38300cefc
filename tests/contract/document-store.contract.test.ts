import { ETagConflictError } from '../../storage/repositories';
import { forEachBackend } from './storage-backends';

forEachBackend('DocumentStore', (name, getBackend) => {
  const store = () => getBackend().documents;

  test('when a key was never written, then reading it returns nothing for that key', async () => {
    await expect(store().read(['missing'])).resolves.toEqual({});
  });

  test('when reading no keys, then the result is empty', async () => {
    await expect(store().read([])).resolves.toEqual({});
  });

  test('when a document is written, then reading it returns the same document and the eTag the write returned', async () => {
    const document = { topic: 'impor', count: 3, nested: { list: [1, 'dua', { tiga: true }], empty: null } };
    const eTags = await store().write([{ key: 'user/1', document }]);

    const found = await store().read(['user/1', 'missing']);

    expect(Object.keys(found)).toEqual(['user/1']);
    expect(found['user/1']).toEqual({ document, eTag: eTags['user/1'] });
    expect(typeof eTags['user/1']).toBe('string');
  });

  test('when several keys are read, then every existing key is returned', async () => {
    await store().write([
      { key: 'a', document: { value: 'a' } },
      { key: 'b', document: { value: 'b' } },
    ]);

    const found = await store().read(['a', 'b', 'c']);

    expect(Object.keys(found).sort()).toEqual(['a', 'b']);
    expect(found.b.document).toEqual({ value: 'b' });
  });

  test('when a key of 1,024 characters is written, then it reads back', async () => {
    const key = `conversations/${'k'.repeat(1024 - 'conversations/'.length)}`;
    await store().write([{ key, document: { long: true } }]);

    expect((await store().read([key]))[key].document).toEqual({ long: true });
  });

  test('when a document is written again, then its eTag changes on every write', async () => {
    const eTags = new Set<string>();
    for (let turn = 0; turn < 5; turn += 1) {
      const written = await store().write([{ key: 'state', document: { turn } }]);
      eTags.add(written.state);
    }

    expect(eTags.size).toBe(5);
    expect((await store().read(['state'])).state.eTag).toBe([...eTags][4]);
  });

  test('when the stored eTag is given, then the conditional write succeeds', async () => {
    const first = await store().write([{ key: 'state', document: { step: 1 } }]);

    const second = await store().write([{ key: 'state', document: { step: 2 }, expectedETag: first.state }]);

    const found = await store().read(['state']);
    expect(found.state).toEqual({ document: { step: 2 }, eTag: second.state });
    expect(second.state).not.toBe(first.state);
  });

  test('when a stale eTag is written, then the write is refused with ETagConflictError and the document is unchanged', async () => {
    const stale = await store().write([{ key: 'state', document: { step: 1 } }]);
    const current = await store().write([{ key: 'state', document: { step: 2 }, expectedETag: stale.state }]);

    const attempt = store().write([{ key: 'state', document: { step: 3 }, expectedETag: stale.state }]);

    await expect(attempt).rejects.toBeInstanceOf(ETagConflictError);
    await expect(attempt).rejects.toMatchObject({ key: 'state' });
    expect((await store().read(['state'])).state).toEqual({ document: { step: 2 }, eTag: current.state });
  });

  test('when the key is missing and a specific eTag is given, then the write is refused and nothing is created', async () => {
    await expect(store().write([{ key: 'ghost', document: { step: 1 }, expectedETag: 'some-etag' }])).rejects.toBeInstanceOf(
      ETagConflictError,
    );

    await expect(store().read(['ghost'])).resolves.toEqual({});
  });

  test('when a document was deleted after it was read, then writing with the eTag read is refused', async () => {
    const read = await store().write([{ key: 'state', document: { step: 1 } }]);
    await store().delete(['state']);

    await expect(store().write([{ key: 'state', document: { step: 2 }, expectedETag: read.state }])).rejects.toBeInstanceOf(
      ETagConflictError,
    );
  });

  test('when "*" is given as eTag, then the write overwrites whatever is stored', async () => {
    await store().write([{ key: 'state', document: { step: 1 } }]);
    await store().write([{ key: 'state', document: { step: 2 } }]);

    const written = await store().write([{ key: 'state', document: { step: 3 }, expectedETag: '*' }]);

    expect((await store().read(['state'])).state).toEqual({ document: { step: 3 }, eTag: written.state });
  });

  test('when "*" is given for a missing key, then the document is created', async () => {
    await store().write([{ key: 'fresh', document: { created: true }, expectedETag: '*' }]);

    expect((await store().read(['fresh'])).fresh.document).toEqual({ created: true });
  });

  test('when a document is replaced, then fields absent from the new version are gone', async () => {
    await store().write([{ key: 'state', document: { keep: 1, drop: 2 } }]);
    await store().write([{ key: 'state', document: { keep: 1 } }]);

    expect((await store().read(['state'])).state.document).toEqual({ keep: 1 });
  });

  test('when a document is deleted, then reading it returns nothing', async () => {
    await store().write([
      { key: 'gone', document: { value: 1 } },
      { key: 'kept', document: { value: 2 } },
    ]);

    await store().delete(['gone']);

    expect(Object.keys(await store().read(['gone', 'kept']))).toEqual(['kept']);
  });

  test('when a missing key is deleted, then nothing fails', async () => {
    await expect(store().delete(['never-written'])).resolves.toBeUndefined();
    await expect(store().delete([])).resolves.toBeUndefined();
  });

  test('when a batch holds a conflicting key, then that key keeps its stored version', async () => {
    const stored = await store().write([{ key: 'conflicting', document: { version: 1 } }]);

    await expect(
      store().write([{ key: 'conflicting', document: { version: 2 }, expectedETag: 'stale' }]),
    ).rejects.toBeInstanceOf(ETagConflictError);

    expect((await store().read(['conflicting'])).conflicting).toEqual({ document: { version: 1 }, eTag: stored.conflicting });
  });

  if (name === 'sqlite') {
    test('when any key of a batch conflicts, then no key of the batch is written', async () => {
      const stored = await store().write([{ key: 'conflicting', document: { version: 1 } }]);

      const attempt = store().write([
        { key: 'first', document: { written: true } },
        { key: 'overwritten', document: { written: true }, expectedETag: '*' },
        { key: 'conflicting', document: { version: 2 }, expectedETag: 'stale' },
        { key: 'last', document: { written: true } },
      ]);

      await expect(attempt).rejects.toBeInstanceOf(ETagConflictError);
      await expect(attempt).rejects.toMatchObject({ key: 'conflicting' });
      const found = await store().read(['first', 'overwritten', 'conflicting', 'last']);
      expect(found).toEqual({ conflicting: { document: { version: 1 }, eTag: stored.conflicting } });
    });
  }
});
