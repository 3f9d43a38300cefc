import type { Decision, DecisionKind } from './answer-engine';

/**
 * `kb eval`: runs a labelled question file (shared/eval/README.md) through a decision function and
 * reports answer accuracy, wrong-answer rate, handoff recall, fallback accuracy and precision, and
 * clarification hits, overall, per expected topic and per language.
 */

export type ExpectedDecision = 'answer' | 'handoff' | 'fallback';

export interface EvalItem {
  id: string;
  text: string;
  lang: 'id' | 'en';
  expect: { decision: ExpectedDecision; topic?: string };
}

export interface EvalParseError {
  /** 1-based line number in the file. */
  line: number;
  /** The field at fault (`(line)` when the line is not a JSON object). */
  field: string;
  message: string;
}

export interface EvalParseResult {
  items: EvalItem[];
  errors: EvalParseError[];
}

const TOPIC_KEY = /^[a-z]+(\.[a-z0-9_]+)+$/;

/** Parses JSON Lines; every bad line is reported with its number and field, good lines are kept. */
export function parseEvalFile(text: string): EvalParseResult {
  const items: EvalItem[] = [];
  const errors: EvalParseError[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const content = raw.trim();
    if (content === '') return;
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch (error) {
      errors.push({ line, field: '(line)', message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.push({ line, field: '(line)', message: 'expected a JSON object' });
      return;
    }
    const record = value as Record<string, unknown>;
    const fail = (field: string, message: string): void => {
      errors.push({ line, field, message });
    };
    if (typeof record.id !== 'string' || record.id.trim() === '') return fail('id', 'expected a non-empty string');
    if (seen.has(record.id)) return fail('id', `duplicate id "${record.id}"`);
    if (typeof record.text !== 'string') return fail('text', 'expected a string');
    if (record.lang !== 'id' && record.lang !== 'en') return fail('lang', 'expected "id" or "en"');
    const expect = record.expect;
    if (typeof expect !== 'object' || expect === null || Array.isArray(expect)) return fail('expect', 'expected an object');
    const expected = expect as Record<string, unknown>;
    if (expected.decision !== 'answer' && expected.decision !== 'handoff' && expected.decision !== 'fallback') {
      return fail('expect.decision', 'expected "answer", "handoff" or "fallback"');
    }
    if (expected.topic !== undefined && (typeof expected.topic !== 'string' || !TOPIC_KEY.test(expected.topic))) {
      return fail('expect.topic', 'expected a topic key like passenger.allowance');
    }
    if (expected.decision === 'answer' && expected.topic === undefined) return fail('expect.topic', 'an answer item needs a topic');
    if (expected.decision === 'fallback' && expected.topic !== undefined) return fail('expect.topic', 'a fallback item has no topic');
    seen.add(record.id);
    items.push({
      id: record.id,
      text: record.text,
      lang: record.lang,
      expect: expected.topic === undefined ? { decision: expected.decision } : { decision: expected.decision, topic: expected.topic },
    });
  });
  return { items, errors };
}

export interface EvalMetrics {
  items: number;
  answerItems: number;
  /** Answer items decided `answer` with the expected topic. */
  answerCorrect: number;
  answerAccuracy: number;
  /** Items (of any kind) decided `answer` with a topic other than expected. */
  wrongAnswers: number;
  /** wrongAnswers over all items. */
  wrongAnswerRate: number;
  handoffItems: number;
  /** Handoff items decided `handoff`. */
  handoffRecalled: number;
  handoffRecall: number;
  /** Handoff items with a topic decided `handoff` with that topic. */
  handoffTopicCorrect: number;
  fallbackItems: number;
  fallbackCorrect: number;
  fallbackAccuracy: number;
  /** Items decided `fallback` that expected a fallback, over all items decided `fallback`. */
  fallbackPrecision: number;
  /** Items decided `clarify`. */
  clarifyDecisions: number;
  /** Clarifications whose alternatives contain the expected topic. */
  clarifyHits: number;
  decisions: Record<DecisionKind, number>;
}

export interface EvalSummary {
  overall: EvalMetrics;
  byTopic: Record<string, EvalMetrics>;
  byLanguage: Record<string, EvalMetrics>;
}

export interface EvalItemResult {
  id: string;
  text: string;
  expect: EvalItem['expect'];
  decision: DecisionKind;
  topic: string | null;
  entryId: string | null;
  confidence: number;
  alternatives: Array<{ topic: string; confidence: number }>;
  /** Answer: right topic; handoff: decided handoff; fallback: decided fallback. */
  correct: boolean;
}

export interface EvalReport {
  summary: EvalSummary;
  items: EvalItemResult[];
}

export type DecideFunction = (text: string) => Decision | Promise<Decision>;

function emptyCounts(): Omit<EvalMetrics, 'answerAccuracy' | 'wrongAnswerRate' | 'handoffRecall' | 'fallbackAccuracy' | 'fallbackPrecision'> & { fallbackDecided: number } {
  return {
    items: 0,
    answerItems: 0,
    answerCorrect: 0,
    wrongAnswers: 0,
    handoffItems: 0,
    handoffRecalled: 0,
    handoffTopicCorrect: 0,
    fallbackItems: 0,
    fallbackCorrect: 0,
    fallbackDecided: 0,
    clarifyDecisions: 0,
    clarifyHits: 0,
    decisions: { answer: 0, clarify: 0, handoff: 0, fallback: 0 },
  };
}

type Counts = ReturnType<typeof emptyCounts>;

const ratio = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 10000) / 10000);

function count(counts: Counts, result: EvalItemResult): void {
  const { expect } = result;
  counts.items += 1;
  counts.decisions[result.decision] += 1;
  if (result.decision === 'answer' && result.topic !== (expect.topic ?? null)) counts.wrongAnswers += 1;
  if (result.decision === 'fallback') counts.fallbackDecided += 1;
  if (result.decision === 'clarify') {
    counts.clarifyDecisions += 1;
    if (expect.topic && result.alternatives.some((alternative) => alternative.topic === expect.topic)) counts.clarifyHits += 1;
  }
  if (expect.decision === 'answer') {
    counts.answerItems += 1;
    if (result.decision === 'answer' && result.topic === expect.topic) counts.answerCorrect += 1;
  } else if (expect.decision === 'handoff') {
    counts.handoffItems += 1;
    if (result.decision === 'handoff') {
      counts.handoffRecalled += 1;
      if (expect.topic && result.topic === expect.topic) counts.handoffTopicCorrect += 1;
    }
  } else {
    counts.fallbackItems += 1;
    if (result.decision === 'fallback') counts.fallbackCorrect += 1;
  }
}

function finish(counts: Counts): EvalMetrics {
  const { fallbackDecided, ...rest } = counts;
  return {
    ...rest,
    answerAccuracy: ratio(counts.answerCorrect, counts.answerItems),
    wrongAnswerRate: ratio(counts.wrongAnswers, counts.items),
    handoffRecall: ratio(counts.handoffRecalled, counts.handoffItems),
    fallbackAccuracy: ratio(counts.fallbackCorrect, counts.fallbackItems),
    fallbackPrecision: ratio(counts.fallbackCorrect, fallbackDecided),
  };
}

function toResult(item: EvalItem, decision: Decision): EvalItemResult {
  const result: EvalItemResult = {
    id: item.id,
    text: item.text,
    expect: item.expect,
    decision: decision.decision,
    topic: decision.topic ?? null,
    entryId: decision.entryId ?? null,
    confidence: decision.confidence,
    alternatives: decision.alternatives.map((alternative) => ({ topic: alternative.topic, confidence: alternative.confidence })),
    correct: false,
  };
  if (item.expect.decision === 'answer') result.correct = decision.decision === 'answer' && decision.topic === item.expect.topic;
  else result.correct = decision.decision === item.expect.decision;
  return result;
}

/** Sums per-item results into the summary (overall, per expected topic, per language). */
export function summarize(items: readonly EvalItem[], results: readonly EvalItemResult[]): EvalSummary {
  const overall = emptyCounts();
  const byTopic = new Map<string, Counts>();
  const byLanguage = new Map<string, Counts>();
  results.forEach((result, index) => {
    const item = items[index];
    count(overall, result);
    const topicKey = item.expect.topic ?? `(${item.expect.decision})`;
    if (!byTopic.has(topicKey)) byTopic.set(topicKey, emptyCounts());
    count(byTopic.get(topicKey) as Counts, result);
    if (!byLanguage.has(item.lang)) byLanguage.set(item.lang, emptyCounts());
    count(byLanguage.get(item.lang) as Counts, result);
  });
  const finishAll = (map: Map<string, Counts>): Record<string, EvalMetrics> =>
    Object.fromEntries([...map.entries()].sort(([left], [right]) => left.localeCompare(right)).map(([key, counts]) => [key, finish(counts)]));
  return { overall: finish(overall), byTopic: finishAll(byTopic), byLanguage: finishAll(byLanguage) };
}

/** Runs every item through `decide` (sync or async) and summarises. */
export async function evaluate(items: readonly EvalItem[], decide: DecideFunction): Promise<EvalReport> {
  const results: EvalItemResult[] = [];
  for (const item of items) results.push(toResult(item, await decide(item.text)));
  return { summary: summarize(items, results), items: results };
}

/** The same as `evaluate` for a synchronous decision function (the local engine). */
export function evaluateSync(items: readonly EvalItem[], decide: (text: string) => Decision): EvalReport {
  const results = items.map((item) => toResult(item, decide(item.text)));
  return { summary: summarize(items, results), items: results };
}
