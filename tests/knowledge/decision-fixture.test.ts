import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { syntheticEntries } from '../../bench/knowledge-bench';
import { AnswerEngine } from '../../knowledge/answer-engine';
import { parseEvalFile } from '../../knowledge/evaluation';
import { loadSeedEntries } from '../../knowledge/seed-loader';

/**
 * The engine's decisions on the held-out set, over the seed entries and over the 10,000-entry
 * synthetic base of `npm run bench`, must match a recorded fixture exactly: speed work on the index
 * (caching, data layout) may not change a single decision, topic, entry or confidence. The fixture
 * was recorded before the index build was optimised.
 *
 * After a deliberate change of the engine's behaviour, review the differences and re-record with
 * `UPDATE_DECISION_FIXTURE=1 npx jest tests/knowledge/decision-fixture.test.ts`.
 */

const FIXTURE = path.join(__dirname, 'fixtures', 'heldout-decisions.jsonl');
const UPDATE = process.env.UPDATE_DECISION_FIXTURE === '1';

const messages = parseEvalFile(readFileSync(path.join(__dirname, 'heldout.jsonl'), 'utf8')).items;

function decisionLines(base: string, engine: AnswerEngine): string[] {
  return messages.map((item) => {
    const decision = engine.decide(item.text);
    return JSON.stringify({
      base,
      id: item.id,
      decision: decision.decision,
      topic: decision.topic ?? null,
      entryId: decision.entryId ?? null,
      confidence: decision.confidence.toFixed(6),
      alternatives: decision.alternatives.map((alternative) => ({ ...alternative, confidence: alternative.confidence.toFixed(6) })),
    });
  });
}

describe('decisions on the held-out set (recorded fixture)', () => {
  const seed = loadSeedEntries();
  const expected = existsSync(FIXTURE) ? readFileSync(FIXTURE, 'utf8').trimEnd().split('\n') : [];
  const expectedFor = (base: string): string[] => expected.filter((line) => line.startsWith(`{"base":"${base}"`));
  const recorded: string[] = [];

  afterAll(() => {
    if (UPDATE) writeFileSync(FIXTURE, `${recorded.join('\n')}\n`);
  });

  test('seed base', () => {
    const lines = decisionLines('seed', new AnswerEngine(seed));
    recorded.push(...lines);
    if (!UPDATE) expect(lines).toEqual(expectedFor('seed'));
  });

  test('10,000-entry synthetic base (the bench)', () => {
    const lines = decisionLines('synthetic10k', new AnswerEngine(syntheticEntries(seed, 10_000)));
    recorded.push(...lines);
    if (!UPDATE) expect(lines).toEqual(expectedFor('synthetic10k'));
  });

  test('a rebuild after another base decides as a fresh engine does (no state leaks between builds)', () => {
    const engine = new AnswerEngine(syntheticEntries(seed, 300));
    engine.rebuild(seed);
    if (!UPDATE) expect(decisionLines('seed', engine)).toEqual(expectedFor('seed'));
  });
});
