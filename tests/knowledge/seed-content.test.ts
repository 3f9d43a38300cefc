import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type SeedEntry, seedFileSchema } from '../../knowledge/faq-entry';
import { CONTRACT_TOPIC_KEYS } from '../../knowledge/topic-keys';
import { projectRoot } from '../../server/config';

const seedDir = path.join(projectRoot(), 'knowledge', 'seed');

function loadSeedFiles(): Array<{ file: string; entries: SeedEntry[] }> {
  return readdirSync(seedDir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const result = seedFileSchema.safeParse(JSON.parse(readFileSync(path.join(seedDir, file), 'utf8')));
      if (!result.success) {
        const issue = result.error.issues[0];
        throw new Error(`${file}: entry ${String(issue.path[0])} field "${issue.path.slice(1).join('.')}": ${issue.message}`);
      }
      return { file, entries: result.data };
    });
}

describe('seed knowledge base content', () => {
  const files = loadSeedFiles();
  const entries = files.flatMap((file) => file.entries);

  test('every seed file matches the entry schema', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  test('every contract topic key has exactly one general entry', () => {
    const missing = CONTRACT_TOPIC_KEYS.filter((topic) => !entries.some((entry) => entry.topic === topic && entry.kind === 'general'));
    expect(missing).toEqual([]);
    for (const topic of CONTRACT_TOPIC_KEYS) {
      expect(entries.filter((entry) => entry.topic === topic && entry.kind === 'general')).toHaveLength(1);
    }
  });

  test('a topic has at most one case entry, and case entries say what to collect', () => {
    for (const entry of entries.filter((candidate) => candidate.kind === 'case')) {
      expect(entries.filter((other) => other.topic === entry.topic && other.kind === 'case')).toHaveLength(1);
      expect(entry.collect.length).toBeGreaterThan(0);
    }
  });

  test('no two entries share a variant', () => {
    const seen = new Map<string, string>();
    for (const entry of entries) {
      for (const variant of [...entry.variants.id, ...entry.variants.en, entry.question.id, entry.question.en]) {
        const key = variant.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
        const owner = `${entry.topic}/${entry.kind}`;
        if (seen.has(key) && seen.get(key) !== owner) throw new Error(`"${variant}" is in ${seen.get(key)} and ${owner}`);
        seen.set(key, owner);
      }
    }
  });
});
