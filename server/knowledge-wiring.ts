import type { Decision } from '../knowledge/answer-engine';
import { AnswerEngine } from '../knowledge/answer-engine';
import { CluAssistedEngine, type CluObserver } from '../knowledge/clu-assisted-engine';
import { CluRecognizer } from '../knowledge/clu-recognizer';
import { KnowledgeBase } from '../knowledge/knowledge-base';
import type { KnowledgeRepository } from '../storage/repositories';
import type { Config } from './config';

/**
 * The knowledge base with the decision path the bot and `kb eval` share: the local engine, with
 * Azure CLU on top when it is configured.
 */
export function createKnowledgeBase(config: Config, repository: KnowledgeRepository, observer: CluObserver): KnowledgeBase<Decision> {
  const clu = config.clu
    ? new CluRecognizer({
        endpoint: config.clu.endpoint,
        key: config.clu.key,
        projectName: config.clu.projectName,
        deploymentName: config.clu.deploymentName,
        apiVersion: config.clu.apiVersion,
        timeoutMs: config.clu.timeoutMs,
      })
    : undefined;
  return new KnowledgeBase<Decision>(repository, (entries) => {
    const local = new AnswerEngine(entries, config.knowledge.engineOptions);
    if (clu && config.clu) return new CluAssistedEngine(local, entries, clu, config.clu.minConfidence, observer);
    return { decide: async (text: string) => local.decide(text) };
  });
}
