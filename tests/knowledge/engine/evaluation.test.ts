import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AnswerEngine, type Decision } from '../../../knowledge/answer-engine';
import { evaluate, evaluateSync, parseEvalFile } from '../../../knowledge/evaluation';
import { FuseBaseline } from '../../../knowledge/fuse-baseline';
import { loadSeedEntries } from '../../../knowledge/seed-loader';

const decision = (kind: Decision['decision'], topic?: string): Decision => ({
  decision: kind,
  language: 'id',
  topic,
  entryId: topic,
  confidence: 0.5,
  alternatives: topic ? [{ topic, entryId: topic, confidence: 0.5 }] : [],
  reasons: [],
  signals: { identifiers: [], ownCase: false, asksForHuman: false, complaint: false, scam: false },
});

describe('parseEvalFile', () => {
  test('reads good lines and reports each bad one with its line and field', () => {
    const file = [
      '{"id":"a1","text":"berapa batas bebas bea?","lang":"id","expect":{"decision":"answer","topic":"passenger.allowance"}}',
      '',
      'not json',
      '{"id":"a2","text":"x","lang":"fr","expect":{"decision":"answer","topic":"passenger.allowance"}}',
      '{"id":"a3","text":"x","lang":"id","expect":{"decision":"maybe"}}',
      '{"id":"a4","text":"x","lang":"id","expect":{"decision":"answer"}}',
      '{"id":"a1","text":"again","lang":"id","expect":{"decision":"fallback"}}',
      '{"id":"a5","text":"x","lang":"en","expect":{"decision":"handoff","topic":"Not A Key"}}',
      '[1,2]',
      '{"id":"a6","text":"halo","lang":"id","expect":{"decision":"fallback"}}',
    ].join('\n');
    const { items, errors } = parseEvalFile(file);
    expect(items.map((item) => item.id)).toEqual(['a1', 'a6']);
    expect(errors.map((error) => [error.line, error.field])).toEqual([
      [3, '(line)'],
      [4, 'lang'],
      [5, 'expect.decision'],
      [6, 'expect.topic'],
      [7, 'id'],
      [8, 'expect.topic'],
      [9, '(line)'],
    ]);
  });
});

describe('evaluate', () => {
  const { items } = parseEvalFile(
    [
      '{"id":"1","text":"q1","lang":"id","expect":{"decision":"answer","topic":"a.one"}}',
      '{"id":"2","text":"q2","lang":"id","expect":{"decision":"answer","topic":"a.two"}}',
      '{"id":"3","text":"q3","lang":"en","expect":{"decision":"answer","topic":"a.three"}}',
      '{"id":"4","text":"q4","lang":"id","expect":{"decision":"handoff","topic":"a.one"}}',
      '{"id":"5","text":"q5","lang":"id","expect":{"decision":"handoff"}}',
      '{"id":"6","text":"q6","lang":"en","expect":{"decision":"fallback"}}',
      '{"id":"7","text":"q7","lang":"id","expect":{"decision":"fallback"}}',
    ].join('\n'),
  );
  const answers: Record<string, Decision> = {
    q1: decision('answer', 'a.one'),
    q2: decision('answer', 'a.one'),
    q3: decision('clarify', 'a.three'),
    q4: decision('handoff', 'a.one'),
    q5: decision('answer', 'a.two'),
    q6: decision('fallback'),
    q7: decision('handoff'),
  };

  test('computes the figures of the issue, overall, per topic and per language', () => {
    const report = evaluateSync(items, (text) => answers[text]);
    expect(report.summary.overall).toMatchObject({
      items: 7,
      answerItems: 3,
      answerCorrect: 1,
      wrongAnswers: 2,
      handoffItems: 2,
      handoffRecalled: 1,
      handoffTopicCorrect: 1,
      fallbackItems: 2,
      fallbackCorrect: 1,
      fallbackPrecision: 1,
      clarifyDecisions: 1,
      clarifyHits: 1,
      decisions: { answer: 3, clarify: 1, handoff: 2, fallback: 1 },
    });
    expect(report.summary.overall.answerAccuracy).toBeCloseTo(1 / 3, 3);
    expect(report.summary.overall.wrongAnswerRate).toBeCloseTo(2 / 7, 3);
    expect(report.summary.overall.handoffRecall).toBe(0.5);
    expect(report.summary.byTopic['a.one']).toMatchObject({ items: 2, answerCorrect: 1, handoffRecalled: 1 });
    expect(report.summary.byTopic['(fallback)']).toMatchObject({ items: 2, fallbackCorrect: 1 });
    expect(report.summary.byLanguage.en).toMatchObject({ items: 2 });
    expect(report.items[1]).toMatchObject({ id: '2', decision: 'answer', topic: 'a.one', correct: false });
    expect(report.items[0]).toEqual(expect.objectContaining({ entryId: 'a.one', confidence: 0.5, alternatives: [{ topic: 'a.one', confidence: 0.5 }] }));
  });

  test('accepts an asynchronous decision function', async () => {
    const report = await evaluate(items, async (text) => answers[text]);
    expect(report.summary.overall.answerCorrect).toBe(1);
  });
});

describe('the engine on the project\'s held-out set', () => {
  const file = path.join(__dirname, '..', 'heldout.jsonl');
  const entries = loadSeedEntries();
  const { items, errors } = parseEvalFile(readFileSync(file, 'utf8'));
  const engine = new AnswerEngine(entries);

  test('the file parses', () => {
    expect(errors).toEqual([]);
    expect(items.length).toBeGreaterThan(50);
  });

  test('meets the thresholds: answer accuracy ≥ 0.85, wrong answers ≤ 0.05, handoff recall ≥ 0.80, fallback accuracy ≥ 0.80', () => {
    const { overall } = evaluateSync(items, (text) => engine.decide(text)).summary;
    expect(overall.answerAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(overall.wrongAnswerRate).toBeLessThanOrEqual(0.05);
    expect(overall.handoffRecall).toBeGreaterThanOrEqual(0.8);
    expect(overall.fallbackAccuracy).toBeGreaterThanOrEqual(0.8);
  });

  test('the engine beats the plain fuse.js baseline', () => {
    // fuse.js matches long messages slowly (about 0.1 s each): a sample of every tenth item is enough here.
    const sample = items.filter((_item, index) => index % 10 === 0);
    const baseline = new FuseBaseline(entries);
    const engineFigures = evaluateSync(sample, (text) => engine.decide(text)).summary.overall;
    const baselineFigures = evaluateSync(sample, (text) => baseline.decide(text)).summary.overall;
    expect(engineFigures.answerAccuracy).toBeGreaterThan(baselineFigures.answerAccuracy);
    expect(baseline.decide('').decision).toBe('fallback');
  });
});
