import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { MongoBackend } from '../../storage/mongo/mongo-backend';
import type { StorageBackend } from '../../storage/repositories';
import { SqliteBackend } from '../../storage/sqlite/sqlite-backend';

export type BackendName = 'sqlite' | 'mongodb';

const MONGODB_SKIP_REASON = 'skipped: MONGODB_URI is not set';

/**
 * Declares the contract tests once per backend: SQLite always, MongoDB when MONGODB_URI is set.
 * Every test gets a fresh, empty backend (a new temp dir, or a new database dropped afterwards).
 */
export function forEachBackend(suiteName: string, defineTests: (name: BackendName, getBackend: () => StorageBackend) => void): void {
  describe(`${suiteName} on SQLite`, () => {
    let dataDir: string;
    let backend: StorageBackend | undefined;

    beforeEach(() => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'tanya-pabean-contract-'));
      backend = SqliteBackend.open({ dataDir });
    });

    afterEach(async () => {
      await backend?.close();
      backend = undefined;
      rmSync(dataDir, { recursive: true, force: true });
    });

    defineTests('sqlite', () => requireBackend(backend));
  });

  const mongodbUri = process.env.MONGODB_URI;
  if (!mongodbUri) {
    // A test that runs and says why the MongoDB half does not, in the run's output.
    describe(`${suiteName} on MongoDB`, () => {
      test(`${MONGODB_SKIP_REASON} (set it to run this suite against MongoDB)`, () => {
        console.warn(`${suiteName}: MongoDB contract suite ${MONGODB_SKIP_REASON}`);
      });
    });
    return;
  }

  describe(`${suiteName} on MongoDB`, () => {
    let databaseName: string;
    let backend: StorageBackend | undefined;

    beforeEach(async () => {
      databaseName = `tanya_pabean_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
      backend = await MongoBackend.connect({ uri: mongodbUri, databaseName });
    });

    afterEach(async () => {
      await backend?.close();
      backend = undefined;
      const client = new MongoClient(mongodbUri);
      try {
        await client.db(databaseName).dropDatabase();
      } finally {
        await client.close();
      }
    });

    defineTests('mongodb', () => requireBackend(backend));
  });
}

function requireBackend(backend: StorageBackend | undefined): StorageBackend {
  if (!backend) throw new Error('forEachBackend(): the backend is only available inside a test.');
  return backend;
}
