import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AnswerEngine } from '../knowledge/answer-engine';
import { parseEvalFile } from '../knowledge/evaluation';
import { FuseBaseline } from '../knowledge/fuse-baseline';
import type { KnowledgeEntry } from '../knowledge/knowledge-entry';
import { loadSeedEntries } from '../knowledge/seed-loader';

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

export function summarize(samples: number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

/** Times every message `rounds` times, interleaving the engines so machine noise hits both alike. */
function timeDecisions(messages: string[], rounds: number, deciders: Array<(text: string) => unknown>): number[][] {
  const samples = deciders.map(() => [] as number[]);
  for (let round = 0; round < rounds; round += 1) {
    for (const message of messages) {
      deciders.forEach((decide, index) => {
        const started = performance.now();
        decide(message);
        samples[index].push(performance.now() - started);
      });
    }
  }
  return samples;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * A synthetic knowledge base of `size` entries: every seed entry copied under new topic keys, with
 * a distinct invented term in its question, variants and keywords so that copies do not collapse.
 */
export function syntheticEntries(seed: KnowledgeEntry[], size: number): KnowledgeEntry[] {
  const entries: KnowledgeEntry[] = [];
  for (let index = 0; entries.length < size; index += 1) {
    const source = seed[index % seed.length];
    const marker = `kode${index.toString(36)}`;
    const tag = (text: string) => `${text} ${marker}`;
    entries.push({
      ...source,
      id: `${source.id}.copy${index}`,
      topic: `${source.topic}.copy${index}`,
      question: { id: tag(source.question.id), en: tag(source.question.en) },
      variants: { id: source.variants.id.map(tag), en: source.variants.en.map(tag) },
      keywords: { id: [...source.keywords.id, marker], en: [...source.keywords.en, marker] },
    });
  }
  return entries;
}

function loadMessages(root: string): string[] {
  const files = [path.join(root, 'tests', 'knowledge', 'heldout.jsonl'), path.join(root, '..', 'shared', 'eval', 'dev.jsonl')];
  return files.filter((file) => existsSync(file)).flatMap((file) => parseEvalFile(readFileSync(file, 'utf8')).items.map((item) => item.text));
}

export interface KnowledgeBenchResult {
  lines: string[];
}

const ms = (value: number) => `${value.toFixed(3)} ms`;

export function runKnowledgeBench(root: string, options: { rounds: number; largeSize: number; baselineSamples: number; largeBaselineSamples: number }): KnowledgeBenchResult {
  const lines: string[] = [];
  const seed = loadSeedEntries();
  const messages = loadMessages(root);
  lines.push(
    `Knowledge engine: ${messages.length} messages (held-out and development sets) × ${options.rounds} rounds; fuse.js baseline on the first ${options.baselineSamples} (seed) and ${options.largeBaselineSamples} (large base), once each`,
  );

  // Warm up JIT and caches before timing.
  const engine = new AnswerEngine(seed);
  const baseline = new FuseBaseline(seed);
  const baselineMessages = messages.slice(0, options.baselineSamples);
  timeDecisions(messages, 1, [(text) => engine.decide(text)]);
  timeDecisions(baselineMessages.slice(0, 5), 1, [(text) => baseline.decide(text)]);
  const [engineSeed] = timeDecisions(messages, options.rounds, [(text) => engine.decide(text)]).map(summarize);
  // fuse.js scores every phrase of every entry for each message (hundreds of ms): fewer samples suffice.
  const [baselineSeed] = timeDecisions(baselineMessages, 1, [(text) => baseline.decide(text)]).map(summarize);

  const large = syntheticEntries(seed, options.largeSize);
  const buildEngine: number[] = [];
  const buildBaseline: number[] = [];
  // The first build meets most of the large base's phrases for the first time (the process has
  // analysed only the seed); later builds reuse those analyses, as a rebuild after an edit does.
  let started = performance.now();
  let largeEngine = new AnswerEngine(large);
  const firstBuild = performance.now() - started;
  started = performance.now();
  let largeBaseline = new FuseBaseline(large);
  const firstBaselineBuild = performance.now() - started;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    started = performance.now();
    largeEngine = new AnswerEngine(large);
    buildEngine.push(performance.now() - started);
    started = performance.now();
    largeBaseline = new FuseBaseline(large);
    buildBaseline.push(performance.now() - started);
  }
  const [engineLarge] = timeDecisions(messages.slice(0, 120), Math.max(1, Math.floor(options.rounds / 2)), [(text) => largeEngine.decide(text)]).map(summarize);
  const [baselineLarge] = timeDecisions(baselineMessages.slice(0, options.largeBaselineSamples), 1, [(text) => largeBaseline.decide(text)]).map(summarize);

  const row = (label: string, ours: number, theirs: number, target?: number) =>
    `  ${label.padEnd(40)} ${ms(ours).padStart(12)} ${ms(theirs).padStart(12)} ${`${(ours / theirs).toPrecision(2)}×`.padStart(8)}${target === undefined ? '' : `   target < ${target} ms: ${ours < target ? 'met' : 'MISSED'}`}`;
  lines.push(`  ${''.padEnd(40)} ${'engine'.padStart(12)} ${'fuse.js only'.padStart(12)} ${'ratio'.padStart(8)}`);
  lines.push(row(`decision p50, seed base`, engineSeed.p50, baselineSeed.p50));
  lines.push(row(`decision p99, seed base`, engineSeed.p99, baselineSeed.p99, 5));
  lines.push(row(`decision p50, ${large.length} entries`, engineLarge.p50, baselineLarge.p50));
  lines.push(row(`decision p99, ${large.length} entries`, engineLarge.p99, baselineLarge.p99, 20));
  lines.push(row(`index build, ${large.length} entries, first`, firstBuild, firstBaselineBuild));
  lines.push(row(`index rebuild, ${large.length} entries (median of 3)`, median(buildEngine), median(buildBaseline), 2000));
  return { lines };
}
