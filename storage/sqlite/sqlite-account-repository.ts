import type Database from 'better-sqlite3';
import type { AccountRecord, AccountRepository, Role } from '../repositories';
import { mergeChanges, type UpdatableFields } from './merge-changes';

interface AccountRow {
  account_id: string;
  username: string;
  username_key: string;
  display_name: string;
  roles: string;
  unit: string | null;
  password_hash: string;
  disabled: number;
  failed_attempts: number;
  locked_until: number | null;
  must_change_password: number;
  created_at: number;
  updated_at: number;
}

type AccountChanges = Parameters<AccountRepository['update']>[1];

const COLUMNS = [
  'account_id', 'username', 'username_key', 'display_name', 'roles', 'unit', 'password_hash', 'disabled',
  'failed_attempts', 'locked_until', 'must_change_password', 'created_at', 'updated_at',
] as const satisfies readonly (keyof AccountRow)[];

const UPDATABLE: UpdatableFields<AccountRecord> = {
  required: ['displayName', 'roles', 'passwordHash', 'disabled', 'failedAttempts', 'mustChangePassword', 'updatedAt'],
  optional: ['unit', 'lockedUntil'],
};

/**
 * The key usernames are unique under: "Siti.A" and "siti.a" are one officer. The same function is in
 * the MongoDB backend, so both backends agree on which names collide.
 */
function usernameKey(username: string): string {
  return username.normalize('NFC').toLowerCase();
}

function toRow(account: AccountRecord): AccountRow {
  return {
    account_id: account.accountId,
    username: account.username,
    username_key: usernameKey(account.username),
    display_name: account.displayName,
    roles: JSON.stringify(account.roles),
    unit: account.unit ?? null,
    password_hash: account.passwordHash,
    disabled: account.disabled ? 1 : 0,
    failed_attempts: account.failedAttempts,
    locked_until: account.lockedUntil?.getTime() ?? null,
    must_change_password: account.mustChangePassword ? 1 : 0,
    created_at: account.createdAt.getTime(),
    updated_at: account.updatedAt.getTime(),
  };
}

function toRecord(row: AccountRow): AccountRecord {
  return {
    accountId: row.account_id,
    username: row.username,
    displayName: row.display_name,
    roles: JSON.parse(row.roles) as Role[],
    ...(row.unit === null ? {} : { unit: row.unit }),
    passwordHash: row.password_hash,
    disabled: row.disabled === 1,
    failedAttempts: row.failed_attempts,
    ...(row.locked_until === null ? {} : { lockedUntil: new Date(row.locked_until) }),
    mustChangePassword: row.must_change_password === 1,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

export class SqliteAccountRepository implements AccountRepository {
  private readonly insertAccount: Database.Statement<AccountRow>;
  private readonly replaceAccount: Database.Statement<AccountRow>;
  private readonly selectAccount: Database.Statement<[string], AccountRow>;
  private readonly selectByKey: Database.Statement<[string], AccountRow>;
  private readonly selectAll: Database.Statement<[], AccountRow>;

  constructor(private readonly db: Database.Database) {
    this.insertAccount = db.prepare(`insert into accounts (${COLUMNS.join(', ')}) values (${COLUMNS.map((column) => `@${column}`).join(', ')})`);
    this.replaceAccount = db.prepare(
      `update accounts set ${COLUMNS.filter((column) => !['account_id', 'username', 'username_key', 'created_at'].includes(column))
        .map((column) => `${column} = @${column}`)
        .join(', ')}
       where account_id = @account_id`,
    );
    this.selectAccount = db.prepare(`select ${COLUMNS.join(', ')} from accounts where account_id = ?`);
    this.selectByKey = db.prepare(`select ${COLUMNS.join(', ')} from accounts where username_key = ?`);
    this.selectAll = db.prepare(`select ${COLUMNS.join(', ')} from accounts order by username_key`);
  }

  async create(account: AccountRecord): Promise<void> {
    const origin = 'SqliteAccountRepository.create()';
    const insert = this.db.transaction(() => {
      // Checked first for a clear message; the unique index still guards against any other path.
      if (this.selectByKey.get(usernameKey(account.username))) throw new Error(`${origin}: username "${account.username}" is already taken.`);
      if (this.selectAccount.get(account.accountId)) throw new Error(`${origin}: account "${account.accountId}" already exists.`);
      this.insertAccount.run(toRow(account));
    });
    insert.immediate();
  }

  async get(accountId: string): Promise<AccountRecord | undefined> {
    const row = this.selectAccount.get(accountId);
    return row ? toRecord(row) : undefined;
  }

  async getByUsername(username: string): Promise<AccountRecord | undefined> {
    const row = this.selectByKey.get(usernameKey(username));
    return row ? toRecord(row) : undefined;
  }

  async list(): Promise<AccountRecord[]> {
    return this.selectAll.all().map(toRecord);
  }

  async update(accountId: string, changes: AccountChanges): Promise<AccountRecord> {
    const origin = 'SqliteAccountRepository.update()';
    const apply = this.db.transaction((): AccountRecord => {
      const row = this.selectAccount.get(accountId);
      if (!row) throw new Error(`${origin}: account "${accountId}" does not exist.`);
      const next = mergeChanges(origin, toRecord(row), changes, UPDATABLE);
      this.replaceAccount.run(toRow(next));
      return next;
    });
    // Read, merge and write under one write lock, so the fields this call does not change are written
    // back as they are at that moment, never from an older read.
    return apply.immediate();
  }
}
