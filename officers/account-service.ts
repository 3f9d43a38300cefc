import { createHash, randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { AccountRecord, AccountRepository, AuditLogRepository, Role, SessionRepository } from '../storage/repositories';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keyLength: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;

const SCRYPT = { N: 16384, r: 8, p: 1, keyLength: 64 };
export const ROLES: readonly Role[] = ['officer', 'coordinator', 'supervisor', 'editor', 'admin'];
export const MIN_PASSWORD_LENGTH = 10;

export interface AccountPolicy {
  sessionTtlMinutes: number;
  /** Failed sign-ins in a row before the account is locked for `lockMinutes`. */
  maxFailedAttempts: number;
  lockMinutes: number;
}

export const DEFAULT_ACCOUNT_POLICY: AccountPolicy = { sessionTtlMinutes: 8 * 60, maxFailedAttempts: 5, lockMinutes: 15 };

/** A sign-in or account change that cannot be done; `reason` is safe to show (it never says whether the username exists). */
export class AccountError extends Error {
  constructor(
    readonly reason: 'bad-credentials' | 'locked' | 'disabled' | 'exists' | 'not-found' | 'weak-password' | 'bad-role',
    message: string,
  ) {
    super(message);
    this.name = 'AccountError';
  }
}

/** An account as the desk shows it: never the password hash. */
export type PublicAccount = Omit<AccountRecord, 'passwordHash'>;

export function publicAccount(account: AccountRecord): PublicAccount {
  const { passwordHash: _passwordHash, ...rest } = account;
  return rest;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT.keyLength, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A password that is easy to read aloud or type once: 4 groups of 4 characters, no look-alikes. */
export function oneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  const characters = [...bytes].map((byte) => alphabet[byte % alphabet.length]);
  return [0, 4, 8, 12].map((start) => characters.slice(start, start + 4).join('')).join('-');
}

function sessionHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Local accounts of officers, coordinators, supervisors, editors and admins: scrypt password
 * hashes, expiring sessions (only a hash of the token is stored), throttled failed sign-ins, and an
 * audit line for every change.
 */
export class AccountService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly sessions: SessionRepository,
    private readonly audit: AuditLogRepository,
    private readonly policy: AccountPolicy = DEFAULT_ACCOUNT_POLICY,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async createAccount(
    input: { username: string; displayName: string; roles: Role[]; unit?: string; password?: string },
    actor: string,
  ): Promise<{ account: PublicAccount; oneTimePassword?: string }> {
    const username = input.username.trim().toLowerCase();
    if (!/^[a-z0-9._-]{3,40}$/.test(username)) throw new AccountError('bad-credentials', 'A username has 3-40 characters: a-z, 0-9, dot, dash, underscore.');
    if (input.roles.length === 0 || input.roles.some((role) => !ROLES.includes(role))) {
      throw new AccountError('bad-role', `Roles are ${ROLES.join(', ')}.`);
    }
    if (await this.accounts.getByUsername(username)) throw new AccountError('exists', `The username "${username}" is taken.`);
    const generated = input.password === undefined ? oneTimePassword() : undefined;
    const password = input.password ?? (generated as string);
    this.checkStrength(password);
    const now = this.now();
    const account: AccountRecord = {
      accountId: randomUUID(),
      username,
      displayName: input.displayName.trim() || username,
      roles: [...new Set(input.roles)],
      unit: input.unit,
      passwordHash: await hashPassword(password),
      disabled: false,
      failedAttempts: 0,
      mustChangePassword: generated !== undefined,
      createdAt: now,
      updatedAt: now,
    };
    await this.accounts.create(account);
    await this.audit.append({ at: now, actor, action: 'account.create', target: `account:${account.accountId}`, details: { username, roles: account.roles, unit: account.unit ?? null } });
    return { account: publicAccount(account), oneTimePassword: generated };
  }

  /** Checks the password and opens a session; the returned token goes into an HttpOnly cookie. */
  async signIn(usernameInput: string, password: string): Promise<{ token: string; account: PublicAccount; expiresAt: Date }> {
    const now = this.now();
    const account = await this.accounts.getByUsername(usernameInput.trim().toLowerCase());
    if (!account) {
      // Same work as a real check, so timing does not reveal which usernames exist.
      await verifyPassword(password, 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA');
      throw new AccountError('bad-credentials', 'Wrong username or password.');
    }
    if (account.disabled) throw new AccountError('disabled', 'This account is disabled.');
    if (account.lockedUntil && account.lockedUntil > now) {
      throw new AccountError('locked', `Too many failed sign-ins; try again after ${account.lockedUntil.toISOString()}.`);
    }
    if (!(await verifyPassword(password, account.passwordHash))) {
      const failedAttempts = account.failedAttempts + 1;
      const lock = failedAttempts >= this.policy.maxFailedAttempts;
      await this.accounts.update(account.accountId, {
        failedAttempts: lock ? 0 : failedAttempts,
        lockedUntil: lock ? new Date(now.getTime() + this.policy.lockMinutes * 60_000) : account.lockedUntil,
        updatedAt: now,
      });
      await this.audit.append({ at: now, actor: account.accountId, action: lock ? 'account.locked' : 'session.failed', target: `account:${account.accountId}`, details: { failedAttempts } });
      throw new AccountError('bad-credentials', 'Wrong username or password.');
    }
    await this.accounts.update(account.accountId, { failedAttempts: 0, lockedUntil: undefined, updatedAt: now });
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.policy.sessionTtlMinutes * 60_000);
    await this.sessions.create({ tokenHash: sessionHash(token), accountId: account.accountId, createdAt: now, expiresAt });
    await this.audit.append({ at: now, actor: account.accountId, action: 'session.open', target: `account:${account.accountId}`, details: {} });
    return { token, account: publicAccount(account), expiresAt };
  }

  /** The account behind a session token, or undefined when it is unknown, expired or disabled. */
  async resolveSession(token: string | undefined): Promise<PublicAccount | undefined> {
    if (!token) return undefined;
    const session = await this.sessions.get(sessionHash(token));
    if (!session) return undefined;
    if (session.expiresAt <= this.now()) {
      await this.sessions.delete(session.tokenHash);
      return undefined;
    }
    const account = await this.accounts.get(session.accountId);
    if (!account || account.disabled) return undefined;
    return publicAccount(account);
  }

  /** Drops sessions that have expired (they are refused anyway; this keeps storage small). */
  async purgeExpiredSessions(): Promise<number> {
    return this.sessions.deleteExpired(this.now());
  }

  async signOut(token: string): Promise<void> {
    await this.sessions.delete(sessionHash(token));
  }

  async changePassword(accountId: string, newPassword: string): Promise<void> {
    this.checkStrength(newPassword);
    const now = this.now();
    await this.accounts.update(accountId, { passwordHash: await hashPassword(newPassword), mustChangePassword: false, updatedAt: now });
    await this.audit.append({ at: now, actor: accountId, action: 'account.password', target: `account:${accountId}`, details: {} });
  }

  /** Sets a one-time password (shown once to the admin) and ends the account's sessions. */
  async resetPassword(username: string, actor: string): Promise<string> {
    const account = await this.requireAccount(username);
    const password = oneTimePassword();
    const now = this.now();
    await this.accounts.update(account.accountId, { passwordHash: await hashPassword(password), mustChangePassword: true, failedAttempts: 0, lockedUntil: undefined, updatedAt: now });
    await this.sessions.deleteForAccount(account.accountId);
    await this.audit.append({ at: now, actor, action: 'account.reset', target: `account:${account.accountId}`, details: {} });
    return password;
  }

  async setDisabled(username: string, disabled: boolean, actor: string): Promise<PublicAccount> {
    const account = await this.requireAccount(username);
    const now = this.now();
    const updated = await this.accounts.update(account.accountId, { disabled, updatedAt: now });
    if (disabled) await this.sessions.deleteForAccount(account.accountId);
    await this.audit.append({ at: now, actor, action: disabled ? 'account.disable' : 'account.enable', target: `account:${account.accountId}`, details: {} });
    return publicAccount(updated);
  }

  async listAccounts(): Promise<PublicAccount[]> {
    return (await this.accounts.list()).map(publicAccount);
  }

  private async requireAccount(username: string): Promise<AccountRecord> {
    const account = await this.accounts.getByUsername(username.trim().toLowerCase());
    if (!account) throw new AccountError('not-found', `No account "${username}".`);
    return account;
  }

  private checkStrength(password: string): void {
    if (password.length < MIN_PASSWORD_LENGTH) throw new AccountError('weak-password', `A password has at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
}
