import { AnswerEngine } from '../../knowledge/answer-engine';
import { CluAssistedEngine, type CluOutcome } from '../../knowledge/clu-assisted-engine';
import { CluRecognizer } from '../../knowledge/clu-recognizer';
import { loadSeedEntries } from '../../knowledge/seed-loader';
import { type FakeCluServer, startFakeCluServer } from '../support/fake-clu-server';

describe('CLU on top of the local engine', () => {
  const entries = loadSeedEntries();
  const local = new AnswerEngine(entries);
  let clu: FakeCluServer;
  let outcomes: CluOutcome[];
  let engine: CluAssistedEngine;

  beforeAll(async () => {
    clu = await startFakeCluServer((text) => {
      if (text.includes('lambat')) return { delayMs: 3000, intents: [{ category: 'passenger.allowance', confidenceScore: 0.95 }] };
      if (text.includes('rusak')) return { status: 503 };
      if (text.includes('ragu')) return { intents: [{ category: 'excise.what_is', confidenceScore: 0.4 }] };
      return { intents: [{ category: 'excise.alcohol_rates', confidenceScore: 0.92 }, { category: 'excise.what_is', confidenceScore: 0.3 }] };
    });
  });
  afterAll(() => clu.close());

  beforeEach(() => {
    outcomes = [];
    const recognizer = new CluRecognizer({ endpoint: clu.endpoint, key: 'test-key', projectName: 'p', deploymentName: 'd', timeoutMs: 1500 });
    engine = new CluAssistedEngine(local, entries, recognizer, 0.7, { cluConsulted: (outcome) => outcomes.push(outcome) });
  });

  test('when CLU is confident, then its intent names the topic and the answer entry', async () => {
    const decision = await engine.decide('berapa tarif cukai minuman beralkohol sekarang');
    expect(decision).toMatchObject({ decision: 'answer', topic: 'excise.alcohol_rates', entryId: 'excise.alcohol_rates', confidence: 0.92 });
    expect(decision.reasons[0]).toMatch(/CLU intent excise\.alcohol_rates/);
    expect(outcomes).toEqual(['used']);
  });

  test('when CLU is not confident, then the local decision stands', async () => {
    const text = 'saya ragu soal cukai minuman';
    expect(await engine.decide(text)).toEqual(local.decide(text));
    expect(outcomes).toEqual(['not-confident']);
  });

  test('when CLU times out or fails, then the local decision stands and the failure is counted', async () => {
    const slow = 'jawaban lambat soal batas bebas bea barang bawaan';
    expect(await engine.decide(slow)).toEqual(local.decide(slow));
    const broken = 'server rusak, berapa batas bebas bea';
    expect(await engine.decide(broken)).toEqual(local.decide(broken));
    expect(outcomes).toEqual(['timeout', 'error']);
  });

  test('when the citizen asks for an officer, then CLU is not consulted: the local handoff stands', async () => {
    const decision = await engine.decide('saya mau bicara dengan petugas manusia saja');
    expect(decision.decision).toBe('handoff');
    expect(outcomes).toEqual(['skipped']);
  });
});
