import { AnswerEngine, type Decision } from '../../../knowledge/answer-engine';
import { DEFAULT_ENGINE_OPTIONS, ENGINE_OPTION_SPECS, resolveEngineOptions } from '../../../knowledge/engine-options';
import type { KnowledgeEntry } from '../../../knowledge/knowledge-entry';
import { loadSeedEntries } from '../../../knowledge/seed-loader';

/** Messages written for these tests (not taken from any evaluation set). */
describe('AnswerEngine over the seed knowledge base', () => {
  const entries = loadSeedEntries();
  const engine = new AnswerEngine(entries);
  const decide = (text: string): Decision => engine.decide(text);

  test.each([
    ['berapa liter wine yang boleh dibawa penumpang dewasa tanpa dimusnahkan?', 'passenger.excise_limits', 'id'],
    ['Is there a limit on how much cash in rupiah I can carry when flying out of Jakarta?', 'cash.declaration', 'en'],
    ['cara cek status kiriman dari luar negeri pakai nomor resi gimana?', 'consignment.tracking', 'id'],
    ['apakah rokok elektrik termasuk barang kena cukai?', 'excise.what_is', 'id'],
    ['What is the VAT rate on imported goods this year?', 'general.vat_rate', 'en'],
    ['apakah benar ada lelang hp sitaan bea cukai di grup whatsapp?', 'scam.fake_auction', 'id'],
    ['jam buka kantor bea cukai hari sabtu', 'office.hours_24x7', 'id'],
    ['How do I file an objection against the customs value assessment?', 'objection.keberatan', 'en'],
  ])('answers a general question: %s', (message, topic, language) => {
    const decision = decide(message);
    expect(decision).toMatchObject({ decision: 'answer', topic, language });
    expect(decision.entryId).toBe(topic);
    expect(decision.entryVersion).toBe(1);
    expect(decision.confidence).toBeGreaterThanOrEqual(DEFAULT_ENGINE_OPTIONS.answerThreshold);
    expect(decision.alternatives[0]).toMatchObject({ topic });
    expect(decision.reasons.join(' ')).toMatch(/matched: /);
  });

  test('an identifier, elapsed time and a demand for action hand the citizen\'s own case to an officer', () => {
    const decision = decide('paket saya dari Jepang ketahan di bea cukai udah 10 hari, resi EE123456785JP, tolong dicek');
    expect(decision.decision).toBe('handoff');
    expect(decision.signals).toMatchObject({ ownCase: true, identifiers: [{ kind: 's10' }] });
    expect(decision.topic).toMatch(/^consignment\./);
    expect(JSON.stringify(decision)).not.toContain('EE123456785JP');
  });

  test('a general entry that matches well still hands off when the message is about the citizen\'s own case', () => {
    const general = decide('berapa lama aktivasi IMEI setelah registrasi di bandara?');
    expect(general.decision).toBe('answer');
    const own = decide('IMEI 490154203237518 sudah saya daftarkan di bandara tapi sampai sekarang masih tidak ada sinyal');
    expect(own).toMatchObject({ decision: 'handoff', topic: 'imei.registration_passenger', entryId: 'imei.registration_passenger#case' });
    expect(own.signals.identifiers).toEqual([{ kind: 'imei' }]);
  });

  test('a victim who already paid a scammer is handed off', () => {
    expect(decide('sudah transfer 3 juta ke orang yang ngaku petugas bea cukai, uang saya bisa kembali?')).toMatchObject({
      decision: 'handoff',
      topic: 'scam.already_paid',
    });
  });

  test('asking for a person and complaining about officers hand off', () => {
    const human = decide('saya mau bicara langsung dengan petugas, bukan bot');
    expect(human.decision).toBe('handoff');
    expect(human.signals.asksForHuman).toBe(true);
    expect(decide('can I talk to a real person please')).toMatchObject({ decision: 'handoff', signals: { asksForHuman: true } });
    const complaint = decide('petugas di terminal kedatangan minta uang supaya koper saya tidak diperiksa');
    expect(complaint).toMatchObject({ decision: 'handoff', topic: 'contact.complaints', signals: { complaint: true } });
  });

  test('asking how to complain is a question, not a complaint', () => {
    expect(decide('bagaimana cara menyampaikan pengaduan tentang layanan bea cukai?')).toMatchObject({ decision: 'answer', topic: 'contact.complaints', signals: { complaint: false } });
  });

  test('a hypothetical problem is a general question, not an own case', () => {
    const decision = decide('kalau hp dari luar negeri tidak didaftarkan, apakah nanti diblokir?');
    expect(decision.signals.ownCase).toBe(false);
    expect(decision.decision).not.toBe('handoff');
  });

  test.each([
    'bagaimana cara membuat SKCK untuk melamar kerja?',
    'cuaca di Bali besok cerah atau hujan?',
    'mau perpanjang paspor yang sudah mati',
    'how do I file my annual income tax return?',
    'halo selamat siang',
    'asdfgh qwerty zxcvb',
    'my flight got cancelled, how do I get a refund from the airline?',
  ])('falls back on what is not a customs matter: %s', (message) => {
    expect(decide(message).decision).toBe('fallback');
  });

  test('a customs question with no confident answer goes to an officer rather than a fallback', () => {
    expect(decide('bea cukai xyzzy plugh')).toMatchObject({ decision: 'handoff' });
  });

  test('close candidates are offered as a clarification with up to three alternatives', () => {
    const strict = new AnswerEngine(entries, { answerMargin: 0.5 });
    const decision = strict.decide('berapa pajak barang dari luar negeri?');
    expect(decision.decision).toBe('clarify');
    expect(decision.alternatives.length).toBeGreaterThanOrEqual(2);
    expect(decision.alternatives.length).toBeLessThanOrEqual(3);
  });

  test.each([
    ['empty', ''],
    ['whitespace only', ' \n\t  '],
    ['emoji only', '😀🙏🔥📦'],
    ['4,000 characters', 'paket saya tertahan '.repeat(200)],
    ['mixed scripts', '我的包裹 bea cukai パッケージ شحنة посылка resi'],
    ['control characters', '\u0000\u0007paket\u202e\uffff'],
    ['a forged placeholder', '__imei__ __proto__ constructor toString'],
    ['only numbers', '1234567890123456789012345678901234567890'],
    ['not a string', undefined as unknown as string],
  ])('never throws on bad input (%s)', (_name, message) => {
    const decision = decide(message);
    expect(['answer', 'clarify', 'handoff', 'fallback']).toContain(decision.decision);
    expect(decision.confidence).toBeGreaterThanOrEqual(0);
    expect(decision.confidence).toBeLessThanOrEqual(1);
    expect(['id', 'en']).toContain(decision.language);
  });

  test('empty and emoji-only messages fall back', () => {
    expect(decide('').decision).toBe('fallback');
    expect(decide('🙏🙏').decision).toBe('fallback');
  });

  test('uses only published entries and rebuilds on demand', () => {
    const archived: KnowledgeEntry[] = entries.map((entry) => (entry.topic === 'general.vat_rate' ? { ...entry, status: 'archived' } : entry));
    const local = new AnswerEngine(archived);
    expect(local.decide('What is the VAT rate on imported goods this year?').topic).not.toBe('general.vat_rate');
    local.rebuild(entries);
    expect(local.decide('What is the VAT rate on imported goods this year?').topic).toBe('general.vat_rate');
  });

  test('rank lists scored candidates with their parts', () => {
    const ranked = engine.rank('tarif cukai minuman beralkohol golongan B');
    expect(ranked[0]).toMatchObject({ topic: 'excise.alcohol_rates', kind: 'general' });
    expect(ranked[0].matchedTerms.length).toBeGreaterThan(0);
  });
});

describe('engine options', () => {
  test('every option has a documented default in range', () => {
    for (const [key, spec] of Object.entries(ENGINE_OPTION_SPECS)) {
      expect(spec.description.length).toBeGreaterThan(10);
      expect(spec.default).toBeGreaterThanOrEqual(spec.min);
      expect(spec.default).toBeLessThanOrEqual(spec.max);
      expect(DEFAULT_ENGINE_OPTIONS[key as keyof typeof DEFAULT_ENGINE_OPTIONS]).toBe(spec.default);
    }
  });

  test('out-of-range values are refused with the option named', () => {
    expect(() => resolveEngineOptions({ answerThreshold: 2 })).toThrow(/answerThreshold/);
    expect(resolveEngineOptions({ answerThreshold: 0.7 }).answerThreshold).toBe(0.7);
  });
});
