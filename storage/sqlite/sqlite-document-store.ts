import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ETagConflictError, type DocumentChange, type DocumentStore, type VersionedDocument } from '../repositories';

interface DocumentRow {
  document: string;
  etag: string;
}

export class SqliteDocumentStore implements DocumentStore {
  private readonly selectDocument: Database.Statement<[string], DocumentRow>;
  private readonly upsertDocument: Database.Statement<[string, string, string]>;
  private readonly updateDocumentIfETag: Database.Statement<[string, string, string, string]>;
  private readonly deleteDocument: Database.Statement<[string]>;

  constructor(private readonly db: Database.Database) {
    this.selectDocument = db.prepare('select document, etag from documents where key = ?');
    this.upsertDocument = db.prepare(
      'insert into documents (key, document, etag) values (?, ?, ?) on conflict (key) do update set document = excluded.document, etag = excluded.etag',
    );
    this.updateDocumentIfETag = db.prepare('update documents set document = ?, etag = ? where key = ? and etag = ?');
    this.deleteDocument = db.prepare('delete from documents where key = ?');
  }

  async read(keys: string[]): Promise<Record<string, VersionedDocument>> {
    // One read transaction, so a batch never mixes two versions of the data.
    const readAll = this.db.transaction(() => {
      const found: Record<string, VersionedDocument> = {};
      for (const key of keys) {
        const row = this.selectDocument.get(key);
        if (row) found[key] = { document: JSON.parse(row.document) as Record<string, unknown>, eTag: row.etag };
      }
      return found;
    });
    return readAll();
  }

  async write(changes: DocumentChange[]): Promise<Record<string, string>> {
    const writeAll = this.db.transaction(() => {
      const eTags: Record<string, string> = {};
      for (const change of changes) {
        const eTag = randomUUID();
        const json = JSON.stringify(change.document);
        if (change.expectedETag === undefined || change.expectedETag === '*') {
          this.upsertDocument.run(change.key, json, eTag);
        } else if (this.updateDocumentIfETag.run(json, eTag, change.key, change.expectedETag).changes === 0) {
          throw new ETagConflictError(change.key);
        }
        eTags[change.key] = eTag;
      }
      return eTags;
    });
    // IMMEDIATE takes the write lock when the transaction starts, so a second process sharing the
    // file waits for it (busy_timeout) instead of failing with SQLITE_BUSY on a read-to-write upgrade.
    return writeAll.immediate();
  }

  async delete(keys: string[]): Promise<void> {
    const deleteAll = this.db.transaction(() => {
      for (const key of keys) this.deleteDocument.run(key);
    });
    deleteAll.immediate();
  }
}
