import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportCsv, exportJson, parseImportFile } from '../../knowledge/entry-transfer';
import { EntryValidationError, KnowledgeBase, entryContent } from '../../knowledge/knowledge-base';
import type { KnowledgeEntry } from '../../knowledge/knowledge-entry';
import { lintEntries } from '../../knowledge/lint-entries';
import { loadSeedEntries } from '../../knowledge/seed-loader';
import { SqliteBackend } from '../../storage/sqlite/sqlite-backend';

/** An engine that only reports which entries it was built over: the KB service is under test here, not ranking. */
const indexingEngine = (entries: KnowledgeEntry[]) => ({
  decide: async (text: string) => ({ text, indexed: entries.map((entry) => `${entry.id}@${entry.version}`) }),
});

describe('knowledge base service', () => {
  let dataDir: string;
  let backends: SqliteBackend[];
  const seed = loadSeedEntries();

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tanya-pabean-kb-'));
    backends = [];
  });
  afterEach(async () => {
    for (const backend of backends) await backend.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const openInstance = () => {
    const backend = SqliteBackend.open({ dataDir });
    backends.push(backend);
    return new KnowledgeBase(backend.knowledge, indexingEngine);
  };

  test('when the store is empty, then the seed content is loaded and published once', async () => {
    const knowledge = openInstance();
    expect(await knowledge.initialize(seed)).toEqual({ seeded: true });
    expect(knowledge.publishedEntries()).toHaveLength(seed.length);
    expect((await knowledge.decide('x')).indexed).toContain('passenger.allowance@1');
  });

  test('when an editor changed an entry, then a later start never overwrites the edit', async () => {
    const first = openInstance();
    await first.initialize(seed);
    const original = first.getEntry('passenger.allowance') as KnowledgeEntry;
    const edited = { ...entryContent(original), answer: { id: `${original.answer.id} (diperbarui)`, en: `${original.answer.en} (updated)` } };
    await first.saveEntry({ id: original.id, status: 'published', content: edited }, 1, 'editor-rina');

    const second = openInstance();
    expect(await second.initialize(seed)).toEqual({ seeded: false });
    const reloaded = second.getEntry('passenger.allowance') as KnowledgeEntry;
    expect(reloaded.version).toBe(2);
    expect(reloaded.answer.en).toMatch(/\(updated\)$/);
    expect((await second.history('passenger.allowance')).map((version) => [version.version, version.updatedBy])).toEqual([
      [1, 'seed'],
      [2, 'editor-rina'],
    ]);
  });

  test('when one instance publishes an edit, then another instance rebuilds its index on its next refresh', async () => {
    const editorInstance = openInstance();
    const botInstance = openInstance();
    await editorInstance.initialize(seed);
    await botInstance.initialize(seed);
    expect(await botInstance.refreshIfChanged()).toBe(false);

    const original = editorInstance.getEntry('general.vat_rate') as KnowledgeEntry;
    await editorInstance.saveEntry({ id: original.id, status: 'archived', content: entryContent(original) }, 1, 'editor');
    expect((await botInstance.decide('x')).indexed).toContain('general.vat_rate@1');
    expect(await botInstance.refreshIfChanged()).toBe(true);
    expect((await botInstance.decide('x')).indexed).not.toContain('general.vat_rate@1');
    expect((await botInstance.decide('x')).indexed.some((id) => id.startsWith('general.vat_rate@'))).toBe(false);
  });

  test('when an entry is saved with invalid content, then the error names the field and nothing is stored', async () => {
    const knowledge = openInstance();
    await knowledge.initialize(seed);
    const original = knowledge.getEntry('contact.channels') as KnowledgeEntry;
    const broken = { ...entryContent(original), answer: { id: '', en: 'x' } };
    await expect(knowledge.saveEntry({ id: original.id, status: 'published', content: broken }, 1, 'editor')).rejects.toThrow(/field "answer.id"/);
    expect((await knowledge.history('contact.channels')).length).toBe(1);
  });

  test('when an import file has a bad entry, then its line and field are reported and nothing changes', async () => {
    const knowledge = openInstance();
    await knowledge.initialize(seed);
    const exported = JSON.parse(exportJson(knowledge.currentEntries().slice(0, 3)));
    exported[1].answer.en = '';
    exported[0].answer.en = 'A changed answer that must not be stored.';
    const text = JSON.stringify(exported, null, 2);
    const entryStartLines = text.split('\n').flatMap((line, index) => (line === '  {' ? [index + 1] : []));
    const secondEntryLine = entryStartLines[1];
    expect(() => parseImportFile(text, 'entries.json')).toThrow(EntryValidationError);
    expect(() => parseImportFile(text, 'entries.json')).toThrow(new RegExp(`entries.json:${secondEntryLine}: field "answer.en"`));
    expect(knowledge.getEntry(exported[0].id)?.version).toBe(1);
  });

  test('when an exported file is imported back with one change, then only that entry gets a new version', async () => {
    const knowledge = openInstance();
    await knowledge.initialize(seed);
    const exported = JSON.parse(exportJson(knowledge.currentEntries()));
    exported[0].keywords.id.push('kata kunci baru');
    const file = path.join(dataDir, 'import.json');
    writeFileSync(file, JSON.stringify(exported, null, 2));
    const outcome = await knowledge.importEntries(parseImportFile(JSON.stringify(exported), file), 'editor');
    expect(outcome.updated).toEqual([exported[0].id]);
    expect(outcome.created).toEqual([]);
    expect(outcome.unchanged).toHaveLength(exported.length - 1);
    expect(knowledge.getEntry(exported[0].id)?.version).toBe(2);
  });

  test('when a JSON Lines file has a malformed line, then the line number is reported', () => {
    const good = JSON.stringify({ ...entryContent(seed[0]), status: 'published' });
    expect(() => parseImportFile(`${good}\n{"topic": oops}\n`, 'new.jsonl')).toThrow(/new\.jsonl:2: not valid JSON/);
  });

  test('the CSV export quotes fields with commas, quotes and line breaks', () => {
    const tricky = { ...seed[0], answer: { id: 'Baris satu, "kutipan"\nbaris dua', en: seed[0].answer.en } };
    const csv = exportCsv([tricky, seed[1]]);
    expect(csv.split('\r\n')[0].startsWith('id,topic,kind,status,version')).toBe(true);
    expect(csv).toContain('"Baris satu, ""kutipan""\nbaris dua"');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(3);
  });

  test('lint lists unconfirmed facts first and finds overdue reviews, untranslated text and colliding variants', () => {
    const entries = loadSeedEntries();
    const findings = lintEntries(entries, '2026-12-01');
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0].kind).toBe('unconfirmed');
    expect(findings.filter((finding) => finding.kind === 'missing-entry')).toEqual([]);

    const [first, second] = entries;
    const damaged: KnowledgeEntry[] = [
      { ...first, reviewBy: '2026-01-01', answer: { id: first.answer.id, en: first.answer.id } },
      { ...second, variants: { id: [...second.variants.id, first.variants.id[0]], en: second.variants.en } },
    ];
    const kinds = lintEntries(damaged, '2026-12-01').map((finding) => finding.kind);
    expect(kinds).toEqual(expect.arrayContaining(['review-overdue', 'missing-translation', 'variant-collision', 'missing-entry']));
  });
});
