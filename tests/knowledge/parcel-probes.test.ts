import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AnswerEngine } from '../../knowledge/answer-engine';
import { evaluateSync, parseEvalFile } from '../../knowledge/evaluation';
import { loadSeedEntries } from '../../knowledge/seed-loader';

/**
 * Citizens writing about their own parcel (held, stuck, not arrived, status not moving, the post
 * office says it is not there, documents requested) must reach a consignment case: the ticket goes
 * to the consignment service team, which asks for the tracking/AWB number, not for a passport or a
 * flight. The probe messages (tests/knowledge/probes/parcel-cases.jsonl) were written for this
 * check, half Indonesian with chat slang, half English; none comes from the dev or held-out sets.
 */

const file = path.join(__dirname, 'probes', 'parcel-cases.jsonl');
const { items, errors } = parseEvalFile(readFileSync(file, 'utf8'));
const engine = new AnswerEngine(loadSeedEntries());
const report = evaluateSync(items, (text) => engine.decide(text));

const reachesConsignmentCase = (result: (typeof report.items)[number]): boolean =>
  result.decision === 'handoff' && typeof result.topic === 'string' && result.topic.startsWith('consignment.');

describe('own-case parcel messages (probe set)', () => {
  test('the probe file parses, with both languages and only handoff items', () => {
    expect(errors).toEqual([]);
    expect(items.length).toBeGreaterThanOrEqual(30);
    expect(items.filter((item) => item.lang === 'id').length).toBeGreaterThanOrEqual(15);
    expect(items.filter((item) => item.lang === 'en').length).toBeGreaterThanOrEqual(15);
    expect(items.every((item) => item.expect.decision === 'handoff' && item.expect.topic?.startsWith('consignment.'))).toBe(true);
  });

  test('at least 90% are handed off with a consignment topic', () => {
    const share = report.items.filter(reachesConsignmentCase).length / items.length;
    if (share < 0.9) {
      const misses = report.items.filter((result) => !reachesConsignmentCase(result)).map((result) => `${result.id} → ${result.decision} ${result.topic ?? '-'}`);
      throw new Error(`${(share * 100).toFixed(1)}% reach a consignment case (need 90%); misses:\n${misses.join('\n')}`);
    }
  });

  test('at least 90% per language are handed off with a consignment topic', () => {
    for (const lang of ['id', 'en'] as const) {
      const ofLanguage = report.items.filter((_result, index) => items[index].lang === lang);
      expect(ofLanguage.filter(reachesConsignmentCase).length / ofLanguage.length).toBeGreaterThanOrEqual(0.9);
    }
  });

  test('none is routed to a passenger, IMEI or payment case (the wrong unit and intake fields)', () => {
    const elsewhere = report.items.filter((result) => result.decision === 'handoff' && result.topic !== null && !result.topic.startsWith('consignment.'));
    expect(elsewhere.map((result) => `${result.id} → ${result.topic}`)).toEqual([]);
  });

  test('at least 80% get the expected consignment topic (tracking or held documents)', () => {
    expect(report.summary.overall.handoffTopicCorrect / items.length).toBeGreaterThanOrEqual(0.8);
  });
});
