import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { seedFileSchema } from './faq-entry';
import { type KnowledgeEntry, seedEntryId } from './knowledge-entry';

/** The folder of the shipped seed content (knowledge/seed/*.json), from source and from dist/ alike. */
export function seedDirectory(): string {
  let folder = __dirname;
  for (let depth = 0; depth < 4; depth += 1) {
    const candidate = path.join(folder, 'knowledge', 'seed');
    try {
      readdirSync(candidate);
      return candidate;
    } catch {
      folder = path.dirname(folder);
    }
  }
  return path.join(__dirname, 'seed');
}

/** Reads and validates every seed file; the error names the file, the entry index and the field. */
export function loadSeedEntries(directory = seedDirectory(), seededAt = new Date(0).toISOString()): KnowledgeEntry[] {
  const entries: KnowledgeEntry[] = [];
  for (const file of readdirSync(directory).filter((name) => name.endsWith('.json')).sort()) {
    const raw = JSON.parse(readFileSync(path.join(directory, file), 'utf8'));
    const result = seedFileSchema.safeParse(raw);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new Error(`loadSeedEntries(): ${file}: entry ${String(issue?.path[0])} field "${issue?.path.slice(1).join('.')}" ${issue?.message}`);
    }
    for (const entry of result.data) {
      entries.push({ ...entry, id: seedEntryId(entry), version: 1, status: 'published', updatedAt: seededAt, updatedBy: 'seed' });
    }
  }
  return entries;
}
