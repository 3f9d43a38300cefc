import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { applyMigrations } from '../../storage/sqlite/apply-migrations';
import { migrations } from '../../storage/sqlite/migrations';
import { SqliteBackend } from '../../storage/sqlite/sqlite-backend';

describe('SqliteBackend on disk', () => {
  let dataDir: string;
  const opened: SqliteBackend[] = [];

  const open = () => {
    const backend = SqliteBackend.open({ dataDir });
    opened.push(backend);
    return backend;
  };

  const readMigrationLog = (filePath: string) => {
    const db = new Database(filePath, { readonly: true });
    try {
      return db.prepare('select version, applied_at from schema_migrations order by version').all();
    } finally {
      db.close();
    }
  };

  beforeEach(() => {
    dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'tanya-pabean-restart-')), 'nested', 'data');
  });

  afterEach(async () => {
    for (const backend of opened.splice(0)) await backend.close();
    rmSync(path.dirname(path.dirname(dataDir)), { recursive: true, force: true });
  });

  test('when opened on a missing directory, then the directory and the database file are created in WAL mode', async () => {
    const backend = open();

    expect(backend.filePath).toBe(path.join(dataDir, SqliteBackend.defaultFileName));
    await expect(backend.ping()).resolves.toBeUndefined();
    const db = new Database(backend.filePath, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  test('when a file name is given, then the database uses it', async () => {
    const backend = SqliteBackend.open({ dataDir, fileName: 'other.db' });
    opened.push(backend);

    expect(backend.filePath).toBe(path.join(dataDir, 'other.db'));
  });

  test('when the backend is closed and reopened, then documents, conversations, activities and attachments survive', async () => {
    const first = open();
    const createdAt = new Date('2025-01-02T03:04:05.006Z');
    const eTags = await first.documents.write([{ key: 'user/1', document: { name: 'Siti' } }]);
    await first.conversations.createConversation({ conversationId: 'conv-1', userId: 'dl_1', createdAt });
    await first.conversations.appendActivity('conv-1', (sequence) => ({ id: `conv-1|${sequence}`, text: 'halo' }));
    await first.conversations.appendActivity('conv-1', (sequence) => ({ id: `conv-1|${sequence}`, text: 'cek resi' }));
    const content = Buffer.from('%PDF-1.7 invoice');
    await first.attachments.saveAttachment({
      attachmentId: 'att-1',
      conversationId: 'conv-1',
      name: 'invoice.pdf',
      contentType: 'application/pdf',
      size: content.length,
      createdAt,
      content,
    });
    await first.close();

    const second = open();

    expect(await second.documents.read(['user/1'])).toEqual({ 'user/1': { document: { name: 'Siti' }, eTag: eTags['user/1'] } });
    expect(await second.conversations.getConversation('conv-1')).toEqual({ conversationId: 'conv-1', userId: 'dl_1', createdAt });
    expect((await second.conversations.listActivities('conv-1', 0, 10)).map((stored) => stored.activity.text)).toEqual(['halo', 'cek resi']);
    expect((await second.conversations.appendActivity('conv-1', () => ({ text: 'lanjut' }))).sequence).toBe(3);
    expect((await second.attachments.getAttachment('att-1'))?.content.equals(content)).toBe(true);
  });

  test('when the backend is reopened, then no migration is applied again', async () => {
    const first = open();
    const appliedAtFirstOpen = readMigrationLog(first.filePath);
    await first.close();

    const second = open();

    expect(appliedAtFirstOpen).toHaveLength(migrations.length);
    expect(readMigrationLog(second.filePath)).toEqual(appliedAtFirstOpen);
    const db = new Database(second.filePath);
    try {
      expect(applyMigrations(db, migrations)).toEqual([]);
    } finally {
      db.close();
    }
  });

  test('when the database is at a newer schema than this build knows, then opening is refused', async () => {
    const backend = open();
    await backend.close();
    const db = new Database(backend.filePath);
    db.prepare('insert into schema_migrations (version, applied_at) values (?, ?)').run(migrations[migrations.length - 1].version + 1, new Date().toISOString());
    db.close();

    expect(() => open()).toThrow(/SqliteBackend\.open\(\): .*newer than this build knows/);
  });

  test('when two backends share one file, then each sees the other\'s writes', async () => {
    const first = open();
    const second = open();

    const written = await first.documents.write([{ key: 'shared', document: { by: 'first' } }]);
    expect((await second.documents.read(['shared'])).shared).toEqual({ document: { by: 'first' }, eTag: written.shared });

    await second.conversations.createConversation({ conversationId: 'conv-1', createdAt: new Date() });
    await expect(first.conversations.createConversation({ conversationId: 'conv-1', createdAt: new Date() })).resolves.toBe(false);
    const sequences = [];
    for (let turn = 0; turn < 3; turn += 1) {
      sequences.push((await first.conversations.appendActivity('conv-1', () => ({ by: 'first' }))).sequence);
      sequences.push((await second.conversations.appendActivity('conv-1', () => ({ by: 'second' }))).sequence);
    }
    expect(sequences).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await first.conversations.listActivities('conv-1', 0, 10)).map((stored) => stored.activity.by)).toEqual([
      'first',
      'second',
      'first',
      'second',
      'first',
      'second',
    ]);
  });

  test('when two backends share one file, then an eTag read by one is stale after the other writes', async () => {
    const first = open();
    const second = open();
    const read = await first.documents.write([{ key: 'state', document: { step: 1 } }]);

    await second.documents.write([{ key: 'state', document: { step: 2 }, expectedETag: read.state }]);

    await expect(first.documents.write([{ key: 'state', document: { step: 3 }, expectedETag: read.state }])).rejects.toThrow(/eTag conflict/);
  });

  test('when another process holds the write lock, then a write waits for it instead of failing with SQLITE_BUSY', async () => {
    const backend = open();
    const holdMs = 400;
    // A separate OS process, as a second server instance would be; the lock is held across its event loop.
    const lockHolder = spawn(
      process.execPath,
      [
        '-e',
        `const Database = require('better-sqlite3');
         const db = new Database(process.argv[1]);
         db.exec('begin immediate');
         db.prepare("insert into documents (key, document, etag) values ('from-child', '{}', 'child-etag')").run();
         process.stdout.write('locked\\n');
         setTimeout(() => { db.exec('commit'); db.close(); }, ${holdMs});`,
        backend.filePath,
      ],
      { cwd: path.resolve(__dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = once(lockHolder, 'exit');
    await once(lockHolder.stdout, 'data');

    const startedAt = Date.now();
    await backend.documents.write([{ key: 'from-parent', document: {} }]);

    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(holdMs / 2);
    expect(Object.keys(await backend.documents.read(['from-child', 'from-parent'])).sort()).toEqual(['from-child', 'from-parent']);
    expect((await exited)[0]).toBe(0);
  });

  test('when close is called twice, then the second call does nothing', async () => {
    const backend = open();

    await backend.close();

    await expect(backend.close()).resolves.toBeUndefined();
    await expect(backend.ping()).rejects.toThrow();
  });
});
