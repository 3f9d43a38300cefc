import type { Decision } from '../../knowledge/answer-engine';
import { type EvalMetrics, type EvalReport, evaluate, parseEvalFile } from '../../knowledge/evaluation';
import { FuseBaseline } from '../../knowledge/fuse-baseline';
import type { KnowledgeBase } from '../../knowledge/knowledge-base';

export interface EvalCommandOptions {
  json: boolean;
  baseline: boolean;
  /** Minimum figures, e.g. { answerAccuracy: 0.9, wrongAnswerRate: 0.03 } (the rate is a maximum). */
  require?: Partial<Record<RequirementName, number>>;
}

export const REQUIREMENT_NAMES = ['answerAccuracy', 'wrongAnswerRate', 'handoffRecall', 'fallbackAccuracy'] as const;
export type RequirementName = (typeof REQUIREMENT_NAMES)[number];

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

function overallLines(label: string, metrics: EvalMetrics): string[] {
  return [
    `${label}`,
    `  answer accuracy    ${percent(metrics.answerAccuracy).padStart(7)}  (${metrics.answerCorrect}/${metrics.answerItems})`,
    `  wrong-answer rate  ${percent(metrics.wrongAnswerRate).padStart(7)}  (${metrics.wrongAnswers}/${metrics.items})`,
    `  handoff recall     ${percent(metrics.handoffRecall).padStart(7)}  (${metrics.handoffRecalled}/${metrics.handoffItems})`,
    `  fallback accuracy  ${percent(metrics.fallbackAccuracy).padStart(7)}  (${metrics.fallbackCorrect}/${metrics.fallbackItems}), precision ${percent(metrics.fallbackPrecision)}`,
    `  clarify            ${metrics.clarifyDecisions} decided, ${metrics.clarifyHits} with the expected topic among the options`,
  ];
}

/** Which required figures the report misses; the wrong-answer rate is a ceiling, the rest floors. */
export function unmetRequirements(report: EvalReport, required: EvalCommandOptions['require'] = {}): string[] {
  const overall = report.summary.overall;
  return (Object.entries(required) as Array<[RequirementName, number]>).flatMap(([name, limit]) => {
    const value = overall[name];
    const met = name === 'wrongAnswerRate' ? value <= limit : value >= limit;
    return met ? [] : [`${name} ${value.toFixed(3)} ${name === 'wrongAnswerRate' ? '>' : '<'} ${limit}`];
  });
}

/**
 * `kb eval FILE`: the labelled questions go through `KnowledgeBase.decide`, the path the bot uses
 * (CLU included when configured). Returns the process exit code.
 */
export async function runEvalCommand(text: string, fileName: string, knowledge: KnowledgeBase<Decision>, options: EvalCommandOptions): Promise<number> {
  const parsed = parseEvalFile(text);
  if (parsed.errors.length > 0) {
    for (const error of parsed.errors) process.stderr.write(`${fileName}:${error.line}: field "${error.field}": ${error.message}\n`);
    return 2;
  }
  const report = await evaluate(parsed.items, (message) => knowledge.decide(message));
  const fuseBaseline = options.baseline ? new FuseBaseline(knowledge.publishedEntries()) : undefined;
  const baseline = fuseBaseline ? await evaluate(parsed.items, (message) => fuseBaseline.decide(message)) : undefined;
  const unmet = unmetRequirements(report, options.require);

  if (options.json) {
    process.stdout.write(`${JSON.stringify({ summary: report.summary, items: report.items, ...(baseline ? { baseline: { summary: baseline.summary } } : {}) })}\n`);
  } else {
    const lines = [`${fileName}: ${parsed.items.length} items`, ...overallLines('engine', report.summary.overall)];
    if (baseline) lines.push(...overallLines('fuse.js baseline', baseline.summary.overall));
    lines.push('', 'per topic (answer items correct / answer items, handoff recalled / handoff items):');
    for (const [topic, metrics] of Object.entries(report.summary.byTopic).sort(([a], [b]) => a.localeCompare(b))) {
      const misses = metrics.answerItems - metrics.answerCorrect + metrics.handoffItems - metrics.handoffRecalled;
      lines.push(`  ${misses > 0 ? '!' : ' '} ${topic.padEnd(36)} answer ${metrics.answerCorrect}/${metrics.answerItems}  handoff ${metrics.handoffRecalled}/${metrics.handoffItems}`);
    }
    const wrong = report.items.filter((item) => !item.correct);
    if (wrong.length > 0) {
      lines.push('', 'misses:');
      for (const item of wrong) {
        lines.push(`  ${item.id} expected ${item.expect.decision}${item.expect.topic ? ` ${item.expect.topic}` : ''}, got ${item.decision}${item.topic ? ` ${item.topic}` : ''} (${item.confidence.toFixed(2)}): ${item.text}`);
      }
    }
    if (unmet.length > 0) lines.push('', `REQUIREMENTS NOT MET: ${unmet.join('; ')}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return unmet.length > 0 ? 1 : 0;
}
