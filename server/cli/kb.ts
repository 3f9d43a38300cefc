import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Decision } from '../../knowledge/answer-engine';
import { exportCsv, exportJson, parseImportFile } from '../../knowledge/entry-transfer';
import { EntryValidationError, type KnowledgeBase } from '../../knowledge/knowledge-base';
import { lintEntries } from '../../knowledge/lint-entries';
import { loadSeedEntries } from '../../knowledge/seed-loader';
import { openStorage } from '../../storage/open-storage';
import { ConfigError, loadConfig } from '../config';
import { createKnowledgeBase } from '../knowledge-wiring';
import { REQUIREMENT_NAMES, type RequirementName, runEvalCommand } from './kb-eval';

const USAGE = `Usage: npm run --silent kb -- <command> [options]

Commands:
  eval FILE [--json] [--baseline] [--require answerAccuracy=0.9,wrongAnswerRate=0.03,...]
                                       run a labelled JSONL file through the bot's decision path;
                                       --require makes it exit 1 when a figure is missed
  ask "TEXT" [--json]                  one decision with its scores and why
  import FILE [--author NAME]          add or update entries (a JSON array as export writes, or JSON Lines)
  export [--format json|csv] [--out FILE]
  lint [--json]                        what editors should review first

The knowledge base is the one the service uses (DATA_DIR or MONGODB_URI); an empty one is seeded first.`;

/** Thrown for a wrong command line: printed with the usage, exit code 2. */
class UsageError extends Error {}

function noop(): void {}

async function withKnowledgeBase<T>(run: (knowledge: KnowledgeBase<Decision>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const storage = await openStorage({ dataDir: config.dataDir, mongodbUri: config.mongodb?.uri, mongodbDatabase: config.mongodb?.databaseName });
  try {
    const knowledge = createKnowledgeBase(config, storage.knowledge, { cluConsulted: noop });
    await knowledge.initialize(loadSeedEntries());
    return await run(knowledge);
  } finally {
    await storage.close();
  }
}

function parseRequirements(value: string | undefined): Partial<Record<RequirementName, number>> {
  if (!value) return {};
  const required: Partial<Record<RequirementName, number>> = {};
  for (const pair of value.split(',')) {
    const [name, limit] = pair.split('=');
    if (!REQUIREMENT_NAMES.includes(name as RequirementName) || !/^(0(\.\d+)?|1(\.0+)?)$/.test(limit ?? '')) {
      throw new UsageError(`--require takes NAME=VALUE pairs with NAME one of ${REQUIREMENT_NAMES.join(', ')} and VALUE from 0 to 1`);
    }
    required[name as RequirementName] = Number(limit);
  }
  return required;
}

function describeDecision(text: string, decision: Decision): string {
  const lines = [
    `"${text}"`,
    `  decision:   ${decision.decision}${decision.topic ? ` → ${decision.topic}` : ''}${decision.entryId ? ` (entry ${decision.entryId}${decision.entryVersion ? ` v${decision.entryVersion}` : ''})` : ''}`,
    `  language:   ${decision.language}`,
    `  confidence: ${decision.confidence.toFixed(3)}`,
    `  candidates: ${decision.alternatives.map((alternative) => `${alternative.topic} ${alternative.confidence.toFixed(3)}`).join(', ') || '(none)'}`,
    `  why:        ${decision.reasons.join('; ') || '(no matching terms)'}`,
  ];
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      baseline: { type: 'boolean', default: false },
      format: { type: 'string', default: 'json' },
      out: { type: 'string' },
      author: { type: 'string', default: 'kb-import' },
      require: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, argument] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }

  switch (command) {
    case 'eval': {
      if (!argument) throw new UsageError('eval needs a FILE');
      const text = readFileSync(argument, 'utf8');
      const required = parseRequirements(values.require);
      return withKnowledgeBase((knowledge) => runEvalCommand(text, argument, knowledge, { json: values.json, baseline: values.baseline, require: required }));
    }
    case 'ask': {
      if (argument === undefined) throw new UsageError('ask needs the message text in quotes');
      return withKnowledgeBase(async (knowledge) => {
        const decision = await knowledge.decide(argument);
        process.stdout.write(values.json ? `${JSON.stringify({ text: argument, ...decision })}\n` : `${describeDecision(argument, decision)}\n`);
        return 0;
      });
    }
    case 'import': {
      if (!argument) throw new UsageError('import needs a FILE');
      const entries = parseImportFile(readFileSync(argument, 'utf8'), argument);
      return withKnowledgeBase(async (knowledge) => {
        const outcome = await knowledge.importEntries(entries, values.author);
        process.stdout.write(`imported ${argument}: ${outcome.created.length} created, ${outcome.updated.length} updated, ${outcome.unchanged.length} unchanged\n`);
        return 0;
      });
    }
    case 'export': {
      if (values.format !== 'json' && values.format !== 'csv') throw new UsageError('--format is json or csv');
      return withKnowledgeBase(async (knowledge) => {
        const entries = knowledge.currentEntries();
        const output = values.format === 'csv' ? exportCsv(entries) : exportJson(entries);
        if (values.out) writeFileSync(values.out, output);
        else process.stdout.write(output);
        return 0;
      });
    }
    case 'lint':
      return withKnowledgeBase(async (knowledge) => {
        const findings = lintEntries(knowledge.currentEntries());
        if (values.json) {
          process.stdout.write(`${JSON.stringify({ findings })}\n`);
        } else {
          for (const finding of findings) {
            process.stdout.write(`${finding.kind.padEnd(20)} ${(finding.entryId ?? finding.topic ?? '').padEnd(40)} ${finding.message}\n`);
          }
          process.stdout.write(`${findings.length} finding(s)\n`);
        }
        return 0;
      });
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
        process.stderr.write(`kb: ${(error as Error).message}\n\n${USAGE}\n`);
        process.exit(2);
      }
      if (error instanceof EntryValidationError || error instanceof ConfigError) {
        process.stderr.write(`kb: ${error.message}\nNothing was changed.\n`);
        process.exit(1);
      }
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        process.stderr.write(`kb: ${(error as Error).message}\n`);
        process.exit(2);
      }
      process.stderr.write(`kb: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
