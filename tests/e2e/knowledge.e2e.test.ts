import { entryContent } from '../../knowledge/knowledge-base';
import type { KnowledgeEntry } from '../../knowledge/knowledge-entry';
import { DirectLineTestClient } from '../support/direct-line-client';
import { startFakeCluServer } from '../support/fake-clu-server';
import { eventually, freshDataDir, type RunningService, startTestService } from '../support/test-service';

async function askOnce(url: string, question: string): Promise<string> {
  const client = new DirectLineTestClient(url);
  await client.start();
  const posted = await client.send(question);
  const reply = await eventually(async () => (await client.botMessages()).find((message) => message.replyToId === posted.json.id));
  return String(reply.text);
}

describe('the bot answers from the knowledge base', () => {
  test('when a citizen asks a general question, then the FAQ answer arrives with its legal basis, and the decision is counted', async () => {
    const running = await startTestService();
    try {
      const reply = await askOnce(running.url, 'berapa batas bebas bea barang bawaan penumpang dari luar negeri?');
      expect(reply).toMatch(/USD 500/);
      expect(reply).toMatch(/Dasar hukum: .*PMK 34\/2025/);
      const metrics = await (await fetch(`${running.url}/metrics`)).text();
      expect(metrics).toMatch(/tanya_pabean_knowledge_decisions_total\{decision="answer"\} 1/);
    } finally {
      await running.stop();
    }
  });

  test('when CLU is configured but times out, then the local engine answers and the timeout is counted in metrics', async () => {
    const clu = await startFakeCluServer(() => ({ delayMs: 3000, intents: [{ category: 'general.vat_rate', confidenceScore: 0.99 }] }));
    const running = await startTestService({
      CLU_ENDPOINT: clu.endpoint,
      CLU_KEY: 'test-key',
      CLU_PROJECT_NAME: 'tanya-pabean',
      CLU_DEPLOYMENT_NAME: 'production',
      CLU_TIMEOUT_MS: '200',
    });
    try {
      const reply = await askOnce(running.url, 'berapa batas bebas bea barang bawaan penumpang dari luar negeri?');
      expect(reply).toMatch(/USD 500/);
      expect(clu.requests.length).toBeGreaterThan(0);
      const metrics = await (await fetch(`${running.url}/metrics`)).text();
      expect(metrics).toMatch(/tanya_pabean_clu_consultations_total\{outcome="timeout"\} 1/);
    } finally {
      await running.stop();
      await clu.close();
    }
  });

  test('when an editor publishes a change on one instance, then another instance on the same store answers with it within seconds', async () => {
    const dataDir = freshDataDir();
    const settings = { KNOWLEDGE_REFRESH_INTERVAL_MS: '200' };
    const editorSide: RunningService = await startTestService(settings, dataDir);
    const citizenSide: RunningService = await startTestService(settings, dataDir);
    try {
      const original = editorSide.service.knowledge.getEntry('passenger.allowance') as KnowledgeEntry;
      const marker = 'Ketentuan ini diperbarui oleh editor.';
      const content = entryContent(original);
      await editorSide.service.knowledge.saveEntry(
        { id: original.id, status: 'published', content: { ...content, answer: { ...content.answer, id: `${content.answer.id} ${marker}` } } },
        original.version,
        'editor-test',
      );
      await eventually(async () => (citizenSide.service.knowledge.getEntry('passenger.allowance')?.version === original.version + 1 ? true : undefined), 5000);
      const reply = await askOnce(citizenSide.url, 'berapa batas bebas bea barang bawaan penumpang dari luar negeri?');
      expect(reply).toContain(marker);
    } finally {
      await citizenSide.stop({ keepData: true });
      await editorSide.stop();
    }
  });
});
