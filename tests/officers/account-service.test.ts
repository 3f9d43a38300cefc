import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AccountError, AccountService, hashPassword, verifyPassword } from '../../officers/account-service';
import { SqliteBackend } from '../../storage/sqlite/sqlite-backend';

describe('officer accounts', () => {
  let dataDir: string;
  let backend: SqliteBackend;
  let clock: Date;
  let accounts: AccountService;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tanya-pabean-accounts-'));
    backend = SqliteBackend.open({ dataDir });
    clock = new Date('2026-12-07T02:00:00Z');
    accounts = new AccountService(backend.accounts, backend.sessions, backend.audit, { sessionTtlMinutes: 60, maxFailedAttempts: 3, lockMinutes: 15 }, () => clock);
  });
  afterEach(async () => {
    await backend.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('passwords are stored as scrypt hashes that verify only the right password', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(stored).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
  });

  test('when an admin adds an account without a password, then a one-time password is printed and must be changed', async () => {
    const created = await accounts.createAccount({ username: 'Rina.Officer', displayName: 'Rina', roles: ['officer'], unit: 'pelayanan-kiriman' }, 'admin');
    expect(created.account.username).toBe('rina.officer');
    expect(created.account.mustChangePassword).toBe(true);
    expect(created.oneTimePassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(created.account).not.toHaveProperty('passwordHash');
    const session = await accounts.signIn('rina.officer', created.oneTimePassword as string);
    expect((await accounts.resolveSession(session.token))?.username).toBe('rina.officer');
    await expect(accounts.createAccount({ username: 'RINA.officer', displayName: 'x', roles: ['officer'] }, 'admin')).rejects.toMatchObject({ reason: 'exists' });
  });

  test('when the password is wrong, then the answer does not say whether the username exists', async () => {
    await accounts.createAccount({ username: 'budi', displayName: 'Budi', roles: ['officer'], password: 'a-long-password-1' }, 'admin');
    const unknown = await accounts.signIn('nobody', 'whatever-password').catch((error: AccountError) => error);
    const wrong = await accounts.signIn('budi', 'not-the-password').catch((error: AccountError) => error);
    expect(unknown).toBeInstanceOf(AccountError);
    expect((unknown as AccountError).message).toBe((wrong as AccountError).message);
  });

  test('when sign-ins fail too often, then the account is locked for a while, then usable again', async () => {
    await accounts.createAccount({ username: 'sari', displayName: 'Sari', roles: ['coordinator'], password: 'a-long-password-2' }, 'admin');
    for (let attempt = 0; attempt < 3; attempt += 1) await expect(accounts.signIn('sari', 'wrong-password')).rejects.toMatchObject({ reason: 'bad-credentials' });
    await expect(accounts.signIn('sari', 'a-long-password-2')).rejects.toMatchObject({ reason: 'locked' });
    clock = new Date(clock.getTime() + 16 * 60_000);
    await expect(accounts.signIn('sari', 'a-long-password-2')).resolves.toMatchObject({ account: { username: 'sari' } });
  });

  test('sessions expire, and disabling or resetting an account ends them', async () => {
    await accounts.createAccount({ username: 'dewi', displayName: 'Dewi', roles: ['supervisor'], password: 'a-long-password-3' }, 'admin');
    const first = await accounts.signIn('dewi', 'a-long-password-3');
    clock = new Date(clock.getTime() + 61 * 60_000);
    expect(await accounts.resolveSession(first.token)).toBeUndefined();

    const second = await accounts.signIn('dewi', 'a-long-password-3');
    await accounts.setDisabled('dewi', true, 'admin');
    expect(await accounts.resolveSession(second.token)).toBeUndefined();
    await expect(accounts.signIn('dewi', 'a-long-password-3')).rejects.toMatchObject({ reason: 'disabled' });

    await accounts.setDisabled('dewi', false, 'admin');
    const third = await accounts.signIn('dewi', 'a-long-password-3');
    const oneTime = await accounts.resetPassword('dewi', 'admin');
    expect(await accounts.resolveSession(third.token)).toBeUndefined();
    await expect(accounts.signIn('dewi', oneTime)).resolves.toMatchObject({ account: { mustChangePassword: true } });
  });

  test('every account change is in the audit log, and no password or hash is', async () => {
    await accounts.createAccount({ username: 'eko', displayName: 'Eko', roles: ['admin'], password: 'a-long-password-4' }, 'admin');
    await accounts.resetPassword('eko', 'admin');
    const log = await backend.audit.list({}, 20);
    expect(log.map((record) => record.action)).toEqual(expect.arrayContaining(['account.create', 'account.reset']));
    expect(JSON.stringify(log)).not.toMatch(/a-long-password-4|scrypt\$/);
  });
});
