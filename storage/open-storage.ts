import { MongoBackend } from './mongo/mongo-backend';
import type { StorageBackend } from './repositories';
import { SqliteBackend } from './sqlite/sqlite-backend';

/** Options of {@link openStorage}, as parsed by the config module. */
export interface OpenStorageOptions {
  /** Where the SQLite file lives when no MongoDB URI is given. */
  dataDir: string;
  /** Selects MongoDB when set (an empty string counts as unset). */
  mongodbUri?: string;
  mongodbDatabase?: string;
}

/** Opens the configured backend: MongoDB when a URI is given, else the embedded SQLite file. */
export async function openStorage(options: OpenStorageOptions): Promise<StorageBackend> {
  if (options.mongodbUri) {
    return MongoBackend.connect({ uri: options.mongodbUri, databaseName: options.mongodbDatabase });
  }
  return SqliteBackend.open({ dataDir: options.dataDir });
}
