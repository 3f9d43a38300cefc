import { MongoServerError, type Collection, type Db, type UpdateFilter } from 'mongodb';
import type { AccountRecord, AccountRepository } from '../repositories';
import { changesToUpdate, type UpdatableFields } from './changes-to-update';
import { isDuplicateKeyError } from './is-duplicate-key-error';

type AccountDocument = Omit<AccountRecord, 'accountId'> & {
  _id: string;
  /** The lowercased username, under a unique index: usernames are case-insensitive. */
  usernameKey: string;
};

type AccountChanges = Parameters<AccountRepository['update']>[1];

const UPDATABLE: UpdatableFields<AccountRecord> = {
  required: ['displayName', 'roles', 'passwordHash', 'disabled', 'failedAttempts', 'mustChangePassword', 'updatedAt'],
  optional: ['unit', 'lockedUntil'],
};

/**
 * The key usernames are unique under: "Siti.A" and "siti.a" are one officer. The same function is in
 * the SQLite backend, so both backends agree on which names collide.
 */
function usernameKey(username: string): string {
  return username.normalize('NFC').toLowerCase();
}

function toRecord(document: AccountDocument): AccountRecord {
  return {
    accountId: document._id,
    username: document.username,
    displayName: document.displayName,
    roles: document.roles,
    ...(document.unit === undefined ? {} : { unit: document.unit }),
    passwordHash: document.passwordHash,
    disabled: document.disabled,
    failedAttempts: document.failedAttempts,
    ...(document.lockedUntil === undefined ? {} : { lockedUntil: document.lockedUntil }),
    mustChangePassword: document.mustChangePassword,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
  };
}

export class MongoAccountRepository implements AccountRepository {
  private readonly collection: Collection<AccountDocument>;

  constructor(db: Db) {
    this.collection = db.collection<AccountDocument>('accounts');
  }

  async createIndexes(): Promise<void> {
    await this.collection.createIndex({ usernameKey: 1 }, { unique: true, name: 'username_key' });
  }

  async create(account: AccountRecord): Promise<void> {
    const { accountId, ...fields } = account;
    try {
      await this.collection.insertOne({ _id: accountId, ...fields, usernameKey: usernameKey(account.username) });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // The unique index on usernameKey decides, so two instances creating one name at once cannot both win.
      const usernameTaken = error instanceof MongoServerError && error.keyPattern !== undefined && 'usernameKey' in error.keyPattern;
      throw new Error(
        usernameTaken
          ? `MongoAccountRepository.create(): username "${account.username}" is already taken.`
          : `MongoAccountRepository.create(): account "${accountId}" already exists.`,
        { cause: error },
      );
    }
  }

  async get(accountId: string): Promise<AccountRecord | undefined> {
    const document = await this.collection.findOne({ _id: accountId });
    return document ? toRecord(document) : undefined;
  }

  async getByUsername(username: string): Promise<AccountRecord | undefined> {
    const document = await this.collection.findOne({ usernameKey: usernameKey(username) });
    return document ? toRecord(document) : undefined;
  }

  async list(): Promise<AccountRecord[]> {
    return (await this.collection.find().sort({ usernameKey: 1 }).toArray()).map(toRecord);
  }

  async update(accountId: string, changes: AccountChanges): Promise<AccountRecord> {
    const origin = 'MongoAccountRepository.update()';
    const { $set, $unset } = changesToUpdate(origin, changes, UPDATABLE);
    const hasSet = Object.keys($set).length > 0;
    const hasUnset = Object.keys($unset).length > 0;
    // An update document with no operator is an error in MongoDB: nothing to change is a plain read.
    const updated =
      hasSet || hasUnset
        ? await this.collection.findOneAndUpdate(
            { _id: accountId },
            { ...(hasSet ? { $set } : {}), ...(hasUnset ? { $unset } : {}) } as UpdateFilter<AccountDocument>,
            { returnDocument: 'after' },
          )
        : await this.collection.findOne({ _id: accountId });
    if (!updated) throw new Error(`${origin}: account "${accountId}" does not exist.`);
    return toRecord(updated);
  }
}
