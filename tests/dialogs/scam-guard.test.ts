import { readFileSync } from 'node:fs';
import path from 'node:path';
import { detectScam, SCAM_ENTRIES_BY_SIGNAL, type ScamSignal, STRONG_SCAM_SIGNALS } from '../../dialogs/scam-guard';
import { loadSeedEntries } from '../../knowledge/seed-loader';

describe('detectScam', () => {
  test.each<[string, ScamSignal[]]>([
    // Payment to a personal account or e-wallet
    ['katanya harus transfer ke rekening atas nama Budi Santoso supaya paket dilepas bea cukai', ['personal-account-transfer']],
    ['petugasnya minta biaya bea cukai dikirim ke rekening pribadi', ['personal-account-transfer']],
    ['disuruh tf ke DANA 0812xxxx buat tebus paket', ['e-wallet', 'payment-demand']],
    ['customs asked me to pay the import fee to a personal account', ['personal-account-transfer']],
    ['they want me to send the customs fee by GoPay', ['e-wallet', 'payment-demand']],
    ['bayar bea masuknya ke rekening BCA a.n. Siti ya kak, katanya', ['personal-account-transfer']],
    // Threats and deadlines
    ['kalau tidak bayar hari ini saya akan dipenjara dan dilaporkan polisi', ['threat', 'urgency']],
    ['denda kalau tidak bayar hari ini, katanya paket saya ilegal', ['threat', 'urgency']],
    ['he said I will be arrested unless I pay the customs fine within 2 hours', ['threat', 'urgency']],
    // A domestic parcel "held by customs"
    ['paket dari Surabaya ditahan bea cukai, disuruh bayar', ['domestic-held']],
    ['kiriman dari Bandung ke Medan katanya tertahan di bea cukai', ['domestic-held']],
    ['my parcel sent from Jakarta to Bali is held by customs?', ['domestic-held']],
    ['pengiriman dalam negeri kok bisa ditahan bea cukai?', ['domestic-held']],
    // Auctions on social media
    ['ada lelang bea cukai di Instagram, hp sitaan murah banget', ['social-media-auction']],
    ['barang sitaan murah di tiktok itu asli?', ['social-media-auction']],
    ['lelang tertutup mobil sitaan lewat grup WA', ['social-media-auction']],
    ['a Facebook page sells seized customs goods at half price', ['social-media-auction']],
    // Fake officers, diplomatic parcels, romance
    ['ada yang ngaku petugas bea cukai WA saya', ['fake-officer-contact']],
    ['someone claiming to be a customs officer called me about my package', ['fake-officer-contact']],
    ['bea cukai telepon saya dan minta saya bayar denda paket', ['fake-officer-contact']],
    ['dapat SMS paket diplomatik untuk saya tertahan', ['diplomatic-package']],
    ['pacar online saya kirim hadiah dari Inggris, kurir minta biaya bea cukai', ['romance-gift', 'payment-demand']],
    ['my online boyfriend sent a gift and now someone is asking me to pay customs', ['romance-gift', 'payment-demand']],
    // Already paid
    ['saya sudah terlanjur transfer ke penipu yang ngaku bea cukai', ['already-paid']],
    ['saya sudah ditipu orang yang mengatasnamakan bea cukai', ['already-paid']],
    ['I already paid the fake officer 2 million rupiah', ['already-paid']],
    // Contact by "customs" with a deadline
    ['bea cukai WA saya, katanya paket harus diurus hari ini juga', ['unsolicited-contact', 'urgency']],
    ['I got a call from customs, they said my parcel will be destroyed today', ['unsolicited-contact', 'urgency']],
  ])('"%s" is suspected (%j)', (text, expected) => {
    const result = detectScam(text);
    expect(result.suspected).toBe(true);
    expect(result.signals).toEqual(expect.arrayContaining(expected));
    expect(result.entryIds.length).toBeGreaterThan(0);
  });

  test.each([
    'berapa bea masuk paket dari China?',
    'cara bayar billing di bank',
    'bisa bayar bea masuk pakai OVO?',
    'apa hukuman menjual rokok tanpa pita cukai? bisa dipenjara?',
    'paket saya dari Singapura tertahan di bea cukai Jakarta, kenapa?',
    'kiriman dari Batam tertahan bea cukai, harus bagaimana?',
    'paket atas nama saya tertahan di bea cukai, apa yang harus dilakukan?',
    'bagaimana cara ikut lelang barang sitaan bea cukai?',
    'apakah lelang barang bea cukai hanya di lelang.go.id?',
    'berapa yang harus saya bayar kalau belanja di luar negeri lebih dari USD 500?',
    'kode billing saya kedaluwarsa hari ini, bagaimana?',
    'kirim hadiah ulang tahun untuk pacar di luar negeri kena pajak?',
    'what happens if I do not declare cash above 100 million rupiah?',
    'how do I pay customs duty with a billing code?',
    'paket saya sudah dibayar bea masuknya tapi belum keluar',
    'apakah petugas bea cukai boleh membuka koper saya?',
    'link all indonesia yang asli apa ya, takut ketipu situs palsu',
    'berapa batas bebas bea barang bawaan penumpang?',
    'saya mau bicara dengan petugas',
    'bisa bayar bea masuk pakai OVO hari ini?',
    'nomor telepon bea cukai bandara yang buka hari ini berapa?',
    'cara lapor polisi kalau kena penipuan online shop',
    'saya ditelepon kurir, paket dari Jepang tertahan di bea cukai',
    '',
  ])('"%s" is an ordinary message', (text) => {
    const result = detectScam(text);
    expect(result).toMatchObject({ suspected: false, entryIds: [] });
    expect(result.signals.filter((signal) => STRONG_SCAM_SIGNALS.has(signal))).toEqual([]);
  });

  test('strong signals come first and point to the scam entries', () => {
    const result = detectScam('disuruh transfer hari ini ke rekening pribadi, katanya dari bea cukai');
    expect(result.signals[0]).toBe('personal-account-transfer');
    expect(result.entryIds[0]).toBe('scam.fake_customs_fee');
    expect(detectScam('lelang sitaan bea cukai di Instagram').entryIds).toEqual(['scam.fake_auction', 'auction.customs_goods']);
    expect(detectScam('saya sudah transfer ke penipu').entryIds[0]).toBe('scam.already_paid#case');
  });

  test('every entry a signal points to exists in the seed knowledge base', () => {
    const ids = new Set(loadSeedEntries().map((entry) => entry.id));
    const pointed = [...new Set(Object.values(SCAM_ENTRIES_BY_SIGNAL).flat())];
    expect(pointed.filter((id) => !ids.has(id))).toEqual([]);
  });

  test('anything that is not a string is not a scam', () => {
    expect(detectScam(undefined as unknown as string)).toEqual({ suspected: false, signals: [], entryIds: [] });
  });

  test('on the held-out question set, it flags no question whose topic is not a scam and catches the scam ones', () => {
    const items = readFileSync(path.join(__dirname, '..', 'knowledge', 'heldout.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as { id: string; text: string; expect: { topic?: string } });
    const isScamTopic = (topic: string | undefined) => topic?.startsWith('scam.') ?? false;
    const falsePositives = items.filter((item) => !isScamTopic(item.expect.topic) && detectScam(item.text).suspected).map((item) => item.id);
    const scamItems = items.filter((item) => isScamTopic(item.expect.topic));
    const caught = scamItems.filter((item) => detectScam(item.text).suspected);
    expect(falsePositives).toEqual([]);
    expect(scamItems.length).toBeGreaterThan(0);
    expect(caught.length / scamItems.length).toBeGreaterThanOrEqual(0.8);
  });
});
