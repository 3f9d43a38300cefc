import type { SessionRecord } from '../../storage/repositories';
import { forEachBackend } from './storage-backends';

const HOUR = 3_600_000;
const now = new Date('2026-12-01T08:00:00.000Z');
const hoursFromNow = (hours: number) => new Date(now.getTime() + hours * HOUR);

function session(tokenHash: string, accountId: string, expiresInHours: number): SessionRecord {
  return { tokenHash, accountId, createdAt: hoursFromNow(expiresInHours - 8), expiresAt: hoursFromNow(expiresInHours) };
}

forEachBackend('SessionRepository', (_name, getBackend) => {
  const sessions = () => getBackend().sessions;

  test('when a session is created, then it reads back by its token hash', async () => {
    await sessions().create(session('hash-1', 'acc-1', 8));

    const found = await sessions().get('hash-1');

    expect(found).toEqual(session('hash-1', 'acc-1', 8));
    expect(found?.expiresAt).toBeInstanceOf(Date);
    await expect(sessions().get('unknown')).resolves.toBeUndefined();
  });

  test('when a token hash is taken, then creating another session with it throws and keeps the first', async () => {
    await sessions().create(session('hash-1', 'acc-1', 8));

    await expect(sessions().create(session('hash-1', 'acc-2', 8))).rejects.toThrow(/already exists/);

    expect((await sessions().get('hash-1'))?.accountId).toBe('acc-1');
  });

  test('when a session is deleted, then it is gone, and deleting it again is not an error', async () => {
    await sessions().create(session('hash-1', 'acc-1', 8));
    await sessions().create(session('hash-2', 'acc-1', 8));

    await sessions().delete('hash-1');
    await sessions().delete('hash-1');

    await expect(sessions().get('hash-1')).resolves.toBeUndefined();
    await expect(sessions().get('hash-2')).resolves.toBeDefined();
  });

  test('when an account signs out everywhere, then all its sessions are deleted and others are kept', async () => {
    await sessions().create(session('hash-1', 'acc-1', 8));
    await sessions().create(session('hash-2', 'acc-1', 2));
    await sessions().create(session('hash-3', 'acc-2', 8));

    await sessions().deleteForAccount('acc-1');

    await expect(sessions().get('hash-1')).resolves.toBeUndefined();
    await expect(sessions().get('hash-2')).resolves.toBeUndefined();
    await expect(sessions().get('hash-3')).resolves.toBeDefined();
  });

  test('when expired sessions are cleaned up, then those expired at or before now are deleted and counted', async () => {
    await sessions().create(session('expired-long-ago', 'acc-1', -24));
    await sessions().create(session('expired-just-now', 'acc-2', 0));
    await sessions().create(session('still-valid', 'acc-1', 1));

    await expect(sessions().deleteExpired(now)).resolves.toBe(2);

    await expect(sessions().get('expired-long-ago')).resolves.toBeUndefined();
    await expect(sessions().get('expired-just-now')).resolves.toBeUndefined();
    await expect(sessions().get('still-valid')).resolves.toEqual(session('still-valid', 'acc-1', 1));
    await expect(sessions().deleteExpired(now)).resolves.toBe(0);
  });

  test('when a session has expired but was not cleaned up, then get still returns it for the caller to judge', async () => {
    await sessions().create(session('hash-1', 'acc-1', -1));

    const found = await sessions().get('hash-1');

    expect(found?.expiresAt.getTime()).toBeLessThan(now.getTime());
  });
});
