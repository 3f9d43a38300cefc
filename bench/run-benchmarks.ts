import path from 'node:path';
import { parseArgs } from 'node:util';
import { runKnowledgeBench } from './knowledge-bench';

/**
 * `npm run bench`: speed figures printed beside a baseline measured in the same process, so the
 * ratio holds on a shared, noisy machine. Not part of `npm test`.
 */
function main(): void {
  const root = path.resolve(__dirname, '..', '..');
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20' }, 'baseline-samples': { type: 'string', default: '60' }, 'large-baseline-samples': { type: 'string', default: '3' } } });
  const rounds = Number(values.rounds);
  const started = Date.now();
  const knowledge = runKnowledgeBench(root, { rounds, largeSize: 10_000, baselineSamples: Number(values['baseline-samples']), largeBaselineSamples: Number(values['large-baseline-samples']) });
  process.stdout.write(`${knowledge.lines.join('\n')}\n`);
  process.stdout.write(`(node ${process.version}, ${rounds} rounds, ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}

main();
