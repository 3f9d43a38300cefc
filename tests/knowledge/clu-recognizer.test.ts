import { CluRecognizer, CluUnavailableError } from '../../knowledge/clu-recognizer';
import { type FakeCluServer, startFakeCluServer } from '../support/fake-clu-server';

describe('CLU recognizer against a loopback server speaking the CLU REST shape', () => {
  let clu: FakeCluServer;

  beforeAll(async () => {
    clu = await startFakeCluServer((text) => {
      if (text.includes('lambat')) return { delayMs: 3000, intents: [{ category: 'passenger.allowance', confidenceScore: 0.9 }] };
      if (text.includes('rusak')) return { status: 500 };
      return { intents: [{ category: 'imei.registration_passenger', confidenceScore: 0.93 }, { category: 'None', confidenceScore: 0.05 }] };
    });
  });

  afterAll(() => clu.close());

  const recognizer = (overrides: Partial<ConstructorParameters<typeof CluRecognizer>[0]> = {}) =>
    new CluRecognizer({ endpoint: clu.endpoint, key: 'test-key', projectName: 'tanya-pabean', deploymentName: 'production', timeoutMs: 1500, ...overrides });

  test('when CLU answers, then the top intent is the topic with its confidence, and the request has the documented shape', async () => {
    const prediction = await recognizer().recognize('cara daftar imei hp dari luar negeri', 'id');
    expect(prediction).toMatchObject({ topIntent: 'imei.registration_passenger', confidence: 0.93 });
    const request = clu.requests[clu.requests.length - 1];
    expect(request.path).toMatch(/^\/language\/:analyze-conversations\?api-version=/);
    expect(request.key).toBe('test-key');
    expect(request.body).toMatchObject({
      kind: 'Conversation',
      analysisInput: { conversationItem: { language: 'id', modality: 'text', text: 'cara daftar imei hp dari luar negeri' } },
      parameters: { projectName: 'tanya-pabean', deploymentName: 'production' },
    });
  });

  test('when CLU is slower than the timeout, then a timeout error is raised', async () => {
    await expect(recognizer().recognize('jawab lambat', 'id')).rejects.toMatchObject({ name: 'CluUnavailableError', reason: 'timeout' });
  });

  test('when CLU fails or the key is wrong, then an error is raised for the caller to fall back', async () => {
    await expect(recognizer().recognize('server rusak', 'id')).rejects.toBeInstanceOf(CluUnavailableError);
    await expect(recognizer({ key: 'wrong' }).recognize('halo', 'id')).rejects.toMatchObject({ reason: 'error' });
  });
});
