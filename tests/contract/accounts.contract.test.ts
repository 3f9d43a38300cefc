import type { AccountRecord } from '../../storage/repositories';
import { forEachBackend } from './storage-backends';

const createdAt = new Date('2026-11-20T02:00:00.000Z');

function account(accountId: string, username: string, overrides: Partial<AccountRecord> = {}): AccountRecord {
  return {
    accountId,
    username,
    displayName: `Petugas ${username}`,
    roles: ['officer'],
    unit: 'KPU Soekarno-Hatta',
    passwordHash: 'scrypt$16384$8$1$c2FsdA==$aGFzaA==',
    disabled: false,
    failedAttempts: 0,
    mustChangePassword: true,
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  };
}

forEachBackend('AccountRepository', (_name, getBackend) => {
  const accounts = () => getBackend().accounts;

  test('when an account is created, then it reads back by id and by username with every field', async () => {
    const siti = account('acc-1', 'Siti.Aminah', { roles: ['officer', 'coordinator'], lockedUntil: new Date('2026-11-20T03:00:00.000Z') });

    await accounts().create(siti);

    await expect(accounts().get('acc-1')).resolves.toEqual(siti);
    await expect(accounts().getByUsername('Siti.Aminah')).resolves.toEqual(siti);
    expect((await accounts().get('acc-1'))?.createdAt).toBeInstanceOf(Date);
  });

  test('when an account has no unit and no lock, then it reads back without them', async () => {
    const { unit: _unit, ...admin } = account('acc-1', 'admin', { roles: ['admin'] });

    await accounts().create(admin);
    const found = await accounts().get('acc-1');

    expect(found).toEqual(admin);
    expect(found).not.toHaveProperty('unit');
    expect(found).not.toHaveProperty('lockedUntil');
  });

  test('when looking up a username in another case, then the same account is found and its username keeps its spelling', async () => {
    await accounts().create(account('acc-1', 'Siti.Aminah'));

    const found = await accounts().getByUsername('SITI.AMINAH');

    expect(found?.accountId).toBe('acc-1');
    expect(found?.username).toBe('Siti.Aminah');
    await expect(accounts().getByUsername('siti')).resolves.toBeUndefined();
  });

  test('when a username is taken, then creating another account with it in any case throws and changes nothing', async () => {
    await accounts().create(account('acc-1', 'Siti.Aminah'));

    await expect(accounts().create(account('acc-2', 'siti.aminah'))).rejects.toThrow(/username "siti\.aminah" is already taken/);
    await expect(accounts().create(account('acc-3', 'Siti.Aminah'))).rejects.toThrow(/already taken/);

    await expect(accounts().get('acc-2')).resolves.toBeUndefined();
    await expect(accounts().get('acc-3')).resolves.toBeUndefined();
    expect((await accounts().list()).map((record) => record.accountId)).toEqual(['acc-1']);
  });

  test('when two accounts with one username in different cases are created at once, then exactly one is stored', async () => {
    const outcomes = await Promise.allSettled([accounts().create(account('acc-1', 'budi')), accounts().create(account('acc-2', 'BUDI'))]);

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(await accounts().list()).toHaveLength(1);
  });

  test('when an account id is taken, then creating another account with it throws', async () => {
    await accounts().create(account('acc-1', 'siti'));

    await expect(accounts().create(account('acc-1', 'budi'))).rejects.toThrow(/account "acc-1" already exists/);
    await expect(accounts().getByUsername('budi')).resolves.toBeUndefined();
  });

  test('when accounts are listed, then all come ordered by username regardless of case', async () => {
    await accounts().create(account('acc-1', 'wayan'));
    await accounts().create(account('acc-2', 'Budi'));
    await accounts().create(account('acc-3', 'siti'));

    expect((await accounts().list()).map((record) => record.username)).toEqual(['Budi', 'siti', 'wayan']);
  });

  test('when an account is updated, then the changes are stored and the other fields are kept', async () => {
    await accounts().create(account('acc-1', 'siti'));
    const later = new Date('2026-11-21T00:00:00.000Z');
    const lockedUntil = new Date('2026-11-21T00:15:00.000Z');

    const updated = await accounts().update('acc-1', { failedAttempts: 5, lockedUntil, roles: ['supervisor'], disabled: true, mustChangePassword: false, updatedAt: later });

    expect(updated).toEqual(account('acc-1', 'siti', { failedAttempts: 5, lockedUntil, roles: ['supervisor'], disabled: true, mustChangePassword: false, updatedAt: later }));
    await expect(accounts().get('acc-1')).resolves.toEqual(updated);
  });

  test('when an update gives an optional field as undefined, then it is cleared', async () => {
    await accounts().create(account('acc-1', 'siti', { lockedUntil: new Date('2026-11-21T00:15:00.000Z'), failedAttempts: 5 }));

    const updated = await accounts().update('acc-1', { lockedUntil: undefined, failedAttempts: 0, unit: undefined });

    expect(updated).not.toHaveProperty('lockedUntil');
    expect(updated).not.toHaveProperty('unit');
    expect(await accounts().get('acc-1')).toEqual(updated);
  });

  test('when an update has no changes, then the account is returned as stored', async () => {
    await accounts().create(account('acc-1', 'siti'));

    await expect(accounts().update('acc-1', {})).resolves.toEqual(account('acc-1', 'siti'));
  });

  test('when an update carries a username, then the username stays (it cannot be changed by update)', async () => {
    await accounts().create(account('acc-1', 'siti'));

    const updated = await accounts().update('acc-1', { ...account('acc-1', 'someone-else'), displayName: 'Siti A.' });

    expect(updated.username).toBe('siti');
    expect(updated.displayName).toBe('Siti A.');
    await expect(accounts().getByUsername('someone-else')).resolves.toBeUndefined();
  });

  test('when the account does not exist, then updating it is refused', async () => {
    await expect(accounts().update('unknown', { disabled: true })).rejects.toThrow(/account "unknown" does not exist/);
  });
});
